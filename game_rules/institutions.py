"""Institutions by date: the real Security Council, North Atlantic Council and Council of
the League of Nations of a given day, from ``game_rules/data/institutions.json``.

A scenario may give a body by date instead of by list, ``{"UNSC": {"as_of": "1982-04-03"}}``;
``resolve_bodies`` fills in its members (and the Council's threshold and the president of
that month, where the record gives one) before the scenario is checked. Fields the
scenario gives itself are kept. A day the data does not cover is an error that says so:
the data leaves out what could not be confirmed rather than guess.

>>> council = security_council_on(date(1982, 4, 3))
>>> council.permanent, council.elected[:3], council.threshold
(['CHN', 'FRA', 'SUN', 'GBR', 'USA'], ['ESP', 'GUY', 'IRL'], 9)
>>> len(security_council_on(date(1956, 10, 30)).members), nac_on(date(1982, 4, 3))[-1]
(11, 'DEU')
>>> security_council_on(date(1991, 12, 24)).permanent[2]
'RUS'
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

from game_rules.messages import N_, Date, Msg, Param, listed, message
from game_rules.states import code_on

BODIES_BY_DATE = ("UNSC", "NAC", "LNC")


class NoRecord(ValueError):
    """The data has no composition for that body on that day; ``said``: why, as a message."""

    def __init__(self, said: Msg) -> None:
        super().__init__(said.english())
        self.said = said


@dataclass(frozen=True, slots=True)
class Council:
    permanent: list[str]
    elected: list[str]
    threshold: int | None
    president: str | None
    sources: list[str]

    @property
    def members(self) -> list[str]:
        return [*self.permanent, *self.elected]


@cache
def data() -> dict[str, Any]:
    """The data file, read once."""
    text = (resources.files("game_rules") / "data" / "institutions.json").read_text("utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def source(key: str) -> str:
    """A source's title (and address), by its key in the data."""
    entry = data()["sources"][key]
    return f"{entry['title']} <{entry['url']}>" if entry.get("url") else str(entry["title"])


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _covers(entry: dict[str, Any], day: date) -> bool:
    start, end = _day(entry.get("from")), _day(entry.get("to"))
    return (start is None or start <= day) and (end is None or day <= end)


def security_council_on(day: date) -> Council:
    """The Security Council on ``day``: permanent members, elected members (sorted by
    code), threshold, and the president of that month where the record gives one."""
    record = data()["UNSC"]
    first, last = date.fromisoformat(record["first_meeting"]), date.fromisoformat(record["last_day"])
    if day < first:
        raise NoRecord(message(N_("the Security Council first met on {day}"),
                               day=Date(first.isoformat())))
    if day > last:
        raise NoRecord(message(N_("the data on the Security Council ends on {day}"),
                               day=Date(last.isoformat())))
    permanent = [p["code"] for p in record["permanent"] if _covers(p, day)]
    size = next(s for s in record["size"] if _covers(s, day))
    elected: list[str] = []
    sources: set[str] = {size["source"]}
    # A term is written with the codes of its election; a state renamed during the term
    # (Upper Volta, Burkina Faso from 4 August 1984) sits under the code of the day.
    for term in record["elected"]:
        if int(term["from"]) <= day.year <= int(term["to"]):
            elected += [code_on(code, day) for code in term["members"]]
            sources.add(term["source"])
    if len(permanent) + len(elected) != size["seats"]:
        raise NoRecord(message(N_("the data does not have every elected member of {year} (some "
                                  "terms could not be confirmed): give the members in the "
                                  "scenario"), year=str(day.year)))
    month = f"{day.year:04d}-{day.month:02d}"
    president = next((p["code"] for p in record["presidents"] if p["month"] == month), None)
    return Council(permanent, sorted(elected), size["threshold"], president, sorted(sources))


def nac_on(day: date) -> list[str]:
    """The allies on ``day``, in order of accession."""
    record = data()["NAC"]
    start = date.fromisoformat(record["in_force"])
    if day < start:
        raise NoRecord(message(N_("the North Atlantic Treaty entered into force on {day}"),
                               day=Date(start.isoformat())))
    return [m["code"] for m in record["members"] if _covers(m, day)]


