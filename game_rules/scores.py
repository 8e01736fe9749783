"""The scores under the lenses: the evidence each reading rests on.

* Realist: each state on its own interests (security, cost, autonomy, the
  objectives on its role sheet).
* Liberal: the institutions (aggression deterred or reversed, collective
  action taken, pledges honoured, credibility lost to vetoes and broken
  silence).

Every number comes with the event that made it (its ``seq``). What a
caretaker did by its standing policy is kept apart from what the class
decided: a caretaker's pledge does not make the institutions look better, and
a state nobody played is marked so. The weights are here, in one place, to be
argued with in class (docs/debrief.md has them as tables).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from game_rules import events as ev
from game_rules.crisis import ARMED_ATTACK, holds
from game_rules.events import Event
from game_rules.evolve import evolve
from game_rules.naming import item_phrase
from game_rules.replay import Timeline
from game_rules.scenario import LEVELS, text_at
from game_rules.state import State
from game_rules.story import Story
from game_rules.words import capital, with_article

OCCUPATION = LEVELS.index("occupation")

PLEDGE_COST = {"diplomatic": 1, "economic": 5, "military": 10}


@dataclass(frozen=True, slots=True)
class Entry:
    """One reason a score moved."""

    points: float
    reason: str
    seq: int | None
    met: bool | None = None
    """For an objective of a secret role sheet: whether it was met (None: not an objective)."""

    def to_dict(self, secret: bool = False) -> dict[str, Any]:
        """``secret``: as a viewer who may not read the role sheet sees it (the objective
        counts, its words stay secret)."""
        reason = self.reason
        if secret and self.met is not None:
            reason = "an objective on its secret role sheet, " + ("met" if self.met else "not met")
        return {"points": self.points, "reason": reason, "seq": self.seq}


@dataclass
class Account:
    entries: list[Entry] = field(default_factory=list)

    def add(self, points: float, reason: str, seq: int | None, met: bool | None = None) -> None:
        self.entries.append(Entry(points, reason, seq, met))

    @property
    def total(self) -> float:
        return sum(e.points for e in self.entries)

    def to_dict(self, secret: bool = False) -> dict[str, Any]:
        return {"total": self.total, "entries": [e.to_dict(secret) for e in self.entries]}


@dataclass
class CountryScore:
    country: str
    name: str
    caretaker: bool = False
    """Nobody in the class played this state: its caretaker acted throughout."""
    security: Account = field(default_factory=Account)
    cost: Account = field(default_factory=Account)
    """What the state paid, in positive points; the total subtracts it."""
    autonomy: Account = field(default_factory=Account)
    objectives: Account = field(default_factory=Account)
    weights: tuple[float, float, float] = (1.0, 1.0, 1.0)

    @property
    def total(self) -> float:
        ws, wc, wa = self.weights
        return (ws * (50 + self.security.total) - wc * self.cost.total
                + wa * self.autonomy.total + self.objectives.total)

    def to_dict(self, viewer: str = "instructor") -> dict[str, Any]:
        """The score as ``viewer`` (instructor, public or a country) may read it: the words
        of a country's secret objectives only for that country and the instructor."""
        secret = viewer not in ("instructor", self.country)
        return {"country": self.country, "name": self.name, "caretaker": self.caretaker,
                "total": round(self.total, 1),
                "security": {**self.security.to_dict(), "base": 50},
                "cost": self.cost.to_dict(), "autonomy": self.autonomy.to_dict(),
                "objectives": self.objectives.to_dict(secret),
                "weights": {"security": self.weights[0], "cost": self.weights[1],
                            "autonomy": self.weights[2]}}


def _walk(timeline: Timeline) -> list[tuple[int, State, Event, State]]:
    """(seq, state before, event, state after) for every event."""
    out = []
    state = timeline.state_at(0)
    for i, event in enumerate(timeline.events, start=1):
        after = evolve(state, event)
        out.append((i, state, event, after))
        state = after
    return out


