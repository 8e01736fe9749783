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

Every sentence is a message (game_rules/messages.py) beside its English: ``sentence_msg``,
``yours_msg``, ``real_msg``, ``clause_msg``, so a page reads it in its viewer's language.
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
from game_rules.messages import N_, Countries, Country, Date, Msg, Nn_, SceneText, listed, message
from game_rules.messages import plural_message as counted
from game_rules.naming import draft_msg, item_msg
from game_rules.scenario import QUESTION_STRENGTH, SANCTION_MEASURES, HistoryEntry, Scenario
from game_rules.state import Draft, State
from game_rules.words import long_date

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
    "condemn": N_("condemnation"), "ceasefire": N_("a ceasefire"),
    "withdrawal": N_("withdrawal"), "sanctions": N_("sanctions"),
    "force": N_("the use of force"), "peacekeeping": N_("peacekeeping"),
    "icc": N_("a referral to the International Criminal Court"), "tribunal": N_("a tribunal"),
    "emergency_session": N_("an emergency special session of the General Assembly"),
    "report": N_("a report under Article 15"),
    "war_determination": N_("a finding of resort to war (Art. 16)"),
    "article4": N_("consultations under Article 4"), "article5": N_("Article 5"),
    "accession": N_("a new member"), "withdrawal_notice": N_("leaving the organisation"),
    "other": N_("the crisis"), "sanctions_lifted": N_("lifting the sanctions"),
}
"""The question in words: "a decision on {words}"."""

YOUR_BODY = {"UNSC": N_("your Council"), "UNGA": N_("your General Assembly"),
             "LNC": N_("your Council of the League"), "LNA": N_("your Assembly of the League"),
             "NAC": N_("your North Atlantic Council"), "LEAGUE": N_("your League"),
             "WORLD": N_("your game")}
REAL_BODY = {"UNSC": N_("the real Council"), "UNGA": N_("the real General Assembly"),
             "LNC": N_("the real Council of the League"),
             "LNA": N_("the real Assembly of the League"),
             "NAC": N_("the real North Atlantic Council"), "WORLD": N_("in reality")}

