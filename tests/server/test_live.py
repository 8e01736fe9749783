"""The games a process holds in memory (``server.live``): each opened once, at most a
bound of them, the least recently used unloaded first (those with connections last),
and a game opened again only once its old hub is closed."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Coroutine
from typing import Any, cast

import pytest

from server.hub import GameHub
from server.live import LiveGames


class Meta:
    def __init__(self, game_id: str) -> None:
        self.id = game_id


class Fanout:
    def __init__(self) -> None:
        self.closed_with: tuple[int, str] | None = None

    def close_all(self, code: int, reason: str) -> None:
        self.closed_with = (code, reason)


class Hub:
    """What ``LiveGames`` reads of a hub: its id, when it was used, whether it is idle
    (no action being decided) and connected to."""

    clock = 0.0

    def __init__(self, game_id: str, closing: asyncio.Event | None = None) -> None:
        self.meta = Meta(game_id)
        self.fanout = Fanout()
        self.sinks: set[object] = set()
        self.idle = True
        self.closed = False
        self.close_code = 1012
        self.shut = False
        self.used = 0.0
        self._closing = closing

    def touch(self) -> None:
        Hub.clock += 1.0
        self.used = Hub.clock

    async def close(self) -> None:
        if self._closing is not None:
            await self._closing.wait()
        self.shut = True


class Opener:
    """Opens fake hubs, counting how often each game was opened."""

    def __init__(self) -> None:
        self.opened: list[str] = []
        self.slow: asyncio.Event | None = None
        self.closing: asyncio.Event | None = None

    async def __call__(self, game_id: str) -> GameHub:
        self.opened.append(game_id)
        if self.slow is not None:
            await self.slow.wait()
        return cast(GameHub, Hub(game_id, self.closing))


@pytest.fixture
async def opener() -> Opener:
    return Opener()


@pytest.fixture
async def live(opener: Opener) -> AsyncIterator[LiveGames]:
    tasks: set[asyncio.Task[None]] = set()

    def spawn(coro: Coroutine[Any, Any, None]) -> asyncio.Task[None]:
        task = asyncio.get_running_loop().create_task(coro)
        tasks.add(task)
        return task

    games = LiveGames(opener, limit=2, spawn=spawn)
    yield games
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)


def fake(hub: GameHub) -> Hub:
    return cast(Hub, hub)


async def test_a_game_is_opened_once_however_many_ask_at_once(live: LiveGames,
                                                              opener: Opener) -> None:
    opener.slow = asyncio.Event()
    asking = [asyncio.create_task(live.hub("g1")) for _ in range(5)]
    await asyncio.sleep(0)
    opener.slow.set()
    hubs = await asyncio.gather(*asking)
    assert all(hub is hubs[0] for hub in hubs)
    assert opener.opened == ["g1"]
    assert list(live.hubs) == ["g1"]


async def test_past_the_bound_the_least_recently_used_game_is_unloaded(live: LiveGames) -> None:
    first = fake(await live.hub("g1"))
    await live.hub("g2")
    await live.hub("g1")  # g1 used again: g2 is now the least recently used
    await live.hub("g3")
    assert sorted(live.hubs) == ["g1", "g3"]
    assert first.fanout.closed_with is None


async def test_a_game_nobody_is_connected_to_goes_before_one_with_connections(
        live: LiveGames) -> None:
    watched = fake(await live.hub("g1"))
    watched.sinks.add(object())
    await live.hub("g2")
    await live.hub("g3")
    assert sorted(live.hubs) == ["g1", "g3"]
    assert watched.fanout.closed_with is None


async def test_neither_the_game_just_opened_nor_a_busy_one_is_unloaded(live: LiveGames) -> None:
    busy = fake(await live.hub("g1"))
    busy.idle = False
    other = fake(await live.hub("g2"))
    other.idle = False
    await live.hub("g3")  # nothing may go: three held for now
    assert sorted(live.hubs) == ["g1", "g2", "g3"]


async def test_an_unloaded_game_closes_its_connections_and_comes_back_fresh(
        live: LiveGames, opener: Opener) -> None:
    old = fake(await live.hub("g1"))
    assert live.unload("g1", 1012, "the game was unloaded; connect again") is not None
    assert old.closed and old.fanout.closed_with == (1012, "the game was unloaded; connect again")
    again = fake(await live.hub("g1"))
    assert again is not old and old.shut
    assert opener.opened == ["g1", "g1"]


async def test_a_game_is_opened_again_only_once_its_old_hub_is_closed(
        live: LiveGames, opener: Opener) -> None:
    opener.closing = asyncio.Event()
    old = fake(await live.hub("g1"))
    live.unload("g1", 4404, "game deleted")
    reopening = asyncio.create_task(live.hub("g1"))
    await asyncio.sleep(0.01)
    assert not reopening.done() and opener.opened == ["g1"]
    opener.closing.set()
    await reopening
    assert old.shut and opener.opened == ["g1", "g1"]


async def test_closing_closes_every_hub(live: LiveGames) -> None:
    hubs = [fake(await live.hub(game_id)) for game_id in ("g1", "g2")]
    await live.close()
    assert all(hub.shut for hub in hubs) and not live.hubs
