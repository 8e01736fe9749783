"""What-if rule changes (forks), resolution numbering, the veto initiative's dates,
and the ladder's top rung."""

from __future__ import annotations

from game_rules.caretaker import caretaker_actions
from tests.rules.rules_helpers import (
    COUNCIL_2022,
    Game,
    all_but,
    alliance,
    council_2022,
    kinds,
    only,
    votes,
)

ELEVEN = all_but(COUNCIL_2022, "RUS", "CHN", "IND", "ARE")


def test_without_the_veto_a_permanent_members_no_no_longer_blocks() -> None:
    game = Game(council_2022())
    game.act("instructor", "change_rules", rule="no_veto")
    draft = game.table("USA", title="Deplores the aggression")
    events = game.put_to_vote(draft, votes(ELEVEN, ["RUS"], ["CHN", "IND", "ARE"]))
    assert "draft_adopted" in kinds(events)


def test_the_past_keeps_its_rules_only_the_future_changes() -> None:
    game = Game(council_2022())
    first = game.table("USA", title="Before")
    game.put_to_vote(first, votes(ELEVEN, ["RUS"], ["CHN", "IND", "ARE"]))
    game.act("instructor", "change_rules", rule="no_veto")
    assert game.status(first) == "vetoed"


def test_without_nato_there_is_no_article_5() -> None:
    game = Game(alliance())
    item = game.act("EST", "request_article5", incident="tallinn")[1].item  # type: ignore[union-attr]
    game.act("instructor", "change_rules", rule="no_nato")
    assert game.state.items[item].status == "blocked"
    assert game.refuse("EST", "request_article5", incident="tallinn").code == "no_such_body"
    assert "NAC" not in game.state.channels


def test_a_caretakers_policy_changes() -> None:
    game = Game(council_2022())
    game.act("instructor", "set_caretaker", country="CHN", caretaker=True)
    game.act("instructor", "change_rules", rule="caretaker", country="CHN",
             policy={"vote": {"default": "no"}})
    draft = game.table("USA", title="T")
    game.act("instructor", "call_vote", draft=draft)
    assert {"actor": "CHN", "kind": "vote", "draft": draft, "vote": "no"} in \
        caretaker_actions(game.state)


def test_a_bad_policy_is_refused_with_its_place() -> None:
    game = Game(council_2022())
    err = game.refuse("instructor", "change_rules", rule="caretaker", country="CHN",
                      policy={"vote": {"default": "maybe"}})
    assert err.code == "invalid_action" and "vote.default" in err.message


def test_only_the_instructor_changes_the_rules() -> None:
    assert Game(council_2022()).refuse("USA", "change_rules", rule="no_veto").code == "not_allowed"


def test_resolutions_are_numbered_from_the_scenarios_first_number() -> None:
    game = Game(council_2022(bodies={"UNSC": {"first_resolution": 2623}}))
    game.put_to_vote(game.table("USA", title="Aggression"), votes(ELEVEN, ["RUS"]))
    draft = game.table("USA", procedural=True, measures=["emergency_special_session"])
    events = game.put_to_vote(draft, votes(ELEVEN, ["RUS"], ["CHN", "IND", "ARE"]))
    assert only(events, "draft_adopted").resolution == "S/RES/2623 (2022)"


def test_the_veto_initiative_applies_from_26_april_2022() -> None:
    for date, expected in (("2022-02-25", False), ("2022-06-08", True)):
        game = Game(council_2022(date=date))
        draft = game.table("USA", title="T")
        events = game.put_to_vote(draft, votes(ELEVEN, ["RUS"], ["CHN", "IND", "ARE"]))
        assert ("veto_debate_scheduled" in kinds(events)) is expected, date
    korea = Game(council_2022(year=1950, date=None))
    draft = korea.table("USA", title="T")
    events = korea.put_to_vote(draft, votes(ELEVEN, ["RUS"], ["CHN", "IND", "ARE"]))
    assert "veto_debate_scheduled" not in kinds(events)


def test_no_spillover_rung_without_an_ally_to_spill_onto() -> None:
    data = alliance(aggressor={"country": "RUS", "target": "UKR"},
                    crisis={"ladder": "occupation"})
    game = Game(data)
    for _ in range(3):
        game.act("instructor", "aggressor_move", move="escalate")
    assert game.state.crisis.level == "occupation"
