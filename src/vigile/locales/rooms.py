"""Messages of the alerts page and the incident room."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "rooms.nav.alerts": {"en": "Alerts", "fr": "Alertes"},
    "rooms.nav.incidents": {"en": "Incidents", "fr": "Incidents"},
    "rooms.alerts": {"en": "Alerts", "fr": "Alertes"},
    "rooms.incidents": {"en": "Incidents", "fr": "Incidents"},
    "rooms.filters": {"en": "Filters", "fr": "Filtres"},
    "rooms.filter": {"en": "Filter", "fr": "Filtrer"},
    "rooms.any": {"en": "any", "fr": "tous"},
    "rooms.status": {"en": "Status", "fr": "Statut"},
    "rooms.kind": {"en": "Kind", "fr": "Type"},
    "rooms.severity": {"en": "Severity", "fr": "Gravité"},
    "rooms.where": {"en": "Where", "fr": "Où"},
    "rooms.title": {"en": "Title", "fr": "Titre"},
    "rooms.opened": {"en": "Opened", "fr": "Ouvert le"},
    "rooms.open_alerts": {"en": "Open alerts", "fr": "Alertes ouvertes"},
    "rooms.alert_status.open": {"en": "open", "fr": "ouverte"},
    "rooms.alert_status.acknowledged": {"en": "acknowledged", "fr": "prise en charge"},
    "rooms.showing": {
        "en": "Alerts {first}–{last} of {total}",
        "fr": "Alertes {first} à {last} sur {total}",
    },
    "rooms.no_alerts": {
        "en": "No alert matches these filters.",
        "fr": "Aucune alerte ne correspond à ces filtres.",
    },
    "rooms.no_incidents": {"en": "No incident.", "fr": "Aucun incident."},
    "rooms.pages_of_results": {"en": "More results", "fr": "Autres résultats"},
    "rooms.previous": {"en": "Newer", "fr": "Plus récentes"},
    "rooms.next": {"en": "Older", "fr": "Plus anciennes"},
    "rooms.ack_alert_n": {
        "en": "Acknowledge alert #{id}",
        "fr": "Accuser réception de l'alerte n° {id}",
    },
    "rooms.incident_n": {"en": "Incident #{id}", "fr": "Incident n° {id}"},
    "rooms.draft_case": {"en": "Draft a case study", "fr": "Rédiger un cas d'école"},
    "rooms.open_report": {
        "en": "Accountability report",
        "fr": "Rapport de responsabilité",
    },
    "rooms.act": {"en": "Act", "fr": "Agir"},
    "rooms.open_alerts_n": {
        "en": "Open alerts: {count}",
        "fr": "Alertes ouvertes : {count}",
    },
    "rooms.ack_all": {
        "en": "Acknowledge the incident and its open alerts",
        "fr": "Accuser réception de l'incident et de ses alertes ouvertes",
    },
    "rooms.move_to": {"en": "Move the incident to", "fr": "Passer l'incident à l'état"},
    "rooms.move": {"en": "Change status", "fr": "Changer le statut"},
    "rooms.note": {"en": "Note", "fr": "Note"},
    "rooms.note_help": {
        "en": "Kept in the decision log: it can be added, never edited.",
        "fr": "Conservée dans le journal des décisions : on peut l'ajouter, jamais la modifier.",
    },
    "rooms.add_note": {"en": "Add the note", "fr": "Ajouter la note"},
    "rooms.note_invalid": {
        "en": "A note must have text, at most {max} characters.",
        "fr": "Une note doit contenir du texte, {max} caractères au plus.",
    },
    "rooms.bad_move": {
        "en": "This incident cannot move to '{status}' from where it is.",
        "fr": "Cet incident ne peut pas passer à l'état '{status}' depuis son état actuel.",
    },
    "rooms.read_only": {
        "en": "Your role ({role}) can read this incident but not act on it.",
        "fr": "Votre rôle ({role}) permet de lire cet incident, pas d'agir dessus.",
    },
    "rooms.timeline": {"en": "Timeline", "fr": "Chronologie"},
    "rooms.timeline.signal": {
        "en": "signal {kind} (alert #{id}, event time)",
        "fr": "signal {kind} (alerte n° {id}, heure de l'événement)",
    },
    "rooms.similar": {"en": "Similar cases", "fr": "Cas similaires"},
    "rooms.similarity": {"en": "similarity {score}", "fr": "similarité {score}"},
    "rooms.no_similar": {
        "en": "No similar case in the library yet.",
        "fr": "Pas encore de cas similaire dans la bibliothèque.",
    },
    "pages.nav": {"en": "Pages", "fr": "Pages"},
    "pages.title": {"en": "Pages", "fr": "Pages"},
    "pages.none": {
        "en": "No page yet: import comments or connect a page.",
        "fr": "Aucune page : importez des commentaires ou connectez une page.",
    },
    "pages.negative": {"en": "Negative", "fr": "Négatifs"},
    "pages.last_comment": {"en": "Latest comment", "fr": "Dernier commentaire"},
    "pages.volume": {
        "en": "Volume and negativity per hour",
        "fr": "Volume et négativité par heure",
    },
    "pages.span": {"en": "Span", "fr": "Période"},
    "pages.hours": {"en": "{hours} hours", "fr": "{hours} heures"},
    "pages.show": {"en": "Show", "fr": "Afficher"},
    "pages.hour": {"en": "Hour (UTC)", "fr": "Heure (UTC)"},
    "pages.as_table": {"en": "The figures as a table", "fr": "Les chiffres sous forme de tableau"},
    "pages.chart_title": {
        "en": "Comments and negative comments per hour on {page}, last {hours} hours of activity",
        "fr": "Commentaires et commentaires négatifs par heure sur {page}, "
        "{hours} dernières heures d'activité",
    },
    "pages.chart_desc": {
        "en": "{comments} comments, {negative} of them negative; busiest hour {peak} "
        "({peak_count} comments); {bursts} negative burst(s), {recoveries} recovery(ies).",
        "fr": "{comments} commentaires, dont {negative} négatifs ; heure la plus chargée {peak} "
        "({peak_count} commentaires) ; {bursts} rafale(s) négative(s), "
        "{recoveries} retour(s) au calme.",
    },
    "pages.marker.negative_buzz": {
        "en": "Negative buzz at {at} UTC (alert #{id})",
        "fr": "Rafale négative à {at} UTC (alerte n° {id})",
    },
    "pages.marker.buzz_recovery": {
        "en": "Recovery at {at} UTC (alert #{id})",
        "fr": "Retour au calme à {at} UTC (alerte n° {id})",
    },
    "pages.legend.volume": {"en": "all comments", "fr": "tous les commentaires"},
    "pages.legend.negative": {"en": "negative comments", "fr": "commentaires négatifs"},
    "pages.legend.buzz": {"en": "negative buzz", "fr": "rafale négative"},
    "pages.legend.recovery": {"en": "recovery", "fr": "retour au calme"},
    "pages.threads": {"en": "Threads by risk", "fr": "Fils par niveau de risque"},
    "pages.no_threads": {"en": "No analysed thread.", "fr": "Aucun fil analysé."},
    "pages.no_open_alerts": {"en": "No open alert.", "fr": "Aucune alerte ouverte."},
    "settings.nav": {"en": "Settings", "fr": "Réglages"},
    "settings.title": {"en": "Settings", "fr": "Réglages"},
    "settings.workspace": {"en": "Workspace settings", "fr": "Réglages de l'espace de travail"},
    "settings.read_only": {
        "en": "Read-only here: change them in vigile.toml or with VIGILE_* variables "
        "(`vigile settings` lists them). Secrets are never shown.",
        "fr": "En lecture seule ici : modifiez-les dans vigile.toml ou par les variables "
        "VIGILE_* (`vigile settings` les liste). Les secrets ne sont jamais affichés.",
    },
    "settings.name": {"en": "Setting", "fr": "Réglage"},
    "settings.value": {"en": "Value", "fr": "Valeur"},
    "settings.meaning": {"en": "Meaning", "fr": "Signification"},
    "settings.secret_set": {"en": "(set, hidden)", "fr": "(défini, masqué)"},
    "settings.secret_unset": {"en": "(not set)", "fr": "(non défini)"},
    "settings.charter_state": {
        "en": "The charter in force comes from {file}: {rules} rules.",
        "fr": "La charte en vigueur vient de {file} : {rules} règles.",
    },
    "settings.edit_charter": {"en": "Edit the charter", "fr": "Modifier la charte"},
    "charter_editor.title": {"en": "Charter", "fr": "Charte"},
    "charter_editor.intro": {
        "en": "The company's own rules: which signal raises which alert, who is told, who "
        "is told next. Errors are checked as you type; saving keeps the previous file "
        "beside it (.bak) and records who saved it in the decision log.",
        "fr": "Les règles de l'entreprise : quel signal lève quelle alerte, qui est prévenu, "
        "qui l'est ensuite. Les erreurs sont vérifiées pendant la saisie ; l'enregistrement "
        "garde le fichier précédent à côté (.bak) et inscrit son auteur au journal "
        "des décisions.",
    },
    "charter_editor.scope": {
        "en": "The charter of the organisation {organisation}, kept in {file}.",
        "fr": "La charte de l'organisation {organisation}, enregistrée dans {file}.",
    },
    "charter_editor.inherited": {
        "en": "{organisation} has no charter of its own yet: it follows the workspace "
        "default, shown here. Saving creates its own charter in {file}; the default is "
        "unchanged.",
        "fr": "{organisation} n'a pas encore de charte propre : elle suit la charte par "
        "défaut de l'espace de travail, affichée ici. L'enregistrement crée sa propre charte "
        "dans {file} ; la charte par défaut ne change pas.",
    },
    "charter_editor.masked": {
        "en": "Addresses that may hold a secret (tokens, passwords) are masked as "
        "scheme://•••…•••. Leave a mask as it is to keep that address; replace it with a "
        "whole URL to change it.",
        "fr": "Les adresses qui peuvent contenir un secret (jetons, mots de passe) sont "
        "masquées en schéma://•••…•••. Laissez un masque tel quel pour garder cette "
        "adresse ; remplacez-le par une URL complète pour la changer.",
    },
    "charter_editor.label": {"en": "Charter (YAML)", "fr": "Charte (YAML)"},
    "charter_editor.check": {"en": "Check", "fr": "Vérifier"},
    "charter_editor.save": {"en": "Save", "fr": "Enregistrer"},
    "charter_editor.result": {"en": "Check", "fr": "Vérification"},
    "charter_editor.valid": {
        "en": "Valid charter: {rules} rules.",
        "fr": "Charte valide : {rules} règles.",
    },
    "charter_editor.invalid": {
        "en": "Not valid: {count} error(s). Nothing is saved until they are fixed.",
        "fr": "Non valide : {count} erreur(s). Rien n'est enregistré avant correction.",
    },
    "charter_editor.line": {"en": "line {line}", "fr": "ligne {line}"},
    "charter_editor.meaning": {"en": "What it means", "fr": "Ce qu'elle signifie"},
    "charter_editor.saved": {
        "en": "Charter saved to {file} and applied. The previous one is in {file}.bak.",
        "fr": "Charte enregistrée dans {file} et appliquée. La précédente est dans {file}.bak.",
    },
    "charter_editor.refused": {
        "en": "Not saved: the charter has errors (below). The file was not changed.",
        "fr": "Non enregistrée : la charte contient des erreurs (ci-dessous). "
        "Le fichier n'a pas été modifié.",
    },
    "charter_editor.changed": {
        "en": "Not saved: the charter file changed since you opened it. Copy your edit, "
        "reload the page and apply it again.",
        "fr": "Non enregistrée : le fichier de la charte a changé depuis son ouverture. "
        "Copiez votre modification, rechargez la page et appliquez-la de nouveau.",
    },
    "charter_editor.running_error": {
        "en": "The charter file on disk is refused, the last valid one stays in force: {error}",
        "fr": "Le fichier de la charte est refusé, la dernière charte valide reste en "
        "vigueur : {error}",
    },
    "api.bad_cursor": {
        "en": "not a cursor of this list: start again without `cursor`, then follow X-Next-Cursor",
        "fr": "ce n'est pas un curseur de cette liste : recommencez sans `cursor`, puis "
        "suivez X-Next-Cursor",
    },
}
