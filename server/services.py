"""What one running app holds (the store, the bus, the games, the seats, the
review, the forks, the lab, the scenario library), built by ``create_app`` and reached by
the route handlers through ``server.deps``."""

from __future__ import annotations

import asyncio
import contextlib
import secrets

from game_rules.messages import N_, message
from server.bus import Bus, InProcessBus
from server.counters import make_counters
from server.db import make_engine
from server.forks import Forks
from server.games import Games
from server.lab import LabService
from server.migrate import upgrade
from server.redis_bus import RedisBus
from server.reflection import Reflections
from server.retention import purge_forever
from server.review import Review
from server.scenario_library import ScenarioLibrary
from server.seats import Seats
from server.settings import BadSetting, Settings
from server.store import Store


def make_bus(url: str, process_id: str) -> Bus:
    """The bus a URL names: ``memory://`` (one process) or ``redis://host:port``."""
    if url.startswith("memory"):
        return InProcessBus()
    if url.startswith(("redis://", "rediss://", "unix://")):
        return RedisBus(url, process_id)
    raise BadSetting(message(N_("unknown bus {url}: use memory:// or redis://host:port"),
                             url=repr(url)))


class Services:
    """Everything one app serves with; started and stopped by its lifespan."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.process_id = secrets.token_hex(4)
        self.store = Store(make_engine(settings.database), settings.commit_interval)
        self.bus = make_bus(settings.bus_url, self.process_id)
        self.counters = make_counters(settings.bus_url)
        self.games = Games(self.store, self.bus, settings, counters=self.counters)
        self.seats = Seats(self.games)
        self.review = Review(self.games, self.seats)
        self.forks = Forks(self.games)
        self.lab = LabService(self.review, self.forks)
        self.reflections = Reflections(self.review)
        self.library = ScenarioLibrary(self.store.engine)
        self._purger: asyncio.Task[None] | None = None

    async def start(self, migrate: bool) -> None:
        if migrate:
            await asyncio.to_thread(upgrade, self.settings.database)
        await self.store.start()
        await self.bus.start()
        await self.games.resume_all()
        if self.settings.purge_ended_after_days > 0:
            self._purger = asyncio.create_task(purge_forever(self.games))

    async def stop(self) -> None:
        if self._purger is not None:
            self._purger.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._purger
        await self.games.close()
        await self.bus.close()
        await self.counters.close()
        await self.store.close()

