"""Events: what the engine says happened. State is the fold of them.

Outcome events keep the names of the game's contract: ``draft_tabled``,
``draft_adopted``, ``draft_vetoed`` (with ``vetoed_by``), ``draft_failed``
(with ``reason: insufficient_votes``), ``consultations_opened``,
``item_circulated``, ``silence_broken``, ``decision_adopted``,
``decision_blocked``, ``article5_invoked``.

>>> e = VoteCast(draft="S/1", country="FRA", vote="yes")
>>> event_to_dict(e)
{'kind': 'vote_cast', 'draft': 'S/1', 'country': 'FRA', 'vote': 'yes'}
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from game_rules.messages import Msg
from game_rules.scenario import (
    Decision,
    Effects,
    Incident,
    Level,
    Move,
    Phase,
    SanctionMeasure,
    VoteChoice,
)

VotingBody = Literal["UNSC", "UNGA", "LNC", "LNA"]


class _Event(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _unset(value: Any) -> bool:
    return value is None or value is False or value == ""


def later_field(default: Any) -> Any:
    """A field added after the first version: left out of the event's JSON while it has
    its default, so that records that never use it print as they always did."""
    return Field(default, exclude_if=_unset)


# The game's life


class GameStarted(_Event):
    kind: Literal["game_started"] = "game_started"
    at: float


class PhaseStarted(_Event):
    kind: Literal["phase_started"] = "phase_started"
    round: int
    phase: Phase | Literal["open"]
    clock_deadline: float | None = None
    president: str | None = None
    """The President of the Security Council for this round."""


class GamePaused(_Event):
    kind: Literal["game_paused"] = "game_paused"
    clock_remaining: float | None = None
    at: float


class GameResumed(_Event):
    kind: Literal["game_resumed"] = "game_resumed"
    clock_deadline: float | None = None
    shift: float = 0.0
    """How long the pause lasted: pending deadlines move by as much."""


class GameEnded(_Event):
    kind: Literal["game_ended"] = "game_ended"
    at: float


class ClockSet(_Event):
    kind: Literal["clock_set"] = "clock_set"
    clock_deadline: float | None
    clock_remaining: float | None = None


class InjectReleased(_Event):
    kind: Literal["inject_released"] = "inject_released"
    inject: str
    title: str
    text: str = ""
    audience: list[str] | None = None
    effects: Effects | None = None
    by: str
    scripted: bool = True


class IncidentOccurred(_Event):
    kind: Literal["incident_occurred"] = "incident_occurred"
    incident: Incident
    audience: list[str] | None = None
    """Who learns of it, when news addressed to some countries made it (and the states
    it names); None: everyone."""


class CaretakerSet(_Event):
    kind: Literal["caretaker_set"] = "caretaker_set"
    country: str
    caretaker: bool


# Talk


class ChannelOpened(_Event):
    kind: Literal["channel_opened"] = "channel_opened"
    channel: str
    name: str
    members: list[str]
    opened_by: str


class MessageSent(_Event):
    kind: Literal["message_sent"] = "message_sent"
    channel: str
    sender: str
    text: str
    at: float
    author: str | None = None
    """The nickname of the team member who wrote it, when the server knows it."""
    readers: list[str] | None = None
    """Who read the channel when it was sent (None: everyone, or not recorded): a state
    that joins the NAC later does not read what the allies said before."""


# Voting councils


class DraftTabled(_Event):
    kind: Literal["draft_tabled"] = "draft_tabled"
    draft: str
    body: VotingBody
    sponsor: str
    title: str = ""
    text: str = ""
    chapter: Literal["VI", "VII"] | None = None
    measures: list[str] = []
    procedural: bool = False
    amends: str | None = None
    parties: list[str] = []
    important: bool = False
    needs_member_request: bool = False
    """Tabled by an invited non-member: voted only if a Council member asks (rule 38)."""
    decides: bool | None = later_field(None)
    """Said by the sponsor: the operative part decides (true) or recommends (false)."""
    situation: str = later_field("")
    """The situation the draft is about, when the sponsor names one."""
    preliminary_for: str | None = None
    """The double veto: this is the question whether that draft is procedural."""
    article: Literal["11", "15", "16", "procedural"] | None = later_field(None)
    """A League draft: the Covenant article it is taken under."""
    against: str | None = later_field(None)
    """A League draft under Art. 16: the state found to have resorted to war, or expelled."""
    title_msg: dict[str, Any] | None = later_field(None)
    """The title as a message, when the engine wrote it (the double veto's preliminary
    question): each reader's language renders it; left out of titles someone typed."""


