"""Actions: every change to a game, as one closed vocabulary.

The same objects travel over the websocket, sit in the event log and make up
a record. ``parse_action`` is the one way in; what it refuses gets a code.

>>> a = parse_action({"actor": "FRA", "kind": "vote", "draft": "S/1", "vote": "yes"})
>>> (a.kind, a.actor, a.vote)
('vote', 'FRA', 'yes')
>>> try:
...     parse_action({"actor": "FRA", "kind": "vote", "draft": "S/1", "vote": "maybe"})
... except RuleError as err:
...     print(err.code, "|", err.message)
invalid_action | vote.vote: input should be 'yes', 'no' or 'abstain'
"""

from __future__ import annotations

import math
import re
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    TypeAdapter,
    ValidationError,
)

from game_rules.errors import RuleError
from game_rules.messages import N_, Msg, Param, message
from game_rules.scenario import (
    Decision,
    Effects,
    Move,
    SanctionMeasure,
    VoteChoice,
    or_list,
    pydantic_problem,
)

TEXT_LIMIT = 4000
TITLE_LIMIT = 200
REASON_LIMIT = 1000
NAME_LIMIT = 80

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _clean(value: str) -> str:
    if _CONTROL.search(value):
        raise ValueError("control characters are not allowed in text")
    return value


Text = Annotated[str, Field(max_length=TEXT_LIMIT), AfterValidator(_clean)]
Title = Annotated[str, Field(max_length=TITLE_LIMIT), AfterValidator(_clean)]
Reason = Annotated[str, Field(max_length=REASON_LIMIT), AfterValidator(_clean)]
Name = Annotated[str, Field(min_length=1, max_length=NAME_LIMIT), AfterValidator(_clean)]
Ref = Annotated[str, Field(min_length=1, max_length=80), AfterValidator(_clean)]
Actor = Annotated[str, Field(min_length=1, max_length=40)]
Moment = Annotated[float, Field(allow_inf_nan=False)]
"""A time, in seconds since the epoch: a finite number (JSON has no NaN, but Python reads one)."""


def _finite(value: float | int | str) -> float | int | str:
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError("a deadline is a finite number")
    return value


Deadline = Annotated[float | int | str, AfterValidator(_finite)]


class _Action(BaseModel):
    # Strict: a field of the wrong type is refused, never coerced ("yes" is not true).
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    actor: Actor
    """A country's code, ``instructor``, ``system`` (or ``secretary_general`` where a scenario seats one)."""
    at: Moment | None = None
    """When it was taken (seconds since the epoch); the server stamps it, a record keeps it."""


# The game's life (instructor; advance_phase also system, when a clock runs out)


class Start(_Action):
    kind: Literal["start"]


class AdvancePhase(_Action):
    kind: Literal["advance_phase"]


class Pause(_Action):
    kind: Literal["pause"]


class Resume(_Action):
    kind: Literal["resume"]


class End(_Action):
    kind: Literal["end"]


class SetClock(_Action):
    """Set the phase clock to ``seconds`` from now, or ``extend`` it; ``seconds: 0`` stops it."""

    kind: Literal["set_clock"]
    seconds: int | None = Field(None, ge=0, le=86_400)
    extend: int | None = Field(None, ge=-86_400, le=86_400)


class InjectAction(_Action):
    """Release a scripted inject by id, or write one on the spot."""

    kind: Literal["inject"]
    inject: Ref | None = None
    title: Title | None = None
    text: Text = ""
    audience: list[str] | None = None
    effects: Effects | None = None


class SetCaretaker(_Action):
    """Hand a country to its caretaker policy, or give it back to its players."""

    kind: Literal["set_caretaker"]
    country: str
    caretaker: bool = True


# Talk


class Say(_Action):
    kind: Literal["say"]
    channel: Ref
    text: Annotated[str, Field(min_length=1, max_length=TEXT_LIMIT), AfterValidator(_clean)]
    author: Name | None = None
    """Who of the country's team wrote it (the server fills in the seat's nickname)."""


class OpenChannel(_Action):
    """Open a private channel with other countries (the opener is always a member)."""

    kind: Literal["open_channel"]
    members: list[str] = Field(min_length=1, max_length=60)
    name: Name | None = None
    channel: Ref | None = None


