"""The League of Nations under the Covenant: unanimity (Art. 5(1)) that an abstention does
not break, procedure by majority (5(2)), the parties counted under Art. 11 and excluded
under Arts. 15 and 16, the Assembly's reports (15(10)), sanctions by each Member, expulsion
(16(4)) and the two-year withdrawal (1(3))."""

from __future__ import annotations

from typing import Any

import pytest

from game_rules.caretaker import caretaker_actions
from game_rules.events import DraftFailed, Event
from game_rules.views import view_for
from tests.rules.rules_helpers import Game, _merge

PERMANENT_1931 = ["GBR", "FRA", "DEU", "ITA", "JPN"]
ELECTED_1931 = ["CHN", "GTM", "IRL", "NOR", "PAN", "PER", "POL", "ESP", "YUG"]
COUNCIL_1931 = [*PERMANENT_1931, *ELECTED_1931]
ASSEMBLY = [*COUNCIL_1931, "THA", "CSK", "ETH", "SWE", "CHE"]


def league(**extra: Any) -> dict[str, Any]:
    """A Council of fourteen with Japan and China on it, an Assembly of nineteen, and
    Japan's attack on China."""
    data: dict[str, Any] = {
        "id": "league", "title": "The League", "year": 1931,
        "countries": [*ASSEMBLY, "USA"],
        "bodies": {"LNC": {"permanent": PERMANENT_1931, "elected": ELECTED_1931,
                           "president": "FRA"},
                   "LNA": {"members": ASSEMBLY}},
        "incidents": [{"id": "mukden", "target": "CHN", "attacker": "JPN",
                       "in_treaty_area": False}],
    }
    return _merge(data, extra)


def everyone(vote: str, *, but: dict[str, str] | None = None,
             members: list[str] = COUNCIL_1931) -> dict[str, str]:
    return {m: (but or {}).get(m, vote) for m in members}


def only(events: list[Event], kind: str) -> Any:
    found = [e for e in events if e.kind == kind]
    assert len(found) == 1, [e.kind for e in events]
    return found[0]


# Unanimity (Art. 5(1)) and Art. 11.


def test_article11_one_party_voting_no_breaks_unanimity_13_1() -> None:
    game = Game(league())
    draft = game.table("GBR", body="LNC", article="11", measures=["demand_withdrawal"],
                       parties=["CHN", "JPN"])
    events = game.put_to_vote(draft, everyone("yes", but={"JPN": "no"}))
    failed = only(events, "draft_failed")
    assert isinstance(failed, DraftFailed)
    assert (failed.reason, failed.blocked_by, failed.votes, failed.body) == (
        "unanimity", ["JPN"], "13-1-0", "LNC")
    assert "Japan voted against" in failed.explanation and "Art. 5(1)" in failed.explanation
    assert game.status(draft) == "failed"
    assert game.state.counters.vetoes == 1


def test_an_abstention_does_not_break_unanimity() -> None:
    game = Game(league())
    draft = game.table("GBR", body="LNC", measures=["call_for_ceasefire"])
    events = game.put_to_vote(draft, everyone("yes", but={"JPN": "abstain", "DEU": "abstain"}))
    adopted = only(events, "draft_adopted")
    assert (adopted.votes, adopted.resolution, adopted.binding) == ("12-0-2", "LNC/RES/1 (1931)",
                                                                    False)
    assert "An abstention does not break unanimity" in adopted.explanation


def test_a_member_absent_from_the_vote_is_not_represented() -> None:
    game = Game(league())
    draft = game.table("GBR", body="LNC", article="11", measures=["call_for_ceasefire"])
    votes = {m: "yes" for m in COUNCIL_1931 if m != "JPN"}
    events = game.put_to_vote(draft, votes)
    closed = only(events, "vote_closed")
    assert closed.absent == ["JPN"]
    assert only(events, "draft_adopted").votes == "13-0-0"


def test_nobody_in_favour_adopts_nothing() -> None:
    game = Game(league())
    draft = game.table("GBR", body="LNC", measures=["call_for_ceasefire"])
    events = game.put_to_vote(draft, everyone("abstain"))
    failed = only(events, "draft_failed")
    assert (failed.reason, failed.blocked_by) == ("insufficient_votes", None)


