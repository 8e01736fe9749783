"""Your class and history: each decision the class took, set beside the real
decision of the same body on the same question, in one sentence that says where
they agree and where they part.

The class's decisions are read from the game (``decisions``): every draft put to
the vote and decided (adopted, vetoed, failed, or blocked by the League's
unanimity), every text the North Atlantic Council decided (an Article 5
determination invoked or blocked, a statement, an operation, an invitation),
every request for consultations under Article 4, the League's sanctions applied
and lifted by its members (Art. 16), and every notice to leave the League or
the Alliance. The real decisions are the scenario's history track
(``Scenario.history``, docs/scenarios.md).

A class decision is paired (``compare``) with the real decision of the same body
on the same question (``QUESTION_STRENGTH``: the question a text is filed under
is the strongest it takes up); among several, the one sharing the most measures,
not yet paired, nearest in the game's rounds. Without a real decision on the
same question, the same body's decision that shares a question or a measure
with it is its counterpart "on a related question"; without either, the class
decision has no counterpart, and the sentence says so. The real decisions the
class never reached are listed apart.

>>> from game_rules.scenario import load_scenario
>>> from game_rules.engine import new_game
>>> sc = load_scenario({"id": "k", "title": "K", "countries": ["FRA", "GBR", "USA"],
...     "bodies": {"UNSC": {"permanent": ["FRA", "GBR", "USA"], "threshold": 2}},
...     "history": [{"id": "r1", "date": "1990-11-29", "body": "UNSC", "symbol": "S/RES/678 (1990)",
...                  "question": "force", "measures": ["authorize_force"], "outcome": "adopted",
...                  "tally": {"yes": 12, "no": 2, "abstain": 1}, "source": "S/PV.2963"}]})
>>> result = compare(new_game(sc, 1))
>>> result.pairs
()
>>> print(result.not_reached[0].sentence)
The real Council adopted resolution 678 on 29 November 1990, 12-2-1: your class never reached this decision.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from game_rules import events as ev
from game_rules import league
from game_rules.actions import RevealHistory
from game_rules.context import Context
from game_rules.errors import RuleError
from game_rules.events import Event
from game_rules.messages import N_, message
from game_rules.naming import draft_phrase, item_phrase
from game_rules.scenario import QUESTION_STRENGTH, SANCTION_MEASURES, HistoryEntry, Scenario
from game_rules.state import Draft, State
from game_rules.words import capital, counted, long_date, names

Verdict = Literal["agree", "part", "no_counterpart", "not_reached"]

MEASURE_QUESTIONS: dict[str, str] = {
    "refer_to_icc": "icc",
    "tribunal": "tribunal",
    "authorize_force": "force", "blockade": "force", "no_fly_zone": "force",
    league.MILITARY_CONTRIBUTIONS: "force", "operation": "force",
    "sanctions": "sanctions", "arms_embargo": "sanctions", "financial": "sanctions",
    "import_ban": "sanctions", "export_ban": "sanctions", "oil": "sanctions",
    league.WAR_DETERMINATION: "war_determination",
    "peacekeeping": "peacekeeping",
    "demand_withdrawal": "withdrawal",
    "demand_ceasefire": "ceasefire", "call_for_ceasefire": "ceasefire",
    league.REPORT: "report",
    "condemn": "condemn", "deplore": "condemn", "determine_threat": "condemn",
    "emergency_special_session": "emergency_session",
    "article5": "article5",
    "invite": "accession",
}
"""The question each measure takes up (docs/scenarios.md, The history track); a measure not
named here (a call for talks, a scenario's own) takes up only the question ``other``."""

QUESTION_WORDS: dict[str, str] = {
    "condemn": "condemnation", "ceasefire": "a ceasefire",
    "withdrawal": "withdrawal", "sanctions": "sanctions", "force": "the use of force",
    "peacekeeping": "peacekeeping",
    "icc": "a referral to the International Criminal Court", "tribunal": "a tribunal",
    "emergency_session": "an emergency special session of the General Assembly",
    "report": "a report under Article 15",
    "war_determination": "a finding of resort to war (Art. 16)",
    "article4": "consultations under Article 4", "article5": "Article 5",
    "accession": "a new member", "withdrawal_notice": "leaving the organisation",
    "other": "the crisis", "sanctions_lifted": "lifting the sanctions",
}
"""The question in words: "a decision on {words}"."""

SANCTION_WORDS = {"arms_embargo": "an arms embargo", "financial": "financial measures",
                  "import_ban": "a ban on imports", "export_ban": "an embargo on exports",
                  "oil": "an oil embargo"}
"""The League's measures under Art. 16 in words (``scenario.SANCTION_MEASURES``)."""

YOUR_BODY = {"UNSC": "your Council", "UNGA": "your General Assembly",
             "LNC": "your Council of the League", "LNA": "your Assembly of the League",
             "NAC": "your North Atlantic Council", "LEAGUE": "your League", "WORLD": "your game"}
REAL_BODY = {"UNSC": "the real Council", "UNGA": "the real General Assembly",
             "LNC": "the real Council of the League", "LNA": "the real Assembly of the League",
             "NAC": "the real North Atlantic Council", "WORLD": "in reality"}

_LIFTING = re.compile(r"\b(?:lift\w*|abandon\w*)\b", re.IGNORECASE)
"""A real decision of the League that lifts its sanctions: the track files it under ``other``,
and its ``proposed`` text says so ("advises the members to abandon the measures")."""

UNPLACED = 50
"""How far in rounds a real decision the track places in no round counts as lying."""

PASSED = frozenset({"adopted", "invoked", "applied", "lifted", "requested", "notified",
                    "happened"})
STOPPED = frozenset({"vetoed", "failed", "blocked"})


@dataclass(frozen=True, slots=True)
class Decision:
    """One decision the class took, as the comparison reads it."""

    key: str
    """What it is in the game: ``draft:S/1``, ``item:NAC/2``, ``article4:EST``,
    ``sanctions:ITA``, ``lifted:ITA``, ``notice:JPN``."""
    body: str
    """UNSC, UNGA, LNC, LNA, NAC, or LEAGUE (its members one by one) and WORLD (a notice)."""
    question: str
    measures: frozenset[str]
    outcome: str
    """adopted, vetoed, failed, blocked, invoked, applied, lifted, requested or notified."""
    words: str
    """What the class did, as the sentence says it ("your Council adopted ...")."""
    votes: str = ""
    vetoed_by: tuple[str, ...] = ()
    blocked_by: tuple[str, ...] = ()
    seq: int | None = None
    round: int | None = None

    @property
    def questions(self) -> frozenset[str]:
        """Every question its measures take up."""
        return frozenset(MEASURE_QUESTIONS.get(m, "other") for m in self.measures) | {
            self.question}


@dataclass(frozen=True, slots=True)
class Pair:
    """A class decision and its real counterpart (or none), or a real decision the class
    never reached."""

    verdict: Verdict
    sentence: str
    decision: Decision | None = None
    entry: HistoryEntry | None = None
    related: bool = False
    """The counterpart is the same body's decision on a related question, not the same one."""
    yours: str = ""
    real: str = ""
    clause: str = ""
    """Where they agree or part, in a few words ("the same outcome, by the same tally")."""

    def to_dict(self) -> dict[str, Any]:
        d, e = self.decision, self.entry
        return {"verdict": self.verdict, "sentence": self.sentence, "yours": self.yours,
                "real": self.real, "clause": self.clause, "related": self.related,
                "seq": d.seq if d else None, "round": d.round if d else None,
                "decision": d.key if d else None,
                "entry": e.id if e else None, "date": e.date if e else None,
                "body": e.body if e else (d.body if d else None),
                "symbol": e.symbol if e else None, "source": e.source if e else None,
                "url": e.url if e else None, "proposed": e.proposed if e else None}


@dataclass(frozen=True, slots=True)
class Comparison:
    """The whole comparison of a game with its scenario's history track."""

    track: bool
    """Whether the scenario has a history track at all."""
    pairs: tuple[Pair, ...] = ()
    """Each class decision with its counterpart (or none), in the order the class took them."""
    not_reached: tuple[Pair, ...] = ()
    """The real decisions no class decision was paired with, in the track's order."""
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"track": self.track, "note": self.note,
                "pairs": [p.to_dict() for p in self.pairs],
                "not_reached": [p.to_dict() for p in self.not_reached]}


