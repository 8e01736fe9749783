"""What happened in a game, as facts the debrief speaks of: who asked, who
blocked and why, what was adopted and by how much, who attacked whom, who
pledged what, what each state said openly, and which of these a caretaker did
by its standing policy rather than the class by its own choice.

The key outcomes and the three lenses are written from one ``Story``, so each
sentence they write can be checked against it (and tests do).

>>> from game_rules.scenario import load_scenario
>>> from game_rules.engine import new_game, step
>>> sc = load_scenario({"id": "s", "title": "S", "countries": ["EST", "LVA", "RUS"],
...     "bodies": {"NAC": {"members": ["EST", "LVA"]}},
...     "incidents": [{"id": "narva", "target": "EST", "attacker": "RUS"}]})
>>> state, events = step(new_game(sc, 1), {"actor": "instructor", "kind": "start"})
>>> log = list(events)
>>> for action in ({"actor": "EST", "kind": "request_article5", "incident": "narva"},
...                {"actor": "LVA", "kind": "break_silence", "item": "NAC/1", "reason": "Wait."}):
...     state, events = step(state, action)
...     log += events
>>> from game_rules.replay import Timeline
>>> story = Story.of(Timeline(sc, 1, log))
>>> d = story.decisions[0]
>>> d.result, d.requested_by, d.blocked_by, d.reasons
('blocked', 'EST', ('LVA',), ('Wait.',))
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from game_rules import events as ev
from game_rules import league
from game_rules.crisis import deterrence_change
from game_rules.events import Event
from game_rules.evolve import evolve
from game_rules.messages import N_, Msg, message
from game_rules.naming import item_msg
from game_rules.replay import Timeline, label_msg
from game_rules.scenario import LEVELS, Incident, Scenario
from game_rules.state import Draft, Item, State


@dataclass(frozen=True, slots=True)
class Ballot:
    """A draft put to the vote, and what came of it."""

    seq: int
    draft: Draft
    """The draft as the vote left it: its votes, status and resolution."""
    result: str
    """adopted, vetoed or failed."""
    votes: str
    """The tally, yes-no-abstain ("11-1-3")."""
    needed: int
    """The affirmative votes it needed (for the Assembly, of those present and voting)."""
    resolution: str = ""
    binding: bool = False
    vetoed_by: tuple[str, ...] = ()
    by_caretakers: tuple[str, ...] = ()
    """The members whose votes their caretakers cast."""

    @property
    def yes(self) -> int:
        return int(self.votes.split("-")[0])


@dataclass(frozen=True, slots=True)
class NacDecision:
    """A text the North Atlantic Council decided under the silence procedure."""

    seq: int
    item: Item
    """The item as the game ended (every ally that broke silence, with its reason)."""
    result: str
    """adopted or blocked."""
    requested_by: str
    """The ally that asked (for an Article 5 request), or the chair that circulated it."""
    target: str | None = None
    """The ally attacked, for an Article 5 determination."""
    blocked_by: tuple[str, ...] = ()
    reasons: tuple[str, ...] = ()
    by_caretakers: bool = False
    """Whether every ally that blocked it was a caretaker."""


@dataclass(frozen=True, slots=True)
class Attack:
    seq: int
    round: int
    incident: Incident


@dataclass(frozen=True, slots=True)
class PledgeFact:
    seq: int
    pledge: str
    ally: str
    response: str
    detail: str
    incident: str
    target: str
    caretaker: bool
    status: str
    """made, delivered or retracted, as the game ended."""
    changed: int | None = None
    """The event that delivered or retracted it."""


@dataclass(frozen=True, slots=True)
class Move:
    seq: int
    round: int
    move: str
    before: int
    after: int
    by: str
    drawn: bool


@dataclass(frozen=True, slots=True)
class Shift:
    """An event that moved the world: deterrence, the ladder or both."""

    seq: int
    round: int
    deterrence: tuple[int, int]
    ladder: tuple[int, int]
    reason: str
    label: str
    """The event as the timeline names it ("S/2026/1 vetoed by the Russian Federation")."""
    said: tuple[Msg, Msg] | None = None
    """The reason and the label as messages, for a reader in any language."""


@dataclass(frozen=True, slots=True)
class Words:
    """Something a state said openly: in public, in a council, in a draft it tabled, in the
    reason it broke silence, in its request for consultations, in its pledge."""

    seq: int
    country: str
    where: str
    text: str


@dataclass(frozen=True, slots=True)
class Deed:
    """Something a state did that upholds or goes against the norm against aggression."""

    seq: int
    country: str
    upholds: bool
    said: Msg
    """What it did, as a sentence says it after the state's name ("vetoed S/2026/1")."""
    caretaker: bool

    @property
    def what(self) -> str:
        return self.said.english()


