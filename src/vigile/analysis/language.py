"""Language identification for the languages Vigile serves; anything else is 'other'."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache, lru_cache
from typing import Any

from vigile.domain.model import CommentInput

SUPPORTED = ("fr", "en")
# Restricting the candidates to common European languages keeps short comments from
# being read as a rare language; only fr and en are reported, the rest is 'other'.
_CANDIDATES = ("fr", "en", "es", "de", "it", "pt", "nl")


# Function words that are common in one language and rare in the other. A text that
# uses several of one list and none of the other is decided without the n-gram model
# (about a third of the cost of scoring a comment otherwise).
def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_FUNCTION_WORDS = {
    "fr": _words(
        "le la les des du un une est et je tu il elle nous vous ils sont pas ne que qui "
        "dans pour sur avec mais ou au aux ce cette ces mon ma mes ton ta tes son sa ses "
        "votre vos notre nos leur très plus c'est j'ai n'est qu'il d'un d'une"
    ),
    "en": _words(
        "the and is are was were you your i my me it its this that to of for with not "
        "but or at be have has do does don't i'm it's what they their we our will just "
        "can from"
    ),
}
_WORDS = re.compile(r"[a-zà-ÿ']+")


def _by_function_words(text: str) -> str | None:
    """'fr' or 'en' when the function words leave no doubt, else None."""
    words = _WORDS.findall(text.lower().replace("\u2019", "'"))
    fr = sum(w in _FUNCTION_WORDS["fr"] for w in words)
    en = sum(w in _FUNCTION_WORDS["en"] for w in words)
    if fr >= 3 and en == 0:
        return "fr"
    if en >= 3 and fr == 0:
        return "en"
    return None


@cache
def _identifier(candidates: tuple[str, ...]) -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(candidates))
    return identifier


def detect(texts: Sequence[str], *, candidates: tuple[str, ...] = _CANDIDATES) -> list[str]:
    """'fr', 'en' or 'other' for each text; fewer than three letters is 'other'.

    A model trained on French and English only may pass `candidates=SUPPORTED`: short
    French comments are then no longer read as Spanish or Italian ("Tu es un idiot."),
    and texts whose function words are clearly French or English skip the n-gram model.
    """
    return [_detect_one(text, candidates) for text in texts]


@lru_cache(maxsize=65_536)
def _detect_one(text: str, candidates: tuple[str, ...]) -> str:
    """One text's language; cached: the scorer and the forecaster both ask for new comments."""
    if not _has_letters(text, 3):
        return "other"
    decided = _by_function_words(text) if set(candidates) <= set(SUPPORTED) else None
    if decided:
        return decided
    lang, _ = _identifier(candidates).classify(text)
    return lang if lang in SUPPORTED else "other"


def _has_letters(text: str, count: int) -> bool:
    """At least `count` letters (stops at the count: comments can be long)."""
    for char in text:
        if char.isalpha():
            count -= 1
            if count == 0:
                return True
    return count <= 0


def comment_languages(comments: Sequence[CommentInput]) -> list[str]:
    """Each comment's language: the input's when given; otherwise `fr` or `en` (the trained
    scorers' languages), or 'other' under three letters."""
    unknown = [c.text for c in comments if not c.lang]
    detected = iter(detect(unknown, candidates=SUPPORTED) if unknown else [])
    return [c.lang or next(detected) for c in comments]
