"""What falls due, and when: the clock's and the caretakers' part of the game.

``due_actions(state, now)`` lists the actions due at ``now`` and says when the
next one falls due. Each source of due actions is one small function of
``SCHEDULES``, in the order they are taken:

- a silence deadline: a text circulated in the North Atlantic Council is adopted
  when its deadline passes, in whatever phase (``silence_deadline``);
- Article 13: a withdrawal takes effect when its notice has run its year
  (``withdrawal_effective``; the days the instructor skipped count); the League's
  Covenant: two years (Art. 1(3));
- a phase's clock: the phase ends when its clock runs out (``advance_phase``,
  only in a scenario with rounds);
- caretakers' turns: what the countries nobody plays do by their policy, due at
  once (``caretaker.caretaker_actions``);
- absent delegations: when the server says which countries are *away* (students,
  none online), their caretakers' votes fall due once a vote has been open for the
  game's grace period (``absence.absent_votes``).

Nothing is due in a game that is not running (a pause stops every clock).

``take(state, action, now)`` is the one way an action is decided with all it
sets off: what fell due before it, the action, and then each due action it
brings about (a caretaker's vote, a deadline it moved into the past), each its own
action on the state the previous one left. The server calls it and stores what it
returns; its clock only waits for ``next_at`` and calls it with no action.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from typing import Any

from game_rules import league
from game_rules.absence import absent_votes
from game_rules.actions import Action, parse_action
from game_rules.caretaker import caretaker_actions, handovers_at_start
from game_rules.context import Context
from game_rules.engine import step
from game_rules.errors import RuleError
from game_rules.events import Event
from game_rules.nac import withdrawal_moment
from game_rules.state import State

MAX_FOLLOW_UPS = 200
"""Due actions taken after one action, at most (a safeguard: policies settle in a few)."""


@dataclass(frozen=True, slots=True)
class Pending:
    """An action that falls due at ``at`` (seconds since the epoch); ``action`` names its actor."""

    at: float
    action: dict[str, Any]

    @property
    def key(self) -> tuple[float, tuple[tuple[str, str], ...]]:
        """The same deadline (or caretaker's step) gives the same key."""
        return self.at, tuple(sorted((k, str(v)) for k, v in self.action.items()))


@dataclass(frozen=True, slots=True)
class Due:
    """What is due now, in the order to take it, and when the next action falls due."""

    now: tuple[Pending, ...]
    next_at: float | None


Schedule = Callable[[State, float], Iterable[Pending]]
"""One source of due actions: everything it has pending in ``state``, due or not by ``now``."""


def silence_deadlines(state: State, now: float) -> Iterable[Pending]:
    """A text under silence is adopted at its deadline, in every phase."""
    for item in state.items.values():
        if item.status == "silence":
            yield Pending(item.deadline, {"actor": "system", "kind": "silence_deadline",
                                          "item": item.id})


def withdrawals(state: State, now: float) -> Iterable[Pending]:
    """A withdrawal takes effect a year after its notice, in the world's time, which counts
    the days the instructor skipped (North Atlantic Treaty Art. 13; ``nac.withdrawal_moment``)."""
    for country in state.withdrawals:
        yield Pending(withdrawal_moment(state, country),
                      {"actor": "system", "kind": "withdrawal_effective", "country": country})


def league_withdrawals(state: State, now: float) -> Iterable[Pending]:
    """A Member's withdrawal from the League takes effect two years after its notice, in the
    world's time (Covenant Art. 1(3); ``league.withdrawal_moment``)."""
    for country in state.league_withdrawals:
        yield Pending(league.withdrawal_moment(state, country),
                      {"actor": "system", "kind": "withdrawal_effective", "country": country,
                       "body": "LEAGUE"})


def phase_clock(state: State, now: float) -> Iterable[Pending]:
    """A phase ends when its clock runs out (scenarios with rounds only)."""
    if state.clock_deadline is not None and state.scenario.rounds:
        yield Pending(state.clock_deadline, {"actor": "system", "kind": "advance_phase"})


def caretaker_turns(state: State, now: float) -> Iterable[Pending]:
    """What caretakers do is due at once."""
    for proposal in caretaker_actions(state):
        yield Pending(-math.inf, proposal)


SCHEDULES: tuple[Schedule, ...] = (silence_deadlines, withdrawals, league_withdrawals,
                                   phase_clock, caretaker_turns)


def due_actions(state: State, now: float, away: Collection[str] = ()) -> Due:
    """The actions due at ``now`` and the moment the next one falls due; ``away``: the
    countries whose students are all offline (the server's knowledge).

    >>> from game_rules.engine import new_game
    >>> from game_rules.scenario import load_scenario
    >>> sc = load_scenario({"id": "d", "title": "D", "countries": ["FRA", "EST"],
    ...                     "bodies": {"NAC": {"members": ["FRA", "EST"]}}})
    >>> state, _ = step(new_game(sc, 1), {"actor": "instructor", "kind": "start"},
    ...                 Context(now=0.0))
    >>> state, _ = step(state, {"actor": "instructor", "kind": "circulate",
    ...                         "title": "Statement", "deadline": 60}, Context(now=10.0))
    >>> due_actions(state, 20.0)
    Due(now=(), next_at=70.0)
    >>> [p.action["kind"] for p in due_actions(state, 70.0).now]
    ['silence_deadline']
    """
    if state.status != "running":
        return Due((), None)
    due: list[Pending] = []
    later: list[float] = []
    absent = (Pending(at, action) for at, action in absent_votes(state, away))
    for pending in (*(p for schedule in SCHEDULES for p in schedule(state, now)), *absent):
        if pending.at <= now:
            due.append(pending)
        else:
            later.append(pending.at)
    return Due(tuple(due), min(later) if later else None)


@dataclass(frozen=True, slots=True)
class Taken:
    """One action taken: the action as stored (actor and time stamped), its events, and the
    state after it. ``asked`` marks the action that was asked for; the others were due."""

    action: Action
    events: list[Event]
    state: State
    asked: bool = False


def take(state: State, action: Action | None, now: float, *,
         seated: Collection[str] | None = None, settle: bool = True,
         away: Collection[str] = ()) -> list[Taken]:
    """Decide ``action`` at ``now`` with everything it sets off; or, without an action,
    take what is due. Nothing changes: the caller stores what is returned, in order.

    In order: what fell due by ``now`` and was not taken yet (a deadline that passed a
    moment before the action); for a ``start``, when ``seated`` names the countries
    students took, each other country handed to its caretaker, as the system's action;
    the action itself, stamped ``now``; then what is due after it, one at a time, each on
    the state the one before it left. A refused action raises ``RuleError`` and nothing is
    taken; a due action that is refused is passed over. ``settle=False`` takes the action
    alone, at its own time (a record's action replayed as it stands). ``away``: the
    countries whose students are all offline, for the votes that do not wait for them.

    >>> from game_rules.engine import new_game
    >>> from game_rules.scenario import load_scenario
    >>> sc = load_scenario({"id": "t", "title": "T", "countries": ["FRA", "GBR", "USA"],
    ...     "bodies": {"UNSC": {"permanent": ["FRA", "GBR", "USA"], "threshold": 2}}})
    >>> start = parse_action({"actor": "instructor", "kind": "start"})
    >>> [(t.action.actor, t.action.kind) for t in take(new_game(sc, 1), start, 5.0,
    ...                                                 seated={"FRA"})]
    [('system', 'set_caretaker'), ('system', 'set_caretaker'), ('instructor', 'start')]
    """
    if action is not None and not settle:
        new, events = step(state, action, Context(now=action.at if action.at is not None
                                                  else state.now))
        return [Taken(action, events, new, asked=True)]
    out: list[Taken] = []
    state = _settle(state, now, out, away)
    if action is not None:
        stamped = action.model_copy(update={"at": now})
        before = len(out)
        try:
            if stamped.kind == "start" and seated is not None:
                for handover in handovers_at_start(state, seated):
                    state = _take(state, parse_action({**handover, "at": now}), now, out)
            state = _take(state, stamped, now, out, asked=True)
        except RuleError:
            del out[before:]
            raise
        state = _settle(state, now, out, away)
    return out


def _take(state: State, action: Action, now: float, out: list[Taken], *,
          asked: bool = False) -> State:
    new, events = step(state, action, Context(now=now))
    out.append(Taken(action, events, new, asked))
    return new


def _settle(state: State, now: float, out: list[Taken], away: Collection[str] = ()) -> State:
    """Take what is due, one action at a time, until nothing (that is not refused) is."""
    tried: set[tuple[float, tuple[tuple[str, str], ...]]] = set()
    for _ in range(MAX_FOLLOW_UPS):
        for pending in due_actions(state, now, away).now:
            if pending.key in tried:
                continue
            tried.add(pending.key)
            try:
                state = _take(state, parse_action({**pending.action, "at": now}), now, out)
            except RuleError:
                continue
            break
        else:
            return state
    return state


__all__ = ["SCHEDULES", "Due", "Pending", "Schedule", "Taken", "due_actions", "take"]
