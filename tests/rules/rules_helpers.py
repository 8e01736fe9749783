"""Shared helpers for the rules tests: small scenarios and a game driven by actions.

``Game`` keeps a live state and a clock; ``act`` takes an action the rules
must accept and returns its events, ``refuse`` one they must refuse and
returns the refusal (checking that nothing changed).
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from typing import Any

from game_rules import RuleError, load_scenario, new_game, step
from game_rules.context import Context
from game_rules.events import Event
from game_rules.scenario import Scenario
from game_rules.state import State

P5 = ["CHN", "FRA", "GBR", "RUS", "USA"]
ELECTED_2022 = ["ALB", "BRA", "GAB", "GHA", "IND", "IRL", "KEN", "MEX", "NOR", "ARE"]
COUNCIL_2022 = [*P5, *ELECTED_2022]

ALLIES_2024 = [
    "ALB", "BEL", "BGR", "CAN", "HRV", "CZE", "DNK", "EST", "FIN", "FRA", "DEU",
    "GRC", "HUN", "ISL", "ITA", "LVA", "LTU", "LUX", "MNE", "NLD", "MKD", "NOR",
    "POL", "PRT", "ROU", "SVK", "SVN", "ESP", "SWE", "TUR", "GBR", "USA",
]


def council_2022(**extra: Any) -> dict[str, Any]:
    """The Security Council of February 2022 (Russia presiding), Ukraine invited (rule 37)."""
    data: dict[str, Any] = {
        "id": "council-2022", "title": "Security Council, February 2022", "year": 2022,
        "countries": [*COUNCIL_2022, "UKR"],
        "bodies": {"UNSC": {"permanent": P5, "elected": ELECTED_2022, "president": "RUS",
                            "invited": ["UKR"]}},
    }
    return _merge(data, extra)


def korea_1950(**extra: Any) -> dict[str, Any]:
    """The Council of eleven in June 1950, which adopted with seven votes."""
    data: dict[str, Any] = {
        "id": "korea-1950", "title": "Korea, June 1950", "year": 1950,
        "countries": ["CHN", "FRA", "GBR", "USA", "SUN", "CUB", "ECU", "EGY", "IND", "NOR",
                      "YUG", "PRK", "KOR"],
        "bodies": {"UNSC": {"permanent": ["CHN", "FRA", "GBR", "USA", "SUN"],
                            "elected": ["CUB", "ECU", "EGY", "IND", "NOR", "YUG"],
                            "threshold": 7}},
        "incidents": [{"id": "inc-1", "target": "KOR", "attacker": "PRK",
                       "kind": "armed_attack", "in_treaty_area": False}],
    }
    return _merge(data, extra)


def alliance(members: list[str] | None = None, **extra: Any) -> dict[str, Any]:
    """A North Atlantic Council (the 32 allies by default) and a few incidents."""
    data: dict[str, Any] = {
        "id": "alliance", "title": "The Alliance", "year": 2024,
        "countries": [*(members or ALLIES_2024), "RUS", "UKR"],
        "bodies": {"NAC": {"members": members or ALLIES_2024, "silence_seconds": 600}},
        "incidents": [
            {"id": "tallinn", "target": "EST", "attacker": "RUS", "kind": "armed_attack"},
            {"id": "kyiv", "target": "UKR", "attacker": "RUS", "kind": "armed_attack",
             "in_treaty_area": False},
            {"id": "grid", "target": "LTU", "attacker": "RUS", "kind": "cyber"},
        ],
    }
    return _merge(data, extra)


def _merge(data: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(data)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


class Game:
    """A game under test: actions in, events out, on a clock the test moves."""

    def __init__(self, scenario: dict[str, Any] | Scenario, *, seed: int = 1,
                 start: bool = True, now: float = 1_000.0) -> None:
        self.scenario = scenario if isinstance(scenario, Scenario) else load_scenario(scenario)
        self.state: State = new_game(self.scenario, seed)
        self.initial: State = self.state
        self.now = now
        self.log: list[Event] = []
        if start:
            self.act("instructor", "start")

    def act(self, actor: str, kind: str, **fields: Any) -> list[Event]:
        """Take an action the rules must accept; its events."""
        action = {"actor": actor, "kind": kind, **fields}
        self.state, events = step(self.state, action, Context(now=self.now))
        self.log.extend(events)
        return events

    def refuse(self, actor: str, kind: str, **fields: Any) -> RuleError:
        """Take an action the rules must refuse; the refusal. Nothing may change."""
        before = self.state.model_dump()
        action = {"actor": actor, "kind": kind, **fields}
        try:
            step(self.state, action, Context(now=self.now))
        except RuleError as err:
            assert self.state.model_dump() == before
            return err
        raise AssertionError(f"{kind} by {actor} was accepted")

    def tick(self, seconds: float) -> None:
        self.now += seconds

    # The Security Council.

    def table(self, sponsor: str, **fields: Any) -> str:
        """Table a draft; its symbol."""
        events = self.act(sponsor, "table_draft", **fields)
        return events[0].draft  # type: ignore[union-attr]

    def put_to_vote(self, draft: str, votes: dict[str, str], *,
                    close: bool = True) -> list[Event]:
        """Call the vote (as the instructor), cast the votes in order, close it if still open;
        every event from the first vote on."""
        self.act("instructor", "call_vote", draft=draft)
        events: list[Event] = []
        for country, vote in votes.items():
            events += self.act(country, "vote", draft=draft, vote=vote)
        if close and self.state.open_votes.get(self.state.drafts[draft].body) == draft:
            events += self.act("instructor", "close_vote", draft=draft)
        return events

    def status(self, draft: str) -> str:
        return self.state.drafts[draft].status

    # The North Atlantic Council.

    def circulate(self, **fields: Any) -> str:
        """Circulate a text under silence (as the chair); its item."""
        events = self.act("instructor", "circulate", **fields)
        return next(e.item for e in events if e.kind == "item_circulated")

    def deadline(self, item: str) -> list[Event]:
        """The silence deadline passes."""
        return self.act("system", "silence_deadline", item=item)


def kinds(events: list[Event]) -> list[str]:
    return [e.kind for e in events]


def only(events: list[Event], kind: str) -> Any:
    """The one event of a kind in a list."""
    found = [e for e in events if e.kind == kind]
    assert len(found) == 1, f"expected one {kind}, got {kinds(events)}"
    return found[0]


def votes(yes: Sequence[str] = (), no: Sequence[str] = (),
          abstain: Sequence[str] = ()) -> dict[str, str]:
    """A vote as a mapping, in the order given: yes, then no, then abstentions."""
    return {**dict.fromkeys(yes, "yes"), **dict.fromkeys(no, "no"),
            **dict.fromkeys(abstain, "abstain")}


def all_but(members: list[str], *others: str) -> list[str]:
    return [m for m in members if m not in others]
