"""The event store: games, seats, the log, snapshots and the review's notes.

``append`` is the only way events reach the database; it hands them to the
group commit (``server.group_commit``), which answers once they are committed.
"""

from __future__ import annotations

import asyncio
from collections.abc import Collection
from typing import Any

from sqlalchemy import and_, delete, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from server import db
from server.group_commit import (
    ActionRow,
    Conflict,
    DuplicateAction,
    EventRow,
    GroupCommit,
    SeatClaim,
    SeatLapsed,
    loads,
)
from server.review_rows import ReviewRows

__all__ = ["ActionRow", "Conflict", "DuplicateAction", "EventRow", "SeatClaim", "SeatLapsed",
           "Store"]


class Store(ReviewRows):
    """The database behind one server process (the review's notes and answers:
    ``server.review_rows``)."""

    def __init__(self, engine: AsyncEngine, commit_interval: float = 0.002,
                 max_batch: int = 1000) -> None:
        self.engine = engine
        self.log = GroupCommit(engine, commit_interval, max_batch)

    # Life.

    async def start(self) -> None:
        self.log.start()

    async def close(self) -> None:
        await self.log.stop()
        await self.engine.dispose()

    # The write path (``server.group_commit``).

    async def append(self, action: ActionRow, events: list[EventRow]) -> None:
        """Store an action and its events; return once committed.

        Raises Conflict if the game moved on meanwhile (another writer took
        one of these ``seq``), DuplicateAction if the client id was used.
        """
        await self.log.append_many([(action, events)])

    async def append_many(self, rows: list[tuple[ActionRow, list[EventRow]]],
                          claims: Collection[SeatClaim] = ()) -> None:
        """Store several actions of one game at once: all of them or none; SeatLapsed
        (nothing stored) if a seat of ``claims`` no longer holds."""
        await self.log.append_many(rows, claims)

    @property
    def batches(self) -> int:
        """Commits made so far (each of one or more actions)."""
        return self.log.batches

    # Games.

    async def create_game(self, values: dict[str, Any]) -> None:
        async with self.engine.begin() as conn:
            await conn.execute(insert(db.games).values(**values))

    async def game(self, game_id: str) -> dict[str, Any] | None:
        async with self.engine.connect() as conn:
            row = (await conn.execute(select(db.games).where(db.games.c.id == game_id))).first()
        return dict(row._mapping) if row else None

    async def game_by_code(self, code: str) -> dict[str, Any] | None:
        async with self.engine.connect() as conn:
            row = (await conn.execute(select(db.games).where(db.games.c.code == code))).first()
        return dict(row._mapping) if row else None

    async def game_by_instructor(self, key_hash: str) -> dict[str, Any] | None:
        async with self.engine.connect() as conn:
            row = (await conn.execute(
                select(db.games).where(db.games.c.instructor_hash == key_hash))).first()
        return dict(row._mapping) if row else None

    async def update_game(self, game_id: str, **values: Any) -> None:
        async with self.engine.begin() as conn:
            await conn.execute(update(db.games).where(db.games.c.id == game_id).values(**values))

    async def delete_games(self, game_ids: Collection[str]) -> None:
        """Delete games with all their data: every table that holds a ``game_id``.

        On SQLite the deleted text is also wiped from the file (``secure_delete``) and
        from the write-ahead log, which is checkpointed into the file and truncated:
        see ``wipe_log``."""
        ids = list(game_ids)
        if not ids:
            return
        async with self.engine.begin() as conn:
            for table in reversed(db.metadata.sorted_tables):
                if table is not db.games and "game_id" in table.c:
                    await conn.execute(delete(table).where(table.c.game_id.in_(ids)))
            await conn.execute(delete(db.games).where(db.games.c.id.in_(ids)))
        await self.wipe_log()

    async def delete_game(self, game_id: str) -> None:
        await self.delete_games([game_id])

    async def wipe_log(self, attempts: int = 50) -> bool:
        """SQLite: copy the write-ahead log into the database file and empty it, so that
        what was deleted is in neither (``wal_checkpoint(TRUNCATE)``). A reader in the
        middle of a query holds the log back: try again a little later, for up to a few
        seconds. Whether the log is empty now (always True on PostgreSQL)."""
        if not db.is_sqlite(str(self.engine.url)):
            return True
        for _ in range(attempts):
            async with self.engine.connect() as conn:
                busy, *_ = (await conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")).one()
            if not busy:
                return True
            await asyncio.sleep(0.05)
        return False

    async def forks_of(self, game_id: str) -> list[str]:
        """The games forked from this one, and from those, all the way down."""
        return [row["id"] for row in await self._forks(game_id, handed_over=True)]

    async def own_forks_of(self, game_id: str) -> list[str]:
        """The forks of this game made for its own teacher, and theirs, all the way down: not
        one made for another teacher (``options.handed_over``), nor what descends from it."""
        return [row["id"] for row in await self._forks(game_id, handed_over=False)]

    async def handed_over_forks_of(self, game_id: str) -> list[str]:
        """The forks of this game made for another teacher (its own children only)."""
        async with self.engine.connect() as conn:
            rows = (await conn.execute(select(db.games.c.id, db.games.c.options).where(
                db.games.c.forked_from == game_id))).all()
        return [r[0] for r in rows if loads(r[1] or "{}").get("handed_over")]

    async def _forks(self, game_id: str, handed_over: bool) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = []
        seen = {game_id}
        parents = [game_id]
        async with self.engine.connect() as conn:
            while parents:
                rows = (await conn.execute(select(db.games.c.id, db.games.c.options).where(
                    db.games.c.forked_from.in_(parents)))).all()
                children = [{"id": r[0], "options": loads(r[1] or "{}")} for r in rows
                            if r[0] not in seen]
                if not handed_over:
                    children = [c for c in children if not c["options"].get("handed_over")]
                seen.update(c["id"] for c in children)
                found += children
                parents = [c["id"] for c in children]
        return found

    async def ended_before(self, moment: float) -> list[str]:
        async with self.engine.connect() as conn:
            rows = await conn.execute(select(db.games.c.id).where(
                and_(db.games.c.ended_at.is_not(None), db.games.c.ended_at < moment)))
        return [r[0] for r in rows]

    async def idle_since(self, moment: float) -> list[str]:
        """Games not ended in which nothing happened since ``moment``: created before it,
        no action stored and no seat taken after it (a fork left paused, a game nobody
        ended)."""
        recent_action = select(db.actions.c.game_id).where(and_(
            db.actions.c.game_id == db.games.c.id, db.actions.c.at >= moment)).exists()
        recent_seat = select(db.seats.c.game_id).where(and_(
            db.seats.c.game_id == db.games.c.id, db.seats.c.created_at >= moment)).exists()
        async with self.engine.connect() as conn:
            rows = await conn.execute(select(db.games.c.id).where(and_(
                db.games.c.ended_at.is_(None), db.games.c.created_at < moment,
                ~recent_action, ~recent_seat)))
        return [r[0] for r in rows]

    async def games_with_events(self) -> list[str]:
        """Games not ended, the newest last: the ones to bring back at start-up."""
        async with self.engine.connect() as conn:
            rows = await conn.execute(select(db.games.c.id).where(db.games.c.ended_at.is_(None))
                                      .order_by(db.games.c.created_at))
        return [r[0] for r in rows]

    # Seats.

    async def add_seat(self, values: dict[str, Any]) -> None:
        async with self.engine.begin() as conn:
            await conn.execute(insert(db.seats).values(**values))

    async def seat_by_token(self, token_hash: str) -> dict[str, Any] | None:
        async with self.engine.connect() as conn:
            row = (await conn.execute(
                select(db.seats).where(db.seats.c.token_hash == token_hash))).first()
        return dict(row._mapping) if row else None

    async def seat(self, seat_id: str) -> dict[str, Any] | None:
        async with self.engine.connect() as conn:
            row = (await conn.execute(select(db.seats).where(db.seats.c.id == seat_id))).first()
        return dict(row._mapping) if row else None

    async def seats(self, game_id: str) -> list[dict[str, Any]]:
        async with self.engine.connect() as conn:
            rows = await conn.execute(select(db.seats).where(db.seats.c.game_id == game_id)
                                      .order_by(db.seats.c.created_at))
        return [dict(r._mapping) for r in rows]

    async def update_seat(self, seat_id: str, **values: Any) -> None:
        async with self.engine.begin() as conn:
            await conn.execute(update(db.seats).where(db.seats.c.id == seat_id).values(**values))

    # Reading the log.

    async def events(self, game_id: str, after: int = 0,
                     upto: int | None = None) -> list[EventRow]:
        query = select(db.events).where(and_(db.events.c.game_id == game_id,
                                             db.events.c.seq > after))
        if upto is not None:
            query = query.where(db.events.c.seq <= upto)
        async with self.engine.connect() as conn:
            rows = await conn.execute(query.order_by(db.events.c.seq))
        return [EventRow(r.game_id, r.seq, r.action_n, r.kind, loads(r.body)) for r in rows]

    async def actions(self, game_id: str) -> list[ActionRow]:
        async with self.engine.connect() as conn:
            rows = await conn.execute(select(db.actions).where(db.actions.c.game_id == game_id)
                                      .order_by(db.actions.c.n))
        return [_action_row(r) for r in rows]

    async def action_by_client(self, game_id: str, seat_id: str,
                               client_id: str) -> ActionRow | None:
        async with self.engine.connect() as conn:
            row = (await conn.execute(select(db.actions).where(and_(
                db.actions.c.game_id == game_id, db.actions.c.seat_id == seat_id,
                db.actions.c.client_id == client_id)))).first()
        return _action_row(row) if row else None

    async def started_at(self, game_id: str) -> float | None:
        """When the game started (its ``game_started`` event), or None before."""
        async with self.engine.connect() as conn:
            body = (await conn.execute(select(db.events.c.body).where(and_(
                db.events.c.game_id == game_id, db.events.c.kind == "game_started"))
                .order_by(db.events.c.seq).limit(1))).scalar()
        return float(loads(body)["at"]) if body is not None else None

    async def last_seq(self, game_id: str) -> int:
        async with self.engine.connect() as conn:
            value = (await conn.execute(select(func.max(db.events.c.seq))
                                        .where(db.events.c.game_id == game_id))).scalar()
        return int(value or 0)

    # Snapshots.

    async def save_snapshot(self, game_id: str, seq: int, version: str, body: str) -> None:
        async with self.engine.begin() as conn:
            await conn.execute(delete(db.snapshots).where(and_(
                db.snapshots.c.game_id == game_id, db.snapshots.c.seq == seq)))
            await conn.execute(insert(db.snapshots).values(game_id=game_id, seq=seq,
                                                           version=version, body=body))
            await conn.execute(delete(db.snapshots).where(and_(
                db.snapshots.c.game_id == game_id, db.snapshots.c.seq < seq)))

    async def latest_snapshot(self, game_id: str) -> tuple[int, str, str] | None:
        async with self.engine.connect() as conn:
            row = (await conn.execute(select(db.snapshots).where(db.snapshots.c.game_id == game_id)
                                      .order_by(db.snapshots.c.seq.desc()).limit(1))).first()
        return (row.seq, row.version, row.body) if row else None


def _action_row(r: Any) -> ActionRow:
    return ActionRow(r.game_id, r.n, r.seat_id, r.client_id, r.actor, loads(r.body),
                     r.first_seq, r.last_seq, r.at)
