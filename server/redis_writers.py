"""Who writes a game, over Redis (see ``server.bus``): the claims and the
forwarded actions of ``server.redis_bus.RedisBus``, and its clock leases.

``ct:w:<game>`` names the process that writes the game, claimed by the first
that asks and renewed while it keeps the game open. A forwarded action goes to
the writer's own channel ``ct:p:<process>`` and the outcome comes back on the
sender's. ``PUBLISH`` answers how many subscribers heard it: none means the
writer is gone (a killed process's connection closes with it), and the sender
takes the game over at once; a writer that does not answer in time is passed
by until its claim lapses.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
import time
from collections.abc import Coroutine
from typing import Any, Protocol

import orjson
import redis.asyncio as aioredis
from redis.exceptions import RedisError

from server.bus import Handler

log = logging.getLogger("crisis_table.bus")

WRITER_PREFIX = "ct:w:"
PROCESS_PREFIX = "ct:p:"
WRITER_MS = 10_000
"""A writer's claim lapses this long after its last renewal (a process that died)."""
WRITER_CACHE = 2.0
"""Seconds a process trusts what it last read of a game's writer."""
FORWARD_PATIENCE = 1.5
"""Seconds to wait for a writer's answer before deciding the action here."""
LEASE_MS = 10_000
"""A game's clock lease lapses this long after its last renewal (a process that died)."""
RENEW = """
if redis.call('get', KEYS[1]) == ARGV[1] then
  return redis.call('pexpire', KEYS[1], ARGV[2])
end
return redis.call('set', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) and 1 or 0
"""
"""Renew a key this process holds, or take it if nobody does: 1 if it holds it now."""
CLAIM = """
local v = redis.call('get', KEYS[1])
if v then return v end
redis.call('set', KEYS[1], ARGV[1], 'PX', ARGV[2])
return ARGV[1]
"""
TAKE_OVER = """
if redis.call('get', KEYS[1]) == ARGV[1] then
  redis.call('set', KEYS[1], ARGV[2], 'PX', ARGV[3])
  return 1
end
return 0
"""
RELEASE = """
if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end
return 0
"""


async def clock_lease(redis: aioredis.Redis | None, game_id: str, process_id: str) -> bool:
    """Take or renew the clock lease of a game (``ct:lease:<game>``), so that one process
    at a time fires its deadlines: True if ``process_id`` holds it (alone, without Redis)."""
    if redis is None:
        return True
    try:
        got = await redis.eval(RENEW, 1, f"ct:lease:{game_id}", process_id, str(LEASE_MS))
    except (RedisError, OSError):
        return False
    return bool(got)


class Link(Protocol):
    """What the claims need of the bus: its client, its health, its process, its tasks."""

    process_id: str

    @property
    def client(self) -> aioredis.Redis | None: ...

    @property
    def healthy(self) -> bool: ...

    def run(self, coro: Coroutine[Any, Any, None]) -> None: ...


