"""Thread windows: the last comments of a thread as the forecaster sees them, and their forecasts.

A window depends only on the thread's stored window and the new comments in event order,
so it can be built, and forecast, before the analysis takes the write lock (or in the
scoring process, for the batch after). Forecasts are keyed by everything the forecaster
is given (the post and each comment's id, author, time, text, scores and language): under the lock
a window whose key is known reuses its forecast, any other is forecast there. The same
inputs give the same forecast, so the alerts cannot depend on where it was computed.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import select
from sqlalchemy.orm import Session

from vigile.analysis.base import Forecast, ThreadForecaster
from vigile.domain.model import ThreadComment
from vigile.store.schema import ThreadState

WINDOW = 10
WINDOW_TEXT = 600

Entry = dict[str, Any]
Forecasts = dict[Hashable, Forecast]


@dataclass(frozen=True, slots=True)
class ScoredComment:
    """A comment of the batch with what the thread step needs."""

    id: str
    post_id: int
    parent: str | None
    author: str | None
    text: str
    at: datetime
    scores: dict[str, float]
    page: str
    negative: bool
    toxic: bool = False
    lang: str | None = None
    brand: bool = False  # written by the page's own account


def entry(comment: ScoredComment) -> Entry:
    """The comment as kept in its thread's stored window."""
    return {
        "id": comment.id,
        "author": comment.author,
        "at": comment.at.isoformat(),
        "text": comment.text[:WINDOW_TEXT],
        "scores": comment.scores,
        "lang": comment.lang,
    }


def slide(recent: Sequence[Entry], comment: ScoredComment) -> list[Entry]:
    """The window after `comment`: at most the last WINDOW entries."""
    return [*recent, entry(comment)][-WINDOW:]


def _thread_comment(e: Entry) -> ThreadComment:
    return ThreadComment(
        text=e["text"],
        id=e["id"],
        author=e["author"],
        created_at=datetime.fromisoformat(e["at"]),
        scores=e["scores"],
        lang=e.get("lang"),  # windows stored before it was kept have none
    )


def window_keys(windows: Sequence[Sequence[Entry]], posts: Sequence[str | None]) -> list[Hashable]:
    """Everything each window's forecast depends on, hashable. Consecutive windows of a
    thread share most entries (the same dicts): each entry's part is built once."""
    parts: dict[int, tuple[Any, ...]] = {}  # by id(): every entry stays alive meanwhile

    def part(e: Entry) -> tuple[Any, ...]:
        found = parts.get(id(e))
        if found is None:
            scores = tuple(sorted(e["scores"].items()))
            found = (e["id"], e["author"], e["at"], e["text"], scores, e.get("lang"))
            parts[id(e)] = found
        return found

    pairs = zip(windows, posts, strict=True)
    return [(post, tuple([part(e) for e in recent])) for recent, post in pairs]


def forecast_windows(
    forecaster: ThreadForecaster,
    windows: Sequence[Sequence[Entry]],
    posts: Sequence[str | None],
    known: Mapping[Hashable, Forecast],
) -> tuple[list[Hashable], list[Forecast]]:
    """Each window's key and forecast: the known ones reused, the others forecast in one batch."""
    keys = window_keys(windows, posts)
    found = [known.get(key) for key in keys]
    todo = [i for i, forecast in enumerate(found) if forecast is None]
    if todo:
        converted: dict[int, ThreadComment] = {}  # by id(), as in window_keys

        def convert(e: Entry) -> ThreadComment:
            comment = converted.get(id(e))
            if comment is None:
                comment = converted[id(e)] = _thread_comment(e)
            return comment

        computed = forecaster.forecast(
            [[convert(e) for e in windows[i]] for i in todo], [posts[i] for i in todo]
        )
        for i, forecast in zip(todo, computed, strict=True):
            found[i] = forecast
    return keys, cast(list[Forecast], found)


def stored_windows(session: Session, post_ids: set[int]) -> dict[int, list[Entry]]:
    """The threads' stored windows (read only: no state row is created or locked)."""
    if not post_ids:
        return {}
    rows = session.execute(
        select(ThreadState.post_id, ThreadState.window).where(ThreadState.post_id.in_(post_ids))
    )
    return {post_id: list((window or {}).get("recent", [])) for post_id, window in rows}


def plan_windows(
    base: Mapping[int, list[Entry]], comments: Sequence[ScoredComment]
) -> tuple[list[list[Entry]], dict[int, list[Entry]]]:
    """Each comment's window, in order, and every thread's window after them all."""
    after = dict(base)
    windows = []
    for comment in comments:
        recent = slide(after.get(comment.post_id, []), comment)
        after[comment.post_id] = recent
        windows.append(recent)
    return windows, after


def forecast_ahead(
    forecaster: ThreadForecaster,
    base: Mapping[int, list[Entry]],
    comments: Sequence[ScoredComment],
    posts: Mapping[int, str | None],
    *,
    known: Mapping[Hashable, Forecast] | None = None,
) -> tuple[Forecasts, dict[int, list[Entry]]]:
    """Forecasts of the windows these comments will make (keyed as the analysis looks them
    up), and every thread's window after them."""
    windows, after = plan_windows(base, comments)
    texts = [posts.get(c.post_id) for c in comments]
    keys, forecasts = forecast_windows(forecaster, windows, texts, known or {})
    return dict(zip(keys, forecasts, strict=True)), after
