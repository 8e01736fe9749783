"""Records of real decisions, replayed through the engine: the game's rules give
history's outcomes. The records are in ``tests/rules/records/``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from game_rules.records import final_state, load_record, replay_lines

RECORDS = Path(__file__).parent / "records"


def lines(name: str) -> list[dict[str, Any]]:
    record = load_record(json.loads((RECORDS / name).read_text(encoding="utf-8")))
    return [json.loads(line) for line in replay_lines(record)]


def state_after(name: str) -> Any:
    return final_state(load_record(json.loads((RECORDS / name).read_text(encoding="utf-8"))))


def events_of(line: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    assert line["ok"], line
    return [e for e in line["events"] if e["kind"] == kind]


def test_s_2022_155_is_vetoed_by_russia_11_1_3() -> None:
    last = lines("s-2022-155.json")[-1]
    [vetoed] = events_of(last, "draft_vetoed")
    assert (vetoed["draft"], vetoed["vetoed_by"], vetoed["votes"]) == (
        "S/2022/155", ["RUS"], "11-1-3")
    [closed] = events_of(last, "vote_closed")
    assert closed["abstain"] == ["CHN", "IND", "ARE"]
    assert events_of(last, "veto_debate_scheduled")[0]["vetoed_by"] == ["RUS"]


def test_s_2022_155_ukraine_speaks_but_its_vote_is_refused() -> None:
    replayed = lines("s-2022-155.json")
    assert events_of(replayed[2], "message_sent")[0]["sender"] == "UKR"
    assert replayed[4] == {
        "index": 4, "ok": False, "code": "not_a_council_member",
        "message": "Ukraine takes part without a vote (provisional rule 37): it may speak and "
                   "table drafts, but only members of the Security Council vote."}


def test_resolution_2623_is_adopted_despite_russias_no() -> None:
    """It followed the veto of S/2022/155: Uniting for Peace answers a Council that failed
    "because of lack of unanimity of the permanent members"."""
    last = lines("res-2623.json")[-1]
    [adopted] = events_of(last, "draft_adopted")
    assert (adopted["draft"], adopted["votes"]) == ("S/2022/160", "11-1-3")
    assert "Art. 27(2)" in adopted["explanation"]
    assert events_of(last, "emergency_session_called") == [
        {"kind": "emergency_session_called", "draft": "S/2022/160"}]


def test_korea_1950_resolution_82_is_adopted_with_the_soviet_union_absent() -> None:
    replayed = lines("korea-1950.json")
    [closed] = events_of(replayed[13], "vote_closed")
    assert closed["absent"] == ["SUN"]
    [adopted] = events_of(replayed[13], "draft_adopted")
    assert adopted["votes"] == "9-0-1"
    assert "the Soviet Union is not a veto" in adopted["explanation"]


def test_korea_1950_resolution_83_is_adopted_by_seven_of_eleven() -> None:
    last = lines("korea-1950.json")[-1]
    [closed] = events_of(last, "vote_closed")
    assert closed["absent"] == ["SUN", "EGY", "IND"]
    [adopted] = events_of(last, "draft_adopted")
    # Resolution 83 "recommends" that Members furnish assistance: it binds no one.
    assert (adopted["votes"], adopted["binding"]) == ("7-1-0", False)
    assert "It recommends" in adopted["explanation"]
    assert state_after("korea-1950.json").drafts["S/1511"].status == "adopted"


def test_korea_1950_all_necessary_assistance_rests_on_the_earlier_determination() -> None:
    record = json.loads((RECORDS / "korea-1950.json").read_text(encoding="utf-8"))
    without_82 = {**record, "actions": [record["actions"][0], *record["actions"][14:]]}
    replayed = [json.loads(line) for line in replay_lines(load_record(without_82))]
    assert replayed[1]["code"] == "no_article39_determination"


def test_a_1950s_draft_with_seven_votes_and_a_soviet_no_is_vetoed() -> None:
    last = lines("korea-1950-veto.json")[-1]
    [vetoed] = events_of(last, "draft_vetoed")
    assert (vetoed["vetoed_by"], vetoed["votes"]) == (["SUN"], "7-1-3")


def test_a_draft_with_a_p5_no_and_eight_votes_fails_without_a_veto() -> None:
    last = lines("eight-and-a-no.json")[-1]
    [failed] = events_of(last, "draft_failed")
    assert (failed["reason"], failed["votes"]) == ("insufficient_votes", "8-1-6")
    assert "not a veto" in failed["explanation"]
    assert events_of(last, "draft_vetoed") == []
    assert events_of(last, "veto_debate_scheduled") == []
    assert state_after("eight-and-a-no.json").counters.vetoes == 0


def test_september_2001_article5_is_invoked_by_silence() -> None:
    replayed = lines("article5-2001.json")
    [circulated] = events_of(replayed[1], "item_circulated")
    assert circulated["deadline"] == 1000288800 + 6 * 3600
    assert [e["kind"] for e in replayed[2]["events"]] == ["decision_adopted", "article5_invoked"]
    invoked = events_of(replayed[2], "article5_invoked")[0]
    assert (invoked["target"], invoked["case_by_case"], invoked["reported_to"]) == (
        "USA", False, "UNSC")
    assert all(line["ok"] for line in replayed)
    assert [p.ally for p in state_after("article5-2001.json").pledges] == ["GBR", "DEU", "LUX"]


def test_february_2003_france_germany_and_belgium_block_the_defence_of_turkiye() -> None:
    replayed = lines("turkiye-2003.json")
    assert events_of(replayed[1], "consultations_opened")[0]["by"] == "TUR"
    [blocked] = events_of(replayed[3], "decision_blocked")
    assert blocked["blocked_by"] == ["FRA"]
    assert [e["kind"] for e in replayed[4]["events"]] == ["silence_broken"]
    assert [e["kind"] for e in replayed[5]["events"]] == ["silence_broken"]
    assert replayed[6]["code"] == "item_not_under_silence"
    item = state_after("turkiye-2003.json").items["NAC/2003/1"]
    assert (item.status, item.broken_by) == ("blocked", ("FRA", "DEU", "BEL"))


def test_an_undated_council_of_the_soviet_era_holds_no_ga_debate_after_a_veto() -> None:
    """GAME.md's minimal Korea scenario has no year: its Council (eleven seats, the
    Soviet Union) says it is not 2022, so GA res. 76/262 does not apply."""
    record = json.loads((RECORDS / "korea-1950-veto.json").read_text(encoding="utf-8"))
    del record["scenario"]["year"]
    replayed = [json.loads(line) for line in replay_lines(load_record(record))]
    [vetoed] = events_of(replayed[-1], "draft_vetoed")
    assert vetoed["vetoed_by"] == ["SUN"]
    assert events_of(replayed[-1], "veto_debate_scheduled") == []


def test_resolution_1593_refers_darfur_to_the_icc_under_chapter_vii_only() -> None:
    replayed = lines("res-1593.json")
    assert replayed[1]["code"] == "measure_needs_chapter_vii"
    assert "Rome Statute Art. 13(b)" in replayed[1]["message"]
    [adopted] = events_of(replayed[-1], "draft_adopted")
    assert (adopted["resolution"], adopted["votes"], adopted["binding"]) == (
        "S/RES/1593 (2005)", "11-0-4", True)
    [closed] = events_of(replayed[-1], "vote_closed")
    assert closed["abstain"] == ["CHN", "USA", "DZA", "BRA"]


def test_sweden_joins_when_it_deposits_its_instrument_after_the_last_ratification() -> None:
    replayed = lines("sweden-2024.json")
    assert replayed[1]["code"] == "not_a_party_to_protocol"  # Finland joined after 5 July 2022
    assert events_of(replayed[2], "accession_ratified")[0]["remaining"] == ["HUN"]
    assert replayed[3]["code"] == "not_ratified"
    assert events_of(replayed[4], "member_joined") == []
    assert [e["kind"] for e in replayed[5]["events"]] == ["accession_deposited", "member_joined"]
    assert "SWE" in state_after("sweden-2024.json").nac_members


def test_after_the_annexation_veto_the_assembly_resumed_its_emergency_session() -> None:
    """30 September 2022: S/2022/720 vetoed 10-1-4 (SC/15046); the eleventh emergency special
    session, sitting since resolution 2623, resumed on 10 October: no separate debate under
    GA res. 76/262 (para 1)."""
    record = json.loads((RECORDS / "res-2623.json").read_text(encoding="utf-8"))
    record["scenario"]["options"] = {"veto_initiative": True}
    at = 1664553600
    actions = [{"actor": "USA", "kind": "table_draft", "draft": "S/2022/720",
                "title": "Referendums", "measures": ["condemn", "demand_withdrawal"], "at": at},
               {"actor": "instructor", "kind": "call_vote", "draft": "S/2022/720", "at": at}]
    for country in ["ALB", "GBR", "FRA", "GHA", "IRL", "KEN", "MEX", "NOR", "ARE", "USA"]:
        actions.append({"actor": country, "kind": "vote", "draft": "S/2022/720", "vote": "yes",
                        "at": at})
    actions.append({"actor": "RUS", "kind": "vote", "draft": "S/2022/720", "vote": "no",
                    "at": at})
    for country in ["BRA", "CHN", "GAB", "IND"]:
        actions.append({"actor": country, "kind": "vote", "draft": "S/2022/720",
                        "vote": "abstain", "at": at})
    record["actions"] += actions
    replayed = [json.loads(line) for line in replay_lines(load_record(record))]
    [vetoed] = events_of(replayed[-1], "draft_vetoed")
    assert (vetoed["votes"], vetoed["vetoed_by"]) == ("10-1-4", ["RUS"])
    assert events_of(replayed[-1], "veto_debate_scheduled") == []
    assert "emergency special session" in vetoed["explanation"]


def test_league_council_24_october_1931_japan_alone_breaks_unanimity() -> None:
    replayed = lines("league-1931.json")
    closing = replayed[16]
    [failed] = events_of(closing, "draft_failed")
    assert (failed["body"], failed["reason"], failed["blocked_by"], failed["votes"]) == (
        "LNC", "unanimity", ["JPN"], "13-1-0")
    assert "Art. 5(1)" in failed["explanation"]


def test_japans_notice_of_27_march_1933_takes_effect_on_27_march_1935() -> None:
    replayed = lines("league-1931.json")
    [notice] = events_of(replayed[17], "withdrawal_notified")
    assert (notice["body"], notice["effective_at"]) == ("LEAGUE", -1097193600.0)  # 1935-03-27
    [left] = events_of(replayed[18], "member_left")
    assert (left["country"], left["body"]) == ("JPN", "LEAGUE")
    assert "JPN" not in state_after("league-1931.json").league_members()
