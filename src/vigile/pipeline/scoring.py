"""Comment scoring in a second process, overlapping the analysis of the batch before.

Analysis is sequential where it touches state (threads, pages, authors, the audit chain),
but scoring a comment depends only on its text and context. With a `ScoringWorker`, the
run scores batch N+1 in another process while this one analyses batch N: on two cores
the scoring time (about a quarter of the whole) leaves the critical path. Scorers are
sent to the worker by pickling (built-in ones are plain classes; their models load once
in the worker). Given the forecaster and a `Plan` (the threads' windows as they will be
after the batch before), the worker also forecasts the batch's thread windows, so that
the derailment forecast (the costliest step) leaves the critical path too.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, replace
from types import TracebackType

from vigile.analysis.base import CommentScorer, CommentScores, ThreadForecaster
from vigile.domain.model import CommentInput, Score, utc_now
from vigile.pipeline.inputs import score_batch
from vigile.pipeline.quiet import quiet_collector
from vigile.pipeline.windows import Entry, Forecasts, ScoredComment, forecast_ahead

Scored = list[tuple[list[Score], CommentScores]]
Prepared = tuple[Scored, Forecasts]

_stages: list[tuple[list[CommentScorer], ThreadForecaster | None]] = []


@dataclass(frozen=True)
class Plan:
    """What forecasting a batch ahead needs: each thread's window after the batch before,
    the batch's threaded comments (aligned with the inputs, scores filled in by the
    worker) and the posts' texts."""

    base: dict[int, list[Entry]]
    comments: list[ScoredComment | None]
    posts: dict[int, str | None]
    forecast: int  # how many of the first threaded comments' windows to forecast


def _start(scorers: Sequence[CommentScorer], forecaster: ThreadForecaster | None) -> None:
    _stages[:] = [(list(scorers), forecaster)]


def _prepare(inputs: list[CommentInput], plan: Plan | None) -> Prepared:
    with quiet_collector():
        return _prepare_quietly(inputs, plan)


def _prepare_quietly(inputs: list[CommentInput], plan: Plan | None) -> Prepared:
    scorers, forecaster = _stages[0]
    scored = score_batch(scorers, inputs)
    if plan is None or forecaster is None:
        return scored, {}
    threaded = [
        replace(comment, scores=combined.values, lang=comment.lang or combined.labels.get("lang"))
        for comment, (_, combined) in zip(plan.comments, scored, strict=True)
        if comment is not None
    ]
    # the first windows depend only on the comments before them: the rest is left out
    return scored, forecast_ahead(forecaster, plan.base, threaded[: plan.forecast], plan.posts)[0]


class ScoringWorker:
    """One scoring process; `submit` returns a future of `score_batch`'s result and, with
    a forecaster and a plan, of the batch's window forecasts."""

    def __init__(
        self, scorers: Sequence[CommentScorer], forecaster: ThreadForecaster | None = None
    ) -> None:
        self.forecasts = forecaster is not None
        self._pool = ProcessPoolExecutor(
            max_workers=1,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_start,
            initargs=(list(scorers), forecaster),
        )

    def submit(self, inputs: list[CommentInput], plan: Plan | None = None) -> Future[Prepared]:
        return self._pool.submit(_prepare, inputs, plan if self.forecasts else None)

    def warm_up(self) -> None:
        """Start the process and load its models now rather than on the first batch."""
        probe = ScoredComment(
            id="warm-up", post_id=0, parent=None, author=None, text="warm up", at=utc_now(),
            scores={}, page="", negative=False,
        )  # fmt: skip
        plan = Plan(base={}, comments=[probe], posts={}, forecast=1)
        self.submit([CommentInput(text="warm up", lang="en")], plan).result()

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> ScoringWorker:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()
