"""The bus over Redis pub/sub (redis-py's asyncio client), for many processes.

Each game has a channel ``ct:g:<game id>``; a message is ``<seq> <process>``.
Listeners read the events themselves from the store, so a message lost while
Redis was away costs only latency: when the connection comes back, the bus
resubscribes and tells every listener to catch up. A game's listener is also
told to catch up once its channel is subscribed (what was published before
that reached nobody here), and a message that could not be published is
published again once Redis answers.

Clock leases: ``SET ct:lease:<game> <process> NX PX`` so that one process at
a time fires a game's deadlines; if it dies, the lease lapses and another
takes over.

Writers (see ``server.bus``): ``ct:w:<game>`` names the process that writes the
game, claimed by the first that asks and renewed while it keeps the game open.
A forwarded action goes to the writer's own channel ``ct:p:<process>`` and the
outcome comes back on the sender's. ``PUBLISH`` answers how many subscribers
heard it: none means the writer is gone (a killed process's connection closes
with it), and the sender takes the game over at once; a writer that does not
answer in time is passed by until its claim lapses.

Presence: ``ct:on:<game>:<process>`` holds the seats connected to the game
through that process (a JSON list), set on every change and renewed every few
seconds, so that a dead process's seats stop counting once PRESENCE_MS has
passed; ``ct:on:<game>`` is the set of processes that said something. A change
is announced on the game's channel as ``presence <process>``.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
import time
from collections.abc import Collection
from typing import Any

import orjson
import redis.asyncio as aioredis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff
from redis.exceptions import RedisError

from server.bus import Handler, Listener, PresenceListener

log = logging.getLogger("crisis_table.bus")

PREFIX = "ct:g:"
LEASE_MS = 10_000
RENEW = """
if redis.call('get', KEYS[1]) == ARGV[1] then
  return redis.call('pexpire', KEYS[1], ARGV[2])
end
return redis.call('set', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) and 1 or 0
"""
PRESENCE_PREFIX = "ct:on:"
PRESENCE_MS = 12_000
"""A process's word on who is connected lapses this long after its last renewal."""
WRITER_PREFIX = "ct:w:"
PROCESS_PREFIX = "ct:p:"
WRITER_MS = 10_000
"""A writer's claim lapses this long after its last renewal (a process that died)."""
WRITER_RENEW = 3.0
WRITER_CACHE = 2.0
"""Seconds a process trusts what it last read of a game's writer."""
FORWARD_PATIENCE = 1.5
"""Seconds to wait for a writer's answer before deciding the action here."""
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