class DraftWithdrawn(_Event):
    kind: Literal["draft_withdrawn"] = "draft_withdrawn"
    draft: str
    by: str


class VoteRequested(_Event):
    kind: Literal["vote_requested"] = "vote_requested"
    draft: str
    by: str


class VoteCalled(_Event):
    kind: Literal["vote_called"] = "vote_called"
    draft: str
    by: str
    at: float | None = None
    """When the vote opened (the grace for absent delegations runs from it)."""


class VoteCast(_Event):
    kind: Literal["vote_cast"] = "vote_cast"
    draft: str
    country: str
    vote: VoteChoice


class VoteClosed(_Event):
    kind: Literal["vote_closed"] = "vote_closed"
    draft: str
    yes: list[str]
    no: list[str]
    abstain: list[str]
    absent: list[str]
    by: str


class DraftAdopted(_Event):
    kind: Literal["draft_adopted"] = "draft_adopted"
    draft: str
    body: VotingBody
    resolution: str
    votes: str
    """The tally as the record writes it, yes-no-abstain ("13-0-2")."""
    binding: bool
    explanation: str
    explanation_msg: dict[str, Any] | None = later_field(None)
    """The explanation as a message (``game_rules.messages``): each reader's language
    renders it; left out of events recorded before the engine spoke in codes."""


class DraftVetoed(_Event):
    kind: Literal["draft_vetoed"] = "draft_vetoed"
    draft: str
    body: Literal["UNSC"] = "UNSC"
    vetoed_by: list[str]
    votes: str
    explanation: str
    explanation_msg: dict[str, Any] | None = later_field(None)
    """The explanation as a message (``game_rules.messages``): each reader's language
    renders it; left out of events recorded before the engine spoke in codes."""


class DraftFailed(_Event):
    kind: Literal["draft_failed"] = "draft_failed"
    draft: str
    body: VotingBody
    reason: Literal["insufficient_votes", "unanimity"] = "insufficient_votes"
    """``unanimity``: a League draft that a member whose agreement it needed voted against."""
    votes: str
    explanation: str
    explanation_msg: dict[str, Any] | None = later_field(None)
    """The explanation as a message (``game_rules.messages``): each reader's language
    renders it; left out of events recorded before the engine spoke in codes."""
    blocked_by: list[str] | None = later_field(None)
    """A League draft: the members whose vote against broke unanimity."""


class ProceduralQuestionDecided(_Event):
    """The double veto: the preliminary question has been voted on."""

    kind: Literal["procedural_question_decided"] = "procedural_question_decided"
    draft: str
    procedural: bool


class VetoDebateScheduled(_Event):
    """GA resolution 76/262: the Assembly debates within 10 working days, vetoing members first."""

    kind: Literal["veto_debate_scheduled"] = "veto_debate_scheduled"
    draft: str
    vetoed_by: list[str]


class EmergencySessionCalled(_Event):
    """Uniting for Peace (GA res. 377 A (V)): an emergency special session of the Assembly,
    called by the Council (``draft``) or requested by a majority of the members
    (``requested_by``)."""

    kind: Literal["emergency_session_called"] = "emergency_session_called"
    draft: str | None = later_field(None)
    requested_by: list[str] | None = later_field(None)
    situation: str = later_field("")


class EmergencySessionRequested(_Event):
    """A member joins the request for an emergency special session (GA res. 377 A (V))."""

    kind: Literal["emergency_session_requested"] = "emergency_session_requested"
    country: str
    situation: str = ""
    text: str = ""
    joined: int
    """How many members have joined the request."""
    needed: int
    """A majority of the members of the Assembly."""


class SecurityCouncilActed(_Event):
    """The Council took the measures necessary: self-defence and Article 5 measures end."""

    kind: Literal["security_council_acted"] = "security_council_acted"
    draft: str
    ends: list[str]


# North Atlantic Council


class ConsultationsOpened(_Event):
    kind: Literal["consultations_opened"] = "consultations_opened"
    by: str
    concern: str = ""


class Article5Requested(_Event):
    kind: Literal["article5_requested"] = "article5_requested"
    by: str
    incident: str
    item: str


