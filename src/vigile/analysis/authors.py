"""Author signals: explainable behaviour features, never a verdict on a person.

Per author, a bounded JSON-able state: totals, toxic and derailing replies, comment
times of the last hour and the threads touched in it. `update` returns the features
that cross their thresholds, each with the numbers behind it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from vigile.domain.model import as_utc

BURST_WINDOW = timedelta(minutes=10)
THREADS_WINDOW = timedelta(hours=1)


@dataclass(frozen=True, slots=True)
class AuthorEvent:
    author: str
    thread: str | None
    at: datetime
    toxic: bool
    negative: bool
    replies_to_other: bool


@dataclass(frozen=True, slots=True)
class AuthorSignals:
    """`score` in [0, 1] is the strongest feature; `features` explain it."""

    score: float
    features: dict[str, Any] = field(default_factory=dict)


class AuthorDetector:
    name = "author-features"
    version = "1"

    def __init__(
        self,
        *,
        burst: int = 6,
        threads: int = 5,
        toxic_min: int = 3,
        toxic_share: float = 0.3,
    ) -> None:
        self.burst = burst
        self.threads = threads
        self.toxic_min = toxic_min
        self.toxic_share = toxic_share

    def update(self, state: dict[str, Any], event: AuthorEvent) -> AuthorSignals:
        stamp = as_utc(event.at).timestamp()
        state["comments"] = state.get("comments", 0) + 1
        state["toxic"] = state.get("toxic", 0) + event.toxic
        state["negative"] = state.get("negative", 0) + event.negative
        state["derailing"] = state.get("derailing", 0) + (event.toxic and event.replies_to_other)
        recent = [t for t in state.get("recent", []) if t >= stamp - BURST_WINDOW.total_seconds()]
        state["recent"] = [*recent, stamp]
        threads = {
            k: t
            for k, t in state.get("threads", {}).items()
            if t >= stamp - THREADS_WINDOW.total_seconds()
        }
        if event.thread:
            threads[event.thread] = stamp
        state["threads"] = threads
        return self._signals(state)

    def _signals(self, state: dict[str, Any]) -> AuthorSignals:
        features: dict[str, Any] = {}
        scores = [0.0]
        in_burst = len(state["recent"])
        if in_burst >= self.burst:
            features["comments_in_10_min"] = in_burst
            scores.append(min(1.0, in_burst / (2 * self.burst)) + 0.5)
        if len(state["threads"]) >= self.threads:
            features["threads_in_1_hour"] = len(state["threads"])
            scores.append(min(1.0, len(state["threads"]) / (2 * self.threads)) + 0.5)
        share = state["toxic"] / state["comments"]
        if state["toxic"] >= self.toxic_min and share >= self.toxic_share:
            features["toxic_comments"] = state["toxic"]
            features["toxic_share"] = round(share, 2)
            scores.append(0.5 + share / 2)
        if state["derailing"]:
            features["toxic_replies_to_others"] = state["derailing"]
        return AuthorSignals(score=round(min(1.0, max(scores)), 3), features=features)
