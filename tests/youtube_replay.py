"""Replays the captured YouTube Data API exchanges (connectors/youtube/fixtures) with respx."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from importlib import resources
from typing import Any

import respx

API = "https://www.googleapis.com/youtube/v3"
CHANNEL = "UCbr1nd1lleV3l0sCargo0Qx"
UPLOADS = "UUbr1nd1lleV3l0sCargo0Qx"
CARGO, PROMO, RAPPEL = "Kc4rg0V1d3o", "Pr0m0H1v3r2", "R4pp3lRuch3"
T1, T2 = "UgzA1naVel0Cargo1x4AaABAg", "UgxGrumpyR1derRefund24AaABAg"
T3, T4 = "Ugw9LyonTafCouleurs4AaABAg", "UgyMathRainCover0v3r4AaABAg"
NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
KEY = "AIzaSyReplayKey-0123456789abcdefghijk"


def fixture(name: str) -> Any:
    folder = resources.files("vigile.connectors.youtube").joinpath("fixtures")
    return json.loads(folder.joinpath(name).read_text("utf-8"))


@contextmanager
def youtube_api() -> Iterator[respx.MockRouter]:
    """The brand's channel: the cargo video (two pages of threads, a long thread), the
    promo video (comments off), the recall video; an older video ends the window."""
    with respx.mock(base_url=API, assert_all_called=False) as api:
        api.get("/channels", params={"id": CHANNEL}, name="channels").respond(
            json=fixture("channels.json")
        )
        api.get("/playlistItems", params={"pageToken": "EAAaBlBUOkNBTQ"}, name="videos2").respond(
            json=fixture("playlist_page2.json")
        )
        api.get("/playlistItems", name="videos1").respond(json=fixture("playlist_page1.json"))
        threads = "/commentThreads"
        api.get(
            threads,
            params={"videoId": CARGO, "pageToken": "QURTSl9pNEhJeTE0aWZvUGY"},
            name="cargo2",
        ).respond(json=fixture(f"threads_{CARGO}_page2.json"))
        api.get(threads, params={"videoId": CARGO}, name="cargo1").respond(
            json=fixture(f"threads_{CARGO}_page1.json")
        )
        api.get(threads, params={"videoId": PROMO}, name="promo").respond(
            403, json=fixture("error_comments_disabled.json")
        )
        api.get(threads, params={"videoId": RAPPEL}, name="rappel").respond(
            json=fixture(f"threads_{RAPPEL}.json")
        )
        replies = {"parentId": T2}
        api.get(
            "/comments",
            params={**replies, "pageToken": "Z2V0X25ld2VzdF9yZXBsaWVz"},
            name="replies2",
        ).respond(json=fixture(f"replies_{T2}_page2.json"))
        api.get("/comments", params=replies, name="replies1").respond(
            json=fixture(f"replies_{T2}_page1.json")
        )
        yield api
