"""The state of a game: immutable data, the fold of its events.

Nothing here changes in place: ``evolve`` builds a new state that shares
what did not change, so an old state stays valid (the replay keeps many).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from game_rules.countries import COUNTRIES
from game_rules.messages import N_, Countries, Country, Msg, message
from game_rules.scenario import (
    DEFAULT_READING_LEVEL,
    LEVELS,
    Decision,
    Incident,
    Phase,
    ReadingLevel,
    Scenario,
    VoteChoice,
)

Status = Literal["setup", "running", "paused", "ended"]
DraftStatus = Literal["tabled", "voting", "adopted", "vetoed", "failed", "withdrawn"]
ItemStatus = Literal["silence", "adopted", "blocked"]

STATUS_WORDS: dict[str, str] = {
    "tabled": N_("tabled"), "voting": N_("voting"), "adopted": N_("adopted"),
    "vetoed": N_("vetoed"), "failed": N_("failed"), "withdrawn": N_("withdrawn"),
    "silence": N_("silence"), "blocked": N_("blocked"), "made": N_("made"),
    "delivered": N_("delivered"), "retracted": N_("retracted"),
}
"""What became of a draft, an item or a pledge, as a refusal says it ("it was adopted")."""


def status_word(status: str) -> Msg | str:
    """A status as a message's parameter, translated where it is a word of the game."""
    return message(STATUS_WORDS[status]) if status in STATUS_WORDS else status


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Draft(_Frozen):
    id: str
    body: Literal["UNSC", "UNGA", "LNC", "LNA"]
    sponsor: str
    order: int
    title: str = ""
    title_msg: dict[str, Any] | None = None
    """The title as a message, when the engine wrote it (the double veto's preliminary
    question)."""
    text: str = ""
    chapter: Literal["VI", "VII"] | None = None
    measures: tuple[str, ...] = ()
    procedural: bool = False
    amends: str | None = None
    parties: tuple[str, ...] = ()
    important: bool = False
    decides: bool | None = None
    """Whether the text decides (Charter Art. 25) rather than recommends; None in events
    stored before the engine said so: then read from the measures and the text."""
    situation: str = ""
    """The situation the draft is about ("" is the game's own crisis)."""
    needs_member_request: bool = False
    requested_by: str | None = None
    preliminary_for: str | None = None
    contested_by: str | None = None
    status: DraftStatus = "tabled"
    called_at: float | None = None
    """When its vote opened."""
    votes: dict[str, VoteChoice] = {}
    absent: tuple[str, ...] = ()
    vetoed_by: tuple[str, ...] = ()
    resolution: str | None = None
    explanation: str = ""
    explanation_msg: dict[str, Any] | None = None
    article: Literal["11", "15", "16", "procedural"] | None = None
    """A League draft: the Covenant article it is taken under."""
    against: str | None = None
    """A League draft under Art. 16: the state it finds resorted to war, or expels."""
    blocked_by: tuple[str, ...] = ()
    """A League draft: the members whose vote against broke unanimity."""


class Item(_Frozen):
    """A text before the North Atlantic Council under the silence procedure."""

    id: str
    decision: Decision
    by: str
    title: str = ""
    text: str = ""
    deadline: float
    incident: str | None = None
    candidate: str | None = None
    case_by_case: bool = False
    title_msg: dict[str, Any] | None = None
    """The title as a message, when the engine wrote it (an Article 5 request's)."""
    status: ItemStatus = "silence"
    broken_by: tuple[str, ...] = ()
    reasons: tuple[str, ...] = ()


class Pledge(_Frozen):
    id: str
    ally: str
    response: Literal["diplomatic", "economic", "military"]
    detail: str = ""
    incident: str
    round: int
    status: Literal["made", "delivered", "retracted"] = "made"


class Channel(_Frozen):
    id: str
    name: str
    kind: Literal["public", "body", "team", "private"]
    members: tuple[str, ...] | None = None
    """Who may read and write; None for the public channel and body channels."""


