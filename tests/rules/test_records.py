"""Records: ``{"scenario", "seed", "actions"}`` replays through the engine alone
to the same game, one line per action."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from game_rules import (
    ScenarioError,
    event_from_dict,
    event_to_dict,
    fold,
    library,
    load_scenario,
    new_game,
)
from game_rules.actions import parse_action
from game_rules.records import export_record, final_state, load_record, replay, replay_lines
from tests.rules.rules_helpers import council_2022

RECORDS = sorted((Path(__file__).parent / "records").glob("*.json"))
NINE = ["USA", "GBR", "FRA", "ALB", "BRA", "GAB", "GHA", "IRL", "KEN"]


def record(*actions: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"scenario": council_2022(), "seed": 5,
            "actions": [{"actor": "instructor", "kind": "start"}, *actions], **extra}


def printed(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [json.loads(line) for line in replay_lines(load_record(data))]


@pytest.mark.parametrize("path", RECORDS, ids=lambda p: p.stem)
def test_replay_prints_one_json_line_per_action(path: Path) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    out = list(replay_lines(load_record(data, library.get)))
    assert len(out) == len(data["actions"])
    for index, line in enumerate(out):
        parsed = json.loads(line)
        assert parsed["index"] == index
        if parsed["ok"]:
            assert list(parsed) == ["index", "ok", "events"]
            assert all(next(iter(event)) == "kind" for event in parsed["events"])
        else:
            assert list(parsed) == ["index", "ok", "code", "message"]


@pytest.mark.parametrize("path", RECORDS, ids=lambda p: p.stem)
def test_the_same_record_prints_the_same_lines_twice(path: Path) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    assert list(replay_lines(load_record(data, library.get))) == list(
        replay_lines(load_record(data, library.get)))


@pytest.mark.parametrize("path", RECORDS, ids=lambda p: p.stem)
def test_a_replays_events_as_stored_rebuild_its_final_state(path: Path) -> None:
    """The events carry the whole game, also through JSON (as a server stores them)."""
    rec = load_record(json.loads(path.read_text(encoding="utf-8")), library.get)
    events = [event_from_dict(json.loads(json.dumps(event_to_dict(e))))
              for _, result in replay(rec) for e in result.events]
    assert fold(new_game(rec.scenario, rec.seed), events) == final_state(rec)


def test_a_refused_action_changes_nothing_and_the_replay_goes_on() -> None:
    data = record({"actor": "USA", "kind": "table_draft", "title": "Aggression"},
                  {"actor": "USA", "kind": "call_vote", "draft": "S/2022/1"},
                  {"actor": "RUS", "kind": "call_vote", "draft": "S/2022/1"})
    rec = load_record(data)
    states = [state for state, _ in replay(rec)]
    results = [result for _, result in replay(rec)]
    assert [r.ok for r in results] == [True, True, False, True]
    assert results[2].error is not None and results[2].error.code == "not_president"
    assert states[2] == states[1]
    assert states[3].drafts["S/2022/1"].status == "voting"


def test_events_the_engine_makes_on_its_own_appear_in_the_line_that_caused_them() -> None:
    votes = [{"actor": c, "kind": "vote", "draft": "S/2022/1", "vote": "yes"}
             for c in ["CHN", "FRA", "GBR", "RUS", "USA", "ALB", "BRA", "GAB", "GHA", "IND",
                       "IRL", "KEN", "MEX", "NOR", "ARE"]]
    out = printed(record({"actor": "USA", "kind": "table_draft", "title": "Unanimous"},
                         {"actor": "RUS", "kind": "call_vote", "draft": "S/2022/1"}, *votes))
    assert [e["kind"] for e in out[-1]["events"]] == ["vote_cast", "vote_closed",
                                                      "draft_adopted"]
    assert all(len(line["events"]) == 1 for line in out[3:-1])


@pytest.mark.parametrize(("action", "code", "in_message"), [
    ([1, 2], "invalid_action", "JSON object"),
    ({"actor": "USA"}, "invalid_action", "kind"),
    ({"actor": "USA", "kind": "launch_missiles"}, "unknown_action", "launch_missiles"),
    ({"actor": "USA", "kind": "vote", "draft": "S/1", "vote": "maybe"}, "invalid_action",
     "vote.vote"),
    ({"actor": "USA", "kind": "table_draft", "procedural": "yes"}, "invalid_action",
     "table_draft.procedural"),
    ({"actor": "USA", "kind": "say", "channel": "public", "text": 5}, "invalid_action",
     "say.text"),
    ({"actor": "USA", "kind": "say", "channel": "public", "text": "hi", "colour": "red"},
     "invalid_action", "say.colour: unknown field"),
    ({"actor": "USA", "kind": "say", "text": "hi"}, "invalid_action",
     "say.channel: required field is missing"),
    ({"actor": "instructor", "kind": "pause", "at": "noon"}, "invalid_action", "pause.at"),
    ({"actor": "RUX", "kind": "say", "channel": "public", "text": "hi"}, "unknown_actor", "RUX"),
])
def test_a_malformed_action_is_a_refused_line_with_a_code(action: Any, code: str,
                                                          in_message: str) -> None:
    out = printed(record(action, {"actor": "USA", "kind": "say", "channel": "public",
                                  "text": "still here"}))
    assert out[1]["ok"] is False
    assert out[1]["code"] == code
    assert in_message in out[1]["message"]
    assert out[2]["ok"] is True


@pytest.mark.parametrize("at", [float("nan"), float("inf")])
def test_a_time_that_is_not_a_finite_number_is_refused(at: float) -> None:
    out = printed(record({"actor": "instructor", "kind": "pause", "at": at}))
    assert out[1]["code"] == "invalid_action"
    assert "NaN" not in json.dumps(out) and "Infinity" not in json.dumps(out)


@pytest.mark.parametrize(("data", "place"), [
    ({"seed": 1, "actions": []}, "scenario"),
    ({"scenario": council_2022(), "seed": 1}, "actions"),
    ({"scenario": council_2022(), "seed": "one", "actions": []}, "seed"),
    ({"scenario": council_2022(), "seed": True, "actions": []}, "seed"),
    ({"scenario": council_2022(), "seed": 1, "actions": {}}, "actions"),
    ({"scenario": council_2022(), "seed": 1, "actions": [], "moves": []}, "moves"),
    ({"scenario": "no-such-scenario", "seed": 1, "actions": []}, "scenario"),
    ({"scenario": 42, "seed": 1, "actions": []}, "scenario"),
    ({"scenario": council_2022(countries=["FRA", "RUX"]), "seed": 1, "actions": []},
     "scenario.countries[1]"),
    ({"scenario": council_2022(rounds="three"), "seed": 1, "actions": []}, "scenario.rounds"),
    ({"scenario": {"id": "x", "countries": []}, "seed": 1, "actions": []}, "scenario.title"),
])
def test_a_malformed_record_is_refused_with_its_place(data: dict[str, Any], place: str) -> None:
    with pytest.raises(ScenarioError) as caught:
        load_record(data)
    assert caught.value.code == "invalid_scenario"
    assert place in [p for p, _ in caught.value.problems]


def test_a_record_that_is_not_an_object_is_refused() -> None:
    with pytest.raises(ScenarioError) as caught:
        load_record([])
    assert caught.value.code == "invalid_scenario"


def test_a_record_may_name_a_shipped_scenario() -> None:
    scenario = load_scenario(council_2022())
    rec = load_record({"scenario": "council-2022", "seed": 1, "actions": []},
                      lambda name: scenario if name == "council-2022" else None)
    assert rec.scenario is scenario
    assert rec.scenario_ref == "council-2022"


def test_an_exported_record_replays_to_the_same_game() -> None:
    data = record({"actor": "USA", "kind": "table_draft", "title": "Aggression", "at": 10},
                  {"actor": "RUS", "kind": "call_vote", "draft": "S/2022/1", "at": 20},
                  *({"actor": c, "kind": "vote", "draft": "S/2022/1", "vote": "yes", "at": 30}
                    for c in NINE),
                  {"actor": "RUS", "kind": "close_vote", "draft": "S/2022/1", "at": 40})
    first = load_record(data)
    accepted = [result.action for _, result in replay(first) if result.ok]
    exported = export_record(data["scenario"], 5, [a for a in accepted if a is not None])
    assert json.loads(json.dumps(exported)) == exported
    assert final_state(load_record(exported)) == final_state(first)
    assert [parse_action(a) for a in exported["actions"]] == accepted
