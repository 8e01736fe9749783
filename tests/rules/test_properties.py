"""Properties of the engine over random games.

Each example builds a scenario (with random options), then takes a random
sequence of plausible actions, drawn against the current state so that many
are legal: random actors among the scenario's countries, the instructor, the
clock and the Secretary-General; every kind of action in the vocabulary. After
each action, and at the end, it checks what must always hold:

1. folding the emitted events from ``new_game`` gives the live state exactly
   (and so does replaying the actions as a record);
2. no view shows a country another's secret role sheet or a message of a
   private or team channel it does not sit in; the public sees neither;
3. no Security Council draft with a permanent member's "no" is adopted unless
   it is procedural (or the scenario's what-if ``no_veto`` is on);
4. no North Atlantic Council item is adopted once an ally broke silence on it;
5. a refusal has a code and a message and changes nothing.
"""

from __future__ import annotations

import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game_rules import RuleError, decide, event_from_dict, event_to_dict, fold, new_game, step
from game_rules.actions import ACTION_KINDS
from game_rules.caretaker import caretaker_actions
from game_rules.context import Context
from game_rules.events import Event
from game_rules.records import final_state, load_record
from game_rules.scenario import Scenario, load_scenario
from game_rules.state import State
from game_rules.views import redact, view_for

P5 = ["CHN", "FRA", "GBR", "RUS", "USA"]
ELECTED = ["BRA", "IND", "EST", "NOR"]
ALLIES = ["FRA", "GBR", "USA", "DEU", "EST", "TUR", "NOR"]
COUNTRIES = [*P5, *ELECTED, "DEU", "TUR", "SWE", "UKR", "KEN", "JPN"]
MEASURES = ["determine_threat", "sanctions", "authorize_force", "condemn", "demand_ceasefire",
            "adopt_agenda", "invite_speaker", "emergency_special_session",
            "call_for_negotiations", "arms_embargo"]
ACTORS = [*COUNTRIES, "instructor", "system", "secretary_general"]

# How often each kind is drawn: the game's ordinary business more often than its end.
# The game ends only at the end of a sequence (see ``play``).
WEIGHTS = {kind: 2 for kind in ACTION_KINDS} | {
    "start": 1, "end": 0, "pause": 1, "vote": 4, "call_vote": 5, "table_draft": 5,
    "circulate": 4, "say": 4, "advance_phase": 3, "ratify": 3, "pledge": 3,
    "request_article5": 3}
KINDS = [kind for kind in ACTION_KINDS for _ in range(WEIGHTS[kind])]


def secret(code: str) -> str:
    return f"ROLE-SHEET-OF-{code}"


def scenario_data(rounds: int, options: dict[str, bool]) -> dict[str, Any]:
    roles = {code: {"summary": secret(code), "interests": [f"{secret(code)}-interest"],
                    "red_lines": [f"{secret(code)}-red-line"]}
             for code in ("FRA", "RUS", "DEU", "EST", "TUR", "UKR")}
    countries: list[Any] = []
    for code in COUNTRIES:
        entry: dict[str, Any] = {"code": code}
        if code in roles:
            entry["role"] = roles[code]
        if code in ("IND", "TUR", "NOR", "BRA"):
            entry["playable"] = False
            entry["caretaker"] = {
                "vote": {"default": "abstain", "no_if": ["sanctions"], "follow": None},
                "silence": {"break_on": ["invite"] if code == "TUR" else ["operation"],
                            "unless_text_contains": ["assurances"]},
                "ratify": "never" if code == "TUR" else "at_once",
                "pledge": "economic" if code == "NOR" else "none"}
        countries.append(entry)
    return {
        "id": "properties", "title": "Properties", "year": 2030, "rounds": rounds,
        "phase_seconds": {"consultations": 300, "council": 300} if rounds else {},
        "countries": countries,
        "bodies": {"UNSC": {"permanent": P5, "elected": ELECTED, "invited": ["UKR"],
                            "briefers": ["KEN"]},
                   "NAC": {"members": ALLIES, "silence_seconds": 120,
                           "secretary_general": True}},
        "options": options,
        "aggressor": {"country": "RUS", "target": "UKR", "spillover_target": "EST"},
        "crisis": {"ladder": "limited_incursion", "deterrence": 40},
        "incidents": [
            {"id": "tallinn", "target": "EST", "attacker": "RUS"},
            {"id": "kyiv", "target": "UKR", "attacker": "RUS", "in_treaty_area": False},
            {"id": "grid", "target": "TUR", "attacker": "RUS", "kind": "cyber"},
            {"id": "hawaii", "target": "USA", "in_treaty_area": False, "location": "Hawaii"},
        ],
        "injects": [
            {"id": "opening", "round": 1, "title": "Tension rises"},
            {"id": "attack", "when": {"ladder_at_least": "armed_attack"}, "title": "Attack",
             "effects": {"deterrence": -5}},
            {"id": "veto", "when": {"vetoes_at_least": 1}, "title": "After the veto"},
            {"id": "secret", "auto": False, "title": "INJECT-FOR-EST-ONLY",
             "audience": ["EST"]},
            {"id": "strike", "auto": False, "title": "Strike on Narva",
             "effects": {"incident": {"id": "narva", "target": "EST", "attacker": "RUS"}}},
        ],
    }