def question_of(measures: Sequence[str], default: str = "other") -> str:
    """The question a text is filed under: the strongest its measures take up.

    >>> question_of(["determine_threat", "demand_withdrawal"]), question_of(["sanctions", "condemn"])
    ('withdrawal', 'sanctions')
    >>> question_of(["call_for_negotiations"])
    'other'
    """
    taken = {MEASURE_QUESTIONS[m] for m in measures if m in MEASURE_QUESTIONS}
    return next((q for q in QUESTION_STRENGTH if q in taken), default)


# The class's decisions.


def decisions(state: State, events: Sequence[Event] = ()) -> list[Decision]:
    """The decisions the class took, in the order it took them. ``state`` is the game as it
    stands; with its ``events`` (the whole log), each decision knows its moment (``seq``)
    and round, and the sanctions lifted are counted too."""
    moments: dict[str, tuple[int, int]] = {}
    rounds: list[tuple[int, int]] = []
    applied: dict[str, dict[str, set[str]]] = {}
    lifted: dict[str, set[str]] = {}
    current = 0
    for seq, event in enumerate(events, start=1):
        if isinstance(event, ev.PhaseStarted):
            current = event.round
            rounds.append((seq, current))
        key = _event_key(event)
        if key is not None:
            moments.setdefault(key, (seq, current))
        if isinstance(event, ev.SanctionsApplied):
            applied.setdefault(event.against, {}).setdefault(event.country, set()).update(
                event.measures)
            moments.setdefault(f"sanctions:{event.against}", (seq, current))
        elif isinstance(event, ev.SanctionsLifted):
            lifted.setdefault(event.against, set()).add(event.country)
            moments.setdefault(f"lifted:{event.against}", (seq, current))
    if not events:
        for s in state.sanctions:
            applied.setdefault(s.against, {}).setdefault(s.member, set()).update(s.measures)

    out = [*_ballots(state), *_nac(state), *_sanctions(state, applied, lifted),
           *_notices(state)]
    timed = []
    for d in out:
        moment = moments.get(d.key)
        at = moment[0] if moment else None
        in_round = moment[1] if moment and moment[1] and state.scenario.rounds else None
        timed.append(Decision(d.key, d.body, d.question, d.measures, d.outcome, d.words,
                              d.votes, d.vetoed_by, d.blocked_by, at, in_round))
    if events:
        timed.sort(key=lambda d: d.seq if d.seq is not None else len(events) + 1)
    return timed


