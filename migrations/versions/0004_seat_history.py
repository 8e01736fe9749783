"""Seats: from where a seat reads its team's and its private channels' talk.

A student who joins a country others already played, once the instructor's rule
no longer lets new team-mates read the team's history (or after the game), reads
the team and private channels only from the moment it sat down.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("seats") as batch:
        batch.add_column(sa.Column("history_seq", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("history_messages", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("seats") as batch:
        batch.drop_column("history_messages")
        batch.drop_column("history_seq")