def test_the_vote_closes_by_itself_when_every_member_has_voted() -> None:
    game = Game(league())
    draft = game.table("GBR", body="LNC", measures=["call_for_ceasefire"])
    events = game.put_to_vote(draft, everyone("yes"), close=False)
    assert only(events, "vote_closed").by == "system"


def test_article_4_5_a_party_not_on_the_council_sits_with_it_as_a_member() -> None:
    data = league(incidents=[{"id": "walwal", "target": "ETH", "attacker": "ITA",
                              "in_treaty_area": False}])
    game = Game(data)
    draft = game.table("ETH", body="LNC", article="11", measures=["call_for_ceasefire"],
                       parties=["ETH", "ITA"])
    game.act("instructor", "call_vote", draft=draft)
    for member in COUNCIL_1931:
        game.act(member, "vote", draft=draft, vote="yes")
    assert game.status(draft) == "voting", "Ethiopia has not voted yet"
    events = game.act("ETH", "vote", draft=draft, vote="no")
    assert only(events, "draft_failed").blocked_by == ["ETH"]
    other = game.table("GBR", body="LNC", measures=["call_for_ceasefire"], parties=["ITA"])
    game.act("instructor", "call_vote", draft=other)
    assert game.refuse("ETH", "vote", draft=other, vote="yes").code == "not_a_council_member"
    assert game.refuse("SWE", "table_draft", body="LNC",
                       measures=["call_for_ceasefire"]).code == "not_a_council_member"


# Procedure (Art. 5(2)).


def test_procedure_is_decided_by_a_majority_of_the_members_present() -> None:
    game = Game(league())
    draft = game.table("GBR", body="LNC", article="procedural", measures=["fact_finding"])
    votes = everyone("abstain", but={m: "yes" for m in COUNCIL_1931[:6]})
    votes.update({"JPN": "no", "CHN": "no"})
    events = game.put_to_vote(draft, votes)
    assert only(events, "draft_failed").reason == "insufficient_votes"  # 6 of 14 present
    draft = game.table("GBR", body="LNC", procedural=True, measures=["adjourn_meeting"])
    votes = everyone("yes", but={"JPN": "no", "ITA": "no", "DEU": "no"})
    events = game.put_to_vote(draft, votes)
    adopted = only(events, "draft_adopted")
    assert adopted.votes == "11-3-0" and "Art. 5(2)" in adopted.explanation


def test_only_procedure_is_decided_by_a_majority() -> None:
    game = Game(league())
    refused = game.refuse("GBR", "table_draft", body="LNC", article="procedural",
                          measures=["demand_withdrawal"])
    assert refused.code == "substantive_measure_in_procedural"


# Art. 15: reports.


def test_article15_a_council_report_needs_every_member_but_the_parties() -> None:
    game = Game(league())
    draft = game.table("GBR", body="LNC", measures=["adopt_report"], parties=["CHN", "JPN"])
    assert game.state.drafts[draft].article == "15"
    events = game.put_to_vote(draft, everyone("yes", but={"JPN": "no"}))
    adopted = only(events, "draft_adopted")
    assert adopted.votes == "13-1-0" and "15(6)" in adopted.explanation
    assert "Japan" in adopted.explanation  # its vote was not counted

    draft = game.table("GBR", body="LNC", measures=["adopt_report"], parties=["CHN", "JPN"])
    events = game.put_to_vote(draft, everyone("yes", but={"JPN": "no", "ITA": "no"}))
    failed = only(events, "draft_failed")
    assert (failed.reason, failed.blocked_by) == ("unanimity", ["ITA"])
    assert "15(7)" in failed.explanation


def test_article15_10_an_assembly_report_42_1_with_siam_abstaining() -> None:
    members = [f"X{chr(65 + i // 26)}{chr(65 + i % 26)}" for i in range(30)]
    fictional = [{"code": c, "name": f"State {c}"} for c in members]
    game = Game(league(countries=[*ASSEMBLY, "USA", *fictional],
                       bodies={"LNA": {"members": [*ASSEMBLY, *members]}}))
    draft = game.table("GBR", body="LNA", article="15", measures=["adopt_report"],
                       parties=["CHN", "JPN"])
    votes = {m: "yes" for m in [*ASSEMBLY, *members] if m not in ("JPN", "THA")}
    votes.update({"JPN": "no", "THA": "abstain"})
    events = game.put_to_vote(draft, votes)
    adopted = only(events, "draft_adopted")
    assert adopted.votes == f"{len(votes) - 2}-1-1"
    assert "15(10)" in adopted.explanation


