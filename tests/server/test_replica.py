"""A game's replica: loaded from the store (a snapshot, then the events after it), kept
current by what another process stored, each action's events handed on once, in order."""

from __future__ import annotations

import asyncio
from collections.abc import Collection

from server.bus import InProcessBus
from server.hub import GameHub, snapshot_gap, snapshot_spread
from server.replica import CATCH_UP_ALL, GameMeta, Replica
from server.snapshots import SNAPSHOT_VERSION, dump_state
from server.store import EventRow, Store
from server.writer import Writer
from tests.server.helpers import Delivered, FakeTime, act, stored_game


class CountingReads(Store):
    """The store, counting how often a replica reads the log."""

    reads: int

    async def events(self, game_id: str, after: int = 0,
                     upto: int | None = None) -> list[EventRow]:
        self.reads += 1
        return await super().events(game_id, after=after, upto=upto)


def _counting(store: Store) -> CountingReads:
    store.__class__ = CountingReads
    counting: CountingReads = store  # type: ignore[assignment]
    counting.reads = 0
    return counting


async def france_seated() -> Collection[str]:
    """A student sits for France (the others are left to their caretakers at the start)."""
    return ("FRA",)


async def _play(meta: GameMeta, store: Store, texts: list[str]) -> Replica:
    """Another process: a writer of its own that starts the game and says ``texts``."""
    replica = Replica(meta, store, Delivered())
    await replica.load()
    writer = Writer(replica, store, InProcessBus(), shared=False, clock=FakeTime(),
                    seated=france_seated, committed=lambda: None)
    if replica.seq == 0:
        assert (await writer.submit(act("instructor", "start"))).ok
    for i, text in enumerate(texts):
        outcome = await writer.submit(act("FRA", "say", channel="public", text=text),
                                      seat_id="s-fra", client_id=f"{text}-{i}")
        assert outcome.ok, outcome
    return replica


async def test_a_replica_loads_what_another_process_stored(sqlite_store: Store) -> None:
    meta = await stored_game(sqlite_store)
    other = await _play(meta, sqlite_store, ["One", "Two"])
    delivered = Delivered()
    replica = Replica(meta, sqlite_store, delivered)
    actions = await replica.load()
    assert replica.seq == other.seq and replica.action_n == other.action_n == len(actions)
    assert "start" in [a.body["kind"] for a in actions]
    assert [a.body["kind"] for a in actions[-2:]] == ["say", "say"]
    assert [m.text for m in replica.state.messages] == ["One", "Two"]
    assert replica.state.status == "running"
    # Each action's events were handed on once, from seq 1, in order.
    firsts = [first for first, _, _ in delivered.calls]
    assert firsts[0] == 1 and firsts == sorted(firsts) and len(delivered.calls) == len(actions)
    assert [n for _, n, _ in delivered.calls] == [a.n for a in actions]
    assert delivered.calls[-1][1:] == (len(actions), ["message_sent"])


async def test_news_of_a_later_seq_brings_the_replica_there(sqlite_store: Store) -> None:
    meta = await stored_game(sqlite_store)
    other = await _play(meta, sqlite_store, [])
    replica = Replica(meta, sqlite_store, Delivered())
    await replica.load()
    store = _counting(sqlite_store)
    await replica.news(replica.seq)  # old news: nothing to read
    assert store.reads == 0
    await _play(meta, sqlite_store, ["Later"])
    store.reads = 0  # (that other process read the log too)
    replica.changed.clear()
    await replica.news(other.seq + 1)
    assert store.reads == 1 and replica.seq == other.seq + 1 and replica.changed.is_set()
    assert [m.text for m in replica.state.messages] == ["Later"]


