"""The scenarios shipped with Crisis Table (``game_rules/scenarios/*.json``).

This module reads package files; the rules themselves never do.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

from game_rules.scenario import Scenario, load_scenario


@cache
def shipped() -> dict[str, Scenario]:
    """Every shipped scenario by id, checked."""
    out: dict[str, Scenario] = {}
    folder = resources.files("game_rules") / "scenarios"
    for entry in sorted(folder.iterdir(), key=lambda p: p.name):
        if entry.name.endswith(".json"):
            scenario = load_scenario(json.loads(entry.read_text(encoding="utf-8")))
            out[scenario.id] = scenario
    return out


def get(scenario_id: str) -> Scenario | None:
    return shipped().get(scenario_id)


def raw(scenario_id: str) -> dict[str, object] | None:
    """A shipped scenario as its file has it."""
    folder = resources.files("game_rules") / "scenarios"
    for entry in folder.iterdir():
        if entry.name.endswith(".json"):
            data = json.loads(entry.read_text(encoding="utf-8"))
            if isinstance(data, dict) and data.get("id") == scenario_id:
                return data
    return None
