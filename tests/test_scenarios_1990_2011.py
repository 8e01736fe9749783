"""The historical scenarios of 1990-2011 (Kuwait, Kosovo, September 2001, Libya): the real
bodies, and caretakers that cast the real votes, so that a class left to its caretakers
replays the history track."""

from __future__ import annotations

from typing import Any

import pytest

from game_rules import RuleError, State
from game_rules.library import shipped
from game_rules.scenario import text_at
from tests.test_scenarios import (
    act,
    advance_to,
    instructor,
    kinds,
    let_caretakers_act,
    started,
)

NATO_1999 = {"BEL", "CAN", "CZE", "DNK", "FRA", "DEU", "GRC", "HUN", "ISL", "ITA", "LUX", "NLD",
             "NOR", "POL", "PRT", "ESP", "TUR", "GBR", "USA"}
NATO_2011 = NATO_1999 | {"BGR", "EST", "LVA", "LTU", "ROU", "SVK", "SVN", "ALB", "HRV"}

# What the round's news tells the class to table for each real text, by history entry: the
# sponsor, the chapter and the game's measures (resolution 1970 acted under Article 41 of
# Chapter VII; the game asks for a determination before Chapter VII measures).
REAL_DRAFTS: dict[str, dict[str, tuple[str, str, list[str]]]] = {
    "kuwait-1990": {
        "res-660": ("USA", "VII", ["determine_threat", "condemn", "demand_withdrawal",
                                   "call_for_negotiations"]),
        "res-661": ("USA", "VII", ["sanctions", "arms_embargo"]),
        "res-662": ("USA", "VII", ["demand_withdrawal"]),
        "res-665": ("USA", "VII", ["blockade"]),
        "res-678": ("USA", "VII", ["authorize_force", "demand_withdrawal"]),
    },
    "kosovo-1999": {
        "s-1999-328": ("RUS", "VII", ["determine_threat", "demand_ceasefire",
                                      "call_for_negotiations"]),
        "res-1244": ("USA", "VII", ["determine_threat", "demand_withdrawal", "peacekeeping",
                                    "authorize_force"]),
    },
    "september-2001": {
        "res-1368": ("FRA", "VI", ["condemn", "determine_threat"]),
        "res-1373": ("USA", "VII", ["determine_threat", "sanctions"]),
    },
    "libya-2011": {
        "res-1970": ("FRA", "VII", ["determine_threat", "condemn", "demand_ceasefire",
                                    "arms_embargo", "sanctions", "refer_to_icc",
                                    "humanitarian_access"]),
        "res-1973": ("FRA", "VII", ["demand_ceasefire", "no_fly_zone", "authorize_force",
                                    "arms_embargo", "sanctions"]),
    },
}
OUTCOME_EVENT = {"adopted": "draft_adopted", "failed": "draft_failed", "vetoed": "draft_vetoed"}


def in_council(scenario_id: str) -> State:
    return advance_to(started(scenario_id, caretakers=True), "council")


def vote_by_caretakers(state: State, sponsor: str, chapter: str,
                       measures: list[str]) -> tuple[State, Any, dict[str, str]]:
    state, events = act(state, {"actor": sponsor, "kind": "table_draft", "title": "Draft",
                                "chapter": chapter, "measures": measures})
    draft = next(e for e in events if e.kind == "draft_tabled").draft
    state, _ = instructor(state, "call_vote", draft=draft)
    state, events = let_caretakers_act(state)
    if draft in state.open_votes.values():
        state, more = instructor(state, "close_vote", draft=draft)
        events += more
    (outcome,) = [e for e in events if e.kind in OUTCOME_EVENT.values()]
    return state, outcome, dict(state.drafts[draft].votes)


