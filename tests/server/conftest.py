"""Databases for the server's tests: SQLite in a temporary folder, and a fresh
database on the PostgreSQL that runs on this machine (127.0.0.1:5432)."""

from __future__ import annotations

import asyncio
import os
import secrets
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from server.db import make_engine
from server.migrate import upgrade
from server.store import Store
from tests.server.helpers import DB_FILE, sqlite_app

PG_ADMIN = os.environ.get("CRISIS_TABLE_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres")


async def _pg_admin(sql: str) -> None:
    import asyncpg

    conn = await asyncpg.connect(PG_ADMIN, timeout=10)
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A new, empty PostgreSQL database, dropped afterwards."""
    name = f"ct_test_{secrets.token_hex(6)}"
    asyncio.run(_pg_admin(f'CREATE DATABASE "{name}"'))
    base = PG_ADMIN.rsplit("/", 1)[0].replace("postgresql://", "postgresql+asyncpg://")
    try:
        yield f"{base}/{name}"
    finally:
        asyncio.run(_pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite+aiosqlite:///{(tmp_path / DB_FILE).as_posix()}"


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    """The app with its default settings on a fresh SQLite file (``sqlite_url``'s), started.
    (A test module that needs other settings has a ``client`` of its own.)"""
    with sqlite_app(tmp_path) as c:
        yield c


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest) -> str:
    """Each store test runs on both databases."""
    fixture = "sqlite_url" if request.param == "sqlite" else "postgres_url"
    return str(request.getfixturevalue(fixture))


@pytest.fixture
async def sqlite_store(sqlite_url: str) -> AsyncIterator[Store]:
    """A started store on a fresh SQLite file (for the live game's parts)."""
    await asyncio.to_thread(upgrade, sqlite_url)
    store = Store(make_engine(sqlite_url), commit_interval=0.001)
    await store.start()
    try:
        yield store
    finally:
        await store.close()
