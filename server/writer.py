"""A game's writer in this process: decides its actions, stores them, answers.

One decide path. A request (a seat's action, a record's actions, or the clock
asking for what is due) waits with the others that arrive while the game is
busy; the next turn takes them all, under the replica's lock: each is decided
by ``game_rules.due.take`` on the state the ones before it left (with what it
sets off: caretakers' turns, passed deadlines), their rows go to the store in
one append (all or none), and only once that is committed does the replica move
on and every sender get its answer.

A turn decides again instead of answering when the store says so: a client id
the store may already hold is looked up and answered with its first answer
(``duplicate``); a Conflict (another process took these seqs) or a commit the
database rolled back whole reads what the store holds and decides again, for
up to CONFLICT_PATIENCE, then answers ``server_busy``. With other processes on
the bus, a refusal may come from a state they have moved on from: it is checked
against the store once before it is answered, and a seat's action goes first to
the game's writer process if that is another one (``Bus.forward``).

A student's action carries the seat its connection said hello as (``SeatClaim``),
and the store commits it only if that seat still holds (``server.group_commit``):
a seat reset, removed or moved on any process acts no more from the moment the
store holds the remedy, and no action costs a read of its seat. When an append
comes back ``SeatLapsed``, nothing of it was stored: the turn decides again
without the lapsed seats' actions, which are answered ``bad_token``.

A country the instructor hands to its caretaker is no longer its students': before the
turn that hands it over is stored, their seats lose their tokens (``handing_over``,
``server.seats``), so that their claims lapse from that turn on.

How a turn decides, a held game's too (``Replica.held``), is ``server.decide``.
"""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Collection, Iterable, Sequence

from sqlalchemy.exc import DBAPIError

from game_rules import Action
from game_rules.actions import action_to_dict
from game_rules.due import Taken
from game_rules.events import event_to_dict
from server.bus import Bus
from server.decide import BUSY, LAPSED, RELEASE, Key, Outcome, Request, decide, handed_over
from server.replica import Replica
from server.store import (
    ActionRow,
    Conflict,
    DuplicateAction,
    EventRow,
    SeatClaim,
    SeatLapsed,
    Store,
)

CONFLICT_PATIENCE = 10.0
RESULT_CACHE = 5000
GROUP_LIMIT = 200
"""Requests of one game decided and committed together, at most."""
ROLLED_BACK = {"40P01", "40001"}
"""SQLSTATEs of a transaction the database rolled back whole (deadlock_detected,
serialization_failure): nothing of it was stored, so it is decided again like a Conflict."""

def rolled_back(err: BaseException) -> bool:
    """Two processes' commits waited on each other's rows (PostgreSQL gave up on one)."""
    return isinstance(err, DBAPIError) and getattr(err.orig, "sqlstate", None) in ROLLED_BACK


async def _nobody() -> Collection[str]:
    return ()


async def _no_seats(countries: Collection[str]) -> None:
    return None


