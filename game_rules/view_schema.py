"""The shape of a view (``views.view_for``), as typed dicts: what a client reads from
``welcome``, ``view`` frames and ``GET /api/games/{id}/view``.

docs/view.schema.json is the JSON Schema made of ``View`` (``python -m
server.protocol_doc --view``), and a test checks both that it is up to date and
that real views of the shipped scenarios match it. A view has every key listed
here for its viewer (the sections a scenario's bodies or the viewer leave out are
marked as not always there); an entry of a list may carry more fields than listed
(``additionalProperties``), which a client may ignore.
"""

from __future__ import annotations

from typing import Any, Literal, NotRequired

from pydantic import ConfigDict, TypeAdapter, with_config
from typing_extensions import TypedDict

_CLOSED = ConfigDict(use_attribute_docstrings=True, extra="forbid")
_OPEN = ConfigDict(use_attribute_docstrings=True, extra="allow")

Code = str
"""A country's code (ISO 3166-1 alpha-3, or a scenario's own XAA-XZZ)."""


@with_config(_OPEN)
class MsgJson(TypedDict):
    """A sentence of the engine as a message: the English template ``id`` and its
    ``params`` (``game_rules.messages``; docs/i18n.md)."""

    id: str
    params: dict[str, Any]
    plural: NotRequired[str]
    capital: NotRequired[bool]


@with_config(_CLOSED)
class GameSection(TypedDict):
    scenario: str
    title: str
    year: int | None
    date: str | None
    """The scenario's day (ISO 8601), when it has one."""
    not_yet_in_force: dict[str, str]
    """Rules the scenario's day comes before, each with why (rules by date)."""
    summary: str
    briefing: str
    reading_level: Literal["basic", "advanced"]
    status: str
    """``lobby``, ``running``, ``paused`` or ``ended``."""
    round: int
    rounds: int
    """0: one open session."""
    phase: str
    """``briefing``, ``consultations``, ``council``, ``resolution``; ``open`` in an open
    session."""
    clock_deadline: float | None
    """When the phase's clock runs out (seconds since the epoch), if it runs."""
    clock_remaining: float | None
    """While paused: the seconds the phase's clock still had."""
    now: float
    """The server's clock when the view was made."""
    vote_grace: int
    """Seconds a vote waits for a delegation whose students are all offline."""


@with_config(_OPEN)
class CountryEntry(TypedDict):
    code: Code
    name: str
    display: str
    short: str
    bodies: list[str]
    profile: str
    permanent: bool
    playable: bool


@with_config(_OPEN)
class CrisisSection(TypedDict):
    ladder: int
    level: str
    levels: list[str]
    deterrence: int
    toll: int
    reversed: bool
    aggressor: Code | None


@with_config(_OPEN)
class IncidentEntry(TypedDict):
    id: str
    target: Code
    attacker: Code | None
    kind: str
    in_treaty_area: bool
    title: str
    description: str
    location: str
    keys: NotRequired[dict[str, str]]
    """For an incident the scenario writes: the key of each of its texts in the game's texts
    document, by field (``{"title": "incidents.inc-1.title"}``; docs/i18n.md)."""


@with_config(_OPEN)
class NewsEntry(TypedDict):
    index: int
    kind: str
    title: str
    text: str
    round: int
    at: float
    title_msg: NotRequired[MsgJson | None]
    """The title as a message (docs/i18n.md): each reader's language renders it."""
    text_msg: NotRequired[MsgJson | None]
    """The text as a message, when the engine wrote it (not a text someone typed)."""
    keys: NotRequired[dict[str, str] | None]
    """For the scenario's own news (a scripted inject, an incident the scenario writes): the
    key of its ``title`` and ``text`` in the game's texts document (``injects.day1.title``),
    by which a page shows them in its reader's language (docs/i18n.md)."""