# Voting councils (UNSC, UNGA; the League's LNC and LNA)

LeagueArticle = Literal["11", "15", "16", "procedural"]


class TableDraft(_Action):
    kind: Literal["table_draft"]
    body: Literal["UNSC", "UNGA", "LNC", "LNA"] = "UNSC"
    title: Title = ""
    text: Text = ""
    chapter: Literal["VI", "VII"] | None = None
    measures: list[Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{0,39}$")]] = Field(
        default_factory=list, max_length=20)
    procedural: bool = False
    draft: Ref | None = None
    """A symbol for the draft ("S/2022/155"); without one the engine assigns the next free one."""
    amends: Ref | None = None
    """The draft this one amends: amendments are voted before their draft."""
    parties: list[str] | None = None
    """The parties to the dispute, for Art. 27(3); by default the states in the scenario's incidents."""
    important: bool = False
    """General Assembly only: an important question needs two thirds (Charter Art. 18(2)).
    A recommendation on peace and security is one whatever this says."""
    decides: bool | None = None
    """Security Council: whether the operative part decides (Charter Art. 25) rather than
    recommends; without it the engine reads the measures and the text."""
    situation: Ref | None = None
    """The situation the draft is about, when a game has several (default: the game's crisis)."""
    article: LeagueArticle | None = None
    """League drafts only: the Covenant article it is taken under (``11``, ``15``, ``16``, or
    ``procedural`` for Art. 5(2)); by default read from its measures."""
    against: str | None = None
    """League drafts only: the state a determination under Art. 16(1), or an expulsion under
    Art. 16(4), is about."""


class WithdrawDraft(_Action):
    kind: Literal["withdraw_draft"]
    draft: Ref


class RequestVote(_Action):
    """Provisional rule 38: a Council member asks for an invited state's draft to be voted."""

    kind: Literal["request_vote"]
    draft: Ref


class ContestProcedural(_Action):
    """The double veto (scenario option): a permanent member contests that a draft is procedural."""

    kind: Literal["contest_procedural"]
    draft: Ref


class CallVote(_Action):
    kind: Literal["call_vote"]
    draft: Ref


class Vote(_Action):
    kind: Literal["vote"]
    draft: Ref
    vote: VoteChoice


class CloseVote(_Action):
    kind: Literal["close_vote"]
    draft: Ref


# North Atlantic Council


class RequestConsultations(_Action):
    """Article 4."""

    kind: Literal["request_consultations"]
    concern: Text = ""


class RequestArticle5(_Action):
    kind: Literal["request_article5"]
    incident: Ref
    item: Ref | None = None
    text: Text = ""
    deadline: Deadline | None = None


class Circulate(_Action):
    kind: Literal["circulate"]
    text: Text = ""
    title: Title = ""
    decision: Decision = "statement"
    deadline: Deadline | None = None
    item: Ref | None = None
    incident: Ref | None = None
    """For an Article 5 determination: the incident it is about."""
    candidate: str | None = None
    """For an invitation under Article 10: the state invited."""


class BreakSilence(_Action):
    kind: Literal["break_silence"]
    item: Ref
    reason: Reason = ""


class SilenceDeadline(_Action):
    kind: Literal["silence_deadline"]
    item: Ref


class Pledge(_Action):
    kind: Literal["pledge"]
    response: Literal["diplomatic", "economic", "military"]
    detail: Text = ""
    incident: Ref | None = None


class RetractPledge(_Action):
    """Take back a pledge before it is delivered: an empty pledge, which costs credibility."""

    kind: Literal["retract_pledge"]
    pledge: Ref


class RequestMembership(_Action):
    """A European state asks to join (the step before an Article 10 invitation)."""

    kind: Literal["request_membership"]
    text: Text = ""


class Ratify(_Action):
    """An ally ratifies the accession of an invited state (Article 10)."""

    kind: Literal["ratify"]
    candidate: str


class NotifyWithdrawal(_Action):
    """Article 13: an ally gives notice and leaves one year later; with ``body: "LEAGUE"``,
    Covenant Art. 1(3): a Member of the League leaves two years after its notice."""

    kind: Literal["notify_withdrawal"]
    body: Literal["NAC", "LEAGUE"] = "NAC"


