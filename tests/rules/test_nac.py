"""The North Atlantic Council: consensus under the silence procedure, and
Articles 4, 5, 6, 10 and 13 of the North Atlantic Treaty."""

from __future__ import annotations

import pytest

from game_rules.events import Event
from game_rules.views import redact, view_for
from tests.rules.rules_helpers import ALLIES_2024, P5, Game, all_but, alliance, kinds, only, votes

YEAR = 365 * 86400


def nato(**extra: object) -> Game:
    return Game(alliance(**extra))  # type: ignore[arg-type]


# Consensus and the silence procedure.


def test_silence_procedure_adopts_at_deadline() -> None:
    game = nato()
    item = game.circulate(title="Statement on the crisis", text="We stand united.")
    assert game.state.items[item].status == "silence"
    events = game.deadline(item)
    assert kinds(events) == ["decision_adopted"]
    assert game.state.items[item].status == "adopted"


def test_one_objection_blocks() -> None:
    game = nato()
    item = game.circulate(title="Statement on the crisis")
    events = game.act("HUN", "break_silence", item=item, reason="Not this wording.")
    assert kinds(events) == ["silence_broken", "decision_blocked"]
    assert only(events, "decision_blocked").blocked_by == ["HUN"]
    assert game.state.items[item].status == "blocked"
    assert game.refuse("system", "silence_deadline", item=item).code == "item_not_under_silence"


def test_other_allies_may_join_the_objection_until_the_deadline() -> None:
    game = nato()
    item = game.circulate(title="Planning for the defence of Türkiye", deadline=600)
    game.act("FRA", "break_silence", item=item, reason="Not now.")
    assert kinds(game.act("DEU", "break_silence", item=item, reason="Nor us.")) == [
        "silence_broken"]
    assert game.refuse("DEU", "break_silence", item=item, reason="Again.").code == "already_broken"
    assert game.state.items[item].broken_by == ("FRA", "DEU")
    assert game.state.counters.silences_broken == 2
    game.tick(601)
    err = game.refuse("BEL", "break_silence", item=item, reason="Late.")
    assert err.code == "item_not_under_silence"


def test_silence_cannot_be_broken_once_the_text_is_adopted() -> None:
    game = nato()
    item = game.circulate(title="Statement on the crisis")
    game.deadline(item)
    err = game.refuse("FRA", "break_silence", item=item, reason="Too late.")
    assert err.code == "item_not_under_silence"


@pytest.mark.parametrize("reason", ["", "   "])
def test_breaking_silence_needs_a_reason(reason: str) -> None:
    game = nato()
    item = game.circulate(title="Statement on the crisis")
    assert game.refuse("FRA", "break_silence", item=item, reason=reason).code == "reason_required"
    assert game.state.items[item].status == "silence"


def test_breaking_silence_keeps_the_reason_on_the_record() -> None:
    game = nato()
    item = game.circulate(title="Statement")
    game.act("FRA", "break_silence", item=item, reason="We need more time.")
    assert game.state.items[item].reasons == ("We need more time.",)
    assert game.state.counters.silences_broken == 1


def test_only_allies_break_silence() -> None:
    game = nato()
    item = game.circulate(title="Statement")
    assert game.refuse("UKR", "break_silence", item=item, reason="Stronger!").code == "not_an_ally"


def test_only_the_chair_circulates() -> None:
    game = nato()
    assert game.refuse("USA", "circulate", title="Ours").code == "not_allowed"
    assert game.refuse("secretary_general", "circulate", title="Ours").code == "unknown_actor"
    seated = nato(bodies={"NAC": {"secretary_general": True}})
    events = seated.act("secretary_general", "circulate", title="Statement")
    assert only(events, "item_circulated").by == "secretary_general"


def test_only_the_clock_or_the_chair_keeps_the_deadline() -> None:
    game = nato()
    item = game.circulate(title="Statement")
    assert game.refuse("USA", "silence_deadline", item=item).code == "not_allowed"