@with_config(_OPEN)
class DraftEntry(TypedDict):
    """A draft resolution or decision (docs/rules.md, ``table_draft``)."""

    id: str
    body: str
    sponsor: Code
    title: str
    title_msg: NotRequired[MsgJson | None]
    """The title as a message, when the engine wrote it (the double veto's preliminary
    question, "Whether the question in S/1 is procedural"): each reader's language renders
    it (docs/i18n.md); null for a title someone typed."""
    text: str
    measures: list[str]
    procedural: bool
    status: str
    """``tabled``, ``voting``, ``adopted``, ``vetoed``, ``failed`` or ``withdrawn``."""
    votes: dict[Code, str]
    """Each member's vote so far: ``yes``, ``no`` or ``abstain``."""
    explanation: NotRequired[str]
    """Once voted: why it passed or failed, in English."""
    explanation_msg: NotRequired[MsgJson | None]
    """The explanation as a message (docs/i18n.md)."""


@with_config(_OPEN)
class CouncilSection(TypedDict):
    """The Security Council (``UNSC``)."""

    members: list[Code]
    permanent: list[Code]
    invited: list[Code]
    briefers: list[Code]
    threshold: int
    president: Code | None
    determination: bool
    """Whether the Council has determined a threat to the peace (Art. 39)."""
    open_vote: str | None
    """The draft being voted on."""
    drafts: list[DraftEntry]
    emergency_session: bool


@with_config(_OPEN)
class AssemblySection(TypedDict):
    """The General Assembly (``UNGA``)."""

    members: list[Code]
    emergency_sessions: list[str]
    session_requests: dict[str, Any]
    open_vote: str | None
    drafts: list[DraftEntry]


@with_config(_OPEN)
class NacItemEntry(TypedDict):
    """A text circulated under silence (docs/rules.md, ``circulate``)."""

    id: str
    decision: str
    by: str
    title: str
    title_msg: NotRequired[MsgJson | None]
    """The title as a message, when the engine wrote it (an Article 5 request's): each
    reader's language renders it (docs/i18n.md); null for a title someone typed."""
    text: str
    deadline: float
    """When silence ends (seconds since the epoch)."""
    status: str
    """``silence``, ``adopted`` or ``blocked``."""
    broken_by: list[Code]


@with_config(_OPEN)
class PledgeEntry(TypedDict):
    id: str
    ally: Code
    response: str
    detail: str
    round: int
    status: str


@with_config(_OPEN)
class NacSection(TypedDict):
    """The North Atlantic Council (``NAC``)."""

    members: list[Code]
    items: list[NacItemEntry]
    article5: list[str]
    """The incidents for which Article 5 has been invoked."""
    article5_active: bool
    consultations: list[Code]
    """The allies who asked for consultations (Art. 4)."""
    pledges: list[PledgeEntry]
    accessions: list[dict[str, Any]]
    membership_requests: list[dict[str, Any]]
    withdrawals: dict[Code, Any]
    notices: dict[Code, Any]


@with_config(_OPEN)
class LeagueCouncilSection(TypedDict):
    """The Council of the League of Nations (``LNC``)."""

    members: list[Code]
    permanent: list[Code]
    elected: list[Code]
    president: Code | None
    open_vote: str | None
    drafts: list[DraftEntry]


@with_config(_OPEN)
class LeagueAssemblySection(TypedDict):
    """The Assembly of the League of Nations (``LNA``)."""

    members: list[Code]
    open_vote: str | None
    drafts: list[DraftEntry]


@with_config(_OPEN)
class LeagueSection(TypedDict):
    """The League's membership, its Article 16 finding and sanctions."""

    members: list[Code]
    left: list[Code]
    withdrawals: dict[Code, Any]
    war_found: list[Code]
    sanctions: list[dict[str, Any]]


