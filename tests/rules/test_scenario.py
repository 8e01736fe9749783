"""Scenario files: every problem reported at once, each with its place."""

from __future__ import annotations

from typing import Any

import pytest

from game_rules import ScenarioError, load_scenario
from tests.rules.rules_helpers import council_2022


def problems(data: Any) -> list[tuple[str, str]]:
    with pytest.raises(ScenarioError) as caught:
        load_scenario(data)
    assert caught.value.code == "invalid_scenario"
    return caught.value.problems


def places(data: Any) -> list[str]:
    return [place for place, _ in problems(data)]


def test_a_minimal_scenario_needs_only_an_id_and_a_title() -> None:
    scenario = load_scenario({"id": "tiny", "title": "Tiny"})
    assert scenario.rounds == 0
    assert scenario.country_codes() == []


def test_a_scenario_is_an_object() -> None:
    assert problems([1, 2]) == [("", "a scenario is a JSON object")]


def test_every_problem_is_reported_at_once() -> None:
    data = {"id": "Not An Id", "countries": ["FRA", "RUX", "FRA"],
            "bodies": {"UNSC": {"permanent": ["FRA"], "threshold": 5}}}
    assert places(data) == ["id", "title", "countries[1]", "countries[2]",
                            "bodies.UNSC.threshold"]


@pytest.mark.parametrize(("extra", "place", "words"), [
    ({"countries": ["FRA", "XAB"]}, "countries[1]", "needs a name"),
    ({"countries": [{"code": "XAB"}]}, "countries[0]", "needs a name"),
    ({"bodies": {"UNSC": {"elected": ["FRA"]}}}, "bodies.UNSC.elected[0]",
     "already a permanent member"),
    ({"bodies": {"UNSC": {"invited": ["USA"]}}}, "bodies.UNSC.invited[0]",
     "rule 37 invites non-members"),
    ({"bodies": {"UNSC": {"threshold": 7}}}, "bodies.UNSC.threshold", "more than half"),
    ({"bodies": {"UNSC": {"president": "UKR"}}}, "bodies.UNSC.president", "not a member"),
    ({"bodies": {"NAC": {"members": ["FRA", "FRA"]}}}, "bodies.NAC.members[1]", "twice"),
    ({"incidents": [{"id": "a", "target": "UKR"}, {"id": "a", "target": "UKR"}]},
     "incidents[1].id", "defined twice"),
    ({"incidents": [{"id": "a", "target": "UKR", "attacker": "UKR"}]},
     "incidents[0].attacker", "cannot attack itself"),
    ({"incidents": [{"id": "a", "target": "UKR", "kind": "nuclear"}]},
     "incidents[0].kind", "input should be"),
    ({"aggressor": {"country": "RUS", "target": "POL"}}, "aggressor.target",
     "not in the scenario"),
    ({"injects": [{"id": "i", "title": "T", "audience": ["POL"]}]}, "injects[0].audience[0]",
     "not in the scenario"),
    ({"injects": [{"id": "i", "title": "T", "when": {"incident": "nowhere"}}]},
     "injects[0].when.incident", "unknown incident"),
    ({"rounds": 2, "injects": [{"id": "i", "title": "T", "round": 3}]}, "injects[0].round",
     "does not exist"),
    ({"rounds": "many"}, "rounds", "valid integer"),
    ({"colour": "blue"}, "colour", "unknown field"),
])
def test_a_problem_is_named_with_its_place(extra: dict[str, Any], place: str,
                                           words: str) -> None:
    found = problems(council_2022(**extra))
    assert any(p == place and words in message for p, message in found), found


def test_a_fictional_state_has_a_code_from_xaa_to_xzz_and_a_name() -> None:
    scenario = load_scenario({"id": "fiction", "title": "Fiction",
                              "countries": [{"code": "XAB", "name": "Ruritania"}, "FRA"],
                              "incidents": [{"id": "a", "target": "FRA", "attacker": "XAB"}]})
    assert scenario.country_name("XAB") == "Ruritania"


def test_former_states_are_known_for_history() -> None:
    scenario = load_scenario({"id": "old", "title": "Old", "countries": ["SUN", "YUG", "ZAR"]})
    assert scenario.country_name("SUN") == "Union of Soviet Socialist Republics"
