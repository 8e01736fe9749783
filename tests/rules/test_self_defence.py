"""Charter Art. 51: individual and collective self-defence, and what an armed attack is
(for Art. 51 and Article 5 of the North Atlantic Treaty alike)."""

from __future__ import annotations

from typing import Any

import pytest

from game_rules import RuleError
from tests.rules.rules_helpers import ALLIES_2024, COUNCIL_2022, ELECTED_2022, P5, Game, kinds, only

ALLIES = [c for c in ALLIES_2024 if c not in ("FIN", "SWE")]


def world(*incidents: dict[str, Any]) -> Game:
    """Both councils of 2022, Kuwait and Iraq, and the incidents given."""
    return Game({
        "id": "art51", "title": "Article 51", "year": 2022,
        "countries": [*COUNCIL_2022, "KWT", "IRQ", "SAU", "EST", "POL", "UKR"],
        "bodies": {"UNSC": {"permanent": P5, "elected": ELECTED_2022, "president": "RUS"},
                   "NAC": {"members": ALLIES}},
        "incidents": [
            {"id": "kuwait", "target": "KWT", "attacker": "IRQ", "in_treaty_area": False},
            *incidents],
    })


# Collective self-defence (ICJ, Nicaragua, 1986, paras 195-199).


def test_another_state_needs_the_victims_request() -> None:
    game = world()
    err = game.refuse("USA", "self_defence", incident="kuwait")
    assert err.code == "no_request_for_assistance"
    assert "para 199" in err.message


def test_the_victims_own_declaration_is_its_request() -> None:
    game = world()
    game.act("KWT", "self_defence", incident="kuwait")
    events = game.act("USA", "self_defence", incident="kuwait")
    declared = only(events, "self_defence_declared")
    assert (declared.country, declared.collective, declared.victim) == ("USA", True, "KWT")
    assert declared.reported_to == "UNSC"
    assert ("USA", "kuwait") in game.state.collective_defence
    assert game.refuse("USA", "self_defence", incident="kuwait").code == "already_declared"


def test_an_explicit_request_names_the_states_asked() -> None:
    game = world()
    requested = only(game.act("KWT", "request_assistance", incident="kuwait",
                              addressed_to=["USA", "GBR"], text="Kuwait asks for help."),
                     "assistance_requested")
    assert requested.addressed_to == ["USA", "GBR"]
    assert kinds(game.act("GBR", "self_defence", incident="kuwait")) == ["self_defence_declared"]
    assert game.refuse("FRA", "self_defence", incident="kuwait").code == \
        "no_request_for_assistance"
    game.act("KWT", "request_assistance", incident="kuwait")
    assert kinds(game.act("FRA", "self_defence", incident="kuwait")) == ["self_defence_declared"]


def test_the_attacker_never_claims_self_defence_against_its_own_attack() -> None:
    game = world()
    game.act("KWT", "request_assistance", incident="kuwait")
    assert game.refuse("IRQ", "self_defence", incident="kuwait").code == "not_attacked_state"


def test_only_the_state_attacked_asks_for_help() -> None:
    game = world()
    assert game.refuse("SAU", "request_assistance", incident="kuwait").code == "not_attacked_state"
    assert game.refuse("KWT", "request_assistance", incident="kuwait",
                       addressed_to=["XAA"]).code == "unknown_country"


def test_collective_self_defence_ends_when_the_council_acts() -> None:
    game = world()
    game.act("KWT", "self_defence", incident="kuwait")
    game.act("USA", "self_defence", incident="kuwait")
    game.act("KWT", "request_assistance", incident="kuwait")
    nine = ["USA", "GBR", "FRA", "ALB", "BRA", "GAB", "GHA", "IRL", "KEN"]
    draft = game.table("USA", title="All necessary means", chapter="VII",
                       measures=["determine_threat", "authorize_force"])
    events = game.put_to_vote(draft, dict.fromkeys(nine, "yes"))
    assert only(events, "security_council_acted").ends == ["self_defence"]
    assert game.state.collective_defence == ()
    assert game.refuse("GBR", "self_defence", incident="kuwait").code == "security_council_acted"
    assert game.refuse("KWT", "request_assistance", incident="kuwait").code == \
        "security_council_acted"


# The same armed attack for Art. 51 and Article 5 (Brussels 2021, para 32; Tallinn 2.0, rule 71).


