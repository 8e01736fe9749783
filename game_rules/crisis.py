"""The world: an escalation ladder, deterrence, a humanitarian toll, the
aggressor's moves and the news that injects bring.

The model is small and open: every number it uses is in this module, and a
change of deterrence always comes from one event (``deterrence_change``), so
the debrief can say which event made it.

>>> move_odds(AggressorPolicy(), deterrence=0)["escalate"] > move_odds(AggressorPolicy(), 80)["escalate"]
True
"""

from __future__ import annotations

from typing import Literal

from game_rules import events as ev
from game_rules.actions import AggressorMove, InjectAction, RequestAssistance, SelfDefence
from game_rules.context import Context
from game_rules.errors import RuleError
from game_rules.events import (
    AggressorMoved,
    AssistanceRequested,
    Event,
    IncidentOccurred,
    InjectReleased,
    SelfDefenceDeclared,
)
from game_rules.league import deterrence_change as league_deterrence
from game_rules.messages import N_, Msg, SceneText, message
from game_rules.rng import draw
from game_rules.scenario import (
    LEVELS,
    AggressorPolicy,
    Condition,
    Effects,
    Incident,
    Inject,
    Move,
    text_at,
)
from game_rules.state import State
from game_rules.translations import incident_key

ARMED_ATTACK = LEVELS.index("armed_attack")
SPILLOVER = LEVELS.index("spillover")
TOP = len(LEVELS) - 1

TOLL_PER_ROUND: tuple[int, ...] = (0, 0, 1, 5, 20, 40, 60)
"""Humanitarian toll added at the end of a round, by rung of the ladder."""

DETERRENCE: dict[str, int] = {
    "resolution_chapter_vi": 2,
    "resolution_chapter_vii": 6,
    "determine_threat": 4,
    "sanctions": 6,
    "authorize_force": 12,
    "assembly_resolution": 2,
    "emergency_session": 2,
    "veto": -10,
    "nac_statement": 3,
    "nac_operation": 8,
    "article5": 20,
    "silence_broken": -6,
    "pledge_diplomatic": 1,
    "pledge_economic": 2,
    "pledge_military": 4,
    "member_joined": 3,
    "withdrawal_notified": -5,
}
"""What each institutional act adds to or takes from deterrence (0-100).
A retracted pledge takes back twice what it gave: an empty pledge costs
more credibility than no pledge."""


PLEDGE_REASONS = {"diplomatic": N_("a diplomatic pledge"), "economic": N_("an economic pledge"),
                  "military": N_("a military pledge")}


def deterrence_change(state: State, event: Event) -> tuple[int, str]:
    """How an event moves deterrence, and why (empty reason when it does not): the reason is
    an English message id without parameters."""
    league = league_deterrence(state, event)
    if league is not None:
        return league
    if isinstance(event, ev.DraftAdopted):
        draft = state.drafts[event.draft]
        if draft.body == "UNGA":
            return DETERRENCE["assembly_resolution"], N_("General Assembly resolution adopted")
        if draft.procedural or draft.preliminary_for or draft.amends:
            return 0, ""
        total = DETERRENCE["resolution_chapter_vii" if draft.chapter == "VII"
                           else "resolution_chapter_vi"]
        for m in ("determine_threat", "sanctions", "authorize_force"):
            if m in draft.measures:
                total += DETERRENCE[m]
        return total, (N_("Chapter VII resolution adopted") if draft.chapter == "VII"
                       else N_("Security Council resolution adopted"))
    if isinstance(event, ev.DraftVetoed):
        return DETERRENCE["veto"], N_("a veto in the Security Council")
    if isinstance(event, ev.EmergencySessionCalled):
        return DETERRENCE["emergency_session"], N_("an emergency special session called")
    if isinstance(event, ev.DecisionAdopted):
        if event.decision == "statement":
            return DETERRENCE["nac_statement"], N_("the allies spoke with one voice")
        if event.decision == "operation":
            return DETERRENCE["nac_operation"], N_("an allied operation decided")
        return 0, ""
    if isinstance(event, ev.Article5Invoked):
        return DETERRENCE["article5"], N_("Article 5 invoked")
    if isinstance(event, ev.DecisionBlocked):
        return DETERRENCE["silence_broken"], N_("silence broken: the allies divided in public")
    if isinstance(event, ev.PledgeMade):
        return DETERRENCE[f"pledge_{event.response}"], PLEDGE_REASONS[event.response]
    if isinstance(event, ev.PledgeRetracted):
        for p in state.pledges:
            if p.id == event.pledge:
                return -2 * DETERRENCE[f"pledge_{p.response}"], N_("an empty pledge retracted")
        return 0, ""
    if isinstance(event, ev.MemberJoined):
        return DETERRENCE["member_joined"], N_("the Alliance enlarged")
    if isinstance(event, ev.WithdrawalNotified):
        return DETERRENCE["withdrawal_notified"], N_("an ally gave notice to leave")
    if isinstance(event, ev.InjectReleased) and event.effects is not None:
        return event.effects.deterrence, N_("news")
    return 0, ""


