"""The Redis bus against a real Redis: a private redis-server on a free port, so
that a test may stop and restart it without touching anyone else's."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest

from server.redis_bus import FORWARD_PATIENCE, PREFIX, WRITER_PREFIX, RedisBus
from tests.server.realserver import RedisServer

CATCH_UP = 1 << 62
"""The seq a listener is called with when it should read whatever the store holds."""


@pytest.fixture
def redis_server(tmp_path: Path) -> Iterator[RedisServer]:
    server = RedisServer(tmp_path)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
async def buses(redis_server: RedisServer) -> AsyncIterator[tuple[RedisBus, RedisBus]]:
    a, b = RedisBus(redis_server.url, "A"), RedisBus(redis_server.url, "B")
    await a.start()
    await b.start()
    try:
        yield a, b
    finally:
        await a.close()
        await b.close()


async def _until(predicate: object, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():  # type: ignore[operator]
            return
        await asyncio.sleep(0.02)
    raise AssertionError("condition not met in time")


async def test_a_process_hears_of_another_processs_events(buses: tuple[RedisBus, RedisBus]) -> None:
    a, b = buses
    heard: list[tuple[str, int]] = []

    async def listener(game: str, seq: int) -> None:
        heard.append((game, seq))

    await b.subscribe("g1", listener)
    await _until(lambda: ("g1", CATCH_UP) in heard)  # subscribed
    await a.publish("g1", 7)
    await _until(lambda: ("g1", 7) in heard)


async def test_a_process_ignores_its_own_messages(buses: tuple[RedisBus, RedisBus]) -> None:
    a, b = buses
    heard: list[int] = []

    async def listener(game: str, seq: int) -> None:
        heard.append(seq)

    await a.subscribe("g1", listener)
    await _until(lambda: a.healthy)
    await _until(lambda: CATCH_UP in heard)  # subscribed: what came before, from the store
    await a.publish("g1", 3)
    await b.publish("g1", 4)  # published after A's own message: heard after it
    await _until(lambda: 4 in heard)
    assert heard == [CATCH_UP, 4]


async def test_one_process_at_a_time_holds_a_games_clock(buses: tuple[RedisBus, RedisBus]) -> None:
    a, b = buses
    assert await a.lease("g1")
    assert not await b.lease("g1")
    assert await a.lease("g1")
    assert await b.lease("g2")


async def test_after_redis_comes_back_listeners_are_told_to_catch_up(
        redis_server: RedisServer) -> None:
    bus = RedisBus(redis_server.url, "A")
    await bus.start()
    heard: list[int] = []

    async def listener(game: str, seq: int) -> None:
        heard.append(seq)

    try:
        await bus.subscribe("g1", listener)
        await _until(lambda: bus.healthy)
        await _until(lambda: heard == [CATCH_UP])
        redis_server.stop()
        await _until(lambda: not bus.healthy, timeout=15)
        redis_server.start()
        await _until(lambda: bus.healthy, timeout=15)
        await _until(lambda: heard.count(CATCH_UP) >= 2)
        other = RedisBus(redis_server.url, "B")
        await other.start()
        try:
            await other.publish("g1", 42)
            await _until(lambda: 42 in heard)
        finally:
            await other.close()
    finally:
        await bus.close()


async def test_a_message_that_could_not_be_published_is_published_again(
        redis_server: RedisServer) -> None:
    import redis.asyncio as aioredis

    bus = RedisBus(redis_server.url, "A")
    await bus.start()
    try:
        await _until(lambda: bus.healthy)
        redis_server.stop()
        await bus.publish("g1", 9)  # Redis is away: this news would be lost
        await _until(lambda: not bus.healthy, timeout=15)
        redis_server.start()
        watcher = aioredis.from_url(redis_server.url)
        pubsub = watcher.pubsub(ignore_subscribe_messages=True)
        try:
            await pubsub.subscribe(PREFIX + "g1")
            deadline = time.monotonic() + 15
            message = None
            while message is None and time.monotonic() < deadline:
                message = await pubsub.get_message(timeout=0.5)
            assert message is not None, "the message was not published again"
            assert message["data"] == b"9 A"
        finally:
            await pubsub.aclose()
            await watcher.aclose()
    finally:
        await bus.close()


# A game's writer: the others hand it their actions.


async def test_the_first_process_that_asks_writes_the_game(buses: tuple[RedisBus, RedisBus]) -> None:
    a, b = buses
    await _until(lambda: a.healthy and b.healthy)
    assert await a.writer("g1") is None  # a claims it: write here
    assert await b.writer("g1") == "A"
    assert await b.writer("g2") is None
    assert await a.writer("g2") == "B"


async def test_a_forwarded_action_is_answered_by_the_writer(
        buses: tuple[RedisBus, RedisBus]) -> None:
    a, b = buses
    seen: list[tuple[str, dict[str, Any]]] = []

    async def handler(game: str, request: dict[str, Any]) -> dict[str, Any] | None:
        seen.append((game, request))
        return {"ok": True, "seq": 12, "events": 1}

    a.serve(handler)
    await _until(lambda: a.healthy and b.healthy)
    assert await a.writer("g1") is None
    writer = await b.writer("g1")
    assert writer == "A"
    request = {"action": {"kind": "say"}, "actor": "FRA", "seat_id": "s1", "client_id": "c1"}
    assert await b.forward(writer, "g1", request) == {"ok": True, "seq": 12, "events": 1}
    assert seen == [("g1", request)]


async def test_a_writer_that_is_gone_is_taken_over_at_once(
        buses: tuple[RedisBus, RedisBus], redis_server: RedisServer) -> None:
    import redis.asyncio as aioredis

    _, b = buses
    await _until(lambda: b.healthy)
    direct = aioredis.from_url(redis_server.url)
    try:
        await direct.set(WRITER_PREFIX + "g1", "Z", px=60_000)  # a process that died
        assert await b.writer("g1") == "Z"
        started = time.monotonic()
        assert await b.forward("Z", "g1", {"action": {}}) is None  # nobody heard it
        assert time.monotonic() - started < FORWARD_PATIENCE
        assert await direct.get(WRITER_PREFIX + "g1") == b"B"
        assert await b.writer("g1") is None
    finally:
        await direct.aclose()


async def test_a_writer_that_does_not_answer_is_passed_by(
        buses: tuple[RedisBus, RedisBus], monkeypatch: pytest.MonkeyPatch) -> None:
    import server.redis_writers

    monkeypatch.setattr(server.redis_writers, "FORWARD_PATIENCE", 0.3)
    a, b = buses

    async def stuck(game: str, request: dict[str, Any]) -> dict[str, Any] | None:
        await asyncio.sleep(30)
        return None

    a.serve(stuck)
    await _until(lambda: a.healthy and b.healthy)
    assert await a.writer("g1") is None
    assert await b.forward("A", "g1", {"action": {}}) is None
    assert await b.writer("g1") is None  # decided in B until A's claim is renewed or lapses


async def test_a_process_that_closes_a_game_gives_up_writing_it(
        buses: tuple[RedisBus, RedisBus]) -> None:
    a, b = buses
    await _until(lambda: a.healthy and b.healthy)

    async def listener(game: str, seq: int) -> None:
        return None

    await a.subscribe("g1", listener)
    assert await a.writer("g1") is None
    await a.unsubscribe("g1")
    assert await b.writer("g1") is None
    assert await a.writer("g1") == "B"


async def test_who_is_connected_is_known_to_every_process(buses: tuple[RedisBus, RedisBus]) -> None:
    a, b = buses
    told: list[str] = []
    b.on_presence(told.append)

    async def listener(game: str, seq: int) -> None:
        return None

    await b.subscribe("g6", listener)
    await _until(lambda: a.healthy and b.healthy)
    await a.set_present("g6", {"seat-1", "seat-2"})
    await b.set_present("g6", {"seat-3"})
    assert await b.present_elsewhere("g6") == {"seat-1", "seat-2"}
    assert await a.present_elsewhere("g6") == {"seat-3"}
    await _until(lambda: "g6" in told)            # B's roster hears of A's students
    await a.set_present("g6", {"seat-2"})
    assert await b.present_elsewhere("g6") == {"seat-2"}
    await a.set_present("g6", set())
    assert await b.present_elsewhere("g6") == set()
    assert await b.present_elsewhere("other-game") == set()


async def test_a_dead_processs_students_stop_counting(
        redis_server: RedisServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("server.redis_presence.PRESENCE_MS", 400)
    a, b = RedisBus(redis_server.url, "A"), RedisBus(redis_server.url, "B")
    await a.start()
    await b.start()
    try:
        await _until(lambda: a.healthy and b.healthy)
        await a.set_present("g7", {"seat-1"})
        assert await b.present_elsewhere("g7") == {"seat-1"}
        assert a._renewer is not None
        a._renewer.cancel()                          # A dies: nobody renews its word
        lapsed_by = time.monotonic() + 5.0
        while await b.present_elsewhere("g7"):       # until A's word lapses (400 ms)
            assert time.monotonic() < lapsed_by, "a dead process's seats still count"
            await asyncio.sleep(0.05)
    finally:
        await a.close()
        await b.close()
