"""`vigile analyze`: scores, state, alerts and the audit log, on SQLite and PostgreSQL."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, update

from conftest import SAMPLE, Cli, status, write_jsonl
from vigile.pipeline import analyse
from vigile.store.db import write_lock
from vigile.store.journal import verify_chain
from vigile.store.schema import Alert, Comment, Decision, ScoreRow
from vigile.workspace import open_workspace


def test_analyze_scores_with_model_and_version_and_raises_alerts(
    cli: Cli, home: Path, tmp_path: Path
) -> None:
    cli("import", write_jsonl(tmp_path / "c.jsonl", SAMPLE), "--home", home)
    result = cli("analyze", "--home", home)
    assert result.exit_code == 0, result.output
    assert "3 comments analysed" in result.output
    counts = status(cli, home)
    assert counts["backlog"] == 0 and counts["threads"] == 1 and counts["alerts"] >= 1
    workspace = open_workspace(home)
    with workspace.db.session() as s:
        scores = s.execute(
            select(
                Comment.external_id,
                ScoreRow.signal,
                ScoreRow.value,
                ScoreRow.model,
                ScoreRow.version,
            ).join(Comment, Comment.id == ScoreRow.comment_id)
        ).all()
        by_comment = {(cid, sig): (val, model, ver) for cid, sig, val, model, ver in scores}
        assert {sig for (_, sig) in by_comment} >= {"toxicity", "negativity", "drift"}
        assert all(0.0 <= v <= 1.0 and model and ver for v, model, ver in by_comment.values())
        assert by_comment[("c3", "toxicity")][0] > by_comment[("c2", "toxicity")][0]
        kinds = set(s.scalars(select(Alert.kind)))
        assert "toxic_comment" in kinds
        actions = list(s.scalars(select(Decision.action)))
        assert actions.count("alert.raised") == counts["alerts"]
        assert verify_chain(s) is None
    workspace.db.dispose()
    again = cli("analyze", "--home", home)
    assert "0 comments analysed" in again.output


def test_audit_log_detects_tampering(cli: Cli, home: Path, tmp_path: Path) -> None:
    cli("import", write_jsonl(tmp_path / "c.jsonl", SAMPLE), "--home", home)
    cli("analyze", "--home", home)
    workspace = open_workspace(home)
    with workspace.db.session() as s:
        first = s.scalars(select(Decision.id).order_by(Decision.id)).first()
        s.execute(update(Decision).where(Decision.id == first).values(actor="someone else"))
    with workspace.db.session() as s:
        assert verify_chain(s) == first
    workspace.db.dispose()


def _many_comments(n: int) -> list[dict[str, object]]:
    texts = [
        "Merci pour la réponse rapide",
        "Commande en retard, très déçu",
        "You stupid idiots",
        "Great bike!",
        "Toujours pas de remboursement, honteux",
        "ok",
    ]
    return [
        {
            "id": f"k{i}",
            "text": f"{texts[i % len(texts)]} #{i}",
            "page": f"facebook:p{i % 3}",
            "post": f"post {i % 40}",
            "created_at": f"2026-11-{10 + i // 2000:02d}T{(i // 60) % 24:02d}:{i % 60:02d}:00Z",
        }
        for i in range(n)
    ]


def _alert_keys(home: Path) -> list[str]:
    workspace = open_workspace(home)
    with workspace.db.session() as s:
        keys = sorted(s.scalars(select(Alert.key)))
    workspace.db.dispose()
    return keys


def test_killed_analysis_resumes_and_scores_every_comment_once(
    cli: Cli, home: Path, tmp_path: Path, database_url: str | None
) -> None:
    rows = _many_comments(1500)
    data = write_jsonl(tmp_path / "many.jsonl", rows)
    assert cli("import", data, "--home", home).exit_code == 0
    env = {**os.environ, "VIGILE_LANGUAGE": "en"}
    process = subprocess.Popen(
        [sys.executable, "-m", "vigile.cli", "analyze", "--home", str(home), "--batch-size", "25"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    workspace = open_workspace(home)
    deadline = time.monotonic() + 60
    done = 0
    while time.monotonic() < deadline:
        with workspace.db.session() as s:
            done = (
                s.scalar(
                    select(func.count())
                    .select_from(Comment)
                    .where(Comment.analysed_hash.is_not(None))
                )
                or 0
            )
        if done >= 200:
            break
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert 0 < done < len(rows), "the run must be killed part-way"
    assert 0 < status(cli, home)["backlog"] < len(rows)
    assert cli("analyze", "--home", home).exit_code == 0
    with workspace.db.session() as s:
        per_comment = s.execute(
            select(ScoreRow.comment_id, ScoreRow.signal, func.count()).group_by(
                ScoreRow.comment_id, ScoreRow.signal
            )
        ).all()
        assert {n for _, _, n in per_comment} == {1}
        assert len({cid for cid, _, _ in per_comment}) == len(rows)
    workspace.db.dispose()
    assert status(cli, home)["backlog"] == 0
    interrupted = _alert_keys(home)

    if database_url:
        return  # the comparison with an uninterrupted run below is backend-independent
    clean_home = tmp_path / "clean"
    cli("init", clean_home)
    cli("import", data, "--home", clean_home)
    cli("analyze", "--home", clean_home, "--batch-size", "25")
    assert interrupted == _alert_keys(clean_home)


def test_two_analysers_at_once_count_every_comment_once(
    cli: Cli, home: Path, tmp_path: Path
) -> None:
    from vigile.store.schema import ThreadState

    rows = _many_comments(1200)
    assert cli("import", write_jsonl(tmp_path / "many.jsonl", rows), "--home", home).exit_code == 0
    env = {**os.environ, "VIGILE_LANGUAGE": "en"}
    command = [
        sys.executable,
        "-m",
        "vigile.cli",
        "analyze",
        "--home",
        str(home),
        "--batch-size",
        "50",
    ]
    processes = [subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL) for _ in range(2)]
    assert [p.wait(timeout=300) for p in processes] == [0, 0]
    workspace = open_workspace(home)
    with workspace.db.session() as s:
        assert sum(s.scalars(select(ThreadState.comments))) == len(rows)
        per_comment = s.execute(
            select(ScoreRow.comment_id, ScoreRow.signal, func.count()).group_by(
                ScoreRow.comment_id, ScoreRow.signal
            )
        ).all()
        assert {n for _, _, n in per_comment} == {1}
    workspace.db.dispose()


def _scores(home: Path) -> list[tuple[str, str, float]]:
    workspace = open_workspace(home)
    with workspace.db.session() as s:
        rows = s.execute(
            select(Comment.external_id, ScoreRow.signal, ScoreRow.value).join(
                Comment, Comment.id == ScoreRow.comment_id
            )
        ).all()
    workspace.db.dispose()
    return sorted((cid, signal, value) for cid, signal, value in rows)


def test_a_scoring_process_gives_the_same_analysis(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = write_jsonl(tmp_path / "many.jsonl", _many_comments(600))
    inline, parallel = tmp_path / "inline", tmp_path / "parallel"
    for home in (inline, parallel):
        assert cli("init", home).exit_code == 0
        assert cli("import", data, "--home", home).exit_code == 0
    assert cli("analyze", "--home", inline, "--batch-size", "100").exit_code == 0
    scored_here: list[int] = []
    prescore = analyse.prescore

    def counted(session: Any, batch: Any, scorers: Any) -> Any:
        scored_here.append(len(batch))
        return prescore(session, batch, scorers)

    monkeypatch.setattr(analyse, "prescore", counted)
    monkeypatch.setenv("VIGILE_SCORING_PROCESS", "true")
    assert cli("analyze", "--home", parallel, "--batch-size", "100").exit_code == 0
    assert sum(scored_here) == 100  # only the first batch: the process scored the other 500
    assert status(cli, parallel)["backlog"] == 0
    assert _scores(parallel) == _scores(inline)
    assert _alert_keys(parallel) == _alert_keys(inline)


def test_an_idle_analyser_leaves_the_write_lock_to_ingest(
    home: Path, database_url: str | None
) -> None:
    """With nothing to analyse, a polling analyser must not queue for SQLite's one write
    lock: ingest holding it (a connector's batch) would be slowed by every poll."""
    if database_url:
        pytest.skip("SQLite's single write lock")
    workspace = open_workspace(home)
    stages = workspace.stages()
    with workspace.db.session() as ingest:
        write_lock(ingest, "analysis")  # held until this (ingest's) transaction ends
        summary = analyse.run_backlog(workspace.db, stages, batch_size=10)
    assert summary.comments == 0
    workspace.db.dispose()
