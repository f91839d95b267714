"""Work done ahead of the write lock (scores, thread forecasts, the next batch in the scoring
process) must not change the analysis: same scores, states, alerts and audit log as when
everything is computed under the lock, batch by batch."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from conftest import Cli, write_jsonl
from vigile.analysis.base import Forecast, ThreadForecaster
from vigile.demo import demo_comments_path
from vigile.domain.model import ThreadComment
from vigile.pipeline.analyse import Stages, analyse_batch, backlog_filter, run_backlog
from vigile.pipeline.pending import PENDING_COLUMNS, PendingComment
from vigile.pipeline.scoring import ScoringWorker
from vigile.store.db import write_lock
from vigile.store.journal import verify_chain
from vigile.store.schema import Alert, Comment, Decision, ScoreRow, ThreadState
from vigile.workspace import Workspace, open_workspace

BATCH = 100


@dataclass
class CountingForecaster:
    """The workspace's forecaster, counting the windows it is asked for in this process."""

    inner: ThreadForecaster
    windows: list[int] = field(default_factory=list)
    name: str = ""
    version: str = ""

    def __post_init__(self) -> None:
        self.name, self.version = self.inner.name, self.inner.version

    def forecast(
        self, threads: Sequence[Sequence[ThreadComment]], posts: Sequence[str | None]
    ) -> list[Forecast]:
        self.windows.append(len(threads))
        return self.inner.forecast(threads, posts)


def _comments() -> list[dict[str, Any]]:
    """The demo's threads (a pile-on, a buzz, a brand reply) and 400 replies in 20 threads."""
    texts = [
        "Merci pour la réponse rapide",
        "Commande en retard, très déçu",
        "You stupid idiots, you never answer",
        "Great bike!",
        "Toujours pas de remboursement, honteux",
        "You're wrong and you clearly know it",
    ]
    return [
        {
            "id": f"r{i}",
            "text": f"{texts[i % len(texts)]} #{i}",
            "author": f"user{i % 37}",
            "page": "facebook:replies",
            "post": f"post {i % 20}",
            "parent": f"r{i - 20}" if i >= 20 and i % 2 else None,
            "created_at": f"2026-11-20T{10 + i // 60:02d}:{i % 60:02d}:00Z",
        }
        for i in range(400)
    ]


def _under_the_lock(workspace: Workspace, stages: Stages) -> None:
    """The reference: each batch scored and forecast inside its write transaction."""
    while True:
        with workspace.db.session() as session:
            write_lock(session, "analysis")
            batch = [
                PendingComment(*row)
                for row in session.execute(
                    select(*PENDING_COLUMNS)
                    .where(backlog_filter())
                    .order_by(Comment.created_at, Comment.id)
                    .limit(BATCH)
                )
            ]
            if not batch:
                return
            analyse_batch(session, batch, stages)


def _analysis(workspace: Workspace) -> dict[str, Any]:
    """Everything the analysis wrote that does not depend on wall time or row ids."""
    with workspace.db.session() as s:
        assert verify_chain(s) is None
        external = dict(s.execute(select(Comment.id, Comment.external_id)).all())
        alerts = sorted(
            (a.key, a.kind, a.rule, a.severity, a.at, repr(a.evidence), a.incident_id is not None)
            for a in s.scalars(select(Alert))
        )
        scores = sorted(
            (external[r.comment_id], r.signal, r.value, r.model, r.version)
            for r in s.scalars(select(ScoreRow))
        )
        threads = sorted(
            (t.post_id, t.comments, t.derailment, repr(t.reasons), repr(t.window))
            for t in s.scalars(select(ThreadState))
        )
        actions = sorted(s.scalars(select(Decision.action)))
    return {"alerts": alerts, "scores": scores, "threads": threads, "actions": actions}


@pytest.fixture
def homes(cli: Cli, tmp_path: Path) -> dict[str, Path]:
    data = write_jsonl(tmp_path / "replies.jsonl", _comments())
    homes = {mode: tmp_path / mode for mode in ("locked", "ahead", "worker")}
    for home in homes.values():
        assert cli("init", home).exit_code == 0
        assert cli("import", demo_comments_path(), "--home", home).exit_code == 0
        assert cli("import", data, "--home", home).exit_code == 0
    return homes


def test_forecasts_ahead_and_the_scoring_process_give_the_same_analysis(
    homes: dict[str, Path],
) -> None:
    results = {}
    for mode, home in homes.items():
        workspace = open_workspace(home)
        stages = workspace.stages()
        counting = CountingForecaster(stages.forecaster)
        stages.forecaster = counting
        if mode == "locked":
            _under_the_lock(workspace, stages)
        elif mode == "ahead":
            run_backlog(workspace.db, stages, batch_size=BATCH)
        else:
            with ScoringWorker(stages.scorers, stages.forecaster) as worker:
                run_backlog(workspace.db, stages, batch_size=BATCH, worker=worker)
        results[mode] = (_analysis(workspace), counting.windows)
        workspace.db.dispose()
    locked, locked_windows = results["locked"]
    assert locked["alerts"] and {"pile_on", "negative_buzz"} <= {a[1] for a in locked["alerts"]}
    assert any(a[-1] for a in locked["alerts"]), "the charter opens incidents: bulk path covered"
    assert results["ahead"][0] == locked
    assert results["worker"][0] == locked
    threaded = sum(locked_windows)
    # one process: every window is forecast once, before the lock, never again under it
    assert sum(results["ahead"][1]) == threaded
    # scoring process: it forecasts a share of each next batch, this process the rest
    assert 0 < sum(results["worker"][1]) < threaded
