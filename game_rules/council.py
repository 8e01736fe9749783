"""The voting councils: the Security Council, and the General Assembly on the
same machinery.

The Security Council adopts with nine affirmative votes (the scenario's
threshold: seven in the Council of eleven before 1966); on any question that
is not procedural, a permanent member's vote against is a veto (Charter
Art. 27). Abstention, absence and non-participation never count toward the
threshold and are never a veto.

>>> outcome = tally_votes(members=("CHN", "FRA", "GBR", "RUS", "USA", "ALB", "BRA",
...     "GAB", "GHA", "IND", "IRL", "KEN", "MEX", "NOR", "ARE"),
...     permanent=("CHN", "FRA", "GBR", "RUS", "USA"), threshold=9, procedural=False,
...     votes={"USA": "yes", "GBR": "yes", "FRA": "yes", "ALB": "yes", "BRA": "yes",
...            "GAB": "yes", "GHA": "yes", "IRL": "yes", "KEN": "yes", "MEX": "yes",
...            "NOR": "yes", "RUS": "no", "CHN": "abstain", "IND": "abstain",
...            "ARE": "abstain"})
>>> outcome.result, outcome.vetoed_by, outcome.votes
('vetoed', ('RUS',), '11-1-3')
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from game_rules import timeline
from game_rules.actions import (
    CallVote,
    CloseVote,
    ContestProcedural,
    RequestEmergencySession,
    RequestVote,
    TableDraft,
    Vote,
    WithdrawDraft,
)
from game_rules.context import Context
from game_rules.errors import RuleError
from game_rules.events import (
    DraftAdopted,
    DraftFailed,
    DraftTabled,
    DraftVetoed,
    DraftWithdrawn,
    EmergencySessionCalled,
    EmergencySessionRequested,
    Event,
    ProceduralQuestionDecided,
    SecurityCouncilActed,
    VetoDebateScheduled,
    VoteCalled,
    VoteCast,
    VoteClosed,
    VoteRequested,
    explained,
)
from game_rules.measure_names import measure_msg
from game_rules.messages import N_, Msg, Nn_, join, message, plural_message
from game_rules.numbering import first_resolution
from game_rules.scenario import VoteChoice
from game_rules.state import Draft, State, status_word

VII_ONLY = frozenset({"sanctions", "arms_embargo", "authorize_force", "blockade",
                      "no_fly_zone", "tribunal", "refer_to_icc"})
"""Measures under Articles 41 and 42, and the referral of a situation to the International
Criminal Court (Rome Statute Art. 13(b): by the Council "acting under Chapter VII"): only
in Chapter VII, after an Art. 39 determination."""
DECISION_MEASURES = VII_ONLY - {"authorize_force"}
"""Measures the Council can only decide ("Decides that all States shall ..."): a draft that
carries one decides. An authorisation permits; it obliges no member to use force."""
REGIONAL_SETTLEMENT = "regional_settlement"
"""Charter Art. 52(3): the Council encourages the pacific settlement of a local dispute
through a regional arrangement; a party to the dispute abstains (Art. 27(3))."""
DETERMINATION = "determine_threat"
PROCEDURAL_MEASURES = frozenset({"adopt_agenda", "invite_speaker", "suspend_meeting",
                                 "adjourn_meeting", "emergency_special_session"})
"""Procedural questions (Charter Art. 27(2)): nine votes, whatever the permanent members vote.
Every other measure is a question of substance."""
SUBSTANTIVE_MEASURES = VII_ONLY | {DETERMINATION, "demand_ceasefire", "demand_withdrawal",
                                   "condemn", "peacekeeping"}
RECOMMENDATIONS = frozenset({"deplore", "call_for_ceasefire", "call_for_negotiations",
                             "humanitarian_access", "request_report", "fact_finding",
                             "good_offices", REGIONAL_SETTLEMENT})
KNOWN_MEASURES = SUBSTANTIVE_MEASURES | PROCEDURAL_MEASURES | RECOMMENDATIONS
PEACE_AND_SECURITY = (SUBSTANTIVE_MEASURES | RECOMMENDATIONS) - {"request_report"}
"""In the General Assembly, a draft carrying one of these recommends on the maintenance of
international peace and security: an important question, two thirds (Charter Art. 18(2))."""
_DECIDES = re.compile(r"\bdecides\b(?!\s+to\s+(?:remain|meet|consider|continue|keep)\b)",
                      re.IGNORECASE)
"""An operative "decides", other than the formulas by which the Council runs its own
business ("decides to remain seized of the matter", "to meet again", "to consider")."""


@dataclass(frozen=True, slots=True)
class Outcome:
    result: Literal["adopted", "vetoed", "failed"]
    yes: tuple[str, ...]
    no: tuple[str, ...]
    abstain: tuple[str, ...]
    absent: tuple[str, ...]
    vetoed_by: tuple[str, ...]
    needed: int

    @property
    def votes(self) -> str:
        return f"{len(self.yes)}-{len(self.no)}-{len(self.abstain)}"


def tally_votes(*, members: tuple[str, ...], permanent: tuple[str, ...], threshold: int,
                procedural: bool, votes: Mapping[str, VoteChoice],
                no_veto: bool = False) -> Outcome:
    """The Security Council's rule (Charter Art. 27), on any composition.

    "Vetoed" only when the draft had the votes and a permanent member voted
    against; otherwise a draft short of the threshold "failed", whatever the
    permanent members did. A member that did not vote is absent.
    """
    yes = tuple(m for m in members if votes.get(m) == "yes")
    no = tuple(m for m in members if votes.get(m) == "no")
    abstain = tuple(m for m in members if votes.get(m) == "abstain")
    absent = tuple(m for m in members if m not in votes)
    vetoes = () if procedural or no_veto else tuple(m for m in no if m in permanent)
    if len(yes) < threshold:
        result: Literal["adopted", "vetoed", "failed"] = "failed"
    elif vetoes:
        result = "vetoed"
    else:
        result = "adopted"
    return Outcome(result, yes, no, abstain, absent, vetoes if result == "vetoed" else (),
                   threshold)


def tally_assembly(*, members: tuple[str, ...], important: bool,
                   votes: Mapping[str, VoteChoice]) -> Outcome:
    """The General Assembly's rule (Charter Art. 18): of the members present and
    voting (yes or no; abstainers are not counted), two thirds on important
    questions, a simple majority otherwise.

    >>> tally_assembly(members=("A", "B", "C", "D"), important=True,
    ...                votes={"A": "yes", "B": "yes", "C": "no", "D": "abstain"}).result
    'adopted'
    """
    yes = tuple(m for m in members if votes.get(m) == "yes")
    no = tuple(m for m in members if votes.get(m) == "no")
    abstain = tuple(m for m in members if votes.get(m) == "abstain")
    absent = tuple(m for m in members if m not in votes)
    voting = len(yes) + len(no)
    if important:
        needed = -(-2 * voting // 3)
        passed = len(yes) > 0 and 3 * len(yes) >= 2 * voting
    else:
        needed = voting // 2 + 1
        passed = len(yes) > len(no)
    return Outcome("adopted" if passed else "failed", yes, no, abstain, absent, (),
                   max(needed, 1))


# Who sits where.


def council_threshold(state: State) -> int:
    council = state.scenario.bodies.UNSC
    return council.required_yes() if council else 0


def participants(state: State, body: str) -> tuple[str, ...]:
    """Who may speak in a council: members, and in the Security Council the
    states invited under rule 37 and the briefers of rule 39."""
    if body == "UNSC" and state.scenario.bodies.UNSC:
        council = state.scenario.bodies.UNSC
        return (*council.members, *council.invited, *council.briefers)
    return state.council_members(body)


def _require_body(state: State, body: str) -> None:
    if body == "UNSC" and state.scenario.bodies.UNSC is None:
        raise RuleError("no_such_body", message(N_("This scenario has no Security Council.")))
    if body == "UNGA" and state.scenario.bodies.UNGA is None:
        raise RuleError("no_such_body", message(N_("This scenario has no General Assembly.")))


def _not_member(state: State, actor: str, body: str, doing: Msg) -> RuleError:
    if body == "UNSC":
        council = state.scenario.bodies.UNSC
        if council and actor in council.invited:
            return RuleError(
                "not_a_council_member",
                message(N_(
                    "{country} takes part without a vote (provisional rule 37): it may speak and table "
                    "drafts, but only members of the Security Council {doing}."),
                    country=state.country(actor), doing=doing))
        if council and actor in council.briefers:
            return RuleError(
                "not_a_council_member",
                message(N_(
                    "{country} is invited to brief the Council (rule 39): it may speak, but only members "
                    "of the Security Council {doing}."),
                    country=state.country(actor), doing=doing))
        return RuleError("not_a_council_member",
                         message(N_(
                             "{country} is not a member of the Security Council; only its members "
                             "{doing} (Charter Art. 27(1))."),
                             country=state.country(actor), doing=doing))
    return RuleError("not_a_member", message(N_(
                                    "{country} is not a member of the General Assembly in this scenario; "
                                    "only its members {doing}."),
                                    country=state.country(actor), doing=doing))


def _draft(state: State, draft_id: str) -> Draft:
    draft = state.drafts.get(draft_id)
    if draft is None:
        raise RuleError("unknown_draft", message(N_(
                                    "There is no draft \"{draft_id}\"."),
                                    draft_id=draft_id))
    return draft


def next_symbol(state: State, body: str) -> str:
    year = state.scenario.year
    n = state.draft_counter + 1
    while True:
        if body == "UNSC":
            symbol = f"S/{year}/{n}" if year else f"S/{n}"
        else:
            symbol = f"A/{year}/L.{n}" if year else f"A/L.{n}"
        if symbol not in state.drafts:
            return symbol
        n += 1


def default_parties(state: State) -> list[str]:
    parties: dict[str, None] = {}
    for incident in state.incidents.values():
        parties.setdefault(incident.target, None)
        if incident.attacker:
            parties.setdefault(incident.attacker, None)
    return list(parties)


def _has_determination(state: State) -> bool:
    return state.counters.determination


def draft_decides(draft: Draft) -> bool:
    """Whether an adopted Security Council text decides, and so binds every member
    (Charter Art. 25), rather than recommends; under either chapter (ICJ, Namibia
    advisory opinion, 1971, para 113).

    The sponsor's word (``decides``) first; else a measure only a decision can take
    (sanctions, an embargo, a tribunal, a referral to the ICC ...); else an operative
    "decides" in the text, other than the formulas of the Council's own business.

    >>> draft_decides(Draft(id="S/1", body="UNSC", sponsor="FRA", order=1, chapter="VI",
    ...                     text="Decides that the parties shall withdraw their forces."))
    True
    >>> draft_decides(Draft(id="S/2", body="UNSC", sponsor="FRA", order=2, chapter="VII",
    ...                     measures=("authorize_force",), text="Recommends that Members "
    ...                     "furnish such assistance as may be necessary."))
    False
    """
    if draft.body != "UNSC" or draft.procedural or draft.amends or draft.preliminary_for:
        return False
    if draft.decides is not None:
        return draft.decides
    if any(m in DECISION_MEASURES for m in draft.measures):
        return True
    return bool(_DECIDES.search(draft.text))


def vetoed_on(state: State, situation: str) -> list[str]:
    """The drafts on a situation that a permanent member's vote against defeated: the
    Council's failure "because of lack of unanimity" (GA res. 377 A (V))."""
    return [d.id for d in state.drafts.values()
            if d.body == "UNSC" and d.status == "vetoed" and d.situation == situation
            and not d.amends and not d.preliminary_for]


