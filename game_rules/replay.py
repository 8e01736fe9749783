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
from game_rules.crisis import incident_words
from game_rules.engine import new_game, phase_name
from game_rules.events import Event
from game_rules.evolve import PLEDGES, evolve, level_name
from game_rules.messages import N_, Msg, message
from game_rules.naming import item_msg
from game_rules.scenario import DEFAULT_READING_LEVEL, LEVELS, ReadingLevel, Scenario
from game_rules.state import State

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
    label_msg: Msg | None = None
    keys: dict[str, str] | None = None
    """For a scenario's own news (a scripted inject): the key of the text its label is
    (``{"label": "injects.day1.title"}``), by which a page shows it in its reader's language."""

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"seq": self.seq, "kind": self.kind, "family": self.family,
                               "label": self.label, "round": self.round}
        if self.label_msg is not None:
            out["label_msg"] = self.label_msg.to_json()
        if self.keys:
            out["keys"] = self.keys
        return out


def label_keys(state: State, event: Event) -> dict[str, str] | None:
    """The key of a point's label when the label is a text of the scenario (a scripted
    inject's headline), else None."""
    if isinstance(event, ev.InjectReleased) and event.scripted \
            and state.scenario.inject(event.inject) is not None:
        return {"label": f"injects.{event.inject}.title"}
    return None


RULE_WORDS = {"no_veto": N_("no veto"), "no_nato": N_("no NATO"),
              "caretaker": N_("caretaker"), "aggressor_policy": N_("aggressor policy"),
              "reseed": N_("reseed")}
"""A what-if's rule change as the replay's label names it ("What if: no veto")."""


def label(state: State, event: Event) -> str:
    """A short sentence for an event, as a timeline shows it (``state`` is before it)."""
    return label_msg(state, event).english()


_MOVES = {"escalate": N_("{country}: escalate ({level})"), "hold": N_("{country}: hold ({level})"),
          "de_escalate": N_("{country}: de-escalate ({level})"),
          "withdraw": N_("{country}: withdraw ({level})")}


def label_msg(state: State, event: Event) -> Msg:
    """``label`` as a message, for a reader in any language."""
    c = state.country
    if isinstance(event, ev.VoteCalled):
        return message(N_("{draft} put to the vote"), draft=event.draft)
    if isinstance(event, ev.DraftAdopted):
        return message(N_("{draft} adopted ({votes})"), draft=event.draft, votes=event.votes)
    if isinstance(event, ev.DraftVetoed):
        return message(N_("{draft} vetoed by {countries} ({votes})"), draft=event.draft,
                       countries=state.countries_of(event.vetoed_by), votes=event.votes)
    if isinstance(event, ev.DraftFailed):
        if event.reason == "unanimity":
            return message(N_("{draft} not adopted: {countries} voted against ({votes})"),
                           draft=event.draft,
                           countries=state.countries_of(event.blocked_by or (), ","),
                           votes=event.votes)
        return message(N_("{draft} not adopted ({votes})"), draft=event.draft, votes=event.votes)
    if isinstance(event, ev.WithdrawalNotified):
        return message(N_("{country} gives notice to leave the League of Nations")
                       if event.body == "LEAGUE" else N_("{country} gives notice to leave NATO"),
                       country=c(event.country))
    if isinstance(event, ev.MemberLeft):
        return message(N_("{country} leaves the League of Nations") if event.body == "LEAGUE"
                       else N_("{country} leaves NATO"), country=c(event.country))
    if isinstance(event, ev.WarDetermined):
        return message(N_("The League finds that {country} resorted to war (Art. 16)"),
                       country=c(event.against))
    if isinstance(event, ev.MemberExpelled):
        return message(N_("{country} expelled from the League (Art. 16(4))"),
                       country=c(event.country))
    if isinstance(event, ev.SanctionsApplied):
        return message(N_("{country} applies sanctions against {against}"),
                       country=c(event.country), against=c(event.against))
    if isinstance(event, ev.SanctionsLifted):
        return message(N_("{country} lifts sanctions against {against}"),
                       country=c(event.country), against=c(event.against))
    if isinstance(event, ev.SilenceBroken):
        return message(N_("{country} breaks silence on {item}"), country=c(event.by),
                       item=event.item)
    if isinstance(event, ev.DecisionBlocked):
        item = state.items[event.item]
        return message(N_("{what} blocked by {countries}"),
                       what=item_msg(state, item, with_id=True).as_sentence(),
                       countries=state.countries_of(event.blocked_by))
    if isinstance(event, ev.DecisionAdopted):
        item = state.items[event.item]
        return message(N_("{what} adopted by consensus"),
                       what=item_msg(state, item, with_id=True).as_sentence())
    if isinstance(event, ev.Article5Invoked):
        return message(N_("Article 5 invoked for {country}"), country=c(event.target))
    if isinstance(event, ev.ConsultationsOpened):
        return message(N_("{country} requests Article 4 consultations"), country=c(event.by))
    if isinstance(event, ev.InjectReleased):
        return message(N_("{title}"), title=event.title)
    if isinstance(event, ev.IncidentOccurred):
        if event.incident.title:
            return message(N_("{title}"), title=incident_words(state, event.incident))
        return message(N_("Incident against {country}"), country=c(event.incident.target))
    if isinstance(event, ev.AggressorMoved):
        return message(_MOVES[event.move], country=c(event.country),
                       level=level_name(event.ladder_to))
    if isinstance(event, ev.SelfDefenceDeclared):
        return message(N_("{country} acts in self-defence (Art. 51)"), country=c(event.country))
    if isinstance(event, ev.PledgeMade):
        return message(PLEDGES[event.response], country=c(event.ally))
    if isinstance(event, ev.MemberJoined):
        return message(N_("{country} joins NATO"), country=c(event.country))
    if isinstance(event, ev.PhaseStarted):
        return message(N_("Round {round}: {phase}"), round=event.round,
                       phase=phase_name(event.phase))
    if isinstance(event, ev.GameEnded):
        return message(N_("The game ends"))
    if isinstance(event, ev.RulesChanged):
        return message(N_("What if: {rule}"), rule=message(RULE_WORDS[event.rule])
                       if event.rule in RULE_WORDS else event.rule.replace("_", " "))
    if isinstance(event, ev.VetoDebateScheduled):
        return message(N_("The General Assembly will debate the veto on {draft}"),
                       draft=event.draft)
    if isinstance(event, ev.EmergencySessionCalled):
        return message(N_("Emergency special session of the General Assembly called"))
    if isinstance(event, ev.AssistanceRequested):
        whom = (message(N_("any state")) if not event.addressed_to
                else state.countries_of(event.addressed_to, ","))
        return message(N_("{country} asks {whom} for help in its self-defence"),
                       country=c(event.country), whom=whom)
    if isinstance(event, ev.AccessionDeposited):
        return message(N_("{country} deposits its instrument of accession"),
                       country=c(event.candidate))
    if isinstance(event, ev.TimeSkipped):
        return message(N_("{days} days pass"), days=event.days)
    return message(N_("{kind}"), kind=event.kind.replace("_", " "))


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
                said = label_msg(before, event)
                self.points.append(Point(seq, event.kind, family, said.english(), after.round,
                                         said, label_keys(before, event)))
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
