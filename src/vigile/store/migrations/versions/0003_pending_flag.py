"""pending flag: the analysis backlog as an index range, not a scan

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 17:50:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("comments", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("pending", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.drop_index("ix_comments_backlog")
    op.execute(
        "UPDATE comments SET pending = (analysed_hash IS NULL OR analysed_hash <> content_hash)"
    )
    op.create_index("ix_comments_pending", "comments", ["pending", "created_at", "id"])


def downgrade() -> None:
    op.drop_index("ix_comments_pending", table_name="comments")
    with op.batch_alter_table("comments", schema=None) as batch_op:
        batch_op.create_index("ix_comments_backlog", ["analysed_hash", "content_hash"])
        batch_op.drop_column("pending")