def _situation_name(situation: str) -> Msg:
    return (message(N_('the situation "{situation}"'), situation=situation) if situation
            else message(N_("this situation")))


# Handlers.


def table_draft(state: State, action: TableDraft, ctx: Context) -> list[Event]:
    body = action.body
    _require_body(state, body)
    actor = action.actor
    needs_request = False
    if body == "UNSC":
        council = state.scenario.bodies.UNSC
        assert council is not None
        if actor not in council.members:
            if actor in council.invited:
                needs_request = True
            else:
                raise _not_member(state, actor, body, message(N_("may table drafts")))
    elif actor not in state.council_members(body):
        raise _not_member(state, actor, body, message(N_("may table drafts")))
    symbol = action.draft or next_symbol(state, body)
    if symbol in state.drafts:
        raise RuleError("draft_name_taken", message(N_(
                                    "The symbol \"{symbol}\" is already in use."),
                                    symbol=symbol))
    if action.amends is not None:
        parent = _draft(state, action.amends)
        if parent.body != body:
            raise RuleError("unknown_draft", message(N_(
                                    "\"{parent}\" is not a draft of this body."),
                                    parent=parent.id))
        if parent.status != "tabled":
            raise RuleError("draft_not_pending",
                            message(N_(
                                "\"{parent}\" has already been {status}; it cannot be amended."),
                                parent=parent.id, status=status_word(parent.status)))
    measures = list(dict.fromkeys(action.measures))
    timeline.check_measures(state.scenario, measures)
    procedural = action.procedural
    chapter = action.chapter
    if body == "UNSC":
        # Only the matters of Charter Arts. 28-32 are procedural: a recommendation under
        # Chapter VI ("deplores", "calls for a ceasefire") is substance as much as a decision.
        substantive = [m for m in measures if m not in PROCEDURAL_MEASURES]
        if procedural and substantive:
            raise RuleError(
                "substantive_measure_in_procedural",
                message(N_(
                    "\"{substantive}\" is a question of substance: a procedural draft cannot carry it, or "
                    "the veto of Charter Art. 27(3) could be avoided by a label."),
                    substantive=measure_msg(substantive[0])))
        if not procedural and measures and all(m in PROCEDURAL_MEASURES for m in measures):
            procedural = True
        if procedural:
            chapter = None
        else:
            vii = [m for m in measures if m in VII_ONLY]
            if chapter is None:
                chapter = "VII" if vii else "VI"
            if vii and chapter != "VII":
                if vii[0] == "refer_to_icc":
                    raise RuleError(
                        "measure_needs_chapter_vii",
                        message(N_(
                            "A situation is referred to the Prosecutor of the International Criminal "
                            "Court by the Security Council \"acting under Chapter VII of the Charter\" "
                            "(Rome Statute Art. 13(b); resolutions 1593 (2005) and 1970 (2011)): only a "
                            "Chapter VII resolution can refer it.")))
                raise RuleError(
                    "measure_needs_chapter_vii",
                    message(N_(
                        "\"{vii}\" is a measure under Articles 41-42 of the Charter: only a Chapter VII "
                        "resolution can decide it; Chapter VI texts only recommend."),
                        vii=measure_msg(vii[0])))
            if vii and DETERMINATION not in measures and not _has_determination(state):
                raise RuleError(
                    "no_article39_determination",
                    message(N_(
                        "\"{vii}\" needs a determination under Charter Art. 39 (a threat to the peace, "
                        "breach of the peace or act of aggression) in this draft or in an earlier "
                        "resolution; add the measure \"{determination}\"."),
                        vii=measure_msg(vii[0]), determination=measure_msg(DETERMINATION)))
    parties = action.parties if action.parties is not None else default_parties(state)
    # Charter Art. 18(2): recommendations on peace and security are important questions,
    # whatever the sponsor says (ES-11/1 was adopted by two thirds, 141-5-35).
    important = action.important or (body == "UNGA" and any(m in PEACE_AND_SECURITY
                                                             for m in measures))
    return [DraftTabled(
        draft=symbol, body=body, sponsor=actor, title=action.title, text=action.text,
        chapter=chapter, measures=measures, procedural=procedural, amends=action.amends,
        parties=parties, important=important, needs_member_request=needs_request,
        decides=action.decides, situation=action.situation or "")]


