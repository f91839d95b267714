"""CGA-CMV conversations, their pair-aware groups and the train/tune/test split.

Why groups and not ids: in `cga_cmv_valid.jsonl` the numeric part of `cga-cmv-<n>-<k>-<i>`
is unique per conversation, so it does not identify the (derailed, calm) pair drawn from
the same page. Pairs are recovered approximately, and conservatively: groups are the
connected components of (2k, 2k+1) file neighbours, a label-opposite matching within ±6
positions (TF-IDF cosine ≥ 0.08) and each conversation's nearest neighbour when the cosine
is ≥ 0.25. A seeded hash of each group's smallest id sends it to train/tune/test 60/20/20:
810 / 296 / 262 conversations, about half derailed in each.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

SPLIT_SEED = 20240611  # fixed: changing it changes which conversations are held out


@dataclass(frozen=True, slots=True)
class Conversation:
    id: str
    comments: list[str]
    label: int


def read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            yield json.loads(line)


def load_cga(threads_dir: Path) -> list[Conversation]:
    return [
        Conversation(r["id"], [c["text"] for c in r["comments"]], int(r["label"]))
        for r in read_jsonl(threads_dir / "cga_cmv_valid.jsonl")
    ]


def cga_groups(conversations: list[Conversation]) -> NDArray[np.int64]:
    """Integer group id per conversation (see the module docstring)."""
    from scipy.optimize import linear_sum_assignment
    from sklearn.feature_extraction.text import TfidfVectorizer

    n = len(conversations)
    docs = [" ".join(c.comments) for c in conversations]
    tfidf = TfidfVectorizer(sublinear_tf=True, min_df=2, stop_words="english").fit_transform(docs)
    sim = (tfidf @ tfidf.T).toarray()
    np.fill_diagonal(sim, -1.0)
    labels = np.array([c.label for c in conversations])
    parent = list(range(n))
    for k in range(n // 2):
        _union(parent, 2 * k, 2 * k + 1)
    pos, neg = np.where(labels == 1)[0], np.where(labels == 0)[0]
    near = np.abs(pos[:, None] - neg[None, :]) <= 6
    cost = np.where(near, sim[np.ix_(pos, neg)], -10.0)
    rows, cols = linear_sum_assignment(-cost)
    for a, b in zip(rows, cols, strict=True):
        if cost[a, b] >= 0.08:
            _union(parent, int(pos[a]), int(neg[b]))
    nearest = sim.argmax(1)
    for i in range(n):
        if sim[i, nearest[i]] >= 0.25:
            _union(parent, i, int(nearest[i]))
    _, groups = np.unique([_find(parent, i) for i in range(n)], return_inverse=True)
    return np.asarray(groups, dtype=np.int64)


def _find(parent: list[int], i: int) -> int:
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i


def _union(parent: list[int], a: int, b: int) -> None:
    ra, rb = _find(parent, a), _find(parent, b)
    if ra != rb:
        parent[max(ra, rb)] = min(ra, rb)


def split_of_groups(groups: NDArray[np.int64], conversations: list[Conversation]) -> list[str]:
    """'train' / 'tune' / 'test' per conversation, 60/20/20 by a seeded hash of its group."""
    out = [""] * len(groups)
    for group in np.unique(groups):
        members = np.where(groups == group)[0]
        key = min(conversations[i].id for i in members)
        digest = hashlib.sha256(f"{SPLIT_SEED}:{key}".encode()).hexdigest()[:8]
        h = int(digest, 16) / 16**8
        for i in members:
            out[i] = "train" if h < 0.6 else ("tune" if h < 0.8 else "test")
    return out
