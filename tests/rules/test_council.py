"""The Security Council (Charter Art. 27 and the provisional rules of procedure),
and the General Assembly on the same machinery."""

from __future__ import annotations

import pytest

from game_rules.council import tally_assembly
from game_rules.measure_names import measure_msg
from tests.rules.rules_helpers import (
    COUNCIL_2022,
    ELECTED_2022,
    P5,
    Game,
    all_but,
    council_2022,
    kinds,
    korea_1950,
    only,
    votes,
)

NINE = ["USA", "GBR", "FRA", "ALB", "BRA", "GAB", "GHA", "IRL", "KEN"]
"""Nine members that vote yes: the threshold exactly."""
ELEVEN_2022 = all_but(COUNCIL_2022, "RUS", "CHN", "IND", "ARE")
"""The eleven that voted for S/2022/155 and resolution 2623."""
OTHERS = all_but(COUNCIL_2022, *NINE)


def council(**options: bool) -> Game:
    return Game(council_2022(options=options) if options else council_2022())


# How a vote is counted.


def test_a_permanent_members_no_vetoes_a_substantive_draft_with_nine_votes() -> None:
    game = council()
    draft = game.table("USA", title="Aggression", measures=["condemn"])
    events = game.put_to_vote(draft, votes(yes=NINE, no=["RUS"], abstain=all_but(OTHERS, "RUS")))
    vetoed = only(events, "draft_vetoed")
    assert vetoed.vetoed_by == ["RUS"]
    assert vetoed.votes == "9-1-5"
    assert game.status(draft) == "vetoed"


def test_a_veto_names_every_permanent_member_that_voted_no() -> None:
    game = council()
    draft = game.table("USA", title="Aggression")
    events = game.put_to_vote(draft, votes(yes=[*NINE, "MEX", "NOR"], no=["CHN", "RUS"]))
    assert only(events, "draft_vetoed").vetoed_by == ["CHN", "RUS"]


def test_a_permanent_members_no_on_a_draft_short_of_nine_is_not_a_veto() -> None:
    game = council()
    draft = game.table("USA", title="Aggression")
    events = game.put_to_vote(draft, votes(yes=NINE[:8], no=["RUS"],
                                           abstain=all_but(COUNCIL_2022, *NINE[:8], "RUS")))
    failed = only(events, "draft_failed")
    assert "draft_vetoed" not in kinds(events)
    assert failed.reason == "insufficient_votes"
    assert "not a veto" in failed.explanation
    assert game.status(draft) == "failed"


def test_abstention_of_a_permanent_member_is_not_a_veto() -> None:
    game = council()
    draft = game.table("USA", title="Aggression")
    events = game.put_to_vote(draft, votes(yes=NINE, abstain=OTHERS))
    assert only(events, "draft_adopted").votes == "9-0-6"
    assert game.status(draft) == "adopted"


def test_abstentions_never_count_toward_the_nine() -> None:
    game = council()
    draft = game.table("USA", title="Aggression")
    events = game.put_to_vote(draft, votes(yes=NINE[:8], abstain=all_but(COUNCIL_2022,
                                                                          *NINE[:8])))
    assert only(events, "draft_failed").votes == "8-0-7"


def test_a_member_that_did_not_vote_counts_as_absent() -> None:
    game = council()
    draft = game.table("USA", title="Aggression")
    events = game.put_to_vote(draft, votes(yes=NINE, abstain=["IND", "ARE"]))
    closed = only(events, "vote_closed")
    assert sorted(closed.absent) == sorted(["CHN", "RUS", "MEX", "NOR"])
    assert game.state.drafts[draft].absent == tuple(closed.absent)
    assert only(events, "draft_adopted").votes == "9-0-2"


def test_absence_of_a_permanent_member_is_not_a_veto() -> None:
    game = council()
    draft = game.table("USA", title="Aggression")
    events = game.put_to_vote(draft, votes(yes=NINE))
    assert "RUS" in only(events, "vote_closed").absent
    assert "draft_adopted" in kinds(events)


def test_procedural_question_passes_with_nine_whatever_the_p5_vote() -> None:
    game = council()
    draft = game.table("USA", title="Invite the briefer", procedural=True,
                       measures=["invite_speaker"])
    events = game.put_to_vote(draft, votes(yes=NINE, no=["RUS", "CHN"]))
    adopted = only(events, "draft_adopted")
    assert "Art. 27(2)" in adopted.explanation
    assert game.status(draft) == "adopted"


def test_procedural_question_short_of_nine_fails() -> None:
    game = council()
    draft = game.table("USA", title="Adopt the agenda", procedural=True)
    events = game.put_to_vote(draft, votes(yes=NINE[:8], no=["RUS"]))
    assert only(events, "draft_failed").reason == "insufficient_votes"


def test_a_draft_with_only_procedural_measures_is_procedural() -> None:
    game = council()
    draft = game.table("USA", title="Agenda", measures=["adopt_agenda"])
    assert game.state.drafts[draft].procedural is True
    assert game.state.drafts[draft].chapter is None


