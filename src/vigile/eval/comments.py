"""`vigile eval comments`: score a labelled file and report, overall and per language."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from vigile.analysis.base import CommentScorer, CommentScores
from vigile.domain.model import CommentInput
from vigile.eval.datasets import read_labelled
from vigile.eval.metrics import binary_report, sentiment_report
from vigile.pipeline.analyse import score_batch

BATCH = 1024
Row = dict[str, Any]


def score_labelled(
    path: Path, scorers: Sequence[CommentScorer], *, label: str
) -> list[tuple[Row, CommentScores]]:
    rows = list(read_labelled(path, label=label))
    out: list[tuple[Row, CommentScores]] = []
    for start in range(0, len(rows), BATCH):
        chunk = rows[start : start + BATCH]
        inputs = [
            CommentInput(text=r["text"], lang=r.get("lang"), parent_text=_text(r.get("parent")))
            for r in chunk
        ]
        out += [
            (row, combined)
            for row, (_, combined) in zip(chunk, score_batch(scorers, inputs), strict=True)
        ]
    return out


def evaluate_comments(
    path: Path, scorers: Sequence[CommentScorer], *, task: str, by: str | None = None
) -> list[str]:
    """Report lines for `task` (toxicity or sentiment) on the file at `path`: overall, per
    language and, with `by`, per language and value of that field (e.g. `kind`: negation,
    quoted, counter-speech...)."""
    label = "toxic" if task == "toxicity" else "sentiment"
    scored = score_labelled(path, scorers, label=label)
    groups: dict[str, list[tuple[Row, CommentScores]]] = defaultdict(list)
    for row, result in scored:
        lang = f"lang={row.get('lang') or 'unknown'}"
        groups["all"].append((row, result))
        groups[lang].append((row, result))
        if by is not None:
            groups[f"{lang} {by}={row.get(by, 'unknown')}"].append((row, result))
    lines = [
        f"{path.name}: task {task}, scorers {', '.join(s.name + '@' + s.version for s in scorers)}"
    ]
    for name, items in sorted(groups.items(), key=lambda kv: kv[0] != "all"):
        lines.append(f"[{name}]")
        lines += ["  " + line for line in _report(items, task)]
    return lines


def _report(items: list[tuple[Row, CommentScores]], task: str) -> list[str]:
    if task == "toxicity":
        labels = [int(bool(row["toxic"])) for row, _ in items]
        return binary_report(
            labels,
            [r.values.get("toxicity", 0.0) for _, r in items],
            [r.flags.get("toxic", False) for _, r in items],
        ).lines()
    truth = [row["sentiment"] for row, _ in items]
    report = sentiment_report(
        truth,
        [r.labels.get("sentiment", "neutral") for _, r in items],
        [r.values.get("negativity", 0.0) for _, r in items],
    ).lines()
    negatives = [r for row, r in items if row["sentiment"] == "negative" and not row.get("toxic")]
    if negatives:
        flagged = sum(r.flags.get("toxic", False) for r in negatives)
        share = flagged / len(negatives)
        report.append(f"negative comments flagged toxic: {flagged}/{len(negatives)} = {share:.1%}")
    return report


def _text(value: object) -> str | None:
    if isinstance(value, dict):
        text = value.get("text")
        return text if isinstance(text, str) else None
    return value if isinstance(value, str) else None
