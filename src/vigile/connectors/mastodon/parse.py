"""Mastodon statuses (API v1 JSON) → domain objects. The only place that reads that JSON."""

from __future__ import annotations

import re
from datetime import datetime
from html.parser import HTMLParser
from typing import Any

from vigile.connectors.base import payload_time
from vigile.domain.errors import PayloadError
from vigile.domain.model import IncomingComment, PageRef

SKIPPED_VISIBILITY = frozenset({"direct"})


def html_to_text(html: str) -> str:
    """Plain text of a status: paragraphs become blank lines, <br> a newline, tags go."""
    parser = _TextParser()
    parser.feed(html)
    parser.close()
    text = "".join(parser.parts)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("p", "blockquote", "li"):
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


class Status:
    """Typed access to one status; a missing or mistyped field raises PayloadError."""

    def __init__(self, data: Any, *, where: str) -> None:
        if not isinstance(data, dict):
            raise PayloadError(f"mastodon: {where}: expected a JSON object")
        self._data = data
        self.id = self._str("id", where=where)
        self._where = f"{where} {self.id}"

    def _str(self, name: str, *, where: str | None = None, optional: bool = False) -> str:
        value = self._data.get(name)
        if optional and (value is None or value == ""):
            return ""
        if not isinstance(value, str | int) or isinstance(value, bool) or value == "":
            state = "missing" if value is None else f"not a string ({type(value).__name__})"
            raise PayloadError(f"mastodon: {where or self._where}: field '{name}' {state}")
        return str(value)

    def time(self, name: str, *, optional: bool = False) -> datetime | None:
        raw = self._str(name, optional=optional)
        if not raw:
            return None
        return payload_time(raw, f"mastodon: {self._where}: field '{name}'")

    @property
    def created_at(self) -> datetime:
        moment = self.time("created_at")
        assert moment is not None
        return moment

    @property
    def text(self) -> str:
        body = html_to_text(self._str("content", optional=True))
        warning = self._str("spoiler_text", optional=True)
        return f"{warning}\n\n{body}".strip() if warning else body

    @property
    def author(self) -> str:
        account = self._data.get("account")
        if not isinstance(account, dict):
            raise PayloadError(f"mastodon: {self._where}: field 'account' missing")
        acct = account.get("acct")
        if not isinstance(acct, str) or not acct:
            raise PayloadError(f"mastodon: {self._where}: field 'account.acct' missing")
        return acct

    @property
    def parent_id(self) -> str:
        return self._str("in_reply_to_id", optional=True)

    @property
    def lang(self) -> str | None:
        return self._str("language", optional=True)[:10] or None

    @property
    def replies_count(self) -> int:
        value = self._data.get("replies_count", 0)
        if not isinstance(value, int) or isinstance(value, bool):
            raise PayloadError(f"mastodon: {self._where}: field 'replies_count' not an integer")
        return value

    @property
    def skipped(self) -> bool:
        """Boosts and direct messages are not the page's public conversation."""
        return self._data.get("reblog") is not None or (
            self._data.get("visibility") in SKIPPED_VISIBILITY
        )


def statuses(payload: Any, *, where: str) -> list[Status]:
    if not isinstance(payload, list):
        raise PayloadError(f"mastodon: {where}: expected a JSON array")
    return [Status(item, where=where) for item in payload]


def descendants(payload: Any) -> list[Status]:
    if not isinstance(payload, dict) or "descendants" not in payload:
        raise PayloadError("mastodon: context: field 'descendants' missing")
    return statuses(payload["descendants"], where="descendant")


def comment(
    reply: Status, *, page: PageRef, post_id: str, post_text: str, ids: IdMap
) -> IncomingComment:
    """A reply in a post's tree as the standard comment; replies to the post have no parent."""
    parent = reply.parent_id
    return IncomingComment(
        external_id=ids.external(reply.id),
        text=reply.text,
        page=page,
        lang=reply.lang,
        author=reply.author,
        created_at=reply.created_at,
        post_id=ids.external(post_id),
        post_text=post_text,
        parent=ids.external(parent) if parent and parent != post_id else None,
        edited_at=reply.time("edited_at", optional=True),
    )


class IdMap:
    """Status ids are per instance: Vigile stores them as `host/id` so instances never clash."""

    def __init__(self, host: str) -> None:
        self.prefix = f"{host}/"

    def external(self, status_id: str) -> str:
        return self.prefix + status_id

    def local(self, external_id: str) -> str:
        return external_id.removeprefix(self.prefix)
