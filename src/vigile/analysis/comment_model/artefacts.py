"""The model's files on disk: one format, read by the scorer and written by training.

Plain JSON and NumPy arrays, never pickles: loading a model file cannot run code.

| file | content |
|---|---|
| static.npz | `vectors` (tokens x 384, float16), `weights` (SIF weight per token, float16) |
| static.json | `words`, `pieces`, `piece_scores` (row order of static.npz), `negation` |
| tfidf.json | `word`: `terms` (column order), `ngram_range`, `analyzer`, `token_pattern` |
| tfidf_idf.npz | `word`: idf per column (float32) |
| heads.npz | `tox_w`, `tox_b`, `sent_w` (3 x features), `sent_b` (float32) |
| model.json | `approach`, `thresholds` per language, `sentiment_labels`, `test_metrics` |
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np

from vigile.analysis.comment_model.model import SENTIMENTS, CommentModel, Heads
from vigile.analysis.comment_model.static import StaticEmbedder
from vigile.analysis.comment_model.tfidf import WordTfidf
from vigile.domain.errors import ConfigError

APPROACH = "word+static-neg"
FILES = ("static.npz", "static.json", "tfidf.json", "tfidf_idf.npz", "heads.npz", "model.json")


def load_model(folder: Path) -> CommentModel:
    """The model in `folder`; a clear error when a file is missing or of another kind."""
    missing = [name for name in FILES if not (folder / name).is_file()]
    if missing:
        raise ConfigError(f"comment model files missing in {folder}: {', '.join(missing)}")
    meta = _json(folder / "model.json")
    if meta.get("approach") != APPROACH or tuple(meta["sentiment_labels"]) != SENTIMENTS:
        raise ConfigError(f"{folder / 'model.json'} is not a '{APPROACH}' comment model")
    heads = np.load(folder / "heads.npz")
    return CommentModel(
        tfidf=_load_tfidf(folder),
        static=load_static(folder),
        heads=Heads(
            tox_w=heads["tox_w"],
            tox_b=float(heads["tox_b"]),
            sent_w=heads["sent_w"],
            sent_b=heads["sent_b"],
        ),
        thresholds={lang: float(t) for lang, t in meta["thresholds"].items()},
    )


def save_model(model: CommentModel, folder: Path, *, metrics: dict[str, Any]) -> None:
    """Write the six files `load_model` reads (float16 vectors: half the size, same scores)."""
    folder.mkdir(parents=True, exist_ok=True)
    static = model.static
    np.savez(
        folder / "static.npz",
        vectors=static.vectors.astype(np.float16),
        weights=static.weights.astype(np.float16),
    )
    _write_json(
        folder / "static.json",
        {
            "negation": True,
            "words": static.words,
            "pieces": static.pieces,
            "piece_scores": [round(s, 4) for s in static.piece_scores],
        },
        indent=None,
    )
    _save_tfidf(model.tfidf, folder)
    heads = model.heads
    np.savez(
        folder / "heads.npz",
        tox_w=heads.tox_w.astype(np.float32),
        tox_b=np.float32(heads.tox_b),
        sent_w=heads.sent_w.astype(np.float32),
        sent_b=heads.sent_b.astype(np.float32),
    )
    _write_json(folder / "model.json", _meta(model, metrics), indent=1)


def _meta(model: CommentModel, metrics: dict[str, Any]) -> dict[str, Any]:
    return {
        "approach": APPROACH,
        "tfidf": True,
        "langs": ["fr", "en"],
        "negation": True,
        "thresholds": dict(model.thresholds),
        "sentiment_labels": list(SENTIMENTS),
        "test_metrics": metrics,
        "trained_on": "vigile.analysis.training.comment_model (train splits only)",
    }


def load_static(folder: Path) -> StaticEmbedder:
    """The static embedder alone (case search needs it without the heads)."""
    arrays = np.load(folder / "static.npz")
    meta = _json(folder / "static.json")
    return StaticEmbedder(
        meta["words"],
        meta["pieces"],
        meta["piece_scores"],
        vectors=arrays["vectors"].astype(np.float32),
        weights=arrays["weights"].astype(np.float32),
    )


def _load_tfidf(folder: Path) -> WordTfidf:
    word = _json(folder / "tfidf.json")["word"]
    if word["token_pattern"] != r"\S+":
        raise ConfigError(f"{folder / 'tfidf.json'}: unexpected token pattern")
    idf = np.load(folder / "tfidf_idf.npz")["word"]
    return WordTfidf(word["terms"], idf, max_n=int(word["ngram_range"][1]))


def _save_tfidf(tfidf: WordTfidf, folder: Path) -> None:
    meta = {
        "analyzer": "word",
        "ngram_range": [1, tfidf.max_n],
        "token_pattern": r"\S+",
        "terms": tfidf.terms,
    }
    _write_json(folder / "tfidf.json", {"word": meta}, indent=None)
    np.savez_compressed(folder / "tfidf_idf.npz", word=tfidf.idf.astype(np.float32))


def _json(path: Path) -> dict[str, Any]:
    data = json.loads(path.read_text("utf-8"))
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a JSON object")
    return data


def _write_json(path: Path, data: dict[str, Any], *, indent: int | None) -> None:
    path.write_text(json.dumps(data, indent=indent, ensure_ascii=False), "utf-8")