class ItemCirculated(_Event):
    kind: Literal["item_circulated"] = "item_circulated"
    item: str
    decision: Decision
    by: str
    title: str = ""
    text: str = ""
    deadline: float
    incident: str | None = None
    candidate: str | None = None
    case_by_case: bool = False
    """A cyber, hybrid or space incident: Article 5 only by a case-by-case decision."""
    title_msg: dict[str, Any] | None = later_field(None)
    """The title as a message, when the engine wrote it (an Article 5 request's): each
    reader's language renders it; left out of events recorded before, and of titles someone
    typed."""


class SilenceBroken(_Event):
    kind: Literal["silence_broken"] = "silence_broken"
    item: str
    by: str
    reason: str


class DecisionBlocked(_Event):
    kind: Literal["decision_blocked"] = "decision_blocked"
    item: str
    decision: Decision
    blocked_by: list[str]
    explanation: str
    explanation_msg: dict[str, Any] | None = later_field(None)
    """The explanation as a message (``game_rules.messages``): each reader's language
    renders it; left out of events recorded before the engine spoke in codes."""


class DecisionAdopted(_Event):
    kind: Literal["decision_adopted"] = "decision_adopted"
    item: str
    decision: Decision
    explanation: str
    explanation_msg: dict[str, Any] | None = later_field(None)
    """The explanation as a message (``game_rules.messages``): each reader's language
    renders it; left out of events recorded before the engine spoke in codes."""


class Article5Invoked(_Event):
    kind: Literal["article5_invoked"] = "article5_invoked"
    item: str
    incident: str
    target: str
    case_by_case: bool = False
    reported_to: Literal["UNSC"] = "UNSC"


class PledgeMade(_Event):
    kind: Literal["pledge_made"] = "pledge_made"
    pledge: str
    ally: str
    response: Literal["diplomatic", "economic", "military"]
    detail: str = ""
    incident: str


class PledgeRetracted(_Event):
    kind: Literal["pledge_retracted"] = "pledge_retracted"
    pledge: str
    ally: str


class MembershipRequested(_Event):
    kind: Literal["membership_requested"] = "membership_requested"
    candidate: str
    text: str = ""


class InvitationIssued(_Event):
    kind: Literal["invitation_issued"] = "invitation_issued"
    item: str
    candidate: str
    ratifying: list[str]
    """The allies whose ratification membership waits for."""


class AccessionRatified(_Event):
    kind: Literal["accession_ratified"] = "accession_ratified"
    candidate: str
    ally: str
    remaining: list[str]


class MemberJoined(_Event):
    kind: Literal["member_joined"] = "member_joined"
    country: str


class WithdrawalNotified(_Event):
    kind: Literal["withdrawal_notified"] = "withdrawal_notified"
    country: str
    effective_at: float
    """One year after the notice, in the world's time (Article 13)."""
    notified_at: float | None = None
    """When notice was given, in the world's time (None in events stored before it was said)."""
    body: Literal["LEAGUE"] | None = later_field(None)
    """``LEAGUE``: notice under Covenant Art. 1(3), two years; left out for NATO."""


class MemberLeft(_Event):
    kind: Literal["member_left"] = "member_left"
    country: str
    body: Literal["LEAGUE"] | None = later_field(None)
    """``LEAGUE``: the state leaves the League of Nations; left out for NATO."""


# The League of Nations


class WarDetermined(_Event):
    """Covenant Art. 16(1): the League finds that a Member resorted to war in disregard of
    its covenants under Arts. 12, 13 or 15."""

    kind: Literal["war_determined"] = "war_determined"
    draft: str
    body: Literal["LNC", "LNA"]
    against: str


class MemberExpelled(_Event):
    """Covenant Art. 16(4): a Member is declared to be no longer a Member of the League."""

    kind: Literal["member_expelled"] = "member_expelled"
    country: str
    draft: str


class SanctionsApplied(_Event):
    kind: Literal["sanctions_applied"] = "sanctions_applied"
    country: str
    against: str
    measures: list[SanctionMeasure]


class SanctionsLifted(_Event):
    kind: Literal["sanctions_lifted"] = "sanctions_lifted"
    country: str
    against: str
    measures: list[SanctionMeasure]


class AccessionDeposited(_Event):
    """The invited state deposits its instrument of accession with the Government of the
    United States, the treaty's depositary (Article 10); it joins with the deposit."""

    kind: Literal["accession_deposited"] = "accession_deposited"
    candidate: str
    depositary: Literal["USA"] = "USA"
    by: str
    """The candidate, or ``system`` when the deposit follows at once (the scenario's rule)."""


