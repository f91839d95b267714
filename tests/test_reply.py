"""Replying from Vigile: the tone gate, the override, the decision log, the network call."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from conftest import SAMPLE, Cli, write_jsonl
from mastodon_replay import BASE, HOST, NOW, fixture, mastodon_api
from vigile.store.journal import verify_chain
from vigile.store.schema import Decision
from vigile.workspace import open_workspace

TARGET = f"mastodon:{HOST}/113500000000000103"
ENV = {"VIGILE_MASTODON_TOKEN": "token-xyz"}


@pytest.fixture
def synced(cli: Cli, sqlite_home: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr("vigile.cli_connect.now", lambda: NOW)
    cli("connect", "mastodon", "--instance", BASE, "--account", "brindille", "--home", sqlite_home)
    with mastodon_api():
        assert cli("sync", "--home", sqlite_home, env=ENV).exit_code == 0
    return sqlite_home


def decisions(home: Path) -> list[Decision]:
    with open_workspace(home).db.session() as session:
        rows = list(session.scalars(select(Decision).where(Decision.action == "reply_published")))
        assert verify_chain(session) is None
        session.expunge_all()
    return rows


def test_a_polite_reply_is_published_and_logged(cli: Cli, synced: Path) -> None:
    text = "Merci pour votre patience, nous vous écrivons en privé aujourd'hui."
    with mastodon_api() as api:
        route = api.post("/api/v1/statuses").respond(json=fixture("status_posted.json"))
        result = cli(
            "reply", "send", TARGET, "--text", text, "--by", "Camille", "--home", synced, env=ENV
        )
        assert result.exit_code == 0, result.output
        sent = route.calls.last.request
    assert "in_reply_to_id=113500000000000103" in sent.content.decode()
    assert sent.headers["Idempotency-Key"]
    (entry,) = decisions(synced)
    assert (entry.actor, entry.subject_type) == ("Camille", "comment")
    assert entry.details["reply_id"] == f"{HOST}/113500000000000300"
    assert entry.details["override"] is False


def test_a_toxic_reply_is_refused_unless_overridden_and_the_override_is_logged(
    cli: Cli, synced: Path
) -> None:
    text = "Shut up, you stupid idiot"
    with mastodon_api() as api:
        route = api.post("/api/v1/statuses").respond(json=fixture("status_posted.json"))
        refused = cli("reply", "send", TARGET, "--text", text, "--home", synced, env=ENV)
        assert refused.exit_code == 2 and "reply check blocks it" in refused.stderr
        assert not route.called and decisions(synced) == []
        forced = cli(
            "reply",
            "send",
            TARGET,
            "--text",
            text,
            "--override",
            "--by",
            "Lea",
            "--home",
            synced,
            env=ENV,
        )
        assert forced.exit_code == 0, forced.output
        assert route.called
    assert "override is logged" in forced.stderr
    (entry,) = decisions(synced)
    assert entry.actor == "Lea" and entry.details["override"] is True
    assert entry.details["reasons"] and "toxicity" in json.dumps(entry.details["reasons"])


def test_replying_to_an_unknown_comment_or_unconnected_page_fails_clearly(
    cli: Cli, synced: Path
) -> None:
    missing = cli("reply", "send", "mastodon:nope", "--text", "Bonjour", "--home", synced)
    assert missing.exit_code == 4 and "no stored comment" in missing.stderr
    imported = write_jsonl(synced / "in.jsonl", SAMPLE)
    assert cli("import", imported, "--home", synced).exit_code == 0
    unconnected = cli("reply", "send", "facebook:c1", "--text", "Bonjour", "--home", synced)
    assert unconnected.exit_code == 2 and "facebook:brand is not connected" in unconnected.stderr
