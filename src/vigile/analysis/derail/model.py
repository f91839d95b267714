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
from itertools import pairwise, repeat
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from vigile.analysis.derail.lexicon import numpy_sum, thread_feats_list

# scikit-learn's `(?u)\b\w\w+\b`: a greedy run of two or more word characters is a whole run
TOKEN = re.compile(r"\w\w+")
Floats = NDArray[np.float64]
Ints = NDArray[np.int64]
# a block's part of the logit for one text: merged ids present, each one's share, the sum
Contribution = tuple[Ints, Floats, float]


@dataclass(frozen=True, slots=True)
class Block:
    """One TF-IDF block: which text it reads, and idf and idf × coefficient per column."""

    view: str
    terms: tuple[str, ...]
    idf: Floats
    wid: Floats


@dataclass(frozen=True, slots=True)
class Analysed:
    """One comment, tokenised once: merged-vocabulary ids and their counts (unigrams then
    bigrams, each in order of first occurrence), and its first and last tokens."""

    ids: Ints
    counts: Floats
    edges: tuple[str, str] | None


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
    """The union of several blocks' terms; each block keeps a map merged id -> its column.

    Tokens are looked up once in a word table; a bigram is then a pair of word ids, found
    by binary search among the known bigrams (one numpy call per comment, not per pair)."""

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
        words: dict[str, int] = {}
        for term in ids:
            for word in term.split(" "):
                words.setdefault(word, len(words))
        self._words = words
        self._unknown = len(words)  # the word id of every token no term uses
        self._unigram = np.full(len(words) + 1, -1, dtype=np.int64)
        keys, merged = [], []
        for term, merged_id in ids.items():
            parts = term.split(" ")
            if len(parts) == 1:
                self._unigram[words[term]] = merged_id
            elif len(parts) == 2:
                keys.append(words[parts[0]] * (len(words) + 1) + words[parts[1]])
                merged.append(merged_id)
            else:
                raise ValueError(f"only 1- and 2-grams are supported, not {term!r}")
        order = np.argsort(keys)
        # a last key above every pair, so that a search never runs off the end
        self._bigram_keys = np.append(
            np.asarray(keys, dtype=np.int64)[order], np.iinfo(np.int64).max
        )
        self._bigram_ids = np.append(np.asarray(merged, dtype=np.int64)[order], -1)

    def analyse(self, text: str) -> Analysed:
        """Unigram and bigram counts of `text` that some block knows (sklearn's analyser)."""
        tokens = TOKEN.findall(text.lower())
        if not tokens:
            return Analysed(_NO_IDS, _NO_FLOATS, None)
        n = len(tokens)
        words = np.fromiter(map(self._words.get, tokens, repeat(self._unknown, n)), np.int64, n)
        unigrams = self._unigram[words]
        pairs = words[:-1] * (self._unknown + 1) + words[1:]
        found = np.searchsorted(self._bigram_keys, pairs)
        tf = Counter(unigrams[unigrams >= 0].tolist())
        tf.update(self._bigram_ids[found[self._bigram_keys[found] == pairs]].tolist())
        size = len(tf)
        ids = np.fromiter(tf, np.int64, size)
        return Analysed(ids, np.fromiter(tf.values(), np.float64, size), (tokens[0], tokens[-1]))

    def seams(self, comments: Sequence[Analysed]) -> list[int]:
        """Merged ids of the bigrams that joining the comments by spaces adds at the joins."""
        found = []
        for a, b in pairwise(comments):
            if a.edges and b.edges:
                merged = self.ids.get(f"{a.edges[1]} {b.edges[0]}")
                if merged is not None:
                    found.append(merged)
        return found

    def joined(self, comments: Sequence[Analysed]) -> Analysed:
        """The analysis of the comments joined by spaces (ids sorted), without tokenising
        them again."""
        seam_ids = self.seams(comments)
        ids = np.concatenate([c.ids for c in comments] + [np.array(seam_ids, dtype=np.int64)])
        counts = np.concatenate([c.counts for c in comments] + [np.ones(len(seam_ids))])
        if len(ids):
            ids, inverse = np.unique(ids, return_inverse=True)
            counts = np.asarray(np.bincount(inverse, weights=counts), dtype=np.float64)
        return Analysed(ids, counts, None)

    def contributions(self, k: int, block: Block, text: Analysed) -> Contribution:
        """Merged ids present in block `k`, each one's share of the block's logit, and the
        block's logit itself: the dot product of the l2-normalised sublinear TF-IDF vector
        with the coefficients (summed as numpy does, so it matches the exported model)."""
        bounds = np.array([0, len(text.ids)], dtype=np.int64)
        return self.segments(k, block, text.ids, text.counts, bounds)[0]

    def segments(
        self, k: int, block: Block, ids: Ints, counts: Floats, bounds: Ints
    ) -> list[Contribution]:
        """`contributions` of many texts at once: text i is `ids[bounds[i]:bounds[i + 1]]`.

        The gathers, logarithms and shares are taken over all texts together; each text's
        two dot products stay separate numpy calls, so every sum is the one `np.dot` of that
        text alone would give, to the last bit."""
        columns = self.columns[k][ids]
        keep = columns >= 0
        kept = np.concatenate(([0], np.cumsum(keep)))[bounds].tolist()
        columns = columns[keep]
        kept_ids = ids[keep]
        weights = 1.0 + np.log(counts[keep])
        scaled = weights * block.idf[columns]
        wid = block.wid[columns]
        products = weights * wid
        norms = [1.0] * (len(kept) - 1)
        scores = [0.0] * (len(kept) - 1)
        dot, sqrt = np.dot, math.sqrt
        for i, (start, end) in enumerate(pairwise(kept)):
            if end > start:
                part = scaled[start:end]
                norm = norms[i] = sqrt(dot(part, part))
                scores[i] = float(dot(weights[start:end], wid[start:end]) / norm)
        shares = products / np.repeat(norms, np.diff(kept))
        return [
            (kept_ids[start:end], shares[start:end], score)
            for (start, end), score in zip(pairwise(kept), scores, strict=True)
        ]

    def score(self, k: int, block: Block, text: Analysed) -> float:
        return self.contributions(k, block, text)[2]


_NO_IDS = np.zeros(0, dtype=np.int64)
_NO_FLOATS = np.zeros(0, dtype=np.float64)


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
    return [logits[-1], prev, max(logits), numpy_sum(logits) / len(logits), logits[0]]


def dynamics_list(
    per_comment: list[tuple[list[float], set[str]]], logits: Sequence[float]
) -> list[float]:
    """The 71 raw dynamics inputs: lexicon features then hostility summaries."""
    return thread_feats_list(per_comment) + hostility_summary(logits)


def dynamics_vector(
    per_comment: list[tuple[list[float], set[str]]], logits: Sequence[float]
) -> Floats:
    """`dynamics_list` as an array."""
    return np.asarray(dynamics_list(per_comment, logits), dtype=np.float64)


def sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z)) if z > -500 else 0.0
