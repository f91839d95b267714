"""`vigile rescore`: after a comment model change, stored comments are scored again and
their threads' inbox counters recounted; history (alerts, derailment trajectory) stays."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from conftest import Cli
from vigile.demo import demo_comments_path
from vigile.store.schema import Alert, Comment, ScoreRow, ThreadState
from vigile.workspace import open_workspace

BASELINE = {"VIGILE_SCORERS": '["baseline"]'}
COUNTERS = ("toxic", "negative", "unanswered", "lang", "comments")


def _workspace(cli: Cli, folder: Path, database_url: str | None, env: dict[str, str]) -> Path:
    assert cli("init", folder).exit_code == 0
    if database_url:
        config = folder / "vigile.toml"
        config.write_text(config.read_text() + f'database_url = "{database_url}"\n')
    assert cli("import", demo_comments_path(), "--home", folder, env=env).exit_code == 0
    assert cli("analyze", "--home", folder, env=env).exit_code == 0
    return folder


def _snapshot(folder: Path) -> dict[str, Any]:
    workspace = open_workspace(folder)
    try:
        with workspace.db.session() as session:
            threads = {
                s.post_id: {
                    **{name: getattr(s, name) for name in COUNTERS},
                    "toxicity_max": s.toxicity_max,
                    "negativity_mean": s.negativity_mean,
                    "langs": s.window.get("langs"),
                }
                for s in session.scalars(select(ThreadState))
            }
            scores = session.execute(
                select(ScoreRow.comment_id, ScoreRow.signal, ScoreRow.model, ScoreRow.version)
            ).all()
            derailment = sorted(
                session.execute(
                    select(ScoreRow.comment_id, ScoreRow.value).where(
                        ScoreRow.signal == "derailment"
                    )
                ).all()
            )
            return {
                "threads": threads,
                "models": {(m, v) for _, signal, m, v in scores if signal != "derailment"},
                "derailment": derailment,
                "sentiments": dict(session.execute(select(Comment.id, Comment.sentiment)).all()),
                "alerts": len(session.scalars(select(Alert.id)).all()),
            }
    finally:
        workspace.db.dispose()


def test_rescore_after_a_model_change_matches_a_fresh_analysis(cli: Cli, tmp_path: Path) -> None:
    upgraded = _workspace(cli, tmp_path / "upgraded", None, BASELINE)
    before = _snapshot(upgraded)
    assert before["models"] == {("baseline-lexicon", "1")}

    status = cli("status", "--home", upgraded, "--json")
    assert json.loads(status.stdout)["stale_scores"] == 207
    assert "`vigile rescore` scores them again" in cli("status", "--home", upgraded).output

    result = cli("rescore", "--home", upgraded)
    assert result.exit_code == 0, result.output
    done = "207 comments scored again with vigile-comments@2.1; 8 threads recounted."
    assert done in result.output
    after = _snapshot(upgraded)
    fresh = _snapshot(_workspace(cli, tmp_path / "fresh", None, {}))

    assert after["models"] == {("vigile-comments", "2.1")}
    # counters as a fresh analysis keeps them (its running mean rounds differently)
    assert after["threads"].keys() == fresh["threads"].keys()
    for post_id, counters in after["threads"].items():
        expected = fresh["threads"][post_id]
        mean = expected.pop("negativity_mean")
        assert counters.pop("negativity_mean") == pytest.approx(mean, abs=1e-9)
        assert counters == expected
    assert after["sentiments"] == fresh["sentiments"]
    assert [t["toxic"] for t in after["threads"].values()] != [
        t["toxic"] for t in before["threads"].values()
    ]
    # history stays: the derailment trajectory and the alerts raised at the time
    assert after["derailment"] == before["derailment"] and after["alerts"] == before["alerts"]
    assert "0 comments scored again" in cli("rescore", "--home", upgraded).output
    assert json.loads(cli("status", "--home", upgraded, "--json").stdout)["stale_scores"] == 0


def test_rescore_on_postgresql(cli: Cli, tmp_path: Path, database_url: str | None) -> None:
    if database_url is None:
        pytest.skip("SQLite is covered by the test above")
    folder = _workspace(cli, tmp_path / "pg", database_url, BASELINE)
    result = cli("rescore", "--home", folder)
    assert result.exit_code == 0, result.output
    assert "207 comments scored again" in result.output
    assert _snapshot(folder)["models"] == {("vigile-comments", "2.1")}


def test_a_comment_changed_since_is_left_to_the_analysis(cli: Cli, tmp_path: Path) -> None:
    folder = _workspace(cli, tmp_path / "w", None, BASELINE)
    workspace = open_workspace(folder)
    try:
        with workspace.db.session() as session:
            comment = session.scalars(select(Comment).limit(1)).one()
            comment.pending = True  # as an edit of its text would
    finally:
        workspace.db.dispose()
    assert "206 comments scored again" in cli("rescore", "--home", folder).output
    assert "1 comments analysed" in cli("analyze", "--home", folder).output
    assert _snapshot(folder)["models"] == {("vigile-comments", "2.1")}