def test_article15_10_fails_on_a_council_members_no_or_without_a_majority_of_the_rest() -> None:
    game = Game(league())
    draft = game.table("GBR", body="LNA", article="15", measures=["adopt_report"],
                       parties=["CHN", "JPN"])
    events = game.put_to_vote(draft, everyone("yes", but={"POL": "no", "JPN": "no"},
                                              members=ASSEMBLY))
    assert only(events, "draft_failed").blocked_by == ["POL"]
    draft = game.table("GBR", body="LNA", article="15", measures=["adopt_report"],
                       parties=["CHN", "JPN"])
    others = {"THA": "yes", "CSK": "abstain", "ETH": "no", "SWE": "abstain", "CHE": "yes"}
    votes = {**everyone("yes", members=COUNCIL_1931), **others}
    failed = only(game.put_to_vote(draft, votes), "draft_failed")
    assert (failed.reason, failed.blocked_by) == ("insufficient_votes", None)


# Art. 16: the finding, sanctions by each Member, expulsion.


def abyssinia(**extra: Any) -> dict[str, Any]:
    permanent, elected = ["GBR", "FRA", "ITA", "SUN"], ["ARG", "AUS", "DNK", "POL", "ESP", "TUR"]
    countries: list[Any] = [
        {"code": "GBR", "caretaker": {"vote": {"yes_if": ["determine_resort_to_war"]},
                                      "sanctions": {"apply": ["arms_embargo", "financial"]}}},
        {"code": "FRA", "caretaker": {"vote": {"yes_if": ["determine_resort_to_war"]},
                                      "sanctions": "none"}},
        "ITA", "SUN", "ARG", "AUS", "DNK", "POL", "ESP", "TUR", "ETH", "USA"]
    data: dict[str, Any] = {
        "id": "abyssinia", "title": "Abyssinia", "year": 1935, "countries": countries,
        "bodies": {"LNC": {"permanent": permanent, "elected": elected, "president": "TUR"},
                   "LNA": {"members": [*permanent, *elected, "ETH"]}},
        "incidents": [{"id": "invasion", "target": "ETH", "attacker": "ITA",
                       "in_treaty_area": False}],
    }
    return _merge(data, extra)


def test_article16_a_finding_against_the_aggressor_its_own_vote_excluded() -> None:
    game = Game(abyssinia())
    draft = game.table("GBR", body="LNC", measures=["determine_resort_to_war"])
    tabled = game.state.drafts[draft]
    assert (tabled.article, tabled.against, tabled.parties) == ("16", "ITA", ("ETH", "ITA"))
    members = list(game.state.council_members("LNC"))
    votes = {m: "yes" for m in members}
    votes.update({"ITA": "no", "ETH": "yes"})
    events = game.put_to_vote(draft, votes)
    adopted = only(events, "draft_adopted")
    assert adopted.votes == "10-1-0" and "not counted" in adopted.explanation
    assert only(events, "war_determined").against == "ITA"
    assert game.state.war_found == ("ITA",)


def test_after_a_finding_each_caretaker_applies_its_own_sanctions() -> None:
    game = Game(abyssinia())
    for code in ("GBR", "FRA"):
        game.act("instructor", "set_caretaker", country=code)
    assert [a for a in caretaker_actions(game.state) if a["kind"] == "apply_sanctions"] == []
    draft = game.table("POL", body="LNC", measures=["determine_resort_to_war"])
    game.put_to_vote(draft, {m: "yes" for m in game.state.council_members("LNC")})
    sanctions = [a for a in caretaker_actions(game.state) if a["kind"] == "apply_sanctions"]
    assert sanctions == [{"actor": "GBR", "kind": "apply_sanctions", "against": "ITA",
                          "measures": ["arms_embargo", "financial"]}]
    game.act(**{"actor": "GBR", **{k: v for k, v in sanctions[0].items() if k != "actor"}})
    assert [a for a in caretaker_actions(game.state) if a["kind"] == "apply_sanctions"] == []