def test_a_procedural_draft_cannot_carry_a_question_of_substance() -> None:
    game = council()
    err = game.refuse("USA", "table_draft", title="Sanctions by a label", procedural=True,
                      measures=["condemn"])
    assert err.code == "substantive_measure_in_procedural"


@pytest.mark.parametrize("measure", ["deplore", "call_for_ceasefire", "humanitarian_access",
                                     "good_offices", "a_measure_of_our_own"])
def test_a_recommendation_is_substance_and_cannot_be_labelled_procedural(measure: str) -> None:
    game = council()
    err = game.refuse("USA", "table_draft", title="Deplores the aggression", procedural=True,
                      measures=["adopt_agenda", measure])
    assert err.code == "substantive_measure_in_procedural"
    # The measure by the name the draft form gives it (a scenario's own: its code), not its code.
    named = measure_msg(measure)
    assert (named if isinstance(named, str) else named.english()) in err.message


def test_the_no_veto_option_lets_a_substantive_draft_pass_over_a_p5_no() -> None:
    game = council(no_veto=True)
    draft = game.table("USA", title="Aggression")
    events = game.put_to_vote(draft, votes(yes=NINE, no=["RUS"]))
    explanation = only(events, "draft_adopted").explanation
    assert "the vote against by the Russian Federation, a permanent member, did not block it" \
        in explanation
    assert "no permanent member voting against" not in explanation


def test_without_the_veto_an_amendment_adopted_over_a_p5_no_says_so() -> None:
    game = council(no_veto=True)
    draft = game.table("USA", title="Aggression")
    amendment = game.table("IND", title="Softer words", amends=draft)
    events = game.put_to_vote(amendment, votes(yes=NINE, no=["RUS"]))
    explanation = only(events, "draft_adopted").explanation
    assert "the vote against by the Russian Federation, a permanent member, did not block it" \
        in explanation
    assert "no permanent member voting against" not in explanation


# Who takes part.


def test_only_council_members_vote() -> None:
    game = Game(council_2022(countries=[*COUNCIL_2022, "UKR", "DEU"]))
    draft = game.table("USA", title="Aggression")
    game.act("instructor", "call_vote", draft=draft)
    assert game.refuse("DEU", "vote", draft=draft, vote="yes").code == "not_a_council_member"


def test_invited_state_may_speak_but_not_vote() -> None:
    game = council()
    draft = game.table("USA", title="Aggression")
    assert kinds(game.act("UKR", "say", channel="UNSC", text="We are attacked.")) == [
        "message_sent"]
    game.act("instructor", "call_vote", draft=draft)
    err = game.refuse("UKR", "vote", draft=draft, vote="yes")
    assert err.code == "not_a_council_member"
    assert "rule 37" in err.message


def test_briefer_may_speak_but_neither_vote_nor_table() -> None:
    game = Game(council_2022(bodies={"UNSC": {"invited": [], "briefers": ["UKR"]}}))
    game.act("UKR", "say", channel="UNSC", text="The humanitarian situation is dire.")
    err = game.refuse("UKR", "table_draft", title="Ours")
    assert err.code == "not_a_council_member"
    assert "rule 39" in err.message


def test_a_state_neither_member_nor_invited_does_not_sit_in_the_council_channel() -> None:
    game = Game(council_2022(countries=[*COUNCIL_2022, "UKR", "DEU"]))
    assert game.refuse("DEU", "say", channel="UNSC", text="Hello").code == "not_in_channel"
    assert game.refuse("DEU", "table_draft", title="Ours").code == "not_a_council_member"


def test_rule_38_draft_of_a_non_member_needs_a_members_request() -> None:
    game = council()
    draft = game.table("UKR", title="Withdraw your troops")
    assert game.state.drafts[draft].needs_member_request is True
    assert game.refuse("instructor", "call_vote", draft=draft).code == "needs_member_request"
    assert game.refuse("UKR", "request_vote", draft=draft).code == "not_a_council_member"
    game.act("ALB", "request_vote", draft=draft)
    assert kinds(game.act("instructor", "call_vote", draft=draft)) == ["vote_called"]


def test_a_draft_of_a_member_needs_no_request() -> None:
    game = council()
    draft = game.table("USA", title="Aggression")
    assert game.refuse("ALB", "request_vote", draft=draft).code == "no_request_needed"


def test_an_unrequested_draft_of_a_non_member_does_not_hold_up_the_others() -> None:
    game = council()
    game.table("UKR", title="Withdraw your troops")
    later = game.table("USA", title="Aggression")
    assert kinds(game.act("instructor", "call_vote", draft=later)) == ["vote_called"]


# The order of business.


def test_drafts_are_voted_in_order_of_submission() -> None:
    game = council()
    first = game.table("USA", title="First")
    second = game.table("RUS", title="Second")
    assert game.refuse("instructor", "call_vote", draft=second).code == "out_of_order"
    game.put_to_vote(first, votes(yes=NINE))
    assert kinds(game.act("instructor", "call_vote", draft=second)) == ["vote_called"]


