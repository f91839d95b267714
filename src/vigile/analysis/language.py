"""Language identification for the languages Vigile serves; anything else is 'other'."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

SUPPORTED = ("fr", "en")
# Restricting the candidates to common European languages keeps short comments from
# being read as a rare language; only fr and en are reported, the rest is 'other'.
_CANDIDATES = ["fr", "en", "es", "de", "it", "pt", "nl"]


@cache
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(_CANDIDATES)
    return identifier


def detect(texts: Sequence[str]) -> list[str]:
    """'fr', 'en' or 'other' for each text; fewer than three letters is 'other'."""
    identifier = _identifier()
    out = []
    for text in texts:
        if sum(c.isalpha() for c in text) < 3:
            out.append("other")
            continue
        lang, _ = identifier.classify(text)
        out.append(lang if lang in SUPPORTED else "other")
    return out