def test_a_member_applies_and_lifts_sanctions_on_its_own() -> None:
    game = Game(abyssinia())
    events = game.act("AUS", "apply_sanctions", against="ITA", measures=["import_ban", "oil"])
    assert only(events, "sanctions_applied").measures == ["import_ban", "oil"]
    refused = game.refuse("AUS", "apply_sanctions", against="ITA", measures=["oil"])
    assert refused.code == "already_applied"
    events = game.act("AUS", "apply_sanctions", against="ITA", measures=["oil", "financial"])
    assert only(events, "sanctions_applied").measures == ["financial"]
    assert game.refuse("USA", "apply_sanctions", against="ITA",
                       measures=["oil"]).code == "not_a_league_member"
    assert game.refuse("AUS", "apply_sanctions", against="AUS",
                       measures=["oil"]).code == "cannot_sanction_itself"
    events = game.act("AUS", "lift_sanctions", against="ITA", measures=["oil"])
    assert only(events, "sanctions_lifted").measures == ["oil"]
    events = game.act("AUS", "lift_sanctions", against="ITA")
    assert only(events, "sanctions_lifted").measures == ["import_ban", "financial"]
    assert game.refuse("AUS", "lift_sanctions", against="ITA").code == "not_applied"
    assert game.state.sanctions == ()


def test_article16_4_expulsion_by_the_council_abstentions_do_not_block() -> None:
    game = Game(abyssinia())
    draft = game.table("GBR", body="LNC", measures=["expel"], against="SUN")
    members = list(game.state.council_members("LNC"))
    votes = {m: "yes" for m in members}
    votes.update({"SUN": "no", "ARG": "abstain", "DNK": "abstain"})
    events = game.put_to_vote(draft, votes)
    assert only(events, "member_expelled").country == "SUN"
    assert "SUN" not in game.state.council_members("LNC")
    assert "SUN" not in game.state.league_members()
    assert game.refuse("SUN", "apply_sanctions", against="ITA",
                       measures=["oil"]).code == "not_a_league_member"
    refused = game.refuse("GBR", "table_draft", body="LNA", measures=["expel"], against="ITA")
    assert refused.code == "council_only"


def test_an_expulsion_needs_every_other_member_represented() -> None:
    game = Game(abyssinia())
    draft = game.table("GBR", body="LNC", measures=["expel"], against="ITA")
    votes = {m: "yes" for m in game.state.council_members("LNC")}
    votes.update({"ITA": "no", "ETH": "no"})
    failed = only(game.put_to_vote(draft, votes), "draft_failed")
    assert failed.blocked_by == ["ETH"], "a party other than the state expelled still counts"


# Withdrawal (Art. 1(3)).


def test_a_member_leaves_the_league_two_years_after_its_notice() -> None:
    game = Game(league())
    events = game.act("JPN", "notify_withdrawal", body="LEAGUE")
    notice = only(events, "withdrawal_notified")
    assert (notice.body, notice.effective_at) == ("LEAGUE", game.now + 2 * 365 * 86400)
    refused = game.refuse("system", "withdrawal_effective", country="JPN", body="LEAGUE")
    assert refused.code == "notice_period_running" and "two years" in refused.message
    game.act("instructor", "skip_time", days=730, reason="Two years pass.")
    assert game.refuse("JPN", "notify_withdrawal", body="LEAGUE").code == "already_notified"
    assert "JPN" in game.state.council_members("LNC"), "a Member until the notice runs out"
    assert game.refuse("JPN", "withdrawal_effective", country="JPN",
                       body="LEAGUE").code == "not_allowed"
    assert game.refuse("instructor", "withdrawal_effective", country="CHN",
                       body="LEAGUE").code == "no_notice"
    events = game.act("system", "withdrawal_effective", country="JPN", body="LEAGUE")
    assert only(events, "member_left").body == "LEAGUE"
    assert "JPN" not in game.state.league_members()
    assert game.refuse("JPN", "notify_withdrawal", body="LEAGUE").code == "not_a_league_member"
    assert game.refuse("USA", "notify_withdrawal", body="LEAGUE").code == "not_a_league_member"
    draft = game.table("GBR", body="LNC", measures=["call_for_ceasefire"])
    game.act("instructor", "call_vote", draft=draft)
    assert game.refuse("JPN", "vote", draft=draft, vote="no").code == "not_a_council_member"


# What a League draft may say, and who may call its vote.


