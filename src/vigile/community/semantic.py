"""Semantic similarity of texts across French and English, and its fusion with TF-IDF.

The vectors are those of the shipped comment model's static embedder (one vector per
word, distilled from a multilingual encoder: "livraison" lies near "delivery"). A text
is compared with a document word by word: each content word of the text takes its best
cosine with the document's words, and the score is the mean (a "soft" word overlap). On
the dev queries of the case set it beat the cosine of whole-text mean vectors (MRR 0.91
against 0.64), which long case documents dilute.

`fused` adds the TF-IDF cosine of `search.similar` (glossary included), with equal
weights: one score in [0, 1], the same for search, similar cases and the post check, so
a threshold means the same thing everywhere (docs/cases.md, "Search").
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

import numpy as np
from numpy.typing import NDArray

from vigile.analysis.comment_model.static import StaticEmbedder
from vigile.analysis.comment_model.text import tokens as model_tokens
from vigile.community.search import STOP, similar

SEMANTIC_WEIGHT = 0.5  # dev MRR 0.911 from 0.5 to 0.8, 0.927 at 0.2-0.3 (docs/cases.md)
MAX_WORDS = 400  # a long incident thread: its first 400 content words are enough


@cache
def embedder() -> StaticEmbedder:
    """The comment model's static vectors, read once: shared with the scorer when it is
    already loaded, else read alone (0.5 s instead of 2 s for the whole model)."""
    from vigile.analysis.comment_model import scorer

    if scorer.packaged_model.cache_info().currsize:
        return scorer.packaged_model().static
    from importlib import resources

    from vigile.analysis.comment_model.artefacts import load_static

    files = resources.files("vigile.analysis.comment_model").joinpath("files")
    with resources.as_file(files) as folder:
        return load_static(folder)


@cache
def _norms() -> NDArray[np.float32]:
    """Length of every token vector minus the shared direction (see `embed_centred`)."""
    model = embedder()
    norms: NDArray[np.float32] = np.linalg.norm(model.vectors - model.centre, axis=1).astype(
        np.float32
    )
    norms[norms == 0] = 1.0
    return norms


def content_ids(text: str) -> list[int]:
    """The embedder's rows for the content words of `text` (stop words, digits dropped)."""
    words = [w for w in model_tokens(text) if w.isalpha() and len(w) > 2 and w not in STOP]
    return embedder().ids(words[:MAX_WORDS])


def soft_match(text: str, documents: Sequence[str]) -> list[float]:
    """For each document, the mean over `text`'s words of their best cosine in it, >= 0."""
    query = content_ids(text)
    docs = [sorted(set(content_ids(doc))) for doc in documents]
    if not query or not documents:
        return [0.0] * len(documents)
    model, norms = embedder(), _norms()
    columns = sorted(set().union(*docs))
    if not columns:
        return [0.0] * len(documents)
    q = (model.vectors[query] - model.centre) / norms[query, None]
    d = (model.vectors[columns] - model.centre) / norms[columns, None]
    cosines = q @ d.T  # query words x every word of the documents
    where = {row: i for i, row in enumerate(columns)}
    scores = []
    for ids in docs:
        best = cosines[:, [where[i] for i in ids]].max(axis=1) if ids else np.zeros(1)
        scores.append(max(0.0, float(best.mean())))
    return scores


def full_text(text: str, documents: Sequence[str]) -> list[float]:
    """The TF-IDF cosine of every document with `text` (0 when no word is shared)."""
    found = dict(similar(text, documents, limit=len(documents)))
    return [found.get(i, 0.0) for i in range(len(documents))]


def fused(text: str, documents: Sequence[str]) -> list[float]:
    """Weighted sum of the semantic and the full-text similarity, in [0, 1]."""
    semantic = soft_match(text, documents)
    words = full_text(text, documents)
    return [
        SEMANTIC_WEIGHT * s + (1 - SEMANTIC_WEIGHT) * w
        for s, w in zip(semantic, words, strict=True)
    ]


def ranked(
    scores: Sequence[float], *, limit: int, at_least: float = 0.0
) -> list[tuple[int, float]]:
    """(index, score) of the best `limit` scores at or above `at_least`, best first."""
    pairs = [(i, s) for i, s in enumerate(scores) if s >= at_least and s > 0]
    return sorted(pairs, key=lambda pair: (-pair[1], pair[0]))[:limit]
