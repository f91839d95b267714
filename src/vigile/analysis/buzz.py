"""Negative buzz on a page: a burst of negative comments against the page's own baseline.

Event time only. State is a small JSON-able dict so the pipeline can persist it and a
restart resumes where it stopped. The last hour is compared with the hourly rate of
the twelve hours before it (the spike rule of social listening tools), with a minimum
count and a cooldown so one burst raises one alert.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from vigile.domain.model import as_utc

WINDOW = timedelta(hours=1)
BASELINE = timedelta(hours=12)
COOLDOWN = timedelta(hours=2)


@dataclass(frozen=True, slots=True)
class BuzzOnset:
    at: datetime
    count: int
    baseline_per_hour: float
    episode: str


class BuzzDetector:
    """Feed negative comment times in event order; returns an onset when a burst starts."""

    name = "buzz-window"
    version = "1"

    def __init__(self, *, min_count: int = 6, ratio: float = 4.0) -> None:
        self.min_count = min_count
        self.ratio = ratio

    def update(self, state: dict[str, Any], at: datetime) -> BuzzOnset | None:
        """Add one negative event at `at`; mutates `state` in place."""
        at = as_utc(at)
        times: deque[float] = deque(state.get("times", []))
        stamp = at.timestamp()
        times.append(stamp)
        horizon = stamp - (WINDOW + BASELINE).total_seconds()
        while times and times[0] < horizon:
            times.popleft()
        state["times"] = list(times)
        window_start = stamp - WINDOW.total_seconds()
        recent = sum(1 for t in times if t >= window_start)
        before = len(times) - recent
        hourly = before / (BASELINE / timedelta(hours=1))
        last = state.get("last_onset")
        cooling = last is not None and stamp - last < COOLDOWN.total_seconds()
        if recent >= max(self.min_count, self.ratio * hourly) and not cooling:
            state["last_onset"] = stamp
            episode = at.strftime("%Y%m%dT%H%M%S")
            return BuzzOnset(at=at, count=recent, baseline_per_hour=hourly, episode=episode)
        return None
