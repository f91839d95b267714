"""Analyse the backlog in batches: score → thread and page state → charter → alerts.

Each batch is one transaction: its scores, state, alerts and the `analysed` mark commit
together, so a run killed at any point and started again scores every comment once.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import ColumnElement, delete, func, or_, select
from sqlalchemy.orm import Session

from vigile.analysis.base import CommentScorer, CommentScores, ThreadForecaster
from vigile.analysis.buzz import BuzzDetector
from vigile.domain.charter import Charter
from vigile.domain.model import AlertDraft, CommentInput, Score, Signal
from vigile.pipeline.threads import update_threads
from vigile.policy.engine import evaluate
from vigile.store.db import Database
from vigile.store.journal import record_alert
from vigile.store.schema import Comment, Page, PageState, Post, ScoreRow

log = logging.getLogger(__name__)
NEGATIVE_AT = 0.5


@dataclass
class Stages:
    """What a run executes; built once per process from settings."""

    scorers: Sequence[CommentScorer]
    forecaster: ThreadForecaster
    charter: Charter
    buzz: BuzzDetector = field(default_factory=BuzzDetector)


@dataclass
class RunSummary:
    comments: int = 0
    batches: int = 0
    alerts: int = 0


def backlog_filter() -> ColumnElement[bool]:
    return or_(Comment.analysed_hash.is_(None), Comment.analysed_hash != Comment.content_hash)


def backlog_size(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Comment).where(backlog_filter())) or 0


def run_backlog(
    db: Database,
    stages: Stages,
    *,
    batch_size: int,
    on_batch: Callable[[int], None] | None = None,
) -> RunSummary:
    """Analyse every new or changed comment, oldest event first, one batch per transaction."""
    summary = RunSummary()
    while True:
        with db.session() as session:
            batch = list(
                session.scalars(
                    select(Comment)
                    .where(backlog_filter())
                    .order_by(Comment.created_at, Comment.id)
                    .limit(batch_size)
                )
            )
            if not batch:
                return summary
            summary.alerts += analyse_batch(session, batch, stages)
        summary.comments += len(batch)
        summary.batches += 1
        if on_batch:
            on_batch(len(batch))


def analyse_batch(session: Session, batch: list[Comment], stages: Stages) -> int:
    """Score, update state and raise alerts for one batch; returns the number of new alerts."""
    inputs = _inputs(session, batch)
    merged = score_batch(stages.scorers, inputs)
    _store_scores(session, batch, merged)
    pages = {
        p.id: p
        for p in session.scalars(select(Page).where(Page.id.in_({c.page_id for c in batch})))
    }
    signals = _comment_signals(batch, merged, pages)
    new_by_thread: dict[int, set[int]] = {}
    for comment in batch:
        if comment.post_id:
            new_by_thread.setdefault(comment.post_id, set()).add(comment.id)
    signals += update_threads(session, new_by_thread, stages.forecaster, pages)
    signals += _page_signals(session, batch, merged, pages, stages.buzz)
    new_alerts = 0
    for draft in evaluate(stages.charter, signals):
        new_alerts += _record(session, draft, pages) is not None
    for comment in batch:
        comment.analysed_hash = comment.content_hash
    return new_alerts


def _inputs(session: Session, batch: list[Comment]) -> list[CommentInput]:
    post_texts = dict(
        session.execute(
            select(Post.id, Post.text).where(Post.id.in_({c.post_id for c in batch if c.post_id}))
        ).all()
    )
    refs = {(c.network, c.parent_ref) for c in batch if c.parent_ref}
    parent_texts = {
        (network, ref): text
        for network, ref, text in session.execute(
            select(Comment.network, Comment.external_id, Comment.text).where(
                Comment.external_id.in_({ref for _, ref in refs})
            )
        )
    }
    return [
        CommentInput(
            text=c.text,
            lang=c.lang,
            post_text=post_texts.get(c.post_id) if c.post_id else None,
            parent_text=parent_texts.get((c.network, c.parent_ref), c.parent_ref)
            if c.parent_ref
            else None,
        )
        for c in batch
    ]


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
    session: Session, batch: list[Comment], merged: list[tuple[list[Score], CommentScores]]
) -> None:
    session.execute(delete(ScoreRow).where(ScoreRow.comment_id.in_([c.id for c in batch])))
    for comment, (scores, combined) in zip(batch, merged, strict=True):
        session.add_all(
            ScoreRow(
                comment_id=comment.id,
                signal=s.signal,
                value=s.value,
                model=s.model,
                version=s.version,
            )
            for s in scores
        )
        comment.lang = comment.lang or combined.labels.get("lang")
        comment.sentiment = combined.labels.get("sentiment")
    session.flush()


def _comment_signals(
    batch: list[Comment], merged: list[tuple[list[Score], CommentScores]], pages: dict[int, Page]
) -> list[Signal]:
    signals = []
    for comment, (scores, _) in zip(batch, merged, strict=True):
        page = pages[comment.page_id]
        for score in scores:
            signals.append(
                Signal(
                    level="comment",
                    name=score.signal,
                    value=score.value,
                    at=comment.created_at,
                    page=f"{page.network}:{page.handle}",
                    thread=str(comment.post_id) if comment.post_id else None,
                    comment=str(comment.id),
                    evidence={"model": f"{score.model}@{score.version}"},
                )
            )
    return signals


def _page_signals(
    session: Session,
    batch: list[Comment],
    merged: list[tuple[list[Score], CommentScores]],
    pages: dict[int, Page],
    buzz: BuzzDetector,
) -> list[Signal]:
    states = {
        s.page_id: s for s in session.scalars(select(PageState).where(PageState.page_id.in_(pages)))
    }
    signals = []
    for comment, (_, combined) in zip(batch, merged, strict=True):
        state = states.get(comment.page_id)
        if state is None:
            state = PageState(
                page_id=comment.page_id,
                comments=0,
                negative=0,
                detector={},
                last_comment_at=comment.created_at,
            )
            session.add(state)
            states[comment.page_id] = state
        state.comments += 1
        state.last_comment_at = max(state.last_comment_at, comment.created_at)
        values = combined.values
        if max(values.get("negativity", 0.0), values.get("toxicity", 0.0)) < NEGATIVE_AT:
            continue
        state.negative += 1
        detector = dict(state.detector)
        onset = buzz.update(detector, comment.created_at)
        state.detector = detector
        if onset is not None:
            page = pages[comment.page_id]
            signals.append(
                Signal(
                    level="page",
                    name="negative_buzz",
                    value=1.0,
                    at=onset.at,
                    page=f"{page.network}:{page.handle}",
                    evidence={
                        "episode": onset.episode,
                        "trigger": comment.external_id,
                        "negative_last_hour": onset.count,
                        "baseline_per_hour": round(onset.baseline_per_hour, 2),
                        "detector": f"{buzz.name}@{buzz.version}",
                    },
                )
            )
    session.flush()
    return signals


def _record(session: Session, draft: AlertDraft, pages: dict[int, Page]) -> object:
    page_id = next(pid for pid, p in pages.items() if f"{p.network}:{p.handle}" == draft.page)
    return record_alert(
        session,
        draft,
        page_id=page_id,
        post_id=int(draft.thread) if draft.thread else None,
        comment_id=int(draft.comment) if draft.comment else None,
    )
