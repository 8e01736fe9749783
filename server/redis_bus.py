"""The bus over Redis pub/sub (redis-py's asyncio client), for many processes.

Each game has a channel ``ct:g:<game id>``; a message is ``<seq> <process>``.
Listeners read the events themselves from the store, so a message lost while
Redis was away costs only latency: when the connection comes back, the bus
resubscribes and tells every listener to catch up. A game's listener is also
told to catch up once its channel is subscribed (what was published before
that reached nobody here), and a message that could not be published is
published again once Redis answers.

Clock leases (``server.redis_writers``): ``SET ct:lease:<game> <process> NX PX``
so that one process at a time fires a game's deadlines; if it dies, the lease
lapses and another takes over.

Writers (which process decides a game's actions; ``server.redis_writers``) and
presence (who is connected through which process; ``server.redis_presence``)
ride on the same connections.

Remedies: ``seats <process>`` (a seat of the game was reset, removed or moved)
and ``gone <process>`` (the game was deleted), on the game's channel, reach
every process that holds the game; one that could not be published is
published again once Redis answers.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Collection
from typing import Any

import redis.asyncio as aioredis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff
from redis.exceptions import RedisError

from server.bus import REMEDIES, AnnounceListener, Handler, Listener, PresenceListener
from server.redis_presence import PRESENCE_MS, PRESENCE_PREFIX, Presence
from server.redis_writers import (
    FORWARD_PATIENCE,
    LEASE_MS,
    PROCESS_PREFIX,
    WRITER_MS,
    WRITER_PREFIX,
    Writers,
    clock_lease,
)

log = logging.getLogger("crisis_table.bus")

PREFIX = "ct:g:"
RENEW_EVERY = 3.0
"""Seconds between renewals of this process's claims and word on who is connected."""

__all__ = ["FORWARD_PATIENCE", "LEASE_MS", "PREFIX", "PRESENCE_MS", "PRESENCE_PREFIX",
           "PROCESS_PREFIX", "WRITER_MS", "WRITER_PREFIX", "RedisBus"]


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
        self.writers = Writers(self)
        self.presence = Presence(process_id, PREFIX)
        self._renewer: asyncio.Task[None] | None = None
        self._announce_listener: AnnounceListener | None = None
        self._unsent_news: set[tuple[str, str]] = set()
        """Remedies that could not be published yet: (game id, news)."""

    @property
    def client(self) -> aioredis.Redis | None:
        """The client for commands (None before ``start``)."""
        return self._redis

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
        for game_id in list(self.writers.writing):
            await self.writers.release(game_id)
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
        await self.writers.release(game_id)

    # Writers (``server.redis_writers``) and presence (``server.redis_presence``).

    def serve(self, handler: Handler) -> None:
        self.writers.handler = handler

    async def writer(self, game_id: str) -> str | None:
        return await self.writers.writer(game_id)

    async def forward(self, process: str, game_id: str,
                      request: dict[str, Any]) -> dict[str, Any] | None:
        return await self.writers.forward(process, game_id, request)

    async def set_present(self, game_id: str, seats: Collection[str]) -> None:
        await self.presence.set_present(self._redis, game_id, seats)

    async def present_elsewhere(self, game_id: str) -> set[str]:
        return await self.presence.elsewhere(self._redis, game_id)

    def on_presence(self, listener: PresenceListener) -> None:
        self.presence.listener = listener

    # Remedies.

    async def announce(self, game_id: str, news: str) -> None:
        assert news in REMEDIES, news
        if self._redis is None:
            return
        try:
            await self._redis.publish(PREFIX + game_id, f"{news} {self.process_id}")
        except (RedisError, OSError) as err:
            self._unsent_news.add((game_id, news))
            log.warning("announcing a remedy to Redis failed: %s", err)
        else:
            self._unsent_news.discard((game_id, news))

    def on_announce(self, listener: AnnounceListener) -> None:
        self._announce_listener = listener

    async def _renew_loop(self) -> None:
        while True:
            await asyncio.sleep(RENEW_EVERY)
            if self._redis is None:
                continue
            # While Redis is away the claims and the word lapse, and are made again later.
            with contextlib.suppress(RedisError, OSError):
                await self.presence.renew(self._redis)
            with contextlib.suppress(RedisError, OSError):
                await self.writers.renew()

    async def lease(self, game_id: str) -> bool:
        """Take or renew the clock lease of a game; True if this process holds it."""
        return await clock_lease(self._redis, game_id, self.process_id)

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
                if self._unsent or self._unsent_news:
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
        wanted = {PREFIX + g for g in self._listeners} | {self.writers.channel}
        add, drop = wanted - subscribed, subscribed - wanted
        if add:
            await pubsub.subscribe(*add)
        if drop:
            await pubsub.unsubscribe(*drop)
        subscribed.clear()
        subscribed.update(wanted)
        # Messages published before the subscription reached nobody here: catch up.
        for channel in add:
            if channel == self.writers.channel:
                continue
            game_id = channel[len(PREFIX):]
            listener = self._listeners.get(game_id)
            if listener is not None:
                self.run(listener(game_id, 1 << 62))

    async def _publish_unsent(self) -> None:
        for game_id, seq in list(self._unsent.items()):
            await self.publish(game_id, seq)
        for game_id, news in list(self._unsent_news):
            await self.announce(game_id, news)

    def run(self, coro: Any) -> None:
        """A listener's call, as a task that is kept until it is done."""
        task = asyncio.get_running_loop().create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _dispatch(self, message: dict[str, Any]) -> None:
        channel, data = _text(message.get("channel")), _text(message.get("data"))
        if channel is None or data is None:
            return
        if channel == self.writers.channel:
            self.writers.on_direct(data)
            return
        game_id = channel[len(PREFIX):]
        parts = data.split(" ", 1)
        if len(parts) == 2 and parts[1] == self.process_id:
            return
        if parts[0] == "presence":
            if self.presence.listener is not None:
                self.presence.listener(game_id)
            return
        if parts[0] in REMEDIES:
            if self._announce_listener is not None:
                self.run(self._announce_listener(game_id, parts[0]))
            return
        try:
            seq = int(parts[0])
        except ValueError:
            return
        listener = self._listeners.get(game_id)
        if listener is not None:
            self.run(listener(game_id, seq))

    async def _tell_all(self) -> None:
        """After a gap, every watched game may have missed news: catch up from the store."""
        for game_id, listener in list(self._listeners.items()):
            self.run(listener(game_id, 1 << 62))


def _text(value: Any) -> str | None:
    """A pub/sub message's channel or data as text (None if it is neither text nor bytes)."""
    if isinstance(value, bytes):
        return value.decode()
    return value if isinstance(value, str) else None
