"""Measure case search: recall@1, recall@3 and MRR of full-text, semantic and fused.

`data/case_library.json` holds 18 realistic anonymised case studies (9 FR, 9 EN, in the
bundle's form plus a `key`); `data/case_queries.jsonl` holds 32 queries with the key of
the case they look for (16 test, 16 dev; half of each written in the other language than
their case) and 7 brand posts that should evoke no case. The test half was written
first and nothing was tuned on it. The dev half chose the post check's threshold
(`choose_threshold`) for the equal fusion weights (semantic.SEMANTIC_WEIGHT).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from vigile.community.bundle import texts
from vigile.community.library import Shared
from vigile.community.search import rank
from vigile.community.semantic import fused, soft_match
from vigile.domain.errors import InputError

Scorer = Callable[[str, Sequence[str]], list[float]]
MIN_PRECISION = 0.9  # a post check that cries wolf is ignored: precision first


def _data(name: str) -> Path:
    return Path(str(resources.files("vigile.eval").joinpath(f"data/{name}")))


def load_library(path: Path | None = None) -> list[tuple[str, Shared]]:
    """(key, case) of the shipped case set."""
    items = json.loads((path or _data("case_library.json")).read_text("utf-8"))
    return [
        (str(item["key"]), Shared(item["title"], item["lang"], item["tags"], item["body"]))
        for item in items
    ]


def load_queries(path: Path | None = None, *, split: str | None = None) -> list[dict[str, Any]]:
    rows = []
    source = path or _data("case_queries.jsonl")
    for number, line in enumerate(source.read_text("utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            row["query"], row["relevant"] = str(row["query"]), list(row["relevant"])
        except (ValueError, KeyError, TypeError) as exc:
            raise InputError(f"not a labelled query: {exc}", line=number) from exc
        if split is None or row.get("split") == split:
            rows.append(row)
    return rows


def full_text(query: str, documents: Sequence[str]) -> list[float]:
    found = dict(rank(query, documents, limit=len(documents)))
    return [found.get(i, 0.0) for i in range(len(documents))]


SYSTEMS: dict[str, Scorer] = {"full-text": full_text, "semantic": soft_match, "fused": fused}


@dataclass(frozen=True)
class Ranking:
    """Where a query's case came in one system, and the top case with its score."""

    position: int | None  # 0 = first; None: not found (score 0)
    top_relevant: bool
    top_score: float


def rankings(
    system: Scorer, queries: list[dict[str, Any]], library: list[tuple[str, Shared]]
) -> list[Ranking]:
    keys = [key for key, _ in library]
    documents = [" ".join(text for _, text in texts(case)) for _, case in library]
    out = []
    for row in queries:
        scores = system(row["query"], documents)
        order = sorted(range(len(scores)), key=lambda i: (-scores[i], i))
        wanted = {keys.index(k) for k in row["relevant"]}
        position = next((p for p, i in enumerate(order) if i in wanted and scores[i] > 0), None)
        out.append(Ranking(position, order[0] in wanted, scores[order[0]]))
    return out


def metrics(ranks: list[Ranking]) -> dict[str, float]:
    """recall@1, recall@3 and MRR over queries that look for a case."""
    n = len(ranks) or 1
    found = [r.position for r in ranks if r.position is not None]
    return {
        "r@1": sum(p < 1 for p in found) / n,
        "r@3": sum(p < 3 for p in found) / n,
        "mrr": sum(1 / (p + 1) for p in found) / n,
    }


def alert_counts(ranks: list[Ranking], negatives: list[Ranking], at: float) -> tuple[int, int, int]:
    """(right, wrong, missed) top cases a check at `at` would show."""
    right = sum(r.top_relevant and r.top_score >= at for r in ranks)
    wrong = sum(not r.top_relevant and r.top_score >= at for r in ranks)
    wrong += sum(r.top_score >= at for r in negatives)
    return right, wrong, len(ranks) - right


def choose_threshold(ranks: list[Ranking], negatives: list[Ranking]) -> float:
    """The lowest score (2 decimals) whose shown cases are right at least MIN_PRECISION."""
    candidates = sorted({round(r.top_score + 0.005, 2) for r in [*ranks, *negatives]})
    for at in candidates:
        right, wrong, _ = alert_counts(ranks, negatives, at)
        if right and right / (right + wrong) >= MIN_PRECISION:
            return at
    return 1.0


def report_lines(split: str, *, threshold: float) -> list[str]:
    library = load_library()
    queries = load_queries(split=None if split == "all" else split)
    looking = [q for q in queries if q["relevant"]]
    others = [q for q in queries if not q["relevant"]]
    lines = [f"split {split}: {len(looking)} queries, {len(library)} cases, {len(others)} posts"]
    lines.append(f"{'system':<10} {'recall@1':>9} {'recall@3':>9} {'MRR':>7}")
    for name, system in SYSTEMS.items():
        m = metrics(rankings(system, looking, library))
        lines.append(f"{name:<10} {m['r@1']:>9.3f} {m['r@3']:>9.3f} {m['mrr']:>7.3f}")
    ranks, negatives = rankings(fused, looking, library), rankings(fused, others, library)
    right, wrong, missed = alert_counts(ranks, negatives, threshold)
    own = choose_threshold(ranks, negatives)
    lines.append(
        f"post check at {threshold:.2f} (chosen on dev): {right} right, {wrong} wrong, "
        f"{missed} missed; this split's own choice would be {own:.2f}"
    )
    return lines