def realist_scores(timeline: Timeline, story: Story) -> list[CountryScore]:
    """Each state scored on its own interests. See docs/debrief.md for the table."""
    final = timeline.final
    sc = final.scenario
    scores: dict[str, CountryScore] = {}
    for code in final.country_list:
        entry = sc.entry(code)
        role = entry.role if entry else None
        weights = ((role.security_weight, role.cost_weight, role.autonomy_weight)
                   if role else (1.0, 1.0, 1.0))
        scores[code] = CountryScore(code, final.name(code), story.is_caretaker(code),
                                    weights=weights)
    aggressor = sc.aggressor.country if sc.aggressor else None
    for incident in sc.incidents:
        if incident.target in scores:
            scores[incident.target].security.add(
                -20, f"attacked before the game began: {incident.title or incident.id}", 0)
    walk = _walk(timeline)
    for seq, before, event, _after in walk:
        if isinstance(event, ev.IncidentOccurred):
            target = event.incident.target
            if target in scores:
                scores[target].security.add(-20, f"attacked: {event.incident.title or event.incident.id}",
                                            seq)
        elif isinstance(event, ev.AggressorMoved):
            up = LEVELS.index(event.ladder_to) - LEVELS.index(event.ladder_from)
            targets = [t for t in (sc.aggressor.target, sc.aggressor.spillover_target)
                       if t] if sc.aggressor else []
            for target in targets:
                if target in scores and up:
                    scores[target].security.add(-5 * up if up > 0 else 5 * -up,
                                                f"the aggressor's move: {event.move.replace('_', '-')}",
                                                seq)
            if event.move == "withdraw":
                for target in targets:
                    if target in scores:
                        scores[target].security.add(10, "the aggressor withdrew", seq)
        elif isinstance(event, ev.Article5Invoked):
            for code in before.nac_members:
                if code == event.target:
                    scores[code].security.add(20, "the allies determined the attack on it an "
                                                  "attack on all (Article 5)", seq)
                elif code in scores:
                    scores[code].security.add(3, "the Alliance's guarantee held", seq)
                    scores[code].autonomy.add(-2, "committed to the collective response", seq)
        elif isinstance(event, ev.SelfDefenceDeclared):
            scores[event.country].security.add(5, "acted in self-defence (Art. 51)", seq)
        elif isinstance(event, ev.PledgeMade):
            scores[event.ally].cost.add(PLEDGE_COST[event.response],
                                        f"pledged {with_article(event.response)} response", seq)
        elif isinstance(event, ev.PledgeRetracted):
            pledge = next((p for p in before.pledges if p.id == event.pledge), None)
            if pledge is not None:
                scores[event.ally].cost.add(-PLEDGE_COST[pledge.response],
                                            "retracted its pledge", seq)
        elif isinstance(event, ev.DraftAdopted):
            draft = before.drafts[event.draft]
            if event.binding:
                for code in draft.votes:
                    if draft.votes[code] == "no" and code in scores:
                        scores[code].autonomy.add(-10, f"bound by {event.resolution}, which it "
                                                       "voted against", seq)
                for code in sorted({i.target for i in before.incidents.values()}):
                    if code in scores:
                        scores[code].security.add(10, f"the Security Council acted "
                                                      f"({event.resolution})", seq)
                if "sanctions" in draft.measures:
                    for code, vote in draft.votes.items():
                        if vote == "yes" and code in scores:
                            scores[code].cost.add(3, f"trade given up to sanctions "
                                                     f"({event.resolution})", seq)
                    if aggressor in scores and aggressor is not None:
                        scores[aggressor].cost.add(15, f"under sanctions ({event.resolution})",
                                                   seq)
        elif isinstance(event, ev.DraftVetoed):
            for code in event.vetoed_by:
                scores[code].autonomy.add(5, f"kept its freedom of action: vetoed {event.draft}",
                                          seq)
        elif isinstance(event, ev.SilenceBroken):
            scores[event.by].autonomy.add(
                3, f"held its own line: broke silence on {item_phrase(before, before.items[event.item])}",
                seq)
        elif isinstance(event, ev.WithdrawalNotified):
            scores[event.country].autonomy.add(5, "gave notice to leave the Alliance", seq)
    _objectives(timeline, walk, scores)
    return sorted(scores.values(), key=lambda s: s.country)


def _objectives(timeline: Timeline, walk: list[tuple[int, State, Event, State]],
                scores: dict[str, CountryScore]) -> None:
    """An objective counts if its condition holds at the end; it is linked to the
    event from which it held without a break."""
    sc = timeline.final.scenario
    for entry in sc.countries:
        if entry.role is None or entry.code not in scores:
            continue
        for objective in entry.role.objectives:
            if objective.when is None:
                continue
            held = holds(timeline.state_at(0), objective.when)
            since: int | None = 0 if held else None
            for seq, _, _, after in walk:
                now = holds(after, objective.when)
                if now and not held:
                    since = seq
                held = now
            text = text_at(objective.text, timeline.final.reading_level)
            if held:
                scores[entry.code].objectives.add(objective.points,
                                                  f"objective met: {text}", since, met=True)
            else:
                scores[entry.code].objectives.add(0, f"objective not met: {text}", None,
                                                  met=False)


@dataclass
class InstitutionScore:
    aggression: Account = field(default_factory=Account)
    collective_action: Account = field(default_factory=Account)
    pledges: Account = field(default_factory=Account)
    credibility: Account = field(default_factory=Account)
    caretakers: Account = field(default_factory=Account)
    """What caretakers did by their standing policy: shown, never counted in the total."""

    @property
    def total(self) -> float:
        return (self.aggression.total + self.collective_action.total + self.pledges.total
                + self.credibility.total)

    def to_dict(self) -> dict[str, Any]:
        return {"total": self.total, "aggression": self.aggression.to_dict(),
                "collective_action": self.collective_action.to_dict(),
                "pledges": self.pledges.to_dict(), "credibility": self.credibility.to_dict(),
                "caretakers": self.caretakers.to_dict()}