def test_amendment_before_its_draft() -> None:
    game = council()
    draft = game.table("USA", title="Aggression")
    amendment = game.table("IND", title="Softer words", amends=draft)
    assert game.refuse("instructor", "call_vote", draft=draft).code == "amendment_pending"
    game.put_to_vote(amendment, votes(yes=NINE))
    assert kinds(game.act("instructor", "call_vote", draft=draft)) == ["vote_called"]


def test_an_amendment_to_an_amendment_is_voted_before_the_amendment() -> None:
    game = council()
    draft = game.table("USA", title="Aggression")
    amendment = game.table("IND", title="Softer words", amends=draft)
    sub = game.table("BRA", title="Softer still", amends=amendment)
    assert game.refuse("instructor", "call_vote", draft=draft).code == "amendment_pending"
    assert game.refuse("instructor", "call_vote", draft=amendment).code == "amendment_pending"
    game.put_to_vote(sub, votes(yes=NINE))
    game.put_to_vote(amendment, votes(yes=NINE))
    assert kinds(game.act("instructor", "call_vote", draft=draft)) == ["vote_called"]


def test_a_draft_already_put_to_the_vote_cannot_be_amended() -> None:
    game = council()
    draft = game.table("USA", title="Aggression")
    game.act("instructor", "call_vote", draft=draft)
    err = game.refuse("IND", "table_draft", title="Too late", amends=draft)
    assert err.code == "draft_not_pending"


def test_sponsor_may_withdraw_until_put_to_vote() -> None:
    game = council()
    kept = game.table("USA", title="Kept")
    withdrawn = game.table("FRA", title="Withdrawn")
    assert game.refuse("GBR", "withdraw_draft", draft=withdrawn).code == "not_sponsor"
    game.act("FRA", "withdraw_draft", draft=withdrawn)
    assert game.status(withdrawn) == "withdrawn"
    game.act("instructor", "call_vote", draft=kept)
    assert game.refuse("USA", "withdraw_draft", draft=kept).code == "already_put_to_vote"


def test_withdrawing_a_draft_withdraws_its_amendments() -> None:
    game = council()
    draft = game.table("USA", title="Aggression")
    amendment = game.table("IND", title="Softer words", amends=draft)
    sub = game.table("BRA", title="Softer still", amends=amendment)
    game.act("USA", "withdraw_draft", draft=draft)
    assert [game.status(d) for d in (draft, amendment, sub)] == ["withdrawn"] * 3


def test_a_withdrawn_draft_cannot_be_voted() -> None:
    game = council()
    draft = game.table("USA", title="Aggression")
    game.act("USA", "withdraw_draft", draft=draft)
    assert game.refuse("instructor", "call_vote", draft=draft).code == "draft_not_pending"


def test_a_draft_may_carry_its_symbol_and_a_symbol_in_use_is_refused() -> None:
    game = council()
    assert game.table("USA", draft="S/2022/155", title="Aggression") == "S/2022/155"
    err = game.refuse("GBR", "table_draft", draft="S/2022/155", title="Again")
    assert err.code == "draft_name_taken"
    assert game.table("GBR", title="Next") == "S/2022/2"


def test_an_unknown_draft_is_refused_by_name() -> None:
    game = council()
    err = game.refuse("instructor", "call_vote", draft="S/2022/999")
    assert err.code == "unknown_draft"
    assert "S/2022/999" in err.message


# The Charter's chapters.


def test_chapter_vii_measures_need_an_article_39_determination() -> None:
    game = council()
    err = game.refuse("USA", "table_draft", title="Sanctions", chapter="VII",
                      measures=["sanctions"])
    assert err.code == "no_article39_determination"
    assert "Art. 39" in err.message


def test_a_determination_in_the_same_draft_allows_chapter_vii_measures() -> None:
    game = council()
    draft = game.table("USA", title="Sanctions", measures=["determine_threat", "sanctions"])
    assert game.state.drafts[draft].chapter == "VII"


def test_a_determination_in_an_earlier_adopted_resolution_allows_chapter_vii_measures() -> None:
    game = council()
    determination = game.table("USA", title="Breach of the peace", chapter="VII",
                               measures=["determine_threat"])
    game.put_to_vote(determination, votes(yes=NINE))
    draft = game.table("USA", title="All necessary means", measures=["authorize_force"])
    assert game.state.drafts[draft].chapter == "VII"


def test_a_vetoed_determination_does_not_count() -> None:
    game = council()
    determination = game.table("USA", title="Breach of the peace", chapter="VII",
                               measures=["determine_threat"])
    game.put_to_vote(determination, votes(yes=NINE, no=["RUS"]))
    err = game.refuse("USA", "table_draft", title="Sanctions", measures=["sanctions"])
    assert err.code == "no_article39_determination"


