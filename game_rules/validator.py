"""The checks that teach: every name a scenario gives is checked where it stands, and a
mistake is answered with its place and the nearest valid name.

``load_scenario`` runs these after the shape of the file and the rules of the bodies
(game_rules/scenario.py): dates that are real days and agree with ``year``, codes of
states that existed on the scenario's date, measure names in caretaker policies and
conditions; ``notes`` reports what plays but reads oddly (odds that do not add up).

>>> from game_rules.scenario import load_scenario
>>> from game_rules.errors import ScenarioError
>>> try:
...     load_scenario({"id": "x", "title": "X", "date": "1982-04-03", "countries": [
...         {"code": "FRA", "caretaker": {"vote": {"no_if": ["sanctons"]}}}]})
... except ScenarioError as err:
...     place, problem = err.problems[0]
>>> place
'countries[0].caretaker.vote.no_if[0]'
>>> problem.split(":")[0]
'unknown measure "sanctons" (did you mean "sanctions"?)'
"""

from __future__ import annotations

import re
import typing
from collections.abc import Iterator
from datetime import date
from typing import Any

from pydantic import BaseModel, ValidationError

from game_rules.hints import did_you_mean_msg, nearest
from game_rules.institutions import parse_day
from game_rules.messages import N_, Country, Msg, message
from game_rules.scenario import Condition, Scenario, _union_tag, history_measures
from game_rules.states import code_on, exists_on, name_on
from game_rules.timeline import VETO_INITIATIVE, latest_day, not_yet, set_on


def problems(sc: Scenario, data: dict[str, Any]) -> list[tuple[str, Msg]]:
    """Every problem these checks find in a scenario that has the right shape."""
    out: list[tuple[str, Msg]] = []
    day = _date_problems(sc, out)
    if day is not None:
        _codes_on_the_day(sc, day, out)
    _measure_problems(sc, out)
    return out


def notes(sc: Scenario) -> list[tuple[str, str]]:
    """What a scenario may mean but should say otherwise: reported by ``crisis-table
    scenario validate`` and the editor, without refusing the scenario (the engine reads
    the aggressor's odds as weights, so odds that do not add up still play)."""
    return [(place, said.english()) for place, said in notes_msg(sc)]


def notes_msg(sc: Scenario) -> list[tuple[str, Msg]]:
    """``notes`` as messages, for a reader in any language."""
    out: list[tuple[str, Msg]] = []
    _odds_problems(sc, out)
    _rules_by_date(sc, out)
    return out


def _date_problems(sc: Scenario, out: list[tuple[str, Msg]]) -> date | None:
    if sc.date is None:
        return None
    day, why = parse_day(sc.date)
    if day is None:
        out.append(("date", message(N_('"{text}" is not a date (YYYY-MM-DD): {why}'),
                                    text=sc.date[:40], why=why)))
        return None
    if sc.year is not None and sc.year != day.year:
        out.append(("year", message(N_(
            "the date {date} is in {year}, but year says {given}: the year numbers the "
            "documents, so give the year of the date"), date=sc.date, year=str(day.year),
            given=str(sc.year))))
    return day


def code_places(sc: Scenario) -> Iterator[tuple[str, str]]:
    """Every place in the scenario that names a state, with the code it names."""
    for i, entry in enumerate(sc.countries):
        yield f"countries[{i}]", entry.code
        for policy_name in ("vote", "assembly_vote"):
            policy = getattr(entry.caretaker, policy_name, None) if entry.caretaker else None
            if policy is not None and policy.follow:
                yield f"countries[{i}].caretaker.{policy_name}.follow", policy.follow
    bodies = sc.bodies
    lists: dict[str, list[str]] = {}
    if bodies.UNSC:
        lists.update({"bodies.UNSC.permanent": bodies.UNSC.permanent,
                      "bodies.UNSC.elected": bodies.UNSC.elected,
                      "bodies.UNSC.invited": bodies.UNSC.invited,
                      "bodies.UNSC.briefers": bodies.UNSC.briefers})
    if bodies.NAC:
        lists["bodies.NAC.members"] = bodies.NAC.members
    if bodies.UNGA and bodies.UNGA.members:
        lists["bodies.UNGA.members"] = bodies.UNGA.members
    if bodies.LNC:
        lists.update({"bodies.LNC.permanent": bodies.LNC.permanent,
                      "bodies.LNC.elected": bodies.LNC.elected})
    if bodies.LNA:
        lists["bodies.LNA.members"] = bodies.LNA.members
    for place, codes in lists.items():
        for j, code in enumerate(codes):
            yield f"{place}[{j}]", code
    for i, incident in enumerate(sc.incidents):
        yield f"incidents[{i}].target", incident.target
        if incident.attacker:
            yield f"incidents[{i}].attacker", incident.attacker
    if sc.aggressor:
        yield "aggressor.country", sc.aggressor.country
        for field in ("target", "spillover_target"):
            code = getattr(sc.aggressor, field)
            if code:
                yield f"aggressor.{field}", code
    for i, inject in enumerate(sc.injects):
        for j, code in enumerate(inject.audience or []):
            yield f"injects[{i}].audience[{j}]", code