def _event_key(event: Event) -> str | None:
    if isinstance(event, ev.DraftAdopted | ev.DraftVetoed | ev.DraftFailed):
        return f"draft:{event.draft}"
    if isinstance(event, ev.DecisionAdopted | ev.DecisionBlocked):
        return f"item:{event.item}"
    if isinstance(event, ev.ConsultationsOpened):
        return f"article4:{event.by}"
    if isinstance(event, ev.WithdrawalNotified):
        return f"notice:{event.body or 'NATO'}:{event.country}"
    return None


def _ballots(state: State) -> list[Decision]:
    d = state.display
    out = []
    for draft in sorted(state.drafts.values(), key=lambda x: x.order):
        if draft.status not in ("adopted", "vetoed", "failed") or draft.preliminary_for \
                or draft.amends:
            continue
        votes = "-".join(str(sum(1 for v in draft.votes.values() if v == choice))
                         for choice in ("yes", "no", "abstain"))
        measures = frozenset(draft.measures)
        body = YOUR_BODY[draft.body]
        what = draft_phrase(draft)
        if draft.status == "adopted":
            words = f"{body} adopted {what} as {_kind_of(draft)}, {votes}"
        elif draft.status == "vetoed":
            words = f"{body} saw {what} vetoed by {names([d(c) for c in draft.vetoed_by])}, {votes}"
        elif draft.blocked_by:
            words = (f"{body} did not adopt {what}: {names([d(c) for c in draft.blocked_by])} "
                     f"voted against, and a decision needs every member represented ({votes})")
        else:
            words = f"{body} did not adopt {what}, {votes}"
        out.append(Decision(f"draft:{draft.id}", draft.body, question_of(draft.measures),
                            measures, draft.status, words, votes, draft.vetoed_by,
                            draft.blocked_by))
    return out