def test_chapter_vii_measures_cannot_be_decided_under_chapter_vi() -> None:
    game = council()
    err = game.refuse("USA", "table_draft", title="Sanctions", chapter="VI",
                      measures=["determine_threat", "sanctions"])
    assert err.code == "measure_needs_chapter_vii"


# What binds (Charter Art. 25; ICJ, Namibia advisory opinion, 1971, para 113).


def test_a_decision_under_chapter_vi_binds() -> None:
    game = council()
    draft = game.table("USA", title="Withdrawal", chapter="VI", measures=["demand_withdrawal"],
                       text="Decides that all forces shall withdraw to the lines of 1 May.")
    adopted = only(game.put_to_vote(draft, votes(yes=NINE)), "draft_adopted")
    assert adopted.binding is True
    assert "Art. 25" in adopted.explanation and "para 113" in adopted.explanation


def test_a_recommendation_under_chapter_vii_does_not_bind() -> None:
    """Resolution 83 (1950), under Chapter VII in substance, "recommends" assistance."""
    game = council()
    game.put_to_vote(game.table("USA", title="Breach of the peace", chapter="VII",
                                measures=["determine_threat"]), votes(yes=NINE))
    draft = game.table("USA", title="Assistance", chapter="VII", measures=["authorize_force"],
                       text="Recommends that Members furnish such assistance as may be "
                            "necessary to repel the armed attack.")
    adopted = only(game.put_to_vote(draft, votes(yes=NINE)), "draft_adopted")
    assert adopted.binding is False
    assert "It recommends" in adopted.explanation


def test_the_sponsor_says_whether_a_text_decides() -> None:
    game = council()
    decides = game.table("USA", title="Ceasefire", measures=["call_for_ceasefire"],
                         decides=True)
    recommends = game.table("USA", title="Embargo", chapter="VII",
                            measures=["determine_threat", "demand_ceasefire"], decides=False)
    assert only(game.put_to_vote(decides, votes(yes=NINE)), "draft_adopted").binding is True
    assert only(game.put_to_vote(recommends, votes(yes=NINE)), "draft_adopted").binding is False


@pytest.mark.parametrize(("measures", "text", "binding"), [
    (["determine_threat", "sanctions"], "", True),
    (["determine_threat", "refer_to_icc"], "", True),
    (["determine_threat", "demand_ceasefire"], "Demands an immediate ceasefire.", False),
    (["determine_threat"], "Determines a breach of the peace. Decides to remain seized of "
                           "the matter.", False),
    (["determine_threat", "authorize_force"], "Authorizes Member States to use all "
                                             "necessary means.", False),
    (["determine_threat", "authorize_force"], "Decides, while maintaining all its "
                                             "decisions, to allow one final opportunity.",
     True),
])
def test_what_decides_is_read_from_the_measures_and_the_text(measures: list[str], text: str,
                                                              binding: bool) -> None:
    game = council()
    draft = game.table("USA", title="Text", chapter="VII", measures=measures, text=text)
    assert only(game.put_to_vote(draft, votes(yes=NINE)), "draft_adopted").binding is binding


# Councils of other sizes, and the scenario's options.


def test_council_of_eleven_adopts_with_seven() -> None:
    game = Game(korea_1950())
    draft = game.table("USA", title="Korea")
    events = game.put_to_vote(draft, votes(yes=["USA", "GBR", "FRA", "CHN", "CUB", "ECU",
                                                 "NOR"]))
    assert only(events, "draft_adopted").votes == "7-0-0"


def test_council_of_eleven_fails_with_six() -> None:
    game = Game(korea_1950())
    draft = game.table("USA", title="Korea")
    events = game.put_to_vote(draft, votes(yes=["USA", "GBR", "FRA", "CHN", "CUB", "NOR"],
                                           abstain=["EGY", "IND"]))
    assert only(events, "draft_failed").votes == "6-0-2"


def test_threshold_defaults_to_three_fifths_of_the_seats() -> None:
    fifteen = Game(council_2022())
    eleven = Game(korea_1950(bodies={"UNSC": {"threshold": None}}))
    assert fifteen.scenario.bodies.UNSC is not None
    assert eleven.scenario.bodies.UNSC is not None
    assert fifteen.scenario.bodies.UNSC.required_yes() == 9
    assert eleven.scenario.bodies.UNSC.required_yes() == 7


def test_party_abstention_option_art_27_3() -> None:
    scenario = council_2022(
        options={"party_abstention": True},
        incidents=[{"id": "inc", "target": "UKR", "attacker": "RUS",
                    "in_treaty_area": False}])
    game = Game(scenario)
    draft = game.table("USA", title="Peaceful settlement", chapter="VI",
                       measures=["call_for_negotiations"])
    game.act("instructor", "call_vote", draft=draft)
    err = game.refuse("RUS", "vote", draft=draft, vote="no")
    assert err.code == "party_must_abstain"
    assert "Art. 27(3)" in err.message
    assert kinds(game.act("RUS", "vote", draft=draft, vote="abstain")) == ["vote_cast"]