def test_the_silence_period_defaults_to_the_scenarios() -> None:
    game = nato(bodies={"NAC": {"silence_seconds": 900}})
    item = game.circulate(title="Statement")
    assert game.state.items[item].deadline == game.now + 900


@pytest.mark.parametrize(("deadline", "seconds"), [
    (60, 60), ("PT10M", 600), ("10m", 600), ("90s", 90), ("2h", 7200)])
def test_a_deadline_may_be_seconds_or_a_duration(deadline: object, seconds: float) -> None:
    game = nato()
    item = game.circulate(title="Statement", deadline=deadline)
    assert game.state.items[item].deadline == game.now + seconds


def test_a_deadline_may_be_a_moment_with_a_time_zone() -> None:
    game = nato()
    item = game.circulate(title="Statement", deadline="1970-01-01T01:00:00Z")
    assert game.state.items[item].deadline == 3600.0


@pytest.mark.parametrize("deadline", [0, -5, 400 * 86400, "soon", "0m", "PT0S",
                                      "1970-01-01T00:00:00Z", "1970-01-01T02:00:00",
                                      "9999h"])
def test_a_deadline_not_after_now_or_unreadable_is_refused(deadline: object) -> None:
    game = nato()
    assert game.refuse("instructor", "circulate", title="Statement",
                       deadline=deadline).code == "invalid_deadline"


def test_items_carry_their_symbol_or_the_next_free_one() -> None:
    game = nato()
    assert game.circulate(title="One", item="NAC/2001/1") == "NAC/2001/1"
    assert game.circulate(title="Two") == "NAC/2024/2"
    assert game.refuse("instructor", "circulate", title="Three",
                       item="NAC/2001/1").code == "item_name_taken"


# Article 4.


@pytest.mark.parametrize("ally", ["EST", "TUR", "LUX", "USA", "POL"])
def test_article4_consultations_any_ally(ally: str) -> None:
    game = nato()
    events = game.act(ally, "request_consultations", concern="Our security is threatened.")
    assert only(events, "consultations_opened").by == ally
    assert game.state.consultations == (ally,)


def test_article4_consultations_decide_nothing() -> None:
    game = nato()
    events = game.act("POL", "request_consultations", concern="Troops at the border.")
    assert kinds(events) == ["consultations_opened"]
    assert game.state.items == {}
    assert game.state.article5 == ()


# Article 5 and the Article 6 area.


def test_article5_request_goes_under_silence_at_once() -> None:
    game = nato()
    events = game.act("EST", "request_article5", incident="tallinn", item="NAC/2024/1")
    assert kinds(events) == ["article5_requested", "item_circulated"]
    assert only(events, "item_circulated").decision == "article5"
    invoked = game.deadline("NAC/2024/1")
    assert kinds(invoked) == ["decision_adopted", "article5_invoked"]
    assert only(invoked, "article5_invoked").target == "EST"
    assert game.state.article5 == ("tallinn",)


def test_any_ally_may_request_article5_for_an_attacked_ally() -> None:
    game = nato()
    events = game.act("USA", "request_article5", incident="tallinn")
    assert only(events, "article5_requested").by == "USA"


def test_article5_blocked_by_one_ally_is_not_invoked() -> None:
    game = nato()
    item = only(game.act("EST", "request_article5", incident="tallinn"),
                "item_circulated").item
    game.act("HUN", "break_silence", item=item, reason="We doubt the facts.")
    assert game.state.article5 == ()
    assert game.refuse("FRA", "pledge", response="military").code == "article5_not_invoked"


def test_non_member_cannot_invoke_article_4_or_5_but_keeps_art_51() -> None:
    game = nato()
    assert game.refuse("UKR", "request_consultations", concern="Invasion").code == "not_an_ally"
    err = game.refuse("UKR", "request_article5", incident="kyiv")
    assert err.code == "not_an_ally"
    assert "Art. 51" in err.message
    events = game.act("UKR", "self_defence", incident="kyiv")
    assert only(events, "self_defence_declared").reported_to == "UNSC"


