"""Messages of the inbox (the dashboard's home page)."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "inbox.filters": {"en": "Filters", "fr": "Filtres"},
    "inbox.any": {"en": "Any", "fr": "Tous"},
    "inbox.page": {"en": "Page", "fr": "Page"},
    "inbox.network": {"en": "Network", "fr": "Réseau"},
    "inbox.language": {"en": "Language", "fr": "Langue"},
    "inbox.signal": {"en": "Signal", "fr": "Signal"},
    "inbox.status": {"en": "Alerts", "fr": "Alertes"},
    "inbox.apply": {"en": "Filter", "fr": "Filtrer"},
    "inbox.reset": {"en": "Clear filters", "fr": "Effacer les filtres"},
    "inbox.signal.toxic": {"en": "Toxic comments", "fr": "Commentaires toxiques"},
    "inbox.signal.negative": {"en": "Mostly negative", "fr": "Plutôt négatif"},
    "inbox.signal.derailing": {"en": "Derailing", "fr": "Dérapage"},
    "inbox.signal.pile_on": {"en": "Pile-on", "fr": "Emballement"},
    "inbox.signal.buzz": {"en": "Negative buzz", "fr": "Bad buzz"},
    "inbox.status.all": {"en": "All threads", "fr": "Tous les fils"},
    "inbox.status.open": {"en": "Open alerts", "fr": "Alertes ouvertes"},
    "inbox.status.acknowledged": {"en": "Acknowledged", "fr": "Prises en compte"},
    "inbox.tabs": {"en": "Views", "fr": "Vues"},
    "inbox.tab.all": {"en": "All", "fr": "Tout"},
    "inbox.tab.answer": {"en": "Needs an answer", "fr": "À répondre"},
    "inbox.tab.moderation": {"en": "Needs moderation", "fr": "À modérer"},
    "inbox.tab.answer.help": {
        "en": "Complaints and questions, not toxic, posted after the brand's last reply",
        "fr": "Réclamations et questions, non toxiques, venues après la dernière réponse "
        "de la marque",
    },
    "inbox.tab.moderation.help": {
        "en": "Toxic comments, derailing threads and pile-ons",
        "fr": "Commentaires toxiques, fils qui dérapent et emballements",
    },
    "inbox.unanswered": {"en": "Unanswered", "fr": "Sans réponse"},
    "inbox.lang": {"en": "Lang.", "fr": "Langue"},
    "inbox.showing": {
        "en": "Threads {first}–{last} of {total}",
        "fr": "Fils {first} à {last} sur {total}",
    },
    "inbox.none": {
        "en": "No thread matches these filters.",
        "fr": "Aucun fil ne correspond à ces filtres.",
    },
    "inbox.previous": {"en": "Previous", "fr": "Précédents"},
    "inbox.next": {"en": "Next", "fr": "Suivants"},
    "inbox.pages": {"en": "Pages of the inbox", "fr": "Pages de la boîte de réception"},
}