@pytest.mark.parametrize(("amounts", "art51", "art5"), [
    (True, "self_defence_declared", "item_circulated"),
    (None, "self_defence_declared", "item_circulated"),
    (False, "not_an_armed_attack", "not_an_armed_attack"),
])
def test_a_cyber_operation_is_an_armed_attack_for_both_articles_or_for_neither(
        amounts: bool | None, art51: str, art5: str) -> None:
    incident: dict[str, Any] = {"id": "grid", "target": "EST", "attacker": "RUS",
                                "kind": "cyber"}
    if amounts is not None:
        incident["amounts_to_armed_attack"] = amounts
    assert [outcome(world(incident), actor, kind)
            for actor, kind in (("EST", "self_defence"), ("POL", "request_article5"))] == [
        art51, art5]


def outcome(game: Game, actor: str, kind: str) -> str:
    """The last event's kind, or the refusal's code."""
    try:
        return kinds(game.act(actor, kind, incident="grid"))[-1]
    except RuleError as err:
        return err.code


def test_a_cyber_attack_left_to_the_states_is_flagged_case_by_case_in_both() -> None:
    game = world({"id": "grid", "target": "EST", "attacker": "RUS", "kind": "cyber"})
    assert only(game.act("EST", "self_defence", incident="grid"),
                "self_defence_declared").case_by_case is True
    circulated = only(game.act("POL", "request_article5", incident="grid"), "item_circulated")
    assert circulated.case_by_case is True


def test_a_frontier_incident_below_an_armed_attack_opens_neither_article() -> None:
    game = world({"id": "border", "target": "EST", "attacker": "RUS", "kind": "armed_attack",
                  "amounts_to_armed_attack": False})
    assert game.refuse("EST", "self_defence", incident="border").code == "not_an_armed_attack"
    err = game.refuse("EST", "request_article5", incident="border")
    assert err.code == "not_an_armed_attack" and "para 195" in err.message


def test_a_request_alone_is_enough_and_the_council_ends_that_defence_too() -> None:
    game = world()
    game.act("KWT", "request_assistance", incident="kuwait", addressed_to=["GBR"])
    game.act("GBR", "self_defence", incident="kuwait")
    nine = ["USA", "GBR", "FRA", "ALB", "BRA", "GAB", "GHA", "IRL", "KEN"]
    draft = game.table("USA", title="All necessary means", chapter="VII",
                       measures=["determine_threat", "authorize_force"])
    events = game.put_to_vote(draft, dict.fromkeys(nine, "yes"))
    assert only(events, "security_council_acted").ends == ["self_defence"]
    assert game.state.collective_defence == ()


def test_kuwait_1990_the_victims_request_opens_collective_self_defence() -> None:
    """Resolution 661 (6 August 1990) affirmed "the inherent right of individual or
    collective self-defence" against Iraq's armed attack on Kuwait."""
    from game_rules.library import get

    scenario = get("kuwait-1990")
    assert scenario is not None
    game = Game(scenario)
    assert game.refuse("USA", "self_defence", incident="irq-kwt-1990").code == \
        "no_request_for_assistance"
    game.act("KWT", "request_assistance", incident="irq-kwt-1990", addressed_to=["USA", "GBR"],
             text="Kuwait asks for help in its self-defence.")
    declared = only(game.act("USA", "self_defence", incident="irq-kwt-1990"),
                    "self_defence_declared")
    assert (declared.collective, declared.victim) == (True, "KWT")
    assert game.refuse("IRQ", "self_defence", incident="irq-kwt-1990").code == \
        "not_attacked_state"


def test_the_debrief_names_collective_self_defence_and_its_rule() -> None:
    from game_rules.debrief import debrief
    from game_rules.replay import Timeline

    game = world()
    game.act("KWT", "self_defence", incident="kuwait")
    game.act("GBR", "self_defence", incident="kuwait")
    outcomes = [o for o in debrief(Timeline(game.scenario, 1, game.log))["outcomes"]
                if "self-defence" in o["title"]]
    titles = [o["title"] for o in outcomes]
    assert any(t.startswith("Kuwait acts in self-defence") for t in titles)
    assert any("in collective self-defence of Kuwait, at its request" in t for t in titles)
    assert all("para 199" in o["rule"] for o in outcomes)
