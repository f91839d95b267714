"""Import a comment file into the store: streaming, chunked, idempotent, line-accurate errors."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from vigile.domain.errors import InputError
from vigile.domain.model import IncomingComment
from vigile.pipeline.rows import Row, read_rows
from vigile.store.comments import UpsertCounts, upsert_comments
from vigile.store.db import Database

CHUNK = 1000
KEPT_ERRORS = 1000


@dataclass
class ImportSummary:
    counts: UpsertCounts = field(default_factory=UpsertCounts)
    rejected: int = 0
    errors: list[InputError] = field(default_factory=list)
    unknown_fields: dict[str, int] = field(default_factory=dict)

    def take(self, row: Row) -> IncomingComment | None:
        """Count the row's unknown fields and error (the first 1,000 kept); its comment if good."""
        for name in row.unknown_fields:
            self.unknown_fields.setdefault(name, row.line)
        if row.error is not None:
            self.rejected += 1
            if len(self.errors) < KEPT_ERRORS:
                self.errors.append(row.error)
        return row.comment if row.error is None else None

    @property
    def rows(self) -> int:
        """Every row read: stored, skipped or rejected (0 for an empty file)."""
        return self.added + self.updated + self.skipped + self.rejected

    @property
    def added(self) -> int:
        return self.counts.added

    @property
    def updated(self) -> int:
        return self.counts.updated

    @property
    def skipped(self) -> int:
        return self.counts.skipped


def import_file(
    db: Database, path: Path, *, on_progress: Callable[[int], None] | None = None
) -> ImportSummary:
    """Store every good row of `path`; bad rows are counted, the first 1,000 kept."""
    summary = ImportSummary()
    chunk: list[IncomingComment] = []
    with path.open("rb") as stream:
        for row in read_rows(path, stream):
            comment = summary.take(row)
            if comment is not None:
                chunk.append(comment)
            if len(chunk) >= CHUNK:
                _flush(db, chunk, summary)
                if on_progress:
                    on_progress(stream.tell())
        _flush(db, chunk, summary)
        if on_progress:
            on_progress(stream.tell())
    return summary


def _flush(db: Database, chunk: list[IncomingComment], summary: ImportSummary) -> None:
    if chunk:
        with db.session() as session:
            summary.counts += upsert_comments(session, chunk)
        chunk.clear()