def test_article5_covers_only_an_attack_on_an_ally() -> None:
    game = nato()
    err = game.refuse("instructor", "circulate", decision="article5", incident="kyiv")
    assert err.code == "target_not_ally"


OUT_OF_AREA = [("hawaii", "USA", "Hawaii"), ("guam", "USA", "Guam"),
               ("puerto-rico", "USA", "Puerto Rico"), ("guiana", "FRA", "French Guiana"),
               ("falklands", "GBR", "Falkland Islands"), ("ceuta", "ESP", "Ceuta"),
               ("melilla", "ESP", "Melilla")]


@pytest.mark.parametrize(("incident", "target", "location"), OUT_OF_AREA)
def test_article5_outside_article6_area_refused(incident: str, target: str,
                                                location: str) -> None:
    game = nato(incidents=[{"id": incident, "target": target, "attacker": "RUS",
                            "in_treaty_area": False, "location": location}])
    err = game.refuse(target, "request_article5", incident=incident)
    assert err.code == "outside_treaty_area"
    assert location in err.message
    assert "Article 6" in err.message
    # The treaty's words: islands count only in the North Atlantic area (Guam, Hawaii: Pacific).
    assert ("the islands under the jurisdiction of any of the Parties in the North Atlantic "
            "area north of the Tropic of Cancer") in err.message


def test_article5_twice_for_one_incident_refused() -> None:
    game = nato()
    item = only(game.act("EST", "request_article5", incident="tallinn"),
                "item_circulated").item
    assert game.refuse("LVA", "request_article5", incident="tallinn").code == "already_pending"
    game.deadline(item)
    assert game.refuse("LVA", "request_article5", incident="tallinn").code == "already_invoked"


def test_article5_names_an_incident_of_the_game() -> None:
    game = nato()
    assert game.refuse("EST", "request_article5", incident="nowhere").code == "unknown_incident"
    assert game.refuse("instructor", "circulate", decision="article5").code == "incident_required"


@pytest.mark.parametrize("kind", ["cyber", "hybrid", "space"])
def test_cyber_incident_flagged_case_by_case(kind: str) -> None:
    game = nato(incidents=[{"id": "odd", "target": "LTU", "attacker": "RUS", "kind": kind}])
    circulated = only(game.act("LTU", "request_article5", incident="odd"), "item_circulated")
    assert circulated.case_by_case is True
    invoked = only(game.deadline(circulated.item), "article5_invoked")
    assert invoked.case_by_case is True


def test_an_armed_attack_is_not_flagged_case_by_case() -> None:
    game = nato()
    circulated = only(game.act("EST", "request_article5", incident="tallinn"), "item_circulated")
    assert circulated.case_by_case is False


def test_pledges_only_after_article5() -> None:
    game = nato()
    assert game.refuse("FRA", "pledge", response="military").code == "article5_not_invoked"
    item = only(game.act("EST", "request_article5", incident="tallinn"),
                "item_circulated").item
    game.deadline(item)
    pledge = only(game.act("FRA", "pledge", response="military", detail="Two battalions"),
                  "pledge_made")
    assert (pledge.ally, pledge.incident) == ("FRA", "tallinn")
    assert game.refuse("UKR", "pledge", response="diplomatic").code == "not_an_ally"
    err = game.refuse("FRA", "pledge", response="economic", incident="grid")
    assert err.code == "article5_not_invoked"


def test_each_ally_chooses_its_own_response() -> None:
    game = nato()
    game.deadline(only(game.act("EST", "request_article5", incident="tallinn"),
                       "item_circulated").item)
    game.act("USA", "pledge", response="military")
    game.act("LUX", "pledge", response="diplomatic")
    assert [(p.ally, p.response) for p in game.state.pledges] == [
        ("USA", "military"), ("LUX", "diplomatic")]


