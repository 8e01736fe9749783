"""The League of Nations: its Council (``LNC``) and Assembly (``LNA``) under the
Covenant, Art. 16 sanctions applied by each Member, and withdrawal (Art. 1(3)).

Decisions need "the agreement of all the Members of the League represented at
the meeting" (Covenant Art. 5(1)): one vote against blocks. In League practice
an abstention does not break unanimity, and a member absent from the vote is
not represented. Procedure is decided by a majority of the members present
(Art. 5(2)). The parties to a dispute count under Art. 11, but not for a
Council report under Art. 15(6) or a finding under Art. 16; an Assembly report
(Art. 15(10)) needs every Council member and a majority of the other Members,
the parties excluded in both. Each Member then applies sanctions on its own
(the Assembly's resolutions of 4 October 1921: "It is the duty of each Member
of the League to decide for itself whether a breach of the Covenant has been
committed").

>>> outcome = tally(voters=("GBR", "FRA", "ITA", "JPN", "CHN"), parties=("CHN", "JPN"),
...                article="11", votes={"GBR": "yes", "FRA": "yes", "ITA": "yes",
...                                     "CHN": "yes", "JPN": "no"})
>>> outcome.result, outcome.reason, outcome.blocked_by, outcome.votes
('failed', 'unanimity', ('JPN',), '4-1-0')
>>> tally(voters=("GBR", "FRA", "ITA", "ETH"), parties=("ITA", "ETH"), article="16",
...       votes={"GBR": "yes", "FRA": "yes", "ITA": "no", "ETH": "yes"}).result
'adopted'
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

from game_rules.actions import (
    ApplySanctions,
    CallVote,
    CloseVote,
    LiftSanctions,
    NotifyWithdrawal,
    TableDraft,
    Vote,
    WithdrawalEffective,
)
from game_rules.context import Context
from game_rules.errors import RuleError
from game_rules.events import (
    DraftAdopted,
    DraftFailed,
    DraftTabled,
    Event,
    MemberExpelled,
    MemberLeft,
    SanctionsApplied,
    SanctionsLifted,
    VoteCalled,
    VoteCast,
    VoteClosed,
    WarDetermined,
    WithdrawalNotified,
    explained,
)
from game_rules.measure_names import measure_msg
from game_rules.messages import N_, Msg, Nn_, Param, day_of, join, listed, message, plural_message
from game_rules.scenario import SANCTION_MEASURES, VoteChoice
from game_rules.state import Draft, State, status_word

LEAGUE_BODIES = frozenset({"LNC", "LNA"})
BODY_NAMES = {"LNC": N_("the Council of the League"), "LNA": N_("the Assembly of the League")}
SANCTION_WORDS = {"arms_embargo": N_("an arms embargo"), "financial": N_("financial measures"),
                  "import_ban": N_("a ban on imports"), "export_ban": N_("an embargo on exports"),
                  "oil": N_("an oil embargo")}
"""The League's measures under Art. 16 in words (``scenario.SANCTION_MEASURES``)."""


def sanction_list(measures: Iterable[str]) -> Param:
    """Measures under Art. 16 as a sentence lists them, each with its article ("an arms
    embargo, financial measures and an oil embargo"; « un embargo sur les armes, des mesures
    financières et un embargo pétrolier »)."""
    return listed([message(SANCTION_WORDS[m]) if m in SANCTION_WORDS else m.replace("_", " ")
                   for m in measures])


WAR_DETERMINATION = "determine_resort_to_war"
"""Covenant Art. 16(1): a Member has resorted to war in disregard of Arts. 12, 13 or 15."""
REPORT = "adopt_report"
"""Covenant Art. 15(4) (the Council) and 15(10) (the Assembly): a report on the dispute,
with the recommendations deemed just and proper."""
MILITARY_CONTRIBUTIONS = "recommend_military_contributions"
"""Covenant Art. 16(2): the Council recommends what forces Members contribute; none is bound."""
EXPULSION = "expel"
"""Covenant Art. 16(4): a Member that has violated a covenant is no longer a Member."""
REFER_TO_ASSEMBLY = "refer_to_assembly"
"""Covenant Art. 15(9): the Council refers the dispute to the Assembly."""

ARTICLE16_MEASURES = frozenset({WAR_DETERMINATION, MILITARY_CONTRIBUTIONS, EXPULSION,
                                "sanctions", *SANCTION_MEASURES})
"""Measures only an Art. 16 draft carries (the economic ones recommend what each Member
then applies on its own)."""
ARTICLE15_MEASURES = frozenset({REPORT, REFER_TO_ASSEMBLY})
LEAGUE_ONLY_MEASURES = ARTICLE16_MEASURES | ARTICLE15_MEASURES
"""The League's own measure names (docs/scenarios.md, Measure names)."""
PROCEDURE = frozenset({"adopt_agenda", "invite_speaker", "suspend_meeting", "adjourn_meeting",
                       "fact_finding"})
"""What Art. 5(2) leaves to a majority: "All matters of procedure ..., including the
appointment of Committees to investigate particular matters"."""
COUNCIL_ONLY = {EXPULSION: "16(4)", MILITARY_CONTRIBUTIONS: "16(2)", REFER_TO_ASSEMBLY: "15(9)"}
"""What only the Council of the League decides, and the article that says so."""
NOT_IN_COVENANT = frozenset({"determine_threat", "authorize_force", "blockade", "no_fly_zone",
                             "tribunal", "peacekeeping", "refer_to_icc",
                             "emergency_special_session"})