class WithdrawalEffective(_Action):
    kind: Literal["withdrawal_effective"]
    country: str
    body: Literal["NAC", "LEAGUE"] = "NAC"


# The League of Nations (Covenant Art. 16)


class ApplySanctions(_Action):
    """A Member of the League applies Art. 16(1) measures against a state, on its own."""

    kind: Literal["apply_sanctions"]
    against: str
    measures: list[SanctionMeasure] = Field(min_length=1, max_length=5)


class LiftSanctions(_Action):
    """A Member lifts the measures it applied (all of them, without ``measures``)."""

    kind: Literal["lift_sanctions"]
    against: str
    measures: list[SanctionMeasure] | None = Field(None, min_length=1, max_length=5)


class DepositAccession(_Action):
    """The invited state deposits its instrument of accession with the Government of the
    United States (Article 10), once every signatory of its protocol has ratified."""

    kind: Literal["deposit_accession"]


class SkipTime(_Action):
    """The instructor moves the world's calendar forward, in the open and with a reason:
    treaty periods (Article 13's year) count the days skipped; the class's clocks do not."""

    kind: Literal["skip_time"]
    days: int = Field(ge=1, le=3660)
    reason: Reason = ""


class SetVoteGrace(_Action):
    """How long a vote waits for a delegation whose students are all offline before its
    caretaker votes for it (``seconds: 0``: at once, as soon as the server sees nobody)."""

    kind: Literal["set_vote_grace"]
    seconds: int = Field(ge=0, le=3600)


class RevealHistory(_Action):
    """The instructor shows the projector what really happened: an entry of the scenario's
    history track (its ``id``), beside what the class decided; without ``entry``, the
    projector goes back to the game."""

    kind: Literal["reveal_history"]
    entry: Ref | None = None


# The General Assembly


class RequestEmergencySession(_Action):
    """Uniting for Peace (GA res. 377 A (V)): a member of the United Nations joins the request
    for an emergency special session; a majority of the members calls it."""

    kind: Literal["request_emergency_session"]
    situation: Ref | None = None
    text: Text = ""


# The world


class SelfDefence(_Action):
    """Charter Art. 51: the attacked state acts in self-defence, or another state in its
    collective self-defence at its request; either reports to the Council."""

    kind: Literal["self_defence"]
    incident: Ref


class RequestAssistance(_Action):
    """The attacked state asks other states for help in its collective self-defence
    (ICJ, Nicaragua, 1986, para 199); ``addressed_to`` names them, else any state may answer."""

    kind: Literal["request_assistance"]
    incident: Ref
    addressed_to: list[str] | None = Field(None, min_length=1, max_length=60)
    text: Text = ""


class AggressorMove(_Action):
    """The aggressor moves; without ``move`` the scenario's policy draws one."""

    kind: Literal["aggressor_move"]
    move: Move | None = None


class ChangeRules(_Action):
    """A what-if: change a rule from this moment on (a fork's rule change).

    ``rule``: ``no_veto`` (no permanent member's vote blocks), ``no_nato`` (the
    North Atlantic Council is gone), ``caretaker`` (``country`` gets the caretaker
    ``policy``), ``aggressor_policy`` (the aggressor draws its moves from ``policy``),
    ``reseed`` (the world's random draws start again from ``seed``: another roll of the
    dice, as the causality lab plays each continuation).
    """

    kind: Literal["change_rules"]
    rule: Literal["no_veto", "no_nato", "caretaker", "aggressor_policy", "reseed"]
    country: str | None = None
    policy: dict[str, Any] | None = None
    seed: int | None = Field(None, ge=0, le=2**63 - 1)


Action = Annotated[
    Start | AdvancePhase | Pause | Resume | End | SetClock | InjectAction | SetCaretaker
    | ChangeRules
    | Say | OpenChannel
    | TableDraft | WithdrawDraft | RequestVote | ContestProcedural | CallVote | Vote | CloseVote
    | RequestConsultations | RequestArticle5 | Circulate | BreakSilence | SilenceDeadline
    | Pledge | RetractPledge | RequestMembership | Ratify | NotifyWithdrawal
    | WithdrawalEffective | DepositAccession | SkipTime | SetVoteGrace | RequestEmergencySession
    | RevealHistory | ApplySanctions | LiftSanctions | SelfDefence | RequestAssistance | AggressorMove,
    Field(discriminator="kind"),
]

