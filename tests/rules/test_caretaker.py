"""Caretakers: unplayed countries act by their scenario's policy, through the
same actions as players."""

from __future__ import annotations

from typing import Any

from game_rules.caretaker import caretaker_actions
from tests.rules.rules_helpers import COUNCIL_2022, ELECTED_2022, P5, Game, kinds

ALLIES = ["USA", "GBR", "FRA", "NOR", "ALB", "TUR", "HUN", "EST"]


def seat(code: str, **policy: Any) -> dict[str, Any]:
    return {"code": code, "playable": False, "caretaker": policy}


def scenario(*entries: dict[str, Any], **extra: Any) -> dict[str, Any]:
    codes = {e["code"] for e in entries}
    data: dict[str, Any] = {
        "id": "care", "title": "Caretakers", "year": 2022,
        "countries": [*(c for c in [*COUNCIL_2022, "TUR", "HUN", "EST", "SWE", "UKR"]
                        if c not in codes), *entries],
        "bodies": {"UNSC": {"permanent": P5, "elected": ELECTED_2022, "president": "USA"},
                   "NAC": {"members": ALLIES}},
        "incidents": [{"id": "tallinn", "target": "EST", "attacker": "RUS"}],
    }
    data.update(extra)
    return data


def caretaker_votes(game: Game) -> dict[str, str]:
    return {a["actor"]: a["vote"] for a in caretaker_actions(game.state) if a["kind"] == "vote"}


def test_caretakers_vote_by_policy() -> None:
    game = Game(scenario(
        seat("IND", vote={"default": "abstain"}),
        seat("BRA", vote={"default": "abstain", "yes_if": ["demand_ceasefire"]}),
        seat("CHN", vote={"default": "yes", "no_if": ["sanctions"]}),
        seat("GAB", vote={"default": "absent"})))
    draft = game.table("USA", title="Ceasefire and sanctions", chapter="VII",
                       measures=["determine_threat", "demand_ceasefire", "sanctions"])
    game.act("instructor", "call_vote", draft=draft)
    assert caretaker_votes(game) == {"CHN": "no", "BRA": "yes", "IND": "abstain"}


def test_a_no_rule_comes_before_a_yes_rule() -> None:
    game = Game(scenario(seat("KEN", vote={"yes_if": ["condemn"], "no_if": ["sanctions"]})))
    draft = game.table("USA", title="Both", measures=["determine_threat", "condemn",
                                                       "sanctions"])
    game.act("instructor", "call_vote", draft=draft)
    assert caretaker_votes(game) == {"KEN": "no"}


def test_a_caretaker_that_follows_waits_for_its_leader() -> None:
    game = Game(scenario(seat("ARE", vote={"follow": "IND", "default": "abstain"})))
    draft = game.table("USA", title="Aggression")
    game.act("instructor", "call_vote", draft=draft)
    assert caretaker_votes(game) == {}
    game.act("IND", "vote", draft=draft, vote="no")
    assert caretaker_votes(game) == {"ARE": "no"}


def test_a_caretaker_does_not_vote_twice() -> None:
    game = Game(scenario(seat("IND")))
    draft = game.table("USA", title="Aggression")
    game.act("instructor", "call_vote", draft=draft)
    for action in caretaker_actions(game.state):
        game.act(**action)
    assert caretaker_votes(game) == {}


def test_a_caretaker_party_abstains_under_art_27_3() -> None:
    game = Game(scenario(seat("RUS", vote={"default": "no"}),
                         options={"party_abstention": True}))
    draft = game.table("USA", title="Settlement", chapter="VI")
    game.act("instructor", "call_vote", draft=draft)
    assert caretaker_votes(game) == {"RUS": "abstain"}


def test_caretakers_break_silence_by_policy() -> None:
    policy = {"break_on": ["invite"], "unless_text_contains": ["Kurdish"],
              "reason": "Our security concerns first."}
    game = Game(scenario(seat("TUR", silence=policy)))
    statement = game.circulate(title="Statement")
    plain = game.circulate(decision="invite", candidate="SWE", text="Welcome, Sweden.")
    actions = caretaker_actions(game.state)
    assert actions == [{"actor": "TUR", "kind": "break_silence", "item": plain,
                        "reason": "Our security concerns first."}]
    assert statement not in [a["item"] for a in actions]


def test_a_text_that_meets_the_caretakers_demand_passes_its_silence() -> None:
    policy = {"break_on": ["invite"], "unless_text_contains": ["kurdish"]}
    game = Game(scenario(seat("TUR", silence=policy)))
    game.circulate(decision="invite", candidate="SWE",
                   text="Sweden will address the Kurdish question.")
    assert caretaker_actions(game.state) == []


def test_caretakers_ratify_at_once_unless_their_policy_is_never() -> None:
    game = Game(scenario(seat("HUN", ratify="never"), seat("NOR")))
    game.deadline(game.circulate(decision="invite", candidate="SWE"))
    ratifiers = [a["actor"] for a in caretaker_actions(game.state) if a["kind"] == "ratify"]
    assert ratifiers == ["NOR"]


