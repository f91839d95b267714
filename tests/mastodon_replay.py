"""Replays the captured Mastodon exchanges (connectors/mastodon/fixtures) with respx."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from importlib import resources
from typing import Any

import respx

BASE = "https://mastodon.example"
HOST = "mastodon.example"
ACCOUNT = "109876543210987654"
POST_A, POST_B, POST_C = "113500000000000003", "113500000000000002", "113500000000000001"
NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
STATUSES = f"/api/v1/accounts/{ACCOUNT}/statuses"


def fixture(name: str) -> Any:
    folder = resources.files("vigile.connectors.mastodon").joinpath("fixtures")
    return json.loads(folder.joinpath(name).read_text("utf-8"))


def _link(max_id: str) -> dict[str, str]:
    query = "exclude_reblogs=true&exclude_replies=true&limit=40"
    return {
        "Link": f'<{BASE}{STATUSES}?{query}&max_id={max_id}>; rel="next", '
        f'<{BASE}{STATUSES}?{query}&min_id={POST_A}>; rel="prev"'
    }


@contextmanager
def mastodon_api() -> Iterator[respx.MockRouter]:
    """The brand account: posts A and B on page 1, C (and an old post) on page 2."""
    with respx.mock(base_url=BASE, assert_all_called=False) as api:
        api.get("/api/v1/accounts/lookup", params={"acct": "brindille"}, name="lookup").respond(
            json=fixture("account_lookup.json")
        )
        page1, page2 = fixture("statuses_page1.json"), fixture("statuses_page2.json")
        api.get(STATUSES, params={"max_id": POST_B}, name="page2").respond(json=page2)
        api.get(STATUSES, params={"max_id": POST_A}, name="after_a").respond(
            json=page1[1:], headers=_link(POST_B)
        )
        api.get(STATUSES, name="page1").respond(json=page1, headers=_link(POST_B))
        for post in (POST_A, POST_C):
            api.get(f"/api/v1/statuses/{post}/context", name=f"context_{post}").respond(
                json=fixture(f"context_{post}.json")
            )
        api.get(f"/api/v1/statuses/{POST_B}/context", name=f"context_{POST_B}").respond(
            json={"ancestors": [], "descendants": []}
        )
        yield api
