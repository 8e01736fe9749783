"""The games of this process: creating, finding, deleting and purging them.

It opens a game's hub (``GameHub``) when the game is first needed (and
unfinished games at start-up, so that their deadlines fire); which games are
held in memory, and unloading the least recently used, is ``server.live``. It
answers the actions another process forwards to the games it writes. Seats and
the roster are ``server.seats``; a record's import is ``server.held``.

A deleted game is unloaded on every process (``Bus.announce``: ``gone``), and
forgotten: its hub, who was connected to it, its cached replay (``forgetting``).
Each process also checks the games it holds against the store whenever it reads
the store for news it may have missed (``audit``), so that a remedy announced
while the bus was away still takes effect.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import secrets
import time
from collections.abc import Awaitable, Callable, Collection, Coroutine
from dataclasses import dataclass
from typing import Any, TypeVar

import orjson

from game_rules import RuleError
from game_rules.actions import parse_action
from game_rules.messages import Msg
from game_rules.scenario import DEFAULT_READING_LEVEL, READING_LEVELS
from server import auth
from server.acting import INSTRUCTOR, action_from_client
from server.bus import Bus
from server.codeguard import CodeGuard
from server.counters import Counters, MemoryCounters
from server.decide import Outcome
from server.errors import ApiError, not_found
from server.game_scenarios import ParsedScenarios, scenario_from
from server.hub import GameHub
from server.live import LiveGames
from server.replica import GameMeta
from server.settings import Settings
from server.store import SeatClaim, Store

log = logging.getLogger("crisis_table.games")

T = TypeVar("T")
CLOSE_PATIENCE = 5.0
"""Seconds side work (see ``Games.spawn``) may take to finish when the server stops."""
SEED_MIN, SEED_MAX = -(2**63), 2**63 - 1
"""A game's seed is stored as a signed 64-bit integer."""


@dataclass(frozen=True)
class Created:
    game_id: str
    code: str
    instructor_key: str


