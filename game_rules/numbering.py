"""Where the real series of Security Council resolutions stood on a date, so
that a game set in 2022 adopts resolution 2618 or so, not resolution 1.

Resolutions are numbered in one series since 1946. ``SERIES`` holds dated
points of it, each from a source named beside it; between two points the
number is read on the straight line that joins them, and after the last one
the series goes on at the pace of its last years. A scenario that knows the
exact number sets ``bodies.UNSC.first_resolution`` instead.

>>> next_resolution("2022-02-27")
2623
>>> next_resolution("1990-01-01"), next_resolution("2024-01-01")
(647, 2722)
"""

from __future__ import annotations

import itertools
from datetime import date

SERIES: tuple[tuple[str, int, str], ...] = (
    ("1946-01-01", 1, "Dag Hammarskjöld Library, 'Resolutions of the Security Council': "
                      "numbered from S/RES/1 (1946)"),
    ("1950-06-25", 82, "S/RES/82 (1950), adopted 25 June 1950"),
    ("1965-01-01", 200, "Dag Hammarskjöld Library: the 1946-1964 resolutions were numbered "
                        "S/RES/1 (1946) to S/RES/199 (1964)"),
    ("1990-01-01", 647, "Fobbe, Ridi and Gasbarri, Corpus of Resolutions: UN Security Council "
                        "(CR-UNSC): 646 resolutions from 1946 to 1989"),
    ("1990-08-02", 660, "S/RES/660 (1990), adopted 2 August 1990"),
    ("2001-09-12", 1368, "S/RES/1368 (2001), adopted 12 September 2001"),
    ("2012-02-22", 2036, "S/RES/2036 (2012), adopted 22 February 2012"),
    ("2012-04-14", 2042, "S/RES/2042 (2012), adopted 14 April 2012 (S/PV.6751)"),
    ("2015-05-28", 2223, "S/RES/2223 (2015), adopted 28 May 2015"),
    ("2018-01-01", 2397, "the resolution of 24 February 2018 on Syria was the fifth of 2018 "
                         "and resolution 2401"),
    ("2021-01-01", 2561, "Security Council Report, January 2025: 57 resolutions in 2021"),
    ("2022-01-01", 2618, "Security Council Report: 54 resolutions in 2022"),
    ("2022-02-27", 2623, "S/RES/2623 (2022), adopted 27 February 2022"),
    ("2023-01-01", 2672, "Highlights of Security Council Practice 2023: 50 resolutions in 2023"),
    ("2023-11-15", 2712, "S/RES/2712 (2023), adopted 15 November 2023 (S/PV.9479)"),
    ("2023-12-01", 2714, "International Legal Materials: resolution 2714 (2023), 1 December 2023"),
    ("2024-01-01", 2722, "CR-UNSC: 2,721 resolutions to the end of 2023"),
    ("2025-01-01", 2768, "Security Council Report, January 2025: 46 resolutions in 2024"),
)
"""(date, the number of the next resolution adopted from that date, source)."""

PACE_YEARS = 4
"""After the last point, the series goes on at its average pace over this many years."""


def _day(text: str) -> int:
    return date.fromisoformat(text).toordinal()


def next_resolution(when: str) -> int:
    """The number the next Security Council resolution took (or would take) on ``when``
    (an ISO date), read from ``SERIES``."""
    day = _day(when)
    points = [(_day(d), n) for d, n, _ in SERIES]
    if day <= points[0][0]:
        return points[0][1]
    for (d0, n0), (d1, n1) in itertools.pairwise(points):
        if d0 <= day < d1:
            return n0 + round((n1 - n0) * (day - d0) / (d1 - d0))
    last_day, last_n = points[-1]
    base_day, base_n = next((d, n) for d, n in points if d >= last_day - 365 * PACE_YEARS)
    per_day = (last_n - base_n) / max(1, last_day - base_day)
    return last_n + round(per_day * (day - last_day))


def first_resolution(year: int | None, when: str | None) -> int:
    """The number of the first resolution a game adopts: on the scenario's date, or at the
    start of its year; 1 for a game in no year.

    >>> first_resolution(2026, None) > first_resolution(2025, None) > 2700
    True
    >>> first_resolution(None, None)
    1
    """
    if when:
        try:
            return next_resolution(when[:10])
        except ValueError:
            pass
    if year is None or year < 1946:
        return 1
    return next_resolution(f"{year:04d}-01-01")