@dataclass
class Story:
    scenario: Scenario
    start: State
    final: State
    seq: int = 0
    rounds: list[tuple[int, int]] = field(default_factory=list)
    """(seq, round) where each round's briefing began (or the open session)."""
    played: frozenset[str] = frozenset()
    """The states the class played at some moment of the running game."""
    ballots: list[Ballot] = field(default_factory=list)
    decisions: list[NacDecision] = field(default_factory=list)
    article5: list[tuple[int, str, str]] = field(default_factory=list)
    """(seq, item, ally attacked) for each Article 5 determination."""
    consultations: list[tuple[int, str, str]] = field(default_factory=list)
    """(seq, ally, concern) for each Article 4 request."""
    attacks: list[Attack] = field(default_factory=list)
    self_defence: list[tuple[int, str, str, str | None]] = field(default_factory=list)
    """(seq, the state acting, the incident, the state it defends if not itself)."""
    pledges: list[PledgeFact] = field(default_factory=list)
    moves: list[Move] = field(default_factory=list)
    shifts: list[Shift] = field(default_factory=list)
    words: list[Words] = field(default_factory=list)
    deeds: list[Deed] = field(default_factory=list)
    emergency_session: int | None = None
    veto_debates: list[tuple[int, str, tuple[str, ...]]] = field(default_factory=list)
    """(seq, draft, vetoing members) for each General Assembly debate after a veto."""
    joined: list[tuple[int, str]] = field(default_factory=list)
    rule_changes: list[tuple[int, str]] = field(default_factory=list)
    league: list[tuple[int, str, Msg]] = field(default_factory=list)
    """(seq, kind, title) for the League's own acts: a finding under Art. 16, the first
    sanctions against a state, an expulsion, a notice to leave (``league.precedent_key``)."""

    @property
    def aggressor(self) -> str | None:
        return self.scenario.aggressor.country if self.scenario.aggressor else None

    def name(self, code: str) -> str:
        """A state as a sentence names it ("the Russian Federation")."""
        return self.final.display(code)

    def is_caretaker(self, code: str) -> bool:
        """Whether the class never played this state: its caretaker acted for it throughout."""
        return code not in self.played

    @property
    def withdrew(self) -> Move | None:
        return next((m for m in self.moves if m.move == "withdraw"), None)

    @property
    def vetoes(self) -> list[Ballot]:
        return [b for b in self.ballots if b.result == "vetoed"]

    @property
    def adopted(self) -> list[Ballot]:
        return [b for b in self.ballots if b.result == "adopted"]

    @property
    def blocked(self) -> list[NacDecision]:
        return [d for d in self.decisions if d.result == "blocked"]

    @classmethod
    def of(cls, timeline: Timeline) -> Story:
        """Read the story of a game from its timeline."""
        start = timeline.state_at(0)
        story = cls(scenario=start.scenario, start=start, final=timeline.final,
                    seq=timeline.seq)
        reader = _Reader(story)
        state = start
        for seq, event in enumerate(timeline.events, start=1):
            after = evolve(state, event)
            reader.read(seq, state, event, after)
            state = after
        reader.finish(state)
        return story


PLEDGED = {"diplomatic": N_("pledged a diplomatic response"),
           "economic": N_("pledged an economic response"),
           "military": N_("pledged a military response")}