@pytest.mark.parametrize("scenario_id", sorted(REAL_DRAFTS))
def test_caretakers_cast_the_real_votes_of_the_history_track(scenario_id: str) -> None:
    sc = shipped()[scenario_id]
    history = {h.id: h for h in sc.history}
    state = in_council(scenario_id)
    for entry_id, (sponsor, chapter, measures) in REAL_DRAFTS[scenario_id].items():
        real = history[entry_id]
        assert real.body == "UNSC" and real.tally is not None
        state, outcome, votes = vote_by_caretakers(state, sponsor, chapter, measures)
        assert outcome.kind == OUTCOME_EVENT[real.outcome], entry_id
        assert outcome.votes == real.tally.votes(), entry_id
        for choice in ("yes", "no", "abstain"):
            named = getattr(real, choice)
            assert named is not None
            assert {c for c, v in votes.items() if v == choice} == set(named), (entry_id, choice)
        absent = set(sc.bodies.UNSC.members) - set(votes)  # type: ignore[union-attr]
        assert absent == set(real.absent or []), entry_id


@pytest.mark.parametrize("scenario_id", sorted(REAL_DRAFTS))
def test_the_news_tells_the_class_the_measures_of_each_real_text(scenario_id: str) -> None:
    sc = shipped()[scenario_id]
    history = {h.id: h for h in sc.history}
    for entry_id, (_, _, measures) in REAL_DRAFTS[scenario_id].items():
        real = history[entry_id]
        assert real.round is not None, entry_id
        news = " ".join(text_at(i.text, level) for i in sc.injects if i.round == real.round
                        for level in ("basic", "advanced"))
        for measure in measures:
            assert measure in news, (entry_id, measure)


@pytest.mark.parametrize("scenario_id", sorted(REAL_DRAFTS))
def test_every_text_is_written_at_both_reading_levels(scenario_id: str) -> None:
    sc = shipped()[scenario_id]
    assert sc.teacher is not None and 3 <= len(sc.teacher.reflection) <= 5
    assert sc.history and all(h.source for h in sc.history)
    assert not isinstance(sc.summary, str) and not isinstance(sc.briefing, str)
    for entry in sc.countries:
        assert not isinstance(entry.profile, str), entry.code
        if entry.role is not None:
            assert not isinstance(entry.role.summary, str), entry.code


# Kuwait, 1990.


def test_kuwait_1990_has_the_council_of_1990_with_romania_presiding() -> None:
    sc = shipped()["kuwait-1990"]
    council = sc.bodies.UNSC
    assert council is not None and sc.bodies.NAC is None
    assert set(council.permanent) == {"CHN", "FRA", "SUN", "GBR", "USA"}
    assert set(council.elected) == {"CAN", "COL", "CIV", "CUB", "ETH", "FIN", "MYS", "ROU",
                                    "YEM", "ZAR"}
    assert (council.president, council.first_resolution) == ("ROU", 660)
    assert set(council.invited) == {"KWT", "IRQ"}
    assert started("kuwait-1990").president == "ROU"


def test_kuwait_1990_self_defence_gives_way_to_the_councils_authorisation_of_force() -> None:
    state = in_council("kuwait-1990")
    state, events = act(state, {"actor": "KWT", "kind": "self_defence",
                                "incident": "irq-kwt-1990"})
    assert "self_defence_declared" in kinds(events)
    state, outcome, _ = vote_by_caretakers(state, "USA", "VII", ["determine_threat", "condemn",
                                                                 "demand_withdrawal"])
    assert outcome.kind == "draft_adopted"
    state, events = act(state, {"actor": "USA", "kind": "table_draft", "title": "678",
                                "chapter": "VII",
                                "measures": ["authorize_force", "demand_withdrawal"]})
    draft = next(e for e in events if e.kind == "draft_tabled").draft
    state, _ = instructor(state, "call_vote", draft=draft)
    state, events = let_caretakers_act(state)
    adopted = next(e for e in events if e.kind == "draft_adopted")
    assert (adopted.votes, adopted.resolution) == ("12-2-1", "S/RES/661 (1990)")
    assert "security_council_acted" in kinds(events)
    with pytest.raises(RuleError) as refused:
        act(state, {"actor": "KWT", "kind": "self_defence", "incident": "irq-kwt-1990"})
    assert refused.value.code in ("already_declared", "security_council_acted")


