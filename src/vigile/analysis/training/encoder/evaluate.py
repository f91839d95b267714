"""Thresholds chosen on tune, then every held-out set measured once.

Binary heads are calibrated by a shift on the logit scale so that the chosen threshold
reads 0.5 (`vigile.analysis.encoder.model.calibrate`); toxicity has one threshold per
language, capped so that at most `CIVIL_CAP` of the civil hand-written CM dev rows of
that language are flagged, as in vigile-comments 2.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from numpy.typing import NDArray
from sklearn.metrics import f1_score, roc_auc_score

from vigile.analysis.training.encoder.data import TRANSFER_SOURCES, Example, Sources, cm_rows

Predict = Callable[[Sequence[str]], dict[str, NDArray[np.float32]]]
CIVIL_CAP = 0.08
_GRID = np.round(np.arange(0.05, 0.96, 0.01), 2)


def best_threshold(p: NDArray[np.float32], y: NDArray[np.int64], *, lo: float = 0.05) -> float:
    """The threshold of the grid with the best F1 of the positive class (macro on ties)."""
    best, best_t = -1.0, 0.5
    for t in _GRID[lo <= _GRID]:
        f = f1_score(y, p >= t, average="macro", zero_division=0)
        if f > best:
            best, best_t = f, float(t)
    return best_t


def _labelled(rows: Sequence[Example], head: str) -> tuple[list[str], NDArray[np.int64]]:
    kept = [r for r in rows if head in r.labels]
    return [r.text for r in kept], np.array([r.labels[head] for r in kept], dtype=np.int64)


def choose_thresholds(sources: Sources, predict: Predict) -> dict[str, float]:
    out: dict[str, float] = {}
    civil = [r for r in cm_rows("dev") if r.labels["toxic"] == 0]
    for lang, stems in {
        "en": ["tweeteval_offensive_en_train"],
        "fr": ["mlma_fr", "toxifrench_fr", "xlmt_sentiment_fr_train"],
    }.items():
        texts, y = _labelled(sources.select(stems, "tune"), "toxic")
        t = best_threshold(predict(texts)["toxic"], y)
        civil_p = predict([r.text for r in civil if r.lang == lang])["toxic"]
        cap = float(np.quantile(civil_p, 1 - CIVIL_CAP)) if len(civil_p) else 0.0
        out[f"toxic_{lang}"] = round(max(t, min(cap + 0.01, 0.95)), 2)
    for head, stem in {
        "complaint": "complaints_en",
        "spam": "youtube_spam_en",
        "ironic": "isarcasmeval_en_train",
    }.items():
        texts, y = _labelled(sources.select([stem], "tune"), head)
        out[head] = float(np.clip(best_threshold(predict(texts)[head], y), 0.3, 0.8))
    return out


def _binary(p: NDArray[np.float32], y: NDArray[np.int64], t: float) -> dict[str, float]:
    auc = roc_auc_score(y, p) if len(set(y.tolist())) == 2 else float("nan")
    return {
        "n": float(len(y)),
        "roc_auc": round(float(auc), 4),
        "macro_f1": round(float(f1_score(y, p >= t, average="macro", zero_division=0)), 4),
        "f1": round(float(f1_score(y, p >= t, zero_division=0)), 4),
        "positive_rate": round(float((p >= t).mean()), 4),
        "true_rate": round(float(y.mean()), 4),
    }


def test_metrics(
    sources: Sources, predict: Predict, thresholds: dict[str, float]
) -> dict[str, dict[str, float]]:
    """Every held-out figure; `transfer:` names a source the model never trained on."""
    out: dict[str, dict[str, float]] = {}
    toxic_sets = {
        "en_offensive(tweeteval val)": (["tweeteval_offensive_en_val"], "en"),
        "davidson_en": (["davidson_en"], "en"),
        "mlma_en": (["mlma_en"], "en"),
        "context_toxicity_en": (["context_toxicity_en"], "en"),
        "mlma_fr": (["mlma_fr"], "fr"),
        "toxifrench_fr": (["toxifrench_fr"], "fr"),
    }
    toxic_sets |= {f"transfer:{s}": ([s], s[-2:]) for s in TRANSFER_SOURCES}
    for name, (stems, lang) in toxic_sets.items():
        texts, y = _labelled(sources.select(stems, "test"), "toxic")
        out[f"toxic {name}"] = _binary(predict(texts)["toxic"], y, thresholds[f"toxic_{lang}"])
    for lang in ("fr", "en"):
        texts, y = _labelled(sources.select([f"xlmt_sentiment_{lang}_val"], "test"), "sentiment")
        pred = predict(texts)["sentiment"].argmax(1)
        out[f"sentiment xlmt_{lang}"] = {
            "n": float(len(y)),
            "macro_f1": round(float(f1_score(y, pred, average="macro")), 4),
        }
    out |= _complaints(sources, predict, thresholds)
    for head, stem in {"spam": "youtube_spam_en", "ironic": "isarcasmeval_en_test"}.items():
        texts, y = _labelled(sources.select([stem], "test"), head)
        out[f"{head} {stem}"] = _binary(predict(texts)[head], y, thresholds[head])
    out |= _cm_test(predict, thresholds)
    return out


def _complaints(
    sources: Sources, predict: Predict, thresholds: dict[str, float]
) -> dict[str, dict[str, float]]:
    rows = sources.select(["complaints_en"], "test")
    texts, y = _labelled(rows, "complaint")
    probs = predict(texts)
    negative = probs["sentiment"].argmax(1) == 0
    toxic = probs["toxic"] >= thresholds["toxic_en"]
    is_c = y == 1
    return {
        "complaint complaints_en (held-out domains)": _binary(
            probs["complaint"], y, thresholds["complaint"]
        ),
        "complaints read as negative": {
            "n": float(is_c.sum()),
            "negative_rate": round(float(negative[is_c].mean()), 4),
            "toxic_rate": round(float(toxic[is_c].mean()), 4),
        },
    }


def _cm_test(predict: Predict, thresholds: dict[str, float]) -> dict[str, dict[str, float]]:
    rows = cm_rows("test")
    probs = predict([r.text for r in rows])["toxic"]
    flagged = [p >= thresholds[f"toxic_{r.lang}"] for p, r in zip(probs, rows, strict=True)]
    out: dict[str, dict[str, float]] = {}
    for lang in ("fr", "en"):
        civil = [
            f
            for f, r in zip(flagged, rows, strict=True)
            if r.lang == lang and not r.labels["toxic"]
        ]
        toxic = [
            f for f, r in zip(flagged, rows, strict=True) if r.lang == lang and r.labels["toxic"]
        ]
        out[f"cm handwritten test {lang}"] = {
            "civil_n": float(len(civil)),
            "civil_flagged": float(sum(civil)),
            "toxic_n": float(len(toxic)),
            "toxic_flagged_rate": round(float(np.mean(toxic)) if toxic else 0.0, 4),
        }
    return out