def league_council_on(day: date) -> Council:
    """The Council of the League of Nations on ``day``, where the data has it."""
    for council in data()["LNC"]["councils"]:
        if _covers(council, day):
            return Council(list(council["permanent"]), list(council["elected"]), None, None,
                           [council["source"]])
    raise NoRecord(message(N_("the data has the League Council only for {spans}: give the "
                              "members in the scenario"), spans=_spans()))


def _spans() -> Param:
    """The days the League Council data covers, as a sentence lists them ("16 January 1920 to
    14 November 1920, ... and 1 October 1935 to 31 August 1936"): runs of councils that follow
    each other without a gap written as one span."""
    spans: list[list[date]] = []
    for council in data()["LNC"]["councils"]:
        start, end = date.fromisoformat(council["from"]), date.fromisoformat(council["to"])
        if spans and (start - spans[-1][1]).days == 1:
            spans[-1][1] = end
        else:
            spans.append([start, end])
    return listed([message(N_("{start} to {end}"), start=Date(a.isoformat()),
                           end=Date(b.isoformat())) for a, b in spans])


def resolve_bodies(scenario: dict[str, Any]) -> tuple[dict[str, Any], list[tuple[str, Msg]]]:
    """The scenario with every body given ``as_of`` filled in from the record, and the
    problems found (a date that is not a date, or one the data does not cover), as messages.

    >>> filled, problems = resolve_bodies({"bodies": {"NAC": {"as_of": "1952-02-18"}}})
    >>> len(filled["bodies"]["NAC"]["members"]), problems
    (14, [])
    >>> [(place, said.english()) for place, said in
    ...  resolve_bodies({"bodies": {"UNSC": {"as_of": "1982-13-45"}}})[1]]
    [('bodies.UNSC.as_of', '"1982-13-45" is not a date (YYYY-MM-DD): month must be in 1..12')]
    """
    bodies = scenario.get("bodies")
    if not isinstance(bodies, dict):
        return scenario, []
    problems: list[tuple[str, Msg]] = []
    out = dict(scenario)
    out_bodies = dict(bodies)
    for name in BODIES_BY_DATE:
        body = bodies.get(name)
        if not isinstance(body, dict) or body.get("as_of") is None:
            continue
        place = f"bodies.{name}.as_of"
        as_of = body["as_of"]
        if not isinstance(as_of, str):
            problems.append((place, message(N_('a date is a string "YYYY-MM-DD"'))))
            continue
        day, why = parse_day(as_of)
        if day is None:
            problems.append((place, message(N_('"{text}" is not a date (YYYY-MM-DD): {why}'),
                                            text=as_of[:40], why=why)))
            continue
        try:
            filled = _fill(name, body, day)
        except NoRecord as err:
            problems.append((place, message(N_("no record for {day}: {why}"), day=as_of,
                                            why=err.said)))
            continue
        out_bodies[name] = filled
    out["bodies"] = out_bodies
    return out, problems


def _fill(name: str, body: dict[str, Any], day: date) -> dict[str, Any]:
    filled = dict(body)
    if name == "UNSC":
        council = security_council_on(day)
        filled.setdefault("permanent", council.permanent)
        filled.setdefault("elected", council.elected)
        filled.setdefault("threshold", council.threshold)
        if council.president and "president" not in filled:
            filled["president"] = council.president
    elif name == "NAC":
        filled.setdefault("members", nac_on(day))
    else:
        league = league_council_on(day)
        filled.setdefault("permanent", league.permanent)
        filled.setdefault("elected", league.elected)
    return filled


def parse_day(text: str) -> tuple[date | None, Msg | str]:
    """A strict ISO date, or None and why not, as a message (for a day that does not
    exist too: which part of it is out of range, in words of ours, not Python's).

    >>> parse_day("2 April 1982")[1].english()
    'write it as YYYY-MM-DD, e.g. "1982-04-02"'
    >>> [parse_day(day)[1].english() for day in ("1982-13-45", "1982-02-29", "0000-01-01")]
    ['month must be in 1..12', 'day is out of range for month', 'year 0 is out of range']
    """
    import calendar
    import re

    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return None, message(N_('write it as YYYY-MM-DD, e.g. "1982-04-02"'))
    year, month, day = (int(part) for part in text.split("-"))
    if year < 1:
        return None, message(N_("year {year} is out of range"), year=year)
    if not 1 <= month <= 12:
        return None, message(N_("month must be in 1..12"))
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        return None, message(N_("day is out of range for month"))
    return date(year, month, day), ""