# Drawing plausible actions against the current state.


def _pick(data: st.DataObject, values: list[Any], fallback: Any) -> Any:
    """One of ``values`` most of the time, else (or if there are none) the fallback."""
    if values and data.draw(st.integers(0, 9)) > 0:
        return data.draw(st.sampled_from(values))
    return fallback


def _actor(data: st.DataObject, state: State, kind: str) -> str:
    members = list(state.council_members("UNSC"))
    allies = list(state.nac_members)
    usual: dict[str, list[str]] = {
        "inject": ["instructor", "system"], "advance_phase": ["instructor", "system"],
        "silence_deadline": ["system", "instructor"], "withdrawal_effective": ["system"],
        "circulate": ["instructor", "secretary_general"],
        "call_vote": ["instructor", *([state.president] if state.president else [])],
        "close_vote": ["instructor", "system", *([state.president] if state.president else [])],
        "table_draft": [*members, "UKR"], "vote": members, "request_vote": members,
        "contest_procedural": P5, "break_silence": allies, "pledge": allies,
        "request_consultations": allies, "request_article5": allies, "ratify": allies,
        "notify_withdrawal": allies, "retract_pledge": [p.ally for p in state.pledges],
        "self_defence": [i.target for i in state.incidents.values()],
        "request_assistance": [i.target for i in state.incidents.values()],
        "skip_time": ["instructor"],
        "aggressor_move": ["RUS", "instructor", "system"],
        "request_membership": ["SWE", "UKR", "JPN"],
    }
    instructor_only = ("start", "pause", "resume", "end", "set_clock", "set_caretaker")
    plausible = ["instructor"] if kind in instructor_only else usual.get(kind, COUNTRIES)
    return str(_pick(data, plausible, data.draw(st.sampled_from(ACTORS))))