def _kind_of(draft: Draft) -> str:
    """What a draft adopted is: "a Chapter VII resolution", "a resolution under Article 16"."""
    if league.is_league_body(draft.body):
        if draft.article == "procedural":
            return "a procedural decision"
        if draft.article == "15" and league.REPORT in draft.measures:
            return "a report under Article 15"
        return f"a resolution under Article {draft.article}" if draft.article else "a resolution"
    if draft.procedural:
        return "a procedural decision"
    if draft.body == "UNSC" and draft.chapter:
        return f"a Chapter {draft.chapter} resolution"
    return "a resolution"


def _nac(state: State) -> list[Decision]:
    d = state.display
    out = []
    for item in state.items.values():
        if item.status not in ("adopted", "blocked") or (item.status == "blocked"
                                                           and not item.broken_by):
            continue  # under silence still, or lapsed with the Alliance in a what-if
        phrase = item_phrase(state, item, with_id=True)
        question = {"article5": "article5", "operation": "force",
                    "invite": "accession"}.get(item.decision, "other")
        if item.status == "blocked":
            outcome = "blocked"
            words = (f"in your North Atlantic Council, {phrase} was blocked by "
                     f"{names([d(c) for c in item.broken_by])}")
        elif item.decision == "article5":
            outcome = "invoked"
            incident = state.incidents.get(item.incident or "")
            target = f" for {d(incident.target)}" if incident else ""
            words = f"your North Atlantic Council invoked Article 5{target} ({item.id})"
        else:
            outcome = "adopted"
            words = f"your North Atlantic Council agreed {phrase} by consensus"
        out.append(Decision(f"item:{item.id}", "NAC", question, frozenset({item.decision}),
                            outcome, words, blocked_by=item.broken_by if outcome == "blocked"
                            else ()))
    for ally in dict.fromkeys(state.consultations):
        out.append(Decision(f"article4:{ally}", "NAC", "article4", frozenset(), "requested",
                            f"{d(ally)} asked your North Atlantic Council for consultations "
                            "under Article 4"))
    return out


def _sanctions(state: State, applied: dict[str, dict[str, set[str]]],
               lifted: dict[str, set[str]]) -> list[Decision]:
    d = state.display
    out = []
    for against, by_member in applied.items():
        taken = {m for ms in by_member.values() for m in ms}
        measures = [m for m in SANCTION_MEASURES if m in taken]
        what = names([SANCTION_WORDS[m] for m in measures])
        out.append(Decision(
            f"sanctions:{against}", "LEAGUE", "sanctions", frozenset({"sanctions", *measures}),
            "applied", f"in your League, {counted(len(by_member), 'member')} applied sanctions "
                       f"against {d(against)} ({what})"))
    for against, members in lifted.items():
        out.append(Decision(
            f"lifted:{against}", "LEAGUE", "sanctions_lifted", frozenset(), "lifted",
            f"in your League, {counted(len(members), 'member')} lifted "
            f"{'its' if len(members) == 1 else 'their'} sanctions against {d(against)}"))
    return out


def _notices(state: State) -> list[Decision]:
    d = state.display
    out = []
    for country in state.league_withdrawals:
        out.append(Decision(f"notice:LEAGUE:{country}", "WORLD", "withdrawal_notice", frozenset(),
                            "notified", f"in your game, {d(country)} gave notice to leave the "
                                        "League of Nations"))
    for country in state.notices:
        out.append(Decision(f"notice:NATO:{country}", "WORLD", "withdrawal_notice", frozenset(),
                            "notified", f"in your game, {d(country)} gave notice to leave NATO"))
    return out