def test_party_abstention_does_not_reach_chapter_vii() -> None:
    scenario = council_2022(
        options={"party_abstention": True},
        incidents=[{"id": "inc", "target": "UKR", "attacker": "RUS",
                    "in_treaty_area": False}])
    game = Game(scenario)
    draft = game.table("USA", title="Breach", chapter="VII", measures=["determine_threat"])
    game.act("instructor", "call_vote", draft=draft)
    assert kinds(game.act("RUS", "vote", draft=draft, vote="no")) == ["vote_cast"]


def test_party_abstention_is_off_by_default() -> None:
    game = Game(council_2022(incidents=[{"id": "inc", "target": "UKR", "attacker": "RUS",
                                         "in_treaty_area": False}]))
    draft = game.table("USA", title="Peaceful settlement", chapter="VI")
    game.act("instructor", "call_vote", draft=draft)
    assert kinds(game.act("RUS", "vote", draft=draft, vote="no")) == ["vote_cast"]


def test_double_veto_option() -> None:
    game = council(double_veto=True)
    draft = game.table("USA", title="Refer to the Assembly", procedural=True,
                       measures=["emergency_special_session"])
    preliminary = only(game.act("RUS", "contest_procedural", draft=draft),
                       "draft_tabled").draft
    assert game.refuse("instructor", "call_vote", draft=draft).code == "amendment_pending"
    first = game.put_to_vote(preliminary, votes(yes=[*NINE, "MEX", "NOR"], no=["RUS"]))
    assert only(first, "procedural_question_decided").procedural is False
    second = game.put_to_vote(draft, votes(yes=[*NINE, "MEX", "NOR"], no=["RUS"]))
    assert only(second, "draft_vetoed").vetoed_by == ["RUS"]
    assert "emergency_session_called" not in kinds(second)


def test_double_veto_preliminary_question_adopted_keeps_the_draft_procedural() -> None:
    game = council(double_veto=True)
    game.put_to_vote(game.table("USA", title="Aggression", measures=["condemn"]),
                     votes(yes=NINE, no=["RUS"]))
    draft = game.table("USA", title="Refer to the Assembly", procedural=True,
                       measures=["emergency_special_session"])
    preliminary = only(game.act("RUS", "contest_procedural", draft=draft),
                       "draft_tabled").draft
    game.put_to_vote(preliminary, votes(yes=NINE, abstain=["RUS"]))
    events = game.put_to_vote(draft, votes(yes=NINE, no=["RUS"]))
    assert "emergency_session_called" in kinds(events)


def test_double_veto_is_off_by_default_and_only_for_permanent_members() -> None:
    plain = council()
    draft = plain.table("USA", title="Agenda", procedural=True)
    assert plain.refuse("RUS", "contest_procedural", draft=draft).code == "option_off"
    game = council(double_veto=True)
    draft = game.table("USA", title="Agenda", procedural=True)
    assert game.refuse("IND", "contest_procedural", draft=draft).code == "not_permanent_member"


# The presidency and the conduct of a vote.


def test_presidency_rotates_in_english_alphabetical_order() -> None:
    game = Game(council_2022(rounds=5))
    presidents = [game.state.president]
    for _ in range(4):
        for _ in range(4):
            game.act("instructor", "advance_phase")
        presidents.append(game.state.president)
    # February to June 2022: Russia, the UAE, the UK, the US, then back to Albania.
    assert presidents == ["RUS", "ARE", "GBR", "USA", "ALB"]


def test_without_a_named_president_the_first_in_alphabetical_order_presides() -> None:
    game = Game(council_2022(bodies={"UNSC": {"president": None}}))
    assert game.state.president == "ALB"


def test_the_president_or_the_instructor_calls_a_vote() -> None:
    game = council()
    draft = game.table("USA", title="Aggression")
    assert game.refuse("USA", "call_vote", draft=draft).code == "not_president"
    assert kinds(game.act("RUS", "call_vote", draft=draft)) == ["vote_called"]


def test_vote_once_cast_is_final() -> None:
    game = council()
    draft = game.table("USA", title="Aggression")
    game.act("instructor", "call_vote", draft=draft)
    game.act("IND", "vote", draft=draft, vote="abstain")
    err = game.refuse("IND", "vote", draft=draft, vote="yes")
    assert err.code == "already_voted"
    assert game.state.drafts[draft].votes["IND"] == "abstain"


def test_votes_only_while_open() -> None:
    game = council()
    draft = game.table("USA", title="Aggression")
    assert game.refuse("USA", "vote", draft=draft, vote="yes").code == "no_vote_open"
    game.put_to_vote(draft, votes(yes=NINE))
    assert game.refuse("RUS", "vote", draft=draft, vote="no").code == "no_vote_open"


