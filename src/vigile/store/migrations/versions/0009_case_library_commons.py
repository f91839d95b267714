"""case_studies: owning organisation, commons flag and sector tag

A drafted case belongs to the organisation of its incident's page and stays private
until shared to the commons; imported cases are in the commons.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-26 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("case_studies", schema=None) as batch_op:
        batch_op.add_column(sa.Column("organisation_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("commons", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(
            sa.Column("sector", sa.String(length=100), nullable=False, server_default="")
        )
        batch_op.create_foreign_key(
            "fk_case_studies_organisation", "organisations", ["organisation_id"], ["id"]
        )
    op.execute(
        "UPDATE case_studies SET organisation_id = (SELECT pages.organisation_id FROM incidents"
        " JOIN pages ON pages.id = incidents.page_id WHERE incidents.id = case_studies.incident_id)"
        " WHERE incident_id IS NOT NULL"
    )
    op.execute(
        sa.text("UPDATE case_studies SET commons = :yes WHERE origin = 'imported'").bindparams(
            yes=True
        )
    )


def downgrade() -> None:
    with op.batch_alter_table("case_studies", schema=None) as batch_op:
        batch_op.drop_constraint("fk_case_studies_organisation", type_="foreignkey")
        batch_op.drop_column("sector")
        batch_op.drop_column("commons")
        batch_op.drop_column("organisation_id")
