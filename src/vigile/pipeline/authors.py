"""Author state, updated comment by comment: behaviour features and the troll signal."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from vigile.analysis.authors import AuthorDetector, AuthorEvent
from vigile.analysis.base import is_negative, is_toxic
from vigile.domain.model import Signal, as_utc
from vigile.store.schema import AuthorState


@dataclass(frozen=True, slots=True)
class AuthoredComment:
    author_id: int
    author: str
    page: str
    thread: int | None
    at: datetime
    scores: dict[str, float]
    replies_to_other: bool


def update_authors(
    session: Session, comments: Sequence[AuthoredComment], detector: AuthorDetector
) -> list[Signal]:
    """One `troll_signals` signal per comment whose author shows at least one feature."""
    ids = {c.author_id for c in comments}
    states = {
        s.author_id: s
        for s in session.scalars(select(AuthorState).where(AuthorState.author_id.in_(ids)))
    }
    signals = []
    for comment in comments:
        state = states.get(comment.author_id)
        if state is None:
            state = AuthorState(
                author_id=comment.author_id,
                score=0.0,
                features={},
                state={},
                last_comment_at=comment.at,
            )
            states[comment.author_id] = state
            session.add(state)
        event = AuthorEvent(
            author=comment.author,
            thread=str(comment.thread) if comment.thread else None,
            at=comment.at,
            toxic=is_toxic(comment.scores),
            negative=is_negative(comment.scores),
            replies_to_other=comment.replies_to_other,
        )
        result = detector.update(state.state, event)
        flag_modified(state, "state")
        state.score, state.features = result.score, result.features
        state.last_comment_at = max(as_utc(state.last_comment_at), comment.at)
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
    session.flush()
    return signals
