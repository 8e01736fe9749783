"""Scenarios: the data a game is made from, and their validation.

A scenario can be a few lines; everything else has defaults. Problems are
reported all at once, each with its place in the file:

>>> try:
...     load_scenario({"id": "x", "title": "X", "countries": ["FRA"],
...                    "bodies": {"UNSC": {"permanent": ["CHN", "FRA", "URS"], "elected": []}}})
... except ScenarioError as err:
...     print(err.lines()[0])
bodies.UNSC.permanent[2]: unknown country "URS": did you mean "SUN" (the Soviet Union)?
"""

from __future__ import annotations

import contextlib
import json
import math
import re
from collections.abc import Callable, Iterable, Sequence
from datetime import date as _date
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    ValidationError,
    model_validator,
)

from game_rules.countries import NATO_2024, is_fictional_code, is_known
from game_rules.errors import ScenarioError
from game_rules.hints import country_hint_msg, did_you_mean_msg, nearest
from game_rules.messages import N_, Msg, Nn_, Param, message, plural_message
from game_rules.states import display_on, name_on, scenario_day

Phase = Literal["briefing", "consultations", "council", "resolution"]
PHASES: tuple[Phase, ...] = ("briefing", "consultations", "council", "resolution")

Level = Literal[
    "none", "threats", "hybrid_pressure", "limited_incursion", "armed_attack", "occupation",
    "spillover",
]
LEVELS: tuple[Level, ...] = (
    "none", "threats", "hybrid_pressure", "limited_incursion", "armed_attack", "occupation",
    "spillover",
)
"""The aggressor's escalation ladder, from no pressure to spill-over onto an ally."""

IncidentKind = Literal["armed_attack", "cyber", "hybrid", "space"]
VoteChoice = Literal["yes", "no", "abstain"]
Decision = Literal["statement", "article5", "operation", "invite"]
Move = Literal["escalate", "hold", "de_escalate", "withdraw"]

Code = Annotated[str, Field(min_length=1, max_length=8)]
Longitude = Annotated[float, Field(ge=-180, le=180)]
Latitude = Annotated[float, Field(ge=-90, le=90)]

ReadingLevel = Literal["basic", "advanced"]
READING_LEVELS: tuple[ReadingLevel, ...] = ("basic", "advanced")
"""The two reading levels of student-facing texts; a game is played at one of them."""
DEFAULT_READING_LEVEL: ReadingLevel = "advanced"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class LevelledText(_Model):
    """A text written twice: ``basic`` (short, narrative, plain words) and ``advanced``
    (fuller, with the legal and theoretical background)."""

    basic: str
    advanced: str

    def at(self, level: ReadingLevel) -> str:
        return self.basic if level == "basic" else self.advanced


def _text_kind(value: Any) -> str | None:
    if isinstance(value, str):
        return "str"
    if isinstance(value, dict | LevelledText):
        return "LevelledText"
    return None


Levelled = Annotated[
    Annotated[str, Tag("str")] | Annotated[LevelledText, Tag("LevelledText")],
    Discriminator(_text_kind, custom_error_type="invalid_text",
                  custom_error_message='a text is a string, or an object {"basic": ..., '
                                       '"advanced": ...}'),
]
"""A student-facing text: one string for both reading levels, or one for each."""


def text_at(value: str | LevelledText, level: ReadingLevel) -> str:
    """A student-facing text at a reading level.

    >>> text_at("Same for all", "basic")
    'Same for all'
    >>> text_at(LevelledText(basic="Short.", advanced="Longer, with Art. 16."), "basic")
    'Short.'
    """
    return value if isinstance(value, str) else value.at(level)


class Objective(_Model):
    """One objective on a role sheet, scored in the realist debrief."""

    id: str
    text: Levelled
    when: Condition | None = None
    points: int = 10


class RoleSheet(_Model):
    """A country's secret instructions: only its own players and the instructor see it."""

    summary: Levelled = ""
    interests: list[Levelled] = []
    red_lines: list[Levelled] = []
    wants: list[Levelled] = []
    objectives: list[Objective] = []
    security_weight: float = 1.0
    cost_weight: float = 1.0
    autonomy_weight: float = 1.0

    def at(self, level: ReadingLevel) -> dict[str, Any]:
        """The role sheet as a reader at ``level`` sees it (JSON-ready)."""
        data = self.model_dump(mode="json")
        data["summary"] = text_at(self.summary, level)
        for field in ("interests", "red_lines", "wants"):
            data[field] = [text_at(t, level) for t in getattr(self, field)]
        for obj, out in zip(self.objectives, data["objectives"], strict=True):
            out["text"] = text_at(obj.text, level)
        return data


class VotePolicy(_Model):
    """How a caretaker votes in a council: rules by measure, then following a
    leader's vote, then the default. ``absent`` means it does not vote."""

    default: Literal["yes", "no", "abstain", "absent"] = "abstain"
    follow: Code | None = None
    yes_if: list[str] = []
    no_if: list[str] = []
    abstain_if: list[str] = []
    absent_if: list[str] = []
    """Measures on which it stays away from the vote (Yemen on resolution 660 in 1990)."""


class SilencePolicy(_Model):
    """Whether a caretaker ally breaks silence on a kind of decision, unless the
    text circulated contains one of the phrases it wants to see."""

    break_on: list[Decision] = []
    unless_text_contains: list[str] = []
    reason: str = "We cannot join consensus on this text."


SanctionMeasure = Literal["arms_embargo", "financial", "import_ban", "export_ban", "oil"]
SANCTION_MEASURES: tuple[SanctionMeasure, ...] = (
    "arms_embargo", "financial", "import_ban", "export_ban", "oil")
"""The economic and financial measures of Covenant Art. 16(1) a League member applies on
its own: an embargo on arms, financial measures, a ban on imports from the state, a ban
on exports to it, and an embargo on oil."""


class SanctionsPolicy(_Model):
    """Which Art. 16 measures a caretaker League member applies, and against whom."""

    apply: list[SanctionMeasure] = Field(min_length=1)
    against: Code | None = None
    """The state sanctioned; by default the state the League found to have resorted to war."""


class CaretakerPolicy(_Model):
    """What an unplayed country does on its own."""

    vote: VotePolicy = VotePolicy()
    assembly_vote: VotePolicy | None = None
    """How it votes in the General Assembly, where it voted otherwise than in the Security
    Council (France, against a Russian call for a truce in the Council on 16 October 2023,
    for the Assembly's on 27 October); by default ``vote`` serves both."""
    silence: SilencePolicy = SilencePolicy()
    ratify: Literal["at_once", "never"] = "at_once"
    pledge: Literal["none", "diplomatic", "economic", "military"] = "none"
    sanctions: Annotated[
        Annotated[SanctionsPolicy, Tag("SanctionsPolicy")] | Annotated[Literal["none"], Tag("str")],
        Discriminator(lambda v: "str" if isinstance(v, str) else "SanctionsPolicy"),
    ] = "none"
    """League of Nations: the Art. 16 measures it applies once the League has found that a
    state resorted to war in disregard of the Covenant, or ``"none"``."""