# The real decisions, in words.


def _real_what(entry: HistoryEntry) -> str:
    """The real text as a sentence names it: "resolution 678", "draft S/2022/155"."""
    symbol = entry.symbol or ""
    if m := re.match(r"^[SA]/RES/(.+?)(?: \(\d{4}\))?$", symbol):
        return f"resolution {m.group(1)}"
    if symbol.startswith("S/PRST/"):
        return f"the presidential statement {symbol}"
    if symbol.startswith(("S/", "A/")):
        return f"draft {symbol}"
    where = f" ({symbol})" if symbol else ""
    if entry.question in ("report", "war_determination"):
        return f"{QUESTION_WORDS[entry.question]}{where}"
    about = QUESTION_WORDS.get(_entry_question(entry), "the crisis")
    thing = "a decision" if entry.body == "NAC" else "a draft" if entry.outcome in STOPPED \
        or entry.outcome in ("not_voted", "withdrawn") else "a text"
    return f"{thing} {'of' if about == 'condemnation' else 'on'} {about}{where}"


def real_words(entry: HistoryEntry, scenario: Scenario) -> str:
    """What really happened, as the second half of the sentence says it: "the real Council
    adopted resolution 678 on 29 November 1990, 12-2-1, with Cuba and Yemen against and
    China abstaining"."""
    d = scenario.country_display
    when = long_date(entry.date)
    body = REAL_BODY[entry.body]
    if entry.body == "WORLD":
        text = entry.proposed.rstrip(".")
        if text.startswith(("The ", "A ", "An ")):
            text = text[:1].lower() + text[1:]
        return f"in reality, on {when}, {text}" if text else f"in reality, on {when}"
    what = _real_what(entry)
    if entry.body == "NAC" and entry.question == "article4" and entry.outcome == "adopted":
        head = f"{body} held consultations under Article 4 on {when}"
    elif entry.body == "NAC" and entry.outcome == "invoked":
        head = f"{body} invoked Article 5 on {when}"
    elif entry.outcome == "adopted":
        head = f"{body} adopted {what} on {when}"
    elif entry.outcome == "vetoed":
        who = names([d(c) for c in entry.vetoed_by])
        head = f"in {body}, {what} was vetoed by {who} on {when}"
    elif entry.outcome == "failed":
        head = f"{body} did not adopt {what} on {when}"
    elif entry.outcome == "blocked":
        who = names([d(c) for c in entry.blocked_by])
        head = f"in {body}, {what} was blocked" + (f" by {who}" if who else "") + \
            f" on {when}"
    elif entry.outcome == "withdrawn":
        head = f"in {body}, {what} was withdrawn before the vote on {when}"
    else:
        head = f"in {body}, {what}, proposed on {when}, was never put to the vote"
    if entry.tally is None:
        return head
    tally = entry.tally.votes()
    groups = []
    against = [c for c in entry.no or [] if entry.outcome != "vetoed" or c not in entry.vetoed_by]
    if against:
        also = " also" if entry.outcome == "vetoed" else ""
        groups.append(f"{names([d(c) for c in against])}{also} against")
    if entry.abstain:
        groups.append(f"{names([d(c) for c in entry.abstain])} abstaining")
    if entry.absent:
        groups.append(f"{names([d(c) for c in entry.absent])} absent")
    if entry.outcome == "failed" and entry.blocked_by and entry.no == entry.blocked_by \
            and entry.body in league.LEAGUE_BODIES:
        groups[0] = f"{names([d(c) for c in entry.no])} voting against, which broke unanimity"
    with_ = f", with {names(groups)}" if groups else ""
    return f"{head}, {tally}{with_}"


# Pairing.


def _bodies_match(decision: Decision, entry: HistoryEntry) -> bool:
    if decision.body == "LEAGUE":
        return entry.body in league.LEAGUE_BODIES
    return decision.body == entry.body


