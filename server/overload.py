"""Grace under overload: past what the server can take, refuse the excess at once.

A server process is one event loop. Offered more actions than it can decide, store
and fan out, it would queue them (in its sockets, in each game's writer, in each
connection's send queue), every answer would come later and later, and the work
per action would grow (longer queues, larger buffers, more garbage) until it
answered nothing in time. Instead the websocket endpoint asks ``Pressure`` before
it takes an action, and refuses what the loop cannot take now with ``overloaded``
and a ``retry_after`` (the client sends it again, with the same ``client_id``,
after that time): a refusal is one small frame, decided before the frame is even
validated, so the loop keeps its time for the actions it takes.

The measure is the loop's lag: how late a timer that should fire every
``INTERVAL`` seconds fires (the time one turn of the loop takes: the callbacks and
the I/O it has to get through), smoothed over the last few looks so that one pause
(a garbage collection) is not taken for an overload. Below ``LOW`` every action is
taken; above it a growing share is refused, all of them at ``HIGH``. But only while
the loop's own thread is busy (``BUSY``: the share of the time it spent running,
from the thread's CPU time): a loop that is late because other processes have the
machine's cores is not overloaded by its clients, and refusing them would not help. The wait it
asks for grows with the lag and is spread at random, so that the refused clients do
not all come back at once. A game whose writer already has
``WAITING_LIMIT`` actions waiting refuses more whatever the lag (one game flooded
by its own connections). A deployment sets these thresholds (``Thresholds``: the
settings ``CRISIS_TABLE_OVERLOAD_LAG``, ``_BUSY`` and ``_WAITING``, docs/deploy.md).
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import time
import weakref
from dataclasses import dataclass

INTERVAL = 0.02
"""Seconds between two looks at the loop."""
LOW = 0.05
"""Lag (seconds) under which every action is taken."""
HIGH = 0.25
"""Lag at which every new action is refused."""
BUSY = 0.75
"""The share of the time the loop's thread ran, under which nothing is refused."""
WAITING_LIMIT = 300
"""Actions waiting for one game's writer beyond which its new ones are refused."""
RETRY_AFTER = 1.0
"""The least ``retry_after`` (seconds); it grows with the lag."""


@dataclass(frozen=True)
class Thresholds:
    """Where the guard refuses (a deployment's setting: ``Limits.overload``)."""

    low: float = LOW
    high: float = HIGH
    busy: float = BUSY
    """Above 1.0 the lag never refuses an action (a thread cannot run more than all the
    time): only ``waiting`` does."""
    waiting: int = WAITING_LIMIT


DEFAULT = Thresholds()


class Pressure:
    """How far behind this process's event loop is, and whether to take one more action."""

    def __init__(self) -> None:
        self.lag = 0.0
        """Smoothed over the last few looks (seconds)."""
        self.busy = 0.0
        """The share of the time the loop's thread ran, smoothed likewise."""
        self.refused = 0
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        if self._task is None or self._task.done():
            self._task = asyncio.get_running_loop().create_task(self._watch(),
                                                                name="overload-watch")

    def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            self._task = None

    async def _watch(self) -> None:
        loop = asyncio.get_running_loop()
        with contextlib.suppress(asyncio.CancelledError):
            while True:
                before, ran = loop.time(), time.thread_time()
                await asyncio.sleep(INTERVAL)
                wall = loop.time() - before
                late = max(0.0, wall - INTERVAL)
                self.lag = 0.7 * self.lag + 0.3 * late
                self.busy = 0.7 * self.busy + 0.3 * min(1.0, (time.thread_time() - ran) / wall)

    def refuse(self, waiting: int = 0, at: Thresholds = DEFAULT) -> float | None:
        """None to take the action; else the seconds the client should wait."""
        if waiting >= at.waiting:
            return self._refused(1.0)
        lag = self.lag
        if lag <= at.low or self.busy < at.busy:
            return None
        share = min(1.0, (lag - at.low) / (at.high - at.low))
        if share < 1.0 and random.random() >= share:
            return None
        return self._refused(share)

    def _refused(self, share: float) -> float:
        self.refused += 1
        return (RETRY_AFTER * (1.0 + share) + 4.0 * self.lag) * random.uniform(0.75, 1.25)


_PRESSURES: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, Pressure] = \
    weakref.WeakKeyDictionary()


def pressure() -> Pressure:
    """This event loop's Pressure (watching from its first use)."""
    loop = asyncio.get_running_loop()
    found = _PRESSURES.get(loop)
    if found is None:
        found = _PRESSURES[loop] = Pressure()
    found.start()
    return found
