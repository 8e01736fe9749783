"""The writer's decide path: the requests of one turn, decided in order on the
game's state, each with what it sets off (``game_rules.due.take``), without
changing anything. What it returns is stored by the writer (``server.writer``)
and only then applied.

A request is a seat's (or the instructor's) action, the clock asking for what
is due (no action), or a record's actions replayed as they stand. A client id
already answered gets its first answer again (``duplicate``). A game replayed
from a record is *held* (the moment its record ends) until the instructor
resumes it: nothing is due, and every action but the instructor's ``resume``
or ``pause`` is refused (``game_held``). That action first pauses the game at
the held moment (the clocks keep what remained of them then, the way a pause
keeps them), then resumes it now; ``pause`` leaves it paused.

A student's action for a country with its caretaker is refused (``with_caretaker``).
The instructor's hand-over revokes the country's seats before it is stored (``handed_over``
names those countries to the writer), so this is the rest: a seat taken while the start
handed its country over (its join then gives the country back).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from typing import Any

from game_rules import Action, RuleError, State
from game_rules.actions import SetCaretaker, parse_action
from game_rules.caretaker import check_student_action
from game_rules.due import Taken, take
from game_rules.messages import N_, Msg, message
from server.store import SeatClaim

Key = tuple[str | None, str]
"""A request's (seat id, client id)."""
INSTRUCTOR_SEAT = "instructor"
"""The seat of the instructor's actions (``Identity.seat_key``); every other seat id is a
student's, who may not act for a country handed to its caretaker."""
RELEASE = frozenset({"resume", "pause"})
"""The instructor's actions that release a held game."""


@dataclass(frozen=True, slots=True)
class Outcome:
    ok: bool
    seq: int = 0
    events: int = 0
    code: str = ""
    message: str = ""
    duplicate: bool = False
    msg: dict[str, Any] | None = None
    """A refusal's sentence as a message of the engine (``RuleError.msg``, JSON form)."""

    def again(self) -> Outcome:
        """The same answer, to a request that repeats an answered client id."""
        return Outcome(self.ok, self.seq, self.events, self.code, self.message, duplicate=True,
                       msg=self.msg)

    @staticmethod
    def said(code: str, text: Msg) -> Outcome:
        """A refusal of the server's own: its English, and the message beside it."""
        return Outcome(False, code=code, message=text.english(), msg=text.to_json())

    @staticmethod
    def refused(err: RuleError) -> Outcome:
        """The answer to an action the engine refused."""
        return Outcome(False, code=err.code, message=err.message,
                       msg=err.msg.to_json() if err.msg is not None else None)


BUSY = Outcome.said("server_busy", message(N_("The game was busy; send the action again.")))
HELD = Outcome.said("game_held", message(N_(
    "This game was replayed from a record and stands still where the record ends: the "
    "instructor resumes it (or pauses it) first.")))
LAPSED = Outcome.said("bad_token", message(N_(
    "This seat was reset, moved or removed: join again with the game's code, or ask your "
    "teacher.")))


@dataclass
class Request:
    action: Action | None
    """None: the clock asks for what is due (or ``recorded`` holds the actions)."""
    seat_id: str | None = None
    client_id: str | None = None
    claim: SeatClaim | None = None
    """A student's: stored only while the store's seat still holds (``server.group_commit``)."""
    recorded: Sequence[Action] = ()
    """A record's actions: each taken as it stands (its actor and time), nothing after it."""
    answers: list[Outcome] = field(default_factory=list)
    """The answer to each of ``recorded``."""
    future: asyncio.Future[Outcome] = field(
        default_factory=lambda: asyncio.get_running_loop().create_future())

    @property
    def key(self) -> Key | None:
        return None if self.client_id is None else (self.seat_id, self.client_id)


Decided = tuple[list[Outcome], list[tuple[Taken, Key | None]]]
"""Each request's answer, and every action taken (with the key of the request that asked
for it), in order."""


