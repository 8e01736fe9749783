"""The causality lab: how would we know an institution made a difference?

From a moment of a finished game, play the rest of it again many times, each
time with another roll of the dice (a seed), under the real rules and under a
counterfactual: no veto in the Security Council, no NATO, no Article 5 invoked,
or one state's vote changed. Then set the distributions side by side: how
often the aggressor escalated, held, stepped back or withdrew; where the
ladder ended; the humanitarian toll; what the institutions decided.

What a continuation is (``ASSUMPTIONS`` says it in the page's words):

* The class's decisions after the moment are kept as they were made, in the
  same order and at the same times, wherever the rules still allow them; a
  decision the changed world no longer allows (a pledge with no Article 5, a
  vote on a draft never tabled) is refused and skipped. Nobody at the table
  reacts to the new world: that is the model's strongest assumption.
  With ``students="caretakers"`` the class leaves the table at the moment and
  every state follows its caretaker policy instead.
* What caretakers did is not replayed but decided again by their policies.
* The aggressor moves by the scenario's policy, drawn from the run's seed,
  even if a student played it; talk (messages, private channels) is left out,
  since it moves nothing in the model.

Each run is a record (``Lab.record``): the game's actions up to the moment,
the counterfactual and a ``reseed`` (``change_rules``), then what was played.
Replayed through the engine it gives the same game, so any run can be opened
in the replay.

>>> from game_rules.scenario import load_scenario
>>> sc = load_scenario({"id": "l", "title": "L", "countries": ["RUS", "EST"], "rounds": 2,
...     "aggressor": {"country": "RUS", "target": "EST"}})
>>> advance = {"actor": "instructor", "kind": "advance_phase"}
>>> actions = [{"actor": "instructor", "kind": "start"}, *[advance] * 7,
...            {"actor": "instructor", "kind": "end"}]
>>> arm = Lab(sc, 1, actions, moment=1).run(Change(), range(20))
>>> sum(arm.summary()["outcomes"].values())
20
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from game_rules.actions import Action, action_to_dict, parse_action
from game_rules.caretaker import caretaker_followups
from game_rules.context import Context
from game_rules.engine import new_game, step
from game_rules.errors import RuleError
from game_rules.events import Event
from game_rules.messages import N_, message
from game_rules.scenario import DEFAULT_READING_LEVEL, LEVELS, ReadingLevel, Scenario
from game_rules.state import State

RUNS = 200
"""Continuations the lab plays by default."""
MAX_RUNS = 1000

CHANGES: dict[str, str] = {
    "none": N_("The rules as they are: the baseline the others are read against."),
    "no_veto": N_("No veto: a permanent member's vote against no longer blocks a decision of "
                  "the Security Council."),
    "no_nato": N_("No NATO: the North Atlantic Council is gone, and with it Article 4, "
                  "Article 5 and the allies' pledges."),
    "no_article5": N_("No Article 5 invoked: the allies never determine the attack an attack "
                      "on all (every request and determination is left out)."),
    "vote": N_("One state's vote changed: it votes otherwise on one draft, as soon as the vote "
               "opens, and does everything else as before."),
}
"""Each counterfactual and what it changes (an English template: ``message`` renders it in
its reader's language)."""

OUTCOMES = ("escalated", "held", "stepped_back", "withdrew")
"""How the aggressor's ladder ended against where it stood at the moment."""

ASSUMPTIONS: tuple[str, ...] = (
    N_("This is a thought experiment inside a small model, not evidence about the real "
       "world: it shows what the game's own rules and numbers imply, nothing more."),
    N_("The aggressor's moves are drawn by chance, with odds that depend on deterrence; "
       "deterrence is a number the model builds from what the institutions do (each act's "
       "weight is in docs/debrief.md and game_rules/crisis.py). Change those weights and the "
       "answers change."),
    N_("The class's decisions after the moment are kept as they were made, in the same "
       "order, wherever the rules still allow them: nobody reacts to the new world. Real "
       "states would."),
    N_("Caretaker states act by their standing policies; the aggressor follows the "
       "scenario's policy, even if a student played it; talk is left out."),
    N_("Each run differs from the others only by its seed: the spread of the runs is the "
       "model's chance, not our uncertainty about history."),
)
"""What a continuation assumes, as the lab's page says it (English templates)."""


def changes_msg() -> dict[str, dict[str, Any]]:
    """``CHANGES`` as messages, for a reader in any language."""
    return {kind: message(words).to_json() for kind, words in CHANGES.items()}


def assumptions_msg() -> list[dict[str, Any]]:
    """``ASSUMPTIONS`` as messages, for a reader in any language."""
    return [message(words).to_json() for words in ASSUMPTIONS]


@dataclass(frozen=True, slots=True)
class Change:
    """A counterfactual: ``kind`` is one of ``CHANGES``; a changed vote names the
    ``country``, the ``draft`` and the ``vote`` it casts instead."""

    kind: str = "none"
    country: str | None = None
    draft: str | None = None
    vote: str | None = None

    @classmethod
    def parse(cls, data: Mapping[str, Any] | None) -> Change:
        """A change from JSON; RuleError ``unknown_change`` or ``invalid_change``.

        >>> Change.parse({"kind": "vote", "country": "RUS", "draft": "S/1", "vote": "yes"}).vote
        'yes'
        """
        if data is None:
            return cls()
        kind = data.get("kind", "none")
        if kind not in CHANGES:
            raise RuleError("unknown_change",
                            message(N_("A counterfactual is one of: {changes}."),
                                    changes=", ".join(CHANGES)))
        if kind != "vote":
            return cls(kind)
        country, draft, vote = data.get("country"), data.get("draft"), data.get("vote")
        if not (isinstance(country, str) and isinstance(draft, str)
                and vote in ("yes", "no", "abstain")):
            raise RuleError("invalid_change", message(N_(
                                    "A changed vote names the country, the draft and the vote (yes, no "
                                    "or abstain) it casts instead.")))
        return cls(kind, country, draft, vote)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind}
        if self.kind == "vote":
            out.update(country=self.country, draft=self.draft, vote=self.vote)
        return out