def test_one_vote_at_a_time_in_a_council() -> None:
    game = council()
    game.table("UKR", title="Not yet requested")
    first = game.table("USA", title="First")
    game.act("instructor", "call_vote", draft=first)
    game.table("GBR", title="Second")
    assert game.refuse("instructor", "call_vote", draft=first).code == "vote_in_progress"


def test_the_vote_closes_by_itself_once_every_member_has_voted() -> None:
    game = council()
    draft = game.table("USA", title="Aggression")
    events = game.put_to_vote(draft, votes(yes=all_but(COUNCIL_2022, "RUS"), no=["RUS"]),
                              close=False)
    closed = only(events, "vote_closed")
    assert closed.by == "system"
    assert kinds(events[-3:]) == ["vote_closed", "draft_vetoed", "veto_debate_scheduled"]
    assert game.state.open_votes == {}


def test_only_the_president_or_the_instructor_closes_a_vote() -> None:
    game = council()
    draft = game.table("USA", title="Aggression")
    game.act("instructor", "call_vote", draft=draft)
    assert game.refuse("USA", "close_vote", draft=draft).code == "not_president"
    assert "vote_closed" in kinds(game.act("RUS", "close_vote", draft=draft))


def test_adopted_resolutions_are_numbered_in_turn() -> None:
    game = council()
    first = game.table("USA", title="One")
    second = game.table("USA", title="Two")
    a = only(game.put_to_vote(first, votes(yes=NINE)), "draft_adopted")
    b = only(game.put_to_vote(second, votes(yes=NINE)), "draft_adopted")
    # The first resolution of 2022 was 2618 (54 were adopted that year, 2,671 to its end).
    assert (a.resolution, b.resolution) == ("S/RES/2618 (2022)", "S/RES/2619 (2022)")


# After a veto: the General Assembly.


def test_veto_schedules_the_ga_debate() -> None:
    game = council()
    draft = game.table("USA", title="Aggression")
    events = game.put_to_vote(draft, votes(yes=NINE, no=["RUS"]))
    debate = only(events, "veto_debate_scheduled")
    assert (debate.draft, debate.vetoed_by) == (draft, ["RUS"])
    assert any(n.kind == "veto_debate" and "10 working days" in n.text
               for n in game.state.news)


def test_a_failed_draft_schedules_no_ga_debate() -> None:
    game = council()
    draft = game.table("USA", title="Aggression")
    events = game.put_to_vote(draft, votes(yes=NINE[:8], no=["RUS"]))
    assert "veto_debate_scheduled" not in kinds(events)


def test_uniting_for_peace_procedural_referral_cannot_be_vetoed() -> None:
    game = council()
    game.put_to_vote(game.table("USA", title="Aggression", measures=["deplore"]),
                     votes(yes=NINE, no=["RUS"]))
    draft = game.table("USA", title="Emergency special session", procedural=True,
                       measures=["emergency_special_session"])
    events = game.put_to_vote(draft, votes(yes=[*NINE, "MEX", "NOR"], no=["RUS"],
                                           abstain=["CHN", "IND", "ARE"]))
    assert kinds(events)[-2:] == ["draft_adopted", "emergency_session_called"]
    assert only(events, "draft_adopted").votes == "11-1-3"
    assert game.state.emergency_session is True


def test_a_referral_tabled_as_substance_is_open_to_the_veto() -> None:
    game = council()
    draft = game.table("USA", title="Session and condemnation",
                       measures=["emergency_special_session", "condemn"])
    events = game.put_to_vote(draft, votes(yes=NINE, no=["RUS"]))
    assert "draft_vetoed" in kinds(events)
    assert game.state.emergency_session is False


def test_general_assembly_recommends_with_two_thirds_of_present_and_voting() -> None:
    members = ("A", "B", "C", "D", "E", "F")
    outcome = tally_assembly(members=members, important=True,
                             votes={"A": "yes", "B": "yes", "C": "no", "D": "abstain",
                                    "E": "abstain"})
    assert outcome.result == "adopted"
    assert outcome.absent == ("F",)
    short = tally_assembly(members=members, important=True,
                           votes={"A": "yes", "B": "no", "C": "no", "D": "yes"})
    assert short.result == "failed"


def test_general_assembly_resolutions_do_not_bind() -> None:
    game = Game({"id": "ga", "title": "GA", "countries": ["UKR", "RUS", "FRA", "BRA"],
                 "bodies": {"UNGA": {}}})
    draft = game.table("UKR", body="UNGA", title="Aggression against Ukraine", important=True)
    game.act("instructor", "call_vote", draft=draft)
    game.act("UKR", "vote", draft=draft, vote="yes")
    game.act("FRA", "vote", draft=draft, vote="yes")
    game.act("RUS", "vote", draft=draft, vote="no")
    events = game.act("BRA", "vote", draft=draft, vote="abstain")
    assert only(events, "draft_adopted").binding is False


