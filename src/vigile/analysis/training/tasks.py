"""Which rows train, tune and test each head (splits: `training.splits`).

Toxicity, one bilingual binary head with a threshold per language:
  train/tune: OLID (`tweeteval_offensive_en_train`) and `mlma_fr` (toxic vs 'normal'),
  plus sentiment tweets as non-toxic text (`xlmt_sentiment_{fr,en}_train`,
  `tweeteval_sentiment_en_val` rows that are not xlm-t copies). French toxic data is
  scarce and MLMA-only; the French sentiment tweets are how real French gets in.
  test: `tweeteval_offensive_en_val` (EN, never tuned on); `mlma_fr` test split, alone
  and mixed with all of `xlmt_sentiment_fr_val` as non-toxic (FR).
Sentiment, one bilingual 3-class head:
  train/tune: `xlmt_sentiment_{fr,en}_train`, plus the non-copied rows of
  `tweeteval_sentiment_en_val`; test: `xlmt_sentiment_{fr,en}_val`.
Thresholds also see the civil rows of the hand-written CM comments' dev half
(`training/data/cm_comments_dev.jsonl`): none of the shared data reads like a brand's
comments. Its test half is measured with `vigile eval comments`, never here.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources

import numpy as np
from numpy.typing import NDArray

from vigile.analysis.comment_model.model import SENTIMENTS
from vigile.analysis.training.splits import Corpus, Row
from vigile.eval.datasets import read_labelled

TOXIC_LABELLED = ["tweeteval_offensive_en_train", "mlma_fr"]
NON_TOXIC_TEXT = [
    "xlmt_sentiment_fr_train",
    "xlmt_sentiment_en_train",
    "tweeteval_sentiment_en_val",
]
SENTIMENT_FILES = NON_TOXIC_TEXT
# Unlabelled text the static vocabulary may come from (train and tune splits only).
VOCABULARY_FILES = [
    "tweeteval_offensive_en_train",
    "tweeteval_hate_en_train",
    "davidson_en",
    "mlma_fr",
    "mlma_en",
    "xlmt_sentiment_fr_train",
    "xlmt_sentiment_en_train",
    "tweeteval_sentiment_en_val",
]


@dataclass(frozen=True, slots=True)
class Part:
    """Rows and their labels for one head (toxic 0/1, or an index into SENTIMENTS)."""

    rows: list[Row]
    y: NDArray[np.int64]


def toxicity(rows: list[Row]) -> Part:
    """Rows with no toxicity label (sentiment tweets) count as non-toxic."""
    return Part(rows, np.array([r.toxic or 0 for r in rows], dtype=np.int64))


def sentiment(rows: list[Row]) -> Part:
    return Part(rows, np.array([SENTIMENTS.index(r.sentiment or "") for r in rows]))


def toxicity_part(corpus: Corpus, split: str) -> Part:
    return toxicity(corpus.select(TOXIC_LABELLED + NON_TOXIC_TEXT, split))


def sentiment_part(corpus: Corpus, split: str) -> Part:
    return sentiment(corpus.select(SENTIMENT_FILES, split))


def vocabulary_rows(corpus: Corpus) -> list[Row]:
    return [
        r for stem in VOCABULARY_FILES for r in corpus.rows(stem) if r.split in ("train", "tune")
    ]


def tune_sets(corpus: Corpus) -> dict[str, Part]:
    """Toxicity tune sets per language, and the civil text that must not be flagged: the
    negative tweets (`neg_*`) and the hand-written civil CM comments (`civil_*`)."""
    xfr = corpus.select(["xlmt_sentiment_fr_train"], "tune")
    xen = corpus.select(["xlmt_sentiment_en_train", "tweeteval_sentiment_en_val"], "tune")
    civil = [r for r in cm_dev_rows() if r.toxic == 0]
    return {
        "en": toxicity(corpus.select(["tweeteval_offensive_en_train"], "tune")),
        "fr": toxicity(corpus.select(["mlma_fr"], "tune") + xfr),
        "neg_fr": toxicity([r for r in xfr if r.sentiment == "negative"]),
        "neg_en": toxicity([r for r in xen if r.sentiment == "negative"]),
        "civil_fr": toxicity([r for r in civil if r.lang == "fr"]),
        "civil_en": toxicity([r for r in civil if r.lang == "en"]),
    }


def cm_dev_rows() -> list[Row]:
    """The dev half of the hand-written CM comments (package data), as rows."""
    data = resources.files("vigile.analysis.training").joinpath("data/cm_comments_dev.jsonl")
    with resources.as_file(data) as path:
        rows = list(read_labelled(path, label="toxic"))
    return [
        Row(r["id"], r["text"], r["lang"], r["toxic"], r["sentiment"], r["source"], "dev")
        for r in rows
    ]


def test_sets(corpus: Corpus) -> dict[str, Part]:
    """Every held-out set, by name; measured once, after everything was chosen on tune."""
    xfr = corpus.select(["xlmt_sentiment_fr_val"])
    xen = corpus.select(["xlmt_sentiment_en_val"])
    mlma = corpus.select(["mlma_fr"], "test")
    return {
        "en_off": toxicity(corpus.select(["tweeteval_offensive_en_val"])),
        "fr_mlma": toxicity(mlma),
        "fr_mix": toxicity(mlma + xfr),
        "neg_fr": toxicity([r for r in xfr if r.sentiment == "negative"]),
        "neg_en": toxicity([r for r in xen if r.sentiment == "negative"]),
        "sent_fr": sentiment(xfr),
        "sent_en": sentiment(xen),
    }


# Hand-written robustness probes (not data), reported beside the metrics, never tuned on.
PROBES: list[tuple[str, int]] = [
    ("je ne te trouve pas idiot", 0),
    ("Je ne pense pas que tu sois un imbécile, au contraire.", 0),
    ("Traiter quelqu'un de « connard » n'est pas acceptable ici.", 0),
    ("Il m'a traité d'idiot, c'est inadmissible de parler comme ça.", 0),
    ("Ce film était vraiment décevant, je suis triste.", 0),
    ("Le service client est lent, je suis déçu.", 0),
    ("Tu es un idiot.", 1),
    ("Espèce de clown, ferme-la.", 1),
    ("Va te faire foutre, connard", 1),
    ("T'es vraiment qu'une grosse merde", 1),
    ("I don't think you're stupid at all.", 0),
    ("Calling people 'idiots' is not okay here.", 0),
    ("The update broke my app, really disappointed.", 0),
    ("You are a fucking idiot.", 1),
    ("Shut up, you moron.", 1),
]