class CountryEntry(_Model):
    """A state in the scenario. A bare code in the file stands for ``{"code": ...}``."""

    code: Code
    name: str | None = None
    profile: Levelled = ""
    role: RoleSheet | None = None
    caretaker: CaretakerPolicy | None = None
    playable: bool = True

    @model_validator(mode="before")
    @classmethod
    def _from_code(cls, value: Any) -> Any:
        if isinstance(value, str):
            return {"code": value}
        return value


class UNSCConfig(_Model):
    """The Security Council: composition and threshold are data (11 and 7 before 1966)."""

    as_of: str | None = None
    """The Council of that day (YYYY-MM-DD), from the record (game_rules/institutions.py):
    the members, threshold and president the scenario does not give are filled in."""
    permanent: list[Code] = []
    elected: list[Code] = []
    threshold: int | None = None
    president: Code | None = None
    first_resolution: int | None = Field(None, ge=1)
    """The number of the first resolution adopted in the game (2623 to follow resolution 2622)."""
    invited: list[Code] = []
    """States invited to take part without a vote (provisional rule 37)."""
    briefers: list[Code] = []
    """Others invited to brief (rule 39): they may speak, never vote."""

    @property
    def members(self) -> list[str]:
        return [*self.permanent, *self.elected]

    def required_yes(self) -> int:
        """Affirmative votes needed: explicit, else three fifths of the seats, rounded up."""
        if self.threshold is not None:
            return self.threshold
        return math.ceil(3 * len(self.members) / 5)


class AccessionStart(_Model):
    """An accession already under way when the game starts (Article 10): the allies have
    invited the candidate and signed its accession protocol; some have ratified it."""

    candidate: Code
    signed: str = ""
    """When the protocol was signed (a date, for the record: "2022-07-05")."""
    signatories: list[Code] | None = None
    """The allies that signed the protocol, whose ratification membership waits for;
    by default every member of the Council. An ally that joined later is not one."""
    ratified: list[Code] = []
    """The signatories that have already ratified."""


class NACConfig(_Model):
    """The North Atlantic Council: consensus among its members."""

    as_of: str | None = None
    """The allies of that day (YYYY-MM-DD), from the record, unless ``members`` is given."""
    members: list[Code] = list(NATO_2024)
    silence_seconds: int = Field(600, ge=1)
    secretary_general: bool = False
    """Whether a Secretary-General seat (actor ``secretary_general``) chairs beside the instructor."""
    deposit: Literal["at_once", "candidate"] = "at_once"
    """Who deposits the instrument of accession once every signatory has ratified: it
    follows at once, or the candidate does it (``deposit_accession``)."""
    accessions: list[AccessionStart] = []
    """Accessions under way when the game starts."""


class UNGAConfig(_Model):
    """The General Assembly: one vote a member, recommendations only."""

    members: list[Code] | None = None
    """Defaults to every UN member in the scenario."""


class LNCConfig(_Model):
    """The Council of the League of Nations: permanent and non-permanent members
    (Covenant Art. 4), deciding by unanimity of the members represented (Art. 5(1))."""

    as_of: str | None = None
    """The Council of that day (YYYY-MM-DD), where the record has it."""
    permanent: list[Code] = []
    elected: list[Code] = []
    """The non-permanent members selected by the Assembly (Art. 4(1))."""
    president: Code | None = None
    """Who presides: calls and closes the Council's votes (the instructor can too)."""

    @property
    def members(self) -> list[str]:
        return [*self.permanent, *self.elected]


class LNAConfig(_Model):
    """The Assembly of the League of Nations: every Member of the League (Covenant Art. 3)."""

    members: list[Code] = Field(min_length=1)


class Bodies(_Model):
    UNSC: UNSCConfig | None = None
    NAC: NACConfig | None = None
    UNGA: UNGAConfig | None = None
    LNC: LNCConfig | None = None
    LNA: LNAConfig | None = None


class Incident(_Model):
    """Something that happened to a state; Article 5 and Art. 51 requests name one."""

    id: str = Field(min_length=1, max_length=40)
    target: Code
    attacker: Code | None = None
    kind: IncidentKind = "armed_attack"
    in_treaty_area: bool = True
    title: str = ""
    description: Levelled = ""
    location: str = ""
    amounts_to_armed_attack: bool | None = None
    """Whether its scale and effects amount to an armed attack, for Charter Art. 51 and
    North Atlantic Treaty Art. 5 alike. Unsaid: yes for an ``armed_attack``; for a cyber,
    hybrid or space incident the states judge it case by case."""
    coordinates: tuple[Longitude, Latitude] | None = None
    """Where the map puts it, ``[longitude, latitude]`` in degrees; by default, inside the
    target's territory."""


class Options(_Model):
    """Rules that a scenario may switch."""

    party_abstention: bool = False
    """Charter Art. 27(3): a party to a dispute abstains on decisions under Chapter VI and
    Art. 52(3). Off by default: last raised in the Council on 17 April 2000 (S/PV.4128), to
    no effect (Security Council Report, April 2014)."""
    double_veto: bool = False
    """The historical double veto: whether a question is procedural is itself substantive."""
    presidency_rotation: Literal["round", "none", "month"] = "round"
    """``round``: the next member presides at each round; ``none``: the first President
    throughout; ``month``: by the calendar month of the scenario's ``round_dates``
    (provisional rule 18: each President holds office for one calendar month)."""
    no_veto: bool = False
    """A what-if: no permanent member's vote blocks a decision."""
    veto_initiative: bool | None = None
    """GA res. 76/262 (a General Assembly debate after every veto): by default in force for
    scenarios dated from 26 April 2022, and for undated ones whose Council could sit today
    (not one with the Soviet Union, nor one of eleven seats)."""


class AggressorPolicy(_Model):
    """Base odds of each move; deterrence lowers escalation and raises restraint."""

    escalate: float = Field(0.45, ge=0)
    hold: float = Field(0.3, ge=0)
    de_escalate: float = Field(0.2, ge=0)
    withdraw: float = Field(0.05, ge=0)
    sensitivity: float = Field(1.0, ge=0, le=5)


class Aggressor(_Model):
    country: Code
    target: Code | None = None
    target_in_treaty_area: bool = False
    spillover_target: Code | None = None
    spillover_in_treaty_area: bool = True
    policy: AggressorPolicy = AggressorPolicy()


class CrisisStart(_Model):
    ladder: Level = "threats"
    deterrence: int = Field(30, ge=0, le=100)
    toll: int = Field(0, ge=0)


