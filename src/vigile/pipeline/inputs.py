"""Scorer inputs and comment scores, computed before the write lock and reused under it.

Scoring a comment depends only on its text and context (post, parent), so it is done
ahead (in this process or the scoring process) and reused under the lock when the
comment and its inputs are exactly those scored.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from vigile.analysis.base import CommentScorer, CommentScores
from vigile.domain.model import CommentInput, Score
from vigile.pipeline.pending import PendingComment
from vigile.store.schema import Comment, Post

Prescored = dict[tuple[int, str], tuple[CommentInput, tuple[list[Score], CommentScores]]]


def prescore(
    session: Session, batch: Sequence[PendingComment], scorers: Sequence[CommentScorer]
) -> Prescored:
    """Scores computed ahead of the write lock, keyed by comment and content hash."""
    inputs, _ = scorer_inputs(session, batch)
    merged = score_batch(scorers, inputs)
    return {
        (c.id, c.content_hash): (given, result)
        for c, given, result in zip(batch, inputs, merged, strict=True)
    }


def reuse_or_score(
    batch: Sequence[PendingComment],
    inputs: list[CommentInput],
    scorers: Sequence[CommentScorer],
    prescored: Prescored,
) -> list[tuple[list[Score], CommentScores]]:
    """Prescored results whose inputs are unchanged; the others scored now, in one batch."""
    merged: list[tuple[list[Score], CommentScores] | None] = []
    for comment, given in zip(batch, inputs, strict=True):
        ready = prescored.get((comment.id, comment.content_hash))
        merged.append(ready[1] if ready and ready[0] == given else None)
    todo = [i for i, result in enumerate(merged) if result is None]
    if todo:
        for i, result in zip(todo, score_batch(scorers, [inputs[i] for i in todo]), strict=True):
            merged[i] = result
    return [result for result in merged if result is not None]


def scorer_inputs(
    session: Session, batch: Sequence[PendingComment]
) -> tuple[list[CommentInput], dict[int, int | None]]:
    """Scorer inputs (with post and parent text) and, per comment id, its parent's author."""
    post_texts = dict(
        session.execute(
            select(Post.id, Post.text).where(Post.id.in_({c.post_id for c in batch if c.post_id}))
        ).all()
    )
    refs = {(c.network, c.parent_ref) for c in batch if c.parent_ref}
    parents = {
        (network, ref): (text, author_id)
        for network, ref, text, author_id in session.execute(
            select(Comment.network, Comment.external_id, Comment.text, Comment.author_id).where(
                Comment.external_id.in_({ref for _, ref in refs})
            )
        )
    }
    parent_authors = {
        c.id: parents[(c.network, c.parent_ref)][1]
        for c in batch
        if c.parent_ref and (c.network, c.parent_ref) in parents
    }
    inputs = [
        CommentInput(
            text=c.text,
            lang=c.lang,
            post_text=post_texts.get(c.post_id) if c.post_id else None,
            parent_text=_parent_text(parents, c),
        )
        for c in batch
    ]
    return inputs, parent_authors


def _parent_text(
    parents: dict[tuple[str, str], tuple[str, int | None]], comment: PendingComment
) -> str | None:
    """The parent comment's text, or the reference itself when it is not a stored comment."""
    if not comment.parent_ref:
        return None
    found = parents.get((comment.network, comment.parent_ref))
    return found[0] if found else comment.parent_ref


def score_batch(
    scorers: Sequence[CommentScorer], inputs: list[CommentInput]
) -> list[tuple[list[Score], CommentScores]]:
    """Run every scorer; later scorers override earlier ones signal by signal."""
    merged: list[tuple[list[Score], CommentScores]] = [([], CommentScores()) for _ in inputs]
    for scorer in scorers:
        for (scores, combined), result in zip(merged, scorer.score(inputs), strict=True):
            for signal, value in result.values.items():
                scores[:] = [s for s in scores if s.signal != signal]
                scores.append(Score(signal, float(value), scorer.name, scorer.version))
            combined.values.update(result.values)
            combined.labels.update(result.labels)
            combined.flags.update(result.flags)
    return merged
