"""Migrations and models agree, on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from vigile.store.db import schema_is_current
from vigile.store.schema import Base
from vigile.workspace import open_workspace


def test_migrations_build_exactly_the_models(home: Path) -> None:
    workspace = open_workspace(home)
    assert schema_is_current(workspace.db.engine)
    with workspace.db.engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []
    workspace.db.dispose()