_ADAPTER: TypeAdapter[Action] = TypeAdapter(Action)

ACTION_KINDS: tuple[str, ...] = (
    "start", "advance_phase", "pause", "resume", "end", "set_clock", "inject", "set_caretaker",
    "say", "open_channel", "table_draft", "withdraw_draft", "request_vote", "contest_procedural",
    "call_vote", "vote", "close_vote", "request_consultations", "request_article5", "circulate",
    "break_silence", "silence_deadline", "pledge", "retract_pledge", "request_membership",
    "ratify", "notify_withdrawal", "withdrawal_effective", "self_defence", "aggressor_move",
    "change_rules", "request_assistance", "request_emergency_session", "deposit_accession",
    "skip_time", "apply_sanctions", "lift_sanctions", "set_vote_grace",
    "reveal_history",
)


_UNION_TAGS = frozenset({"float", "int", "str", "bool"})
"""Where pydantic names the member of a union that failed: not a place in the action."""


def _place_of(loc: tuple[int | str, ...], kind: str) -> str:
    parts = [str(p) for p in loc if p not in _UNION_TAGS]
    if parts and parts[0] == kind:
        parts = parts[1:]
    return ".".join(parts)


_ALTERNATIVES = {"float_type": N_("a valid number"), "int_type": N_("a valid integer"),
                 "string_type": N_("a valid string"), "bool_type": N_("a valid boolean"),
                 "list_type": N_("a valid list"), "dict_type": N_("a valid dictionary")}
"""What a field may be, by pydantic's problem when it is none of them (a union)."""
_ANOTHER = N_("another type")


def _problem(err: ValidationError, kind: str) -> RuleError:
    errors = err.errors(include_url=False)
    first = errors[0]
    place = _place_of(first["loc"], kind)
    msg = first["msg"]
    msg = msg[0].lower() + msg[1:] if msg else msg
    msg = msg.removeprefix("value error, ")
    kinds = [e["type"] for e in errors
             if _place_of(e["loc"], kind) == place and e["type"].endswith("_type")]
    said: Msg | str = msg
    if len(kinds) > 1:
        alternatives: list[Param] = [message(_ALTERNATIVES.get(k, _ANOTHER)) for k in kinds]
        said = message(N_("input should be {expected}"), expected=or_list(alternatives))
        msg = said.english()
    elif first["type"] == "extra_forbidden":
        said = message(N_("unknown field"))
    elif first["type"] == "missing":
        said = message(N_("required field is missing"))
    elif "control characters" not in msg:
        said = pydantic_problem(first)
    code = "invalid_action"
    if first["type"] == "string_too_long":
        code = "text_too_long"
    elif "control characters" in msg:
        code = "invalid_text"
        said = message(N_("control characters are not allowed in text"))
    where = f"{kind}.{place}" if place else kind
    return RuleError(code, message(N_("{where}: {msg}"), where=where, msg=said), place or None)


def parse_action(data: Any) -> Action:
    """Read one action; refuse it with ``invalid_action`` (or a finer code) if malformed."""
    if isinstance(data, BaseModel):
        data = data.model_dump(exclude_none=True)
    if not isinstance(data, dict):
        raise RuleError("invalid_action", message(N_("an action is a JSON object")))
    kind = data.get("kind")
    if not isinstance(kind, str):
        raise RuleError("invalid_action", message(N_("an action needs a kind")), "kind")
    if kind not in ACTION_KINDS:
        raise RuleError("unknown_action", message(N_("unknown action kind \"{kind}\""),
                                                          kind=kind[:40]), "kind")
    try:
        return _ADAPTER.validate_python(data)
    except ValidationError as err:
        raise _problem(err, kind) from None


def action_to_dict(action: Action) -> dict[str, Any]:
    """The action as a record holds it: no empty optional fields."""
    return action.model_dump(exclude_none=True, exclude_defaults=False, mode="json")
