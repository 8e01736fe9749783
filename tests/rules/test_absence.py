"""A vote does not wait for ever on a delegation whose students are all offline: once it
has been open for the grace period, the country's caretaker votes for it, by its policy."""

from __future__ import annotations

from typing import Any

from game_rules import Context, RuleError, step
from game_rules.absence import absent_votes
from game_rules.engine import new_game
from game_rules.scenario import load_scenario
from game_rules.state import State

P5 = ["CHN", "FRA", "GBR", "RUS", "USA"]


def council(**policies: Any) -> State:
    countries: list[Any] = [{"code": c, "caretaker": policies[c]} if c in policies else c for c in P5]
    sc = load_scenario({"id": "abs", "title": "Absent", "countries": countries,
                        "bodies": {"UNSC": {"permanent": P5, "threshold": 3}}})
    state, _ = step(new_game(sc, 1), {"actor": "instructor", "kind": "start"}, Context(now=0))
    state, _ = step(state, {"actor": "USA", "kind": "table_draft", "title": "Peace",
                            "measures": ["condemn"]}, Context(now=10))
    return state


def call(state: State, at: float) -> State:
    return step(state, {"actor": "instructor", "kind": "call_vote", "draft": "S/1"}, Context(now=at))[0]


def test_the_caretaker_votes_once_the_grace_has_run_from_the_call() -> None:
    state = call(council(FRA={"vote": {"yes_if": ["condemn"]}}), at=100)
    assert state.drafts["S/1"].called_at == 100
    assert absent_votes(state, {"FRA", "GBR"}) == [
        (130.0, {"actor": "FRA", "kind": "vote", "draft": "S/1", "vote": "yes"}),
        (130.0, {"actor": "GBR", "kind": "vote", "draft": "S/1", "vote": "abstain"})]


def test_only_members_away_who_have_not_voted_and_are_not_caretakers() -> None:
    state = council()
    state, _ = step(state, {"actor": "instructor", "kind": "set_caretaker", "country": "CHN"},
                    Context(now=20))
    state = call(state, at=30)
    state, _ = step(state, {"actor": "FRA", "kind": "vote", "draft": "S/1", "vote": "no"},
                    Context(now=31))
    # China's caretaker voted at once (the server's caretakers' turn), not here.
    assert [a["actor"] for _, a in absent_votes(state, {"FRA", "CHN", "GBR", "BRA"})] == ["GBR"]
    assert absent_votes(state, set()) == []


def test_a_policy_that_waits_or_stays_away_casts_nothing() -> None:
    state = call(council(GBR={"vote": {"follow": "USA"}}, RUS={"vote": {"default": "absent"}}), at=50)
    assert absent_votes(state, {"GBR", "RUS"}) == []


def test_the_instructor_sets_the_grace_also_before_the_start_and_in_a_pause() -> None:
    state = council()
    state, events = step(state, {"actor": "instructor", "kind": "set_vote_grace", "seconds": 5},
                         Context(now=40))
    assert [e.kind for e in events] == ["vote_grace_set"] and state.vote_grace == 5
    assert absent_votes(call(state, at=60), {"GBR"})[0][0] == 65.0
    try:
        step(state, {"actor": "USA", "kind": "set_vote_grace", "seconds": 0}, Context(now=41))
    except RuleError as err:
        assert err.code == "not_allowed"
    else:
        raise AssertionError("a country set the grace")


def test_nothing_is_due_in_a_paused_game() -> None:
    state = call(council(), at=10)
    state, _ = step(state, {"actor": "instructor", "kind": "pause"}, Context(now=11))
    assert absent_votes(state, {"GBR"}) == []


def test_the_clock_takes_the_absent_delegations_vote_when_the_grace_has_run() -> None:
    from game_rules.due import due_actions, take

    state = call(council(), at=100)
    assert due_actions(state, 110, away={"GBR"}).next_at == 130
    assert take(state, None, 110, away={"GBR"}) == []
    taken = take(state, None, 130, away={"GBR"})
    assert [(t.action.actor, t.action.kind, t.action.vote) for t in taken] == [  # type: ignore[union-attr]
        ("GBR", "vote", "abstain")]
    assert taken[-1].state.drafts["S/1"].votes == {"GBR": "abstain"}
    # Nobody away: nothing falls due, however long the vote stays open.
    assert due_actions(state, 10_000).now == () and due_actions(state, 10_000).next_at is None
