"""The comment model: word TF-IDF and static vectors side by side, two linear heads.

Both feature blocks read one shared tokenisation (negation-marked tokens), which is what
makes the model fast enough to run on every comment.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from vigile.analysis.base import calibrate
from vigile.analysis.comment_model.static import StaticEmbedder
from vigile.analysis.comment_model.tfidf import WordTfidf

Vector = NDArray[np.float32]
SENTIMENTS = ("negative", "neutral", "positive")


@dataclass(frozen=True, slots=True)
class Heads:
    """Logistic regression weights: toxicity (binary) and sentiment (3 classes)."""

    tox_w: Vector
    tox_b: float
    sent_w: NDArray[np.float32]
    sent_b: Vector


@dataclass(frozen=True, slots=True)
class Predictions:
    """P(toxic) per text and sentiment probabilities per text (columns: SENTIMENTS)."""

    toxicity: Vector
    sentiment: NDArray[np.float32]


@dataclass(frozen=True, slots=True)
class CommentModel:
    """Features, heads, and the per-language toxicity thresholds chosen on tune (the
    calibration of the scorer's `toxicity`)."""

    tfidf: WordTfidf
    static: StaticEmbedder
    heads: Heads
    thresholds: Mapping[str, float]

    def features(self, docs: Sequence[Sequence[str]]) -> sp.csr_matrix:
        """[TF-IDF | static vector] for negation-marked token lists."""
        words = self.tfidf.transform(docs)
        return sp.hstack([words, sp.csr_matrix(self.static.embed(docs))]).tocsr()

    def predict(self, docs: Sequence[Sequence[str]]) -> Predictions:
        x = self.features(docs)
        tox_logit = np.asarray(x @ self.heads.tox_w).ravel() + self.heads.tox_b
        logits = np.asarray(x @ self.heads.sent_w.T) + self.heads.sent_b
        logits -= logits.max(axis=1, keepdims=True)
        e = np.exp(logits)
        return Predictions(
            toxicity=(1.0 / (1.0 + np.exp(-tox_logit))).astype(np.float32),
            sentiment=(e / e.sum(axis=1, keepdims=True)).astype(np.float32),
        )

    def threshold(self, lang: str) -> float:
        """The toxic threshold of `lang`; languages without their own use English's."""
        return self.thresholds.get(lang, self.thresholds["en"])

    def calibrated(self, toxicity: float, lang: str) -> float:
        """P(toxic) shifted on the logit scale so that `lang`'s threshold reads 0.5
        (`analysis.base.calibrate`): 0.5 means "toxic" in every language."""
        return calibrate(toxicity, self.threshold(lang))