"""Charter measures the Covenant has no counterpart for (Art. 16(2) recommends military
contributions instead of authorising force)."""


Article = Literal["11", "15", "16", "procedural"]


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a League vote gives: the rule, who counted and who blocked."""

    result: Literal["adopted", "failed"]
    reason: Literal["unanimity", "insufficient_votes"] | None
    yes: tuple[str, ...]
    no: tuple[str, ...]
    abstain: tuple[str, ...]
    absent: tuple[str, ...]
    excluded: tuple[str, ...]
    """Whose votes do not count: the parties (Arts. 15, 16), the state expelled (16(4))."""
    blocked_by: tuple[str, ...]

    @property
    def votes(self) -> str:
        return f"{len(self.yes)}-{len(self.no)}-{len(self.abstain)}"


def tally(*, voters: tuple[str, ...], parties: tuple[str, ...], article: Article,
          votes: Mapping[str, VoteChoice], against: str | None = None, expel: bool = False,
          assembly_report_council: tuple[str, ...] | None = None) -> Outcome:
    """The Covenant's rule on one vote.

    ``assembly_report_council`` is given for an Assembly vote under Art. 15: the members
    of the Council, whose every concurrence the report needs (Art. 15(10)).
    """
    yes = tuple(m for m in voters if votes.get(m) == "yes")
    no = tuple(m for m in voters if votes.get(m) == "no")
    abstain = tuple(m for m in voters if votes.get(m) == "abstain")
    absent = tuple(m for m in voters if m not in votes)
    if article == "procedural":
        present = len(yes) + len(no) + len(abstain)
        passed = 2 * len(yes) > present
        return Outcome("adopted" if passed else "failed",
                       None if passed else "insufficient_votes", yes, no, abstain, absent,
                       (), ())
    if article == "11":
        excluded: tuple[str, ...] = ()
    elif expel and against is not None:
        excluded = (against,)
    else:
        excluded = tuple(p for p in parties if p in voters)
    if assembly_report_council is not None:
        council = tuple(m for m in assembly_report_council if m in voters and m not in excluded)
        others = tuple(m for m in voters if m not in council and m not in excluded)
        blocked = tuple(m for m in council if votes.get(m) == "no")
        others_yes = sum(1 for m in others if votes.get(m) == "yes")
        if others:
            passed = not blocked and 2 * others_yes > len(others)
        else:
            passed = not blocked and any(votes.get(m) == "yes" for m in council)
    else:
        counted = tuple(m for m in voters if m not in excluded)
        blocked = tuple(m for m in counted if votes.get(m) == "no")
        passed = not blocked and any(votes.get(m) == "yes" for m in counted)
    reason: Literal["unanimity", "insufficient_votes"] | None = None
    if not passed:
        reason = "unanimity" if blocked else "insufficient_votes"
    return Outcome("adopted" if passed else "failed", reason, yes, no, abstain, absent,
                   excluded, blocked)


# Who sits where.


def is_league_body(body: str) -> bool:
    return body in LEAGUE_BODIES


def voters(state: State, draft: Draft) -> tuple[str, ...]:
    """Who votes on a League draft: the Council's members, and (Covenant Art. 4(5)) any
    Member of the League party to the dispute, which sits with the Council as a member
    while it is considered; in the Assembly every Member of the League."""
    members = state.council_members(draft.body)
    if draft.body != "LNC":
        return members
    league = state.league_members()
    return (*members, *(p for p in draft.parties if p in league and p not in members))


def outcome_of(state: State, draft: Draft, votes: Mapping[str, VoteChoice]) -> Outcome:
    """What the vote on a League draft gives with these votes (also for live tallies)."""
    article: Article = draft.article or "11"
    council: tuple[str, ...] | None = None
    if draft.body == "LNA" and article == "15":
        council = state.council_members("LNC")
    return tally(voters=voters(state, draft), parties=draft.parties, article=article,
                 votes=votes, against=draft.against, expel=EXPULSION in draft.measures,
                 assembly_report_council=council)


def _require_body(state: State, body: str) -> None:
    bodies = state.scenario.bodies
    if (body == "LNC" and bodies.LNC is None) or (body == "LNA" and bodies.LNA is None):
        raise RuleError("no_such_body", message(
            N_("This scenario has no Council of the League.") if body == "LNC"
            else N_("This scenario has no Assembly of the League.")))


def _require_member(state: State, actor: str, doing: Msg) -> None:
    if actor not in state.league_members():
        raise RuleError("not_a_league_member", message(
            N_("{country} is not a Member of the League of Nations any longer: only Members "
               "{doing}.") if actor in state.league_left else
            N_("{country} is not a Member of the League of Nations: only Members {doing}."),
            country=state.country(actor), doing=doing))


def _not_voter(state: State, actor: str, draft: Draft, doing: Msg) -> RuleError:
    if draft.body == "LNC":
        return RuleError(
            "not_a_council_member",
            message(N_(
                "{country} does not sit on the Council of the League for {draft}: only its members "
                "{doing}, and a Member of the League party to the dispute, which sits with it as a "
                "member (Covenant Art. 4(5))."),
                country=state.country(actor), draft=draft.id, doing=doing))
    if actor in state.league_left:
        return RuleError("not_a_member",
                         message(N_(
                             "{country} is no longer a Member of the League (it has withdrawn or been "
                             "expelled): in the Assembly only Members {doing}."),
                             country=state.country(actor), doing=doing))
    return RuleError("not_a_member", message(N_(
                                    "{country} is not a Member of the League in the Assembly: only "
                                    "Members {doing}."),
                                    country=state.country(actor), doing=doing))


def _article_of(action: TableDraft, measures: list[str]) -> Article:
    """The article a draft is taken under: as given, else read from its measures."""
    if action.article is not None:
        return action.article
    if action.procedural:
        return "procedural"
    if any(m in ARTICLE16_MEASURES for m in measures):
        return "16"
    if any(m in ARTICLE15_MEASURES for m in measures):
        return "15"
    if measures and all(m in PROCEDURE - {"fact_finding"} for m in measures):
        return "procedural"
    return "11"


def _default_against(state: State, parties: list[str]) -> str | None:
    for incident in state.incidents.values():
        if incident.attacker and incident.attacker in parties:
            return incident.attacker
    aggressor = state.scenario.aggressor
    if aggressor and aggressor.country in parties:
        return aggressor.country
    return None


def next_symbol(state: State, body: str) -> str:
    year = state.scenario.year
    n = state.draft_counter + 1
    while True:
        symbol = f"{body}/{year}/{n}" if year else f"{body}/{n}"
        if symbol not in state.drafts:
            return symbol
        n += 1


def resolution_symbol(state: State, draft: Draft) -> str:
    adopted = sum(1 for d in state.drafts.values()
                  if d.body == draft.body and d.status == "adopted")
    year = f" ({state.scenario.year})" if state.scenario.year else ""
    return f"{draft.body}/RES/{adopted + 1}{year}"


# Handlers.


def table_draft(state: State, action: TableDraft, ctx: Context) -> list[Event]:
    body = action.body
    _require_body(state, body)
    actor = action.actor
    parties = list(dict.fromkeys(action.parties if action.parties is not None
                                 else _default_parties(state)))
    for code in parties:
        if code not in state.countries():
            raise RuleError("unknown_country", message(N_(
                                    "\"{code}\" is not a state in this game."),
                                    code=code))
    if body == "LNC":
        on_council = actor in state.council_members("LNC")
        if not on_council and not (actor in state.league_members() and actor in parties):
            raise RuleError(
                "not_a_council_member",
                message(N_(
                    "{country} is not on the Council of the League: its members table drafts, and a "
                    "Member of the League party to the dispute, which sits with it as a member (Covenant "
                    "Art. 4(5)): name it among the draft's parties."),
                    country=state.country(actor)))
    elif actor not in state.league_members():
        raise _not_voter(state, actor, Draft(id="", body=body, sponsor=actor, order=0),
                         message(N_("table drafts")))
    for name, value in (("chapter", action.chapter), ("amends", action.amends),
                        ("important", action.important or None)):
        if value is not None:
            raise RuleError("wrong_body_field",
                            message(N_(
                                "{name} belongs to drafts of the United Nations; a League draft names "
                                "its article (11, 15, 16 or procedural) and its parties."),
                                name=name))
    symbol = action.draft or next_symbol(state, body)
    if symbol in state.drafts:
        raise RuleError("draft_name_taken", message(N_(
                                    "The symbol \"{symbol}\" is already in use."),
                                    symbol=symbol))
    measures = list(dict.fromkeys(action.measures))
    if action.procedural and action.article not in (None, "procedural"):
        raise RuleError("wrong_body_field",
                        message(N_(
                            "A draft under Article {article} is not procedural: give the article "
                            "\"procedural\" (Covenant Art. 5(2)), or leave procedural out."),
                            article=action.article))
    article = _article_of(action, measures)
    _check_measures(state, body, article, measures)
    against = action.against
    if WAR_DETERMINATION in measures or EXPULSION in measures:
        against = against or _default_against(state, parties)
        if against is None:
            raise RuleError("against_required",
                            message(N_(
                                "Name the state (against) that the League finds resorted to war "
                                "(Covenant Art. 16(1)) or declares no longer a Member (16(4)).")))
    if against is not None:
        if against not in state.countries():
            raise RuleError("unknown_country", message(N_(
                                    "\"{code}\" is not a state in this game."),
                                    code=against))
        if EXPULSION in measures and against not in state.league_members():
            raise RuleError("not_a_league_member",
                            message(N_(
                                "{against} is not a Member of the League: only a Member can be declared "
                                "no longer one (Covenant Art. 16(4))."),
                                against=state.country(against)))
        if against not in parties:
            parties.append(against)
    return [DraftTabled(
        draft=symbol, body=body, sponsor=actor, title=action.title, text=action.text,
        chapter=None, measures=measures, procedural=article == "procedural", parties=parties,
        article=article, against=against)]


def _default_parties(state: State) -> list[str]:
    parties: dict[str, None] = {}
    for incident in state.incidents.values():
        parties.setdefault(incident.target, None)
        if incident.attacker:
            parties.setdefault(incident.attacker, None)
    return list(parties)


def _check_measures(state: State, body: str, article: Article, measures: list[str]) -> None:
    for m in measures:
        if m in NOT_IN_COVENANT:
            raise RuleError(
                "not_a_covenant_measure",
                message(N_(
                    "\"{m}\" is a measure of the United Nations Charter, not of the Covenant: the League "
                    "finds a resort to war (Art. 16(1)), its Members apply sanctions, and the Council "
                    "recommends military contributions (Art. 16(2))."),
                    m=measure_msg(m)))
        if article == "procedural" and m not in PROCEDURE:
            raise RuleError(
                "substantive_measure_in_procedural",
                message(N_(
                    "\"{m}\" is not a matter of procedure: only procedure is decided by a majority "
                    "(Covenant Art. 5(2)); everything else needs unanimity (Art. 5(1))."),
                    m=measure_msg(m)))
        if m in ARTICLE16_MEASURES and article != "16":
            raise RuleError("measure_not_under_article",
                            message(N_(
                                "\"{m}\" is a measure under Article 16 of the Covenant, not under Article "
                                "{article}: give the article 16."),
                                m=measure_msg(m), article=article))
        if m in ARTICLE15_MEASURES and article != "15":
            raise RuleError("measure_not_under_article",
                            message(N_(
                                "\"{m}\" is a measure under Article 15 of the Covenant, not under Article "
                                "{article}: give the article 15."),
                                m=measure_msg(m), article=article))
        if body == "LNA" and m in COUNCIL_ONLY:
            raise RuleError("council_only", message(N_(
                                    "Only the Council of the League decides \"{m}\" (Covenant Art. "
                                    "{article})."),
                                    m=measure_msg(m), article=COUNCIL_ONLY[m]))


def call_vote(state: State, action: CallVote, ctx: Context) -> list[Event]:
    draft = state.drafts[action.draft]
    actor = action.actor
    if draft.body == "LNC":
        president = _president(state)
        if actor not in ("instructor", president):
            if president is None:
                raise RuleError("not_president",
                                message(N_(
                                    "Only the instructor calls a vote in the Council of the League: the "
                                    "scenario names no President of the Council.")))
            raise RuleError("not_president",
                            message(N_(
                                "Only the President of the Council of the League ({president}) or the "
                                "instructor calls a vote."),
                                president=state.country(president)))
    elif actor != "instructor":
        raise RuleError("not_president", message(N_(
                                    "Only the instructor, presiding, calls a vote in the Assembly of the "
                                    "League.")))
    if draft.body in state.open_votes:
        raise RuleError("vote_in_progress",
                        message(N_(
                            "The vote on {open} is still open; close it first."),
                            open=state.open_votes[draft.body]))
    if draft.status != "tabled":
        raise RuleError("draft_not_pending", message(N_(
                                    "{draft} has already been {status}."),
                                    draft=draft.id, status=status_word(draft.status)))
    return [VoteCalled(draft=draft.id, by=actor, at=ctx.now)]


def _president(state: State) -> str | None:
    council = state.scenario.bodies.LNC
    if council is None or council.president in state.league_left:
        return None
    return council.president


def cast_vote(state: State, action: Vote, ctx: Context) -> list[Event]:
    draft = state.drafts[action.draft]
    actor = action.actor
    who = voters(state, draft)
    if actor not in who:
        raise _not_voter(state, actor, draft, message(N_("vote")))
    if state.open_votes.get(draft.body) != draft.id:
        raise RuleError("no_vote_open",
                        message(N_(
                            "There is no open vote on {draft}: members vote only between the call to "
                            "vote and its close."),
                            draft=draft.id))
    if actor in draft.votes:
        raise RuleError("already_voted",
                        message(N_(
                            "{country} has already voted on {draft}; a vote once cast is final."),
                            country=state.country(actor), draft=draft.id))
    events: list[Event] = [VoteCast(draft=draft.id, country=actor, vote=action.vote)]
    if len(draft.votes) + 1 == len(who):
        events += close_events(state, draft, {**draft.votes, actor: action.vote}, "system")
    return events


def close_vote(state: State, action: CloseVote, ctx: Context) -> list[Event]:
    draft = state.drafts[action.draft]
    actor = action.actor
    allowed = {"instructor", "system"}
    if draft.body == "LNC" and (president := _president(state)):
        allowed.add(president)
    if actor not in allowed:
        who = (message(N_("the President or the instructor")) if draft.body == "LNC"
               else message(N_("the instructor")))
        raise RuleError("not_president", message(N_(
                                    "Only {who} closes a vote in {body}."),
                                    who=who, body=message(BODY_NAMES[draft.body])))
    if state.open_votes.get(draft.body) != draft.id:
        raise RuleError("no_vote_open", message(N_("There is no open vote on {draft}."), draft=draft.id))
    return close_events(state, draft, draft.votes, actor)


def _counts(outcome: Outcome) -> Msg:
    a = len(outcome.abstain)
    counts = message(N_("{yes} in favour, {no} against, {abstain}"), yes=len(outcome.yes),
                     no=len(outcome.no),
                     abstain=plural_message(*Nn_("{count} abstention", "{count} abstentions"),
                                            count=a))
    if outcome.absent:
        counts = plural_message(*Nn_("{counts}, {count} not voting", "{counts}, {count} not voting"),
                                count=len(outcome.absent), counts=counts)
    return counts


def majority_of(n: int) -> int:
    """The smallest number that is more than half of ``n``.

    >>> majority_of(45), majority_of(44), majority_of(14)
    (23, 23, 8)
    """
    return n // 2 + 1


def _not_counted(state: State, outcome: Outcome, text: Msg) -> Msg:
    """The explanation, then whose votes were cast but not counted: the parties (Arts. 15,
    16), the state expelled."""
    cast = [c for c in outcome.excluded
            if c in outcome.yes or c in outcome.no or c in outcome.abstain]
    if not cast:
        return text
    return join(text, plural_message(*Nn_("The vote of {countries} was not counted.",
                                          "The votes of {countries} were not counted."),
                                     count=len(cast), countries=state.countries_of(cast)))


_REPORT_RULE = N_(
    "a report of the Assembly counts when concurred in by the members of the Council and by a "
    "majority of the other Members of the League, the parties excluded in both (Covenant Art. "
    "15(10))")


def _assembly_report(state: State, draft: Draft, outcome: Outcome) -> Msg:
    """Why an Assembly report under Art. 15(10) counts or not: the Council's concurrence and
    the majority of the other Members, with the numbers."""
    council = tuple(m for m in state.council_members("LNC") if m not in outcome.excluded)
    voters_ = (*outcome.yes, *outcome.no, *outcome.abstain, *outcome.absent)
    others = [m for m in voters_ if m not in council and m not in outcome.excluded]
    others_yes = sum(1 for m in others if m in outcome.yes)
    counts = _counts(outcome)
    council_no = [m for m in council if m in outcome.no]
    n, needed = len(others), majority_of(len(others))
    majority = plural_message(
        *Nn_("{concurred} of the {count} other Member (neither on the Council nor parties, "
             "present or not) concurred; a majority needs {needed}",
             "{concurred} of the {count} other Members (neither on the Council nor parties, "
             "present or not) concurred; a majority needs {needed}"),
        count=n, concurred=others_yes, needed=needed)
    if not others:
        majority = message(N_("the Assembly has no other Members (neither on the Council nor "
                              "parties)"))
    rule = message(_REPORT_RULE)
    if outcome.result == "adopted":
        council_part = (message(N_("none of the Council's members other than the parties voted "
                                   "against"))
                        if council else message(N_("the Council has no member other than the "
                                                   "parties")))
        text = message(N_("Adopted: {counts}. {council}, and {majority}: {rule}. It has the force "
                          "of a report of the Council agreed to by all its members other than "
                          "the parties (Art. 15(6))."), counts=counts,
                       council=council_part.as_sentence(), majority=majority, rule=rule)
        return _not_counted(state, outcome, text)
    failed: list[Msg] = []
    if council_no:
        failed.append(message(N_("{countries}, on the Council, voted against, and every member "
                                 "of the Council other than the parties must concur"),
                              countries=state.countries_of(council_no)))
    if not others:
        if not council_no:
            failed.append(message(N_("no member of the Council other than the parties voted in "
                                     "favour")))
    elif 2 * others_yes <= n:
        failed.append(majority)
    reasons: Msg | str = ""
    for reason in failed:
        reasons = message(N_("{first}; {second}"), first=reasons, second=reason) if reasons \
            else reason
    return _not_counted(state, outcome, message(N_("Not adopted: {reasons} ({rule}). {counts}."),
                                                reasons=reasons, rule=rule,
                                                counts=counts.as_sentence()))


_WITHOUT_REPORT = N_("Without a unanimous report the Members reserve the right to take such "
                     "action as they consider necessary (Art. 15(7)).")


def explain(state: State, draft: Draft, outcome: Outcome) -> Msg:
    """Why a League draft passed or failed, citing the Covenant, with the numbers."""
    counts = _counts(outcome)
    article = draft.article or "11"
    if article == "procedural":
        present = len(outcome.yes) + len(outcome.no) + len(outcome.abstain)
        where = (message(N_("{yes} of the {present} present voted in favour; a majority needs "
                            "{needed}"), yes=len(outcome.yes), present=present,
                         needed=majority_of(present))
                 if present else message(N_("no member was present")))
        verdict = (N_("Adopted: {counts}; {where}. A matter of procedure is decided by a "
                      "majority of the Members represented at the meeting (Covenant Art. 5(2)).")
                   if outcome.result == "adopted" else
                   N_("Not adopted: {counts}; {where}. A matter of procedure is decided by a "
                      "majority of the Members represented at the meeting (Covenant Art. 5(2))."))
        return message(verdict, counts=counts, where=where)
    if draft.body == "LNA" and article == "15":
        return _assembly_report(state, draft, outcome)
    if article == "11":
        rule = message(N_("a decision needs the agreement of every Member represented (Covenant "
                          "Art. 5(1)); under Art. 11 the parties' votes count"))
    elif EXPULSION in draft.measures and draft.against:
        rule = message(N_("an expulsion needs the concurrence of every other Member represented "
                          "on the Council; {country}'s own vote does not count (Covenant Art. "
                          "16(4))"), country=state.country(draft.against))
    elif article == "15":
        rule = message(N_("a report needs the agreement of every member represented other than "
                          "the parties to the dispute (Covenant Art. 15(6))"))
    else:
        rule = message(N_("a decision needs the agreement of every Member represented other than "
                          "the parties to the dispute (Covenant Art. 5(1); under Art. 16 the "
                          "votes of the Member alleged to have resorted to war and of the Members "
                          "against which it acted are not counted, as the Assembly proposed on 4 "
                          "October 1921)"))
    if outcome.result == "adopted":
        text = message(N_("Adopted: {counts}; {rule}."), counts=counts, rule=rule)
        if any(m not in outcome.excluded for m in outcome.abstain):
            text = join(text, message(N_("An abstention does not break unanimity.")))
        if any(m not in outcome.excluded for m in outcome.absent):
            text = join(text, message(N_("A member absent from the vote is not represented at "
                                         "it.")))
        return _not_counted(state, outcome, text)
    if outcome.reason == "unanimity":
        text = message(N_("Not adopted: {countries} voted against; {rule}. {counts}."),
                       countries=state.countries_of(outcome.blocked_by), rule=rule,
                       counts=counts.as_sentence())
        if article == "15" and draft.body == "LNC":
            text = join(text, message(_WITHOUT_REPORT))
        return _not_counted(state, outcome, text)
    if any(m in outcome.excluded for m in outcome.yes):
        why = message(N_("the only votes in favour were the parties', which are not counted"))
    else:
        why = message(N_("no member whose vote counts voted in favour (abstaining agrees to "
                         "nothing)"))
    text = message(N_("Not adopted: {counts}; {rule}, and {why}."), counts=counts, rule=rule,
                   why=why)
    if article == "15" and draft.body == "LNC":
        text = join(text, message(_WITHOUT_REPORT))
    return _not_counted(state, outcome, text)


def close_events(state: State, draft: Draft, votes: Mapping[str, VoteChoice],
                 by: str) -> list[Event]:
    outcome = outcome_of(state, draft, votes)
    events: list[Event] = [VoteClosed(draft=draft.id, yes=list(outcome.yes), no=list(outcome.no),
                                      abstain=list(outcome.abstain),
                                      absent=list(outcome.absent), by=by)]
    why = explain(state, draft, outcome)
    if outcome.result == "adopted":
        events.append(DraftAdopted(draft=draft.id, body=draft.body,
                                   resolution=resolution_symbol(state, draft),
                                   votes=outcome.votes, binding=False, **explained(why)))
        if WAR_DETERMINATION in draft.measures and draft.against:
            body: Literal["LNC", "LNA"] = "LNC" if draft.body == "LNC" else "LNA"
            events.append(WarDetermined(draft=draft.id, body=body, against=draft.against))
        if EXPULSION in draft.measures and draft.against and draft.body == "LNC":
            events.append(MemberExpelled(country=draft.against, draft=draft.id))
    else:
        events.append(DraftFailed(draft=draft.id, body=draft.body,
                                  reason=outcome.reason or "insufficient_votes",
                                  votes=outcome.votes, **explained(why),
                                  blocked_by=list(outcome.blocked_by) or None))
    return events


# Sanctions: each Member on its own (Art. 16(1); the resolutions of 4 October 1921).


def applied(state: State, member: str, against: str) -> tuple[str, ...]:
    """The measures ``member`` applies against ``against`` now."""
    for s in state.sanctions:
        if s.member == member and s.against == against:
            return s.measures
    return ()


def apply_sanctions(state: State, action: ApplySanctions, ctx: Context) -> list[Event]:
    _require_any_league(state)
    actor = action.actor
    _require_member(state, actor, message(N_("apply the sanctions of Covenant Art. 16")))
    if action.against not in state.countries():
        raise RuleError("unknown_country", message(N_(
                                    "\"{code}\" is not a state in this game."),
                                    code=action.against))
    if action.against == actor:
        raise RuleError("cannot_sanction_itself", message(N_(
                                    "A Member applies sanctions against another state, not against "
                                    "itself.")))
    current = applied(state, actor, action.against)
    new = [m for m in dict.fromkeys(action.measures) if m not in current]
    if not new:
        raise RuleError("already_applied",
                        message(N_(
                            "{country} already applies {measures} against {against}."),
                            country=state.country(actor), measures=sanction_list(action.measures),
                            against=state.country(action.against)))
    return [SanctionsApplied(country=actor, against=action.against, measures=new)]


def lift_sanctions(state: State, action: LiftSanctions, ctx: Context) -> list[Event]:
    _require_any_league(state)
    actor = action.actor
    current = applied(state, actor, action.against)
    wanted = list(dict.fromkeys(action.measures)) if action.measures else list(current)
    lifted = [m for m in wanted if m in current]
    if not lifted:
        raise RuleError("not_applied",
                        message(N_(
                            "{country} applies no such measure against {against}."),
                            country=state.country(actor), against=state.country(action.against)))
    return [SanctionsLifted(country=actor, against=action.against, measures=lifted)]


def _require_any_league(state: State) -> None:
    if state.scenario.bodies.LNC is None and state.scenario.bodies.LNA is None:
        raise RuleError("no_such_body", message(N_("This scenario has no League of Nations.")))


# Withdrawal (Art. 1(3)).


def notify_withdrawal(state: State, action: NotifyWithdrawal, ctx: Context) -> list[Event]:
    _require_any_league(state)
    _require_member(state, action.actor, message(N_("give notice to withdraw")))
    if action.actor in state.league_withdrawals:
        raise RuleError("already_notified",
                        message(N_(
                            "{country} has already given notice to leave the League."),
                            country=state.country(action.actor)))
    notified = state.world_time(ctx.now)
    return [WithdrawalNotified(country=action.actor, effective_at=two_years_after(notified),
                               notified_at=notified, body="LEAGUE")]


def withdrawal_moment(state: State, country: str) -> float:
    """When, on the classroom's clock, a Member's withdrawal from the League can take effect
    (Art. 1(3)): two years after its notice in the world's time, which counts the days the
    instructor skipped. The clock issues ``withdrawal_effective`` (``body: "LEAGUE"``) then.

    >>> from game_rules.engine import new_game, step
    >>> from game_rules.scenario import load_scenario
    >>> sc = load_scenario({"id": "l", "title": "L", "bodies": {"LNA": {"members": ["JPN", "FRA"]}}})
    >>> state, _ = step(new_game(sc, 1), {"actor": "instructor", "kind": "start"})
    >>> state, _ = step(state, {"actor": "JPN", "kind": "notify_withdrawal", "body": "LEAGUE"})
    >>> withdrawal_moment(state, "JPN") / 86400
    730.0
    >>> state, _ = step(state, {"actor": "instructor", "kind": "skip_time", "days": 730,
    ...                         "reason": "Two years pass."})
    >>> withdrawal_moment(state, "JPN")
    0.0
    """
    return state.league_withdrawals[country] - state.time_skipped


def two_years_after(moment: float) -> float:
    """The same day and time two calendar years later (UTC; 29 February gives 1 March).

    >>> from datetime import UTC, datetime
    >>> notice = datetime(1933, 3, 27, tzinfo=UTC).timestamp()
    >>> datetime.fromtimestamp(two_years_after(notice), tz=UTC).date().isoformat()
    '1935-03-27'
    """
    start = datetime.fromtimestamp(moment, tz=UTC)
    try:
        end = start.replace(year=start.year + 2)
    except ValueError:
        end = start.replace(year=start.year + 2, month=3, day=1)
    return end.timestamp()


def withdrawal_effective(state: State, action: WithdrawalEffective,
                         ctx: Context) -> list[Event]:
    if action.country in state.league_left:
        raise RuleError("not_a_league_member",
                        message(N_(
                            "{country} is no longer a Member of the League: it has already left or been "
                            "expelled."),
                            country=state.country(action.country)))
    if action.country not in state.league_members():
        raise RuleError("not_a_league_member",
                        message(N_(
                            "{country} is not a Member of the League."),
                            country=state.country(action.country)))
    if action.country not in state.league_withdrawals:
        raise RuleError("no_notice", message(N_(
                                    "{country} has not given notice to leave the League."),
                                    country=state.country(action.country)))
    effective = state.league_withdrawals[action.country]
    now = state.world_time(ctx.now)
    if now < effective:
        days = math.ceil((effective - now) / 86400)
        raise RuleError(
            "notice_period_running",
            message(N_(
                "Under Covenant Art. 1(3) {country} withdraws two years after its notice, on "
                "{effective}, {days} from now; until then it is a Member with every obligation. "
                "The instructor may move the world's calendar forward (skip_time)."),
                country=state.country(action.country), effective=day_of(effective),
                days=plural_message(*Nn_("{count} day", "{count} days"), count=days)))
    return [MemberLeft(country=action.country, body="LEAGUE")]


def close_open_votes(state: State) -> list[Event]:
    """Close every open League vote, as when the council phase ends."""
    events: list[Event] = []
    for body, draft_id in state.open_votes.items():
        if body in LEAGUE_BODIES:
            draft = state.drafts[draft_id]
            events += close_events(state, draft, draft.votes, "system")
    return events


# What the League's acts do to deterrence (see game_rules/crisis.py).

DETERRENCE: dict[str, int] = {
    "league_resolution": 2,
    "league_report": 3,
    "war_determined": 6,
    "unanimity_broken": -6,
    "sanctions_applied": 2,
    "oil_sanction": 2,
    "sanctions_lifted": -3,
    "member_expelled": 2,
    "league_withdrawal_notified": -5,
}
"""Each League act's effect on deterrence: a resolution +2 (a report +3), a finding under
Art. 16 +6, each Member's sanctions +2 (+2 more with oil), lifting them -3, unanimity broken
by a vote against -6, an expulsion +2, a notice to leave the League -5."""


def deterrence_change(state: State, event: Event) -> tuple[int, str] | None:
    """How a League event moves deterrence; None for events that are not the League's."""
    if isinstance(event, DraftAdopted | DraftFailed) and event.body in LEAGUE_BODIES:
        draft = state.drafts[event.draft]
        if isinstance(event, DraftFailed):
            if event.reason == "unanimity":
                return DETERRENCE["unanimity_broken"], N_("the League's unanimity broken")
            return 0, ""
        if draft.procedural:
            return 0, ""
        if REPORT in draft.measures:
            return DETERRENCE["league_report"], N_("a League report adopted")
        return DETERRENCE["league_resolution"], N_("a League resolution adopted")
    if isinstance(event, WarDetermined):
        return DETERRENCE["war_determined"], N_("the League found a resort to war (Art. 16)")
    if isinstance(event, SanctionsApplied):
        extra = DETERRENCE["oil_sanction"] if "oil" in event.measures else 0
        return DETERRENCE["sanctions_applied"] + extra, N_("a Member applies sanctions")
    if isinstance(event, SanctionsLifted):
        return DETERRENCE["sanctions_lifted"], N_("a Member lifts sanctions")
    if isinstance(event, MemberExpelled):
        return DETERRENCE["member_expelled"], N_("a Member expelled (Art. 16(4))")
    if isinstance(event, WithdrawalNotified) and event.body == "LEAGUE":
        return DETERRENCE["league_withdrawal_notified"], N_("a Member gave notice to leave the League")
    return None


