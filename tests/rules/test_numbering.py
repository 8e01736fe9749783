"""Resolutions are numbered as the real series stood in the scenario's time."""

from __future__ import annotations

from game_rules.numbering import SERIES, first_resolution, next_resolution
from tests.rules.rules_helpers import Game, council_2022, korea_1950, votes


def test_every_dated_point_of_the_series_is_read_back() -> None:
    for day, number, source in SERIES:
        assert next_resolution(day) == number, (day, source)
        assert source


def test_known_resolutions_fall_where_the_record_puts_them() -> None:
    # Between the dated points the series is read on a straight line: close, not exact.
    assert abs(next_resolution("1990-11-29") - 678) <= 5      # "all necessary means"
    assert abs(next_resolution("2018-02-24") - 2401) <= 5
    assert 2768 < first_resolution(2026, None) < 2830


def test_a_scenario_without_a_number_starts_where_its_year_did() -> None:
    game = Game(korea_1950())
    draft = game.table("USA", title="Korea")
    events = game.put_to_vote(draft, votes(["USA", "GBR", "FRA", "CHN", "CUB", "ECU", "EGY",
                                            "IND", "NOR"]))
    adopted = next(e for e in events if e.kind == "draft_adopted")
    assert adopted.resolution.endswith("(1950)")
    number = int(adopted.resolution.split("/")[2].split()[0])
    assert 50 <= number <= 82      # resolution 82 was adopted on 25 June 1950


def test_the_scenarios_own_number_wins() -> None:
    game = Game(council_2022(bodies={"UNSC": {"first_resolution": 2623}}))
    draft = game.table("USA", title="T")
    events = game.put_to_vote(draft, votes(["USA", "GBR", "FRA", "ALB", "BRA", "GAB", "GHA",
                                            "IRL", "KEN"]))
    assert next(e for e in events if e.kind == "draft_adopted").resolution == \
        "S/RES/2623 (2022)"
