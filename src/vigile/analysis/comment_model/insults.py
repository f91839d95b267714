"""A floor under `toxicity` for comments that use an unambiguous insult, slur or threat.

The French toxic data is keyword-collected hate tweets where "connard" appears on both
sides of the label, so the model alone scores a plain "connard" below the French
threshold. A CM expects a bare insult to be flagged in any language; this short list says
so, transparently. Words only: "stupid", "nul", "clown" or "loser" are left to the model,
which reads their context. A listed word does not count inside a negation scope ("ce n'est
pas idiot") or inside quotation marks (an insult quoted to report or condemn it).
Matched on the model's folded tokens (no accents, lower case), per language; other
languages use both lists, less "retard" (a delay in French). "Con" counts only addressed
or name-calling ("vous êtes des cons", "pauvre con"), not in idioms ("à la con", "c'est
con"). "Pour des idiots" (French "ils nous prennent pour des
idiots": a complaint, not an attack) does not count either. Threats are phrases ("je vais
te buter", "kill yourself"), matched on the same tokens, so a denied one ("je ne vais pas
te tuer") does not count.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from vigile.analysis.comment_model.text import marked_tokens


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


INSULT_FLOOR = 0.85  # calibrated: past the charters' "clearly toxic" 0.8 and the playbooks' 0.75

FRENCH = _words(
    """
    abruti abrutie abrutis abruties connard connards connasse connasses cretin cretine
    cretins cretines debile debiles imbecile imbeciles idiot idiote idiots idiotes encule
    encules enculee enculees enfoire enfoiree enfoires enfoirees salaud salauds salope
    salopes petasse petasses pouffiasse pouffiasses pute putes batard batarde batards
    batardes bouffon bouffonne bouffons tocard tocarde tocards naze nazes raclure raclures
    couillon couillons trouduc pd pede pedes tapette tapettes gouine gouines bougnoule
    bougnoules negro negros youpin youpins bicot bicots
    """
)
ENGLISH = _words(
    """
    idiot idiots moron morons imbecile imbeciles asshole assholes arsehole bastard bastards
    bitch bitches cunt cunts dumbass dickhead dickheads douchebag douchebags jackass
    motherfucker motherfuckers retard retards retarded scumbag scumbags twat twats wanker
    wankers faggot faggots fag fags nigger niggers tranny trannies kike kikes spic spics
    chink chinks dyke dykes
    """
)
# in other languages, both lists but the words that are harmless in one of them
_LISTS = {
    "fr": FRENCH,
    "en": ENGLISH,
    "": (FRENCH | ENGLISH) - {"retard", "retards"},
}
_YOU_FR = r"(?:te|t'|vous)"
_THREATS = {
    "fr": re.compile(
        # "con" only when addressed or called names: "vous êtes des cons", "pauvre con"
        r"(?:^| )(?:es|etes|sont|espece de|sale|sales|pauvre|pauvres|bande de|gros|grosse|"
        r"vieux|vieille)(?: (?:un|une|des|tous|toutes|vraiment|trop|que|qu'|juste))* "
        r"(?:con|cons|conne|connes)\b|"
        r"\b(?:je|j'|on) (?:vais|va|vas) " + _YOU_FR + r" ?(?:tuer|buter|crever|defoncer|"
        r"egorger|faire la peau|casser la gueule)\b|\b(?:suicide|pends|tue) - toi\b|"
        r"(?:^|[.,;:!?] )va (?:te pendre|te suicider|te tuer|mourir)\b|"  # imperatives only
        r"\bje sais ou (?:tu habites|vous habitez)\b"
    ),
    "en": re.compile(
        r"\bkill (?:yourself|urself|yourselves)\b|\bkys\b|\bgo die\b|\bhope you die\b|"
        r"\b(?:i'll|we'll|i will|we will|i'm going to|i'm gonna|we're going to|we're gonna) "
        r"(?:kill|hurt|stab) you\b|\bi know where you live\b"
    ),
}
_TAKEN_FOR = {("pour", "des"), ("pour", "un"), ("pour", "une")}
_QUOTED = re.compile(
    r"«[^»]*»|\"[^\"]*\"|“[^”]*”|‘[^’]*’|(?<![\w'’])'[^']*'(?![\w])",
)


def insults(text: str, lang: str, tokens: Sequence[str] | None = None) -> list[str]:
    """The listed insults and threats used in `text`: outside quotes and negation scopes.

    `tokens`, the text's `marked_tokens` when already cut, spares the quote-aware second
    reading for the many comments with no listed word at all."""
    words = _LISTS.get(lang, _LISTS[""])
    threats = [_THREATS[lang]] if lang in _THREATS else list(_THREATS.values())
    if tokens is not None and words.isdisjoint(tokens):
        joined = " ".join(tokens)
        if not any(threat.search(joined) for threat in threats):
            return []
    cut = marked_tokens(_QUOTED.sub(" , ", text))
    found = [
        t
        for i, t in enumerate(cut)
        if t in words and tuple(cut[max(0, i - 2) : i]) not in _TAKEN_FOR
    ]
    joined = " ".join(cut)
    return found + [m.group(0).strip() for threat in threats for m in threat.finditer(joined)]