def move_odds(policy: AggressorPolicy, deterrence: int) -> dict[Move, float]:
    """The chance of each move: escalation falls and restraint rises with deterrence."""
    d = min(1.0, max(0.0, deterrence / 100 * policy.sensitivity))
    weights: dict[Move, float] = {
        "escalate": policy.escalate * max(0.05, 1.0 - d),
        "hold": policy.hold,
        "de_escalate": policy.de_escalate * (1.0 + d),
        "withdraw": policy.withdraw * (1.0 + 2.0 * d),
    }
    total = sum(weights.values()) or 1.0
    return {move: w / total for move, w in weights.items()}


def draw_move(state: State) -> tuple[int, Move]:
    """Draw the aggressor's move from the scenario's policy and the game's generator."""
    assert state.scenario.aggressor is not None
    rng, x = draw(state.rng)
    odds = move_odds(state.scenario.aggressor.policy, state.crisis.deterrence)
    acc = 0.0
    for move, p in odds.items():
        acc += p
        if x < acc:
            return rng, move
    return rng, "hold"


def ladder_after(ladder: int, move: Move) -> int:
    if move == "escalate":
        return min(TOP, ladder + 1)
    if move == "de_escalate":
        return max(0, ladder - 1)
    if move == "withdraw":
        return 0
    return ladder


def move_events(state: State, move: Move, by: str, drawn: bool) -> list[Event]:
    """The aggressor moves; reaching an armed attack or a spill-over makes an incident."""
    aggressor = state.scenario.aggressor
    assert aggressor is not None
    before = state.crisis.ladder
    after = ladder_after(before, move)
    if aggressor.spillover_target is None:
        after = min(after, SPILLOVER - 1)
    events: list[Event] = [AggressorMoved(country=aggressor.country, move=move, by=by,
                                          drawn=drawn, ladder_from=LEVELS[before],
                                          ladder_to=LEVELS[after])]
    if after > before:
        if before < ARMED_ATTACK <= after and aggressor.target:
            events += _incident(state, f"{aggressor.country}-{aggressor.target}-attack".lower(),
                                aggressor.target, aggressor.country,
                                aggressor.target_in_treaty_area,
                                attack_title(state, aggressor.target).english())
        if before < SPILLOVER <= after and aggressor.spillover_target:
            events += _incident(state,
                                f"{aggressor.country}-{aggressor.spillover_target}-spillover"
                                .lower(), aggressor.spillover_target, aggressor.country,
                                aggressor.spillover_in_treaty_area,
                                attack_title(state, aggressor.spillover_target).english())
    return events


def attack_title(state: State, target: str) -> Msg:
    """The title of an attack the aggressor's move makes: "Armed attack on Estonia"."""
    return message(N_("Armed attack on {target}"), target=state.country(target))


def incident_words(state: State, incident: Incident) -> Msg | SceneText | str:
    """An incident as a sentence names it: its title, a message when the engine wrote it
    (``attack_title``); the scenario's title by its key when the scenario writes the
    incident (each reader gets the scenario's translation: docs/i18n.md); else the
    instructor's own words, or its id."""
    if incident.title and incident.title == attack_title(state, incident.target).english():
        return attack_title(state, incident.target)
    key = incident_key(state.scenario, incident) if incident.title else None
    if key is not None:
        return SceneText(f"{key}.title", incident.title, state.scenario.language, clause=True)
    return incident.title or incident.id


def incident_place(state: State, incident: Incident) -> SceneText | str | None:
    """Where an incident happened (its ``location``), by its key when the scenario writes the
    incident, as ``incident_words`` names it; None when it has no location."""
    if not incident.location:
        return None
    key = incident_key(state.scenario, incident)
    if key is not None:
        return SceneText(f"{key}.location", incident.location, state.scenario.language, clause=True)
    return incident.location


