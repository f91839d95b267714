"""The connector interface: read a page's posts and reply trees since a cursor, reply."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Protocol, runtime_checkable

from vigile.domain.errors import PayloadError
from vigile.domain.model import PageRef, PostSnapshot, as_utc, utc_now

Cursor = dict[str, Any]
"""JSON-serialisable state a connector keeps between syncs; only its connector reads it."""


@dataclass(frozen=True, slots=True)
class Harvest:
    """One post read from a network, and the cursor to store in the same transaction.

    `snapshot` is None for a harvest that only moves the cursor (e.g. the end of a pass).
    """

    snapshot: PostSnapshot | None
    cursor: Cursor


@dataclass(frozen=True)
class ConnectorSetup:
    """What a connector is built from; `sleep` and `clock` are injectable for tests."""

    page: PageRef
    options: Mapping[str, str]
    token: str | None = field(default=None, repr=False)
    lookback: timedelta = timedelta(days=7)
    max_wait: float = 900.0
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], datetime] = utc_now


@runtime_checkable
class Connector(Protocol):
    """Reads one page of one network. Built by the factory its entry point names."""

    name: str
    version: str

    def fetch(self, cursor: Cursor) -> Iterator[Harvest]:
        """The page's posts and their full reply trees, newest first, each with its cursor."""
        ...


@runtime_checkable
class Replier(Protocol):
    """A connector that can also publish a reply (optional)."""

    def publish_reply(
        self, *, in_reply_to: str, text: str, idempotency_key: str | None = None
    ) -> str:
        """Publish `text` under the comment or post `in_reply_to`; returns the new id."""
        ...


ConnectorFactory = Callable[[ConnectorSetup], Connector]


def payload_time(raw: str, field_name: str) -> datetime:
    """An ISO 8601 time from a network's payload ("Z" accepted), in UTC; a PayloadError
    naming `field_name` (network, item and field) otherwise."""
    try:
        return as_utc(datetime.fromisoformat(raw.replace("Z", "+00:00")))
    except ValueError:
        raise PayloadError(f"{field_name} is not an ISO 8601 time") from None