async def test_news_that_arrives_while_the_lock_is_held_is_read_once(sqlite_store: Store) -> None:
    meta = await stored_game(sqlite_store)
    await _play(meta, sqlite_store, [])
    replica = Replica(meta, sqlite_store, Delivered())
    await replica.load()
    await _play(meta, sqlite_store, ["A", "B", "C"])
    store = _counting(sqlite_store)
    async with replica.lock:  # the writer holds it: three messages of news come meanwhile
        waiting = [asyncio.create_task(replica.news(seq))
                   for seq in (replica.seq + 1, replica.seq + 2, CATCH_UP_ALL)]
        await asyncio.sleep(0)
    await asyncio.gather(*waiting)
    assert store.reads == 1
    assert [m.text for m in replica.state.messages] == ["A", "B", "C"]


async def test_a_snapshot_is_a_shortcut_and_one_of_another_version_is_ignored(
        sqlite_store: Store) -> None:
    meta = await stored_game(sqlite_store)
    other = await _play(meta, sqlite_store, ["Before the snapshot"])
    state_then, seq_then = other.state, other.seq
    await sqlite_store.save_snapshot(meta.id, seq_then, SNAPSHOT_VERSION, dump_state(state_then))
    await _play(meta, sqlite_store, ["After it"])

    from_snapshot = Replica(meta, sqlite_store, Delivered())
    await from_snapshot.load()
    assert from_snapshot.snapshot_seq == seq_then
    assert [m.text for m in from_snapshot.state.messages] == ["Before the snapshot", "After it"]

    await sqlite_store.save_snapshot(meta.id, seq_then + 1, "0.0.0/old", "{}")
    from_events = Replica(meta, sqlite_store, Delivered())
    await from_events.load()
    assert from_events.snapshot_seq == 0
    assert from_events.state == from_snapshot.state


def test_the_gap_between_snapshots_grows_with_the_game() -> None:
    assert [snapshot_gap(last, 500) for last in (0, 500, 1000, 1500, 3000, 10_000)] == \
        [500, 500, 500, 750, 1500, 5000]
    # Played from the start: snapshots at 500, 1000, 1500, 2250, 3375 ...; a game loaded
    # again folds at most a third of its events after its latest snapshot.
    last, taken = 0, []
    for seq in range(1, 20_001):
        if seq - last >= snapshot_gap(last, 500):
            last = seq
            taken.append(seq)
        assert seq - last < max(500, seq / 3)
    assert taken[:5] == [500, 1000, 1500, 2250, 3375] and len(taken) == 9
    # The games of a class do not all snapshot at once: each adds its own few events.
    spreads = [snapshot_spread(f"game-{i}", 500) for i in range(30)]
    assert all(0 <= s < 500 for s in spreads) and len(set(spreads)) >= 25
    assert snapshot_spread("game-1", 500) == snapshot_spread("game-1", 500)


async def test_a_hub_snapshots_its_game_as_the_gap_says(sqlite_store: Store) -> None:
    meta = await stored_game(sqlite_store)
    saved: list[int] = []
    save = sqlite_store.save_snapshot

    async def counting(game_id: str, seq: int, version: str, body: str) -> None:
        saved.append(seq)
        await save(game_id, seq, version, body)

    sqlite_store.save_snapshot = counting  # type: ignore[method-assign]
    hub = GameHub(meta, sqlite_store, InProcessBus(), snapshot_every=4, clock=FakeTime(),
                  seated=france_seated)
    await hub.open()
    try:
        assert (await hub.writer.submit(act("instructor", "start"))).ok
        for i in range(40):
            outcome = await hub.writer.submit(act("FRA", "say", channel="public", text=f"m{i}"),
                                              seat_id="s-fra", client_id=f"c{i}")
            assert outcome.ok, outcome
        await asyncio.sleep(0.05)
        gaps = [b - a for a, b in zip([0, *saved], saved, strict=False)]
        assert saved and all(gap >= snapshot_gap(a, 4) for a, gap in zip([0, *saved], gaps,
                                                                          strict=False))
        assert any(gap > 8 for gap in gaps)  # past 16 events, half the last seq
        latest = await sqlite_store.latest_snapshot(meta.id)
        assert latest is not None and latest[0] == saved[-1]
    finally:
        await hub.close()
