"""Comment scoring in a second process, overlapping the analysis of the batch before.

Analysis is sequential where it touches state (threads, pages, authors, the audit chain),
but scoring a comment depends only on its text and context. With a `ScoringWorker`, the
run scores batch N+1 in another process while this one analyses batch N: on two cores
the scoring time (about a quarter of the whole) leaves the critical path. Scorers are
sent to the worker by pickling (built-in ones are plain classes; their models load once
in the worker).
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from types import TracebackType

from vigile.analysis.base import CommentScorer, CommentScores
from vigile.domain.model import CommentInput, Score

Scored = list[tuple[list[Score], CommentScores]]

_scorers: list[CommentScorer] = []


def _start(scorers: Sequence[CommentScorer]) -> None:
    _scorers[:] = scorers


def _score(inputs: list[CommentInput]) -> Scored:
    from vigile.pipeline.analyse import score_batch

    return score_batch(_scorers, inputs)


class ScoringWorker:
    """One scoring process; `submit` returns a future of `score_batch`'s result."""

    def __init__(self, scorers: Sequence[CommentScorer]) -> None:
        self._pool = ProcessPoolExecutor(
            max_workers=1,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_start,
            initargs=(list(scorers),),
        )

    def submit(self, inputs: list[CommentInput]) -> Future[Scored]:
        return self._pool.submit(_score, inputs)

    def warm_up(self) -> None:
        """Start the process and load its models now rather than on the first batch."""
        self.submit([CommentInput(text="warm up", lang="en")]).result()

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
