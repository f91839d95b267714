"""Author state, updated comment by comment: behaviour features and the troll signal."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from vigile.analysis.authors import AuthorDetector, AuthorEvent
from vigile.domain.model import Signal, as_utc
from vigile.store.schema import AuthorState
from vigile.store.states import StateRows


@dataclass(frozen=True, slots=True)
class AuthoredComment:
    author_id: int
    author: str
    page: str
    thread: int | None
    at: datetime
    toxic: bool
    negative: bool
    replies_to_other: bool


def update_authors(
    session: Session, comments: Sequence[AuthoredComment], detector: AuthorDetector
) -> list[Signal]:
    """One `troll_signals` signal per comment whose author shows at least one feature."""
    states = StateRows(session, AuthorState, "author_id")
    states.load(c.author_id for c in comments)
    signals = []
    for comment in comments:
        state = states.get_or_create(
            comment.author_id,
            {"score": 0.0, "features": {}, "state": {}, "last_comment_at": comment.at},
        )
        event = AuthorEvent(
            author=comment.author,
            thread=str(comment.thread) if comment.thread else None,
            at=comment.at,
            toxic=comment.toxic,
            negative=comment.negative,
            replies_to_other=comment.replies_to_other,
        )
        result = detector.update(state["state"], event)
        state["score"], state["features"] = result.score, result.features
        state["last_comment_at"] = max(as_utc(state["last_comment_at"]), comment.at)
        if result.features:
            signals.append(
                Signal(
                    level="author",
                    name="troll_signals",
                    value=result.score,
                    at=comment.at,
                    page=comment.page,
                    thread=str(comment.thread) if comment.thread else None,
                    evidence={
                        "author": comment.author,
                        "episode": f"{comment.author_id}:{comment.at.date().isoformat()}",
                        "features": result.features,
                        "detector": f"{detector.name}@{detector.version}",
                    },
                )
            )
    states.save()
    return signals
