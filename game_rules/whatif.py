"""What-if rule changes, for forks: "what if there were no veto", "no NATO",
another caretaker policy for a country, another policy for the aggressor.

A change is an action (``change_rules``, by the instructor) and an event
(``rules_changed``), so a fork's log replays like any other: the past under
the old rules, the future under the new.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from game_rules.actions import ChangeRules
from game_rules.context import Context
from game_rules.errors import RuleError
from game_rules.events import Event, RulesChanged, explained
from game_rules.messages import N_, Msg, Param, message
from game_rules.scenario import (
    AggressorPolicy,
    CaretakerPolicy,
    CountryEntry,
    Scenario,
    pydantic_problem,
)
from game_rules.state import State

EXPLANATIONS = {
    "no_veto": N_("From now on no permanent member's vote blocks a decision of the Security "
                  "Council."),
    "no_nato": N_("From now on there is no North Atlantic Council: no Article 4, no Article 5."),
    "caretaker": N_("{country} now follows another policy when nobody plays it."),
    "aggressor_policy": N_("The aggressor now draws its moves from another policy."),
    "reseed": N_("From now on the world's chance draws start again from seed {seed}: another "
                 "roll of the dice."),
}


def change_rules(state: State, action: ChangeRules, ctx: Context) -> list[Event]:
    rule = action.rule
    policy: dict[str, Any] | None = None
    sc = state.scenario
    if rule == "no_veto":
        if sc.bodies.UNSC is None:
            raise RuleError("no_such_body", message(N_("This scenario has no Security Council.")))
        if sc.options.no_veto:
            raise RuleError("no_change", message(N_("There is already no veto.")))
    elif rule == "no_nato":
        if sc.bodies.NAC is None:
            raise RuleError("no_change", message(N_("There is already no North Atlantic Council.")))
    elif rule == "reseed":
        if action.seed is None:
            raise RuleError("invalid_action", message(N_("change_rules.seed: a reseed names its seed")))
    elif rule == "caretaker":
        if action.country is None or action.country not in state.country_list:
            raise RuleError("unknown_country", message(N_("Name a country of this game.")))
        policy = _parse(CaretakerPolicy, action.policy)
    else:
        if sc.aggressor is None:
            raise RuleError("no_aggressor", message(N_("This scenario has no aggressor.")))
        policy = _parse(AggressorPolicy, action.policy)
        total = sum(policy[m] for m in ("escalate", "hold", "de_escalate", "withdraw"))
        if total <= 0:
            raise RuleError("invalid_action", message(N_(
                                    "change_rules.policy: the odds cannot all be zero")))
    params: dict[str, Param] = {}
    if rule == "caretaker":
        params["country"] = state.country(action.country) if action.country else ""
    if rule == "reseed":
        params["seed"] = action.seed if action.seed is not None else ""
    why = Msg(EXPLANATIONS[rule], params)
    return [RulesChanged(rule=rule, country=action.country if rule == "caretaker" else None,
                         policy=policy, **explained(why),
                         seed=action.seed if rule == "reseed" else None)]


def _parse(model: type[CaretakerPolicy] | type[AggressorPolicy],
           data: dict[str, Any] | None) -> dict[str, Any]:
    try:
        return model.model_validate(data or {}).model_dump(mode="json")
    except ValidationError as err:
        first = err.errors(include_url=False)[0]
        place = ".".join(str(p) for p in first["loc"])
        raise RuleError("invalid_action",
                        message(N_("change_rules.policy.{place}: {problem}"),
                                place=place, problem=pydantic_problem(first))) from None


def changed_scenario(scenario: Scenario, event: RulesChanged) -> Scenario:
    """The scenario after a rule change (a reseed leaves it as it is)."""
    if event.rule == "reseed":
        return scenario
    if event.rule == "no_veto":
        return scenario.model_copy(update={
            "options": scenario.options.model_copy(update={"no_veto": True})})
    if event.rule == "no_nato":
        return scenario.model_copy(update={
            "bodies": scenario.bodies.model_copy(update={"NAC": None})})
    if event.rule == "caretaker":
        policy = CaretakerPolicy.model_validate(event.policy or {})
        entries = list(scenario.countries)
        for i, entry in enumerate(entries):
            if entry.code == event.country:
                entries[i] = entry.model_copy(update={"caretaker": policy})
                break
        else:
            entries.append(CountryEntry(code=event.country or "", caretaker=policy))
        return scenario.model_copy(update={"countries": entries})
    assert scenario.aggressor is not None
    aggressor = scenario.aggressor.model_copy(
        update={"policy": AggressorPolicy.model_validate(event.policy or {})})
    return scenario.model_copy(update={"aggressor": aggressor})
