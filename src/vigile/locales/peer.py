"""Messages of peer help on the dashboard: the commons, answers, profiles, moderation, mail."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "peer.nav": {"en": "Peer help", "fr": "Entraide"},
    "peer.unread": {"en": "{count} new", "fr": "{count} nouveau(x)"},
    "peer.board_title": {"en": "Peer help: the commons", "fr": "Entraide : le commun"},
    "peer.board_intro": {
        "en": "Open help requests from CMs of other organisations, anonymised: "
        "nobody here knows who asked.",
        "fr": "Demandes d'aide ouvertes par des CM d'autres organisations, anonymisées : "
        "personne ici ne sait qui demande.",
    },
    "peer.board_empty": {
        "en": "No open request from other organisations.",
        "fr": "Aucune demande ouverte d'une autre organisation.",
    },
    "peer.mine_title": {"en": "My organisation's requests", "fr": "Demandes de mon organisation"},
    "peer.mine_empty": {
        "en": "No request yet. Open one from an incident: /incidents/ID/help/new.",
        "fr": "Aucune demande. Ouvrez-en une depuis un incident : /incidents/ID/help/new.",
    },
    "peer.profile_title": {"en": "My peer profile", "fr": "Mon profil d'entraide"},
    "peer.profile_intro": {
        "en": "Other organisations see only your peer name and your reputation (answers "
        "marked helpful), never your e-mail, your name or your organisation.",
        "fr": "Les autres organisations ne voient que votre nom de pair et votre réputation "
        "(réponses jugées utiles), jamais votre e-mail, votre nom ni votre organisation.",
    },
    "peer.reputation_is": {
        "en": "Your reputation: {count} answer(s) marked helpful.",
        "fr": "Votre réputation : {count} réponse(s) jugée(s) utile(s).",
    },
    "peer.reputation_short": {"en": "reputation {count}", "fr": "réputation {count}"},
    "peer.peer_name": {"en": "Peer name", "fr": "Nom de pair"},
    "peer.peer_name_help": {
        "en": "3 to 40 characters, without your name, e-mail or organisation.",
        "fr": "3 à 40 caractères, sans votre nom, e-mail ni organisation.",
    },
    "peer.opt_in": {
        "en": "I am an experienced peer: show me other organisations' requests to answer "
        "and e-mail me when one is opened",
        "fr": "Je suis un pair expérimenté : montrez-moi les demandes des autres "
        "organisations et prévenez-moi par e-mail à chaque nouvelle demande",
    },
    "peer.opt_in_role": {
        "en": "Answering needs the role cm or above in your current organisation.",
        "fr": "Répondre demande le rôle cm ou plus dans votre organisation actuelle.",
    },
    "peer.mail_lang": {"en": "Language of e-mails", "fr": "Langue des e-mails"},
    "peer.save": {"en": "Save", "fr": "Enregistrer"},
    "peer.saved": {"en": "Saved.", "fr": "Enregistré."},
    "peer.not_opted_in": {
        "en": "You have not opted in as an experienced peer, so you cannot answer yet.",
        "fr": "Vous n'êtes pas inscrit comme pair expérimenté : vous ne pouvez pas encore "
        "répondre.",
    },
    "peer.name_length": {
        "en": "a peer name has {low} to {high} characters",
        "fr": "un nom de pair a de {low} à {high} caractères",
    },
    "peer.name_private": {
        "en": "a peer name must not reveal who you are (name, e-mail, organisation)",
        "fr": "un nom de pair ne doit pas révéler qui vous êtes (nom, e-mail, organisation)",
    },
    "peer.name_taken": {"en": "this peer name is taken", "fr": "ce nom de pair est déjà pris"},
    "peer.bad_lang": {"en": "language: en or fr", "fr": "langue : en ou fr"},
    "peer.scenario": {"en": "Scenario", "fr": "Scénario"},
    "peer.network": {"en": "Network", "fr": "Réseau"},
    "peer.language": {"en": "Language", "fr": "Langue"},
    "peer.any": {"en": "any", "fr": "tous"},
    "peer.filter": {"en": "Filter", "fr": "Filtrer"},
    "peer.answers": {"en": "Answers", "fr": "Réponses"},
    "peer.state": {"en": "State", "fr": "État"},
    "peer.status.open": {"en": "open", "fr": "ouverte"},
    "peer.status.closed": {"en": "closed", "fr": "close"},
    "peer.moderation.published": {"en": "published", "fr": "publiée"},
    "peer.moderation.held": {
        "en": "held: not shown to other organisations",
        "fr": "retenue : invisible des autres organisations",
    },
    "peer.moderation.removed": {"en": "removed by a moderator", "fr": "retirée par un modérateur"},
    "peer.held_because": {"en": "why", "fr": "pourquoi"},
    "peer.held.toxic": {
        "en": "the text reads as toxic (toxicity {score}): rephrase it calmly",
        "fr": "le texte paraît toxique (toxicité {score}) : reformulez-le calmement",
    },
    "peer.held.pii": {
        "en": "personal data remains ({kind}): “{text}”",
        "fr": "il reste une donnée personnelle ({kind}) : « {text} »",
    },
    "peer.held.reported": {"en": "reported {count} time(s)", "fr": "signalée {count} fois"},
    "peer.pii.email": {"en": "e-mail", "fr": "e-mail"},
    "peer.pii.url": {"en": "link", "fr": "lien"},
    "peer.pii.handle": {"en": "handle", "fr": "pseudo"},
    "peer.pii.number": {"en": "number", "fr": "numéro"},
    "peer.pii.phone": {"en": "phone", "fr": "téléphone"},
    "peer.pii.address": {"en": "address", "fr": "adresse"},
    "peer.pii.brand": {"en": "brand", "fr": "marque"},
    "peer.pii.name": {"en": "name", "fr": "nom"},
    "peer.pii.known": {
        "en": "a handle or name from the thread",
        "fr": "un pseudo ou un nom du fil",
    },
    "peer.new_title": {"en": "Ask peers for help", "fr": "Demander de l'aide aux pairs"},
    "peer.new_intro": {
        "en": "Experienced CMs of other organisations will read the anonymised text below, "
        "never the originals. Check every replacement before you ask.",
        "fr": "Des CM expérimentés d'autres organisations liront le texte anonymisé "
        "ci-dessous, jamais les originaux. Vérifiez chaque remplacement avant de demander.",
    },
    "peer.your_question": {"en": "Your question", "fr": "Votre question"},
    "peer.request_lang": {"en": "Language of the request", "fr": "Langue de la demande"},
    "peer.more_brands": {"en": "Other names to hide", "fr": "Autres noms à masquer"},
    "peer.more_brands_help": {
        "en": "Comma-separated: products, shops, campaign names.",
        "fr": "Séparés par des virgules : produits, boutiques, campagnes.",
    },
    "peer.preview": {"en": "Preview", "fr": "Aperçu"},
    "peer.ask": {"en": "Ask peers", "fr": "Demander aux pairs"},
    "peer.would_hold": {
        "en": "As it stands, this request would be held, not published:",
        "fr": "En l'état, cette demande serait retenue, pas publiée :",
    },
    "peer.shared": {
        "en": "What other organisations read",
        "fr": "Ce que lisent les autres organisations",
    },
    "peer.replacements": {"en": "Replacements ({count})", "fr": "Remplacements ({count})"},
    "peer.where": {"en": "Where", "fr": "Où"},
    "peer.kind": {"en": "Kind", "fr": "Type"},
    "peer.original": {"en": "Original (stays here)", "fr": "Original (reste ici)"},
    "peer.replacement": {"en": "Shown as", "fr": "Affiché comme"},
    "peer.request_title": {"en": "Help request #{id}", "fr": "Demande d'aide n° {id}"},
    "peer.asked_by": {"en": "asked by {name}", "fr": "demandée par {name}"},
    "peer.delivery": {
        "en": "Announced to {peers} peer(s): {sent} e-mail(s) sent, {failed} failed.",
        "fr": "Annoncée à {peers} pair(s) : {sent} e-mail(s) envoyé(s), {failed} en échec.",
    },
    "peer.fix_question": {
        "en": "Fix the question and submit it again",
        "fr": "Corrigez la question et soumettez-la à nouveau",
    },
    "peer.fix_answer": {
        "en": "Fix your answer and submit it again",
        "fr": "Corrigez votre réponse et soumettez-la à nouveau",
    },
    "peer.resubmit": {"en": "Submit again", "fr": "Soumettre à nouveau"},
    "peer.anonymous": {"en": "a peer", "fr": "un pair"},
    "peer.helped": {"en": "helped", "fr": "a aidé"},
    "peer.this_helped": {"en": "This helped", "fr": "Ça m'a aidé"},
    "peer.report": {"en": "Report", "fr": "Signaler"},
    "peer.report_request": {"en": "Report this request", "fr": "Signaler cette demande"},
    "peer.report_why": {"en": "Why?", "fr": "Pourquoi ?"},
    "peer.report_reason": {"en": "say why you report it", "fr": "dites pourquoi vous signalez"},
    "peer.reported": {
        "en": "Thank you: the moderators will look at it.",
        "fr": "Merci : les modérateurs vont l'examiner.",
    },
    "peer.your_answer": {"en": "Your answer", "fr": "Votre réponse"},
    "peer.answer_label": {
        "en": "What would you do? (shown under your peer name)",
        "fr": "Que feriez-vous ? (affiché sous votre nom de pair)",
    },
    "peer.send_answer": {"en": "Send the answer", "fr": "Envoyer la réponse"},
    "peer.cannot_answer": {
        "en": "To answer, opt in as an experienced peer (role cm or above).",
        "fr": "Pour répondre, inscrivez-vous comme pair expérimenté (rôle cm ou plus).",
    },
    "peer.may_not_answer": {
        "en": "only opted-in peers (role cm or above) of other organisations may answer",
        "fr": "seuls les pairs inscrits (rôle cm ou plus) d'autres organisations peuvent répondre",
    },
    "peer.close": {"en": "Close the request", "fr": "Clore la demande"},
    "peer.empty": {"en": "the text is empty", "fr": "le texte est vide"},
    "peer.too_long": {
        "en": "the text is longer than {max} characters",
        "fr": "le texte dépasse {max} caractères",
    },
    "peer.not_held": {
        "en": "only a held item can be fixed",
        "fr": "seul un texte retenu se corrige",
    },
    "peer.not_published": {
        "en": "this answer is not published",
        "fr": "cette réponse n'est pas publiée",
    },
    "peer.not_moderator": {
        "en": "moderating the commons is for the admins of the 'default' organisation",
        "fr": "la modération du commun revient aux admins de l'organisation 'default'",
    },
    "peer.bad_decision": {
        "en": "decision: approve or remove",
        "fr": "décision : approve ou remove",
    },
    "peer.already_removed": {"en": "item {id} was removed", "fr": "l'élément {id} a été retiré"},
    "peer.moderation_title": {"en": "Moderation of the commons", "fr": "Modération du commun"},
    "peer.moderation_intro": {
        "en": "Held requests and answers (toxic, or personal data left) and reported ones. "
        "Approve publishes; remove takes down. Each decision goes to the decision log.",
        "fr": "Demandes et réponses retenues (toxiques, ou données personnelles restantes) "
        "et signalées. Approuver publie ; retirer supprime. Chaque décision va au journal.",
    },
    "peer.queue_empty": {"en": "Nothing to moderate.", "fr": "Rien à modérer."},
    "peer.subject.request": {"en": "Request", "fr": "Demande"},
    "peer.subject.answer": {"en": "Answer", "fr": "Réponse"},
    "peer.reports": {"en": "Reports:", "fr": "Signalements :"},
    "peer.approve": {"en": "Approve", "fr": "Approuver"},
    "peer.remove": {"en": "Remove", "fr": "Retirer"},
    "peer.mail.request.subject": {
        "en": "Vigile: a CM asks peers for help (request #{id})",
        "fr": "Vigile : un CM demande de l'aide à ses pairs (demande n° {id})",
    },
    "peer.mail.request.body": {
        "en": "A CM of another organisation asks for help during a live incident:\n\n"
        "{question}\n\nRead the anonymised context and answer: {link}\n\n"
        "You get this because you opted in as an experienced peer (change it in your "
        "peer profile).",
        "fr": "Un CM d'une autre organisation demande de l'aide pendant un incident :\n\n"
        "{question}\n\nLisez le contexte anonymisé et répondez : {link}\n\n"
        "Vous recevez ce message parce que vous êtes inscrit comme pair expérimenté "
        "(modifiable dans votre profil d'entraide).",
    },
    "peer.mail.answer.subject": {
        "en": "Vigile: a peer answered your request #{id}",
        "fr": "Vigile : un pair a répondu à votre demande n° {id}",
    },
    "peer.mail.answer.body": {
        "en": "A peer answered your help request:\n\n{question}\n\nRead the answer and "
        "mark it if it helped: {link}",
        "fr": "Un pair a répondu à votre demande d'aide :\n\n{question}\n\nLisez la réponse "
        "et dites si elle vous a aidé : {link}",
    },
}
