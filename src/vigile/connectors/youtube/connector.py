"""YouTube: comment threads under a channel's videos, over the YouTube Data API v3.

Reads with an API key (public data only): the uploads playlist gives the videos, each
video's commentThreads its comments, and comments?parentId= the replies a thread does
not include. httpx rather than google-api-python-client, so retries, rate limits and
replayed tests are shared with the other connectors.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx

from vigile.connectors.base import ConnectorSetup, Cursor, Harvest
from vigile.connectors.http import Http, json_body
from vigile.connectors.youtube import parse
from vigile.domain.errors import ConfigError, ConnectorError, CredentialsError, RateLimited
from vigile.domain.model import PageRef, PostSnapshot, iso_z
from vigile.i18n import pick_language, t

API = "https://www.googleapis.com/youtube/v3"
CHANNEL = re.compile(r"UC[A-Za-z0-9_-]{22}")
QUOTA_REASONS = frozenset({"quotaExceeded", "dailyLimitExceeded"})
SHORT_LIMIT_WAIT = 60.0  # rateLimitExceeded: too many requests in a short time
KEY_REASONS = frozenset({"keyInvalid", "keyExpired", "API_KEY_INVALID", "API_KEY_EXPIRED"})
QUOTA_ZONE = ZoneInfo("America/Los_Angeles")  # the daily quota resets at midnight Pacific


class CommentsDisabled(ConnectorError):
    """The video's comments are turned off: it has no conversation to read."""

    code = "comments_disabled"


def page_ref(channel: str) -> tuple[PageRef, dict[str, str]]:
    """The page `youtube:UC…` and the options stored for it (no secret)."""
    clean = channel.strip().rstrip("/").rsplit("/", 1)[-1]
    if not CHANNEL.fullmatch(clean):
        raise ConfigError(t("youtube.bad_channel", pick_language(), channel=channel))
    return PageRef("youtube", clean), {"channel": clean}


def quota_reset(now: datetime) -> datetime:
    """The next midnight, Pacific time, as UTC."""
    local = now.astimezone(QUOTA_ZONE)
    midnight = (local + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    return midnight.astimezone(now.tzinfo)


class YouTubeConnector:
    """Reads the comment threads of one channel's videos, back to the lookback horizon."""

    name = "youtube"
    version = "1"

    def __init__(self, setup: ConnectorSetup) -> None:
        self._setup = setup
        self._channel = setup.options["channel"]
        self._key = setup.token
        self._http = Http(
            network=str(setup.page),
            base_url=API,
            token=None,
            sleep=setup.sleep,
            clock=setup.clock,
            max_wait=setup.max_wait,
            classify=self._classify,
            secret_headers={"X-Goog-Api-Key": setup.token} if setup.token else None,
        )

    def fetch(self, cursor: Cursor) -> Iterator[Harvest]:
        """One harvest per video; a pass interrupted midway skips, resumed, the videos done."""
        if not self._key:
            raise CredentialsError(
                t("connectors.token_needed", pick_language(), network=self.name, status=403)
            )
        uploads = str(cursor.get("uploads") or self._uploads())
        done: list[str] = list(cursor.get("resume_done") or [])
        for video in self._videos(uploads):
            if video.id in done:
                continue
            comments = self._comments(video.id)
            done.append(video.id)
            state = {"uploads": uploads, "resume_done": list(done)}
            yield Harvest(self._snapshot(video, comments), state)
        yield Harvest(None, {"uploads": uploads, "resume_done": []})

    def close(self) -> None:
        self._http.close()

    def _get(self, path: str, params: dict[str, Any]) -> Any:
        """GET with the API key in a header, not the URL (httpx logs URLs at INFO)."""
        return json_body(self._http.get(path, params=params), network=self.name)

    def _uploads(self) -> str:
        answer = self._get("/channels", {"part": "contentDetails", "id": self._channel})
        playlist = parse.uploads_playlist(answer)
        if playlist is None:
            raise ConfigError(t("youtube.no_channel", pick_language(), channel=self._channel))
        return playlist

    def _videos(self, uploads: str) -> Iterator[parse.Video]:
        horizon = self._setup.clock() - self._setup.lookback
        page: str | None = None
        while True:
            params = {"part": "snippet,contentDetails", "playlistId": uploads, "maxResults": 50}
            answer = self._get(
                "/playlistItems", {**params, **({"pageToken": page} if page else {})}
            )
            found, page = parse.videos(answer)
            for video in found:
                if video.published_at < horizon:
                    return
                yield video
            if page is None:
                return

    def _comments(self, video_id: str) -> list[parse.Comment]:
        """Every top comment and reply of a video (none when its comments are off)."""
        found: list[parse.Comment] = []
        page: str | None = None
        while True:
            params = {
                "part": "snippet,replies",
                "videoId": video_id,
                "maxResults": 100,
                "textFormat": "plainText",
                **({"pageToken": page} if page else {}),
            }
            try:
                threads, page = parse.threads(self._get("/commentThreads", params))
            except CommentsDisabled:
                return []
            for thread in threads:
                found.append(thread.top)
                complete = len(thread.replies) >= thread.total_replies
                found.extend(thread.replies if complete else self._replies(thread.top.id))
            if page is None:
                return found

    def _replies(self, parent_id: str) -> list[parse.Comment]:
        """All replies of a thread that has more than the few commentThreads includes."""
        found: list[parse.Comment] = []
        page: str | None = None
        while True:
            params = {"part": "snippet", "parentId": parent_id, "maxResults": 100}
            params.update({"textFormat": "plainText", **({"pageToken": page} if page else {})})
            replies, page = parse.replies(self._get("/comments", params))
            found.extend(replies)
            if page is None:
                return found

    def _snapshot(self, video: parse.Video, comments: list[parse.Comment]) -> PostSnapshot:
        page = self._setup.page
        return PostSnapshot(
            page=page,
            post_id=video.id,
            post_text=video.text,
            created_at=video.published_at,
            comments=tuple(parse.comment(c, page=page, video=video) for c in comments),
        )

    def _classify(self, response: httpx.Response) -> ConnectorError | None:
        """Quota (403) parks the page until midnight Pacific; a bad key is a credentials error."""
        try:
            reasons = parse.error_reasons(response.json())
        except ValueError:
            return None
        lang = pick_language()
        if reasons & QUOTA_REASONS:
            now = self._setup.clock()
            reset = quota_reset(now)
            message = t("youtube.quota", lang, network=self._setup.page, at=iso_z(reset))
            return RateLimited(message, retry_after=(reset - now).total_seconds())
        if "rateLimitExceeded" in reasons:
            message = t("connectors.rate_limited", lang, network=self._setup.page, seconds=60)
            return RateLimited(message, retry_after=SHORT_LIMIT_WAIT)
        if reasons & KEY_REASONS:
            return CredentialsError(t("youtube.key_rejected", lang, network=self._setup.page))
        if "commentsDisabled" in reasons:
            return CommentsDisabled("comments disabled")
        return None
