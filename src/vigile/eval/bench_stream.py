"""`vigile bench stream`: throughput and alert latency of ingest → analysis → alerts on SQLite.

Models are loaded before the clock starts. Two measurements on a fresh SQLite workspace
in a temporary folder:
- sustained: a backlog of N comments is ingested and analysed as fast as possible;
- latency: a feeder process ingests comments at a fixed rate in 50 ms slices while this
  process loops over the backlog; each alert's latency is the time from its comment's
  arrival (`imported_at`, stamped at ingest) to the alert's write.
Texts are distinct real FR and EN comments from ../shared/data when it is there (so no
per-text cache flatters the figures), else the demo brand's 207 comments, repeated; posts
come from the demo brand. A share of them raises comment alerts.
"""

from __future__ import annotations

import json
import multiprocessing
import random
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from statistics import quantiles
from typing import Any

from sqlalchemy import func, select

from vigile.demo import demo_comments_path
from vigile.domain.model import IncomingComment, PageRef, utc_now
from vigile.eval.threads import warm_up
from vigile.pipeline.analyse import Stages, run_backlog
from vigile.pipeline.rows import read_rows
from vigile.pipeline.scoring import ScoringWorker
from vigile.store.comments import upsert_comments
from vigile.store.db import Database
from vigile.store.schema import Alert, Comment
from vigile.workspace import Workspace, init_workspace

SLICE = 0.05
# A charter whose comment rule fires often, so that latency is measured on many alerts.
BENCH_CHARTER = """
rules:
  - {name: bench_toxicity, level: comment, signal: toxicity, at_least: 0.3, severity: warning}
  - {name: thread_derailment, level: thread, signal: derailment, at_least: 0.7, severity: high}
  - {name: negative_buzz, level: page, signal: negative_buzz, at_least: 1.0, severity: critical}
"""


@dataclass(frozen=True)
class StreamReport:
    texts: str
    mode: str
    sustained_per_s: float
    sustained_comments: int
    rate: int
    fed: int
    achieved_rate: float
    alerts: int
    p50_ms: float | None
    p95_ms: float | None

    def lines(self) -> list[str]:
        lines = [
            f"texts: {self.texts}; {self.mode}",
            f"sustained: {self.sustained_comments} comments ingested and analysed at "
            f"{self.sustained_per_s:,.0f} comments/s",
        ]
        if self.p50_ms is None or self.p95_ms is None:
            lines.append(f"latency at {self.rate}/s: no alert raised")
        else:
            lines.append(
                f"latency at {self.rate} comments/s offered ({self.achieved_rate:,.0f}/s fed, "
                f"{self.fed} comments): {self.alerts} alerts, p50 {self.p50_ms:.0f} ms, "
                f"p95 {self.p95_ms:.0f} ms"
            )
        return lines


# real comments, FR and EN, about 20,000 distinct texts
SOURCES = (
    "xlmt_sentiment_fr_train.jsonl",
    "xlmt_sentiment_fr_val.jsonl",
    "mlma_fr.jsonl",
    "xlmt_sentiment_en_train.jsonl",
    "xlmt_sentiment_en_val.jsonl",
    "tweeteval_offensive_en_train.jsonl",
)


def _demo() -> list[IncomingComment]:
    with demo_comments_path().open("rb") as stream:
        return [row.comment for row in read_rows(demo_comments_path(), stream) if row.comment]


def corpus(data: Path) -> list[str]:
    """Distinct comment texts in a fixed shuffled order; the demo's when `data` lacks them."""
    found = [data / "comments" / name for name in SOURCES]
    if not all(path.exists() for path in found):
        return [c.text for c in _demo()]
    texts = {
        json.loads(line)["text"]: None
        for path in found
        for line in path.open(encoding="utf-8")
        if line.strip()
    }
    ordered = list(texts)
    random.Random(0).shuffle(ordered)
    return ordered


def _generate(count: int, *, data: Path, offset: int = 0) -> Iterator[IncomingComment]:
    """Comments on a fresh timeline, 40 pages, 400 threads, under the demo's posts."""
    texts = corpus(data)
    posts = [c.post_text for c in _demo()]
    start = utc_now() - timedelta(days=1)
    for i in range(offset, offset + count):
        yield IncomingComment(
            external_id=f"bench-{i}",
            text=texts[i % len(texts)],
            page=PageRef("bench", f"page{i % 40}"),
            author=f"user{i % 3000}",
            created_at=start + timedelta(milliseconds=20 * i),
            post_id=f"post-{i % 400}",
            post_text=posts[i % 400 % len(posts)],
            parent=f"bench-{i - 40}" if i >= 40 and i % 3 else None,
        )


