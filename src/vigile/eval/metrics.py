"""Binary and multi-class metrics, printed the same way by every `vigile eval` command."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.metrics import accuracy_score, confusion_matrix, f1_score, roc_auc_score


@dataclass(frozen=True)
class BinaryReport:
    n: int
    positives: int
    roc_auc: float | None
    accuracy: float
    macro_f1: float
    f1: float
    false_positive_rate: float
    confusion: list[list[int]]

    def lines(self) -> list[str]:
        auc = f"{self.roc_auc:.3f}" if self.roc_auc is not None else "n/a (one class)"
        (tn, fp), (fn, tp) = self.confusion
        return [
            f"n={self.n} positives={self.positives}",
            f"ROC-AUC {auc}  accuracy {self.accuracy:.3f}  macro-F1 {self.macro_f1:.3f}  "
            f"F1 {self.f1:.3f}  FPR {self.false_positive_rate:.3f}",
            f"confusion at the default threshold: TN {tn}  FP {fp}  FN {fn}  TP {tp}",
        ]


def binary_report(
    labels: Sequence[int], scores: Sequence[float], decisions: Sequence[bool]
) -> BinaryReport:
    y = np.asarray(labels, dtype=int)
    p = np.asarray(decisions, dtype=int)
    matrix = confusion_matrix(y, p, labels=[0, 1])
    tn, fp = int(matrix[0, 0]), int(matrix[0, 1])
    both_classes = len(set(y.tolist())) == 2
    return BinaryReport(
        n=len(y),
        positives=int(y.sum()),
        roc_auc=float(roc_auc_score(y, scores)) if both_classes else None,
        accuracy=float(accuracy_score(y, p)),
        macro_f1=float(f1_score(y, p, average="macro", labels=[0, 1], zero_division=0)),
        f1=float(f1_score(y, p, zero_division=0)),
        false_positive_rate=fp / (tn + fp) if tn + fp else 0.0,
        confusion=matrix.tolist(),
    )


SENTIMENTS = ["negative", "neutral", "positive"]


@dataclass(frozen=True)
class MulticlassReport:
    n: int
    accuracy: float
    macro_f1: float
    negative_roc_auc: float | None
    confusion: list[list[int]]

    def lines(self) -> list[str]:
        auc = f"{self.negative_roc_auc:.3f}" if self.negative_roc_auc is not None else "n/a"
        rows = [
            f"n={self.n}  accuracy {self.accuracy:.3f}  macro-F1 {self.macro_f1:.3f}  "
            f"ROC-AUC(negative vs rest, negativity) {auc}",
            "confusion (rows = truth, columns = predicted): " + " / ".join(SENTIMENTS),
        ]
        rows += [
            f"  {name:>8}: {row}" for name, row in zip(SENTIMENTS, self.confusion, strict=True)
        ]
        return rows


def sentiment_report(
    truth: Sequence[str], predicted: Sequence[str], negativity: Sequence[float]
) -> MulticlassReport:
    is_negative = [int(t == "negative") for t in truth]
    return MulticlassReport(
        n=len(truth),
        accuracy=float(accuracy_score(truth, predicted)),
        macro_f1=float(
            f1_score(truth, predicted, average="macro", labels=SENTIMENTS, zero_division=0)
        ),
        negative_roc_auc=float(roc_auc_score(is_negative, negativity))
        if 0 < sum(is_negative) < len(truth)
        else None,
        confusion=confusion_matrix(truth, predicted, labels=SENTIMENTS).tolist(),
    )
