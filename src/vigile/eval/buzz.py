"""A labelled evaluation of negative buzz detection, built from real comments.

Real texts from ../shared/data are scored once by the configured scorers, then placed
on synthetic timelines: each page gets a week of background traffic with a day/night
rhythm (mostly calm texts, some complaints), and half of the pages get one burst of
negative texts at a known onset. The detector runs on the scores, as in the pipeline.

The texts must be ones the comment scorer did not fit: on its training rows it is far
more sure of itself (78% of the negative texts flagged against 52% on held-out rows of
the same files), and a detector tuned on those would be too optimistic. So the dev split
is the comment model's `tune` split of the *_train files (held out from fitting, see
`vigile.analysis.training.splits`), the test split is the *_val files; the detector's
parameters are chosen on dev only.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from statistics import median

from vigile.analysis.base import CommentScorer, is_clearly_negative
from vigile.analysis.buzz import BuzzDetector, BuzzOnset
from vigile.analysis.training.splits import Corpus
from vigile.domain.model import CommentInput
from vigile.pipeline.analyse import score_batch

SOURCES = {
    "dev": ["xlmt_sentiment_en_train", "xlmt_sentiment_fr_train", "tweeteval_offensive_en_train"],
    "test": ["xlmt_sentiment_en_val", "xlmt_sentiment_fr_val", "tweeteval_offensive_en_val"],
}
# The rows of SOURCES[split] that each split uses (`training.splits` names): dev is the
# comment model's tune split, never fitted on; test is the whole *_val files.
CORPUS_SPLIT = {"dev": "tune", "test": "test"}
START = datetime(2026, 11, 2, tzinfo=UTC)
WEEK_HOURS = 7 * 24


@dataclass(frozen=True)
class Burst:
    onset: datetime
    end: datetime


@dataclass(frozen=True)
class BuzzEvaluation:
    pages: int
    bursts: int
    detected: int
    false_alerts_on_burst_pages: int
    false_alerts_on_calm_pages: int
    calm_page_weeks: int
    delays_min: list[float]

    def lines(self) -> list[str]:
        alerts = self.detected + self.false_alerts_on_burst_pages + self.false_alerts_on_calm_pages
        precision = self.detected / alerts if alerts else 0.0
        delay = f"{median(self.delays_min):.1f}" if self.delays_min else "n/a"
        return [
            f"pages {self.pages}, bursts {self.bursts}, detected {self.detected}",
            f"recall {self.detected / self.bursts:.3f}  precision {precision:.3f}  "
            f"median delay {delay} min  (p90 {_p90(self.delays_min)} min)",
            f"false alerts on calm streams: {self.false_alerts_on_calm_pages} over "
            f"{self.calm_page_weeks} page-weeks = "
            f"{self.false_alerts_on_calm_pages / max(self.calm_page_weeks, 1):.2f} per page-week",
        ]


def load_pools(
    data: Path, split: str, scorers: Sequence[CommentScorer]
) -> tuple[list[bool], list[bool]]:
    """(negative flags of calm-labelled texts, negative flags of negative-labelled texts)."""
    calm_texts: list[CommentInput] = []
    negative_texts: list[CommentInput] = []
    for row in Corpus(data).select(SOURCES[split], CORPUS_SPLIT[split]):
        is_bad = row.sentiment == "negative" if row.sentiment is not None else bool(row.toxic)
        (negative_texts if is_bad else calm_texts).append(
            CommentInput(text=row.text, lang=row.lang)
        )
    flags = []
    for pool in (calm_texts, negative_texts):
        flags.append(
            [is_clearly_negative(combined.values) for _, combined in _score_all(pool, scorers)]
        )
    return flags[0], flags[1]


def _score_all(inputs: list[CommentInput], scorers: Sequence[CommentScorer]) -> list:  # type: ignore[type-arg]
    out = []
    for start in range(0, len(inputs), 1024):
        out += score_batch(scorers, inputs[start : start + 1024])
    return out


def evaluate_buzz(
    calm: list[bool],
    negative: list[bool],
    *,
    pages: int = 40,
    seed: int = 7,
    detector: BuzzDetector | None = None,
) -> BuzzEvaluation:
    rng = random.Random(seed)
    detector = detector or BuzzDetector()
    detected = false_burst = false_calm = 0
    delays: list[float] = []
    bursts = 0
    for page in range(pages):
        burst = _burst(rng) if page % 2 == 0 else None
        bursts += burst is not None
        stream = _stream(rng, calm, negative, burst)
        state: dict[str, object] = {}
        found_at = None
        for at, is_neg in stream:
            result = detector.update(state, at, negative=is_neg)
            if not isinstance(result, BuzzOnset):
                continue
            if burst and burst.onset <= at <= burst.end and found_at is None:
                found_at = at
            elif burst and burst.onset <= at <= burst.end + timedelta(minutes=30):
                continue
            elif burst:
                false_burst += 1
            else:
                false_calm += 1
        if burst and found_at is not None:
            detected += 1
            delays.append((found_at - burst.onset).total_seconds() / 60)
    return BuzzEvaluation(pages, bursts, detected, false_burst, false_calm, pages - bursts, delays)


def _burst(rng: random.Random) -> Burst:
    onset = START + timedelta(days=rng.uniform(2, 6.5))
    return Burst(onset=onset, end=onset + timedelta(minutes=rng.uniform(30, 90)))


def _stream(
    rng: random.Random, calm: list[bool], negative: list[bool], burst: Burst | None
) -> list[tuple[datetime, bool]]:
    """A week of traffic: Poisson arrivals with a day/night rhythm, 15% complaint texts."""
    events = []
    base = rng.uniform(6, 20)  # comments an hour at the daily peak
    for hour in range(WEEK_HOURS):
        local = (hour + 1) % 24
        rate = base * (0.15 + 0.85 * max(0.0, math.sin(math.pi * (local - 7) / 16)))
        for _ in range(_poisson(rng, rate)):
            at = START + timedelta(hours=hour, seconds=rng.uniform(0, 3600))
            pool = negative if rng.random() < 0.15 else calm
            events.append((at, rng.choice(pool)))
    if burst:
        minutes = (burst.end - burst.onset).total_seconds() / 60
        extra = _poisson(rng, rng.uniform(20, 60) * minutes / 60)
        for _ in range(extra):
            at = burst.onset + timedelta(minutes=rng.uniform(0, minutes))
            events.append((at, rng.choice(negative)))
    events.sort()
    return events


def _poisson(rng: random.Random, rate: float) -> int:
    limit, k, p = math.exp(-rate), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def _p90(values: list[float]) -> str:
    if not values:
        return "n/a"
    ordered = sorted(values)
    return f"{ordered[min(len(ordered) - 1, int(0.9 * len(ordered)))]:.1f}"
