"""Who is connected, over Redis (see ``server.bus``): the presence of
``server.redis_bus.RedisBus``.

``ct:on:<game>:<process>`` holds the seats connected to the game through that
process (a JSON list), set on every change and renewed every few seconds, so
that a dead process's seats stop counting once ``PRESENCE_MS`` has passed;
``ct:on:<game>`` is the set of processes that said something. A change is
announced on the game's channel as ``presence <process>``.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Collection

import orjson
import redis.asyncio as aioredis
from redis.exceptions import RedisError

from server.bus import PresenceListener

log = logging.getLogger("crisis_table.bus")

PRESENCE_PREFIX = "ct:on:"
PRESENCE_MS = 12_000
"""A process's word on who is connected lapses this long after its last renewal."""


class Presence:
    """The seats connected through this process, told to Redis; those of the others, read."""

    def __init__(self, process_id: str, game_channel: str) -> None:
        self.process_id = process_id
        self.game_channel = game_channel
        """The prefix of a game's channel, where a change is announced."""
        self.here: dict[str, list[str]] = {}
        """game id -> the seats connected to it through this process (renewed)."""
        self.listener: PresenceListener | None = None

    async def set_present(self, redis: aioredis.Redis | None, game_id: str,
                          seats: Collection[str]) -> None:
        listed = sorted(seats)
        if listed:
            self.here[game_id] = listed
        else:
            self.here.pop(game_id, None)
        if redis is None:
            return
        try:
            await self._write(redis, game_id, listed)
            await redis.publish(self.game_channel + game_id, f"presence {self.process_id}")
        except (RedisError, OSError) as err:
            log.warning("telling Redis who is connected failed: %s", err)

    async def _write(self, redis: aioredis.Redis, game_id: str, seats: list[str]) -> None:
        key = f"{PRESENCE_PREFIX}{game_id}:{self.process_id}"
        async with redis.pipeline(transaction=False) as pipe:
            if seats:
                pipe.set(key, orjson.dumps(seats), px=PRESENCE_MS)
                pipe.sadd(PRESENCE_PREFIX + game_id, self.process_id)
                pipe.pexpire(PRESENCE_PREFIX + game_id, 86_400_000)
            else:
                pipe.delete(key)
                pipe.srem(PRESENCE_PREFIX + game_id, self.process_id)
            await pipe.execute()

    async def renew(self, redis: aioredis.Redis) -> None:
        """Say again who is connected here; RedisError or OSError while Redis is away."""
        for game_id, seats in list(self.here.items()):
            await self._write(redis, game_id, seats)

    async def elsewhere(self, redis: aioredis.Redis | None, game_id: str) -> set[str]:
        """The seats connected to a game through the other live processes."""
        if redis is None:
            return set()
        try:
            processes = sorted(name for p in await redis.smembers(PRESENCE_PREFIX + game_id)
                               if (name := p.decode() if isinstance(p, bytes) else str(p))
                               != self.process_id)
            if not processes:
                return set()
            values = await redis.mget([f"{PRESENCE_PREFIX}{game_id}:{p}" for p in processes])
        except (RedisError, OSError):
            return set()  # Redis is away: only what this process knows counts
        seats: set[str] = set()
        lapsed = []
        for process, value in zip(processes, values, strict=True):
            if value is None:
                lapsed.append(process)
                continue
            with contextlib.suppress(orjson.JSONDecodeError, TypeError):
                seats.update(str(s) for s in orjson.loads(value))
        if lapsed:
            with contextlib.suppress(RedisError, OSError):
                await redis.srem(PRESENCE_PREFIX + game_id, *lapsed)
        return seats