def withdraw_draft(state: State, action: WithdrawDraft, ctx: Context) -> list[Event]:
    draft = _draft(state, action.draft)
    if draft.sponsor != action.actor:
        raise RuleError("not_sponsor",
                        message(N_(
                            "Only the sponsor of {draft}, {sponsor}, may withdraw it."),
                            draft=draft.id, sponsor=state.country(draft.sponsor)))
    if draft.status != "tabled":
        raise RuleError("already_put_to_vote",
                        message(N_(
                            "{draft} has already been put to the vote; a sponsor may withdraw a draft "
                            "only until then (provisional rule 35)."),
                            draft=draft.id))
    events: list[Event] = [DraftWithdrawn(draft=draft.id, by=action.actor)]
    for other in state.drafts.values():
        if other.status == "tabled" and draft.id in _ancestors(state, other):
            events.append(DraftWithdrawn(draft=other.id, by="system"))
    return events


def request_vote(state: State, action: RequestVote, ctx: Context) -> list[Event]:
    draft = _draft(state, action.draft)
    if action.actor not in state.council_members(draft.body):
        raise _not_member(state, action.actor, draft.body,
                          message(N_("may ask for a vote (rule 38)")))
    if not draft.needs_member_request:
        raise RuleError("no_request_needed",
                        message(N_(
                            "{draft} was tabled by a member; it needs no request to be voted."),
                            draft=draft.id))
    if draft.requested_by:
        raise RuleError("already_requested",
                        message(N_(
                            "{requested_by} has already asked for {draft} to be put to the vote."),
                            requested_by=state.country(draft.requested_by), draft=draft.id))
    if draft.status != "tabled":
        raise RuleError("draft_not_pending", message(N_("{draft} is no longer pending."), draft=draft.id))
    return [VoteRequested(draft=draft.id, by=action.actor)]


