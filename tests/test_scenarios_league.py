"""The shipped League scenarios manchuria-1931 and abyssinia-1935: the Councils of 1931 and
1935, and caretakers that vote and sanction as the Members did (docs/teachers/)."""

from __future__ import annotations

from game_rules.library import shipped
from tests.test_scenarios import advance_to, started
from tests.test_scenarios_korea_suez import outcome, vote_on


def test_manchuria_1931_the_council_of_1931_with_france_presiding() -> None:
    sc = shipped()["manchuria-1931"]
    council = sc.bodies.LNC
    assert council is not None and council.president == "FRA"
    assert set(council.permanent) == {"GBR", "FRA", "DEU", "ITA", "JPN"}
    assert set(council.elected) == {"CHN", "GTM", "IRL", "NOR", "PAN", "PER", "POL", "ESP", "YUG"}


def test_manchuria_1931_japan_alone_breaks_unanimity_under_article_11() -> None:
    state = advance_to(started("manchuria-1931", caretakers=True), "consultations")
    state, events = vote_on(state, "C/1931/1", "ESP", body="LNC", article="11",
                            parties=["CHN", "JPN"], measures=["demand_withdrawal"])
    failed = outcome(events)
    assert (failed.kind, failed.votes, failed.reason, failed.blocked_by) == (
        "draft_failed", "13-1-0", "unanimity", ["JPN"])


def test_manchuria_1931_the_assembly_adopts_its_report_japan_against_siam_abstaining() -> None:
    state = advance_to(started("manchuria-1931", caretakers=True), "consultations")
    state, events = vote_on(state, "A/1933/1", "ESP", body="LNA", article="15",
                            parties=["CHN", "JPN"], measures=["adopt_report"])
    adopted = outcome(events)
    assert adopted.kind == "draft_adopted"
    votes = state.drafts["A/1933/1"].votes
    assert votes["JPN"] == "no" and votes["THA"] == "abstain"
    assert {c for c, v in votes.items() if v == "no"} == {"JPN"}


def test_abyssinia_1935_the_council_finds_italy_at_war_and_members_sanction_it() -> None:
    state = advance_to(started("abyssinia-1935", caretakers=True), "consultations")
    state, events = vote_on(state, "C/1935/1", "GBR", body="LNC", article="16",
                            parties=["ITA", "ETH"], against="ITA",
                            measures=["determine_resort_to_war"])
    adopted = outcome(events)
    assert adopted.kind == "draft_adopted"
    assert state.drafts["C/1935/1"].votes["ITA"] == "no"
    assert state.war_found == ("ITA",)
    applying = {s.member for s in state.sanctions if s.against == "ITA"}
    assert {"GBR", "FRA", "SUN", "CAN"} <= applying
    assert not {"AUT", "HUN", "ITA"} & applying
    assert all("oil" not in s.measures for s in state.sanctions)
