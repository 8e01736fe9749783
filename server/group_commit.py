"""The one write path for actions and events: a group commit.

Appends from every game are gathered by one task and committed together a few
milliseconds apart, so durability costs one commit per batch, not per action;
each caller is answered only once its rows are committed. A batch that breaks
a key is committed again one append at a time, so that one game's conflict
never sinks another's actions.

The store is also the last word on who may act. A student's action comes with
the seat its connection said hello as (``SeatClaim``: the seat, its token's hash,
its country); in the commit's own transaction, after the rows are written, one
query reads every claimed seat of the batch, and an append whose seat no longer
holds (removed, another token, another country: a teacher's remedy, on any
process) is not stored: it fails with ``SeatLapsed`` and the rest of the batch is
committed without it. A remedy committed before that query is always seen (on
SQLite the batch holds the database's one write lock by then), so no action of a
lapsed seat is stored once the remedy is, whatever the bus said or did not say.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

import orjson
from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from server import db


class Conflict(Exception):
    """Another writer already stored this ``(game_id, seq)``: reload and retry."""


class DuplicateAction(Exception):
    """This seat already sent an action with this client id."""


@dataclass(frozen=True, slots=True)
class SeatClaim:
    """The seat a student's action claims to come from, as its connection said hello: an
    append that carries it is stored only if the seat still holds, in the same
    transaction."""

    seat_id: str
    token_hash: str
    country: str | None


class SeatLapsed(Exception):
    """The seat of some of these actions no longer holds in the store (reset, removed or
    moved): nothing of the append was stored."""

    def __init__(self, claims: frozenset[SeatClaim]) -> None:
        super().__init__(f"{len(claims)} seat(s) no longer hold")
        self.claims = claims


class _Lapsed(Exception):
    """Raised inside a batch's transaction (rolling it back): these claims do not hold."""

    def __init__(self, claims: frozenset[SeatClaim]) -> None:
        super().__init__()
        self.claims = claims


@dataclass(frozen=True, slots=True)
class ActionRow:
    game_id: str
    n: int
    seat_id: str | None
    client_id: str | None
    actor: str
    body: dict[str, Any]
    first_seq: int
    last_seq: int
    at: float


@dataclass(frozen=True, slots=True)
class EventRow:
    game_id: str
    seq: int
    action_n: int
    kind: str
    body: dict[str, Any]


@dataclass
class _Append:
    rows: list[tuple[ActionRow, list[EventRow]]]
    future: asyncio.Future[None]
    claims: frozenset[SeatClaim] = frozenset()


def dumps(value: Any) -> str:
    return orjson.dumps(value).decode()


def loads(text: str | bytes) -> Any:
    return orjson.loads(text)


