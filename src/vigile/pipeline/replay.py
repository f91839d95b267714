"""Replay a timestamped comment stream through the whole pipeline, in event time.

The stream goes into a throw-away SQLite database, so a replay never touches a
workspace and the same input always gives the same alerts.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import IO

from vigile.domain.errors import InputError
from vigile.domain.model import IncomingComment
from vigile.pipeline.analyse import RunSummary, Stages, run_backlog
from vigile.pipeline.rows import read_rows
from vigile.store.comments import ensure_organisation, upsert_comments
from vigile.store.db import Database, migrate
from vigile.store.queries import alerts_in_event_order

CHUNK = 1000


def replay(
    source: Path, out: IO[str], stages: Stages, *, batch_size: int = 1000
) -> tuple[RunSummary, list[InputError]]:
    """Write every alert as one JSON line, in event order; returns the run and rejected lines."""
    errors: list[InputError] = []
    with tempfile.TemporaryDirectory(prefix="vigile-replay-") as tmp:
        db = Database(f"sqlite:///{Path(tmp) / 'replay.db'}")
        try:
            migrate(db.engine)
            with db.session() as session:
                ensure_organisation(session)
            _load(db, source, errors)
            summary = run_backlog(db, stages, batch_size=batch_size)
            with db.session() as session:
                for alert in alerts_in_event_order(session):
                    out.write(json.dumps(alert, ensure_ascii=False) + "\n")
        finally:
            db.dispose()
    return summary, errors


def _load(db: Database, source: Path, errors: list[InputError]) -> None:
    chunk: list[IncomingComment] = []
    with source.open("rb") as stream:
        for row in read_rows(source, stream):
            if row.error is not None:
                errors.append(row.error)
            elif row.comment is not None and row.comment.created_at is None:
                errors.append(
                    InputError("required for a replay", line=row.line, field="created_at")
                )
            elif row.comment is not None:
                chunk.append(row.comment)
            if len(chunk) >= CHUNK:
                _store(db, chunk)
        _store(db, chunk)


def _store(db: Database, chunk: list[IncomingComment]) -> None:
    if chunk:
        with db.session() as session:
            upsert_comments(session, chunk)
        chunk.clear()
