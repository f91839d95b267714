"""Comments pushed over HTTP (`POST /ingest`): the standard format, stored idempotently.

The body is one JSON object, a JSON array of objects, or JSON Lines; each row is
validated like a file line, so an error names its line (or array position) and field.
Rows without a `page` belong to `webhook:<source>`; the request's signed timestamp is
the version of its rows, so an older push never replaces newer content.
"""

from __future__ import annotations

import dataclasses
import io
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from vigile.domain.errors import InputError
from vigile.domain.model import PageRef
from vigile.pipeline.ingest import ImportSummary
from vigile.pipeline.rows import Row, load_json, read_rows, row_from_mapping
from vigile.store.comments import upsert_comments
from vigile.store.db import Database

DEFAULT_PAGE = PageRef.parse(None)


def ingest_body(db: Database, body: bytes, *, source: str, signed_at: datetime) -> ImportSummary:
    """Store every good row of `body` in one transaction; bad rows are counted and kept.

    `signed_at` (the request's signed timestamp) is each row's version: a row already
    stored from a later push is left as it is (counted `stale`).
    """
    summary = ImportSummary()
    page = PageRef("webhook", source)
    comments = []
    for row in body_rows(body):
        comment = summary.take(row)
        if comment is not None:
            if comment.page == DEFAULT_PAGE:
                comment = dataclasses.replace(comment, page=page)
            comments.append(dataclasses.replace(comment, version_at=signed_at))
    if comments:
        with db.session() as session:
            summary.counts += upsert_comments(session, comments)
    return summary


def body_rows(body: bytes) -> Iterator[Row]:
    """Rows of a single JSON document (object or array) or else of JSON Lines."""
    start = body.lstrip()[:1]
    if start in (b"{", b"["):
        try:
            document = load_json(body, line=1)
        except (InputError, UnicodeDecodeError):
            document = None  # maybe JSON Lines: one object per line (each one checked alike)
        if isinstance(document, list):
            yield from (row_from_mapping(n, item) for n, item in enumerate(document, 1))
            return
        if isinstance(document, dict):
            yield row_from_mapping(1, document)
            return
    yield from read_rows(Path("body.jsonl"), io.BytesIO(body))
