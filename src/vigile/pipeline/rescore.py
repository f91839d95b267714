"""Score analysed comments again with the current scorers, after a model upgrade.

Each score row names the model and version that produced it. `rescore` finds the analysed
comments with a comment-level score from another model or version, scores them again in
batches, replaces those rows (the thread's derailment trajectory stays), updates each
comment's sentiment label, and recounts the inbox counters of their threads (toxic,
negative, unanswered, language, highest toxicity, mean negativity) from the stored
comments. Thread windows, pile-on, buzz and author state and the alerts are left as they
were: they record what Vigile saw when each comment arrived, and the decision log is
append-only.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import cast

from sqlalchemy import Select, Table, distinct, func, select, tuple_
from sqlalchemy.orm import Session

from vigile.analysis.base import CommentScorer, CommentScores, is_negative, is_toxic
from vigile.domain.model import is_brand
from vigile.pipeline.analyse import DERAILMENT, store_scores
from vigile.pipeline.inputs import score_batch, scorer_inputs
from vigile.pipeline.pending import PENDING_COLUMNS, PendingComment
from vigile.pipeline.threads import recount
from vigile.pipeline.windows import ScoredComment
from vigile.store.db import Database, write_lock
from vigile.store.schema import Author, Comment, Page, ScoreRow, ThreadState
from vigile.store.states import update_rows

FORECAST_SIGNALS = (DERAILMENT,)  # written by the forecaster, not by the scorers
THREADS_PER_RECOUNT = 200  # threads whose comments are read at once


@dataclass
class RescoreSummary:
    comments: int = 0
    threads: int = 0


def stale_count(session: Session, scorers: Sequence[CommentScorer]) -> int:
    """Analysed comments with a score from a model or version other than `scorers`'."""
    query = _stale(scorers).with_only_columns(func.count(distinct(ScoreRow.comment_id)))
    return session.scalar(query) or 0


def rescore(
    db: Database,
    scorers: Sequence[CommentScorer],
    *,
    batch_size: int,
    on_batch: Callable[[int], None] | None = None,
) -> RescoreSummary:
    """Re-score every stale comment, one transaction per batch, then recount its threads."""
    with db.session() as session:
        stale = _stale_ids(session, scorers)
    summary = RescoreSummary()
    threads: set[int] = set()
    for start in range(0, len(stale), batch_size):
        with db.session() as session:
            write_lock(session, "analysis")
            batch = _comments(session, stale[start : start + batch_size])
            _replace_scores(session, batch, scorers)
            threads |= {c.post_id for c in batch if c.post_id}
        summary.comments += len(batch)
        if on_batch:
            on_batch(len(batch))
    ordered = sorted(threads)
    for start in range(0, len(ordered), THREADS_PER_RECOUNT):
        with db.session() as session:
            write_lock(session, "analysis")
            summary.threads += _recount_threads(
                session, set(ordered[start : start + THREADS_PER_RECOUNT])
            )
    return summary


def _stale_ids(session: Session, scorers: Sequence[CommentScorer]) -> list[int]:
    query = _stale(scorers).distinct().order_by(ScoreRow.comment_id)
    return list(session.scalars(query))


def _stale(scorers: Sequence[CommentScorer]) -> Select[int]:
    current = [(s.name, s.version) for s in scorers]
    return (
        select(ScoreRow.comment_id)
        .join(Comment, Comment.id == ScoreRow.comment_id)
        .where(
            Comment.pending.is_(False),
            ScoreRow.signal.not_in(FORECAST_SIGNALS),
            ~tuple_(ScoreRow.model, ScoreRow.version).in_(current),
        )
    )


def _comments(session: Session, ids: Sequence[int]) -> list[PendingComment]:
    """The comments as analysis reads them; ones changed meanwhile (pending) are left to it."""
    rows = session.execute(
        select(*PENDING_COLUMNS).where(Comment.id.in_(ids), Comment.pending.is_(False))
    )
    return [PendingComment(*row) for row in rows]


def _replace_scores(
    session: Session, batch: Sequence[PendingComment], scorers: Sequence[CommentScorer]
) -> None:
    inputs, _ = scorer_inputs(session, batch)
    merged = score_batch(scorers, inputs)
    store_scores(session, batch, merged, keep=FORECAST_SIGNALS)
    update_rows(
        session,
        cast(Table, Comment.__table__),
        "id",
        [
            {"id": c.id, "lang": c.lang or combined.labels.get("lang"),
             "sentiment": combined.labels.get("sentiment")}
            for c, (_, combined) in zip(batch, merged, strict=True)
        ],
    )  # fmt: skip


def _recount_threads(session: Session, post_ids: set[int]) -> int:
    """The score-based counters of each thread, from its analysed comments (oldest first)."""
    known = set(
        session.scalars(select(ThreadState.post_id).where(ThreadState.post_id.in_(post_ids)))
    )
    if not known:
        return 0
    scores = (
        select(ScoreRow.comment_id, ScoreRow.signal, ScoreRow.value)
        .join(Comment, Comment.id == ScoreRow.comment_id)
        .where(
            Comment.post_id.in_(known),
            ScoreRow.signal.in_(("toxicity", "negativity", "complaint", "spam")),
        )
    )
    values: dict[int, dict[str, float]] = {}
    for comment_id, signal, value in session.execute(scores):
        values.setdefault(comment_id, {})[signal] = value
    rows = session.execute(
        select(
            Comment.id, Comment.post_id, Comment.external_id, Comment.text, Comment.lang,
            Comment.sentiment, Comment.created_at, Author.handle, Page.network, Page.handle,
        )
        .join(Page, Page.id == Comment.page_id)
        .outerjoin(Author, Author.id == Comment.author_id)
        .where(Comment.post_id.in_(known), Comment.pending.is_(False))
        .order_by(Comment.post_id, Comment.created_at, Comment.id)
    )  # fmt: skip
    threads: dict[int, list[ScoredComment]] = {}
    for cid, post_id, external_id, text, lang, sentiment, at, author, network, handle in rows:
        if post_id is None:  # not reached: the query asks for these threads' comments
            continue
        result = CommentScores(
            values=values.get(cid, {}), labels={"sentiment": sentiment} if sentiment else {}
        )
        page = f"{network}:{handle}"
        threads.setdefault(post_id, []).append(
            ScoredComment(
                id=external_id, post_id=post_id, parent=None, author=author, text=text, at=at,
                scores=result.values, page=page, negative=is_negative(result),
                toxic=is_toxic(result), lang=lang, brand=is_brand(author, page),
            )
        )  # fmt: skip
    states = {
        row.post_id: row
        for row in session.scalars(select(ThreadState).where(ThreadState.post_id.in_(threads)))
    }
    for post_id, comments in threads.items():
        counted = recount(comments)
        state = states[post_id]
        for name in ("toxic", "negative", "unanswered", "spam", "lang", "toxicity_max",
                     "negativity_mean"):  # fmt: skip
            setattr(state, name, counted[name])
        state.window = {**state.window, "langs": counted["window"]["langs"]}
    return len(threads)
