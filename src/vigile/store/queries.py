"""Read-side queries shared by the CLI and the web app."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import distinct, func, select
from sqlalchemy.orm import Session

from vigile.domain.model import iso_z
from vigile.store.schema import (
    Alert,
    Author,
    Comment,
    Decision,
    Incident,
    Page,
    Post,
    ScoreRow,
    ThreadState,
)


def status_counts(session: Session, *, backlog: int) -> dict[str, int]:
    def count(*columns: Any) -> int:
        return session.scalar(select(func.count(*columns))) or 0

    return {
        "pages": count(Page.id),
        "posts": count(Post.id),
        "comments": count(Comment.id),
        "threads": session.scalar(select(func.count(distinct(Comment.post_id)))) or 0,
        "alerts": count(Alert.id),
        "open_alerts": session.scalar(select(func.count(Alert.id)).where(Alert.status == "open"))
        or 0,
        "incidents": count(Incident.id),
        "backlog": backlog,
    }


@dataclass(frozen=True)
class ThreadSummary:
    post_id: int
    page: str
    post_text: str | None
    comments: int
    derailment: float
    toxicity_max: float
    negativity_mean: float
    reasons: list[dict[str, Any]]
    last_comment_at: datetime
    open_alerts: int


def threads_by_risk(session: Session, *, limit: int = 100, offset: int = 0) -> list[ThreadSummary]:
    """Analysed threads, the most likely to go awry first."""
    open_alerts = (
        select(Alert.post_id, func.count(Alert.id).label("n"))
        .where(Alert.status == "open", Alert.post_id.is_not(None))
        .group_by(Alert.post_id)
        .subquery()
    )
    rows = session.execute(
        select(ThreadState, Post, Page, func.coalesce(open_alerts.c.n, 0))
        .join(Post, Post.id == ThreadState.post_id)
        .join(Page, Page.id == Post.page_id)
        .outerjoin(open_alerts, open_alerts.c.post_id == Post.id)
        .order_by(ThreadState.derailment.desc(), ThreadState.toxicity_max.desc(), Post.id)
        .limit(limit)
        .offset(offset)
    )
    return [_summary(state, post, page, n) for state, post, page, n in rows]


def thread_summary(session: Session, post_id: int) -> ThreadSummary | None:
    row = session.execute(
        select(ThreadState, Post, Page)
        .join(Post, Post.id == ThreadState.post_id)
        .join(Page, Page.id == Post.page_id)
        .where(Post.id == post_id)
    ).first()
    if row is None:
        return None
    state, post, page = row
    n = session.scalar(
        select(func.count(Alert.id)).where(Alert.post_id == post_id, Alert.status == "open")
    )
    return _summary(state, post, page, n or 0)


def _summary(state: ThreadState, post: Post, page: Page, open_alerts: int) -> ThreadSummary:
    return ThreadSummary(
        post_id=post.id,
        page=f"{page.network}:{page.handle}",
        post_text=post.text,
        comments=state.comments,
        derailment=state.derailment,
        toxicity_max=state.toxicity_max,
        negativity_mean=state.negativity_mean,
        reasons=list(state.reasons.get("reasons", [])),
        last_comment_at=state.last_comment_at,
        open_alerts=open_alerts,
    )


@dataclass(frozen=True)
class CommentView:
    id: str
    author: str | None
    text: str
    lang: str | None
    sentiment: str | None
    created_at: datetime
    parent: str | None
    scores: dict[str, float]
    edited_at: datetime | None = None
    deleted_at: datetime | None = None


def thread_comments(session: Session, post_id: int) -> list[CommentView]:
    rows = session.execute(
        select(Comment, Author.handle)
        .outerjoin(Author, Author.id == Comment.author_id)
        .where(Comment.post_id == post_id)
        .order_by(Comment.created_at, Comment.id)
    ).all()
    scores: dict[int, dict[str, float]] = {c.id: {} for c, _ in rows}
    for cid, signal, value in session.execute(
        select(ScoreRow.comment_id, ScoreRow.signal, ScoreRow.value).where(
            ScoreRow.comment_id.in_(scores)
        )
    ):
        scores[cid][signal] = value
    return [
        CommentView(
            c.external_id,
            handle,
            c.text,
            c.lang,
            c.sentiment,
            c.created_at,
            c.parent_ref,
            scores[c.id],
            c.edited_at,
            c.deleted_at,
        )
        for c, handle in rows
    ]


def alerts(session: Session, *, limit: int = 100) -> list[dict[str, Any]]:
    """Alerts newest event first, with page, thread and comment identifiers resolved."""
    rows = session.execute(
        select(Alert, Page, Post.external_id, Comment.external_id)
        .join(Page, Page.id == Alert.page_id)
        .outerjoin(Post, Post.id == Alert.post_id)
        .outerjoin(Comment, Comment.id == Alert.comment_id)
        .order_by(Alert.at.desc(), Alert.id.desc())
        .limit(limit)
    )
    return [alert_record(a, p, post, comment) for a, p, post, comment in rows]


def alerts_in_event_order(session: Session) -> list[dict[str, Any]]:
    rows = session.execute(
        select(Alert, Page, Post.external_id, Comment.external_id)
        .join(Page, Page.id == Alert.page_id)
        .outerjoin(Post, Post.id == Alert.post_id)
        .outerjoin(Comment, Comment.id == Alert.comment_id)
        .order_by(Alert.at, Alert.id)
    )
    return [alert_record(a, p, post, comment) for a, p, post, comment in rows]


def alert_record(alert: Alert, page: Page, post: str | None, comment: str | None) -> dict[str, Any]:
    return {
        "id": alert.id,
        "kind": alert.kind,
        "severity": alert.severity,
        "rule": alert.rule,
        "status": alert.status,
        "page": f"{page.network}:{page.handle}",
        "thread": post,
        "thread_id": alert.post_id,
        "comment": comment,
        "at": iso_z(alert.at),
        "evidence": alert.evidence,
        "incident": alert.incident_id,
    }


def incidents(session: Session, *, limit: int = 100) -> list[dict[str, Any]]:
    rows = session.scalars(
        select(Incident).order_by(Incident.opened_at.desc(), Incident.id.desc()).limit(limit)
    )
    return [
        {
            "id": i.id,
            "title": i.title,
            "status": i.status,
            "severity": i.severity,
            "opened_at": iso_z(i.opened_at),
            "updated_at": iso_z(i.updated_at),
        }
        for i in rows
    ]


def decisions(session: Session) -> Iterator[dict[str, Any]]:
    """The decision log in order, streamed, as exported."""
    for d in session.scalars(
        select(Decision).order_by(Decision.id).execution_options(yield_per=1000)
    ):
        yield {
            "id": d.id,
            "at": iso_z(d.at),
            "actor": d.actor,
            "action": d.action,
            "subject_type": d.subject_type,
            "subject_id": d.subject_id,
            "details": d.details,
            "prev_hash": d.prev_hash,
            "hash": d.hash,
        }
