"""Prune e5's 250k-piece vocabulary to what French and English comments use.

The word embeddings are 82 % of e5-small; most pieces belong to other scripts and
languages. Kept: the special pieces, every piece the training and tuning text uses under
the full vocabulary, the most probable Latin-script pieces (`COMMON`), and every single
Latin-script character, so any FR/EN word still splits into known pieces.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
from numpy.typing import NDArray

from vigile.analysis.encoder.tokenizer import META, UnigramTokenizer
from vigile.analysis.training.encoder.e5_file import E5Tokenizer

COMMON = 25_000


def _latin(piece: str) -> bool:
    body = piece.lstrip(META)
    return all(
        ord(c) < 0x250 or 0x2000 <= ord(c) < 0x2070 or 0x20A0 <= ord(c) < 0x20C0 for c in body
    )


def full_tokenizer(e5: E5Tokenizer) -> UnigramTokenizer:
    return UnigramTokenizer(
        e5.pieces,
        e5.scores.tolist(),
        specials={"bos": e5.bos, "eos": e5.eos, "pad": e5.pad, "unk": e5.unk},
        normalisation={cp: "".join(map(chr, out)) for cp, out in e5.normalisation.items()},
    )


def kept_pieces(e5: E5Tokenizer, texts: Iterable[str]) -> NDArray[np.int64]:
    """Old piece ids to keep, specials first (their new ids are 0..3), then ascending."""
    tokenizer = full_tokenizer(e5)
    used: set[int] = set()
    for text in texts:
        used.update(tokenizer.encode(text, max_len=10_000))
    latin = [i for i, p in enumerate(e5.pieces) if p and _latin(p)]
    common = sorted(latin, key=lambda i: -float(e5.scores[i]))[:COMMON]
    singles = [i for i in latin if len(e5.pieces[i].lstrip(META)) <= 1]
    specials = [e5.bos, e5.pad, e5.eos, e5.unk]
    rest = sorted((used | set(common) | set(singles)) - set(specials))
    return np.array(specials + rest, dtype=np.int64)


def pruned_spec(e5: E5Tokenizer, keep: NDArray[np.int64]) -> dict[str, object]:
    """The pruned tokenizer as `UnigramTokenizer.load` reads it (tokenizer.json)."""
    new = {int(old): i for i, old in enumerate(keep)}
    return {
        "pieces": [e5.pieces[int(i)] for i in keep],
        "scores": [round(float(e5.scores[int(i)]), 6) for i in keep],
        "specials": {
            "bos": new[e5.bos],
            "eos": new[e5.eos],
            "pad": new[e5.pad],
            "unk": new[e5.unk],
        },
        "normalisation": {
            str(cp): "".join(map(chr, out)) for cp, out in sorted(e5.normalisation.items())
        },
    }
