"""The shipped scenarios: they load, they are listed, their schema is published, and
their facts are the checked ones (docs/scenarios.md, /work/shared/notes/FACTS.md)."""

from __future__ import annotations

import json
from itertools import count
from pathlib import Path
from typing import Any

import pytest

from game_rules import Context, RuleError, State, new_game, step
from game_rules.caretaker import caretaker_actions
from game_rules.countries import NATO_2024, P5
from game_rules.library import shipped
from game_rules.scenario import Scenario, scenario_json_schema
from server.cli import main

ROOT = Path(__file__).resolve().parent.parent
SCENARIO_DIR = ROOT / "game_rules" / "scenarios"
SCHEMA_FILE = ROOT / "game_rules" / "schema" / "scenario.schema.json"
SHIPPED_IDS = {"sandbox", "eastern-flank", "february-2022", "accession", "out-of-area",
               "korea-1950", "suez-1956", "kuwait-1990", "kosovo-1999", "september-2001",
               "libya-2011", "manchuria-1931", "abyssinia-1935", "syria-2011",
               "gaza-2023"}

COUNCIL_2022 = {"ALB", "BRA", "GAB", "GHA", "IND", "IRL", "KEN", "MEX", "NOR", "ARE"}
COUNCIL_2025 = {"DZA", "DNK", "GRC", "GUY", "PAK", "PAN", "KOR", "SLE", "SVN", "SOM"}
COUNCIL_2026 = {"BHR", "COL", "COD", "LVA", "LBR", "DNK", "GRC", "PAK", "PAN", "SOM"}
EIGHT_ALLIES_2022 = {"BGR", "CZE", "EST", "LVA", "LTU", "POL", "ROU", "SVK"}


# Playing a game in a test.

_clock = count(1)


def act(state: State, action: dict[str, Any]) -> tuple[State, list[Any]]:
    return step(state, action, Context(now=float(next(_clock))))


def instructor(state: State, kind: str, **fields: Any) -> tuple[State, list[Any]]:
    return act(state, {"actor": "instructor", "kind": kind, **fields})


def started(scenario_id: str, seed: int = 1, caretakers: bool = False) -> State:
    """A game of a shipped scenario after ``start``; with ``caretakers``, every seat is a bot."""
    state = new_game(shipped()[scenario_id], seed)
    if caretakers:
        for code in state.country_list:
            if code not in state.caretakers:
                state, _ = instructor(state, "set_caretaker", country=code, caretaker=True)
    state, _ = instructor(state, "start")
    return state


def advance_to(state: State, phase: str) -> State:
    while state.phase != phase:
        state, _ = instructor(state, "advance_phase")
    return state


def let_caretakers_act(state: State) -> tuple[State, list[Any]]:
    """Take every action the caretakers would take now, as the server does."""
    events: list[Any] = []
    for _ in range(500):
        actions = caretaker_actions(state)
        if not actions:
            return state, events
        state, more = act(state, actions[0])
        events += more
    raise AssertionError("caretakers never settle")


def kinds(events: list[Any]) -> list[str]:
    return [e.kind for e in events]


# Every shipped scenario.


def test_the_five_scenarios_are_shipped_and_load() -> None:
    scenarios = shipped()
    assert set(scenarios) == SHIPPED_IDS
    assert all(isinstance(sc, Scenario) for sc in scenarios.values())


def test_each_file_is_named_after_its_id() -> None:
    for path in SCENARIO_DIR.glob("*.json"):
        assert json.loads(path.read_text(encoding="utf-8"))["id"] == path.stem