def decide(requests: Sequence[Request], state: State, seq: int, held: float | None, *,
           answered: Callable[[Key], Outcome | None], clock: Callable[[], float],
           seated: Collection[str] | None, away: Collection[str] = (),
           lapsed: frozenset[SeatClaim] = frozenset()) -> Decided:
    """Decide ``requests`` in order, each on the state the ones before it left.

    ``seq``: the game's last event; ``held``: the moment a held game stands still at;
    ``answered``: the first answer to a client id, if it was answered; ``seated`` (read for a
    ``start``): the countries students took; ``away``: the countries whose students are all
    offline (for the clock's request); ``lapsed``: the seats the store said no longer hold,
    whose requests are answered ``bad_token``."""
    outcomes: list[Outcome] = []
    taken: list[tuple[Taken, Key | None]] = []
    decided: dict[Key, Outcome] = {}
    for request in requests:
        key = request.key
        prior = None if key is None else (answered(key) or decided.get(key))
        if prior is not None:
            outcomes.append(prior.again())
            continue
        if request.claim is not None and request.claim in lapsed:
            outcomes.append(LAPSED)
            continue
        if request.recorded:
            state, seq = _replay(request, state, seq, taken)
            outcomes.append(Outcome(True, seq, sum(a.events for a in request.answers)))
            continue
        outcome: Outcome | None = None
        if held is not None:
            asked = request.action
            if asked is None:  # the clock: nothing is due in a held game
                outcomes.append(Outcome(True, seq, 0))
                continue
            if asked.kind not in RELEASE or asked.actor != "instructor":
                outcome = HELD
            else:
                moment, held = held, None
                state, seq, outcome = _stand_still(asked, key, moment, state, seq, taken)
        if outcome is None:
            try:
                _check_seat(request, state)
                items = take(state, request.action, clock(), seated=seated,
                             away=away if request.action is None else ())
            except RuleError as err:
                outcome = Outcome.refused(err)
            else:
                outcome = _answer(items, seq, request.action is None)
                seq += sum(len(item.events) for item in items)
                if items:
                    state = items[-1].state
                taken += [(item, key if item.asked else None) for item in items]
        outcomes.append(outcome)
        if key is not None:
            decided[key] = outcome
    return outcomes, taken


def _replay(request: Request, state: State, seq: int,
            taken: list[tuple[Taken, Key | None]]) -> tuple[State, int]:
    """A record's actions, each as it stands; a refused one is answered and passed over."""
    request.answers.clear()
    for action in request.recorded:
        try:
            item = take(state, action, 0.0, settle=False)[0]
        except RuleError as err:
            request.answers.append(Outcome.refused(err))
            continue
        seq += len(item.events)
        request.answers.append(Outcome(True, seq, len(item.events)))
        state = item.state
        taken.append((item, None))
    return state, seq


def _stand_still(asked: Action, key: Key | None, moment: float, state: State, seq: int,
                 taken: list[tuple[Taken, Key | None]]) -> tuple[State, int, Outcome | None]:
    """The instructor releases a held game: a running one is first paused at the held
    moment. That pause is the answer to a ``pause``; a ``resume`` is decided after it."""
    if state.status != "running":
        return state, seq, None
    pause = parse_action({"actor": "instructor", "kind": "pause", "at": moment})
    stop = take(state, pause, moment, settle=False)[0]
    seq += len(stop.events)
    if asked.kind == "pause":
        taken.append((stop, key))
        return stop.state, seq, Outcome(True, seq, len(stop.events))
    taken.append((Taken(stop.action, stop.events, stop.state), None))
    return stop.state, seq, None


def _check_seat(request: Request, state: State) -> None:
    """A student's seat does not act for a country handed to its caretaker (the rule is
    ``game_rules.caretaker.check_student_action``)."""
    if request.action is not None and request.seat_id not in (None, INSTRUCTOR_SEAT):
        check_student_action(state, request.action)


def handed_over(taken: Sequence[tuple[Taken, Key | None]]) -> list[str]:
    """The countries the instructor hands to their caretakers in a turn (and that are still
    with them at its end)."""
    after = taken[-1][0].state.caretakers
    countries: list[str] = []
    for item, _ in taken:
        action = item.action
        if isinstance(action, SetCaretaker) and action.caretaker \
                and action.actor == "instructor" and action.country in after \
                and action.country not in countries:
            countries.append(action.country)
    return countries


def _answer(items: list[Taken], seq: int, tick: bool) -> Outcome:
    """The answer to one request: the asked action's events (for the clock: all it took)."""
    if tick:
        count = sum(len(item.events) for item in items)
        return Outcome(True, seq + count, count)
    for item in items:
        seq += len(item.events)
        if item.asked:
            return Outcome(True, seq, len(item.events))
    raise AssertionError("take() returned no asked action")