def contest_procedural(state: State, action: ContestProcedural, ctx: Context) -> list[Event]:
    if not state.scenario.options.double_veto:
        raise RuleError("option_off", message(N_("The double veto is not a rule of this scenario.")))
    draft = _draft(state, action.draft)
    if action.actor not in state.permanent_members():
        raise RuleError("not_permanent_member",
                        message(N_("Only a permanent member can contest that a question is procedural.")))
    if not draft.procedural or draft.status != "tabled":
        raise RuleError("not_procedural", message(N_(
                                    "{draft} is not a pending procedural draft."),
                                    draft=draft.id))
    if draft.contested_by:
        raise RuleError("already_contested", message(N_(
                                    "Whether {draft} is procedural is already before the Council."),
                                    draft=draft.id))
    symbol = next_symbol(state, draft.body)
    title = message(N_("Whether the question in {draft} is procedural"), draft=draft.id)
    return [DraftTabled(
        draft=symbol, body=draft.body, sponsor=action.actor, title=title.english(),
        title_msg=title.to_json(), chapter=None, measures=[], procedural=False, parties=[],
        preliminary_for=draft.id)]


def _ancestors(state: State, draft: Draft) -> list[str]:
    """The drafts this one amends (or decides the procedural nature of), nearest first:
    an amendment to an amendment has two."""
    out: list[str] = []
    parent_id = draft.amends or draft.preliminary_for
    while parent_id is not None and parent_id not in out and parent_id in state.drafts:
        out.append(parent_id)
        parent = state.drafts[parent_id]
        parent_id = parent.amends or parent.preliminary_for
    return out