def _incident(state: State, base: str, target: str, attacker: str, in_area: bool,
              title: str) -> list[Event]:
    incident_id = base
    n = 2
    while incident_id in state.incidents:
        incident_id = f"{base}-{n}"
        n += 1
    return [IncidentOccurred(incident=Incident(
        id=incident_id, target=target, attacker=attacker, kind="armed_attack",
        in_treaty_area=in_area, title=title))]


def aggressor_move(state: State, action: AggressorMove, ctx: Context) -> list[Event]:
    aggressor = state.scenario.aggressor
    if aggressor is None:
        raise RuleError("no_aggressor", message(N_("This scenario has no aggressor.")))
    actor = action.actor
    if actor not in ("instructor", "system", aggressor.country):
        raise RuleError("not_aggressor",
                        message(N_(
                            "Only {country}, the aggressor, or the instructor moves the aggressor."),
                            country=state.country(aggressor.country)))
    if state.scenario.rounds and state.aggressor_moved_round == state.round:
        raise RuleError("aggressor_already_moved",
                        message(N_(
                            "The aggressor has already moved in round {round}."),
                            round=state.round))
    if action.move is not None:
        return move_events(state, action.move, actor, drawn=False)
    _, move = draw_move(state)
    return move_events(state, move, actor, drawn=True)


ArmedAttack = Literal["yes", "no", "case_by_case"]


def armed_attack(incident: Incident) -> ArmedAttack:
    """Whether an incident is an armed attack, for Charter Art. 51 and North Atlantic
    Treaty Art. 5 alike: both turn on the same words. The incident says so
    (``amounts_to_armed_attack``); unsaid, an ``armed_attack`` is one and a cyber, hybrid
    or space incident is for the states to judge case by case: an operation whose scale
    and effects amount to an armed attack is one (Tallinn Manual 2.0, rule 71; NATO,
    Brussels Summit Communique, 2021, para 32).

    >>> armed_attack(Incident(id="grid", target="EST", kind="cyber"))
    'case_by_case'
    >>> armed_attack(Incident(id="grid", target="EST", kind="cyber", amounts_to_armed_attack=False))
    'no'
    """
    if incident.amounts_to_armed_attack is not None:
        return "yes" if incident.amounts_to_armed_attack else "no"
    return "yes" if incident.kind == "armed_attack" else "case_by_case"


INCIDENT_KINDS: dict[str, str] = {
    "armed_attack": N_("armed attack"), "cyber": N_("cyber"), "hybrid": N_("hybrid"),
    "space": N_("space"),
}
"""An incident's kind as a sentence says it ("the cyber incident inc-2")."""


def not_an_armed_attack(state: State, incident: Incident, article: Msg) -> RuleError:
    name = INCIDENT_KINDS.get(incident.kind)
    kind = message(name) if name else incident.kind.replace("_", " ")
    return RuleError(
        "not_an_armed_attack",
        message(N_(
            "{article} turns on an armed attack, and the {kind} incident \u201c{incident}\u201d does "
            "not amount to one: its scale and effects fall short (ICJ, Nicaragua, 1986, para 195; for cyber "
            "operations, Tallinn Manual 2.0, rule 71). Neither Charter Art. 51 nor Article 5 of the "
            "North Atlantic Treaty applies to it."),
            article=article, kind=kind, incident=incident_words(state, incident)))


def _known_incident(state: State, incident_id: str) -> Incident:
    incident = state.incidents.get(incident_id)
    if incident is None:
        raise RuleError("unknown_incident", message(N_(
                                    "There is no incident \"{incident_id}\"."),
                                    incident_id=incident_id))
    return incident


def _self_defence_open(state: State, incident: Incident) -> None:
    """The checks both forms of self-defence share: an armed attack, the Council silent."""
    if armed_attack(incident) == "no":
        raise not_an_armed_attack(state, incident, message(N_("Charter Art. 51")))
    if incident.id in state.self_defence_ended:
        raise RuleError("security_council_acted",
                        message(N_(
                            "Charter Art. 51: self-defence against \u201c{incident}\u201d lasted until the "
                            "Security Council took the measures necessary; it has."),
                            incident=incident_words(state, incident)))