@with_config(_OPEN)
class ChannelEntry(TypedDict):
    id: str
    """``public``, ``UNSC``, ``NAC``, a team channel or a private channel's id."""
    name: str
    """A private channel's name as its opener typed it; empty when they typed none (a page
    names it by its members, in its own language). A body's or a team's channel: its English
    name (a page names it by its ``id``)."""
    kind: str
    members: list[Code] | None
    """A private channel's members; null for a body's channel."""


@with_config(_OPEN)
class MessageEntry(TypedDict):
    index: int
    channel: str
    sender: str
    """The country (or ``instructor``) that spoke."""
    text: str
    at: float
    author: str | None
    """The student's nickname, or ``instructor`` when the instructor spoke for a country."""


@with_config(_OPEN)
class MeSection(TypedDict):
    """The viewer's own country: its profile and its secret role sheet."""

    country: Code
    name: str
    bodies: list[str]
    profile: str
    role: dict[str, Any] | None
    """The secret role sheet (docs/scenarios.md, ``role``), at the game's reading level."""
    caretaker: bool
    president: bool


@with_config(_OPEN)
class InstructorSection(TypedDict):
    """What only the instructor sees."""

    caretakers: list[Code]
    roles: dict[Code, dict[str, Any]]
    """Every country's secret role sheet."""
    caretaker_policies: dict[Code, dict[str, Any]]
    injects: list[dict[str, Any]]
    """The scenario's injects, each with ``released``."""
    aggressor_odds: dict[str, float] | None
    seed: int


@with_config(_OPEN)
class HistoryShown(TypedDict):
    """The real decision the instructor put on the projector, beside the class's."""

    entry: str
    date: str
    when: str
    body: str
    real: str
    """What really happened, in one sentence."""
    yours: list[str]
    """What the class decided on the same question."""
    verdicts: list[str]
    source: str


@with_config(_OPEN)
class HistorySection(TypedDict):
    """What really happened (a scenario with a history track, ``reveal_history``)."""

    shown: HistoryShown | None
    track: NotRequired[list[dict[str, Any]]]
    """The instructor's view only: every entry of the track, with ``revealed``."""


@with_config(_CLOSED)
class View(TypedDict):
    """The whole picture one seat may see: ``viewer`` is ``instructor``, ``public``
    (the projector, observers) or a country's code."""

    viewer: str
    game: GameSection
    measures: list[dict[str, Any]]
    """The scenario's own measures (id and name) besides the Charter's."""
    countries: list[CountryEntry]
    crisis: CrisisSection
    incidents: list[IncidentEntry]
    news: list[NewsEntry]
    UNSC: NotRequired[CouncilSection]
    """When the scenario has a Security Council."""
    UNGA: NotRequired[AssemblySection]
    NAC: NotRequired[NacSection]
    LNC: NotRequired[LeagueCouncilSection]
    LNA: NotRequired[LeagueAssemblySection]
    LEAGUE: NotRequired[LeagueSection]
    self_defence: list[dict[str, Any]]
    """Art. 51 reports: who acts in self-defence against which incident."""
    collective_self_defence: list[dict[str, Any]]
    assistance_requests: dict[str, Any]
    time_skipped: float
    """Days the instructor moved the world's calendar forward."""
    channels: list[ChannelEntry]
    """The channels this viewer may read."""
    messages_total: int
    messages: list[MessageEntry]
    """The messages this viewer may read (the newest, when the view was cut short)."""
    history: NotRequired[HistorySection]
    """When the scenario has a history track."""
    me: NotRequired[MeSection]
    """A country's own section (a student's view)."""
    instructor: NotRequired[InstructorSection]
    """The instructor's view only."""
    caretakers: NotRequired[list[Code]]
    """The countries with their caretakers (empty for the public view)."""


VIEW: TypeAdapter[View] = TypeAdapter(View)


def view_json_schema() -> dict[str, Any]:
    """The JSON Schema of a view (docs/view.schema.json).

    >>> view_json_schema()["title"]
    'View'
    """
    return VIEW.json_schema(mode="serialization")
