"""Analyse the backlog in batches: score → thread and page state → charter → alerts.

Each batch is one transaction: its scores, state, alerts and the `analysed` mark commit
together, so a run killed at any point and started again scores every comment once.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import cast

from sqlalchemy import ColumnElement, Table, delete, func, insert, select
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
from vigile.domain.model import AlertDraft, Score, Signal, is_brand
from vigile.pipeline.ahead import Ahead, Balance, Context, Planned, Ready, split
from vigile.pipeline.authors import AuthoredComment, update_authors
from vigile.pipeline.inputs import Prescored, prescore, reuse_or_score, scorer_inputs
from vigile.pipeline.inputs import score_batch as score_batch  # its home before inputs.py
from vigile.pipeline.pages import update_pages
from vigile.pipeline.pending import PENDING_COLUMNS, PendingComment
from vigile.pipeline.quiet import quiet_collector
from vigile.pipeline.scoring import ScoringWorker
from vigile.pipeline.threads import update_threads
from vigile.pipeline.windows import Forecasts, ScoredComment
from vigile.policy.engine import evaluate
from vigile.store.db import Database, write_lock
from vigile.store.journal import AlertTarget, record_alert_ids
from vigile.store.queries import org_pages
from vigile.store.schema import Author, Comment, Organisation, Page, ScoreRow
from vigile.store.states import update_rows

log = logging.getLogger(__name__)

DERAILMENT = "derailment"  # the score row the forecaster writes per comment; scorers do not


@dataclass
class Stages:
    """What a run executes; built once per process from settings."""

    scorers: Sequence[CommentScorer]
    forecaster: ThreadForecaster
    charter: Charter  # the workspace default
    org_charters: dict[str, Charter] = field(default_factory=dict)  # own charters by slug
    buzz: BuzzDetector = field(default_factory=BuzzDetector)
    pileon: PileOnDetector = field(default_factory=PileOnDetector)
    authors: AuthorDetector = field(default_factory=AuthorDetector)

    def charter_for(self, slug: str) -> Charter:
        """The organisation's own charter, else the default it inherits."""
        return self.org_charters.get(slug, self.charter)


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

    With a `worker`, the next batch is scored (and forecast) in that process meanwhile."""
    with quiet_collector():
        return _run_backlog(db, stages, batch_size=batch_size, on_batch=on_batch, worker=worker)


def _run_backlog(
    db: Database,
    stages: Stages,
    *,
    batch_size: int,
    on_batch: Callable[[int], None] | None,
    worker: ScoringWorker | None,
) -> RunSummary:
    summary = RunSummary()
    ready = Ready()
    balance = Balance()
    ahead: Ahead | None = None
    while True:
        # Scores and forecasts need no lock: done first, they keep the write lock (and
        # ingest's wait) short; under the lock they are reused when their inputs still hold.
        with db.session() as session:
            upcoming = _pending(session, batch_size * (2 if worker else 1))
            if ahead:
                ahead.result(ready, balance)
            if not upcoming:  # nothing to analyse: no write lock for ingest to wait on
                return summary
            current, later = split(upcoming, ready, batch_size, worker=worker is not None)
            missing = [c for c in current if not ready.has(c)]
            ready.scores |= prescore(session, missing, stages.scorers)
            context = Context.read(session, [*current, *later])
            planned = Planned.plan(context, current, ready)
            ahead = None
            if worker and later:
                ahead = Ahead.submit(
                    session,
                    later,
                    context=context,
                    after=planned.after,
                    worker=worker,
                    share=balance.share,
                )
            planned.forecast(stages.forecaster, ready)
        with db.session() as session:
            write_lock(session, "analysis")  # one analyser at a time takes a batch
            batch = _pending(session, len(current) or batch_size)
            if not batch:
                return summary
            summary.alerts += analyse_batch(
                session, batch, stages, prescored=ready.scores, forecasts=ready.forecasts
            )
        ready.done(batch)
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


def analyse_batch(
    session: Session,
    batch: Sequence[PendingComment],
    stages: Stages,
    *,
    prescored: Prescored | None = None,
    forecasts: Forecasts | None = None,
) -> int:
    """Score, update state and raise alerts for one batch; returns the number of new alerts.

    A prescored result is used only when the comment and its inputs (post, parent) are
    exactly those scored; anything that changed in between is scored again here."""
    inputs, parent_authors = scorer_inputs(session, batch)
    merged = reuse_or_score(batch, inputs, stages.scorers, prescored or {})
    store_scores(session, batch, merged)
    pages = {
        p.id: p
        for p in session.scalars(select(Page).where(Page.id.in_({c.page_id for c in batch})))
    }
    page_ref = {pid: f"{p.network}:{p.handle}" for pid, p in pages.items()}
    charters = _page_charters(session, pages, stages)
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
        known=forecasts,
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
    drafts = [d for s in signals for d in evaluate(charters[s.page], [s])]  # the page's own
    stored = record_alert_ids(session, [(d, _target(d, page_ids)) for d in drafts])
    update_rows(
        session,
        cast(Table, Comment.__table__),
        "id",
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


def _page_charters(session: Session, pages: dict[int, Page], stages: Stages) -> dict[str, Charter]:
    """Each page's charter (`network:handle` → its organisation's charter)."""
    slugs = dict(
        session.execute(
            select(Organisation.id, Organisation.slug).where(
                Organisation.id.in_({p.organisation_id for p in pages.values()})
            )
        ).all()
    )
    return {
        f"{p.network}:{p.handle}": stages.charter_for(slugs[p.organisation_id])
        for p in pages.values()
    }


def store_scores(
    session: Session,
    batch: Sequence[PendingComment],
    merged: list[tuple[list[Score], CommentScores]],
    *,
    keep: Sequence[str] = (),
) -> None:
    """Replace the batch's scores (all but the `keep` signals) in two bulk statements (no
    ORM object per score)."""
    session.execute(
        delete(ScoreRow).where(
            ScoreRow.comment_id.in_([c.id for c in batch]), ScoreRow.signal.not_in(keep)
        )
    )
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
    forecasts = [s for s in thread_signals if s.name == DERAILMENT]
    rows = [
        {
            "comment_id": comment.id,
            "signal": DERAILMENT,
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
