"""Games and seats: creating games, joining them, managing the roster.

The one service the HTTP and websocket handlers call; it owns the live
hubs of this process.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import re
import time
import unicodedata
from collections import OrderedDict
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Any, TypeVar

import orjson

from game_rules import RuleError, ScenarioError, decide, load_scenario
from game_rules import library as shipped_library
from game_rules.actions import parse_action
from game_rules.records import load_record
from game_rules.scenario import DEFAULT_READING_LEVEL, READING_LEVELS, Scenario
from server import auth
from server.bus import Bus
from server.errors import ApiError, not_found
from server.hub import GameHub, GameMeta, Outcome
from server.security import RateLimiter
from server.settings import Settings
from server.store import Store

log = logging.getLogger("crisis_table.games")

_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029\u202a-\u202e\u2066-\u2069\u200b-\u200f]")
T = TypeVar("T")
SCENARIO_CACHE = 64
"""Distinct scenarios kept parsed: a few hundred KB each."""
CLOSE_PATIENCE = 5.0
"""Seconds side work (see ``Games.spawn``) may take to finish when the server stops."""
TEAM_LIMIT = 6
"""Students who may share one country."""
SEAT_LIMIT = 300
"""Seats of every kind (students, observers, projectors) in one game."""
SEED_MIN, SEED_MAX = -(2**63), 2**63 - 1
"""A game's seed is stored as a signed 64-bit integer."""


@dataclass(frozen=True)
class Created:
    game_id: str
    code: str
    instructor_key: str


@dataclass(frozen=True)
class Joined:
    seat_id: str
    token: str
    country: str | None
    role: str
    nickname: str


def clean_nickname(raw: Any, limit: int) -> str:
    if not isinstance(raw, str):
        raise ApiError(422, "invalid_nickname", "A nickname is text.")
    text = unicodedata.normalize("NFC", raw).strip()
    if not text:
        raise ApiError(422, "invalid_nickname", "Choose a nickname.")
    if _CONTROL.search(text):
        raise ApiError(422, "invalid_nickname", "A nickname cannot hold control characters.")
    if len(text) > limit:
        raise ApiError(422, "nickname_too_long", f"A nickname has at most {limit} characters.")
    return text


