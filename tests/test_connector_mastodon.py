"""Mastodon connector against replayed API exchanges: posts, trees, limits, errors, replies."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
import pytest

from conftest import replay_setup, snapshots
from mastodon_replay import BASE, HOST, NOW, POST_A, POST_B, POST_C, fixture, mastodon_api
from vigile.connectors.base import Connector, Replier
from vigile.connectors.mastodon import MastodonConnector, page_ref
from vigile.connectors.mastodon.parse import html_to_text
from vigile.connectors.registry import connector_factory, connector_names
from vigile.domain.errors import ConfigError, CredentialsError, PayloadError, RateLimited
from vigile.domain.model import PageRef


def make(
    *, token: str | None = "token-123", sleeps: list[float] | None = None, max_wait: float = 900
) -> MastodonConnector:
    setup = replay_setup(
        page_ref(BASE, "@brindille"), token, now=NOW, sleeps=sleeps, max_wait=max_wait
    )
    return MastodonConnector(setup)


def ext(status_id: str) -> str:
    return f"{HOST}/{status_id}"


def test_registered_like_a_plugin_and_implements_the_interface() -> None:
    assert "mastodon" in connector_names()
    connector = connector_factory("mastodon")(make()._setup)
    assert isinstance(connector, Connector) and isinstance(connector, Replier)
    assert (connector.name, connector.version) == ("mastodon", "1")


def test_page_ref_normalises_instance_and_handle() -> None:
    page, options = page_ref("mastodon.example", "@brindille@mastodon.example")
    assert page == PageRef("mastodon", "brindille@mastodon.example")
    assert options == {"instance": "https://mastodon.example", "account": "brindille"}
    with pytest.raises(ConfigError):
        page_ref("ftp://x", "brindille")


def test_fetch_yields_the_exact_posts_and_reply_trees() -> None:
    with mastodon_api() as api:
        harvests = list(make().fetch({}))
        read_b, read_page2 = api["context_" + POST_B].called, api["page2"].called
    posts = [h.snapshot for h in harvests if h.snapshot is not None]
    assert [p.post_id for p in posts] == [ext(POST_A), ext(POST_B), ext(POST_C)]
    assert posts[0].post_text == (
        "Notre nouveau vélo cargo arrive ! 🚲\nPrécommandes ouvertes dès lundi, livraison en "
        "janvier.\n\nQui est prêt ? #velo"
    )
    assert posts[0].created_at == datetime(2026, 11, 19, 9, 0, tzinfo=UTC)
    tree = [(c.external_id, c.parent, c.author, c.lang, c.text) for c in posts[0].comments]
    assert tree == [
        (
            ext("113500000000000101"),
            None,
            "ana@piaille.fr",
            "fr",
            "@brindille Trop bien, enfin un cargo abordable ? Il coûte combien ?",
        ),
        (
            ext("113500000000000102"),
            ext("113500000000000101"),
            "brindille",
            "fr",
            "@ana Oui ! À partir de 2 490 €, aide de l'État comprise.",
        ),
        (
            ext("113500000000000103"),
            None,
            "grumpy@mastodon.social",
            "en",
            "@brindille Still waiting for my refund from March. Fix your customer service "
            "before selling new bikes.",
        ),
        (
            ext("113500000000000104"),
            ext("113500000000000103"),
            "troll99@bad.example",
            "en",
            "@grumpy @brindille lol they never pay anyone back & never will, total scammers",
        ),
    ]  # the direct message in the thread is not part of the public conversation
    assert all(c.post_id == ext(POST_A) and c.page == posts[0].page for c in posts[0].comments)
    assert posts[1].comments == () and not read_b  # 0 replies now and before: not re-read
    assert posts[2].post_text == (
        "Rappel produit\n\nRappel de sécurité sur les freins du modèle Ruche 2024 : tous les "
        "détails ici https://brindille.example/rappel-ruche"
    )
    assert [c.parent for c in posts[2].comments] == [None, ext("113500000000000201")]
    assert harvests[0].cursor["replies"] == {POST_A: 4}  # each cursor is as of its post
    assert harvests[0].cursor["resume_max_id"] == POST_A
    assert harvests[-1].snapshot is None
    assert harvests[-1].cursor == {
        "account_id": "109876543210987654",
        "replies": {POST_A: 4, POST_B: 0, POST_C: 2},
        "resume_max_id": None,
    }
    assert read_page2  # followed the Link header, stopped at the lookback horizon


def test_requests_carry_the_token_and_no_log_shows_it(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level("DEBUG")
    with mastodon_api() as api:
        snapshots(make())
        assert api.calls[0].request.headers["Authorization"] == "Bearer token-123"
    assert "token-123" not in caplog.text and "grumpy" not in caplog.text


def test_a_429_is_waited_out_then_the_read_goes_on() -> None:
    sleeps: list[float] = []
    with mastodon_api() as api:
        api["context_" + POST_A].side_effect = [
            httpx.Response(429, headers={"Retry-After": "30"}, json=fixture("error_429.json")),
            httpx.Response(200, json=fixture(f"context_{POST_A}.json")),
        ]
        posts = snapshots(make(sleeps=sleeps))
    assert sleeps == [30.0]
    assert len(posts[0].comments) == 4


def test_mastodon_rate_limit_reset_header_is_understood() -> None:
    sleeps: list[float] = []
    reset = {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "2026-11-20T12:01:30.000Z"}
    with mastodon_api() as api:
        api["page1"].side_effect = [
            httpx.Response(429, headers=reset, json=fixture("error_429.json")),
            httpx.Response(200, json=fixture("statuses_page1.json")),
        ]
        snapshots(make(sleeps=sleeps))
    assert sleeps == [90.0]


def test_a_used_up_quota_is_waited_for_before_the_next_request() -> None:
    sleeps: list[float] = []
    quota = {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "2026-11-20T12:00:20.000Z"}
    with mastodon_api() as api:
        api["lookup"].respond(json=fixture("account_lookup.json"), headers=quota)
        snapshots(make(sleeps=sleeps))
    assert sleeps == [20.0]


def test_a_wait_longer_than_allowed_is_an_error_with_the_delay() -> None:
    with mastodon_api() as api:
        api["page1"].respond(429, headers={"Retry-After": "7200"}, json=fixture("error_429.json"))
        with pytest.raises(RateLimited) as caught:
            snapshots(make(max_wait=900))
    assert caught.value.retry_after == 7200


def test_server_errors_back_off_exponentially() -> None:
    sleeps: list[float] = []
    with mastodon_api() as api:
        api["context_" + POST_C].side_effect = [
            httpx.Response(503),
            httpx.Response(502),
            httpx.Response(200, json=fixture(f"context_{POST_C}.json")),
        ]
        posts = snapshots(make(sleeps=sleeps))
    assert sleeps == [2.0, 4.0] and len(posts[2].comments) == 2


def test_an_expired_token_is_a_clear_credentials_error() -> None:
    with mastodon_api() as api:
        api["lookup"].respond(401, json=fixture("error_401.json"))
        with pytest.raises(CredentialsError) as caught:
            snapshots(make())
    assert "expired or been revoked" in caught.value.message
    assert "token-123" not in caught.value.message


def test_a_malformed_payload_names_the_status_and_field() -> None:
    with mastodon_api() as api:
        api["context_" + POST_A].respond(json=fixture("context_malformed.json"))
        with pytest.raises(PayloadError) as caught:
            snapshots(make())
    assert "113500000000000101" in caught.value.message
    assert "'created_at' missing" in caught.value.message


def test_publishing_a_reply_posts_in_reply_to_the_status() -> None:
    with mastodon_api() as api:
        route = api.post("/api/v1/statuses").respond(json=fixture("status_posted.json"))
        new_id = make().publish_reply(
            in_reply_to=ext("113500000000000103"),
            text="@grumpy Merci pour votre patience, c'est réglé.",
            idempotency_key="reply-42",
        )
        request = route.calls.last.request
    assert new_id == ext("113500000000000300")
    form = dict(httpx.QueryParams(request.content.decode()))
    assert form == {
        "status": "@grumpy Merci pour votre patience, c'est réglé.",
        "in_reply_to_id": "113500000000000103",
    }
    assert request.headers["Idempotency-Key"] == "reply-42"


def test_publishing_without_a_token_is_refused_before_any_request() -> None:
    with mastodon_api() as api:
        with pytest.raises(CredentialsError):
            make(token=None).publish_reply(in_reply_to=ext("1"), text="hello")
        assert not api.calls


def test_html_to_text_keeps_lines_links_and_entities() -> None:
    html = (
        '<p>a &amp; b<br>c</p><p><a href="x"><span class="invisible">https://</span>x.org</a></p>'
    )
    assert html_to_text(html) == "a & b\nc\n\nhttps://x.org"
