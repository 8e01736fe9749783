"""Real votes of the League of Nations and the United Nations, written as records from
docs/rules.md and replayed through ``crisis-table replay``: the rules give history's
outcomes. Each record cites its sources in ``meta``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from game_rules import library
from game_rules.records import final_state, load_record, replay_lines
from game_rules.state import State

RECORDS = Path(__file__).parent / "records"
CLI = str(Path(sys.executable).parent / "crisis-table")
REAL = ["league-1931-council", "league-1933-assembly", "league-1935-abyssinia",
        "league-1939-expulsion", "un-1950-korea", "un-1950-uniting-for-peace",
        "un-1990-kuwait", "un-2011-libya", "un-2011-syria-veto"]


def data(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((RECORDS / f"{name}.json").read_text(encoding="utf-8"))
    return loaded


@cache
def replayed(name: str) -> list[dict[str, Any]]:
    """The lines ``crisis-table replay`` prints for the record (once per record)."""
    done = subprocess.run([CLI, "replay", str(RECORDS / f"{name}.json")], capture_output=True,
                          text=True, timeout=60, check=False,
                          env={**os.environ, "PYTHONHASHSEED": "0"})
    assert (done.returncode, done.stderr) == (0, ""), done.stderr
    return [json.loads(line) for line in done.stdout.splitlines()]


def state_after(name: str) -> State:
    return final_state(load_record(data(name), library.get))


def events(lines: list[dict[str, Any]], kind: str) -> list[dict[str, Any]]:
    return [e for line in lines if line["ok"] for e in line["events"] if e["kind"] == kind]


def outcome(lines: list[dict[str, Any]], draft: str) -> dict[str, Any]:
    found: list[dict[str, Any]] = [
        e for line in lines if line["ok"] for e in line["events"]
        if e["kind"] in ("draft_adopted", "draft_failed", "draft_vetoed") and e["draft"] == draft]
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize("name", REAL)
def test_the_record_cites_its_sources_and_the_cli_prints_the_engines_lines(name: str) -> None:
    record = data(name)
    assert record["meta"]["sources"] and record["meta"]["expected"]
    lines = replayed(name)
    assert len(lines) == len(record["actions"])
    expected = list(replay_lines(load_record(record, library.get)))
    assert [json.dumps(line, ensure_ascii=False, separators=(",", ":")) for line in lines] == [
        json.dumps(json.loads(line), ensure_ascii=False, separators=(",", ":"))
        for line in expected]


# The League of Nations.


def test_1931_the_invitation_is_procedure_and_passes_by_a_majority_over_japans_no() -> None:
    lines = replayed("league-1931-council")
    adopted = outcome(lines, "LNC/1931/US-INVITATION")
    assert (adopted["kind"], adopted["votes"]) == ("draft_adopted", "13-1-0")
    assert "Art. 5(2)" in adopted["explanation"]
    assert "13 of the 14 present voted in favour; a majority needs 8" in adopted["explanation"]


def test_1931_japans_counter_proposal_and_the_councils_resolution_both_fall_13_1() -> None:
    lines = replayed("league-1931-council")
    counter = outcome(lines, "LNC/1931/JAPAN-COUNTER")
    assert (counter["kind"], counter["reason"], counter["votes"]) == (
        "draft_failed", "unanimity", "1-13-0")
    assert len(counter["blocked_by"]) == 13 and "JPN" not in counter["blocked_by"]
    resolution = outcome(lines, "LNC/1931/24-OCT")
    assert (resolution["kind"], resolution["reason"], resolution["blocked_by"],
            resolution["votes"]) == ("draft_failed", "unanimity", ["JPN"], "13-1-0")
    assert "under Art. 11 the parties' votes count" in resolution["explanation"]


def test_1933_the_lytton_report_is_adopted_42_1_without_the_parties_votes() -> None:
    lines = replayed("league-1933-assembly")
    report = outcome(lines, "LNA/1933/LYTTON")
    assert (report["kind"], report["body"], report["votes"]) == (
        "draft_adopted", "LNA", "42-1-1")
    assert "Art. 15(10)" in report["explanation"]
    assert "The votes of the Republic of China and Japan were not counted." \
        in report["explanation"]
    [closed] = [e for e in events(lines, "vote_closed") if e["draft"] == "LNA/1933/LYTTON"]
    assert (closed["no"], closed["abstain"]) == (["JPN"], ["THA"])


def test_1933_japans_notice_takes_effect_two_years_later_not_before() -> None:
    lines = replayed("league-1933-assembly")
    [notified] = events(lines, "withdrawal_notified")
    assert (notified["country"], notified["body"]) == ("JPN", "LEAGUE")
    early = next(line for line in lines if not line["ok"]
                 and line["code"] == "notice_period_running")
    assert "27 March 1935" in early["message"] and "365 days from now" in early["message"]
    assert "already_notified" in [line.get("code") for line in lines]
    assert events(lines, "member_left") == [{"kind": "member_left", "country": "JPN",
                                             "body": "LEAGUE"}]
    assert lines[-1]["ok"] is False and lines[-1]["code"] == "not_a_member"
    assert "JPN" not in state_after("league-1933-assembly").league_members()


def test_1935_the_councils_report_and_finding_exclude_italy_and_ethiopia() -> None:
    lines = replayed("league-1935-abyssinia")
    report = outcome(lines, "LNC/1935/REPORT-15-4")
    assert (report["kind"], report["votes"]) == ("draft_adopted", "14-1-0")
    assert "Art. 15(6)" in report["explanation"]
    finding = outcome(lines, "LNC/1935/ART16")
    assert (finding["kind"], finding["votes"]) == ("draft_adopted", "14-1-0")
    assert "The votes of Italy and Ethiopia were not counted." in finding["explanation"]
    assert events(lines, "war_determined") == [
        {"kind": "war_determined", "draft": "LNC/1935/ART16", "body": "LNC", "against": "ITA"}]


def test_1935_each_member_applies_the_sanctions_itself_and_lifts_them_in_1936() -> None:
    lines = replayed("league-1935-abyssinia")
    applied = events(lines, "sanctions_applied")
    assert {e["country"] for e in applied} >= {"GBR", "FRA", "SUN", "CAN"}
    assert not {e["country"] for e in applied} & {"AUT", "HUN", "ITA", "ETH"}
    assert all(e["against"] == "ITA" and "oil" not in e["measures"] for e in applied)
    lifted = events(lines, "sanctions_lifted")
    assert [e["country"] for e in lifted] == [e["country"] for e in applied]
    assert state_after("league-1935-abyssinia").sanctions == ()


def test_1939_the_soviet_union_is_expelled_with_abstentions_and_absences() -> None:
    lines = replayed("league-1939-expulsion")
    adopted = outcome(lines, "LNC/1939/EXPULSION")
    assert (adopted["kind"], adopted["votes"]) == ("draft_adopted", "6-0-4")
    assert "Art. 16(4)" in adopted["explanation"]
    assert "not counted" not in adopted["explanation"]
    assert events(lines, "member_expelled") == [
        {"kind": "member_expelled", "country": "SUN", "draft": "LNC/1939/EXPULSION"}]
    assert lines[-1]["code"] == "not_a_league_member"


# The United Nations.


def test_1950_resolutions_82_83_84_pass_in_the_soviet_absence() -> None:
    lines = replayed("un-1950-korea")
    got = [(outcome(lines, d)["kind"], outcome(lines, d).get("resolution"),
            outcome(lines, d)["votes"]) for d in ("S/1501", "S/1950/draft-83", "S/1588")]
    assert got == [("draft_adopted", "S/RES/82 (1950)", "9-0-1"),
                   ("draft_adopted", "S/RES/83 (1950)", "7-1-0"),
                   ("draft_adopted", "S/RES/84 (1950)", "7-0-3")]
    assert all("SUN" in e["absent"] for e in events(lines, "vote_closed"))
    assert "absence of the Soviet Union is not a veto" in outcome(lines, "S/1501")["explanation"]


def test_1950_uniting_for_peace_is_adopted_52_5_2() -> None:
    adopted = outcome(replayed("un-1950-uniting-for-peace"), "A/1950/draft-377")
    assert (adopted["kind"], adopted["votes"]) == ("draft_adopted", "52-5-2")


def test_1990_resolution_660_14_0_and_678_12_2_1() -> None:
    lines = replayed("un-1990-kuwait")
    first = outcome(lines, "S/1990/draft-660")
    assert (first["kind"], first["resolution"], first["votes"]) == (
        "draft_adopted", "S/RES/660 (1990)", "14-0-0")
    [closed, _] = events(lines, "vote_closed")
    assert closed["absent"] == ["YEM"]
    force = outcome(lines, "S/1990/draft-678")
    assert (force["kind"], force["votes"]) == ("draft_adopted", "12-2-1")
    assert "abstention of China is not a veto" in force["explanation"]


def test_2011_resolution_1973_passes_10_0_5() -> None:
    adopted = outcome(replayed("un-2011-libya"), "S/2011/draft-1973")
    assert (adopted["kind"], adopted["votes"]) == ("draft_adopted", "10-0-5")


def test_2011_the_double_veto_of_4_october_9_2_4() -> None:
    lines = replayed("un-2011-syria-veto")
    vetoed = outcome(lines, "S/2011/612")
    assert (vetoed["kind"], vetoed["vetoed_by"], vetoed["votes"]) == (
        "draft_vetoed", ["CHN", "RUS"], "9-2-4")
    assert events(lines, "veto_debate_scheduled") == []
