"""Records: a game as ``{"scenario", "seed", "actions"}``, like a chess PGN.

A record replays through the engine alone to the same game. A refused
action changes nothing and the replay goes on with the next one.

>>> rec = {"scenario": {"id": "r", "title": "R", "countries": ["FRA", "GBR"],
...        "bodies": {"UNSC": {"permanent": ["FRA", "GBR"], "threshold": 2}}},
...        "seed": 7, "actions": [
...        {"actor": "instructor", "kind": "start"},
...        {"actor": "FRA", "kind": "vote", "draft": "S/9", "vote": "yes"}]}
>>> for line in replay_lines(load_record(rec)):
...     print(line)
{"index": 0, "ok": true, "events": [{"kind": "game_started", "at": 0.0}, {"kind": "phase_started", "round": 1, "phase": "open", "clock_deadline": null, "president": "FRA"}]}
{"index": 1, "ok": false, "code": "unknown_draft", "message": "There is no draft \\"S/9\\"."}
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from game_rules.actions import Action, action_to_dict, parse_action
from game_rules.context import Context
from game_rules.engine import new_game, step
from game_rules.errors import RuleError, ScenarioError
from game_rules.events import Event, event_to_dict
from game_rules.messages import N_, Msg, message
from game_rules.scenario import (
    DEFAULT_READING_LEVEL,
    READING_LEVELS,
    ReadingLevel,
    Scenario,
    load_scenario,
)
from game_rules.state import State

Resolver = Callable[[str], Scenario | None]


@dataclass(frozen=True)
class Record:
    scenario: Scenario
    scenario_ref: str | dict[str, Any]
    """What the record named: a shipped scenario's id, or the scenario itself."""
    seed: int
    actions: list[Any]
    """The actions as written; each is parsed when it is replayed."""
    reading_level: ReadingLevel = DEFAULT_READING_LEVEL
    """The level at which the class read the scenario's texts."""


def _no_library(_: str) -> Scenario | None:
    return None


def load_record(data: Any, resolve: Resolver = _no_library) -> Record:
    """Check a record's envelope; raise ScenarioError with every problem and its place.

    The actions themselves are checked one by one when replayed.
    """
    if not isinstance(data, dict):
        raise ScenarioError([("", message(N_(
            "a record is a JSON object with scenario, seed and actions")))])
    problems: list[tuple[str, str | Msg]] = []
    missing = message(N_("required field is missing"))
    for key in data:
        if key not in ("scenario", "seed", "actions", "meta", "reading_level"):
            problems.append((key, message(N_("unknown field"))))
    scenario: Scenario | None = None
    ref = data.get("scenario")
    if ref is None:
        problems.append(("scenario", missing))
    elif isinstance(ref, str):
        scenario = resolve(ref)
        if scenario is None:
            problems.append(("scenario", message(N_('no shipped scenario is called "{id}"'),
                                                 id=ref[:80])))
    elif isinstance(ref, dict):
        try:
            scenario = load_scenario(ref)
        except ScenarioError as err:
            problems += [(f"scenario.{p}" if p else "scenario", m) for p, m in err.said]
    else:
        problems.append(("scenario", message(N_(
            "give a shipped scenario's id or a scenario object"))))
    seed = data.get("seed", 0)
    if isinstance(seed, bool) or not isinstance(seed, int):
        problems.append(("seed", message(N_("the seed is a whole number"))))
    level = data.get("reading_level", DEFAULT_READING_LEVEL)
    if level not in READING_LEVELS:
        problems.append(("reading_level", message(N_(
            'the reading level is "basic" or "advanced"'))))
    actions = data.get("actions")
    if actions is None:
        problems.append(("actions", missing))
    elif not isinstance(actions, list):
        problems.append(("actions", message(N_("actions is a list"))))
    if problems or scenario is None or not isinstance(actions, list) or not isinstance(seed, int):
        raise ScenarioError(problems or [("", message(N_("invalid record")))])
    return Record(scenario=scenario, scenario_ref=ref if isinstance(ref, str) else dict(data["scenario"]),
                  seed=seed, actions=actions, reading_level=level)


@dataclass(frozen=True)
class Result:
    index: int
    action: Action | None
    events: list[Event]
    error: RuleError | None

    @property
    def ok(self) -> bool:
        return self.error is None

    def to_dict(self, render: Callable[[Msg], str] | None = None) -> dict[str, Any]:
        """The line ``crisis-table replay`` prints; ``render`` writes a refusal's message in
        a reader's language (the keys and the code stay the same)."""
        if self.error is not None:
            said = self.error.msg
            return {"index": self.index, "ok": False, "code": self.error.code,
                    "message": render(said) if render and said is not None
                    else self.error.message}
        return {"index": self.index, "ok": True,
                "events": [event_to_dict(e) for e in self.events]}


def replay(record: Record) -> Iterator[tuple[State, Result]]:
    """Each action of a record in turn, with the state after it."""
    state = new_game(record.scenario, record.seed, record.reading_level)
    for index, raw in enumerate(record.actions):
        try:
            action = parse_action(raw)
        except RuleError as err:
            yield state, Result(index, None, [], err)
            continue
        try:
            ctx = Context(now=action.at if action.at is not None else state.now)
            state, events = step(state, action, ctx)
        except RuleError as err:
            yield state, Result(index, action, [], err)
            continue
        yield state, Result(index, action, events, None)


def replay_lines(record: Record, render: Callable[[Msg], str] | None = None) -> Iterator[str]:
    """The lines ``crisis-table replay`` prints: one JSON object per action (a refusal's
    message as ``render`` writes it, English without one)."""
    for _, result in replay(record):
        yield json.dumps(result.to_dict(render), ensure_ascii=False)


def final_state(record: Record) -> State:
    state = new_game(record.scenario, record.seed, record.reading_level)
    for after, _ in replay(record):
        state = after
    return state


def export_record(scenario_ref: str | dict[str, Any], seed: int, actions: list[Action],
                  reading_level: ReadingLevel = DEFAULT_READING_LEVEL) -> dict[str, Any]:
    """A record of accepted actions, with the times they were taken."""
    return {"scenario": scenario_ref, "seed": seed, "reading_level": reading_level,
            "actions": [action_to_dict(a) for a in actions]}