def test_one_pledge_of_each_kind_until_it_is_retracted() -> None:
    game = nato()
    game.deadline(only(game.act("EST", "request_article5", incident="tallinn"),
                       "item_circulated").item)
    first = only(game.act("FRA", "pledge", response="military"), "pledge_made").pledge
    assert game.refuse("FRA", "pledge", response="military").code == "already_pledged"
    game.act("FRA", "pledge", response="economic")
    game.act("GBR", "pledge", response="military")
    game.act("FRA", "retract_pledge", pledge=first)
    game.act("FRA", "pledge", response="military", detail="Again, smaller")
    assert [(p.ally, p.response, p.status) for p in game.state.pledges] == [
        ("FRA", "military", "retracted"), ("FRA", "economic", "made"),
        ("GBR", "military", "made"), ("FRA", "military", "made")]


def test_a_retracted_pledge_costs_more_than_it_gave() -> None:
    game = nato()
    game.deadline(only(game.act("EST", "request_article5", incident="tallinn"),
                       "item_circulated").item)
    before = game.state.crisis.deterrence
    pledge = only(game.act("FRA", "pledge", response="military"), "pledge_made").pledge
    assert game.refuse("GBR", "retract_pledge", pledge=pledge).code == "not_your_pledge"
    game.act("FRA", "retract_pledge", pledge=pledge)
    assert game.state.crisis.deterrence < before
    assert game.refuse("FRA", "retract_pledge", pledge=pledge).code == "pledge_not_open"


def allies_on_the_council() -> Game:
    return Game(alliance(
        countries=[*ALLIES_2024, "RUS", "UKR", "CHN", "IND", "BRA", "KEN", "GHA", "GAB"],
        bodies={"UNSC": {"permanent": P5,
                         "elected": ["ALB", "BRA", "GAB", "GHA", "IND", "IRL", "KEN", "MEX",
                                     "NOR", "EST"]}}))


def authorize_force(game: Game) -> list[Event]:
    """The Council adopts a Chapter VII authorisation of force, eleven votes to none."""
    draft = game.table("USA", title="All necessary means",
                       measures=["determine_threat", "authorize_force"])
    return game.put_to_vote(draft, votes(yes=all_but(
        ["USA", "GBR", "FRA", "CHN", "ALB", "BRA", "GAB", "GHA", "IND", "NOR", "EST"])))


def test_article5_measures_end_when_the_security_council_acts() -> None:
    game = allies_on_the_council()
    game.deadline(only(game.act("EST", "request_article5", incident="tallinn"),
                       "item_circulated").item)
    assert game.state.article5_active is True
    events = authorize_force(game)
    assert only(events, "security_council_acted").ends == ["article5"]
    assert game.state.article5_active is False


def test_self_defence_ends_when_the_security_council_acts_and_is_not_declared_again() -> None:
    game = allies_on_the_council()
    game.act("EST", "self_defence", incident="tallinn")
    events = authorize_force(game)
    assert only(events, "security_council_acted").ends == ["self_defence"]
    assert game.state.self_defence == ()
    refused = game.refuse("EST", "self_defence", incident="tallinn")
    assert refused.code == "security_council_acted" and "Art. 51" in refused.message


# Article 10: enlargement.

CANDIDATES = ["FIN", "SWE"]
THIRTY = all_but(ALLIES_2024, *CANDIDATES)


def before_2023() -> Game:
    return Game(alliance(members=THIRTY, countries=[*THIRTY, *CANDIDATES, "RUS", "UKR", "JPN"]))


def invite(game: Game, candidate: str) -> None:
    game.act(candidate, "request_membership", text="We ask to join.")
    game.deadline(game.circulate(decision="invite", candidate=candidate,
                                 title=f"Invitation to {candidate}"))