@pytest.mark.parametrize(("fields", "code"), [
    ({"article": "11", "measures": ["determine_resort_to_war"]}, "measure_not_under_article"),
    ({"article": "16", "measures": ["adopt_report"]}, "measure_not_under_article"),
    ({"measures": ["authorize_force"]}, "not_a_covenant_measure"),
    ({"chapter": "VII"}, "wrong_body_field"),
    ({"procedural": True, "article": "16"}, "wrong_body_field"),
    ({"measures": ["determine_resort_to_war"], "parties": ["GBR"]}, "against_required"),
    ({"measures": ["call_for_ceasefire"], "parties": ["RUX"]}, "unknown_country"),
])
def test_a_league_draft_is_refused_with_the_covenants_reason(fields: dict[str, Any],
                                                              code: str) -> None:
    game = Game(league())
    assert game.refuse("GBR", "table_draft", body="LNC", **fields).code == code


def test_league_fields_are_refused_on_a_security_council_draft() -> None:
    game = Game(league(bodies={"UNSC": {"permanent": ["GBR", "FRA"], "threshold": 2}}))
    refused = game.refuse("GBR", "table_draft", body="UNSC", article="11")
    assert refused.code == "wrong_body_field"


def test_only_the_president_or_the_instructor_calls_the_councils_vote() -> None:
    game = Game(league())
    draft = game.table("GBR", body="LNC", measures=["call_for_ceasefire"])
    assert game.refuse("GBR", "call_vote", draft=draft).code == "not_president"
    game.act("FRA", "call_vote", draft=draft)
    assert game.refuse("GBR", "close_vote", draft=draft).code == "not_president"
    game.act("FRA", "close_vote", draft=draft)
    other = game.table("GBR", body="LNA", measures=["call_for_ceasefire"])
    assert game.refuse("FRA", "call_vote", draft=other).code == "not_president"


def test_a_scenario_without_the_league_has_no_league() -> None:
    game = Game({"id": "un", "title": "UN", "countries": ["FRA", "ITA"]})
    assert game.refuse("FRA", "table_draft", body="LNC").code == "no_such_body"
    assert game.refuse("FRA", "apply_sanctions", against="ITA",
                       measures=["oil"]).code == "no_such_body"
    assert game.refuse("FRA", "notify_withdrawal", body="LEAGUE").code == "no_such_body"


def test_the_views_show_the_league_and_its_tally() -> None:
    game = Game(league())
    draft = game.table("GBR", body="LNC", article="11", measures=["demand_withdrawal"],
                       parties=["CHN", "JPN"])
    game.act("instructor", "call_vote", draft=draft)
    game.act("JPN", "vote", draft=draft, vote="no")
    view = view_for(game.state, "NOR")
    assert "LNC" in view["me"]["bodies"] and "LNA" in view["me"]["bodies"]
    (shown,) = view["LNC"]["drafts"]
    tally = shown["tally"]
    assert (tally["rule"], tally["blocked_by"], tally["if_closed_now"], tally["can_still_pass"]) \
        == ("unanimity", ["JPN"], "failed", False)
    assert view["LEAGUE"]["members"] == ASSEMBLY
    assert {c["id"] for c in view["channels"]} >= {"LNC", "LNA"}
    assert "LNC" not in {c["id"] for c in view_for(game.state, "SWE")["channels"]}


def test_the_debrief_names_the_leagues_outcomes_with_their_precedents() -> None:
    from game_rules.debrief import debrief
    from game_rules.replay import Timeline

    game = Game(abyssinia())
    draft = game.table("GBR", body="LNC", article="11", measures=["call_for_ceasefire"],
                       parties=["ETH", "ITA"])
    game.put_to_vote(draft, {m: "yes" if m != "ITA" else "no"
                             for m in game.state.council_members("LNC")})
    draft = game.table("GBR", body="LNC", measures=["determine_resort_to_war"])
    game.put_to_vote(draft, {m: "yes" for m in game.state.council_members("LNC")})
    game.act("AUS", "apply_sanctions", against="ITA", measures=["arms_embargo"])
    game.act("DNK", "apply_sanctions", against="ITA", measures=["arms_embargo"])
    outcomes = debrief(Timeline(game.scenario, 1, game.log))["outcomes"]
    kinds = [o["kind"] for o in outcomes]
    assert kinds == ["league_unanimity_broken", "league_resolution", "war_determined",
                     "sanctions_applied"], kinds
    blocked = outcomes[0]
    assert "Italy voted against" in blocked["title"] and "24 October 1931" in blocked["precedent"]
    assert "7 October 1935" in outcomes[2]["precedent"]


