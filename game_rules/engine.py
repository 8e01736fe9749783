"""The engine: ``decide`` an action into events, ``evolve`` a state by an event.

Checks run in a fixed order, each refusal with a stable code: a malformed
action (``invalid_action``), an actor the game does not know
(``unknown_actor``), a game not started, paused or over, an actor without the
role (``not_allowed``), the wrong phase (``wrong_phase``), then the rule of
the body itself.

>>> from game_rules.scenario import load_scenario
>>> sc = load_scenario({"id": "mini", "title": "Mini", "countries": ["FRA", "GBR", "USA"],
...     "bodies": {"UNSC": {"permanent": ["FRA", "GBR", "USA"], "threshold": 2}}})
>>> state = new_game(sc, seed=1)
>>> state, events = step(state, {"actor": "instructor", "kind": "start"}, Context(now=0))
>>> state, events = step(state, {"actor": "FRA", "kind": "table_draft", "title": "Peace"},
...                      Context(now=1))
>>> [e.kind for e in events], events[0].draft
(['draft_tabled'], 'S/1')
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from game_rules import council, crisis, flow, history, league, nac, talk, whatif
from game_rules.actions import Action, TableDraft, parse_action
from game_rules.context import Context
from game_rules.errors import RuleError
from game_rules.events import Event
from game_rules.evolve import evolve, fold
from game_rules.messages import N_, Msg, listed, message
from game_rules.rng import seed_state
from game_rules.scenario import DEFAULT_READING_LEVEL, LEVELS, ReadingLevel, Scenario
from game_rules.scenario import PHASES as PHASE_ORDER
from game_rules.state import Crisis, State

Handler = Callable[[State, Any, Context], list[Event]]


def _by_body(un: Handler, covenant: Handler) -> Handler:
    """One action, two treaties: a League draft (``LNC``, ``LNA``) follows the Covenant,
    every other the Charter."""
    def handler(state: State, action: Any, ctx: Context) -> list[Event]:
        if isinstance(action, TableDraft):
            body: str | None = action.body
            if body not in league.LEAGUE_BODIES and (action.article or action.against):
                raise RuleError("wrong_body_field",
                                message(N_(
                                    "article and against belong to drafts of the League of Nations (body "
                                    "LNC or LNA); a Security Council draft gives its chapter.")))
        else:
            draft = state.drafts.get(action.draft)
            body = draft.body if draft is not None else None
        return (covenant if body in league.LEAGUE_BODIES else un)(state, action, ctx)
    return handler


def _by_treaty(nato: Handler, covenant: Handler) -> Handler:
    """Withdrawal: Article 13 of the North Atlantic Treaty, or Art. 1(3) of the Covenant."""
    def handler(state: State, action: Any, ctx: Context) -> list[Event]:
        return (covenant if action.body == "LEAGUE" else nato)(state, action, ctx)
    return handler


HANDLERS: dict[str, Handler] = {
    "change_rules": whatif.change_rules,
    "start": flow.start,
    "advance_phase": flow.advance_phase,
    "pause": flow.pause,
    "resume": flow.resume,
    "end": flow.end,
    "set_clock": flow.set_clock,
    "inject": crisis.release_inject,
    "set_caretaker": flow.set_caretaker,
    "say": talk.say,
    "open_channel": talk.open_channel,
    "table_draft": _by_body(council.table_draft, league.table_draft),
    "withdraw_draft": council.withdraw_draft,
    "request_vote": council.request_vote,
    "contest_procedural": council.contest_procedural,
    "call_vote": _by_body(council.call_vote, league.call_vote),
    "vote": _by_body(council.cast_vote, league.cast_vote),
    "close_vote": _by_body(council.close_vote, league.close_vote),
    "request_consultations": nac.request_consultations,
    "request_article5": nac.request_article5,
    "circulate": nac.circulate,
    "break_silence": nac.break_silence,
    "silence_deadline": nac.silence_deadline,
    "pledge": nac.pledge,
    "retract_pledge": nac.retract_pledge,
    "request_membership": nac.request_membership,
    "ratify": nac.ratify,
    "notify_withdrawal": _by_treaty(nac.notify_withdrawal, league.notify_withdrawal),
    "withdrawal_effective": _by_treaty(nac.withdrawal_effective, league.withdrawal_effective),
    "apply_sanctions": league.apply_sanctions,
    "lift_sanctions": league.lift_sanctions,
    "self_defence": crisis.self_defence,
    "aggressor_move": crisis.aggressor_move,
    "request_assistance": crisis.request_assistance,
    "request_emergency_session": council.request_emergency_session,
    "deposit_accession": nac.deposit_accession,
    "skip_time": flow.skip_time,
    "set_vote_grace": flow.set_vote_grace,
    "reveal_history": history.reveal_history,
}

COUNTRY, INSTRUCTOR, SYSTEM, CHAIR = "country", "instructor", "system", "secretary_general"

ACTORS: dict[str, frozenset[str]] = {
    "change_rules": frozenset({INSTRUCTOR}),
    "start": frozenset({INSTRUCTOR}),
    "advance_phase": frozenset({INSTRUCTOR, SYSTEM}),
    "pause": frozenset({INSTRUCTOR}),
    "resume": frozenset({INSTRUCTOR}),
    "end": frozenset({INSTRUCTOR}),
    "set_clock": frozenset({INSTRUCTOR}),
    "inject": frozenset({INSTRUCTOR, SYSTEM}),
    "set_caretaker": frozenset({INSTRUCTOR, SYSTEM}),
    "say": frozenset({COUNTRY, INSTRUCTOR, CHAIR}),
    "open_channel": frozenset({COUNTRY}),
    "table_draft": frozenset({COUNTRY}),
    "withdraw_draft": frozenset({COUNTRY}),
    "request_vote": frozenset({COUNTRY}),
    "contest_procedural": frozenset({COUNTRY}),
    "call_vote": frozenset({COUNTRY, INSTRUCTOR}),
    "vote": frozenset({COUNTRY}),
    "close_vote": frozenset({COUNTRY, INSTRUCTOR, SYSTEM}),
    "request_consultations": frozenset({COUNTRY}),
    "request_article5": frozenset({COUNTRY}),
    "circulate": frozenset({INSTRUCTOR, CHAIR}),
    "break_silence": frozenset({COUNTRY}),
    "silence_deadline": frozenset({SYSTEM, INSTRUCTOR}),
    "pledge": frozenset({COUNTRY}),
    "retract_pledge": frozenset({COUNTRY}),
    "request_membership": frozenset({COUNTRY}),
    "ratify": frozenset({COUNTRY}),
    "notify_withdrawal": frozenset({COUNTRY}),
    "withdrawal_effective": frozenset({SYSTEM, INSTRUCTOR}),
    "apply_sanctions": frozenset({COUNTRY}),
    "lift_sanctions": frozenset({COUNTRY}),
    "self_defence": frozenset({COUNTRY}),
    "aggressor_move": frozenset({COUNTRY, INSTRUCTOR, SYSTEM}),
    "request_assistance": frozenset({COUNTRY}),
    "request_emergency_session": frozenset({COUNTRY}),
    "deposit_accession": frozenset({COUNTRY}),
    "skip_time": frozenset({INSTRUCTOR}),
    "set_vote_grace": frozenset({INSTRUCTOR}),
    "reveal_history": frozenset({INSTRUCTOR}),
}
"""Which kinds of actor may send each action; the rules then check the country's seat."""

