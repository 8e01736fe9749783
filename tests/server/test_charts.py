"""The debrief's pictures say what the game did: rounds and the decisions that moved the
escalation chart, and messages (not pairs of members) in the network's description."""

from __future__ import annotations

from bench.classgame import play
from game_rules.debrief import escalation_marks
from game_rules.story import Story
from server import charts
from tests.rules.rules_helpers import Game, alliance


def test_the_escalation_chart_marks_rounds_and_names_its_moves_in_a_legend() -> None:
    game = play()
    timeline = game.timeline()
    marks = escalation_marks(Story.of(timeline))
    svg = charts.crisis_chart(timeline.crisis_series(), timeline.seq, rounds=marks["rounds"],
                              marks=marks["marks"])
    for n in (1, 2, 3, 4):
        assert f">Round {n}</text>" in svg
    assert "S/2026/1 vetoed by the Russian Federation (11-1-3) (deterrence 35 \u2192 25)" in svg
    assert f"{len(marks['marks'])} decisions that moved it are numbered." in svg


def test_the_network_counts_messages_once_however_many_read_them() -> None:
    game = Game(alliance())
    game.act("EST", "open_channel", members=["LVA", "LTU"], channel="baltic")
    game.act("EST", "say", channel="baltic", text="One message to two allies.")
    game.act("LVA", "say", channel="baltic", text="And a reply.")
    svg = charts.network_chart(game.state)
    assert "3 countries, 2 private messages" in svg
    assert charts.message_counts(game.state)[("EST", "LVA")] == 2

