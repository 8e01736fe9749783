"""What falls due when (``due_actions``), and an action with all it sets off (``take``)."""

from __future__ import annotations

from typing import Any

import pytest

from game_rules import Context, RuleError, State, load_scenario, new_game, parse_action, step
from game_rules.due import due_actions, take

T0 = 1_000.0


def _scenario(rounds: int = 0) -> dict[str, Any]:
    return {
        "id": "due", "title": "Due", "rounds": rounds,
        "phase_seconds": {"briefing": 60, "consultations": 60, "council": 60, "resolution": 60},
        "countries": ["FRA", "GBR", "USA", "EST",
                      {"code": "POL", "caretaker": {"vote": {"default": "yes"}}}],
        "bodies": {"UNSC": {"permanent": ["FRA", "GBR", "USA"], "elected": ["POL"],
                            "threshold": 3},
                   "NAC": {"members": ["FRA", "GBR", "USA", "EST", "POL"],
                           "silence_seconds": 600}},
    }


def _running(rounds: int = 0, seated: set[str] | None = None) -> State:
    state = new_game(load_scenario(_scenario(rounds)), 7)
    start = parse_action({"actor": "instructor", "kind": "start"})
    taken = take(state, start, T0, seated=seated if seated is not None else
                 {"FRA", "GBR", "USA", "EST", "POL"})
    return taken[-1].state


def _act(state: State, action: dict[str, Any], now: float) -> State:
    return step(state, action, Context(now=now))[0]


def _kinds(state: State, now: float) -> list[tuple[str, str]]:
    return [(p.action["actor"], p.action["kind"]) for p in due_actions(state, now).now]


def test_nothing_is_due_before_the_start_or_while_paused() -> None:
    state = new_game(load_scenario(_scenario(rounds=2)), 7)
    assert due_actions(state, T0 + 10**6).now == ()
    running = _running(rounds=2)
    paused = _act(running, {"actor": "instructor", "kind": "pause"}, T0 + 1)
    assert due_actions(paused, T0 + 10**6).now == ()
    assert due_actions(paused, T0 + 10**6).next_at is None


def test_a_phase_ends_when_its_clock_runs_out() -> None:
    state = _running(rounds=2)
    assert state.phase == "briefing" and state.clock_deadline == T0 + 60
    assert due_actions(state, T0 + 59).now == ()
    assert due_actions(state, T0 + 59).next_at == T0 + 60
    assert _kinds(state, T0 + 60) == [("system", "advance_phase")]


def test_an_open_session_has_no_phase_clock() -> None:
    state = _act(_running(rounds=0), {"actor": "instructor", "kind": "set_clock",
                                      "seconds": 30}, T0 + 1)
    assert state.clock_deadline == T0 + 31
    assert due_actions(state, T0 + 100).now == ()


def test_silence_ends_at_its_deadline_in_any_phase() -> None:
    state = _running(rounds=2)
    state = _act(state, {"actor": "instructor", "kind": "advance_phase"}, T0 + 1)
    state = _act(state, {"actor": "instructor", "kind": "circulate", "title": "Statement",
                         "decision": "statement", "deadline": 900}, T0 + 2)
    assert state.phase == "consultations"
    # The phase's clock runs out first; the silence goes on in the next phases.
    assert due_actions(state, T0 + 100).next_at == T0 + 902
    later = _act(state, {"actor": "instructor", "kind": "advance_phase"}, T0 + 100)
    assert later.phase == "council"
    assert ("system", "silence_deadline") in _kinds(later, T0 + 902)


def test_a_withdrawal_is_due_when_its_notice_has_run() -> None:
    state = _act(_running(), {"actor": "EST", "kind": "notify_withdrawal"}, T0 + 5)
    moment = state.withdrawals["EST"]
    assert moment > T0 + 5
    assert due_actions(state, moment - 1).now == ()
    assert due_actions(state, moment - 1).next_at == moment
    assert [p.action for p in due_actions(state, moment).now] == [
        {"actor": "system", "kind": "withdrawal_effective", "country": "EST"}]


