"""Messages of the accountability report and of charter reloads."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "report.title.incident": {
        "en": "Accountability report — incident #{id}: {title}",
        "fr": "Rapport de responsabilité — incident n° {id} : {title}",
    },
    "report.title.rehearsal": {
        "en": "Crisis rehearsal — what the charter would have done",
        "fr": "Répétition de crise — ce que la charte aurait fait",
    },
    "report.organisation": {"en": "Organisation", "fr": "Organisation"},
    "report.generated": {"en": "Generated", "fr": "Généré le"},
    "report.chain.label": {"en": "Decision log", "fr": "Journal des décisions"},
    "report.chain.verified": {
        "en": "hash chain verified: no entry was altered or removed",
        "fr": "chaîne d'empreintes vérifiée : aucune entrée modifiée ni supprimée",
    },
    "report.chain.broken": {
        "en": "chain broken at entry {id}: the log was altered; entries from {id} on "
        "cannot be trusted",
        "fr": "chaîne rompue à l'entrée {id} : le journal a été modifié ; les entrées "
        "à partir de {id} ne sont pas fiables",
    },
    "report.chain.dry_run": {
        "en": "dry run: nothing was sent, nothing was logged",
        "fr": "simulation : rien n'a été envoyé ni journalisé",
    },
    "report.summary": {"en": "Summary", "fr": "Synthèse"},
    "report.label": {"en": "{label}: {value}", "fr": "{label} : {value}"},
    "report.state.open": {"en": "open", "fr": "ouvert"},
    "report.state.acknowledged": {"en": "acknowledged", "fr": "pris en charge"},
    "report.state.responding": {"en": "responding", "fr": "réponse en cours"},
    "report.state.monitoring": {"en": "monitoring", "fr": "sous surveillance"},
    "report.state.resolved": {"en": "resolved", "fr": "résolu"},
    "report.status": {"en": "Status", "fr": "Statut"},
    "report.severity": {"en": "Severity", "fr": "Gravité"},
    "report.page": {"en": "Page", "fr": "Page"},
    "report.opened": {"en": "Opened", "fr": "Ouvert le"},
    "report.time_to_ack": {"en": "Time to acknowledge", "fr": "Délai d'accusé de réception"},
    "report.time_to_respond": {"en": "Time to respond", "fr": "Délai de réponse"},
    "report.resolved": {"en": "Resolved", "fr": "Résolu le"},
    "report.not_yet": {"en": "not yet", "fr": "pas encore"},
    "report.notified_ok": {
        "en": "Notifications: everyone the charter required was told.",
        "fr": "Notifications : toutes les personnes requises par la charte ont été prévenues.",
    },
    "report.notified_gaps": {
        "en": "Notifications: {count} step(s) required by the charter were not delivered.",
        "fr": "Notifications : {count} étape(s) requise(s) par la charte n'ont pas été "
        "transmise(s).",
    },
    "report.others": {
        "en": "{count} other alert(s) had no escalation in the charter.",
        "fr": "{count} autre(s) alerte(s) sans escalade prévue par la charte.",
    },
    "report.happened": {"en": "What happened", "fr": "Ce qui s'est passé"},
    "report.alert": {
        "en": "Alert #{id} · {kind} · {severity}",
        "fr": "Alerte n° {id} · {kind} · {severity}",
    },
    "report.event_time": {"en": "Signal (event time)", "fr": "Signal (heure de l'événement)"},
    "report.raised_at": {
        "en": "Raised by Vigile (deadlines count from here)",
        "fr": "Levée par Vigile (les délais courent à partir d'ici)",
    },
    "report.rule": {"en": "Charter rule", "fr": "Règle de la charte"},
    "report.thread": {"en": "Thread", "fr": "Fil"},
    "report.comment": {"en": "Comment", "fr": "Commentaire"},
    "report.evidence": {"en": "Evidence", "fr": "Éléments"},
    "report.threads": {"en": "Threads concerned", "fr": "Fils concernés"},
    "report.required_done": {
        "en": "Required by the charter, and what was done",
        "fr": "Ce que la charte exigeait, et ce qui a été fait",
    },
    "report.no_steps": {
        "en": "The charter notifies nobody at this severity.",
        "fr": "La charte ne prévient personne à ce niveau de gravité.",
    },
    "report.col.step": {"en": "Step", "fr": "Étape"},
    "report.col.due": {"en": "Due", "fr": "Échéance"},
    "report.col.who": {"en": "Who", "fr": "Qui"},
    "report.col.channels": {"en": "Channels", "fr": "Canaux"},
    "report.col.done": {"en": "Done", "fr": "Fait"},
    "report.col.ack": {"en": "Acknowledge", "fr": "Accusé de réception"},
    "report.col.time": {"en": "Time", "fr": "Heure"},
    "report.col.actor": {"en": "By", "fr": "Par"},
    "report.col.what": {"en": "What", "fr": "Quoi"},
    "report.any_channel": {"en": "any of theirs", "fr": "tous les siens"},
    "report.quiet_hours": {
        "en": "quiet hours: on-call first",
        "fr": "heures calmes : astreinte d'abord",
    },
    "report.notice.sent": {
        "en": "{contact} by {channel} at {at}",
        "fr": "{contact} par {channel} à {at}",
    },
    "report.notice.failed": {
        "en": "{contact} by {channel} FAILED at {at} ({error})",
        "fr": "{contact} par {channel} ÉCHEC à {at} ({error})",
    },
    "report.notice.planned": {
        "en": "{contact} by {channel} at {at} (dry run)",
        "fr": "{contact} par {channel} à {at} (simulation)",
    },
    "report.outcome.stopped": {
        "en": "not sent: acknowledged before it was due",
        "fr": "non envoyé : réception accusée avant l'échéance",
    },
    "report.outcome.pending": {"en": "not due yet", "fr": "pas encore dû"},
    "report.outcome.missing": {
        "en": "GAP: due but never sent",
        "fr": "ÉCART : dû mais jamais envoyé",
    },
    "report.outcome.failed": {
        "en": "GAP: every channel failed",
        "fr": "ÉCART : tous les canaux ont échoué",
    },
    "report.ack.within": {
        "en": "within {delay} (by {deadline})",
        "fr": "sous {delay} (avant {deadline})",
    },
    "report.ack.end": {"en": "end of the chain", "fr": "fin de la chaîne"},
    "report.verdict.met": {"en": "met", "fr": "respecté"},
    "report.verdict.missed": {
        "en": "missed: escalated",
        "fr": "dépassé : escalade",
    },
    "report.verdict.missed_last": {"en": "missed", "fr": "dépassé"},
    "report.verdict.waiting": {"en": "waiting", "fr": "en attente"},
    "report.acked": {
        "en": "Acknowledged by {by} at {at} ({via}), {delay} after the alert was raised.",
        "fr": "Réception accusée par {by} à {at} ({via}), {delay} après la levée de l'alerte.",
    },
    "report.acked.step": {
        "en": "This was within the deadline of step {step}: the chain stopped there.",
        "fr": "C'était dans le délai de l'étape {step} : la chaîne s'est arrêtée là.",
    },
    "report.acked.late": {
        "en": "This was after every deadline of the chain.",
        "fr": "C'était après tous les délais de la chaîne.",
    },
    "report.not_acked": {
        "en": "Nobody acknowledged this alert.",
        "fr": "Personne n'a accusé réception de cette alerte.",
    },
    "report.done": {
        "en": "Everything done, in order",
        "fr": "Tout ce qui a été fait, dans l'ordre",
    },
    "report.untrusted": {"en": "after the break", "fr": "après la rupture"},
    "report.log.alert.raised": {
        "en": "raised alert #{id}: {kind} ({severity}), rule {rule}",
        "fr": "alerte n° {id} levée : {kind} ({severity}), règle {rule}",
    },
    "report.log.incident.opened": {
        "en": "opened incident #{id} from alert #{alert}",
        "fr": "incident n° {id} ouvert à partir de l'alerte n° {alert}",
    },
    "report.log.notification.sent": {
        "en": "notified {contact} by {channel} (alert #{id}, step {step})",
        "fr": "{contact} prévenu(e) par {channel} (alerte n° {id}, étape {step})",
    },
    "report.log.notification.failed": {
        "en": "could not notify {contact} by {channel} after {attempts} attempt(s) "
        "(alert #{id}, step {step}): {error}",
        "fr": "impossible de prévenir {contact} par {channel} après {attempts} essai(s) "
        "(alerte n° {id}, étape {step}) : {error}",
    },
    "report.log.notification.planned": {
        "en": "would notify {contact} by {channel} (alert #{id}, step {step})",
        "fr": "préviendrait {contact} par {channel} (alerte n° {id}, étape {step})",
    },
    "report.log.alert.escalated": {
        "en": "nobody acknowledged in time: alert #{id} escalated to step {step} ({to})",
        "fr": "pas d'accusé de réception à temps : alerte n° {id} escaladée à l'étape "
        "{step} ({to})",
    },
    "report.log.alert.acknowledged": {
        "en": "acknowledged alert #{id} ({via})",
        "fr": "réception de l'alerte n° {id} accusée ({via})",
    },
    "report.log.incident.status": {
        "en": "moved incident #{id} from {old} to {new}",
        "fr": "incident n° {id} passé de {old} à {new}",
    },
    "report.log.incident.note": {
        "en": "note on incident #{id}: {text}",
        "fr": "note sur l'incident n° {id} : {text}",
    },
    "report.log.other": {"en": "{action} on {subject}", "fr": "{action} sur {subject}"},
    "report.written": {"en": "Report written to {path}", "fr": "Rapport écrit dans {path}"},
    "report.bad_format": {
        "en": "unknown report format '{format}' (use md, html or json)",
        "fr": "format de rapport inconnu '{format}' (md, html ou json)",
    },
    "report.bad_extension": {
        "en": "{path}: the report must end in .md or .html",
        "fr": "{path} : le rapport doit se terminer par .md ou .html",
    },
    "charter.reload_applied": {
        "en": "charter reloaded from {path}",
        "fr": "charte rechargée depuis {path}",
    },
    "charter.reload_refused": {
        "en": "charter change refused, the last valid charter stays in force: {error}",
        "fr": "modification de la charte refusée, la dernière charte valide reste en "
        "vigueur : {error}",
    },
    "status.charter_error": {"en": "charter error", "fr": "erreur de charte"},
}
