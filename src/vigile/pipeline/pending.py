"""The analysis backlog's rows, as read by every pipeline step."""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

from vigile.store.schema import Comment


class PendingComment(NamedTuple):
    """The columns analysis reads; a plain tuple costs far less than an ORM object."""

    id: int
    network: str
    external_id: str
    page_id: int
    post_id: int | None
    author_id: int | None
    parent_ref: str | None
    text: str
    lang: str | None
    created_at: datetime
    content_hash: str


PENDING_COLUMNS = [getattr(Comment, name) for name in PendingComment._fields]