def _order_key(state: State, draft: Draft) -> tuple[int, int, int]:
    """Drafts in the order of submission, each after everything that amends it: the
    amendment furthest removed from the draft first (provisional rules 32, 33 and 36)."""
    ancestors = _ancestors(state, draft)
    root = state.drafts[ancestors[-1]] if ancestors else draft
    return (root.order, -len(ancestors), draft.order)


def _eligible(draft: Draft) -> bool:
    return draft.status == "tabled" and (not draft.needs_member_request
                                         or draft.requested_by is not None)


def call_vote(state: State, action: CallVote, ctx: Context) -> list[Event]:
    draft = _draft(state, action.draft)
    body = draft.body
    actor = action.actor
    if body == "UNSC":
        if actor not in ("instructor", state.president):
            who = (state.country(state.president) if state.president
                   else message(N_("the instructor")))
            raise RuleError("not_president",
                            message(N_(
                                "Only the President of the Council ({who}) or the instructor calls a "
                                "vote (provisional rule 19)."),
                                who=who))
    elif actor != "instructor":
        raise RuleError("not_president", message(N_(
                                    "Only the instructor, presiding, calls a vote in the General "
                                    "Assembly.")))
    if body in state.open_votes:
        raise RuleError("vote_in_progress",
                        message(N_(
                            "The vote on {open} is still open; close it first."),
                            open=state.open_votes[body]))
    if draft.status != "tabled":
        raise RuleError("draft_not_pending", message(N_(
                                    "{draft} has already been {status}."),
                                    draft=draft.id, status=status_word(draft.status)))
    if draft.needs_member_request and draft.requested_by is None:
        raise RuleError(
            "needs_member_request",
            message(N_(
                "{draft} was tabled by {sponsor}, which is not a member: it is put to the vote only if a "
                "member of the Council asks (provisional rule 38)."),
                draft=draft.id, sponsor=state.country(draft.sponsor)))
    pending = sorted((d for d in state.drafts.values() if d.body == body and _eligible(d)),
                     key=lambda d: _order_key(state, d))
    first = pending[0]
    if first.id != draft.id:
        if draft.id in _ancestors(state, first):
            what = (message(N_("whether it is procedural")) if first.preliminary_for
                    else message(N_("the amendment {amendment}"), amendment=first.id))
            raise RuleError("amendment_pending",
                            message(N_(
                                "{what} must be voted before {draft} (provisional rules 33 and 36)."),
                                what=what, draft=draft.id))
        raise RuleError("out_of_order",
                        message(N_(
                            "Drafts are voted in the order of their submission: {first} comes before "
                            "{draft} (provisional rule 32)."),
                            first=first.id, draft=draft.id))
    if body == "UNSC" and draft.procedural and "emergency_special_session" in draft.measures:
        _check_uniting_for_peace(state, draft.situation)
    return [VoteCalled(draft=draft.id, by=actor, at=ctx.now)]