def self_defence(state: State, action: SelfDefence, ctx: Context) -> list[Event]:
    """Charter Art. 51, "the inherent right of individual or collective self-defence if an
    armed attack occurs", until the Security Council has taken the measures necessary,
    reported to it at once. Another state acts in collective self-defence of the one
    attacked only at its request (ICJ, Nicaragua, 1986, paras 195-199): the victim's own
    declaration of self-defence is one, ``request_assistance`` another."""
    incident = _known_incident(state, action.incident)
    actor = action.actor
    if actor == incident.attacker:
        raise RuleError("not_attacked_state",
                        message(N_(
                            "{country} made the attack \u201c{incident}\u201d: the state that attacks has "
                            "no right of self-defence against it (Charter Art. 51)."),
                            country=state.country(actor), incident=incident_words(state, incident)))
    case_by_case = armed_attack(incident) == "case_by_case"
    if actor == incident.target:
        _self_defence_open(state, incident)
        if incident.id in state.self_defence:
            raise RuleError("already_declared",
                            message(N_(
                                "{country} already acts in self-defence against \u201c{incident}\u201d."),
                                country=state.country(actor), incident=incident_words(state, incident)))
        return [SelfDefenceDeclared(country=actor, incident=incident.id,
                                    case_by_case=case_by_case)]
    victim = incident.target
    _self_defence_open(state, incident)
    requested = incident.id in state.self_defence or incident.id in state.assistance_requests
    asked = state.assistance_requests.get(incident.id)
    if incident.id not in state.self_defence and asked is not None and actor not in asked:
        requested = False
    if not requested:
        raise RuleError(
            "no_request_for_assistance",
            message(N_(
                "{victim}, the state attacked, has not asked {country} for help: collective self-defence "
                "is exercised only at the request of the state that regards itself as the victim of an "
                "armed attack (ICJ, Nicaragua, 1986, para 199). Its own declaration of self-defence, or "
                "its request for assistance, is that request."),
                victim=state.country(victim), country=state.country(actor)))
    if (actor, incident.id) in state.collective_defence:
        raise RuleError("already_declared",
                        message(N_(
                            "{country} already acts in collective self-defence of {victim} against "
                            "\u201c{incident}\u201d."),
                            country=state.country(actor), victim=state.country(victim),
                            incident=incident_words(state, incident)))
    return [SelfDefenceDeclared(country=actor, incident=incident.id, collective=True,
                                victim=victim, case_by_case=case_by_case)]


def request_assistance(state: State, action: RequestAssistance, ctx: Context) -> list[Event]:
    """The state attacked asks others for help in its self-defence: what collective
    self-defence waits for (ICJ, Nicaragua, 1986, para 199)."""
    incident = _known_incident(state, action.incident)
    if action.actor != incident.target:
        raise RuleError("not_attacked_state",
                        message(N_(
                            "Only {target}, the state attacked in \u201c{incident}\u201d, can ask for "
                            "help in its self-defence."),
                            target=state.country(incident.target),
                            incident=incident_words(state, incident)))
    _self_defence_open(state, incident)
    addressed = action.addressed_to
    if addressed is not None:
        for code in addressed:
            if code not in state.countries():
                raise RuleError("unknown_country", message(N_(
                                    "\"{code}\" is not a state in this game."),
                                    code=code))
    return [AssistanceRequested(country=action.actor, incident=incident.id,
                                addressed_to=list(dict.fromkeys(addressed)) if addressed else None,
                                text=action.text)]


# Injects.


def holds(state: State, cond: Condition) -> bool:
    """Whether every test of a condition holds in this state."""
    crisis = state.crisis
    checks: list[bool] = []
    if cond.ladder_at_least is not None:
        checks.append(crisis.ladder >= LEVELS.index(cond.ladder_at_least))
    if cond.ladder_at_most is not None:
        checks.append(crisis.ladder <= LEVELS.index(cond.ladder_at_most))
    if cond.deterrence_below is not None:
        checks.append(crisis.deterrence < cond.deterrence_below)
    if cond.deterrence_at_least is not None:
        checks.append(crisis.deterrence >= cond.deterrence_at_least)
    if cond.article5_invoked is not None:
        checks.append(bool(state.article5) == cond.article5_invoked)
    if cond.vetoes_at_least is not None:
        checks.append(state.counters.vetoes >= cond.vetoes_at_least)
    if cond.silence_broken_at_least is not None:
        checks.append(state.counters.silences_broken >= cond.silence_broken_at_least)
    if cond.round_at_least is not None:
        checks.append(state.round >= cond.round_at_least)
    if cond.incident is not None:
        checks.append(cond.incident in state.incidents)
    if cond.adopted_measure is not None:
        checks.append(cond.adopted_measure in state.counters.adopted_measures)
    if cond.member_of_nac is not None:
        checks.append(cond.member_of_nac in state.nac_members)
    if cond.any is not None:
        checks.append(any(holds(state, sub) for sub in cond.any))
    return all(checks)


