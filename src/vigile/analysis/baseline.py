"""A transparent lexicon baseline: toxicity, negativity, drift and language, FR and EN.

It is the floor the trained models must beat, and what runs when they are absent.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from functools import cache, lru_cache
from importlib import resources

import yaml

from vigile.analysis.base import CommentScores
from vigile.analysis.language import detect
from vigile.analysis.normalise import words
from vigile.domain.model import CommentInput


@cache
def _lexicon() -> dict[str, frozenset[str]]:
    text = resources.files("vigile.analysis").joinpath("baseline_lexicon.yaml").read_text("utf-8")
    return {name: frozenset(words) for name, words in yaml.safe_load(text).items()}


class BaselineScorer:
    """Counts lexicon hits after normalisation; drift is bag-of-words distance to the post."""

    name = "baseline-lexicon"
    version = "1"
    toxic_threshold = 0.5

    def score(self, comments: Sequence[CommentInput]) -> list[CommentScores]:
        langs = detect([c.text for c in comments])
        return [self._one(c, lang) for c, lang in zip(comments, langs, strict=True)]

    def _one(self, comment: CommentInput, lang: str) -> CommentScores:
        tokens = words(comment.text)
        lexicon = _lexicon()
        insults, negative, positive = lexicon["insult"], lexicon["negative"], lexicon["positive"]
        toxicity = _saturate(sum(t in insults for t in tokens), scale=1.2)
        negative_hits = sum(t in negative for t in tokens) + 0.5 * sum(t in insults for t in tokens)
        positive_hits = sum(t in positive for t in tokens)
        negativity = _saturate(negative_hits, scale=1.5) * (1.0 - 0.5 * _saturate(positive_hits))
        values = {"toxicity": toxicity, "negativity": negativity}
        if comment.post_text:
            values["drift"] = 1.0 - _cosine(_bag(tokens), _post_bag(comment.post_text))
        sentiment = _sentiment(negativity, _saturate(positive_hits, scale=1.5))
        return CommentScores(
            values={k: round(v, 4) for k, v in values.items()},
            labels={"lang": comment.lang or lang, "sentiment": sentiment},
            flags={"toxic": toxicity >= self.toxic_threshold},
        )


def _saturate(hits: float, *, scale: float = 1.0) -> float:
    return 1.0 - math.exp(-hits / scale) if hits > 0 else 0.0


def _sentiment(negativity: float, positivity: float) -> str:
    if negativity >= 0.4 and negativity >= positivity:
        return "negative"
    if positivity >= 0.4:
        return "positive"
    return "neutral"


@lru_cache(maxsize=4096)
def _post_bag(text: str) -> Counter[str]:
    """Posts repeat across their comments: their bag of words is computed once."""
    return _bag(words(text))


def _bag(tokens: list[str]) -> Counter[str]:
    return Counter(t for t in tokens if t not in _lexicon()["stopword"] and len(t) > 2)


def _cosine(a: Counter[str], b: Counter[str]) -> float:
    if not a or not b:
        return 0.0
    dot = sum(a[t] * b[t] for t in a.keys() & b.keys())
    return dot / math.sqrt(sum(v * v for v in a.values()) * sum(v * v for v in b.values()))