def _check_uniting_for_peace(state: State, situation: str) -> None:
    """GA res. 377 A (V): an emergency special session when the Council, "because of lack
    of unanimity of the permanent members", fails to act; one session a situation."""
    if situation in state.emergency_sessions:
        raise RuleError(
            "emergency_session_sitting",
            message(N_(
                "The General Assembly already meets in an emergency special session on "
                "{situation}: it is resumed, not called again."),
                situation=_situation_name(situation)))
    if not vetoed_on(state, situation):
        raise RuleError(
            "no_lack_of_unanimity",
            message(N_(
                "No draft on {situation} has failed on a permanent member's vote against: under "
                "Uniting for Peace (GA res. 377 A (V)) an emergency special session is called when the "
                "Council, \"because of lack of unanimity of the permanent members\", fails to exercise its "
                "primary responsibility."),
                situation=_situation_name(situation)))


def assembly_majority(state: State) -> int:
    """A majority of the members of the Assembly: those that must join a request for an
    emergency special session (GA res. 377 A (V))."""
    return len(state.council_members("UNGA")) // 2 + 1


def request_emergency_session(state: State, action: RequestEmergencySession,
                              ctx: Context) -> list[Event]:
    """Uniting for Peace, the members' route: a member joins the request; with a majority
    of the members of the Assembly the emergency special session is called."""
    _require_body(state, "UNGA")
    timeline.check_measures(state.scenario, ["emergency_special_session"])
    actor = action.actor
    if actor not in state.council_members("UNGA"):
        raise _not_member(state, actor, "UNGA",
                          message(N_("request an emergency special session")))
    situation = action.situation or ""
    _check_uniting_for_peace(state, situation)
    joined = state.session_requests.get(situation, ())
    if actor in joined:
        raise RuleError("already_requested",
                        message(N_(
                            "{country} has already joined the request."),
                            country=state.country(actor)))
    needed = assembly_majority(state)
    members = (*joined, actor)
    events: list[Event] = [EmergencySessionRequested(
        country=actor, situation=situation, text=action.text, joined=len(members),
        needed=needed)]
    if len(members) >= needed:
        events.append(EmergencySessionCalled(requested_by=list(members), situation=situation))
    return events


def cast_vote(state: State, action: Vote, ctx: Context) -> list[Event]:
    draft = _draft(state, action.draft)
    actor = action.actor
    body = draft.body
    members = state.council_members(body)
    if actor not in members:
        raise _not_member(state, actor, body, message(N_("vote")))
    if state.open_votes.get(body) != draft.id:
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
    if (body == "UNSC" and state.scenario.options.party_abstention and action.vote != "abstain"
            and not draft.procedural and actor in draft.parties
            and (draft.chapter == "VI" or REGIONAL_SETTLEMENT in draft.measures)):
        raise RuleError(
            "party_must_abstain",
            message(N_(
                "{country} is a party to the dispute: under Charter Art. 27(3), \"in decisions under "
                "Chapter VI, and under paragraph 3 of Article 52, a party to a dispute shall abstain "
                "from voting\"."),
                country=state.country(actor)))
    events: list[Event] = [VoteCast(draft=draft.id, country=actor, vote=action.vote)]
    if len(draft.votes) + 1 == len(members):
        votes = {**draft.votes, actor: action.vote}
        events += close_events(state, draft, votes, "system")
    return events


def close_vote(state: State, action: CloseVote, ctx: Context) -> list[Event]:
    draft = _draft(state, action.draft)
    actor = action.actor
    if draft.body == "UNSC" and actor not in ("instructor", "system", state.president):
        raise RuleError("not_president",
                        message(N_("Only the President of the Council or the instructor closes a vote.")))
    if draft.body == "UNGA" and actor not in ("instructor", "system"):
        raise RuleError("not_president", message(N_("Only the instructor closes a vote in the Assembly.")))
    if state.open_votes.get(draft.body) != draft.id:
        raise RuleError("no_vote_open", message(N_("There is no open vote on {draft}."), draft=draft.id))
    return close_events(state, draft, draft.votes, actor)


def close_all_votes(state: State) -> list[Event]:
    """Close every open vote, as when the council phase ends."""
    events: list[Event] = []
    for draft_id in state.open_votes.values():
        draft = state.drafts[draft_id]
        events += close_events(state, draft, draft.votes, "system")
    return events


def outcome_of(state: State, draft: Draft, votes: Mapping[str, VoteChoice]) -> Outcome:
    """What the vote on a draft gives with these votes (also used for live tallies)."""
    members = state.council_members(draft.body)
    if draft.body == "UNGA":
        return tally_assembly(members=members, important=draft.important, votes=votes)
    return tally_votes(members=members, permanent=state.permanent_members(),
                       threshold=council_threshold(state), procedural=draft.procedural,
                       votes=votes, no_veto=state.scenario.options.no_veto)


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


