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
    "ingest.no_timestamp": {
        "en": "header X-Vigile-Timestamp is missing or not a Unix time in seconds: sign "
        '"<timestamp>.<body>" and send the timestamp with the signature',
        "fr": "l'en-tête X-Vigile-Timestamp manque ou n'est pas une heure Unix en secondes : "
        'signez "<horodatage>.<corps>" et envoyez l\'horodatage avec la signature',
    },
    "ingest.stale_timestamp": {
        "en": "header X-Vigile-Timestamp is {age} seconds away from the server's clock (at "
        "most {tolerance}, setting ingest_tolerance): a replayed request, or a clock to set",
        "fr": "l'en-tête X-Vigile-Timestamp est à {age} secondes de l'horloge du serveur (au "
        "plus {tolerance}, réglage ingest_tolerance) : une requête rejouée, ou une horloge "
        "à régler",
    },
    "ingest.too_large": {
        "en": "the body is larger than {limit} bytes (setting ingest_max_bytes)",
        "fr": "le corps dépasse {limit} octets (réglage ingest_max_bytes)",
    },
    "connect.added": {
        "en": "Connected {page}: `vigile sync` reads it now",
        "fr": "{page} connectée : `vigile sync` la lit désormais",
    },
    "connect.updated": {
        "en": "Updated the connection of {page} (its cursor is kept)",
        "fr": "Connexion de {page} mise à jour (son curseur est conservé)",
    },
    "connect.no_token": {
        "en": "no token found in {env} yet: only public posts can be read, and replying needs one",
        "fr": "aucun jeton dans {env} pour l'instant : seules les publications publiques "
        "peuvent être lues, et répondre en demande un",
    },
    "connect.bad_source": {
        "en": "'{source}' is not a valid source name (lower-case letters, digits, _ . -)",
        "fr": "'{source}' n'est pas un nom de source valable (minuscules, chiffres, _ . -)",
    },
    "connect.webhook": {
        "en": "Source {source}: sign each POST /ingest with the secret in {path} (or set {env}); "
        "send X-Vigile-Source: {source}, X-Vigile-Timestamp: <Unix time> and "
        'X-Vigile-Signature: sha256=<HMAC of "<timestamp>.<body>">',
        "fr": "Source {source} : signez chaque POST /ingest avec le secret de {path} (ou "
        "définissez {env}) ; envoyez X-Vigile-Source: {source}, X-Vigile-Timestamp: "
        '<heure Unix> et X-Vigile-Signature: sha256=<HMAC de "<horodatage>.<corps>">',
    },
    "sync.progress": {
        "en": "Syncing ({posts} posts)",
        "fr": "Synchronisation ({posts} publications)",
    },
    "sync.progress_page": {
        "en": "Syncing {page}: {posts} posts read",
        "fr": "Synchronisation de {page} : {posts} publications lues",
    },
    "sync.page": {
        "en": "{page}: {posts} posts read, {added} comments added, {updated} updated, "
        "{deleted} deleted",
        "fr": "{page} : {posts} publications lues, {added} commentaires ajoutés, "
        "{updated} mis à jour, {deleted} supprimés",
    },
    "sync.failed": {"en": "{page}: {error}", "fr": "{page} : {error}"},
    "sync.waiting": {
        "en": "{page}: rate limited, next read after {at}",
        "fr": "{page} : limite de requêtes, prochaine lecture après {at}",
    },
    "sync.summary": {
        "en": "{pages} pages synced: {added} added, {updated} updated, {deleted} deleted",
        "fr": "{pages} pages synchronisées : {added} ajoutés, {updated} mis à jour, "
        "{deleted} supprimés",
    },
    "run.stopped": {"en": "Stopped.", "fr": "Arrêté."},
    "reply.blocked": {
        "en": "the reply was not published: the reply check blocks it ({reasons}); "
        "rewrite it (`vigile reply check` explains), or publish anyway with --override "
        "(recorded in the decision log)",
        "fr": "la réponse n'a pas été publiée : la vérification de la réponse la bloque "
        "({reasons}) ; reformulez-la (`vigile reply check` explique), ou publiez quand même "
        "avec --override (consigné dans le journal des décisions)",
    },
    "reply.unsupported": {
        "en": "the {connector} connector cannot publish replies",
        "fr": "le connecteur {connector} ne sait pas publier de réponse",
    },
    "reply.no_comment": {
        "en": "no stored comment {comment}",
        "fr": "aucun commentaire {comment} enregistré",
    },
    "reply.not_connected": {
        "en": "the page {page} is not connected: run `vigile connect` first",
        "fr": "la page {page} n'est pas connectée : lancez d'abord `vigile connect`",
    },
    "reply.published": {
        "en": "Reply published ({reply}); decision {decision} in the log",
        "fr": "Réponse publiée ({reply}) ; décision {decision} dans le journal",
    },
    "reply.overridden": {
        "en": "published despite the reply check, as {actor} asked: the override is logged",
        "fr": "publiée malgré la vérification de la réponse, à la demande de {actor} : "
        "la dérogation est consignée",
    },
    "web.deleted": {"en": "deleted on the network", "fr": "supprimé sur le réseau"},
    "web.edited": {"en": "edited", "fr": "modifié"},
}
