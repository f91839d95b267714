"""Read one analysed thread as a `ThreadView`: what scenario recommendation reasons over.

Four reads whatever the thread's length: the thread's state and page, its comments
with their scores, the alerts raised on it (plus page bursts triggered by one of its
comments), and the behaviour features of its authors.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from vigile.domain.model import is_brand
from vigile.domain.playbook import ThreadView, ViewComment
from vigile.store.queries import thread_comments, thread_summary
from vigile.store.schema import Alert, Author, AuthorState, Comment, Post


def thread_view(session: Session, post_id: int) -> ThreadView | None:
    """The thread as recommendation sees it, or None when it is unknown or not analysed."""
    summary = thread_summary(session, post_id)
    if summary is None:
        return None
    comments = tuple(
        ViewComment(
            id=c.id,
            text=c.text,
            author=c.author,
            created_at=c.created_at,
            scores=c.scores,
            lang=c.lang,
            parent=c.parent,
            brand=is_brand(c.author, summary.page),
        )
        for c in thread_comments(session, post_id)
    )
    alerts = _alerts(session, post_id, {c.id for c in comments})
    peak = max((a["value"] for a in alerts if a.get("signal") == "derailment"), default=0.0)
    return ThreadView(
        id=str(post_id),
        page=summary.page,
        post_text=summary.post_text,
        comments=comments,
        derailment=max(summary.derailment, float(peak)),
        pile_ons=tuple(a for a in alerts if a.get("signal") == "pile_on"),
        buzz=tuple(a for a in alerts if a.get("signal") == "negative_buzz"),
        authors=_authors(session, post_id),
    )


def _alerts(session: Session, post_id: int, comment_ids: set[str]) -> list[dict[str, Any]]:
    """Evidence of the alerts on this thread, and of page bursts one of its comments set off."""
    page_id = select(Post.page_id).where(Post.id == post_id).scalar_subquery()
    rows = session.scalars(
        select(Alert.evidence).where(
            or_(
                Alert.post_id == post_id,
                (Alert.page_id == page_id) & (Alert.kind == "negative_buzz"),
            )
        )
    )
    found = []
    for evidence in rows:
        if evidence.get("signal") == "negative_buzz" and evidence.get("trigger") not in comment_ids:
            continue
        found.append(dict(evidence))
    return found


def _authors(session: Session, post_id: int) -> dict[str, dict[str, Any]]:
    """Per author of the thread, the troll-signal score and the features behind it."""
    rows = session.execute(
        select(Author.handle, AuthorState.score, AuthorState.features)
        .join(AuthorState, AuthorState.author_id == Author.id)
        .where(Author.id.in_(select(Comment.author_id).where(Comment.post_id == post_id)))
    )
    return {
        handle: {"score": score, "features": dict(features)} for handle, score, features in rows
    }