class Writers:
    """This process's claims on games, and the actions it forwards or answers."""

    def __init__(self, link: Link) -> None:
        self.link = link
        self.channel = PROCESS_PREFIX + link.process_id
        """This process's own channel: forwarded actions, and the answers to its own."""
        self.handler: Handler | None = None
        self._pending: dict[str, asyncio.Future[dict[str, Any] | None]] = {}
        self._known: dict[str, tuple[str, float]] = {}
        """game id -> (its writer, "" for "write it here for now"; until when to trust it)."""
        self.writing: set[str] = set()
        """The games this process writes: their claims are renewed."""

    async def writer(self, game_id: str) -> str | None:
        """The game's writer if it is another process, claiming the game if nobody writes it."""
        redis = self.link.client
        if redis is None or not self.link.healthy:
            return None  # nobody could forward here, nor hear a forward's answer
        me = self.link.process_id
        now = time.monotonic()
        known = self._known.get(game_id)
        if known is not None and known[1] > now:
            who = known[0]
        else:
            try:
                got = await redis.eval(CLAIM, 1, WRITER_PREFIX + game_id, me, str(WRITER_MS))
            except (RedisError, OSError):
                return None
            who = got.decode() if isinstance(got, bytes) else str(got)
            self._known[game_id] = (who, now + WRITER_CACHE)
        if who == me:
            self.writing.add(game_id)
            return None
        return who or None

    async def forward(self, process: str, game_id: str,
                      request: dict[str, Any]) -> dict[str, Any] | None:
        redis = self.link.client
        if redis is None:
            return None
        request_id = secrets.token_hex(8)
        answer: asyncio.Future[dict[str, Any] | None] = asyncio.get_running_loop().create_future()
        self._pending[request_id] = answer
        message = orjson.dumps({"t": "req", "id": request_id, "from": self.link.process_id,
                                "game": game_id, "body": request})
        try:
            heard = await redis.publish(PROCESS_PREFIX + process, message)
            if not heard:  # nobody listens there any more: the writer is gone
                await self._take_over(redis, game_id, process)
                return None
            return await asyncio.wait_for(answer, FORWARD_PATIENCE)
        except TimeoutError:  # (before OSError, of which it is a kind)
            log.warning("process %s did not answer for game %s; deciding here", process, game_id)
            self._known[game_id] = ("", time.monotonic() + WRITER_MS / 1000)
            return None
        except (RedisError, OSError):
            return None
        finally:
            self._pending.pop(request_id, None)

    async def _take_over(self, redis: aioredis.Redis, game_id: str, gone: str) -> None:
        me = self.link.process_id
        taken = await redis.eval(TAKE_OVER, 1, WRITER_PREFIX + game_id, gone, me, str(WRITER_MS))
        if taken:
            self.writing.add(game_id)
            self._known[game_id] = (me, time.monotonic() + WRITER_CACHE)
        else:
            self._known.pop(game_id, None)

    async def release(self, game_id: str) -> None:
        self._known.pop(game_id, None)
        if game_id not in self.writing:
            return
        self.writing.discard(game_id)
        redis = self.link.client
        if redis is not None and self.link.healthy:  # (else the claim lapses by itself)
            with contextlib.suppress(RedisError, OSError):
                await redis.eval(RELEASE, 1, WRITER_PREFIX + game_id, self.link.process_id)

    async def renew(self) -> None:
        """Renew this process's claims; RedisError or OSError while Redis is away."""
        redis = self.link.client
        assert redis is not None
        for game_id in list(self.writing):
            still = await redis.eval(RENEW, 1, WRITER_PREFIX + game_id, self.link.process_id,
                                     str(WRITER_MS))
            if not still:  # another process took it while this one was not heard
                self.writing.discard(game_id)
                self._known.pop(game_id, None)

    def on_direct(self, data: str) -> None:
        """A message on this process's own channel: a forwarded action, or an answer."""
        try:
            message = orjson.loads(data)
            kind, request_id = message["t"], str(message["id"])
        except (orjson.JSONDecodeError, KeyError, TypeError):
            return
        if kind == "res":
            answer = self._pending.get(request_id)
            if answer is not None and not answer.done():
                body = message.get("body")
                answer.set_result(body if isinstance(body, dict) else None)
        elif kind == "req" and isinstance(message.get("body"), dict):
            self.link.run(self._answer(message))

    async def _answer(self, message: dict[str, Any]) -> None:
        outcome: dict[str, Any] | None = None
        if self.handler is not None:
            try:
                outcome = await self.handler(str(message["game"]), message["body"])
            except Exception:
                log.exception("a forwarded action of game %s failed", message.get("game"))
        redis = self.link.client
        if redis is None:
            return
        with contextlib.suppress(RedisError, OSError):
            await redis.publish(PROCESS_PREFIX + str(message["from"]),
                                orjson.dumps({"t": "res", "id": message["id"], "body": outcome}))
