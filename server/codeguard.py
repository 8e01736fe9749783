"""Join codes are looked up here, and only here: the one limit against guessing them.

Every answer that differs between a live code and a dead one (``GET`` and ``POST
/api/join/{code}``, ``/api/join/{code}/me``, ``/api/join/{code}/resume``, a websocket
``hello`` with ``game``) asks ``CodeGuard.game``. It counts, per client address:

- **failures**: codes that matched no game. Up to ``joins_per_minute`` in the last
  minute, an address looks codes up freely;
- past that, the address is *slowed*: it may still look up ``joins_while_slowed``
  codes a minute (a right one gets in, a wrong one is refused and counted) and is
  refused the rest with ``429 too_many_attempts`` before anything is looked up;
- **codes that worked** from the address, and the codes of games created from it
  (for ``KNOWN_TTL``): they are let through
  even while it is slowed, without using its allowance. A class behind one school
  address keeps joining its own game while a guesser behind the same address is
  being refused: once one student's join went through, the code is known there (and
  the guesser learns nothing new from it: it had to be right to get in).

Successes are never counted. The counters are ``server.counters``: in Redis with
several processes, so that the limit holds whichever process a request reaches.
"""

from __future__ import annotations

import ipaddress
from typing import Any

from server import auth
from server.counters import Counters
from server.errors import ApiError
from server.settings import Limits
from server.store import Store

WINDOW = 60.0
KNOWN_TTL = 12 * 3600.0
"""How long a code that worked from an address passes there without counting: a school day."""


def too_many() -> ApiError:
    return ApiError(429, "too_many_attempts",
                    "Too many wrong join codes from this address; wait a minute.")


def unknown_code() -> ApiError:
    return ApiError(404, "unknown_code", "No game has this code. Check it with your teacher.")


def address_key(host: str | None) -> str:
    """Whose allowance a client uses: its IPv4 address, or its IPv6 /64 network (one
    machine usually holds a whole /64, and could otherwise change address at will).

    >>> address_key("203.0.113.9"), address_key("2001:db8:1:2:aaaa::1"), address_key(None)
    ('203.0.113.9', '2001:db8:1:2::/64', '?')
    """
    if not host:
        return "?"
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return host[:64]
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


class CodeGuard:
    def __init__(self, store: Store, counters: Counters, limits: Limits) -> None:
        self.store = store
        self.counters = counters
        self.failures_allowed = limits.joins_per_minute
        self.lookups_while_slowed = limits.joins_while_slowed

    async def game(self, address: str, code: str) -> dict[str, Any]:
        """The game of a join code, looked up for a client at ``address``; raises
        ``ApiError`` 404 ``unknown_code`` (counted) or 429 ``too_many_attempts``."""
        address = address_key(address)
        clean = auth.normalize_code(code)[:12]
        known = f"jk:{address}:{clean}"
        if clean and await self.counters.marked(known):
            row = await self.store.game_by_code(clean)
            if row is not None:
                return row
        failures = f"jf:{address}"
        if await self.counters.window(failures, WINDOW) >= self.failures_allowed and \
                not await self.counters.add(f"js:{address}", WINDOW, self.lookups_while_slowed):
            raise too_many()
        row = await self.store.game_by_code(clean) if clean else None
        if row is None:
            # Counted even past the allowance: the window stays full while the guessing goes on.
            await self.counters.add(failures, WINDOW, 10 * self.failures_allowed + 10)
            raise unknown_code()
        await self.counters.mark(known, KNOWN_TTL)
        return row

    async def remember(self, address: str, code: str) -> None:
        """A code that works from ``address`` without counting: the game's creator's (the
        teacher is usually at the school, behind its address)."""
        await self.counters.mark(f"jk:{address_key(address)}:{code}", KNOWN_TTL)

    async def blocked(self, address: str) -> bool:
        """Whether an address is slowed with nothing left to look up this minute (for tests
        and the operator; the routes ask ``game``)."""
        address = address_key(address)
        return (await self.counters.window(f"jf:{address}", WINDOW) >= self.failures_allowed
                and await self.counters.window(f"js:{address}", WINDOW)
                >= self.lookups_while_slowed)
