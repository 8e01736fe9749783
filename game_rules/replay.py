"""Replaying a game's log: the state at any event, fast, and its decision points.

A ``Timeline`` folds the events once and keeps the state every ``every``
events (states share what did not change, so checkpoints are cheap); the state
at any seq is the nearest checkpoint folded forward.

>>> from game_rules.scenario import load_scenario
>>> from game_rules.engine import new_game, step
>>> sc = load_scenario({"id": "t", "title": "T", "countries": ["FRA"]})
>>> state = new_game(sc, 1)
>>> state, events = step(state, {"actor": "instructor", "kind": "start"})
>>> timeline = Timeline(sc, 1, events, every=1)
>>> timeline.state_at(2).status, timeline.state_at(0).status
('running', 'setup')
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from typing import Any

from game_rules import events as ev
from game_rules.engine import new_game
from game_rules.events import Event
from game_rules.evolve import evolve
from game_rules.naming import item_phrase
from game_rules.scenario import DEFAULT_READING_LEVEL, LEVELS, ReadingLevel, Scenario
from game_rules.state import State
from game_rules.words import capital, names, with_article

DECISION_KINDS: dict[str, str] = {
    "vote_called": "vote",
    "draft_adopted": "vote",
    "draft_vetoed": "veto",
    "draft_failed": "vote",
    "silence_broken": "silence",
    "decision_blocked": "silence",
    "decision_adopted": "nac",
    "article5_invoked": "article5",
    "consultations_opened": "nac",
    "inject_released": "inject",
    "incident_occurred": "inject",
    "aggressor_moved": "aggressor",
    "self_defence_declared": "article51",
    "pledge_made": "pledge",
    "member_joined": "nac",
    "phase_started": "phase",
    "game_ended": "phase",
    "veto_debate_scheduled": "veto",
    "rules_changed": "whatif",
    "emergency_session_called": "vote",
    "assistance_requested": "article51",
    "accession_deposited": "nac",
    "time_skipped": "phase",
    "war_determined": "league",
    "member_expelled": "league",
    "sanctions_applied": "league",
    "sanctions_lifted": "league",
}
"""The events a timeline marks, by family (the page draws each family its own way)."""


@dataclass(frozen=True, slots=True)
class Point:
    seq: int
    kind: str
    family: str
    label: str
    round: int

    def to_dict(self) -> dict[str, Any]:
        return {"seq": self.seq, "kind": self.kind, "family": self.family, "label": self.label,
                "round": self.round}


def label(state: State, event: Event) -> str:
    """A short sentence for an event, as a timeline shows it (``state`` is before it)."""
    d = state.display
    if isinstance(event, ev.VoteCalled):
        return f"{event.draft} put to the vote"
    if isinstance(event, ev.DraftAdopted):
        return f"{event.draft} adopted ({event.votes})"
    if isinstance(event, ev.DraftVetoed):
        return f"{event.draft} vetoed by {names([d(c) for c in event.vetoed_by])} ({event.votes})"
    if isinstance(event, ev.DraftFailed):
        if event.reason == "unanimity":
            return (f"{event.draft} not adopted: {', '.join(d(c) for c in event.blocked_by or ())} "
                    f"voted against ({event.votes})")
        return f"{event.draft} not adopted ({event.votes})"
    if isinstance(event, ev.WithdrawalNotified):
        where = "the League of Nations" if event.body == "LEAGUE" else "NATO"
        return f"{d(event.country)} gives notice to leave {where}"
    if isinstance(event, ev.MemberLeft):
        return f"{d(event.country)} leaves {'the League of Nations' if event.body == 'LEAGUE' else 'NATO'}"
    if isinstance(event, ev.WarDetermined):
        return f"The League finds that {d(event.against)} resorted to war (Art. 16)"
    if isinstance(event, ev.MemberExpelled):
        return f"{d(event.country)} expelled from the League (Art. 16(4))"
    if isinstance(event, ev.SanctionsApplied):
        return f"{d(event.country)} applies sanctions against {d(event.against)}"
    if isinstance(event, ev.SanctionsLifted):
        return f"{d(event.country)} lifts sanctions against {d(event.against)}"
    if isinstance(event, ev.SilenceBroken):
        return f"{d(event.by)} breaks silence on {event.item}"
    if isinstance(event, ev.DecisionBlocked):
        item = state.items[event.item]
        return (f"{capital(item_phrase(state, item, with_id=True))} blocked by "
                f"{names([d(c) for c in event.blocked_by])}")
    if isinstance(event, ev.DecisionAdopted):
        item = state.items[event.item]
        return f"{capital(item_phrase(state, item, with_id=True))} adopted by consensus"
    if isinstance(event, ev.Article5Invoked):
        return f"Article 5 invoked for {d(event.target)}"
    if isinstance(event, ev.ConsultationsOpened):
        return f"{d(event.by)} requests Article 4 consultations"
    if isinstance(event, ev.InjectReleased):
        return event.title
    if isinstance(event, ev.IncidentOccurred):
        return event.incident.title or f"Incident against {d(event.incident.target)}"
    if isinstance(event, ev.AggressorMoved):
        return f"{d(event.country)}: {event.move.replace('_', '-')} ({event.ladder_to.replace('_', ' ')})"
    if isinstance(event, ev.SelfDefenceDeclared):
        return f"{d(event.country)} acts in self-defence (Art. 51)"
    if isinstance(event, ev.PledgeMade):
        return f"{d(event.ally)} pledges {with_article(event.response)} response"
    if isinstance(event, ev.MemberJoined):
        return f"{d(event.country)} joins NATO"
    if isinstance(event, ev.PhaseStarted):
        return f"Round {event.round}: {event.phase}"
    if isinstance(event, ev.GameEnded):
        return "The game ends"
    if isinstance(event, ev.RulesChanged):
        return f"What if: {event.rule.replace('_', ' ')}"
    if isinstance(event, ev.VetoDebateScheduled):
        return f"The General Assembly will debate the veto on {event.draft}"
    if isinstance(event, ev.EmergencySessionCalled):
        return "Emergency special session of the General Assembly called"
    return event.kind.replace("_", " ")


class Timeline:
    """A game's events with the state at each of them within reach."""

    def __init__(self, scenario: Scenario, seed: int, events: list[Event] | None = None,
                 every: int = 200, reading_level: ReadingLevel = DEFAULT_READING_LEVEL) -> None:
        self.every = max(1, every)
        self.events: list[Event] = []
        self.points: list[Point] = []
        self.series: list[tuple[int, int, int, int, int]] = []
        """(seq, round, ladder, deterrence, toll) after each change of the crisis."""
        self._checkpoints: list[State] = [new_game(scenario, seed, reading_level)]
        self._state = self._checkpoints[0]
        self.extend(events or [])

    @property
    def seq(self) -> int:
        return len(self.events)

    @property
    def final(self) -> State:
        return self._state

    def extend(self, events: list[Event]) -> None:
        """Add the events that came after (seq continues from ``self.seq``)."""
        for event in events:
            before = self._state
            family = DECISION_KINDS.get(event.kind)
            after = evolve(before, event)
            self.events.append(event)
            seq = len(self.events)
            if family is not None:
                self.points.append(Point(seq, event.kind, family, label(before, event),
                                         after.round))
            if after.crisis is not before.crisis or not self.series:
                c = after.crisis
                self.series.append((seq, after.round, c.ladder, c.deterrence, c.toll))
            self._state = after
            if seq % self.every == 0:
                self._checkpoints.append(after)

    def state_at(self, seq: int) -> State:
        """The state after event ``seq`` (0: before the first)."""
        seq = max(0, min(seq, len(self.events)))
        index = seq // self.every
        state = self._checkpoints[index]
        for event in self.events[index * self.every:seq]:
            state = evolve(state, event)
        return state

    def point_index(self, seq: int) -> int:
        """How many decision points lie at or before ``seq``."""
        return bisect_right([p.seq for p in self.points], seq)

    def crisis_series(self) -> list[dict[str, Any]]:
        return [{"seq": s, "round": r, "ladder": lad, "level": LEVELS[lad], "deterrence": d,
                 "toll": t} for s, r, lad, d, t in self.series]
