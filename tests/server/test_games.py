"""The games registry of a process: live games opened once, ended ones stamped, deleted
ones closed, and actions forwarded by other processes answered."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from server.bus import InProcessBus
from server.errors import ApiError
from server.games import Games
from server.retention import purge_ended
from server.settings import Settings
from server.store import Store
from tests.server.helpers import SCENARIO, FakeTime


class Watcher:
    viewer = "public"
    seat_id = None
    live = None

    def __init__(self) -> None:
        self.closed: tuple[int, str] | None = None

    def send_bytes(self, data: bytes) -> None:
        pass

    def backlog(self) -> int:
        return 0

    def close_soon(self, code: int, reason: str) -> None:
        self.closed = (code, reason)


@pytest.fixture
async def games(sqlite_store: Store) -> AsyncIterator[Games]:
    registry = Games(sqlite_store, InProcessBus(), Settings(purge_ended_after_days=1),
                     clock=FakeTime(1_000_000.0))
    try:
        yield registry
    finally:
        await registry.close()


async def test_a_game_is_opened_once_however_many_ask_at_once(games: Games) -> None:
    created = await games.create(SCENARIO, seed=3)
    hubs = await asyncio.gather(*(games.hub(created.game_id) for _ in range(5)))
    assert all(h is hubs[0] for h in hubs)
    assert list(games.hubs) == [created.game_id]
    assert hubs[0].state.seed == 3


async def test_an_unknown_game_is_not_found(games: Games) -> None:
    with pytest.raises(ApiError) as missing:
        await games.hub("nope")
    assert missing.value.code == "unknown_game"


async def test_a_game_that_ends_is_stamped_and_purged_after_its_days(games: Games) -> None:
    created = await games.create(SCENARIO)
    for kind in ("start", "end"):
        assert (await games.act_as_instructor(created.game_id, {"kind": kind})).ok
    await games.close()  # side work (the stamp) finishes first
    row = await games.store.game(created.game_id)
    assert row is not None and row["ended_at"] == 1_000_000.0
    assert await purge_ended(games) == 0
    games.clock.now += 2 * 86400  # type: ignore[attr-defined]
    assert await purge_ended(games) == 1
    assert await games.store.game(created.game_id) is None


async def test_deleting_a_game_closes_its_connections_and_its_data(games: Games) -> None:
    created = await games.create(SCENARIO)
    hub = await games.hub(created.game_id)
    watcher = Watcher()
    await hub.attach(watcher, None, 100)
    await games.delete(created.game_id)
    assert watcher.closed == (4404, "game deleted")
    assert created.game_id not in games.hubs
    assert await games.store.game(created.game_id) is None


async def test_unfinished_games_are_opened_at_start_up(sqlite_store: Store) -> None:
    first = Games(sqlite_store, InProcessBus(), Settings())
    running = await first.create(SCENARIO)
    ended = await first.create(SCENARIO)
    for game_id in (running.game_id, ended.game_id):
        assert (await first.act_as_instructor(game_id, {"kind": "start"})).ok
    assert (await first.act_as_instructor(ended.game_id, {"kind": "end"})).ok
    await first.close()
    again = Games(sqlite_store, InProcessBus(), Settings())
    try:
        assert await again.resume_all() == 1
        assert list(again.hubs) == [running.game_id]
        assert again.hubs[running.game_id].state.status == "running"
    finally:
        await again.close()


async def test_an_action_forwarded_by_another_process_is_decided_here(games: Games) -> None:
    created = await games.create(SCENARIO)
    assert (await games.act_as_instructor(created.game_id, {"kind": "start"})).ok
    # (Nobody took France: the start handed it to its caretaker. A student plays it now.)
    assert (await games.act_as_instructor(created.game_id, {
        "kind": "set_caretaker", "country": "FRA", "caretaker": False})).ok
    answer = await games.serve_forwarded(created.game_id, {
        "action": {"kind": "say", "channel": "public", "text": "Hello."}, "actor": "FRA",
        "seat_id": "s1", "client_id": "c1"})
    assert answer is not None and answer["ok"] and not answer["duplicate"]
    again = await games.serve_forwarded(created.game_id, {
        "action": {"kind": "say", "channel": "public", "text": "Hello."}, "actor": "FRA",
        "seat_id": "s1", "client_id": "c1"})
    assert again is not None and again["duplicate"] and again["seq"] == answer["seq"]
    assert await games.serve_forwarded("nope", {"action": {}, "actor": "FRA",
                                                "seat_id": "s1", "client_id": "c2"}) is None


async def test_a_forwarded_action_is_stored_only_while_the_seat_it_claims_holds(
        games: Games) -> None:
    created = await games.create(SCENARIO)
    assert (await games.act_as_instructor(created.game_id, {"kind": "start"})).ok
    assert (await games.act_as_instructor(created.game_id, {
        "kind": "set_caretaker", "country": "FRA", "caretaker": False})).ok
    await games.store.add_seat({"id": "s1", "game_id": created.game_id, "token_hash": "t1",
                                "nickname": "Ada", "country": "FRA", "role": "student",
                                "created_at": 0.0, "removed": False})

    def forwarded(client_id: str, claim: object) -> dict[str, object]:
        return {"action": {"kind": "say", "channel": "public", "text": client_id},
                "actor": "FRA", "seat_id": "s1", "client_id": client_id, "claim": claim}

    claim = {"seat_id": "s1", "token_hash": "t1", "country": "FRA"}
    answer = await games.serve_forwarded(created.game_id, forwarded("c1", claim))
    assert answer is not None and answer["ok"]
    await games.store.update_seat("s1", token_hash="t2")  # reset on a third process
    answer = await games.serve_forwarded(created.game_id, forwarded("c2", claim))
    assert answer is not None and not answer["ok"] and answer["code"] == "bad_token"
    assert await games.serve_forwarded(created.game_id, forwarded("c3", {"seat_id": "s1"})) \
        is None
    texts = [m.text for m in games.hubs[created.game_id].state.messages]
    assert texts == ["c1"]


async def test_the_instructor_speaks_for_a_country_under_its_own_name(games: Games) -> None:
    created = await games.create(SCENARIO)
    assert (await games.act_as_instructor(created.game_id, {"kind": "start"})).ok
    outcome = await games.act_as_instructor(created.game_id, {
        "kind": "say", "actor": "FRA", "channel": "public", "text": "For France.",
        "author": "Someone else", "at": 5.0})
    assert outcome.ok
    message = (await games.hub(created.game_id)).state.messages[-1]
    assert (message.sender, message.author, message.at) == ("FRA", "instructor", 1_000_000.0)
