"""The derailment model as a whole: load once, then logit, probability and explanation.

Threads are explained in batches: each new comment's own parts (tokens, lexicon features,
its hostility block and, when a window needs them, its last- and previous-comment blocks)
are computed once and cached, the whole-context block of every window of the batch comes
from one sorted count table, and the dynamics features from one padded array. Every dot
product and sum is still taken per thread, in the order a lone thread would take it, so a
batched probability is the single-thread one to the last bit (tests/derail_reference.py).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from pathlib import Path

import numpy as np

from vigile.analysis.derail.lexicon import comment_feats, jaccard, thread_feats_batch
from vigile.analysis.derail.model import (
    Analysed,
    Contribution,
    Floats,
    Ints,
    Vocabulary,
    hostility_summary,
    load_blocks,
    sigmoid,
)

MODEL_STEM = "derail_v1"
PADDED_CELLS = 1 << 16  # threads x comments of one batch's dynamics array (14 floats each)


@dataclass(frozen=True, slots=True)
class Explanation:
    """A thread's probability and what went into it, for reasons and tests."""

    probability: float
    logit: float
    term_ids: Ints
    term_shares: Floats
    dynamics: Floats
    hostility: list[float]
    lexicon: list[list[float]]


@dataclass(slots=True)
class _Part:
    """One comment's tokens and lexicon features, and its single-comment blocks by index
    (the hostility scorer's, and the last- and previous-comment views), each filled when a
    window first needs it."""

    text: str
    analysed: Analysed
    lexicon: tuple[list[float], set[str]]
    single: dict[int, Contribution]
    overlaps: dict[str, float]  # Jaccard overlap with the comment before it, by that text


