"""Messages of `vigile charter explain` added with post approvals and sensitive dates."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "explain.approvals": {
        "en": "Brand posts: a post whose risk check reaches {threshold} needs the approval of "
        "{who} before it goes out.",
        "fr": "Posts de la marque : un post dont le contrôle de risque atteint {threshold} doit "
        "être approuvé par {who} avant publication.",
    },
    "explain.sensitive_dates": {
        "en": "Sensitive dates (posts within a day are flagged): {dates}.",
        "fr": "Dates sensibles (un post à un jour près est signalé) : {dates}.",
    },
}