_TALKS = frozenset({"consultations", "council", "open"})
PHASES: dict[str, frozenset[str]] = {
    "table_draft": _TALKS,
    "withdraw_draft": _TALKS,
    "request_vote": _TALKS,
    "contest_procedural": _TALKS,
    "call_vote": frozenset({"council", "open"}),
    "request_consultations": _TALKS,
    "request_article5": _TALKS,
    "circulate": _TALKS,
    "pledge": _TALKS | {"resolution"},
    "retract_pledge": _TALKS | {"resolution"},
    "request_membership": _TALKS,
    "ratify": _TALKS | {"resolution"},
    "notify_withdrawal": _TALKS,
    "apply_sanctions": _TALKS | {"resolution"},
    "lift_sanctions": _TALKS | {"resolution"},
    "aggressor_move": frozenset({"resolution", "open"}),
    "request_emergency_session": _TALKS,
    "deposit_accession": _TALKS | {"resolution"},
}
"""The phases in which an action may be taken; absent kinds may be taken in any phase."""

WHILE_PAUSED = frozenset({"resume", "end", "set_clock", "set_caretaker", "inject", "say",
                          "change_rules", "skip_time", "set_vote_grace", "reveal_history"})
BEFORE_START = frozenset({"start", "set_caretaker", "change_rules", "set_vote_grace",
                          "reveal_history"})
