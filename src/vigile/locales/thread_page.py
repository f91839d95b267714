"""Messages of the thread page's actions (alerts, reply check, send) and of sent replies
in the incident report's log."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "threadpage.alerts": {"en": "Alerts on this thread", "fr": "Alertes sur ce fil"},
    "threadpage.no_alerts": {
        "en": "No alert was raised on this thread.",
        "fr": "Aucune alerte n'a été levée sur ce fil.",
    },
    "threadpage.incident_room": {"en": "Incident #{id}", "fr": "Incident n° {id}"},
    "threadpage.incident_report": {
        "en": "its accountability report",
        "fr": "son rapport de responsabilité",
    },
    "threadpage.ack_label": {
        "en": "Acknowledge alert #{id} ({kind})",
        "fr": "Accuser réception de l'alerte n° {id} ({kind})",
    },
    "threadpage.reply": {"en": "Your reply", "fr": "Votre réponse"},
    "threadpage.reply_label": {
        "en": "Reply (the suggested draft, to edit)",
        "fr": "Réponse (le brouillon suggéré, à modifier)",
    },
    "threadpage.check": {"en": "Check", "fr": "Vérifier"},
    "threadpage.send": {"en": "Send", "fr": "Envoyer"},
    "threadpage.publish": {"en": "Publish", "fr": "Publier"},
    "threadpage.send_hint": {
        "en": "This page is not connected for replies: Send records the reply in the decision "
        "log and gives it back to you to paste on the network.",
        "fr": "Cette page n'est pas connectée pour répondre : Envoyer inscrit la réponse au "
        "journal des décisions et vous la rend à coller sur le réseau.",
    },
    "threadpage.publish_hint": {
        "en": "Publish checks the reply, posts it on the network and records it in the "
        "decision log.",
        "fr": "Publier vérifie la réponse, la poste sur le réseau et l'inscrit au journal des "
        "décisions.",
    },
    "threadpage.check_ok": {
        "en": "Reply check: ready to send.",
        "fr": "Vérification : la réponse est prête à partir.",
    },
    "threadpage.check_fail": {
        "en": "Reply check: to rework before sending.",
        "fr": "Vérification : à retravailler avant l'envoi.",
    },
    "threadpage.fix": {"en": "Fix:", "fr": "Correction :"},
    "threadpage.blocked": {
        "en": "The reply check blocks this reply, so it was not sent. Rework it, or tick the "
        "box to send it anyway (the override is logged).",
        "fr": "La vérification bloque cette réponse : elle n'a pas été envoyée. Retravaillez-la, "
        "ou cochez la case pour l'envoyer quand même (le passage en force est journalisé).",
    },
    "threadpage.override": {
        "en": "Send it anyway (logged as an override)",
        "fr": "L'envoyer quand même (journalisé comme passage en force)",
    },
    "threadpage.published": {
        "en": "Published by {actor} (network id {id}) and recorded in the decision log.",
        "fr": "Publiée par {actor} (identifiant réseau {id}) et inscrite au journal des décisions.",
    },
    "threadpage.copied": {
        "en": "Recorded in the decision log as copied to the network by {actor}. "
        "Paste this text on the network:",
        "fr": "Inscrite au journal des décisions comme copiée sur le réseau par {actor}. "
        "Collez ce texte sur le réseau :",
    },
    "threadpage.copy_label": {"en": "Reply to paste", "fr": "Réponse à coller"},
    "threadpage.copy": {"en": "Copy", "fr": "Copier"},
    "threadpage.sent_title": {"en": "Replies sent", "fr": "Réponses envoyées"},
    "threadpage.how.reply_published": {"en": "published", "fr": "publiée"},
    "threadpage.how.reply_copied": {
        "en": "copied to the network",
        "fr": "copiée sur le réseau",
    },
    "threadpage.overridden": {
        "en": "sent despite the reply check",
        "fr": "envoyée malgré la vérification",
    },
    "report.log.reply_published": {
        "en": "published a reply on {page}: “{text}”",
        "fr": "réponse publiée sur {page} : « {text} »",
    },
    "report.log.reply_copied": {
        "en": "reply copied to the network on {page}: “{text}”",
        "fr": "réponse copiée sur le réseau sur {page} : « {text} »",
    },
}