class Message(_Frozen):
    index: int
    channel: str
    sender: str
    text: str
    at: float
    author: str | None = None
    readers: tuple[str, ...] | None = None
    """Who read the channel when it was sent; None: everyone (see ``talk.reads_message``)."""


class News(_Frozen):
    index: int
    kind: str
    title: str
    text: str = ""
    audience: tuple[str, ...] | None = None
    round: int = 0
    at: float = 0.0
    title_msg: dict[str, Any] | None = None
    """The title as a message (``game_rules.messages``), for each reader's language."""
    text_msg: dict[str, Any] | None = None
    keys: dict[str, str] | None = None
    """For a scenario's own news (a scripted inject, an incident it writes): the key of
    each of its texts (``{"title": "injects.day1.title", "text": "injects.day1.text"}``),
    by which a page shows it in its reader's language (docs/i18n.md, the texts document)."""


class Accession(_Frozen):
    candidate: str
    item: str
    """The invitation's item, or the protocol's date for an accession the game began with."""
    ratifying: tuple[str, ...]
    """The signatories of the accession protocol: the allies whose ratification counts."""
    ratified: tuple[str, ...] = ()
    status: Literal["ratifying", "ratified", "member"] = "ratifying"
    """``ratified``: every signatory has ratified; the candidate's deposit is awaited."""


class Sanction(_Frozen):
    """The Art. 16(1) measures one Member of the League applies against one state."""

    member: str
    against: str
    measures: tuple[str, ...]


class Crisis(_Frozen):
    ladder: int
    deterrence: int
    toll: int
    reversed: bool = False

    @property
    def level(self) -> str:
        return LEVELS[self.ladder]


class Counters(_Frozen):
    """Running tallies the conditions of injects and objectives read."""

    vetoes: int = 0
    silences_broken: int = 0
    adopted_measures: tuple[str, ...] = ()
    determination: bool = False
    """Whether an adopted resolution made an Art. 39 determination."""


