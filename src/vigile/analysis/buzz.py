"""Negative buzz on a page: a burst of negative comments against the page's own baseline.

Event time only. The negative counts of the last 5, 10, 30 and 60 minutes are compared
with what the page usually gets in that span: the larger of the hourly mean of the
twelve hours before (the spike rule of social listening tools) and the page's usual
count at this time of day (an average per hour of day, plain over the first days then
exponentially weighted, read over the hour and its two neighbours). For an hour of day
the page has no history of yet (its first day), the expectation also follows its calm
traffic of the last hour or so, so that a new page waking up is not a burst. A burst
needs a minimum count, a ratio over the expectation and a small Poisson tail probability
in one of the spans (smaller on busy pages, which test more often); a cooldown keeps one
burst to one alert. After the brand replies during a burst, the detector reports
recovery once the negative rate of the last 30 minutes has fallen to half the rate
before the reply.

Parameters were chosen on the dev split of `vigile eval buzz` (docs/dynamics.md).
State is a small JSON-able dict so the pipeline can persist it; work per event is
constant, amortised over the evictions of old timestamps.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from vigile.domain.model import as_utc

HOUR = 3600.0
BASELINE_HOURS = 12
COOLDOWN = 2 * HOUR
RECOVERY_WINDOW = 1800.0
TOD_WEIGHT = 0.2
# a state saved before `tod_days` existed has folded many days into every slot
FOLDED_BEFORE = [1000] * 24
# until an hour of day has history, its negatives are expected in proportion to its calm
# comments, at the page's ratio of the last 12 hours (starting from 1 to 3)
PRIOR_NEGATIVE = 1
PRIOR_CALM = 3


@dataclass(frozen=True, slots=True)
class BuzzOnset:
    at: datetime
    count: int
    expected_per_hour: float
    episode: str


@dataclass(frozen=True, slots=True)
class BuzzRecovery:
    at: datetime
    episode: str
    negative_before_reply: int
    negative_last_30_min: int


class BuzzDetector:
    """Feed every comment of a page in event order; get onsets and recoveries back."""

    name = "buzz-window"
    version = "3"

    def __init__(
        self,
        *,
        min_count: int = 4,
        ratio: float = 4.0,
        max_tail: float = 5e-4,
        windows_min: tuple[int, ...] = (5, 10, 30, 60),
    ) -> None:
        self.min_count = min_count
        self.ratio = ratio
        self.max_tail = max_tail
        self.windows = tuple(60.0 * w for w in windows_min)

    def update(
        self, state: dict[str, Any], at: datetime, *, negative: bool, brand: bool = False
    ) -> BuzzOnset | BuzzRecovery | None:
        """Add one comment; mutates `state` in place."""
        stamp = as_utc(at).timestamp()
        self._roll_hours(state, stamp)
        times = [
            t for t in state.get("times", []) if t > stamp - max(*self.windows, 2 * RECOVERY_WINDOW)
        ]
        hour = str(int(stamp // HOUR))
        if negative:
            times.append(stamp)
            state.setdefault("hours", {})[hour] = state["hours"].get(hour, 0) + 1
        if not brand and not negative:
            calm: dict[str, int] = state.setdefault("calm", {})
            calm[hour] = calm.get(hour, 0) + 1
        state["times"] = times
        episode = state.get("episode")
        if brand and episode and "reply_at" not in episode and stamp - episode["start"] < COOLDOWN:
            episode["reply_at"] = stamp
            episode["before_reply"] = sum(1 for t in times if t > stamp - RECOVERY_WINDOW)
        if episode and "reply_at" in episode and not episode.get("recovered"):
            recovery = self._recovery(episode, times, stamp, at)
            if recovery is not None:
                return recovery
        if negative:
            return self._onset(state, times, stamp, at)
        return None

    def expected_per_hour(self, state: dict[str, Any], stamp: float) -> float:
        """The larger of the 12-hour mean and the usual count at this time of day; for an
        hour of day the page has no history of yet, at least its calm comments of the last
        hour or so times its negative-to-calm ratio of the past 12 hours."""
        current = int(stamp // HOUR)
        hours: dict[str, int] = state.get("hours", {})
        recent = sum(hours.get(str(h), 0) for h in range(current - BASELINE_HOURS, current))
        slot = datetime.fromtimestamp(stamp, UTC).hour
        tod: list[float] = state.get("tod", [0.0] * 24)
        days: list[int] = state.get("tod_days", FOLDED_BEFORE)
        # this hour of day and its two neighbours, those with history: less noise than one
        known = [tod[s % 24] for s in (slot - 1, slot, slot + 1) if days[s % 24]]
        by_time_of_day = sum(known) / len(known) if known else 0.0
        expected = max(0.5, recent / BASELINE_HOURS, by_time_of_day)
        if days[slot] == 0:
            calm: dict[str, int] = state.get("calm", {})
            seen = sum(calm.get(str(h), 0) for h in range(current - BASELINE_HOURS, current))
            odds = (recent + PRIOR_NEGATIVE) / (seen + PRIOR_CALM)
            span = 1 + (stamp - current * HOUR) / HOUR
            now = (calm.get(str(current), 0) + calm.get(str(current - 1), 0)) / span
            expected = max(expected, odds * now)
        return expected

    def _onset(
        self, state: dict[str, Any], times: list[float], stamp: float, at: datetime
    ) -> BuzzOnset | None:
        last = state.get("last_onset")
        if last is not None and stamp - last < COOLDOWN:
            return None
        hourly = self.expected_per_hour(state, stamp)
        # every negative comment is a test: divide by their hourly count, so that a busy
        # page gets no more chance alerts a week than a quiet one
        max_tail = self.max_tail / max(1.0, hourly)
        for window in self.windows:
            count = sum(1 for t in times if t > stamp - window)
            expected = hourly * window / HOUR
            if (
                count >= max(self.min_count, self.ratio * expected)
                and _poisson_tail(count, expected) <= max_tail
            ):
                break
        else:
            return None
        state["last_onset"] = stamp
        episode = as_utc(at).strftime("%Y%m%dT%H%M%S")
        state["episode"] = {"id": episode, "start": stamp}
        return BuzzOnset(at=as_utc(at), count=count, expected_per_hour=hourly, episode=episode)

    def _recovery(
        self, episode: dict[str, Any], times: list[float], stamp: float, at: datetime
    ) -> BuzzRecovery | None:
        if stamp - episode["reply_at"] < RECOVERY_WINDOW:
            return None
        recent = sum(1 for t in times if t > stamp - RECOVERY_WINDOW)
        if recent * 2 > episode["before_reply"] or episode["before_reply"] < 2:
            return None
        episode["recovered"] = True
        return BuzzRecovery(
            at=as_utc(at),
            episode=episode["id"],
            negative_before_reply=episode["before_reply"],
            negative_last_30_min=recent,
        )

    @staticmethod
    def _roll_hours(state: dict[str, Any], stamp: float) -> None:
        """Fold closed hours older than the baseline into the hour-of-day averages."""
        current = int(stamp // HOUR)
        hours: dict[str, int] = state.setdefault("hours", {})
        seen = state.get("seen_hour", current)
        tod: list[float] = state.setdefault("tod", [0.0] * 24)
        # days folded per slot: a plain mean until 1/n falls below TOD_WEIGHT (a state
        # without it is a mature one)
        days: list[int] = state.setdefault(
            "tod_days", list(FOLDED_BEFORE) if "seen_hour" in state else [0] * 24
        )
        for hour in range(max(seen, current - 24 * 7), current):
            count = hours.get(str(hour), 0)
            slot = datetime.fromtimestamp(hour * HOUR, UTC).hour
            days[slot] = min(days[slot] + 1, 1000)
            weight = max(TOD_WEIGHT, 1 / days[slot])
            tod[slot] = (1 - weight) * tod[slot] + weight * count
        state["seen_hour"] = current
        for key in [k for k in hours if int(k) < current - BASELINE_HOURS]:
            del hours[key]
        calm: dict[str, int] = state.setdefault("calm", {})
        for key in [k for k in calm if int(k) < current - BASELINE_HOURS]:
            del calm[key]


def _poisson_tail(count: int, expected: float) -> float:
    """P(X >= count) for X ~ Poisson(expected)."""
    term = math.exp(-expected)
    below = 0.0
    for k in range(count):
        below += term
        term *= expected / (k + 1)
    return max(0.0, 1.0 - below)
