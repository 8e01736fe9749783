"""Counters that every server process shares: the rate limits' memory.

A limit that each process kept for itself would let a client with two
connections on two processes (or a guesser whose requests nginx spreads) have
twice its allowance. So the limits count here: in this process's memory with
the in-process bus (one process), in Redis when the bus is Redis (every
process reads and writes the same keys, each update one atomic script).

Three kinds of counter:

- ``window``: hits of a key in the last ``window`` seconds (a sliding log), and
  ``add``: one more hit if the key has fewer than ``limit`` (join codes).
- ``take``: a token bucket (``rate`` a second, ``burst`` at most): whether one
  token was there to take (actions, views and pings of a seat).
- ``mark``/``marked``: a flag that lapses after ``ttl`` seconds (a join code
  that worked from an address).

If Redis does not answer, the process counts in its own memory until it does
(a limit per process for that while, never no limit), and says so in its log.
"""

from __future__ import annotations

import logging
import secrets
import time
from collections import OrderedDict, deque
from typing import Protocol

log = logging.getLogger("crisis_table.counters")

MAX_KEYS = 100_000
"""Keys one process keeps in memory; the oldest are forgotten first."""


class Counters(Protocol):
    async def window(self, key: str, window: float) -> int:
        """Hits of ``key`` in the last ``window`` seconds."""
        ...

    async def add(self, key: str, window: float, limit: int) -> bool:
        """Count a hit of ``key`` if it had fewer than ``limit`` in the window; whether it did."""
        ...

    async def take(self, key: str, rate: float, burst: int) -> bool:
        """Take a token from ``key``'s bucket (``rate`` tokens a second, ``burst`` at most)."""
        ...

    async def mark(self, key: str, ttl: float) -> None: ...

    async def marked(self, key: str) -> bool: ...

    async def close(self) -> None: ...


class MemoryCounters:
    """The counters of one process."""

    def __init__(self, clock: object = time.monotonic, max_keys: int = MAX_KEYS) -> None:
        self.clock = clock
        self.max_keys = max_keys
        self._logs: OrderedDict[str, deque[float]] = OrderedDict()
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()
        self._marks: OrderedDict[str, float] = OrderedDict()

    def _now(self) -> float:
        return float(self.clock())  # type: ignore[operator]

    def _log(self, key: str, window: float) -> deque[float]:
        now = self._now()
        hits = self._logs.get(key)
        if hits is None:
            hits = self._logs[key] = deque()
            while len(self._logs) > self.max_keys:
                self._logs.popitem(last=False)
        else:
            self._logs.move_to_end(key)
        while hits and hits[0] <= now - window:
            hits.popleft()
        return hits

    async def window(self, key: str, window: float) -> int:
        return len(self._log(key, window))

    async def add(self, key: str, window: float, limit: int) -> bool:
        hits = self._log(key, window)
        if len(hits) >= limit:
            return False
        hits.append(self._now())
        return True

    async def take(self, key: str, rate: float, burst: int) -> bool:
        now = self._now()
        tokens, stamp = self._buckets.pop(key, (float(burst), now))
        tokens = min(float(burst), tokens + (now - stamp) * rate)
        taken = tokens >= 1.0
        if taken:
            tokens -= 1.0
        self._buckets[key] = (tokens, now)
        while len(self._buckets) > self.max_keys:
            self._buckets.popitem(last=False)
        return taken

    async def mark(self, key: str, ttl: float) -> None:
        self._marks.pop(key, None)
        self._marks[key] = self._now() + ttl
        while len(self._marks) > self.max_keys:
            self._marks.popitem(last=False)

    async def marked(self, key: str) -> bool:
        until = self._marks.get(key)
        if until is None:
            return False
        if until <= self._now():
            del self._marks[key]
            return False
        return True

    async def close(self) -> None:
        return None


# Redis: each operation one script, so that two processes never both pass the last slot.
# The clock is Redis's own (TIME), the same for every process.

_NOW = "local t = redis.call('TIME'); local now = tonumber(t[1]) + tonumber(t[2]) / 1e6\n"

WINDOW = _NOW + """
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - tonumber(ARGV[1]))
return redis.call('ZCARD', KEYS[1])
"""

ADD = _NOW + """
local window = tonumber(ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then return 0 end
redis.call('ZADD', KEYS[1], now, ARGV[3])
redis.call('PEXPIRE', KEYS[1], math.ceil(window * 1000))
return 1
"""

TAKE = _NOW + """
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local got = redis.call('HMGET', KEYS[1], 'tokens', 'stamp')
local tokens = tonumber(got[1]) or burst
local stamp = tonumber(got[2]) or now
tokens = math.min(burst, tokens + math.max(0, now - stamp) * rate)
local taken = 0
if tokens >= 1 then tokens = tokens - 1; taken = 1 end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'stamp', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(burst / rate * 1000) + 1000)
return taken
"""

PREFIX = "ct:lim:"


class RedisCounters:
    """The counters of every process, in Redis (keys ``ct:lim:...``, each lapsing by itself)."""

    def __init__(self, url: str) -> None:
        import redis.asyncio as aioredis
        from redis.asyncio.retry import Retry
        from redis.backoff import NoBackoff

        self._redis = aioredis.from_url(url, socket_connect_timeout=1, socket_timeout=1,
                                        retry=Retry(NoBackoff(), 1))
        self._fallback = MemoryCounters()
        self._down_since: float | None = None

    def _failed(self, err: Exception) -> None:
        if self._down_since is None:
            self._down_since = time.monotonic()
            log.warning("Redis does not answer the rate limits (%r): counting in this process "
                        "until it does", err)

    def _answered(self) -> None:
        if self._down_since is not None:
            self._down_since = None
            log.warning("Redis answers the rate limits again")

    async def _eval(self, script: str, key: str, *args: str | float) -> int | None:
        from redis.exceptions import RedisError

        try:
            value = await self._redis.eval(script, 1, PREFIX + key, *args)
        except (RedisError, OSError) as err:
            self._failed(err)
            return None
        self._answered()
        return int(value)

    async def window(self, key: str, window: float) -> int:
        value = await self._eval(WINDOW, key, window)
        return await self._fallback.window(key, window) if value is None else value

    async def add(self, key: str, window: float, limit: int) -> bool:
        value = await self._eval(ADD, key, window, limit, secrets.token_hex(8))
        return await self._fallback.add(key, window, limit) if value is None else bool(value)

    async def take(self, key: str, rate: float, burst: int) -> bool:
        value = await self._eval(TAKE, key, rate, burst)
        return await self._fallback.take(key, rate, burst) if value is None else bool(value)

    async def mark(self, key: str, ttl: float) -> None:
        from redis.exceptions import RedisError

        await self._fallback.mark(key, ttl)
        try:
            await self._redis.set(PREFIX + key, b"1", px=max(1, int(ttl * 1000)))
        except (RedisError, OSError) as err:
            self._failed(err)

    async def marked(self, key: str) -> bool:
        from redis.exceptions import RedisError

        try:
            found = bool(await self._redis.exists(PREFIX + key))
        except (RedisError, OSError) as err:
            self._failed(err)
            return await self._fallback.marked(key)
        self._answered()
        return found

    async def close(self) -> None:
        await self._redis.aclose()


def make_counters(bus_url: str) -> Counters:
    """Redis counters when the bus is Redis (several processes), else this process's own."""
    if bus_url.startswith(("redis://", "rediss://", "unix://")):
        return RedisCounters(bus_url)
    return MemoryCounters()
