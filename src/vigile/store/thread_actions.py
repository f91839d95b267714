"""What the thread page acts on: the thread's alerts, its incidents and the replies sent.

A thread's alerts are those raised on it plus the page bursts one of its comments set off
(the same rule as `thread_view`), so the CM acknowledges, on the thread, the alert the
thread caused, and reaches the incident it belongs to.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from vigile.domain.model import iso_z
from vigile.store.queries import alert_record, alert_rows
from vigile.store.schema import Alert, Comment, Decision, Post

REPLY_ACTIONS = ("reply_published", "reply_copied")


def thread_alerts(session: Session, post_id: int) -> list[dict[str, Any]]:
    """The thread's alerts, newest first, as `queries.alerts` gives them."""
    page_id = select(Post.page_id).where(Post.id == post_id).scalar_subquery()
    here = select(Comment.external_id).where(Comment.post_id == post_id)
    rows = session.execute(
        alert_rows()
        .where(
            or_(
                Alert.post_id == post_id,
                (Alert.page_id == page_id) & (Alert.kind == "negative_buzz"),
            )
        )
        .order_by(Alert.at.desc(), Alert.id.desc())
    )
    triggers = set(session.scalars(here))
    return [
        alert_record(alert, page, post, comment)
        for alert, page, post, comment in rows
        if alert.post_id == post_id or alert.evidence.get("trigger") in triggers
    ]


def thread_comment_row(session: Session, post_id: int, external_id: str) -> int | None:
    """The row id of the thread's comment `external_id` (None when not in this thread)."""
    return session.scalar(
        select(Comment.id).where(Comment.post_id == post_id, Comment.external_id == external_id)
    )


def latest_comment_row(session: Session, post_id: int) -> int | None:
    """The thread's newest comment: what a reply answers when no comment is named."""
    return session.scalar(
        select(Comment.id)
        .where(Comment.post_id == post_id)
        .order_by(Comment.created_at.desc(), Comment.id.desc())
        .limit(1)
    )


def sent_replies(session: Session, post_id: int) -> list[dict[str, Any]]:
    """Replies sent (published or copied) under the thread's comments, oldest first."""
    rows = session.scalars(
        select(Decision)
        .where(
            Decision.action.in_(REPLY_ACTIONS),
            Decision.subject_type == "comment",
            Decision.subject_id.in_(select(Comment.id).where(Comment.post_id == post_id)),
        )
        .order_by(Decision.id)
    )
    return [
        {
            "id": d.id,
            "at": iso_z(d.at),
            "actor": d.actor,
            "action": d.action,
            "text": str(d.details.get("text", "")),
            "override": bool(d.details.get("override")),
            "reply_id": d.details.get("reply_id"),
        }
        for d in rows
    ]
