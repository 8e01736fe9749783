"""The retention purge (``Settings.purge_ended_after_days``): every game, a fork like
any other, that ended N days ago or in which nothing happened for N days (no action,
no new seat: a fork left paused, a game nobody ended) is deleted with its own forks,
with all its data. Off (0 days) by default; docs/security.md."""

from __future__ import annotations

import asyncio
import logging

from server.games import Games

log = logging.getLogger("crisis_table")

PURGE_EVERY = 3600.0
"""Seconds between two purges while the server runs."""


async def purge_ended(games: Games) -> int:
    """Purge the games whose days have run (see the module); how many games went."""
    days = games.settings.purge_ended_after_days
    if days <= 0:
        return 0
    moment = games.clock() - days * 86400
    ids = dict.fromkeys([*await games.store.ended_before(moment),
                         *await games.store.idle_since(moment)])
    count = 0
    for game_id in ids:
        if await games.store.game(game_id) is not None:  # (not gone with its parent)
            count += len(await games.delete_with_forks(game_id))
    return count


async def purge_forever(games: Games) -> None:
    """Purge now and every ``PURGE_EVERY`` seconds, until cancelled."""
    while True:
        try:
            await purge_ended(games)
        except Exception:
            log.exception("purging old games failed")
        await asyncio.sleep(PURGE_EVERY)