@pytest.mark.parametrize("member", ELECTED_2022)
def test_an_elected_members_no_is_never_a_veto(member: str) -> None:
    game = council()
    draft = game.table("USA", title="Aggression")
    yes = all_but(COUNCIL_2022, member)[:9]
    events = game.put_to_vote(draft, votes(yes=yes, no=[member]))
    assert "draft_adopted" in kinds(events)


@pytest.mark.parametrize("member", P5)
def test_each_permanent_members_no_is_a_veto(member: str) -> None:
    game = council()
    draft = game.table("GHA", title="Aggression")
    yes = all_but(COUNCIL_2022, member)[:9]
    events = game.put_to_vote(draft, votes(yes=yes, no=[member]))
    assert only(events, "draft_vetoed").vetoed_by == [member]


# The General Assembly's important questions (Charter Art. 18(2)).


def assembly(n: int) -> Game:
    """An Assembly of ``n`` members (the real one's 193 do not fit a class)."""
    codes = ["UKR", "RUS", "FRA", "BRA", "IND", "CHN", "USA", "GBR"][:n]
    return Game({"id": "ga", "title": "GA", "year": 2022, "countries": codes,
                 "bodies": {"UNGA": {}}})


def test_a_recommendation_on_peace_and_security_needs_two_thirds_whatever_it_says() -> None:
    game = assembly(6)
    draft = game.table("UKR", body="UNGA", title="Aggression against Ukraine",
                       measures=["deplore", "demand_withdrawal"], important=False)
    assert game.state.drafts[draft].important is True
    events = game.put_to_vote(draft, votes(yes=["UKR", "FRA", "BRA"], no=["RUS", "CHN"],
                                           abstain=["IND"]))
    failed = only(events, "draft_failed")
    assert failed.votes == "3-2-1" and "Art. 18(2)" in failed.explanation


def test_other_questions_pass_by_a_simple_majority() -> None:
    game = assembly(6)
    draft = game.table("UKR", body="UNGA", title="The Assembly's calendar",
                       measures=["request_report"])
    assert game.state.drafts[draft].important is False
    events = game.put_to_vote(draft, votes(yes=["UKR", "FRA", "BRA"], no=["RUS", "CHN"],
                                           abstain=["IND"]))
    assert "Art. 18(3)" in only(events, "draft_adopted").explanation


def test_es_11_1_two_thirds_of_those_present_and_voting() -> None:
    """141 in favour, 5 against, 35 abstentions: 141 of 146 present and voting."""
    outcome = tally_assembly(members=tuple(f"M{i}" for i in range(193)), important=True,
                             votes={**{f"M{i}": "yes" for i in range(141)},
                                    **{f"M{i}": "no" for i in range(141, 146)},
                                    **{f"M{i}": "abstain" for i in range(146, 181)}})
    assert (outcome.result, outcome.votes, len(outcome.absent)) == ("adopted", "141-5-35", 12)


# The International Criminal Court (Rome Statute Art. 13(b)).


def test_a_referral_to_the_icc_is_only_for_the_council_acting_under_chapter_vii() -> None:
    game = council()
    err = game.refuse("USA", "table_draft", title="Darfur", chapter="VI",
                      measures=["refer_to_icc"])
    assert err.code == "measure_needs_chapter_vii"
    err = game.refuse("USA", "table_draft", title="Darfur", chapter="VII",
                      measures=["refer_to_icc"])
    assert err.code == "no_article39_determination"
    draft = game.table("USA", title="Darfur", measures=["determine_threat", "refer_to_icc"])
    assert game.state.drafts[draft].chapter == "VII"
    adopted = only(game.put_to_vote(draft, votes(yes=[*NINE, "MEX", "NOR"],
                                                 abstain=["CHN", "BRA", "USA", "ARE"])),
                   "draft_adopted")
    assert adopted.binding is True


# Absence and abstention (Namibia, 1971, para 22; Art. 28(1)).


def test_an_absence_rests_on_the_councils_practice_an_abstention_on_namibia() -> None:
    game = council()
    draft = game.table("USA", title="Aggression", measures=["deplore"])
    adopted = only(game.put_to_vote(draft, votes(yes=[*NINE, "MEX", "NOR"], abstain=["CHN"])),
                   "draft_adopted")
    explanation = adopted.explanation
    assert "abstention of China is not a veto" in explanation and "para 22" in explanation
    assert "absence of the Russian Federation is not a veto" in explanation
    absence = explanation[explanation.index("absence"):]
    assert "Namibia" not in absence and "Art. 28(1)" in absence and "1950" in absence


# The veto initiative's own condition (GA res. 76/262, para 1).


