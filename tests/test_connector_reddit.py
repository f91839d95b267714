"""Reddit connector against replayed API exchanges: posts, trees, more, limits, errors."""

from __future__ import annotations

import base64
from datetime import UTC, datetime

import httpx
import pytest

from conftest import replay_setup, snapshots
from reddit_replay import API, CARGO, NOW, PROMO, RAPPEL, fixture, reddit_api
from vigile.connectors.base import Connector, ConnectorSetup, Replier
from vigile.connectors.reddit import RedditConnector, page_ref
from vigile.connectors.registry import connector_factory, connector_names
from vigile.domain.errors import (
    ConfigError,
    ConnectorError,
    CredentialsError,
    PayloadError,
    RateLimited,
)
from vigile.domain.model import PageRef

SECRET = "app-id-123:app-secret-456"


def make(
    *, token: str | None = SECRET, sleeps: list[float] | None = None, max_wait: float = 900
) -> RedditConnector:
    setup = replay_setup(
        page_ref(subreddit="r/brindille"), token, now=NOW, sleeps=sleeps, max_wait=max_wait
    )
    return RedditConnector(setup)


def test_registered_like_a_plugin_and_implements_the_interface() -> None:
    assert "reddit" in connector_names()
    connector = connector_factory("reddit")(make()._setup)
    assert isinstance(connector, Connector) and not isinstance(connector, Replier)
    assert (connector.name, connector.version) == ("reddit", "1")


def test_page_ref_for_a_user_or_a_subreddit() -> None:
    assert page_ref(user="u/Brindille_Officiel") == (
        PageRef("reddit", "u/Brindille_Officiel"),
        {"kind": "user", "name": "Brindille_Officiel"},
    )
    assert page_ref(subreddit="brindille")[0] == PageRef("reddit", "r/brindille")
    with pytest.raises(ConfigError):
        page_ref(user="a", subreddit="b")
    with pytest.raises(ConfigError):
        page_ref(subreddit="no spaces here")


def test_fetch_yields_the_exact_posts_and_comment_trees() -> None:
    with reddit_api() as api:
        harvests = list(make().fetch({}))
        more = api["more"].calls.last.request.url.params
    posts = [h.snapshot for h in harvests if h.snapshot is not None]
    assert [p.post_id for p in posts] == [CARGO, PROMO, RAPPEL]  # the 9-day-old post is out
    assert posts[0].post_text == (
        "Notre vélo cargo arrive en janvier !\n\nPrécommandes ouvertes dès lundi. "
        "Vos questions ici 👇"
    )
    assert posts[0].created_at == datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
    tree = [(c.external_id, c.parent, c.author) for c in posts[0].comments]
    assert tree == [
        ("t1_lxa0001", None, "ana_velo"),
        ("t1_lxa0002", "t1_lxa0001", "brindille_officiel"),
        ("t1_lxa0003", None, "grumpy_rider"),
        ("t1_lxa0005", "t1_lxa0004", "velotaf_lyon"),  # under a deleted comment
        ("t1_lxa0006", "t1_lxa0003", "troll_du_93"),  # from /api/morechildren
    ]  # the deleted t1_lxa0004 and the removed t1_lxa0007 are left out
    assert (more["link_id"], more["children"]) == (CARGO, "lxa0006,lxa0007")
    first = posts[0].comments[0]
    assert first.text == "Trop bien, enfin un cargo abordable ? Il coûte combien ?"
    assert first.post_id == CARGO and first.lang is None and first.edited_at is None
    assert posts[0].comments[2].edited_at == datetime(2026, 11, 20, 10, 6, tzinfo=UTC)
    assert all(p.complete for p in posts) and posts[1].comments == ()
    assert [c.parent for c in posts[2].comments] == [None, "t1_lxb0001"]
    assert harvests[0].cursor == {"comments": {CARGO: 7}, "resume_after": CARGO}
    assert harvests[-1].cursor == {
        "comments": {CARGO: 7, PROMO: 0, RAPPEL: 2},
        "resume_after": None,
    }


