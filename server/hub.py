"""A live game in this process, made of four parts:

- the replica (``server.replica``): the game's state and seq, the fold of the
  stored events, and the lock that orders every change;
- the writer (``server.writer``): the one path by which actions are decided
  (``game_rules.due.take``), stored, applied and answered;
- the fan-out (``server.fanout``): the connections watching, each sent its own
  redacted copy of every event;
- the clock (``server.clock``): wakes the writer when something falls due.

The hub builds them, wires the replica's changes to the fan-out, and after each
commit tells the other processes (the bus), saves a snapshot now and then, and
tells the registry (``on_change``: a game that ended is stamped). Whenever it reads
the store for news it may have missed (after a gap in the bus, and every
RESYNC_EVERY seconds with other processes), it asks the registry to check the game
against the store too (``on_resync``: is it still there, do its sockets' seats still
hold), so that a remedy announced while the bus was away is not missed for long.
When the instructor hands a country to its caretaker, its students' seats lose their
tokens before the hand-over is stored (the writer's ``handing_over``: ``server.seats``),
and as its event reaches each process, that process tells the country's students' sockets
why (``with_caretaker``), closes them (4401) and reads the roster again (``on_hand_over``):
the students join again with the game's code.
"""

from __future__ import annotations

import asyncio
import logging
import time
import zlib
from collections.abc import Awaitable, Callable, Collection, Coroutine, Sequence
from typing import Any

from game_rules import Action, State, view_for
from game_rules.events import CaretakerSet, Event
from game_rules.messages import N_, Country, message
from server import protocol
from server.bus import Bus, InProcessBus
from server.clock import Clock
from server.decide import Outcome
from server.fanout import Fanout, Sink, history_frame
from server.replica import CATCH_UP_ALL, GameMeta, Replica
from server.snapshots import SNAPSHOT_VERSION, dump_state
from server.store import SeatClaim, Store
from server.writer import Writer

log = logging.getLogger("crisis_table.hub")


async def _nobody_seated() -> Collection[str]:
    return ()