def liberal_scores(timeline: Timeline, story: Story) -> InstitutionScore:
    """Did the institutions work? Norm upheld, action taken, pledges kept, credibility.

    A pledge a caretaker made, a veto only caretakers cast, a text only caretakers
    blocked: each is listed under ``caretakers`` with the points it would carry, and
    left out of the total, which scores what the class decided.
    """
    lens = InstitutionScore()
    final = timeline.final
    last_move: int | None = None
    withdrew: int | None = None
    caretaker_pledges = {p.pledge for p in story.pledges if p.caretaker}

    def by_class_or_caretaker(account: Account, points: float, reason: str, seq: int,
                              caretaker: bool) -> None:
        if caretaker:
            lens.caretakers.add(points, f"{reason} (by a caretaker's standing policy; "
                                        "not counted)", seq)
        else:
            account.add(points, reason, seq)

    for seq, before, event, _after in _walk(timeline):
        if isinstance(event, ev.AggressorMoved):
            last_move = seq
            if event.move == "withdraw":
                withdrew = seq
        elif isinstance(event, ev.Article5Invoked):
            lens.collective_action.add(15, f"Article 5 invoked for {before.display(event.target)}"
                                           ": the allies stood together", seq)
        elif isinstance(event, ev.DraftAdopted):
            draft = before.drafts[event.draft]
            if event.binding:
                lens.collective_action.add(10, f"{event.resolution}: a binding decision of the "
                                               "Council (Art. 25)", seq)
                if "sanctions" in draft.measures:
                    lens.collective_action.add(5, "sanctions under Art. 41", seq)
            elif draft.body == "UNGA":
                lens.collective_action.add(5, f"{event.resolution}: the General Assembly spoke",
                                           seq)
            elif not draft.procedural and event.resolution:
                lens.collective_action.add(3, f"{event.resolution}: the Council spoke", seq)
            if draft.body == "UNSC" and "authorize_force" in draft.measures:
                lens.collective_action.add(10, "force authorised under Art. 42", seq)
        elif isinstance(event, ev.EmergencySessionCalled):
            lens.collective_action.add(5, "the question went to the General Assembly "
                                          "(Uniting for Peace)", seq)
        elif isinstance(event, ev.DecisionAdopted) and event.decision != "article5":
            item = before.items[event.item]
            lens.collective_action.add(3, f"{capital(item_phrase(before, item))}: the allies "
                                          "agreed", seq)
        elif isinstance(event, ev.RoundResolved):
            for pledge_id in event.pledges_delivered:
                pledge = next(p for p in before.pledges if p.id == pledge_id)
                by_class_or_caretaker(
                    lens.pledges, 2, f"{capital(before.display(pledge.ally))} delivered its "
                                     f"{pledge.response} pledge", seq,
                    pledge_id in caretaker_pledges)
        elif isinstance(event, ev.PledgeRetracted):
            by_class_or_caretaker(
                lens.pledges, -5, f"{capital(before.display(event.ally))} retracted its pledge "
                                  f"{event.pledge}: an empty pledge", seq,
                event.pledge in caretaker_pledges)
        elif isinstance(event, ev.DraftVetoed):
            vetoers = [before.display(c) for c in event.vetoed_by]
            by_class_or_caretaker(
                lens.credibility, -10, f"{event.draft} vetoed by {', '.join(vetoers)}: the "
                                       "Council could not act", seq,
                all(story.is_caretaker(c) for c in event.vetoed_by))
        elif isinstance(event, ev.DecisionBlocked):
            item = before.items[event.item]
            blockers = ", ".join(before.display(c) for c in event.blocked_by)
            by_class_or_caretaker(
                lens.credibility, -5, f"{capital(item_phrase(before, item))} blocked by "
                                      f"{blockers}: the allies divided in public", seq,
                all(story.is_caretaker(c) for c in event.blocked_by))
        elif isinstance(event, ev.DraftFailed):
            lens.credibility.add(-2, f"{event.draft} fell short of the votes ({event.votes})",
                                 seq)
    if final.scenario.aggressor is not None:
        ladder = final.crisis.ladder
        reached = max([story.start.crisis.ladder, *(s.ladder[1] for s in story.shifts)])
        if withdrew is not None and ladder == 0:
            lens.aggression.add(30, "aggression reversed: the aggressor withdrew", withdrew)
        elif ladder >= OCCUPATION:
            lens.aggression.add(-15, "aggression paid: the aggressor occupies or spills over",
                                last_move)
        elif ladder < ARMED_ATTACK <= reached:
            lens.aggression.add(15, "aggression pushed back: the aggressor stepped down from "
                                    "an armed attack", last_move)
        elif ladder < ARMED_ATTACK:
            lens.aggression.add(15, "aggression deterred short of an armed attack", last_move)
        else:
            lens.aggression.add(0, "an armed attack stands, neither reversed nor rewarded",
                                last_move)
    return lens