# Kosovo, 1999.


def test_kosovo_1999_has_the_council_of_1999_and_nineteen_allies() -> None:
    sc = shipped()["kosovo-1999"]
    council, nac = sc.bodies.UNSC, sc.bodies.NAC
    assert council is not None and nac is not None
    assert set(council.elected) == {"ARG", "BHR", "BRA", "CAN", "GAB", "GMB", "MYS", "NAM",
                                    "NLD", "SVN"}
    assert (council.president, council.first_resolution, council.invited) == (
        "CHN", 1232, ["YUG"])
    assert len(nac.members) == len(set(nac.members)) == 19 and set(nac.members) == NATO_1999
    assert sc.entry("YUG") is not None and sc.entry("YUG").name == (  # type: ignore[union-attr]
        "Federal Republic of Yugoslavia")


def test_kosovo_1999_nato_decides_its_operation_without_the_council() -> None:
    state = advance_to(started("kosovo-1999", caretakers=True), "consultations")
    state, events = instructor(state, "circulate", decision="operation",
                               title="Air operations against the FRY",
                               text="The allies decide on air operations in the FRY.")
    item = next(e for e in events if e.kind == "item_circulated").item
    state, events = let_caretakers_act(state)
    assert "silence_broken" not in kinds(events)
    state, events = instructor(state, "silence_deadline", item=item)
    assert "decision_adopted" in kinds(events)
    with pytest.raises(RuleError) as refused:
        act(state, {"actor": "USA", "kind": "request_article5", "incident": "nato-strikes-fry"})
    assert refused.value.code == "target_not_ally"


# September 2001.


def test_september_2001_article5_is_determined_and_the_allies_pledge() -> None:
    sc = shipped()["september-2001"]
    assert sc.bodies.NAC is not None and set(sc.bodies.NAC.members) == NATO_1999
    assert sc.bodies.UNSC is not None and sc.bodies.UNSC.president == "FRA"
    assert set(sc.bodies.UNSC.elected) == {"BGD", "COL", "IRL", "JAM", "MLI", "MUS", "NOR",
                                           "SGP", "TUN", "UKR"}
    state = advance_to(started("september-2001", caretakers=True), "consultations")
    state, events = instructor(state, "set_caretaker", country="USA", caretaker=False)
    state, events = act(state, {"actor": "USA", "kind": "request_article5",
                                "incident": "usa-2001-09-11"})
    item = next(e for e in events if e.kind == "item_circulated").item
    state, events = let_caretakers_act(state)
    assert "silence_broken" not in kinds(events)
    state, events = instructor(state, "silence_deadline", item=item)
    assert "article5_invoked" in kinds(events)
    assert "art5-reported" in state.injects_fired
    state, events = let_caretakers_act(state)
    pledged = {e.ally for e in events if e.kind == "pledge_made"}
    assert pledged == NATO_1999 - {"USA"}


# Libya, 2011.


def test_libya_2011_has_the_council_of_2011_and_twenty_eight_allies() -> None:
    sc = shipped()["libya-2011"]
    council, nac = sc.bodies.UNSC, sc.bodies.NAC
    assert council is not None and nac is not None
    assert set(council.elected) == {"BIH", "BRA", "COL", "GAB", "DEU", "IND", "LBN", "NGA",
                                    "PRT", "ZAF"}
    assert (council.president, council.first_resolution) == ("BRA", 1970)
    assert len(nac.members) == len(set(nac.members)) == 28 and set(nac.members) == NATO_2011
    state = started("libya-2011")
    assert state.president == "BRA"
    while state.round < 2:
        state, _ = instructor(state, "advance_phase")
    assert state.president == "CHN", "China presided in March 2011"
