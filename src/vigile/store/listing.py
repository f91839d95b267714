"""Read-side lists of the REST API, each limited to one organisation, paged by limit/offset.

Every function returns `(total, rows)`: the number of matching rows (for the
`X-Total-Count` header) and one page of them as JSON-ready dicts; except `comments`, the
list that grows without bound, which pages by keyset cursor and counts only when asked.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, exists, func, or_, select
from sqlalchemy.orm import Session

from vigile.domain.model import as_utc, iso_z
from vigile.store.queries import (
    alert_record,
    alert_rows,
    decision_record,
    org_pages,
    page_named,
)
from vigile.store.schema import (
    Alert,
    Author,
    CaseStudyRow,
    Comment,
    Decision,
    HelpRequestRow,
    Incident,
    Page,
    Post,
    ScoreRow,
    ThreadState,
)

TOXIC_AT = 0.5
NEGATIVE_AT = 0.5


@dataclass(frozen=True)
class Window:
    limit: int
    offset: int


def _page(
    session: Session, query: Select[*tuple[Any, ...]], window: Window
) -> tuple[int, list[Any]]:
    total = _count(session, query)
    rows = session.execute(query.limit(window.limit).offset(window.offset)).all()
    return total, list(rows)


def posts(
    session: Session, window: Window, *, organisation_id: int, page: str | None = None
) -> tuple[int, list[Any]]:
    query = (
        select(Post, Page, ThreadState.comments)
        .join(Page, Page.id == Post.page_id)
        .outerjoin(ThreadState, ThreadState.post_id == Post.id)
        .where(Page.organisation_id == organisation_id)
        .order_by(Post.id.desc())
    )
    if page:
        query = query.where(page_named(page))
    total, rows = _page(session, query, window)
    return total, [
        {
            "id": post.id,
            "page": f"{p.network}:{p.handle}",
            "external_id": post.external_id,
            "text": post.text,
            "created_at": iso_z(post.created_at) if post.created_at else None,
            "comments": comments or 0,
        }
        for post, p, comments in rows
    ]


@dataclass(frozen=True)
class CommentFilter:
    page: str | None = None
    thread: int | None = None
    language: str | None = None
    toxic: bool | None = None
    negative: bool | None = None
    since: datetime | None = None
    until: datetime | None = None
    author: str | None = None


def _score_at_least(signal: str, value: float) -> ColumnElement[bool]:
    return exists().where(
        ScoreRow.comment_id == Comment.id, ScoreRow.signal == signal, ScoreRow.value >= value
    )


def _comment_where(wanted: CommentFilter) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = []
    if wanted.page:
        where.append(page_named(wanted.page))
    if wanted.thread is not None:
        where.append(Comment.post_id == wanted.thread)
    if wanted.language:
        where.append(Comment.lang == wanted.language)
    if wanted.toxic is not None:
        toxic = _score_at_least("toxicity", TOXIC_AT)
        where.append(toxic if wanted.toxic else ~toxic)
    if wanted.negative is not None:
        negative = or_(Comment.sentiment == "negative", _score_at_least("negativity", NEGATIVE_AT))
        where.append(negative if wanted.negative else ~negative)
    if wanted.since is not None:
        where.append(Comment.created_at >= wanted.since)
    if wanted.until is not None:
        where.append(Comment.created_at < wanted.until)
    if wanted.author:
        where.append(Author.handle == wanted.author)
    return where


@dataclass(frozen=True)
class Cursor:
    """Where a page of comments ends: the last comment's time and id (keyset paging)."""

    at: datetime
    id: int

    def encode(self) -> str:
        raw = f"{as_utc(self.at).isoformat()}|{self.id}".encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    @classmethod
    def decode(cls, text: str) -> Cursor:
        """The cursor of `encode`; ValueError when `text` is not one."""
        try:
            raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)).decode()
            at, _, number = raw.partition("|")
            return cls(as_utc(datetime.fromisoformat(at)), int(number))
        except (ValueError, UnicodeDecodeError) as exc:
            raise ValueError(f"not a cursor: {text!r}") from exc


@dataclass(frozen=True)
class CommentPage:
    rows: list[dict[str, Any]]
    next: Cursor | None  # None on the last page
    total: int | None  # only when asked: counting every match is what made lists slow


def comments(
    session: Session,
    window: Window,
    wanted: CommentFilter,
    *,
    organisation_id: int,
    after: Cursor | None = None,
    count: bool = False,
) -> CommentPage:
    """Comments newest first, with their scores, `window.limit` after the cursor `after`.

    Keyset paging over the index on (created_at, id): a later page costs what the first
    does. The full count is taken only when `count` is asked."""
    query = (
        select(Comment, Page, Author.handle)
        .join(Page, Page.id == Comment.page_id)
        .outerjoin(Author, Author.id == Comment.author_id)
        .where(Page.organisation_id == organisation_id, *_comment_where(wanted))
        .order_by(Comment.created_at.desc(), Comment.id.desc())
    )
    total = _count(session, query) if count else None
    if after is not None:  # the first condition is the index range, the second the tie
        query = query.where(
            Comment.created_at <= after.at,
            or_(Comment.created_at < after.at, Comment.id < after.id),
        )
    rows = list(session.execute(query.limit(window.limit + 1).offset(window.offset)).all())
    last = rows[window.limit - 1][0] if len(rows) > window.limit else None
    rows = rows[: window.limit]
    following = Cursor(last.created_at, last.id) if last is not None else None
    return CommentPage(_comment_records(session, rows), following, total)


