"""The shipped scenarios syria-2011 and gaza-2023: the Councils of 2012 and 2023, the allies of
2012, and caretakers that vote as the states voted (docs/teachers/syria-2011.md, gaza-2023.md)."""

from __future__ import annotations

from typing import Any

import pytest

from game_rules import State
from game_rules.countries import NATO_2024, P5
from game_rules.library import shipped
from tests.test_scenarios import act, advance_to, instructor, kinds, let_caretakers_act, started

COUNCIL_2012 = {"AZE", "COL", "DEU", "GTM", "IND", "MAR", "PAK", "PRT", "ZAF", "TGO"}
COUNCIL_2023 = {"ALB", "BRA", "ECU", "GAB", "GHA", "JPN", "MLT", "MOZ", "CHE", "ARE"}
ALLIES_2012 = set(NATO_2024) - {"FIN", "SWE", "MNE", "MKD"}


def vote_on(state: State, sponsor: str, **fields: Any) -> tuple[State, Any]:
    """Table a draft in the consultations, call the vote in the council phase, let the
    caretakers vote; the outcome event."""
    if state.phase not in ("consultations", "council"):
        state = advance_to(state, "consultations")
    state, events = act(state, {"actor": sponsor, "kind": "table_draft", **fields})
    (tabled,) = [e for e in events if e.kind == "draft_tabled"]
    state = advance_to(state, "council")
    state, _ = instructor(state, "call_vote", draft=tabled.draft)
    state, events = let_caretakers_act(state)
    if state.open_votes:
        state, more = instructor(state, "close_vote", draft=tabled.draft)
        events += more
    (result,) = [e for e in events if e.kind in ("draft_adopted", "draft_failed", "draft_vetoed")]
    return state, result


def caretakers_with(scenario_id: str, *played: str) -> State:
    """A game of caretakers in which the instructor takes the seats ``played``."""
    state = started(scenario_id, caretakers=True)
    for code in played:
        state, _ = instructor(state, "set_caretaker", country=code, caretaker=False)
    return state


def next_round(state: State) -> State:
    start = state.round
    while state.round == start:
        state, _ = instructor(state, "advance_phase")
    return state


def voters(state: State, draft: str, vote: str) -> set[str]:
    return {code for code, v in state.drafts[draft].votes.items() if v == vote}


# Syria, 2011-2012.


def test_syria_2011_has_the_council_of_2012_and_the_28_allies() -> None:
    sc = shipped()["syria-2011"]
    council = sc.bodies.UNSC
    assert council is not None and sc.bodies.NAC is not None and sc.bodies.UNGA is not None
    assert (sc.year, sc.date, sc.rounds) == (2012, "2012-02-04", 6)
    assert set(council.permanent) == set(P5) and set(council.elected) == COUNCIL_2012
    assert council.president == "TGO" and council.invited == ["SYR", "TUR", "QAT"]
    assert set(sc.bodies.NAC.members) == ALLIES_2012 and len(sc.bodies.NAC.members) == 28
    # The Council of 2011 that cast the first double veto sits in the Assembly.
    assert {"BIH", "BRA", "GAB", "LBN", "NGA"} <= set(sc.country_codes())


def test_syria_2011_the_presidency_passes_each_month_as_it_did_in_2012() -> None:
    state = started("syria-2011")
    presidents = [state.president]
    for _ in range(5):
        state = next_round(state)
        presidents.append(state.president)
    # February to July 2012: Togo, the United Kingdom, the United States, Azerbaijan,
    # China, Colombia (S/PV.6711, SC/10583, SC/10601, the Houla statement, SC/10714).
    assert presidents == ["TGO", "GBR", "USA", "AZE", "CHN", "COL"]


def test_syria_2011_caretakers_vote_as_the_council_of_2012_voted() -> None:
    state = started("syria-2011", caretakers=True)
    # S/2012/77, 4 February 2012: 13-2, vetoed by China and Russia (S/PV.6711).
    state, result = vote_on(state, "MAR", measures=[
        "condemn", "demand_ceasefire", "demand_withdrawal", "call_for_negotiations"])
    assert (result.kind, result.votes, result.vetoed_by) == ("draft_vetoed", "13-2-0",
                                                              ["CHN", "RUS"])
    # Resolution 2042, 14 April 2012: 15-0.
    state, result = vote_on(state, "COL", measures=[
        "call_for_ceasefire", "peacekeeping", "humanitarian_access"])
    assert (result.kind, result.votes) == ("draft_adopted", "15-0-0")
    # S/2012/538, 19 July 2012, Chapter VII: 11-2-2 (S/PV.6810).
    state, result = vote_on(state, "GBR", chapter="VII", measures=[
        "condemn", "demand_ceasefire", "demand_withdrawal", "peacekeeping", "threaten_sanctions"])
    assert (result.kind, result.votes, result.vetoed_by) == ("draft_vetoed", "11-2-2",
                                                              ["CHN", "RUS"])
    assert voters(state, result.draft, "abstain") == {"PAK", "ZAF"}
    assert voters(state, result.draft, "yes") >= {"IND", "MAR", "AZE", "GTM", "TGO", "COL"}


def test_syria_2011_the_assembly_recommends_after_the_veto() -> None:
    state = started("syria-2011", caretakers=True)
    state, result = vote_on(state, "QAT", body="UNGA", important=True, measures=[
        "condemn", "demand_ceasefire", "demand_withdrawal", "call_for_negotiations",
        "good_offices"])
    assert result.kind == "draft_adopted"
    assert voters(state, result.draft, "no") == {"CHN", "RUS", "SYR"}
    assert voters(state, result.draft, "abstain") == {"LBN"}
    assert "GAB" not in state.drafts[result.draft].votes      # Gabon did not vote in 2012