_NOT_A_VETO_ABSTAINING = N_(
    "The abstention of {countries} is not a veto: the Council's long practice, which the ICJ "
    "found generally accepted (Namibia advisory opinion, 1971, para 22).")
_NOT_A_VETO_ABSENT = N_(
    "The absence of {countries} is not a veto: the Council's practice since the Soviet absence "
    "of 1950 (resolutions 82 to 85 on Korea), resting on Art. 28(1), by which a member is "
    "represented at all times; no court has ruled on it.")
_NO_VETO_WHAT_IF = Nn_(
    "Adopted: {counts}; {need} affirmative votes were needed. Under the what-if rule there is "
    "no veto: the vote against by {countries}, a permanent member, did not block it, as it "
    "would have under Charter Art. 27(3).",
    "Adopted: {counts}; {need} affirmative votes were needed. Under the what-if rule there is "
    "no veto: the vote against by {countries}, permanent members, did not block it, as it "
    "would have under Charter Art. 27(3).")
_NO_P5_AGAINST = N_(
    "Adopted: {counts}; {need} affirmative votes were needed, with no permanent member voting "
    "against (Charter Art. 27(3)).")


def explain(state: State, draft: Draft, outcome: Outcome) -> Msg:
    """Why a draft passed or failed, citing the Charter."""
    counts = _counts(outcome)
    adopted = outcome.result == "adopted"
    if draft.body == "UNGA":
        rule = (message(N_("two thirds of the members present and voting, on an important "
                           "question (Charter Art. 18(2): recommendations on the maintenance of "
                           "international peace and security are among them)"))
                if draft.important else message(N_("a majority of the members present and "
                                                   "voting (Charter Art. 18(3))")))
        if not adopted:
            return message(N_("Not adopted: {counts}; it needed {rule}; abstentions are not "
                              "counted."), counts=counts, rule=rule)
        return join(message(N_("Adopted: {counts}; it needed {rule}; abstentions are not "
                               "counted."), counts=counts, rule=rule),
                    message(N_("It recommends: the Assembly's resolutions bind no member.")))
    need = outcome.needed
    p5 = state.permanent_members()
    if outcome.result == "vetoed":
        return message(N_("{why} {counts}."), counts=counts, why=plural_message(
            *Nn_("Not adopted: {countries}, a permanent member, voted against (Charter Art. "
                 "27(3)).",
                 "Not adopted: {countries}, permanent members, voted against (Charter Art. "
                 "27(3))."),
            count=len(outcome.vetoed_by), countries=state.countries_of(outcome.vetoed_by)))
    if outcome.result == "failed":
        text = message(N_("Not adopted: {yes} in favour, fewer than the {need} affirmative votes "
                          "required (Charter Art. 27({paragraph})); {counts}."),
                       yes=len(outcome.yes), need=need, counts=counts,
                       paragraph="2" if draft.procedural else "3")
        p5_no = tuple(m for m in outcome.no if m in p5)
        if p5_no and not draft.procedural:
            text = join(text, message(N_("The vote against by {countries} is not a veto: the "
                                         "draft did not have the {need} votes."),
                                      countries=state.countries_of(p5_no), need=need))
        return text
    if draft.procedural:
        return message(N_("Adopted: {counts}; a procedural decision needs {need} affirmative "
                          "votes, and a permanent member's vote against does not block it "
                          "(Charter Art. 27(2))."), counts=counts, need=need)
    p5_no = tuple(m for m in p5 if m in outcome.no)
    if draft.amends or draft.preliminary_for:
        if not any(m in outcome.no for m in p5):
            return message(_NO_P5_AGAINST, counts=counts, need=need)
        # Only under the what-if rule: in the Charter this vote against is a veto.
        return plural_message(*_NO_VETO_WHAT_IF, count=len(p5_no), counts=counts, need=need,
                              countries=state.countries_of(p5_no))
    if p5_no:
        # Only under the what-if rule: in the Charter this vote against is a veto.
        text = plural_message(*_NO_VETO_WHAT_IF, count=len(p5_no), counts=counts, need=need,
                              countries=state.countries_of(p5_no))
    else:
        text = message(_NO_P5_AGAINST, counts=counts, need=need)
    abstaining = tuple(m for m in p5 if m in outcome.abstain)
    absent = tuple(m for m in p5 if m in outcome.absent)
    if abstaining:
        text = join(text, message(_NOT_A_VETO_ABSTAINING, countries=state.countries_of(abstaining)))
    if absent:
        text = join(text, message(_NOT_A_VETO_ABSENT, countries=state.countries_of(absent)))
    if draft_decides(draft):
        return join(text, message(N_(
            "It decides: every member accepts and carries it out (Charter Art. 25), under "
            "Chapter VII or not (ICJ, Namibia advisory opinion, 1971, para 113).")))
    return join(text, message(N_("It recommends: it binds no member, for only the Council's "
                                 "decisions do (Charter Art. 25).")))


