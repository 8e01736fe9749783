"""The bus: tells every server process that a game has new events.

A message says only "game G is now at seq S"; a process that watches G reads
what it lacks from the store, so a lost message costs latency, never data.
The in-process bus serves one process; ``server.redis_bus`` serves many.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Protocol

Listener = Callable[[str, int], Awaitable[None]]


class Bus(Protocol):
    async def start(self) -> None: ...

    async def close(self) -> None: ...

    async def publish(self, game_id: str, seq: int) -> None: ...

    async def subscribe(self, game_id: str, listener: Listener) -> None: ...

    async def unsubscribe(self, game_id: str) -> None: ...

    async def lease(self, game_id: str) -> bool:
        """Whether this process may fire the game's clock now."""
        ...

    @property
    def healthy(self) -> bool: ...


class InProcessBus:
    """One process: every hub lives here, so there is nobody else to tell."""

    def __init__(self) -> None:
        self._listeners: dict[str, Listener] = {}

    async def start(self) -> None:
        return None

    async def close(self) -> None:
        self._listeners.clear()

    async def publish(self, game_id: str, seq: int) -> None:
        return None

    async def subscribe(self, game_id: str, listener: Listener) -> None:
        self._listeners[game_id] = listener

    async def unsubscribe(self, game_id: str) -> None:
        self._listeners.pop(game_id, None)

    async def lease(self, game_id: str) -> bool:
        return True

    @property
    def healthy(self) -> bool:
        return True


def make_bus(url: str, process_id: str) -> Bus:
    if url.startswith("memory"):
        return InProcessBus()
    if url.startswith(("redis://", "rediss://", "unix://")):
        from server.redis_bus import RedisBus

        return RedisBus(url, process_id)
    raise SystemExit(f"unknown bus {url!r}: use memory:// or redis://host:port")
