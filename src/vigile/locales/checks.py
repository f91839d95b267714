"""Messages of the reply tone check and the post risk check (`vigile reply|post check`)."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "check.reply.ok": {
        "en": "Reply check ({language}): ready to send",
        "fr": "Vérification de la réponse ({language}) : prête à partir",
    },
    "check.reply.fail": {
        "en": "Reply check ({language}): to rework before sending",
        "fr": "Vérification de la réponse ({language}) : à retravailler avant envoi",
    },
    "check.post.ok": {
        "en": "Post check ({language}): risk {risk}, can go out",
        "fr": "Vérification de la publication ({language}) : risque {risk}, peut partir",
    },
    "check.post.fail": {
        "en": "Post check ({language}): risk {risk}, needs a second look before it goes out",
        "fr": "Vérification de la publication ({language}) : risque {risk}, "
        "à faire relire avant publication",
    },
    "check.approval": {
        "en": "Approval required (charter, risk ≥ {threshold}): {target} ({names})",
        "fr": "Validation requise (charte, risque ≥ {threshold}) : {target} ({names})",
    },
    "check.line": {"en": "{mark} {severity}: {message}", "fr": "{mark} {severity} : {message}"},
    "check.nobody": {"en": "nobody holds this role", "fr": "personne n'a ce rôle"},
    "check.fix": {"en": "fix: {fix}", "fr": "correction : {fix}"},
    "check.severity.block": {"en": "blocking", "fr": "bloquant"},
    "check.severity.warn": {"en": "warning", "fr": "attention"},
    "check.severity.note": {"en": "note", "fr": "note"},
    "check.no_text": {
        "en": "give the text as an argument or with --file",
        "fr": "donnez le texte en argument ou avec --file",
    },
    # --- reply findings: what, then how to fix it
    "check.toxicity": {
        "en": "the reply reads as hostile (toxicity {value})",
        "fr": "la réponse paraît hostile (toxicité {value})",
    },
    "check.toxicity.fix": {
        "en": "rewrite it around the facts and the next step; no judgement of the person",
        "fr": "réécrivez-la autour des faits et de la prochaine étape, sans juger la personne",
    },
    "check.sarcasm": {
        "en": "irony or mockery: “{text}” will be read as sarcasm towards the customer",
        "fr": "ironie ou moquerie : « {text} » sera lu comme du sarcasme envers le client",
    },
    "check.sarcasm.fix": {
        "en": "say it plainly: acknowledge the problem, then give the next step",
        "fr": "dites-le simplement : reconnaissez le problème, puis donnez la prochaine étape",
    },
    "check.shouting": {
        "en": "words in capitals read as shouting: {text}",
        "fr": "des mots en capitales se lisent comme des cris : {text}",
    },
    "check.shouting.fix": {
        "en": "write them in lower case; use bold or a short sentence for emphasis",
        "fr": "écrivez-les en minuscules ; pour insister, une phrase courte suffit",
    },
    "check.punctuation": {
        "en": "repeated punctuation “{text}” sounds exasperated",
        "fr": "la ponctuation répétée « {text} » paraît exaspérée",
    },
    "check.punctuation.fix": {
        "en": "one exclamation or question mark is enough",
        "fr": "un seul point d'exclamation ou d'interrogation suffit",
    },
    "check.blame": {
        "en": "blames the customer: “{text}”",
        "fr": "culpabilise le client : « {text} »",
    },
    "check.blame.fix": {
        "en": "explain what to do now instead of what they should have done "
        "(e.g. “Here is how to…”)",
        "fr": "expliquez quoi faire maintenant plutôt que ce qu'il aurait fallu faire "
        "(par ex. « Voici comment… »)",
    },
    "check.command": {
        "en": "an order given to the customer: “{text}”",
        "fr": "un ordre donné au client : « {text} »",
    },
    "check.command.fix": {
        "en": "offer instead of ordering (e.g. “Could you…”, “If you like, we can…”)",
        "fr": "proposez au lieu d'ordonner (par ex. « Pourriez-vous… », "
        "« Si vous le souhaitez, nous pouvons… »)",
    },
    "check.address": {
        "en": "“{text}” breaks the charter's form of address ({expected})",
        "fr": "« {text} » ne respecte pas la forme d'adresse de la charte ({expected})",
    },
    "check.address.fix": {
        "en": "address the customer with “{expected}” throughout",
        "fr": "vouvoyez ou tutoyez comme le dit la charte : « {expected} » partout",
    },
    "check.banned_word": {
        "en": "“{text}” is a banned word in the charter ({word})",
        "fr": "« {text} » est un mot interdit par la charte ({word})",
    },
    "check.banned_word.fix": {
        "en": "remove it or use a neutral word",
        "fr": "supprimez-le ou employez un mot neutre",
    },
    "check.promise": {
        "en": "a promise the CM may not make ({kind}): “{text}”",
        "fr": "une promesse que le CM ne peut pas faire ({kind}) : « {text} »",
    },
    "check.promise.fix": {
        "en": "say who will look at it and when you will come back, without committing "
        "to an outcome (e.g. “our team will review your request”)",
        "fr": "dites qui va s'en occuper et quand vous revenez vers la personne, sans "
        "vous engager sur le résultat (par ex. « notre équipe étudie votre demande »)",
    },
    "check.admission": {
        "en": "an admission of fault or liability: “{text}”",
        "fr": "une reconnaissance de faute ou de responsabilité : « {text} »",
    },
    "check.admission.fix": {
        "en": "apologise for the experience, not for a fault (“we are sorry this "
        "happened”), and hand over to legal or customer care",
        "fr": "excusez-vous pour ce qui a été vécu, pas pour une faute (« nous sommes "
        "désolés de ce qui s'est passé ») et passez le relais au juridique ou au SAV",
    },
    "check.length": {
        "en": "{length} characters: longer than {limit} on {network}",
        "fr": "{length} caractères : plus que {limit} sur {network}",
    },
    "check.length.fix": {
        "en": "shorten it, or answer briefly and continue in private messages",
        "fr": "raccourcissez, ou répondez brièvement et continuez en message privé",
    },
    # --- post reasons
    "check.sensitive_topic": {
        "en": "touches a sensitive topic ({topic}): {text}",
        "fr": "aborde un sujet sensible ({topic}) : {text}",
    },
    "check.sensitive_topic.fix": {
        "en": "unless the post is about this topic, leave it out; if it is, no promotion "
        "and have it reviewed",
        "fr": "si la publication ne porte pas sur ce sujet, retirez-le ; sinon, aucune "
        "promotion et une relecture",
    },
    "check.risky_humour": {
        "en": "a joke next to a sensitive topic (“{text}”)",
        "fr": "de l'humour à côté d'un sujet sensible (« {text} »)",
    },
    "check.risky_humour.fix": {
        "en": "drop the joke or the topic",
        "fr": "retirez la blague ou le sujet",
    },
    "check.double_meaning": {
        "en": "a double meaning that can be read as innuendo: {text}",
        "fr": "un double sens qui peut être lu comme une allusion : {text}",
    },
    "check.double_meaning.fix": {
        "en": "read it as your harshest follower would; rephrase if in doubt",
        "fr": "relisez-la comme le ferait votre abonné le plus critique ; reformulez dans le doute",
    },
    "check.open_incident": {
        "en": "{count} incident(s) still open on the page, e.g. “{title}”",
        "fr": "{count} incident(s) encore ouvert(s) sur la page, par ex. « {title} »",
    },
    "check.open_incident.fix": {
        "en": "hold promotional posts until the incident is resolved; check with the comms lead",
        "fr": "suspendez les publications promotionnelles jusqu'à la résolution ; "
        "voyez avec le responsable communication",
    },
    "check.sensitive_date": {
        "en": "within a day of {date}, a date the charter marks as sensitive",
        "fr": "à moins d'un jour du {date}, une date sensible selon la charte",
    },
    "check.sensitive_date.fix": {
        "en": "move the post or make sure its tone suits the day",
        "fr": "décalez la publication ou vérifiez que son ton convient à ce jour",
    },
    "check.similar_incident": {
        "en": "close to a past incident thread ({ref}, similarity {similarity})",
        "fr": "proche d'un fil qui a déjà fait incident ({ref}, similarité {similarity})",
    },
    "check.similar_incident.fix": {
        "en": "reread that thread first: the same objections are likely to come back",
        "fr": "relisez d'abord ce fil : les mêmes objections risquent de revenir",
    },
    "check.negativity": {
        "en": "the post itself reads as very negative ({value})",
        "fr": "la publication elle-même paraît très négative ({value})",
    },
    "check.negativity.fix": {
        "en": "check that the brand means to sound this way",
        "fr": "vérifiez que la marque veut vraiment s'exprimer ainsi",
    },
    # --- labels put into the messages above
    "check.label.refund": {"en": "refund", "fr": "remboursement"},
    "check.label.compensation": {"en": "compensation", "fr": "dédommagement"},
    "check.label.legal_admission": {"en": "legal admission", "fr": "aveu de responsabilité"},
    "check.label.guarantee": {"en": "guarantee", "fr": "garantie"},
    "check.label.deadline": {"en": "deadline", "fr": "délai"},
    "check.label.charter": {"en": "charter", "fr": "charte"},
    "check.label.politics": {"en": "politics", "fr": "politique"},
    "check.label.religion": {"en": "religion", "fr": "religion"},
    "check.label.tragedy": {
        "en": "tragedy, death or disaster",
        "fr": "drame, décès ou catastrophe",
    },
    "check.label.health": {"en": "health", "fr": "santé"},
    "check.label.war_terror": {"en": "war or terrorism", "fr": "guerre ou terrorisme"},
    "check.label.sexuality": {"en": "sexuality", "fr": "sexualité"},
    "check.label.ethnicity": {"en": "ethnicity or race", "fr": "origine ou « race »"},
    "check.label.money_scandal": {
        "en": "money, fraud or layoffs",
        "fr": "argent, fraude ou licenciements",
    },
}