def _entry_question(entry: HistoryEntry) -> str:
    if entry.question == "other" and entry.body in league.LEAGUE_BODIES \
            and _LIFTING.search(entry.proposed) and re.search(r"measures|sanctions",
                                                              entry.proposed, re.IGNORECASE):
        return "sanctions_lifted"
    return entry.question


def _entry_questions(entry: HistoryEntry) -> frozenset[str]:
    return frozenset(MEASURE_QUESTIONS.get(m, "other") for m in entry.measures) | {
        _entry_question(entry)}


def reached(entry: HistoryEntry) -> bool:
    """Whether a real entry is a decision the class could have reached (an event of the
    world is not, but a notice to leave is)."""
    return entry.body != "WORLD" or entry.question == "withdrawal_notice"


def _candidates(decision: Decision, track: Sequence[HistoryEntry], used: set[str]
                ) -> tuple[HistoryEntry | None, bool]:
    best: tuple[tuple[int, ...], HistoryEntry] | None = None
    for index, entry in enumerate(track):
        if not reached(entry) or not _bodies_match(decision, entry):
            continue
        same = decision.question in (_entry_question(entry), question_of(entry.measures, ""))
        shared_q = len(_entry_questions(entry) & decision.questions - {"other"})
        shared_m = len(decision.measures & set(entry.measures))
        if not same and not shared_q and not shared_m:
            continue
        distance = abs(entry.round - decision.round) \
            if entry.round is not None and decision.round is not None else UNPLACED
        score = (int(same), int(entry.id not in used), shared_m, shared_q, -distance, -index)
        if best is None or score > best[0]:
            best = (score, entry)
    if best is None:
        return None, False
    return best[1], not best[0][0]


def _verdict(decision: Decision, entry: HistoryEntry, body: str) -> tuple[Verdict, str]:
    ours = "passed" if decision.outcome in PASSED else "stopped"
    if entry.outcome in ("not_voted", "withdrawn"):
        return "part", "the real text never came to a vote"
    theirs = "passed" if entry.outcome in PASSED else "stopped"
    if ours != theirs:
        if ours == "passed":
            return "part", f"your class decided what {body} did not"
        return "part", f"{body} decided what your class did not"
    if decision.outcome == "vetoed" and entry.outcome == "vetoed":
        if set(decision.vetoed_by) == set(entry.vetoed_by):
            return "agree", "the same outcome, vetoed by the same " + (
                "member" if len(entry.vetoed_by) == 1 else "members")
        return "agree", "the same outcome, but the veto came from another hand"
    if decision.outcome != entry.outcome and {decision.outcome, entry.outcome} <= STOPPED:
        return "agree", "the same outcome, though by another road"
    if decision.votes and entry.tally is not None:
        if decision.votes == entry.tally.votes():
            return "agree", "the same outcome, by the same tally"
        return "agree", "the same outcome, by another tally"
    return "agree", "the same outcome"


def _real_short(body: str) -> str:
    return REAL_BODY.get(body, "history")


def compare(state: State, events: Sequence[Event] = ()) -> Comparison:
    """The class's decisions beside the history track of its scenario (see the module)."""
    scenario = state.scenario
    track = scenario.history
    if not track:
        return Comparison(False, note="This scenario has no history track: there is no real "
                                      "crisis to set the class's decisions beside.")
    used: set[str] = set()
    pairs = []
    for decision in decisions(state, events):
        yours = _yours(decision)
        entry, related = _candidates(decision, track, used)
        if entry is None:
            where = _real_short(decision.body if decision.body != "LEAGUE" else "LNA")
            if decision.body == "WORLD":
                real = "in reality no such notice was given in this crisis"
            elif decision.body == "LEAGUE":
                real = "the real League took no decision on " \
                       f"{QUESTION_WORDS[decision.question]} in this crisis"
            else:
                real = (f"{where} took no decision on {QUESTION_WORDS[decision.question]} in "
                        "this crisis, as far as the history track records")
            pairs.append(Pair("no_counterpart", f"{capital(yours)}; {real}.", decision, None,
                              yours=yours, real=real))
            continue
        used.add(entry.id)
        real = real_words(entry, scenario)
        if related:
            real = "on a related question, " + real
        verdict, clause = _verdict(decision, entry, _real_short(entry.body).replace(
            "in reality", "history"))
        pairs.append(Pair(verdict, f"{capital(yours)}; {real}: {clause}.", decision, entry,
                          related, yours, real, clause))
    missed = []
    for entry in track:
        if reached(entry) and entry.id not in used:
            real = real_words(entry, scenario)
            missed.append(Pair("not_reached",
                               f"{capital(real)}: your class never reached this decision.",
                               None, entry, real=real))
    return Comparison(True, tuple(pairs), tuple(missed))