class Games:
    """Every game this process serves, and the hubs of the live ones."""

    def __init__(self, store: Store, bus: Bus, settings: Settings,
                 clock: Callable[[], float] = time.time,
                 counters: Counters | None = None) -> None:
        self.store = store
        self.bus = bus
        self.settings = settings
        self.clock = clock
        self.live = LiveGames(self._open, settings.max_live_games, self.spawn)
        """The games held in memory here (``server.live``)."""
        self.check_seats: Callable[[str], Awaitable[None]] = _nothing
        """Close the sockets of a game whose seats no longer hold (``server.seats``)."""
        self.release_seats: Callable[[str, Collection[str]], Awaitable[None]] = _release_nothing
        """Revoke the seats of the countries the instructor hands to their caretakers
        (``server.seats``), before the hand-over is stored."""
        self.roster_changed: Callable[[str], None] = _ignore
        """A game's seats changed in the store: the instructors' rosters are read again."""
        self.forgetting: list[Callable[[str], None]] = []
        """Told the id of a deleted game: drop whatever is kept of it."""
        self.seated: Callable[[str], Awaitable[Collection[str]]] = _nobody
        self.away: Callable[[str], Awaitable[Collection[str]]] = _nobody
        """The countries students took in a game (``server.seats`` answers it)."""
        self.counters: Counters = counters or MemoryCounters()
        """The rate limits' counters, shared by every process when the bus is Redis."""
        self.codes = CodeGuard(store, self.counters, settings.limits)
        """Join codes, looked up under the per-address limit on guessing them."""
        self._background: set[asyncio.Task[Any]] = set()
        """Work started on the side (stamping an end, a roster): finished before closing."""
        self._scenarios = ParsedScenarios()
        bus.serve(self.serve_forwarded)
        bus.on_announce(self._announced)

    # Games.

    async def create(self, scenario_ref: Any, seed: int | None = None,
                     title: str | None = None, forked_from: str | None = None,
                     reading_level: str = DEFAULT_READING_LEVEL,
                     held: float | None = None, title_msg: Msg | None = None) -> Created:
        """A new game; ``held``: it replays a record that ends then, and stands still there until
        resumed (``server.writer``); ``title_msg``: a title the server wrote (a fork's)."""
        scenario, scenario_id, shipped = scenario_from(scenario_ref)
        if reading_level not in READING_LEVELS:
            raise ApiError(422, "invalid_reading_level",
                           'The reading level is "basic" or "advanced".')
        if seed is None:
            seed = int.from_bytes(secrets.token_bytes(4), "big")
        if not SEED_MIN <= seed <= SEED_MAX:
            raise ApiError(422, "invalid_seed", "A seed is a whole number of at most 64 bits "
                                                "(-2^63 to 2^63-1).")
        try:
            stored = orjson.dumps(scenario.model_dump(mode="json")).decode()
        except orjson.JSONEncodeError:
            raise ApiError(422, "invalid_scenario", "A number in the scenario is too large "
                                                    "(at most 64 bits).") from None
        game_id = auth.new_id()
        key = auth.new_token()
        for _ in range(20):
            code = auth.new_join_code()
            if await self.store.game_by_code(code) is None:
                break
        else:
            raise ApiError(503, "no_code", "No join code is free; try again.")
        name = (title or scenario.title)[:200]
        options: dict[str, Any] = {"all_seeing_replay": False, "reading_level": reading_level,
                                   **({"held": held} if held is not None else {}),
                                   **({"title_msg": title_msg.to_json()} if title_msg else {})}
        await self.store.create_game({
            "id": game_id, "code": code, "title": name, "scenario_id": scenario_id,
            "scenario": stored,
            "scenario_shipped": shipped, "seed": seed,
            "instructor_hash": auth.token_hash(key),
            "options": orjson.dumps(options).decode(),
            "created_at": self.clock(), "ended_at": None, "forked_from": forked_from,
        })
        return Created(game_id, code, key)

    async def meta(self, game_id: str) -> GameMeta:
        row = await self.store.game(game_id)
        if row is None:
            raise not_found()
        return self._meta(row)

    def _meta(self, row: dict[str, Any]) -> GameMeta:
        scenario = self._scenarios.get(row["scenario"])
        options = orjson.loads(row["options"] or "{}")
        options["shipped"] = bool(row["scenario_shipped"])
        return GameMeta(id=row["id"], code=row["code"], title=row["title"],
                        scenario_id=row["scenario_id"], seed=int(row["seed"]),
                        scenario=scenario, ended=row["ended_at"] is not None, options=options)

    @property
    def hubs(self) -> dict[str, GameHub]:
        """The hubs of the games held in memory here, by id."""
        return self.live.hubs

    async def hub(self, game_id: str) -> GameHub:
        """A game's live hub, opened if this process does not hold it yet."""
        return await self.live.hub(game_id)

    async def _open(self, game_id: str) -> GameHub:
        meta = await self.meta(game_id)
        hub = GameHub(meta, self.store, self.bus, snapshot_every=self.settings.snapshot_every,
                      clock=self.clock, seated=lambda: self.seated(game_id),
                      away=lambda: self.away(game_id),
                      on_change=self._changed, on_resync=self._resync,
                      handing_over=lambda countries: self.release_seats(game_id, countries),
                      on_hand_over=lambda hub: self.roster_changed(hub.meta.id))
        await hub.open()
        # Deleted meanwhile (here or elsewhere, before this process listened for it)?
        if await self.store.game(game_id) is None:
            await hub.close()
            raise not_found()
        return hub

    def forget(self, game_id: str) -> None:
        """A deleted game: unloaded (its connections closed with 4404), and everything this
        process keeps of it dropped."""
        self.live.unload(game_id, 4404, "game deleted")
        # Parsed scenarios are kept by their text, not by game: keep only those of live games.
        self._scenarios.keep_only([hub.meta.scenario for hub in self.hubs.values()])
        for listener in self.forgetting:
            listener(game_id)

    async def audit(self, game_id: str) -> None:
        """Check a game held here against the store, the truth: unloaded if it was deleted,
        and the sockets whose seat no longer holds closed."""
        if game_id not in self.hubs:
            return
        if await self.store.game(game_id) is None:
            self.forget(game_id)
        else:
            await self.check_seats(game_id)

    def _resync(self, hub: GameHub) -> None:
        self.spawn(self._audit_quietly(hub.meta.id))

    async def _audit_quietly(self, game_id: str) -> None:
        try:
            await self.audit(game_id)
        except Exception as err:  # the store is away: the next read checks again
            log.warning("checking game %s against the store failed: %r", game_id, err)

    async def _announced(self, game_id: str, news: str) -> None:
        """Another process applied a remedy to a game: see what the store says."""
        await self._audit_quietly(game_id)

    async def serve_forwarded(self, game_id: str, request: dict[str, Any]) -> dict[str, Any] | None:
        """An action another process handed to this one, the game's writer."""
        try:
            hub = await self.hub(game_id)
        except ApiError:
            return None
        try:
            action = parse_action({**request["action"], "actor": str(request["actor"])})
            claimed = request.get("claim")
            claim = None if claimed is None else SeatClaim(
                str(claimed["seat_id"]), str(claimed["token_hash"]),
                None if claimed["country"] is None else str(claimed["country"]))
        except (RuleError, TypeError, KeyError):
            return None
        outcome = await hub.submit(action, seat_id=str(request["seat_id"]),
                                   client_id=str(request["client_id"]), claim=claim,
                                   forwarded=True)
        return dataclasses.asdict(outcome)

    def _changed(self, hub: GameHub) -> None:
        if hub.state.status == "ended" and not hub.meta.ended:
            hub.meta.ended = True
            self.spawn(self.store.update_game(hub.meta.id, ended_at=self.clock()))

    def spawn(self, coro: Coroutine[Any, Any, T]) -> asyncio.Task[T]:
        """Run ``coro`` on the side; ``close`` lets it finish before the store closes."""
        task = asyncio.get_running_loop().create_task(coro)
        self._background.add(task)
        task.add_done_callback(self._background.discard)
        return task

    async def resume_all(self) -> int:
        """Open unfinished games, so that their deadlines fire (also those that passed while
        the server was down): as many as ``max_live_games``; the others' fire when they are
        next opened."""
        ids = (await self.store.games_with_events())[-self.settings.max_live_games:]
        for game_id in ids:
            try:
                await self.hub(game_id)
            except Exception:
                log.exception("could not reopen game %s", game_id)
        return len(ids)

    async def close(self) -> None:
        """Close every hub, then let the side work finish (for a while)."""
        await self.live.close()
        if self._background:
            _, late = await asyncio.wait(set(self._background), timeout=CLOSE_PATIENCE)
            for task in late:
                task.cancel()
            await asyncio.gather(*late, return_exceptions=True)

    async def by_code(self, code: str, address: str) -> dict[str, Any]:
        """The game of a join code, for a client at ``address``: under the limit on
        guessing codes (``server.codeguard``)."""
        return await self.codes.game(address, code)

    async def instructor_game(self, game_id: str, key: str | None) -> GameMeta:
        if not key:
            raise ApiError(401, "instructor_key_required", "This needs the instructor's key.")
        row = await self.store.game_by_instructor(auth.token_hash(key))
        if row is None or row["id"] != game_id:
            raise ApiError(403, "bad_instructor_key", "The instructor key does not open this game.")
        return self._meta(row)

    async def game_for_key(self, key: str) -> dict[str, Any] | None:
        return await self.store.game_by_instructor(auth.token_hash(key))

    async def delete(self, game_id: str) -> None:
        """Delete a game with all its data, and unload it on every process."""
        if self.live.unload(game_id, 4404, "game deleted") is not None:
            await self.live.closed(game_id)  # its clock and writer stopped before the rows go
        await self.store.delete_game(game_id)
        self.forget(game_id)  # (and a hub opened again meanwhile)
        await self.bus.announce(game_id, "gone")

    async def delete_with_forks(self, game_id: str) -> list[str]:
        """Delete a game and the forks made from it for its own teacher (and theirs, all the
        way down), each with all its data: what the instructor's ``DELETE`` does. A fork made
        for another teacher (``for_another_teacher``, see ``server.forks``) carries none of
        this game's personal data and is that teacher's: it stays, no longer linked to this
        one. The ids deleted."""
        doomed = [game_id, *await self.store.own_forks_of(game_id)]
        for kept in await self.store.handed_over_forks_of(game_id):
            await self.store.update_game(kept, forked_from=None)
        for doomed_id in reversed(doomed):
            await self.delete(doomed_id)
        return doomed

    # Acting from HTTP (the instructor panel and integrations).

    async def act_as_instructor(self, game_id: str, action: Any,
                                client_id: str | None = None) -> Outcome:
        """An action of the instructor (or, naming it as ``actor``, of a country)."""
        hub = await self.hub(game_id)
        try:
            parsed = action_from_client(INSTRUCTOR, action)
        except RuleError as err:
            return Outcome.refused(err)
        return await hub.submit(parsed, seat_id=None if client_id is None else "instructor",
                                client_id=client_id)


async def _nobody(game_id: str) -> Collection[str]:
    return ()


async def _release_nothing(game_id: str, countries: Collection[str]) -> None:
    return None


def _ignore(game_id: str) -> None:
    return None


async def _nothing(game_id: str) -> None:
    return None
