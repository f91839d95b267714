"""Mastodon: the brand account's statuses and their reply trees, over the REST API (v1).

Talks to the API with httpx rather than Mastodon.py: the handful of endpoints is
small, and one HTTP stack lets every connector share retries and test replay (respx).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlparse

import httpx

from vigile.connectors.base import ConnectorSetup, Cursor, Harvest
from vigile.connectors.http import Http, json_body
from vigile.connectors.mastodon import parse
from vigile.domain.errors import ConfigError, CredentialsError, PayloadError
from vigile.domain.model import PageRef, PostSnapshot
from vigile.i18n import pick_language, t

PAGE_SIZE = 40
UNAUTHENTICATED_DESCENDANTS = 60


def page_ref(instance: str, account: str) -> tuple[PageRef, dict[str, str]]:
    """The page `mastodon:user@host` and the options stored for it (no secret)."""
    parsed = urlparse(instance if "://" in instance else f"https://{instance}")
    if parsed.scheme not in ("https", "http") or not parsed.hostname:
        raise ConfigError(f"mastodon: not an instance address: {instance!r}")
    host = parsed.hostname
    user = account.strip().lstrip("@").removesuffix(f"@{host}")
    if not user:
        raise ConfigError("mastodon: the account handle is empty")
    base = f"{parsed.scheme}://{parsed.netloc}"
    return PageRef("mastodon", f"{user}@{host}"), {"instance": base, "account": user}


class MastodonConnector:
    """Reads one account's posts (newest first, back to the lookback horizon) and replies."""

    name = "mastodon"
    version = "1"

    def __init__(self, setup: ConnectorSetup) -> None:
        self._setup = setup
        self._instance = setup.options["instance"]
        self._account = setup.options["account"]
        self._ids = parse.IdMap(urlparse(self._instance).hostname or self._instance)
        self._http = Http(
            network=str(setup.page),
            base_url=self._instance,
            token=setup.token,
            sleep=setup.sleep,
            clock=setup.clock,
            max_wait=setup.max_wait,
        )

    def fetch(self, cursor: Cursor) -> Iterator[Harvest]:
        """One harvest per post; the cursor remembers reply counts and where a pass stopped.

        A post whose replies_count is 0 now and was 0 before is not re-read; every other
        post in the window has its whole tree read, so edits and deletions show.
        """
        account_id = str(cursor.get("account_id") or self._lookup())
        seen: dict[str, int] = dict(cursor.get("replies") or {})
        resume = cursor.get("resume_max_id")
        visited: dict[str, int] = {}
        for post in self._posts(account_id, max_id=resume):
            count = post.replies_count
            tree = [] if count == 0 and seen.get(post.id, 0) == 0 else self._tree(post.id)
            visited[post.id] = count
            seen[post.id] = count
            state = {"account_id": account_id, "replies": dict(seen), "resume_max_id": post.id}
            yield Harvest(self._snapshot(post, tree), state)
        kept = {**seen} if resume else visited
        yield Harvest(None, {"account_id": account_id, "replies": kept, "resume_max_id": None})

    def publish_reply(
        self, *, in_reply_to: str, text: str, idempotency_key: str | None = None
    ) -> str:
        """POST /api/v1/statuses in reply to a stored id; needs a token with write:statuses.

        The idempotency key (by default derived from the target and the text) makes a
        retried request post once.
        """
        if not self._http.authenticated:
            raise CredentialsError(
                t("connectors.token_needed", pick_language(), network=self.name, status=401)
            )
        key = idempotency_key or hashlib.sha256(f"{in_reply_to}\n{text}".encode()).hexdigest()
        response = self._http.post(
            "/api/v1/statuses",
            data={"status": text, "in_reply_to_id": self._ids.local(in_reply_to)},
            headers={"Idempotency-Key": key},
        )
        return self._ids.external(parse.Status(_json(response), where="posted status").id)

    def close(self) -> None:
        self._http.close()

    def _lookup(self) -> str:
        response = self._http.get("/api/v1/accounts/lookup", params={"acct": self._account})
        data = _json(response)
        if not isinstance(data, dict) or not data.get("id"):
            raise PayloadError("mastodon: account lookup: field 'id' missing")
        return str(data["id"])

    def _posts(self, account_id: str, *, max_id: str | None) -> Iterator[parse.Status]:
        horizon = self._setup.clock() - self._setup.lookback
        params: dict[str, Any] | None = {
            "limit": PAGE_SIZE,
            "exclude_reblogs": "true",
            "exclude_replies": "true",
            **({"max_id": max_id} if max_id else {}),
        }
        url = f"/api/v1/accounts/{account_id}/statuses"
        while url:
            response = self._http.get(url, params=params)
            for status in parse.statuses(_json(response), where="status"):
                if status.created_at < horizon:
                    return
                if not status.skipped and not status.parent_id:
                    yield status
            url = response.links.get("next", {}).get("url", "")
            params = None  # the Link header's URL carries them

    def _tree(self, post_id: str) -> list[parse.Status]:
        response = self._http.get(f"/api/v1/statuses/{post_id}/context")
        return [s for s in parse.descendants(_json(response)) if not s.skipped]

    def _snapshot(self, post: parse.Status, tree: list[parse.Status]) -> PostSnapshot:
        page, text = self._setup.page, post.text
        truncated = not self._http.authenticated and len(tree) >= UNAUTHENTICATED_DESCENDANTS
        return PostSnapshot(
            page=page,
            post_id=self._ids.external(post.id),
            post_text=text,
            created_at=post.created_at,
            comments=tuple(
                parse.comment(r, page=page, post_id=post.id, post_text=text, ids=self._ids)
                for r in tree
            ),
            complete=not truncated,
        )


def _json(response: httpx.Response) -> Any:
    return json_body(response, network="mastodon")
