"""The writer's decide path (``server.decide``), on a state in memory: requests decided in
order, each on the state the one before it left; a client id answered once gets its first
answer again; a held game stands still until the instructor releases it; a student's seat
does not act for a country handed to its caretaker."""

from __future__ import annotations

from typing import Any

from game_rules import State, load_scenario
from game_rules.due import take
from game_rules.engine import new_game
from server.decide import HELD, Outcome, Request, decide
from tests.server.helpers import SCENARIO, act

EVERYONE = frozenset(SCENARIO["countries"])


def started(seated: frozenset[str] = EVERYONE) -> State:
    state = new_game(load_scenario(SCENARIO), 7)
    for item in take(state, act("instructor", "start"), 100.0, seated=seated):
        state = item.state
    return state


def say(country: str, text: str, seat: str | None = "s1", client: str | None = None) -> Request:
    return Request(act(country, "say", channel="public", text=text), seat, client)


def nothing_answered(key: Any) -> Outcome | None:
    return None


async def test_requests_are_decided_in_order_each_on_the_state_before_it() -> None:
    outcomes, taken = decide([say("FRA", "One"), say("GBR", "Two")], started(), 10, None,
                             answered=nothing_answered, clock=lambda: 200.0, seated=None)
    assert [(o.ok, o.seq, o.events) for o in outcomes] == [(True, 11, 1), (True, 12, 1)]
    assert [item.action.at for item, _ in taken] == [200.0, 200.0]
    assert [m.text for m in taken[-1][0].state.messages] == ["One", "Two"]


async def test_a_client_id_answered_before_gets_its_first_answer_and_takes_nothing() -> None:
    first = Outcome(True, 4, 1)
    outcomes, taken = decide(
        [say("FRA", "Again", client="c1"), say("FRA", "Twice", client="c2"),
         say("FRA", "Twice", client="c2")],
        started(), 10, None, answered=lambda key: first if key == ("s1", "c1") else None,
        clock=lambda: 200.0, seated=None)
    assert outcomes[0] == first.again() and outcomes[0].duplicate
    assert outcomes[2] == outcomes[1].again()
    assert len(taken) == 1 and taken[0][1] == ("s1", "c2")


async def test_a_held_game_refuses_all_but_the_instructors_release() -> None:
    outcomes, taken = decide([say("FRA", "Hello"), Request(None)], started(), 10, 150.0,
                             answered=nothing_answered, clock=lambda: 900.0, seated=None)
    assert outcomes == [HELD, Outcome(True, 10, 0)]
    assert taken == []


async def test_resuming_a_held_game_pauses_it_at_the_held_moment_first() -> None:
    outcomes, taken = decide([Request(act("instructor", "resume"), "instructor", "r1"),
                              say("FRA", "Back")],
                             started(), 10, 150.0, answered=nothing_answered,
                             clock=lambda: 900.0, seated=None)
    assert [(item.action.kind, item.action.at, key) for item, key in taken][:2] == [
        ("pause", 150.0, None), ("resume", 900.0, ("instructor", "r1"))]
    assert all(o.ok for o in outcomes)
    assert taken[-1][0].action.kind == "say"


async def test_pausing_a_held_game_is_answered_by_the_pause_at_the_held_moment() -> None:
    outcomes, taken = decide([Request(act("instructor", "pause"), "instructor", "p1")],
                             started(), 10, 150.0, answered=nothing_answered,
                             clock=lambda: 900.0, seated=None)
    assert [(item.action.kind, item.action.at, key) for item, key in taken] == [
        ("pause", 150.0, ("instructor", "p1"))]
    assert outcomes[0].ok and outcomes[0].seq == 10 + len(taken[0][0].events)


async def test_a_students_seat_does_not_act_for_a_country_with_its_caretaker() -> None:
    state = started(seated=EVERYONE - {"FRA"})
    assert "FRA" in state.caretakers
    outcomes, _ = decide([say("FRA", "Mine", seat="s1"), say("FRA", "Teacher", seat="instructor")],
                         state, 10, None, answered=nothing_answered, clock=lambda: 200.0,
                         seated=None)
    assert outcomes[0].code == "with_caretaker"
    assert outcomes[1].ok
