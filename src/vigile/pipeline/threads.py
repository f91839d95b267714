"""Thread state: the forecaster's view of every thread a batch touched."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.orm import Session

from vigile.analysis.base import Forecast, ThreadForecaster
from vigile.domain.model import Signal, ThreadComment
from vigile.store.schema import Author, Comment, Page, Post, ScoreRow, ThreadState


def load_threads(
    session: Session, post_ids: set[int]
) -> dict[int, list[tuple[Comment, ThreadComment]]]:
    """Comments of each thread, oldest first, with their stored scores."""
    rows = session.execute(
        select(Comment, Author.handle)
        .outerjoin(Author, Author.id == Comment.author_id)
        .where(Comment.post_id.in_(post_ids))
        .order_by(Comment.created_at, Comment.id)
    )
    comments = list(rows)
    scores: dict[int, dict[str, float]] = defaultdict(dict)
    for comment_id, signal, value in session.execute(
        select(ScoreRow.comment_id, ScoreRow.signal, ScoreRow.value).where(
            ScoreRow.comment_id.in_([c.id for c, _ in comments])
        )
    ):
        scores[comment_id][signal] = value
    threads: dict[int, list[tuple[Comment, ThreadComment]]] = defaultdict(list)
    for comment, handle in comments:
        assert comment.post_id is not None
        view = ThreadComment(
            text=comment.text,
            author=handle,
            created_at=comment.created_at,
            scores=scores[comment.id],
        )
        threads[comment.post_id].append((comment, view))
    return threads


def update_threads(
    session: Session,
    new_comments: dict[int, set[int]],
    forecaster: ThreadForecaster,
    pages: dict[int, Page],
) -> list[Signal]:
    """Forecast every touched thread as of each of its new comments (event time).

    One `derailment` signal per new comment, so an alert carries the time of the comment
    that tipped the thread; the state keeps the forecast after the newest comment.
    """
    if not new_comments:
        return []
    threads = load_threads(session, set(new_comments))
    posts = {p.id: p for p in session.scalars(select(Post).where(Post.id.in_(new_comments)))}
    prefixes = [
        (pid, end)
        for pid, items in threads.items()
        for end, (comment, _) in enumerate(items, start=1)
        if comment.id in new_comments[pid]
    ]
    forecasts = forecaster.forecast(
        [[view for _, view in threads[pid][:end]] for pid, end in prefixes],
        [posts[pid].text for pid, _ in prefixes],
    )
    signals = []
    latest = {}
    for (pid, end), forecast in zip(prefixes, forecasts, strict=True):
        comment = threads[pid][end - 1][0]
        latest[pid] = (end, forecast)
        page = pages.get(posts[pid].page_id) or session.get_one(Page, posts[pid].page_id)
        signals.append(
            Signal(
                level="thread",
                name="derailment",
                value=forecast.derailment,
                at=comment.created_at,
                page=f"{page.network}:{page.handle}",
                thread=str(pid),
                evidence={
                    "reasons": list(forecast.reasons),
                    "comments": end,
                    "trigger": comment.external_id,
                    "model": f"{forecaster.name}@{forecaster.version}",
                },
            )
        )
    _store_states(session, threads, latest, forecaster)
    return signals


def _store_states(
    session: Session,
    threads: dict[int, list[tuple[Comment, ThreadComment]]],
    latest: dict[int, tuple[int, Forecast]],
    forecaster: ThreadForecaster,
) -> None:
    states = {
        s.post_id: s
        for s in session.scalars(select(ThreadState).where(ThreadState.post_id.in_(latest)))
    }
    for pid, items in threads.items():
        if pid not in latest:
            continue
        _, forecast = latest[pid]
        tox = [v.scores.get("toxicity", 0.0) for _, v in items]
        neg = [v.scores.get("negativity", 0.0) for _, v in items]
        state = states.get(pid) or ThreadState(post_id=pid)
        state.comments = len(items)
        state.derailment = forecast.derailment
        state.toxicity_max = max(tox)
        state.negativity_mean = sum(neg) / len(neg)
        state.reasons = {"reasons": list(forecast.reasons)}
        state.model, state.version = forecaster.name, forecaster.version
        state.last_comment_at = items[-1][0].created_at
        session.add(state)
    session.flush()