def _fields(data: st.DataObject, state: State, kind: str, n: int) -> dict[str, Any]:
    draw = data.draw
    out: dict[str, Any]
    drafts = list(state.drafts)
    pending = [d.id for d in state.drafts.values() if d.status == "tabled"]
    items = list(state.items)
    incidents = [*state.incidents, "nowhere"]
    maybe = st.none() | st.just(True)
    if kind == "set_clock":
        return draw(st.sampled_from([{"seconds": 0}, {"seconds": 90}, {"extend": 30},
                                     {"extend": -60}, {}]))
    if kind == "inject":
        if draw(st.booleans()):
            return {"inject": draw(st.sampled_from(["opening", "attack", "veto", "secret",
                                                    "strike", "nothing"]))}
        effects: dict[str, Any] = {"ladder": draw(st.integers(-1, 1)),
                                   "deterrence": draw(st.integers(-10, 10))}
        if draw(st.integers(0, 4)) == 0:
            effects["incident"] = {"id": f"inc-{n}", "target": draw(st.sampled_from(ALLIES)),
                                   "kind": draw(st.sampled_from(["armed_attack", "hybrid"]))}
        return {"title": f"News {n}", "text": "Reports", "effects": effects,
                "audience": draw(st.none() | st.lists(st.sampled_from(COUNTRIES), max_size=2))}
    if kind == "set_caretaker":
        return {"country": draw(st.sampled_from(COUNTRIES)), "caretaker": draw(st.booleans())}
    if kind == "say":
        channel = _pick(data, list(state.channels), "nowhere")
        return {"channel": channel, "text": f"MESSAGE-{n}-IN-{channel}"}
    if kind == "open_channel":
        out = {"members": draw(st.lists(st.sampled_from(COUNTRIES), min_size=1, max_size=3))}
        if draw(st.booleans()):
            out["channel"] = draw(st.sampled_from(["quad", "team:FRA", "public", f"ch-{n}"]))
        return out
    if kind == "table_draft":
        out = {"title": f"Draft {n}", "measures": draw(st.lists(st.sampled_from(MEASURES),
                                                                 max_size=3))}
        if draw(maybe):
            out["procedural"] = True
        if (chapter := draw(st.sampled_from([None, "VI", "VII"]))) is not None:
            out["chapter"] = chapter
        if pending and draw(st.integers(0, 3)) == 0:
            out["amends"] = draw(st.sampled_from(pending))
        if draw(st.integers(0, 5)) == 0:
            out["draft"] = _pick(data, drafts, "S/2030/77")
        return out
    if kind == "vote":
        open_draft = state.open_votes.get("UNSC")
        return {"draft": open_draft or _pick(data, drafts, "S/1"),
                "vote": draw(st.sampled_from(["yes", "yes", "no", "abstain"]))}
    if kind in ("withdraw_draft", "request_vote", "contest_procedural", "call_vote",
                "close_vote"):
        if kind == "close_vote" and state.open_votes:
            return {"draft": next(iter(state.open_votes.values()))}
        if kind == "call_vote" and pending and draw(st.booleans()):
            return {"draft": pending[0] if draw(st.booleans()) else pending[-1]}
        return {"draft": _pick(data, pending if kind != "close_vote" else drafts, "S/404")}
    if kind == "request_consultations":
        return {"concern": "Our security"}
    if kind == "request_article5":
        return {"incident": draw(st.sampled_from(incidents))}
    if kind == "circulate":
        decision = draw(st.sampled_from(["statement", "article5", "operation", "invite"]))
        out = {"decision": decision, "title": f"Item {n}",
               "text": draw(st.sampled_from(["", "with assurances"]))}
        if decision == "article5":
            out["incident"] = draw(st.sampled_from(incidents))
        if decision == "invite":
            out["candidate"] = draw(st.sampled_from(["SWE", "UKR", "JPN", "FRA"]))
        if draw(st.booleans()):
            out["deadline"] = draw(st.sampled_from([60, "PT5M", "2m", 0, "never"]))
        return out
    if kind == "break_silence":
        return {"item": _pick(data, items, "NAC/9"),
                "reason": draw(st.sampled_from(["We object.", "", "Not this text."]))}
    if kind == "silence_deadline":
        return {"item": _pick(data, items, "NAC/9")}
    if kind == "pledge":
        out = {"response": draw(st.sampled_from(["diplomatic", "economic", "military"]))}
        if draw(st.booleans()):
            out["incident"] = draw(st.sampled_from(incidents))
        return out
    if kind == "retract_pledge":
        return {"pledge": _pick(data, [p.id for p in state.pledges], "P99")}
    if kind == "ratify":
        return {"candidate": _pick(data, list(state.accessions), "SWE")}
    if kind == "withdrawal_effective":
        return {"country": _pick(data, list(state.withdrawals), "FRA")}
    if kind == "self_defence":
        return {"incident": draw(st.sampled_from(incidents))}
    if kind == "request_assistance":
        out = {"incident": draw(st.sampled_from(incidents))}
        if draw(st.booleans()):
            out["addressed_to"] = draw(st.lists(st.sampled_from(COUNTRIES), min_size=1,
                                                max_size=3))
        return out
    if kind == "skip_time":
        return {"days": draw(st.sampled_from([1, 200, 366])),
                "reason": draw(st.sampled_from(["A year passes.", ""]))}
    if kind == "aggressor_move":
        move = draw(st.sampled_from([None, "escalate", "hold", "de_escalate", "withdraw"]))
        return {} if move is None else {"move": move}
    return {}


