"""User-facing messages in English and French, looked up by key.

The language is `VIGILE_LANGUAGE` when set, else the workspace's `language` setting
(passed in), else the locale from `LANG`. A missing translation is a test failure.
"""

from __future__ import annotations

import importlib
import os
import pkgutil
from collections.abc import Mapping

import vigile.locales

LANGUAGES = ("en", "fr")

MESSAGES: dict[str, dict[str, str]] = {
    "init.done": {
        "en": "Created a Vigile workspace in {home}",
        "fr": "Espace de travail Vigile créé dans {home}",
    },
    "import.summary": {
        "en": "{added} added, {updated} updated, {skipped} skipped, {rejected} rejected",
        "fr": "{added} ajoutés, {updated} mis à jour, {skipped} ignorés, {rejected} rejetés",
    },
    "import.rejected_line": {"en": "rejected: {error}", "fr": "rejeté : {error}"},
    "import.more_errors": {
        "en": "... and {count} more rejected lines",
        "fr": "... et {count} autres lignes rejetées",
    },
    "import.unknown_field": {
        "en": "ignored unknown field '{field}' (first seen on line {line})",
        "fr": "champ inconnu '{field}' ignoré (vu d'abord à la ligne {line})",
    },
    "import.no_rows": {
        "en": "{file} has no rows (an empty file, or only a header): nothing to import.",
        "fr": "{file} ne contient aucune ligne (fichier vide, ou seulement l'en-tête) :"
        " rien à importer.",
    },
    "import.progress": {"en": "Importing", "fr": "Import"},
    "analyze.progress": {"en": "Analysing", "fr": "Analyse"},
    "analyze.summary": {
        "en": "{comments} comments analysed in {batches} batches, {alerts} new alerts",
        "fr": "{comments} commentaires analysés en {batches} lots, {alerts} nouvelles alertes",
    },
    "score.summary": {
        "en": "{scored} scored, {rejected} rejected → {output}",
        "fr": "{scored} évalués, {rejected} rejetés → {output}",
    },
    "replay.summary": {
        "en": "{comments} comments replayed, {alerts} alerts → {output}",
        "fr": "{comments} commentaires rejoués, {alerts} alertes → {output}",
    },
    "status.title": {"en": "Vigile workspace {home}", "fr": "Espace Vigile {home}"},
    "status.pages": {"en": "pages", "fr": "pages"},
    "status.posts": {"en": "posts", "fr": "publications"},
    "status.comments": {"en": "comments", "fr": "commentaires"},
    "status.threads": {"en": "threads", "fr": "fils"},
    "status.alerts": {"en": "alerts", "fr": "alertes"},
    "status.open_alerts": {"en": "open alerts", "fr": "alertes ouvertes"},
    "status.incidents": {"en": "incidents", "fr": "incidents"},
    "status.backlog": {"en": "awaiting analysis", "fr": "en attente d'analyse"},
    "status.stale_scores": {
        "en": "scored by another model version",
        "fr": "notés par une autre version de modèle",
    },
    "status.rescore_hint": {
        "en": "{count} comments were scored by another model or version: `vigile rescore`"
        " scores them again with the current one.",
        "fr": "{count} commentaires ont été notés par un autre modèle ou une autre version :"
        " `vigile rescore` les note à nouveau avec l'actuel.",
    },
    "rescore.progress": {"en": "Re-scoring", "fr": "Nouvelle notation"},
    "rescore.summary": {
        "en": "{comments} comments scored again with {models}; {threads} threads recounted.",
        "fr": "{comments} commentaires notés à nouveau avec {models} ; {threads} fils recomptés.",
    },
    "serve.listening": {
        "en": "Dashboard on http://{host}:{port}/ (Ctrl+C to stop)",
        "fr": "Tableau de bord sur http://{host}:{port}/ (Ctrl+C pour arrêter)",
    },
    "serve.port_in_use": {
        "en": "Port {port} on {host} is already in use (another Vigile or another program"
        " listens there). Choose another one: `--port {free}`, the VIGILE_PORT setting, or"
        " `make demo PORT={free}`.",
        "fr": "Le port {port} sur {host} est déjà utilisé (un autre Vigile ou un autre"
        " programme y écoute). Choisissez-en un autre : `--port {free}`, le réglage"
        " VIGILE_PORT, ou `make demo PORT={free}`.",
    },
    "serve.cannot_listen": {
        "en": "Cannot listen on {host}:{port}: {reason}. Choose another address with"
        " `--host` and `--port`.",
        "fr": "Impossible d'écouter sur {host}:{port} : {reason}. Choisissez une autre adresse"
        " avec `--host` et `--port`.",
    },
    "demo.built": {
        "en": "Demo workspace ready in {home}: {comments} comments, {alerts} alerts",
        "fr": "Espace de démonstration prêt dans {home} : "
        "{comments} commentaires, {alerts} alertes",
    },
    "charter.valid": {
        "en": "{path}: valid charter, {rules} rules",
        "fr": "{path} : charte valide, {rules} règles",
    },
    "error": {"en": "error: {message}", "fr": "erreur : {message}"},
    "web.title": {"en": "Threads by risk", "fr": "Fils par niveau de risque"},
    "web.thread": {"en": "Thread", "fr": "Fil"},
    "web.page": {"en": "Page", "fr": "Page"},
    "web.post": {"en": "Post", "fr": "Publication"},
    "web.comments": {"en": "Comments", "fr": "Commentaires"},
    "web.derailment": {"en": "Derailment risk", "fr": "Risque de dérapage"},
    "web.toxicity_max": {"en": "Max toxicity", "fr": "Toxicité max."},
    "web.negativity": {"en": "Negativity", "fr": "Négativité"},
    "web.alerts": {"en": "Open alerts", "fr": "Alertes ouvertes"},
    "web.reasons": {"en": "Why", "fr": "Pourquoi"},
    "web.last": {"en": "Last comment", "fr": "Dernier commentaire"},
    "web.empty": {
        "en": "No analysed thread yet: import comments and run `vigile analyze`.",
        "fr": "Aucun fil analysé : importez des commentaires puis lancez `vigile analyze`.",
    },
    "web.back": {"en": "All threads", "fr": "Tous les fils"},
    "web.author": {"en": "Author", "fr": "Auteur"},
    "web.text": {"en": "Comment", "fr": "Commentaire"},
    "web.scores": {"en": "Scores", "fr": "Scores"},
    "web.time": {"en": "Time", "fr": "Heure"},
    "web.toxic": {"en": "toxic", "fr": "toxique"},
    "web.negative": {"en": "negative", "fr": "négatif"},
    "web.drift": {"en": "drift", "fr": "dérive"},
    "web.recent_alerts": {"en": "Recent alerts", "fr": "Alertes récentes"},
    "web.no_post_text": {"en": "(post text unknown)", "fr": "(texte de la publication inconnu)"},
    "web.language": {"en": "Français", "fr": "English"},
    "web.not_found": {"en": "No such thread", "fr": "Fil introuvable"},
    "explain.title": {
        "en": "Charter of {organisation}: what happens at each level",
        "fr": "Charte de {organisation} : ce qui se passe à chaque niveau",
    },
    "explain.level": {"en": "Level {severity}", "fr": "Niveau {severity}"},
    "explain.rule": {
        "en": "raised when {level} has {signal} ≥ {at_least} (rule {name})",
        "fr": "déclenché quand {level} a {signal} ≥ {at_least} (règle {name})",
    },
    "level.comment": {"en": "a comment", "fr": "un commentaire"},
    "level.thread": {"en": "a thread", "fr": "un fil"},
    "level.author": {"en": "an author", "fr": "un auteur"},
    "level.page": {"en": "a page", "fr": "une page"},
    "severity.info": {"en": "info", "fr": "information"},
    "severity.warning": {"en": "warning", "fr": "avertissement"},
    "severity.high": {"en": "high", "fr": "élevé"},
    "severity.critical": {"en": "critical", "fr": "critique"},
    "explain.first": {"en": "→ notify {who}{how}", "fr": "→ prévenir {who}{how}"},
    "explain.next": {
        "en": "if not acknowledged within {delay} → notify {who}{how}",
        "fr": "sans accusé de réception sous {delay} → prévenir {who}{how}",
    },
    "explain.by": {"en": " by {channels}", "fr": " par {channels}"},
    "explain.nobody": {
        "en": "→ nobody is notified (dashboard only)",
        "fr": "→ personne n'est prévenu (tableau de bord seulement)",
    },
    "explain.incident": {"en": "opens an incident", "fr": "ouvre un incident"},
    "explain.quiet": {
        "en": "Quiet hours {start}–{end} ({timezone}): below {severity}, "
        "the first notice goes to {who}.",
        "fr": "Heures calmes {start}–{end} ({timezone}) : sous {severity}, "
        "le premier avis va à {who}.",
    },
    "explain.tone": {
        "en": "Tone: address customers as '{address}'; banned words: {banned}; "
        "forbidden: {styles}; promises the CM may not make: {promises}.",
        "fr": "Ton : s'adresser aux clients en '{address}' ; mots interdits : {banned} ; "
        "interdit : {styles} ; promesses que le CM ne peut pas faire : {promises}.",
    },
    "explain.none": {"en": "none", "fr": "aucun"},
    "ack.done": {
        "en": "{what} acknowledged by {by} at {at}",
        "fr": "{what} : réception accusée par {by} à {at}",
    },
    "incident.moved": {
        "en": "incident {id} is now {status} ({by})",
        "fr": "l'incident {id} est maintenant {status} ({by})",
    },
    "incident.noted": {"en": "note added to incident {id}", "fr": "note ajoutée à l'incident {id}"},
    "decisions.exported": {
        "en": "{count} decisions written to {path}",
        "fr": "{count} décisions écrites dans {path}",
    },
    "decisions.broken": {
        "en": "the decision log was altered: entry {id} does not match its hash",
        "fr": "le journal des décisions a été modifié : "
        "l'entrée {id} ne correspond pas à son empreinte",
    },
    "decisions.intact": {
        "en": "the decision log is intact",
        "fr": "le journal des décisions est intact",
    },
    "ack.title": {"en": "Acknowledge alert", "fr": "Accuser réception de l'alerte"},
    "ack.invalid": {
        "en": "This link is not valid for this alert.",
        "fr": "Ce lien n'est pas valable pour cette alerte.",
    },
    "ack.explain": {
        "en": "Acknowledge as {who}: the escalation stops and the decision log records it.",
        "fr": "Accuser réception en tant que {who} : "
        "l'escalade s'arrête et le journal l'enregistre.",
    },
    "ack.button": {"en": "I am on it", "fr": "Je m'en occupe"},
    "ack.thanks": {
        "en": "Acknowledged by {who}. Thank you.",
        "fr": "Réception accusée par {who}. Merci.",
    },
    "notify.summary": {
        "en": "{sent} notifications sent, {failed} failed, {escalations} escalations",
        "fr": "{sent} notifications envoyées, {failed} en échec, {escalations} escalades",
    },
    "notify.title": {
        "en": "[Vigile] {severity}: {kind} on {where}",
        "fr": "[Vigile] {severity} : {kind} sur {where}",
    },
    "notify.what": {
        "en": "What: {kind} ({severity}) at {at}",
        "fr": "Quoi : {kind} ({severity}) à {at}",
    },
    "notify.where": {"en": "Where: {where}", "fr": "Où : {where}"},
    "notify.post": {"en": "Post: {post}", "fr": "Publication : {post}"},
    "notify.why": {"en": "Why: {why}", "fr": "Pourquoi : {why}"},
    "notify.ack": {"en": "Acknowledge: {url}", "fr": "Accuser réception : {url}"},
    "reason.hostile_comment": {
        "en": "comment {comment} reads as hostile (hostility {hostility})",
        "fr": "le commentaire {comment} paraît hostile (hostilité {hostility})",
    },
    "reason.heated_wording": {
        "en": "heated wording in the exchange: {terms}",
        "fr": "vocabulaire tendu dans l'échange : {terms}",
    },
    "reason.direct_disagreement": {
        "en": "direct disagreement in comment {comment}",
        "fr": "désaccord frontal dans le commentaire {comment}",
    },
    "reason.second_person": {
        "en": 'comment {comment} addresses the other person directly ("you")',
        "fr": "le commentaire {comment} s'adresse directement à l'autre (« tu / vous »)",
    },
    "reason.swearing": {
        "en": "swearing in comment {comment}",
        "fr": "grossièretés dans le commentaire {comment}",
    },
    "reason.rising_length": {
        "en": "replies are getting longer ({first_words} → {last_words} words)",
        "fr": "les réponses s'allongent ({first_words} → {last_words} mots)",
    },
    "reason.toxic_comment": {
        "en": "comment {comment} is toxic ({value})",
        "fr": "le commentaire {comment} est toxique ({value})",
    },
    "reason.toxic_share": {
        "en": "{share:.0%} of the last {replies} replies are toxic",
        "fr": "{share:.0%} des {replies} dernières réponses sont toxiques",
    },
    "reason.negative_replies": {
        "en": "recent replies are negative (mean {value})",
        "fr": "les dernières réponses sont négatives (moyenne {value})",
    },
}


