"""The validator that teaches: located problems with the nearest valid name, JSON
syntax errors with their line, column and likely cause, rules by date."""

from __future__ import annotations

from typing import Any

import pytest

from game_rules.errors import RuleError, ScenarioError
from game_rules.jsontext import JsonSyntaxError, read_json_text
from game_rules.scenario import load_scenario
from game_rules.validator import notes
from tests.rules.rules_helpers import council_2022


def problems(data: Any) -> list[str]:
    try:
        load_scenario(data)
    except ScenarioError as err:
        return err.lines()
    return []


@pytest.mark.parametrize(("change", "line"), [
    ({"countries": ["URS"]},
     'countries[0]: unknown country "URS": did you mean "SUN" (the Soviet Union)?'),
    ({"countries": ["FRA", {"code": "FRG"}]}, 'countries[1]: unknown country "FRG": did you mean '
     '"DEU" (the Federal Republic of Germany: ISO 3166 gives it the code of Germany)?'),
    ({"bodies": {"NAC": {"members": ["FRA", "Germany"]}}},
     'bodies.NAC.members[1]: unknown country "Germany": did you mean "DEU" (Germany)?'),
    ({"countries": [{"code": "FRA", "caretaker": {"vote": {"yes_if": ["condem"]}}}]},
     'countries[0].caretaker.vote.yes_if[0]: unknown measure "condem" (did you mean "condemn"?)'),
    ({"injects": [{"id": "i", "title": "T", "when": {"adopted_measure": "santions"}}]},
     'injects[0].when.adopted_measure: unknown measure "santions" (did you mean "sanctions"?)'),
    ({"injects": [{"id": "i", "title": "T", "when": {"any": [{"adopted_measure": "sanctions"},
                                                             {"adopted_measure": "embargo"}]}}]},
     'injects[0].when.any[1].adopted_measure: unknown measure "embargo" (did you mean '
     '"arms_embargo"?)'),
    ({"bodies": {"UNSC": {"permanent": ["FRA"], "tresholds": 1}}},
     'bodies.UNSC.tresholds: unknown field "tresholds" (did you mean "threshold"?)'),
    ({"incidents": [{"id": "a", "target": "UKR", "kind": "armed-attack"}]},
     'incidents[0].kind: input should be'),
    ({"date": "1982-13-45"}, 'date: "1982-13-45" is not a date (YYYY-MM-DD): month must be in 1..12'),
    ({"date": "2 April 1982"}, 'date: "2 April 1982" is not a date (YYYY-MM-DD): write it as'),
    ({"date": "1982-04-03", "year": 1983}, "year: the date 1982-04-03 is in 1982, but year says 1983"),
    ({"date": "1982-04-03", "countries": ["RUS"]}, 'countries[0]: "RUS" is not the code of '
     '1982-04-03: on that day the state was Union of Soviet Socialist Republics (did you mean "SUN"?)'),
    ({"date": "1995-01-01", "countries": ["DDR"]}, 'countries[0]: "DDR" is not the code of '
     '1995-01-01: on that day the state was Germany (did you mean "DEU"?)'),
])
def test_a_mistake_is_located_and_answered_with_the_nearest_valid_name(
        change: dict[str, Any], line: str) -> None:
    found = problems(council_2022(**change))
    assert any(p.startswith(line) for p in found), found


def test_a_misspelled_word_among_allowed_ones_is_answered_with_the_nearest() -> None:
    found = problems(council_2022(incidents=[{"id": "a", "target": "UKR", "kind": "armed-attack"}]))
    assert any('(did you mean "armed_attack"?)' in p for p in found), found


def test_odds_that_do_not_add_up_are_reported_without_refusing_the_scenario() -> None:
    sc = load_scenario(council_2022(aggressor={"country": "RUS", "policy": {
        "escalate": 0.5, "hold": 0.3, "de_escalate": 0.15, "withdraw": 0.1}}))
    assert notes(sc) == [("aggressor.policy", "the odds of the moves add up to 1.05, not 1 "
                          "(escalate 0.5 + hold 0.3 + de_escalate 0.15 + withdraw 0.1): the game "
                          "reads them as weights; make them add up to 1 to say what you mean")]


@pytest.mark.parametrize(("text", "line", "column", "cause"), [
    ('{"id": "x",\n "countries": ["FRA", "GBR",]\n}', 2, 28, "a trailing comma"),
    ('{"id": "x",\n}', 1, 11, "a trailing comma"),
    ('{"id": "x",\n title: "X"}', 2, 2, "a missing quote: the name title"),
    ('{"id": "x", "title": "X\n"}', 1, 24, "a line break or tab inside a string"),
    ('{"id": "x" "title": "X"}', 1, 12, "a missing comma"),
    ("{'id': 'x'}", 1, 2, "a single quote"),
    ('{"id": x}', 1, 8, "a missing quote: the text x"),
    ('{"playable": True}', 1, 14, "True is not JSON: write true"),
    ('{"id": "x"', 1, 11, "the text ends too early"),
    ('{"id": "x"} // the end', 1, 13, "a comment"),
    ("", 1, 1, "the file is empty"),
])
def test_a_json_syntax_error_names_its_line_column_and_likely_cause(
        text: str, line: int, column: int, cause: str) -> None:
    with pytest.raises(JsonSyntaxError) as caught:
        read_json_text(text)
    err = caught.value
    assert (err.line, err.column) == (line, column)
    assert err.message.startswith(cause), err.message


def test_a_measure_that_did_not_exist_on_the_scenarios_date_is_refused() -> None:
    from game_rules.context import Context
    from game_rules.engine import new_game, step

    sc = load_scenario({"id": "falklands", "title": "Falklands", "date": "1982-04-03",
                        "year": 1982, "bodies": {"UNSC": {"as_of": "1982-04-03"}}})
    state, _ = step(new_game(sc, 1), {"actor": "instructor", "kind": "start"}, Context(now=0))
    with pytest.raises(RuleError) as caught:
        step(state, {"actor": "GBR", "kind": "table_draft", "body": "UNSC", "title": "ICC",
                     "chapter": "VII", "measures": ["determine_threat", "refer_to_icc"]},
             Context(now=1))
    assert caught.value.code == "not_yet_in_force"
    assert "1 July 2002" in caught.value.message


@pytest.mark.parametrize(("day", "missing"), [
    ("1950-06-25", {"refer_to_icc", "tribunal", "emergency_special_session"}),
    ("1982-04-03", {"refer_to_icc", "tribunal"}),
    ("1993-05-25", {"refer_to_icc"}),
    ("2011-02-26", set()),
])
def test_the_view_says_what_did_not_exist_yet(day: str, missing: set[str]) -> None:
    from game_rules.engine import new_game
    from game_rules.views import view_for

    sc = load_scenario({"id": "d", "title": "D", "date": day, "countries": ["FRA"]})
    assert set(view_for(new_game(sc, 1), "FRA")["game"]["not_yet_in_force"]) == missing


def test_no_uniting_for_peace_before_3_november_1950() -> None:
    from game_rules.context import Context
    from game_rules.engine import new_game, step

    sc = load_scenario({"id": "k", "title": "Korea", "date": "1950-06-27",
                        "countries": ["USA", "GBR", "FRA"], "bodies": {"UNGA": {}}})
    state, _ = step(new_game(sc, 1), {"actor": "instructor", "kind": "start"}, Context(now=0))
    with pytest.raises(RuleError) as caught:
        step(state, {"actor": "USA", "kind": "request_emergency_session", "situation": "Korea"},
             Context(now=1))
    assert caught.value.code == "not_yet_in_force"
