"""The database schema (SQLAlchemy Core) and the engine factory.

One schema for SQLite and PostgreSQL. Events sit under the primary key
``(game_id, seq)``: a second writer of the same ``seq`` fails instead of
forking the game.
"""

from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    event,
)
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING)

games = Table(
    "games", metadata,
    Column("id", String(32), primary_key=True),
    Column("code", String(12), nullable=False, unique=True),
    Column("title", String(200), nullable=False),
    Column("scenario_id", String(80), nullable=False),
    Column("scenario", Text, nullable=False),
    Column("scenario_shipped", Boolean, nullable=False, default=False),
    Column("seed", BigInteger, nullable=False),
    Column("instructor_hash", String(64), nullable=False, unique=True),
    Column("options", Text, nullable=False, default="{}"),
    Column("created_at", Float, nullable=False),
    Column("ended_at", Float, nullable=True),
    Column("forked_from", String(32), nullable=True),
)

seats = Table(
    "seats", metadata,
    Column("id", String(32), primary_key=True),
    Column("game_id", String(32), ForeignKey("games.id", ondelete="CASCADE"), nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("nickname", String(64), nullable=False),
    Column("country", String(8), nullable=True),
    Column("role", String(16), nullable=False),
    Column("created_at", Float, nullable=False),
    Column("removed", Boolean, nullable=False, default=False),
    Column("history_seq", Integer, nullable=True),
    Column("history_messages", Integer, nullable=True),
    Column("language", String(16), nullable=True),
    Index("ix_seats_game", "game_id"),
)
"""``history_seq``/``history_messages``: a seat that came late to a team reads its team's and
private channels' events after that seq and messages after that many (null: all of them).
``language``: the language the seat reads the game in (docs/i18n.md; null: the browser's)."""

actions = Table(
    "actions", metadata,
    Column("game_id", String(32), ForeignKey("games.id", ondelete="CASCADE"), primary_key=True),
    Column("n", Integer, primary_key=True, autoincrement=False),
    Column("seat_id", String(32), nullable=True),
    Column("client_id", String(80), nullable=True),
    Column("actor", String(40), nullable=False),
    Column("body", Text, nullable=False),
    Column("first_seq", Integer, nullable=False),
    Column("last_seq", Integer, nullable=False),
    Column("at", Float, nullable=False),
    UniqueConstraint("game_id", "seat_id", "client_id", name="uq_actions_client"),
)

events = Table(
    "events", metadata,
    Column("game_id", String(32), ForeignKey("games.id", ondelete="CASCADE"), primary_key=True),
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("action_n", Integer, nullable=False),
    Column("kind", String(40), nullable=False),
    Column("body", Text, nullable=False),
)

snapshots = Table(
    "snapshots", metadata,
    Column("game_id", String(32), ForeignKey("games.id", ondelete="CASCADE"), primary_key=True),
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("version", String(20), nullable=False),
    Column("body", Text, nullable=False),
)

annotations = Table(
    "annotations", metadata,
    Column("id", String(32), primary_key=True),
    Column("game_id", String(32), ForeignKey("games.id", ondelete="CASCADE"), nullable=False),
    Column("seq", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("created_at", Float, nullable=False),
    Index("ix_annotations_game", "game_id"),
)

library_scenarios = Table(
    "library_scenarios", metadata,
    Column("id", String(32), primary_key=True),
    Column("owner_hash", String(64), nullable=False),
    Column("scenario_id", String(80), nullable=False),
    Column("title", String(200), nullable=False),
    Column("body", Text, nullable=False),
    Column("saved_at", Float, nullable=False),
    UniqueConstraint("owner_hash", "scenario_id", name="uq_library_scenarios_owner"),
)
"""Scenarios instructors saved from the editor: each belongs to the holder of one library
key (only its SHA-256 is kept), and is listed only to that holder (docs/security.md)."""


reflections = Table(
    "reflections", metadata,
    Column("id", String(32), primary_key=True),
    Column("game_id", String(32), ForeignKey("games.id", ondelete="CASCADE"), nullable=False),
    Column("seat_id", String(32), ForeignKey("seats.id", ondelete="CASCADE"), nullable=False),
    Column("country", String(8), nullable=False),
    Column("question", Integer, nullable=False),
    Column("question_text", Text, nullable=False),
    Column("answer", Text, nullable=False),
    Column("answered_at", Float, nullable=False),
    Column("comment", Text, nullable=True),
    Column("commented_at", Float, nullable=True),
    UniqueConstraint("seat_id", "question", name="uq_reflections_seat_question"),
    Index("ix_reflections_game", "game_id"),
)
"""A student's answers after the game: personal data, deleted with the game."""

def is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


def make_engine(url: str, **kwargs: Any) -> AsyncEngine:
    """An async engine; SQLite gets WAL, full sync and a busy timeout on every connection."""
    if is_sqlite(url):
        engine = create_async_engine(url, **kwargs)

        @event.listens_for(engine.sync_engine, "connect")
        def _pragmas(dbapi_conn: Any, _record: Any) -> None:
            cursor = dbapi_conn.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=FULL")
            cursor.execute("PRAGMA busy_timeout=10000")
            cursor.execute("PRAGMA foreign_keys=ON")
            # Deleted rows are overwritten with zeros, not left in free pages of the file.
            cursor.execute("PRAGMA secure_delete=ON")
            cursor.close()

        return engine
    return create_async_engine(url, pool_size=10, max_overflow=10, **kwargs)
