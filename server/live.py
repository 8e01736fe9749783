"""The games this process holds in memory, each as its live hub (``GameHub``).

A game is opened once, when first needed, however many ask for it at once. At
most ``limit`` games are held: opening one more unloads the least recently
used, those nobody is connected to first, never one whose action is being
decided. A game unloaded with connections closes them (1012: the browser
reconnects at once, which loads the game again from the store, and sends
again, under the same client ids, the actions not yet acknowledged: nothing is
lost or taken twice). A game is opened again only once its old hub is closed.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from server.hub import GameHub

log = logging.getLogger("crisis_table.games")

Spawn = Callable[[Coroutine[Any, Any, None]], asyncio.Task[None]]


class LiveGames:
    """The hubs of the games held in memory here, by game id."""

    def __init__(self, open_hub: Callable[[str], Awaitable[GameHub]], limit: int,
                 spawn: Spawn) -> None:
        self._open_hub = open_hub
        """Build and open a game's hub (raises ``ApiError`` for a game that is not there)."""
        self.limit = limit
        self._spawn = spawn
        self.hubs: dict[str, GameHub] = {}
        self._opening: dict[str, asyncio.Lock] = {}
        self._closing: dict[str, asyncio.Task[None]] = {}
        """Hubs being unloaded: the game is opened again only once its old hub is closed."""

    async def hub(self, game_id: str) -> GameHub:
        """A game's hub, opened if it is not held yet; marked as used now."""
        hub = self.hubs.get(game_id)
        if hub is not None:
            hub.touch()
            return hub
        lock = self._opening.setdefault(game_id, asyncio.Lock())
        try:
            async with lock:
                hub = self.hubs.get(game_id)
                if hub is None:
                    hub = await self._open(game_id)
        finally:
            if not lock.locked() and self._opening.get(game_id) is lock:
                del self._opening[game_id]
        hub.touch()
        return hub

    async def _open(self, game_id: str) -> GameHub:
        await self.closed(game_id)
        hub = await self._open_hub(game_id)
        other = self.hubs.get(game_id)
        if other is not None:  # opened meanwhile by a caller that did not wait for this one
            await hub.close()
            return other
        self.hubs[game_id] = hub
        self._unload_least_used(keep=game_id)
        return hub

    def _unload_least_used(self, keep: str) -> None:
        """Unload games beyond the bound: the least recently used first, those nobody is
        connected to before the others; never ``keep`` (the game just opened), nor one whose
        action is being decided."""
        excess = len(self.hubs) - self.limit
        if excess <= 0:
            return
        candidates = sorted((h for h in self.hubs.values() if h.idle and h.meta.id != keep),
                            key=lambda h: (bool(h.sinks), h.used))
        for hub in candidates[:excess]:
            self.unload(hub.meta.id, 1012, "the game was unloaded; connect again")

    def unload(self, game_id: str, code: int, reason: str) -> GameHub | None:
        """Take a game out of memory here: its connections are closed with ``code``; it
        comes back from the store when next needed."""
        hub = self.hubs.pop(game_id, None)
        if hub is None:
            return None
        hub.closed = True
        hub.close_code = code
        hub.fanout.close_all(code, reason)
        task = self._spawn(self._close_hub(hub))
        self._closing[game_id] = task
        task.add_done_callback(lambda t: self._closing.pop(game_id, None)
                               if self._closing.get(game_id) is t else None)
        return hub

    async def closed(self, game_id: str) -> None:
        """Wait until a game being unloaded is closed (its clock and writer stopped)."""
        closing = self._closing.get(game_id)
        if closing is not None:
            await asyncio.shield(closing)

    @staticmethod
    async def _close_hub(hub: GameHub) -> None:
        try:
            await hub.close()
        except Exception:
            log.exception("closing game %s failed", hub.meta.id)

    async def close(self) -> None:
        """Close every hub, those being unloaded too."""
        for hub in list(self.hubs.values()):
            await hub.close()
        self.hubs.clear()
        for task in list(self._closing.values()):
            await asyncio.gather(task, return_exceptions=True)
