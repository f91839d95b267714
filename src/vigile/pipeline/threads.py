"""Thread state, updated comment by comment in event order with bounded work per comment.

Each thread keeps a window of its last comments (with their scores) for the forecaster,
the pile-on detector's state and running counters; a new comment costs the same
whatever the thread's length. Windows not forecast ahead (see `windows`) are forecast in
one batch per analysis batch.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from vigile.analysis.base import SIGNAL_AT, Forecast, ThreadForecaster
from vigile.analysis.pileon import PileOn, PileOnDetector, ThreadEvent
from vigile.domain.model import Signal, as_utc
from vigile.pipeline.windows import Entry, ScoredComment, forecast_windows, slide
from vigile.store.schema import Post, ThreadState
from vigile.store.states import StateRows


def update_threads(
    session: Session,
    comments: Sequence[ScoredComment],
    forecaster: ThreadForecaster,
    pileon: PileOnDetector,
    *,
    known: Mapping[Hashable, Forecast] | None = None,
) -> list[Signal]:
    """Advance every touched thread by its new comments; one derailment signal per comment.

    Windows whose forecast is `known` (computed before the write lock) are not forecast again."""
    if not comments:
        return []
    post_ids = {c.post_id for c in comments}
    states = StateRows(session, ThreadState, "post_id")
    states.load(post_ids)
    rows = session.execute(select(Post.id, Post.text, Post.page_id).where(Post.id.in_(post_ids)))
    posts, pages = {}, {}
    for post_id, text, page_id in rows:
        posts[post_id], pages[post_id] = text, page_id
    windows: list[list[Entry]] = []
    counts: list[int] = []
    signals: list[Signal] = []
    for comment in comments:
        state = states.get_or_create(comment.post_id, _new_state(comment, pages[comment.post_id]))
        windows.append(_advance(state, comment))
        counts.append(state["comments"])
        onset = pileon.update(state["dynamics"], _event(comment))
        if onset is not None:
            signals.append(_pile_on_signal(comment, onset, pileon))
    texts = [posts.get(c.post_id) for c in comments]
    _, forecasts = forecast_windows(forecaster, windows, texts, known or {})
    for comment, count, forecast in zip(comments, counts, forecasts, strict=True):
        reasons = [r.as_dict() for r in forecast.reasons]
        states.rows[comment.post_id].update(
            derailment=forecast.derailment,
            reasons={"reasons": reasons},
            model=forecaster.name,
            version=forecaster.version,
        )
        signals.append(
            Signal(
                level="thread",
                name="derailment",
                value=forecast.derailment,
                at=comment.at,
                page=comment.page,
                thread=str(comment.post_id),
                evidence={
                    "reasons": reasons,
                    "comments": count,
                    "trigger": comment.id,
                    "model": f"{forecaster.name}@{forecaster.version}",
                },
            )
        )
    states.save()
    return signals


def _new_state(comment: ScoredComment, page_id: int) -> dict[str, Any]:
    return {
        "page_id": page_id,
        "comments": 0,
        "derailment": 0.0,
        "toxicity_max": 0.0,
        "negativity_mean": 0.0,
        "reasons": {},
        "model": "",
        "version": "",
        "last_comment_at": comment.at,
        "window": {},
        "dynamics": {},
        "toxic": 0,
        "negative": 0,
        "unanswered": 0,
        "spam": 0,
        "lang": None,
    }


def _advance(state: dict[str, Any], comment: ScoredComment) -> list[Entry]:
    """Add the comment to the state's counters and window; returns the window as of it."""
    toxicity = comment.scores.get("toxicity", 0.0)
    negativity = comment.scores.get("negativity", 0.0)
    state["comments"] += 1
    state["toxicity_max"] = max(state["toxicity_max"], toxicity)
    state["negativity_mean"] += (negativity - state["negativity_mean"]) / state["comments"]
    state["last_comment_at"] = max(as_utc(state["last_comment_at"]), comment.at)
    recent = slide(state["window"].get("recent", []), comment)
    state["window"] = {"recent": recent, "langs": _count_inbox(state, comment)}
    return recent


def _count_inbox(state: dict[str, Any], comment: ScoredComment) -> dict[str, int]:
    """The inbox's counters: toxic, negative and spam comments, complaints and questions
    since the brand last spoke (its comment answers the thread), the most frequent language.
    A complaint is the scorer's `complaint` signal when it gives one, else a negative
    comment; spam needs moderation, not an answer.
    Returns the language counts kept in the window."""
    spam = comment.scores.get("spam", 0.0) >= SIGNAL_AT
    complaint = comment.scores.get("complaint", 1.0 if comment.negative else 0.0) >= SIGNAL_AT
    state["toxic"] = state.get("toxic", 0) + comment.toxic
    state["negative"] = state.get("negative", 0) + comment.negative
    state["spam"] = state.get("spam", 0) + spam
    if comment.brand:
        state["unanswered"] = 0
    elif not comment.toxic and not spam and (complaint or "?" in comment.text):
        state["unanswered"] = state.get("unanswered", 0) + 1
    langs: dict[str, int] = dict(state["window"].get("langs", {}))
    if comment.lang:
        langs[comment.lang] = langs.get(comment.lang, 0) + 1
        state["lang"] = max(sorted(langs), key=lambda code: langs[code])
    return langs


def recount(comments: Sequence[ScoredComment]) -> dict[str, Any]:
    """A thread's score-based counters from all its comments (oldest first), by the same
    rules as the running state: for re-scored threads (`pipeline.rescore`)."""
    state: dict[str, Any] = {"window": {}, "lang": None, "toxicity_max": 0.0}
    negativity = 0.0
    for comment in comments:
        state["window"] = {"langs": _count_inbox(state, comment)}
        state["toxicity_max"] = max(state["toxicity_max"], comment.scores.get("toxicity", 0.0))
        negativity += comment.scores.get("negativity", 0.0)
    state["negativity_mean"] = negativity / len(comments) if comments else 0.0
    return state


def _event(comment: ScoredComment) -> ThreadEvent:
    return ThreadEvent(
        comment=comment.id,
        parent=comment.parent,
        author=comment.author,
        at=comment.at,
        negative=comment.negative,
    )


def _pile_on_signal(comment: ScoredComment, onset: PileOn, pileon: PileOnDetector) -> Signal:
    return Signal(
        level="thread",
        name="pile_on",
        value=1.0,
        at=onset.at,
        page=comment.page,
        thread=str(comment.post_id),
        evidence={
            "episode": onset.instigator,
            "instigator": onset.instigator,
            "instigator_author": onset.instigator_author,
            "negative_replies_30_min": onset.replies,
            "share_of_thread_traffic": onset.share,
            "detector": f"{pileon.name}@{pileon.version}",
        },
    )