@dataclass(frozen=True, slots=True)
class Run:
    """One continuation, summed up."""

    seed: int
    outcome: str
    ladder: int
    toll: int
    deterrence: int
    resolutions: int
    """Resolutions the Security Council adopted after the moment."""
    vetoes: int
    article5: bool
    """Whether Article 5 stood invoked at the end."""
    blocked: int
    """Texts of the North Atlantic Council blocked after the moment."""

    def to_dict(self) -> dict[str, Any]:
        return {"seed": self.seed, "outcome": self.outcome, "level": LEVELS[self.ladder],
                "toll": self.toll, "deterrence": self.deterrence,
                "resolutions": self.resolutions, "vetoes": self.vetoes,
                "article5": self.article5, "blocked": self.blocked}


@dataclass
class Arm:
    """Every continuation under one change."""

    change: Change
    start_ladder: int
    runs: list[Run] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        n = max(1, len(self.runs))
        tolls = sorted(r.toll for r in self.runs) or [0]
        outcomes = Counter(r.outcome for r in self.runs)
        levels = Counter(LEVELS[r.ladder] for r in self.runs)
        return {
            "change": self.change.to_dict(),
            "runs": len(self.runs),
            "outcomes": {o: outcomes.get(o, 0) for o in OUTCOMES},
            "levels": {level: levels.get(level, 0) for level in LEVELS},
            "toll": {"mean": round(statistics.fmean(tolls), 1),
                     "median": statistics.median(tolls), "min": tolls[0], "max": tolls[-1],
                     "p10": tolls[len(tolls) // 10], "p90": tolls[(9 * len(tolls)) // 10]},
            "deterrence": round(statistics.fmean(r.deterrence for r in self.runs), 1)
            if self.runs else 0,
            "decisions": {
                "resolutions": round(sum(r.resolutions for r in self.runs) / n, 2),
                "with_veto": round(sum(1 for r in self.runs if r.vetoes) / n, 3),
                "article5": round(sum(1 for r in self.runs if r.article5) / n, 3),
                "with_block": round(sum(1 for r in self.runs if r.blocked) / n, 3),
            },
        }


TALK = frozenset({"say", "open_channel"})


@dataclass(frozen=True, slots=True)
class _Step:
    action: Action
    caretaker: bool
    """Taken by a caretaker (decided again in a continuation, not replayed)."""


class Lab:
    """Continuations of one game from one moment.

    ``actions`` is the game's record (as stored or exported); ``moment`` the number of
    its actions taken before the moment (the lab plays on from after the last of them).
    """

    def __init__(self, scenario: Scenario, seed: int, actions: Sequence[Mapping[str, Any]],
                 moment: int, students: Literal["as_played", "caretakers"] = "as_played",
                 reading_level: ReadingLevel = DEFAULT_READING_LEVEL) -> None:
        if students not in ("as_played", "caretakers"):
            raise RuleError("invalid_change", message(N_("students is as_played or caretakers.")))
        self.scenario = scenario
        self.seed = seed
        self.students = students
        self.reading_level = reading_level
        self.raw = [dict(a) for a in actions]
        self.moment = max(0, min(moment, len(self.raw)))
        state = new_game(scenario, seed, reading_level)
        self.at_moment = state
        self.steps: list[_Step] = []
        """The accepted actions after the moment, each marked as the class's or a caretaker's."""
        for index, raw in enumerate(self.raw):
            if index == self.moment:
                self.at_moment = state
            try:
                action = parse_action(raw)
                before = state
                state, _ = step(state, action, Context(now=_at(action, state)))
            except RuleError:
                continue
            if index >= self.moment:
                self.steps.append(_Step(action, action.actor in before.caretakers))
        if self.moment == len(self.raw):
            self.at_moment = state
        if self.at_moment.status == "ended":
            raise RuleError("moment_after_end",
                            message(N_(
                                "The game had ended at this moment: run the lab from a moment before the "
                                "end.")))

    # Checking a change against the game.

    def check(self, change: Change) -> None:
        """RuleError if the change cannot apply from this moment."""
        sc, state = self.scenario, self.at_moment
        if change.kind == "no_veto" and sc.bodies.UNSC is None:
            raise RuleError("no_such_body", message(N_("This scenario has no Security Council.")))
        if change.kind in ("no_nato", "no_article5") and sc.bodies.NAC is None:
            raise RuleError("no_such_body", message(N_("This scenario has no North Atlantic Council.")))
        if change.kind == "no_article5" and state.article5:
            raise RuleError("article5_already_invoked",
                            message(N_(
                                "Article 5 had already been invoked at this moment: pick an earlier one.")))
        if change.kind == "vote" and not any(_is_vote(s.action, change) for s in self.steps):
            raise RuleError(
                "no_such_vote",
                message(N_(
                    "{country} did not vote on {draft} after this moment: pick a vote the game has, at a "
                    "moment before it was cast."),
                    country=state.country(change.country) if change.country else "",
                    draft=change.draft or ""))

    # Playing.

    def run(self, change: Change, seeds: Iterable[int]) -> Arm:
        """The continuations under ``change``, one per seed."""
        self.check(change)
        arm = Arm(change, self.at_moment.crisis.ladder)
        for seed in seeds:
            final, events, _ = self._play(change, seed)
            arm.runs.append(self._sum_up(seed, final, events))
        return arm

    def record(self, change: Change, seed: int,
               scenario_ref: str | dict[str, Any] | None = None) -> dict[str, Any]:
        """One continuation as a record: it replays through the engine to the same game.
        ``scenario_ref`` is what the record names (the shipped scenario's id by default)."""
        self.check(change)
        _, _, actions = self._play(change, seed)
        return {"scenario": scenario_ref if scenario_ref is not None else self.scenario.id,
                "seed": self.seed, "reading_level": self.reading_level,
                "actions": [*self.raw[:self.moment], *(action_to_dict(a) for a in actions)]}

    def _setup(self, change: Change, seed: int) -> list[dict[str, Any]]:
        """The actions that start a continuation: the counterfactual, another roll of the
        dice, the aggressor on its policy, the seats the change hands over."""
        state = self.at_moment
        out: list[dict[str, Any]] = []
        if change.kind in ("no_veto", "no_nato"):
            out.append({"actor": "instructor", "kind": "change_rules", "rule": change.kind})
        out.append({"actor": "instructor", "kind": "change_rules", "rule": "reseed",
                    "seed": seed})
        aggressor = self.scenario.aggressor
        handed = set()
        if aggressor and aggressor.country not in state.caretakers:
            handed.add(aggressor.country)
        if self.students == "caretakers":
            handed |= set(state.country_list) - set(state.caretakers)
        for code in sorted(handed):
            out.append({"actor": "instructor", "kind": "set_caretaker", "country": code,
                        "caretaker": True})
        if (aggressor and state.phase == "resolution"
                and state.aggressor_moved_round != state.round):
            out.append({"actor": "system", "kind": "aggressor_move"})
        return out

    def _script(self, change: Change) -> Iterable[Action]:
        """The actions after the moment that a continuation takes again."""
        countries = set(self.scenario.country_codes())
        article5_items = {getattr(s.action, "item", None) for s in self.steps
                          if s.action.kind == "request_article5"}
        for s in self.steps:
            action = s.action
            kind = action.kind
            if kind in TALK or s.caretaker or _is_vote(action, change):
                continue
            if kind == "aggressor_move" and action.actor != "system":
                continue
            if self.students == "caretakers" and action.actor in countries:
                continue
            if change.kind == "no_article5":
                if kind == "request_article5":
                    continue
                if kind == "circulate" and getattr(action, "decision", None) == "article5":
                    continue
                if kind == "silence_deadline" and (
                        getattr(action, "item", None) in article5_items
                        or _article5_item(self.at_moment, getattr(action, "item", None))):
                    continue
            yield action

    def _play(self, change: Change, seed: int) -> tuple[State, list[Event], list[Action]]:
        state = self.at_moment
        taken: list[Action] = []
        events: list[Event] = []
        now = state.now
        for raw in self._setup(change, seed):
            action = parse_action({**raw, "at": now})
            try:
                state, more = step(state, action, Context(now=now))
            except RuleError:
                continue
            taken.append(action)
            events += more
            state = self._followups(state, now, taken, events)
        for action in self._script(change):
            now = _at(action, state)
            try:
                state, more = step(state, action, Context(now=now))
            except RuleError:
                continue
            taken.append(action)
            events += more
            state = self._changed_vote(change, state, now, taken, events)
            state = self._followups(state, now, taken, events)
        return state, events, taken

    @staticmethod
    def _changed_vote(change: Change, state: State, now: float, taken: list[Action],
                      events: list[Event]) -> State:
        """The changed vote, cast as soon as its vote opens, before any caretaker's."""
        if change.kind != "vote" or change.draft not in state.open_votes.values():
            return state
        draft = state.drafts[change.draft or ""]
        if change.country in draft.votes:
            return state
        action = parse_action({"actor": change.country, "kind": "vote", "draft": change.draft,
                               "vote": change.vote, "at": now})
        try:
            state, more = step(state, action, Context(now=now))
        except RuleError:
            return state
        taken.append(action)
        events += more
        return state

    @staticmethod
    def _followups(state: State, now: float, taken: list[Action], events: list[Event]
                   ) -> State:
        for action, more, after in caretaker_followups(state, now):
            taken.append(action)
            events += more
            state = after
        return state

    def _sum_up(self, seed: int, final: State, events: list[Event]) -> Run:
        start = self.at_moment.crisis.ladder
        ladder = final.crisis.ladder
        withdrew = any(e.kind == "aggressor_moved" and e.move == "withdraw"
                       for e in events)
        if ladder > start:
            outcome = "escalated"
        elif ladder == start:
            outcome = "held"
        elif withdrew and ladder == 0:
            outcome = "withdrew"
        else:
            outcome = "stepped_back"
        return Run(
            seed, outcome, ladder, final.crisis.toll, final.crisis.deterrence,
            resolutions=sum(1 for e in events if e.kind == "draft_adopted"
                            and e.body == "UNSC" and e.resolution),
            vetoes=sum(1 for e in events if e.kind == "draft_vetoed"),
            article5=bool(final.article5),
            blocked=sum(1 for e in events if e.kind == "decision_blocked"))


def _at(action: Action, state: State) -> float:
    return action.at if action.at is not None else state.now


def _is_vote(action: Action, change: Change) -> bool:
    return (change.kind == "vote" and action.kind == "vote" and action.actor == change.country
            and getattr(action, "draft", None) == change.draft)


def _article5_item(state: State, item: str | None) -> bool:
    return item is not None and item in state.items and state.items[item].decision == "article5"


def compare(lab: Lab, changes: Sequence[Change], runs: int = RUNS, first_seed: int = 1
            ) -> dict[str, Any]:
    """The baseline and each change, over the same seeds, side by side."""
    runs = max(1, min(runs, MAX_RUNS))
    seeds = range(first_seed, first_seed + runs)
    arms = [lab.run(Change(), seeds), *(lab.run(c, seeds) for c in changes if c.kind != "none")]
    state = lab.at_moment
    return {
        "moment": {"actions": lab.moment, "round": state.round, "phase": state.phase,
                   "level": LEVELS[state.crisis.ladder], "deterrence": state.crisis.deterrence,
                   "toll": state.crisis.toll},
        "seeds": {"first": first_seed, "last": first_seed + runs - 1},
        "students": lab.students,
        "arms": [dict(a.summary(), runs_detail=[r.to_dict() for r in a.runs],
                      description=CHANGES[a.change.kind],
                      description_msg=message(CHANGES[a.change.kind]).to_json()) for a in arms],
        "assumptions": list(ASSUMPTIONS),
        "assumptions_msg": assumptions_msg(),
    }
