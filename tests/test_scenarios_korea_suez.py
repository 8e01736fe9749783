"""The shipped scenarios korea-1950 and suez-1956: the Councils of 1950 and 1956, and
caretakers that vote as the states voted (docs/teachers/korea-1950.md, suez-1956.md)."""

from __future__ import annotations

from typing import Any

from game_rules import State
from game_rules.library import shipped
from tests.test_scenarios import act, advance_to, instructor, kinds, let_caretakers_act, started

COUNCIL_1950 = {"CUB", "ECU", "EGY", "IND", "NOR", "YUG"}
COUNCIL_1956 = {"AUS", "BEL", "CUB", "IRN", "PER", "YUG"}
PERMANENT_BEFORE_1971 = {"CHN", "FRA", "SUN", "GBR", "USA"}


def vote_on(state: State, draft: str, sponsor: str, **fields: Any) -> tuple[State, list[Any]]:
    """Table a draft in the consultations, call the vote in the council phase, let the
    caretakers vote and close it."""
    if state.phase not in ("consultations", "council"):
        state = advance_to(state, "consultations")
    state, _ = act(state, {"actor": sponsor, "kind": "table_draft", "draft": draft, **fields})
    state = advance_to(state, "council")
    state, _ = instructor(state, "call_vote", draft=draft)
    state, events = let_caretakers_act(state)
    if state.open_votes:
        state, more = instructor(state, "close_vote", draft=draft)
        events += more
    return state, events


def outcome(events: list[Any]) -> Any:
    (event,) = [e for e in events if e.kind in ("draft_adopted", "draft_failed", "draft_vetoed")]
    return event


def next_round(state: State) -> State:
    start = state.round
    while state.round == start:
        state, _ = instructor(state, "advance_phase")
    return state


# Korea 1950.


def test_korea_1950_has_the_council_of_eleven_with_the_soviet_chair_empty() -> None:
    sc = shipped()["korea-1950"]
    council = sc.bodies.UNSC
    assert council is not None and (sc.year, sc.date) == (1950, "1950-06-25")
    assert set(council.permanent) == PERMANENT_BEFORE_1971 and set(council.elected) == COUNCIL_1950
    assert council.required_yes() == 7 and council.president == "IND"
    assert council.first_resolution == 82 and council.invited == ["KOR"]
    assert sc.country_name("CHN") == "Republic of China"
    soviet = sc.entry("SUN")
    assert soviet is not None and soviet.caretaker is not None
    assert soviet.caretaker.vote.default == "absent"


def test_korea_1950_caretakers_reproduce_resolutions_82_83_and_84() -> None:
    state = advance_to(started("korea-1950", caretakers=True), "consultations")
    state, events = vote_on(state, "S/1501", "USA", chapter="VII",
                            measures=["determine_threat", "call_for_ceasefire", "demand_withdrawal"])
    adopted = outcome(events)
    assert (adopted.kind, adopted.votes, adopted.resolution) == ("draft_adopted", "9-0-1",
                                                                 "S/RES/82 (1950)")
    votes = state.drafts["S/1501"].votes
    assert votes["YUG"] == "abstain" and "SUN" not in votes

    state = next_round(state)
    state, events = vote_on(state, "S/1511", "USA", chapter="VII", measures=["authorize_force"])
    adopted = outcome(events)
    assert (adopted.kind, adopted.votes, adopted.resolution) == ("draft_adopted", "7-1-0",
                                                                 "S/RES/83 (1950)")
    votes = state.drafts["S/1511"].votes
    assert votes["YUG"] == "no" and not {"EGY", "IND", "SUN"} & set(votes)

    state, events = vote_on(state, "S/1509", "YUG",
                            measures=["call_for_ceasefire", "call_for_negotiations"])
    failed = outcome(events)
    assert (failed.kind, failed.votes) == ("draft_failed", "1-7-2")

    state = next_round(state)
    state, events = vote_on(state, "S/1588", "FRA", chapter="VII",
                            measures=["authorize_force", "request_report"])
    adopted = outcome(events)
    assert (adopted.kind, adopted.votes, adopted.resolution) == ("draft_adopted", "7-0-3",
                                                                 "S/RES/84 (1950)")
    votes = state.drafts["S/1588"].votes
    assert {c for c, v in votes.items() if v == "abstain"} == {"EGY", "IND", "YUG"}


