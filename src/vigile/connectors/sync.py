"""Poll connected pages: each post is stored with its cursor in one transaction.

A sync killed at any point resumes from the last stored cursor; storing is idempotent
(by network and id), so a post read twice adds nothing. A failing page is recorded and
the others go on.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy.orm import Session

from vigile.connectors.base import Connector, ConnectorSetup
from vigile.connectors.credentials import connector_token
from vigile.connectors.registry import connector_factory
from vigile.domain.errors import RateLimited, VigileError
from vigile.domain.model import PageRef, PostSnapshot, utc_now
from vigile.store.comments import UpsertCounts, mark_deleted, upsert_comments
from vigile.store.connections import ConnectionView, connections, record_sync, save_cursor
from vigile.store.db import Database

log = logging.getLogger(__name__)


@dataclass
class SyncResult:
    page: PageRef
    posts: int = 0
    counts: UpsertCounts = field(default_factory=UpsertCounts)
    deleted: int = 0
    error: str | None = None
    waiting_until: datetime | None = None


@dataclass(frozen=True)
class SyncOptions:
    """How connectors are built for a sync; `sleep` and `clock` are injectable for tests."""

    home: Path
    lookback: timedelta = timedelta(days=7)
    max_wait: float = 900.0
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], datetime] = utc_now


def build_connector(view: ConnectionView, options: SyncOptions) -> Connector:
    """The page's connector with its token read now (from env or secret file)."""
    setup = ConnectorSetup(
        page=view.page,
        options=view.options,
        token=connector_token(options.home, view.options),
        lookback=options.lookback,
        max_wait=options.max_wait,
        sleep=options.sleep,
        clock=options.clock,
    )
    return connector_factory(view.connector)(setup)


def sync_all(
    db: Database,
    options: SyncOptions,
    *,
    build: Callable[[ConnectionView, SyncOptions], Connector] = build_connector,
    on_post: Callable[[SyncResult], None] | None = None,
) -> list[SyncResult]:
    """Sync every connected page once; a page told to wait (429) is left until then."""
    with db.session() as session:
        views = connections(session)
    results = []
    for view in views:
        if view.retry_at is not None and view.retry_at > options.clock():
            results.append(SyncResult(view.page, waiting_until=view.retry_at))
            continue
        try:
            connector = build(view, options)
        except VigileError as exc:
            results.append(_failed(db, view, exc, options))
            continue
        results.append(sync_page(db, view, connector, options=options, on_post=on_post))
    return results


def sync_page(
    db: Database,
    view: ConnectionView,
    connector: Connector,
    *,
    options: SyncOptions,
    on_post: Callable[[SyncResult], None] | None = None,
) -> SyncResult:
    result = SyncResult(view.page)
    try:
        for harvest in connector.fetch(view.cursor):
            with db.session() as session:
                if harvest.snapshot is not None:
                    _store(session, harvest.snapshot, result)
                save_cursor(session, view.id, harvest.cursor)
            if harvest.snapshot is not None and on_post is not None:
                on_post(result)
    except VigileError as exc:
        return _failed(db, view, exc, options, result=result)
    except Exception as exc:  # a connector's bug parks its page; the other pages go on
        log.exception("sync of connection %s: unexpected error", view.id)
        error = VigileError(f"{view.page}: unexpected error ({type(exc).__name__}), see the log")
        return _failed(db, view, error, options, result=result)
    finally:
        close = getattr(connector, "close", None)
        if callable(close):
            close()
    with db.session() as session:
        record_sync(session, view.id)
    return result


def _store(session: Session, snapshot: PostSnapshot, result: SyncResult) -> None:
    result.posts += 1
    result.counts += upsert_comments(session, list(snapshot.comments))
    if snapshot.complete:
        result.deleted += mark_deleted(
            session,
            page=snapshot.page,
            post_id=snapshot.post_id,
            present=[c.external_id for c in snapshot.comments],
        )


def _failed(
    db: Database,
    view: ConnectionView,
    exc: VigileError,
    options: SyncOptions,
    *,
    result: SyncResult | None = None,
) -> SyncResult:
    result = result or SyncResult(view.page)
    result.error = exc.message
    if isinstance(exc, RateLimited):
        result.waiting_until = options.clock() + timedelta(seconds=exc.retry_after)
    log.warning("sync of connection %s failed: %s", view.id, exc.code)  # no handle, no token
    with db.session() as session:
        record_sync(session, view.id, error=exc.message, retry_at=result.waiting_until)
    return result
