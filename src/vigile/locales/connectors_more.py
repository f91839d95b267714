"""Messages of the Reddit and YouTube connectors and their `vigile connect` commands."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "reddit.bad_secret": {
        "en": "reddit: the secret must read CLIENT_ID:CLIENT_SECRET (or give --client-id)",
        "fr": "reddit : le secret doit s'écrire CLIENT_ID:CLIENT_SECRET (ou donnez --client-id)",
    },
    "reddit.no_token": {
        "en": "reddit: the token endpoint answered without an access token; check the app's "
        "type (script or web app) and its id and secret",
        "fr": "reddit : le point d'accès des jetons n'a renvoyé aucun jeton ; vérifiez le type "
        "de l'application (script ou web app), son identifiant et son secret",
    },
    "youtube.bad_channel": {
        "en": "youtube: '{channel}' is not a channel id (UC followed by 22 characters, see "
        "the channel's About page → Share channel → Copy channel ID)",
        "fr": "youtube : « {channel} » n'est pas un identifiant de chaîne (UC suivi de 22 "
        "caractères, voir la page À propos de la chaîne → Partager → Copier l'ID de la chaîne)",
    },
    "youtube.no_channel": {
        "en": "youtube: no channel {channel}",
        "fr": "youtube : aucune chaîne {channel}",
    },
    "youtube.quota": {
        "en": "{network}: the API key's daily quota is used up; reading resumes after its "
        "reset at {at}",
        "fr": "{network} : le quota quotidien de la clé d'API est épuisé ; la lecture reprend "
        "après sa remise à zéro, à {at}",
    },
    "youtube.key_rejected": {
        "en": "{network}: the API key was refused (invalid or expired); create a new one in "
        "the Google Cloud console and update its environment variable or secret file",
        "fr": "{network} : la clé d'API a été refusée (invalide ou expirée) ; créez-en une "
        "nouvelle dans la console Google Cloud et mettez à jour sa variable "
        "d'environnement ou son fichier secret",
    },
    "connect.no_secret": {
        "en": "no secret found in {env} yet: `vigile sync` cannot read this page until it is set",
        "fr": "aucun secret dans {env} pour l'instant : `vigile sync` ne peut pas lire cette "
        "page tant qu'il n'est pas renseigné",
    },
    "reddit.page_closed": {
        "en": "{page}: Reddit does not let an app read this page ({reason})",
        "fr": "{page} : Reddit ne laisse pas une application lire cette page ({reason})",
    },
    "reddit.page_unknown": {
        "en": "{page}: Reddit has no such user or subreddit ({reason}); check the name",
        "fr": "{page} : Reddit ne connaît pas cet utilisateur ou ce subreddit ({reason}) ; "
        "vérifiez le nom",
    },
}
