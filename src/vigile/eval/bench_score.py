"""`vigile bench score`: comments/s and peak memory of the full comment analysis.

Each scorer runs in a fresh process on the same FR+EN mix of short real comments (the
xlm-t French and English validation tweets from ../shared/data, or the demo comments
when that folder is absent), repeated to N comments. The child process reports its
load time, the steady rate on a warm batch, the whole-process rate including model
load, and its own peak resident memory.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from vigile.domain.model import CommentInput

SOURCES = ["xlmt_sentiment_fr_val.jsonl", "xlmt_sentiment_en_val.jsonl"]
BATCH = 1000


@dataclass(frozen=True)
class ScoreBench:
    scorer: str
    n: int
    load_s: float
    warm_per_s: float
    total_per_s: float
    peak_mb: float

    def line(self) -> str:
        return (
            f"{self.scorer:>16}: {self.warm_per_s:8,.0f} comments/s after load, "
            f"{self.total_per_s:8,.0f}/s whole process on {self.n:,} (load {self.load_s:.1f} s), "
            f"peak memory {self.peak_mb:,.0f} MB"
        )


def texts(data: Path) -> list[str]:
    found = [data / "comments" / name for name in SOURCES if (data / "comments" / name).exists()]
    if not found:
        from vigile.demo import demo_comments_path

        found = [demo_comments_path()]
    return [
        json.loads(line)["text"]
        for path in found
        for line in path.open(encoding="utf-8")
        if line.strip()
    ]


def run(scorer: str, *, n: int, data: Path) -> ScoreBench:
    """Measure `scorer` in a child process so that load time and memory are its own."""
    command = [sys.executable, "-m", "vigile.eval.bench_score", scorer, str(n), str(data)]
    result = subprocess.run(command, check=True, capture_output=True, text=True)
    return ScoreBench(**json.loads(result.stdout.strip().splitlines()[-1]))


def _child(scorer_name: str, n: int, data: Path) -> None:
    started = time.perf_counter()
    from vigile.analysis.registry import load_scorer

    pool = texts(data)
    inputs = [CommentInput(text=pool[i % len(pool)]) for i in range(n)]
    scorer = load_scorer(scorer_name)
    scorer.score(inputs[:8])
    loaded = time.perf_counter()
    for start in range(0, n, BATCH):
        scorer.score(inputs[start : start + BATCH])
    done = time.perf_counter()
    print(
        json.dumps(
            {
                "scorer": scorer_name,
                "n": n,
                "load_s": round(loaded - started, 2),
                "warm_per_s": n / (done - loaded),
                "total_per_s": n / (done - started),
                "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            }
        )
    )


if __name__ == "__main__":
    _child(sys.argv[1], int(sys.argv[2]), Path(sys.argv[3]))