class Games:
    """Every game this process serves, and the hubs of the live ones."""

    def __init__(self, store: Store, bus: Bus, settings: Settings,
                 clock: Callable[[], float] = time.time) -> None:
        self.store = store
        self.bus = bus
        self.settings = settings
        self.clock = clock
        self.hubs: dict[str, GameHub] = {}
        self._opening: dict[str, asyncio.Lock] = {}
        self.online: dict[str, dict[str, int]] = {}
        """game id -> seat id -> open connections."""
        self.roster_listeners: dict[str, set[Callable[[], None]]] = {}
        self.code_failures = RateLimiter(settings.limits.joins_per_minute)
        """Wrong join codes per client address, to slow down guessing."""
        self._background: set[asyncio.Task[Any]] = set()
        """Work started on the side (stamping an end, a roster): finished before closing."""
        self._scenarios: OrderedDict[str | bytes, Scenario] = OrderedDict()
        """Stored scenarios already parsed (see ``_scenario``)."""
        bus.serve(self._serve_forwarded)

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
                     reading_level: str = DEFAULT_READING_LEVEL) -> Created:
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
        await self.store.create_game({
            "id": game_id, "code": code, "title": name, "scenario_id": scenario_id,
            "scenario": stored,
            "scenario_shipped": shipped, "seed": seed,
            "instructor_hash": auth.token_hash(key),
            "options": orjson.dumps({"all_seeing_replay": False,
                                     "reading_level": reading_level}).decode(),
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
            return hub
        lock = self._opening.setdefault(game_id, asyncio.Lock())
        async with lock:
            hub = self.hubs.get(game_id)
            if hub is None:
                meta = await self.meta(game_id)
                hub = GameHub(meta, self.store, self.bus, snapshot_every=self.settings.snapshot_every,
                              clock=self.clock, on_change=self._changed)
                await hub.open()
                self.hubs[game_id] = hub
        return hub

    async def _serve_forwarded(self, game_id: str, request: dict[str, Any]) -> dict[str, Any] | None:
        """An action another process handed to this one, the game's writer."""
        try:
            hub = await self.hub(game_id)
        except ApiError:
            return None
        outcome = await hub.submit(request["action"], actor=str(request["actor"]),
                                   seat_id=str(request["seat_id"]),
                                   client_id=str(request["client_id"]), forwarded=True)
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
        """Open every unfinished game, so that its deadlines fire (also those that
        passed while the server was down)."""
        ids = await self.store.games_with_events()
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
        if self._background:
            _, late = await asyncio.wait(set(self._background), timeout=CLOSE_PATIENCE)
            for task in late:
                task.cancel()
            await asyncio.gather(*late, return_exceptions=True)

    async def by_code(self, code: str) -> dict[str, Any]:
        row = await self.store.game_by_code(auth.normalize_code(code)[:12])
        if row is None:
            raise ApiError(404, "unknown_code", "No game has this code. Check it with your teacher.")
        return row

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
        hub = self.hubs.pop(game_id, None)
        if hub is not None:
            await hub.close()
            for sink in list(hub.sinks):
                closer = getattr(sink, "close_soon", None)
                if closer is not None:
                    closer(4404, "game deleted")
        await self.store.delete_game(game_id)

    async def purge_ended(self) -> int:
        days = self.settings.purge_ended_after_days
        if days <= 0:
            return 0
        ids = await self.store.ended_before(self.clock() - days * 86400)
        for game_id in ids:
            await self.delete(game_id)
        return len(ids)

    # Seats.

    async def public_info(self, code: str) -> dict[str, Any]:
        """What the join page shows: the game, and each playable country's team size."""
        row = await self.by_code(code)
        hub = await self.hub(row["id"])
        seats = await self.store.seats(row["id"])
        teams: dict[str, int] = {}
        for seat in seats:
            if not seat["removed"] and seat["country"]:
                teams[seat["country"]] = teams.get(seat["country"], 0) + 1
        state = hub.state
        permanent = set(state.permanent_members())
        council = set(state.council_members("UNSC"))
        countries = []
        for code_ in state.country_list:
            entry = state.scenario.entry(code_)
            if entry is not None and entry.playable:
                countries.append({"code": code_, "name": state.name(code_), "short": state.short(code_),
                                  "players": teams.get(code_, 0),
                                  "full": teams.get(code_, 0) >= TEAM_LIMIT,
                                  "council": ("permanent" if code_ in permanent
                                              else "elected" if code_ in council else None),
                                  "ally": state.is_ally(code_)})
        return {"game_id": row["id"], "code": row["code"], "title": row["title"],
                "status": state.status, "countries": countries, "team_limit": TEAM_LIMIT}

    async def join(self, code: str, nickname: Any, country: Any = None,
                   role: str = "student") -> tuple[dict[str, Any], Joined]:
        row = await self.by_code(code)
        name = clean_nickname(nickname, self.settings.limits.nickname_chars)
        if role not in ("student", "observer", "projector"):
            raise ApiError(422, "invalid_role", "Join as a student, an observer or the projector.")
        seats = [s for s in await self.store.seats(row["id"]) if not s["removed"]]
        if len(seats) >= SEAT_LIMIT:
            raise ApiError(409, "game_full", f"This game has its {SEAT_LIMIT} seats taken.")
        if any(s["nickname"].casefold() == name.casefold() for s in seats):
            raise ApiError(409, "nickname_taken",
                           f'Someone in this game is already called "{name}". Pick another nickname.')
        assigned: str | None = None
        if role == "student":
            hub = await self.hub(row["id"])
            assigned = self._choose_country(hub, seats, country)
        seat_id = auth.new_id()
        token = auth.new_token()
        await self.store.add_seat({"id": seat_id, "game_id": row["id"],
                                   "token_hash": auth.token_hash(token), "nickname": name,
                                   "country": assigned, "role": role,
                                   "created_at": self.clock(), "removed": False})
        if assigned is not None:
            await self._claim(row["id"], assigned)
        self._roster_changed(row["id"])
        return row, Joined(seat_id, token, assigned, role, name)

    def _choose_country(self, hub: GameHub, seats: list[dict[str, Any]], wanted: Any) -> str:
        state = hub.state
        playable = [c for c in state.country_list
                    if (e := state.scenario.entry(c)) is not None and e.playable]
        teams = {c: 0 for c in playable}
        for seat in seats:
            if seat["country"] in teams:
                teams[seat["country"]] += 1
        if wanted not in (None, "", "auto"):
            if not isinstance(wanted, str) or wanted not in teams:
                raise ApiError(422, "unknown_country", "That country has no seat in this game.")
            if teams[wanted] >= TEAM_LIMIT:
                raise ApiError(409, "team_full", f"{state.name(wanted)}'s team is full. "
                                                 "Choose another country.")
            return wanted
        open_ = [c for c in playable if teams[c] < TEAM_LIMIT]
        if not open_:
            raise ApiError(409, "game_full", "Every seat in this game is taken.")
        return min(open_, key=lambda c: (teams[c], playable.index(c)))

    async def _claim(self, game_id: str, country: str) -> None:
        """A student took a country: it stops being a caretaker."""
        hub = await self.hub(game_id)
        if country in hub.state.caretakers and hub.state.status != "ended":
            await hub.submit({"kind": "set_caretaker", "country": country, "caretaker": False},
                             actor="instructor")

    async def seat_for_token(self, token: str) -> dict[str, Any] | None:
        seat = await self.store.seat_by_token(auth.token_hash(token))
        if seat is None or seat["removed"]:
            return None
        return seat

    async def roster(self, game_id: str) -> list[dict[str, Any]]:
        online = self.online.get(game_id, {})
        return [{"seat_id": s["id"], "nickname": s["nickname"], "country": s["country"],
                 "role": s["role"], "online": online.get(s["id"], 0) > 0}
                for s in await self.store.seats(game_id) if not s["removed"]]

    async def move_seat(self, game_id: str, seat_id: str, country: Any) -> None:
        seat = await self._seat_of(game_id, seat_id)
        hub = await self.hub(game_id)
        seats = [s for s in await self.store.seats(game_id) if not s["removed"] and s["id"] != seat_id]
        chosen = self._choose_country(hub, seats, country)
        await self.store.update_seat(seat["id"], country=chosen, role="student")
        await self._claim(game_id, chosen)
        self._roster_changed(game_id, kick=seat_id)

    async def reset_seat(self, game_id: str, seat_id: str) -> str:
        """A new token for the seat (a student on a new laptop); the old one stops working."""
        seat = await self._seat_of(game_id, seat_id)
        token = auth.new_token()
        await self.store.update_seat(seat["id"], token_hash=auth.token_hash(token))
        self._roster_changed(game_id, kick=seat_id)
        return token

    async def remove_seat(self, game_id: str, seat_id: str) -> None:
        seat = await self._seat_of(game_id, seat_id)
        await self.store.update_seat(seat["id"], removed=True,
                                     token_hash=auth.token_hash(auth.new_token()))
        self._roster_changed(game_id, kick=seat_id)

    async def _seat_of(self, game_id: str, seat_id: str) -> dict[str, Any]:
        seat = await self.store.seat(seat_id)
        if seat is None or seat["game_id"] != game_id or seat["removed"]:
            raise not_found("seat")
        return seat

    def _roster_changed(self, game_id: str, kick: str | None = None) -> None:
        hub = self.hubs.get(game_id)
        if hub is not None and kick is not None:
            for sink in list(hub.sinks):
                if sink.seat_id == kick:
                    closer = getattr(sink, "close_soon", None)
                    if closer is not None:
                        closer(4401, "seat changed")
        for listener in list(self.roster_listeners.get(game_id, ())):
            listener()

    def connected(self, game_id: str, seat_id: str | None, delta: int) -> None:
        if seat_id is None:
            return
        counts = self.online.setdefault(game_id, {})
        counts[seat_id] = max(0, counts.get(seat_id, 0) + delta)
        self._roster_changed(game_id)

    # Acting from HTTP (the instructor panel and integrations).

    async def act_as_instructor(self, game_id: str, action: Any,
                                client_id: str | None = None) -> Outcome:
        if not isinstance(action, dict):
            raise ApiError(422, "invalid_action", "An action is a JSON object.")
        hub = await self.hub(game_id)
        actor = action.get("actor") or "instructor"
        if not isinstance(actor, str):
            raise ApiError(422, "invalid_action", "actor is a country's code or instructor.")
        if actor == "system":
            raise ApiError(403, "not_allowed", "Only the server's clock acts as system.")
        body = {k: v for k, v in action.items() if k not in ("actor", "at")}
        await self.caretake_before_start(hub, body, actor)
        return await hub.submit(body, actor=actor, seat_id=None if client_id is None else "instructor",
                                client_id=client_id)

    async def caretake_before_start(self, hub: GameHub, body: dict[str, Any], actor: str) -> None:
        """Before a ``start`` the engine accepts, hand the empty seats to caretakers; a
        start that is refused (another actor, a malformed action) changes nothing."""
        if body.get("kind") != "start" or actor != "instructor" or hub.state.status != "setup":
            return
        try:
            decide(hub.state, {**body, "actor": actor})
        except RuleError:
            return
        await self._caretake_empty_seats(hub)

    async def _caretake_empty_seats(self, hub: GameHub) -> None:
        """At the start, countries nobody took are handed to their caretakers."""
        if hub.state.status != "setup":
            return
        taken = {s["country"] for s in await self.store.seats(hub.meta.id)
                 if not s["removed"] and s["country"]}
        for code in hub.state.country_list:
            if code not in taken and code not in hub.state.caretakers:
                await hub.submit({"kind": "set_caretaker", "country": code, "caretaker": True},
                                 actor="instructor")

    # Records.

    async def import_record(self, data: Any) -> tuple[Created, int, list[dict[str, Any]]]:
        """A record as a new game: its accepted actions are replayed into the log."""
        try:
            record = load_record(data, shipped_library.get)
        except ScenarioError as err:
            raise ApiError(422, "invalid_record", "; ".join(err.lines()[:20])) from None
        ref: Any = record.scenario_ref
        created = await self.create(ref, seed=record.seed, reading_level=record.reading_level)
        hub = await self.hub(created.game_id)
        refused: list[dict[str, Any]] = []
        applied = 0
        for index, raw in enumerate(record.actions):
            try:
                action = parse_action(raw)
            except RuleError as err:
                refused.append({"index": index, "code": err.code, "message": err.message})
                continue
            outcome = await hub.replay_action(action)
            if outcome.ok:
                applied += 1
            else:
                refused.append({"index": index, "code": outcome.code, "message": outcome.message})
        return created, applied, refused