def _codes_on_the_day(sc: Scenario, day: date, out: list[tuple[str, Msg]]) -> None:
    named = {e.code for e in sc.countries if e.name}
    for place, code in code_places(sc):
        if code in named or exists_on(code, day):
            continue
        then = code_on(code, day)
        if then != code:
            out.append((place, message(N_(
                '"{code}" is not the code of {date}: on that day the state was {country} (did '
                'you mean "{then}"?)'), code=code, date=str(sc.date),
                country=Country(then, name_on(then, day)), then=then)))
        else:
            out.append((place, message(N_(
                '"{code}" ({country}) did not exist on {date}: give it a name of your own if '
                "the game invents it"), code=code, country=Country(code, name_on(code, None)),
                date=str(sc.date))))


def _scenario_measures(sc: Scenario) -> frozenset[str]:
    own = getattr(sc, "measures", None) or []
    ids = {m if isinstance(m, str) else getattr(m, "id", "") for m in own}
    return history_measures() | frozenset(i for i in ids if i)


def _conditions(sc: Scenario) -> Iterator[tuple[str, Condition]]:
    def walk(cond: Condition | None, place: str) -> Iterator[tuple[str, Condition]]:
        if cond is None:
            return
        yield place, cond
        for k, sub in enumerate(cond.any or []):
            yield from walk(sub, f"{place}.any[{k}]")

    for i, inject in enumerate(sc.injects):
        yield from walk(inject.when, f"injects[{i}].when")
    for i, entry in enumerate(sc.countries):
        if entry.role:
            for j, objective in enumerate(entry.role.objectives):
                yield from walk(objective.when, f"countries[{i}].role.objectives[{j}].when")


def _measure_problems(sc: Scenario, out: list[tuple[str, Msg]]) -> None:
    known = _scenario_measures(sc)
    for i, entry in enumerate(sc.countries):
        if not entry.caretaker:
            continue
        for policy_name in ("vote", "assembly_vote"):
            vote = getattr(entry.caretaker, policy_name, None)
            if vote is None:
                continue
            _policy_measures(vote, f"countries[{i}].caretaker.{policy_name}", known, out)
    for place, cond in _conditions(sc):
        if cond.adopted_measure is not None and cond.adopted_measure not in known:
            out.append((f"{place}.adopted_measure", message(N_(
                'unknown measure "{measure}"{hint}: the condition could never hold '
                "(docs/scenarios.md, Measure names)"), measure=cond.adopted_measure,
                hint=did_you_mean_msg(cond.adopted_measure, known))))


def _policy_measures(vote: Any, place: str, known: frozenset[str],
                     out: list[tuple[str, Msg]]) -> None:
    for field in ("yes_if", "no_if", "abstain_if", "absent_if"):
        for j, measure in enumerate(getattr(vote, field, None) or []):
            if measure not in known:
                out.append((f"{place}.{field}[{j}]", message(N_(
                    'unknown measure "{measure}"{hint}: a caretaker votes only on the measures '
                    "a draft can carry (docs/scenarios.md, Measure names)"), measure=measure,
                    hint=did_you_mean_msg(measure, known))))


def _odds_problems(sc: Scenario, out: list[tuple[str, Msg]]) -> None:
    if sc.aggressor is None:
        return
    p = sc.aggressor.policy
    odds = {"escalate": p.escalate, "hold": p.hold, "de_escalate": p.de_escalate,
            "withdraw": p.withdraw}
    total = sum(odds.values())
    if total > 0 and abs(total - 1) > 1e-6:
        parts = " + ".join(f"{k} {v:g}" for k, v in odds.items())
        out.append(("aggressor.policy", message(N_(
            "the odds of the moves add up to {total}, not 1 ({parts}): the game reads them as "
            "weights; make them add up to 1 to say what you mean"), total=f"{total:g}",
            parts=parts)))


