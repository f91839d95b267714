"""Domain types: what Vigile reasons about, independent of storage and networks."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


def utc_now() -> datetime:
    return datetime.now(UTC)


def known_zone(name: str | None) -> str | None:
    """`name` when it is an IANA time zone (`Europe/Paris`), else None."""
    if not name or len(name) > 64:
        return None
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None
    return name


def as_utc(moment: datetime) -> datetime:
    """Aware UTC datetime; a naive value is taken to be UTC already."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def iso_z(moment: datetime) -> str:
    """ISO 8601 in UTC with a 'Z', the way every file and API of Vigile writes times."""
    return as_utc(moment).isoformat().replace("+00:00", "Z")


class Severity(StrEnum):
    INFO = "info"
    WARNING = "warning"
    HIGH = "high"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        return list(Severity).index(self)


class AlertStatus(StrEnum):
    OPEN = "open"
    ACKNOWLEDGED = "acknowledged"


class IncidentStatus(StrEnum):
    OPEN = "open"
    ACKNOWLEDGED = "acknowledged"
    RESPONDING = "responding"
    MONITORING = "monitoring"
    RESOLVED = "resolved"

    def can_become(self, target: IncidentStatus) -> bool:
        """Forward along the lifecycle; a flare-up sends it back to responding."""
        order = list(IncidentStatus)
        if target is IncidentStatus.RESPONDING and self in (
            IncidentStatus.MONITORING,
            IncidentStatus.RESOLVED,
        ):
            return True
        return order.index(target) > order.index(self)


@dataclass(frozen=True, slots=True)
class PageRef:
    """A brand account on one network, written `network:handle` in files."""

    network: str
    handle: str

    @classmethod
    def parse(cls, value: str | None) -> PageRef:
        if not value:
            return cls("file", "default")
        network, sep, handle = value.partition(":")
        if not sep:
            return cls("file", value)
        return cls(network.strip().lower() or "file", handle.strip() or "default")

    def __str__(self) -> str:
        return f"{self.network}:{self.handle}"


@dataclass(frozen=True, slots=True)
class CommentInput:
    """A comment as analysis sees it: text plus the context a scorer may use."""

    text: str
    lang: str | None = None
    post_text: str | None = None
    parent_text: str | None = None


@dataclass(frozen=True, slots=True)
class IncomingComment:
    """One row of the standard comment format, validated, before it is stored."""

    external_id: str
    text: str
    page: PageRef
    lang: str | None = None
    author: str | None = None
    created_at: datetime | None = None
    post_id: str | None = None
    post_text: str | None = None
    parent: str | None = None
    edited_at: datetime | None = None
    version_at: datetime | None = None  # the source's time of this version (a signed push)


@dataclass(frozen=True, slots=True)
class PostSnapshot:
    """A brand post with every reply a network shows under it now, read at one moment.

    `complete` says the comments are the whole visible tree: a stored comment of this
    post that is missing from it was deleted on the network.
    """

    page: PageRef
    post_id: str
    post_text: str | None
    created_at: datetime | None
    comments: tuple[IncomingComment, ...]
    complete: bool = True


@dataclass(frozen=True, slots=True)
class Score:
    """One signal value in [0, 1] with the model that produced it."""

    signal: str
    value: float
    model: str
    version: str


@dataclass(frozen=True, slots=True)
class ThreadComment:
    """A comment inside a thread, with its scores and, when known, its language (fr, en...),
    for forecasters."""

    text: str
    id: str | None = None
    author: str | None = None
    created_at: datetime | None = None
    scores: dict[str, float] = field(default_factory=dict)
    lang: str | None = None


@dataclass(frozen=True, slots=True)
class Signal:
    """An observation at a level (comment, thread, page) that the charter may act on."""

    level: str
    name: str
    value: float
    at: datetime
    page: str
    thread: str | None = None
    comment: str | None = None
    evidence: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class AlertDraft:
    """What the policy engine decides: an alert to record (deduplicated by `key`)."""

    key: str
    kind: str
    severity: Severity
    rule: str
    at: datetime
    page: str
    thread: str | None
    comment: str | None
    evidence: dict[str, Any]
    open_incident: bool = False


def is_brand(author: str | None, page: str) -> bool:
    """The page's own account: its handle's first label (`brindille` in `brindille.fr`)."""
    if not author:
        return False
    handle = page.partition(":")[2]
    label = handle.split("@")[0].split(".")[0]
    return _squash(author) in {_squash(handle), _squash(label)}


def _squash(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())
