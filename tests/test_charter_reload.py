"""A running process follows the charter file: good edits apply, broken ones are refused.

`vigile notify --watch` runs as a real process against a webhook on loopback; the
charter is edited under it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import update

from conftest import Cli, loopback_webhook, write_jsonl
from vigile.domain.errors import ConfigError
from vigile.domain.model import Severity, utc_now
from vigile.policy.reload import CharterWatcher, Reload
from vigile.store.schema import Alert
from vigile.workspace import open_workspace

CHARTER = """\
version: 1
organisation: Test brand
language: en
contacts:
  - {{id: camille, name: Camille, roles: [cm], channels: {{chat: "{url}/camille"}}}}
  - {{id: leo, name: Leo, roles: [comms_lead], channels: {{email: "{url}/leo"}}}}
rules:
  - {{name: toxic_comment, level: comment, signal: toxicity, at_least: 0.5, severity: high}}
escalation:
  high:
    - notify: [camille]
      ack_within: 15m
    - notify: [comms_lead]
"""
BROKEN_LINE = 12  # `ack_within: soon`


def _charter(url: str, *, ack_within: str = "15m") -> str:
    return CHARTER.format(url=url).replace("15m", ack_within)


@pytest.fixture
def receiver() -> Iterator[tuple[int, list[str]]]:
    paths: list[str] = []
    with loopback_webhook(lambda path, _: paths.append(path)) as port:
        yield port, paths


def test_watcher_refuses_a_broken_edit_and_applies_a_good_one(tmp_path: Path) -> None:
    path = tmp_path / "charter.yaml"
    path.write_text(_charter("json://127.0.0.1:9/v1"))
    watcher = CharterWatcher.start(path)
    first = watcher.charter
    path.write_text(_charter("json://127.0.0.1:9/v1", ack_within="soon"))
    assert watcher.refresh() is Reload.REFUSED
    assert watcher.current() is first
    assert watcher.error is not None
    assert f"line {BROKEN_LINE}, field 'escalation.high.0.ack_within'" in watcher.error
    assert watcher.refresh() is Reload.UNCHANGED  # reported once, not at every tick
    path.write_text(_charter("json://127.0.0.1:9/v1", ack_within="5m"))
    assert watcher.refresh() is Reload.APPLIED and watcher.error is None
    assert watcher.charter.escalation[Severity.HIGH][0].ack_within == timedelta(minutes=5)
    path.unlink()  # an editor replacing the file: keep the charter, say why
    assert watcher.refresh() is Reload.REFUSED and "cannot read" in (watcher.error or "")
    assert watcher.charter.escalation[Severity.HIGH][0].ack_within == timedelta(minutes=5)


def test_a_broken_charter_at_start_up_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "charter.yaml"
    path.write_text(_charter("json://127.0.0.1:9/v1", ack_within="soon"))
    with pytest.raises(ConfigError, match=f"line {BROKEN_LINE}"):
        CharterWatcher.start(path)


def _wait(condition: Callable[[], bool], what: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def _toxic(cli: Cli, home: Path, tmp_path: Path, comment_id: str) -> None:
    row = {
        "id": comment_id,
        "text": "You stupid idiot, shut up",
        "page": "facebook:brand",
        "post": "New bike",
        "created_at": "2026-11-10T10:00:00Z",
    }
    imported = cli("import", write_jsonl(tmp_path / f"{comment_id}.jsonl", [row]), "--home", home)
    assert imported.exit_code == 0
    assert cli("analyze", "--home", home).exit_code == 0


def test_notify_watch_keeps_the_last_valid_charter(
    cli: Cli, sqlite_home: Path, tmp_path: Path, receiver: tuple[int, list[str]]
) -> None:
    port, received = receiver
    charter = sqlite_home / "charter.yaml"
    charter.write_text(_charter(f"json://127.0.0.1:{port}/v1"))
    _toxic(cli, sqlite_home, tmp_path, "x1")
    errors: list[str] = []
    process = subprocess.Popen(
        [sys.executable, "-m", "vigile.cli", "notify", "--watch", "0.1", "--home", sqlite_home],
        env={**os.environ, "VIGILE_LANGUAGE": "en", "VIGILE_NOTIFY_RETRIES": "1"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stderr is not None
    stderr = process.stderr
    threading.Thread(target=lambda: errors.extend(stderr), daemon=True).start()
    try:
        _wait(lambda: "/v1/camille" in received, "the first notice")
        charter.write_text(_charter(f"json://127.0.0.1:{port}/v1", ack_within="soon"))
        _wait(lambda: any("refused" in e for e in errors), "the refusal")
        refusal = next(e for e in errors if "refused" in e)
        assert f"line {BROKEN_LINE}, field 'escalation.high.0.ack_within'" in refusal
        status = cli("status", "--home", sqlite_home)
        assert "charter error" in status.output and f"line {BROKEN_LINE}" in status.output

        # the previous rules stay in force: 20 minutes without acknowledgment → Leo
        workspace = open_workspace(sqlite_home)
        with workspace.db.session() as s:
            s.execute(update(Alert).values(created_at=utc_now() - timedelta(minutes=20)))
        workspace.db.dispose()
        _wait(lambda: "/v1/leo" in received, "the escalation under the previous charter")
        assert process.poll() is None

        charter.write_text(_charter(f"json://127.0.0.1:{port}/v2"))
        _wait(lambda: any("charter reloaded" in e for e in errors), "the reload")
        _toxic(cli, sqlite_home, tmp_path, "x2")
        _wait(lambda: "/v2/camille" in received, "a notice under the new charter")
    finally:
        process.terminate()
        process.wait(timeout=10)
    assert received.count("/v1/camille") == 1 and "/v2/leo" not in received
