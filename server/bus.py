"""The bus: tells every server process that a game has new events.

A message says only "game G is now at seq S"; a process that watches G reads
what it lacks from the store, so a lost message costs latency, never data.
The in-process bus serves one process; ``server.redis_bus`` serves many
(``server.services.make_bus`` picks one by its URL).

With many processes the bus also names a game's *writer*: the one process that
decides and stores the game's actions while it lives. The others hand their
students' actions to it (``forward``) rather than append to the game at the same
moment, which would cost both a conflict and a second try. The writer is a
shortcut, never a condition: when it cannot be reached, a process decides the
action itself, and the store's ``(game_id, seq)`` key and unique client ids keep
the game whole, as they do for every action.

The bus also says who is connected (*presence*): each process tells the seats
connected to a game through it, and any process can ask which seats are
connected through the others; a process that dies stops counting after a few
seconds.
The roster's online dots and the votes that do not wait for an absent
delegation (``game_rules.absence``) read it.

And it carries a teacher's remedies (``announce``): "the seats of game G changed"
(a seat reset, removed or moved) and "game G is gone" (deleted). Each process
that holds G then reads the store, which is the truth, and closes the sockets
that no longer hold, or unloads the game. A lost announcement is made up for
when the process next reads the store for G (after a gap in the bus, and every
few seconds anyway).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Collection
from typing import Any, Protocol

Listener = Callable[[str, int], Awaitable[None]]
PresenceListener = Callable[[str], None]
"""Told the game id when another process's seats connected to that game change."""
AnnounceListener = Callable[[str, str], Awaitable[None]]
"""Told (game id, news) when another process announces a remedy: news is ``seats``
(its seats changed: read them again) or ``gone`` (the game was deleted)."""
REMEDIES = ("seats", "gone")
Handler = Callable[[str, dict[str, Any]], Awaitable[dict[str, Any] | None]]
"""Serves an action another process forwarded: (game id, request) -> its outcome."""


class Bus(Protocol):
    async def start(self) -> None: ...

    async def close(self) -> None: ...

    async def publish(self, game_id: str, seq: int) -> None: ...

    async def subscribe(self, game_id: str, listener: Listener) -> None: ...

    async def unsubscribe(self, game_id: str) -> None: ...

    async def lease(self, game_id: str) -> bool:
        """Whether this process may fire the game's clock now."""
        ...

    async def writer(self, game_id: str) -> str | None:
        """The process that writes this game if it is another one; None: write it here."""
        ...

    async def forward(self, process: str, game_id: str,
                      request: dict[str, Any]) -> dict[str, Any] | None:
        """Hand an action to the game's writer; its outcome, or None if it was not reached."""
        ...

    def serve(self, handler: Handler) -> None:
        """Who answers the actions other processes forward here."""
        ...

    async def set_present(self, game_id: str, seats: Collection[str]) -> None:
        """The seats connected to a game through this process: all of them, each time."""
        ...

    async def present_elsewhere(self, game_id: str) -> set[str]:
        """The seats connected to a game through the other live processes."""
        ...

    def on_presence(self, listener: PresenceListener) -> None:
        """Who to tell when another process's seats of a game change."""
        ...

    async def announce(self, game_id: str, news: str) -> None:
        """Tell the other processes that hold a game about a remedy (one of REMEDIES)."""
        ...

    def on_announce(self, listener: AnnounceListener) -> None:
        """Who to tell when another process announces a remedy."""
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

    async def writer(self, game_id: str) -> str | None:
        return None

    async def forward(self, process: str, game_id: str,
                      request: dict[str, Any]) -> dict[str, Any] | None:
        return None

    def serve(self, handler: Handler) -> None:
        return None

    async def set_present(self, game_id: str, seats: Collection[str]) -> None:
        return None  # nobody else to tell

    async def present_elsewhere(self, game_id: str) -> set[str]:
        return set()

    def on_presence(self, listener: PresenceListener) -> None:
        return None  # nobody else to hear from

    async def announce(self, game_id: str, news: str) -> None:
        return None  # the process that applied the remedy is the only one

    def on_announce(self, listener: AnnounceListener) -> None:
        return None

    @property
    def healthy(self) -> bool:
        return True

