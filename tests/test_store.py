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


def test_concurrent_writers_keep_the_audit_chain_intact(home: Path) -> None:
    import threading

    from vigile.store.journal import append_decision, verify_chain

    workspace = open_workspace(home)
    errors: list[BaseException] = []

    def writer(name: str) -> None:
        try:
            for i in range(15):
                with workspace.db.session() as session:
                    append_decision(
                        session,
                        actor=name,
                        action="test.write",
                        subject_type="test",
                        subject_id=i,
                        details={},
                    )
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(f"w{n}",)) for n in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    with workspace.db.session() as session:
        assert verify_chain(session) is None
    workspace.db.dispose()
