"""The scenario format of issue 12: two reading levels, the teacher's brief, the history
track, and the League's bodies and caretaker sanctions (docs/scenarios.md)."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from game_rules import RuleError, ScenarioError, load_scenario, new_game, step, view_for
from game_rules.context import Context
from game_rules.records import load_record, replay_lines
from game_rules.scenario import SanctionsPolicy

TWO = {"basic": "Short words.", "advanced": "Long words, with Art. 16 of the Covenant."}


def gulf(**extra: Any) -> dict[str, Any]:
    """The Council of 1990 and a history track with resolution 678."""
    data: dict[str, Any] = {
        "id": "gulf", "title": "Kuwait, 1990", "year": 1990, "rounds": 2,
        "summary": {"basic": "Iraq takes Kuwait.", "advanced": "Iraq invades and annexes Kuwait."},
        "briefing": {"basic": "Read this.", "advanced": "Read this, with Art. 39."},
        "countries": [
            {"code": "USA", "profile": {"basic": "A big power.", "advanced": "A superpower."},
             "role": {"summary": {"basic": "Get a vote.", "advanced": "Build a coalition."},
                      "interests": [{"basic": "Oil.", "advanced": "Energy security."}, "Allies."],
                      "red_lines": [{"basic": "No.", "advanced": "Never."}],
                      "wants": ["Votes."],
                      "objectives": [{"id": "o", "text": {"basic": "Win.", "advanced": "Prevail."},
                                      "points": 5}]}},
            "CHN", "FRA", "GBR", "SUN", "CUB", "YEM", "CAN", "COL", "CIV", "ETH", "FIN", "MYS",
            "ROU", "ZAR", "IRQ", "KWT"],
        "bodies": {"UNSC": {"permanent": ["CHN", "FRA", "GBR", "SUN", "USA"],
                            "elected": ["CAN", "COL", "CIV", "CUB", "ETH", "FIN", "MYS", "ROU",
                                        "YEM", "ZAR"]}},
        "incidents": [{"id": "kwt", "target": "KWT", "attacker": "IRQ",
                       "description": {"basic": "Tanks.", "advanced": "Armoured divisions."}}],
        "injects": [{"id": "news", "title": "News", "round": 1,
                     "text": {"basic": "Basic news.", "advanced": "Advanced news."},
                     "effects": {"incident": {"id": "oil", "target": "KWT", "attacker": "IRQ",
                                              "description": {"basic": "Fires.",
                                                              "advanced": "Oil wells burn."}}}}],
        "teacher": {"learn": ["Art. 42"], "lesson_45": ["minute 0-5: brief"],
                    "first_seats": ["USA", "CHN"],
                    "sources": [{"title": "S/RES/678 (1990)",
                                 "url": "https://undocs.org/S/RES/678(1990)"}]},
        "history": [
            {"id": "res-660", "date": "1990-08-02", "body": "UNSC", "symbol": "S/RES/660 (1990)",
             "question": "withdrawal", "measures": ["determine_threat", "demand_withdrawal"],
             "outcome": "adopted", "tally": {"yes": 14, "no": 0, "abstain": 0, "absent": 1},
             "absent": ["YEM"], "source": "S/RES/660 (1990)"},
            {"id": "res-678", "date": "1990-11-29", "body": "UNSC", "symbol": "S/RES/678 (1990)",
             "question": "force", "measures": ["authorize_force"], "outcome": "adopted",
             "tally": {"yes": 12, "no": 2, "abstain": 1}, "no": ["CUB", "YEM"],
             "abstain": ["CHN"], "source": "S/RES/678 (1990)"},
        ],
    }
    data.update(extra)
    return data


def problems(data: dict[str, Any]) -> list[str]:
    with pytest.raises(ScenarioError) as caught:
        load_scenario(data)
    return caught.value.lines()


def started(level: str = "advanced") -> Any:
    state = new_game(load_scenario(gulf()), 1, level)  # type: ignore[arg-type]
    state, _ = step(state, {"actor": "instructor", "kind": "start"}, Context(now=1))
    return state


# Two reading levels.


def test_a_text_is_a_string_or_one_for_each_level() -> None:
    scenario = load_scenario(gulf())
    assert scenario.has_levels()
    assert not load_scenario({"id": "one", "title": "One", "summary": "Plain."}).has_levels()


@pytest.mark.parametrize(("value", "line"), [
    (5, 'summary: a text is a string, or an object {"basic": ..., "advanced": ...}'),
    ({"basic": "only one"}, "summary.advanced: required field is missing"),
    ({"basic": "a", "advanced": "b", "easy": "c"}, "summary.easy: unknown field"),
])
def test_a_text_of_another_shape_is_refused_with_its_place(value: Any, line: str) -> None:
    assert line in problems(gulf(summary=value))


@pytest.mark.parametrize("level", ["basic", "advanced"])
def test_every_view_renders_the_games_level(level: str) -> None:
    state = started(level)
    other = "advanced" if level == "basic" else "basic"
    usa = view_for(state, "USA")
    assert usa["game"]["reading_level"] == level
    assert usa["game"]["summary"] == gulf()["summary"][level]
    assert usa["game"]["briefing"] == gulf()["briefing"][level]
    assert usa["me"]["profile"] == gulf()["countries"][0]["profile"][level]
    role = usa["me"]["role"]
    assert role["summary"] == gulf()["countries"][0]["role"]["summary"][level]
    assert role["interests"] == [gulf()["countries"][0]["role"]["interests"][0][level], "Allies."]
    assert role["objectives"][0]["text"] == {"basic": "Win.", "advanced": "Prevail."}[level]
    news = [n["text"] for n in usa["news"]]
    assert gulf()["injects"][0]["text"][level] in news
    descriptions = {i["id"]: i["description"] for i in usa["incidents"]}
    assert descriptions == {"kwt": {"basic": "Tanks.", "advanced": "Armoured divisions."}[level],
                            "oil": {"basic": "Fires.", "advanced": "Oil wells burn."}[level]}
    instructor = view_for(state, "instructor")
    assert [i["text"] for i in instructor["instructor"]["injects"]] == [
        gulf()["injects"][0]["text"][level]]
    assert instructor["instructor"]["roles"]["USA"]["summary"] == role["summary"]
    public = json.dumps(view_for(state, "public"))
    assert gulf()["summary"][level] in public and gulf()["summary"][other] not in public


def test_a_record_keeps_its_level_and_replays_the_same_news() -> None:
    for level in ("basic", "advanced"):
        record = load_record({"scenario": gulf(), "seed": 1, "reading_level": level,
                              "actions": [{"actor": "instructor", "kind": "start"}]})
        line = json.loads(next(iter(replay_lines(record))))
        (released,) = [e for e in line["events"] if e["kind"] == "inject_released"]
        assert released["text"] == gulf()["injects"][0]["text"][level]
        (occurred,) = [e for e in line["events"] if e["kind"] == "incident_occurred"]
        assert occurred["incident"]["description"] == {"basic": "Fires.",
                                                       "advanced": "Oil wells burn."}[level]
    with pytest.raises(ScenarioError) as caught:
        load_record({"scenario": gulf(), "seed": 1, "reading_level": "easy", "actions": []})
    assert caught.value.problems == [("reading_level",
                                      'the reading level is "basic" or "advanced"')]


def test_a_record_without_a_level_is_read_at_the_advanced_level() -> None:
    record = load_record({"scenario": gulf(), "seed": 1, "actions": []})
    assert record.reading_level == "advanced"


# The teacher's brief.


def test_the_teachers_brief_is_never_in_a_students_view() -> None:
    state = started()
    assert load_scenario(gulf()).teacher is not None
    for viewer in ("USA", "public"):
        assert "minute 0-5" not in json.dumps(view_for(state, viewer))


@pytest.mark.parametrize(("seats", "line"), [
    (["USA", "NOR"], 'teacher.first_seats[1]: "NOR" is not a country of the scenario'),
    (["USA", "USA"], 'teacher.first_seats[1]: "USA" is listed twice'),
])
def test_first_seats_are_countries_of_the_scenario(seats: list[str], line: str) -> None:
    data = gulf()
    data["teacher"] = {**data["teacher"], "first_seats": seats}
    assert line in problems(data)


def test_a_first_seat_must_be_playable() -> None:
    data = gulf()
    data["countries"] = [*data["countries"][:-1], {"code": "KWT", "playable": False}]
    data["teacher"] = {"first_seats": ["KWT"]}
    assert any(line.startswith("teacher.first_seats[0]") and "not a playable seat" in line
               for line in problems(data))


# The history track.


def history_problems(*changes: dict[str, Any], index: int = 1) -> list[str]:
    data = gulf()
    entry = copy.deepcopy(data["history"][index])
    for change in changes:
        entry.update(change)
    data["history"][index] = entry
    return problems(data)


@pytest.mark.parametrize(("change", "line"), [
    ({"date": "1990-07-30"},
     "history[1].date: 1990-07-30 comes before the entry above it (1990-08-02): keep the "
     "history in order"),
    ({"date": "1990-11-31"}, 'history[1].date: "1990-11-31" is not a date (YYYY-MM-DD)'),
    ({"date": "29 November 1990"}, "history[1].date: string should match pattern"),
    ({"no": ["CUB", "IRN"]}, 'history[1].no[1]: "IRN" is not a country of the scenario: add it, '
                             "or name it in the note"),
    ({"no": ["CUB"]}, "history[1].no: 1 state named, but the tally counts 2"),
    ({"abstain": ["CUB"]}, 'history[1].abstain[0]: "CUB" is also listed in no'),
    ({"measures": ["all_necessary_means"]},
     'history[1].measures[0]: unknown measure "all_necessary_means" (see docs/scenarios.md, '
     "Measure names)"),
    ({"outcome": "happened"}, 'history[1].outcome: an event of the world (body "WORLD") has the '
                              'outcome "happened", and only such an event has it'),
    ({"question": "event"}, 'history[1].question: the question "event" is for an event of the '
                            'world (body "WORLD")'),
    ({"outcome": "vetoed"}, "history[1].vetoed_by: a vetoed draft names who vetoed it"),
    ({"outcome": "vetoed", "vetoed_by": ["CHN"]},
     'history[1].vetoed_by[0]: "CHN" vetoed but is not among those who voted no'),
    ({"vetoed_by": ["CUB"]}, 'history[1].vetoed_by: only a draft whose outcome is "vetoed" was '
                             "vetoed"),
    ({"round": 3}, "history[1].round: round 3 does not exist: the scenario has 2 rounds"),
    ({"body": "OAS"}, "history[1].body: input should be"),
    ({"question": "war"}, "history[1].question: input should be"),
    ({"source": ""}, "history[1].source: string should have at least 1 character"),
    ({"id": "res-660"}, 'history[1].id: history entry "res-660" is defined twice'),
])
def test_a_history_entry_is_checked(change: dict[str, Any], line: str) -> None:
    found = history_problems(change)
    assert any(p.startswith(line) for p in found), found


def test_a_history_entry_needs_a_source() -> None:
    data = gulf()
    del data["history"][0]["source"]
    assert "history[0].source: required field is missing" in problems(data)


def test_an_event_of_the_world_happened() -> None:
    data = gulf()
    data["history"].insert(0, {"id": "invasion", "date": "1990-08-02", "body": "WORLD",
                               "question": "event", "outcome": "happened",
                               "proposed": "Iraq invades Kuwait.", "source": "S/PV.2932"})
    assert load_scenario(data).history[0].outcome == "happened"


# The League's bodies and the caretakers' sanctions.


def league(**extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": "league", "title": "League", "year": 1935,
        "countries": ["GBR", "FRA", "ITA", "SUN", "ETH", "AUS"],
        "bodies": {"LNC": {"permanent": ["GBR", "FRA", "ITA", "SUN"], "elected": ["AUS"]},
                   "LNA": {"members": ["GBR", "FRA", "ITA", "SUN", "AUS", "ETH"]}},
    }
    data.update(extra)
    return data


def test_the_league_bodies_are_read() -> None:
    scenario = load_scenario(league())
    assert scenario.bodies.LNC is not None
    assert scenario.bodies.LNC.members == ["GBR", "FRA", "ITA", "SUN", "AUS"]
    assert scenario.league_members() == ["GBR", "FRA", "ITA", "SUN", "AUS", "ETH"]


@pytest.mark.parametrize(("bodies", "line"), [
    ({"LNC": {"permanent": ["GBR"], "elected": ["GBR"]}},
     'bodies.LNC.elected[0]: "GBR" is already a permanent member'),
    ({"LNC": {"permanent": ["GBR"], "president": "ETH"}},
     'bodies.LNC.president: "ETH" is not a member of the Council'),
    ({"LNC": {}}, "bodies.LNC: the Council of the League needs members"),
    ({"LNC": {"permanent": ["GBR", "ITA"]}, "LNA": {"members": ["GBR"]}},
     'bodies.LNC.permanent[1]: "ITA" sits on the Council but is not among the Assembly\'s'),
    ({"LNA": {"members": []}}, "bodies.LNA.members: list should have at least 1 item"),
    ({"LNA": {"members": ["GBR", "RUX"]}}, 'bodies.LNA.members[1]: unknown country "RUX"'),
])
def test_the_league_bodies_are_checked(bodies: dict[str, Any], line: str) -> None:
    found = problems(league(bodies=bodies))
    assert any(p.startswith(line) for p in found), found


def test_a_caretaker_applies_sanctions_or_none() -> None:
    data = league(countries=[
        {"code": "GBR", "caretaker": {"sanctions": {"apply": ["arms_embargo", "financial"],
                                                    "against": "ITA"}}},
        {"code": "FRA", "caretaker": {"sanctions": "none"}}, "ITA", "SUN", "ETH", "AUS"])
    scenario = load_scenario(data)
    gbr, fra = scenario.entry("GBR"), scenario.entry("FRA")
    assert gbr is not None and gbr.caretaker is not None and fra is not None
    assert gbr.caretaker.sanctions == SanctionsPolicy(apply=["arms_embargo", "financial"],
                                                      against="ITA")
    assert fra.caretaker is not None and fra.caretaker.sanctions == "none"


@pytest.mark.parametrize(("sanctions", "line"), [
    ("some", "countries[0].caretaker.sanctions: input should be 'none'"),
    ({"apply": ["gold"]}, "countries[0].caretaker.sanctions.apply[0]: input should be"),
    ({"apply": []}, "countries[0].caretaker.sanctions.apply: list should have at least 1 item"),
    ({"apply": ["oil"], "against": "USA"},
     'countries[0].caretaker.sanctions.against: "USA" is not in the scenario'),
])
def test_a_caretakers_sanctions_are_checked(sanctions: Any, line: str) -> None:
    data = league(countries=[{"code": "GBR", "caretaker": {"sanctions": sanctions}},
                             "FRA", "ITA", "SUN", "ETH", "AUS"])
    found = problems(data)
    assert any(p.startswith(line) for p in found), found


# Measures of the scenario's own.

OWN = [{"id": "affirm_self_defence", "name": "Reaffirm the right of self-defence (Art. 51)"}]


def test_a_scenario_measure_is_offered_carried_and_voted_on() -> None:
    data = gulf(measures=OWN)
    data["history"][1]["measures"] = ["authorize_force", "affirm_self_defence"]
    entry = {"code": "CUB", "caretaker": {"vote": {"no_if": ["affirm_self_defence"],
                                                  "default": "yes"}}}
    data["countries"] = [entry if c == "CUB" else c for c in data["countries"]]
    state = started_with(data)
    assert state.scenario.measures[0].name.startswith("Reaffirm")
    assert view_for(state, "KWT")["measures"] == OWN
    state, _ = step(state, {"actor": "instructor", "kind": "advance_phase"}, Context(now=2))
    state, events = step(state, {"actor": "USA", "kind": "table_draft", "body": "UNSC",
                                 "measures": ["condemn", "affirm_self_defence"]}, Context(now=3))
    (tabled,) = [e for e in events if e.kind == "draft_tabled"]
    assert tabled.measures == ["condemn", "affirm_self_defence"] and tabled.chapter == "VI"
    from game_rules.caretaker import vote_of
    assert vote_of(state, "CUB", state.drafts[tabled.draft]) == "no"


def started_with(data: dict[str, Any]) -> Any:
    state = new_game(load_scenario(data), 1)
    state, _ = step(state, {"actor": "instructor", "kind": "start"}, Context(now=1))
    return state


@pytest.mark.parametrize(("measures", "line"), [
    ([{"id": "condemn", "name": "Condemn"}],
     'measures[0].id: "condemn" is already a measure of the engine'),
    (OWN + OWN, 'measures[1].id: the measure "affirm_self_defence" is defined twice'),
    ([{"id": "Self-Defence", "name": "x"}], "measures[0].id: string should match pattern"),
    ([{"id": "x", "name": ""}], "measures[0].name: string should have at least 1 character"),
])
def test_a_scenario_measure_is_checked(measures: list[dict[str, str]], line: str) -> None:
    found = problems(gulf(measures=measures))
    assert any(p.startswith(line) for p in found), found


def test_a_scenario_measure_is_never_procedural() -> None:
    state = started_with(gulf(measures=OWN))
    state, _ = step(state, {"actor": "instructor", "kind": "advance_phase"}, Context(now=2))
    with pytest.raises(RuleError) as refused:
        step(state, {"actor": "USA", "kind": "table_draft", "body": "UNSC", "procedural": True,
                     "measures": ["adopt_agenda", "affirm_self_defence"]}, Context(now=3))
    assert refused.value.code == "substantive_measure_in_procedural"
