"""thread spam counter: spam comments per thread (vigile-comments 3's `spam` signal), which
the inbox's "needs moderation" reads; the inbox's covering index gains it

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-08 02:00:00

Existing threads are filled from stored `spam` scores (none before vigile-comments 3; a
`vigile rescore` recounts them).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

OLD_COLUMNS = [
    "derailment",
    "toxicity_max",
    "negativity_mean",
    "toxic",
    "negative",
    "unanswered",
    "comments",
    "lang",
    "page_id",
]


def upgrade() -> None:
    op.drop_index("ix_thread_states_risk", table_name="thread_states")
    with op.batch_alter_table("thread_states") as table:
        table.add_column(sa.Column("spam", sa.Integer(), nullable=False, server_default="0"))
    op.create_index("ix_thread_states_risk", "thread_states", [*OLD_COLUMNS, "spam"])
    op.execute(
        "UPDATE thread_states SET spam = (SELECT COUNT(*) FROM scores s JOIN comments c"
        " ON c.id = s.comment_id WHERE c.post_id = thread_states.post_id"
        " AND s.signal = 'spam' AND s.value >= 0.5)"
    )


def downgrade() -> None:
    op.drop_index("ix_thread_states_risk", table_name="thread_states")
    with op.batch_alter_table("thread_states") as table:
        table.drop_column("spam")
    op.create_index("ix_thread_states_risk", "thread_states", OLD_COLUMNS)
