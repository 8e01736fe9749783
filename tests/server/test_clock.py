"""The game's clock: it asks the writer for what is due, when it is due, and decides nothing."""

from __future__ import annotations

from typing import Any

from server.bus import InProcessBus
from server.clock import LEASE_RETRY, Clock
from server.decide import Outcome
from server.replica import Replica
from server.store import Store
from server.writer import Writer
from tests.server.helpers import SCENARIO, Delivered, FakeTime, act, nobody_seated, stored_game

SILENCE: dict[str, Any] = {**SCENARIO, "bodies": {
    **SCENARIO["bodies"], "NAC": {**SCENARIO["bodies"]["NAC"], "silence_seconds": 60}}}


class CountingWriter:
    """Stands in for the writer: counts the clock's requests, takes nothing."""

    def __init__(self) -> None:
        self.ticks = 0

    async def tick(self) -> Outcome:
        self.ticks += 1
        return Outcome(True, 0, 0)


class NoLease(InProcessBus):
    """Another process holds every game's clock."""

    async def lease(self, game_id: str) -> bool:
        return False


async def _game(store: Store, time: FakeTime) -> tuple[Replica, Writer]:
    replica = Replica(await stored_game(store, SILENCE), store, Delivered())
    writer = Writer(replica, store, InProcessBus(), shared=False, clock=time,
                    seated=nobody_seated, committed=lambda: None)
    assert (await writer.submit(act("instructor", "start"))).ok
    assert (await writer.submit(act("instructor", "circulate", title="Statement",
                                    decision="statement"))).ok
    return replica, writer


async def test_before_the_deadline_the_clock_waits_for_it(sqlite_store: Store) -> None:
    time = FakeTime(1_000.0)
    replica, writer = await _game(sqlite_store, time)
    clock = Clock(replica, writer, InProcessBus(), shared=False, clock=time)
    seq = replica.seq
    assert await clock.fire() == 1_060.0
    assert replica.seq == seq


async def test_at_the_deadline_the_clock_has_the_writer_take_it(sqlite_store: Store) -> None:
    time = FakeTime(1_000.0)
    replica, writer = await _game(sqlite_store, time)
    clock = Clock(replica, writer, InProcessBus(), shared=False, clock=time)
    time.now = 1_060.0
    assert await clock.fire() is None  # the game moved: look again at once
    assert [i.status for i in replica.state.items.values()] == ["adopted"]
    assert await clock.fire() == 1_060.0 + 2.0  # nothing more to wait for but the poll
    last = (await sqlite_store.actions(replica.meta.id))[-1]
    assert (last.actor, last.body["kind"]) == ("system", "silence_deadline")


async def test_the_running_clock_fires_when_its_time_comes(sqlite_store: Store) -> None:
    time = FakeTime(1_000.0)
    replica, writer = await _game(sqlite_store, time)
    clock = Clock(replica, writer, InProcessBus(), shared=False, clock=time)
    clock.start()
    try:
        time.now = 1_061.0
        seq = replica.seq
        replica.changed.set()  # (a change wakes the clock, as the time passing would)
        while replica.seq == seq:
            await replica.changed.wait()
            replica.changed.clear()
    finally:
        await clock.stop()
    assert [i.status for i in replica.state.items.values()] == ["adopted"]


async def test_what_is_due_and_refused_is_not_asked_for_again_until_the_game_moves(
        sqlite_store: Store) -> None:
    replica, writer = await _game(sqlite_store, FakeTime(1_000.0))
    counting = CountingWriter()
    clock = Clock(replica, counting, InProcessBus(), shared=False,  # type: ignore[arg-type]
                  clock=FakeTime(1_060.0))
    await clock.fire()
    await clock.fire()
    assert counting.ticks == 1
    # The game moves on (its writer's time is before the deadline: it takes nothing due).
    assert (await writer.submit(act("FRA", "say", channel="public", text="Moved."))).ok
    await clock.fire()
    assert counting.ticks == 2


async def test_another_process_holding_the_clock_keeps_this_one_from_firing(
        sqlite_store: Store) -> None:
    time = FakeTime(1_000.0)
    replica, _ = await _game(sqlite_store, time)
    counting = CountingWriter()
    clock = Clock(replica, counting, NoLease(), shared=True, clock=time)  # type: ignore[arg-type]
    time.now = 1_060.0
    assert await clock.fire() == 1_060.0 + LEASE_RETRY
    assert counting.ticks == 0
