"""The derailment model as a whole: load once, then logit, probability and explanation."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from vigile.analysis.derail.lexicon import comment_feats
from vigile.analysis.derail.model import (
    Analysed,
    Block,
    Floats,
    Ints,
    Vocabulary,
    dynamics_vector,
    load_blocks,
    sigmoid,
)

MODEL_STEM = "derail_v1"


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


@dataclass(frozen=True, slots=True)
class _Part:
    """One comment's tokens, hostility logit, lexicon features and single-comment blocks
    (the last- and previous-comment views, filled when a window first needs them)."""

    analysed: Analysed
    hostility: float
    lexicon: tuple[list[float], set[str]]
    single: dict[int, tuple[Ints, Floats, float]]


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
        parts = [self._part(t) for t in list(comments) or [""]]
        total, ids, shares = self._text_blocks(parts)
        hostility = [p.hostility for p in parts]
        lexicon = [p.lexicon for p in parts]
        raw = dynamics_vector(lexicon, hostility)
        dynamics = np.clip((raw - self.dyn_mean) / self.dyn_scale, -5, 5) * self.dyn_weight
        logit = self.intercept + total + float(np.dot(dynamics, self.dyn_coef))
        return Explanation(
            probability=sigmoid(logit),
            logit=logit,
            term_ids=ids,
            term_shares=shares,
            dynamics=dynamics * self.dyn_coef,
            hostility=hostility,
            lexicon=[feats for feats, _ in lexicon],
        )

    def _comment_part(self, text: str) -> _Part:
        """Everything that depends on one comment alone, computed once per text."""
        analysed = self.vocabulary.analyse(text)
        n_main = len(self.blocks)
        return _Part(
            analysed=analysed,
            hostility=self.aux_intercept + self.vocabulary.score(n_main, self.aux_block, analysed),
            lexicon=comment_feats(text),
            single={},
        )

    def _text_blocks(self, parts: list[_Part]) -> tuple[float, Ints, Floats]:
        """Sum of the TF-IDF blocks' logits, and every term's share across the blocks."""
        total = 0.0
        ids: list[Ints] = []
        shares: list[Floats] = []
        joined: Analysed | None = None
        for k, block in enumerate(self.blocks):
            if block.view == "last":
                block_ids, block_shares, score = self._single(parts[-1], k, block)
            elif block.view == "prev":
                if len(parts) < 2:
                    continue
                block_ids, block_shares, score = self._single(parts[-2], k, block)
            else:
                joined = joined or self.vocabulary.joined([p.analysed for p in parts])
                block_ids, block_shares, score = self.vocabulary.contributions(k, block, joined)
            total += score
            ids.append(block_ids)
            shares.append(block_shares)
        return total, np.concatenate(ids), np.concatenate(shares)

    def _single(self, part: _Part, k: int, block: Block) -> tuple[Ints, Floats, float]:
        if k not in part.single:
            part.single[k] = self.vocabulary.contributions(k, block, part.analysed)
        return part.single[k]

    def term(self, merged_id: int) -> str:
        return self.vocabulary.terms[merged_id]