def draw_action(data: st.DataObject, state: State, n: int) -> dict[str, Any]:
    """Mostly what the moment calls for (a vote while one is open, an answer to a text
    under silence, the end of a pause, the caretakers' moves), else anything."""
    draw = data.draw
    if state.status == "paused" and draw(st.booleans()):
        return {"actor": "instructor", "kind": "resume"}
    if (draft_id := state.open_votes.get("UNSC")) and draw(st.integers(0, 3)) > 0:
        draft = state.drafts[draft_id]
        waiting = [m for m in state.council_members("UNSC") if m not in draft.votes]
        if waiting:
            return {"actor": draw(st.sampled_from(waiting)), "kind": "vote", "draft": draft_id,
                    "vote": draw(st.sampled_from(["yes", "yes", "yes", "no", "abstain"]))}
    silent = [i.id for i in state.items.values() if i.status == "silence"]
    if silent and draw(st.integers(0, 3)) == 0:
        item = draw(st.sampled_from(silent))
        if draw(st.booleans()):
            return {"actor": "system", "kind": "silence_deadline", "item": item}
        return {"actor": draw(st.sampled_from(list(state.nac_members) or ["FRA"])),
                "kind": "break_silence", "item": item, "reason": "We object."}
    if draw(st.integers(0, 5)) == 0 and (policy := caretaker_actions(state)):
        return dict(draw(st.sampled_from(policy)))
    kind = draw(st.sampled_from(KINDS))
    return {"actor": _actor(data, state, kind), "kind": kind, **_fields(data, state, kind, n)}


# The properties.


def check_secrets(state: State) -> None:
    """Property 2: views keep role sheets and private and team channels to their members."""
    hidden = {ch.id: set(ch.members or ()) for ch in state.channels.values()
              if ch.kind in ("team", "private")}
    for viewer in (*state.country_list, "public", "secretary_general"):
        text = json.dumps(view_for(state, viewer), ensure_ascii=False, allow_nan=False)
        for code in state.country_list:
            if code != viewer:
                assert secret(code) not in text, (viewer, code)
        for message in state.messages:
            members = hidden.get(message.channel)
            if members is not None and viewer not in members:
                assert message.text not in text, (viewer, message.channel)
        if viewer == "public":
            assert "INJECT-FOR-EST-ONLY" not in text


def check_councils(state: State) -> None:
    """Properties 3 and 4: the veto and the consensus hold."""
    no_veto = state.scenario.options.no_veto
    for draft in state.drafts.values():
        if draft.body == "UNSC" and draft.status == "adopted" and not draft.procedural:
            vetoes = [m for m in state.permanent_members() if draft.votes.get(m) == "no"]
            assert no_veto or not vetoes, (draft.id, vetoes)
    for item in state.items.values():
        assert not (item.status == "adopted" and item.broken_by), item.id


def check_redaction(events: list[Event], state: State) -> None:
    hidden = {ch.id: set(ch.members or ()) for ch in state.channels.values()
              if ch.kind in ("team", "private")}
    for event in events:
        if event.kind == "message_sent" and event.channel in hidden:
            for viewer in ("public", *state.country_list):
                if viewer not in hidden[event.channel]:
                    assert redact(event, viewer, state) is None


def play(data: st.DataObject, scenario: Scenario, seed: int,
         length: int) -> tuple[State, list[Event], list[dict[str, Any]]]:
    state = new_game(scenario, seed)
    now = 1_000.0
    events: list[Event] = []
    actions: list[dict[str, Any]] = []
    for n in range(length):
        now += data.draw(st.sampled_from([0, 1, 30, 150]))
        action: dict[str, Any]
        if n == 0:
            action = {"actor": "instructor", "kind": "start"}
        elif n == length - 1 and data.draw(st.booleans()):
            action = {"actor": "instructor", "kind": "end"}
        else:
            action = draw_action(data, state, n)
        action["at"] = now
        actions.append(action)
        before = state.model_dump()
        try:
            after, new = step(state, action, Context(now=now))
        except RuleError as err:
            # Property 5: a refusal says why, and the state is as it was.
            assert err.code and err.message, action
            assert state.model_dump() == before
            continue
        assert state.model_dump() == before, "step changed the state it was given"
        check_redaction(new, after)
        state = after
        events.extend(new)
        check_councils(state)
        if n % 10 == 9:
            check_secrets(state)
    return state, events, actions