def test_article10_invitation_needs_every_ally_and_each_ratifies() -> None:
    game = before_2023()
    invite(game, "SWE")
    accession = game.state.accessions["SWE"]
    assert accession.ratifying == tuple(THIRTY)
    for ally in THIRTY[:-1]:
        events = game.act(ally, "ratify", candidate="SWE")
        assert "member_joined" not in kinds(events)
    assert "SWE" not in game.state.nac_members
    events = game.act(THIRTY[-1], "ratify", candidate="SWE")
    assert kinds(events) == ["accession_ratified", "accession_deposited", "member_joined"]
    assert only(events, "accession_deposited").by == "system"
    assert "SWE" in game.state.nac_members
    assert game.state.accessions["SWE"].status == "member"


def test_a_new_ally_does_not_read_what_the_allies_said_before_it_joined() -> None:
    game = before_2023()
    before = only(game.act("USA", "say", channel="NAC", text="BEFORE-SWEDEN-SITS"),
                  "message_sent")
    invite(game, "SWE")
    for ally in THIRTY:
        game.act(ally, "ratify", candidate="SWE")
    assert "SWE" in game.state.nac_members
    after = only(game.act("USA", "say", channel="NAC", text="WELCOME-SWEDEN"), "message_sent")
    texts = {m["text"] for m in view_for(game.state, "SWE")["messages"]}
    assert "WELCOME-SWEDEN" in texts and "BEFORE-SWEDEN-SITS" not in texts
    assert redact(before, "SWE", game.state) is None
    assert redact(after, "SWE", game.state) is not None
    assert redact(before, "DEU", game.state) is not None
    assert "BEFORE-SWEDEN-SITS" in {m["text"] for m in view_for(game.state, "DEU")["messages"]}


def test_one_ally_can_stall_accession() -> None:
    game = before_2023()
    invite(game, "SWE")
    for ally in all_but(THIRTY, "TUR", "HUN"):
        game.act(ally, "ratify", candidate="SWE")
    assert "SWE" not in game.state.nac_members
    events = game.act("TUR", "ratify", candidate="SWE")
    assert only(events, "accession_ratified").remaining == ["HUN"]
    assert "SWE" not in game.state.nac_members


def test_one_ally_can_block_the_invitation() -> None:
    game = before_2023()
    item = game.circulate(decision="invite", candidate="SWE")
    game.act("TUR", "break_silence", item=item, reason="Our security concerns first.")
    assert game.state.accessions == {}
    assert game.refuse("FRA", "ratify", candidate="SWE").code == "not_invited"


def test_the_candidate_deposits_its_instrument_when_the_scenario_says_so() -> None:
    game = Game(alliance(members=THIRTY, countries=[*THIRTY, *CANDIDATES, "RUS", "UKR", "JPN"],
                         bodies={"NAC": {"deposit": "candidate"}}))
    invite(game, "SWE")
    assert game.refuse("SWE", "deposit_accession").code == "not_ratified"
    events: list[Event] = []
    for ally in THIRTY:
        events = game.act(ally, "ratify", candidate="SWE")
    assert kinds(events) == ["accession_ratified"]
    assert game.state.accessions["SWE"].status == "ratified"
    assert "SWE" not in game.state.nac_members
    assert game.refuse("FIN", "deposit_accession").code == "not_invited"
    deposited = game.act("SWE", "deposit_accession")
    assert kinds(deposited) == ["accession_deposited", "member_joined"]
    assert only(deposited, "accession_deposited").depositary == "USA"
    assert "SWE" in game.state.nac_members
    assert game.refuse("SWE", "deposit_accession").code == "already_an_ally"


def test_a_game_may_start_with_the_protocol_signed_and_some_ratifications_in() -> None:
    """Sweden in April 2023: 30 signatories, 28 ratifications; Finland joined later."""
    signatories = [c for c in ALLIES_2024 if c not in CANDIDATES]
    game = Game(alliance(members=all_but(ALLIES_2024, "SWE"), bodies={"NAC": {"accessions": [
        {"candidate": "SWE", "signed": "2022-07-05", "signatories": signatories,
         "ratified": all_but(signatories, "TUR", "HUN")}]}}))
    accession = game.state.accessions["SWE"]
    assert (accession.status, accession.item, len(accession.ratifying)) == (
        "ratifying", "2022-07-05", 30)
    assert game.refuse("FIN", "ratify", candidate="SWE").code == "not_a_party_to_protocol"
    assert game.refuse("FRA", "ratify", candidate="SWE").code == "already_ratified"
    game.act("TUR", "ratify", candidate="SWE")
    assert "member_joined" in kinds(game.act("HUN", "ratify", candidate="SWE"))


