"""The Security Council (Charter Art. 27 and the provisional rules of procedure),
and the General Assembly on the same machinery."""

from __future__ import annotations

import pytest

from game_rules.council import tally_assembly
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
    assert measure in err.message


def test_the_no_veto_option_lets_a_substantive_draft_pass_over_a_p5_no() -> None:
    game = council(no_veto=True)
    draft = game.table("USA", title="Aggression")
    events = game.put_to_vote(draft, votes(yes=NINE, no=["RUS"]))
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


def test_only_chapter_vii_decisions_bind() -> None:
    game = council()
    recommendation = game.table("USA", title="Calls for a ceasefire",
                                measures=["call_for_ceasefire"])
    decision = game.table("USA", title="Demands a ceasefire", chapter="VII",
                          measures=["determine_threat", "demand_ceasefire"])
    first = game.put_to_vote(recommendation, votes(yes=NINE))
    second = game.put_to_vote(decision, votes(yes=NINE))
    assert only(first, "draft_adopted").binding is False
    assert only(second, "draft_adopted").binding is True


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