def test_syria_2011_the_jet_is_an_article4_case_and_the_allies_keep_to_it() -> None:
    state = caretakers_with("syria-2011", "TUR")
    while state.round < 5:
        state = next_round(state)
    assert "tur-jet-2012-06-22" in state.incidents and state.incidents["tur-jet-2012-06-22"].in_treaty_area
    state = advance_to(state, "consultations")
    state, events = act(state, {"actor": "TUR", "kind": "request_consultations",
                                "concern": "Syria shot down a Turkish aircraft"})
    assert "consultations_opened" in kinds(events)
    state, events = act(state, {"actor": "TUR", "kind": "request_article5",
                                "incident": "tur-jet-2012-06-22"})
    assert "item_circulated" in kinds(events)
    state, events = let_caretakers_act(state)
    assert "decision_blocked" in kinds(events) and not state.article5


def test_syria_2011_history_starts_with_the_veto_of_october_2011() -> None:
    first, *_ = shipped()["syria-2011"].history
    assert (first.symbol, first.date, first.outcome, first.vetoed_by) == (
        "S/2011/612", "2011-10-04", "vetoed", ["CHN", "RUS"])
    assert first.tally is not None and first.tally.votes() == "9-2-4"
    assert set(first.abstain or []) == {"BRA", "IND", "LBN", "ZAF"}


# Gaza, October-December 2023.


def test_gaza_2023_has_the_council_of_2023_and_no_aggressor() -> None:
    sc = shipped()["gaza-2023"]
    council = sc.bodies.UNSC
    assert council is not None and sc.bodies.UNGA is not None and sc.bodies.NAC is None
    assert (sc.year, sc.date, sc.rounds) == (2023, "2023-10-16", 3)
    assert set(council.permanent) == set(P5) and set(council.elected) == COUNCIL_2023
    assert council.invited == ["ISR", "PSE", "JOR", "EGY"]
    assert sc.aggressor is None
    (incident,) = sc.incidents
    assert (incident.target, incident.attacker, incident.in_treaty_area) == ("ISR", None, False)
    state = started("gaza-2023")
    assert "PSE" not in state.council_members("UNGA")   # an observer state: no vote
    presidents = [state.president]
    for _ in range(2):
        state = next_round(state)
        presidents.append(state.president)
    assert presidents == ["BRA", "CHN", "ECU"]


D772 = ["condemn", "call_for_ceasefire", "humanitarian_access", "release_hostages"]
D773 = ["condemn", "condemn_hamas", "humanitarian_access", "release_hostages",
        "rescind_evacuation_order"]
D792 = ["condemn", "condemn_hamas", "affirm_self_defence", "humanitarian_access",
        "release_hostages"]
RES_2712 = ["humanitarian_access", "release_hostages"]
UAE_8_DEC = ["demand_ceasefire", "humanitarian_access", "release_hostages", "request_report"]


@pytest.mark.parametrize(("measures", "kind", "votes", "vetoed_by"), [
    (D772, "draft_failed", "5-4-6", []),
    (D773, "draft_vetoed", "12-1-2", ["USA"]),
    (D792, "draft_vetoed", "10-3-2", ["CHN", "RUS"]),
    (RES_2712, "draft_adopted", "12-0-3", []),
    (UAE_8_DEC, "draft_vetoed", "13-1-1", ["USA"]),
], ids=["S/2023/772", "S/2023/773", "S/2023/792", "2712", "8-December"])
def test_gaza_2023_caretakers_vote_as_the_council_voted(measures: list[str], kind: str,
                                                        votes: str, vetoed_by: list[str]) -> None:
    state = started("gaza-2023", caretakers=True)
    state, result = vote_on(state, "BRA", measures=measures)
    assert (result.kind, result.votes) == (kind, votes)
    assert getattr(result, "vetoed_by", []) == vetoed_by


def test_gaza_2023_a_veto_brings_the_assembly_and_it_demands_a_ceasefire() -> None:
    state = started("gaza-2023", caretakers=True)
    state, result = vote_on(state, "BRA", measures=D773)
    assert result.kind == "draft_vetoed"
    assert "veto-2023" in state.injects_fired
    state, result = vote_on(state, "JOR", body="UNGA", important=True,
                            measures=["demand_ceasefire", "humanitarian_access",
                                      "release_hostages"])
    assert result.kind == "draft_adopted"
    assert voters(state, result.draft, "no") == {"ISR", "USA"}


def test_gaza_2023_states_vote_in_the_assembly_as_they_voted_there() -> None:
    # ES-10/21, 27 October 2023: France, Brazil and Ghana for; Japan, the United Kingdom and
    # Canada abstaining; the United States and Israel against.
    state = started("gaza-2023", caretakers=True)
    state, result = vote_on(state, "JOR", body="UNGA", important=True, measures=[
        "condemn", "call_for_ceasefire", "humanitarian_access", "rescind_evacuation_order",
        "release_hostages"])
    assert result.kind == "draft_adopted"
    assert voters(state, result.draft, "yes") >= {"FRA", "BRA", "GHA", "JOR", "EGY"}
    assert voters(state, result.draft, "abstain") >= {"JPN", "GBR", "CAN"}
    assert voters(state, result.draft, "no") == {"ISR", "USA"}
