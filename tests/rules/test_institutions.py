"""Institutions by date: the data file's compositions on days whose Councils are known
from the record, written here by hand (not read from the data), and the shipped
scenarios' explicit compositions compared with the record of their own date."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from game_rules import library
from game_rules.errors import ScenarioError
from game_rules.institutions import (
    NoRecord,
    data,
    league_council_on,
    nac_on,
    resolve_bodies,
    security_council_on,
)
from game_rules.scenario import load_scenario
from game_rules.states import code_on, exists_on

P5_SOVIET = ["CHN", "FRA", "SUN", "GBR", "USA"]
P5_TODAY = ["CHN", "FRA", "RUS", "GBR", "USA"]


@pytest.mark.parametrize(("day", "permanent", "elected", "threshold"), [
    (date(1950, 6, 25), P5_SOVIET, {"CUB", "ECU", "EGY", "IND", "NOR", "YUG"}, 7),
    (date(1956, 10, 30), P5_SOVIET, {"AUS", "BEL", "CUB", "IRN", "PER", "YUG"}, 7),
    (date(1982, 4, 3), P5_SOVIET, {"ESP", "GUY", "IRL", "JPN", "JOR", "PAN", "POL", "TGO",
                                   "UGA", "ZAR"}, 9),
    (date(1990, 11, 29), P5_SOVIET, {"CAN", "CIV", "COL", "CUB", "ETH", "FIN", "MYS", "ROU",
                                     "YEM", "ZAR"}, 9),
    (date(2022, 2, 25), P5_TODAY, {"ALB", "ARE", "BRA", "GAB", "GHA", "IND", "IRL", "KEN",
                                   "MEX", "NOR"}, 9),
    (date(2026, 3, 1), P5_TODAY, {"BHR", "COD", "COL", "DNK", "GRC", "LBR", "LVA", "PAK",
                                  "PAN", "SOM"}, 9),
    (date(1961, 4, 1), P5_SOVIET, {"CHL", "ECU", "EGY", "LBR", "LKA", "TUR"}, 7),
    (date(1964, 6, 1), P5_SOVIET, {"BOL", "BRA", "CIV", "CSK", "MAR", "NOR"}, 7),
    (date(1969, 6, 1), P5_SOVIET, {"COL", "DZA", "ESP", "FIN", "HUN", "NPL", "PAK", "PRY",
                                   "SEN", "ZMB"}, 9),
    (date(1985, 6, 1), P5_SOVIET, {"AUS", "BFA", "DNK", "EGY", "IND", "MDG", "PER", "THA",
                                   "TTO", "UKR"}, 9),
    (date(2014, 3, 1), P5_TODAY, {"ARG", "AUS", "CHL", "JOR", "KOR", "LTU", "LUX", "NGA",
                                  "RWA", "TCD"}, 9),
])
def test_the_security_council_of_a_known_day(day: date, permanent: list[str],
                                             elected: set[str], threshold: int) -> None:
    council = security_council_on(day)
    assert council.permanent == permanent
    assert set(council.elected) == elected
    assert council.threshold == threshold


def test_every_day_since_the_first_meeting_resolves_to_a_full_council() -> None:
    days = [date(1946, 1, 17)] + [date(year, month, day) for year in range(1946, 2027)
                                  for month, day in ((1, 1), (6, 30), (12, 31))
                                  if date(year, month, day) >= date(1946, 1, 17)]
    for day in days:
        council = security_council_on(day)
        assert len(council.members) == (11 if day.year < 1966 else 15), day
        assert len(set(council.members)) == len(council.members), day
        assert all(exists_on(code, day) for code in council.members), day


def test_a_state_renamed_during_its_term_sits_under_the_code_of_the_day() -> None:
    assert "HVO" in security_council_on(date(1984, 8, 3)).elected
    assert "BFA" in security_council_on(date(1984, 8, 4)).elected


def test_the_china_seat_passes_on_25_october_1971_and_the_soviet_seat_on_24_december_1991(
        ) -> None:
    from game_rules.scenario import load_scenario as load

    before = load({"id": "a", "title": "A", "date": "1971-10-24",
                   "bodies": {"UNSC": {"as_of": "1971-10-24"}}})
    after = load({"id": "a", "title": "A", "date": "1971-10-25",
                  "bodies": {"UNSC": {"as_of": "1971-10-25"}}})
    assert before.country_name("CHN") == "Republic of China"
    assert after.country_name("CHN") == "China"
    assert "SUN" in security_council_on(date(1991, 12, 23)).permanent
    assert "RUS" in security_council_on(date(1991, 12, 24)).permanent


def test_the_presidency_of_the_month_where_the_record_gives_it() -> None:
    assert security_council_on(date(2022, 2, 25)).president == "RUS"
    assert security_council_on(date(1950, 6, 25)).president == "IND"
    assert security_council_on(date(1962, 10, 23)).president == "SUN"
    assert security_council_on(date(1994, 4, 7)).president == "NZL"
    assert security_council_on(date(1982, 4, 3)).president is None


def test_a_day_the_data_does_not_cover_is_said_so_never_guessed() -> None:
    with pytest.raises(NoRecord, match="first met"):
        security_council_on(date(1945, 12, 1))
    with pytest.raises(NoRecord, match="ends on 31 December 2026"):
        security_council_on(date(2027, 1, 1))
    with pytest.raises(NoRecord, match="entered into force on 24 August 1949"):
        nac_on(date(1949, 6, 1))
    with pytest.raises(NoRecord, match="League Council only"):
        league_council_on(date(1934, 6, 1))


@pytest.mark.parametrize(("day", "count", "last"), [
    (date(1949, 9, 17), 12, "USA"), (date(1952, 2, 18), 14, "TUR"), (date(1982, 4, 3), 15, "DEU"),
    (date(1982, 5, 30), 16, "ESP"), (date(2004, 3, 29), 26, "SVN"), (date(2022, 2, 24), 30, "MKD"),
    (date(2023, 4, 4), 31, "FIN"), (date(2024, 3, 7), 32, "SWE"),
    (date(2009, 3, 31), 26, "SVN"), (date(2009, 4, 1), 28, "HRV"), (date(2017, 6, 5), 29, "MNE"),
    (date(2020, 3, 26), 29, "MNE"), (date(2020, 3, 27), 30, "MKD"),
])
def test_the_allies_by_date_of_accession(day: date, count: int, last: str) -> None:
    allies = nac_on(day)
    assert (len(allies), allies[-1]) == (count, last)


def test_the_league_council_of_october_1935() -> None:
    council = league_council_on(date(1935, 10, 7))
    assert council.permanent == ["GBR", "FRA", "ITA", "SUN"]
    assert len(council.elected) == 10 and "POL" in council.elected


@pytest.mark.parametrize(("day", "permanent", "elected"), [
    (date(1920, 6, 1), ["GBR", "FRA", "ITA", "JPN"], {"BEL", "BRA", "GRC", "ESP"}),
    (date(1921, 8, 12), ["GBR", "FRA", "ITA", "JPN"], {"BEL", "BRA", "CHN", "ESP"}),
    (date(1923, 3, 1), ["GBR", "FRA", "ITA", "JPN"], {"BEL", "BRA", "CHN", "ESP", "SWE", "URY"}),
    (date(1925, 3, 1), ["GBR", "FRA", "ITA", "JPN"], {"BEL", "BRA", "CSK", "ESP", "SWE", "URY"}),
    (date(1926, 7, 1), ["GBR", "FRA", "ITA", "JPN"], {"BEL", "CSK", "ESP", "SWE", "URY"}),
    (date(1929, 1, 15), ["GBR", "FRA", "ITA", "JPN", "DEU"],
     {"POL", "ROU", "CHL", "CAN", "CUB", "FIN", "ESP", "IRN", "VEN"}),
    (date(1931, 3, 1), ["GBR", "FRA", "ITA", "JPN", "DEU"],
     {"IRL", "GTM", "NOR", "ESP", "IRN", "VEN", "PER", "POL", "YUG"}),
    (date(1933, 10, 4), ["GBR", "FRA", "ITA", "JPN", "DEU"],
     {"ARG", "AUS", "CHN", "CSK", "DNK", "MEX", "PAN", "POL", "ESP"}),
])
def test_the_league_council_of_a_known_day(day: date, permanent: list[str],
                                           elected: set[str]) -> None:
    council = league_council_on(day)
    assert council.permanent == permanent and set(council.elected) == elected


def test_a_league_council_the_record_does_not_confirm_is_said_so() -> None:
    for day in (date(1920, 1, 15), date(1920, 12, 1), date(1922, 9, 15), date(1926, 9, 10),
                date(1929, 9, 10),
                date(1932, 10, 1), date(1934, 6, 1), date(1938, 6, 1)):
        with pytest.raises(NoRecord, match="League Council only"):
            league_council_on(day)


def test_every_entry_names_a_source_and_every_code_existed_on_its_days() -> None:
    sources = data()["sources"]
    for term in data()["UNSC"]["elected"]:
        assert term["source"] in sources
        for code in term["members"]:
            for year in range(int(term["from"]), int(term["to"]) + 1):
                day = date(year, 6, 30)
                assert exists_on(code_on(code, day), day), (code, year)
    for member in data()["NAC"]["members"]:
        assert member["source"] in sources
        assert exists_on(member["code"], date.fromisoformat(member["from"])), member
    for council in data()["LNC"]["councils"]:
        assert council["source"] in sources
        for code in [*council["permanent"], *council["elected"]]:
            assert exists_on(code, date.fromisoformat(council["from"])), (code, council)
    used = {t["source"] for t in data()["UNSC"]["elected"]} | {
        m["source"] for m in data()["NAC"]["members"]} | {
        c["source"] for c in data()["LNC"]["councils"]} | {
        p["source"] for p in data()["UNSC"]["presidents"]}
    assert used <= set(sources)


def test_a_body_given_by_date_is_filled_in_and_what_the_scenario_gives_is_kept() -> None:
    sc = load_scenario({"id": "f", "title": "Falklands", "date": "1982-04-03",
                        "bodies": {"UNSC": {"as_of": "1982-04-03", "invited": ["ARG"],
                                            "president": "ZAR"},
                                   "NAC": {"as_of": "1982-04-03"}}})
    assert sc.bodies.UNSC is not None and sc.bodies.NAC is not None
    assert sc.bodies.UNSC.president == "ZAR" and sc.bodies.UNSC.invited == ["ARG"]
    assert len(sc.bodies.UNSC.members) == 15 and "ESP" not in sc.bodies.NAC.members
    assert sc.country_name("DEU") == "Federal Republic of Germany"


@pytest.mark.parametrize(("as_of", "words"), [
    ("1982-13-45", "month must be in 1..12"),
    ("2 April 1982", "write it as YYYY-MM-DD"),
    ("1945-06-01", "no record for 1945-06-01"),
])
def test_a_bad_date_for_a_body_is_a_located_problem(as_of: str, words: str) -> None:
    _, problems = resolve_bodies({"bodies": {"UNSC": {"as_of": as_of}}})
    assert problems[0][0] == "bodies.UNSC.as_of" and words in problems[0][1].english()


def _dated_bodies(raw: dict[str, Any]) -> dict[str, Any]:
    """The scenario's bodies given again by its own date."""
    day = raw.get("date")
    out: dict[str, Any] = {}
    for name in ("UNSC", "NAC", "LNC"):
        if name in raw.get("bodies", {}):
            out[name] = {"as_of": day}
    return out


@pytest.mark.parametrize("scenario_id", sorted(library.shipped()))
def test_a_shipped_historical_scenario_agrees_with_the_record_of_its_date(
        scenario_id: str) -> None:
    raw = library.raw(scenario_id)
    assert raw is not None
    if not raw.get("date"):
        pytest.skip("undated: set in no particular day")
    resolved, problems = resolve_bodies({"bodies": _dated_bodies(raw)})
    bodies = raw["bodies"]
    for name, body in resolved["bodies"].items():
        if any(place == f"bodies.{name}.as_of" for place, _ in problems):
            continue
        given = bodies[name]
        if name == "NAC":
            assert set(given.get("members", [])) == set(body["members"]), name
        else:
            assert set(given["permanent"]) == set(body["permanent"]), name
            assert set(given.get("elected", [])) == set(body["elected"]), name
        if body.get("president") and given.get("president"):
            assert given["president"] == body["president"], name


def test_a_scenario_dated_before_the_record_begins_is_refused_with_the_reason() -> None:
    with pytest.raises(ScenarioError, match="first met on 17 January 1946"):
        load_scenario({"id": "x", "title": "X", "bodies": {"UNSC": {"as_of": "1945-06-26"}}})
