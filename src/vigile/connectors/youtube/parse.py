"""YouTube Data API v3 resources (channel, playlistItem, commentThread, comment) → domain.

The only place that reads YouTube's JSON.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from vigile.connectors.base import payload_time
from vigile.domain.errors import PayloadError
from vigile.domain.model import IncomingComment, PageRef


class Fields:
    """Typed access to a JSON object by dotted path; a missing field names itself."""

    def __init__(self, data: Any, *, where: str) -> None:
        if not isinstance(data, dict):
            raise PayloadError(f"youtube: {where}: expected a JSON object")
        self._data = data
        self.where = where

    def get(self, path: str, *, optional: bool = False) -> Any:
        value: Any = self._data
        for part in path.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        if value is None and not optional:
            raise PayloadError(f"youtube: {self.where}: field '{path}' missing")
        return value

    def string(self, path: str, *, optional: bool = False) -> str:
        value = self.get(path, optional=optional)
        if value is None:
            return ""
        if not isinstance(value, str):
            raise PayloadError(f"youtube: {self.where}: field '{path}' not a string")
        return value

    def time(self, path: str, *, optional: bool = False) -> datetime | None:
        raw = self.string(path, optional=optional)
        if not raw:
            return None
        return payload_time(raw, f"youtube: {self.where}: field '{path}'")

    def items(self) -> list[Any]:
        value = self.get("items")
        if not isinstance(value, list):
            raise PayloadError(f"youtube: {self.where}: field 'items' not a list")
        return value

    @property
    def next_page(self) -> str | None:
        return self.string("nextPageToken", optional=True) or None


@dataclass(frozen=True, slots=True)
class Video:
    id: str
    title: str
    description: str
    published_at: datetime

    @property
    def text(self) -> str:
        return f"{self.title}\n\n{self.description}".strip()


@dataclass(frozen=True, slots=True)
class Comment:
    id: str
    text: str
    author: str | None
    published_at: datetime
    updated_at: datetime
    parent_id: str | None


@dataclass(frozen=True, slots=True)
class Thread:
    top: Comment
    replies: list[Comment]
    total_replies: int


def error_reasons(payload: Any) -> set[str]:
    """The `reason`s of a Google API error body (errors[] and details[]); empty if none."""
    error = payload.get("error") if isinstance(payload, dict) else None
    if not isinstance(error, dict):
        return set()
    found = set()
    for entry in (error.get("errors") or []) + (error.get("details") or []):
        if isinstance(entry, dict) and isinstance(entry.get("reason"), str):
            found.add(entry["reason"])
    return found


def uploads_playlist(payload: Any) -> str | None:
    """The channel's uploads playlist id; None when no such channel."""
    items = Fields(payload, where="channels").items()
    if not items:
        return None
    channel = Fields(items[0], where="channel")
    return channel.string("contentDetails.relatedPlaylists.uploads")


def videos(payload: Any) -> tuple[list[Video], str | None]:
    """Public videos of a playlistItems page (private and deleted ones have no publish time)."""
    page = Fields(payload, where="playlistItems")
    found = []
    for item in page.items():
        entry = Fields(item, where="playlistItem")
        entry.where = f"playlistItem {entry.string('id')}"
        published = entry.time("contentDetails.videoPublishedAt", optional=True)
        if published is None:
            continue
        found.append(
            Video(
                id=entry.string("contentDetails.videoId"),
                title=entry.string("snippet.title"),
                description=entry.string("snippet.description", optional=True),
                published_at=published,
            )
        )
    return found, page.next_page


def comment_resource(item: Any) -> Comment:
    """A `youtube#comment`: the original text, edits from updatedAt vs publishedAt."""
    entry = Fields(item, where="comment")
    entry.where = f"comment {entry.string('id')}"
    text = entry.string("snippet.textOriginal", optional=True)
    published = entry.time("snippet.publishedAt")
    updated = entry.time("snippet.updatedAt", optional=True)
    assert published is not None
    return Comment(
        id=entry.string("id"),
        text=text or entry.string("snippet.textDisplay"),
        author=entry.string("snippet.authorDisplayName", optional=True) or None,
        published_at=published,
        updated_at=updated or published,
        parent_id=entry.string("snippet.parentId", optional=True) or None,
    )


def threads(payload: Any) -> tuple[list[Thread], str | None]:
    page = Fields(payload, where="commentThreads")
    found = []
    for item in page.items():
        entry = Fields(item, where="commentThread")
        entry.where = f"commentThread {entry.string('id')}"
        total = entry.get("snippet.totalReplyCount", optional=True) or 0
        if not isinstance(total, int):
            raise PayloadError(f"youtube: {entry.where}: field 'totalReplyCount' not an integer")
        replies = entry.get("replies.comments", optional=True) or []
        found.append(
            Thread(
                top=comment_resource(entry.get("snippet.topLevelComment")),
                replies=[comment_resource(r) for r in replies],
                total_replies=total,
            )
        )
    return found, page.next_page


def replies(payload: Any) -> tuple[list[Comment], str | None]:
    page = Fields(payload, where="comments")
    return [comment_resource(item) for item in page.items()], page.next_page


def comment(item: Comment, *, page: PageRef, video: Video) -> IncomingComment:
    """A comment as the standard comment; a reply's parent is its thread's top comment."""
    edited = item.updated_at if item.updated_at > item.published_at else None
    return IncomingComment(
        external_id=item.id,
        text=item.text,
        page=page,
        author=item.author,
        created_at=item.published_at,
        post_id=video.id,
        post_text=video.text,
        parent=item.parent_id,
        edited_at=edited,
    )