"""A pledge as a deed, by its kind of response."""

ESCALATED = {"none": N_("escalated to no pressure"), "threats": N_("escalated to threats"),
             "hybrid_pressure": N_("escalated to hybrid pressure"),
             "limited_incursion": N_("escalated to limited incursion"),
             "armed_attack": N_("escalated to armed attack"),
             "occupation": N_("escalated to occupation"),
             "spillover": N_("escalated to spillover")}
"""An escalation as a deed, by the rung the ladder reached."""

WHERE_SAID = {"public": "in public", "UNSC": "in the Security Council",
              "NAC": "in the North Atlantic Council", "UNGA": "in the General Assembly",
              "LNC": "in the Council of the League", "LNA": "in the Assembly of the League"}
UPHOLDING_MEASURES = frozenset({"condemn", "deplore", "determine_threat", "demand_withdrawal",
                                "sanctions", "arms_embargo", "authorize_force", "blockade",
                                "no_fly_zone", "refer_to_icc", "tribunal",
                                "determine_resort_to_war", "expel"})
"""Measures that name or answer an aggression: a vote for a draft carrying one upholds the
norm against it. A call for a ceasefire or for talks, even-handed between the sides, does not."""


class _Reader:
    """Fills a story, event by event (``before`` and ``after`` are the states around it)."""

    def __init__(self, story: Story) -> None:
        self.story = story
        self.played: set[str] = set()
        self.started = False
        self.pledge_seq: dict[str, int] = {}
        self.pledge_changed: dict[str, int] = {}
        self.decided_items: dict[str, int] = {}

    def _caretaker(self, state: State, code: str) -> bool:
        return code in state.caretakers

    def read(self, seq: int, before: State, event: Event, after: State) -> None:
        story = self.story
        delta, reason = deterrence_change(before, event)
        ladder = (before.crisis.ladder, after.crisis.ladder)
        if delta or ladder[0] != ladder[1]:
            why = message(reason) if reason else _ladder_reason(before, event)
            named = label_msg(before, event)
            story.shifts.append(Shift(seq, after.round,
                                      (before.crisis.deterrence, after.crisis.deterrence),
                                      ladder, why.english(), named.english(), (why, named)))
        if isinstance(event, ev.GameStarted):
            self.started = True
            self.played |= set(after.country_list) - set(after.caretakers)
        elif isinstance(event, ev.CaretakerSet):
            if not event.caretaker and self.started:
                self.played.add(event.country)
        elif isinstance(event, ev.PhaseStarted):
            if event.phase in ("briefing", "open"):
                story.rounds.append((seq, event.round))
        elif isinstance(event, ev.MessageSent):
            if event.channel in WHERE_SAID and event.sender in before.country_list:
                story.words.append(Words(seq, event.sender, event.channel, event.text))
        elif isinstance(event, ev.DraftTabled):
            text = f"{event.title}\n{event.text}".strip()
            if text:
                story.words.append(Words(seq, event.sponsor, "draft", text))
        elif isinstance(event, (ev.DraftAdopted, ev.DraftVetoed, ev.DraftFailed)):
            self._ballot(seq, before, event, after)
        elif isinstance(event, ev.ConsultationsOpened):
            story.consultations.append((seq, event.by, event.concern))
            if event.concern:
                story.words.append(Words(seq, event.by, "concern", event.concern))
            story.deeds.append(Deed(seq, event.by, True, message(N_(
                "asked the allies to consult under Article 4")),
                self._caretaker(before, event.by)))
        elif isinstance(event, ev.SilenceBroken):
            story.words.append(Words(seq, event.by, "reason", event.reason))
            item = before.items[event.item]
            if item.decision == "article5":
                story.deeds.append(Deed(seq, event.by, False,
                                        message(N_("broke silence on {item}"),
                                                item=item_msg(before, item)),
                                        self._caretaker(before, event.by)))
        elif isinstance(event, (ev.DecisionAdopted, ev.DecisionBlocked)):
            self.decided_items[event.item] = seq
        elif isinstance(event, ev.Article5Invoked):
            story.article5.append((seq, event.item, event.target))
        elif isinstance(event, ev.IncidentOccurred):
            story.attacks.append(Attack(seq, after.round, event.incident))
        elif isinstance(event, ev.SelfDefenceDeclared):
            story.self_defence.append((seq, event.country, event.incident,
                                       event.victim if event.collective else None))
        elif isinstance(event, ev.PledgeMade):
            self.pledge_seq[event.pledge] = seq
            if event.detail:
                story.words.append(Words(seq, event.ally, "pledge", event.detail))
            story.deeds.append(Deed(seq, event.ally, True, message(PLEDGED[event.response]),
                                    self._caretaker(before, event.ally)))
        elif isinstance(event, ev.PledgeRetracted):
            story.deeds.append(Deed(seq, event.ally, False,
                                    message(N_("retracted its pledge {pledge}"),
                                            pledge=event.pledge),
                                    self._caretaker(before, event.ally)))
            self.pledge_changed[event.pledge] = seq
        elif isinstance(event, ev.RoundResolved):
            for pledge in event.pledges_delivered:
                self.pledge_changed.setdefault(pledge, seq)
        elif isinstance(event, ev.AggressorMoved):
            story.moves.append(Move(seq, before.round, event.move,
                                    LEVELS.index(event.ladder_from), LEVELS.index(event.ladder_to),
                                    event.by, event.drawn))
            if event.move == "escalate" and event.ladder_to != event.ladder_from:
                story.deeds.append(Deed(seq, event.country, False,
                                        message(ESCALATED[event.ladder_to]), event.drawn))
            elif event.move == "withdraw":
                story.deeds.append(Deed(seq, event.country, True,
                                        message(N_("withdrew its forces")), event.drawn))
        elif isinstance(event, ev.VetoDebateScheduled):
            story.veto_debates.append((seq, event.draft, tuple(event.vetoed_by)))
        elif isinstance(event, ev.EmergencySessionCalled):
            story.emergency_session = seq
        elif isinstance(event, ev.MemberJoined):
            story.joined.append((seq, event.country))
        elif isinstance(event, ev.RulesChanged):
            story.rule_changes.append((seq, event.rule))
        elif isinstance(event, ev.SanctionsApplied | ev.SanctionsLifted):
            applied = isinstance(event, ev.SanctionsApplied)
            story.deeds.append(Deed(seq, event.country, applied,
                                    message(N_("applied sanctions against {country}") if applied
                                            else N_("lifted sanctions against {country}"),
                                            country=before.country(event.against)),
                                    self._caretaker(before, event.country)))
        kind = league.precedent_key(before, event)
        if kind is not None and not kind.startswith("league_unanimity") \
                and kind != "league_report":
            story.league.append((seq, kind, label_msg(before, event)))

    def _ballot(self, seq: int, before: State, event: ev.DraftAdopted | ev.DraftVetoed
                | ev.DraftFailed, after: State) -> None:
        story = self.story
        draft = after.drafts[event.draft]
        if draft.preliminary_for:
            return
        if draft.body == "UNSC":
            council = story.scenario.bodies.UNSC
            needed = council.required_yes() if council else 0
        else:
            voting = sum(1 for v in draft.votes.values() if v != "abstain")
            needed = -(-2 * voting // 3) if draft.important else voting // 2 + 1
        by_caretakers = tuple(c for c in draft.votes if c in before.caretakers)
        if isinstance(event, ev.DraftAdopted):
            ballot = Ballot(seq, draft, "adopted", event.votes, needed,
                            resolution=event.resolution, binding=event.binding,
                            by_caretakers=by_caretakers)
        elif isinstance(event, ev.DraftVetoed):
            ballot = Ballot(seq, draft, "vetoed", event.votes, needed,
                            vetoed_by=tuple(event.vetoed_by), by_caretakers=by_caretakers)
        else:
            ballot = Ballot(seq, draft, "failed", event.votes, needed,
                            by_caretakers=by_caretakers)
        story.ballots.append(ballot)
        upholds = bool(set(draft.measures) & UPHOLDING_MEASURES)
        if upholds and not draft.procedural:
            for code, vote in draft.votes.items():
                # One state's deed, said after its name ("… but then cast a veto on S/1").
                if vote == "yes":
                    what = message(N_("voted for {draft}"), draft=draft.id)
                elif code in ballot.vetoed_by:
                    what = message(N_("cast a veto on {draft}"), draft=draft.id)
                elif vote == "no":
                    what = message(N_("voted no on {draft}"), draft=draft.id)
                else:
                    continue
                story.deeds.append(Deed(seq, code, vote == "yes", what,
                                        code in before.caretakers))

    def finish(self, final: State) -> None:
        story = self.story
        if not self.started:
            self.played = set(final.country_list) - set(final.caretakers)
        story.played = frozenset(self.played)
        for item_id, seq in self.decided_items.items():
            item = final.items[item_id]
            target = (final.incidents[item.incident].target
                      if item.incident and item.incident in final.incidents else None)
            blocked = item.status == "blocked" and bool(item.broken_by)
            story.decisions.append(NacDecision(
                seq, item, "blocked" if blocked else "adopted", item.by, target,
                blocked_by=item.broken_by if blocked else (),
                reasons=item.reasons if blocked else (),
                by_caretakers=blocked and all(c not in self.played for c in item.broken_by)))
        story.decisions.sort(key=lambda d: d.seq)
        for pledge in final.pledges:
            incident = final.incidents.get(pledge.incident)
            seq = self.pledge_seq.get(pledge.id, 0)
            story.pledges.append(PledgeFact(
                seq, pledge.id, pledge.ally, pledge.response, pledge.detail, pledge.incident,
                incident.target if incident else "", pledge.ally not in self.played,
                pledge.status, self.pledge_changed.get(pledge.id)))


_MOVED = {"escalate": N_("{country}: escalate"), "hold": N_("{country}: hold"),
          "de_escalate": N_("{country}: de-escalate"), "withdraw": N_("{country}: withdraw")}


def _ladder_reason(before: State, event: Event) -> Msg:
    if isinstance(event, ev.AggressorMoved):
        return message(_MOVED[event.move], country=before.country(event.country))
    if isinstance(event, ev.InjectReleased):
        return message(N_("news: {title}"), title=event.title)
    return message(N_("{kind}"), kind=event.kind.replace("_", " "))


# Words that invoke a norm, for the constructivist lens. Each pattern is matched on word
# boundaries, case aside; "United States" and its kind are not "united".

NORMS: dict[str, tuple[str, tuple[str, ...]]] = {
    "aggression": (N_("the norm against aggression"), (
        r"aggress\w*", r"invasion", r"invad\w*", r"territorial integrity", r"sovereign\w*",
        r"annex\w*", r"use of force", r"borders?")),
    "law": (N_("international law and the Charter"), (
        r"international law", r"(?:un |the )charter", r"illegal\w*", r"unlawful",
        r"rule of law", r"rules-based")),
    "solidarity": (N_("solidarity among allies"), (
        r"solidarity", r"attack on (?:one|all)", r"stand(?:s|ing)? (?:with|by|together)",
        r"collective defen[cs]e", r"unity", r"\ballies\b", r"one for all")),
    "values": (N_("shared values"), (
        r"democra\w*", r"freedom", r"liberty", r"human rights", r"(?:shared|our|common) values",
        r"self-determination")),
}
"""norm -> (its name in a sentence, the patterns that invoke it)."""

_NORM_RES = {key: re.compile(r"\b(?:" + "|".join(patterns) + r")\b", re.IGNORECASE)
             for key, (_, patterns) in NORMS.items()}


def invokes(text: str, norm: str) -> bool:
    """Whether a text invokes a norm (see ``NORMS``).

    >>> invokes("This aggression violates the Charter", "aggression")
    True
    >>> invokes("The United States will vote", "solidarity")
    False
    """
    return _NORM_RES[norm].search(text) is not None

