"""States by date: which code a state had, and what it was called, on a given day.

ISO 3166-1 gives today's codes and ISO 3166-3 the former ones (``SUN``, ``CSK``,
``DDR``, ``YUG``, ``ZAR``, ``BUR``, ``BYS``, ``DHY``, ``HVO``). A scenario set in
the past names each state by the code it had on the scenario's date, and sees its
name as it was then; a scenario may still give any state a ``name`` of its own.

>>> name_on("DEU", date(1982, 4, 3))
'Federal Republic of Germany'
>>> name_on("THA", date(1931, 9, 21)), name_on("LKA", date(1960, 1, 1))
('Siam', 'Ceylon')
>>> exists_on("RUS", date(1982, 4, 3)), code_on("RUS", date(1982, 4, 3))
(False, 'SUN')
>>> code_on("ZAR", date(2000, 1, 1))
'COD'
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from game_rules.countries import COUNTRIES, name_of


@dataclass(frozen=True, slots=True)
class NamePeriod:
    code: str
    start: date | None
    end: date | None
    """The last day of the name, inclusive."""
    name: str
    short: str
    article: str = ""

    def covers(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


def _d(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


_NAMES: tuple[NamePeriod, ...] = tuple(
    NamePeriod(code, _d(start), _d(end), name, short, article)
    for code, start, end, name, short, article in (
        ("CHN", None, "1971-10-24", "Republic of China", "Republic of China", "the"),
        ("DEU", "1949-05-23", "1990-10-02", "Federal Republic of Germany", "West Germany", ""),
        ("YUG", None, "1929-10-02", "Kingdom of the Serbs, Croats and Slovenes",
         "Kingdom of the Serbs, Croats and Slovenes", "the"),
        ("YUG", "1992-04-27", "2003-02-03", "Federal Republic of Yugoslavia", "Yugoslavia", ""),
        ("THA", None, "1939-06-23", "Siam", "Siam", ""),
        ("THA", "1945-09-08", "1949-05-10", "Siam", "Siam", ""),
        ("LKA", None, "1972-05-21", "Ceylon", "Ceylon", ""),
        ("EGY", "1958-02-22", "1971-09-01", "United Arab Republic", "United Arab Republic", "the"),
        ("IRN", None, "1935-03-20", "Persia", "Persia", ""),
        ("IRL", None, "1937-12-28", "Irish Free State", "Irish Free State", "the"),
        ("UKR", None, "1991-08-23", "Ukrainian Soviet Socialist Republic", "Ukrainian SSR", "the"),
        ("MKD", None, "2019-02-11", "The former Yugoslav Republic of Macedonia",
         "the former Yugoslav Republic of Macedonia", ""),
        ("TUR", None, "2022-05-31", "Turkey", "Turkey", ""),
        ("SWZ", None, "2018-04-18", "Swaziland", "Swaziland", ""),
        ("CZE", None, "2016-05-16", "Czech Republic", "Czech Republic", "the"),
        ("COD", "1960-06-30", "1971-10-26", "Democratic Republic of the Congo", "Congo (Léopoldville)",
         "the"),
    ))
"""Names that were not today's. A code's name outside these periods is its name in
``countries``. Sources: the United Nations' list of Member States and their changes of
name; ISO 3166-3; docs/scenarios.md, States by date."""


@dataclass(frozen=True, slots=True)
class Lifetime:
    code: str
    start: date | None
    end: date | None
    before: str | None
    """The code of the state in its place before ``start``."""
    after: str | None
    """The code of the state in its place after ``end``."""


_LIVES: tuple[Lifetime, ...] = tuple(
    Lifetime(code, _d(start), _d(end), before, after)
    for code, start, end, before, after in (
        ("SUN", "1922-12-30", "1991-12-23", None, "RUS"),
        ("RUS", "1991-12-24", None, "SUN", None),
        ("DDR", "1949-10-07", "1990-10-02", None, "DEU"),
        ("CSK", "1918-10-28", "1992-12-31", None, "CZE"),
        ("CZE", "1993-01-01", None, "CSK", None),
        ("SVK", "1993-01-01", None, "CSK", None),
        ("YUG", "1918-12-01", "2003-02-03", None, "SCG"),
        ("SCG", "2003-02-04", "2006-06-04", "YUG", "SRB"),
        ("SRB", "2006-06-05", None, "SCG", None),
        ("MNE", "2006-06-03", None, "SCG", None),
        ("HRV", "1991-06-25", None, "YUG", None),
        ("SVN", "1991-06-25", None, "YUG", None),
        ("BIH", "1992-03-03", None, "YUG", None),
        ("MKD", "1991-09-08", None, "YUG", None),
        ("ZAR", "1971-10-27", "1997-05-16", "COD", "COD"),
        ("BUR", None, "1989-06-17", None, "MMR"),
        ("MMR", "1989-06-18", None, "BUR", None),
        ("BYS", None, "1991-09-18", None, "BLR"),
        ("BLR", "1991-09-19", None, "BYS", None),
        ("DHY", None, "1975-11-29", None, "BEN"),
        ("BEN", "1975-11-30", None, "DHY", None),
        ("HVO", None, "1984-08-03", None, "BFA"),
        ("BFA", "1984-08-04", None, "HVO", None),
        ("YMD", "1967-11-30", "1990-05-21", None, "YEM"),
        ("VDR", "1945-09-02", "1976-07-01", None, "VNM"),
        ("VNM", "1976-07-02", None, "VDR", None),
    ))
"""States that began or ended on a known day, with the code before and after."""

_COD_ZAIRE = (date(1971, 10, 27), date(1997, 5, 16))


def _life(code: str) -> Lifetime | None:
    for life in _LIVES:
        if life.code == code:
            return life
    return None


def exists_on(code: str, day: date) -> bool:
    """Whether the state of ``code`` existed (under that code) on ``day``.

    Codes without a known beginning or end are taken to exist on any day.

    >>> exists_on("DDR", date(1980, 1, 1)), exists_on("DDR", date(1991, 1, 1))
    (True, False)
    """
    if code == "COD" and _COD_ZAIRE[0] <= day <= _COD_ZAIRE[1]:
        return False
    life = _life(code)
    if life is None:
        return True
    return (life.start is None or life.start <= day) and (life.end is None or day <= life.end)


def code_on(code: str, day: date) -> str:
    """The code of the state in ``code``'s place on ``day`` (``code`` itself when it existed)."""
    if exists_on(code, day):
        return code
    if code == "COD":
        return "ZAR"
    life = _life(code)
    if life is None:
        return code
    if life.start is not None and day < life.start and life.before:
        return code_on(life.before, day) if life.before != code else code
    if life.end is not None and day > life.end and life.after:
        return code_on(life.after, day) if life.after != code else code
    return code


def _period(code: str, day: date | None) -> NamePeriod | None:
    if day is None:
        return None
    for period in _NAMES:
        if period.code == code and period.covers(day):
            return period
    return None


def name_on(code: str, day: date | None) -> str:
    """The name of ``code`` on ``day`` (today's name when ``day`` is None)."""
    period = _period(code, day)
    return period.name if period else name_of(code)


def display_on(code: str, day: date | None) -> str:
    """The name as a sentence uses it on ``day`` ("the Federal Republic of Germany")."""
    period = _period(code, day)
    if period:
        return f"{period.article} {period.short}".strip()
    country = COUNTRIES.get(code)
    return country.display if country else code


def scenario_day(date_text: str | None, year: int | None) -> date | None:
    """The day a scenario's names are read at: its ``date``, else the middle of its ``year``."""
    if date_text:
        try:
            return date.fromisoformat(date_text)
        except ValueError:
            return None
    if year is not None and 1 <= year <= 9999:
        return date(year, 7, 1)
    return None