class RedisBus:
    def __init__(self, url: str, process_id: str) -> None:
        self.url = url
        self.process_id = process_id
        self._redis: aioredis.Redis | None = None
        self._subscriber: aioredis.Redis | None = None
        self._listeners: dict[str, Listener] = {}
        self._reader: asyncio.Task[None] | None = None
        self._pubsub: Any = None
        self._healthy = False
        self._ever_up = False
        self._changed = asyncio.Event()
        self._unsent: dict[str, int] = {}
        """game id -> the last seq whose message could not be published."""
        self._tasks: set[asyncio.Task[None]] = set()
        self.reconnects = 0
        self._own_channel = PROCESS_PREFIX + process_id
        self._handler: Handler | None = None
        self._pending: dict[str, asyncio.Future[dict[str, Any] | None]] = {}
        self._writers: dict[str, tuple[str, float]] = {}
        """game id -> (its writer, "" for "write it here for now"; until when to trust it)."""
        self._writing: set[str] = set()
        """The games this process writes: their claims are renewed."""
        self._renewer: asyncio.Task[None] | None = None
        self._present: dict[str, list[str]] = {}
        """game id -> the seats connected to it through this process (renewed)."""
        self._presence_listener: PresenceListener | None = None

    @property
    def healthy(self) -> bool:
        return self._healthy

    async def start(self) -> None:
        # Commands (publish, lease) retry once at once: after Redis restarts, a pooled
        # connection is stale and the retry takes a fresh one. The subscriber never retries
        # by itself: redis-py would reconnect and resubscribe silently, and nobody would
        # catch up on what was published meanwhile; its errors end the session instead.
        self._redis = aioredis.from_url(self.url, socket_connect_timeout=2, socket_timeout=5,
                                        health_check_interval=5, retry=Retry(NoBackoff(), 1))
        self._subscriber = aioredis.from_url(self.url, socket_connect_timeout=2,
                                             socket_timeout=5, health_check_interval=5,
                                             retry=Retry(NoBackoff(), 0))
        self._reader = asyncio.create_task(self._read_loop(), name="redis-bus")
        self._renewer = asyncio.create_task(self._renew_loop(), name="redis-bus-writers")

    async def close(self) -> None:
        for task in (self._renewer, self._reader):
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await task
        for game_id in list(self._writing):
            await self._release(game_id)
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        if self._pubsub is not None:
            with contextlib.suppress(Exception):
                await self._pubsub.aclose()
        for client in (self._redis, self._subscriber):
            if client is not None:
                with contextlib.suppress(Exception):
                    await client.aclose()

    async def publish(self, game_id: str, seq: int) -> None:
        if self._redis is None:
            return
        try:
            await self._redis.publish(PREFIX + game_id, f"{seq} {self.process_id}")
        except (RedisError, OSError) as err:
            # The other processes may miss this news: publish it again when Redis answers.
            # (Whether the bus is healthy is the subscriber's to say: it notices an outage.)
            self._unsent[game_id] = max(seq, self._unsent.get(game_id, 0))
            log.warning("publishing to Redis failed: %s", err)
        else:
            if self._unsent.get(game_id, seq + 1) <= seq:
                del self._unsent[game_id]

    async def subscribe(self, game_id: str, listener: Listener) -> None:
        self._listeners[game_id] = listener
        self._changed.set()

    async def unsubscribe(self, game_id: str) -> None:
        self._listeners.pop(game_id, None)
        self._changed.set()
        await self._release(game_id)

    # Writers.

    def serve(self, handler: Handler) -> None:
        self._handler = handler

    async def writer(self, game_id: str) -> str | None:
        """The game's writer if it is another process, claiming the game if nobody writes it."""
        if self._redis is None or not self._healthy:
            return None  # nobody could forward here, nor hear a forward's answer
        now = time.monotonic()
        known = self._writers.get(game_id)
        if known is not None and known[1] > now:
            who = known[0]
        else:
            try:
                got = await self._redis.eval(CLAIM, 1, WRITER_PREFIX + game_id, self.process_id,
                                             str(WRITER_MS))
            except (RedisError, OSError):
                return None
            who = got.decode() if isinstance(got, bytes) else str(got)
            self._writers[game_id] = (who, now + WRITER_CACHE)
        if who == self.process_id:
            self._writing.add(game_id)
            return None
        return who or None

    async def forward(self, process: str, game_id: str,
                      request: dict[str, Any]) -> dict[str, Any] | None:
        if self._redis is None:
            return None
        request_id = secrets.token_hex(8)
        answer: asyncio.Future[dict[str, Any] | None] = asyncio.get_running_loop().create_future()
        self._pending[request_id] = answer
        message = orjson.dumps({"t": "req", "id": request_id, "from": self.process_id,
                                "game": game_id, "body": request})
        try:
            heard = await self._redis.publish(PROCESS_PREFIX + process, message)
            if not heard:  # nobody listens there any more: the writer is gone
                await self._take_over(game_id, process)
                return None
            return await asyncio.wait_for(answer, FORWARD_PATIENCE)
        except TimeoutError:  # (before OSError, of which it is a kind)
            log.warning("process %s did not answer for game %s; deciding here", process, game_id)
            self._writers[game_id] = ("", time.monotonic() + WRITER_MS / 1000)
            return None
        except (RedisError, OSError):
            return None
        finally:
            self._pending.pop(request_id, None)

    async def _take_over(self, game_id: str, gone: str) -> None:
        assert self._redis is not None
        taken = await self._redis.eval(TAKE_OVER, 1, WRITER_PREFIX + game_id, gone,
                                       self.process_id, str(WRITER_MS))
        if taken:
            self._writing.add(game_id)
            self._writers[game_id] = (self.process_id, time.monotonic() + WRITER_CACHE)
        else:
            self._writers.pop(game_id, None)

    async def _release(self, game_id: str) -> None:
        self._writers.pop(game_id, None)
        if game_id not in self._writing:
            return
        self._writing.discard(game_id)
        if self._redis is not None and self._healthy:  # (else the claim lapses by itself)
            with contextlib.suppress(RedisError, OSError):
                await self._redis.eval(RELEASE, 1, WRITER_PREFIX + game_id, self.process_id)

    # Presence.

    async def set_present(self, game_id: str, seats: Collection[str]) -> None:
        listed = sorted(seats)
        if listed:
            self._present[game_id] = listed
        else:
            self._present.pop(game_id, None)
        if self._redis is None:
            return
        try:
            await self._write_presence(game_id, listed)
            await self._redis.publish(PREFIX + game_id, f"presence {self.process_id}")
        except (RedisError, OSError) as err:
            log.warning("telling Redis who is connected failed: %s", err)

    async def _write_presence(self, game_id: str, seats: list[str]) -> None:
        assert self._redis is not None
        key = f"{PRESENCE_PREFIX}{game_id}:{self.process_id}"
        async with self._redis.pipeline(transaction=False) as pipe:
            if seats:
                pipe.set(key, orjson.dumps(seats), px=PRESENCE_MS)
                pipe.sadd(PRESENCE_PREFIX + game_id, self.process_id)
                pipe.pexpire(PRESENCE_PREFIX + game_id, 86_400_000)
            else:
                pipe.delete(key)
                pipe.srem(PRESENCE_PREFIX + game_id, self.process_id)
            await pipe.execute()

    async def present_elsewhere(self, game_id: str) -> set[str]:
        if self._redis is None:
            return set()
        try:
            processes = sorted(name for p in await self._redis.smembers(PRESENCE_PREFIX + game_id)
                               if (name := p.decode() if isinstance(p, bytes) else str(p))
                               != self.process_id)
            if not processes:
                return set()
            values = await self._redis.mget([f"{PRESENCE_PREFIX}{game_id}:{p}" for p in processes])
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
                await self._redis.srem(PRESENCE_PREFIX + game_id, *lapsed)
        return seats

    def on_presence(self, listener: PresenceListener) -> None:
        self._presence_listener = listener

    async def _renew_loop(self) -> None:
        while True:
            await asyncio.sleep(WRITER_RENEW)
            for game_id, seats in list(self._present.items()):
                try:
                    await self._write_presence(game_id, seats)
                except (RedisError, OSError):
                    break
            for game_id in list(self._writing):
                try:
                    assert self._redis is not None
                    still = await self._redis.eval(RENEW, 1, WRITER_PREFIX + game_id,
                                                   self.process_id, str(WRITER_MS))
                except (RedisError, OSError):
                    break  # Redis is away: the claims lapse, and are made again later
                if not still:  # another process took it while this one was not heard
                    self._writing.discard(game_id)
                    self._writers.pop(game_id, None)

    def _on_direct(self, data: str) -> None:
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
            self._run(self._answer(message))

    async def _answer(self, message: dict[str, Any]) -> None:
        outcome: dict[str, Any] | None = None
        if self._handler is not None:
            try:
                outcome = await self._handler(str(message["game"]), message["body"])
            except Exception:
                log.exception("a forwarded action of game %s failed", message.get("game"))
        if self._redis is None:
            return
        with contextlib.suppress(RedisError, OSError):
            await self._redis.publish(PROCESS_PREFIX + str(message["from"]),
                                      orjson.dumps({"t": "res", "id": message["id"],
                                                    "body": outcome}))

    async def lease(self, game_id: str) -> bool:
        """Take or renew the clock lease of a game; True if this process holds it."""
        if self._redis is None:
            return True
        try:
            got = await self._redis.eval(RENEW, 1, f"ct:lease:{game_id}", self.process_id,
                                         str(LEASE_MS))
        except (RedisError, OSError):
            return False
        return bool(got)

    async def _read_loop(self) -> None:
        backoff = 0.2
        while True:
            try:
                await self._session()
            except asyncio.CancelledError:
                raise
            except (RedisError, OSError) as err:
                if self._healthy:
                    log.warning("lost Redis: %s", err)
                self._healthy = False
            await asyncio.sleep(backoff)
            backoff = min(5.0, backoff * 2)
            if self._healthy:
                backoff = 0.2

    async def _session(self) -> None:
        assert self._subscriber is not None
        pubsub: Any = self._subscriber.pubsub(ignore_subscribe_messages=True)
        self._pubsub = pubsub
        subscribed: set[str] = set()
        try:
            await pubsub.ping()
            await self._sync_subscriptions(pubsub, subscribed)
            came_back = self._ever_up and not self._healthy
            self._healthy = self._ever_up = True
            if came_back:
                self.reconnects += 1
                await self._tell_all()
            while True:
                if self._changed.is_set():
                    await self._sync_subscriptions(pubsub, subscribed)
                if self._unsent:
                    await self._publish_unsent()
                message = await pubsub.get_message(timeout=0.5)
                if message is None:
                    if not subscribed:
                        await pubsub.ping()
                    continue
                await self._dispatch(message)
        finally:
            with contextlib.suppress(Exception):
                await pubsub.aclose()

    async def _sync_subscriptions(self, pubsub: Any, subscribed: set[str]) -> None:
        self._changed.clear()
        wanted = {PREFIX + g for g in self._listeners} | {self._own_channel}
        add, drop = wanted - subscribed, subscribed - wanted
        if add:
            await pubsub.subscribe(*add)
        if drop:
            await pubsub.unsubscribe(*drop)
        subscribed.clear()
        subscribed.update(wanted)
        # Messages published before the subscription reached nobody here: catch up.
        for channel in add:
            if channel == self._own_channel:
                continue
            game_id = channel[len(PREFIX):]
            listener = self._listeners.get(game_id)
            if listener is not None:
                self._run(listener(game_id, 1 << 62))

    async def _publish_unsent(self) -> None:
        for game_id, seq in list(self._unsent.items()):
            await self.publish(game_id, seq)

    def _run(self, coro: Any) -> None:
        """A listener's call, as a task that is kept until it is done."""
        task = asyncio.get_running_loop().create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _dispatch(self, message: dict[str, Any]) -> None:
        channel = message.get("channel")
        data = message.get("data")
        if isinstance(channel, bytes):
            channel = channel.decode()
        if isinstance(data, bytes):
            data = data.decode()
        if not isinstance(channel, str) or not isinstance(data, str):
            return
        if channel == self._own_channel:
            self._on_direct(data)
            return
        game_id = channel[len(PREFIX):]
        parts = data.split(" ", 1)
        if len(parts) == 2 and parts[1] == self.process_id:
            return
        if parts[0] == "presence":
            if self._presence_listener is not None:
                self._presence_listener(game_id)
            return
        try:
            seq = int(parts[0])
        except ValueError:
            return
        listener = self._listeners.get(game_id)
        if listener is not None:
            self._run(listener(game_id, seq))

    async def _tell_all(self) -> None:
        """After a gap, every watched game may have missed news: catch up from the store."""
        for game_id, listener in list(self._listeners.items()):
            self._run(listener(game_id, 1 << 62))
