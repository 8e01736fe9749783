"""Rules by date: what did not yet exist on a scenario's date is not offered.

A scenario set in 1982 cannot refer a situation to the International Criminal Court
(in force from 1 July 2002); one set before 22 February 1993 cannot set up an ad hoc
tribunal; one set before 3 November 1950 cannot call an emergency special session under
Uniting for Peace. The General Assembly's debate after a veto (26 April 2022) is not a
measure a player chooses: the engine holds it only from that day
(``council.veto_initiative_applies``), and ``VETO_INITIATIVE`` gives the day and the reason.
An undated scenario is set today: everything exists.

>>> not_yet("refer_to_icc", date(1982, 4, 3))
'the International Criminal Court did not exist yet: the Rome Statute entered into force on 1 July 2002'
>>> not_yet("refer_to_icc", date(2011, 2, 26)) is None
True
"""

from __future__ import annotations

from datetime import date

from game_rules.errors import RuleError
from game_rules.measure_names import measure_msg
from game_rules.messages import N_, Date, Param, message
from game_rules.scenario import Scenario

SINCE: dict[str, tuple[date, str]] = {
    "refer_to_icc": (date(2002, 7, 1), N_("the International Criminal Court did not exist yet: "
                                          "the Rome Statute entered into force on 1 July 2002")),
    "tribunal": (date(1993, 2, 22), N_("the Security Council set up its first international "
                                       "tribunal by resolution 808 of 22 February 1993 (the "
                                       "former Yugoslavia); before it, there was no such "
                                       "measure")),
    "emergency_special_session": (date(1950, 11, 3),
                                  N_("Uniting for Peace (General Assembly resolution 377 A (V)) "
                                     "dates from 3 November 1950: before it, the Council could "
                                     "not call an emergency special session of the Assembly")),
}
"""Measures that began on a known day, with the sentence that says why they are missing."""

VETO_INITIATIVE: tuple[date, str] = (
    date(2022, 4, 26), N_("the General Assembly has debated every veto only since its "
                          "resolution 76/262 of 26 April 2022"))
"""The day of the veto initiative (GA res. 76/262), and the sentence that says why a game
set before it has no debate after a veto."""


def not_yet(measure: str, day: date | None) -> str | None:
    """Why ``measure`` did not exist on ``day``, or None if it did (or the day is unknown)."""
    found = SINCE.get(measure)
    if found is None or day is None or day >= found[0]:
        return None
    return found[1]


def latest_day(scenario: Scenario) -> date | None:
    """The latest day the story may be on: its ``date``, else the last day of its ``year``
    (a scenario dated only by its year is not refused what existed by the year's end)."""
    if scenario.date:
        return scenario.day()
    if scenario.year is not None and 1 <= scenario.year <= 9999:
        return date(scenario.year, 12, 31)
    return None


def unavailable(scenario: Scenario) -> dict[str, str]:
    """The measures a scenario's date rules out, with the reason for each."""
    day = latest_day(scenario)
    return {m: why for m in SINCE if (why := not_yet(m, day)) is not None}


def set_on(scenario: Scenario) -> Param:
    """When a scenario is set, as a sentence's parameter: its day (a date each language
    writes its way), else its year.

    >>> from game_rules.scenario import load_scenario
    >>> set_on(load_scenario({"id": "s", "title": "S", "date": "1982-04-03"}))
    Date(iso='1982-04-03', moment=False)
    >>> set_on(load_scenario({"id": "s", "title": "S", "year": 1950}))
    '1950'
    """
    day = scenario.day() if scenario.date else None
    if day is not None:
        return Date(day.isoformat())
    return str(scenario.year) if scenario.year is not None else ""


def check_measures(scenario: Scenario, measures: list[str]) -> None:
    """Refuse a draft whose measures did not exist on the scenario's date."""
    for measure in measures:
        why = not_yet(measure, latest_day(scenario))
        if why is not None:
            raise RuleError("not_yet_in_force", message(N_(
                                    "\"{measure}\" is not available in a game set on {day}: {why}."),
                                    measure=measure_msg(measure), day=set_on(scenario), why=message(why)))
