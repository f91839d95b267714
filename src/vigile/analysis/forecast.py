"""Baseline derailment forecaster over scored comments: heat of the recent replies.

A transparent floor for the trained forecaster: recent toxicity, rising negativity and
drift from the post raise the probability; every reason names the comment behind it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from vigile.analysis.base import Forecast, Reason
from vigile.domain.model import ThreadComment

_RECENT = 5


class BaselineForecaster:
    name = "baseline-heat"
    version = "1"
    threshold = 0.5

    def forecast(
        self, threads: Sequence[Sequence[ThreadComment]], posts: Sequence[str | None]
    ) -> list[Forecast]:
        return [self._one(thread) for thread in threads]

    def _one(self, thread: Sequence[ThreadComment]) -> Forecast:
        if not thread:
            return Forecast(derailment=0.0, derails=False)
        recent = list(enumerate(thread))[-_RECENT:]
        tox = [(i, c.scores.get("toxicity", 0.0)) for i, c in recent]
        neg = [c.scores.get("negativity", 0.0) for _, c in recent]
        drift = [c.scores.get("drift", 0.0) for _, c in recent]
        worst_i, worst_tox = max(tox, key=lambda item: item[1])
        toxic_share = sum(v >= 0.5 for _, v in tox) / len(tox)
        z = -2.5 + 3.0 * worst_tox + 2.0 * toxic_share + 1.5 * _mean(neg) + 0.8 * _mean(drift)
        probability = 1.0 / (1.0 + math.exp(-z))
        reasons = []
        if worst_tox >= 0.5:
            worst = thread[worst_i].id or f"#{worst_i + 1}"
            reasons.append(
                Reason("toxic_comment", {"comment": worst, "value": round(worst_tox, 2)})
            )
        if toxic_share >= 0.4:
            reasons.append(
                Reason("toxic_share", {"share": round(toxic_share, 2), "replies": len(tox)})
            )
        if _mean(neg) >= 0.5:
            reasons.append(Reason("negative_replies", {"value": round(_mean(neg), 2)}))
        return Forecast(
            derailment=round(probability, 4),
            derails=probability >= self.threshold,
            reasons=tuple(reasons),
        )


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else 0.0