@pytest.mark.parametrize(("accession", "place"), [
    ({"candidate": "FRA"}, "bodies.NAC.accessions[0].candidate"),
    ({"candidate": "SWE", "signatories": ["JPN"]}, "bodies.NAC.accessions[0].signatories[0]"),
    ({"candidate": "SWE", "signatories": ["FRA"], "ratified": ["DEU"]},
     "bodies.NAC.accessions[0].ratified[0]"),
    ({"candidate": "SWE", "signatories": ["FRA"], "ratified": ["FRA"]},
     "bodies.NAC.accessions[0].ratified"),
])
def test_an_accession_under_way_is_checked(accession: dict[str, object], place: str) -> None:
    from game_rules import ScenarioError, load_scenario

    with pytest.raises(ScenarioError) as caught:
        load_scenario(alliance(members=THIRTY, bodies={"NAC": {"accessions": [accession]}}))
    assert place in [p for p, _ in caught.value.problems]


@pytest.mark.parametrize(("candidate", "european"), [
    ("GEO", True), ("ARM", True), ("AZE", True), ("CYP", True), ("UKR", True), ("MDA", True),
    ("KAZ", False), ("JPN", False), ("MAR", False),
])
def test_article10_follows_one_list_of_european_states(candidate: str, european: bool) -> None:
    game = Game(alliance(members=THIRTY, countries=[*THIRTY, candidate]))
    if european:
        game.circulate(decision="invite", candidate=candidate)
    else:
        assert game.refuse("instructor", "circulate", decision="invite",
                           candidate=candidate).code == "not_european"


def test_article10_invites_only_european_states() -> None:
    game = before_2023()
    err = game.refuse("instructor", "circulate", decision="invite", candidate="JPN")
    assert err.code == "not_european"
    assert game.refuse("instructor", "circulate", decision="invite").code == "candidate_required"
    assert game.refuse("instructor", "circulate", decision="invite",
                       candidate="FRA").code == "already_an_ally"


def test_an_ally_ratifies_once() -> None:
    game = before_2023()
    invite(game, "FIN")
    game.act("NOR", "ratify", candidate="FIN")
    assert game.refuse("NOR", "ratify", candidate="FIN").code == "already_ratified"
    assert game.refuse("FIN", "ratify", candidate="FIN").code == "not_an_ally"


def test_a_new_ally_takes_part_in_the_consensus() -> None:
    game = before_2023()
    invite(game, "FIN")
    for ally in THIRTY:
        game.act(ally, "ratify", candidate="FIN")
    item = game.circulate(title="Statement")
    assert "decision_blocked" in kinds(game.act("FIN", "break_silence", item=item,
                                                reason="Stronger words."))


def test_a_candidate_that_joined_is_not_a_ratifier_of_a_later_invitation() -> None:
    game = before_2023()
    invite(game, "FIN")
    for ally in THIRTY:
        game.act(ally, "ratify", candidate="FIN")
    invite(game, "SWE")
    # Finland joined on its own, so it ratifies Sweden's accession as an ally.
    assert "FIN" in game.state.accessions["SWE"].ratifying


def test_an_ally_that_leaves_no_longer_holds_up_an_accession() -> None:
    game = before_2023()
    invite(game, "SWE")
    game.act("HUN", "notify_withdrawal")
    for ally in all_but(THIRTY, "HUN"):
        game.act(ally, "ratify", candidate="SWE")
    assert "SWE" not in game.state.nac_members
    game.tick(YEAR)
    events = game.act("system", "withdrawal_effective", country="HUN")
    assert [e.kind for e in events] == ["member_left", "accession_deposited", "member_joined"]
    assert "SWE" in game.state.nac_members
    assert "HUN" not in game.state.accessions["SWE"].ratifying