def _count(session: Session, query: Select[*tuple[Any, ...]]) -> int:
    return int(
        session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
    )


def _comment_records(session: Session, rows: list[Any]) -> list[dict[str, Any]]:
    scores: dict[int, dict[str, float]] = {c.id: {} for c, _, _ in rows}
    for cid, signal, value in session.execute(
        select(ScoreRow.comment_id, ScoreRow.signal, ScoreRow.value).where(
            ScoreRow.comment_id.in_(scores)
        )
    ):
        scores[cid][signal] = value
    return [
        {
            "id": c.id,
            "network": c.network,
            "external_id": c.external_id,
            "page": f"{p.network}:{p.handle}",
            "thread_id": c.post_id,
            "author": handle,
            "text": c.text,
            "lang": c.lang,
            "sentiment": c.sentiment,
            "parent": c.parent_ref,
            "created_at": iso_z(c.created_at),
            "scores": scores[c.id],
        }
        for c, p, handle in rows
    ]


def alerts(
    session: Session,
    window: Window,
    *,
    organisation_id: int,
    kind: str | None = None,
    status: str | None = None,
    page: str | None = None,
    incident: int | None = None,
) -> tuple[int, list[Any]]:
    """Alerts newest event first."""
    query = (
        alert_rows()
        .where(Page.organisation_id == organisation_id)
        .order_by(Alert.at.desc(), Alert.id.desc())
    )
    if kind:
        query = query.where(Alert.kind == kind)
    if status:
        query = query.where(Alert.status == status)
    if page:
        query = query.where(page_named(page))
    if incident is not None:
        query = query.where(Alert.incident_id == incident)
    total, rows = _page(session, query, window)
    return total, [alert_record(a, p, post, comment) for a, p, post, comment in rows]


def count_incidents(session: Session, organisation_id: int, *, status: str | None = None) -> int:
    """How many incidents the organisation has (with this status)."""
    query = select(func.count(Incident.id)).where(Incident.page_id.in_(org_pages(organisation_id)))
    if status:
        query = query.where(Incident.status == status)
    return int(session.scalar(query) or 0)


def incident_record(incident: Incident, page: Page) -> dict[str, Any]:
    return {
        "id": incident.id,
        "title": incident.title,
        "status": incident.status,
        "severity": incident.severity,
        "page": f"{page.network}:{page.handle}",
        "opened_at": iso_z(incident.opened_at),
        "updated_at": iso_z(incident.updated_at),
    }


def incident(session: Session, incident_id: int, *, organisation_id: int) -> Any | None:
    """One incident of the organisation, or None (another's answers like a missing one)."""
    return session.execute(
        select(Incident, Page)
        .join(Page, Page.id == Incident.page_id)
        .where(Incident.id == incident_id, Page.organisation_id == organisation_id)
    ).first()


def _owned_subject(organisation_id: int) -> ColumnElement[bool]:
    """A decision whose subject (alert, incident, comment, help request, local case)
    belongs to the organisation; entries about nothing of its own stay out."""
    mine = org_pages(organisation_id)
    cases = (
        select(CaseStudyRow.id)
        .join(Incident, Incident.id == CaseStudyRow.incident_id)
        .where(Incident.page_id.in_(mine))
    )
    subjects = {
        "alert": select(Alert.id).where(Alert.page_id.in_(mine)),
        "incident": select(Incident.id).where(Incident.page_id.in_(mine)),
        "comment": select(Comment.id).where(Comment.page_id.in_(mine)),
        "help_request": select(HelpRequestRow.id).where(
            HelpRequestRow.organisation_id == organisation_id
        ),
        "case": cases,
    }
    return or_(
        *(
            and_(Decision.subject_type == kind, Decision.subject_id.in_(ids))
            for kind, ids in subjects.items()
        )
    )


def decisions(
    session: Session,
    window: Window,
    *,
    organisation_id: int,
    subject_type: str | None = None,
    subject_id: int | None = None,
) -> tuple[int, list[Any]]:
    """The decision log in order, the organisation's entries only."""
    query = select(Decision).where(_owned_subject(organisation_id)).order_by(Decision.id)
    if subject_type:
        query = query.where(Decision.subject_type == subject_type)
    if subject_id is not None:
        query = query.where(Decision.subject_id == subject_id)
    total, rows = _page(session, query, window)
    return total, [decision_record(d) for (d,) in rows]
