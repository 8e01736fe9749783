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
from game_rules.crisis import ARMED_ATTACK, holds, incident_words
from game_rules.events import Event
from game_rules.evolve import evolve
from game_rules.messages import N_, Msg, message
from game_rules.naming import item_msg
from game_rules.replay import Timeline
from game_rules.scenario import LEVELS, text_at
from game_rules.state import State
from game_rules.story import Story

OCCUPATION = LEVELS.index("occupation")

PLEDGE_COST = {"diplomatic": 1, "economic": 5, "military": 10}
PLEDGED = {"diplomatic": N_("pledged a diplomatic response"),
           "economic": N_("pledged an economic response"),
           "military": N_("pledged a military response")}
DELIVERED = {"diplomatic": N_("{country} delivered its diplomatic pledge"),
             "economic": N_("{country} delivered its economic pledge"),
             "military": N_("{country} delivered its military pledge")}
AGGRESSOR_MOVES = {"escalate": N_("the aggressor's move: escalate"),
                   "hold": N_("the aggressor's move: hold"),
                   "de_escalate": N_("the aggressor's move: de-escalate"),
                   "withdraw": N_("the aggressor's move: withdraw")}


@dataclass(frozen=True, slots=True)
class Entry:
    """One reason a score moved: in English, and as a message (``said``) for a reader in
    any language."""

    points: float
    reason: str
    seq: int | None
    met: bool | None = None
    """For an objective of a secret role sheet: whether it was met (None: not an objective)."""
    said: Msg | None = None
    keys: dict[str, str] | None = None
    """A parameter of ``said`` that is a text of the scenario, by the key of that text
    (``{"text": "countries.EST.role.objectives.hold"}``): a page puts in its reader's
    language's translation (docs/i18n.md)."""

    def to_dict(self, secret: bool = False) -> dict[str, Any]:
        """``secret``: as a viewer who may not read the role sheet sees it (the objective
        counts, its words stay secret)."""
        said = self.said
        if secret and self.met is not None:
            said = message(N_("an objective on its secret role sheet, met") if self.met
                           else N_("an objective on its secret role sheet, not met"))
        out: dict[str, Any] = {"points": self.points,
                               "reason": said.english() if said else self.reason,
                               "seq": self.seq}
        if said is not None:
            out["reason_msg"] = said.to_json()
            if self.keys and said is self.said:
                out["reason_keys"] = dict(self.keys)
        return out


