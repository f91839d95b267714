"""The per-comment hostility scorer whose logits feed the derailment model (`dynh`).

Trained on comments only, none from CGA, so the CGA splits are unaffected:
`comments/tweeteval_offensive_en_train.jsonl` and `comments/context_toxicity_en.jsonl`
(`@user` removed) and every comment of `threads/toxichat_train.jsonl` with its `toxic`
label. Reported, not tuned on: ROC-AUC on `tweeteval_offensive_en_val` and on the
comments of `toxichat_dev` (which therefore stays clean for the out-of-domain check).
Model: TF-IDF word 1-2-grams (min_df 2, sublinear, ≤ 60k terms) + balanced LR(C=1).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np

from vigile.analysis.training.cga import read_jsonl

AUX_STEM = "aux_hostility"


def comment_rows(data_dir: Path, name: str) -> tuple[list[str], list[int]]:
    rows = list(read_jsonl(data_dir / "comments" / f"{name}.jsonl"))
    return [r["text"].replace("@user", "") for r in rows], [int(r["toxic"]) for r in rows]


def toxichat_rows(data_dir: Path, split: str) -> tuple[list[str], list[int]]:
    comments = [
        c
        for r in read_jsonl(data_dir / "threads" / f"toxichat_{split}.jsonl")
        for c in r["comments"]
    ]
    return [c["text"] for c in comments], [int(c["toxic"]) for c in comments]


def train_hostility(data_dir: Path, out_dir: Path) -> dict[str, float]:
    """Fit the scorer, write `aux_hostility.{npz,json}` to `out_dir`, return validation AUCs."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score

    texts: list[str] = []
    labels: list[int] = []
    for xs, ys in (
        comment_rows(data_dir, "tweeteval_offensive_en_train"),
        comment_rows(data_dir, "context_toxicity_en"),
        toxichat_rows(data_dir, "train"),
    ):
        texts += xs
        labels += ys
    vec = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True, max_features=60000)
    clf = LogisticRegression(C=1.0, max_iter=3000, class_weight="balanced")
    clf.fit(vec.fit_transform(texts), labels)
    checks = {
        "tweeteval_offensive_val": comment_rows(data_dir, "tweeteval_offensive_en_val"),
        "toxichat_dev_comments": toxichat_rows(data_dir, "dev"),
    }
    aucs = {
        name: float(roc_auc_score(ys, clf.predict_proba(vec.transform(xs))[:, 1]))
        for name, (xs, ys) in checks.items()
    }
    write_model(
        out_dir / AUX_STEM,
        {"idf0": vec.idf_.astype(np.float32), "coef0": clf.coef_[0].astype(np.float32)},
        {
            "intercept": float(clf.intercept_[0]),
            "threshold": 0.5,
            "blocks": [word_block("last", vec.vocabulary_)],
        },
        ascii_only=True,
    )
    return aucs


def word_block(view: str, vocabulary: dict[str, int]) -> dict[str, Any]:
    """The JSON description of one TF-IDF block: its view and its terms by column."""
    terms = [""] * len(vocabulary)
    for term, column in vocabulary.items():
        terms[column] = term
    return {"view": view, "analyzer": "word", "ngram": [1, 2], "terms": terms}


def write_model(
    stem: Path, arrays: dict[str, Any], meta: dict[str, Any], *, ascii_only: bool = False
) -> None:
    """`<stem>.npz` (arrays) and `<stem>.json` (vocabularies, scalars): what the runtime loads.

    `ascii_only` escapes non-ASCII terms, as the shipped hostility file does (byte-equal)."""
    stem.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(stem.with_suffix(".npz"), **arrays)
    text = json.dumps(meta, ensure_ascii=ascii_only)
    stem.with_suffix(".json").write_text(text, encoding="utf-8")
