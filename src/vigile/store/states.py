"""Detector state rows as plain dicts, loaded and saved in bulk.

Thread, author and page states change on every comment; handling them as ORM objects
costs more than the analysis itself. Here a batch loads the rows it needs in one
SELECT and writes them back in one executemany UPDATE and one INSERT.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

from sqlalchemy import Table, bindparam, insert, select, update
from sqlalchemy.orm import Session

from vigile.store.schema import Base


class StateRows:
    """The rows of one state table touched by a batch, keyed by the table's primary key."""

    def __init__(self, session: Session, model: type[Base], key: str) -> None:
        self.session = session
        self.model = model
        self.table = cast(Table, model.__table__)
        self.key = key
        self.rows: dict[Any, dict[str, Any]] = {}
        self._stored: set[Any] = set()

    def load(self, keys: Iterable[Any]) -> dict[Any, dict[str, Any]]:
        wanted = [k for k in set(keys) if k not in self.rows]
        if wanted:
            for row in self.session.execute(
                select(self.table).where(self.table.c[self.key].in_(wanted))
            ):
                data = dict(row._mapping)
                self.rows[data[self.key]] = data
                self._stored.add(data[self.key])
        return self.rows

    def get_or_create(self, key: Any, defaults: dict[str, Any]) -> dict[str, Any]:
        row = self.rows.get(key)
        if row is None:
            row = {self.key: key, **defaults}
            self.rows[key] = row
        return row

    def save(self) -> None:
        updates = [row for key, row in self.rows.items() if key in self._stored]
        inserts = [row for key, row in self.rows.items() if key not in self._stored]
        if updates:
            update_rows(self.session, self.table, self.key, updates)
        if inserts:
            self.session.execute(insert(self.table), inserts)
            self._stored.update(row[self.key] for row in inserts)


def update_rows(session: Session, table: Table, key: str, rows: list[dict[str, Any]]) -> None:
    """One executemany UPDATE of `rows` (same keys each) by their `key` column. Core with
    explicit parameters: the ORM's bulk UPDATE costs more than the SQL itself."""
    if not rows:
        return
    columns = [name for name in rows[0] if name != key]
    statement = (
        update(table)
        .where(table.c[key] == bindparam("_key"))
        .values({name: bindparam(name) for name in columns})
    )
    session.execute(statement, [{"_key": row[key], **{c: row[c] for c in columns}} for row in rows])
