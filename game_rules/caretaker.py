"""Caretakers: what unplayed countries do by their scenario policy.

``caretaker_actions(state)`` lists the actions the caretakers would take
now; the server takes them as those countries' actions, so they are in the
log and the record like any other. A country without a policy abstains,
keeps silence, ratifies at once and pledges nothing.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from typing import Any

from game_rules import league
from game_rules.actions import Action, parse_action
from game_rules.context import Context
from game_rules.errors import RuleError
from game_rules.events import Event
from game_rules.messages import N_, Country, message
from game_rules.scenario import CaretakerPolicy, Scenario
from game_rules.state import Draft, State

DEFAULT_POLICY = CaretakerPolicy()


_LAST: list[tuple[Scenario, dict[str, CaretakerPolicy]]] = []
"""A memo: the policies of the last scenario asked about, by country (caretakers are asked
thousands of times a game). Read once into a local, so that threads never mix two."""


def policy_of(state: State, code: str) -> CaretakerPolicy:
    scenario = state.scenario
    last = _LAST[0] if _LAST else None
    if last is None or last[0] is not scenario:
        last = (scenario, {e.code: e.caretaker for e in scenario.countries
                           if e.caretaker is not None})
        _LAST[:] = [last]
    return last[1].get(code, DEFAULT_POLICY)


def vote_of(state: State, code: str, draft: Draft) -> str | None:
    """How a caretaker votes on a draft; None while it waits for the leader it follows,
    or when its policy is to stay away. In the General Assembly its ``assembly_vote``
    policy decides, where it has one."""
    caretaker = policy_of(state, code)
    policy = caretaker.vote
    if draft.body == "UNGA" and caretaker.assembly_vote is not None:
        policy = caretaker.assembly_vote
    measures = set(draft.measures)
    if (state.scenario.options.party_abstention and draft.chapter == "VI"
            and not draft.procedural and code in draft.parties):
        return "abstain"
    if measures & set(policy.no_if):
        return "no"
    if measures & set(policy.abstain_if):
        return "abstain"
    if measures & set(policy.absent_if):
        return None
    if measures & set(policy.yes_if):
        return "yes"
    if policy.follow:
        leader_vote = draft.votes.get(policy.follow)
        if leader_vote is not None:
            return leader_vote
        if policy.follow in _voters(state, draft):
            return None
    return None if policy.default == "absent" else policy.default


def _voters(state: State, draft: Draft) -> tuple[str, ...]:
    if league.is_league_body(draft.body):
        return league.voters(state, draft)
    return state.council_members(draft.body)


def sanctions_of(state: State, code: str) -> dict[str, Any] | None:
    """The Art. 16 sanctions a caretaker League member would apply now, if any: once the
    League has found a resort to war, the measures of its policy it does not yet apply,
    against the state its policy names (by default the last the League found)."""
    policy = policy_of(state, code).sanctions
    if policy == "none" or not state.war_found or code not in state.league_members():
        return None
    against = policy.against or state.war_found[-1]
    if against == code or against not in state.country_list:
        return None
    current = league.applied(state, code, against)
    measures = [m for m in policy.apply if m not in current]
    if not measures:
        return None
    return {"actor": code, "kind": "apply_sanctions", "against": against, "measures": measures}


def caretaker_actions(state: State) -> list[dict[str, Any]]:
    """The actions caretakers take now, in a stable order.

    >>> from game_rules.engine import new_game
    >>> from game_rules.scenario import load_scenario
    >>> sc = load_scenario({"id": "c", "title": "C", "countries": ["FRA"]})
    >>> caretaker_actions(new_game(sc, 1))
    []
    """
    if state.status != "running":
        return []
    out: list[dict[str, Any]] = []
    caretakers = state.caretakers
    for _, draft_id in sorted(state.open_votes.items()):
        draft = state.drafts[draft_id]
        for code in _voters(state, draft):
            if code in caretakers and code not in draft.votes:
                vote = vote_of(state, code, draft)
                if vote is not None:
                    out.append({"actor": code, "kind": "vote", "draft": draft.id, "vote": vote})
    for item in state.items.values():
        if item.status != "silence":
            continue
        for code in state.nac_members:
            if code not in caretakers:
                continue
            silence = policy_of(state, code).silence
            if item.decision not in silence.break_on:
                continue
            text = f"{item.title}\n{item.text}".casefold()
            if any(phrase.casefold() in text for phrase in silence.unless_text_contains):
                continue
            out.append({"actor": code, "kind": "break_silence", "item": item.id,
                        "reason": silence.reason})
            break
    talks = state.phase in ("consultations", "council", "resolution", "open")
    if talks:
        for accession in state.accessions.values():
            if accession.status == "ratified" and accession.candidate in caretakers:
                out.append({"actor": accession.candidate, "kind": "deposit_accession"})
            if accession.status != "ratifying":
                continue
            for code in accession.ratifying:
                if (code in caretakers and code not in accession.ratified
                        and code in state.nac_members
                        and policy_of(state, code).ratify == "at_once"):
                    out.append({"actor": code, "kind": "ratify",
                                "candidate": accession.candidate})
        for code in state.league_members():
            if code in caretakers and (action := sanctions_of(state, code)) is not None:
                out.append(action)
        if state.article5:
            incident = state.article5[-1]
            pledged = {p.ally for p in state.pledges if p.incident == incident}
            for code in state.nac_members:
                if code not in caretakers or code in pledged:
                    continue
                response = policy_of(state, code).pledge
                if response != "none":
                    # No detail: a pledge's detail is what its delegation wrote, shown as
                    # written in every language; a caretaker writes none.
                    out.append({"actor": code, "kind": "pledge", "response": response,
                                "incident": incident})
    return out


MAX_FOLLOWUPS = 200
"""At most this many caretaker actions follow one action (a bound, never reached in play)."""


def caretaker_followups(state: State, now: float) -> list[tuple[Action, list[Event], State]]:
    """What the caretakers do after an action, one at a time, each on the state the one
    before left: (action, its events, the state after it). Each proposal is tried once; one
    the rules refuse is passed over.

    >>> from game_rules.engine import new_game
    >>> from game_rules.scenario import load_scenario
    >>> caretaker_followups(new_game(load_scenario({"id": "c", "title": "C"}), 1), 0.0)
    []
    """
    from game_rules.engine import step

    out: list[tuple[Action, list[Event], State]] = []
    seen: set[str] = set()
    for _ in range(MAX_FOLLOWUPS):
        progressed = False
        for proposal in caretaker_actions(state):
            key = json.dumps(proposal, sort_keys=True)
            if key in seen:
                continue
            seen.add(key)
            try:
                action = parse_action({**proposal, "at": now})
                state, events = step(state, action, Context(now=now))
            except RuleError:
                continue
            out.append((action, events, state))
            progressed = True
            break
        if not progressed:
            break
    return out


def handovers_at_start(state: State, seated: Collection[str]) -> list[dict[str, Any]]:
    """At the start, every country no student took goes to its caretaker: the system's
    ``set_caretaker`` actions, to take before the ``start``.

    >>> from game_rules.engine import new_game
    >>> from game_rules.scenario import load_scenario
    >>> sc = load_scenario({"id": "h", "title": "H", "countries": ["FRA", "EST"]})
    >>> handovers_at_start(new_game(sc, 1), {"FRA"})
    [{'actor': 'system', 'kind': 'set_caretaker', 'country': 'EST', 'caretaker': True}]
    """
    if state.status != "setup":
        return []
    return [{"actor": "system", "kind": "set_caretaker", "country": code, "caretaker": True}
            for code in state.country_list if code not in seated and code not in state.caretakers]


def check_student_action(state: State, action: Action) -> None:
    """A student does not act for a country handed to its caretaker (``with_caretaker``):
    the caretaker plays it until a student joins it again. The instructor and the system
    may still act for it.

    >>> from game_rules.engine import new_game
    >>> from game_rules.scenario import load_scenario
    >>> sc = load_scenario({"id": "c", "title": "C", "countries": ["FRA", "EST"]})
    >>> state = new_game(sc, 1)
    >>> check_student_action(state, parse_action(
    ...     {"actor": "EST", "kind": "say", "channel": "public", "text": "Hi"}))
    >>> from game_rules.engine import step
    >>> handed, _ = step(state, {"actor": "instructor", "kind": "set_caretaker",
    ...                         "country": "EST", "caretaker": True}, Context(now=0.0))
    >>> try:
    ...     check_student_action(handed, parse_action(
    ...         {"actor": "EST", "kind": "say", "channel": "public", "text": "Hi"}))
    ... except RuleError as err:
    ...     err.code
    'with_caretaker'
    """
    if action.actor in state.caretakers:
        raise RuleError("with_caretaker", message(
            N_("{country} is with its caretaker: this seat does not act for it. Join the game "
               "again with its code to play on."),
            country=Country(action.actor, state.display(action.actor))))
