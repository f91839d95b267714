"""Measure the anonymiser on the shipped labelled set of FR/EN customer-care comments.

`data/pii.jsonl` holds 203 comments (built by scripts/build_pii_set.py), each with its
PII spans `[start, end, kind]`, the brand names the organisation would list, and a
split: the test half was written first and the anonymiser is never tuned on it. Many
comments are traps without PII (dates, prices, times, model and serial numbers, promo
codes). A labelled span is recalled when a finding of the same kind overlaps it; a
finding is correct when it overlaps a labelled span of the same kind. "masked" counts a
labelled span as recalled by a finding of any kind: the text is gone either way.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from vigile.analysis.pii import KINDS, find_pii
from vigile.domain.errors import InputError

ALL = "all"


@dataclass
class Tally:
    gold: int = 0
    found: int = 0  # labelled spans recalled
    predicted: int = 0
    correct: int = 0  # findings that match a label

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 1.0

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 1.0


def pii_path() -> Path:
    return Path(str(resources.files("vigile.eval").joinpath("data/pii.jsonl")))


def load_pii(path: Path | None = None, *, split: str | None = None) -> list[dict[str, Any]]:
    """The labelled comments of one split (all of them when `split` is None)."""
    rows = []
    source = path or pii_path()
    for number, line in enumerate(source.read_text("utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            spans = [(int(s), int(e), str(k)) for s, e, k in row["spans"]]
        except (ValueError, KeyError, TypeError) as exc:
            raise InputError(f"not a labelled comment: {exc}", line=number) from exc
        if split is None or row.get("split") == split:
            rows.append({**row, "spans": spans})
    return rows


def evaluate_pii(rows: list[dict[str, Any]]) -> dict[tuple[str, str], Tally]:
    """Tallies keyed by (language or "all", kind or "all" or "masked")."""
    tallies: dict[tuple[str, str], Tally] = {}
    for row in rows:
        found = find_pii(row["text"], brands=row.get("brands", ()))
        for lang in (row["lang"], ALL):
            for kind, (gold, hit, predicted, correct) in _counts(row["spans"], found).items():
                tally = tallies.setdefault((lang, kind), Tally())
                tally.gold += gold
                tally.found += hit
                tally.predicted += predicted
                tally.correct += correct
    return tallies


def _counts(gold: list[tuple[int, int, str]], found: list[Any]) -> dict[str, tuple[int, ...]]:
    def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
        return a[0] < b[1] and b[0] < a[1]

    counts: Counter[tuple[str, str]] = Counter()
    for start, end, kind in gold:
        for key in (kind, ALL):
            counts[key, "gold"] += 1
            counts[key, "hit"] += any(
                f.kind == kind and overlaps((start, end), (f.start, f.end)) for f in found
            )
        counts["masked", "gold"] += 1
        counts["masked", "hit"] += any(overlaps((start, end), (f.start, f.end)) for f in found)
    for f in found:
        for key in (f.kind, ALL):
            counts[key, "predicted"] += 1
            counts[key, "correct"] += any(
                kind == f.kind and overlaps((start, end), (f.start, f.end))
                for start, end, kind in gold
            )
    keys = {key for key, _ in counts}
    return {
        key: tuple(counts[key, part] for part in ("gold", "hit", "predicted", "correct"))
        for key in keys
    }


def report_lines(tallies: dict[tuple[str, str], Tally], *, split: str) -> Iterator[str]:
    """A table: one line per kind and language, then the overall and masked figures."""
    langs = [*sorted({lang for lang, _ in tallies if lang != ALL}), ALL]
    yield f"PII anonymisation — split {split} (overlap match; recall / precision)"
    yield f"{'kind':<8}" + "".join(f"{lang:>24}" for lang in langs)
    for kind in (*KINDS, ALL, "masked"):
        cells = []
        for lang in langs:
            tally = tallies.get((lang, kind))
            cells.append(_cell(tally, masked=kind == "masked"))
        yield f"{kind:<8}" + "".join(f"{cell:>24}" for cell in cells)


def _cell(tally: Tally | None, *, masked: bool) -> str:
    if tally is None:
        return "-"
    recall = f"{tally.recall:.3f} ({tally.found}/{tally.gold})"
    if masked:
        return recall
    return f"{recall} / {tally.precision:.3f}"
