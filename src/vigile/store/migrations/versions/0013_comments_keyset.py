"""comments: an index on (created_at, id) for the API's keyset paging, newest first

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02 09:00:00

`GET /api/comments` pages with a cursor (the last comment's time and id) instead of an
offset and a full count: with this index a later page costs what the first does.
"""

from __future__ import annotations

from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_comments_time", "comments", ["created_at", "id"])


def downgrade() -> None:
    op.drop_index("ix_comments_time", table_name="comments")
