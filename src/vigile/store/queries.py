"""Read-side queries shared by the CLI and the web app."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Select, and_, distinct, func, select
from sqlalchemy.orm import Session

from vigile.domain.model import iso_z
from vigile.store.schema import (
    Alert,
    Author,
    Comment,
    Decision,
    Incident,
    Organisation,
    Page,
    Post,
    ScoreRow,
    ThreadState,
)

Q = TypeVar("Q", bound="Select[*tuple[Any, ...]]")


def status_counts(
    session: Session, *, backlog: int, organisation_id: int | None = None
) -> dict[str, int]:
    """Counts of the whole store, or of one organisation's pages."""

    def count(column: Any, page_column: Any, *where: Any) -> int:
        query = select(func.count(column)).where(*where)
        if organisation_id is not None:
            query = query.where(page_column.in_(org_pages(organisation_id)))
        return session.scalar(query) or 0

    return {
        "pages": count(Page.id, Page.id),
        "posts": count(Post.id, Post.page_id),
        "comments": count(Comment.id, Comment.page_id),
        "threads": count(distinct(Comment.post_id), Comment.page_id),
        "alerts": count(Alert.id, Alert.page_id),
        "open_alerts": count(Alert.id, Alert.page_id, Alert.status == "open"),
        "incidents": count(Incident.id, Incident.page_id),
        "backlog": backlog,
    }


def org_pages(organisation_id: int) -> Select[int]:
    """The ids of one organisation's pages, as a subquery for `in_`."""
    return select(Page.id).where(Page.organisation_id == organisation_id)


def page_named(ref: str) -> ColumnElement[bool]:
    """The page `network:handle` (as the API and filters name it)."""
    network, _, handle = ref.partition(":")
    return and_(Page.network == network, Page.handle == handle)


def _scoped(query: Q, organisation_id: int | None) -> Q:
    """`query` (which joins Page) limited to one organisation's pages when one is given."""
    if organisation_id is None:
        return query
    return query.where(Page.organisation_id == organisation_id)


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


def threads_by_risk(
    session: Session,
    *,
    limit: int = 100,
    offset: int = 0,
    page_id: int | None = None,
) -> list[ThreadSummary]:
    """Analysed threads, the most likely to go awry first (of one page when given)."""
    on_page = () if page_id is None else (Alert.page_id == page_id,)
    open_alerts = (
        select(Alert.post_id, func.count(Alert.id).label("n"))
        .where(Alert.status == "open", Alert.post_id.is_not(None), *on_page)
        .group_by(Alert.post_id)
        .subquery()
    )
    query = (
        select(ThreadState, Post, Page, func.coalesce(open_alerts.c.n, 0))
        .join(Post, Post.id == ThreadState.post_id)
        .join(Page, Page.id == Post.page_id)
        .outerjoin(open_alerts, open_alerts.c.post_id == Post.id)
        .order_by(ThreadState.derailment.desc(), ThreadState.toxicity_max.desc(), Post.id)
        .limit(limit)
        .offset(offset)
    )
    if page_id is not None:
        query = query.where(Post.page_id == page_id)
    return [_summary(state, post, page, n) for state, post, page, n in session.execute(query)]


def thread_summary(
    session: Session, post_id: int, *, organisation_id: int | None = None
) -> ThreadSummary | None:
    query = (
        select(ThreadState, Post, Page)
        .join(Post, Post.id == ThreadState.post_id)
        .join(Page, Page.id == Post.page_id)
        .where(Post.id == post_id)
    )
    row = session.execute(_scoped(query, organisation_id)).first()
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


def alerts(
    session: Session, *, limit: int = 100, organisation_id: int | None = None
) -> list[dict[str, Any]]:
    """Alerts newest event first, with page, thread and comment identifiers resolved."""
    query = alert_rows().order_by(Alert.at.desc(), Alert.id.desc()).limit(limit)
    return alert_records(session, _scoped(query, organisation_id))


def alerts_in_event_order(session: Session) -> list[dict[str, Any]]:
    return alert_records(session, alert_rows().order_by(Alert.at, Alert.id))


def alert_rows() -> Select[Alert, Page, str, str]:
    """The alerts with their page and the external ids of their thread and comment.

    Every listing of alerts starts from this and adds its filter and order.
    """
    return (
        select(Alert, Page, Post.external_id, Comment.external_id)
        .join(Page, Page.id == Alert.page_id)
        .outerjoin(Post, Post.id == Alert.post_id)
        .outerjoin(Comment, Comment.id == Alert.comment_id)
    )


def alert_records(session: Session, query: Select[Alert, Page, str, str]) -> list[dict[str, Any]]:
    """The rows of an `alert_rows` query as the records the API and pages show."""
    return [alert_record(a, p, post, comment) for a, p, post, comment in session.execute(query)]


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
        yield decision_record(d)


def decision_record(d: Decision) -> dict[str, Any]:
    """One log entry as exported and served by the API (the hashes let a reader verify it)."""
    return {
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


def owning_slug(session: Session, kind: str, item_id: int) -> str | None:
    """The slug of the organisation a thread, alert or incident belongs to (None: no such)."""
    found = owning_organisation(session, kind, item_id)
    return None if found is None else session.get_one(Organisation, found).slug


def comment_slug(session: Session, network: str, external_id: str) -> str | None:
    """The slug of the organisation a stored comment belongs to (None: no such comment)."""
    return session.scalar(
        select(Organisation.slug)
        .join(Page, Page.organisation_id == Organisation.id)
        .join(Comment, Comment.page_id == Page.id)
        .where(Comment.network == network, Comment.external_id == external_id)
    )


def owning_organisation(session: Session, kind: str, item_id: int) -> int | None:
    """The organisation a thread, alert or incident belongs to (None when it does not exist)."""
    page_of = {"thread": Post.page_id, "alert": Alert.page_id, "incident": Incident.page_id}
    column = page_of[kind]
    return session.scalar(
        select(Page.organisation_id)
        .join(column.class_, column == Page.id)
        .where(column.class_.id == item_id)
    )