def run(
    stages: Stages,
    *,
    sustained: int,
    rate: int,
    seconds: float,
    batch_size: int,
    data: Path = Path("../shared/data"),
    scoring_process: bool = False,
) -> StreamReport:
    texts = corpus(data)
    worker = ScoringWorker(stages.scorers, stages.forecaster) if scoring_process else None
    if worker:
        worker.warm_up()  # a running analyser's worker is warm; its start-up is not throughput
    warm_up(stages.scorers, stages.forecaster)  # sustained means a running analyser
    with tempfile.TemporaryDirectory(prefix="vigile-bench-") as tmp:
        workspace = init_workspace(Path(tmp) / "sustained")
        started = time.perf_counter()
        comments = list(_generate(sustained, data=data))
        for begin in range(0, len(comments), 1000):
            with workspace.db.session() as session:
                upsert_comments(session, comments[begin : begin + 1000])
        run_backlog(workspace.db, stages, batch_size=batch_size, worker=worker)
        sustained_rate = sustained / (time.perf_counter() - started)
        workspace.db.dispose()
        live = init_workspace(Path(tmp) / "live")
        feed = _Feed(rate=rate, seconds=seconds, data=data, offset=sustained)
        fed, achieved, latencies = _latency(
            live, stages, feed, batch_size=batch_size, worker=worker
        )
        live.db.dispose()
    if worker:
        worker.close()
    cuts = quantiles(latencies, n=20) if len(latencies) >= 2 else None
    distinct = len(texts) >= sustained + rate * seconds
    return StreamReport(
        texts=f"{len(texts):,} {'distinct real' if distinct else 'repeated'} comments",
        mode="scoring in a second process" if scoring_process else "one process",
        sustained_per_s=sustained_rate,
        sustained_comments=sustained,
        rate=rate,
        fed=fed,
        achieved_rate=achieved,
        alerts=len(latencies),
        p50_ms=cuts[9] * 1000 if cuts else None,
        p95_ms=cuts[18] * 1000 if cuts else None,
    )


@dataclass(frozen=True)
class _Feed:
    """What the feeder ingests: `rate` comments/s for `seconds`, texts from `offset` on."""

    rate: int
    seconds: float
    data: Path
    offset: int


def _feed(url: str, feed: _Feed, ready: Any, elapsed: Any) -> None:
    """Ingest at the feed's rate in 50 ms slices, from its own process (as a connector would)."""
    db = Database(url)
    per_slice = max(1, round(feed.rate * SLICE))
    count = int(feed.rate * feed.seconds) + per_slice
    source = _generate(count, data=feed.data, offset=feed.offset)
    ready.wait()
    began = time.perf_counter()
    tick = 0
    while time.perf_counter() - began < feed.seconds:
        with db.session() as session:
            upsert_comments(session, [next(source) for _ in range(per_slice)])
        tick += 1
        time.sleep(max(0.0, began + tick * SLICE - time.perf_counter()))
    elapsed.value = time.perf_counter() - began
    db.dispose()


def _latency(
    workspace: Workspace,
    stages: Stages,
    feed: _Feed,
    *,
    batch_size: int,
    worker: ScoringWorker | None,
) -> tuple[int, float, list[float]]:
    """Feed from a second process while this one analyses; latency = alert write - ingest."""
    context = multiprocessing.get_context("spawn")
    ready = context.Event()
    elapsed = context.Value("d", 0.0)
    feeder = context.Process(
        target=_feed, args=(workspace.settings.resolved_database_url, feed, ready, elapsed)
    )
    feeder.start()
    ready.set()
    while feeder.is_alive():
        if run_backlog(workspace.db, stages, batch_size=batch_size, worker=worker).comments == 0:
            time.sleep(0.005)
    feeder.join()
    run_backlog(workspace.db, stages, batch_size=batch_size, worker=worker)
    with workspace.db.session() as session:
        fed = session.scalar(select(func.count()).select_from(Comment)) or 0
        rows = session.execute(
            select(Comment.imported_at, Alert.created_at).join(
                Comment, Comment.id == Alert.comment_id
            )
        ).all()
    latencies = [(created - imported).total_seconds() for imported, created in rows]
    return fed, fed / max(elapsed.value, 1e-9), latencies