def test_caretakers_turns_are_due_at_once() -> None:
    state = _running(seated={"FRA", "GBR", "USA", "EST"})
    assert "POL" in state.caretakers
    state = _act(state, {"actor": "FRA", "kind": "table_draft", "title": "Peace"}, T0 + 1)
    state = _act(state, {"actor": "instructor", "kind": "call_vote", "draft": "S/1"}, T0 + 2)
    assert [p.action for p in due_actions(state, T0 + 2).now] == [
        {"actor": "POL", "kind": "vote", "draft": "S/1", "vote": "yes"}]


def test_the_start_hands_the_countries_nobody_took_to_the_system_first() -> None:
    state = new_game(load_scenario(_scenario()), 7)
    taken = take(state, parse_action({"actor": "instructor", "kind": "start"}), T0,
                 seated={"FRA", "EST"})
    assert [(t.action.actor, t.action.kind, getattr(t.action, "country", None), t.asked)
            for t in taken] == [
        ("system", "set_caretaker", "GBR", False), ("system", "set_caretaker", "USA", False),
        ("system", "set_caretaker", "POL", False), ("instructor", "start", None, True)]
    assert taken[-1].state.caretakers == {"GBR", "USA", "POL"}


def test_a_refused_start_hands_nobody_over() -> None:
    state = new_game(load_scenario(_scenario()), 7)
    with pytest.raises(RuleError) as refused:
        take(state, parse_action({"actor": "FRA", "kind": "start"}), T0, seated=set())
    assert refused.value.code == "not_allowed"


def test_an_action_brings_the_caretakers_votes_after_it() -> None:
    state = _running(seated={"FRA", "GBR", "USA", "EST"})
    state = _act(state, {"actor": "FRA", "kind": "table_draft", "title": "Peace"}, T0 + 1)
    taken = take(state, parse_action({"actor": "instructor", "kind": "call_vote",
                                      "draft": "S/1"}), T0 + 2)
    assert [(t.action.actor, t.action.kind, t.asked) for t in taken] == [
        ("instructor", "call_vote", True), ("POL", "vote", False)]
    assert all(t.action.at == T0 + 2 for t in taken)


def test_a_deadline_that_passed_is_kept_before_a_later_action() -> None:
    state = _running()
    state = _act(state, {"actor": "instructor", "kind": "circulate", "title": "Statement",
                         "decision": "statement", "deadline": 60}, T0 + 1)
    # A minute later, before the clock has fired, an ally objects: too late.
    objection = parse_action({"actor": "EST", "kind": "break_silence", "item": "NAC/1",
                              "reason": "No."})
    with pytest.raises(RuleError) as refused:
        take(state, objection, T0 + 62)
    assert refused.value.code == "item_not_under_silence"
    # Before the deadline it blocks the text.
    taken = take(state, objection, T0 + 30)
    assert [t.action.kind for t in taken] == ["break_silence"]
    assert taken[-1].state.items["NAC/1"].status == "blocked"


def test_without_an_action_take_takes_what_is_due() -> None:
    state = _running(rounds=2)
    assert take(state, None, T0 + 30) == []
    taken = take(state, None, T0 + 61)
    assert [(t.action.actor, t.action.kind, t.asked) for t in taken] == [
        ("system", "advance_phase", False)]
    assert taken[-1].state.phase == "consultations"


def test_a_records_action_is_taken_alone_at_its_own_time() -> None:
    state = _running(seated={"FRA", "GBR", "USA", "EST"})
    state = _act(state, {"actor": "FRA", "kind": "table_draft", "title": "Peace"}, T0 + 1)
    recorded = parse_action({"actor": "instructor", "kind": "call_vote", "draft": "S/1",
                             "at": T0 + 5})
    taken = take(state, recorded, T0 + 999, settle=False)
    assert [(t.action.kind, t.action.at) for t in taken] == [("call_vote", T0 + 5)]
    assert "POL" not in taken[-1].state.drafts["S/1"].votes
