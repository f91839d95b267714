"""Language identification for the languages Vigile serves; anything else is 'other'."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

SUPPORTED = ("fr", "en")
# Restricting the candidates to common European languages keeps short comments from
# being read as a rare language; only fr and en are reported, the rest is 'other'.
_CANDIDATES = ("fr", "en", "es", "de", "it", "pt", "nl")


@cache
def _identifier(candidates: tuple[str, ...]) -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(candidates))
    return identifier


def detect(texts: Sequence[str], *, candidates: tuple[str, ...] = _CANDIDATES) -> list[str]:
    """'fr', 'en' or 'other' for each text; fewer than three letters is 'other'.

    A model trained on French and English only may pass `candidates=SUPPORTED`: short
    French comments are then no longer read as Spanish or Italian ("Tu es un idiot.").
    """
    identifier = _identifier(candidates)
    out = []
    for text in texts:
        if sum(c.isalpha() for c in text) < 3:
            out.append("other")
            continue
        lang, _ = identifier.classify(text)
        out.append(lang if lang in SUPPORTED else "other")
    return out
