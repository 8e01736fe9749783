"""A game's clock: it decides nothing, it only keeps time.

``game_rules.due.due_actions`` says what is due and when the next thing falls
due (phase clocks, silence deadlines, Article 13 notices, caretakers' turns). The
clock sleeps until then, or until the game changes, and asks the game's writer to
take what is due (``Writer.tick``), which decides it on the state as it is then.
With several processes, one at a time fires a game's clock (a lease on the bus).
A game replayed from a record is held (``Replica.held``): its clock takes
nothing until the instructor resumes it.

It also keeps the replica current when other processes' news may be lost: while
the bus is down, and every RESYNC_EVERY seconds with a bus between processes (a
process may die between its commit and its message).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable

from game_rules.due import due_actions
from server.bus import Bus
from server.replica import Replica
from server.writer import Writer

log = logging.getLogger("crisis_table.clock")

LEASE_RETRY = 3.0
POLL = 2.0
"""Wake at least this often: to notice that the bus went down, and read the store then."""
RESYNC_EVERY = 15.0


class Clock:
    def __init__(self, replica: Replica, writer: Writer, bus: Bus, *, shared: bool,
                 clock: Callable[[], float], resynced: Callable[[], None] | None = None) -> None:
        self.replica = replica
        self.writer = writer
        self.bus = bus
        self.shared = shared
        self.clock = clock
        self.resynced = resynced
        """Told after each periodic read of the store (the game is checked against it)."""
        self._task: asyncio.Task[None] | None = None
        self._refused: tuple[int, frozenset[object]] = (-1, frozenset())
        """What was due and refused, at which seq: not asked for again until the game moves."""

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name=f"clock-{self.replica.meta.id}")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _run(self) -> None:
        while True:
            try:
                wake_at = await self.fire()
            except Exception as err:  # the store is away for a moment: the clock goes on
                log.warning("the clock of game %s failed (%r); trying again",
                            self.replica.meta.id, err)
                await asyncio.sleep(1.0)
                continue
            if wake_at is None:
                continue  # the game moved: look again at once
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(min(POLL, max(0.0, wake_at - self.clock()))):
                    await self.replica.changed.wait()

    async def fire(self) -> float | None:
        """Ask the writer for what is due now, if anything is; when to look again (None: at
        once, the game moved), unless the game changes before."""
        replica = self.replica
        replica.changed.clear()
        if replica.held is not None:
            # Replayed from a record: nothing runs until the instructor resumes it.
            if self.shared:
                await replica.read_hold()
            return self.clock() + POLL
        if not self.bus.healthy or (self.shared
                                    and time.monotonic() - replica.synced > RESYNC_EVERY):
            async with replica.lock:
                await replica.catch_up()
            if self.resynced is not None:
                self.resynced()
        now = self.clock()
        away = await self.writer.away() if replica.state.open_votes else ()
        due = due_actions(replica.state, now, away)
        keys = frozenset(p.key for p in due.now)
        refused_at, refused = self._refused
        if keys and not (refused_at == replica.seq and keys <= refused):
            if not await self.bus.lease(replica.meta.id):
                # Another process fires this game's clock: look again when its lease may lapse.
                return now + LEASE_RETRY
            seq = replica.seq
            if (await self.writer.tick()).events:
                return None
            self._refused = (seq, keys)
        return now + POLL if due.next_at is None else due.next_at
