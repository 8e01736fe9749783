"""Countries by ISO 3166-1 alpha-3 code, with former codes for history.

Fictional states use the user-assigned range ``XAA``-``XZZ`` and get their
name from the scenario.

>>> name_of("RUS")
'Russian Federation'
>>> display("USA")
'the United States'
>>> is_known("RUX")
False
>>> is_fictional_code("XAB")
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from game_rules._countries_data import COUNTRIES as _ROWS

_FICTIONAL = re.compile(r"^X[A-Z]{2}$")


@dataclass(frozen=True, slots=True)
class Country:
    code: str
    name: str
    """The name as the United Nations lists it; it orders the Council presidency."""
    short: str
    """The everyday name a teacher would say."""
    article: str
    un_member: bool
    europe: bool

    @property
    def display(self) -> str:
        return f"{self.article} {self.short}".strip()


COUNTRIES: dict[str, Country] = {
    row[0]: Country(row[0], row[1], row[2], row[3], row[4], row[5]) for row in _ROWS
}


def is_known(code: str) -> bool:
    """Whether ``code`` is an ISO 3166-1 alpha-3 code, current or former."""
    return code in COUNTRIES


def is_fictional_code(code: str) -> bool:
    """Whether ``code`` lies in the user-assigned range XAA-XZZ."""
    return bool(_FICTIONAL.match(code))


def name_of(code: str) -> str:
    """The UN name of a known code, else the code itself."""
    country = COUNTRIES.get(code)
    return country.name if country else code


def display(code: str) -> str:
    """The name as a sentence would use it ("the United States")."""
    country = COUNTRIES.get(code)
    return country.display if country else code


def is_european(code: str) -> bool:
    """Whether a state counts as European for North Atlantic Treaty Art. 10.

    One documented list: the 46 member states of the Council of Europe, whose Statute
    (Art. 4) admits "any European State", with Armenia, Azerbaijan and Georgia alike;
    the European states outside it (Belarus, the Russian Federation, the Holy See);
    and the former states of that list (the Soviet Union, Yugoslavia, Czechoslovakia,
    the German Democratic Republic, Serbia and Montenegro). Dependent territories are
    not states and are not on it.

    >>> is_european("GEO"), is_european("ARM"), is_european("KAZ"), is_european("FRO")
    (True, True, False, False)
    """
    country = COUNTRIES.get(code)
    return bool(country and country.europe)


NATO_2024: tuple[str, ...] = (
    "ALB", "BEL", "BGR", "CAN", "HRV", "CZE", "DNK", "EST", "FIN", "FRA", "DEU",
    "GRC", "HUN", "ISL", "ITA", "LVA", "LTU", "LUX", "MNE", "NLD", "MKD", "NOR",
    "POL", "PRT", "ROU", "SVK", "SVN", "ESP", "SWE", "TUR", "GBR", "USA",
)
"""The 32 allies since Sweden joined on 7 March 2024."""

P5: tuple[str, ...] = ("CHN", "FRA", "GBR", "RUS", "USA")
"""The permanent members of the Security Council (Charter Art. 23)."""
