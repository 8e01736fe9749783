"""The debrief's two lenses, as pure functions of a game's timeline.

* The realist lens scores each state on its own interests: security, cost,
  autonomy, and the objectives on its role sheet.
* The liberal / constructivist lens scores the institutions: was aggression
  deterred or reversed, was collective action taken, were pledges honoured,
  how much credibility was lost to vetoes and broken silence.

Every number comes with the event that made it (its ``seq``), so the page can
link it into the replay; key outcomes name the treaty rule that decided them
and a real precedent. The weights are here, in one place, to be argued with.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from game_rules import events as ev
from game_rules.crisis import ARMED_ATTACK, holds
from game_rules.events import Event
from game_rules.evolve import evolve
from game_rules.replay import Timeline, label
from game_rules.scenario import LEVELS, text_at
from game_rules.state import State

OCCUPATION = LEVELS.index("occupation")

PLEDGE_COST = {"diplomatic": 1, "economic": 5, "military": 10}


@dataclass(frozen=True, slots=True)
class Entry:
    """One reason a score moved."""

    points: float
    reason: str
    seq: int | None

    def to_dict(self) -> dict[str, Any]:
        return {"points": self.points, "reason": self.reason, "seq": self.seq}


@dataclass
class Account:
    entries: list[Entry] = field(default_factory=list)

    def add(self, points: float, reason: str, seq: int | None) -> None:
        self.entries.append(Entry(points, reason, seq))

    @property
    def total(self) -> float:
        return sum(e.points for e in self.entries)

    def to_dict(self) -> dict[str, Any]:
        return {"total": self.total, "entries": [e.to_dict() for e in self.entries]}


@dataclass
class CountryScore:
    country: str
    name: str
    security: Account = field(default_factory=Account)
    cost: Account = field(default_factory=Account)
    autonomy: Account = field(default_factory=Account)
    objectives: Account = field(default_factory=Account)
    weights: tuple[float, float, float] = (1.0, 1.0, 1.0)

    @property
    def total(self) -> float:
        ws, wc, wa = self.weights
        return (ws * (50 + self.security.total) - wc * self.cost.total
                + wa * self.autonomy.total + self.objectives.total)

    def to_dict(self) -> dict[str, Any]:
        return {"country": self.country, "name": self.name, "total": round(self.total, 1),
                "security": {**self.security.to_dict(), "base": 50},
                "cost": self.cost.to_dict(), "autonomy": self.autonomy.to_dict(),
                "objectives": self.objectives.to_dict(),
                "weights": {"security": self.weights[0], "cost": self.weights[1],
                            "autonomy": self.weights[2]}}


@dataclass(frozen=True, slots=True)
class Outcome:
    """A key outcome, the rule that decided it and a real precedent."""

    seq: int
    title: str
    rule: str
    precedent: str

    def to_dict(self) -> dict[str, Any]:
        return {"seq": self.seq, "title": self.title, "rule": self.rule,
                "precedent": self.precedent}


PRECEDENTS: dict[str, tuple[str, str]] = {
    "draft_vetoed": (
        "Charter Art. 27(3): a substantive decision needs nine votes including the "
        "concurring votes of the permanent members; one permanent member's no blocks it.",
        "25 February 2022: draft S/2022/155 on the invasion of Ukraine won 11 votes to 1, with "
        "3 abstentions, and failed on Russia's veto."),
    "emergency_session_called": (
        "Charter Art. 27(2): procedural questions pass with nine votes, whatever the permanent "
        "members vote; Uniting for Peace (GA res. 377 A (V)).",
        "27 February 2022: resolution 2623 called an emergency special session of the General "
        "Assembly, 11-1-3; Russia's vote against did not block it."),
    "veto_debate_scheduled": (
        "GA resolution 76/262: the General Assembly meets within ten working days of a veto, "
        "the vetoing members speaking first.",
        "Adopted 26 April 2022 without a vote; first used on 8 June 2022."),
    "binding_resolution": (
        "Charter Arts. 39-42: a determination of a threat to the peace, breach of the peace or "
        "act of aggression opens measures that bind every member (Art. 25).",
        "Kuwait 1990: resolution 660 determined a breach of the peace, 661 imposed sanctions, "
        "678 authorised 'all necessary means'."),
    "decision_blocked": (
        "North Atlantic Council: decisions by consensus; under the silence procedure one ally "
        "breaking silence, in writing, blocks the text.",
        "February 2003: France, Germany and Belgium broke silence on planning Türkiye's "
        "defence; the decision moved to the Defence Planning Committee, where France did "
        "not sit."),
    "article5_invoked": (
        "North Atlantic Treaty Art. 5: an armed attack on one ally in the Art. 6 area is an "
        "attack on all; each ally takes the action it deems necessary.",
        "12 September 2001: the allies agreed the attacks on the United States would count "
        "under Article 5 if directed from abroad; they determined so on 2 October 2001."),
    "consultations_opened": (
        "North Atlantic Treaty Art. 4: any ally may ask for consultations when it judges an "
        "ally's territorial integrity, political independence or security threatened.",
        "24 February 2022: Bulgaria, the Czech Republic, Estonia, Latvia, Lithuania, Poland, "
        "Romania and Slovakia requested consultations."),
    "self_defence_declared": (
        "Charter Art. 51: the inherent right of self-defence if an armed attack occurs, until "
        "the Security Council has taken the measures necessary; reported to it at once.",
        "Resolution 661 (6 August 1990) affirmed the right of individual or collective "
        "self-defence in response to the armed attack by Iraq against Kuwait."),
    "member_joined": (
        "North Atlantic Treaty Art. 10: the allies invite by unanimous agreement; each ratifies "
        "on its own, and membership begins when the last has.",
        "Sweden applied on 18 May 2022 and joined on 7 March 2024, after Türkiye (January 2024) "
        "and Hungary (February 2024) ratified last."),
}


def _walk(timeline: Timeline) -> list[tuple[int, State, Event, State]]:
    """(seq, state before, event, state after) for every event."""
    out = []
    state = timeline.state_at(0)
    for i, event in enumerate(timeline.events, start=1):
        after = evolve(state, event)
        out.append((i, state, event, after))
        state = after
    return out


def realist_lens(timeline: Timeline) -> list[CountryScore]:
    """Each state scored on its own interests. See docs/debrief.md for the table."""
    final = timeline.final
    sc = final.scenario
    scores: dict[str, CountryScore] = {}
    for code in final.country_list:
        entry = sc.entry(code)
        role = entry.role if entry else None
        weights = ((role.security_weight, role.cost_weight, role.autonomy_weight)
                   if role else (1.0, 1.0, 1.0))
        scores[code] = CountryScore(code, final.name(code), weights=weights)
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
                                        f"pledged a {event.response} response", seq)
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
            scores[event.by].autonomy.add(3, f"held its own line: broke silence on {event.item}",
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
            since: int | None = None
            held = holds(timeline.state_at(0), objective.when)
            since = 0 if held else None
            for seq, _, _, after in walk:
                now = holds(after, objective.when)
                if now and not held:
                    since = seq
                held = now
            text = text_at(objective.text, timeline.final.reading_level)
            if held:
                scores[entry.code].objectives.add(objective.points,
                                                  f"objective met: {text}", since)
            else:
                scores[entry.code].objectives.add(0, f"objective not met: {text}", None)


@dataclass
class InstitutionLens:
    aggression: Account = field(default_factory=Account)
    collective_action: Account = field(default_factory=Account)
    pledges: Account = field(default_factory=Account)
    credibility: Account = field(default_factory=Account)

    @property
    def total(self) -> float:
        return (self.aggression.total + self.collective_action.total + self.pledges.total
                + self.credibility.total)

    def to_dict(self) -> dict[str, Any]:
        return {"total": self.total, "aggression": self.aggression.to_dict(),
                "collective_action": self.collective_action.to_dict(),
                "pledges": self.pledges.to_dict(), "credibility": self.credibility.to_dict()}


def liberal_lens(timeline: Timeline) -> InstitutionLens:
    """Did the institutions work? Norm upheld, action taken, pledges kept, credibility."""
    lens = InstitutionLens()
    final = timeline.final
    last_move: int | None = None
    withdrew: int | None = None
    for seq, before, event, _after in _walk(timeline):
        if isinstance(event, ev.AggressorMoved):
            last_move = seq
            if event.move == "withdraw":
                withdrew = seq
        elif isinstance(event, ev.Article5Invoked):
            lens.collective_action.add(15, "Article 5 invoked: the allies stood together", seq)
        elif isinstance(event, ev.DraftAdopted):
            draft = before.drafts[event.draft]
            if event.binding:
                lens.collective_action.add(10, f"{event.resolution}: a binding Chapter VII "
                                               "decision", seq)
                if "sanctions" in draft.measures:
                    lens.collective_action.add(5, "sanctions under Art. 41", seq)
                if "authorize_force" in draft.measures:
                    lens.collective_action.add(10, "force authorised under Art. 42", seq)
            elif draft.body == "UNGA":
                lens.collective_action.add(5, f"{event.resolution}: the General Assembly spoke",
                                           seq)
            elif not draft.procedural:
                lens.collective_action.add(3, f"{event.resolution}: the Council spoke", seq)
        elif isinstance(event, ev.EmergencySessionCalled):
            lens.collective_action.add(5, "the question went to the General Assembly "
                                          "(Uniting for Peace)", seq)
        elif isinstance(event, ev.DecisionAdopted) and event.decision != "article5":
            lens.collective_action.add(3, f"{event.item}: the allies agreed", seq)
        elif isinstance(event, ev.RoundResolved):
            for pledge_id in event.pledges_delivered:
                lens.pledges.add(2, f"pledge {pledge_id} delivered", seq)
        elif isinstance(event, ev.PledgeRetracted):
            lens.pledges.add(-5, f"pledge {event.pledge} retracted: an empty pledge", seq)
        elif isinstance(event, ev.DraftVetoed):
            lens.credibility.add(-10, f"{event.draft} vetoed: the Council could not act", seq)
        elif isinstance(event, ev.DecisionBlocked):
            lens.credibility.add(-5, f"{event.item} blocked: the allies divided in public", seq)
        elif isinstance(event, ev.DraftFailed):
            lens.credibility.add(-2, f"{event.draft} failed to win the votes", seq)
    if final.scenario.aggressor is not None:
        if withdrew is not None:
            lens.aggression.add(30, "aggression reversed: the aggressor withdrew", withdrew)
        elif final.crisis.ladder >= OCCUPATION:
            lens.aggression.add(-15, "aggression paid: the aggressor occupies or spills over",
                                last_move)
        elif final.crisis.ladder < ARMED_ATTACK:
            lens.aggression.add(15, "aggression deterred short of an armed attack", last_move)
        else:
            lens.aggression.add(0, "an armed attack stands, neither reversed nor rewarded",
                                last_move)
    return lens


def key_outcomes(timeline: Timeline) -> list[Outcome]:
    """The outcomes that decided the game, each with its rule and a real precedent."""
    out: list[Outcome] = []
    for seq, before, event, _after in _walk(timeline):
        key: str = event.kind
        if isinstance(event, ev.DraftAdopted) and event.binding:
            key = "binding_resolution"
        if key not in PRECEDENTS:
            continue
        rule, precedent = PRECEDENTS[key]
        out.append(Outcome(seq, label(before, event), rule, precedent))
    return out


def debrief(timeline: Timeline) -> dict[str, Any]:
    """Both lenses and the key outcomes, JSON-ready."""
    return {
        "realist": [s.to_dict() for s in realist_lens(timeline)],
        "liberal": liberal_lens(timeline).to_dict(),
        "outcomes": [o.to_dict() for o in key_outcomes(timeline)],
    }
