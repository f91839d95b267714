"""Labelled comments from `<data_dir>/comments/*.jsonl`, each row tagged with its split.

The rule is fixed and random-free, so every run sees the same rows in the same split:

* A file that comes with an official `*_val` file: the val file is **test**; its train
  file is split by `md5(normalised text) % 100`: < 85 train, else tune.
* A single file (`mlma_fr`, `mlma_en`, `davidson_en`, `tweeteval_sentiment_en_val`):
  < 70 train, < 85 tune, else test.
* The hash is over the normalised text, not the id, so duplicates inside a file always
  share a split.
* Cross-file duplicates are split `dup` and never used: the rows of
  `tweeteval_sentiment_en_val` whose text is in `xlmt_sentiment_en_{train,val}` (1,754 of
  2,000: xlm-t's English set is drawn from it; without this the sentiment test leaks),
  `mlma_en` rows also in `mlma_fr`, and OLID train rows whose text is in OLID val.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from vigile.analysis.comment_model.text import clean

DUPLICATES_OF: dict[str, tuple[str, ...]] = {
    "tweeteval_sentiment_en_val": ("xlmt_sentiment_en_train", "xlmt_sentiment_en_val"),
    "mlma_en": ("mlma_fr",),
    "tweeteval_offensive_en_train": ("tweeteval_offensive_en_val",),
}
_NOT_A_TEST_FILE = "tweeteval_sentiment_en_val"  # extra data, split like a single file


@dataclass(frozen=True, slots=True)
class Row:
    """One labelled comment; `toxic` and `sentiment` are None where the file has none."""

    id: str
    text: str
    lang: str
    toxic: int | None
    sentiment: str | None
    source: str
    split: str


def text_key(text: str) -> str:
    """What counts as the same text: cleaned, lower-cased, whitespace collapsed."""
    return " ".join(clean(text).lower().split())


def bucket(key: str) -> int:
    """A stable 0..99 bucket from a text key."""
    return int(hashlib.md5(key.encode("utf-8")).hexdigest()[:8], 16) % 100


def split_for(stem: str, key: str) -> str:
    if stem.endswith("_val") and stem != _NOT_A_TEST_FILE:
        return "test"
    b = bucket(key)
    if stem.endswith("_train"):
        return "train" if b < 85 else "tune"
    return "train" if b < 70 else ("tune" if b < 85 else "test")


def read_source(folder: Path, stem: str) -> list[dict[str, Any]]:
    """The objects of `folder/stem.jsonl`, in file order."""
    with (folder / f"{stem}.jsonl").open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


class Corpus:
    """The comment files of one data folder, read once each."""

    def __init__(self, data_dir: Path) -> None:
        self.folder = data_dir / "comments"
        self.rows = lru_cache(maxsize=64)(self._rows)

    def _read(self, stem: str) -> list[dict[str, Any]]:
        return read_source(self.folder, stem)

    def _rows(self, stem: str) -> tuple[Row, ...]:
        """All rows of a file in file order, each with its split."""
        others = {text_key(d["text"]) for o in DUPLICATES_OF.get(stem, ()) for d in self._read(o)}
        rows = []
        for d in self._read(stem):
            key = text_key(d["text"])
            split = "dup" if key in others else split_for(stem, key)
            toxic, sentiment = d.get("toxic"), d.get("sentiment")
            rows.append(Row(d["id"], d["text"], d["lang"], toxic, sentiment, stem, split))
        return tuple(rows)

    def select(self, stems: list[str], split: str | None = None) -> list[Row]:
        """Rows of `stems` in `split` (all splits but `dup` when None), file by file."""
        return [
            r
            for stem in stems
            for r in self.rows(stem)
            if r.split == split or (split is None and r.split != "dup")
        ]
