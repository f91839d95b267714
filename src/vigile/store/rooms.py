"""Read-side queries of the dashboard's rooms: alerts with filters, incidents, pages.

Every function takes the organisation it is limited to: nothing here reads across
organisations, whatever id a caller passes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from vigile.analysis.base import NEGATIVE_AT
from vigile.domain.model import as_utc
from vigile.store.queries import (
    ThreadSummary,
    alert_records,
    alert_rows,
    org_pages,
    threads_by_risk,
)
from vigile.store.schema import (
    Alert,
    Comment,
    Incident,
    Page,
    PageState,
    ScoreRow,
)

# the signals of a page's buzz episode, whatever kind the charter names their alerts
BUZZ_SIGNALS = ("negative_buzz", "buzz_recovery")


@dataclass(frozen=True)
class AlertFilter:
    """What the alerts page asks for; None means any."""

    status: str | None = None
    kind: str | None = None
    page_id: int | None = None


def filtered_alerts(
    session: Session, organisation_id: int, wanted: AlertFilter, *, limit: int, offset: int = 0
) -> tuple[list[dict[str, Any]], int]:
    """One page of the organisation's alerts, newest event first, and how many match."""
    where = [Page.organisation_id == organisation_id]
    if wanted.status:
        where.append(Alert.status == wanted.status)
    if wanted.kind:
        where.append(Alert.kind == wanted.kind)
    if wanted.page_id is not None:
        where.append(Alert.page_id == wanted.page_id)
    total = session.scalar(
        select(func.count(Alert.id)).join(Page, Page.id == Alert.page_id).where(*where)
    )
    query = (
        alert_rows()
        .where(*where)
        .order_by(Alert.at.desc(), Alert.id.desc())
        .limit(limit)
        .offset(offset)
    )
    return alert_records(session, query), total or 0


def alert_kinds(session: Session, organisation_id: int) -> list[str]:
    """The kinds of alert the organisation has had, for the filter's choices."""
    query = (
        select(Alert.kind)
        .where(Alert.page_id.in_(org_pages(organisation_id)))
        .distinct()
        .order_by(Alert.kind)
    )
    return list(session.scalars(query))


def incident_alerts(session: Session, incident_id: int) -> list[dict[str, Any]]:
    """The alerts of one incident in event order (the caller checked its organisation)."""
    query = alert_rows().where(Alert.incident_id == incident_id).order_by(Alert.at, Alert.id)
    return alert_records(session, query)


def open_alert_ids(session: Session, incident_id: int) -> list[int]:
    query = select(Alert.id).where(Alert.incident_id == incident_id, Alert.status == "open")
    return list(session.scalars(query))


