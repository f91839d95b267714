"""peer help with accounts: who asked and answered, moderation, peer profiles, reports, notices

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-26 10:00:00
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def _moderation(batch: Any) -> None:
    add = batch.add_column
    add(sa.Column("moderation", sa.String(20), nullable=False, server_default="published"))
    add(sa.Column("held_reasons", sa.JSON(), nullable=True))


def upgrade() -> None:
    with op.batch_alter_table("help_requests") as batch:
        batch.add_column(sa.Column("asked_by", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("scenario", sa.String(100), nullable=False, server_default=""))
        batch.add_column(sa.Column("network", sa.String(50), nullable=False, server_default=""))
        _moderation(batch)
        batch.create_foreign_key(
            "fk_help_requests_asked_by", "users", ["asked_by"], ["id"], ondelete="SET NULL"
        )
    with op.batch_alter_table("help_answers") as batch:
        batch.add_column(sa.Column("user_id", sa.Integer(), nullable=True))
        _moderation(batch)
        batch.create_foreign_key(
            "fk_help_answers_user_id", "users", ["user_id"], ["id"], ondelete="SET NULL"
        )
    op.create_table(
        "peer_profiles",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("peer_name", sa.String(40), nullable=False),
        sa.Column("opted_in", sa.Boolean(), nullable=False),
        sa.Column("lang", sa.String(10), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("user_id"),
        sa.UniqueConstraint("peer_name"),
    )
    op.create_table(
        "peer_reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subject_type", sa.String(20), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("resolved", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("subject_type", "subject_id", "user_id"),
    )
    op.create_table(
        "peer_notices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("answer_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("read_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("mail", sa.String(20), nullable=False),
        sa.Column("mail_error", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["request_id"], ["help_requests.id"]),
        sa.ForeignKeyConstraint(["answer_id"], ["help_answers.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_peer_notices_user_unread", "peer_notices", ["user_id", "read_at"])


def downgrade() -> None:
    op.drop_index("ix_peer_notices_user_unread", "peer_notices")
    op.drop_table("peer_notices")
    op.drop_table("peer_reports")
    op.drop_table("peer_profiles")
    with op.batch_alter_table("help_answers") as batch:
        batch.drop_constraint("fk_help_answers_user_id", type_="foreignkey")
        for column in ("held_reasons", "moderation", "user_id"):
            batch.drop_column(column)
    with op.batch_alter_table("help_requests") as batch:
        batch.drop_constraint("fk_help_requests_asked_by", type_="foreignkey")
        for column in ("held_reasons", "moderation", "network", "scenario", "asked_by"):
            batch.drop_column(column)
