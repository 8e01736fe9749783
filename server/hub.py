"""A live game: its state, its connections, its clock and its caretakers.

Every action takes one path: under the game's lock, ``step`` (pure) decides
it; the action and its events are appended to the store and committed; only
then does the state move on, the sender get its ack and every connection its
own redacted copy of the events. Caretakers' actions and the clock's
``system`` actions take the same path.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

import orjson
from sqlalchemy.exc import DBAPIError

from game_rules import Context, RuleError, State, new_game, parse_action, redact, step, view_for
from game_rules.actions import Action, action_to_dict
from game_rules.caretaker import caretaker_actions
from game_rules.events import Event, event_from_dict, event_to_dict
from game_rules.evolve import evolve
from game_rules.league import withdrawal_moment as league_withdrawal_moment
from game_rules.nac import withdrawal_moment
from game_rules.scenario import (
    DEFAULT_READING_LEVEL,
    READING_LEVELS,
    ReadingLevel,
    Scenario,
)
from server.bus import Bus, InProcessBus
from server.snapshots import SNAPSHOT_VERSION, dump_state, load_state
from server.store import ActionRow, Conflict, DuplicateAction, EventRow, Store

log = logging.getLogger("crisis_table.hub")

HIDDEN = {"kind": "hidden"}
MAX_FOLLOWUPS = 200
LEASE_RETRY = 3.0
POLL_WHILE_BUS_DOWN = 2.0
CONFLICT_PATIENCE = 10.0
RESYNC_EVERY = 15.0
RESULT_CACHE = 5000
GROUP_LIMIT = 200
"""Actions of one game decided and committed together, at most (see ``submit``)."""
ROLLED_BACK = {"40P01", "40001"}
"""SQLSTATEs of a transaction the database rolled back whole (deadlock_detected,
serialization_failure): nothing of it was stored, so it is decided again like a Conflict."""


def _rolled_back(err: BaseException) -> bool:
    """Two processes' commits waited on each other's rows (PostgreSQL gives up on one)."""
    return isinstance(err, DBAPIError) and getattr(err.orig, "sqlstate", None) in ROLLED_BACK


class Sink(Protocol):
    """A connection as the hub sees it: who watches, and where frames go."""

    viewer: str
    seat_id: str | None

    def send_bytes(self, data: bytes) -> None: ...

    def changed(self) -> None: ...


@dataclass(frozen=True, slots=True)
class Outcome:
    ok: bool
    seq: int = 0
    events: int = 0
    code: str = ""
    message: str = ""
    duplicate: bool = False


@dataclass
class _Request:
    action: dict[str, Any]
    actor: str
    seat_id: str | None
    client_id: str | None
    future: asyncio.Future[Outcome]


@dataclass
class _Accepted:
    action: Action
    events: list[Event]
    state: State
    seat_id: str | None
    client_id: str | None


@dataclass
class GameMeta:
    id: str
    code: str
    title: str
    scenario_id: str
    seed: int
    scenario: Scenario
    ended: bool = False
    options: dict[str, Any] = field(default_factory=dict)

    @property
    def reading_level(self) -> ReadingLevel:
        """The reading level chosen when the game was created (kept in its options)."""
        level = self.options.get("reading_level")
        return level if level in READING_LEVELS else DEFAULT_READING_LEVEL


class GameHub:
    def __init__(self, meta: GameMeta, store: Store, bus: Bus, *, snapshot_every: int = 500,
                 clock: Callable[[], float] = time.time,
                 on_change: Callable[[GameHub], None] | None = None) -> None:
        self.meta = meta
        self.store = store
        self.bus = bus
        self.clock = clock
        self.snapshot_every = snapshot_every
        self.on_change = on_change
        self.state: State = new_game(meta.scenario, meta.seed, meta.reading_level)
        self.seq = 0
        self.action_n = 0
        self.lock = asyncio.Lock()
        self.sinks: set[Sink] = set()
        self._results: OrderedDict[tuple[str | None, str], Outcome] = OrderedDict()
        self._stored_ids: set[tuple[str, str]] = set()
        """Every (seat, client id) of this game's stored actions: loaded at open, added at each
        commit. With the in-process bus this hub is the game's only writer, so an id that is
        not here is not in the store either, and a new action needs no lookup."""
        self._stored_ids_complete = isinstance(bus, InProcessBus)
        self._shared = not isinstance(bus, InProcessBus)
        """Other processes append to this game too (a bus between processes)."""
        self._synced = time.monotonic()
        """When this hub last read the store for events it lacked."""
        self._heard = 0
        """The highest seq another process announced on the bus for this game."""
        self._bus_waiting = False
        """A listener's call waits for the lock to read the store: later news joins it."""
        self._bus_catch_up = False
        """A "catch up whatever it is" message (after a gap in the bus) joined it."""
        self._timer: asyncio.Task[None] | None = None
        self._wake = asyncio.Event()
        self._spent: set[tuple[str, str, float]] = set()
        self._snapshot_seq = 0
        self._tasks: set[asyncio.Task[Any]] = set()
        self._waiting: list[_Request] = []
        self._leader: asyncio.Task[None] | None = None
        self.closed = False
        self._views: dict[tuple[int, str], bytes] = {}

    # Life.

    async def open(self) -> None:
        """Load the game: the latest snapshot, then the events after it."""
        snap = await self.store.latest_snapshot(self.meta.id)
        if snap is not None and snap[1] == SNAPSHOT_VERSION:
            try:
                self.state = load_state(snap[2], self.meta.scenario)
                self.seq = snap[0]
                self._snapshot_seq = snap[0]
            except Exception:  # a snapshot is only a shortcut: fall back to the events
                log.warning("ignoring an unreadable snapshot of game %s", self.meta.id)
                self.state, self.seq = new_game(self.meta.scenario, self.meta.seed,
                                                self.meta.reading_level), 0
        await self._absorb_stored()
        actions = await self.store.actions(self.meta.id)
        self.action_n = actions[-1].n if actions else 0
        self._stored_ids = {(a.seat_id, a.client_id) for a in actions
                            if a.seat_id is not None and a.client_id is not None}
        await self.bus.subscribe(self.meta.id, self._on_bus)
        if self.seq:
            # The process that wrote the last events may have died before it told the others.
            self._spawn(self.bus.publish(self.meta.id, self.seq))
        self._timer = asyncio.create_task(self._clock_loop(), name=f"clock-{self.meta.id}")

    async def close(self) -> None:
        self.closed = True
        if self._timer is not None:
            self._timer.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._timer
        for task in list(self._tasks):
            with contextlib.suppress(Exception, asyncio.CancelledError):
                await task
        await self.bus.unsubscribe(self.meta.id)

    # Acting.

    async def submit(self, action: dict[str, Any], *, actor: str, seat_id: str | None = None,
                     client_id: str | None = None, forwarded: bool = False) -> Outcome:
        """Decide, store, apply and fan out one action (and what caretakers do after it).

        With a bus between processes, a seat's action goes to the game's writer if that is
        another process (see ``server.bus``), unless it was ``forwarded`` here already; the
        answer comes once this hub holds the events it reports. If the writer cannot be
        reached, the action is decided here.

        Actions that arrive while the game is busy committing wait together, and the next
        turn decides them in order, each on the state the ones before it left, and commits
        them at once (see ``_submit_group``). If another process stored the same seqs first
        (Conflict), catch up with the store and decide again, as long as it takes within
        CONFLICT_PATIENCE: under a burst from several processes, each round of conflicts
        lets at least one of them through.
        """
        if self._shared and not forwarded and seat_id is not None and client_id is not None \
                and actor != "system":
            outcome = await self._forward(action, actor, seat_id, client_id)
            if outcome is not None:
                return outcome
        future: asyncio.Future[Outcome] = asyncio.get_running_loop().create_future()
        self._waiting.append(_Request(action, actor, seat_id, client_id, future))
        if self._leader is None:
            self._leader = asyncio.create_task(self._lead(), name=f"submit-{self.meta.id}")
        return await future

    async def _forward(self, action: dict[str, Any], actor: str, seat_id: str,
                       client_id: str) -> Outcome | None:
        """The outcome from the game's writer, or None if this process should decide."""
        writer = await self.bus.writer(self.meta.id)
        if writer is None:
            return None
        reply = await self.bus.forward(writer, self.meta.id, {
            "action": action, "actor": actor, "seat_id": seat_id, "client_id": client_id})
        if reply is None:
            return None
        try:
            outcome = Outcome(**reply)
        except TypeError:
            return None
        if outcome.ok and outcome.seq > self.seq:
            async with self.lock:  # the sender sees its events before its ack, as here
                if outcome.seq > self.seq:
                    await self._absorb_stored()
        return outcome

    async def _submit_one(self, action: dict[str, Any], actor: str, seat_id: str | None,
                          client_id: str | None) -> Outcome:
        """One action, the lock held: decide, store, apply; again after a Conflict."""
        give_up = time.monotonic() + CONFLICT_PATIENCE
        while True:
            try:
                return await self._submit_locked(action, actor, seat_id, client_id)
            except (Conflict, DBAPIError) as err:
                if not isinstance(err, Conflict) and not _rolled_back(err):
                    raise
                await self._absorb_stored()
            if time.monotonic() > give_up:
                return Outcome(False, code="server_busy",
                               message="The game was busy; send the action again.")

    async def _lead(self) -> None:
        """Take turns under the lock until nobody waits; answer every waiting future."""
        try:
            while self._waiting:
                group = [r for r in self._waiting[:GROUP_LIMIT] if not r.future.done()]
                del self._waiting[:GROUP_LIMIT]
                try:
                    async with self.lock:
                        await self._submit_group(group)
                except Exception as err:  # the store is away: each caller hears it, as before
                    for request in group:
                        if not request.future.done():
                            request.future.set_exception(err)
                except BaseException:  # cancelled (the server stops): nobody is left hanging
                    for request in group:
                        request.future.cancel()
                    raise
        finally:
            self._leader = None
            for request in self._waiting:
                request.future.cancel()
            self._waiting.clear()

    async def _submit_group(self, group: list[_Request]) -> None:
        """Several actions of this game, the lock held: decided in order, committed together.

        Each is decided on the state the ones before it in the group left, exactly as one
        after the other; their rows go to the store in one append (all or none), and only
        once it is committed does the state move on and every answer go out. A group with
        anything unusual (a clock action, an id the store must be asked about) is taken one
        action at a time, and so is a group the store turns down with a duplicate.

        With a bus between processes, other processes append to this game too. The append
        is all or none under the ``(game_id, seq)`` key, so a Conflict means nothing of the
        group was stored: catch up with the store and decide the whole group again (within
        CONFLICT_PATIENCE). So does a commit PostgreSQL rolled back whole because two
        processes' commits waited on each other's rows (a deadlock: each batch of the
        store's writer holds several games' rows, in the order they came). A new client
        id is not looked up first: the store's unique ``(game, seat, client id)`` turns a
        repeat stored by another process down (DuplicateAction), and the group then goes
        one action at a time, each looked up. A refusal is never answered from here (it
        may come from a state another process has moved on from, or be the repeat of a
        stored action): a group with one goes one action at a time too, where both are
        checked.
        """
        if not group:
            return
        if (len(group) == 1 and not self._shared) or any(r.actor == "system" for r in group) \
                or any(r.seat_id and (r.seat_id, r.client_id) in self._stored_ids
                       and (r.seat_id, r.client_id) not in self._results for r in group):
            await self._one_by_one(group)
            return
        give_up = time.monotonic() + CONFLICT_PATIENCE
        while True:
            if self._shared and self._heard > self.seq:
                await self._absorb_stored()  # another process said it moved on: no conflict
            outcomes, accepted = self._decide(group)
            if self._shared and any(not o.ok and not o.duplicate for o in outcomes):
                await self._one_by_one(group)
                return
            if not accepted:
                break
            try:
                await self._persist(accepted)
            except DuplicateAction:
                await self._one_by_one(group)
                return
            except (Conflict, DBAPIError) as err:
                if not isinstance(err, Conflict) and not (self._shared and _rolled_back(err)):
                    raise
                if not self._shared:
                    await self._one_by_one(group)
                    return
                await self._absorb_stored()
                if time.monotonic() > give_up:
                    busy = Outcome(False, code="server_busy",
                                   message="The game was busy; send the action again.")
                    outcomes = [busy] * len(group)
                    break
                continue
            self._apply(accepted)
            break
        for request, outcome in zip(group, outcomes, strict=True):
            if not outcome.duplicate and outcome.code != "server_busy":
                self._remember(request.seat_id, request.client_id, outcome)
            if not request.future.done():
                request.future.set_result(outcome)

    def _decide(self, group: list[_Request]) -> tuple[list[Outcome], list[_Accepted]]:
        """Decide a group in order on the current state (nothing is changed here)."""
        state, seq = self.state, self.seq
        outcomes: list[Outcome] = []
        accepted: list[_Accepted] = []
        decided: dict[tuple[str | None, str], Outcome] = {}
        for request in group:
            key: tuple[str | None, str] = (request.seat_id, request.client_id or "")
            if request.client_id is not None:
                prior = self._results.get(key) or decided.get(key)
                if prior is not None:
                    outcomes.append(Outcome(prior.ok, prior.seq, prior.events, prior.code,
                                            prior.message, duplicate=True))
                    continue
            now = self.clock()
            try:
                parsed = parse_action({**request.action, "actor": request.actor, "at": now})
                new, events = step(state, parsed, Context(now=now))
            except RuleError as err:
                outcome = Outcome(False, code=err.code, message=err.message)
            else:
                items = [_Accepted(parsed, events, new, request.seat_id, request.client_id)]
                items += self._followups(new, now)
                outcome = Outcome(True, seq + len(events), len(events))
                seq += sum(len(item.events) for item in items)
                state = items[-1].state
                accepted += items
            outcomes.append(outcome)
            if request.client_id is not None:
                decided[key] = outcome
        return outcomes, accepted

    async def _one_by_one(self, group: list[_Request]) -> None:
        for request in group:
            try:
                outcome = await self._submit_one(request.action, request.actor,
                                                 request.seat_id, request.client_id)
            except Exception as err:
                if not request.future.done():
                    request.future.set_exception(err)
            else:
                if not request.future.done():
                    request.future.set_result(outcome)

    async def _submit_locked(self, action: dict[str, Any], actor: str, seat_id: str | None,
                             client_id: str | None) -> Outcome:
        if client_id is not None:
            cached = self._results.get((seat_id, client_id))
            if cached is not None:
                return Outcome(cached.ok, cached.seq, cached.events, cached.code,
                               cached.message, duplicate=True)
            known = (seat_id, client_id) in self._stored_ids if seat_id else False
            if seat_id and (known or not self._stored_ids_complete):
                stored = await self.store.action_by_client(self.meta.id, seat_id, client_id)
                if stored is not None:
                    if stored.last_seq > self.seq:  # stored by another process: catch up
                        await self._absorb_stored()
                    return Outcome(True, stored.last_seq, stored.last_seq - stored.first_seq + 1,
                                   duplicate=True)
        now = self.clock()
        if actor == "system" and action not in self.due(now)[1]:
            # Decided again after a Conflict (or late): another process fired it already.
            return Outcome(False, code="not_due", message="Not due any more.")
        body = {**action, "actor": actor, "at": now}
        try:
            parsed = parse_action(body)
            new, events = step(self.state, parsed, Context(now=now))
        except RuleError as err:
            if self._shared and await self.store.last_seq(self.meta.id) > self.seq:
                # Refused on a state another process has moved on from (its news is still
                # on the way): decide again on the stored state, as an append would.
                raise Conflict() from None
            outcome = Outcome(False, code=err.code, message=err.message)
            self._remember(seat_id, client_id, outcome)
            return outcome
        accepted = [_Accepted(parsed, events, new, seat_id, client_id)]
        accepted += self._followups(new, now)
        before = self.seq
        try:
            await self._persist(accepted)
        except DuplicateAction:
            stored = await self.store.action_by_client(self.meta.id, seat_id or "",
                                                       client_id or "")
            seq = stored.last_seq if stored else self.seq
            if seq > self.seq:
                await self._absorb_stored()
            count = stored.last_seq - stored.first_seq + 1 if stored else 0
            return Outcome(True, seq, count, duplicate=True)
        self._apply(accepted)
        primary_last = before + len(events)
        outcome = Outcome(True, primary_last, len(events))
        self._remember(seat_id, client_id, outcome)
        return outcome

    async def replay_action(self, action: Action) -> Outcome:
        """Apply an action from a record as it stands: its own actor and time, no caretakers."""
        async with self.lock:
            now = action.at if action.at is not None else self.state.now
            try:
                new, events = step(self.state, action, Context(now=now))
            except RuleError as err:
                return Outcome(False, code=err.code, message=err.message)
            accepted = [_Accepted(action, events, new, None, None)]
            before = self.seq
            await self._persist(accepted)
            self._apply(accepted)
            return Outcome(True, before + len(events), len(events))

    def _followups(self, state: State, now: float) -> list[_Accepted]:
        """What caretakers do now, each a separate action in the log."""
        out: list[_Accepted] = []
        seen: set[str] = set()
        for _ in range(MAX_FOLLOWUPS):
            progressed = False
            for proposal in caretaker_actions(state):
                key = orjson.dumps(proposal, option=orjson.OPT_SORT_KEYS).decode()
                if key in seen:
                    continue
                seen.add(key)
                try:
                    parsed = parse_action({**proposal, "at": now})
                    state, events = step(state, parsed, Context(now=now))
                except RuleError:
                    continue
                out.append(_Accepted(parsed, events, state, None, None))
                progressed = True
                break
            if not progressed:
                break
        return out

    async def _persist(self, accepted: list[_Accepted]) -> None:
        """Store the actions and their events, all of them or none."""
        rows: list[tuple[ActionRow, list[EventRow]]] = []
        seq, n = self.seq, self.action_n
        for item in accepted:
            n += 1
            first = seq + 1
            event_rows = []
            for event in item.events:
                seq += 1
                event_rows.append(EventRow(self.meta.id, seq, n, event.kind, event_to_dict(event)))
            rows.append((ActionRow(self.meta.id, n, item.seat_id, item.client_id,
                                   item.action.actor, action_to_dict(item.action), first,
                                   max(seq, first - 1), item.action.at or 0.0), event_rows))
        await self.store.append_many(rows)

    def _apply(self, accepted: list[_Accepted]) -> None:
        for item in accepted:
            if item.seat_id is not None and item.client_id is not None:
                self._stored_ids.add((item.seat_id, item.client_id))
            self.action_n += 1
            first = self.seq + 1
            self.state = item.state
            self.seq += len(item.events)
            self._fan_out(item.events, first, self.action_n)
        self._after_change()

    def _remember(self, seat_id: str | None, client_id: str | None, outcome: Outcome) -> None:
        if client_id is None:
            return
        self._results[(seat_id, client_id)] = outcome
        while len(self._results) > RESULT_CACHE:
            self._results.popitem(last=False)

    def _after_change(self) -> None:
        self._wake.set()
        if self.seq - self._snapshot_seq >= self.snapshot_every:
            self._snapshot_seq = self.seq
            state, seq = self.state, self.seq
            self._spawn(self.store.save_snapshot(self.meta.id, seq, SNAPSHOT_VERSION,
                                                 dump_state(state)))
        self._spawn(self.bus.publish(self.meta.id, self.seq))
        if self.on_change is not None:
            self.on_change(self)

    def _spawn(self, coro: Any) -> None:
        task = asyncio.create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._task_done)

    def _task_done(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.warning("background task of game %s failed: %r", self.meta.id, task.exception())

    # Catching up with the store (restarts, other processes, conflicts).

    async def _absorb_stored(self) -> None:
        self._synced = time.monotonic()
        rows = await self.store.events(self.meta.id, after=self.seq)
        if not rows:
            return
        by_action: dict[int, list[Event]] = {}
        first_seq: dict[int, int] = {}
        for row in rows:
            event = event_from_dict(row.body)
            self.state = evolve(self.state, event)
            by_action.setdefault(row.action_n, []).append(event)
            first_seq.setdefault(row.action_n, row.seq)
        for n, events in by_action.items():
            self._fan_out(events, first_seq[n], n)
        self.seq = rows[-1].seq
        self.action_n = max(self.action_n, max(by_action))
        self._wake.set()

    async def _on_bus(self, game_id: str, seq: int) -> None:
        if seq <= self.seq:
            return
        if seq < 1 << 62:  # a seq, not "catch up whatever it is"
            self._heard = max(self._heard, seq)
        else:
            self._bus_catch_up = True
        if self._bus_waiting:
            return  # the call that waits for the lock reads after this news: it covers it
        self._bus_waiting = True
        acquired = False
        try:
            async with self.lock:
                acquired = True
                self._bus_waiting = False  # news from now on needs a read after this one
                catch_up, self._bus_catch_up = self._bus_catch_up, False
                if catch_up or self._heard > self.seq:  # else read meanwhile (by a group)
                    await self._absorb_stored()
        finally:
            if not acquired:
                self._bus_waiting = False

    # Fan-out.

    def _fan_out(self, events: list[Event], first_seq: int, action_n: int) -> None:
        if not self.sinks:
            return
        cache: dict[str, list[bytes]] = {}
        for sink in list(self.sinks):
            frames = cache.get(sink.viewer)
            if frames is None:
                frames = [self._event_frame(e, first_seq + i, action_n, sink.viewer)
                          for i, e in enumerate(events)]
                cache[sink.viewer] = frames
            for frame in frames:
                sink.send_bytes(frame)
            sink.changed()

    def _event_frame(self, event: Event, seq: int, action_n: int, viewer: str) -> bytes:
        shown = redact(event, viewer, self.state)
        return orjson.dumps({"type": "event", "seq": seq, "event": shown or HIDDEN,
                             "action": action_n})

    # Connections.

    async def attach(self, sink: Sink, last_seq: int | None,
                     resume_gap: int) -> tuple[int, int, dict[str, Any]]:
        """Register a connection and queue the events it missed.

        Returns the seq, how many missed events were queued (-1: too many, only
        the view) and the connection's view as of that seq.
        """
        async with self.lock:
            # This process may lag behind the one the client comes from (its bus message may
            # still be on the way, or lost with a dead process): read the store first, so that
            # the welcome is at least at the client's last_seq and no event comes twice.
            await self._absorb_stored()
            self.sinks.add(sink)
            seq = self.seq
            missed = 0
            if last_seq is not None and last_seq < seq:
                if seq - last_seq > resume_gap:
                    missed = -1
                else:
                    rows = await self.store.events(self.meta.id, after=last_seq, upto=seq)
                    for row in rows:
                        event = event_from_dict(row.body)
                        sink.send_bytes(self._event_frame(event, row.seq, row.action_n,
                                                          sink.viewer))
                    missed = len(rows)
            return seq, missed, view_for(self.state, sink.viewer)

    def detach(self, sink: Sink) -> None:
        self.sinks.discard(sink)

    def view(self, viewer: str) -> dict[str, Any]:
        return view_for(self.state, viewer)

    def view_frame(self, viewer: str) -> bytes:
        """A ``view`` frame for a viewer at the current seq, built once per seq and viewer."""
        key = (self.seq, viewer)
        cached = self._views.get(key)
        if cached is None:
            if len(self._views) > 64 or any(k[0] != self.seq for k in self._views):
                self._views = {}
            cached = orjson.dumps({"type": "view", "seq": self.seq,
                                   "view": view_for(self.state, viewer)})
            self._views[key] = cached
        return cached

    # The clock: phase clocks, silence deadlines, Article 13 notices.

    def due(self, now: float) -> tuple[float | None, list[dict[str, Any]]]:
        """The system actions due now, and when the next one falls due."""
        state = self.state
        if state.status != "running":
            return None, []
        due: list[dict[str, Any]] = []
        upcoming: list[float] = []

        def consider(deadline: float, key: tuple[str, str, float], action: dict[str, Any]) -> None:
            if key in self._spent:
                return
            if deadline <= now:
                due.append(action)
            else:
                upcoming.append(deadline)

        for item in state.items.values():
            if item.status == "silence":
                consider(item.deadline, ("item", item.id, item.deadline),
                         {"kind": "silence_deadline", "item": item.id})
        for country, moment in state.withdrawals.items():
            # Article 13's year runs in the world's time, which counts the days skipped.
            consider(withdrawal_moment(state, country), ("withdrawal", country, moment),
                     {"kind": "withdrawal_effective", "country": country})
        for country, moment in state.league_withdrawals.items():
            consider(league_withdrawal_moment(state, country),
                     ("league_withdrawal", country, moment),
                     {"kind": "withdrawal_effective", "country": country, "body": "LEAGUE"})
        if state.clock_deadline is not None and state.scenario.rounds:
            consider(state.clock_deadline, ("clock", f"{state.round}/{state.phase}",
                                            state.clock_deadline), {"kind": "advance_phase"})
        return (min(upcoming) if upcoming else None), due

    async def _clock_loop(self) -> None:
        while not self.closed:
            try:
                await self._clock_turn()
            except Exception as err:  # the store is away for a moment: the clock goes on
                log.warning("the clock of game %s failed (%r); trying again", self.meta.id, err)
                await asyncio.sleep(1.0)

    async def _clock_turn(self) -> None:
        """Fire what is due, then wait until something may be due (or the bus may be down)."""
        self._wake.clear()
        if not self.bus.healthy or (self._shared
                                    and time.monotonic() - self._synced > RESYNC_EVERY):
            # The bus is down: other processes' events reach us by reading the store.
            # (And now and then anyway: a process may die between its commit and its
            # message on the bus.)
            async with self.lock:
                await self._absorb_stored()
        nxt, due = self.due(self.clock())
        keys = [self._spend_key(action) for action in due]
        if due and not await self.bus.lease(self.meta.id):
            # Another process holds this game's clock; look again when its lease may lapse.
            due, nxt = [], self.clock() + LEASE_RETRY
        for action, key in zip(due, keys, strict=False):
            outcome = await self.submit(action, actor="system")
            if not outcome.ok and key is not None:
                # Refused: do not try this deadline again (but the next one, yes).
                self._spent.add(key)
        if due:
            return
        timeout = 3600.0 if nxt is None else max(0.0, nxt - self.clock())
        # Wake at least this often, to notice when the bus goes down and poll the store.
        timeout = min(timeout, POLL_WHILE_BUS_DOWN)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wake.wait(), timeout=min(timeout, 3600.0))

    def _spend_key(self, action: dict[str, Any]) -> tuple[str, str, float] | None:
        """The deadline a due action answers, in the current state (see ``due``)."""
        state = self.state
        if action["kind"] == "silence_deadline":
            item = state.items.get(action["item"])
            return ("item", item.id, item.deadline) if item else None
        if action["kind"] == "withdrawal_effective" and action.get("body") == "LEAGUE":
            moment = state.league_withdrawals.get(action["country"])
            return (("league_withdrawal", action["country"], moment) if moment is not None
                    else None)
        if action["kind"] == "withdrawal_effective":
            moment = state.withdrawals.get(action["country"])
            return ("withdrawal", action["country"], moment) if moment is not None else None
        if state.clock_deadline is not None:
            return ("clock", f"{state.round}/{state.phase}", state.clock_deadline)
        return None

    # Records.

    async def record(self) -> dict[str, Any]:
        rows = await self.store.actions(self.meta.id)
        scenario: str | dict[str, Any] = (self.meta.scenario_id if self.meta.options.get("shipped")
                                          else self.meta.scenario.model_dump(mode="json",
                                                                              exclude_defaults=True))
        return {"scenario": scenario, "seed": self.meta.seed,
                "reading_level": self.meta.reading_level,
                "actions": [row.body for row in rows]}

