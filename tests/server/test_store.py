"""The event store's contract, on SQLite and on PostgreSQL alike."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from server.db import make_engine
from server.migrate import upgrade
from server.store import (
    ActionRow,
    Conflict,
    DuplicateAction,
    EventRow,
    SeatClaim,
    SeatLapsed,
    Store,
)


@pytest.fixture
async def store(database_url: str) -> AsyncIterator[Store]:
    await asyncio.to_thread(upgrade, database_url)
    s = Store(make_engine(database_url), commit_interval=0.002)
    await s.start()
    try:
        yield s
    finally:
        await s.close()


async def _game(store: Store, game_id: str = "g1", code: str = "ABCDEF") -> str:
    await store.create_game({
        "id": game_id, "code": code, "title": "T", "scenario_id": "t", "scenario": "{}",
        "scenario_shipped": False, "seed": 1, "instructor_hash": f"h-{game_id}",
        "options": "{}", "created_at": 0.0, "ended_at": None, "forked_from": None})
    return game_id


def _rows(game: str, n: int, first_seq: int, events: int = 2,
          seat: str | None = "s1", client: str | None = None) -> tuple[ActionRow, list[EventRow]]:
    action = ActionRow(game, n, seat, client if client is not None else f"c{n}", "FRA",
                       {"kind": "say", "actor": "FRA"}, first_seq, first_seq + events - 1, 1.0)
    rows = [EventRow(game, first_seq + i, n, "message_sent", {"kind": "message_sent", "i": i})
            for i in range(events)]
    return action, rows


async def test_appended_events_read_back_in_order(store: Store) -> None:
    game = await _game(store)
    await store.append(*_rows(game, 1, 1))
    await store.append(*_rows(game, 2, 3))
    events = await store.events(game)
    assert [e.seq for e in events] == [1, 2, 3, 4]
    assert events[0].body == {"kind": "message_sent", "i": 0}
    assert [e.seq for e in await store.events(game, after=2)] == [3, 4]
    assert await store.last_seq(game) == 4


async def test_a_second_writer_of_the_same_seq_fails_instead_of_forking(store: Store) -> None:
    game = await _game(store)
    await store.append(*_rows(game, 1, 1))
    with pytest.raises(Conflict):
        await store.append(*_rows(game, 2, 2))
    assert [e.seq for e in await store.events(game)] == [1, 2]


async def test_a_client_id_is_stored_once_per_seat(store: Store) -> None:
    game = await _game(store)
    await store.append(*_rows(game, 1, 1, client="x"))
    with pytest.raises(DuplicateAction):
        await store.append(*_rows(game, 2, 3, client="x"))
    found = await store.action_by_client(game, "s1", "x")
    assert found is not None and found.n == 1 and found.last_seq == 2


async def test_concurrent_appends_of_many_games_share_commits(store: Store) -> None:
    games = [await _game(store, f"g{i}", f"CODE{i:02d}") for i in range(20)]
    await asyncio.gather(*(store.append(*_rows(g, 1, 1)) for g in games))
    assert store.batches < 20
    for g in games:
        assert len(await store.events(g)) == 2


async def test_one_failing_append_does_not_sink_the_others_in_its_batch(store: Store) -> None:
    a, b = await _game(store, "ga", "AAAAAA"), await _game(store, "gb", "BBBBBB")
    await store.append(*_rows(a, 1, 1))
    results = await asyncio.gather(store.append(*_rows(a, 2, 2)), store.append(*_rows(b, 1, 1)),
                                   return_exceptions=True)
    assert isinstance(results[0], Conflict)
    assert results[1] is None
    assert [e.seq for e in await store.events(b)] == [1, 2]


async def test_append_many_is_all_or_nothing(store: Store) -> None:
    game = await _game(store)
    await store.append(*_rows(game, 1, 3))
    with pytest.raises(Conflict):
        await store.append_many([_rows(game, 2, 1), _rows(game, 3, 3)])
    assert [e.seq for e in await store.events(game)] == [3, 4]


async def _seat(store: Store, game: str, seat: str, country: str) -> SeatClaim:
    await store.add_seat({"id": seat, "game_id": game, "token_hash": f"t-{seat}",
                          "nickname": seat, "country": country, "role": "student",
                          "created_at": 0.0, "removed": False})
    return SeatClaim(seat, f"t-{seat}", country)


async def test_an_action_is_stored_only_while_its_seat_holds(store: Store) -> None:
    a, b = await _game(store, "ga", "AAAAAA"), await _game(store, "gb", "BBBBBB")
    fra, gbr = await _seat(store, a, "s1", "FRA"), await _seat(store, a, "s2", "GBR")
    usa, deu = await _seat(store, b, "s3", "USA"), await _seat(store, b, "s4", "DEU")
    await store.append_many([_rows(a, 1, 1)], [fra])
    await store.update_seat("s1", token_hash="t-new")  # reset
    await store.update_seat("s2", country="EST")  # moved
    await store.update_seat("s4", removed=True)  # removed
    # One batch: game a's append claims a reset and a moved seat, b's a good one, and a
    # third append a removed seat; only b's first is stored.
    results = await asyncio.gather(
        store.append_many([_rows(a, 2, 3, seat="s1"), _rows(a, 3, 5, seat="s2")], [fra, gbr]),
        store.append_many([_rows(b, 1, 1, seat="s3")], [usa]),
        store.append_many([_rows(b, 2, 3, seat="s4")], [deu]),
        return_exceptions=True)
    assert isinstance(results[0], SeatLapsed) and results[0].claims == {fra, gbr}
    assert results[1] is None
    assert isinstance(results[2], SeatLapsed) and results[2].claims == {deu}
    assert [e.seq for e in await store.events(a)] == [1, 2]
    assert [e.seq for e in await store.events(b)] == [1, 2]
    assert [r.n for r in await store.actions(a)] == [1]
    # The seat as it is now holds; one that never existed does not.
    await store.append_many([_rows(a, 2, 3, seat="s1")], [SeatClaim("s1", "t-new", "FRA")])
    with pytest.raises(SeatLapsed):
        await store.append_many([_rows(a, 3, 5, seat="s9")], [SeatClaim("s9", "t-s9", "FRA")])
    assert [r.n for r in await store.actions(a)] == [1, 2]


async def test_snapshots_keep_the_latest(store: Store) -> None:
    game = await _game(store)
    await store.save_snapshot(game, 10, "v", '{"a": 1}')
    await store.save_snapshot(game, 20, "v", '{"a": 2}')
    assert await store.latest_snapshot(game) == (20, "v", '{"a": 2}')


async def test_deleting_a_game_deletes_all_its_data(store: Store) -> None:
    game = await _game(store)
    await store.add_seat({"id": "s1", "game_id": game, "token_hash": "t", "nickname": "Ada",
                          "country": "FRA", "role": "student", "created_at": 0.0,
                          "removed": False})
    await store.append(*_rows(game, 1, 1))
    await store.save_snapshot(game, 2, "v", "{}")
    await store.delete_game(game)
    assert await store.game(game) is None
    assert await store.events(game) == []
    assert await store.seats(game) == []
    assert await store.latest_snapshot(game) is None
