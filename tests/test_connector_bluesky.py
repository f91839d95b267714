"""Bluesky connector against replayed XRPC exchanges: posts, threads, limits, errors, replies."""

from __future__ import annotations

import json

import httpx
import pytest

from bluesky_replay import POST_A, POST_B, POST_C, PUBLIC, SERVICE, bluesky_api, fixture, uri
from conftest import replay_setup, snapshots
from mastodon_replay import NOW
from vigile.connectors.base import Connector, Replier
from vigile.connectors.bluesky import BlueskyConnector, page_ref
from vigile.connectors.registry import connector_factory
from vigile.domain.errors import ConnectorError, CredentialsError, PayloadError
from vigile.domain.model import PageRef

ANA = "did:plc:ana5m3kq7xw2lz4hf6c2pde"
GRUMPY = "did:plc:grumpyq4r7xz2kl3mn8vbtw"


def make(
    *, password: str | None = "app-pass-1", sleeps: list[float] | None = None
) -> BlueskyConnector:
    setup = replay_setup(page_ref("@Brindille.bsky.social"), password, now=NOW, sleeps=sleeps)
    connector = connector_factory("bluesky")(setup)
    assert isinstance(connector, BlueskyConnector)
    return connector


def test_page_ref_and_the_interface() -> None:
    page, options = page_ref("@Brindille.bsky.social")
    assert page == PageRef("bluesky", "brindille.bsky.social")
    assert options == {"handle": "brindille.bsky.social", "service": SERVICE}
    connector = make()
    assert isinstance(connector, Connector) and isinstance(connector, Replier)
    assert (connector.name, connector.version) == ("bluesky", "1")


def test_fetch_yields_the_exact_posts_and_reply_trees() -> None:
    with bluesky_api() as api:
        harvests = list(make().fetch({}))
        session = json.loads(api["session"].calls.last.request.content)
        auth = api["page1"].calls.last.request.headers["Authorization"]
        read_b = api[f"thread_{POST_B}"].called
    assert session == {"identifier": "brindille.bsky.social", "password": "app-pass-1"}
    assert auth.startswith("Bearer eyJ0eXAiOiJhdCtqd3Qi")
    posts = [h.snapshot for h in harvests if h.snapshot is not None]
    assert [p.post_id for p in posts] == [uri(POST_A), uri(POST_B), uri(POST_C)]  # no repost
    assert posts[0].post_text == (
        "Notre nouveau vélo cargo arrive ! 🚲\nPrécommandes ouvertes dès lundi. #velo"
    )
    tree = [(c.external_id, c.parent, c.author, c.lang) for c in posts[0].comments]
    assert tree == [
        (uri("3lbqa8ana0001", ANA), None, "ana.bsky.social", "fr"),
        (uri("3lbqa9brand002"), uri("3lbqa8ana0001", ANA), "brindille.bsky.social", "fr"),
        (uri("3lbqb2grumpy3", GRUMPY), None, "grumpy.cyclist.fr", "en"),
        (
            uri("3lbqb3troll04", "did:plc:troll99zz2xk4lq7w3m5nrq"),
            uri("3lbqb2grumpy3", GRUMPY),
            "troll99.bsky.social",
            "en",
        ),
    ]
    assert posts[0].comments[0].text == "Trop bien, enfin un cargo abordable ? Il coûte combien ?"
    assert posts[0].complete and not posts[2].complete  # a blocked reply hides part of C
    assert posts[1].comments == () and not read_b
    assert harvests[-1].cursor == {
        "replies": {uri(POST_A): 4, uri(POST_B): 0, uri(POST_C): 1},
        "resume_done": [],
    }


def test_without_a_password_it_reads_the_public_appview() -> None:
    with bluesky_api(PUBLIC) as api:
        posts = snapshots(make(password=None))
        assert not api["session"].called
        assert "Authorization" not in api["page1"].calls.last.request.headers
    assert len(posts) == 3


def test_a_rate_limit_reset_in_epoch_seconds_is_waited_out() -> None:
    sleeps: list[float] = []
    reset = str(int(NOW.timestamp()) + 45)
    with bluesky_api() as api:
        api[f"thread_{POST_A}"].side_effect = [
            httpx.Response(429, headers={"RateLimit-Reset": reset, "RateLimit-Remaining": "0"}),
            httpx.Response(200, json=fixture(f"thread_{POST_A}.json")),
        ]
        posts = snapshots(make(sleeps=sleeps))
    assert sleeps == [45.0] and len(posts[0].comments) == 4


def test_a_wrong_password_and_an_expired_token_are_credentials_errors() -> None:
    with bluesky_api() as api:
        api["session"].respond(401, json=fixture("error_auth.json"))
        with pytest.raises(CredentialsError) as wrong:
            snapshots(make())
    assert "app-pass-1" not in wrong.value.message
    with bluesky_api() as api:
        api["page1"].respond(400, json=fixture("error_expired.json"))
        with pytest.raises(CredentialsError) as expired:
            snapshots(make())
    assert "expired or been revoked" in expired.value.message


def test_a_malformed_thread_names_the_field() -> None:
    with bluesky_api() as api:
        api[f"thread_{POST_A}"].respond(json=fixture("thread_malformed.json"))
        with pytest.raises(PayloadError) as caught:
            snapshots(make())
    assert "field 'author' missing" in caught.value.message
    assert "3lbqa8ana0001" in caught.value.message


def test_publishing_a_reply_names_root_and_parent() -> None:
    target = uri("3lbqb2grumpy3", GRUMPY)
    with bluesky_api() as api:
        api.get("/app.bsky.feed.getPosts", params={"uris": target}).respond(
            json=fixture("get_posts_reply_target.json")
        )
        create = api.post("/com.atproto.repo.createRecord").respond(
            json=fixture("create_record.json")
        )
        new_uri = make().publish_reply(in_reply_to=target, text="On vous écrit en privé.")
        body = json.loads(create.calls.last.request.content)
    assert new_uri == uri("3lbrd2reply99")
    assert body["repo"] == "did:plc:7brindillevelos4kq2x3wz"
    record = body["record"]
    assert record["text"] == "On vous écrit en privé." and record["createdAt"] == (
        "2026-11-20T12:00:00Z"
    )
    assert record["reply"]["root"]["uri"] == uri(POST_A)
    assert record["reply"]["parent"]["uri"] == target


def test_publishing_needs_the_app_password() -> None:
    with pytest.raises(CredentialsError):
        make(password=None).publish_reply(in_reply_to=uri(POST_A), text="hi")


def test_a_failed_reply_is_not_retried_since_it_may_have_been_posted() -> None:
    target = uri("3lbqb2grumpy3", GRUMPY)
    sleeps: list[float] = []
    with bluesky_api() as api:
        api.get("/app.bsky.feed.getPosts").respond(json=fixture("get_posts_reply_target.json"))
        create = api.post("/com.atproto.repo.createRecord").respond(503)
        with pytest.raises(ConnectorError):
            make(sleeps=sleeps).publish_reply(in_reply_to=target, text="Bonjour")
        assert create.call_count == 1 and sleeps == []