class Condition(_Model):
    """When a conditional inject fires or an objective counts: every given test holds."""

    ladder_at_least: Level | None = None
    ladder_at_most: Level | None = None
    deterrence_below: int | None = None
    deterrence_at_least: int | None = None
    article5_invoked: bool | None = None
    vetoes_at_least: int | None = None
    silence_broken_at_least: int | None = None
    round_at_least: int | None = None
    incident: str | None = None
    adopted_measure: str | None = None
    member_of_nac: Code | None = None
    any: list[Condition] | None = None


class Effects(_Model):
    """What an inject does to the world besides the news."""

    ladder: int = Field(0, ge=-6, le=6)
    ladder_to: Level | None = None
    deterrence: int = Field(0, ge=-100, le=100)
    toll: int = Field(0, ge=-1_000_000, le=1_000_000)
    incident: Incident | None = None


class Inject(_Model):
    """A piece of news: scripted for a round, fired by a condition, or both."""

    id: str = Field(min_length=1, max_length=40)
    title: str
    text: Levelled = ""
    round: int | None = Field(None, ge=1)
    when: Condition | None = None
    audience: list[Code] | None = None
    """Countries that see it; absent means everyone."""
    effects: Effects = Effects()
    auto: bool = True
    """Whether it fires by itself (at its round's briefing, or when its condition holds)."""


class ScenarioMeasure(_Model):
    """A measure of the scenario's own, beside the engine's: what a real text of the crisis
    said that the engine's measures do not ("reaffirms the right of self-defence"). It is a
    question of substance, never a procedural one or a measure under Articles 41-42; drafts
    carry it, caretaker policies and conditions read it, as any other measure."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]{0,39}$")
    name: str = Field(min_length=1, max_length=200)
    """How the draft form and the drafts show it ("Reaffirm the right of self-defence")."""


class Source(_Model):
    """A source a teacher can open: an official record or a standard reference."""

    title: str = Field(min_length=1, max_length=400)
    url: str | None = Field(None, max_length=1000)
    note: str | None = None


class TeacherBrief(_Model):
    """The teacher's brief: never shown to students."""

    learn: list[str] = []
    """What the class should learn, one point per string."""
    lesson_45: list[str] = []
    """A plan for a 45-minute lesson, one step per string ("minute 0-5: ...")."""
    lesson_90: list[str] = []
    """A plan for a 90-minute lesson."""
    first_seats: list[Code] = []
    """The countries to seat first when the class is small, most important first."""
    questions: list[str] = []
    """Discussion questions (the realist and liberal/constructivist readings, causality)."""
    reflection: list[str] = []
    """Three to five questions each student answers after the game."""
    sources: list[Source] = []


HistoryBody = Literal["UNSC", "UNGA", "NAC", "LNC", "LNA", "WORLD"]
Question = Literal[
    "condemn", "ceasefire", "withdrawal", "sanctions", "force", "peacekeeping", "icc",
    "tribunal", "emergency_session", "report", "war_determination", "article4", "article5",
    "accession", "withdrawal_notice", "event", "other",
]
QUESTION_STRENGTH: tuple[str, ...] = (
    "icc", "tribunal", "force", "sanctions", "war_determination", "peacekeeping", "withdrawal",
    "ceasefire", "report", "condemn", "emergency_session", "article5", "article4", "accession",
    "other",
)
"""When a text does several things, the question it is filed under is the first of these
it does (docs/scenarios.md, The history track)."""
HistoryOutcome = Literal["adopted", "vetoed", "failed", "blocked", "invoked", "withdrawn",
                         "not_voted", "happened"]


class Tally(_Model):
    """A vote's counts as the record gives them."""

    yes: int = Field(0, ge=0)
    no: int = Field(0, ge=0)
    abstain: int = Field(0, ge=0)
    absent: int | None = Field(None, ge=0)
    """Those who did not vote, where the record counts them."""

    def votes(self) -> str:
        """The tally as the game writes it, yes-no-abstain ("12-2-1")."""
        return f"{self.yes}-{self.no}-{self.abstain}"


class HistoryEntry(_Model):
    """One real decision point (or event) of the crisis, for "what really happened"."""

    id: str = Field(min_length=1, max_length=40)
    date: str = Field(pattern=r"^\d{4}-\d{2}-\d{2}$")
    """ISO 8601 date, YYYY-MM-DD."""
    body: HistoryBody
    symbol: str | None = Field(None, max_length=80)
    """The document's symbol ("S/RES/678 (1990)", "S/2022/155"), where it has one."""
    question: Question
    measures: list[str] = []
    """The engine's measure names the real text contained."""
    proposed: str = ""
    outcome: HistoryOutcome
    tally: Tally | None = None
    yes: list[Code] | None = None
    no: list[Code] | None = None
    abstain: list[Code] | None = None
    absent: list[Code] | None = None
    vetoed_by: list[Code] = []
    blocked_by: list[Code] = []
    round: int | None = Field(None, ge=1)
    """The game's round that stands for this date, where the scenario has rounds: the
    replay marks the entry there."""
    source: str = Field(min_length=1)
    url: str | None = None
    note: str | None = None


LANGUAGES: tuple[str, ...] = ("en", "fr", "es")
"""The languages Crisis Table speaks (ISO 639-1 codes): a scenario is written in one of
them and may carry translations of its public texts into the others."""


class IncidentTranslation(_Model):
    """An incident's public texts in another language."""

    title: str | None = None
    description: Levelled | None = None
    location: str | None = None


class InjectTranslation(_Model):
    """A piece of news in another language: its headline, its story and the incident it
    makes (``effects.incident``)."""

    title: str | None = None
    text: Levelled | None = None
    incident: IncidentTranslation | None = None


class RoleTranslation(_Model):
    """A role sheet in another language. A list is translated whole, item by item in the
    order of the original; objectives by their id."""

    summary: Levelled | None = None
    interests: list[Levelled] | None = None
    red_lines: list[Levelled] | None = None
    wants: list[Levelled] | None = None
    objectives: dict[str, Levelled] = {}


class CountryTranslation(_Model):
    """A state's public texts in another language: its name on the scenario's day, its
    profile and its role sheet."""

    name: str | None = None
    profile: Levelled | None = None
    role: RoleTranslation | None = None


class HistoryTranslation(_Model):
    """A history track entry's texts in another language: what was proposed, and its
    source as a reader of that language would cite it."""

    proposed: str | None = None
    source: str | None = None


class TeacherTranslation(_Model):
    """The teacher's brief's texts that students read, in another language: the reflection
    questions, each in the order of the original."""

    reflection: list[str] | None = None


