"""Analyse the backlog in batches: score → thread and page state → charter → alerts.

Each batch is one transaction: its scores, state, alerts and the `analysed` mark commit
together, so a run killed at any point and started again scores every comment once.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import cast

from sqlalchemy import ColumnElement, Table, delete, func, insert, select, update
from sqlalchemy.orm import Session

from vigile.analysis.authors import AuthorDetector
from vigile.analysis.base import (
    CommentScorer,
    CommentScores,
    ThreadForecaster,
    is_clearly_negative,
    is_negative,
    is_toxic,
)
from vigile.analysis.buzz import BuzzDetector
from vigile.analysis.pileon import PileOnDetector
from vigile.domain.charter import Charter
from vigile.domain.model import AlertDraft, CommentInput, Score, Signal, is_brand
from vigile.pipeline.authors import AuthoredComment, update_authors
from vigile.pipeline.pages import update_pages
from vigile.pipeline.pending import PENDING_COLUMNS, PendingComment
from vigile.pipeline.scoring import Scored, ScoringWorker
from vigile.pipeline.threads import ScoredComment, update_threads
from vigile.policy.engine import evaluate
from vigile.store.db import Database, write_lock
from vigile.store.journal import AlertTarget, record_alerts
from vigile.store.queries import org_pages
from vigile.store.schema import Author, Comment, Page, Post, ScoreRow

log = logging.getLogger(__name__)


@dataclass
class Stages:
    """What a run executes; built once per process from settings."""

    scorers: Sequence[CommentScorer]
    forecaster: ThreadForecaster
    charter: Charter
    buzz: BuzzDetector = field(default_factory=BuzzDetector)
    pileon: PileOnDetector = field(default_factory=PileOnDetector)
    authors: AuthorDetector = field(default_factory=AuthorDetector)


@dataclass
class RunSummary:
    comments: int = 0
    batches: int = 0
    alerts: int = 0


def backlog_filter() -> ColumnElement[bool]:
    """New or changed since analysed: `pending` is set by every insert or content change."""
    return Comment.pending.is_(True)


def backlog_size(session: Session, *, organisation_id: int | None = None) -> int:
    """Comments awaiting analysis (of one organisation's pages when given)."""
    query = select(func.count()).select_from(Comment).where(backlog_filter())
    if organisation_id is not None:
        query = query.where(Comment.page_id.in_(org_pages(organisation_id)))
    return session.scalar(query) or 0


def run_backlog(
    db: Database,
    stages: Stages,
    *,
    batch_size: int,
    on_batch: Callable[[int], None] | None = None,
    worker: ScoringWorker | None = None,
) -> RunSummary:
    """Analyse every new or changed comment, oldest event first, one batch per transaction.

    With a `worker`, the next batch is scored in that process meanwhile."""
    summary = RunSummary()
    ahead: _Ahead | None = None
    while True:
        # Scoring needs no lock: done first, it keeps the write lock (and ingest's wait) short.
        with db.session() as session:
            upcoming = _pending(session, batch_size * (2 if worker else 1))
            prescored = ahead.result() if ahead else {}
            ahead = _Ahead.submit(session, upcoming[batch_size:], worker) if worker else None
            missing = [c for c in upcoming[:batch_size] if (c.id, c.content_hash) not in prescored]
            prescored |= prescore(session, missing, stages.scorers)
        with db.session() as session:
            write_lock(session, "analysis")  # one analyser at a time takes a batch
            batch = _pending(session, batch_size)
            if not batch:
                return summary
            summary.alerts += analyse_batch(session, batch, stages, prescored=prescored)
        summary.comments += len(batch)
        summary.batches += 1
        if on_batch:
            on_batch(len(batch))


def _pending(session: Session, limit: int) -> list[PendingComment]:
    """The oldest `limit` comments of the backlog, in event order."""
    return [
        PendingComment(*row)
        for row in session.execute(
            select(*PENDING_COLUMNS)
            .where(backlog_filter())
            .order_by(Comment.created_at, Comment.id)
            .limit(limit)
        )
    ]


Prescored = dict[tuple[int, str], tuple[CommentInput, tuple[list[Score], CommentScores]]]


@dataclass
class _Ahead:
    """The next batch, being scored in the worker process."""

    batch: list[PendingComment]
    inputs: list[CommentInput]
    future: Future[Scored]

    @classmethod
    def submit(
        cls, session: Session, batch: list[PendingComment], worker: ScoringWorker
    ) -> _Ahead | None:
        if not batch:
            return None
        inputs, _ = _inputs(session, batch)
        return cls(batch, inputs, worker.submit(inputs))

    def result(self) -> Prescored:
        """The worker's scores; none if it failed (the batch is then scored here)."""
        try:
            scored = self.future.result()
        except Exception:  # a dead or failing worker must not stop the analysis
            log.warning("scoring process failed; scoring in this process", exc_info=True)
            return {}
        return {
            (c.id, c.content_hash): (given, result)
            for c, given, result in zip(self.batch, self.inputs, scored, strict=True)
        }


def prescore(
    session: Session, batch: Sequence[PendingComment], scorers: Sequence[CommentScorer]
) -> Prescored:
    """Scores computed ahead of the write lock, keyed by comment and content hash."""
    inputs, _ = _inputs(session, batch)
    merged = score_batch(scorers, inputs)
    return {
        (c.id, c.content_hash): (given, result)
        for c, given, result in zip(batch, inputs, merged, strict=True)
    }


def analyse_batch(
    session: Session,
    batch: Sequence[PendingComment],
    stages: Stages,
    *,
    prescored: Prescored | None = None,
) -> int:
    """Score, update state and raise alerts for one batch; returns the number of new alerts.

    A prescored result is used only when the comment and its inputs (post, parent) are
    exactly those scored; anything that changed in between is scored again here."""
    inputs, parent_authors = _inputs(session, batch)
    merged = _reuse_or_score(batch, inputs, stages.scorers, prescored or {})
    _store_scores(session, batch, merged)
    pages = {
        p.id: p
        for p in session.scalars(select(Page).where(Page.id.in_({c.page_id for c in batch})))
    }
    page_ref = {pid: f"{p.network}:{p.handle}" for pid, p in pages.items()}
    authors = dict(
        session.execute(
            select(Author.id, Author.handle).where(
                Author.id.in_({c.author_id for c in batch if c.author_id})
            )
        ).all()
    )
    results = [combined for _, combined in merged]
    negatives = [is_negative(r) for r in results]
    signals = _comment_signals(batch, merged, page_ref)
    thread_signals = update_threads(
        session,
        [
            ScoredComment(
                id=c.external_id,
                post_id=c.post_id,
                parent=c.parent_ref,
                author=authors.get(c.author_id) if c.author_id else None,
                text=c.text,
                at=c.created_at,
                scores=r.values,
                page=page_ref[c.page_id],
                negative=negative,
                toxic=is_toxic(r),
                lang=c.lang or r.labels.get("lang"),
                brand=is_brand(authors.get(c.author_id or 0), page_ref[c.page_id]),
            )
            for c, r, negative in zip(batch, results, negatives, strict=True)
            if c.post_id
        ],
        stages.forecaster,
        stages.pileon,
    )
    _store_derailment(session, [c for c in batch if c.post_id], thread_signals, stages)
    signals += thread_signals
    signals += update_authors(
        session,
        [
            AuthoredComment(
                author_id=c.author_id,
                author=authors[c.author_id],
                page=page_ref[c.page_id],
                thread=c.post_id,
                at=c.created_at,
                toxic=is_toxic(r),
                negative=negative,
                replies_to_other=parent_authors.get(c.id) not in (None, c.author_id),
            )
            for c, r, negative in zip(batch, results, negatives, strict=True)
            if c.author_id
        ],
        stages.authors,
    )
    clearly = [is_clearly_negative(r.values) for r in results]
    signals += update_pages(session, batch, clearly, page_ref, authors, stages.buzz)
    page_ids = {ref: pid for pid, ref in page_ref.items()}
    drafts = evaluate(stages.charter, signals)
    stored = record_alerts(session, [(d, _target(d, page_ids)) for d in drafts])
    session.execute(
        update(Comment),
        [
            {
                "id": c.id,
                "lang": c.lang or combined.labels.get("lang"),
                "sentiment": combined.labels.get("sentiment"),
                "analysed_hash": c.content_hash,
                "pending": False,
            }
            for c, (_, combined) in zip(batch, merged, strict=True)
        ],
    )
    return len(stored)


def _reuse_or_score(
    batch: Sequence[PendingComment],
    inputs: list[CommentInput],
    scorers: Sequence[CommentScorer],
    prescored: Prescored,
) -> list[tuple[list[Score], CommentScores]]:
    """Prescored results whose inputs are unchanged; the others scored now, in one batch."""
    merged: list[tuple[list[Score], CommentScores] | None] = []
    for comment, given in zip(batch, inputs, strict=True):
        ready = prescored.get((comment.id, comment.content_hash))
        merged.append(ready[1] if ready and ready[0] == given else None)
    todo = [i for i, result in enumerate(merged) if result is None]
    if todo:
        for i, result in zip(todo, score_batch(scorers, [inputs[i] for i in todo]), strict=True):
            merged[i] = result
    return [result for result in merged if result is not None]


def _inputs(
    session: Session, batch: Sequence[PendingComment]
) -> tuple[list[CommentInput], dict[int, int | None]]:
    """Scorer inputs (with post and parent text) and, per comment id, its parent's author."""
    post_texts = dict(
        session.execute(
            select(Post.id, Post.text).where(Post.id.in_({c.post_id for c in batch if c.post_id}))
        ).all()
    )
    refs = {(c.network, c.parent_ref) for c in batch if c.parent_ref}
    parents = {
        (network, ref): (text, author_id)
        for network, ref, text, author_id in session.execute(
            select(Comment.network, Comment.external_id, Comment.text, Comment.author_id).where(
                Comment.external_id.in_({ref for _, ref in refs})
            )
        )
    }
    parent_authors = {
        c.id: parents[(c.network, c.parent_ref)][1]
        for c in batch
        if c.parent_ref and (c.network, c.parent_ref) in parents
    }
    inputs = [
        CommentInput(
            text=c.text,
            lang=c.lang,
            post_text=post_texts.get(c.post_id) if c.post_id else None,
            parent_text=_parent_text(parents, c),
        )
        for c in batch
    ]
    return inputs, parent_authors


def _parent_text(
    parents: dict[tuple[str, str], tuple[str, int | None]], comment: PendingComment
) -> str | None:
    """The parent comment's text, or the reference itself when it is not a stored comment."""
    if not comment.parent_ref:
        return None
    found = parents.get((comment.network, comment.parent_ref))
    return found[0] if found else comment.parent_ref


def score_batch(
    scorers: Sequence[CommentScorer], inputs: list[CommentInput]
) -> list[tuple[list[Score], CommentScores]]:
    """Run every scorer; later scorers override earlier ones signal by signal."""
    merged: list[tuple[list[Score], CommentScores]] = [([], CommentScores()) for _ in inputs]
    for scorer in scorers:
        for (scores, combined), result in zip(merged, scorer.score(inputs), strict=True):
            for signal, value in result.values.items():
                scores[:] = [s for s in scores if s.signal != signal]
                scores.append(Score(signal, float(value), scorer.name, scorer.version))
            combined.values.update(result.values)
            combined.labels.update(result.labels)
            combined.flags.update(result.flags)
    return merged


def _store_scores(
    session: Session,
    batch: Sequence[PendingComment],
    merged: list[tuple[list[Score], CommentScores]],
) -> None:
    """Replace the batch's scores in two bulk statements (no ORM object per score)."""
    session.execute(delete(ScoreRow).where(ScoreRow.comment_id.in_([c.id for c in batch])))
    rows = [
        {
            "comment_id": c.id,
            "signal": s.signal,
            "value": s.value,
            "model": s.model,
            "version": s.version,
        }
        for c, (scores, _) in zip(batch, merged, strict=True)
        for s in scores
    ]
    if rows:
        session.execute(insert(cast(Table, ScoreRow.__table__)), rows)


def _store_derailment(
    session: Session,
    threaded: Sequence[PendingComment],
    thread_signals: Sequence[Signal],
    stages: Stages,
) -> None:
    """Each comment's thread forecast as of it, kept as a score: the thread's trajectory."""
    forecasts = [s for s in thread_signals if s.name == "derailment"]
    rows = [
        {
            "comment_id": comment.id,
            "signal": "derailment",
            "value": forecast.value,
            "model": stages.forecaster.name,
            "version": stages.forecaster.version,
        }
        for comment, forecast in zip(threaded, forecasts, strict=True)
    ]
    if rows:
        session.execute(insert(cast(Table, ScoreRow.__table__)), rows)


def _comment_signals(
    batch: Sequence[PendingComment],
    merged: list[tuple[list[Score], CommentScores]],
    page_ref: dict[int, str],
) -> list[Signal]:
    signals = []
    for comment, (scores, _) in zip(batch, merged, strict=True):
        for score in scores:
            signals.append(
                Signal(
                    level="comment",
                    name=score.signal,
                    value=score.value,
                    at=comment.created_at,
                    page=page_ref[comment.page_id],
                    thread=str(comment.post_id) if comment.post_id else None,
                    comment=str(comment.id),
                    evidence={"model": f"{score.model}@{score.version}"},
                )
            )
    return signals


def _target(draft: AlertDraft, page_ids: dict[str, int]) -> AlertTarget:
    return AlertTarget(
        page_id=page_ids[draft.page],
        post_id=int(draft.thread) if draft.thread else None,
        comment_id=int(draft.comment) if draft.comment else None,
    )