def resolution_symbol(state: State, draft: Draft) -> str:
    """The symbol an adopted draft takes: resolutions are numbered per body, from the
    scenario's ``first_resolution``, else from where the real series stood in the scenario's
    year (``numbering``); amendments and preliminary questions take none."""
    if draft.amends or draft.preliminary_for:
        return ""
    adopted = sum(1 for d in state.drafts.values()
                  if d.body == draft.body and d.status == "adopted"
                  and not d.amends and not d.preliminary_for)
    if draft.body == "UNSC":
        council = state.scenario.bodies.UNSC
        first = (council.first_resolution if council and council.first_resolution
                 else first_resolution(state.scenario.year, state.scenario.date))
        year = f" ({state.scenario.year})" if state.scenario.year else ""
        return f"S/RES/{first + adopted}{year}"
    return f"A/RES/{1 + adopted}"


VETO_INITIATIVE = (2022, 4, 26)
"""GA resolution 76/262, adopted on 26 April 2022: a debate in the Assembly after every veto."""


def veto_initiative_applies(state: State) -> bool:
    """Whether the veto initiative is in force in the scenario's time (or forced by option).

    An undated scenario is taken to be set now, unless its Council could not sit in 2022:
    one with the Soviet Union among the permanent members, or of eleven seats (before 1966).
    """
    forced = state.scenario.options.veto_initiative
    if forced is not None:
        return forced
    year = state.scenario.year
    if year is None:
        council = state.scenario.bodies.UNSC
        if council is None:
            return True
        return "SUN" not in council.permanent and len(council.permanent) + len(council.elected) != 11
    if year > VETO_INITIATIVE[0]:
        return True
    if year < VETO_INITIATIVE[0]:
        return False
    date = state.scenario.date or ""
    try:
        month, day = int(date[5:7]), int(date[8:10])
    except ValueError:
        return True
    return (month, day) >= VETO_INITIATIVE[1:]


def close_events(state: State, draft: Draft, votes: Mapping[str, VoteChoice],
                 by: str) -> list[Event]:
    outcome = outcome_of(state, draft, votes)
    events: list[Event] = [VoteClosed(draft=draft.id, yes=list(outcome.yes), no=list(outcome.no),
                                      abstain=list(outcome.abstain),
                                      absent=list(outcome.absent), by=by)]
    why = explain(state, draft, outcome)
    if outcome.result == "adopted":
        symbol = resolution_symbol(state, draft)
        events.append(DraftAdopted(draft=draft.id, body=draft.body, resolution=symbol,
                                   votes=outcome.votes, binding=draft_decides(draft),
                                   **explained(why)))
        if "emergency_special_session" in draft.measures and draft.procedural:
            events.append(EmergencySessionCalled(draft=draft.id, situation=draft.situation))
        if draft.chapter == "VII" and "authorize_force" in draft.measures:
            defending = bool(state.self_defence or state.collective_defence)
            ends = [name for name, on in (("article5", state.article5_active),
                                          ("self_defence", defending)) if on]
            if ends:
                events.append(SecurityCouncilActed(draft=draft.id, ends=ends))
    elif outcome.result == "vetoed":
        # GA res. 76/262 para 1: a debate within ten working days of a veto, "provided that
        # the General Assembly does not meet in an Emergency Special Session on the same
        # situation".
        debate = veto_initiative_applies(state)
        if debate and draft.situation in state.emergency_sessions:
            debate = False
            why = join(why, message(N_(
                "No separate debate of the General Assembly under its resolution 76/262: the "
                "Assembly meets in an emergency special session on the same situation (para 1).")))
        events.append(DraftVetoed(draft=draft.id, vetoed_by=list(outcome.vetoed_by),
                                  votes=outcome.votes, **explained(why)))
        if debate:
            events.append(VetoDebateScheduled(draft=draft.id, vetoed_by=list(outcome.vetoed_by)))
    else:
        events.append(DraftFailed(draft=draft.id, body=draft.body, votes=outcome.votes,
                                  **explained(why)))
    if draft.preliminary_for:
        events.append(ProceduralQuestionDecided(draft=draft.preliminary_for,
                                                procedural=outcome.result == "adopted"))
    return events
