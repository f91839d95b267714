"""Pure-numpy inference of the derailment model (no scikit-learn, no pickle at run time).

The model is a logistic regression over four parts: sublinear, l2-normalised TF-IDF word
1-2-grams of the last comment, of the previous one and of the whole context (scikit-learn's
`TfidfVectorizer` re-implemented exactly), and 71 standardised dynamics features: the 66 of
`lexicon.py` plus five summaries of a per-comment hostility scorer, itself a TF-IDF logistic
regression. Each comment is tokenised once and looked up in one merged vocabulary, so every
block is a numpy gather; cost grows with the thread's total text length.

Files (`<stem>.json` with vocabularies and scalars, `<stem>.npz` with arrays) are written by
`vigile.analysis.training.derail`; the derailment model names its hostility scorer in `aux`.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise, repeat
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from vigile.analysis.derail.lexicon import thread_feats_of

TOKEN = re.compile(r"(?u)\b\w\w+\b")
Floats = NDArray[np.float64]
Ints = NDArray[np.int64]


@dataclass(frozen=True, slots=True)
class Block:
    """One TF-IDF block: which text it reads, and idf and idf × coefficient per column."""

    view: str
    terms: tuple[str, ...]
    idf: Floats
    wid: Floats


@dataclass(frozen=True, slots=True)
class Analysed:
    """One comment, tokenised once: merged-vocabulary ids, their counts, its tokens."""

    ids: Ints
    counts: Floats
    tokens: list[str]


def load_blocks(stem: Path) -> tuple[dict[str, Any], list[Block], dict[str, NDArray[Any]]]:
    """The JSON metadata, the TF-IDF blocks and all arrays of a `<stem>.{json,npz}` pair."""
    meta = json.loads(stem.with_suffix(".json").read_text(encoding="utf-8"))
    with np.load(stem.with_suffix(".npz")) as npz:
        arrays = {key: npz[key] for key in npz.files}
    blocks = []
    for i, spec in enumerate(meta["blocks"]):
        idf, coef = arrays[f"idf{i}"], arrays[f"coef{i}"]
        blocks.append(
            Block(
                view=spec["view"],
                terms=tuple(spec["terms"]),
                idf=idf.astype(np.float64),
                # the product is taken in the stored precision, as the exported model was checked
                wid=(idf * coef).astype(np.float64),
            )
        )
    return meta, blocks, arrays


class Vocabulary:
    """The union of several blocks' terms; each block keeps a map merged id -> its column."""

    def __init__(self, blocks: Sequence[Block]) -> None:
        ids: dict[str, int] = {}
        for block in blocks:
            for term in block.terms:
                ids.setdefault(term, len(ids))
        self.ids = ids
        self.terms = list(ids)
        self.columns: list[Ints] = []
        for block in blocks:
            columns = np.full(len(ids), -1, dtype=np.int64)
            columns[[ids[t] for t in block.terms]] = np.arange(len(block.terms))
            self.columns.append(columns)
        pairs = [t.split(" ") for t in ids if " " in t]
        self._bigram_words = ({p[0] for p in pairs}, {p[-1] for p in pairs})
        # a comment slides through up to ten thread windows: analyse it once
        self.analyse = lru_cache(maxsize=65_536)(self._analyse)  # type: ignore[method-assign]

    def analyse(self, text: str) -> Analysed:
        return self._analyse(text)

    def _analyse(self, text: str) -> Analysed:
        """Unigram and bigram counts of `text` that some block knows (sklearn's analyser)."""
        tokens = TOKEN.findall(text.lower())
        tf = Counter(tokens)
        # only pairs that can be a known bigram: the others would be dropped below anyway
        firsts, seconds = self._bigram_words
        tf.update([a + " " + b for a, b in pairwise(tokens) if a in firsts and b in seconds])
        n = len(tf)
        ids = np.fromiter(map(self.ids.get, tf, repeat(-1, n)), dtype=np.int64, count=n)
        counts = np.fromiter(tf.values(), dtype=np.float64, count=n)
        keep = ids >= 0
        return Analysed(ids[keep], counts[keep], tokens)

    def joined(self, comments: Sequence[Analysed]) -> Analysed:
        """The analysis of the comments joined by spaces, without tokenising them again."""
        seams = [
            f"{a.tokens[-1]} {b.tokens[0]}" for a, b in pairwise(comments) if a.tokens and b.tokens
        ]
        seam_ids = [self.ids[s] for s in seams if s in self.ids]
        ids = np.concatenate([c.ids for c in comments] + [np.array(seam_ids, dtype=np.int64)])
        counts = np.concatenate([c.counts for c in comments] + [np.ones(len(seam_ids))])
        if len(ids):
            ids, inverse = np.unique(ids, return_inverse=True)
            counts = np.asarray(np.bincount(inverse, weights=counts), dtype=np.float64)
        return Analysed(ids, counts, [])

    def contributions(self, k: int, block: Block, text: Analysed) -> tuple[Ints, Floats, float]:
        """Merged ids present in block `k`, each one's share of the block's logit, and the
        block's logit itself: the dot product of the l2-normalised sublinear TF-IDF vector
        with the coefficients (summed as numpy does, so it matches the exported model)."""
        columns = self.columns[k][text.ids]
        keep = columns >= 0
        if not keep.any():
            return np.zeros(0, dtype=np.int64), np.zeros(0), 0.0
        columns = columns[keep]
        weights = 1.0 + np.log(text.counts[keep])
        scaled = weights * block.idf[columns]
        norm = float(np.sqrt(np.dot(scaled, scaled)))
        if norm <= 0:
            return np.zeros(0, dtype=np.int64), np.zeros(0), 0.0
        wid = block.wid[columns]
        return text.ids[keep], weights * wid / norm, float(np.dot(weights, wid) / norm)

    def score(self, k: int, block: Block, text: Analysed) -> float:
        return self.contributions(k, block, text)[2]


class HostilityScorer:
    """The per-comment hostility logistic regression, alone (training computes features)."""

    def __init__(self, stem: Path) -> None:
        meta, blocks, _ = load_blocks(stem)
        self.block = blocks[0]
        self.intercept = float(meta["intercept"])
        self.vocabulary = Vocabulary(blocks)

    def logits(self, comments: Sequence[str]) -> list[float]:
        return [
            self.intercept + self.vocabulary.score(0, self.block, self.vocabulary.analyse(c))
            for c in comments
        ]


def hostility_summary(logits: Sequence[float]) -> list[float]:
    """Last, previous, max, mean and first hostility logits: the five `dynh` features."""
    prev = logits[-2] if len(logits) > 1 else 0.0
    return [logits[-1], prev, max(logits), float(np.mean(logits)), logits[0]]


def dynamics_vector(
    per_comment: list[tuple[list[float], set[str]]], logits: Sequence[float]
) -> Floats:
    """The 71 raw dynamics inputs: lexicon features then hostility summaries."""
    return np.concatenate([thread_feats_of(per_comment), np.asarray(hostility_summary(logits))])


def sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z)) if z > -500 else 0.0