@dataclass
class Account:
    entries: list[Entry] = field(default_factory=list)

    def add(self, points: float, reason: Msg, seq: int | None, met: bool | None = None,
            keys: dict[str, str] | None = None) -> None:
        self.entries.append(Entry(points, reason.english(), seq, met, reason, keys))

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
                -20, message(N_("attacked before the game began: {incident}"),
                             incident=incident_words(final, incident)), 0)
    walk = _walk(timeline)
    for seq, before, event, _after in walk:
        if isinstance(event, ev.IncidentOccurred):
            target = event.incident.target
            if target in scores:
                scores[target].security.add(
                    -20, message(N_("attacked: {incident}"),
                                 incident=incident_words(before, event.incident)), seq)
        elif isinstance(event, ev.AggressorMoved):
            up = LEVELS.index(event.ladder_to) - LEVELS.index(event.ladder_from)
            targets = [t for t in (sc.aggressor.target, sc.aggressor.spillover_target)
                       if t] if sc.aggressor else []
            for target in targets:
                if target in scores and up:
                    scores[target].security.add(-5 * up if up > 0 else 5 * -up,
                                                message(AGGRESSOR_MOVES[event.move]), seq)
            if event.move == "withdraw":
                for target in targets:
                    if target in scores:
                        scores[target].security.add(10, message(N_("the aggressor withdrew")), seq)
        elif isinstance(event, ev.Article5Invoked):
            for code in before.nac_members:
                if code == event.target:
                    scores[code].security.add(20, message(N_(
                        "the allies determined the attack on it an attack on all (Article 5)")),
                        seq)
                elif code in scores:
                    scores[code].security.add(3, message(N_("the Alliance's guarantee held")), seq)
                    scores[code].autonomy.add(-2, message(N_("committed to the collective response")),
                                              seq)
        elif isinstance(event, ev.SelfDefenceDeclared):
            scores[event.country].security.add(5, message(N_("acted in self-defence (Art. 51)")),
                                                seq)
        elif isinstance(event, ev.PledgeMade):
            scores[event.ally].cost.add(PLEDGE_COST[event.response],
                                        message(PLEDGED[event.response]), seq)
        elif isinstance(event, ev.PledgeRetracted):
            pledge = next((p for p in before.pledges if p.id == event.pledge), None)
            if pledge is not None:
                scores[event.ally].cost.add(-PLEDGE_COST[pledge.response],
                                            message(N_("retracted its pledge")), seq)
        elif isinstance(event, ev.DraftAdopted):
            draft = before.drafts[event.draft]
            if event.binding:
                for code in draft.votes:
                    if draft.votes[code] == "no" and code in scores:
                        scores[code].autonomy.add(-10, message(
                            N_("bound by {resolution}, which it voted against"),
                            resolution=event.resolution), seq)
                for code in sorted({i.target for i in before.incidents.values()}):
                    if code in scores:
                        scores[code].security.add(10, message(
                            N_("the Security Council acted ({resolution})"),
                            resolution=event.resolution), seq)
                if "sanctions" in draft.measures:
                    for code, vote in draft.votes.items():
                        if vote == "yes" and code in scores:
                            scores[code].cost.add(3, message(
                                N_("trade given up to sanctions ({resolution})"),
                                resolution=event.resolution), seq)
                    if aggressor in scores and aggressor is not None:
                        scores[aggressor].cost.add(15, message(N_("under sanctions ({resolution})"),
                                                           resolution=event.resolution), seq)
        elif isinstance(event, ev.DraftVetoed):
            for code in event.vetoed_by:
                scores[code].autonomy.add(5, message(N_("kept its freedom of action: vetoed {draft}"),
                                                  draft=event.draft), seq)
        elif isinstance(event, ev.SilenceBroken):
            scores[event.by].autonomy.add(
                3, message(N_("held its own line: broke silence on {item}"),
                           item=item_msg(before, before.items[event.item])), seq)
        elif isinstance(event, ev.WithdrawalNotified):
            scores[event.country].autonomy.add(5, message(N_("gave notice to leave the Alliance")),
                                               seq)
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
            keys = {"text": f"countries.{entry.code}.role.objectives.{objective.id}"}
            if held:
                scores[entry.code].objectives.add(objective.points,
                                                  message(N_("objective met: {text}"), text=text),
                                                  since, met=True, keys=keys)
            else:
                scores[entry.code].objectives.add(0, message(N_("objective not met: {text}"),
                                                             text=text), None, met=False, keys=keys)


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

    def by_class_or_caretaker(account: Account, points: float, reason: Msg, seq: int,
                              caretaker: bool) -> None:
        if caretaker:
            lens.caretakers.add(points, message(N_("{reason} (by a caretaker's standing policy; "
                                                   "not counted)"), reason=reason), seq)
        else:
            account.add(points, reason, seq)

    for seq, before, event, _after in _walk(timeline):
        if isinstance(event, ev.AggressorMoved):
            last_move = seq
            if event.move == "withdraw":
                withdrew = seq
        elif isinstance(event, ev.Article5Invoked):
            lens.collective_action.add(15, message(
                N_("Article 5 invoked for {country}: the allies stood together"),
                country=before.country(event.target)), seq)
        elif isinstance(event, ev.DraftAdopted):
            draft = before.drafts[event.draft]
            if event.binding:
                lens.collective_action.add(10, message(
                    N_("{resolution}: a binding decision of the Council (Art. 25)"),
                    resolution=event.resolution), seq)
                if "sanctions" in draft.measures:
                    lens.collective_action.add(5, message(N_("sanctions under Art. 41")), seq)
            elif draft.body == "UNGA":
                lens.collective_action.add(5, message(
                    N_("{resolution}: the General Assembly spoke"), resolution=event.resolution),
                    seq)
            elif not draft.procedural and event.resolution:
                lens.collective_action.add(3, message(N_("{resolution}: the Council spoke"),
                                                      resolution=event.resolution), seq)
            if draft.body == "UNSC" and "authorize_force" in draft.measures:
                lens.collective_action.add(10, message(N_("force authorised under Art. 42")), seq)
        elif isinstance(event, ev.EmergencySessionCalled):
            lens.collective_action.add(5, message(N_(
                "the question went to the General Assembly (Uniting for Peace)")), seq)
        elif isinstance(event, ev.DecisionAdopted) and event.decision != "article5":
            item = before.items[event.item]
            lens.collective_action.add(3, message(N_("{item}: the allies agreed"),
                                                  item=item_msg(before, item).as_sentence()),
                                       seq)
        elif isinstance(event, ev.RoundResolved):
            for pledge_id in event.pledges_delivered:
                pledge = next(p for p in before.pledges if p.id == pledge_id)
                by_class_or_caretaker(
                    lens.pledges, 2, message(DELIVERED[pledge.response],
                                             country=before.country(pledge.ally)).as_sentence(),
                    seq,
                    pledge_id in caretaker_pledges)
        elif isinstance(event, ev.PledgeRetracted):
            by_class_or_caretaker(
                lens.pledges, -5, message(
                    N_("{country} retracted its pledge {pledge}: an empty pledge"),
                    country=before.country(event.ally), pledge=event.pledge).as_sentence(), seq,
                event.pledge in caretaker_pledges)
        elif isinstance(event, ev.DraftVetoed):
            by_class_or_caretaker(
                lens.credibility, -10, message(
                    N_("{draft} vetoed by {countries}: the Council could not act"),
                    draft=event.draft, countries=before.countries_of(event.vetoed_by, ",")), seq,
                all(story.is_caretaker(c) for c in event.vetoed_by))
        elif isinstance(event, ev.DecisionBlocked):
            item = before.items[event.item]
            by_class_or_caretaker(
                lens.credibility, -5, message(
                    N_("{item} blocked by {countries}: the allies divided in public"),
                    item=item_msg(before, item).as_sentence(),
                    countries=before.countries_of(event.blocked_by, ",")), seq,
                all(story.is_caretaker(c) for c in event.blocked_by))
        elif isinstance(event, ev.DraftFailed):
            lens.credibility.add(-2, message(N_("{draft} fell short of the votes ({votes})"),
                                             draft=event.draft, votes=event.votes), seq)
    if final.scenario.aggressor is not None:
        ladder = final.crisis.ladder
        reached = max([story.start.crisis.ladder, *(s.ladder[1] for s in story.shifts)])
        if withdrew is not None and ladder == 0:
            lens.aggression.add(30, message(N_("aggression reversed: the aggressor withdrew")),
                                withdrew)
        elif ladder >= OCCUPATION:
            lens.aggression.add(-15, message(N_("aggression paid: the aggressor occupies or "
                                                "spills over")), last_move)
        elif ladder < ARMED_ATTACK <= reached:
            lens.aggression.add(15, message(N_("aggression pushed back: the aggressor stepped "
                                               "down from an armed attack")), last_move)
        elif ladder < ARMED_ATTACK:
            lens.aggression.add(15, message(N_("aggression deterred short of an armed attack")),
                                last_move)
        else:
            lens.aggression.add(0, message(N_("an armed attack stands, neither reversed nor "
                                              "rewarded")), last_move)
    return lens
