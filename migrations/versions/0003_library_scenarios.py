"""The scenario library: scenarios instructors save from the editor, each under the hash
of its owner's library key.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "library_scenarios",
        sa.Column("id", sa.String(32), nullable=False),
        sa.Column("owner_hash", sa.String(64), nullable=False),
        sa.Column("scenario_id", sa.String(80), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("saved_at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_library_scenarios"),
        sa.UniqueConstraint("owner_hash", "scenario_id", name="uq_library_scenarios_owner"),
    )


def downgrade() -> None:
    op.drop_table("library_scenarios")
