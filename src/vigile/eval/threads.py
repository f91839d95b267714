"""`vigile eval threads`: derailment forecasts on a labelled thread file.

Metrics are per row. The mean horizon is how many comments before the derailing one
the first alert fires: for a full conversation of L comments every prefix is forecast
and an alert first raised at prefix k gives L - k + 1; for a dynamic file (rows with
`is_last`, ids `<conversation>-<prefix length>-<row>`) the rows are the prefixes.

The models are loaded before the clock starts (a running analyser has them loaded); the
load time is printed on its own.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from statistics import mean
from typing import Any

from vigile.analysis.base import CommentScorer, Forecast, ThreadForecaster
from vigile.domain.model import CommentInput, ThreadComment
from vigile.eval.datasets import read_threads
from vigile.eval.metrics import binary_report
from vigile.pipeline.contracts import scored_threads

BATCH = 256


def forecast_rows(
    rows: Sequence[dict[str, Any]],
    scorers: Sequence[CommentScorer],
    forecaster: ThreadForecaster,
    timing: dict[str, float] | None = None,
) -> list[Forecast]:
    """Forecasts for thread rows; `timing` (if given) accumulates the forecaster's own seconds."""
    out: list[Forecast] = []
    for start in range(0, len(rows), BATCH):
        chunk = list(rows[start : start + BATCH])
        threads = scored_threads(chunk, scorers)
        began = time.perf_counter()
        out += forecaster.forecast(threads, [r.get("post") for r in chunk])
        if timing is not None:
            timing["forecast"] = timing.get("forecast", 0.0) + time.perf_counter() - began
    return out


def warm_up(scorers: Sequence[CommentScorer], forecaster: ThreadForecaster) -> float:
    """Load every model (the language identifier too) on a probe; seconds it took."""
    began = time.perf_counter()
    for scorer in scorers:
        scorer.score([CommentInput(text="warm up")])
    forecaster.forecast([[ThreadComment(text="warm up")]], [None])
    return time.perf_counter() - began


def evaluate_threads(
    path: Path, scorers: Sequence[CommentScorer], forecaster: ThreadForecaster
) -> list[str]:
    rows = list(read_threads(path))
    loading = warm_up(scorers, forecaster)
    timing: dict[str, float] = {}
    started = time.perf_counter()
    forecasts = forecast_rows(rows, scorers, forecaster, timing)
    elapsed = time.perf_counter() - started
    labels = [int(r["label"]) for r in rows]
    rate = len(rows) / max(elapsed, 1e-9)
    forecast_rate = len(rows) / max(timing.get("forecast", 0.0), 1e-9)
    lines = [
        f"{path.name}: forecaster {forecaster.name}@{forecaster.version}, {len(rows)} threads "
        f"in {elapsed:.1f} s: {forecast_rate:,.0f} threads/s forecasting, "
        f"{rate:,.0f} threads/s with comment scoring "
        f"(models loaded in {loading:.1f} s before the clock)"
    ]
    lines += binary_report(
        labels, [f.derailment for f in forecasts], [f.derails for f in forecasts]
    ).lines()
    if any("is_last" in r for r in rows):
        last = [i for i, r in enumerate(rows) if r.get("is_last")]
        lines.append("[full contexts only (is_last)]")
        lines += [
            "  " + x
            for x in binary_report(
                [labels[i] for i in last],
                [forecasts[i].derailment for i in last],
                [forecasts[i].derails for i in last],
            ).lines()
        ]
        horizons = _dynamic_horizons(rows, forecasts)
    else:
        horizons = _prefix_horizons(rows, scorers, forecaster)
    positives = (
        sum(labels)
        if not any("is_last" in r for r in rows)
        else sum(int(r["label"]) for r in rows if r.get("is_last"))
    )
    if horizons:
        lines.append(
            f"mean horizon: {mean(horizons):.2f} comments before the derailment "
            f"(alerted {len(horizons)}/{positives} derailing conversations)"
        )
    else:
        lines.append("mean horizon: n/a (no derailing conversation alerted)")
    return lines


def _prefix_horizons(
    rows: Sequence[dict[str, Any]], scorers: Sequence[CommentScorer], forecaster: ThreadForecaster
) -> list[int]:
    prefixes = [
        (i, k, {**row, "comments": row["comments"][:k]})
        for i, row in enumerate(rows)
        if row["label"]
        for k in range(1, len(row["comments"]) + 1)
    ]
    forecasts = forecast_rows([p for _, _, p in prefixes], scorers, forecaster)
    first: dict[int, int] = {}
    for (i, k, _), forecast in zip(prefixes, forecasts, strict=True):
        if forecast.derails and i not in first:
            first[i] = len(rows[i]["comments"]) - k + 1
    return list(first.values())


def _dynamic_horizons(rows: Sequence[dict[str, Any]], forecasts: Sequence[Forecast]) -> list[int]:
    by_conversation: dict[str, list[tuple[int, bool, bool, int]]] = defaultdict(list)
    for row, forecast in zip(rows, forecasts, strict=True):
        conversation, length, _ = str(row["id"]).rsplit("-", 2)
        by_conversation[conversation].append(
            (int(length), forecast.derails, bool(row.get("is_last")), int(row["label"]))
        )
    horizons = []
    for prefixes in by_conversation.values():
        prefixes.sort()
        full = max(length for length, _, _, _ in prefixes)
        if not prefixes[0][3]:
            continue
        alerted = [length for length, derails, _, _ in prefixes if derails]
        if alerted:
            horizons.append(full - alerted[0] + 1)
    return horizons
