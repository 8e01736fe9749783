"""Snapshots of a game's state, so that a long game loads without folding every event."""

from __future__ import annotations

import orjson

import game_rules
from game_rules.scenario import Scenario
from game_rules.state import State

SNAPSHOT_VERSION = f"{game_rules.__version__}/5"
"""A snapshot from another engine version is ignored and the events are folded instead
(4: news items carry the keys of the scenario's texts, ``News.keys``; 5: the news of the
League's sanctions lists its measures as a sentence does, with their articles)."""


def dump_state(state: State) -> str:
    return orjson.dumps(state.model_dump(mode="json", exclude={"scenario"})).decode()


def load_state(text: str, scenario: Scenario) -> State:
    data = orjson.loads(text)
    data["scenario"] = scenario
    return State.model_validate(data)
