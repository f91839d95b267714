"""Page state, comment by comment: the negative buzz detector and recovery after a reply."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from vigile.analysis.buzz import BuzzDetector, BuzzOnset, BuzzRecovery
from vigile.domain.model import Signal, as_utc, is_brand
from vigile.pipeline.pending import PendingComment
from vigile.store.schema import PageState
from vigile.store.states import StateRows


def update_pages(
    session: Session,
    batch: Sequence[PendingComment],
    negatives: list[bool],
    page_ref: dict[int, str],
    authors: dict[int, str],
    buzz: BuzzDetector,
) -> list[Signal]:
    """Feed each page's buzz detector; onsets become `negative_buzz`, recoveries `buzz_recovery`."""
    states = StateRows(session, PageState, "page_id")
    states.load(page_ref)
    signals = []
    for comment, negative in zip(batch, negatives, strict=True):
        state = states.get_or_create(
            comment.page_id,
            {"comments": 0, "negative": 0, "detector": {}, "last_comment_at": comment.created_at},
        )
        state["comments"] += 1
        state["negative"] += negative
        state["last_comment_at"] = max(as_utc(state["last_comment_at"]), comment.created_at)
        author = authors.get(comment.author_id) if comment.author_id else None
        page = page_ref[comment.page_id]
        found = buzz.update(
            state["detector"], comment.created_at, negative=negative, brand=is_brand(author, page)
        )
        if found is not None:
            signals.append(_buzz_signal(found, comment, page, buzz))
    states.save()
    return signals


def _buzz_signal(
    found: BuzzOnset | BuzzRecovery, comment: PendingComment, page: str, buzz: BuzzDetector
) -> Signal:
    detector = f"{buzz.name}@{buzz.version}"
    if isinstance(found, BuzzOnset):
        return Signal(
            level="page",
            name="negative_buzz",
            value=1.0,
            at=found.at,
            page=page,
            evidence={
                "episode": found.episode,
                "trigger": comment.external_id,
                "negative_last_hour": found.count,
                "expected_per_hour": round(found.expected_per_hour, 2),
                "detector": detector,
            },
        )
    return Signal(
        level="page",
        name="buzz_recovery",
        value=1.0,
        at=found.at,
        page=page,
        evidence={
            "episode": found.episode,
            "negative_30_min_before_reply": found.negative_before_reply,
            "negative_last_30_min": found.negative_last_30_min,
            "detector": detector,
        },
    )
