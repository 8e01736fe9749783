"""A misspelled name, in every place a scenario file can name something, is answered
with its place and a hint: the nearest valid name, the few valid ones, or how to write
one. The same cases go through ``crisis-table scenario validate`` here and through the
editor's check (``POST /api/scenarios/check``, what the browser shows) in
tests/server/test_library.py."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from game_rules.errors import ScenarioError
from game_rules.scenario import load_scenario
from server.cli import main
from tests.rules.rules_helpers import council_2022

FRA = {"code": "FRA"}
HISTORY = {"id": "h1", "date": "2022-02-25", "body": "UNSC", "question": "condemn",
           "outcome": "adopted", "source": "S/PV.8979"}


def _fra(**fields: Any) -> dict[str, Any]:
    return {"countries": [{**FRA, **fields}, "USA", "GBR", "CHN", "RUS", "UKR", "ALB", "BRA",
                          "GAB", "GHA", "IND", "IRL", "KEN", "MEX", "NOR", "ARE"]}


def _inject(**fields: Any) -> dict[str, Any]:
    return {"injects": [{"id": "i", "title": "T", **fields}],
            "incidents": [{"id": "kyiv", "target": "UKR", "attacker": "RUS"}]}


NAME_PLACES: list[tuple[str, dict[str, Any], str, str]] = [
    # (what, the change to a valid scenario, the place, the hint)
    ("a country's code", {"countries": ["URS"]}, "countries[0]", 'did you mean "SUN"'),
    ("a field of a country", _fra(nmae="F"), "countries[0].nmae", 'did you mean "name"'),
    ("a field of the caretaker", _fra(caretaker={"vot": {}}), "countries[0].caretaker.vot",
     'did you mean "vote"'),
    ("a caretaker's default vote", _fra(caretaker={"vote": {"default": "abstian"}}),
     "countries[0].caretaker.vote.default", 'did you mean "abstain"'),
    ("a measure a caretaker votes yes on", _fra(caretaker={"vote": {"yes_if": ["condem"]}}),
     "countries[0].caretaker.vote.yes_if[0]", 'did you mean "condemn"'),
    ("a measure of the Assembly policy", _fra(caretaker={"assembly_vote": {"no_if": ["santions"]}}),
     "countries[0].caretaker.assembly_vote.no_if[0]", 'did you mean "sanctions"'),
    ("the state a caretaker follows", _fra(caretaker={"vote": {"follow": "USX"}}),
     "countries[0].caretaker.vote.follow", 'did you mean "USA"'),
    ("the decision a caretaker ally breaks silence on",
     _fra(caretaker={"silence": {"break_on": ["artcle5"]}}),
     "countries[0].caretaker.silence.break_on[0]", 'did you mean "article5"'),
    ("a caretaker's pledge", _fra(caretaker={"pledge": "militar"}),
     "countries[0].caretaker.pledge", 'did you mean "military"'),
    ("a League sanction", _fra(caretaker={"sanctions": {"apply": ["oill"]}}),
     "countries[0].caretaker.sanctions.apply[0]", 'did you mean "oil"'),
    ("the state sanctioned", _fra(caretaker={"sanctions": {"apply": ["oil"], "against": "RUX"}}),
     "countries[0].caretaker.sanctions.against", 'did you mean "RUS"'),
    ("a measure of an objective", _fra(role={"objectives": [
        {"id": "o", "text": "T", "when": {"adopted_measure": "condem"}}]}),
     "countries[0].role.objectives[0].when.adopted_measure", 'did you mean "condemn"'),
    ("a body", {"bodies": {"UNCS": {"permanent": ["USA"]}}}, "bodies.UNCS", 'did you mean "UNSC"'),
    ("a field of a body", {"bodies": {"UNSC": {"permanent": ["FRA"], "tresholds": 1}}},
     "bodies.UNSC.tresholds", 'did you mean "threshold"'),
    ("a permanent member", {"bodies": {"UNSC": {"permanent": ["USA", "URS"]}}},
     "bodies.UNSC.permanent[1]", 'did you mean "SUN"'),
    ("an elected member", {"bodies": {"UNSC": {"permanent": ["USA"], "elected": ["FRG"]}}},
     "bodies.UNSC.elected[0]", 'did you mean "DEU"'),
    ("the Council's president", {"bodies": {"UNSC": {"permanent": ["USA", "FRA"],
                                                     "president": "USX"}}},
     "bodies.UNSC.president", 'did you mean "USA"'),
    ("a state invited to the Council", {"bodies": {"UNSC": {"permanent": ["USA"],
                                                            "invited": ["UKX"]}}},
     "bodies.UNSC.invited[0]", 'did you mean "UKR"'),
    ("a briefer", {"bodies": {"UNSC": {"permanent": ["USA"], "briefers": ["UKX"]}}},
     "bodies.UNSC.briefers[0]", 'did you mean "UKR"'),
    ("an ally", {"bodies": {"NAC": {"members": ["USA", "Germany"]}}}, "bodies.NAC.members[1]",
     'did you mean "DEU"'),
    ("a member of the Assembly", {"bodies": {"UNGA": {"members": ["USA", "UKX"]}}},
     "bodies.UNGA.members[1]", 'did you mean "UKR"'),
    ("a permanent member of the League Council", {"bodies": {"LNC": {"permanent": ["GBR", "URS"]}}},
     "bodies.LNC.permanent[1]", 'did you mean "SUN"'),
    ("the League Council's president", {"bodies": {"LNC": {"permanent": ["GBR", "FRA"],
                                                           "president": "GRB"}}},
     "bodies.LNC.president", 'did you mean "GBR"'),
    ("a member of the League Assembly", {"bodies": {"LNA": {"members": ["GBR", "ABY"]}}},
     "bodies.LNA.members[1]", 'did you mean "ETH"'),
    ("an incident's target", {"incidents": [{"id": "a", "target": "UKX"}]},
     "incidents[0].target", 'did you mean "UKR"'),
    ("an incident's attacker", {"incidents": [{"id": "a", "target": "UKR", "attacker": "RUX"}]},
     "incidents[0].attacker", 'did you mean "RUS"'),
    ("an incident's kind", {"incidents": [{"id": "a", "target": "UKR", "kind": "armed-attack"}]},
     "incidents[0].kind", 'did you mean "armed_attack"'),
    ("the aggressor", {"aggressor": {"country": "RUX"}}, "aggressor.country", 'did you mean "RUS"'),
    ("the aggressor's target", {"aggressor": {"country": "RUS", "target": "UKX"}},
     "aggressor.target", 'did you mean "UKR"'),
    ("the spillover target", {"aggressor": {"country": "RUS", "target": "UKR",
                                            "spillover_target": "ALX"}},
     "aggressor.spillover_target", 'did you mean "ALB"'),
    ("the crisis's first rung", {"crisis": {"ladder": "threat"}}, "crisis.ladder",
     'did you mean "threats"'),
    ("an inject's audience", _inject(audience=["UKX"]), "injects[0].audience[0]",
     'did you mean "UKR"'),
    ("a measure in an inject's condition", _inject(when={"adopted_measure": "santions"}),
     "injects[0].when.adopted_measure", 'did you mean "sanctions"'),
    ("a measure in an alternative condition", _inject(when={"any": [
        {"adopted_measure": "sanctions"}, {"adopted_measure": "embargo"}]}),
     "injects[0].when.any[1].adopted_measure", 'did you mean "arms_embargo"'),
    ("an incident in a condition", _inject(when={"incident": "kyev"}), "injects[0].when.incident",
     'did you mean "kyiv"'),
    ("an ally in a condition", _inject(when={"member_of_nac": "SWX"}),
     "injects[0].when.member_of_nac", "ISO 3166-1 alpha-3"),
    ("a rung in a condition", _inject(when={"ladder_at_least": "occupaton"}),
     "injects[0].when.ladder_at_least", 'did you mean "occupation"'),
    ("a field of a condition", _inject(when={"adopted_measures": "sanctions"}),
     "injects[0].when.adopted_measures", 'did you mean "adopted_measure"'),
    ("an inject's new incident", _inject(effects={"incident": {"id": "b", "target": "UKX"}}),
     "injects[0].effects.incident.target", 'did you mean "UKR"'),
    ("the rung an inject sets", _inject(effects={"ladder_to": "occupaton"}),
     "injects[0].effects.ladder_to", 'did you mean "occupation"'),
    ("a first seat of the teacher's brief", {"teacher": {"first_seats": ["UKX"]}},
     "teacher.first_seats[0]", 'did you mean "UKR"'),
    ("the body of a history entry", {"history": [{**HISTORY, "body": "UNCS"}]},
     "history[0].body", 'did you mean "UNSC"'),
    ("a measure of a history entry", {"history": [{**HISTORY, "measures": ["condem"]}]},
     "history[0].measures[0]", 'did you mean "condemn"'),
    ("a state that voted in a history entry", {"history": [{**HISTORY, "yes": ["UKX"]}]},
     "history[0].yes[0]", 'did you mean "UKR"'),
    ("the question of a history entry", {"history": [{**HISTORY, "question": "condem"}]},
     "history[0].question", 'did you mean "condemn"'),
    ("an outcome of a history entry", {"history": [{**HISTORY, "outcome": "adoptd"}]},
     "history[0].outcome", 'did you mean "adopted"'),
    ("an option", {"options": {"no_vetoo": True}}, "options.no_vetoo", 'did you mean "no_veto"'),
    ("the presidency's rotation", {"options": {"presidency_rotation": "mnth"}},
     "options.presidency_rotation", 'did you mean "month"'),
    ("a field of the scenario", {"countires": []}, "countires", 'did you mean "countries"'),
    ("the date", {"date": "1982-13-45"}, "date", "month must be in 1..12"),
    ("a body's date", {"bodies": {"UNSC": {"as_of": "2 April 1982"}}}, "bodies.UNSC.as_of",
     "write it as YYYY-MM-DD"),
    ("a round's date", {"rounds": 2, "round_dates": ["2022-02-25", "2022-02-30"]},
     "round_dates[1]", "day is out of range for month"),
    ("a history entry's date", {"history": [{**HISTORY, "date": "2022-13-01"}]},
     "history[0].date", "month must be in 1..12"),
    ("a year that disagrees with the date", {"date": "1982-04-03", "year": 1983}, "year",
     "give the year of the date"),
    ("a code of another day", {"date": "1982-04-03", "countries": ["RUS"]}, "countries[0]",
     'did you mean "SUN"'),
    ("the scenario's language", {"language": "english"}, "language", 'did you mean "en"'),
    ("a language of the translations", {"translations": {"french": {}}}, "translations.french",
     'did you mean "fr"'),
    ("a field of a translation", {"translations": {"fr": {"titel": "T"}}},
     "translations.fr.titel", 'did you mean "title"'),
    ("a field of a translated role sheet",
     {"translations": {"es": {"countries": {"FRA": {"role": {"interest": []}}}}}},
     "translations.es.countries.FRA.role.interest", 'did you mean "interests"'),
    ("a country of a translation", {"translations": {"fr": {"countries": {"FRX": {"name": "F"}}}}},
     "translations.fr.countries.FRX", 'did you mean "FRA"'),
    ("an inject of a translation", {"injects": [{"id": "news", "title": "T"}],
                                    "translations": {"fr": {"injects": {"newz": {"title": "N"}}}}},
     "translations.fr.injects.newz", 'did you mean "news"'),
]
IDS = [what for what, *_ in NAME_PLACES]


def broken(change: dict[str, Any]) -> dict[str, Any]:
    data = copy.deepcopy(council_2022())
    data.update(copy.deepcopy(change))
    return data


def _problems(data: dict[str, Any]) -> list[tuple[str, str]]:
    try:
        load_scenario(data)
    except ScenarioError as err:
        return err.problems
    return []


@pytest.mark.parametrize(("what", "change", "place", "hint"), NAME_PLACES, ids=IDS)
def test_a_misspelled_name_is_located_with_a_hint(what: str, change: dict[str, Any], place: str,
                                                  hint: str) -> None:
    found = dict(_problems(broken(change)))
    assert place in found, (what, found)
    assert hint in found[place], (what, found[place])


@pytest.mark.parametrize(("what", "change", "place", "hint"), NAME_PLACES, ids=IDS)
def test_the_command_line_says_the_same(what: str, change: dict[str, Any], place: str, hint: str,
                                        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "scenario.json"
    path.write_text(json.dumps(broken(change), indent=1))
    assert main(["scenario", "validate", str(path)]) == 1
    lines = [line for line in capsys.readouterr().err.splitlines() if line.startswith(f"{place}: ")]
    assert lines and hint in lines[0], (what, lines)