def incident_audience(audience: list[str] | None, incident: Incident) -> list[str] | None:
    """Who learns of an incident that news made: its audience and the states it names.

    >>> incident_audience(["USA"], Incident(id="grid", target="EST", attacker="RUS"))
    ['EST', 'RUS', 'USA']
    >>> incident_audience(None, Incident(id="grid", target="EST")) is None
    True
    """
    if audience is None:
        return None
    named = {incident.target} | ({incident.attacker} if incident.attacker else set())
    return sorted(set(audience) | named)


def at_reading_level(state: State, incident: Incident) -> Incident:
    """The incident with its description at the game's reading level: events carry the
    text the class reads, so a record replays to the same news."""
    if isinstance(incident.description, str):
        return incident
    return incident.model_copy(update={
        "description": text_at(incident.description, state.reading_level)})


def _effects_at_level(state: State, effects: Effects) -> Effects:
    if effects.incident is None or isinstance(effects.incident.description, str):
        return effects
    return effects.model_copy(update={"incident": at_reading_level(state, effects.incident)})


def inject_events(state: State, inject: Inject, by: str) -> list[Event]:
    effects = _effects_at_level(state, inject.effects)
    events: list[Event] = [InjectReleased(
        inject=inject.id, title=inject.title, text=text_at(inject.text, state.reading_level),
        audience=inject.audience, effects=effects, by=by, scripted=True)]
    incident = effects.incident
    if incident is not None and incident.id not in state.incidents:
        events.append(IncidentOccurred(incident=incident,
                                       audience=incident_audience(inject.audience, incident)))
    return events


def release_inject(state: State, action: InjectAction, ctx: Context) -> list[Event]:
    if action.actor not in ("instructor", "system"):
        raise RuleError("not_instructor", message(N_("Only the instructor releases news.")))
    if action.inject is not None:
        inject = state.scenario.inject(action.inject)
        if inject is not None:
            if inject.id in state.injects_fired:
                raise RuleError("inject_already_released",
                                message(N_(
                                    "The inject \"{inject}\" has already been released."),
                                    inject=inject.id))
            return inject_events(state, inject, action.actor)
        if action.title is None:
            raise RuleError("unknown_inject", message(N_(
                                    "The scenario has no inject \"{inject}\"."),
                                    inject=action.inject))
    if action.title is None or not action.title.strip():
        raise RuleError("title_required", message(N_("News written on the spot needs a title.")))
    inject_id = action.inject if action.inject else f"adhoc-{len(state.injects_fired) + 1}"
    if inject_id in state.injects_fired:
        raise RuleError("inject_already_released", message(N_(
                                    "\"{inject_id}\" has already been released."),
                                    inject_id=inject_id))
    audience = action.audience
    if audience is not None:
        for code in audience:
            if code not in state.countries():
                raise RuleError("unknown_country", message(N_(
                                    "\"{code}\" is not a state in this game."),
                                    code=code))
    effects = _effects_at_level(state, action.effects) if action.effects else None
    events: list[Event] = [InjectReleased(inject=inject_id, title=action.title, text=action.text,
                                          audience=audience, effects=effects,
                                          by=action.actor, scripted=False)]
    if effects and effects.incident:
        incident = effects.incident
        if incident.id in state.incidents:
            raise RuleError("incident_exists", message(N_(
                                    "The incident \"{incident}\" already exists."),
                                    incident=incident.id))
        for party in (incident.target, incident.attacker):
            if party is not None and party not in state.countries():
                raise RuleError("unknown_country", message(N_(
                                    "\"{code}\" is not a state in this game."),
                                    code=party))
        events.append(IncidentOccurred(incident=incident,
                                       audience=incident_audience(audience, incident)))
    return events


def due_injects(state: State) -> list[Inject]:
    """Conditional injects whose condition now holds and that have not fired."""
    if state.status not in ("running", "paused"):
        return []
    due = []
    for inject in state.scenario.injects:
        if not inject.auto or inject.when is None or inject.id in state.injects_fired:
            continue
        if inject.round is not None and state.round < inject.round:
            continue
        if holds(state, inject.when):
            due.append(inject)
    return due


def round_injects(state: State, round_no: int) -> list[Inject]:
    """Scripted injects that fire by themselves at the briefing of a round."""
    return [inj for inj in state.scenario.injects
            if inj.auto and inj.round == round_no and inj.when is None
            and inj.id not in state.injects_fired]
