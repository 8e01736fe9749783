"""A game's scenario: named when the game is created (a shipped scenario's id or
an uploaded scenario object), stored with the game as text, and parsed from that
text once for every game of the same scenario."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Collection
from typing import Any

import orjson

from game_rules import ScenarioError, load_scenario
from game_rules import library as shipped_library
from game_rules.scenario import Scenario
from server.errors import ApiError

SCENARIO_CACHE = 64
"""Distinct scenarios kept parsed: a few hundred KB each."""


def scenario_from(ref: Any) -> tuple[Scenario, str, bool]:
    """A scenario from a shipped id or an uploaded object: (scenario, id, shipped)."""
    if isinstance(ref, str):
        scenario = shipped_library.get(ref)
        if scenario is None:
            raise ApiError(404, "unknown_scenario",
                           "There is no shipped scenario \u201c{scenario}\u201d.", scenario=ref[:80])
        return scenario, ref, True
    if isinstance(ref, dict):
        try:
            scenario = load_scenario(ref)
        except ScenarioError as err:
            problems = "; ".join(err.lines()[:20])
            raise ApiError(422, "invalid_scenario", problems) from None
        return scenario, scenario.id, False
    raise ApiError(422, "invalid_scenario", "Give a shipped scenario's id or a scenario object.")


class ParsedScenarios:
    """Stored scenarios already parsed, the most recently used ``SCENARIO_CACHE`` of them:
    games of the same scenario share one (it is frozen)."""

    def __init__(self, size: int = SCENARIO_CACHE) -> None:
        self.size = size
        self._parsed: OrderedDict[str | bytes, Scenario] = OrderedDict()

    def __len__(self) -> int:
        return len(self._parsed)

    def get(self, stored: str | bytes) -> Scenario:
        parsed = self._parsed.get(stored)
        if parsed is None:
            parsed = Scenario.model_validate(orjson.loads(stored))
            self._parsed[stored] = parsed
            while len(self._parsed) > self.size:
                self._parsed.popitem(last=False)
        else:
            self._parsed.move_to_end(stored)
        return parsed

    def keep_only(self, in_use: Collection[Scenario]) -> None:
        """Drop every parsed scenario but those of ``in_use`` (the live games')."""
        kept = {id(scenario) for scenario in in_use}
        for key, parsed in list(self._parsed.items()):
            if id(parsed) not in kept:
                del self._parsed[key]