def test_no_separate_veto_debate_while_an_emergency_special_session_sits() -> None:
    game = council()
    first = game.put_to_vote(game.table("USA", title="Aggression", measures=["deplore"]),
                             votes(yes=ELEVEN_2022, no=["RUS"]))
    assert "veto_debate_scheduled" in kinds(first)
    referral = game.table("USA", procedural=True, measures=["emergency_special_session"])
    game.put_to_vote(referral, votes(yes=ELEVEN_2022, no=["RUS"]))
    second = game.put_to_vote(game.table("USA", title="Annexation", measures=["condemn"]),
                              votes(yes=all_but(ELEVEN_2022, "BRA"), no=["RUS"]))
    vetoed = only(second, "draft_vetoed")
    assert "veto_debate_scheduled" not in kinds(second)
    assert "76/262" in vetoed.explanation and "emergency special session" in vetoed.explanation


def test_a_veto_on_another_situation_still_brings_its_debate() -> None:
    game = council()
    game.put_to_vote(game.table("USA", title="Aggression", measures=["deplore"]),
                     votes(yes=ELEVEN_2022, no=["RUS"]))
    game.put_to_vote(game.table("USA", procedural=True, measures=["emergency_special_session"]),
                     votes(yes=ELEVEN_2022, no=["RUS"]))
    other = game.table("USA", title="Sanctions elsewhere", measures=["condemn"],
                       situation="korea")
    assert "veto_debate_scheduled" in kinds(game.put_to_vote(other, votes(yes=ELEVEN_2022,
                                                                          no=["RUS"])))


# Uniting for Peace, whole (GA res. 377 A (V)).


def test_no_emergency_session_without_a_failure_for_lack_of_unanimity() -> None:
    game = council()
    referral = game.table("USA", procedural=True, measures=["emergency_special_session"])
    err = game.refuse("instructor", "call_vote", draft=referral)
    assert err.code == "no_lack_of_unanimity" and "377 A (V)" in err.message
    # A draft short of the votes, even with a permanent member's no, is no veto.
    failed = game.table("USA", title="Aggression", measures=["deplore"])
    game.act("USA", "withdraw_draft", draft=referral)
    game.put_to_vote(failed, votes(yes=NINE[:8], no=["RUS"]))
    referral = game.table("USA", procedural=True, measures=["emergency_special_session"])
    assert game.refuse("instructor", "call_vote", draft=referral).code == "no_lack_of_unanimity"


def test_the_council_of_eleven_called_one_with_seven_votes() -> None:
    game = Game(korea_1950())
    game.put_to_vote(game.table("USA", title="Korea", measures=["condemn"]),
                     votes(yes=["USA", "GBR", "FRA", "CHN", "CUB", "ECU", "NOR"], no=["SUN"]))
    referral = game.table("USA", procedural=True, measures=["emergency_special_session"])
    events = game.put_to_vote(referral, votes(yes=["USA", "GBR", "FRA", "CHN", "CUB", "ECU",
                                                   "NOR"], no=["SUN"]))
    assert "emergency_session_called" in kinds(events)
    again = game.table("USA", procedural=True, measures=["emergency_special_session"])
    assert game.refuse("instructor", "call_vote", draft=again).code == \
        "emergency_session_sitting"


def test_a_majority_of_the_members_can_request_an_emergency_session() -> None:
    game = Game(council_2022(bodies={"UNGA": {}}))
    members = game.state.council_members("UNGA")
    assert len(members) == 16
    assert game.refuse("UKR", "request_emergency_session").code == "no_lack_of_unanimity"
    game.put_to_vote(game.table("USA", title="Aggression", measures=["deplore"]),
                     votes(yes=ELEVEN_2022, no=["RUS"]))
    events: list[object] = []
    for code in members[:8]:
        events = game.act(code, "request_emergency_session", text="Uniting for Peace")
        assert "emergency_session_called" not in kinds(events)
    assert only(events, "emergency_session_requested").needed == 9
    assert game.refuse(members[0], "request_emergency_session").code == "already_requested"
    events = game.act(members[8], "request_emergency_session")
    called = only(events, "emergency_session_called")
    assert called.draft is None and called.requested_by == list(members[:9])
    assert game.state.emergency_sessions == ("",)
    assert game.refuse(members[9], "request_emergency_session").code == \
        "emergency_session_sitting"


def test_only_members_of_the_assembly_join_the_request() -> None:
    game = Game(council_2022(bodies={"UNGA": {"members": ["USA", "UKR", "FRA"]}}))
    assert game.refuse("RUS", "request_emergency_session").code == "not_a_member"
    assert council().refuse("UKR", "request_emergency_session").code == "no_such_body"


# Art. 27(3): the abstention of parties, in Chapter VI and under Art. 52(3).


def test_a_party_abstains_on_a_regional_settlement_under_article_52_3() -> None:
    game = Game(council_2022(options={"party_abstention": True},
                             incidents=[{"id": "inc", "target": "UKR", "attacker": "RUS",
                                         "in_treaty_area": False}]))
    draft = game.table("USA", title="Regional settlement", chapter="VII",
                       measures=["determine_threat", "regional_settlement"])
    game.act("instructor", "call_vote", draft=draft)
    err = game.refuse("RUS", "vote", draft=draft, vote="no")
    assert err.code == "party_must_abstain" and "paragraph 3 of Article 52" in err.message
