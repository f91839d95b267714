"""Replays the captured Bluesky exchanges (connectors/bluesky/fixtures) with respx."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from typing import Any

import respx

SERVICE = "https://bsky.social"
PUBLIC = "https://public.api.bsky.app"
BRAND_DID = "did:plc:7brindillevelos4kq2x3wz"
POST_A, POST_B, POST_C = "3lbqa7cargo2x", "3lbpz4atelr2x", "3lbmx2rappel2"


def fixture(name: str) -> Any:
    folder = resources.files("vigile.connectors.bluesky").joinpath("fixtures")
    return json.loads(folder.joinpath(name).read_text("utf-8"))


def uri(rkey: str, did: str = BRAND_DID) -> str:
    return f"at://{did}/app.bsky.feed.post/{rkey}"


@contextmanager
def bluesky_api(base: str = SERVICE) -> Iterator[respx.MockRouter]:
    """The brand account: posts A, B (and a repost) on page 1, C (and an old post) on page 2."""
    with respx.mock(base_url=f"{base}/xrpc", assert_all_called=False) as api:
        api.post("/com.atproto.server.createSession", name="session").respond(
            json=fixture("create_session.json")
        )
        feed = "/app.bsky.feed.getAuthorFeed"
        api.get(feed, params={"cursor": "2026-11-18T15:30:00.412Z"}, name="page2").respond(
            json=fixture("author_feed_page2.json")
        )
        api.get(feed, name="page1").respond(json=fixture("author_feed_page1.json"))
        thread = "/app.bsky.feed.getPostThread"
        for rkey in (POST_A, POST_C):
            api.get(thread, params={"uri": uri(rkey)}, name=f"thread_{rkey}").respond(
                json=fixture(f"thread_{rkey}.json")
            )
        api.get(thread, params={"uri": uri(POST_B)}, name=f"thread_{POST_B}").respond(404)
        yield api