games = st.fixed_dictionaries({
    "rounds": st.sampled_from([0, 2]),
    "options": st.fixed_dictionaries({"no_veto": st.booleans(), "double_veto": st.booleans(),
                                      "party_abstention": st.booleans()}),
    "seed": st.integers(0, 2**64 - 1),
    "length": st.integers(10, 60),
})


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(game=games, data=st.data())
def test_random_games_keep_the_rules(game: dict[str, Any], data: st.DataObject) -> None:
    scenario = load_scenario(scenario_data(game["rounds"], game["options"]))
    state, events, actions = play(data, scenario, game["seed"], game["length"])
    check_secrets(state)
    check_councils(state)
    # Property 1: the state is the fold of its events as a server stores them (through JSON):
    # the events carry all of it, and nothing is lost on the way to the database.
    initial = new_game(scenario, game["seed"])
    stored = [event_from_dict(json.loads(json.dumps(event_to_dict(e)))) for e in events]
    assert fold(initial, stored) == state
    # And a record of the actions replays to the same game.
    record = {"scenario": scenario_data(game["rounds"], game["options"]),
              "seed": game["seed"], "actions": actions}
    assert final_state(load_record(json.loads(json.dumps(record)))) == state


@settings(max_examples=150, deadline=None)
@given(kind=st.sampled_from(ACTION_KINDS), actor=st.sampled_from(ACTORS),
       data=st.data())
def test_any_single_action_is_accepted_or_refused_with_a_code(kind: str, actor: str,
                                                              data: st.DataObject) -> None:
    scenario = load_scenario(scenario_data(2, {}))
    state = new_game(scenario, 1)
    if data.draw(st.booleans()):
        state, _ = step(state, {"actor": "instructor", "kind": "start"}, Context(now=1.0))
    action = {"actor": actor, "kind": kind, **_fields(data, state, kind, 0)}
    before = state.model_dump()
    try:
        after, events = step(state, action, Context(now=2.0))
    except RuleError as err:
        assert err.code and err.message
        assert state.model_dump() == before
    else:
        # The same action on the same state makes the same events (no clock, no hidden
        # chance), and they carry the whole change, also through JSON.
        assert decide(state, action, Context(now=2.0)) == events
        stored = [event_from_dict(json.loads(json.dumps(event_to_dict(e)))) for e in events]
        assert fold(state, stored) == after


@settings(max_examples=200, deadline=None)
@given(eleven=st.booleans(), procedural=st.booleans(), no_veto=st.booleans(),
       ballots=st.lists(st.sampled_from(["yes", "no", "abstain", None]), min_size=15,
                        max_size=15))
def test_every_vote_is_counted_as_article_27_says(eleven: bool, procedural: bool,
                                                  no_veto: bool,
                                                  ballots: list[str | None]) -> None:
    elected = ["ALB", "BRA", "GAB", "GHA", "IND", "IRL", "KEN", "MEX", "NOR", "ARE"]
    elected = elected[:6] if eleven else elected
    members = [*P5, *elected]
    scenario = load_scenario({
        "id": "tally", "title": "Tally", "countries": members,
        "bodies": {"UNSC": {"permanent": P5, "elected": elected}},
        "options": {"no_veto": no_veto}})
    state, _ = step(new_game(scenario, 1), {"actor": "instructor", "kind": "start"})
    actions: list[dict[str, Any]] = [
        {"actor": "USA", "kind": "table_draft", "title": "Question", "procedural": procedural},
        {"actor": "instructor", "kind": "call_vote", "draft": "S/1"},
        *({"actor": m, "kind": "vote", "draft": "S/1", "vote": b}
          for m, b in zip(members, ballots, strict=False) if b is not None)]
    if None in ballots[:len(members)]:
        actions.append({"actor": "instructor", "kind": "close_vote", "draft": "S/1"})
    for action in actions:
        state, _ = step(state, action)
    cast = dict(zip(members, ballots, strict=False))
    yes = sum(1 for b in cast.values() if b == "yes")
    vetoes = [m for m in P5 if cast[m] == "no"]
    # The Charter's rule, written out again: seven or nine "yes" (never counting
    # abstentions or absences), and on substance no permanent member against.
    if yes < (7 if eleven else 9):
        expected = "failed"
    elif vetoes and not procedural and not no_veto:
        expected = "vetoed"
    else:
        expected = "adopted"
    draft = state.drafts["S/1"]
    assert draft.status == expected
    assert draft.vetoed_by == (tuple(vetoes) if expected == "vetoed" else ())
    assert set(draft.absent) == {m for m, b in cast.items() if b is None}
