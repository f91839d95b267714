"""Messages of the connectors, webhook ingest and the connect/sync/run commands."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "connectors.unreachable": {
        "en": "{network}: the network could not be reached ({reason}), even after retries",
        "fr": "{network} : le réseau est injoignable ({reason}), même après plusieurs essais",
    },
    "connectors.http_error": {
        "en": "{network}: the network refused the request ({reason})",
        "fr": "{network} : le réseau a refusé la requête ({reason})",
    },
    "connectors.rate_limited": {
        "en": "{network}: rate limited, asked to wait {seconds:.0f} s; will retry then",
        "fr": "{network} : limite de requêtes atteinte, attente demandée de {seconds:.0f} s ; "
        "nouvel essai ensuite",
    },
    "connectors.token_rejected": {
        "en": "{network}: the access token was refused (HTTP {status}): it has expired or "
        "been revoked; create a new one and update its environment variable or secret file",
        "fr": "{network} : le jeton d'accès a été refusé (HTTP {status}) : il a expiré ou a "
        "été révoqué ; créez-en un nouveau et mettez à jour sa variable d'environnement ou "
        "son fichier secret",
    },
    "connectors.token_needed": {
        "en": "{network}: this needs an access token (HTTP {status}); set the page's token "
        "environment variable or secret file",
        "fr": "{network} : un jeton d'accès est nécessaire (HTTP {status}) ; renseignez la "
        "variable d'environnement ou le fichier secret du jeton de la page",
    },
    "ingest.bad_signature": {
        "en": "the request is not signed with this source's shared secret",
        "fr": "la requête n'est pas signée avec le secret partagé de cette source",
    },
    "ingest.too_large": {
        "en": "the body is larger than {limit} bytes (setting ingest_max_bytes)",
        "fr": "le corps dépasse {limit} octets (réglage ingest_max_bytes)",
    },
}