class DerailModel:
    """`derail_v1` and its hostility scorer, loaded from a folder of `.json`/`.npz` pairs."""

    def __init__(self, folder: Path, stem: str = MODEL_STEM) -> None:
        meta, self.blocks, arrays = load_blocks(folder / stem)
        aux_meta, aux_blocks, _ = load_blocks(folder / str(meta["aux"]))
        self.aux_block = aux_blocks[0]
        self.aux_intercept = float(aux_meta["intercept"])
        self.vocabulary = Vocabulary([*self.blocks, self.aux_block])
        self.intercept = float(meta["intercept"])
        self.threshold = float(meta["threshold"])
        self.dyn_weight = float(meta["dyn_weight"])
        self.dyn_mean = arrays["dyn_mean"].astype(np.float64)
        self.dyn_scale = arrays["dyn_scale"].astype(np.float64)
        self.dyn_coef = arrays["dyn_coef"].astype(np.float64)
        self.meta = {k: v for k, v in meta.items() if k != "blocks"}
        # terms with a letter: the only ones a reason may cite as wording
        self.worded = np.array([any(c.isalpha() for c in t) for t in self.vocabulary.terms])
        # a comment slides through up to ten thread windows: its own parts are computed once
        self._part = lru_cache(maxsize=65_536)(self._comment_part)

    def probability(self, comments: Sequence[str]) -> float:
        """P(the next reply derails) for comments (oldest first, already in CGA style)."""
        return self.explain(comments).probability

    def explain(self, comments: Sequence[str]) -> Explanation:
        return self.explain_batch([comments])[0]

    def explain_batch(self, threads: Sequence[Sequence[str]]) -> list[Explanation]:
        """`explain` of each thread: the numpy work of the batch is done in a few calls over
        all its threads (every sum still taken per thread, as `explain` alone would)."""
        parts = [[self._part(t) for t in list(comments) or [""]] for comments in threads]
        out: list[Explanation] = []
        for chunk in _chunks(parts):
            out += self._explain_parts(chunk)
        return out

    def _explain_parts(self, parts: list[list[_Part]]) -> list[Explanation]:
        """The explanations of a run of threads (each a non-empty list of comment parts)."""
        self._fill_single(parts)
        contexts = self._contexts(parts)
        aux = len(self.blocks)
        hostility = [[self.aux_intercept + p.single[aux][2] for p in thread] for thread in parts]
        lexicon = [[p.lexicon[0] for p in thread] for thread in parts]
        overlaps = [[_overlap(a, b) for a, b in pairwise(thread)] for thread in parts]
        raw = np.concatenate(
            [
                thread_feats_batch(lexicon, overlaps),
                np.array([hostility_summary(logits) for logits in hostility], dtype=np.float64),
            ],
            axis=1,
        )
        dynamics = np.clip((raw - self.dyn_mean) / self.dyn_scale, -5, 5) * self.dyn_weight
        weighted = dynamics * self.dyn_coef
        out = []
        for i, thread in enumerate(parts):
            total, ids, shares = self._text_blocks(thread, [c[i] for c in contexts])
            logit = self.intercept + total + float(np.dot(dynamics[i], self.dyn_coef))
            out.append(
                Explanation(
                    probability=sigmoid(logit),
                    logit=logit,
                    term_ids=ids,
                    term_shares=shares,
                    dynamics=weighted[i],
                    hostility=hostility[i],
                    lexicon=lexicon[i],
                )
            )
        return out

    def _comment_part(self, text: str) -> _Part:
        """Everything that depends on one comment alone, computed once per text."""
        analysed = self.vocabulary.analyse(text)
        return _Part(text, analysed, comment_feats(text), single={}, overlaps={})

    def _fill_single(self, parts: list[list[_Part]]) -> None:
        """Compute, in one batch per block, the single-comment blocks the threads need."""
        todo: dict[int, dict[int, _Part]] = {k: {} for k in range(len(self.blocks) + 1)}
        for thread in parts:
            for part in thread:
                todo[len(self.blocks)][id(part)] = part
            for k, block in enumerate(self.blocks):
                if block.view == "last":
                    todo[k][id(thread[-1])] = thread[-1]
                elif block.view == "prev" and len(thread) > 1:
                    todo[k][id(thread[-2])] = thread[-2]
        for k, pending in todo.items():
            missing = [part for part in pending.values() if k not in part.single]
            if not missing:
                continue
            block = self.blocks[k] if k < len(self.blocks) else self.aux_block
            ids, counts, bounds = _stack([(p.analysed.ids, p.analysed.counts) for p in missing])
            found = self.vocabulary.segments(k, block, ids, counts, bounds)
            for part, (term_ids, shares, score) in zip(missing, found, strict=True):
                # copies, so that a cached comment does not keep its whole batch alive
                part.single[k] = (term_ids.copy(), shares.copy(), score)

    def _contexts(self, parts: list[list[_Part]]) -> list[list[Contribution]]:
        """Per whole-context block, each thread's contribution: the comments' counts summed
        per thread (ids sorted, as `Vocabulary.joined` gives them) for all threads at once."""
        wanted = [k for k, block in enumerate(self.blocks) if block.view not in ("last", "prev")]
        if not wanted:
            return []
        pieces: list[tuple[Ints, Floats]] = []
        sizes = []
        for thread in parts:
            analysed = [p.analysed for p in thread]
            pieces += [(a.ids, a.counts) for a in analysed]
            seams = self.vocabulary.seams(analysed)
            pieces.append((np.array(seams, dtype=np.int64), np.ones(len(seams))))
            sizes.append(sum(len(a.ids) for a in analysed) + len(seams))
        ids, counts, _ = _stack(pieces)
        width = len(self.vocabulary.terms)
        keys = np.repeat(np.arange(len(parts), dtype=np.int64), sizes) * width + ids
        keys, inverse = np.unique(keys, return_inverse=True)
        summed = np.asarray(np.bincount(inverse, weights=counts), dtype=np.float64)
        bounds = np.searchsorted(keys // width, np.arange(len(parts) + 1))
        return [
            self.vocabulary.segments(k, self.blocks[k], keys % width, summed, bounds)
            for k in wanted
        ]

    def _text_blocks(
        self, parts: list[_Part], contexts: list[Contribution]
    ) -> tuple[float, Ints, Floats]:
        """Sum of the TF-IDF blocks' logits, and every term's share across the blocks."""
        total = 0.0
        ids: list[Ints] = []
        shares: list[Floats] = []
        context = iter(contexts)
        for k, block in enumerate(self.blocks):
            if block.view == "last":
                block_ids, block_shares, score = parts[-1].single[k]
            elif block.view == "prev":
                if len(parts) < 2:
                    continue
                block_ids, block_shares, score = parts[-2].single[k]
            else:
                block_ids, block_shares, score = next(context)
            total += score
            ids.append(block_ids)
            shares.append(block_shares)
        return total, np.concatenate(ids), np.concatenate(shares)

    def term(self, merged_id: int) -> str:
        return self.vocabulary.terms[merged_id]


def _chunks(parts: list[list[_Part]]) -> Iterator[list[list[_Part]]]:
    """The threads in order, in runs whose dynamics array (threads x longest) stays small."""
    chunk: list[list[_Part]] = []
    longest = 0
    for thread in parts:
        if chunk and (len(chunk) + 1) * max(longest, len(thread)) > PADDED_CELLS:
            yield chunk
            chunk, longest = [], 0
        chunk.append(thread)
        longest = max(longest, len(thread))
    if chunk:
        yield chunk


def _overlap(before: _Part, part: _Part) -> float:
    """Jaccard overlap of a comment's words with the previous comment's (cached: consecutive
    comments stay neighbours in the windows they slide through)."""
    found = part.overlaps.get(before.text)
    if found is None:
        found = part.overlaps[before.text] = jaccard(part.lexicon[1], before.lexicon[1])
    return found


def _stack(pieces: Sequence[tuple[Ints, Floats]]) -> tuple[Ints, Floats, Ints]:
    """Ids and counts of several texts end to end, and where each text starts and ends."""
    sizes = [len(ids) for ids, _ in pieces]
    bounds = np.zeros(len(pieces) + 1, dtype=np.int64)
    np.cumsum(sizes, out=bounds[1:])
    if not pieces:
        return np.zeros(0, dtype=np.int64), np.zeros(0), bounds
    ids = np.concatenate([ids for ids, _ in pieces])
    counts = np.concatenate([counts for _, counts in pieces])
    return ids, counts, bounds
