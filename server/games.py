"""The games of this process: creating, opening, deleting and importing them.

It owns the live hubs (``GameHub``) of this process, opens one when a game is
first needed (and unfinished games at start-up, so that their deadlines fire),
and answers the actions another process forwards to the games it writes. Seats
and the roster are ``server.seats``.

At most ``Settings.max_live_games`` games are held in memory: opening one more
unloads the least recently used, those nobody is connected to first. A game
unloaded with connections closes them with 1012 (the browser reconnects at once,
which loads the game again from the store, and sends again, under the same
client ids, the actions not yet acknowledged: nothing is lost or taken twice).

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
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Collection, Coroutine, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

import orjson

from game_rules import Action, RuleError, ScenarioError, load_scenario
from game_rules import library as shipped_library
from game_rules.actions import parse_action
from game_rules.records import load_record
from game_rules.scenario import DEFAULT_READING_LEVEL, READING_LEVELS, Scenario
from server import auth
from server.acting import INSTRUCTOR, action_from_client
from server.bus import Bus
from server.codeguard import CodeGuard
from server.counters import Counters, MemoryCounters
from server.errors import ApiError, not_found
from server.hub import GameHub
from server.replica import GameMeta
from server.settings import Settings
from server.store import SeatClaim, Store
from server.writer import Outcome

log = logging.getLogger("crisis_table.games")

T = TypeVar("T")
SCENARIO_CACHE = 64
"""Distinct scenarios kept parsed: a few hundred KB each."""
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
        self.hubs: dict[str, GameHub] = {}
        self._opening: dict[str, asyncio.Lock] = {}
        self._closing: dict[str, asyncio.Task[None]] = {}
        """Hubs being unloaded: the game is opened again only once its old hub is closed."""
        self.check_seats: Callable[[str], Awaitable[None]] = _nothing
        """Close the sockets of a game whose seats no longer hold (``server.seats``)."""
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
        self._scenarios: OrderedDict[str | bytes, Scenario] = OrderedDict()
        """Stored scenarios already parsed (see ``_scenario``)."""
        bus.serve(self.serve_forwarded)
        bus.on_announce(self._announced)

    # Scenarios.

    def scenario_from(self, ref: Any) -> tuple[Scenario, str, bool]:
        """A scenario from a shipped id or an uploaded object: (scenario, id, shipped)."""
        if isinstance(ref, str):
            scenario = shipped_library.get(ref)
            if scenario is None:
                raise ApiError(404, "unknown_scenario", f'There is no shipped scenario "{ref[:80]}".')
            return scenario, ref, True
        if isinstance(ref, dict):
            try:
                scenario = load_scenario(ref)
            except ScenarioError as err:
                raise ApiError(422, "invalid_scenario", "; ".join(err.lines()[:20])) from None
            return scenario, scenario.id, False
        raise ApiError(422, "invalid_scenario", "Give a shipped scenario's id or a scenario object.")

    # Games.

    async def create(self, scenario_ref: Any, seed: int | None = None,
                     title: str | None = None, forked_from: str | None = None,
                     reading_level: str = DEFAULT_READING_LEVEL,
                     held: float | None = None) -> Created:
        """A new game; ``held``: it will replay a record that ends at that moment, and stands
        still there until the instructor resumes it (``server.writer``)."""
        scenario, scenario_id, shipped = self.scenario_from(scenario_ref)
        if reading_level not in READING_LEVELS:
            raise ApiError(422, "invalid_reading_level",
                           'The reading level is "basic" or "advanced".')
        if seed is None:
            seed = int.from_bytes(auth.secrets.token_bytes(4), "big")
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
        options: dict[str, Any] = {"all_seeing_replay": False, "reading_level": reading_level}
        if held is not None:
            options["held"] = held
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
        scenario = self._scenario(row["scenario"])
        options = orjson.loads(row["options"] or "{}")
        options["shipped"] = bool(row["scenario_shipped"])
        return GameMeta(id=row["id"], code=row["code"], title=row["title"],
                        scenario_id=row["scenario_id"], seed=int(row["seed"]),
                        scenario=scenario, ended=row["ended_at"] is not None, options=options)

    def _scenario(self, stored: str | bytes) -> Scenario:
        """A stored scenario, parsed once: games of the same scenario share it (it is frozen)."""
        parsed = self._scenarios.get(stored)
        if parsed is None:
            parsed = Scenario.model_validate(orjson.loads(stored))
            self._scenarios[stored] = parsed
            while len(self._scenarios) > SCENARIO_CACHE:
                self._scenarios.popitem(last=False)
        else:
            self._scenarios.move_to_end(stored)
        return parsed

    async def hub(self, game_id: str) -> GameHub:
        hub = self.hubs.get(game_id)
        if hub is not None:
            hub.touch()
            return hub
        lock = self._opening.setdefault(game_id, asyncio.Lock())
        try:
            async with lock:
                hub = self.hubs.get(game_id)
                if hub is None:
                    hub = await self._open(game_id)
        finally:
            if not lock.locked() and self._opening.get(game_id) is lock:
                del self._opening[game_id]
        hub.touch()
        return hub

    async def _open(self, game_id: str) -> GameHub:
        closing = self._closing.get(game_id)
        if closing is not None:
            await asyncio.shield(closing)
        meta = await self.meta(game_id)
        hub = GameHub(meta, self.store, self.bus, snapshot_every=self.settings.snapshot_every,
                      clock=self.clock, seated=lambda: self.seated(game_id),
                      away=lambda: self.away(game_id),
                      on_change=self._changed, on_resync=self._resync)
        await hub.open()
        # Deleted meanwhile (here or elsewhere, before this process listened for it)?
        if await self.store.game(game_id) is None:
            await hub.close()
            raise not_found()
        other = self.hubs.get(game_id)
        if other is not None:  # opened meanwhile by a caller that did not wait for this one
            await hub.close()
            return other
        self.hubs[game_id] = hub
        self._unload_least_used(keep=game_id)
        return hub

    # Unloading.

    def _unload_least_used(self, keep: str) -> None:
        """Unload games beyond the bound: the least recently used first, those nobody is
        connected to before the others; never ``keep`` (the game just opened), nor one whose
        action is being decided."""
        excess = len(self.hubs) - self.settings.max_live_games
        if excess <= 0:
            return
        candidates = sorted((h for h in self.hubs.values() if h.idle and h.meta.id != keep),
                            key=lambda h: (bool(h.sinks), h.used))
        for hub in candidates[:excess]:
            self.unload(hub.meta.id, 1012, "the game was unloaded; connect again")

    def unload(self, game_id: str, code: int, reason: str) -> GameHub | None:
        """Take a game out of memory here: its connections are closed with ``code``; it
        comes back from the store when next needed."""
        hub = self.hubs.pop(game_id, None)
        if hub is None:
            return None
        hub.closed = True
        hub.close_code = code
        hub.fanout.close_all(code, reason)
        task = self.spawn(self._close_hub(hub))
        self._closing[game_id] = task
        task.add_done_callback(lambda t: self._closing.pop(game_id, None)
                               if self._closing.get(game_id) is t else None)
        return hub

    async def _close_hub(self, hub: GameHub) -> None:
        try:
            await hub.close()
        except Exception:
            log.exception("closing game %s failed", hub.meta.id)

    def forget(self, game_id: str) -> None:
        """A deleted game: unloaded (its connections closed with 4404), and everything this
        process keeps of it dropped."""
        self.unload(game_id, 4404, "game deleted")
        # Parsed scenarios are kept by their text, not by game: keep only those of live games.
        in_use = {id(h.meta.scenario) for h in self.hubs.values()}
        for key, parsed in list(self._scenarios.items()):
            if id(parsed) not in in_use:
                del self._scenarios[key]
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
        for hub in list(self.hubs.values()):
            await hub.close()
        self.hubs.clear()
        for task in list(self._closing.values()):
            await asyncio.gather(task, return_exceptions=True)
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
        hub = self.unload(game_id, 4404, "game deleted")
        if hub is not None:
            closing = self._closing.get(game_id)
            if closing is not None:  # its clock and writer stopped before the rows go
                await asyncio.shield(closing)
        await self.store.delete_game(game_id)
        self.forget(game_id)  # (and a hub opened again meanwhile)
        await self.bus.announce(game_id, "gone")

    async def delete_with_forks(self, game_id: str) -> list[str]:
        """Delete a game and the forks made from it for its own teacher (and theirs, all the
        way down), each with all its data: what the instructor's ``DELETE`` does. A fork made
        for another teacher (``for_another_teacher``, see ``server.review``) carries none of
        this game's personal data and is that teacher's: it stays, no longer linked to this
        one. The ids deleted."""
        doomed = [game_id, *await self.store.own_forks_of(game_id)]
        for kept in await self.store.handed_over_forks_of(game_id):
            await self.store.update_game(kept, forked_from=None)
        for doomed_id in reversed(doomed):
            await self.delete(doomed_id)
        return doomed

    async def purge_ended(self) -> int:
        """The retention purge (``purge_ended_after_days``): every game, a fork like any
        other, that ended N days ago or in which nothing happened for N days (no action, no
        new seat: a fork left paused, a game nobody ended) is deleted with its own forks. How
        many games went."""
        days = self.settings.purge_ended_after_days
        if days <= 0:
            return 0
        moment = self.clock() - days * 86400
        ids = dict.fromkeys([*await self.store.ended_before(moment),
                             *await self.store.idle_since(moment)])
        count = 0
        for game_id in ids:
            if await self.store.game(game_id) is not None:  # (not gone with its parent)
                count += len(await self.delete_with_forks(game_id))
        return count

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

    # Records.

    async def import_record(self, data: Any) -> tuple[Created, int, list[dict[str, Any]]]:
        """A record as a new game: its accepted actions are replayed into the log, in one
        turn, and the game is held where the record ends (nothing runs, not the clock, not
        a caretaker, not a deadline long past) until the instructor resumes it."""
        try:
            record = load_record(data, shipped_library.get)
        except ScenarioError as err:
            raise ApiError(422, "invalid_record", "; ".join(err.lines()[:20])) from None
        refused: list[dict[str, Any]] = []
        parsed: list[tuple[int, Action]] = []
        for index, raw in enumerate(record.actions):
            try:
                parsed.append((index, parse_action(raw)))
            except RuleError as err:
                refused.append({"index": index, "code": err.code, "message": err.message})
        ref: Any = record.scenario_ref
        created = await self.create(ref, seed=record.seed, reading_level=record.reading_level,
                                    held=held_moment(action for _, action in parsed))
        hub = await self.hub(created.game_id)
        outcomes = await hub.replay([action for _, action in parsed])
        await self.settle_hold(hub)
        applied = sum(1 for outcome in outcomes if outcome.ok)
        refused += [{"index": index, "code": outcome.code, "message": outcome.message}
                    for (index, _), outcome in zip(parsed, outcomes, strict=True)
                    if not outcome.ok]
        refused.sort(key=lambda r: int(r["index"]))
        return created, applied, refused

    async def settle_hold(self, hub: GameHub) -> None:
        """After a record's replay: a game that is not running has nothing to hold (it is
        released); a running one stands still at its last moment (or its state's time)."""
        async with hub.lock:
            held = hub.meta.held
            if held is None:
                return
            if hub.state.status != "running":
                await hub.replica.release()
            elif hub.state.now > held:
                hub.meta.options["held"] = hub.state.now
                options = {k: v for k, v in hub.meta.options.items() if k != "shipped"}
                await self.store.update_game(hub.meta.id, options=orjson.dumps(options).decode())


def held_moment(actions: Iterable[Action]) -> float:
    """The moment a replayed record ends: its last action's time (0 if none is timed)."""
    return max((a.at for a in actions if a.at is not None), default=0.0)


async def _nobody(game_id: str) -> Collection[str]:
    return ()


async def _nothing(game_id: str) -> None:
    return None
