"""Logistic heads, their C picked on tune, thresholds picked on tune, test metrics.

Everything here sees tune data only, except `test_report`, which runs once at the end.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score, roc_auc_score

log = logging.getLogger(__name__)

C_GRID = (0.5, 2.0, 8.0, 32.0, 128.0)
MAX_CIVIL_FLAGGED = 0.08  # share of a civil tune set (unhappy tweets, CM comments) flagged
Labels = NDArray[np.int64]
Probabilities = NDArray[np.float64]


def _logistic(c: float, seed: int) -> LogisticRegression:
    return LogisticRegression(C=c, max_iter=3000, random_state=seed)


def fit_toxicity(
    x: sp.csr_matrix,
    y: Labels,
    tune: Mapping[str, tuple[sp.csr_matrix, Labels]],
    *,
    seed: int,
) -> tuple[LogisticRegression, float]:
    """The C with the best mean tune ROC-AUC over the English and French sets."""
    best: tuple[float, LogisticRegression | None, float] = (-1.0, None, 0.0)
    for c in C_GRID:
        head = _logistic(c, seed).fit(x, y)
        aucs = [
            roc_auc_score(tune[k][1], head.predict_proba(tune[k][0])[:, 1]) for k in ("en", "fr")
        ]
        score = float(np.mean(aucs))
        log.info("toxicity C=%s: tune mean AUC %.4f", c, score)
        if score > best[0]:
            best = (score, head, c)
    assert best[1] is not None
    return best[1], best[2]


def fit_sentiment(
    x: sp.csr_matrix,
    y: Labels,
    tune: tuple[sp.csr_matrix, Labels],
    *,
    seed: int,
    grid: Sequence[float] = C_GRID,
) -> tuple[LogisticRegression, float]:
    """The C of `grid` with the best tune macro-F1."""
    best: tuple[float, LogisticRegression | None, float] = (-1.0, None, 0.0)
    for c in grid:
        head = _logistic(c, seed).fit(x, y)
        score = float(f1_score(tune[1], head.predict(tune[0]), average="macro"))
        log.info("sentiment C=%s: tune macro-F1 %.4f", c, score)
        if score > best[0]:
            best = (score, head, c)
    assert best[1] is not None
    return best[1], best[2]


def best_f1_threshold(y: Labels, p: Probabilities) -> tuple[float, float]:
    """(threshold, macro-F1) maximising macro-F1 over the quantiles of `p`."""
    grid = np.unique(np.quantile(p, np.linspace(0.01, 0.99, 197)))
    scores = [f1_score(y, p >= t, average="macro") for t in grid]
    i = int(np.argmax(scores))
    return float(grid[i]), float(scores[i])


def choose_threshold(y: Labels, p: Probabilities, *civil: Probabilities) -> float:
    """Macro-F1 optimum on tune, raised until at most 8% of each civil set is flagged
    (negative-sentiment tweets, hand-written civil CM comments): complaints and polite
    questions must not read as abuse."""
    threshold, _ = best_f1_threshold(y, p)
    for p_civil in civil:
        if len(p_civil):
            threshold = max(threshold, float(np.quantile(p_civil, 1.0 - MAX_CIVIL_FLAGGED)))
    return threshold


def test_report(
    toxicity: Mapping[str, tuple[Labels, Probabilities]],
    thresholds: Mapping[str, float],
    sentiment: Mapping[str, tuple[Labels, NDArray[np.float64]]],
) -> dict[str, float]:
    """The test metrics of RESULTS.md and model.json, rounded to 4 decimals."""
    out: dict[str, float] = {"thr_en": thresholds["en"], "thr_fr": thresholds["fr"]}
    y, p = toxicity["en_off"]
    out["en_off_f1"] = f1_score(y, p >= thresholds["en"], average="macro")
    out["en_off_f1_oracle"] = best_f1_threshold(y, p)[1]
    out["en_off_auc"] = roc_auc_score(y, p)
    out["fr_mlma_auc"] = roc_auc_score(*toxicity["fr_mlma"])
    y, p = toxicity["fr_mix"]
    out["fr_mix_auc"] = roc_auc_score(y, p)
    out["fr_mix_f1"] = f1_score(y, p >= thresholds["fr"], average="macro")
    out["neg_fp_fr"] = float(np.mean(toxicity["neg_fr"][1] >= thresholds["fr"]))
    out["neg_fp_en"] = float(np.mean(toxicity["neg_en"][1] >= thresholds["en"]))
    for name, (labels, probabilities) in sentiment.items():
        out[f"{name}_f1"] = f1_score(labels, probabilities.argmax(1), average="macro")
    return {k: round(float(v), 4) for k, v in out.items()}