@pytest.mark.parametrize("path", sorted(SCENARIO_DIR.glob("*.json")), ids=lambda p: p.stem)
def test_scenario_validate_accepts_each_file(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scenario", "validate", str(path)]) == 0
    assert "valid scenario" in capsys.readouterr().out


def test_scenario_list_names_all_five(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scenario", "list"]) == 0
    listed = {line.split()[0] for line in capsys.readouterr().out.splitlines() if line.strip()}
    assert listed == SHIPPED_IDS


def test_the_published_schema_is_current() -> None:
    published = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert published == scenario_json_schema(), (
        "game_rules/schema/scenario.schema.json is stale; regenerate it with:\n"
        "    .venv/bin/crisis-table scenario schema > game_rules/schema/scenario.schema.json")


@pytest.mark.parametrize("scenario_id", sorted(SHIPPED_IDS))
def test_every_country_has_a_public_profile_and_every_played_one_a_role(scenario_id: str) -> None:
    scenario = shipped()[scenario_id]
    assert scenario.summary and scenario.briefing
    codes = scenario.country_codes()
    for code in codes:
        entry = scenario.entry(code)
        assert entry is not None and entry.profile, f"{code} has no profile"
        if entry.playable:
            assert entry.role is not None and entry.role.summary, f"{code} is played without a role"
        else:
            assert entry.caretaker is not None, f"{code} is not played and has no caretaker"


@pytest.mark.parametrize("scenario_id", sorted(SHIPPED_IDS))
def test_a_played_game_starts_and_the_round_one_injects_fire(scenario_id: str) -> None:
    scenario = shipped()[scenario_id]
    state = started(scenario_id)
    assert state.status == "running"
    round_one = [i.id for i in scenario.injects if i.auto and i.round == 1 and i.when is None]
    if scenario.rounds:
        assert round_one, "a scenario with rounds should open with news"
    for inject_id in round_one:
        assert inject_id in state.injects_fired


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("scenario_id", sorted(SHIPPED_IDS))
def test_a_game_of_caretakers_runs_to_the_end(scenario_id: str, seed: int) -> None:
    state = started(scenario_id, seed, caretakers=True)
    rounds = shipped()[scenario_id].rounds
    while rounds and not (state.round == rounds and state.phase == "resolution"):
        state, _ = instructor(state, "advance_phase")
        state, _ = let_caretakers_act(state)
    state, events = instructor(state, "end")
    assert state.status == "ended" and "game_ended" in kinds(events)


# February 2022: the real Council, the real allies, the real votes.


def test_february_2022_has_the_council_of_2022_with_russia_presiding() -> None:
    sc = shipped()["february-2022"]
    council = sc.bodies.UNSC
    assert council is not None
    assert (sc.year, sc.date) == (2022, "2022-02-24")
    assert set(council.permanent) == set(P5) and len(council.permanent) == 5
    assert set(council.elected) == COUNCIL_2022 and len(council.elected) == 10
    assert council.president == "RUS"
    assert council.invited == ["UKR"]
    assert started("february-2022").president == "RUS"


def test_february_2022_has_thirty_allies_without_finland_and_sweden() -> None:
    sc = shipped()["february-2022"]
    assert sc.bodies.NAC is not None
    members = sc.bodies.NAC.members
    assert len(members) == len(set(members)) == 30
    assert set(members) == set(NATO_2024) - {"FIN", "SWE"}
    assert {"FIN", "SWE"} <= set(sc.country_codes())
    assert set(members) >= EIGHT_ALLIES_2022


def test_february_2022_the_invasion_of_ukraine_is_not_an_article5_case() -> None:
    sc = shipped()["february-2022"]
    (incident,) = sc.incidents
    assert (incident.target, incident.attacker, incident.in_treaty_area) == ("UKR", "RUS", False)
    state = advance_to(started("february-2022"), "consultations")
    with pytest.raises(RuleError) as refused:
        act(state, {"actor": "POL", "kind": "request_article5", "incident": incident.id})
    assert refused.value.code == "target_not_ally"
    with pytest.raises(RuleError) as refused:
        act(state, {"actor": "UKR", "kind": "request_consultations", "concern": "invasion"})
    assert refused.value.code == "not_an_ally"
    state, events = act(state, {"actor": "UKR", "kind": "self_defence", "incident": incident.id})
    assert "self_defence_declared" in kinds(events)
    for ally in sorted(EIGHT_ALLIES_2022):
        state, events = act(state, {"actor": ally, "kind": "request_consultations",
                                    "concern": "Russia's invasion of Ukraine"})
        assert "consultations_opened" in kinds(events)


def test_february_2022_the_united_arab_emirates_preside_from_1_march() -> None:
    sc = shipped()["february-2022"]
    assert sc.round_dates == ["2022-02-24", "2022-02-25", "2022-02-27", "2022-03-02"]
    state = started("february-2022")
    presidents = []
    while True:
        presidents.append((state.round, state.president))
        if state.round == 4:
            break
        state, _ = instructor(state, "advance_phase")
    assert dict(presidents) == {1: "RUS", 2: "RUS", 3: "RUS", 4: "ARE"}


def test_february_2022_the_assemblys_condemnation_needs_two_thirds() -> None:
    state = advance_to(started("february-2022"), "consultations")
    state, events = act(state, {"actor": "UKR", "kind": "table_draft", "body": "UNGA",
                                "title": "Aggression against Ukraine",
                                "measures": ["deplore", "demand_withdrawal"]})
    (tabled,) = [e for e in events if e.kind == "draft_tabled"]
    assert tabled.important is True


def test_february_2022_caretakers_vote_as_the_council_voted() -> None:
    state = advance_to(started("february-2022", caretakers=True), "consultations")
    state, _ = act(state, {"actor": "USA", "kind": "table_draft", "draft": "S/2022/155",
                           "measures": ["deplore", "demand_ceasefire", "demand_withdrawal"]})
    state = advance_to(state, "council")
    state, _ = act(state, {"actor": "RUS", "kind": "call_vote", "draft": "S/2022/155"})
    state, events = let_caretakers_act(state)
    (vetoed,) = [e for e in events if e.kind == "draft_vetoed"]
    assert (vetoed.votes, vetoed.vetoed_by) == ("11-1-3", ["RUS"])
    assert {c for c, v in state.drafts["S/2022/155"].votes.items() if v == "abstain"} == {
        "CHN", "IND", "ARE"}

    # 27 February: the procedural referral to the General Assembly, which no veto blocks.
    state, _ = act(state, {"actor": "ALB", "kind": "table_draft", "draft": "S/2022/160",
                           "procedural": True, "measures": ["emergency_special_session"]})
    state, _ = act(state, {"actor": "RUS", "kind": "call_vote", "draft": "S/2022/160"})
    state, events = let_caretakers_act(state)
    (adopted,) = [e for e in events if e.kind == "draft_adopted"]
    assert adopted.votes == "11-1-3"
    assert state.drafts["S/2022/160"].votes["RUS"] == "no"
    assert "emergency_session_called" in kinds(events) and state.emergency_session


# The sandbox.


def test_sandbox_has_every_ally_and_the_council_of_2025() -> None:
    sc = shipped()["sandbox"]
    assert sc.bodies.NAC is not None and sc.bodies.UNSC is not None and sc.bodies.UNGA
    assert sc.rounds == 0 and sc.year == 2025
    assert sorted(sc.bodies.NAC.members) == sorted(NATO_2024) and len(NATO_2024) == 32
    assert set(sc.bodies.UNSC.permanent) == set(P5)
    assert set(sc.bodies.UNSC.elected) == COUNCIL_2025
    assert all(e.playable for e in sc.countries)
    assert not [i for i in sc.injects if i.auto], "the sandbox has no script"


def test_sandbox_practice_incidents_cover_the_three_cases() -> None:
    state = started("sandbox")
    assert state.phase == "open"
    incidents = {i.id: i for i in shipped()["sandbox"].incidents}
    armed = [i for i in incidents.values() if i.kind == "armed_attack" and i.in_treaty_area]
    cyber = [i for i in incidents.values() if i.kind == "cyber"]
    outside = [i for i in incidents.values() if not i.in_treaty_area]
    assert armed and cyber and outside
    state, events = act(state, {"actor": "DNK", "kind": "request_article5",
                                "incident": armed[0].id})
    assert "item_circulated" in kinds(events)
    _, events = act(state, {"actor": "DNK", "kind": "request_article5", "incident": cyber[0].id})
    assert [e.case_by_case for e in events if e.kind == "item_circulated"] == [True]
    with pytest.raises(RuleError) as refused:
        act(state, {"actor": "DNK", "kind": "request_article5", "incident": outside[0].id})
    assert refused.value.code == "outside_treaty_area"


# Eastern flank (fictional).


def test_eastern_flank_is_fiction_with_the_council_of_2026() -> None:
    sc = shipped()["eastern-flank"]
    assert "fiction" in sc.briefing.lower() and "fictional" in sc.title.lower()
    assert sc.year == 2026 and sc.bodies.UNSC is not None and sc.bodies.NAC is not None
    assert set(sc.bodies.UNSC.elected) == COUNCIL_2026
    assert sorted(sc.bodies.NAC.members) == sorted(NATO_2024)
    aggressor = sc.aggressor
    assert aggressor is not None
    assert (aggressor.country, aggressor.target, aggressor.target_in_treaty_area) == (
        "RUS", "EST", True)
    assert aggressor.spillover_target == "LVA" and "RUS" in sc.bodies.UNSC.permanent
    assert sc.crisis.ladder == "hybrid_pressure"


def test_eastern_flank_article4_then_a_hybrid_case_by_case_then_the_attack() -> None:
    state = advance_to(started("eastern-flank"), "consultations")
    state, events = act(state, {"actor": "EST", "kind": "request_consultations",
                                "concern": "A hybrid campaign against Estonia"})
    assert "consultations_opened" in kinds(events)
    state, events = act(state, {"actor": "EST", "kind": "request_article5",
                                "incident": "est-hybrid"})
    assert [e.case_by_case for e in events if e.kind == "item_circulated"] == [True]
    while state.round < 3:
        state, _ = instructor(state, "advance_phase")
    # By the third day the attack has come, by the aggressor's move or by the script.
    assert state.crisis.level in ("armed_attack", "occupation", "spillover")
    assert "rus-est-attack" in state.incidents
    assert state.incidents["rus-est-attack"].in_treaty_area
    assert "self-defence" in state.injects_fired


def test_eastern_flank_says_a_party_would_abstain_under_chapter_vi_and_how_to_try_it() -> None:
    sc = shipped()["eastern-flank"]
    assert "Article 27(3)" in sc.briefing and "party_abstention" in sc.briefing
    assert sc.options.party_abstention is False


def test_eastern_flank_a_veto_brings_the_general_assembly_debate() -> None:
    state = advance_to(started("eastern-flank", caretakers=True), "consultations")
    state, _ = act(state, {"actor": "LVA", "kind": "table_draft", "draft": "S/2026/1",
                           "measures": ["condemn", "demand_withdrawal"]})
    state = advance_to(state, "council")
    state, _ = instructor(state, "call_vote", draft="S/2026/1")
    state, events = let_caretakers_act(state)
    assert "draft_vetoed" in kinds(events) and "veto_debate_scheduled" in kinds(events)
    assert "veto-debate" in state.injects_fired


# Accession.


def test_accession_has_thirty_one_allies_and_sweden_invited_with_two_ratifications_missing() -> None:
    sc = shipped()["accession"]
    assert sc.bodies.NAC is not None
    members = sc.bodies.NAC.members
    assert len(members) == len(set(members)) == 31
    assert set(members) == set(NATO_2024) - {"SWE"} and "FIN" in members
    (protocol,) = sc.bodies.NAC.accessions
    assert (protocol.candidate, protocol.signed) == ("SWE", "2022-07-05")
    # Signed by the 30 allies of 5 July 2022: Finland joined later and is no party to it.
    assert protocol.signatories is not None
    assert set(protocol.signatories) == set(members) - {"FIN"} and len(protocol.signatories) == 30
    assert set(protocol.signatories) - set(protocol.ratified) == {"TUR", "HUN"}
    assert sc.bodies.NAC.deposit == "at_once"
    for code in ("TUR", "HUN"):
        entry = sc.entry(code)
        assert entry is not None and entry.role is not None and entry.role.wants
        assert entry.caretaker is not None and entry.caretaker.ratify == "never"


def test_accession_is_ratification_only_and_sweden_joins_with_its_deposit() -> None:
    state = advance_to(started("accession", caretakers=True), "consultations")
    accession = state.accessions["SWE"]
    assert accession.status == "ratifying" and "FIN" not in accession.ratifying
    # The invitation of Madrid stands: nothing is put to the Council again.
    with pytest.raises(RuleError) as refused:
        instructor(state, "circulate", decision="invite", candidate="SWE")
    assert refused.value.code == "already_invited"
    with pytest.raises(RuleError) as refused:
        act(state, {"actor": "FIN", "kind": "ratify", "candidate": "SWE"})
    assert refused.value.code == "not_a_party_to_protocol"
    state, _ = let_caretakers_act(state)
    waiting = [c for c in accession.ratifying if c not in state.accessions["SWE"].ratified]
    assert sorted(waiting) == ["HUN", "TUR"], "the holdouts never ratify on their own"

    state, _ = instructor(state, "set_caretaker", country="TUR", caretaker=False)
    state, events = act(state, {"actor": "TUR", "kind": "ratify", "candidate": "SWE"})
    assert kinds(events) == ["accession_ratified"] and "SWE" not in state.nac_members
    state, _ = instructor(state, "set_caretaker", country="HUN", caretaker=False)
    state, events = act(state, {"actor": "HUN", "kind": "ratify", "candidate": "SWE"})
    assert kinds(events)[:3] == ["accession_ratified", "accession_deposited", "member_joined"]
    assert "SWE" in state.nac_members and len(state.nac_members) == 32
    assert "sweden-joins" in state.injects_fired


# Out of area.


def test_out_of_area_incident_is_an_ally_outside_the_treaty_area() -> None:
    sc = shipped()["out-of-area"]
    assert "fiction" in sc.briefing.lower()
    assert sc.bodies.NAC is not None
    (incident,) = sc.incidents
    assert incident.target in sc.bodies.NAC.members
    assert incident.in_treaty_area is False and incident.location == "Guam"


def test_out_of_area_article5_is_refused_for_article6_and_art51_remains() -> None:
    state = advance_to(started("out-of-area"), "consultations")
    with pytest.raises(RuleError) as refused:
        act(state, {"actor": "USA", "kind": "request_article5", "incident": "guam-strike"})
    assert refused.value.code == "outside_treaty_area"
    assert "Guam" in str(refused.value)
    # Article 6 covers islands in the North Atlantic area: Guam is a Pacific island.
    assert "in the North Atlantic area north of the Tropic of Cancer" in str(refused.value)
    sc = shipped()["out-of-area"]
    assert "Pacific" in sc.incidents[0].description and "Pacific" in sc.briefing
    state, events = act(state, {"actor": "USA", "kind": "self_defence",
                                "incident": "guam-strike"})
    assert "self_defence_declared" in kinds(events)
    state, events = act(state, {"actor": "USA", "kind": "request_consultations",
                                "concern": "The strike on Guam"})
    assert "consultations_opened" in kinds(events)


def test_out_of_area_the_mediterranean_contrast_is_an_article5_case() -> None:
    state = advance_to(started("out-of-area"), "consultations")
    state, _ = instructor(state, "inject", inject="what-if-mediterranean")
    state, events = act(state, {"actor": "USA", "kind": "request_article5",
                                "incident": "med-strike"})
    assert "item_circulated" in kinds(events)


# Every historical scenario: a teacher's brief, a history track and a teacher's page.

HISTORICAL = sorted(i for i, sc in shipped().items() if sc.date)
CLASSROOM = (ROOT / "docs" / "classroom.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("scenario_id", HISTORICAL)
def test_a_historical_scenario_has_a_brief_a_history_and_a_teachers_page(scenario_id: str) -> None:
    sc = shipped()[scenario_id]
    assert sc.teacher is not None and sc.teacher.learn and sc.teacher.first_seats
    assert sc.teacher.lesson_45 and sc.teacher.lesson_90 and sc.teacher.questions
    assert 3 <= len(sc.teacher.reflection) <= 5
    assert sc.history and all(entry.source for entry in sc.history)
    page = ROOT / "docs" / "teachers" / f"{scenario_id}.md"
    assert page.is_file(), f"{page} is missing"
    assert f"(teachers/{scenario_id}.md)" in CLASSROOM, "docs/classroom.md does not link it"


def test_february_2022_the_emirates_vote_in_the_assembly_as_they_did_on_2_march() -> None:
    # They abstained on S/2022/155 in the Council (25 February) and voted for ES-11/1.
    state = advance_to(started("february-2022", caretakers=True), "consultations")
    state, _ = act(state, {"actor": "UKR", "kind": "table_draft", "body": "UNGA",
                           "draft": "A/ES-11/L.1", "important": True,
                           "measures": ["deplore", "demand_ceasefire", "demand_withdrawal"]})
    state = advance_to(state, "council")
    state, _ = instructor(state, "call_vote", draft="A/ES-11/L.1")
    state, _ = let_caretakers_act(state)
    votes = state.drafts["A/ES-11/L.1"].votes
    assert votes["ARE"] == "yes" and votes["RUS"] == "no"
    assert votes["CHN"] == "abstain" and votes["IND"] == "abstain"