# Article 13: withdrawal.


def test_article13_withdrawal_after_one_year_notice() -> None:
    game = nato()
    notice = only(game.act("HUN", "notify_withdrawal"), "withdrawal_notified")
    assert notice.effective_at == game.now + YEAR
    assert "HUN" in game.state.nac_members
    item = game.circulate(title="Statement")
    game.act("HUN", "break_silence", item=item, reason="Still an ally for a year.")
    assert game.refuse("HUN", "notify_withdrawal").code == "already_notified"
    game.tick(YEAR)
    assert kinds(game.act("system", "withdrawal_effective", country="HUN")) == ["member_left"]
    assert "HUN" not in game.state.nac_members
    assert game.refuse("HUN", "request_consultations").code == "not_an_ally"


def test_the_clock_cannot_make_a_withdrawal_effective_before_the_year() -> None:
    game = nato()
    game.act("HUN", "notify_withdrawal")
    assert game.state.notices["HUN"] == game.now
    game.tick(YEAR - 1)
    for actor in ("system", "instructor"):
        err = game.refuse(actor, "withdrawal_effective", country="HUN")
        assert err.code == "notice_period_running" and "Article 13" in err.message
    # Until then it is an ally with every right: Article 4, consensus, pledges.
    assert kinds(game.act("HUN", "request_consultations", concern="Still an ally.")) == [
        "consultations_opened"]
    game.act("EST", "request_article5", incident="tallinn")
    game.deadline(next(iter(game.state.items)))
    assert kinds(game.act("HUN", "pledge", response="diplomatic")) == ["pledge_made"]
    game.tick(1)
    assert kinds(game.act("system", "withdrawal_effective", country="HUN")) == ["member_left"]


def test_a_year_of_notice_is_a_calendar_year() -> None:
    game = nato()
    game.now = 1_709_251_200.0  # 1 March 2024: the year runs to 1 March 2025, 365 days
    notice = only(game.act("HUN", "notify_withdrawal"), "withdrawal_notified")
    assert notice.effective_at - notice.notified_at == 365 * 86400
    game = nato()
    game.now = 1_677_628_800.0  # 1 March 2023: to 1 March 2024, across 29 February
    notice = only(game.act("HUN", "notify_withdrawal"), "withdrawal_notified")
    assert notice.effective_at - notice.notified_at == 366 * 86400


def test_the_instructor_skips_time_in_the_open_with_a_reason() -> None:
    game = nato()
    game.act("HUN", "notify_withdrawal")
    assert game.refuse("instructor", "skip_time", days=365).code == "reason_required"
    assert game.refuse("HUN", "skip_time", days=365, reason="Hurry").code == "not_allowed"
    skipped = only(game.act("instructor", "skip_time", days=365,
                            reason="A year passes between the sessions"), "time_skipped")
    assert skipped.days == 365 and "Hungary" in skipped.explanation
    assert "Article 13" in skipped.explanation
    assert kinds(game.act("system", "withdrawal_effective", country="HUN")) == ["member_left"]


def test_a_time_skip_short_of_the_year_is_not_enough() -> None:
    game = nato()
    game.act("HUN", "notify_withdrawal")
    skipped = only(game.act("instructor", "skip_time", days=300, reason="Ten months later"),
                   "time_skipped")
    assert "Article 13" not in skipped.explanation
    assert game.refuse("system", "withdrawal_effective",
                       country="HUN").code == "notice_period_running"
    game.tick(66 * 86400)
    assert kinds(game.act("system", "withdrawal_effective", country="HUN")) == ["member_left"]


def test_withdrawal_needs_notice() -> None:
    game = nato()
    err = game.refuse("system", "withdrawal_effective", country="HUN")
    assert err.code == "no_notice"
    assert "HUN" in game.state.nac_members