def test_korea_1950_a_returning_soviet_delegate_can_veto() -> None:
    state = advance_to(started("korea-1950", caretakers=True), "consultations")
    state, _ = instructor(state, "set_caretaker", country="SUN", caretaker=False)
    state, _ = act(state, {"actor": "USA", "kind": "table_draft", "draft": "S/1501", "chapter": "VII",
                           "measures": ["determine_threat", "call_for_ceasefire",
                                        "demand_withdrawal"]})
    state = advance_to(state, "council")
    state, _ = instructor(state, "call_vote", draft="S/1501")
    state, _ = let_caretakers_act(state)
    state, events = act(state, {"actor": "SUN", "kind": "vote", "draft": "S/1501", "vote": "no"})
    vetoed = outcome(events)
    assert (vetoed.kind, vetoed.vetoed_by) == ("draft_vetoed", ["SUN"])
    assert "return-of-the-veto" in state.injects_fired


def test_korea_1950_history_track_tallies() -> None:
    history = {h.id: h for h in shipped()["korea-1950"].history}
    tallies = {k: history[k].tally for k in ("res-82", "res-83", "yugoslav-draft", "res-84")}
    assert {k: (t.yes, t.no, t.abstain, t.absent) for k, t in tallies.items() if t} == {
        "res-82": (9, 0, 1, 1), "res-83": (7, 1, 0, 3), "yugoslav-draft": (1, 7, 2, 1),
        "res-84": (7, 0, 3, 1)}
    assert history["res-83"].absent == ["EGY", "IND", "SUN"]


# Suez 1956.


def test_suez_1956_has_the_council_of_1956_and_egypt_and_israel_invited() -> None:
    sc = shipped()["suez-1956"]
    council = sc.bodies.UNSC
    assert council is not None and sc.year == 1956
    assert set(council.permanent) == PERMANENT_BEFORE_1971 and set(council.elected) == COUNCIL_1956
    assert council.required_yes() == 7 and council.first_resolution == 119
    assert set(council.invited) == {"EGY", "ISR"}
    assert sc.bodies.UNGA is not None and sc.bodies.UNGA.members is not None
    assert {"EGY", "ISR", "CAN"} <= set(sc.bodies.UNGA.members)


def test_suez_1956_caretakers_veto_then_refer_then_the_assembly_acts() -> None:
    state = advance_to(started("suez-1956", caretakers=True), "consultations")
    state, events = vote_on(state, "S/3710", "USA",
                            measures=["call_for_ceasefire", "demand_withdrawal"])
    vetoed = outcome(events)
    assert (vetoed.kind, vetoed.votes, sorted(vetoed.vetoed_by)) == ("draft_vetoed", "7-2-2",
                                                                     ["FRA", "GBR"])
    votes = state.drafts["S/3710"].votes
    assert {c for c, v in votes.items() if v == "abstain"} == {"AUS", "BEL"}

    state = next_round(state)
    state, events = vote_on(state, "S/3719", "YUG", procedural=True,
                            measures=["emergency_special_session"])
    adopted = outcome(events)
    assert (adopted.kind, adopted.votes, adopted.resolution) == ("draft_adopted", "7-2-2",
                                                                 "S/RES/119 (1956)")
    assert "emergency_session_called" in kinds(events)

    state = next_round(state)
    state, events = vote_on(state, "A/3256", "USA", body="UNGA", important=True,
                            measures=["call_for_ceasefire", "demand_withdrawal", "arms_embargo"])
    assert outcome(events).kind == "draft_adopted"
    assert {c for c, v in state.drafts["A/3256"].votes.items() if v == "no"} == {
        "FRA", "GBR", "AUS", "ISR"}

    state = next_round(state)
    state, events = vote_on(state, "A/3290", "CAN", body="UNGA", measures=["peacekeeping"])
    assert outcome(events).kind == "draft_adopted"
    abstained = {c for c, v in state.drafts["A/3290"].votes.items() if v == "abstain"}
    assert {"FRA", "GBR", "SUN", "EGY"} <= abstained
    assert state.incidents["gbr-egy-attack"].attacker == "GBR"
