"""Replays the captured Reddit exchanges (connectors/reddit/fixtures) with respx."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from importlib import resources
from typing import Any

import respx

API = "https://oauth.reddit.com"
TOKEN_URL = "https://www.reddit.com/api/v1/access_token"
CARGO, PROMO, RAPPEL = "t3_1gw3k7c", "t3_1gw1p2m", "t3_1gv8r4p"
NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
NEW = "/r/brindille/new"


def fixture(name: str) -> Any:
    folder = resources.files("vigile.connectors.reddit").joinpath("fixtures")
    return json.loads(folder.joinpath(name).read_text("utf-8"))


@contextmanager
def reddit_api() -> Iterator[respx.MockRouter]:
    """r/brindille: the cargo and promo posts on page 1, the recall (and an old post) on 2."""
    with respx.mock(assert_all_called=False) as api:
        api.post(TOKEN_URL, name="token").respond(json=fixture("access_token.json"))
        api.get(f"{API}{NEW}", params={"after": PROMO}, name="page2").respond(
            json=fixture("new_page2.json")
        )
        page1 = fixture("new_page1.json")
        after_cargo = {"kind": "Listing", "data": {**page1["data"]}}
        after_cargo["data"]["children"] = page1["data"]["children"][1:]
        api.get(f"{API}{NEW}", params={"after": CARGO}, name="after_cargo").respond(
            json=after_cargo
        )
        api.get(f"{API}{NEW}", name="page1").respond(json=page1)
        api.get(f"{API}/comments/1gw3k7c", params={"comment": "lxa0002"}, name="deep").respond(
            json=fixture("comments_1gw3k7c_lxa0002.json")
        )  # a thread past the depth limit, read from its comment
        for post in (CARGO, RAPPEL):
            short = post.removeprefix("t3_")
            api.get(f"{API}/comments/{short}", name=f"comments_{post}").respond(
                json=fixture(f"comments_{short}.json")
            )
        api.get(f"{API}/api/morechildren", name="more").respond(
            json=fixture("morechildren_lxa0003.json")
        )
        yield api