class Writer:
    """The one path by which a game's actions are decided, stored and answered here."""

    def __init__(self, replica: Replica, store: Store, bus: Bus, *, shared: bool,
                 clock: Callable[[], float],
                 seated: Callable[[], Awaitable[Collection[str]]],
                 committed: Callable[[], None],
                 away: Callable[[], Awaitable[Collection[str]]] | None = None,
                 handing_over: Callable[[Collection[str]], Awaitable[None]] | None = None) -> None:
        self.replica = replica
        self.store = store
        self.bus = bus
        self.shared = shared
        """Other processes append to this game too (a bus between processes)."""
        self.clock = clock
        self.seated = seated
        """The countries students took (read for a ``start``: the rest go to caretakers)."""
        self.away = away or _nobody
        """The countries whose students are all offline (read for the clock's turn while a
        vote is open: their caretakers vote once the grace has run, ``game_rules.absence``)."""
        self.handing_over = handing_over or _no_seats
        """Told the countries the instructor hands to their caretakers in a turn, before it
        is stored: their students' seats lose their tokens first (``server.seats``)."""
        self.committed = committed
        self._results: OrderedDict[Key, Outcome] = OrderedDict()
        self.stored_ids: set[Key] = set()
        """Every (seat, client id) of this game's stored actions. Alone on the game (no
        ``shared``), an id that is not here is not in the store either."""
        self._waiting: list[Request] = []
        self._leader: asyncio.Task[None] | None = None

    @property
    def waiting(self) -> int:
        """Requests waiting for the next turn."""
        return len(self._waiting)

    @property
    def busy(self) -> bool:
        """Requests are waiting or being decided."""
        return self._leader is not None or bool(self._waiting)

    def remember_stored(self, actions: Iterable[ActionRow]) -> None:
        self.stored_ids.update((a.seat_id, a.client_id) for a in actions
                               if a.seat_id is not None and a.client_id is not None)

    # Asking.

    async def submit(self, action: Action, *, seat_id: str | None = None,
                     client_id: str | None = None, claim: SeatClaim | None = None,
                     forwarded: bool = False) -> Outcome:
        """Decide, store and apply one action (and what it sets off); its answer. With a
        ``claim``, the action is stored only if that seat still holds (else ``bad_token``)."""
        if self.shared and not forwarded and seat_id is not None and client_id is not None:
            outcome = await self._forward(action, seat_id, client_id, claim)
            if outcome is not None:
                return outcome
        return await self._enqueue(Request(action, seat_id, client_id, claim))

    async def replay(self, actions: Sequence[Action]) -> list[Outcome]:
        """A record's actions as they stand (each its own actor and time, nothing after it),
        in one turn and one commit: nothing else (the clock) is decided between them. A
        refused one is answered and not stored; the others go on."""
        request = Request(None, recorded=tuple(actions))
        await self._enqueue(request)
        return request.answers

    async def tick(self) -> Outcome:
        """Take what is due now (the clock's request); ``events`` counts what was taken."""
        return await self._enqueue(Request(None))

    async def _forward(self, action: Action, seat_id: str, client_id: str,
                       claim: SeatClaim | None) -> Outcome | None:
        """The outcome from the game's writer process, or None if this one should decide."""
        game_id = self.replica.meta.id
        writer = await self.bus.writer(game_id)
        if writer is None:
            return None
        body = action_to_dict(action)
        actor = body.pop("actor")
        body.pop("at", None)
        reply = await self.bus.forward(writer, game_id, {
            "action": body, "actor": actor, "seat_id": seat_id, "client_id": client_id,
            "claim": None if claim is None else {"seat_id": claim.seat_id,
                                                 "token_hash": claim.token_hash,
                                                 "country": claim.country}})
        if reply is None:
            return None
        try:
            outcome = Outcome(**reply)
        except TypeError:
            return None
        if outcome.ok and outcome.seq > self.replica.seq:
            async with self.replica.lock:  # the sender sees its events before its ack
                if outcome.seq > self.replica.seq:
                    await self.replica.catch_up()
        return outcome

    async def _enqueue(self, request: Request) -> Outcome:
        self._waiting.append(request)
        if self._leader is None:
            self._leader = asyncio.create_task(self._lead(),
                                               name=f"writer-{self.replica.meta.id}")
        return await request.future

    async def _lead(self) -> None:
        """Take turns under the lock until nobody waits; answer every waiting future."""
        try:
            while self._waiting:
                group = [r for r in self._waiting[:GROUP_LIMIT] if not r.future.done()]
                del self._waiting[:GROUP_LIMIT]
                try:
                    async with self.replica.lock:
                        await self._turn(group)
                except Exception as err:  # the store is away: each caller hears it
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

    # A turn (the lock held).

    async def _turn(self, group: list[Request]) -> None:
        replica = self.replica
        answers: dict[int, Outcome] = {}
        look_up = {i for i, r in enumerate(group)
                   if r.key in self.stored_ids and r.key not in self._results}
        refusals_checked = not self.shared
        give_up = time.monotonic() + CONFLICT_PATIENCE
        seated = None
        if any(r.action is not None and r.action.kind == "start" for r in group):
            seated = await self.seated()
        away: Collection[str] = ()
        if replica.state.open_votes and any(r.action is None and not r.recorded for r in group):
            away = await self.away()
        if replica.held is not None and self.shared:
            await replica.read_hold()  # another process may have released it
        lapsed: frozenset[SeatClaim] = frozenset()
        while True:
            if self.shared and replica.heard > replica.seq:
                await replica.catch_up()  # another process said it moved on: no conflict
            for i in sorted(look_up - answers.keys()):
                stored = await self._stored_answer(group[i])
                if stored is not None:
                    answers[i] = stored
            look_up = set()
            pending = [i for i in range(len(group)) if i not in answers]
            decided, taken = decide([group[i] for i in pending], replica.state, replica.seq,
                                    replica.held, answered=self._results.get, clock=self.clock,
                                    seated=seated, away=away, lapsed=lapsed)
            refused = {i for i, o in zip(pending, decided, strict=True)
                       if not o.ok and not o.duplicate}
            if refused and not refusals_checked:
                # Refused on a state another process may have moved on from, or the repeat
                # of an action it stored: ask the store before answering.
                refusals_checked = True
                look_up = {i for i in refused if group[i].key is not None}
                if await self.store.last_seq(replica.meta.id) > replica.seq:
                    await replica.catch_up()
                continue
            if taken:
                claims = {claim for i, o in zip(pending, decided, strict=True)
                          if o.ok and not o.duplicate and (claim := group[i].claim) is not None}
                handed = handed_over(taken)
                if handed:  # no old token opens anything from the hand-over's first moment
                    await self.handing_over(handed)
                try:
                    await self._persist(taken, claims)
                except SeatLapsed as err:  # nothing stored: decided again without them
                    lapsed |= err.claims
                    continue
                except DuplicateAction:  # stored by another process: each id looked up
                    look_up = {i for i in pending if group[i].key is not None}
                    if time.monotonic() < give_up:
                        continue
                    decided = [BUSY] * len(pending)
                except (Conflict, DBAPIError) as err:
                    if not isinstance(err, Conflict) and not rolled_back(err):
                        raise
                    await replica.catch_up()
                    if time.monotonic() < give_up:
                        continue
                    decided = [BUSY] * len(pending)
                else:
                    replica.advance([item for item, _ in taken])
                    self.stored_ids.update(key for _, key in taken if key is not None
                                           and key[0] is not None)
                    if replica.held is not None and any(
                            item.asked and item.action.kind in RELEASE
                            and item.action.actor == "instructor" for item, _ in taken):
                        await replica.release()
                    self.committed()
            answers.update(zip(pending, decided, strict=True))
            break
        for i, request in enumerate(group):
            outcome = answers[i]
            if request.key is not None and not outcome.duplicate and outcome is not BUSY \
                    and outcome is not LAPSED:  # (a new token of the seat may send it again)
                self._remember(request.key, outcome)
            if not request.future.done():
                request.future.set_result(outcome)

    async def _stored_answer(self, request: Request) -> Outcome | None:
        """The first answer to a client id the store holds (catching up with it), or None."""
        assert request.seat_id is not None and request.client_id is not None
        stored = await self.store.action_by_client(self.replica.meta.id, request.seat_id,
                                                   request.client_id)
        if stored is None:
            return None
        if stored.last_seq > self.replica.seq:  # stored by another process
            await self.replica.catch_up()
        return Outcome(True, stored.last_seq, stored.last_seq - stored.first_seq + 1,
                       duplicate=True)

    async def _persist(self, taken: list[tuple[Taken, Key | None]],
                       claims: Collection[SeatClaim] = ()) -> None:
        """Store the actions and their events, all of them or none (SeatLapsed: none, a seat
        of ``claims`` no longer holds)."""
        game_id = self.replica.meta.id
        rows: list[tuple[ActionRow, list[EventRow]]] = []
        seq, n = self.replica.seq, self.replica.action_n
        for item, key in taken:
            n += 1
            first = seq + 1
            event_rows = []
            for event in item.events:
                seq += 1
                event_rows.append(EventRow(game_id, seq, n, event.kind, event_to_dict(event)))
            seat_id, client_id = key if key is not None else (None, None)
            rows.append((ActionRow(game_id, n, seat_id, client_id, item.action.actor,
                                   action_to_dict(item.action), first, max(seq, first - 1),
                                   item.action.at or 0.0), event_rows))
        await self.store.append_many(rows, claims)

    def _remember(self, key: Key, outcome: Outcome) -> None:
        self._results[key] = outcome
        while len(self._results) > RESULT_CACHE:
            self._results.popitem(last=False)

