"""Bluesky views (app.bsky.feed.defs) → domain objects. The only place that reads them."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from vigile.connectors.base import payload_time
from vigile.domain.errors import PayloadError
from vigile.domain.model import IncomingComment, PageRef

THREAD_VIEW = "app.bsky.feed.defs#threadViewPost"
BLOCKED = "app.bsky.feed.defs#blockedPost"


class PostView:
    """Typed access to one `postView`; a missing or mistyped field raises PayloadError."""

    def __init__(self, data: Any, *, where: str) -> None:
        if not isinstance(data, dict):
            raise PayloadError(f"bluesky: {where}: expected a JSON object")
        self._data = data
        self.uri = _str(data, "uri", where=where)
        self._where = f"{where} {self.uri}"
        record = data.get("record")
        if not isinstance(record, dict):
            raise PayloadError(f"bluesky: {self._where}: field 'record' missing")
        self._record = record
        self.cid = _str(data, "cid", where=self._where)

    @property
    def text(self) -> str:
        value = self._record.get("text", "")
        if not isinstance(value, str):
            raise PayloadError(f"bluesky: {self._where}: field 'record.text' not a string")
        return value

    @property
    def created_at(self) -> datetime:
        raw = _str(self._record, "createdAt", where=self._where, prefix="record.")
        return payload_time(raw, f"bluesky: {self._where}: field 'record.createdAt'")

    @property
    def author(self) -> str:
        author = self._data.get("author")
        if not isinstance(author, dict):
            raise PayloadError(f"bluesky: {self._where}: field 'author' missing")
        return _str(author, "handle", where=self._where, prefix="author.")

    @property
    def lang(self) -> str | None:
        langs = self._record.get("langs")
        if isinstance(langs, list) and langs and isinstance(langs[0], str):
            return langs[0][:10]
        return None

    @property
    def parent_uri(self) -> str | None:
        return self._reply_ref("parent")

    @property
    def root_uri(self) -> str | None:
        return self._reply_ref("root")

    @property
    def own_ref(self) -> dict[str, str]:
        """The strong reference (`{uri, cid}`) a reply to this post names as its parent."""
        return {"uri": self.uri, "cid": self.cid}

    @property
    def root_ref(self) -> dict[str, str]:
        """The strong reference of this post's thread root (itself when it is a root)."""
        reply = self._record.get("reply")
        root = reply.get("root") if isinstance(reply, dict) else None
        if not isinstance(root, dict):
            return self.own_ref
        where = self._where
        return {"uri": _str(root, "uri", where=where), "cid": _str(root, "cid", where=where)}

    @property
    def reply_count(self) -> int:
        value = self._data.get("replyCount", 0)
        if not isinstance(value, int) or isinstance(value, bool):
            raise PayloadError(f"bluesky: {self._where}: field 'replyCount' not an integer")
        return value

    def _reply_ref(self, which: str) -> str | None:
        reply = self._record.get("reply")
        if not isinstance(reply, dict):
            return None
        ref = reply.get(which)
        return _str(ref, "uri", where=self._where) if isinstance(ref, dict) else None


def _str(data: dict[str, Any], name: str, *, where: str, prefix: str = "") -> str:
    value = data.get(name)
    if not isinstance(value, str) or not value:
        state = "missing" if value is None else "not a string"
        raise PayloadError(f"bluesky: {where}: field '{prefix}{name}' {state}")
    return value


def feed_posts(payload: Any) -> tuple[list[PostView], str | None]:
    """The author's own posts of one feed page (reposts left out) and the next cursor."""
    if not isinstance(payload, dict) or not isinstance(payload.get("feed"), list):
        raise PayloadError("bluesky: author feed: field 'feed' missing")
    posts = [
        PostView(item.get("post"), where="feed item")
        for item in payload["feed"]
        if isinstance(item, dict) and item.get("reason") is None
    ]
    cursor = payload.get("cursor")
    return posts, cursor if isinstance(cursor, str) and cursor else None


def thread_replies(payload: Any) -> tuple[list[PostView], bool]:
    """Every reply under the thread's root, oldest first, and whether none was hidden."""
    thread = payload.get("thread") if isinstance(payload, dict) else None
    if not isinstance(thread, dict) or thread.get("$type") != THREAD_VIEW:
        raise PayloadError("bluesky: post thread: field 'thread' missing")
    replies: list[PostView] = []
    complete = True
    for node in _walk(thread.get("replies") or []):
        if node.get("$type") == THREAD_VIEW:
            replies.append(PostView(node.get("post"), where="reply"))
        elif node.get("$type") == BLOCKED:
            complete = False  # hidden from us, not deleted
    replies.sort(key=lambda p: (p.created_at, p.uri))
    return replies, complete


def _walk(nodes: list[Any]) -> Iterator[dict[str, Any]]:
    for node in nodes:
        if isinstance(node, dict):
            yield node
            yield from _walk(node.get("replies") or [])


def comment(reply: PostView, *, page: PageRef, post: PostView) -> IncomingComment:
    """A reply as the standard comment; ids are at:// URIs (unique across the network)."""
    parent = reply.parent_uri
    return IncomingComment(
        external_id=reply.uri,
        text=reply.text,
        page=page,
        lang=reply.lang,
        author=reply.author,
        created_at=reply.created_at,
        post_id=post.uri,
        post_text=post.text,
        parent=parent if parent and parent != post.uri else None,
    )