def test_caretakers_pledge_after_article5_by_policy() -> None:
    game = Game(scenario(seat("NOR", pledge="military"), seat("HUN")))
    assert caretaker_actions(game.state) == []
    item = next(e.item for e in game.act("EST", "request_article5", incident="tallinn")
                if e.kind == "item_circulated")
    game.deadline(item)
    actions = caretaker_actions(game.state)
    assert [(a["actor"], a["kind"], a["response"]) for a in actions] == [
        ("NOR", "pledge", "military")]
    # Its detail would be shown as written to readers of every language: a caretaker writes
    # none (it wrote "by its standing policy", English on French and Spanish pages).
    assert "detail" not in actions[0]
    game.act(**actions[0])
    assert caretaker_actions(game.state) == []


def test_caretakers_rest_while_the_game_is_paused() -> None:
    game = Game(scenario(seat("IND")))
    draft = game.table("USA", title="Aggression")
    game.act("instructor", "call_vote", draft=draft)
    game.act("instructor", "pause")
    assert caretaker_actions(game.state) == []


def test_every_caretaker_action_is_one_the_engine_accepts() -> None:
    game = Game(scenario(seat("IND"), seat("RUS", vote={"default": "no"}),
                         seat("CHN", vote={"follow": "RUS"}), seat("NOR", pledge="economic")))
    draft = game.table("USA", title="Aggression")
    game.act("instructor", "call_vote", draft=draft)
    for action in caretaker_actions(game.state):
        assert kinds(game.act(**action))[0] == "vote_cast"
    for action in caretaker_actions(game.state):
        assert kinds(game.act(**action))[0] == "vote_cast"
    assert game.state.drafts[draft].votes == {"IND": "abstain", "RUS": "no", "NOR": "abstain",
                                              "CHN": "no"}


def test_the_instructor_hands_a_seat_to_its_caretaker_and_back() -> None:
    game = Game(scenario())
    game.act("instructor", "set_caretaker", country="IND")
    assert "IND" in game.state.caretakers
    assert game.refuse("instructor", "set_caretaker", country="IND").code == "no_change"
    game.act("instructor", "set_caretaker", country="IND", caretaker=False)
    assert "IND" not in game.state.caretakers
    assert game.refuse("instructor", "set_caretaker", country="XYZ").code == "unknown_country"


def test_a_caretaker_stays_away_from_a_vote_by_measure() -> None:
    # Yemen did not take part in the vote on resolution 660 (2 August 1990), which
    # condemned the invasion, yet voted for resolution 662 a week later.
    game = Game(scenario(seat("GAB", vote={"absent_if": ["condemn"], "yes_if": ["demand_withdrawal"],
                                           "no_if": ["authorize_force"]})))
    first = game.table("USA", title="Condemn and demand", chapter="VII",
                       measures=["determine_threat", "condemn", "demand_withdrawal"])
    game.act("instructor", "call_vote", draft=first)
    assert caretaker_votes(game) == {}
    game.act("instructor", "close_vote", draft=first)
    assert "GAB" not in game.state.drafts[first].votes
    second = game.table("USA", title="Demand", measures=["demand_withdrawal"])
    game.act("instructor", "call_vote", draft=second)
    assert caretaker_votes(game) == {"GAB": "yes"}
    game.act("instructor", "close_vote", draft=second)
    third = game.table("USA", title="Force", chapter="VII",
                       measures=["determine_threat", "condemn", "authorize_force"])
    game.act("instructor", "call_vote", draft=third)
    assert caretaker_votes(game) == {"GAB": "no"}


def test_a_caretaker_votes_in_the_assembly_by_its_assembly_policy() -> None:
    # France voted against Russia's call for a humanitarian ceasefire in the Council
    # (16 October 2023) and for the Assembly's call for a humanitarian truce (27 October).
    france = seat("FRA", vote={"default": "yes", "no_if": ["call_for_ceasefire"]},
                  assembly_vote={"default": "yes"})
    game = Game(scenario(france, bodies={"UNSC": {"permanent": P5, "elected": ELECTED_2022},
                                         "UNGA": {}}))
    council = game.table("RUS", title="A humanitarian ceasefire", measures=["call_for_ceasefire"])
    game.act("instructor", "call_vote", draft=council)
    assert caretaker_votes(game)["FRA"] == "no"
    game.act("instructor", "close_vote", draft=council)
    assembly = game.table("BRA", body="UNGA", title="A humanitarian truce", important=True,
                          measures=["call_for_ceasefire"])
    game.act("instructor", "call_vote", draft=assembly)
    assert caretaker_votes(game)["FRA"] == "yes"


def test_without_an_assembly_policy_the_council_policy_serves_both() -> None:
    game = Game(scenario(seat("IND", vote={"default": "abstain", "yes_if": ["condemn"]}),
                         bodies={"UNSC": {"permanent": P5, "elected": ELECTED_2022},
                                 "UNGA": {}}))
    assembly = game.table("BRA", body="UNGA", title="Condemn", measures=["condemn"])
    game.act("instructor", "call_vote", draft=assembly)
    assert caretaker_votes(game)["IND"] == "yes"
