"""What the store knows when a brand post is checked: open incidents and past incidents."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from vigile.domain.checks import PastIncident, PostContext
from vigile.domain.model import IncidentStatus, PageRef
from vigile.store.schema import Alert, Comment, Incident, Page, Post

PAST_THREADS = 200  # the most recent threads with an alert are compared with the post
COMMENTS_PER_THREAD = 50


def post_context(
    session: Session,
    *,
    page: str | None,
    at: datetime | None,
    network: str | None = None,
    organisation_id: int | None = None,
) -> PostContext:
    """Open incidents on `page` (every page when None) and the texts of threads that had
    alerts there, for the post check; only one organisation's pages when it is given."""
    page_ids = _page_ids(session, page, organisation_id)
    incidents = select(Incident.title).where(Incident.status != IncidentStatus.RESOLVED.value)
    threads = (
        select(Post.id, Post.external_id, Post.text)
        .where(Post.id.in_(select(Alert.post_id).where(Alert.post_id.is_not(None))))
        .order_by(Post.id.desc())
        .limit(PAST_THREADS)
    )
    if page_ids is not None:
        incidents = incidents.where(Incident.page_id.in_(page_ids))
        threads = threads.where(Post.page_id.in_(page_ids))
    past = []
    for post_id, external_id, text in session.execute(threads):
        # the post alone and the whole thread: a long thread dilutes the post's words
        if text:
            past.append(PastIncident(external_id, text))
        past.append(PastIncident(external_id, _thread_text(session, post_id, text)))
    network = network or (PageRef.parse(page).network if page else None)
    return PostContext(
        at=at,
        network=network,
        open_incidents=tuple(session.scalars(incidents.order_by(Incident.id.desc()))),
        past_incidents=tuple(past),
    )


def _page_ids(session: Session, page: str | None, organisation_id: int | None) -> list[int] | None:
    query = select(Page.id)
    if organisation_id is not None:
        query = query.where(Page.organisation_id == organisation_id)
    elif not page:
        return None
    if page:
        ref = PageRef.parse(page)
        query = query.where(Page.network == ref.network, Page.handle == ref.handle)
    return list(session.scalars(query))


def _thread_text(session: Session, post_id: int, post_text: str | None) -> str:
    comments = session.scalars(
        select(Comment.text)
        .where(Comment.post_id == post_id)
        .order_by(Comment.created_at)
        .limit(COMMENTS_PER_THREAD)
    )
    return "\n".join([post_text or "", *comments])
