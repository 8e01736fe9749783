"""Reflections: each student's answers after the game, with the instructor's comments.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "reflections",
        sa.Column("id", sa.String(32), nullable=False),
        sa.Column("game_id", sa.String(32), nullable=False),
        sa.Column("seat_id", sa.String(32), nullable=False),
        sa.Column("country", sa.String(8), nullable=False),
        sa.Column("question", sa.Integer(), nullable=False),
        sa.Column("question_text", sa.Text(), nullable=False),
        sa.Column("answer", sa.Text(), nullable=False),
        sa.Column("answered_at", sa.Float(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("commented_at", sa.Float(), nullable=True),
        sa.ForeignKeyConstraint(["game_id"], ["games.id"], name="fk_reflections_game_id_games",
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["seat_id"], ["seats.id"], name="fk_reflections_seat_id_seats",
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_reflections"),
        sa.UniqueConstraint("seat_id", "question", name="uq_reflections_seat_question"),
    )
    op.create_index("ix_reflections_game", "reflections", ["game_id"])


def downgrade() -> None:
    op.drop_index("ix_reflections_game", table_name="reflections")
    op.drop_table("reflections")
