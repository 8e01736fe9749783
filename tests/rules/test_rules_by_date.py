"""Rules by date, at the day each began: the ICC referral (1 July 2002), the first ad hoc
tribunal (22 February 1993), Uniting for Peace (3 November 1950) and the General
Assembly's debate after a veto (26 April 2022) are refused, or do not happen, the day
before and are there on the day itself; a scenario dated only by its year keeps what
existed by the year's end; the validator notes a scenario that names them too early."""

from __future__ import annotations

from typing import Any

import pytest

from game_rules.context import Context
from game_rules.engine import new_game, step
from game_rules.errors import RuleError
from game_rules.scenario import load_scenario
from game_rules.state import State
from game_rules.validator import notes
from tests.rules.rules_helpers import COUNCIL_2022, Game, all_but, council_2022, kinds, votes

ELEVEN = all_but(COUNCIL_2022, "RUS", "CHN", "IND", "ARE")


def _started(**dated: Any) -> State:
    day = dated.get("date") or f"{dated['year']}-06-30"
    sc = load_scenario({"id": "d", "title": "D", **dated,
                        "bodies": {"UNSC": {"as_of": day}, "UNGA": {}}})
    state, _ = step(new_game(sc, 1), {"actor": "instructor", "kind": "start"}, Context(now=0))
    return state


def _table(state: State, measures: list[str], **extra: Any) -> None:
    step(state, {"actor": "GBR", "kind": "table_draft", "body": "UNSC", "title": "T",
                 "chapter": "VII", "measures": measures, **extra}, Context(now=1))


@pytest.mark.parametrize(("measure", "before", "on", "words"), [
    ("refer_to_icc", "2002-06-30", "2002-07-01", "1 July 2002"),
    ("tribunal", "1993-02-21", "1993-02-22", "resolution 808"),
])
def test_a_measure_is_refused_the_day_before_it_began_and_offered_on_the_day(
        measure: str, before: str, on: str, words: str) -> None:
    with pytest.raises(RuleError) as caught:
        _table(_started(date=before), ["determine_threat", measure])
    assert caught.value.code == "not_yet_in_force" and words in caught.value.message
    _table(_started(date=on), ["determine_threat", measure])


def test_uniting_for_peace_is_refused_before_3_november_1950_by_either_route() -> None:
    early = _started(date="1950-11-02")
    with pytest.raises(RuleError) as caught:
        step(early, {"actor": "USA", "kind": "request_emergency_session", "situation": "K"},
             Context(now=1))
    assert caught.value.code == "not_yet_in_force" and "377 A (V)" in caught.value.message
    with pytest.raises(RuleError) as caught:
        _table(early, ["emergency_special_session"], procedural=True, chapter=None)
    assert caught.value.code == "not_yet_in_force"
    on_the_day = _started(date="1950-11-03")
    with pytest.raises(RuleError) as caught:
        step(on_the_day, {"actor": "USA", "kind": "request_emergency_session", "situation": "K"},
             Context(now=1))
    assert caught.value.code != "not_yet_in_force"


def test_a_scenario_dated_by_its_year_keeps_what_existed_by_the_years_end() -> None:
    _table(_started(year=2002), ["determine_threat", "refer_to_icc"])
    with pytest.raises(RuleError) as caught:
        _table(_started(year=2001), ["determine_threat", "refer_to_icc"])
    assert caught.value.code == "not_yet_in_force"


@pytest.mark.parametrize(("dated", "debate"), [
    ({"date": "2022-04-25"}, False), ({"date": "2022-04-26"}, True),
    ({"year": 2021}, False), ({"year": 2023}, True),
])
def test_the_assembly_debates_a_veto_only_from_26_april_2022(dated: dict[str, Any],
                                                              debate: bool) -> None:
    game = Game(council_2022(**dated))
    draft = game.table("USA", title="T")
    events = game.put_to_vote(draft, votes(ELEVEN, ["RUS"], ["CHN", "IND", "ARE"]))
    assert "draft_vetoed" in kinds(events)
    assert ("veto_debate_scheduled" in kinds(events)) is debate, dated


def test_the_validator_notes_a_rule_named_before_it_existed() -> None:
    sc = load_scenario({
        "id": "f", "title": "Falklands", "date": "1982-04-03",
        "options": {"veto_initiative": True},
        "countries": [{"code": "GBR", "caretaker": {"vote": {"yes_if": ["tribunal"]}}},
                      {"code": "FRA", "caretaker": {"assembly_vote": {"no_if": ["refer_to_icc"]}}}],
        "injects": [{"id": "i", "title": "T", "text": "T", "when": {"adopted_measure": "refer_to_icc"}}]})
    found = dict(notes(sc))
    assert "22 February 1993" in found["countries[0].caretaker.vote.yes_if[0]"]
    assert "1 July 2002" in found["countries[1].caretaker.assembly_vote.no_if[0]"]
    assert "1 July 2002" in found["injects[0].when.adopted_measure"]
    assert "76/262" in found["options.veto_initiative"]
    later = load_scenario({"id": "g", "title": "G", "date": "2022-04-26",
                           "options": {"veto_initiative": True},
                           "countries": [{"code": "GBR", "caretaker": {
                               "vote": {"yes_if": ["tribunal", "refer_to_icc"]}}}]})
    assert notes(later) == []
