"""Reddit: a user's or a subreddit's posts and their comment trees, over the OAuth JSON API.

Reads with an application-only token (client credentials grant): enough to read public
posts and comments, not to comment. httpx rather than praw, so retries, rate limits and
replayed tests are shared with the other connectors.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Iterator
from typing import Any

import httpx

from vigile.connectors.base import ConnectorSetup, Cursor, Harvest
from vigile.connectors.http import Http, json_body
from vigile.connectors.reddit import parse
from vigile.domain.errors import ConfigError, ConnectorError, CredentialsError, PayloadError
from vigile.domain.model import PageRef, PostSnapshot
from vigile.i18n import pick_language, t

API = "https://oauth.reddit.com"
TOKEN_URL = "https://www.reddit.com/api/v1/access_token"
PAGE_SIZE = 100
MORE_BATCH = 100  # /api/morechildren takes at most 100 ids a call
MAX_CONTINUED = 20  # "continue this thread" reads per post
PAGE_REASONS = frozenset({"private", "quarantined", "gated", "banned"})
NAME = re.compile(r"[A-Za-z0-9_-]{2,21}")


def page_ref(
    *, user: str | None = None, subreddit: str | None = None
) -> tuple[PageRef, dict[str, str]]:
    """The page `reddit:u/NAME` or `reddit:r/NAME` and the options stored for it."""
    if (user is None) == (subreddit is None):
        raise ConfigError("reddit: give a user or a subreddit, not both")
    kind, raw = ("user", user) if user is not None else ("subreddit", subreddit)
    name = str(raw).strip().removeprefix("/").removeprefix("u/").removeprefix("r/")
    if not NAME.fullmatch(name):
        raise ConfigError(f"reddit: not a {kind} name: {raw!r}")
    prefix = "u" if kind == "user" else "r"
    return PageRef("reddit", f"{prefix}/{name}"), {"kind": kind, "name": name}


def client_credentials(token: str | None, options: dict[str, str]) -> tuple[str, str] | None:
    """The app's id and secret: the secret holds `id:secret`, or the id is an option."""
    if not token:
        return None
    client_id, sep, secret = token.partition(":")
    if sep:
        return client_id, secret
    if options.get("client_id"):
        return options["client_id"], token
    raise ConfigError(t("reddit.bad_secret", pick_language()))