# The debrief's rules and precedents for the League (docs/debrief.md).

PRECEDENTS: dict[str, tuple[str, str]] = {
    "league_unanimity_broken": (
        N_("Covenant Art. 5(1): decisions \"shall require the agreement of all the Members of the "
           "League represented at the meeting\"; under Art. 11 the parties' votes count."),
        N_("24 October 1931: the Council's resolution asking Japan to withdraw its troops into the "
           "railway zone by 16 November failed, Japan alone voting against.")),
    "league_resolution": (
        N_("Covenant Art. 5(1): a decision needs the agreement of every Member represented at the "
           "meeting; an abstention does not break it. The League's resolutions recommend."),
        N_("10 December 1931: the Council unanimously adopted the resolution that sent a "
           "commission of enquiry to Manchuria (the Lytton Commission).")),
    "league_procedure": (
        N_("Covenant Art. 5(2): procedure, including the appointment of committees to "
           "investigate, \"may be decided by a majority of the Members of the League represented "
           "at the meeting\"."), ""),
    "league_failed": (
        N_("Covenant Art. 5(1): a decision needs the agreement of the Members represented; a "
           "draft no member whose vote counts agreed to is not adopted, and an Assembly report "
           "needs a majority of the Members not on the Council (Art. 15(10))."), ""),
    "league_report": (
        N_("Covenant Art. 15(10): an Assembly report concurred in by every Council member and a "
           "majority of the other Members, the parties excluded, has the force of a unanimous "
           "Council report (15(6))."),
        N_("24 February 1933: the Assembly adopted its report on Manchuria, 42-1, Japan against "
           "and Siam abstaining; Japan gave notice to leave the League on 27 March 1933.")),
    "war_determined": (
        N_("Covenant Art. 16(1): a Member that resorts to war in disregard of Arts. 12, 13 or 15 "
           "is deemed to have committed an act of war against all other Members; each Member "
           "decides for itself and applies the measures (Assembly resolutions, 4 October 1921)."),
        N_("7 October 1935: the members of the Council, Italy excepted, found that Italy had "
           "resorted to war in disregard of Art. 12 by invading Ethiopia; the sanctions were "
           "lifted on 15 July 1936.")),
    "sanctions_applied": (
        N_("Covenant Art. 16(1): the severance of trade and financial relations, applied by each "
           "Member on its own."),
        N_("October-November 1935: the Coordination Committee proposed an arms embargo, financial "
           "measures, a ban on imports from Italy and an embargo on certain exports to it, which "
           "some fifty Members applied; oil was never embargoed.")),
    "member_expelled": (
        N_("Covenant Art. 16(4): a Member that has violated a covenant may be declared no longer "
           "a Member \"by a vote of the Council concurred in by the Representatives of all the "
           "other Members of the League represented thereon\"."),
        N_("14 December 1939: the Council found that the Soviet Union, by attacking Finland, had "
           "placed itself outside the League; China, Finland, Greece and Yugoslavia abstained.")),
    "league_withdrawal_notified": (
        N_("Covenant Art. 1(3): \"Any Member of the League may, after two years' notice of its "
           "intention so to do, withdraw from the League\"."),
        N_("Japan gave notice on 27 March 1933 and left on 27 March 1935; Germany's notice, dated "
           "19 October 1933 and communicated on 21 October, took effect on 21 October 1935.")),
}
"""Keyed by ``precedent_key``: the rule that decided a League outcome and a real case."""


def ballot_kind(draft: Draft, result: str) -> str:
    """The key outcome a League vote is (see ``PRECEDENTS``)."""
    if result != "adopted":
        return "league_unanimity_broken" if draft.blocked_by else "league_failed"
    if draft.article == "procedural":
        return "league_procedure"
    if REPORT in draft.measures:
        return "league_report"
    return "league_resolution"


def precedent_key(state: State, event: Event) -> str | None:
    """Which League precedent an event calls for (``state`` is before it), if any."""
    if isinstance(event, DraftFailed) and event.body in LEAGUE_BODIES \
            and event.reason == "unanimity":
        return "league_unanimity_broken"
    if isinstance(event, DraftAdopted) and event.body in LEAGUE_BODIES \
            and REPORT in state.drafts[event.draft].measures:
        return "league_report"
    if isinstance(event, WarDetermined):
        return "war_determined"
    if isinstance(event, SanctionsApplied):
        first = not any(s.against == event.against for s in state.sanctions)
        return "sanctions_applied" if first else None
    if isinstance(event, MemberExpelled):
        return "member_expelled"
    if isinstance(event, WithdrawalNotified) and event.body == "LEAGUE":
        return "league_withdrawal_notified"
    return None
