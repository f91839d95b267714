"""YouTube connector against replayed API exchanges: videos, threads, replies, quota, errors."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
import pytest

from conftest import replay_setup, snapshots
from vigile.connectors.base import Connector, Replier
from vigile.connectors.registry import connector_factory, connector_names
from vigile.connectors.youtube import YouTubeConnector, page_ref
from vigile.connectors.youtube.connector import quota_reset
from vigile.domain.errors import ConfigError, CredentialsError, PayloadError, RateLimited
from vigile.domain.model import PageRef
from youtube_replay import (
    CARGO,
    CHANNEL,
    KEY,
    NOW,
    PROMO,
    RAPPEL,
    T1,
    T2,
    T3,
    UPLOADS,
    fixture,
    youtube_api,
)


def make(*, key: str | None = KEY, sleeps: list[float] | None = None) -> YouTubeConnector:
    return YouTubeConnector(replay_setup(page_ref(CHANNEL), key, now=NOW, sleeps=sleeps))


def test_registered_like_a_plugin_and_implements_the_interface() -> None:
    assert "youtube" in connector_names()
    connector = connector_factory("youtube")(make()._setup)
    assert isinstance(connector, Connector) and not isinstance(connector, Replier)
    assert (connector.name, connector.version) == ("youtube", "1")


def test_page_ref_takes_a_channel_id_or_its_address() -> None:
    assert page_ref(CHANNEL) == (PageRef("youtube", CHANNEL), {"channel": CHANNEL})
    assert page_ref(f"https://www.youtube.com/channel/{CHANNEL}/")[0].handle == CHANNEL
    with pytest.raises(ConfigError, match="not a channel id"):
        page_ref("@brindille")


def test_fetch_yields_the_exact_videos_and_comment_threads() -> None:
    with youtube_api() as api:
        harvests = list(make().fetch({}))
        assert api["replies2"].called and api["cargo2"].called and api["videos2"].called
    posts = [h.snapshot for h in harvests if h.snapshot is not None]
    assert [p.post_id for p in posts] == [CARGO, PROMO, RAPPEL]  # private and old videos out
    assert posts[0].post_text == (
        "Le vélo cargo Brindille en 2 minutes\n\nPrécommandes ouvertes lundi 👉 "
        "https://brindille.example/cargo\n\n#velo #cargo"
    )
    assert posts[0].created_at == datetime(2026, 11, 19, 17, 0, tzinfo=UTC)
    tree = [(c.external_id, c.parent, c.author) for c in posts[0].comments]
    assert tree == [
        (T1, None, "@ana_velo"),
        (f"{T1}.9xR1aBrand01", T1, "@BrindilleVelos"),
        (T2, None, "@grumpyrider"),
        (f"{T2}.9xR2aTroll01", T2, "@troll_du_93"),  # the three replies from comments?parentId
        (f"{T2}.9xR2bMe2Also", T2, "@velotaf_lyon"),
        (f"{T2}.9xR2cBrand02", T2, "@BrindilleVelos"),
        (T3, None, "@lyon_taf"),
    ]
    troll = posts[0].comments[3]
    assert troll.text == "@grumpyrider lol they never pay anyone back & never will, total scammers"
    assert troll.post_id == CARGO and troll.lang is None and troll.edited_at is None
    assert posts[0].comments[2].edited_at == datetime(2026, 11, 19, 18, 41, 27, tzinfo=UTC)
    assert posts[1].comments == () and posts[1].complete  # comments turned off
    assert [c.text for c in posts[2].comments] == ["Le mien est concerné ? Numéro RU24-B1187"]
    assert harvests[0].cursor == {"uploads": UPLOADS, "resume_done": [CARGO]}
    assert harvests[-1].cursor == {"uploads": UPLOADS, "resume_done": []}


def test_the_key_is_a_header_never_in_a_url_or_a_log(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level("DEBUG")
    with youtube_api() as api:
        snapshots(make())
        request = api["cargo1"].calls.last.request
    assert request.headers["X-Goog-Api-Key"] == KEY and "key" not in request.url.params
    assert request.url.params["textFormat"] == "plainText"
    assert KEY not in caplog.text and "grumpyrider" not in caplog.text


def test_a_resumed_pass_skips_the_videos_done_and_the_channel_lookup() -> None:
    with youtube_api() as api:
        harvests = list(make().fetch({"uploads": UPLOADS, "resume_done": [CARGO]}))
        assert not api["channels"].called and not api["cargo1"].called
    assert [h.snapshot.post_id for h in harvests if h.snapshot] == [PROMO, RAPPEL]


def test_a_used_up_daily_quota_parks_the_page_until_midnight_pacific() -> None:
    with youtube_api() as api:
        api["rappel"].respond(403, json=fixture("error_quota.json"))
        with pytest.raises(RateLimited) as caught:
            snapshots(make())
    reset = datetime(2026, 11, 21, 8, 0, tzinfo=UTC)  # midnight in Los Angeles (PST)
    assert caught.value.retry_after == (reset - NOW).total_seconds()
    assert "daily quota is used up" in caught.value.message
    assert quota_reset(datetime(2026, 7, 1, 6, 59, tzinfo=UTC)) == datetime(
        2026, 7, 1, 7, 0, tzinfo=UTC
    )  # PDT


def test_a_429_is_waited_out() -> None:
    sleeps: list[float] = []
    with youtube_api() as api:
        api["rappel"].side_effect = [
            httpx.Response(429, headers={"Retry-After": "5"}),
            httpx.Response(200, json=fixture(f"threads_{RAPPEL}.json")),
        ]
        posts = snapshots(make(sleeps=sleeps))
    assert sleeps == [5.0] and len(posts[2].comments) == 1


def test_an_expired_key_is_a_clear_credentials_error() -> None:
    with youtube_api() as api:
        api["channels"].respond(400, json=fixture("error_key_expired.json"))
        with pytest.raises(CredentialsError) as caught:
            snapshots(make())
    assert "API key was refused" in caught.value.message and KEY not in caught.value.message


def test_no_key_is_refused_before_any_request() -> None:
    with youtube_api() as api:
        with pytest.raises(CredentialsError):
            snapshots(make(key=None))
        assert not api.calls


def test_an_unknown_channel_is_a_config_error() -> None:
    with youtube_api() as api:
        api["channels"].respond(json={"kind": "youtube#channelListResponse", "items": []})
        with pytest.raises(ConfigError, match="no channel"):
            snapshots(make())


def test_a_malformed_payload_names_the_comment_and_field() -> None:
    with youtube_api() as api:
        api["cargo1"].respond(json=fixture("threads_malformed.json"))
        with pytest.raises(PayloadError) as caught:
            snapshots(make())
    assert T2 in caught.value.message and "'snippet.publishedAt' missing" in caught.value.message


def test_quota_reset_is_the_next_pacific_midnight() -> None:
    now = datetime(2026, 11, 20, 7, 59, tzinfo=UTC)  # 23:59 in Los Angeles
    assert quota_reset(now) - now == timedelta(minutes=1)
