"""Who is connected to each game: counted here, per process, and told to the bus,
which knows it for every process.

The roster's online dots read it, and so do the countries *away* (they have
students, none of them online), whose caretakers vote for them once a vote has
waited the grace period (``game_rules.absence``): a connection that comes or goes,
here or on another process, wakes the game's clock.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any

from server.games import Games

log = logging.getLogger("crisis_table.seats")


class Presence:
    """The seats connected to each game, and who listens for the roster's changes."""

    def __init__(self, games: Games) -> None:
        self.games = games
        self.online: dict[str, dict[str, int]] = {}
        """game id -> seat id -> open connections here."""
        self.roster_listeners: dict[str, set[Callable[[], None]]] = {}
        self._to_tell: set[str] = set()
        """Games whose connections changed since the bus was last told."""
        self._telling: dict[str, asyncio.Task[None]] = {}
        games.away = self.away
        games.forgetting.append(self._forget)
        games.bus.on_presence(self._elsewhere)

    def _here(self, game_id: str) -> set[str]:
        return {seat for seat, count in self.online.get(game_id, {}).items() if count > 0}

    async def present(self, game_id: str) -> set[str]:
        """The seats connected to a game, through this process or any other."""
        return self._here(game_id) | await self.games.bus.present_elsewhere(game_id)

    async def roster(self, game_id: str) -> list[dict[str, Any]]:
        online = await self.present(game_id)
        return [{"seat_id": s["id"], "nickname": s["nickname"], "country": s["country"],
                 "role": s["role"], "online": s["id"] in online}
                for s in await self.games.store.seats(game_id) if not s["removed"]]

    async def away(self, game_id: str) -> set[str]:
        """The countries whose students are all offline (a country nobody took is not away:
        its caretaker plays it)."""
        online = await self.present(game_id)
        teams: dict[str, bool] = {}
        for seat in await self.games.store.seats(game_id):
            if seat["removed"] or not seat["country"] or seat["role"] != "student":
                continue
            teams[seat["country"]] = teams.get(seat["country"], False) or seat["id"] in online
        return {country for country, here in teams.items() if not here}

    def roster_changed(self, game_id: str, kick: str | None = None) -> None:
        """Tell the roster's listeners; ``kick``: a seat whose sockets close here (4401)."""
        hub = self.games.hubs.get(game_id)
        if hub is not None and kick is not None:
            hub.fanout.close_seat(kick, 4401, "seat changed")
        for listener in list(self.roster_listeners.get(game_id, ())):
            listener()

    def connected(self, game_id: str, seat_id: str | None, delta: int) -> None:
        """A seat's connection here opened (+1) or closed (-1)."""
        if seat_id is None:
            return
        counts = self.online.setdefault(game_id, {})
        counts[seat_id] = max(0, counts.get(seat_id, 0) + delta)
        if not counts[seat_id]:
            del counts[seat_id]
            if not counts:
                del self.online[game_id]
        self.roster_changed(game_id)
        self._wake(game_id)
        self._to_tell.add(game_id)
        if game_id not in self._telling:
            self._telling[game_id] = asyncio.get_running_loop().create_task(self._tell(game_id))

    async def _tell(self, game_id: str) -> None:
        """Tell the bus who is connected here, until it has heard the latest (one at a time,
        so that a late call never overwrites a newer one)."""
        try:
            while game_id in self._to_tell:
                self._to_tell.discard(game_id)
                try:
                    await self.games.bus.set_present(game_id, self._here(game_id))
                except Exception as err:  # the bus says it when it can; the roster waits
                    log.warning("telling the bus who is connected failed: %r", err)
        finally:
            self._telling.pop(game_id, None)

    def _elsewhere(self, game_id: str) -> None:
        """Another process's students of a game came or went."""
        self.roster_changed(game_id)
        self._wake(game_id)

    def _wake(self, game_id: str) -> None:
        """The game's clock looks again: an absent delegation's vote may now be due."""
        hub = self.games.hubs.get(game_id)
        if hub is not None:
            hub.replica.changed.set()

    def _forget(self, game_id: str) -> None:
        """A deleted game: who was connected to it here is forgotten, here and on the bus."""
        self.online.pop(game_id, None)
        self.roster_listeners.pop(game_id, None)
        self._to_tell.discard(game_id)
        self.games.spawn(self._forget_presence(game_id))

    async def _forget_presence(self, game_id: str) -> None:
        try:
            await self.games.bus.set_present(game_id, ())
        except Exception as err:  # its presence lapses by itself
            log.warning("forgetting who was connected to a deleted game failed: %r", err)
