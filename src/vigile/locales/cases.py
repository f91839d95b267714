"""Messages of case studies: anonymisation placeholders, the post-mortem, the bundle."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "cases.person": {"en": "Person {letter}", "fr": "Personne {letter}"},
    "cases.placeholder.email": {"en": "[email {n}]", "fr": "[e-mail {n}]"},
    "cases.placeholder.url": {"en": "[link {n}]", "fr": "[lien {n}]"},
    "cases.placeholder.number": {"en": "[number {n}]", "fr": "[numéro {n}]"},
    "cases.placeholder.phone": {"en": "[phone {n}]", "fr": "[téléphone {n}]"},
    "cases.placeholder.address": {"en": "[address {n}]", "fr": "[adresse {n}]"},
    "cases.placeholder.brand": {"en": "[brand {n}]", "fr": "[marque {n}]"},
    "cases.placeholder.name": {"en": "[name {n}]", "fr": "[nom {n}]"},
    "cases.placeholder.handle": {"en": "[account {n}]", "fr": "[compte {n}]"},
    "cases.title": {
        "en": "Case study #{id} — {title}",
        "fr": "Cas d'école n° {id} — {title}",
    },
    "cases.incident_title": {
        "en": "{kind} on a {network} page ({severity})",
        "fr": "{kind} sur une page {network} ({severity})",
    },
    "cases.tags": {"en": "Tags", "fr": "Étiquettes"},
    "cases.section.happened": {"en": "What happened", "fr": "Ce qui s'est passé"},
    "cases.section.timeline": {
        "en": "Timeline (from the decision log)",
        "fr": "Chronologie (d'après le journal des décisions)",
    },
    "cases.section.post": {"en": "The post", "fr": "La publication"},
    "cases.section.excerpts": {
        "en": "Thread excerpts (anonymised)",
        "fr": "Extraits du fil (anonymisés)",
    },
    "cases.section.worked": {"en": "What worked", "fr": "Ce qui a marché"},
    "cases.section.change": {"en": "What to change", "fr": "Ce qu'il faut changer"},
    "cases.prompt.worked": {
        "en": "To fill: which reply or decision calmed the thread? Who helped, and when?",
        "fr": "À remplir : quelle réponse ou décision a calmé le fil ? Qui a aidé, et quand ?",
    },
    "cases.prompt.change": {
        "en": "To fill: who should have been told sooner? What should the charter or the "
        "scenario say next time?",
        "fr": "À remplir : qui aurait dû être prévenu plus tôt ? Que devraient dire la charte "
        "ou le scénario la prochaine fois ?",
    },
    "cases.happened": {
        "en": "Severity {severity} on a {network} page: {alerts} alert(s) ({kinds}). "
        "Acknowledged: {acknowledged}. Resolved: {resolved}.",
        "fr": "Gravité {severity} sur une page {network} : {alerts} alerte(s) ({kinds}). "
        "Prise en compte : {acknowledged}. Résolu : {resolved}.",
    },
    "cases.after": {"en": "after {minutes} min", "fr": "après {minutes} min"},
    "cases.never": {"en": "not yet", "fr": "pas encore"},
    "cases.drafted": {
        "en": "Case study #{id} drafted from incident #{incident} ({count} replacement(s)); "
        "check them with `vigile case preview {id}` before sharing.",
        "fr": "Cas d'école n° {id} rédigé à partir de l'incident n° {incident} "
        "({count} remplacement(s)) ; vérifiez-les avec `vigile case preview {id}` avant "
        "de partager.",
    },
    "cases.preview.title": {
        "en": "Case study #{id}: {count} replacement(s) made before sharing",
        "fr": "Cas d'école n° {id} : {count} remplacement(s) faits avant le partage",
    },
    "cases.preview.kind": {"en": "kind", "fr": "type"},
    "cases.preview.original": {"en": "original", "fr": "original"},
    "cases.preview.replacement": {"en": "replacement", "fr": "remplacement"},
    "cases.preview.clean": {
        "en": "No personal data left in the case study.",
        "fr": "Plus aucune donnée personnelle dans le cas d'école.",
    },
    "cases.preview.left": {
        "en": "Still found ({kind}) in {where}: {text}",
        "fr": "Encore trouvé ({kind}) dans {where} : {text}",
    },
    "cases.preview.imported": {
        "en": "Imported case: the originals stayed with the organisation that shared it.",
        "fr": "Cas importé : les originaux sont restés chez l'organisation qui l'a partagé.",
    },
    "cases.not_found": {"en": "no case study {id}", "fr": "aucun cas d'école {id}"},
    "cases.none": {"en": "No case studies yet.", "fr": "Aucun cas d'école pour l'instant."},
    "cases.pii_left": {
        "en": "case study {id} still holds personal data ({kind} in {where}); edit it or "
        "add the name to --brand, then export again",
        "fr": "le cas d'école {id} contient encore des données personnelles ({kind} dans "
        "{where}) ; corrigez-le ou ajoutez le nom à --brand, puis exportez à nouveau",
    },
    "cases.exported": {
        "en": "{count} case stud(y/ies) written to {path} (bundle sha256 {digest})",
        "fr": "{count} cas d'école écrit(s) dans {path} (empreinte sha256 {digest})",
    },
    "cases.imported": {
        "en": "{added} case stud(y/ies) imported from {path}, {skipped} already there",
        "fr": "{added} cas d'école importé(s) depuis {path}, {skipped} déjà présent(s)",
    },
    "cases.bundle.unreadable": {
        "en": "not a case bundle: {reason}",
        "fr": "ce n'est pas un lot de cas : {reason}",
    },
    "cases.bundle.missing": {"en": "missing", "fr": "absent"},
    "cases.bundle.bad_type": {
        "en": "should be {expected}",
        "fr": "devrait être {expected}",
    },
    "cases.bundle.bad_format": {
        "en": "should be '{expected}', found '{found}'",
        "fr": "devrait être '{expected}', trouvé '{found}'",
    },
    "cases.bundle.bad_version": {
        "en": "version {found} is not supported (this Vigile reads version {expected})",
        "fr": "la version {found} n'est pas prise en charge (ce Vigile lit la version {expected})",
    },
    "cases.bundle.bad_hash": {
        "en": "hash mismatch: the content was altered after export",
        "fr": "empreinte différente : le contenu a été modifié après l'export",
    },
    "cases.bundle.pii": {
        "en": "personal data found ({kind}): refused",
        "fr": "données personnelles trouvées ({kind}) : refusé",
    },
    "cases.type.dict": {"en": "an object", "fr": "un objet"},
    "cases.type.list": {"en": "a list", "fr": "une liste"},
    "cases.type.str": {"en": "a string", "fr": "une chaîne"},
    "cases.type.int": {"en": "an integer", "fr": "un entier"},
    "cases.search.none": {
        "en": "No case study matches '{query}'.",
        "fr": "Aucun cas d'école ne correspond à « {query} ».",
    },
    "cases.similar.none": {
        "en": "No case study resembles incident {id} yet.",
        "fr": "Aucun cas d'école ne ressemble encore à l'incident {id}.",
    },
    "cases.col.id": {"en": "id", "fr": "n°"},
    "cases.col.title": {"en": "title", "fr": "titre"},
    "cases.col.tags": {"en": "tags", "fr": "étiquettes"},
    "cases.col.origin": {"en": "origin", "fr": "origine"},
    "cases.col.score": {"en": "score", "fr": "score"},
    "peer.not_found": {"en": "no help request {id}", "fr": "aucune demande d'aide {id}"},
    "peer.answer_not_found": {"en": "no answer {id}", "fr": "aucune réponse {id}"},
    "peer.own_request": {
        "en": "help request {id} is your own organisation's: peers of other organisations "
        "answer it",
        "fr": "la demande d'aide {id} vient de votre organisation : ce sont les pairs des "
        "autres organisations qui y répondent",
    },
    "peer.closed": {
        "en": "help request {id} is closed",
        "fr": "la demande d'aide {id} est close",
    },
    "peer.not_asker": {
        "en": "only the organisation that asked for help {id} marks what helped",
        "fr": "seule l'organisation qui a demandé l'aide {id} marque ce qui a aidé",
    },
    "peer.asked": {
        "en": "Help request #{id} open ({count} replacement(s) made; the originals stay here):",
        "fr": "Demande d'aide n° {id} ouverte ({count} remplacement(s) ; les originaux "
        "restent ici) :",
    },
    "peer.answered": {"en": "Answer #{id} sent.", "fr": "Réponse n° {id} envoyée."},
    "peer.accepted": {
        "en": "Answer #{id} marked as helpful.",
        "fr": "Réponse n° {id} marquée comme utile.",
    },
    "peer.closed_now": {
        "en": "Help request #{id} closed.",
        "fr": "Demande d'aide n° {id} close.",
    },
    "peer.none": {
        "en": "No open help request from other organisations.",
        "fr": "Aucune demande d'aide ouverte d'autres organisations.",
    },
    "peer.request": {
        "en": "Help request #{id} ({status}, {language})",
        "fr": "Demande d'aide n° {id} ({status}, {language})",
    },
    "peer.question": {"en": "Question", "fr": "Question"},
    "peer.answer_line": {
        "en": "#{id} {author} ({org}){helpful}: {text}",
        "fr": "n° {id} {author} ({org}){helpful} : {text}",
    },
    "peer.helpful": {"en": " — helpful", "fr": " — utile"},
    "peer.no_answers": {"en": "No answer yet.", "fr": "Pas encore de réponse."},
    "peer.col.org": {"en": "organisation", "fr": "organisation"},
    "peer.col.author": {"en": "author", "fr": "auteur"},
    "peer.col.accepted": {"en": "helpful answers", "fr": "réponses utiles"},
}