class State(_Frozen):
    scenario: Scenario
    seed: int
    rng: int
    reading_level: ReadingLevel = DEFAULT_READING_LEVEL
    """The level at which the class reads the student-facing texts (chosen with the game)."""
    status: Status = "setup"
    round: int = 0
    phase: Phase | Literal["setup", "open", "ended"] = "setup"
    clock_deadline: float | None = None
    clock_remaining: float | None = None
    now: float = 0.0
    paused_at: float | None = None
    country_list: tuple[str, ...] = ()
    president: str | None = None
    nac_members: tuple[str, ...] = ()
    drafts: dict[str, Draft] = {}
    draft_counter: int = 0
    open_votes: dict[str, str] = {}
    """body -> the draft whose vote is open."""
    items: dict[str, Item] = {}
    item_counter: int = 0
    incidents: dict[str, Incident] = {}
    article5: tuple[str, ...] = ()
    """Incidents for which Article 5 has been invoked."""
    article5_active: bool = False
    self_defence: tuple[str, ...] = ()
    """Incidents against which the state attacked acts in self-defence."""
    collective_defence: tuple[tuple[str, str], ...] = ()
    """(state, incident): other states acting in collective self-defence of the one attacked."""
    assistance_requests: dict[str, tuple[str, ...] | None] = {}
    """incident -> the states the victim asked for help (None: any state)."""
    incident_audience: dict[str, tuple[str, ...]] = {}
    """Incidents that news addressed to some countries made: who knows of them."""
    self_defence_ended: tuple[str, ...] = ()
    """Incidents whose self-defence ended when the Security Council took measures (Art. 51)."""
    pledges: tuple[Pledge, ...] = ()
    channels: dict[str, Channel] = {}
    channel_counter: int = 0
    messages: tuple[Message, ...] = ()
    news: tuple[News, ...] = ()
    injects_fired: tuple[str, ...] = ()
    caretakers: frozenset[str] = frozenset()
    crisis: Crisis
    aggressor_moved_round: int = 0
    membership_requests: tuple[str, ...] = ()
    accessions: dict[str, Accession] = {}
    withdrawals: dict[str, float] = {}
    """ally -> when its withdrawal takes effect (Art. 13: a year after its notice), in the
    world's time (see ``world_time``)."""
    notices: dict[str, float] = {}
    """ally -> when it gave notice of denunciation, in the world's time."""
    time_skipped: float = 0.0
    """Seconds the instructor moved the world's calendar forward (``skip_time``)."""
    consultations: tuple[str, ...] = ()
    """Allies that requested Article 4 consultations, in order."""
    emergency_session: bool = False
    emergency_sessions: tuple[str, ...] = ()
    """The situations for which an emergency special session has been called."""
    session_requests: dict[str, tuple[str, ...]] = {}
    """situation -> the members that joined a request for an emergency special session."""
    counters: Counters = Counters()
    vote_grace: int = 30
    """Seconds a vote waits for a delegation whose students are all offline before its
    caretaker votes for it (``game_rules.absence``)."""
    league_left: tuple[str, ...] = ()
    """States that are no longer Members of the League: withdrawn (Art. 1(3)) or expelled
    (Art. 16(4))."""
    league_withdrawals: dict[str, float] = {}
    """League notices under Art. 1(3): country -> when the withdrawal takes effect."""
    war_found: tuple[str, ...] = ()
    """States the League found to have resorted to war in disregard of the Covenant
    (Art. 16(1)), in order."""
    sanctions: tuple[Sanction, ...] = ()
    """The Art. 16 measures in force, each Member's against each state."""
    history_shown: str | None = None
    """The entry of the history track the projector shows (``reveal_history``), if any."""
    history_revealed: tuple[str, ...] = ()
    """Every entry of the history track the instructor has shown, in order."""

    # Queries the rules and views share.

    def countries(self) -> tuple[str, ...]:
        return self.country_list

    def council_members(self, body: str = "UNSC") -> tuple[str, ...]:
        bodies = self.scenario.bodies
        if body == "UNSC":
            return tuple(bodies.UNSC.members) if bodies.UNSC else ()
        if body == "LNC":
            if bodies.LNC is None:
                return ()
            return tuple(c for c in bodies.LNC.members if c not in self.league_left)
        if body == "LNA":
            if bodies.LNA is None:
                return ()
            return self.league_members()
        if body == "UNGA":
            if bodies.UNGA is None:
                return ()
            if bodies.UNGA.members is not None:
                return tuple(bodies.UNGA.members)
            return tuple(c for c in self.countries()
                         if (COUNTRIES.get(c) and COUNTRIES[c].un_member) or c.startswith("X"))
        return ()

    def league_members(self) -> tuple[str, ...]:
        """The Members of the League now: the scenario's, less those withdrawn or expelled."""
        return tuple(c for c in self.scenario.league_members() if c not in self.league_left)

    def permanent_members(self) -> tuple[str, ...]:
        council = self.scenario.bodies.UNSC
        return tuple(council.permanent) if council else ()

    def world_time(self, now: float) -> float:
        """The world's time at the classroom's ``now``: treaty periods (Art. 13's year)
        count the time the instructor skipped; the class's clocks do not."""
        return now + self.time_skipped

    def is_ally(self, code: str) -> bool:
        return code in self.nac_members

    def name(self, code: str) -> str:
        """The UN name of a country, or the scenario's name for a fictional one."""
        return self.scenario.country_name(code)

    def short(self, code: str) -> str:
        """The everyday name, for a chip or a map label ("DR Congo")."""
        entry = self.scenario.entry(code)
        if entry and entry.name:
            return entry.name
        country = COUNTRIES.get(code)
        return country.short if country else code

    def display(self, code: str) -> str:
        """A country as a sentence names it ("the Russian Federation")."""
        return self.scenario.country_display(code)

    def country(self, code: str) -> Country:
        """A country as a message's parameter: its code, and the name a sentence gives it."""
        return Country(code, self.scenario.country_display(code))

    def countries_of(self, codes: Iterable[str], conjunction: str = "and") -> Countries:
        """Several countries as a message's parameter, a list in a sentence."""
        return Countries(tuple(self.country(c) for c in codes), conjunction)