class GroupCommit:
    """The task that commits every game's appends, a batch at a time."""

    def __init__(self, engine: AsyncEngine, commit_interval: float = 0.002,
                 max_batch: int = 1000) -> None:
        self.engine = engine
        self.commit_interval = commit_interval
        self.max_batch = max_batch
        self._queue: asyncio.Queue[_Append] | None = None
        self._writer: asyncio.Task[None] | None = None
        self.batches = 0
        self.rows = 0

    def start(self) -> None:
        self._queue = asyncio.Queue()
        self._writer = asyncio.create_task(self._write_loop(), name="store-writer")

    async def stop(self) -> None:
        if self._writer is not None:
            self._writer.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._writer
            self._writer = None

    async def append(self, action: ActionRow, events: list[EventRow]) -> None:
        """Store an action and its events; return once committed.

        Raises Conflict if the game moved on meanwhile (another writer took
        one of these ``seq``), DuplicateAction if the client id was used.
        """
        await self.append_many([(action, events)])

    async def append_many(self, rows: list[tuple[ActionRow, list[EventRow]]],
                          claims: Collection[SeatClaim] = ()) -> None:
        """Store several actions of one game at once: all of them or none. Raises
        SeatLapsed (nothing stored) if one of ``claims`` no longer holds."""
        assert self._queue is not None, "store not started"
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._queue.put_nowait(_Append(rows, future, frozenset(claims)))
        await future

    async def _write_loop(self) -> None:
        assert self._queue is not None
        queue = self._queue
        while True:
            first = await queue.get()
            batch = [first]
            if self.commit_interval > 0:
                await asyncio.sleep(self.commit_interval)
            while not queue.empty() and len(batch) < self.max_batch:
                batch.append(queue.get_nowait())
            await self._settle(batch)

    async def _settle(self, batch: list[_Append]) -> None:
        """Commit a batch and answer each of its appends."""
        while batch:
            try:
                await self._commit(batch)
            except _Lapsed as lapsed:  # those appends fail; the others are committed again
                batch = [item for item in batch if not _refused(item, lapsed.claims)]
            except IntegrityError:
                for item in batch:
                    await self._commit_one(item)
                return
            except Exception as err:  # the database is down: every caller hears it
                for item in batch:
                    if not item.future.done():
                        item.future.set_exception(err)
                return
            else:
                for item in batch:
                    if not item.future.done():
                        item.future.set_result(None)
                return

    async def _commit(self, batch: Sequence[_Append]) -> None:
        action_rows = [_action_values(a) for item in batch for a, _ in item.rows]
        event_rows = [_event_values(e) for item in batch for _, evs in item.rows for e in evs]
        claims = {claim for item in batch for claim in item.claims}
        async with self.engine.begin() as conn:
            await conn.execute(insert(db.actions), action_rows)
            if event_rows:
                await conn.execute(insert(db.events), event_rows)
            if claims:
                # After the writes: on SQLite the batch holds the write lock now, so no
                # remedy can commit between this read and the commit.
                lapsed = await _lapsed(conn, claims)
                if lapsed:
                    raise _Lapsed(lapsed)
        self.batches += 1
        self.rows += len(action_rows) + len(event_rows)

    async def _commit_one(self, item: _Append) -> None:
        try:
            await self._commit([item])
        except _Lapsed as lapsed:
            _refused(item, lapsed.claims)
        except IntegrityError as err:
            text = str(err.orig) if err.orig else str(err)
            if "client" in text or "uq_actions_client" in text:
                item.future.set_exception(DuplicateAction())
            else:
                item.future.set_exception(Conflict())
        except Exception as err:
            item.future.set_exception(err)
        else:
            item.future.set_result(None)


async def _lapsed(conn: AsyncConnection, claims: Collection[SeatClaim]) -> frozenset[SeatClaim]:
    """The claims whose seat no longer holds: one read of every seat they name."""
    rows = await conn.execute(select(
        db.seats.c.id, db.seats.c.token_hash, db.seats.c.country, db.seats.c.role,
        db.seats.c.removed).where(db.seats.c.id.in_(sorted({c.seat_id for c in claims}))))
    holding = {SeatClaim(r.id, r.token_hash, r.country) for r in rows
               if not r.removed and r.role == "student"}
    return frozenset(claim for claim in claims if claim not in holding)


def _refused(item: _Append, lapsed: frozenset[SeatClaim]) -> bool:
    """Fail an append with SeatLapsed if one of its claims lapsed; whether it did."""
    mine = item.claims & lapsed
    if not mine:
        return False
    if not item.future.done():
        item.future.set_exception(SeatLapsed(mine))
    return True


def _action_values(a: ActionRow) -> dict[str, Any]:
    return {"game_id": a.game_id, "n": a.n, "seat_id": a.seat_id, "client_id": a.client_id,
            "actor": a.actor, "body": dumps(a.body), "first_seq": a.first_seq,
            "last_seq": a.last_seq, "at": a.at}


def _event_values(e: EventRow) -> dict[str, Any]:
    return {"game_id": e.game_id, "seq": e.seq, "action_n": e.action_n, "kind": e.kind,
            "body": dumps(e.body)}