class TimeSkipped(_Event):
    """The instructor moved the world's calendar forward, in the open."""

    kind: Literal["time_skipped"] = "time_skipped"
    days: int
    reason: str
    explanation: str
    explanation_msg: dict[str, Any] | None = later_field(None)
    """The explanation as a message (``game_rules.messages``): each reader's language
    renders it; left out of events recorded before the engine spoke in codes."""


# The world


class SelfDefenceDeclared(_Event):
    kind: Literal["self_defence_declared"] = "self_defence_declared"
    country: str
    incident: str
    reported_to: Literal["UNSC"] = "UNSC"
    collective: bool = later_field(False)
    """Collective self-defence of ``victim``, at its request (Art. 51)."""
    victim: str | None = later_field(None)
    case_by_case: bool = later_field(False)
    """A cyber, hybrid or space incident whose scale the scenario leaves to the states."""


class AssistanceRequested(_Event):
    """The state attacked asks for help in its collective self-defence."""

    kind: Literal["assistance_requested"] = "assistance_requested"
    country: str
    incident: str
    addressed_to: list[str] | None = None
    """The states asked; None: any state."""
    text: str = ""


class AggressorMoved(_Event):
    kind: Literal["aggressor_moved"] = "aggressor_moved"
    country: str
    move: Move
    by: str
    drawn: bool
    """Drawn by the scenario's policy from the game's generator."""
    ladder_from: Level
    ladder_to: Level


class RoundResolved(_Event):
    kind: Literal["round_resolved"] = "round_resolved"
    round: int
    toll_added: int
    pledges_delivered: list[str] = []


class RulesChanged(_Event):
    """A what-if rule change, from this moment on."""

    kind: Literal["rules_changed"] = "rules_changed"
    rule: Literal["no_veto", "no_nato", "caretaker", "aggressor_policy", "reseed"]
    country: str | None = None
    policy: dict[str, Any] | None = None
    """The new policy, complete (every default filled in)."""
    seed: int | None = None
    """For ``reseed``: the seed the world's draws start again from."""
    explanation: str
    explanation_msg: dict[str, Any] | None = later_field(None)
    """The explanation as a message (``game_rules.messages``): each reader's language
    renders it; left out of events recorded before the engine spoke in codes."""


class VoteGraceSet(_Event):
    kind: Literal["vote_grace_set"] = "vote_grace_set"
    seconds: int


class HistoryRevealed(_Event):
    """The instructor shows an entry of the history track on the projector (None: hides it)."""

    kind: Literal["history_revealed"] = "history_revealed"
    entry: str | None = None


Event = Annotated[
    RulesChanged | GameStarted | PhaseStarted | GamePaused | GameResumed | GameEnded | ClockSet
    | InjectReleased | IncidentOccurred | CaretakerSet | ChannelOpened | MessageSent
    | DraftTabled | DraftWithdrawn | VoteRequested | VoteCalled | VoteCast | VoteClosed
    | DraftAdopted | DraftVetoed | DraftFailed | ProceduralQuestionDecided
    | VetoDebateScheduled | EmergencySessionCalled | SecurityCouncilActed
    | ConsultationsOpened | Article5Requested | ItemCirculated | SilenceBroken
    | DecisionBlocked | DecisionAdopted | Article5Invoked | PledgeMade | PledgeRetracted
    | MembershipRequested | InvitationIssued | AccessionRatified | MemberJoined
    | WithdrawalNotified | MemberLeft | SelfDefenceDeclared | AggressorMoved | RoundResolved
    | AccessionDeposited | TimeSkipped | EmergencySessionRequested | AssistanceRequested
    | WarDetermined | MemberExpelled | SanctionsApplied | SanctionsLifted | VoteGraceSet
    | HistoryRevealed,
    Field(discriminator="kind"),
]

EVENT_ADAPTER: TypeAdapter[Event] = TypeAdapter(Event)
EVENT_LIST_ADAPTER: TypeAdapter[list[Event]] = TypeAdapter(list[Event])


def explained(why: Msg) -> dict[str, Any]:
    """An event's ``explanation`` and its ``explanation_msg`` from one message."""
    return {"explanation": why.english(), "explanation_msg": why.to_json()}


def event_to_dict(event: Event) -> dict[str, Any]:
    """An event as JSON-ready data, ``kind`` first."""
    return event.model_dump(mode="json")


def event_from_dict(data: dict[str, Any]) -> Event:
    """Read an event back from its stored form."""
    return EVENT_ADAPTER.validate_python(data)