def snapshot_gap(last: int, every: int) -> int:
    """Events after the snapshot at seq ``last`` before the next one: ``every``, or half of
    ``last`` once that is more.

    A snapshot is the whole state, which grows with the game (a 3,000-message game's is
    about 530 KB, and ``dump_state`` takes a few ms): at a fixed gap, each action would pay
    a share of it that grows with the game's length, and a long game at full speed would
    write more snapshot than actions. With the gap growing as the game does, an action
    pays about the same share however long the game is, and a long game loaded again folds
    about a third of its events at most after its snapshot (``GameHub`` adds to each gap a
    few events of its own, fewer than ``every``).
    """
    return max(every, last // 2)


def snapshot_spread(game_id: str, every: int) -> int:
    """Events a game adds to each gap between its snapshots, fixed by its id, fewer than
    ``every``: the games of a class, started together and played as fast, would otherwise
    all snapshot in the same second (at 1,800 actions/s over 30 games of 3,000 messages,
    about 15 MB written at once every 8 s, in the path of every game's commits)."""
    return zlib.crc32(game_id.encode()) % max(1, every)


class GameHub:
    def __init__(self, meta: GameMeta, store: Store, bus: Bus, *, snapshot_every: int = 500,
                 clock: Callable[[], float] = time.time,
                 seated: Callable[[], Awaitable[Collection[str]]] = _nobody_seated,
                 away: Callable[[], Awaitable[Collection[str]]] = _nobody_seated,
                 on_change: Callable[[GameHub], None] | None = None,
                 on_resync: Callable[[GameHub], None] | None = None,
                 handing_over: Callable[[Collection[str]], Awaitable[None]] | None = None,
                 on_hand_over: Callable[[GameHub], None] | None = None) -> None:
        self.meta = meta
        self.store = store
        self.bus = bus
        self.clock = clock
        self.snapshot_every = snapshot_every
        self._spread = snapshot_spread(meta.id, snapshot_every)
        self.on_change = on_change
        self.on_resync = on_resync
        self.on_hand_over = on_hand_over
        shared = not isinstance(bus, InProcessBus)
        self.fanout = Fanout(lambda: (self.replica.state, self.replica.seq))
        self.replica = Replica(meta, store, self._deliver)
        self.writer = Writer(self.replica, store, bus, shared=shared, clock=clock,
                             seated=seated, committed=self._committed, away=away,
                             handing_over=handing_over)
        self.timer = Clock(self.replica, self.writer, bus, shared=shared, clock=clock,
                           resynced=self._resynced)
        self.closed = False
        self.close_code = 1012
        """How the connections still holding this hub are closed once it is unloaded (4404:
        the game was deleted; 1012: it was only unloaded, reconnecting loads it again)."""
        self.used = time.monotonic()
        """When a connection, a request or an action last used the game (for unloading the
        least recently used)."""
        self._tasks: set[asyncio.Task[Any]] = set()

    # What callers read.

    @property
    def state(self) -> State:
        return self.replica.state

    @property
    def seq(self) -> int:
        return self.replica.seq

    @property
    def lock(self) -> asyncio.Lock:
        return self.replica.lock

    @property
    def sinks(self) -> set[Sink]:
        return self.fanout.sinks

    @property
    def idle(self) -> bool:
        """Nothing being decided or stored for it at this moment."""
        return not self.writer.busy and not self.lock.locked()

    def touch(self) -> None:
        self.used = time.monotonic()

    # Life.

    async def open(self) -> None:
        """Load the game, listen to the bus for it, and start its clock."""
        self.writer.remember_stored(await self.replica.load())
        await self.bus.subscribe(self.meta.id, self._on_bus)
        if self.seq:
            # The process that wrote the last events may have died before it told the others.
            self._spawn(self.bus.publish(self.meta.id, self.seq))
        self.timer.start()

    async def close(self) -> None:
        self.closed = True
        self.fanout.live.close()
        await self.timer.stop()
        for task in list(self._tasks):
            try:
                await task
            except (Exception, asyncio.CancelledError):
                log.debug("a background task of game %s ended badly", self.meta.id)
        await self.bus.unsubscribe(self.meta.id)

    # Acting.

    async def submit(self, action: Action, *, seat_id: str | None = None,
                     client_id: str | None = None, claim: SeatClaim | None = None,
                     forwarded: bool = False) -> Outcome:
        """Decide, store, apply and fan out one action (``action.actor`` acts; a student's
        ``claim``: stored only while its seat holds, ``server.writer``)."""
        self.touch()
        return await self.writer.submit(action, seat_id=seat_id, client_id=client_id,
                                        claim=claim, forwarded=forwarded)

    async def replay(self, actions: Sequence[Action]) -> list[Outcome]:
        """Apply a record's actions as they stand (their own actors and times, no caretakers),
        in one commit; the answer to each (a refused one is not stored)."""
        return await self.writer.replay(actions)

    # Connections.

    async def attach(self, sink: Sink, last_seq: int | None,
                     resume_gap: int) -> tuple[int, int, dict[str, Any]]:
        """Register a connection and queue the events it missed.

        Returns the seq, how many missed events were queued (-1: too many, only
        the view) and the connection's view as of that seq (to a connection that keeps
        a view, ``sink.live``, with the newest messages only: ``server.liveview``).
        """
        self.touch()
        async with self.lock:
            # This process may lag behind the one the client comes from (its bus message may
            # still be on the way, or lost with a dead process): read the store first, so that
            # the welcome is at least at the client's last_seq and no event comes twice.
            await self.replica.catch_up()
            self.fanout.add(sink)
            seq = self.seq
            missed = 0
            if last_seq is not None and last_seq < seq:
                if seq - last_seq > resume_gap:
                    missed = -1
                else:
                    rows = await self.store.events(self.meta.id, after=last_seq, upto=seq)
                    missed = self.fanout.replay(sink, rows, self.state)
            if sink.live is not None:
                return seq, missed, self.fanout.live.fresh(sink, self.state, seq)
            return seq, missed, view_for(self.state, sink.viewer,
                                         history_from=getattr(sink, "history_messages", 0))

    def detach(self, sink: Sink) -> None:
        self.fanout.discard(sink)

    def view(self, viewer: str) -> dict[str, Any]:
        return view_for(self.state, viewer)

    def view_frame(self, viewer: str, history_from: int = 0) -> bytes:
        return self.fanout.view_frame(self.state, self.seq, viewer, history_from)

    def fresh_view_frame(self, sink: Sink) -> bytes:
        """A ``view`` frame for one connection (one that keeps a view gets the newest
        messages only, and its patches go on from this view)."""
        if sink.live is None:
            return self.view_frame(sink.viewer, getattr(sink, "history_messages", 0))
        view = self.fanout.live.fresh(sink, self.state, self.seq)
        return protocol.encode(protocol.ViewFrame(type="view", seq=self.seq, view=view))

    def history_frame(self, viewer: str, channel: str, before: int | None, limit: int,
                      history_from: int = 0) -> bytes:
        return history_frame(self.state, viewer, channel, before, limit, history_from)

    # Records.

    async def record(self) -> dict[str, Any]:
        rows = await self.store.actions(self.meta.id)
        scenario: str | dict[str, Any] = (self.meta.scenario_id if self.meta.options.get("shipped")
                                          else self.meta.scenario.model_dump(mode="json",
                                                                              exclude_defaults=True))
        return {"scenario": scenario, "seed": self.meta.seed,
                "reading_level": self.meta.reading_level,
                "actions": [row.body for row in rows]}

    # Wiring.

    def _deliver(self, events: Sequence[Event], first_seq: int, action_n: int) -> None:
        self.fanout.deliver(events, first_seq, action_n, self.replica.state)
        handed = False
        for event in events:
            if isinstance(event, CaretakerSet) and event.caretaker:
                # The country went to its caretaker (its seats' tokens were revoked before
                # this was stored, if the instructor handed it over): its students' sockets
                # are told why and closed, on every process, each as this event reaches it.
                state = self.replica.state
                notice = protocol.encode(protocol.error("with_caretaker", message(
                    N_("Your teacher handed {country} to its caretaker: this seat is closed. "
                       "Join the game again with its code to play on."),
                    country=Country(event.country, state.display(event.country)))))
                self.fanout.close_country(event.country, 4401, "handed to its caretaker",
                                          notice=notice)
                handed = True
        if handed and self.on_hand_over is not None:
            self.on_hand_over(self)

    def _committed(self) -> None:
        """After a commit of this process: snapshot now and then, tell the others."""
        replica = self.replica
        if replica.seq - replica.snapshot_seq >= snapshot_gap(replica.snapshot_seq,
                                                              self.snapshot_every) + self._spread:
            replica.snapshot_seq = replica.seq
            self._spawn(self.store.save_snapshot(self.meta.id, replica.seq, SNAPSHOT_VERSION,
                                                 dump_state(replica.state)))
        self._spawn(self.bus.publish(self.meta.id, replica.seq))
        if self.on_change is not None:
            self.on_change(self)

    async def _on_bus(self, game_id: str, seq: int) -> None:
        await self.replica.news(seq)
        if seq >= CATCH_UP_ALL:  # after a gap in the bus: a remedy may have been missed too
            self._resynced()

    def _resynced(self) -> None:
        if self.on_resync is not None and not self.closed:
            self.on_resync(self)

    def _spawn(self, coro: Coroutine[Any, Any, Any]) -> None:
        task = asyncio.create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._task_done)

    def _task_done(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.warning("background task of game %s failed: %r", self.meta.id, task.exception())