class RedditConnector:
    """Reads one user's or subreddit's posts (newest first, back to the lookback horizon)."""

    name = "reddit"
    version = "1"

    def __init__(self, setup: ConnectorSetup) -> None:
        self._setup = setup
        self._kind = setup.options["kind"]
        self._name = setup.options["name"]
        self._credentials = client_credentials(setup.token, dict(setup.options))
        self._http = Http(
            network=str(setup.page),
            base_url=API,
            token=None,
            sleep=setup.sleep,
            clock=setup.clock,
            max_wait=setup.max_wait,
            relative_reset=True,
            classify=self._classify,
        )

    def fetch(self, cursor: Cursor) -> Iterator[Harvest]:
        """One harvest per post; a post with no comment now and before is not re-read.

        Every other post in the window has its whole tree read, so edits and deletions show.
        """
        self._login()
        seen: dict[str, int] = dict(cursor.get("comments") or {})
        resume = cursor.get("resume_after")
        visited: dict[str, int] = {}
        for post in self._posts(after=resume):
            count = post.num_comments
            skip = count == 0 and seen.get(post.name, 0) == 0
            tree = parse.Tree() if skip else self._tree(post)
            visited[post.name] = seen[post.name] = count
            state = {"comments": dict(seen), "resume_after": post.name}
            yield Harvest(self._snapshot(post, tree), state)
        kept = {**seen} if resume else visited
        yield Harvest(None, {"comments": kept, "resume_after": None})

    def close(self) -> None:
        self._http.close()

    def _login(self) -> None:
        """Trade the app's id and secret for a bearer token (valid a day, one per sync)."""
        if self._credentials is None:
            raise CredentialsError(
                t("connectors.token_needed", pick_language(), network=self.name, status=401)
            )
        pair = ":".join(self._credentials).encode()
        headers = {"Authorization": "Basic " + base64.b64encode(pair).decode("ascii")}
        try:
            response = self._http.post(
                TOKEN_URL, data={"grant_type": "client_credentials"}, headers=headers
            )
        except CredentialsError:
            raise CredentialsError(
                t("connectors.token_rejected", pick_language(), network=self.name, status=401)
            ) from None
        answer = self._json(response)
        if not isinstance(answer, dict) or not isinstance(answer.get("access_token"), str):
            raise CredentialsError(t("reddit.no_token", pick_language()))
        self._http.authorize(answer["access_token"])

    def _posts(self, *, after: str | None) -> Iterator[parse.Link]:
        horizon = self._setup.clock() - self._setup.lookback
        url = f"/user/{self._name}/submitted" if self._kind == "user" else f"/r/{self._name}/new"
        while True:
            params: dict[str, Any] = {"limit": PAGE_SIZE, "raw_json": 1}
            params.update({"sort": "new"} if self._kind == "user" else {})
            params.update({"after": after} if after else {})
            posts, after = parse.links(self._json(self._http.get(url, params=params)))
            for post in posts:
                if post.created_at < horizon:
                    return
                yield post
            if after is None or not posts:
                return

    def _tree(self, post: parse.Link) -> parse.Tree:
        """The whole comment tree, `more` stubs and deep threads expanded.

        Past MAX_CONTINUED deep threads the tree is left partial (nothing is then marked
        deleted from it).
        """
        tree = parse.comment_tree(self._comments(post))
        asked: set[str] = set()
        while True:
            if more := [i for i in tree.more if i not in asked]:
                asked.update(more[:MORE_BATCH])
                parse.more_children(self._more(post, more[:MORE_BATCH]), tree)
                continue
            deep = [c for c in tree.continued if c not in asked]
            if not deep:
                return tree
            if len(asked.intersection(tree.continued)) >= MAX_CONTINUED:
                tree.partial = True
                return tree
            asked.add(deep[0])
            parse.comment_tree(self._comments(post, comment=deep[0]), tree)

    def _comments(self, post: parse.Link, *, comment: str | None = None) -> Any:
        params: dict[str, Any] = {"raw_json": 1, "limit": 500, "sort": "old"}
        params.update({"comment": comment.removeprefix("t1_")} if comment else {})
        return self._json(
            self._http.get(f"/comments/{post.name.removeprefix('t3_')}", params=params)
        )

    def _more(self, post: parse.Link, ids: list[str]) -> Any:
        params = {"api_type": "json", "link_id": post.name, "children": ",".join(ids)}
        return self._json(self._http.get("/api/morechildren", params={**params, "raw_json": 1}))

    def _snapshot(self, post: parse.Link, tree: parse.Tree) -> PostSnapshot:
        """Deleted and removed comments are left out, so a stored one is marked deleted."""
        page = self._setup.page
        return PostSnapshot(
            page=page,
            post_id=post.name,
            post_text=post.text,
            created_at=post.created_at,
            comments=tuple(
                parse.comment(r, page=page, post=post) for r in tree.replies if not r.gone
            ),
            complete=not tree.partial,
        )

    def _classify(self, response: httpx.Response) -> ConnectorError | None:
        """A private, quarantined, banned or unknown page is not a credentials problem."""
        if response.url.host != httpx.URL(API).host or response.status_code not in (403, 404):
            return None
        try:
            body = response.json()
        except ValueError:
            body = None
        reason = body.get("reason") if isinstance(body, dict) else None
        if response.status_code == 403 and reason not in PAGE_REASONS:
            return None  # a refused token: the shared client says so
        key = "reddit.page_closed" if reason in PAGE_REASONS else "reddit.page_unknown"
        return ConnectorError(
            t(key, pick_language(), page=self._setup.page, reason=reason or "not found")
        )

    def _json(self, response: httpx.Response) -> Any:
        data = json_body(response, network=self.name)
        if data is None:
            raise PayloadError(f"reddit: {response.request.url.path}: empty answer")
        return data
