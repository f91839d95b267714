"""Work done before the write lock: the batch's scores and thread forecasts, and the next
batch's, sent to the scoring process.

Under the lock, analysis then only advances state and writes; ingest (which needs the
same SQLite write lock) waits that much less. With a scoring process the backlog is cut
so that both processes work: a big backlog in batches of `batch_size`, a small one in
two halves (the process prepares the second while this one analyses the first), which
keeps the latency down when comments trickle in.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from vigile.analysis.base import CommentScores, ThreadForecaster
from vigile.domain.model import CommentInput
from vigile.pipeline.inputs import Prescored, scorer_inputs
from vigile.pipeline.pending import PendingComment
from vigile.pipeline.scoring import Plan, Prepared, ScoringWorker
from vigile.pipeline.windows import (
    Entry,
    Forecasts,
    ScoredComment,
    forecast_windows,
    plan_windows,
    stored_windows,
)
from vigile.store.schema import Author, Post

log = logging.getLogger(__name__)

_UNSCORED = CommentScores()  # the scoring process fills the scores in


@dataclass
class Ready:
    """Scores (by comment and content hash) and window forecasts computed ahead."""

    scores: Prescored = field(default_factory=dict)
    forecasts: Forecasts = field(default_factory=dict)

    def has(self, comment: PendingComment) -> bool:
        return (comment.id, comment.content_hash) in self.scores

    def done(self, batch: Sequence[PendingComment]) -> None:
        """Forget what the analysed batch used; forecasts are only kept for the next batch."""
        for comment in batch:
            self.scores.pop((comment.id, comment.content_hash), None)
        self.forecasts = {}


def split(
    upcoming: list[PendingComment], ready: Ready, batch_size: int, *, worker: bool
) -> tuple[list[PendingComment], list[PendingComment]]:
    """This batch, and (with a worker) what the worker should prepare meanwhile."""
    if not worker:
        return upcoming[:batch_size], []
    prefix = next((i for i, c in enumerate(upcoming) if not ready.has(c)), len(upcoming))
    size = min(batch_size, max(prefix, (len(upcoming) + 1) // 2))
    return upcoming[:size], [c for c in upcoming[size:] if not ready.has(c)]


@dataclass
class Context:
    """What windows need beyond the pending rows: author handles, posts, stored windows."""

    authors: dict[int, str]
    posts: dict[int, str | None]
    windows: dict[int, list[Entry]]

    @classmethod
    def read(cls, session: Session, comments: Sequence[PendingComment]) -> Context:
        author_ids = {c.author_id for c in comments if c.author_id}
        post_ids = {c.post_id for c in comments if c.post_id}
        authors = session.execute(select(Author.id, Author.handle).where(Author.id.in_(author_ids)))
        posts = session.execute(select(Post.id, Post.text).where(Post.id.in_(post_ids)))
        return cls(dict(authors.all()), dict(posts.all()), stored_windows(session, post_ids))

    def threaded(
        self, batch: Sequence[PendingComment], ready: Ready | None
    ) -> list[ScoredComment | None]:
        """The batch as the thread step sees it (None off-thread); scores from `ready`,
        else empty (the scoring process fills them in)."""
        return [
            self._scored(c, ready.scores[(c.id, c.content_hash)][1][1] if ready else _UNSCORED)
            if c.post_id
            else None
            for c in batch
        ]

    def _scored(self, c: PendingComment, result: CommentScores) -> ScoredComment:
        return ScoredComment(
            id=c.external_id,
            post_id=c.post_id or 0,
            parent=c.parent_ref,
            author=self.authors.get(c.author_id) if c.author_id else None,
            text=c.text,
            at=c.created_at,
            scores=result.values,
            page="",
            negative=False,
            lang=c.lang or result.labels.get("lang"),
        )


@dataclass
class Planned:
    """A batch's thread windows (as they will be under the lock) and the threads after it."""

    windows: list[list[Entry]]
    posts: list[str | None]
    after: dict[int, list[Entry]]

    @classmethod
    def plan(cls, context: Context, batch: Sequence[PendingComment], ready: Ready) -> Planned:
        threaded = [c for c in context.threaded(batch, ready) if c is not None]
        windows, after = plan_windows(context.windows, threaded)
        return cls(windows, [context.posts.get(c.post_id) for c in threaded], after)

    def forecast(self, forecaster: ThreadForecaster, ready: Ready) -> None:
        """Forecast into `ready` the windows not forecast yet (by the worker)."""
        keys, forecasts = forecast_windows(forecaster, self.windows, self.posts, ready.forecasts)
        ready.forecasts |= dict(zip(keys, forecasts, strict=True))


@dataclass
class Balance:
    """The share of the next batch's windows the worker forecasts: more while it waits for
    this process, less while this process waits for it (two cores, both busy)."""

    share: float = 0.5
    step: float = 0.1

    def waited(self, seconds: float) -> None:
        self.share += -self.step if seconds > 0.002 else self.step
        self.share = min(1.0, max(0.0, self.share))


@dataclass
class Ahead:
    """The next batch, being scored (and its windows forecast) in the worker process."""

    batch: list[PendingComment]
    inputs: list[CommentInput]
    future: Future[Prepared]

    @classmethod
    def submit(
        cls,
        session: Session,
        batch: list[PendingComment],
        *,
        context: Context,
        after: dict[int, list[Entry]],
        worker: ScoringWorker,
        share: float,
    ) -> Ahead:
        inputs, _ = scorer_inputs(session, batch)
        post_ids = {c.post_id for c in batch if c.post_id}
        comments = context.threaded(batch, None)
        plan = Plan(
            base={p: after[p] for p in post_ids if p in after},
            comments=comments,
            posts={p: context.posts.get(p) for p in post_ids},
            forecast=round(share * sum(c is not None for c in comments)),
        )
        return cls(batch, inputs, worker.submit(inputs, plan))

    def result(self, ready: Ready, balance: Balance) -> None:
        """Add the worker's scores and forecasts; none if it failed (they are done here)."""
        began = time.perf_counter()
        try:
            scored, forecasts = self.future.result()
        except Exception:  # a dead or failing worker must not stop the analysis
            log.warning("scoring process failed; scoring in this process", exc_info=True)
            return
        balance.waited(time.perf_counter() - began)
        ready.scores |= {
            (c.id, c.content_hash): (given, result)
            for c, given, result in zip(self.batch, self.inputs, scored, strict=True)
        }
        ready.forecasts |= forecasts