class ScenarioTranslation(_Model):
    """The public texts of a scenario in one other language, keyed as the scenario keys
    them: countries by code, incidents, injects and measures by id. A text left out is
    shown in the scenario's own language (game_rules/translations.py)."""

    title: str | None = None
    summary: Levelled | None = None
    briefing: Levelled | None = None
    countries: dict[Code, CountryTranslation] = {}
    incidents: dict[str, IncidentTranslation] = {}
    injects: dict[str, InjectTranslation] = {}
    measures: dict[str, str] = {}
    """The names of the scenario's own measures (``measures[].name``)."""
    history: dict[str, HistoryTranslation] = {}
    """The history track's entries, by id (``history[].proposed`` and ``source``)."""
    teacher: TeacherTranslation | None = None
    """The teacher's reflection questions (``teacher.reflection``)."""


class Scenario(_Model):
    """A scenario file. See docs/scenarios.md for every field."""

    id: str = Field(min_length=1, max_length=80, pattern=r"^[a-z0-9][a-z0-9._-]*$")
    title: str = Field(min_length=1, max_length=200)
    year: int | None = None
    date: str | None = None
    summary: Levelled = ""
    briefing: Levelled = ""
    countries: list[CountryEntry] = []
    bodies: Bodies = Bodies()
    incidents: list[Incident] = []
    options: Options = Options()
    rounds: int = Field(0, ge=0, le=50)
    """0: one open session (the sandbox). Otherwise rounds of four phases."""
    phase_seconds: dict[Phase, int] = {}
    """A clock for each phase; a phase without one waits for the instructor."""
    round_dates: list[str] = []
    """The date of each round ("2022-02-24"), for a history replayed day by day."""
    aggressor: Aggressor | None = None
    crisis: CrisisStart = CrisisStart()
    injects: list[Inject] = []
    teacher: TeacherBrief | None = None
    """The teacher's brief; never shown to students."""
    history: list[HistoryEntry] = []
    """What really happened, in order: the debrief sets the class's decisions beside it."""
    measures: list[ScenarioMeasure] = []
    """Measures of the scenario's own, offered beside the engine's."""
    language: str = Field("en", json_schema_extra={"enum": list(LANGUAGES)})
    """The language the scenario is written in (one of ``LANGUAGES``)."""
    translations: dict[str, ScenarioTranslation] = Field(
        {}, json_schema_extra={"propertyNames": {"enum": list(LANGUAGES)}})
    """Its public texts in other languages, by language code (docs/scenarios.md,
    Translations)."""

    # Derived views, computed once.

    def country_codes(self) -> list[str]:
        """Every state in the game: those listed, then body members and others named."""
        seen: dict[str, None] = {}
        for entry in self.countries:
            seen.setdefault(entry.code, None)
        if self.bodies.UNSC:
            for code in (*self.bodies.UNSC.members, *self.bodies.UNSC.invited,
                         *self.bodies.UNSC.briefers):
                seen.setdefault(code, None)
        if self.bodies.NAC:
            for code in self.bodies.NAC.members:
                seen.setdefault(code, None)
            for accession in self.bodies.NAC.accessions:
                seen.setdefault(accession.candidate, None)
        if self.bodies.UNGA and self.bodies.UNGA.members:
            for code in self.bodies.UNGA.members:
                seen.setdefault(code, None)
        if self.bodies.LNC:
            for code in self.bodies.LNC.members:
                seen.setdefault(code, None)
        if self.bodies.LNA:
            for code in self.bodies.LNA.members:
                seen.setdefault(code, None)
        for incident in self.incidents:
            seen.setdefault(incident.target, None)
            if incident.attacker:
                seen.setdefault(incident.attacker, None)
        if self.aggressor:
            seen.setdefault(self.aggressor.country, None)
        return list(seen)

    def entry(self, code: str) -> CountryEntry | None:
        for entry in self.countries:
            if entry.code == code:
                return entry
        return None

    def day(self) -> _date | None:
        """The day the story is set on: ``date``, else the middle of ``year``, else None."""
        return scenario_day(self.date, self.year)

    def country_name(self, code: str) -> str:
        """The scenario's name for a state, else its name on the scenario's day."""
        entry = self.entry(code)
        if entry and entry.name:
            return entry.name
        return name_on(code, self.day())

    def country_display(self, code: str) -> str:
        """A state as a sentence names it on the scenario's day ("the Soviet Union")."""
        entry = self.entry(code)
        if entry and entry.name:
            return entry.name
        return display_on(code, self.day())

    def inject(self, inject_id: str) -> Inject | None:
        for inject in self.injects:
            if inject.id == inject_id:
                return inject
        return None

    def league_members(self) -> list[str]:
        """The Members of the League of Nations in the scenario: the Assembly's, and the
        Council's (every Council member is a Member of the League)."""
        seen: dict[str, None] = {}
        if self.bodies.LNA:
            seen.update(dict.fromkeys(self.bodies.LNA.members))
        if self.bodies.LNC:
            seen.update(dict.fromkeys(self.bodies.LNC.members))
        return list(seen)

    def student_texts(self) -> list[str | LevelledText]:
        """Every student-facing text, each a string or a text in two reading levels."""
        out: list[str | LevelledText] = [self.summary, self.briefing]
        for entry in self.countries:
            out.append(entry.profile)
            if entry.role:
                role = entry.role
                out += [role.summary, *role.interests, *role.red_lines, *role.wants,
                        *(o.text for o in role.objectives)]
        out += [inc.description for inc in self.incidents]
        for inj in self.injects:
            out.append(inj.text)
            if inj.effects.incident:
                out.append(inj.effects.incident.description)
        return out

    def has_levels(self) -> bool:
        """Whether some student-facing text is written at two reading levels."""
        return any(isinstance(t, LevelledText) for t in self.student_texts())


Objective.model_rebuild()