# The explanations say which condition decided, with the numbers.


def assembly_of(others: int) -> dict[str, Any]:
    """A Council of three besides the parties, the parties, and ``others`` Members."""
    extra = [f"X{chr(65 + i // 26)}{chr(65 + i % 26)}" for i in range(others)]
    return {"id": "assembly", "title": "An Assembly", "year": 1933,
            "countries": ["GBR", "FRA", "ITA", "CHN", "JPN",
                          *({"code": c, "name": f"State {c}"} for c in extra)],
            "bodies": {"LNC": {"permanent": ["GBR", "FRA", "ITA", "JPN"], "elected": ["CHN"]},
                       "LNA": {"members": ["GBR", "FRA", "ITA", "CHN", "JPN", *extra]}},
            "incidents": [{"id": "mukden", "target": "CHN", "attacker": "JPN",
                           "in_treaty_area": False}]}


def report_vote(game: Game, council: dict[str, str], yes: int,
                abstain: int = 0) -> list[Event]:
    draft = game.table("GBR", body="LNA", article="15", measures=["adopt_report"],
                       parties=["CHN", "JPN"])
    others = [c for c in game.state.league_members() if c.startswith("X")]
    votes = {**council, "CHN": "yes", "JPN": "no"}
    votes.update({c: "yes" for c in others[:yes]})
    votes.update({c: "abstain" for c in others[yes:yes + abstain]})
    return game.put_to_vote(draft, votes)


COUNCIL_YES = {"GBR": "yes", "FRA": "yes", "ITA": "yes"}


def test_an_assembly_report_short_of_a_majority_says_how_many_concurred_and_how_many_it_needs(
        ) -> None:
    failed = only(report_vote(Game(assembly_of(45)), COUNCIL_YES, yes=20, abstain=10),
                  "draft_failed")
    assert (failed.reason, failed.blocked_by) == ("insufficient_votes", None)
    assert "20 of the 45 other Members" in failed.explanation
    assert "a majority needs 23" in failed.explanation
    assert "no Member whose vote counts" not in failed.explanation
    assert "The votes of the Republic of China and Japan were not counted." \
        in failed.explanation


def test_an_assembly_report_a_council_member_rejects_names_it_and_the_councils_condition(
        ) -> None:
    failed = only(report_vote(Game(assembly_of(45)), {**COUNCIL_YES, "ITA": "no"}, yes=40),
                  "draft_failed")
    assert (failed.reason, failed.blocked_by) == ("unanimity", ["ITA"])
    assert "Italy, on the Council, voted against" in failed.explanation
    assert "every member of the Council other than the parties must concur" \
        in failed.explanation
    assert "majority needs" not in failed.explanation


def test_an_assembly_report_failing_both_conditions_says_both() -> None:
    failed = only(report_vote(Game(assembly_of(10)), {**COUNCIL_YES, "FRA": "no"}, yes=5),
                  "draft_failed")
    assert "France, on the Council, voted against" in failed.explanation
    assert "5 of the 10 other Members" in failed.explanation
    assert "a majority needs 6" in failed.explanation


def test_an_assembly_report_with_a_bare_majority_and_a_council_abstention_counts() -> None:
    adopted = only(report_vote(Game(assembly_of(45)), {**COUNCIL_YES, "ITA": "abstain"},
                               yes=23), "draft_adopted")
    assert "23 of the 45 other Members" in adopted.explanation
    assert "a majority needs 23" in adopted.explanation
    assert "Art. 15(6)" in adopted.explanation


def test_a_procedural_vote_gives_the_majority_of_those_present() -> None:
    game = Game(league())
    draft = game.table("GBR", body="LNC", article="procedural", measures=["invite_speaker"])
    votes = {**{m: "yes" for m in COUNCIL_1931[:6]}, **{m: "no" for m in COUNCIL_1931[6:9]},
             **{m: "abstain" for m in COUNCIL_1931[9:12]}}
    failed = only(game.put_to_vote(draft, votes), "draft_failed")
    assert "6 of the 12 present voted in favour; a majority needs 7" in failed.explanation
    assert "Art. 5(2)" in failed.explanation
    draft = game.table("GBR", body="LNC", article="procedural", measures=["invite_speaker"])
    adopted = only(game.put_to_vote(draft, {**votes, COUNCIL_1931[12]: "yes"}), "draft_adopted")
    assert "7 of the 13 present voted in favour; a majority needs 7" in adopted.explanation


