"""Sync of connected pages into the store: idempotent, edits and deletions, crash, limits; CLI."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from conftest import Cli, logged_in, status
from mastodon_replay import BASE, HOST, NOW, POST_A, fixture, mastodon_api
from vigile.connectors.base import Connector, Harvest
from vigile.connectors.sync import SyncOptions, sync_all
from vigile.store.connections import ConnectionView, connect_page, connections
from vigile.store.db import Database
from vigile.store.schema import Comment
from vigile.workspace import open_workspace


def connect(db: Database) -> None:
    from vigile.connectors.mastodon import page_ref

    page, options = page_ref(BASE, "brindille")
    with db.session() as session:
        connect_page(
            session, page=page, connector="mastodon", options={**options, "token_env": "TOK"}
        )


def options(home: Path, sleeps: list[float] | None = None) -> SyncOptions:
    return SyncOptions(
        home=home, clock=lambda: NOW, sleep=(sleeps if sleeps is not None else []).append
    )


def comment(db: Database, status_id: str) -> Comment:
    with db.session() as session:
        found = session.scalars(
            select(Comment).where(Comment.external_id == f"{HOST}/{status_id}")
        ).one()
        session.expunge(found)
        return found


@pytest.fixture
def db(home: Path, monkeypatch: pytest.MonkeyPatch) -> Database:
    monkeypatch.setenv("TOK", "token-abc")
    database = open_workspace(home).db
    connect(database)
    return database


def test_resync_adds_nothing_twice_and_reflects_edits_and_deletions(
    db: Database, home: Path
) -> None:
    with mastodon_api() as api:
        (first,) = sync_all(db, options(home))
        (second,) = sync_all(db, options(home))
        api["context_" + POST_A].respond(json=fixture(f"context_{POST_A}_later.json"))
        (third,) = sync_all(db, options(home))
        assert api.calls[0].request.headers["Authorization"] == "Bearer token-abc"
    assert (first.posts, first.counts.added, first.deleted, first.error) == (3, 6, 0, None)
    assert (second.counts.added, second.counts.updated, second.counts.skipped) == (0, 0, 6)
    assert (third.counts.added, third.counts.updated, third.deleted) == (1, 1, 1)
    edited = comment(db, "113500000000000103")
    assert edited.edited_at is not None and "EDIT: got an email" in edited.text
    assert edited.pending  # analysed again
    assert comment(db, "113500000000000104").deleted_at is not None
    assert comment(db, "113500000000000106").parent_ref == f"{HOST}/113500000000000103"
    with db.session() as session:
        (view,) = connections(session)
    assert view.synced_at is not None and view.error is None
    assert view.cursor["resume_max_id"] is None


def test_a_crash_resumes_after_the_last_stored_post(db: Database, home: Path) -> None:
    def crash(_: object) -> None:
        raise KeyboardInterrupt

    with mastodon_api() as api:
        with pytest.raises(KeyboardInterrupt):
            sync_all(db, options(home), on_post=crash)
        with db.session() as session:
            assert connections(session)[0].cursor["resume_max_id"] == POST_A
        (resumed,) = sync_all(db, options(home))
        assert api["after_a"].called  # went on from post A, not from the top
    assert resumed.posts == 2 and resumed.counts.added == 2  # post C's replies
    with db.session() as session:
        assert connections(session)[0].cursor["resume_max_id"] is None


def test_a_long_rate_limit_parks_the_page_until_then(db: Database, home: Path) -> None:
    with mastodon_api() as api:
        api["lookup"].respond(429, headers={"Retry-After": "3600"}, json=fixture("error_429.json"))
        (limited,) = sync_all(db, options(home))
        calls = len(api.calls)
        (parked,) = sync_all(db, options(home))
        assert len(api.calls) == calls  # nothing asked while parked
    assert limited.error and "3600" in limited.error
    assert parked.waiting_until == NOW + timedelta(hours=1) and parked.error is None


def test_a_short_rate_limit_is_waited_out_inside_the_sync(db: Database, home: Path) -> None:
    sleeps: list[float] = []
    with mastodon_api() as api:
        api["context_" + POST_A].side_effect = [
            httpx.Response(429, headers={"Retry-After": "12"}),
            httpx.Response(200, json=fixture(f"context_{POST_A}.json")),
        ]
        (result,) = sync_all(db, options(home, sleeps))
    assert sleeps == [12.0] and result.error is None and result.counts.added == 6


def test_bluesky_resync_reflects_deletions_but_not_blocked_replies(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bluesky_replay import POST_A as BSKY_A
    from bluesky_replay import bluesky_api
    from bluesky_replay import fixture as bsky_fixture
    from vigile.connectors.bluesky import page_ref as bsky_page

    monkeypatch.setenv("BSKY_PASS", "app-pass-1")
    db = open_workspace(home).db
    page, opts = bsky_page("brindille.bsky.social")
    with db.session() as session:
        connect_page(
            session, page=page, connector="bluesky", options={**opts, "token_env": "BSKY_PASS"}
        )
    with bluesky_api() as api:
        (first,) = sync_all(db, options(home))
        api[f"thread_{BSKY_A}"].respond(json=bsky_fixture(f"thread_{BSKY_A}_later.json"))
        (second,) = sync_all(db, options(home))
    assert (first.posts, first.counts.added, first.error) == (3, 5, None)
    assert (second.counts.added, second.deleted) == (1, 1)  # r5 new, the troll's reply gone


def test_cli_connect_sync_and_run(
    cli: Cli, sqlite_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("vigile.cli_connect.now", lambda: NOW)
    home = sqlite_home
    added = cli(
        "connect", "mastodon", "--instance", BASE, "--account", "@brindille", "--home", home
    )
    assert added.exit_code == 0 and "mastodon:brindille@mastodon.example" in added.stdout
    assert "VIGILE_MASTODON_TOKEN" in added.stderr  # no token yet: public posts only
    env = {"VIGILE_MASTODON_TOKEN": "token-xyz"}
    with mastodon_api():
        synced = cli("sync", "--home", home, env=env)
        assert synced.exit_code == 0, synced.output
        assert "3 posts read, 6 comments added" in synced.stdout
        assert "token-xyz" not in synced.output
        ran = cli("run", "--home", home, "--cycles", "1", env=env)
        assert ran.exit_code == 0, ran.output
    assert status(cli, home)["backlog"] == 0 and status(cli, home)["comments"] == 6
    listed = cli("connect", "list", "--home", home)
    assert "mastodon" in listed.stdout


def test_cli_sync_reports_an_expired_token_and_fails(
    cli: Cli, sqlite_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("vigile.cli_connect.now", lambda: NOW)
    cli("connect", "mastodon", "--instance", BASE, "--account", "brindille", "--home", sqlite_home)
    with mastodon_api() as api:
        api["lookup"].respond(401, json=fixture("error_401.json"))
        result = cli("sync", "--home", sqlite_home, env={"VIGILE_MASTODON_TOKEN": "old"})
    assert result.exit_code == 1
    assert "expired or been revoked" in result.stderr


def test_cli_connect_webhook_writes_a_private_secret(cli: Cli, sqlite_home: Path) -> None:
    result = cli("connect", "webhook", "zapier", "--home", sqlite_home)
    assert result.exit_code == 0
    secret = sqlite_home / "secrets" / "ingest-zapier.key"
    assert secret.stat().st_mode & 0o077 == 0
    assert secret.read_text().strip() not in result.output
    assert cli("connect", "webhook", "Bad Name!", "--home", sqlite_home).exit_code == 2


def test_connection_options_never_hold_the_token(db: Database) -> None:
    with db.session() as session:
        (view,) = connections(session)
    assert "token-abc" not in json.dumps(view.options)


def test_cli_connect_bluesky_keeps_only_the_secret_name(cli: Cli, sqlite_home: Path) -> None:
    result = cli("connect", "bluesky", "--handle", "@Brindille.bsky.social", "--home", sqlite_home)
    assert result.exit_code == 0 and "bluesky:brindille.bsky.social" in result.stdout
    again = cli("connect", "bluesky", "--handle", "brindille.bsky.social", "--home", sqlite_home)
    assert "Updated" in again.stdout
    with open_workspace(sqlite_home).db.session() as session:
        (view,) = connections(session)
    assert view.options["token_env"] == "VIGILE_BLUESKY_APP_PASSWORD"


class Broken:
    """A third-party connector with a bug."""

    name, version = "broken", "0"

    def fetch(self, cursor: dict[str, object]) -> Iterator[Harvest]:
        raise RuntimeError("bug")
        yield  # pragma: no cover


def test_a_failing_page_is_recorded_and_the_others_go_on(db: Database, home: Path) -> None:
    from vigile.connectors.sync import build_connector
    from vigile.domain.model import PageRef

    with db.session() as session:
        connect_page(session, page=PageRef("broken", "x"), connector="broken", options={})

    def build(view: ConnectionView, opts: SyncOptions) -> Connector:
        return Broken() if view.connector == "broken" else build_connector(view, opts)

    with mastodon_api():
        mastodon, broken = sync_all(db, options(home), build=build)
    assert mastodon.error is None and mastodon.counts.added == 6
    assert broken.error is not None and "RuntimeError" in broken.error
    with db.session() as session:
        assert connections(session)[1].error == broken.error


def test_run_stops_cleanly_on_ctrl_c(
    cli: Cli, sqlite_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupt(_: float) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("vigile.cli_connect.time.sleep", interrupt)
    result = cli("run", "--home", sqlite_home)
    assert result.exit_code == 0 and "Stopped." in result.stderr


def test_the_thread_view_marks_edited_and_deleted_comments(db: Database, home: Path) -> None:

    from vigile.web.app import create_app

    with mastodon_api() as api:
        sync_all(db, options(home))
        api["context_" + POST_A].respond(json=fixture(f"context_{POST_A}_later.json"))
        sync_all(db, options(home))
    from vigile.pipeline.analyse import run_backlog

    workspace = open_workspace(home)
    run_backlog(workspace.db, workspace.stages(), batch_size=100)
    post_id = comment(db, "113500000000000103").post_id
    client = logged_in(create_app(workspace))
    comments = {c["id"]: c for c in client.get(f"/api/threads/{post_id}").json()["comments"]}
    assert comments[f"{HOST}/113500000000000104"]["deleted_at"] is not None
    assert comments[f"{HOST}/113500000000000103"]["edited_at"] is not None
    page = client.get(f"/threads/{post_id}?lang=fr").text
    assert "supprimé sur le réseau" in page and "modifié" in page