EARLIER_WORLD = N_("in reality, on {date}, {text}")
"""The sentence of an event of the world before it named the scenario's text by its key (the
text was a plain parameter, in the scenario's language): kept in the catalogs so that a
debrief saved then still reads in its reader's language around that text."""

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
    said: Msg
    """What the class did, as the sentence says it ("your Council adopted ...")."""
    votes: str = ""
    vetoed_by: tuple[str, ...] = ()
    blocked_by: tuple[str, ...] = ()
    seq: int | None = None
    round: int | None = None

    @property
    def words(self) -> str:
        return self.said.english()

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
    said: Msg
    """The whole sentence."""
    decision: Decision | None = None
    entry: HistoryEntry | None = None
    related: bool = False
    """The counterpart is the same body's decision on a related question, not the same one."""
    yours_said: Msg | None = None
    real_said: Msg | None = None
    clause_said: Msg | None = None
    """Where they agree or part, in a few words ("the same outcome, by the same tally")."""

    @property
    def sentence(self) -> str:
        return self.said.english()

    @property
    def sentence_msg(self) -> Msg:
        return self.said

    @property
    def yours(self) -> str:
        return self.yours_said.english() if self.yours_said else ""

    @property
    def real(self) -> str:
        return self.real_said.english() if self.real_said else ""

    @property
    def clause(self) -> str:
        return self.clause_said.english() if self.clause_said else ""

    def to_dict(self) -> dict[str, Any]:
        d, e = self.decision, self.entry

        def msg(said: Msg | None) -> dict[str, Any] | None:
            return said.to_json() if said else None

        return {"verdict": self.verdict, "sentence": self.sentence, "yours": self.yours,
                "real": self.real, "clause": self.clause, "related": self.related,
                "sentence_msg": msg(self.said), "yours_msg": msg(self.yours_said),
                "real_msg": msg(self.real_said), "clause_msg": msg(self.clause_said),
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
    note: Msg | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"track": self.track, "note": self.note.english() if self.note else "",
                "note_msg": self.note.to_json() if self.note else None,
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
        timed.append(Decision(d.key, d.body, d.question, d.measures, d.outcome, d.said,
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
    out = []
    for draft in sorted(state.drafts.values(), key=lambda x: x.order):
        if draft.status not in ("adopted", "vetoed", "failed") or draft.preliminary_for \
                or draft.amends:
            continue
        votes = "-".join(str(sum(1 for v in draft.votes.values() if v == choice))
                         for choice in ("yes", "no", "abstain"))
        measures = frozenset(draft.measures)
        body = message(YOUR_BODY[draft.body])
        what = draft_msg(draft)
        if draft.status == "adopted":
            words = message(N_("{body} adopted {what} as {kind}, {votes}"), body=body, what=what,
                            kind=_kind_of(draft), votes=votes)
        elif draft.status == "vetoed":
            words = message(N_("{body} saw {what} vetoed by {countries}, {votes}"), body=body,
                            what=what, countries=state.countries_of(draft.vetoed_by),
                            votes=votes)
        elif draft.blocked_by:
            words = counted(*Nn_("{body} did not adopt {what}: {countries} voted against, and a "
                                 "decision needs every member represented ({votes})",
                                 "{body} did not adopt {what}: {countries} voted against, and a "
                                 "decision needs every member represented ({votes})"),
                            count=len(draft.blocked_by), body=body, what=what,
                            countries=state.countries_of(draft.blocked_by), votes=votes)
        else:
            words = message(N_("{body} did not adopt {what}, {votes}"), body=body, what=what,
                            votes=votes)
        out.append(Decision(f"draft:{draft.id}", draft.body, question_of(draft.measures),
                            measures, draft.status, words, votes, draft.vetoed_by,
                            draft.blocked_by))
    return out


def _kind_of(draft: Draft) -> Msg:
    """What a draft adopted is: "a Chapter VII resolution", "a resolution under Article 16"."""
    if league.is_league_body(draft.body):
        if draft.article == "procedural":
            return message(N_("a procedural decision"))
        if draft.article == "15" and league.REPORT in draft.measures:
            return message(N_("a report under Article 15"))
        return (message(N_("a resolution under Article {article}"), article=draft.article)
                if draft.article else message(N_("a resolution")))
    if draft.procedural:
        return message(N_("a procedural decision"))
    if draft.body == "UNSC" and draft.chapter:
        return message(N_("a Chapter {chapter} resolution"), chapter=draft.chapter)
    return message(N_("a resolution"))


def _nac(state: State) -> list[Decision]:
    out = []
    for item in state.items.values():
        if item.status not in ("adopted", "blocked") or (item.status == "blocked"
                                                           and not item.broken_by):
            continue  # under silence still, or lapsed with the Alliance in a what-if
        phrase = item_msg(state, item, with_id=True)
        question = {"article5": "article5", "operation": "force",
                    "invite": "accession"}.get(item.decision, "other")
        if item.status == "blocked":
            outcome = "blocked"
            words = counted(*Nn_("in your North Atlantic Council, {item} was blocked by "
                                 "{countries}",
                                 "in your North Atlantic Council, {item} was blocked by "
                                 "{countries}"),
                            count=len(item.broken_by), item=phrase,
                            countries=state.countries_of(item.broken_by))
        elif item.decision == "article5":
            outcome = "invoked"
            incident = state.incidents.get(item.incident or "")
            words = (message(N_("your North Atlantic Council invoked Article 5 for {country} "
                                "({item})"), country=state.country(incident.target),
                             item=item.id) if incident else
                     message(N_("your North Atlantic Council invoked Article 5 ({item})"),
                             item=item.id))
        else:
            outcome = "adopted"
            words = message(N_("your North Atlantic Council agreed {item} by consensus"),
                            item=phrase)
        out.append(Decision(f"item:{item.id}", "NAC", question, frozenset({item.decision}),
                            outcome, words, blocked_by=item.broken_by if outcome == "blocked"
                            else ()))
    for ally in dict.fromkeys(state.consultations):
        out.append(Decision(f"article4:{ally}", "NAC", "article4", frozenset(), "requested",
                            message(N_("{country} asked your North Atlantic Council for "
                                       "consultations under Article 4"),
                                    country=state.country(ally))))
    return out


def _sanctions(state: State, applied: dict[str, dict[str, set[str]]],
               lifted: dict[str, set[str]]) -> list[Decision]:
    out = []
    for against, by_member in applied.items():
        taken = {m for ms in by_member.values() for m in ms}
        measures = [m for m in SANCTION_MEASURES if m in taken]
        what = league.sanction_list(measures)
        out.append(Decision(
            f"sanctions:{against}", "LEAGUE", "sanctions", frozenset({"sanctions", *measures}),
            "applied", counted(*Nn_("in your League, one member applied sanctions against "
                                    "{country} ({measures})",
                                    "in your League, {count} members applied sanctions against "
                                    "{country} ({measures})"),
                               count=len(by_member), country=state.country(against),
                               measures=what)))
    for against, members in lifted.items():
        out.append(Decision(
            f"lifted:{against}", "LEAGUE", "sanctions_lifted", frozenset(), "lifted",
            counted(*Nn_("in your League, one member lifted its sanctions against {country}",
                         "in your League, {count} members lifted their sanctions against "
                         "{country}"),
                    count=len(members), country=state.country(against))))
    return out


def _notices(state: State) -> list[Decision]:
    out = []
    for country in state.league_withdrawals:
        out.append(Decision(f"notice:LEAGUE:{country}", "WORLD", "withdrawal_notice", frozenset(),
                            "notified", message(N_("in your game, {country} gave notice to leave "
                                                   "the League of Nations"),
                                                country=state.country(country))))
    for country in state.notices:
        out.append(Decision(f"notice:NATO:{country}", "WORLD", "withdrawal_notice", frozenset(),
                            "notified", message(N_("in your game, {country} gave notice to leave "
                                                   "NATO"), country=state.country(country))))
    return out


# The real decisions, in words.


def _real_what(entry: HistoryEntry) -> Msg:
    """The real text as a sentence names it: "resolution 678", "draft S/2022/155"."""
    symbol = entry.symbol or ""
    if m := re.match(r"^[SA]/RES/(.+?)(?: \(\d{4}\))?$", symbol):
        return message(N_("resolution {number}"), number=m.group(1))
    if symbol.startswith("S/PRST/"):
        return message(N_("the presidential statement {symbol}"), symbol=symbol)
    if symbol.startswith(("S/", "A/")):
        return message(N_("draft {symbol}"), symbol=symbol)
    if entry.question in ("report", "war_determination"):
        what = message(QUESTION_WORDS[entry.question])
    else:
        question = _entry_question(entry)
        about = message(QUESTION_WORDS.get(question, QUESTION_WORDS["other"]))
        kind = "decision" if entry.body == "NAC" else "draft" if entry.outcome in STOPPED \
            or entry.outcome in ("not_voted", "withdrawn") else "text"
        what = message(_ABOUT[kind, question == "condemn"], about=about)
    return message(N_("{what} ({symbol})"), what=what, symbol=symbol) if symbol else what


_ABOUT = {("decision", False): N_("a decision on {about}"),
          ("draft", False): N_("a draft on {about}"), ("text", False): N_("a text on {about}"),
          ("decision", True): N_("a decision of {about}"),
          ("draft", True): N_("a draft of {about}"), ("text", True): N_("a text of {about}")}
"""A real text named by its question, when it has no symbol: "a draft on a ceasefire", "a
text of condemnation"."""

_REAL_HEADS = {
    "article4": N_("{body} held consultations under Article 4 on {date}"),
    "invoked": N_("{body} invoked Article 5 on {date}"),
    "adopted": N_("{body} adopted {what} on {date}"),
    "vetoed": N_("in {body}, {what} was vetoed by {countries} on {date}"),
    "failed": N_("{body} did not adopt {what} on {date}"),
    "blocked_by": N_("in {body}, {what} was blocked by {countries} on {date}"),
    "blocked": N_("in {body}, {what} was blocked on {date}"),
    "withdrawn": N_("in {body}, {what} was withdrawn before the vote on {date}"),
    "not_voted": N_("in {body}, {what}, proposed on {date}, was never put to the vote"),
}


def real_words(entry: HistoryEntry, scenario: Scenario) -> str:
    """What really happened, as the second half of the sentence says it: "the real Council
    adopted resolution 678 on 29 November 1990, 12-2-1, with Cuba and Yemen against and
    China abstaining"."""
    return real_msg(entry, scenario).english()


def real_msg(entry: HistoryEntry, scenario: Scenario) -> Msg:
    """``real_words`` as a message."""
    def states(codes: Sequence[str]) -> Countries:
        return Countries(tuple(Country(c, scenario.country_display(c)) for c in codes))

    when = Date(entry.date)
    body = message(REAL_BODY[entry.body])
    if entry.body == "WORLD":
        if not entry.proposed.strip():
            return message(N_("in reality, on {date}"), date=when)
        # The scenario's own sentence, by its key: each reader gets it in their language
        # where the scenario's translations have it (a whole sentence, after a colon).
        text = SceneText(f"history.{entry.id}.proposed", entry.proposed, scenario.language,
                         clause=True)
        # Translators: {text} is a whole sentence of the scenario's history track, in the
        # reader's language where the scenario has it translated, else in the scenario's own.
        return message(N_("in reality, on {date}: {text}"), date=when, text=text)
    params: dict[str, Any] = {"body": body, "what": _real_what(entry), "date": when}
    if entry.body == "NAC" and entry.question == "article4" and entry.outcome == "adopted":
        head = "article4"
    elif entry.body == "NAC" and entry.outcome == "invoked":
        head = "invoked"
    elif entry.outcome in ("adopted", "failed", "withdrawn"):
        head = entry.outcome
    elif entry.outcome == "vetoed":
        head = "vetoed"
        params["countries"] = states(entry.vetoed_by)
    elif entry.outcome == "blocked":
        head = "blocked_by" if entry.blocked_by else "blocked"
        if entry.blocked_by:
            params["countries"] = states(entry.blocked_by)
    else:
        head = "not_voted"
    template = _REAL_HEADS[head]
    said = message(template, **{k: v for k, v in params.items() if "{" + k in template})
    if entry.tally is None:
        return said
    tally = entry.tally.votes()
    groups: list[Msg] = []
    against = [c for c in entry.no or [] if entry.outcome != "vetoed" or c not in entry.vetoed_by]
    if against:
        groups.append(message(N_("{countries} also against") if entry.outcome == "vetoed"
                              else N_("{countries} against"), countries=states(against)))
    if entry.abstain:
        groups.append(message(N_("{countries} abstaining"), countries=states(entry.abstain)))
    if entry.absent:
        groups.append(message(N_("{countries} absent"), countries=states(entry.absent)))
    if entry.outcome == "failed" and entry.blocked_by and entry.no == entry.blocked_by \
            and entry.body in league.LEAGUE_BODIES:
        groups[0] = message(N_("{countries} voting against, which broke unanimity"),
                            countries=states(entry.no))
    if groups:
        return message(N_("{head}, {tally}, with {groups}"), head=said, tally=tally,
                       groups=listed(groups))
    return message(N_("{head}, {tally}"), head=said, tally=tally)


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


def _verdict(decision: Decision, entry: HistoryEntry, body: Msg | None) -> tuple[Verdict, Msg]:
    """Where a class decision and its real counterpart agree or part; ``body`` is the real
    body as the clause names it, None for history itself (an event of the world)."""
    ours = "passed" if decision.outcome in PASSED else "stopped"
    if entry.outcome in ("not_voted", "withdrawn"):
        return "part", message(N_("the real text never came to a vote"))
    theirs = "passed" if entry.outcome in PASSED else "stopped"
    if ours != theirs:
        if body is None:
            return "part", message(N_("your class decided what history did not") if ours == "passed"
                                   else N_("history decided what your class did not"))
        if ours == "passed":
            return "part", message(N_("your class decided what {body} did not"), body=body)
        return "part", message(N_("{body} decided what your class did not"), body=body)
    if decision.outcome == "vetoed" and entry.outcome == "vetoed":
        if set(decision.vetoed_by) == set(entry.vetoed_by):
            return "agree", counted(*Nn_("the same outcome, vetoed by the same member",
                                         "the same outcome, vetoed by the same members"),
                                    count=len(entry.vetoed_by))
        return "agree", message(N_("the same outcome, but the veto came from another hand"))
    if decision.outcome != entry.outcome and {decision.outcome, entry.outcome} <= STOPPED:
        return "agree", message(N_("the same outcome, though by another road"))
    if decision.votes and entry.tally is not None:
        if decision.votes == entry.tally.votes():
            return "agree", message(N_("the same outcome, by the same tally"))
        return "agree", message(N_("the same outcome, by another tally"))
    return "agree", message(N_("the same outcome"))


def _real_short(body: str) -> Msg | None:
    """The real body as a clause names it ("the real Council"); None for the world's
    events, which the clause calls history."""
    if body == "WORLD" or body not in REAL_BODY:
        return None
    return message(REAL_BODY[body])


def compare(state: State, events: Sequence[Event] = ()) -> Comparison:
    """The class's decisions beside the history track of its scenario (see the module)."""
    scenario = state.scenario
    track = scenario.history
    if not track:
        return Comparison(False, note=message(N_(
            "This scenario has no history track: there is no real crisis to set the class's "
            "decisions beside.")))
    used: set[str] = set()
    pairs = []
    for decision in decisions(state, events):
        yours = _yours(decision)
        entry, related = _candidates(decision, track, used)
        if entry is None:
            question = message(QUESTION_WORDS[decision.question])
            if decision.body == "WORLD":
                real = message(N_("in reality no such notice was given in this crisis"))
            elif decision.body == "LEAGUE":
                real = message(N_("the real League took no decision on {question} in this "
                                  "crisis"), question=question)
            else:
                real = message(N_("{body} took no decision on {question} in this crisis, as "
                                  "far as the history track records"),
                               body=message(REAL_BODY[decision.body]), question=question)
            pairs.append(Pair("no_counterpart",
                              message(N_("{yours}; {real}."), yours=yours, real=real)
                              .as_sentence(), decision, None, yours_said=yours, real_said=real))
            continue
        used.add(entry.id)
        real = real_msg(entry, scenario)
        if related:
            real = message(N_("on a related question, {real}"), real=real)
        verdict, clause = _verdict(decision, entry, _real_short(entry.body))
        pairs.append(Pair(verdict, message(N_("{yours}; {real}: {clause}."), yours=yours,
                                           real=real, clause=clause).as_sentence(),
                          decision, entry, related, yours, real, clause))
    missed = []
    for entry in track:
        if reached(entry) and entry.id not in used:
            real = real_msg(entry, scenario)
            missed.append(Pair("not_reached",
                               message(N_("{real}: your class never reached this decision."),
                                       real=real).as_sentence(),
                               None, entry, real_said=real))
    return Comparison(True, tuple(pairs), tuple(missed))


def _yours(decision: Decision) -> Msg:
    return (message(N_("in round {round}, {words}"), round=decision.round, words=decision.said)
            if decision.round else decision.said)


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
        label = real_msg(entry, scenario).as_sentence()
        out.append({"entry": entry.id, "date": entry.date, "when": long_date(entry.date),
                    "when_msg": _when(entry), "body": entry.body, "label": label.english(),
                    "label_msg": label.to_json(),
                    "round": entry.round,
                    "seq": starts.get(entry.round) if entry.round is not None else None,
                    "source": entry.source, "url": entry.url})
    return out


def _when(entry: HistoryEntry) -> dict[str, Any]:
    """A real decision's date, as a message a reader's language writes."""
    return message(N_("{date}"), date=Date(entry.date)).to_json()


def _full_stop(said: Msg) -> Msg:
    """A clause as a sentence of its own: a capital, a full stop."""
    return message(N_("{text}."), text=said).as_sentence()


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
        real = _full_stop(real_msg(entry, state.scenario))
        yours = [_full_stop(p.yours_said) for p in pairs if p.yours_said]
        clauses = [_full_stop(p.clause_said) for p in pairs if p.clause_said]
        out["shown"] = {
            "entry": entry.id, "date": entry.date, "when": long_date(entry.date),
            "when_msg": _when(entry),
            "body": entry.body, "symbol": entry.symbol, "proposed": entry.proposed,
            "outcome": entry.outcome, "tally": entry.tally.votes() if entry.tally else None,
            "real": real.english(), "real_msg": real.to_json(),
            "yours": [m.english() for m in yours], "yours_msg": [m.to_json() for m in yours],
            "verdicts": [p.verdict for p in pairs],
            "clauses": [m.english() for m in clauses],
            "clauses_msg": [m.to_json() for m in clauses], "source": entry.source}
    if viewer == "instructor":
        out["track"] = []
        for e in state.scenario.history:
            label = real_msg(e, state.scenario).as_sentence()
            out["track"].append({"entry": e.id, "date": e.date, "when": long_date(e.date),
                                 "when_msg": _when(e), "body": e.body, "label": label.english(),
                                 "label_msg": label.to_json(),
                                 "revealed": e.id in state.history_revealed})
    return out


__all__ = ["Comparison", "Decision", "Pair", "compare", "decisions", "marks", "question_of",
           "real_words", "reveal_history", "round_starts", "shown"]
