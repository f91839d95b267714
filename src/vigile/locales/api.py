"""Messages of the REST API's errors that FastAPI or Starlette detect (web/errors.py)."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "api.parameter": {
        "en": "parameter '{name}': {problem}",
        "fr": "paramètre '{name}' : {problem}",
    },
    "api.repeated": {"en": "given more than once", "fr": "donné plusieurs fois"},
    "api.field": {"en": "field '{name}': {problem}", "fr": "champ '{name}' : {problem}"},
    "api.body": {"en": "body: {problem}", "fr": "corps : {problem}"},
    "api.not_json": {
        "en": "body: not JSON ({why}, at character {at})",
        "fr": "corps : pas du JSON ({why}, au caractère {at})",
    },
    "api.unreadable": {
        "en": "body: cannot be read ({why}); send JSON with Content-Type: application/json",
        "fr": "corps : illisible ({why}) ; envoyez du JSON avec Content-Type: application/json",
    },
    "api.no_route": {
        "en": "no API route {path} (see /api/docs)",
        "fr": "aucune route d'API {path} (voir /api/docs)",
    },
    "api.method": {
        "en": "method {method} is not allowed here (see the Allow header)",
        "fr": "la méthode {method} n'est pas permise ici (voir l'en-tête Allow)",
    },
}