def incidents_with_pages(
    session: Session,
    organisation_id: int,
    *,
    status: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """The organisation's incidents, newest first, with their page and open alerts."""
    open_alerts = (
        select(Alert.incident_id, func.count(Alert.id).label("n"))
        .where(Alert.status == "open", Alert.incident_id.is_not(None))
        .group_by(Alert.incident_id)
        .subquery()
    )
    query = (
        select(Incident, Page, func.coalesce(open_alerts.c.n, 0))
        .join(Page, Page.id == Incident.page_id)
        .outerjoin(open_alerts, open_alerts.c.incident_id == Incident.id)
        .where(Page.organisation_id == organisation_id)
        .order_by(Incident.opened_at.desc(), Incident.id.desc())
        .limit(limit)
        .offset(offset)
    )
    if status:
        query = query.where(Incident.status == status)
    return [
        {
            "id": i.id,
            "title": i.title,
            "status": i.status,
            "severity": i.severity,
            "page": f"{p.network}:{p.handle}",
            "page_id": p.id,
            "opened_at": as_utc(i.opened_at),
            "updated_at": as_utc(i.updated_at),
            "open_alerts": n,
        }
        for i, p, n in session.execute(query)
    ]


@dataclass(frozen=True)
class PageRow:
    id: int
    name: str  # network:handle
    comments: int
    negative: int
    last_comment_at: datetime | None
    open_alerts: int


def organisation_pages(session: Session, organisation_id: int) -> list[PageRow]:
    """The organisation's pages with their counts, busiest first."""
    return _page_rows(session, Page.organisation_id == organisation_id)


def organisation_page(session: Session, organisation_id: int, page_id: int) -> PageRow | None:
    """One page of the organisation, or None (another organisation's page included)."""
    rows = _page_rows(session, Page.organisation_id == organisation_id, Page.id == page_id)
    return rows[0] if rows else None


def _page_rows(session: Session, *where: ColumnElement[bool]) -> list[PageRow]:
    """The pages that match, with their counts and open alerts, busiest first."""
    open_alerts = (
        select(Alert.page_id, func.count(Alert.id).label("n"))
        .where(Alert.status == "open")
        .group_by(Alert.page_id)
        .subquery()
    )
    rows = session.execute(
        select(Page, PageState, func.coalesce(open_alerts.c.n, 0))
        .outerjoin(PageState, PageState.page_id == Page.id)
        .outerjoin(open_alerts, open_alerts.c.page_id == Page.id)
        .where(*where)
        .order_by(func.coalesce(PageState.comments, 0).desc(), Page.network, Page.handle)
    )
    return [_page_row(page, state, n) for page, state, n in rows]


def _page_row(page: Page, state: PageState | None, open_alerts: int) -> PageRow:
    return PageRow(
        id=page.id,
        name=f"{page.network}:{page.handle}",
        comments=state.comments if state else 0,
        negative=state.negative if state else 0,
        last_comment_at=as_utc(state.last_comment_at) if state else None,
        open_alerts=open_alerts,
    )


@dataclass(frozen=True)
class HourBucket:
    start: datetime
    comments: int
    negative: int  # negativity or toxicity >= 0.5, what the buzz detector counts


def hourly_volume(session: Session, page_id: int, *, end: datetime, hours: int) -> list[HourBucket]:
    """Comments and clearly negative comments per hour over the `hours` before `end`."""
    last = as_utc(end).replace(minute=0, second=0, microsecond=0)
    first = last - timedelta(hours=hours - 1)
    worst = (
        select(ScoreRow.comment_id, func.max(ScoreRow.value).label("value"))
        .where(ScoreRow.signal.in_(("negativity", "toxicity")))
        .group_by(ScoreRow.comment_id)
        .subquery()
    )
    rows = session.execute(
        select(Comment.created_at, worst.c.value)
        .outerjoin(worst, worst.c.comment_id == Comment.id)
        .where(
            Comment.page_id == page_id,
            Comment.created_at >= first,
            Comment.created_at < last + timedelta(hours=1),
        )
    )
    counts = [[0, 0] for _ in range(hours)]
    for created_at, value in rows:
        slot = int((as_utc(created_at) - first).total_seconds() // 3600)
        if 0 <= slot < hours:
            counts[slot][0] += 1
            counts[slot][1] += int(value is not None and value >= NEGATIVE_AT)
    return [HourBucket(first + timedelta(hours=i), c, n) for i, (c, n) in enumerate(counts)]


def buzz_alerts(session: Session, page_id: int) -> list[dict[str, Any]]:
    """The page's burst onsets and recoveries, in event order."""
    rows = session.scalars(
        select(Alert).where(Alert.page_id == page_id).order_by(Alert.at, Alert.id)
    )
    return [
        {"id": a.id, "signal": a.evidence.get("signal"), "at": as_utc(a.at), "kind": a.kind}
        for a in rows
        if a.evidence.get("signal") in BUZZ_SIGNALS
    ]


def page_threads(session: Session, page_id: int, *, limit: int = 50) -> list[ThreadSummary]:
    """The page's analysed threads, the most likely to go awry first."""
    return threads_by_risk(session, page_id=page_id, limit=limit)