def _measure_places(sc: Scenario) -> Iterator[tuple[str, str]]:
    """Every place that names a measure a draft could carry, with the measure."""
    for i, entry in enumerate(sc.countries):
        if not entry.caretaker:
            continue
        for policy_name in ("vote", "assembly_vote"):
            vote = getattr(entry.caretaker, policy_name, None)
            for field in ("yes_if", "no_if", "abstain_if", "absent_if"):
                for j, measure in enumerate(getattr(vote, field, None) or []):
                    yield f"countries[{i}].caretaker.{policy_name}.{field}[{j}]", measure
    for place, cond in _conditions(sc):
        if cond.adopted_measure is not None:
            yield f"{place}.adopted_measure", cond.adopted_measure


def _rules_by_date(sc: Scenario, out: list[tuple[str, Msg]]) -> None:
    """What names a rule that did not exist on the scenario's date: it plays (the engine
    refuses the measure, so the policy or condition never applies) but reads as a slip.

    >>> from game_rules.scenario import load_scenario
    >>> sc = load_scenario({"id": "f", "title": "F", "date": "1982-04-03",
    ...     "options": {"veto_initiative": True}, "countries": [
    ...     {"code": "FRA", "caretaker": {"vote": {"yes_if": ["refer_to_icc"]}}}]})
    >>> [place for place, _ in notes(sc)]
    ['countries[0].caretaker.vote.yes_if[0]', 'options.veto_initiative']
    """
    day = latest_day(sc)
    if day is None:
        return
    when = set_on(sc)
    for place, measure in _measure_places(sc):
        why = not_yet(measure, day)
        if why is not None:
            out.append((place, message(N_(
                '"{measure}" is not available in a game set on {when}: {why}; no draft can '
                "carry it, so this never applies"), measure=measure, when=when, why=message(why))))
    since, _ = VETO_INITIATIVE
    if sc.options.veto_initiative and day < since:
        out.append(("options.veto_initiative", message(N_(
            "the General Assembly's debate after a veto dates from 26 April 2022 (GA "
            "resolution 76/262), after {when}: the option plays it anyway, as a what-if; leave "
            "it out to keep the rules of the day"), when=when)))


# The shape of the file: pydantic's messages, with the nearest valid name added.

def _models_in(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    out: list[type[BaseModel]] = []
    for arg in typing.get_args(annotation):
        out += _models_in(arg)
    return out


def _keyed(annotation: Any) -> bool:
    """Whether a field is an object keyed by the author (``translations``: by language)."""
    if typing.get_origin(annotation) is dict:
        return True
    return any(_keyed(arg) for arg in typing.get_args(annotation))


def fields_at(loc: tuple[int | str, ...]) -> list[str]:
    """The field names valid in the object at ``loc`` of a scenario file."""
    models: list[type[BaseModel]] = [Scenario]
    key_next = False
    for part in loc:
        if isinstance(part, int):
            continue
        if key_next:
            key_next = False
            continue
        following: list[type[BaseModel]] = []
        for model in models:
            field = model.model_fields.get(part)
            if field is not None:
                following += _models_in(field.annotation)
                key_next = key_next or _keyed(field.annotation)
        if not following:
            return []
        models = following
    names: dict[str, None] = {}
    for model in models:
        names.update(dict.fromkeys(model.model_fields))
    return list(names)


_QUOTED = re.compile(r"'([^']*)'")


def explain_shape(err: ValidationError, plain: list[tuple[str, Msg]]) -> list[tuple[str, Msg]]:
    """pydantic's problems (as ``plain`` has them, one per error), each with a hint where
    a name was mistaken: an unknown field, or a word not among those allowed."""
    out: list[tuple[str, Msg]] = []
    for (place, said), e in zip(plain, err.errors(include_url=False), strict=True):
        loc = tuple(p for p in e["loc"] if not _is_tag(p))
        if e["type"] == "extra_forbidden" and loc and isinstance(loc[-1], str):
            hint = nearest(loc[-1], fields_at(loc[:-1]))
            if hint:
                said = message(N_('unknown field "{field}" (did you mean "{name}"?)'),
                               field=loc[-1], name=hint)
        elif e["type"] == "literal_error" and isinstance(e.get("input"), str):
            expected = _QUOTED.findall(str((e.get("ctx") or {}).get("expected", "")))
            near = did_you_mean_msg(e["input"], expected)
            if near:
                said = message(N_("{problem}{hint}"), problem=said, hint=near)
        out.append((place, said))
    return out


def _is_tag(part: int | str) -> bool:
    return _union_tag(part)


__all__ = ["code_places", "explain_shape", "fields_at", "problems"]
