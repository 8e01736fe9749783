"""The scenario library: scenarios instructors save from the editor.

A scenario belongs to the holder of a library key (256 random bits the browser makes
and keeps); the server keeps only the key's SHA-256, and lists, opens or deletes a
scenario only for a request that carries the key. Saving a scenario with an ``id``
already in the owner's library replaces it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import orjson
from sqlalchemy import delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from server import auth, db
from server.errors import ApiError

MAX_SCENARIOS = 200
"""Scenarios one library may hold."""


def owner_of(key: str | None) -> str:
    """The stored owner of a library key; a missing or malformed key is refused."""
    if not key or not 32 <= len(key) <= 200 or not key.isascii() or not key.isprintable():
        raise ApiError(401, "no_library_key", "This request needs the library key of this "
                                              "browser (the X-Library-Key header).")
    return auth.token_hash(key)


class ScenarioLibrary:
    def __init__(self, engine: AsyncEngine, clock: Callable[[], float] = time.time) -> None:
        self.engine = engine
        self.clock = clock

    async def save(self, owner: str, scenario_id: str, title: str,
                   body: dict[str, Any]) -> dict[str, Any]:
        """Save (or replace, by scenario id) a checked scenario; the row's summary."""
        text = orjson.dumps(body).decode()
        now = self.clock()
        async with self.engine.begin() as conn:
            table = db.library_scenarios
            found = (await conn.execute(select(table.c.id).where(
                (table.c.owner_hash == owner) & (table.c.scenario_id == scenario_id)))).first()
            if found:
                row_id = found[0]
                await conn.execute(update(table).where(table.c.id == row_id).values(
                    title=title, body=text, saved_at=now))
            else:
                count = len((await conn.execute(select(table.c.id).where(
                    table.c.owner_hash == owner))).all())
                if count >= MAX_SCENARIOS:
                    raise ApiError(409, "library_full", "A library holds at most "
                                                        "{count} scenarios: delete one.",
                                   count=MAX_SCENARIOS)
                row_id = auth.new_id()
                await conn.execute(insert(table).values(
                    id=row_id, owner_hash=owner, scenario_id=scenario_id, title=title,
                    body=text, saved_at=now))
        return {"id": row_id, "scenario_id": scenario_id, "title": title, "saved_at": now}

    async def list(self, owner: str) -> list[dict[str, Any]]:
        table = db.library_scenarios
        async with self.engine.connect() as conn:
            rows = await conn.execute(select(
                table.c.id, table.c.scenario_id, table.c.title, table.c.saved_at).where(
                table.c.owner_hash == owner).order_by(table.c.saved_at.desc()))
            return [dict(r._mapping) for r in rows]

    async def get(self, owner: str, row_id: str) -> dict[str, Any]:
        table = db.library_scenarios
        async with self.engine.connect() as conn:
            row = (await conn.execute(select(table).where(
                (table.c.id == row_id) & (table.c.owner_hash == owner)))).first()
        if row is None:
            raise ApiError(404, "unknown_scenario", "Your library has no such scenario.")
        data = dict(row._mapping)
        return {"id": data["id"], "scenario_id": data["scenario_id"], "title": data["title"],
                "saved_at": data["saved_at"], "scenario": orjson.loads(data["body"])}

    async def delete(self, owner: str, row_id: str) -> None:
        table = db.library_scenarios
        async with self.engine.begin() as conn:
            done = await conn.execute(delete(table).where(
                (table.c.id == row_id) & (table.c.owner_hash == owner)))
        if not done.rowcount:
            raise ApiError(404, "unknown_scenario", "Your library has no such scenario.")
