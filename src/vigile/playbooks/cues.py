"""Cues: what a CM spots in the words of a comment, in French and English.

Scores say how toxic or negative a comment is; they do not say *what* it is about. A
few explainable word patterns do: a complaint ("still not received"), a call to get
back on topic, agreement with a previous comment, a legal threat, a boycott. They only
ever weigh in scenario recommendation, each match can be shown to the CM, and they are
matched on accent-free lower-case text.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

CUE_PATTERNS: dict[str, tuple[str, ...]] = {
    "complaint": (
        r"decu(e|s|es)?\b",
        r"decevant",
        r"disappoint",
        r"\bretards?\b",
        r"\bdelay",
        r"toujours pas",
        r"(jamais|rien|pas) recu",
        r"never (received|arrived|got)",
        r"still (no|not|waiting)",
        r"rembours",
        r"\brefund",
        r"service client",
        r"customer (service|support)",
        r"(sans|aucune|pas de) reponse",
        r"no (answer|reply|response)",
        r"trop long",
        r"too long",
        r"j'aurais aime",
        r"should have (been|told|sent)",
        r"inadmissible|inacceptable|unacceptable",
        r"\bchauff",
        r"overheat",
        r"defectu|\bdefaut\b|\bfaulty\b|\bdefect",
        r"en panne|\bbroken\b",
        r"ne (marche|fonctionne) (pas|plus)|(doesn't|does not|don't) work|not working",
        r"\bplante\b|\bcrash",
        r"je ne peux pas|i can(not|'t) (use|ride|charge)",
    ),
    "confusion": (
        r"je ne comprends pas|pas compris",
        r"(ca|cela) veut dire",
        r"i don'?t (understand|get it)",
        r"\bconfus",
        r"does (this|that|it) mean",
        r"am i affected|suis-je concerne",
        r"est-ce que (ca|cela) concerne",
        r"is it true|c'est vrai que",
        r"what do you mean|c'est-a-dire",
    ),
    "misinformation": (
        r"\bscam\b",
        r"\barnaque",
        r"\bfake\b",
        r"\bhoax\b",
        r"\blies?\b|\blying\b",
        r"mensonge|menteur",
        r"propagand",
        r"wake up|reveillez-vous",
        r"on nous cache|they don'?t tell you",
        r"fairy tales?|conte de fees",
        r"complot|conspiracy",
        r"greenwashing",
        r"juste du marketing|just marketing",
        r"c'est faux|that'?s (false|not true)",
    ),
    "off_topic_call": (
        r"nothing to do with",
        r"have to do with",
        r"keep (this|it) (about|on)",
        r"back on topic|\bon topic\b",
        r"off[- ]topic",
        r"hors[- ]sujet",
        r"rien a voir",
        r"revenons (au|a nos)",
        r"pas le sujet",
    ),
    "agreement": (
        r"^\s*\+\s*1",
        r"^\s*(exactement|exactly|pareil|same here|so true)\b",
        r"tout a fait d'accord|totalement d'accord|completement d'accord",
        r"(totally|completely) agree",
        r"je confirme|moi aussi|me too",
        r"not wrong",
        "\N{WHITE UP POINTING BACKHAND INDEX}",
    ),
    "legal_threat": (
        r"action collective|recours collectif|class action",
        r"\bavocat|\blawyer|\battorney",
        r"porter plainte|\blawsuit|\bsue (you|them)",
        r"\bpoursui(te|vre)|\btribunal",
        r"protection du consommateur|consumer protection",
    ),
    "churn": (
        r"boycott",
        r"annuler? (ma|notre) commande|cancel(ling)? my order",
        r"plus jamais|never again|never buying",
        r"je partage|sharing this",
        r"fermez boutique",
        r"mauvaises? (notes?|avis)|bad reviews?",
    ),
}
CUES = tuple(CUE_PATTERNS)


def fold(text: str) -> str:
    """Lower case without accents, so that 'déçue' and 'decue' read the same."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).replace("’", "'")


@cache
def _compiled(cue: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in CUE_PATTERNS[cue]))


def cues_of(text: str) -> frozenset[str]:
    """The cues a comment's words show."""
    folded = fold(text)
    return frozenset(cue for cue in CUES if _compiled(cue).search(folded))