def _merge_catalogues() -> None:
    """Add every `vigile.locales.*` catalogue to MESSAGES; a key defined twice is a bug."""
    for module in pkgutil.iter_modules(vigile.locales.__path__):
        catalogue = importlib.import_module(f"vigile.locales.{module.name}").MESSAGES
        twice = MESSAGES.keys() & catalogue.keys()
        if twice:
            raise RuntimeError(f"messages defined twice: {sorted(twice)}")
        MESSAGES.update(catalogue)


_merge_catalogues()


def pick_language(preferred: str | None = None) -> str:
    env = os.environ.get("VIGILE_LANGUAGE")
    if env in LANGUAGES:
        return env
    if preferred in LANGUAGES:
        return preferred
    return "fr" if os.environ.get("LANG", "").lower().startswith("fr") else "en"


def t(key: str, lang: str = "en", **values: object) -> str:
    """The message `key` in `lang` (English when the language is unknown), formatted."""
    entry = MESSAGES[key]
    return entry.get(lang, entry["en"]).format(**values)


def describe(reason: Mapping[str, object], lang: str = "en") -> str:
    """A stored reason (`{"code", ...values}`) in words; an unknown code is shown as is."""
    code = str(reason.get("code", ""))
    values = {k: v for k, v in reason.items() if k != "code"}
    if f"reason.{code}" not in MESSAGES:
        return ", ".join([code, *(f"{k}={v}" for k, v in values.items())])
    try:
        return t(f"reason.{code}", lang, **values)
    except (KeyError, ValueError):
        return code