def test_the_app_signs_in_with_its_id_and_secret_and_reads_with_the_bearer_token(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level("DEBUG")
    with reddit_api() as api:
        snapshots(make())
        login = api["token"].calls.last.request
        listing = api["page1"].calls.last.request
    expected = base64.b64encode(SECRET.encode()).decode()
    assert login.headers["Authorization"] == f"Basic {expected}"
    assert login.content == b"grant_type=client_credentials"
    assert listing.headers["Authorization"].startswith("Bearer eyJ")
    assert dict(listing.url.params) == {"limit": "100", "raw_json": "1"}
    assert "app-secret-456" not in caplog.text and "eyJ" not in caplog.text
    assert "grumpy_rider" not in caplog.text and "refund" not in caplog.text


def test_a_user_page_reads_the_submitted_listing_sorted_by_new() -> None:
    page, options = page_ref(user="brindille_officiel")
    setup = ConnectorSetup(page=page, options=options, token=SECRET, clock=lambda: NOW)
    with reddit_api() as api:
        route = api.get(f"{API}/user/brindille_officiel/submitted").respond(
            json=fixture("new_page2.json")
        )
        posts = snapshots(RedditConnector(setup))
        assert route.calls.last.request.url.params["sort"] == "new"
    assert [p.post_id for p in posts] == [RAPPEL]


def test_a_resumed_pass_starts_after_the_last_stored_post() -> None:
    with reddit_api() as api:
        harvests = list(make().fetch({"comments": {CARGO: 7}, "resume_after": CARGO}))
        assert api["after_cargo"].called and not api["page1"].called
    assert [h.snapshot.post_id for h in harvests if h.snapshot] == [PROMO, RAPPEL]


def deep_thread() -> dict[str, object]:
    """The cargo tree with a "continue this thread" stub under the brand's answer."""
    tree = fixture(f"comments_{CARGO.removeprefix('t3_')}.json")
    stub = {"count": 0, "name": "t1__", "id": "_", "parent_id": "t1_lxa0002", "children": []}
    tree[1]["data"]["children"].append({"kind": "more", "data": {**stub, "depth": 10}})
    return tree


def test_a_thread_continued_past_the_depth_limit_is_read_from_its_comment() -> None:
    with reddit_api() as api:
        api[f"comments_{CARGO}"].respond(json=deep_thread())
        posts = snapshots(make())
        assert api["deep"].call_count == 1
    ids = [c.external_id for c in posts[0].comments]
    assert ids.count("t1_lxa0002") == 1 and posts[0].complete
    assert posts[0].comments[-1].external_id == "t1_lxa0009"
    assert posts[0].comments[-1].parent == "t1_lxa0002"


def test_past_the_deep_thread_budget_a_tree_is_partial(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("vigile.connectors.reddit.connector.MAX_CONTINUED", 0)
    with reddit_api() as api:
        api[f"comments_{CARGO}"].respond(json=deep_thread())
        posts = snapshots(make())
    assert not posts[0].complete and posts[2].complete


def test_rate_limit_headers_are_respected() -> None:
    sleeps: list[float] = []
    used_up = {"X-Ratelimit-Used": "600", "X-Ratelimit-Remaining": "0.0"}
    with reddit_api() as api:
        api["page1"].respond(
            json=fixture("new_page1.json"), headers={**used_up, "X-Ratelimit-Reset": "42"}
        )
        api[f"comments_{RAPPEL}"].side_effect = [
            httpx.Response(
                429, headers={"X-Ratelimit-Reset": "17"}, json=fixture("error_429.json")
            ),
            httpx.Response(200, json=fixture(f"comments_{RAPPEL.removeprefix('t3_')}.json")),
        ]
        posts = snapshots(make(sleeps=sleeps))
    assert sleeps == [42.0, 17.0] and len(posts[2].comments) == 2


def test_a_long_rate_limit_is_an_error_with_the_delay() -> None:
    with reddit_api() as api:
        api["page1"].respond(429, headers={"X-Ratelimit-Reset": "3000"})
        with pytest.raises(RateLimited) as caught:
            snapshots(make(max_wait=600))
    assert caught.value.retry_after == 3000


def test_refused_app_credentials_are_a_clear_credentials_error() -> None:
    with reddit_api() as api:
        api["token"].respond(401, json=fixture("error_401.json"))
        with pytest.raises(CredentialsError) as caught:
            snapshots(make())
    assert "expired or been revoked" in caught.value.message
    assert "app-secret-456" not in caught.value.message


def test_an_expired_bearer_token_is_a_credentials_error() -> None:
    with reddit_api() as api:
        api["page1"].respond(401, json=fixture("error_401.json"))
        with pytest.raises(CredentialsError):
            snapshots(make())


def test_no_secret_or_a_badly_written_one_is_refused_before_any_request() -> None:
    with reddit_api() as api:
        with pytest.raises(CredentialsError):
            snapshots(make(token=None))
        with pytest.raises(ConfigError) as caught:
            make(token="only-a-secret")
        assert not api.calls
    assert "CLIENT_ID:CLIENT_SECRET" in caught.value.message


def test_a_malformed_payload_names_the_comment_and_field() -> None:
    with reddit_api() as api:
        api[f"comments_{CARGO}"].respond(json=fixture("comments_malformed.json"))
        with pytest.raises(PayloadError) as caught:
            snapshots(make())
    assert "t1_lxa0001" in caught.value.message
    assert "'created_utc' not an epoch time" in caught.value.message


def test_a_listing_that_is_not_one_is_a_payload_error() -> None:
    with reddit_api() as api:
        api["page1"].respond(json={"kind": "t3", "data": {}})
        with pytest.raises(PayloadError, match="expected a Listing"):
            snapshots(make())


@pytest.mark.parametrize(
    ("status", "body", "expected"),
    [
        (403, {"reason": "private", "message": "Forbidden", "error": 403}, "(private)"),
        (404, {"reason": "banned", "message": "Not Found", "error": 404}, "(banned)"),
        (404, {"message": "Not Found", "error": 404}, "no such user or subreddit"),
    ],
)
def test_a_closed_or_unknown_page_says_so_rather_than_blaming_the_token(
    status: int, body: dict[str, object], expected: str
) -> None:
    with reddit_api() as api:
        api["page1"].respond(status, json=body)
        with pytest.raises(ConnectorError) as caught:
            snapshots(make())
    assert not isinstance(caught.value, CredentialsError)
    assert expected in caught.value.message and "reddit:r/brindille" in caught.value.message