def _yours(decision: Decision) -> str:
    return f"in round {decision.round}, {decision.words}" if decision.round else decision.words


def round_starts(events: Sequence[Event]) -> list[tuple[int, int]]:
    """(seq, round) where each round began (its briefing, or the open session)."""
    return [(seq, e.round) for seq, e in enumerate(events, start=1)
            if isinstance(e, ev.PhaseStarted) and e.phase in ("briefing", "open")]


def marks(scenario: Scenario, rounds: Sequence[tuple[int, int]]) -> list[dict[str, Any]]:
    """The history track's real dates for the replay's timeline: each entry with its date in
    words, what happened, and the moment of the game that stands for it (the start of the
    round the entry names, where the game reached it; else none: listed by date only).

    ``rounds`` are (seq, round) where each round began."""
    starts: dict[int, int] = {}
    for seq, number in rounds:
        starts.setdefault(number, seq)
    out = []
    for entry in scenario.history:
        out.append({"entry": entry.id, "date": entry.date, "when": long_date(entry.date),
                    "body": entry.body, "label": capital(real_words(entry, scenario)),
                    "round": entry.round,
                    "seq": starts.get(entry.round) if entry.round is not None else None,
                    "source": entry.source, "url": entry.url})
    return out


# The projector.


def reveal_history(state: State, action: RevealHistory, ctx: Context) -> list[Event]:
    """The instructor shows an entry of the history track on the projector, or (without
    ``entry``) takes it off."""
    track = state.scenario.history
    if not track:
        raise RuleError("no_history_track",
                        message(N_("This scenario has no history track: there is nothing to reveal.")))
    if action.entry is not None and all(e.id != action.entry for e in track):
        known = ", ".join(e.id for e in track if reached(e))
        raise RuleError("unknown_history_entry",
                        message(N_(
                            "\"{entry}\" is not an entry of the history track: one of {known}."),
                            entry=action.entry, known=known),
                        "entry")
    return [ev.HistoryRevealed(entry=action.entry)]


def shown(state: State, viewer: str) -> dict[str, Any]:
    """The history part of a view: the entry on the projector (what really happened, and
    beside it what the class decided on the same question), and for the instructor the
    whole track to choose from."""
    out: dict[str, Any] = {"shown": None}
    entry = next((e for e in state.scenario.history if e.id == state.history_shown), None)
    if entry is not None:
        pairs = [p for p in compare(state).pairs if p.entry is not None and p.entry.id == entry.id]
        out["shown"] = {
            "entry": entry.id, "date": entry.date, "when": long_date(entry.date),
            "body": entry.body, "symbol": entry.symbol, "proposed": entry.proposed,
            "outcome": entry.outcome, "tally": entry.tally.votes() if entry.tally else None,
            "real": capital(real_words(entry, state.scenario)) + ".",
            "yours": [capital(p.yours) + "." for p in pairs],
            "verdicts": [p.verdict for p in pairs],
            "clauses": [capital(p.clause) + "." for p in pairs], "source": entry.source}
    if viewer == "instructor":
        out["track"] = [{"entry": e.id, "date": e.date, "when": long_date(e.date), "body": e.body,
                         "label": capital(real_words(e, state.scenario)),
                         "revealed": e.id in state.history_revealed}
                        for e in state.scenario.history]
    return out


__all__ = ["Comparison", "Decision", "Pair", "compare", "decisions", "marks", "question_of",
           "real_words", "reveal_history", "round_starts", "shown"]