def _place(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out


def _check_code(code: str, place: str, fictional: set[str], problems: list[tuple[str, Msg]],
                near: Iterable[str] = ()) -> None:
    """An unknown code is answered with an alias, a name, a near code, or else the nearest
    code among ``near`` (the scenario's own states)."""
    if is_known(code) or code in fictional:
        return
    if is_fictional_code(code):
        problems.append((place, message(N_('fictional country "{code}" needs an entry in '
                                           'countries with a name'), code=code)))
    else:
        hint = country_hint_msg(code) or _near_hint(code, near) or message(_CODE_HINT)
        problems.append((place, message(N_('unknown country "{code}": {hint}'), code=code,
                                        hint=hint)))


_CODE_HINT = N_("use an ISO 3166-1 alpha-3 code, or XAA-XZZ with a name for a fictional state")


def _near_hint(code: str, near: Iterable[str]) -> Msg | None:
    found = nearest(code, [c for c in near if c != code])
    return message(N_('did you mean "{name}"?'), name=found) if found else None


def _hint_among(code: str, valid: Iterable[str]) -> Msg | str:
    """`` (did you mean "x"?)`` for a code no state has, or else the valid codes when they
    are few: a real state's code was meant as written, so no near code is offered for it."""
    options = sorted(valid)
    hint = "" if is_known(code) else did_you_mean_msg(code, options)
    if not hint and 0 < len(options) <= 15:
        hint = message(N_(" (one of {codes})"), codes=", ".join(options))
    return hint


def _in_scenario(code: str, known_codes: set[str]) -> Msg:
    """Why a code is refused where only the scenario's states may stand, with the nearest."""
    if is_known(code):
        return message(N_('"{code}" is not in the scenario: add it to countries'), code=code)
    return message(N_('"{code}" is not in the scenario{hint}'), code=code,
                   hint=_hint_among(code, known_codes))


def _semantic_problems(sc: Scenario) -> list[tuple[str, Msg]]:
    problems: list[tuple[str, Msg]] = []
    fictional = {e.code for e in sc.countries if is_fictional_code(e.code) and e.name}
    seen: set[str] = set()
    for i, entry in enumerate(sc.countries):
        place = f"countries[{i}]"
        if entry.code in seen:
            problems.append((place, message(N_('"{code}" is listed twice'), code=entry.code)))
        seen.add(entry.code)
        if is_fictional_code(entry.code) and not entry.name:
            problems.append((place, message(N_('fictional country "{code}" needs a name'),
                                            code=entry.code)))
        elif not is_known(entry.code) and not is_fictional_code(entry.code):
            hint = country_hint_msg(entry.code)
            problems.append((place, message(N_('unknown country "{code}": {hint}'),
                                            code=entry.code, hint=hint) if hint else
                             message(N_('unknown country "{code}"; {hint}'), code=entry.code,
                                     hint=message(_CODE_HINT))))
    known_codes = set(sc.country_codes())

    def check_list(codes: list[str], place: str) -> None:
        dup: set[str] = set()
        for j, code in enumerate(codes):
            _check_code(code, f"{place}[{j}]", fictional, problems, known_codes)
            if code in dup:
                problems.append((f"{place}[{j}]", message(N_('"{code}" is listed twice'), code=code)))
            dup.add(code)

    council = sc.bodies.UNSC
    if council:
        check_list(council.permanent, "bodies.UNSC.permanent")
        check_list(council.elected, "bodies.UNSC.elected")
        check_list(council.invited, "bodies.UNSC.invited")
        check_list(council.briefers, "bodies.UNSC.briefers")
        for j, code in enumerate(council.elected):
            if code in council.permanent:
                problems.append((f"bodies.UNSC.elected[{j}]", message(
                    N_('"{code}" is already a permanent member'), code=code)))
        for j, code in enumerate(council.invited):
            if code in council.members:
                problems.append((f"bodies.UNSC.invited[{j}]", message(
                    N_('"{code}" is a Council member; rule 37 invites non-members'), code=code)))
        size = len(council.members)
        if size == 0 and council.as_of is None:
            problems.append(("bodies.UNSC.permanent", message(N_("the Council needs members"))))
        if council.threshold is not None and not size / 2 < council.threshold <= size:
            problems.append(("bodies.UNSC.threshold", message(
                N_("{votes} out of {members}: the threshold must be more than half the members "
                   "and at most all of them"),
                votes=plural_message(*Nn_("{count} vote", "{count} votes"),
                                     count=council.threshold),
                members=plural_message(*Nn_("{count} member", "{count} members"), count=size))))
        if council.president is not None and council.president not in council.members:
            problems.append(("bodies.UNSC.president", message(
                N_('"{code}" is not a member of the Council{hint}'), code=council.president,
                hint=_hint_among(council.president, council.members))))
    if sc.bodies.NAC:
        check_list(sc.bodies.NAC.members, "bodies.NAC.members")
        if not sc.bodies.NAC.members:
            problems.append(("bodies.NAC.members", message(N_("the Council needs members"))))
        _accession_problems(sc.bodies.NAC, fictional, problems)
    _round_date_problems(sc, problems)
    if sc.bodies.UNGA and sc.bodies.UNGA.members is not None:
        check_list(sc.bodies.UNGA.members, "bodies.UNGA.members")

    incident_ids: set[str] = set()

    def check_incident(inc: Incident, place: str) -> None:
        if inc.id in incident_ids:
            problems.append((f"{place}.id", message(N_('incident "{id}" is defined twice'),
                                                    id=inc.id)))
        incident_ids.add(inc.id)
        _check_code(inc.target, f"{place}.target", fictional, problems, known_codes)
        if inc.attacker:
            _check_code(inc.attacker, f"{place}.attacker", fictional, problems, known_codes)
            if inc.attacker == inc.target:
                problems.append((f"{place}.attacker",
                                 message(N_("a state cannot attack itself"))))

    for i, inc in enumerate(sc.incidents):
        check_incident(inc, f"incidents[{i}]")

    if sc.aggressor:
        ag = sc.aggressor
        _check_code(ag.country, "aggressor.country", fictional, problems, known_codes)
        for field in ("target", "spillover_target"):
            code = getattr(ag, field)
            if code is not None:
                if not is_known(code) and code not in fictional:
                    _check_code(code, f"aggressor.{field}", fictional, problems, known_codes)
                elif code not in known_codes:
                    problems.append((f"aggressor.{field}", _in_scenario(code, known_codes)))
        p = ag.policy
        if p.escalate + p.hold + p.de_escalate + p.withdraw <= 0:
            problems.append(("aggressor.policy",
                             message(N_("the odds of the moves cannot all be zero"))))

    inject_ids: set[str] = set()
    for i, inj in enumerate(sc.injects):
        place = f"injects[{i}]"
        if inj.id in inject_ids:
            problems.append((f"{place}.id", message(N_('inject "{id}" is defined twice'),
                                                    id=inj.id)))
        inject_ids.add(inj.id)
        if inj.round is not None and sc.rounds and inj.round > sc.rounds:
            problems.append((f"{place}.round", message(
                N_("round {round} does not exist: the scenario has {rounds}"), round=inj.round,
                rounds=sc.rounds)))
        if inj.audience is not None:
            for j, code in enumerate(inj.audience):
                if code not in known_codes:
                    problems.append((f"{place}.audience[{j}]", _in_scenario(code, known_codes)))
        if inj.effects.incident:
            check_incident(inj.effects.incident, f"{place}.effects.incident")
    for i, inj in enumerate(sc.injects):
        _check_condition_refs(inj.when, f"injects[{i}].when", incident_ids, problems,
                              known_codes)

    _league_problems(sc, check_list, problems)
    _teacher_problems(sc, known_codes, problems)
    _measure_problems(sc, problems)
    _history_problems(sc, known_codes, problems)
    from game_rules.translations import translation_problems

    problems += translation_problems(sc)

    for i, entry in enumerate(sc.countries):
        sanctions = entry.caretaker.sanctions if entry.caretaker else "none"
        if sanctions != "none" and sanctions.against is not None \
                and sanctions.against not in known_codes:
            problems.append((f"countries[{i}].caretaker.sanctions.against",
                             _in_scenario(sanctions.against, known_codes)))
        for field in ("vote", "assembly_vote"):
            policy = getattr(entry.caretaker, field) if entry.caretaker else None
            if policy is not None and policy.follow and policy.follow not in known_codes:
                problems.append((f"countries[{i}].caretaker.{field}.follow", message(
                    N_('"{code}" is not in the scenario{hint}'), code=policy.follow,
                    hint=did_you_mean_msg(policy.follow, sorted(known_codes)))))
        if entry.role:
            for j, obj in enumerate(entry.role.objectives):
                _check_condition_refs(obj.when, f"countries[{i}].role.objectives[{j}].when",
                                      incident_ids, problems, known_codes)
    return problems


def _league_problems(sc: Scenario, check_list: Callable[[list[str], str], None],
                     problems: list[tuple[str, Msg]]) -> None:
    council, assembly = sc.bodies.LNC, sc.bodies.LNA
    if council:
        check_list(council.permanent, "bodies.LNC.permanent")
        check_list(council.elected, "bodies.LNC.elected")
        for j, code in enumerate(council.elected):
            if code in council.permanent:
                problems.append((f"bodies.LNC.elected[{j}]", message(
                    N_('"{code}" is already a permanent member'), code=code)))
        if not council.members:
            problems.append(("bodies.LNC", message(N_("the Council of the League needs members"))))
        if council.president is not None and council.president not in council.members:
            problems.append(("bodies.LNC.president", message(
                N_('"{code}" is not a member of the Council{hint}'), code=council.president,
                hint=_hint_among(council.president, council.members))))
    if assembly:
        check_list(assembly.members, "bodies.LNA.members")
        if council:
            for place, codes in (("permanent", council.permanent), ("elected", council.elected)):
                for j, code in enumerate(codes):
                    if code not in assembly.members:
                        problems.append((f"bodies.LNC.{place}[{j}]", message(N_(
                            '"{code}" sits on the Council but is not among the Assembly\'s '
                            "members (every Member of the League sits in the Assembly, Covenant "
                            "Art. 3)"), code=code)))


def _teacher_problems(sc: Scenario, known_codes: set[str],
                      problems: list[tuple[str, Msg]]) -> None:
    if sc.teacher is None:
        return
    seen: set[str] = set()
    for j, code in enumerate(sc.teacher.first_seats):
        place = f"teacher.first_seats[{j}]"
        entry = sc.entry(code)
        if code not in known_codes:
            problems.append((place, message(N_('"{code}" is not a country of the scenario{hint}'),
                                            code=code, hint=_hint_among(code, known_codes))))
        elif code in seen:
            problems.append((place, message(N_('"{code}" is listed twice'), code=code)))
        elif entry is None or not entry.playable:
            problems.append((place, message(N_('"{code}" is not a playable seat: give it an '
                                               "entry in countries, with playable true"),
                                            code=code)))
        seen.add(code)


def _measure_problems(sc: Scenario, problems: list[tuple[str, Msg]]) -> None:
    engine = history_measures()
    seen: set[str] = set()
    for j, measure in enumerate(sc.measures):
        place = f"measures[{j}].id"
        if measure.id in engine:
            problems.append((place, message(N_('"{id}" is already a measure of the engine (see '
                                               "docs/scenarios.md, Measure names): use it as it "
                                               "is"), id=measure.id)))
        elif measure.id in seen:
            problems.append((place, message(N_('the measure "{id}" is defined twice'),
                                            id=measure.id)))
        seen.add(measure.id)


def history_measures() -> frozenset[str]:
    """The measure names a history entry may give: the Security Council's and the
    League's, and the North Atlantic Council's kinds of decision."""
    from game_rules.council import KNOWN_MEASURES
    from game_rules.league import LEAGUE_ONLY_MEASURES

    return KNOWN_MEASURES | LEAGUE_ONLY_MEASURES | {"statement", "article5", "operation",
                                                    "invite"}


def _history_problems(sc: Scenario, known_codes: set[str],
                      problems: list[tuple[str, Msg]]) -> None:
    ids: set[str] = set()
    last: _date | None = None
    known_measures = history_measures() | {m.id for m in sc.measures}
    for i, entry in enumerate(sc.history):
        place = f"history[{i}]"
        if entry.id in ids:
            problems.append((f"{place}.id", message(N_('history entry "{id}" is defined twice'),
                                                    id=entry.id)))
        ids.add(entry.id)
        day, why = _day_or_why(entry.date)
        if day is None:
            problems.append((f"{place}.date", not_a_date(entry.date, why)))
        else:
            if last is not None and day < last:
                problems.append((f"{place}.date", message(N_(
                    "{date} comes before the entry above it ({previous}): keep the history in "
                    "order"), date=entry.date, previous=last.isoformat())))
            last = day
        for j, measure in enumerate(entry.measures):
            if measure not in known_measures:
                problems.append((f"{place}.measures[{j}]", message(N_(
                    'unknown measure "{measure}"{hint} (see docs/scenarios.md, Measure names)'),
                    measure=measure, hint=did_you_mean_msg(measure, known_measures))))
        if (entry.body == "WORLD") != (entry.outcome == "happened"):
            problems.append((f"{place}.outcome", message(N_(
                'an event of the world (body "WORLD") has the outcome "happened", and only such '
                "an event has it"))))
        if entry.question == "event" and entry.body != "WORLD":
            problems.append((f"{place}.question", message(N_(
                'the question "event" is for an event of the world (body "WORLD")'))))
        if entry.round is not None and entry.round > max(sc.rounds, 1):
            problems.append((f"{place}.round", message(
                N_("round {round} does not exist: the scenario has {rounds} rounds"),
                round=entry.round, rounds=sc.rounds) if sc.rounds else message(
                N_("round {round} does not exist: the scenario has no rounds"),
                round=entry.round)))
        lists: dict[str, list[str] | None] = {
            "yes": entry.yes, "no": entry.no, "abstain": entry.abstain, "absent": entry.absent,
            "vetoed_by": entry.vetoed_by, "blocked_by": entry.blocked_by}
        named: dict[str, str] = {}
        for field, codes in lists.items():
            for j, code in enumerate(codes or []):
                if code not in known_codes:
                    problems.append((f"{place}.{field}[{j}]", message(N_(
                        '"{code}" is not a country of the scenario{hint}: add it, or name it in '
                        "the note"), code=code,
                        hint="" if is_known(code) else did_you_mean_msg(code, known_codes))))
                if field in ("yes", "no", "abstain", "absent"):
                    if code in named:
                        problems.append((f"{place}.{field}[{j}]", message(
                            N_('"{code}" is also listed in {field}'), code=code,
                            field=named[code])))
                    named[code] = field
        if entry.tally is not None:
            for field in ("yes", "no", "abstain", "absent"):
                codes = lists[field]
                count = getattr(entry.tally, field)
                if codes is not None and count is not None and len(codes) != count:
                    problems.append((f"{place}.{field}", message(
                        N_("{states} named, but the tally counts {tally}"),
                        states=plural_message(*Nn_("{count} state", "{count} states"),
                                              count=len(codes)), tally=count)))
        if entry.no is not None:
            for j, code in enumerate(entry.vetoed_by):
                if code not in entry.no:
                    problems.append((f"{place}.vetoed_by[{j}]", message(
                        N_('"{code}" vetoed but is not among those who voted no'), code=code)))
        if entry.outcome == "vetoed" and not entry.vetoed_by:
            problems.append((f"{place}.vetoed_by",
                             message(N_("a vetoed draft names who vetoed it"))))
        if entry.vetoed_by and entry.outcome != "vetoed":
            problems.append((f"{place}.vetoed_by", message(
                N_('only a draft whose outcome is "vetoed" was vetoed'))))


def _accession_problems(nac: NACConfig, fictional: set[str],
                        problems: list[tuple[str, Msg]]) -> None:
    members = set(nac.members)
    candidates: set[str] = set()
    for i, acc in enumerate(nac.accessions):
        place = f"bodies.NAC.accessions[{i}]"
        _check_code(acc.candidate, f"{place}.candidate", fictional, problems)
        if acc.candidate in members:
            problems.append((f"{place}.candidate", message(N_('"{code}" is already an ally'),
                                                           code=acc.candidate)))
        if acc.candidate in candidates:
            problems.append((f"{place}.candidate", message(N_('"{code}" is listed twice'),
                                                           code=acc.candidate)))
        candidates.add(acc.candidate)
        signatories = acc.signatories if acc.signatories is not None else nac.members
        for j, code in enumerate(acc.signatories or []):
            if code not in members:
                problems.append((f"{place}.signatories[{j}]", message(
                    N_('"{code}" is not a member of the Council{hint}'), code=code,
                    hint=did_you_mean_msg(code, members))))
        for j, code in enumerate(acc.ratified):
            if code not in signatories:
                problems.append((f"{place}.ratified[{j}]", message(
                    N_('"{code}" did not sign the protocol{hint}'), code=code,
                    hint=did_you_mean_msg(code, signatories))))
        if signatories and set(signatories) <= set(acc.ratified):
            problems.append((f"{place}.ratified", message(
                N_("every signatory has ratified: list the candidate as a member"))))


def _day_or_why(text: str) -> tuple[_date | None, Msg | str]:
    """A strict ISO date, or None and why not (game_rules.institutions.parse_day)."""
    from game_rules.institutions import parse_day

    return parse_day(text)


def _round_date_problems(sc: Scenario, problems: list[tuple[str, Msg]]) -> None:
    for i, text in enumerate(sc.round_dates):
        day, why = _day_or_why(text)
        if day is None:
            problems.append((f"round_dates[{i}]", not_a_date(text[:20], why)))
    if sc.rounds and len(sc.round_dates) > sc.rounds:
        problems.append(("round_dates", message(N_("{dates} dates for {rounds} rounds"),
                                                dates=len(sc.round_dates), rounds=sc.rounds)))
    if sc.options.presidency_rotation == "month" and not sc.round_dates:
        problems.append(("options.presidency_rotation",
                         message(N_('"month" needs the round_dates of the scenario'))))


def _check_condition_refs(cond: Condition | None, place: str, incident_ids: set[str],
                          problems: list[tuple[str, Msg]],
                          known_codes: set[str] | None = None) -> None:
    if cond is None:
        return
    if cond.incident is not None and cond.incident not in incident_ids:
        hint = did_you_mean_msg(cond.incident, incident_ids)
        if not hint:
            hint = (message(N_(" (the scenario's incidents: {ids})"),
                            ids=", ".join(sorted(incident_ids)))
                    if incident_ids else message(N_(" (the scenario has no incidents)")))
        problems.append((f"{place}.incident", message(N_('unknown incident "{id}"{hint}'),
                                                      id=cond.incident, hint=hint)))
    code = cond.member_of_nac
    if code is not None and not is_known(code) and code not in (known_codes or ()):
        hint = (country_hint_msg(code) or _near_hint(code, known_codes or ())
                or message(_CODE_HINT))
        problems.append((f"{place}.member_of_nac", message(N_('unknown country "{code}": {hint}'),
                                                           code=code, hint=hint)))
    for k, sub in enumerate(cond.any or []):
        _check_condition_refs(sub, f"{place}.any[{k}]", incident_ids, problems, known_codes)


def _union_tag(part: int | str) -> bool:
    """Whether a part of a pydantic error's place names a member of a union (a model's
    class name, ``str``, a literal) rather than a field or an index. A key the author
    wrote (``"UNCS"`` among the bodies) is a field, however it is spelled."""
    if not isinstance(part, str):
        return False
    return part in _model_names() or part == "str" or part.startswith("literal[")


def _model_names() -> frozenset[str]:
    names: set[str] = set()
    todo: list[type[BaseModel]] = [_Model]
    while todo:
        model = todo.pop()
        names.add(model.__name__)
        todo += model.__subclasses__()
    return frozenset(names)


def not_a_date(text: str, why: Msg | str) -> Msg:
    """A date a scenario gives that is not one, and why (``institutions.parse_day``)."""
    return message(N_('"{text}" is not a date (YYYY-MM-DD): {why}'), text=text, why=why)


_PYDANTIC = {"extra_forbidden": N_("unknown field"), "missing": N_("required field is missing"),
             "string_type": N_("input should be a valid string"),
             "int_type": N_("input should be a valid integer"),
             "int_parsing": N_("input should be a valid integer, unable to parse string as an "
                               "integer"),
             "bool_type": N_("input should be a valid boolean"),
             "list_type": N_("input should be a valid list"),
             "dict_type": N_("input should be a valid dictionary"),
             "model_type": N_("input should be a valid dictionary or instance of {model}"),
             "literal_error": N_("input should be {expected}"),
             "greater_than_equal": N_("input should be greater than or equal to {ge}"),
             "less_than_equal": N_("input should be less than or equal to {le}"),
             "string_too_long": N_("string should have at most {max_length} characters"),
             "string_too_short": N_("string should have at least {min_length} characters"),
             "string_pattern_mismatch": N_("string should match pattern '{pattern}'"),
             "string_unicode": N_("input should be a valid string, unable to parse raw data "
                                  "as a unicode string"),
             "float_type": N_("input should be a valid number"),
             "float_parsing": N_("input should be a valid number, unable to parse string as a "
                                 "number"),
             "finite_number": N_("input should be a finite number"),
             "int_from_float": N_("input should be a valid integer, got a number with a "
                                  "fractional part"),
             "bool_parsing": N_("input should be a valid boolean, unable to interpret input"),
             "greater_than": N_("input should be greater than {gt}"),
             "less_than": N_("input should be less than {lt}"),
             "none_required": N_("input should be None"),
             "model_attributes_type": N_("input should be a valid dictionary or object to "
                                         "extract fields from"),
             "enum": N_("input should be {expected}"),
             "union_tag_invalid": N_("input tag '{tag}' found using {discriminator} does not "
                                     "match any of the expected tags: {expected_tags}"),
             "union_tag_not_found": N_("unable to extract tag using discriminator "
                                       "{discriminator}"),
             "json_invalid": N_("not valid JSON"),
             "json_type": N_("JSON input should be string, bytes or bytearray")}
"""pydantic's problems that a scenario's author (or a program sending an action or a
request) meets, as messages that say what pydantic says."""

_OWN_WORDS = frozenset({"extra_forbidden", "missing", "json_invalid"})
"""pydantic's problems whose message says it in our own words, not pydantic's (a JSON
syntax error's detail is the parser's English, left out)."""

_TOO_FEW = {"too_short": Nn_("list should have at least {count} item after validation, not "
                             "{actual_length}",
                             "list should have at least {count} items after validation, not "
                             "{actual_length}"),
            "too_long": Nn_("list should have at most {count} item after validation, not "
                            "{actual_length}",
                            "list should have at most {count} items after validation, not "
                            "{actual_length}")}

_VALUE_ERRORS = {"a deadline is a finite number": N_("a deadline is a finite number"),
                 "control characters are not allowed in text":
                     N_("control characters are not allowed in text")}
"""The validators' own problems (``ValueError`` in a model, game_rules/actions.py) as
messages."""

_QUOTED_VALUE = re.compile(r"'((?:[^'\\]|\\.)*)'")


def or_list(items: Sequence[Param]) -> Param:
    """Values one of which is wanted, as a sentence lists them: "'a'", "'a' or 'b'",
    "'a', 'b' or 'c'" (each a value, not words).

    >>> or_list(["'yes'", "'no'", "'abstain'"]).english()
    "'yes', 'no' or 'abstain'"
    """
    if len(items) == 1:
        return items[0]
    out: Param = items[0]
    for item in items[1:-1]:
        out = message(N_("{first}, {second}"), first=out, second=item)
    return message(N_("{items} or {last}"), items=out, last=items[-1])


def pydantic_problem(e: Any) -> Msg:
    """One of pydantic's problems as a message: the catalog's when it says the same as
    pydantic (or says it in our words: ``_OWN_WORDS``), else pydantic's English as it is."""
    text = str(e.get("msg", ""))
    text = text[:1].lower() + text[1:]
    kind = str(e.get("type"))
    ctx_raw = e.get("ctx") or {}
    if kind == "value_error":
        own = _VALUE_ERRORS.get(str(ctx_raw.get("error", "")))
        if own is not None:
            return message(own)
    plural = _TOO_FEW.get(kind)
    if plural is not None and ctx_raw.get("field_type") == "List":
        limit = ctx_raw.get("min_length", ctx_raw.get("max_length"))
        if isinstance(limit, int):
            said = plural_message(*plural, count=limit,
                                  actual_length=str(ctx_raw.get("actual_length", "")))
            if said.english() == text:
                return said
    template = _PYDANTIC.get(kind)
    if template is not None:
        ctx: dict[str, Param] = {k: str(v) for k, v in ctx_raw.items()}
        if kind in ("literal_error", "enum"):
            values = [f"'{v}'" for v in _QUOTED_VALUE.findall(str(ctx.get("expected", "")))]
            if values:
                ctx["expected"] = or_list(values)
        ours = message(template) if kind in _OWN_WORDS else message(template, **ctx)
        try:
            english = ours.english()
        except (ValueError, KeyError):
            english = ""
        if english and (kind in _OWN_WORDS or english == text):
            return ours
    return message(N_("{text}"), text=text)


def _pydantic_problems(err: ValidationError) -> list[tuple[str, Msg]]:
    problems = []
    for e in err.errors(include_url=False):
        loc = tuple(p for p in e["loc"] if not _union_tag(p))
        problems.append((_place(loc), pydantic_problem(e)))
    return problems


def load_scenario(data: Any) -> Scenario:
    """Parse and check a scenario; raise ScenarioError listing every problem.

    Bodies given by date (``"as_of"``) are filled in from the record first
    (game_rules/institutions.py); game_rules/validator.py adds the checks that teach.
    """
    from game_rules import validator
    from game_rules.institutions import resolve_bodies

    if not isinstance(data, dict):
        raise ScenarioError([("", message(N_("a scenario is a JSON object")))])
    data, dated_text = resolve_bodies(data)
    dated = dated_text
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as err:
        problems = dated + validator.explain_shape(err, _pydantic_problems(err))
        rest = _without_bad_fields(data, err)
        if rest is not None:
            with contextlib.suppress(ValidationError):
                checked = Scenario.model_validate(rest)
                problems += _semantic_problems(checked) + validator.problems(checked, rest)
        raise ScenarioError(problems) from None
    problems = dated + _semantic_problems(scenario) + validator.problems(scenario, data)
    if problems:
        raise ScenarioError(problems)
    return scenario


def resolved_scenario(data: Any) -> dict[str, Any]:
    """The scenario as the engine reads it, JSON-ready: bodies given by date filled in,
    every default written out. Raises ScenarioError as ``load_scenario`` does."""
    return load_scenario(data).model_dump(mode="json", exclude_none=True)


_STAND_INS: dict[str, str] = {"id": "invalid", "title": "untitled"}
"""Stand-ins for the scenario's own required fields when they fail: the other
checks need a scenario, and these two fields take part in none of them."""


def _without_bad_fields(data: dict[str, Any], err: ValidationError) -> dict[str, Any] | None:
    """A copy of the data without the optional fields that failed, so that the
    other checks can still run and every problem is reported at once."""
    copy = json.loads(json.dumps(data))
    removed = False
    for e in err.errors(include_url=False):
        loc = [p for p in e["loc"] if not _union_tag(p)]
        if len(loc) == 1 and loc[0] in _STAND_INS:
            copy[str(loc[0])] = _STAND_INS[str(loc[0])]
            removed = True
            continue
        if e["type"] == "missing" or not loc or not isinstance(loc[-1], str):
            return None
        parent: Any = copy
        for part in loc[:-1]:
            try:
                parent = parent[part]
            except (KeyError, IndexError, TypeError):
                return None
        if isinstance(parent, dict) and loc[-1] in parent:
            del parent[loc[-1]]
            removed = True
    return copy if removed else None


def scenario_json_schema() -> dict[str, Any]:
    """The JSON Schema of scenario files, generated from the models."""
    schema = Scenario.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://crisis-table.org/schema/scenario.schema.json"
    return schema
