"""A view's sections read only the fields of the state they declare.

The server keeps a section of a view for as long as its declared fields are the
same objects, and sends browsers only the sections that changed (server/liveview.py).
So a section that read an undeclared field would leave browsers with a stale
picture. Over random games: a section computed on a late state whose declared
fields are replaced by an earlier state's gives what it gave on the earlier state.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game_rules import RuleError, new_game, step
from game_rules.context import Context
from game_rules.scenario import load_scenario
from game_rules.state import State
from game_rules.views import (
    LIVE_FIELDS,
    PLAIN,
    SECTIONS,
    Entries,
    live_view,
    message_entry,
    readable_messages,
    view_for,
)
from tests.rules.rules_helpers import Game
from tests.rules.test_league import abyssinia
from tests.rules.test_nac import THIRTY, before_2023, invite
from tests.rules.test_properties import COUNTRIES, draw_action, scenario_data

VIEWERS = [*COUNTRIES, "instructor", "public", "secretary_general"]


def states_of_a_game(data: st.DataObject, length: int) -> list[State]:
    scenario = load_scenario(scenario_data(data.draw(st.sampled_from([0, 2])), {}))
    state = new_game(scenario, data.draw(st.integers(0, 1000)))
    now = 1_000.0
    states = [state]
    for n in range(length):
        now += data.draw(st.sampled_from([0, 1, 30, 150]))
        action = {"actor": "instructor", "kind": "start"} if n == 0 else draw_action(data, state, n)
        action["at"] = now
        try:
            state, _ = step(state, action, Context(now=now))
        except RuleError:
            continue
        states.append(state)
    return states


def assert_declared(early: State, late: State, viewer: str) -> None:
    """Each section of ``late`` with ``early``'s declared fields is ``early``'s section,
    and so is each draft's entry with the fields a draft's entry declares."""
    for section in SECTIONS:
        mixed = late.model_copy(update={f: getattr(early, f) for f in section.inputs})
        assert section.shown(mixed, viewer) == section.shown(early, viewer), section.key
        if section.shown(early, viewer):
            assert section.build(mixed, viewer, PLAIN) == section.build(early, viewer, PLAIN), \
                section.key
    mixed = late.model_copy(update={f: getattr(early, f) for f in Entries.DRAFT_FIELDS})
    for draft in early.drafts.values():
        assert PLAIN.draft(mixed, draft) == PLAIN.draft(early, draft), draft.id


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_a_section_depends_only_on_the_fields_it_declares(data: st.DataObject) -> None:
    states = states_of_a_game(data, data.draw(st.integers(5, 40)))
    for _ in range(6):
        assert_declared(data.draw(st.sampled_from(states)), data.draw(st.sampled_from(states)),
                        data.draw(st.sampled_from(VIEWERS)))


def test_the_sections_of_a_state_that_joins_the_alliance() -> None:
    """Random games seldom see an accession through: a new ally reads the NAC's channel,
    sits in the NAC and is counted among its members."""
    game = before_2023()
    states = [game.state]
    game.act("USA", "say", channel="NAC", text="Before Sweden sits.")
    invite(game, "SWE")
    states.append(game.state)
    for ally in THIRTY:
        game.act(ally, "ratify", candidate="SWE")
    states.append(game.state)
    game.act("USA", "say", channel="NAC", text="Welcome, Sweden.")
    states.append(game.state)
    assert "SWE" in game.state.nac_members
    for early in states:
        for late in states:
            for viewer in ("SWE", "DEU", "public", "instructor"):
                assert_declared(early, late, viewer)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_a_view_is_its_sections_and_its_messages(data: st.DataObject) -> None:
    state = states_of_a_game(data, data.draw(st.integers(5, 30)))[-1]
    for viewer in VIEWERS:
        view = view_for(state, viewer)
        messages = [message_entry(m) for m in readable_messages(state, viewer)]
        assert view == {**live_view(state, viewer), "messages_total": len(messages),
                        "messages": messages}


def test_messages_are_outside_the_sections() -> None:
    assert "messages" not in LIVE_FIELDS
    assert "rng" not in LIVE_FIELDS


def test_the_sections_of_a_league_that_expels_a_member() -> None:
    """An expulsion changes who sits in the League's bodies while a vote is open in one."""
    game = Game(abyssinia())
    states = [game.state]
    ceasefire = game.table("POL", body="LNA", measures=["call_for_ceasefire"])
    game.act("instructor", "call_vote", draft=ceasefire)
    game.act("GBR", "vote", draft=ceasefire, vote="yes")
    states.append(game.state)
    expel = game.table("GBR", body="LNC", measures=["expel"], against="SUN")
    votes = {m: "yes" for m in game.state.council_members("LNC")}
    votes["SUN"] = "no"
    game.put_to_vote(expel, votes)
    assert "SUN" in game.state.league_left
    states.append(game.state)
    game.act("AUS", "apply_sanctions", against="ITA", measures=["oil"])
    states.append(game.state)
    for early in states:
        for late in states:
            for viewer in ("SUN", "GBR", "ETH", "public", "instructor"):
                assert_declared(early, late, viewer)
