"""Connected pages: connector options (never secrets), cursors and sync outcomes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from vigile.domain.errors import NotFound
from vigile.domain.model import PageRef, utc_now
from vigile.store.comments import ensure_organisation
from vigile.store.schema import Connection, Page


@dataclass(frozen=True)
class ConnectionView:
    id: int
    page: PageRef
    connector: str
    options: dict[str, str]
    cursor: dict[str, Any]
    synced_at: datetime | None
    retry_at: datetime | None
    error: str | None


def connect_page(
    session: Session, *, page: PageRef, connector: str, options: dict[str, str]
) -> tuple[ConnectionView, bool]:
    """Add the page (or update its options; the cursor is kept); True when it is new."""
    page_row = session.scalars(
        select(Page).where(Page.network == page.network, Page.handle == page.handle)
    ).first()
    if page_row is None:
        page_row = Page(
            organisation_id=ensure_organisation(session).id,
            network=page.network,
            handle=page.handle,
        )
        session.add(page_row)
        session.flush()
    row = session.scalars(select(Connection).where(Connection.page_id == page_row.id)).first()
    created = row is None
    if row is None:
        row = Connection(page_id=page_row.id, cursor={}, created_at=utc_now())
        session.add(row)
    row.connector = connector
    row.options = dict(options)
    session.flush()
    return _view(row, page_row), created


def connections(session: Session) -> list[ConnectionView]:
    rows = session.execute(
        select(Connection, Page).join(Page, Page.id == Connection.page_id).order_by(Connection.id)
    )
    return [_view(connection, page) for connection, page in rows]


def save_cursor(session: Session, connection_id: int, cursor: dict[str, Any]) -> None:
    _get(session, connection_id).cursor = cursor


def record_sync(
    session: Session,
    connection_id: int,
    *,
    error: str | None = None,
    retry_at: datetime | None = None,
) -> None:
    """After a sync: when it ended well, or the error (without secrets) and when to retry."""
    row = _get(session, connection_id)
    if error is None:
        row.synced_at = utc_now()
    row.error = error
    row.retry_at = retry_at


def _get(session: Session, connection_id: int) -> Connection:
    row = session.get(Connection, connection_id)
    if row is None:
        raise NotFound(f"no connection {connection_id}")
    return row


def _view(row: Connection, page: Page) -> ConnectionView:
    return ConnectionView(
        id=row.id,
        page=PageRef(page.network, page.handle),
        connector=row.connector,
        options={str(k): str(v) for k, v in (row.options or {}).items()},
        cursor=dict(row.cursor or {}),
        synced_at=row.synced_at,
        retry_at=row.retry_at,
        error=row.error,
    )
