"""Reddit and YouTube pages through `vigile sync`: stored once, edits, deletions, quota; CLI."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from conftest import Cli, status
from reddit_replay import CARGO as REDDIT_CARGO
from reddit_replay import NOW, reddit_api
from reddit_replay import fixture as reddit_fixture
from vigile.connectors.sync import SyncOptions, sync_all
from vigile.store.connections import connect_page, connections
from vigile.store.db import Database
from vigile.store.schema import Comment
from vigile.workspace import open_workspace
from youtube_replay import CARGO as YT_CARGO
from youtube_replay import CHANNEL, KEY, T1, T3, T4, youtube_api
from youtube_replay import fixture as yt_fixture

REDDIT_SECRET = "app-id-123:app-secret-456"


def options(home: Path) -> SyncOptions:
    return SyncOptions(home=home, clock=lambda: NOW, sleep=lambda _: None)


def stored(db: Database, external_id: str) -> Comment:
    with db.session() as session:
        found = session.scalars(select(Comment).where(Comment.external_id == external_id)).one()
        session.expunge(found)
        return found


@pytest.fixture
def reddit_db(home: Path, monkeypatch: pytest.MonkeyPatch) -> Database:
    from vigile.connectors.reddit import page_ref

    monkeypatch.setenv("REDDIT_APP", REDDIT_SECRET)
    db = open_workspace(home).db
    page, opts = page_ref(subreddit="brindille")
    with db.session() as session:
        connect_page(
            session, page=page, connector="reddit", options={**opts, "token_env": "REDDIT_APP"}
        )
    return db


@pytest.fixture
def youtube_db(home: Path, monkeypatch: pytest.MonkeyPatch) -> Database:
    from vigile.connectors.youtube import page_ref

    monkeypatch.setenv("YT_KEY", KEY)
    db = open_workspace(home).db
    page, opts = page_ref(CHANNEL)
    with db.session() as session:
        connect_page(
            session, page=page, connector="youtube", options={**opts, "token_env": "YT_KEY"}
        )
    return db


def test_reddit_resync_adds_nothing_twice_and_reflects_edits_and_deletions(
    reddit_db: Database, home: Path
) -> None:
    short = REDDIT_CARGO.removeprefix("t3_")
    with reddit_api() as api:
        (first,) = sync_all(reddit_db, options(home))
        (second,) = sync_all(reddit_db, options(home))
        api[f"comments_{REDDIT_CARGO}"].respond(json=reddit_fixture(f"comments_{short}_later.json"))
        (third,) = sync_all(reddit_db, options(home))
    assert (first.posts, first.counts.added, first.deleted, first.error) == (3, 7, 0, None)
    assert (second.counts.added, second.counts.updated, second.deleted) == (0, 0, 0)
    assert (third.counts.added, third.counts.updated, third.deleted) == (1, 1, 1)
    edited = stored(reddit_db, "t1_lxa0003")
    assert edited.edited_at is not None and "EDIT: got an email" in edited.text
    assert stored(reddit_db, "t1_lxa0005").deleted_at is not None  # now [deleted]
    assert stored(reddit_db, "t1_lxa0006").parent_ref == "t1_lxa0003"
    with reddit_db.session() as session:
        (view,) = connections(session)
    assert view.error is None and view.cursor["resume_after"] is None


def test_youtube_resync_adds_nothing_twice_and_reflects_edits_and_deletions(
    youtube_db: Database, home: Path
) -> None:
    with youtube_api() as api:
        (first,) = sync_all(youtube_db, options(home))
        (second,) = sync_all(youtube_db, options(home))
        api["cargo1"].respond(json=yt_fixture(f"threads_{YT_CARGO}_page1_later.json"))
        api["cargo2"].respond(json=yt_fixture(f"threads_{YT_CARGO}_page2_later.json"))
        (third,) = sync_all(youtube_db, options(home))
    assert (first.posts, first.counts.added, first.deleted, first.error) == (3, 8, 0, None)
    assert (second.counts.added, second.counts.updated, second.deleted) == (0, 0, 0)
    assert (third.counts.added, third.counts.updated, third.deleted) == (1, 1, 1)
    assert stored(youtube_db, f"{T1}.9xR1aBrand01").deleted_at is not None
    assert "bleu nuit" in stored(youtube_db, T3).text and stored(youtube_db, T3).edited_at
    assert stored(youtube_db, T4).parent_ref is None


def test_a_used_up_youtube_quota_parks_the_page_until_its_reset(
    youtube_db: Database, home: Path
) -> None:
    with youtube_api() as api:
        api["rappel"].respond(403, json=yt_fixture("error_quota.json"))
        (limited,) = sync_all(youtube_db, options(home))
        calls = len(api.calls)
        (parked,) = sync_all(youtube_db, options(home))
        assert len(api.calls) == calls  # nothing asked while parked
    assert limited.error and "daily quota" in limited.error
    assert (limited.posts, limited.counts.added) == (2, 7)  # what was read before is kept
    assert parked.waiting_until == NOW + timedelta(hours=20) and parked.error is None


def test_cli_connect_and_sync_reddit_and_youtube(
    cli: Cli, sqlite_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("vigile.cli_connect.now", lambda: NOW)
    home = sqlite_home
    reddit = cli("connect", "reddit", "--subreddit", "r/brindille", "--home", home)
    assert reddit.exit_code == 0 and "reddit:r/brindille" in reddit.stdout
    assert "VIGILE_REDDIT_CLIENT" in reddit.stderr and "cannot read" in reddit.stderr
    youtube = cli("connect", "youtube", "--channel", CHANNEL, "--home", home)
    assert youtube.exit_code == 0 and f"youtube:{CHANNEL}" in youtube.stdout
    env = {"VIGILE_REDDIT_CLIENT": REDDIT_SECRET, "VIGILE_YOUTUBE_API_KEY": KEY}
    with reddit_api(), youtube_api():
        synced = cli("sync", "--home", home, env=env)
        again = cli("sync", "--home", home, env=env)
    assert synced.exit_code == 0, synced.output
    assert "reddit:r/brindille: 3 posts read, 7 comments added" in synced.stdout
    assert f"youtube:{CHANNEL}: 3 posts read, 8 comments added" in synced.stdout
    assert "0 added, 0 updated, 0 deleted" in again.stdout
    assert KEY not in synced.output and "app-secret-456" not in synced.output
    assert status(cli, home)["comments"] == 15
    with reddit_api() as api:
        reply = cli("reply", "send", "reddit:t1_lxa0003", "--text", "Merci !", "--home", home)
        assert not api.calls
    assert reply.exit_code == 2 and "cannot publish replies" in reply.stderr


def test_cli_connect_refuses_a_bad_channel_or_two_reddit_pages(cli: Cli, sqlite_home: Path) -> None:
    bad = cli("connect", "youtube", "--channel", "@brindille", "--home", sqlite_home)
    assert bad.exit_code == 2 and "not a channel id" in bad.stderr
    both = cli("connect", "reddit", "--user", "a_b", "--subreddit", "c_d", "--home", sqlite_home)
    assert both.exit_code == 2
    with open_workspace(sqlite_home).db.session() as session:
        assert connections(session) == []