AFTER_END = frozenset({"reveal_history"})
"""What history really did is shown at the debrief too, after the game's end."""

_WHO = {
    frozenset({INSTRUCTOR}): N_("the instructor"),
    frozenset({INSTRUCTOR, SYSTEM}): N_("the instructor or the clock"),
    frozenset({SYSTEM, INSTRUCTOR}): N_("the instructor or the clock"),
    frozenset({COUNTRY}): N_("a country's delegation"),
    frozenset({INSTRUCTOR, CHAIR}): N_("the chair of the North Atlantic Council"),
}
PHASE_NAMES = {"briefing": N_("briefing"), "consultations": N_("consultations"),
               "council": N_("council sessions"), "resolution": N_("resolution"),
               "open": N_("open session")}
"""A phase as a sentence names it ("the council sessions phase"); translated as the page names
the phase (web/static/js/names.js PHASE_NAMES: « Séances du Conseil »)."""


def phase_name(phase: str) -> Msg | str:
    return message(PHASE_NAMES[phase]) if phase in PHASE_NAMES else phase


ACTION_NAMES = {
    "advance_phase": N_("move to the next phase"), "aggressor_move": N_("move the aggressor"),
    "apply_sanctions": N_("apply sanctions"), "break_silence": N_("break silence"),
    "call_vote": N_("call a vote"), "change_rules": N_("change the rules"),
    "circulate": N_("put a text under the silence procedure"), "close_vote": N_("close a vote"),
    "contest_procedural": N_("contest that a vote is procedural"),
    "deposit_accession": N_("deposit an instrument of accession"), "end": N_("end the game"),
    "inject": N_("release news"), "lift_sanctions": N_("lift sanctions"),
    "notify_withdrawal": N_("give notice of withdrawal"),
    "open_channel": N_("open a private channel"), "pause": N_("pause the game"),
    "pledge": N_("pledge a response"), "ratify": N_("ratify the accession of a state"),
    "request_article5": N_("request a determination under Article 5"),
    "request_assistance": N_("ask for assistance"),
    "request_consultations": N_("request consultations under Article 4"),
    "request_emergency_session": N_("ask for an emergency special session of the General Assembly"),
    "request_membership": N_("apply for membership"), "request_vote": N_("ask for a vote"),
    "resume": N_("resume the game"), "retract_pledge": N_("withdraw a pledge"),
    "reveal_history": N_("show what really happened"), "say": N_("write a message"),
    "self_defence": N_("act in self-defence"),
    "set_caretaker": N_("hand a country to the caretaker or take it back"),
    "set_clock": N_("set the clock"),
    "set_vote_grace": N_("set how long caretakers wait before they vote"),
    "silence_deadline": N_("end a silence procedure"), "skip_time": N_("skip time"),
    "start": N_("start the game"), "table_draft": N_("table a draft"), "vote": N_("cast a vote"),
    "withdraw_draft": N_("withdraw a draft"),
    "withdrawal_effective": N_("make a withdrawal take effect"),
}
"""Each action as a refusal names it ("Only the instructor may start the game.")."""


def action_name(kind: str) -> Msg | str:
    return message(ACTION_NAMES[kind]) if kind in ACTION_NAMES else kind


