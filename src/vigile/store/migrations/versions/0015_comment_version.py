"""comment version: the source's time of the stored version of a comment

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-27 09:00:00

`POST /ingest` signs a timestamp with the body; it is kept per comment so that an older
push (a replayed or late request) never replaces newer content. Existing rows have none.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


# plain ALTER TABLE, no batch copy: other tables' foreign keys point at comments, and
# SQLite (3.35+) adds and drops a plain column in place


def upgrade() -> None:
    op.add_column("comments", sa.Column("version_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    op.drop_column("comments", "version_at")
