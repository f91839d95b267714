"""Bluesky: the brand account's posts and their reply threads, over XRPC (app.bsky).

With an app password the connector opens a session on the account's service and reads
through it; without one it reads the public AppView. Replies need the password.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx

from vigile.connectors.base import ConnectorSetup, Cursor, Harvest
from vigile.connectors.bluesky import parse
from vigile.connectors.http import Http, json_body
from vigile.domain.errors import ConfigError, CredentialsError, PayloadError
from vigile.domain.model import PageRef, PostSnapshot, iso_z
from vigile.i18n import pick_language, t

PUBLIC_APPVIEW = "https://public.api.bsky.app"
DEFAULT_SERVICE = "https://bsky.social"
PAGE_SIZE = 50
THREAD_DEPTH = 1000
EXPIRED = frozenset({"ExpiredToken", "InvalidToken"})


def page_ref(handle: str, *, service: str = DEFAULT_SERVICE) -> tuple[PageRef, dict[str, str]]:
    """The page `bluesky:handle` and the options stored for it (no secret)."""
    clean = handle.strip().lstrip("@").lower()
    if "." not in clean or not service.startswith(("https://", "http://")):
        raise ConfigError(f"bluesky: not a handle and service: {handle!r}, {service!r}")
    return PageRef("bluesky", clean), {"handle": clean, "service": service.rstrip("/")}


class BlueskyConnector:
    """Reads one account's posts (newest first, back to the lookback horizon) and replies."""

    name = "bluesky"
    version = "1"

    def __init__(self, setup: ConnectorSetup) -> None:
        self._setup = setup
        self._handle = setup.options["handle"]
        self._service = setup.options.get("service", DEFAULT_SERVICE)
        self._password = setup.token
        self._http = Http(
            network=str(setup.page),
            base_url=self._service if setup.token else PUBLIC_APPVIEW,
            token=None,
            sleep=setup.sleep,
            clock=setup.clock,
            max_wait=setup.max_wait,
            expired_token_errors=EXPIRED,
        )
        self._did: str | None = None

    def fetch(self, cursor: Cursor) -> Iterator[Harvest]:
        """One harvest per post; a post with no reply now and before is not re-read.

        A pass interrupted midway skips, when resumed, the posts it already stored.
        """
        self._login()
        seen: dict[str, int] = dict(cursor.get("replies") or {})
        done: list[str] = list(cursor.get("resume_done") or [])
        visited: dict[str, int] = {}
        for post in self._posts():
            count = post.reply_count
            visited[post.uri] = count
            if post.uri in done:
                continue
            skip = count == 0 and seen.get(post.uri, 0) == 0
            replies, complete = ([], True) if skip else self._thread(post.uri)
            seen[post.uri] = count
            done.append(post.uri)
            state = {"replies": dict(seen), "resume_done": list(done)}
            yield Harvest(self._snapshot(post, replies, complete=complete), state)
        yield Harvest(None, {"replies": visited, "resume_done": []})

    def publish_reply(
        self, *, in_reply_to: str, text: str, idempotency_key: str | None = None
    ) -> str:
        """Create an app.bsky.feed.post replying to the stored at:// URI; returns its URI."""
        if not self._password:
            raise CredentialsError(
                t("connectors.token_needed", pick_language(), network=self.name, status=401)
            )
        self._login()
        answer = self._json(
            self._http.get("/xrpc/app.bsky.feed.getPosts", params={"uris": in_reply_to})
        )
        posts = answer.get("posts") if isinstance(answer, dict) else None
        if not isinstance(posts, list) or not posts:
            raise PayloadError(f"bluesky: {in_reply_to}: the post to reply to is gone")
        target = parse.PostView(posts[0], where="reply target")
        record = {
            "$type": "app.bsky.feed.post",
            "text": text,
            "createdAt": iso_z(self._setup.clock()),
            "reply": {"root": target.root_ref, "parent": target.own_ref},
        }
        body = {"repo": self._did, "collection": "app.bsky.feed.post", "record": record}
        response = self._http.post(
            "/xrpc/com.atproto.repo.createRecord", json=body, idempotent=False
        )  # no idempotency key on Bluesky: a retry after a timeout could post twice
        created = self._json(response)
        if not isinstance(created, dict) or not isinstance(created.get("uri"), str):
            raise PayloadError("bluesky: createRecord: field 'uri' missing")
        return str(created["uri"])

    def _json(self, response: httpx.Response) -> Any:
        return json_body(response, network=self.name)

    def close(self) -> None:
        self._http.close()

    def _login(self) -> None:
        if not self._password or self._did:
            return
        try:
            response = self._http.post(
                "/xrpc/com.atproto.server.createSession",
                json={"identifier": self._handle, "password": self._password},
            )
        except CredentialsError:
            raise CredentialsError(
                t("connectors.token_rejected", pick_language(), network=self.name, status=401)
            ) from None
        session = self._json(response)
        if not isinstance(session, dict) or not session.get("accessJwt"):
            raise PayloadError("bluesky: createSession: field 'accessJwt' missing")
        self._http.authorize(str(session["accessJwt"]))
        self._did = str(session.get("did") or "")

    def _posts(self) -> Iterator[parse.PostView]:
        horizon = self._setup.clock() - self._setup.lookback
        page_cursor: str | None = None
        while True:
            params = {"actor": self._handle, "filter": "posts_no_replies", "limit": PAGE_SIZE}
            if page_cursor:
                params["cursor"] = page_cursor
            response = self._http.get("/xrpc/app.bsky.feed.getAuthorFeed", params=params)
            posts, page_cursor = parse.feed_posts(self._json(response))
            for post in posts:
                if post.created_at < horizon:
                    return
                if post.parent_uri is None:
                    yield post
            if page_cursor is None or not posts:
                return

    def _thread(self, uri: str) -> tuple[list[parse.PostView], bool]:
        params = {"uri": uri, "depth": THREAD_DEPTH, "parentHeight": 0}
        response = self._http.get("/xrpc/app.bsky.feed.getPostThread", params=params)
        return parse.thread_replies(self._json(response))

    def _snapshot(
        self, post: parse.PostView, replies: list[parse.PostView], *, complete: bool
    ) -> PostSnapshot:
        page = self._setup.page
        return PostSnapshot(
            page=page,
            post_id=post.uri,
            post_text=post.text,
            created_at=post.created_at,
            comments=tuple(parse.comment(r, page=page, post=post) for r in replies),
            complete=complete,
        )
