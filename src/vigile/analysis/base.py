"""The extension interfaces of analysis: one small, batch-first Protocol per kind."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from vigile.domain.model import CommentInput, ThreadComment


@dataclass(frozen=True, slots=True)
class CommentScores:
    """What one scorer says of one comment: signals in [0, 1], labels, and flags."""

    values: dict[str, float] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    flags: dict[str, bool] = field(default_factory=dict)


@runtime_checkable
class CommentScorer(Protocol):
    """Scores a batch of comments; every output is recorded with `name` and `version`."""

    name: str
    version: str

    def score(self, comments: Sequence[CommentInput]) -> list[CommentScores]:
        """One `CommentScores` per input, in the same order."""
        ...


@dataclass(frozen=True, slots=True)
class Reason:
    """Why a score is high, as a message code and its values (rendered in FR or EN)."""

    code: str
    values: dict[str, str | int | float] = field(default_factory=dict)

    def as_dict(self) -> dict[str, str | int | float]:
        return {"code": self.code, **self.values}


@dataclass(frozen=True, slots=True)
class Forecast:
    """Probability that a thread goes awry soon, the decision at the default threshold, why."""

    derailment: float
    derails: bool
    reasons: tuple[Reason, ...] = ()


@runtime_checkable
class ThreadForecaster(Protocol):
    """Forecasts derailment for a batch of threads (comments oldest first, already scored)."""

    name: str
    version: str

    def forecast(
        self, threads: Sequence[Sequence[ThreadComment]], posts: Sequence[str | None]
    ) -> list[Forecast]:
        """One `Forecast` per thread, in the same order."""
        ...


NEGATIVE_AT = 0.5
TOXIC_AT = 0.5
# calibrated signals (complaint, spam, ironic, pii) read 0.5 at the threshold chosen on tune
SIGNAL_AT = 0.5


def calibrate(p: float, threshold: float) -> float:
    """`p` shifted on the logit scale so that `threshold` reads 0.5 (ranking unchanged).

    A head's probabilities sit on its own scale (a French threshold is not an English one);
    charters, playbooks and detectors compare signals with fixed cut-offs, which then mean
    the same for every head and language."""
    p = min(max(p, 1e-6), 1.0 - 1e-6)
    t = min(max(threshold, 1e-6), 1.0 - 1e-6)
    return 1.0 / (1.0 + math.exp(-(math.log(p / (1.0 - p)) - math.log(t / (1.0 - t)))))


def is_toxic(result: CommentScores) -> bool:
    """The scorer's own calibrated decision when it gives one, else toxicity >= 0.5."""
    if "toxic" in result.flags:
        return result.flags["toxic"]
    return result.values.get("toxicity", 0.0) >= TOXIC_AT


def is_negative(result: CommentScores) -> bool:
    """Negative or toxic, what the dynamics detectors count (not a moderation decision).

    Uses the scorer's sentiment label when it has one (a three-way head rarely puts more
    than half of its probability on one class), else negativity >= 0.5.
    """
    if is_toxic(result):
        return True
    if "sentiment" in result.labels:
        return result.labels["sentiment"] == "negative"
    return result.values.get("negativity", 0.0) >= NEGATIVE_AT


def is_clearly_negative(values: dict[str, float]) -> bool:
    """Negativity or toxicity of at least 0.5: stricter than `is_negative`, for volume
    detectors (a page's buzz) where one noisy comment in six would drown the signal."""
    return max(values.get("negativity", 0.0), values.get("toxicity", 0.0)) >= NEGATIVE_AT
