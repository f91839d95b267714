"""Messages of the playbooks: recommendation reasons, drafts, `vigile playbook`, the API."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "playbook.signal.toxicity": {"en": "toxicity", "fr": "toxicité"},
    "playbook.signal.negativity": {"en": "negativity", "fr": "négativité"},
    "playbook.signal.drift": {"en": "drift from the post", "fr": "éloignement du sujet"},
    "playbook.why.comments_at_least": {
        "en": "comments with {signal} ≥ {at_least}: {count} ({authors})",
        "fr": "commentaires avec {signal} ≥ {at_least} : {count} ({authors})",
    },
    "playbook.why.cue_complaint": {
        "en": "comments voicing a complaint: {count} ({authors})",
        "fr": "commentaires exprimant une réclamation : {count} ({authors})",
    },
    "playbook.why.cue_confusion": {
        "en": "comments showing confusion about the post: {count} ({authors})",
        "fr": "commentaires montrant une incompréhension de la publication : {count} ({authors})",
    },
    "playbook.why.cue_misinformation": {
        "en": "comments with claims to check (scam, lies, fake...): {count} ({authors})",
        "fr": "commentaires avançant des affirmations à vérifier (arnaque, mensonge, "
        "faux...) : {count} ({authors})",
    },
    "playbook.why.cue_off_topic_call": {
        "en": "members asking to get back on topic: {count} ({authors})",
        "fr": "membres demandant de revenir au sujet : {count} ({authors})",
    },
    "playbook.why.cue_agreement": {
        "en": "replies that just agree with a previous comment: {count} ({authors})",
        "fr": "réponses qui ne font qu'approuver un commentaire précédent : {count} ({authors})",
    },
    "playbook.why.cue_legal_threat": {
        "en": "comments mentioning legal action: {count} ({authors})",
        "fr": "commentaires évoquant une action en justice : {count} ({authors})",
    },
    "playbook.why.cue_churn": {
        "en": "comments calling for a boycott, cancelling or spreading the word: {count} "
        "({authors})",
        "fr": "commentaires appelant au boycott, annulant ou faisant circuler : {count} "
        "({authors})",
    },
    "playbook.why.derailment": {
        "en": "the conversation may go awry (derailment forecast {value:.2f})",
        "fr": "la conversation risque de déraper (prévision de dérapage {value:.2f})",
    },
    "playbook.why.pile_on": {
        "en": "{replies} negative replies pile onto a comment by {author} within 30 minutes "
        "({share:.0%} of the thread's traffic)",
        "fr": "{replies} réponses négatives s'accumulent sur un commentaire de {author} en "
        "30 minutes ({share:.0%} du trafic du fil)",
    },
    "playbook.why.pile_on_toxic": {
        "en": "{replies} negative replies agree with a toxic comment by {author} within 30 "
        "minutes ({share:.0%} of the thread's traffic)",
        "fr": "{replies} réponses négatives approuvent un commentaire toxique de {author} en "
        "30 minutes ({share:.0%} du trafic du fil)",
    },
    "playbook.why.negative_buzz": {
        "en": "a burst of negative comments on the page started here ({count} in an hour, "
        "{expected} expected)",
        "fr": "une rafale de commentaires négatifs sur la page est partie d'ici ({count} en "
        "une heure, {expected} attendus)",
    },
    "playbook.why.troll_signals": {
        "en": "author {author}: {features}",
        "fr": "auteur {author} : {features}",
    },
    "playbook.troll.comments_in_10_min": {
        "en": "posted {value} times in 10 minutes",
        "fr": "a publié {value} fois en 10 minutes",
    },
    "playbook.troll.threads_in_1_hour": {
        "en": "commented in {value} threads within an hour",
        "fr": "a commenté dans {value} fils en une heure",
    },
    "playbook.troll.toxic_comments": {
        "en": "{value} toxic comments ({share:.0%} of theirs)",
        "fr": "{value} commentaires toxiques ({share:.0%} des siens)",
    },
    "playbook.troll.toxic_replies_to_others": {
        "en": "{value} toxic replies to other people",
        "fr": "{value} réponses toxiques à d'autres personnes",
    },
    "playbook.troll.none": {"en": "troll signals", "fr": "indices de troll"},
    "playbook.why.hostile_authors": {
        "en": "people who wrote hostile comments: {count}",
        "fr": "personnes ayant écrit des commentaires hostiles : {count}",
    },
    "playbook.why.top_author_share": {
        "en": "{author} wrote {count} of the {total} hostile comments",
        "fr": "{author} a écrit {count} des {total} commentaires hostiles",
    },
    "playbook.why.hostile_replies": {
        "en": "{author} sent {count} toxic replies to other members",
        "fr": "{author} a adressé {count} réponses toxiques à d'autres membres",
    },
    "playbook.why.burst": {
        "en": "author {author} posted {count} times in 10 minutes",
        "fr": "l'auteur {author} a publié {count} fois en 10 minutes",
    },
    "playbook.list.title": {"en": "Scenarios ({count})", "fr": "Scénarios ({count})"},
    "playbook.list.id": {"en": "id", "fr": "id"},
    "playbook.list.scenario": {"en": "scenario", "fr": "scénario"},
    "playbook.list.inform": {"en": "inform", "fr": "prévenir"},
    "playbook.show.when": {"en": "When it applies", "fr": "Quand l'appliquer"},
    "playbook.show.steps": {"en": "Steps", "fr": "Étapes"},
    "playbook.show.templates": {"en": "Reply templates", "fr": "Modèles de réponse"},
    "playbook.show.avoid": {"en": "Avoid", "fr": "À éviter"},
    "playbook.show.inform": {"en": "Inform: {roles}", "fr": "Prévenir : {roles}"},
    "playbook.show.required": {"en": "required", "fr": "obligatoire"},
    "playbook.show.source": {"en": "Source: {source}", "fr": "Source : {source}"},
    "playbook.check.valid": {
        "en": "{path}: {count} valid scenarios",
        "fr": "{path} : {count} scénarios valides",
    },
    "playbook.recommend.none": {
        "en": "No scenario fits thread {thread}: nothing calls for a playbook.",
        "fr": "Aucun scénario ne correspond au fil {thread} : rien n'appelle de plan d'action.",
    },
    "playbook.recommend.title": {
        "en": "Scenarios for thread {thread}, best first",
        "fr": "Scénarios pour le fil {thread}, du plus adapté au moins adapté",
    },
    "playbook.recommend.score": {"en": "fit {score:.0%}", "fr": "adéquation {score:.0%}"},
    "playbook.draft.header": {
        "en": "Draft ({scenario}, template {template}, {reply_lang}, {backend})",
        "fr": "Brouillon ({scenario}, modèle {template}, {reply_lang}, {backend})",
    },
    "playbook.draft.missing": {
        "en": "To fill in before sending: {slots}",
        "fr": "À compléter avant l'envoi : {slots}",
    },
    "playbook.draft.llm_failed": {
        "en": "The language model did not answer ({error}); this is the template draft.",
        "fr": "Le modèle de langue n'a pas répondu ({error}) ; voici le brouillon du modèle.",
    },
    "playbook.draft.no_scenario": {
        "en": "No scenario fits thread {thread}; name one to draft anyway.",
        "fr": "Aucun scénario ne correspond au fil {thread} ; indiquez-en un pour rédiger "
        "quand même.",
    },
    "playbook.draft.no_comment": {
        "en": "thread {thread} has no comment {comment} from a member",
        "fr": "le fil {thread} n'a pas de commentaire {comment} d'un membre",
    },
    "playbook.draft.no_template": {
        "en": "scenario {scenario} has no template {template}",
        "fr": "le scénario {scenario} n'a pas de modèle {template}",
    },
    "playbook.web.scenario": {"en": "Suggested scenario", "fr": "Scénario suggéré"},
    "playbook.web.draft": {"en": "Reply draft", "fr": "Brouillon de réponse"},
    "playbook.web.none": {
        "en": "No scenario needed on this thread.",
        "fr": "Aucun scénario nécessaire sur ce fil.",
    },
}