def new_game(scenario: Scenario, seed: int,
             reading_level: ReadingLevel = DEFAULT_READING_LEVEL) -> State:
    """The state of a game before ``start``: seats, channels and the world at rest.

    ``reading_level`` is the level (``basic`` or ``advanced``) at which the class reads
    the scenario's texts; a record keeps it, so a replay reads the same news."""
    countries = tuple(scenario.country_codes())
    caretakers = frozenset(
        code for code in countries
        if (entry := scenario.entry(code)) is None or not entry.playable)
    start = scenario.crisis
    state = State(
        scenario=scenario, seed=seed, rng=seed_state(seed), reading_level=reading_level,
        country_list=countries,
        nac_members=tuple(scenario.bodies.NAC.members) if scenario.bodies.NAC else (),
        incidents={inc.id: inc for inc in scenario.incidents},
        caretakers=caretakers,
        crisis=Crisis(ladder=LEVELS.index(start.ladder), deterrence=start.deterrence,
                      toll=start.toll),
    )
    state = state.model_copy(update={"channels": talk.initial_channels(state),
                                     "accessions": nac.initial_accessions(scenario)})
    return state.model_copy(update={"president": flow.first_president(state)})


def actor_class(state: State, actor: str) -> str:
    if actor in (INSTRUCTOR, SYSTEM):
        return actor
    if actor == CHAIR:
        nac_config = state.scenario.bodies.NAC
        if nac_config and nac_config.secretary_general:
            return CHAIR
    elif actor in state.country_list:
        return COUNTRY
    raise RuleError("unknown_actor", message(N_(
                                    "\"{actor}\" has no seat in this game."),
                                    actor=actor[:40]))


def check_gates(state: State, action: Action) -> None:
    """The checks every action passes before its own rule: who, when, in what phase."""
    kind = action.kind
    cls = actor_class(state, action.actor)
    if state.status == "ended" and kind not in AFTER_END:
        raise RuleError("game_over", message(N_("The game has ended.")))
    if state.status == "setup" and kind not in BEFORE_START:
        raise RuleError("game_not_started", message(N_("The game has not started yet.")))
    allowed = ACTORS[kind]
    if cls not in allowed:
        who = _WHO.get(allowed, N_("another seat"))
        raise RuleError("not_allowed", message(N_("Only {who} may {action}."),
                                               who=message(who), action=action_name(kind)))
    if state.status == "paused" and cls != SYSTEM and kind not in WHILE_PAUSED:
        raise RuleError("game_paused", message(N_("The game is paused.")))
    phases = PHASES.get(kind)
    if phases is not None and state.status != "setup" and state.phase not in phases:
        allowed_phases = [phase_name(p) for p in PHASE_ORDER if p in phases]
        raise RuleError("wrong_phase", message(
            N_("Not in the {phase} phase: {action} belongs to the {phases} phases.")
            if len(allowed_phases) > 1 else
            N_("Not in the {phase} phase: {action} belongs to the {phases} phase."),
            phase=phase_name(state.phase), action=action_name(kind),
            phases=listed(allowed_phases)))


MAX_CHAIN = 64


def step(state: State, action: Action | Mapping[str, Any],
         ctx: Context | None = None) -> tuple[State, list[Event]]:
    """Decide an action and apply its events: the new state and the events.

    Refused actions raise RuleError and leave ``state`` untouched (it is
    immutable). Events the engine makes on its own (a vote closing once every
    member has voted, an inject whose condition now holds) come in the same
    list, after the events that caused them.
    """
    parsed = action if not isinstance(action, Mapping) else parse_action(dict(action))
    if ctx is None:
        ctx = Context(now=parsed.at if parsed.at is not None else state.now)
    check_gates(state, parsed)
    events = HANDLERS[parsed.kind](state, parsed, ctx)
    new = state
    for event in events:
        new = evolve(new, event)
    for _ in range(MAX_CHAIN):
        due = crisis.due_injects(new)
        if not due:
            break
        more = crisis.inject_events(new, due[0], "system")
        for event in more:
            new = evolve(new, event)
        events.extend(more)
    return new, events


def decide(state: State, action: Action | Mapping[str, Any],
           ctx: Context | None = None) -> list[Event]:
    """The events an action makes, or RuleError. Nothing changes.

    >>> from game_rules.scenario import load_scenario
    >>> sc = load_scenario({"id": "m", "title": "M", "countries": ["UKR"]})
    >>> try:
    ...     decide(new_game(sc, 1), {"actor": "UKR", "kind": "say", "channel": "public",
    ...                              "text": "hello"})
    ... except RuleError as err:
    ...     print(err.code)
    game_not_started
    """
    return step(state, action, ctx)[1]


__all__ = ["decide", "evolve", "fold", "new_game", "step"]
