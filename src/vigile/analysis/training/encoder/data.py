"""Which rows train, tune and test each head of `vigile-comments 3`, and how they mix.

Every row is an `Example`: a text, its language, its source and the labels that source
gives (a head without a label is masked in the loss). Splits are fixed and random-free
(`training.splits`: md5 of the normalised text), except where whole groups are held out so
that the test says how the model does on text from elsewhere:

* **whole sources never trained on** (`TRANSFER_SOURCES`): ETHOS (EN hate on YouTube and
  Reddit) and HateDay (FR tweets) — the shipped model's own leave-source-out figures;
* **complaints by domain**: the `transport` and `food` domains are test, `other` tune;
* **spam by video**: one video is test, one tune, three train;
* the hand-written CM comments: dev tunes thresholds, test is reported.

Rows that carry a label implied by their source, not annotated: sentiment tweets are
non-toxic and non-spam; a complaint is negative (Preoțiuc-Pietro et al. define a complaint
as a negative mismatch); a HatEval "not hateful" tweet may still be offensive, so only its
hateful rows train toxicity.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from vigile.analysis.training.splits import read_source, split_for, text_key

SENTIMENTS = ("negative", "neutral", "positive")
HEADS: dict[str, int] = {"toxic": 1, "sentiment": 3, "complaint": 1, "spam": 1, "ironic": 1}
TRANSFER_SOURCES = ("ethos_en", "hateday_fr")
COMPLAINT_TEST_DOMAINS = ("transport", "food")
COMPLAINT_TUNE_DOMAINS = ("other",)
SPAM_TEST_VIDEO = "09-pRpeEdMmmQ0"
SPAM_TUNE_VIDEO = "04-CevxZvSJLk8"


@dataclass(frozen=True, slots=True)
class Example:
    text: str
    lang: str
    source: str
    split: str
    labels: dict[str, int] = field(default_factory=dict)


Labeller = Callable[[dict[str, Any]], dict[str, int]]


def _toxic(d: dict[str, Any]) -> dict[str, int]:
    return {"toxic": int(d["toxic"])}


def _hateful_only(d: dict[str, Any]) -> dict[str, int]:
    return {"toxic": 1} if d["toxic"] else {}


def _sentiment(d: dict[str, Any]) -> dict[str, int]:
    return {"sentiment": SENTIMENTS.index(d["sentiment"])}


def _sentiment_civil(d: dict[str, Any]) -> dict[str, int]:
    return {"sentiment": SENTIMENTS.index(d["sentiment"]), "toxic": 0, "spam": 0}


def _complaint(d: dict[str, Any]) -> dict[str, int]:
    labels = {"complaint": int(d["complaint"]), "spam": 0}
    if d["complaint"]:
        labels["sentiment"] = 0
    return labels


def _spam(d: dict[str, Any]) -> dict[str, int]:
    return {"spam": int(d["spam"])}


def _ironic(d: dict[str, Any]) -> dict[str, int]:
    return {"ironic": int(d["ironic"])}


LABELLERS: dict[str, Labeller] = {
    "tweeteval_offensive_en_train": _toxic,
    "tweeteval_offensive_en_val": _toxic,
    "tweeteval_hate_en_train": _hateful_only,
    "davidson_en": _toxic,
    "mlma_fr": _toxic,
    "mlma_en": _toxic,
    "context_toxicity_en": _toxic,
    "toxifrench_fr": _toxic,
    "hateday_fr": _toxic,
    "ethos_en": _toxic,
    "xlmt_sentiment_fr_train": _sentiment_civil,
    "xlmt_sentiment_en_train": _sentiment_civil,
    "xlmt_sentiment_fr_val": _sentiment_civil,
    "xlmt_sentiment_en_val": _sentiment_civil,
    "tweeteval_sentiment_en_val": _sentiment,
    "semeval_sentiment_en_train": _sentiment,
    "complaints_en": _complaint,
    "youtube_spam_en": _spam,
    "isarcasmeval_en_train": _ironic,
    "isarcasmeval_en_test": _ironic,
}
# Texts another file holds: a row whose text is there is never used (split `dup`).
DUPLICATES_OF: dict[str, tuple[str, ...]] = {
    "tweeteval_sentiment_en_val": ("xlmt_sentiment_en_train", "xlmt_sentiment_en_val"),
    "semeval_sentiment_en_train": ("xlmt_sentiment_en_train", "xlmt_sentiment_en_val"),
    "mlma_en": ("mlma_fr",),
    "tweeteval_offensive_en_train": ("tweeteval_offensive_en_val",),
}
# How many rows of each source's train split one epoch draws (None: all), and how many
# times over (small French sets count more: French is half of the product's users).
EPOCH_MIX: dict[str, tuple[int | None, int]] = {
    "tweeteval_offensive_en_train": (4_000, 1),
    "tweeteval_hate_en_train": (2_000, 1),
    "davidson_en": (1_500, 1),
    "mlma_fr": (None, 1),
    "mlma_en": (1_200, 1),
    "context_toxicity_en": (1_200, 1),
    "toxifrench_fr": (None, 2),
    "xlmt_sentiment_fr_train": (None, 2),
    "xlmt_sentiment_en_train": (None, 1),
    "tweeteval_sentiment_en_val": (None, 1),
    "semeval_sentiment_en_train": (3_000, 1),
    "complaints_en": (None, 1),
    "youtube_spam_en": (None, 1),
    "isarcasmeval_en_train": (1_500, 1),
}


def split_of(stem: str, row: dict[str, Any], key: str) -> str:
    if stem in TRANSFER_SOURCES or stem.endswith("_test"):
        return "test"
    if stem == "complaints_en":
        domain = row.get("domain")
        if domain in COMPLAINT_TEST_DOMAINS:
            return "test"
        return "tune" if domain in COMPLAINT_TUNE_DOMAINS else "train"
    if stem == "youtube_spam_en":
        video = row.get("video")
        return {SPAM_TEST_VIDEO: "test", SPAM_TUNE_VIDEO: "tune"}.get(str(video), "train")
    return split_for(stem, key)


class Sources:
    """The labelled files of one data folder, read once each, rows tagged with a split."""

    def __init__(self, data_dir: Path) -> None:
        self.folder = data_dir / "comments"
        self._cache: dict[str, list[Example]] = {}

    def _read(self, stem: str) -> list[dict[str, Any]]:
        return read_source(self.folder, stem)

    def examples(self, stem: str) -> list[Example]:
        if stem not in self._cache:
            others = {
                text_key(d["text"]) for o in DUPLICATES_OF.get(stem, ()) for d in self._read(o)
            }
            label = LABELLERS[stem]
            rows = []
            for d in self._read(stem):
                key = text_key(d["text"])
                split = "dup" if key in others else split_of(stem, d, key)
                rows.append(Example(d["text"], d["lang"], stem, split, label(d)))
            self._cache[stem] = rows
        return self._cache[stem]

    def select(self, stems: Iterable[str], split: str) -> list[Example]:
        return [e for stem in stems for e in self.examples(stem) if e.split == split]

    def manifest(self) -> dict[str, dict[str, int]]:
        """Rows per source and split: what a training run read (kept beside the model)."""
        out: dict[str, dict[str, int]] = {}
        for stem in sorted(LABELLERS):
            counts: dict[str, int] = {}
            for e in self.examples(stem):
                counts[e.split] = counts.get(e.split, 0) + 1
            out[stem] = counts
        return out


def epoch(sources: Sources, *, seed: int) -> list[Example]:
    """One epoch's training rows: each source capped and repeated per `EPOCH_MIX`, shuffled."""
    rng = random.Random(seed)
    out: list[Example] = []
    for stem, (cap, times) in EPOCH_MIX.items():
        rows = [e for e in sources.examples(stem) if e.split == "train" and e.labels]
        for _ in range(times):
            out.extend(rows if cap is None or cap >= len(rows) else rng.sample(rows, cap))
    rng.shuffle(out)
    return out


def cm_rows(half: str) -> list[Example]:
    """The hand-written CM comments (`dev` or `test`), toxicity and sentiment labelled."""
    name = f"data/cm_comments_{half}.jsonl"
    data = resources.files("vigile.analysis.training").joinpath(name)
    rows = [json.loads(line) for line in data.read_text(encoding="utf-8").splitlines() if line]
    return [
        Example(
            r["text"],
            r["lang"],
            f"cm_{half}",
            half,
            {"toxic": int(r["toxic"]), "sentiment": SENTIMENTS.index(r["sentiment"])},
        )
        for r in rows
    ]
