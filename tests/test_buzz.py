"""Negative buzz: the page baseline in its first days, saved states, and the eval's splits."""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime, timedelta

import pytest

from conftest import SHARED_DATA, Cli
from vigile.analysis.buzz import BuzzDetector, BuzzOnset
from vigile.analysis.training.splits import Corpus
from vigile.eval.buzz import SOURCES

T0 = datetime(2026, 11, 10, tzinfo=UTC)


def _feed(
    detector: BuzzDetector,
    state: dict[str, object],
    start: datetime,
    *,
    per_hour: int,
    hours: int,
    every: int,
) -> list[object]:
    """`per_hour` comments an hour, evenly spaced, every `every`-th one negative."""
    found = []
    for i in range(per_hour * hours):
        at = start + timedelta(seconds=i * 3600 / per_hour)
        found.append(detector.update(state, at, negative=i % every == 0))
    return found


def test_a_new_page_waking_up_is_no_buzz() -> None:
    """Traffic rising fifteenfold in the morning with the same negative share, on the page's
    first day, before it has any usual count for those hours."""
    detector, state = BuzzDetector(), {}
    _feed(detector, state, T0, per_hour=2, hours=8, every=4)
    morning = _feed(detector, state, T0 + timedelta(hours=8), per_hour=30, hours=4, every=4)
    assert not any(isinstance(f, BuzzOnset) for f in morning)
    # twice the traffic, all of it negative, is a burst
    burst = _feed(detector, state, T0 + timedelta(hours=12), per_hour=60, hours=1, every=1)
    assert any(isinstance(f, BuzzOnset) for f in burst)


def test_one_day_of_history_is_the_usual_count_for_that_hour() -> None:
    detector, state = BuzzDetector(), {}
    _feed(detector, state, T0, per_hour=1, hours=12, every=1000)  # calm morning
    _feed(detector, state, T0 + timedelta(hours=12), per_hour=12, hours=2, every=1)
    _feed(detector, state, T0 + timedelta(hours=14), per_hour=1, hours=22, every=1000)
    # next day at noon: the last 12 hours were calm, but noon usually brings 12 an hour
    expected = detector.expected_per_hour(state, (T0 + timedelta(days=1, hours=12.5)).timestamp())
    assert 6 <= expected <= 12
    json.dumps(state)  # state stays JSON-able for persistence


def test_a_state_saved_by_the_previous_version_still_works() -> None:
    old = {
        "times": [],
        "hours": {},
        "tod": [2.0] * 24,
        "seen_hour": int(T0.timestamp() // 3600),
        "last_onset": None,
    }
    detector = BuzzDetector()
    state = json.loads(json.dumps(old))
    quiet = _feed(detector, state, T0 + timedelta(minutes=5), per_hour=8, hours=3, every=4)
    assert not any(isinstance(f, BuzzOnset) for f in quiet)
    assert detector.expected_per_hour(state, (T0 + timedelta(hours=3)).timestamp()) >= 2.0


@pytest.mark.skipif(not SHARED_DATA.is_dir(), reason="../shared/data is absent (fresh clone)")
def test_dev_split_uses_only_texts_the_comment_model_was_not_fitted_on(cli: Cli) -> None:
    result = cli("eval", "buzz", "--data", SHARED_DATA, "--pages", "4", "--split", "dev")
    assert result.exit_code == 0, result.output
    tune = Corpus(SHARED_DATA).select(SOURCES["dev"], "tune")
    negative = sum(r.sentiment == "negative" or bool(r.toxic) for r in tune)
    assert f"{len(tune) - negative} calm and {negative} negative real texts" in result.output


def test_a_busy_steady_page_gets_few_chance_alerts() -> None:
    """80 comments an hour at random times, a quarter negative: every negative comment is
    a test, so without allowing for that a page this busy gets about two a week."""
    onsets = 0
    for seed in range(6):  # six page-weeks, each after a first day of learning
        rng = random.Random(seed)
        detector, state, at = BuzzDetector(), {}, T0
        while at < T0 + timedelta(days=8):
            at += timedelta(seconds=rng.expovariate(80 / 3600))
            found = detector.update(state, at, negative=rng.random() < 0.25)
            onsets += isinstance(found, BuzzOnset) and at > T0 + timedelta(days=1)
    assert onsets <= 2