def test_a_finding_that_only_a_party_supported_says_so() -> None:
    game = Game(league())
    draft = game.table("GBR", body="LNC", article="16", measures=["determine_resort_to_war"],
                       parties=["CHN", "JPN"])
    failed = only(game.put_to_vote(draft, everyone("abstain", but={"CHN": "yes"})),
                  "draft_failed")
    assert failed.reason == "insufficient_votes"
    assert "the only votes in favour were the parties', which are not counted" \
        in failed.explanation
    assert "4 October 1921" in failed.explanation


def test_a_draft_nobody_voted_for_says_that_abstaining_agrees_to_nothing() -> None:
    game = Game(league())
    draft = game.table("GBR", body="LNC", article="11", measures=["call_for_ceasefire"])
    failed = only(game.put_to_vote(draft, everyone("abstain")), "draft_failed")
    assert "no member whose vote counts voted in favour" in failed.explanation


def test_only_the_parties_that_voted_are_said_not_to_be_counted() -> None:
    game = Game(league())
    draft = game.table("GBR", body="LNC", article="16", measures=["determine_resort_to_war"],
                       parties=["CHN", "JPN"])
    votes = {m: "yes" for m in COUNCIL_1931 if m not in ("JPN", "CHN")}
    adopted = only(game.put_to_vote(draft, {**votes, "CHN": "yes"}), "draft_adopted")
    assert adopted.explanation.endswith("The vote of the Republic of China was not counted.")
    assert "Japan" not in adopted.explanation
    assert "A member absent from the vote is not represented" not in adopted.explanation


def test_a_council_report_blocked_by_a_member_not_a_party_recalls_article_15_7() -> None:
    game = Game(league())
    draft = game.table("GBR", body="LNC", article="15", measures=["adopt_report"],
                       parties=["CHN", "JPN"])
    failed = only(game.put_to_vote(draft, everyone("yes", but={"JPN": "no", "ITA": "no"})),
                  "draft_failed")
    assert (failed.reason, failed.blocked_by) == ("unanimity", ["ITA"])
    assert "Art. 15(6)" in failed.explanation and "Art. 15(7)" in failed.explanation
    assert "The votes of the Republic of China and Japan were not counted." in failed.explanation


def test_a_council_without_a_president_is_called_by_the_instructor_and_says_so() -> None:
    game = Game(league(bodies={"LNC": {"permanent": PERMANENT_1931, "elected": ELECTED_1931,
                                       "president": None}}))
    draft = game.table("GBR", body="LNC", measures=["call_for_ceasefire"])
    refused = game.refuse("FRA", "call_vote", draft=draft)
    assert refused.code == "not_president"
    assert "names no President" in refused.message and "(the instructor)" not in refused.message


def test_a_member_that_left_is_told_it_is_no_longer_one() -> None:
    game = Game(league())
    game.act("JPN", "notify_withdrawal", body="LEAGUE")
    game.act("instructor", "skip_time", days=731, reason="Two years pass.")
    game.act("system", "withdrawal_effective", country="JPN", body="LEAGUE")
    draft = game.table("GBR", body="LNA", measures=["call_for_ceasefire"])
    game.act("instructor", "call_vote", draft=draft)
    refused = game.refuse("JPN", "vote", draft=draft, vote="no")
    assert refused.code == "not_a_member"
    assert "no longer a Member of the League" in refused.message
    again = game.refuse("system", "withdrawal_effective", country="JPN", body="LEAGUE")
    assert (again.code, "no longer a Member" in again.message) == ("not_a_league_member", True)


def test_the_tally_of_an_assembly_report_carries_the_engines_explanation() -> None:
    game = Game(assembly_of(10))
    draft = game.table("GBR", body="LNA", article="15", measures=["adopt_report"],
                       parties=["CHN", "JPN"])
    game.act("instructor", "call_vote", draft=draft)
    for country in ("GBR", "FRA", "ITA", "XAA", "XAB"):
        game.act(country, "vote", draft=draft, vote="yes")
    tally = next(d for d in view_for(game.state, "GBR")["LNA"]["drafts"]
                 if d["id"] == draft)["tally"]
    assert tally["if_closed_now"] == "failed"
    assert "2 of the 10 other Members" in tally["explanation"]
    assert "a majority needs 6" in tally["explanation"]
