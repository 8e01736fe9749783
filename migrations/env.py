"""Alembic environment: async engines, SQLite in batch mode, named constraints."""

from __future__ import annotations

import asyncio
from typing import Any

from alembic import context
from sqlalchemy import text
from sqlalchemy.engine import Connection

from server.db import make_engine, metadata

config = context.config
target_metadata = metadata


def _configure(**kwargs: Any) -> None:
    url = config.get_main_option("sqlalchemy.url") or ""
    context.configure(target_metadata=target_metadata,
                      render_as_batch=url.startswith("sqlite"), compare_type=True, **kwargs)


def run_offline() -> None:
    _configure(url=config.get_main_option("sqlalchemy.url"), literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


MIGRATION_LOCK = 0x43_54_4D_47
"""A PostgreSQL advisory lock: processes started at once on a fresh database migrate one
after the other (the next finds the schema up to date) instead of colliding."""


def _run_sync(connection: Connection) -> None:
    _configure(connection=connection)
    with context.begin_transaction():
        if connection.dialect.name == "postgresql":
            connection.execute(text(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})"))
        context.run_migrations()


async def run_online() -> None:
    engine = make_engine(config.get_main_option("sqlalchemy.url") or "")
    async with engine.connect() as connection:
        await connection.run_sync(_run_sync)
        await connection.commit()
    await engine.dispose()


if context.is_offline_mode():
    run_offline()
else:
    asyncio.run(run_online())
