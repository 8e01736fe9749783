"""The authorization matrix (issue 6, item 4): every action kind, sent by every
kind of seat, in every phase; exactly the cells the design allows pass.

The expected table (``ROWS``) is written by hand from shared/design/GAME.md
(the action table says who sends each action; the rules say when) and
docs/scenarios.md (what each phase is for). It is never read from the
engine's own tables (``game_rules.engine.ACTORS``/``PHASES``), or this test
could not fail.

Each cell is set up so that the action would otherwise be legal: a draft is
tabled and a vote is open for ``vote``, an item is under silence for
``break_silence``, Article 5 is invoked for ``pledge``, and so on (``SETUPS``).
The matrix is checked twice:

- ``engine``: every role (a permanent member, an elected member, the
  president, an ally off the Council, a non-member invited under rule 37, a
  state in neither body, the aggressor, the NAC chair, the instructor, the
  system) through ``game_rules.step``, in setup, briefing, consultations,
  council, resolution, an open sandbox session, and paused.
- ``server``: the same cells through the real paths: each student's own seat
  over the websocket, the instructor over the websocket and over
  ``POST /api/games/{id}/actions``, and the identities only the server knows:
  an observer, the projector, a public watcher, a stranger with a bad token, a
  stale (reset) token, a removed seat, a student naming another country (or the
  instructor, or the system) as ``actor``, and the instructor naming the
  system. A refused cell must leave the game unchanged.

The number of cells checked is in each test's id and its summary line.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from game_rules import RuleError, load_scenario, new_game, step
from game_rules.context import Context
from game_rules.state import State
from server.app import create_app
from server.overload import Thresholds
from server.settings import Limits, Settings

SEED = 11

# Who sits where. Each role is one actor; the scenario below gives it exactly that place.
PERMANENT, ELECTED, PRESIDENT = "permanent", "elected", "president"
ALLY, INVITED, NON_MEMBER, AGGRESSOR = "ally", "invited", "non_member", "aggressor"
CHAIR, INSTRUCTOR, SYSTEM = "chair", "instructor", "system"

ROLES: dict[str, str] = {
    PERMANENT: "CHN",         # a permanent member of the Council, not an ally
    ELECTED: "BRA",           # an elected member
    PRESIDENT: "IND",         # an elected member presiding over the Council
    ALLY: "EST",              # a NATO ally not on the Council (attacked: inc-est)
    INVITED: "UKR",           # a non-member invited to the Council (rule 37), attacked (inc-ukr)
    NON_MEMBER: "JPN",        # a state in neither body
    AGGRESSOR: "RUS",         # a permanent member and the aggressor
    CHAIR: "secretary_general",
    INSTRUCTOR: "instructor",
    SYSTEM: "system",
}
COUNTRY_ROLES = (PERMANENT, ELECTED, PRESIDENT, ALLY, INVITED, NON_MEMBER, AGGRESSOR)
COUNCIL = frozenset({PERMANENT, ELECTED, PRESIDENT, AGGRESSOR})
LEAGUE = frozenset({ELECTED, ALLY})
"""Members of the League of Nations' Assembly in the scenario (Brazil and Estonia)."""
COUNTRIES = frozenset(COUNTRY_ROLES)


def scenario(rounds: int) -> dict[str, Any]:
    """Every state listed (so none starts with a caretaker); rounds 0 is the sandbox."""
    return {
        "id": "authz-matrix", "title": "Authorization matrix", "year": 2022, "rounds": rounds,
        "countries": ["CHN", "FRA", "GBR", "RUS", "USA", "BRA", "IND", "NOR", "EST", "POL",
                      "UKR", "JPN", "SWE"],
        "bodies": {
            "UNSC": {"permanent": ["CHN", "FRA", "GBR", "RUS", "USA"],
                     "elected": ["BRA", "IND", "NOR"], "threshold": 5, "president": "IND",
                     "invited": ["UKR"]},
            "NAC": {"members": ["USA", "GBR", "FRA", "NOR", "EST", "POL"],
                    "silence_seconds": 86_400, "secretary_general": True,
                    "deposit": "candidate"},
            "UNGA": {},
            "LNA": {"members": ["BRA", "EST"]},
        },
        "options": {"presidency_rotation": "none", "double_veto": True},
        "incidents": [
            {"id": "inc-est", "target": "EST", "attacker": "RUS", "kind": "armed_attack",
             "in_treaty_area": True},
            {"id": "inc-ukr", "target": "UKR", "attacker": "RUS", "kind": "armed_attack",
             "in_treaty_area": False},
        ],
        "aggressor": {"country": "RUS", "target": "UKR"},
        "history": [{"id": "es-11-1", "date": "2022-03-02", "body": "UNGA",
                     "symbol": "A/RES/ES-11/1", "question": "withdrawal", "outcome": "adopted",
                     "tally": {"yes": 141, "no": 5, "abstain": 35},
                     "source": "United Nations, A/RES/ES-11/1"}],
    }


SCENARIOS = {rounds: load_scenario(scenario(rounds)) for rounds in (0, 2)}

# The game's states. "open" is a sandbox session (rounds 0); "paused" is a round game
# paused in the phase where the action is otherwise legal.
STATES = ("setup", "briefing", "consultations", "council", "resolution", "open", "paused")
RUNNING = frozenset({"briefing", "consultations", "council", "resolution", "open"})
ANY_TIME = RUNNING | {"paused"}
# Council business: consultations (talk, drafting, Art. 4 and 5 requests, circulating
# texts) and the council sessions (votes), as docs/scenarios.md says; the sandbox allows
# whatever the rules allow at any time.
TALKS = frozenset({"consultations", "council", "open"})
VOTING = frozenset({"council", "open"})
# What answers the crisis as each state's own act goes on into the resolution.
NATIONAL = TALKS | {"resolution"}

# Preconditions: actions taken in consultations (or the open session), then in the
# council phase; a cell's state is built by them, then moved to its phase.
D_MEMBER, D_INVITED, D_PROCEDURAL = "S/2022/10", "S/2022/20", "S/2022/30"
D_VETOED = "S/2022/40"
SILENCE_ITEM, ART5_ITEM, INVITE_ITEM = "NAC/2022/9", "NAC/2022/5", "NAC/2022/7"
INVITE_UKR = "NAC/2022/3"

SETUPS: dict[str, tuple[list[dict[str, Any]], list[dict[str, Any]]]] = {
    "draft": ([{"actor": "CHN", "kind": "table_draft", "draft": D_MEMBER,
                "title": "Ceasefire", "text": "Demands a ceasefire."}], []),
    "invited_draft": ([{"actor": "UKR", "kind": "table_draft", "draft": D_INVITED,
                        "title": "Withdrawal", "measures": ["demand_withdrawal"]}], []),
    "procedural_draft": ([{"actor": "BRA", "kind": "table_draft", "draft": D_PROCEDURAL,
                           "procedural": True, "measures": ["adopt_agenda"]}], []),
    "vote_open": ([{"actor": "CHN", "kind": "table_draft", "draft": D_MEMBER,
                    "title": "Ceasefire"}],
                  [{"actor": "instructor", "kind": "call_vote", "draft": D_MEMBER}]),
    "silence": ([{"actor": "instructor", "kind": "circulate", "item": SILENCE_ITEM,
                  "title": "Statement", "text": "The allies condemn the attack.",
                  "decision": "statement", "deadline": 86_400}], []),
    "article5": ([{"actor": "EST", "kind": "request_article5", "incident": "inc-est",
                   "item": ART5_ITEM},
                  {"actor": "system", "kind": "silence_deadline", "item": ART5_ITEM}], []),
    "pledge": ([{"actor": "EST", "kind": "request_article5", "incident": "inc-est",
                 "item": ART5_ITEM},
                {"actor": "system", "kind": "silence_deadline", "item": ART5_ITEM},
                {"actor": "EST", "kind": "pledge", "response": "military"}], []),
    "invitation": ([{"actor": "instructor", "kind": "circulate", "decision": "invite",
                     "candidate": "SWE", "item": INVITE_ITEM},
                    {"actor": "system", "kind": "silence_deadline", "item": INVITE_ITEM}], []),
    "notice": ([{"actor": "NOR", "kind": "notify_withdrawal"}], []),
    # Uniting for Peace answers a Council that failed "because of lack of unanimity": a veto,
    # cast in an earlier council session (EARLIER), so that the talks that follow may act on it.
    "vetoed": ([{"actor": "USA", "kind": "table_draft", "draft": D_VETOED, "title": "Aggression",
                 "measures": ["condemn"]}],
               [{"actor": "instructor", "kind": "call_vote", "draft": D_VETOED},
                *({"actor": c, "kind": "vote", "draft": D_VETOED, "vote": "yes"}
                  for c in ("USA", "GBR", "FRA", "BRA", "NOR")),
                {"actor": "RUS", "kind": "vote", "draft": D_VETOED, "vote": "no"},
                {"actor": "instructor", "kind": "close_vote", "draft": D_VETOED}]),
    # Ukraine invited, every ally ratified: its instrument of accession awaits its deposit.
    "ukr_ratified": ([{"actor": "instructor", "kind": "circulate", "decision": "invite",
                       "candidate": "UKR", "item": INVITE_UKR},
                      {"actor": "system", "kind": "silence_deadline", "item": INVITE_UKR},
                      *({"actor": c, "kind": "ratify", "candidate": "UKR"}
                        for c in ("USA", "GBR", "FRA", "NOR", "EST", "POL"))], []),
    "sanctions": ([{"actor": "BRA", "kind": "apply_sanctions", "against": "RUS",
                    "measures": ["oil"]}], []),
}
EARLIER = frozenset({"vetoed"})
"""Preconditions taken in the first round's talks and council session, before the others."""
RICH = ("vote_open", "invited_draft", "procedural_draft", "silence", "pledge", "invitation",
        "notice", "sanctions")
"""Every precondition at once (where the phase allows it): the state the server's refused
cells are sent to."""


@dataclass(frozen=True)
class Row:
    name: str
    kind: str
    fields: dict[str, Any]
    who: frozenset[str]
    when: frozenset[str]
    setup: tuple[str, ...] = ()
    why: str = ""

    @property
    def base(self) -> str:
        """The phase a paused game is paused in: one where the action is legal."""
        for phase in ("council", "consultations", "resolution", "briefing"):
            if phase in self.when:
                return phase
        return "consultations"

    def allows(self, role: str, state: str) -> bool:
        if role not in self.who:
            return False
        if state == "paused" and role == SYSTEM:
            # GAME.md: "A system action is trusted: the server issues it when its time
            # comes, and in a record it takes effect where it stands" - a pause does not stop
            # it (the server's clock issues none while paused).
            return self.base in self.when
        return state in self.when


def _row(name: str, kind: str, who: set[str], when: frozenset[str], setup: tuple[str, ...] = (),
         why: str = "", **fields: Any) -> Row:
    return Row(name, kind, fields, frozenset(who), when, setup, why)


# THE TABLE. "who" from GAME.md's action table, "when" from its rules and docs/scenarios.md.
ROWS: tuple[Row, ...] = (
    # The game's life: the instructor (advance_phase also the clock, "or a clock does").
    _row("start", "start", {INSTRUCTOR}, frozenset({"setup"})),
    _row("advance_phase", "advance_phase", {INSTRUCTOR, SYSTEM},
         frozenset({"briefing", "consultations", "council", "resolution"}),
         why="an open session has no phases to advance"),
    _row("pause", "pause", {INSTRUCTOR}, RUNNING),
    _row("resume", "resume", {INSTRUCTOR}, frozenset({"paused"})),
    _row("end", "end", {INSTRUCTOR}, ANY_TIME),
    # The instructor's controls keep working during a pause: clocks, news, seats.
    _row("set_clock", "set_clock", {INSTRUCTOR}, ANY_TIME, seconds=300),
    _row("inject", "inject", {INSTRUCTOR, SYSTEM}, ANY_TIME, title="Breaking news",
         text="Tanks cross the border."),
    _row("set_caretaker", "set_caretaker", {INSTRUCTOR, SYSTEM}, ANY_TIME | {"setup"},
         why="seats are filled before the start; at the start the system hands the countries "
             "no student took to their caretakers", country="NOR", caretaker=True),
    # GAME.md's counterfactual fork replays "under changed choices or rules": the rule change
    # is the instructor's, at any moment (a fork applies it to a paused game).
    _row("change_rules", "change_rules", {INSTRUCTOR}, ANY_TIME | {"setup"}, rule="no_veto"),
    # Talk: "say | a country" (the instructor broadcasts; the NAC chair speaks in the NAC).
    # Talk goes on during a pause. A body's channel is for those who sit in it: the
    # Security Council's also for the states invited to speak (rule 37).
    _row("say:public", "say", {*COUNTRIES, INSTRUCTOR, CHAIR}, ANY_TIME, channel="public",
         text="Hello."),
    _row("say:UNSC", "say", {*COUNCIL, INVITED, INSTRUCTOR}, ANY_TIME, channel="UNSC",
         text="Mr President."),
    _row("say:NAC", "say", {ALLY, INSTRUCTOR, CHAIR}, ANY_TIME, channel="NAC",
         text="Allies."),
    _row("open_channel", "open_channel", set(COUNTRIES), RUNNING, members=["NOR"]),
    # The Security Council. "table_draft | UNSC member (or invited state, rule 38)".
    _row("table_draft", "table_draft", {*COUNCIL, INVITED}, TALKS, title="Peace"),
    _row("withdraw_draft", "withdraw_draft", {PERMANENT}, TALKS, ("draft",),
         why="its sponsor (the permanent member tabled it)", draft=D_MEMBER),
    _row("request_vote", "request_vote", set(COUNCIL), TALKS, ("invited_draft",),
         why="rule 38: a member asks for an invited state's draft", draft=D_INVITED),
    _row("contest_procedural", "contest_procedural", {PERMANENT, AGGRESSOR}, TALKS,
         ("procedural_draft",), why="the double veto belongs to the permanent members",
         draft=D_PROCEDURAL),
    _row("call_vote", "call_vote", {PRESIDENT, INSTRUCTOR}, VOTING, ("draft",),
         draft=D_MEMBER),
    # "Members vote only while a vote is open (from call_vote to the close)": the council
    # phase closes every open vote.
    _row("vote", "vote", set(COUNCIL), VOTING, ("vote_open",), draft=D_MEMBER, vote="yes"),
    _row("close_vote", "close_vote", {PRESIDENT, INSTRUCTOR, SYSTEM}, VOTING, ("vote_open",),
         draft=D_MEMBER),
    # The North Atlantic Council.
    _row("request_consultations", "request_consultations", {ALLY}, TALKS,
         concern="Troops massing at the border."),
    _row("request_article5", "request_article5", {ALLY}, TALKS, incident="inc-est"),
    _row("circulate", "circulate", {INSTRUCTOR, CHAIR}, TALKS, title="Statement",
         text="We stand together.", decision="statement"),
    # Silence runs by its deadline, through every phase: an ally may object until then.
    _row("break_silence", "break_silence", {ALLY}, RUNNING, ("silence",), item=SILENCE_ITEM,
         reason="We cannot agree to this text."),
    _row("silence_deadline", "silence_deadline", {SYSTEM, INSTRUCTOR}, RUNNING, ("silence",),
         why="GAME.md says system; the instructor may also end the silence now (the panel's "
             "'End the silence now', a clock the instructor sets)", item=SILENCE_ITEM),
    _row("pledge", "pledge", {ALLY}, NATIONAL, ("article5",), response="military",
         detail="A battalion."),
    _row("retract_pledge", "retract_pledge", {ALLY}, NATIONAL, ("pledge",),
         why="only its maker", pledge="P1"),
    _row("request_membership", "request_membership", {INVITED, AGGRESSOR}, TALKS,
         why="Art. 10: any European state not yet an ally may ask (the USSR asked in 1954)",
         text="We ask to join."),
    _row("ratify", "ratify", {ALLY}, NATIONAL, ("invitation",), candidate="SWE"),
    _row("notify_withdrawal", "notify_withdrawal", {ALLY}, TALKS),
    # Article 13: a party ceases to be one a year after its notice. Notice has just been given,
    # so nobody, not the clock nor the instructor, makes the withdrawal effective; the
    # instructor's time skip (skip_time, logged) moves the world's calendar first.
    _row("withdrawal_effective", "withdrawal_effective", set(), RUNNING, ("notice",),
         why="notice_period_running: a year after notice, not before", country="NOR"),
    # How long a vote waits for a delegation whose students are all offline: the instructor's.
    _row("set_vote_grace", "set_vote_grace", {INSTRUCTOR}, ANY_TIME | {"setup"}, seconds=45),
    # What really happened, shown on the projector: the instructor's, also before the start
    # (and after the end, at the debrief).
    _row("reveal_history", "reveal_history", {INSTRUCTOR}, ANY_TIME | {"setup"},
         entry="es-11-1"),
    _row("skip_time", "skip_time", {INSTRUCTOR}, ANY_TIME, days=30,
         reason="A month passes between the sessions."),
    # Article 10: the invited state deposits its instrument once every party has ratified.
    _row("deposit_accession", "deposit_accession", {INVITED}, NATIONAL, ("ukr_ratified",),
         why="the candidate itself (Ukraine, invited here)"),
    # Uniting for Peace (GA res. 377 A (V)): any member of the Assembly joins the request,
    # after a veto, in the talks.
    _row("request_emergency_session", "request_emergency_session", set(COUNTRIES), TALKS,
         ("vetoed",), text="Uniting for Peace."),
    # The League of Nations (issue 12): each Member applies Art. 16 sanctions on its own, as
    # a pledge is each ally's own act, and lifts only its own.
    _row("apply_sanctions", "apply_sanctions", set(LEAGUE), NATIONAL,
         why="Covenant Art. 16(1): each Member of the League", against="RUS",
         measures=["arms_embargo"]),
    _row("lift_sanctions", "lift_sanctions", {ELECTED}, NATIONAL, ("sanctions",),
         why="only the Member that applied them", against="RUS"),
    # The world. "self_defence | the attacked state (Art. 51)": Ukraine here, a non-ally.
    _row("self_defence", "self_defence", {INVITED}, RUNNING, incident="inc-ukr"),
    # Collective self-defence waits for the victim's request (ICJ, Nicaragua, para 199).
    _row("request_assistance", "request_assistance", {INVITED}, RUNNING, incident="inc-ukr"),
    # "aggressor_move | aggressor seat, instructor or system": in the resolution phase.
    _row("aggressor_move", "aggressor_move", {AGGRESSOR, INSTRUCTOR, SYSTEM},
         frozenset({"resolution", "open"}), move="hold"),
)


def test_the_table_covers_every_action_kind() -> None:
    from game_rules.actions import ACTION_KINDS

    assert {row.kind for row in ROWS} == set(ACTION_KINDS)


# Building a cell's state through the engine.


class Build:
    """A game driven through ``step``; every action must be accepted. Keeps the
    actions, stamped with their time, to import the same game into the server."""

    def __init__(self, rounds: int, t0: float) -> None:
        self.state: State = new_game(SCENARIOS[rounds], SEED)
        self.rounds = rounds
        self.t = t0
        self.actions: list[dict[str, Any]] = []

    def act(self, action: dict[str, Any]) -> None:
        self.t += 0.001
        stamped = {**action, "at": self.t}
        self.state, _ = step(self.state, stamped, Context(now=self.t))
        self.actions.append(stamped)

    def advance_to(self, phase: str) -> None:
        for _ in range(8):
            if self.state.phase == phase and (phase != "briefing" or self.state.round == 2):
                return
            self.act({"actor": "instructor", "kind": "advance_phase"})
        raise AssertionError(f"cannot reach {phase}")


def build(setup: tuple[str, ...], state: str, base: str, t0: float) -> Build:
    """The game for a cell: preconditions taken where they may be, then the cell's phase.

    A briefing is the second round's (the first comes before anything can be tabled); a
    paused game is paused in ``base``.
    """
    sandbox = state == "open"
    b = Build(0 if sandbox else 2, t0)
    if state == "setup":
        return b
    b.act({"actor": "instructor", "kind": "start"})
    target = base if state == "paused" else state
    earlier = [name for name in setup if name in EARLIER]
    talks = [a for name in setup if name not in EARLIER for a in SETUPS[name][0]]
    council = [a for name in setup if name not in EARLIER for a in SETUPS[name][1]]
    if not sandbox:
        b.advance_to("consultations")
    for name in earlier:
        for action in SETUPS[name][0]:
            b.act(action)
        if not sandbox:
            b.advance_to("council")
        for action in SETUPS[name][1]:
            b.act(action)
        if not sandbox:
            b.advance_to("briefing" if target == "briefing" else "consultations")
    seen: list[dict[str, Any]] = []
    for action in talks:
        if action not in seen:  # a draft shared by two preconditions is tabled once
            seen.append(action)
            b.act(action)
    if council and (sandbox or target != "consultations"):
        if not sandbox:
            b.advance_to("council")
        for action in council:
            b.act(action)
    if not sandbox:
        b.advance_to(target)
    if state == "paused":
        b.act({"actor": "instructor", "kind": "pause"})
    return b


def outcome(state: State, action: dict[str, Any], now: float) -> str | None:
    """None if the engine accepts the action, else its refusal code."""
    try:
        step(state, action, Context(now=now))
    except RuleError as err:
        return err.code
    return None


def engine_cells() -> Iterator[tuple[Row, str, str]]:
    for row in ROWS:
        for state in STATES:
            for role in ROLES:
                yield row, state, role


ENGINE_CELLS = len(ROWS) * len(STATES) * len(ROLES)


# The server's paths.

STUDENT = "student"                      # the role's own seat, over the websocket
INSTRUCTOR_WS, INSTRUCTOR_HTTP = "instructor-ws", "instructor-http"
CHAIR_HTTP = "chair-http"                # the instructor acting as the NAC chair
SYSTEM_WS, SYSTEM_HTTP = "system-ws", "system-http"   # the instructor naming the system
IDENTITIES: dict[str, str] = {
    # path: the refusal code it must get, whatever the action and the phase
    "observer": "read_only",
    "projector": "read_only",
    "public": "read_only",               # hello with the join code (a projector page)
    "stranger": "not_joined",            # hello with a made-up token: bad_token, then this
    "stale": "not_joined",               # a token the instructor reset
    "removed": "not_joined",             # a seat the instructor removed
    "impersonate": "not_your_country",   # a student naming another country as actor
    "claim-instructor": "not_your_country",
    "claim-system": "not_your_country",
    SYSTEM_WS: "not_allowed",
    SYSTEM_HTTP: "not_allowed",
}


@dataclass(frozen=True)
class Cell:
    row: Row
    state: str
    role: str       # a key of ROLES, or an identity
    path: str
    allowed: bool


def server_cells() -> list[Cell]:
    cells: list[Cell] = []
    for ri, row in enumerate(ROWS):
        for si, state in enumerate(STATES):
            for role in COUNTRY_ROLES:
                cells.append(Cell(row, state, role, STUDENT, row.allows(role, state)))
            if row.allows(INSTRUCTOR, state):
                # An accepted action changes the game: one path a cell, in turn.
                path = INSTRUCTOR_WS if (ri + si) % 2 else INSTRUCTOR_HTTP
                cells.append(Cell(row, state, INSTRUCTOR, path, True))
            else:
                cells.append(Cell(row, state, INSTRUCTOR, INSTRUCTOR_WS, False))
                cells.append(Cell(row, state, INSTRUCTOR, INSTRUCTOR_HTTP, False))
            cells.append(Cell(row, state, CHAIR, CHAIR_HTTP, row.allows(CHAIR, state)))
            for identity in IDENTITIES:
                cells.append(Cell(row, state, identity, identity, False))
    return cells


SERVER_CELLS = len(server_cells())


def _http_action(client: TestClient, game: dict[str, Any], action: dict[str, Any],
                 client_id: str) -> tuple[bool, str | None]:
    response = client.post(f"/api/games/{game['game_id']}/actions",
                           json={"action": action, "client_id": client_id},
                           headers={"Authorization": f"Bearer {game['instructor_key']}"})
    if response.status_code == 200:
        return True, None
    assert response.status_code in (403, 409, 422), response.text
    return False, str(response.json()["error"]["code"])


def _ws_action(ws: Any, action: dict[str, Any], client_id: str) -> tuple[bool, str | None]:
    ws.send_json({"type": "act", "client_id": client_id, "action": action})
    for _ in range(10_000):
        frame = ws.receive_json()
        if frame["type"] in ("ack", "error") and frame.get("client_id") == client_id:
            return frame["type"] == "ack", frame.get("code")
    raise AssertionError("no answer")


@dataclass
class Table:
    """A game in the server with every seat and identity connected."""

    client: TestClient
    game: dict[str, Any]
    sockets: dict[str, Any] = field(default_factory=dict)
    counter: int = 0

    def cid(self) -> str:
        self.counter += 1
        return f"c{self.counter}"

    def hub_state(self) -> State:
        hub = self.client.app.state.services.games.hubs[self.game["game_id"]]  # type: ignore[attr-defined]
        return hub.state  # type: ignore[no-any-return]

    def seq(self) -> int:
        info = self.client.get(f"/api/games/{self.game['game_id']}",
                               headers={"Authorization": f"Bearer {self.game['instructor_key']}"})
        return int(info.json()["seq"])

    def send(self, path: str, action: dict[str, Any]) -> tuple[bool, str | None]:
        """Send an action (without actor, unless the path names one) by one path."""
        if path in (INSTRUCTOR_HTTP, CHAIR_HTTP, SYSTEM_HTTP):
            return _http_action(self.client, self.game, action, self.cid())
        return _ws_action(self.sockets[path], action, self.cid())


def _import(client: TestClient, actions: list[dict[str, Any]], rounds: int) -> dict[str, Any]:
    response = client.post("/api/records", json={"record": {
        "scenario": scenario(rounds), "seed": SEED, "actions": actions}})
    assert response.status_code == 201, response.text
    body = dict(response.json())
    assert body["refused"] == [], body["refused"]
    if body["held"]:  # a running game stands still after its import until it is resumed
        resumed = client.post(f"/api/games/{body['game_id']}/actions",
                              json={"action": {"kind": "resume"}},
                              headers={"Authorization": f"Bearer {body['instructor_key']}"})
        assert resumed.status_code == 200, resumed.text
    return body


def _join(client: TestClient, game: dict[str, Any], nickname: str, country: str | None = None,
          role: str = "student") -> dict[str, Any]:
    body: dict[str, Any] = {"nickname": nickname, "role": role}
    if country is not None:
        body["country"] = country
    seat = client.post(f"/api/join/{game['code']}", json=body)
    assert seat.status_code == 201, seat.text
    return dict(seat.json())


def _hello(ws: Any, frame: dict[str, Any], expect: str = "welcome") -> dict[str, Any]:
    ws.send_json({"type": "hello", **frame})
    for _ in range(100):
        reply = ws.receive_json()
        if reply["type"] in ("welcome", "error"):
            assert reply["type"] == expect or reply.get("code") == expect, reply
            return dict(reply)
    raise AssertionError("no answer to hello")


def _claimed(row: Row) -> str:
    """The country a student impersonates: one that may take the action, if any."""
    for role in COUNTRY_ROLES:
        if role in row.who and role != NON_MEMBER:
            return ROLES[role]
    return "EST"


def _seat_everyone(client: TestClient, game: dict[str, Any], stack: contextlib.ExitStack,
                   table: Table) -> None:
    auth = {"Authorization": f"Bearer {game['instructor_key']}"}
    tokens = {role: _join(client, game, role, ROLES[role])["token"] for role in COUNTRY_ROLES}
    observer = _join(client, game, "observer", role="observer")["token"]
    projector = _join(client, game, "projector", role="projector")["token"]
    stale = _join(client, game, "stale", role="observer")
    removed = _join(client, game, "removed", role="observer")
    base = f"/api/games/{game['game_id']}/seats"
    assert client.post(f"{base}/{stale['seat_id']}/reset", headers=auth).status_code == 200
    assert client.delete(f"{base}/{removed['seat_id']}", headers=auth).status_code == 200

    def connect(name: str, hello: dict[str, Any], expect: str = "welcome") -> None:
        ws = stack.enter_context(client.websocket_connect("/ws"))
        _hello(ws, hello, expect)
        table.sockets[name] = ws

    for role, token in tokens.items():
        connect(role, {"token": token})
    connect(INSTRUCTOR_WS, {"token": game["instructor_key"]})
    connect("observer", {"token": observer})
    connect("projector", {"token": projector})
    connect("public", {"game": game["code"], "watch": True})
    connect("stranger", {"token": "x" * 43}, "bad_token")
    connect("stale", {"token": stale["token"]}, "bad_token")
    connect("removed", {"token": removed["token"]}, "bad_token")


def _action_for(cell: Cell) -> dict[str, Any]:
    """The action as this path sends it: with ``actor`` only where the path names one."""
    action: dict[str, Any] = {"kind": cell.row.kind, **cell.row.fields}
    if cell.path == CHAIR_HTTP:
        action["actor"] = ROLES[CHAIR]
    elif cell.path in (SYSTEM_WS, SYSTEM_HTTP, "claim-system"):
        action["actor"] = "system"
    elif cell.path == "claim-instructor":
        action["actor"] = "instructor"
    elif cell.path == "impersonate":
        action["actor"] = _claimed(cell.row)
    return action


def _socket_of(cell: Cell) -> str:
    if cell.path == STUDENT:
        return cell.role
    if cell.path in ("impersonate", "claim-instructor", "claim-system"):
        return NON_MEMBER
    if cell.path == SYSTEM_WS:
        return INSTRUCTOR_WS
    return cell.path


def _engine_actor(cell: Cell) -> str:
    return ROLES.get(cell.role, "instructor")


def _check_refusals(client: TestClient, state: str, cells: list[Cell],
                    problems: list[str]) -> int:
    """Send every refused cell of a phase to one game holding every precondition."""
    rich = build(RICH, state, "council", time.time())
    game = _import(client, rich.actions, rich.rounds)
    checked = 0
    with contextlib.ExitStack() as stack:
        table = Table(client, game)
        _seat_everyone(client, game, stack, table)
        before = table.seq()
        for cell in cells:
            action = _action_for(cell)
            path = cell.path if cell.path in (INSTRUCTOR_HTTP, CHAIR_HTTP, SYSTEM_HTTP) \
                else _socket_of(cell)
            ok, code = table.send(path, action)
            checked += 1
            label = f"{cell.row.name} by {cell.role} via {cell.path} in {state}"
            if ok:
                problems.append(f"{label}: accepted, the table refuses it")
                continue
            if cell.path in IDENTITIES:
                if code != IDENTITIES[cell.path]:
                    problems.append(f"{label}: {code}, expected {IDENTITIES[cell.path]}")
                continue
            actor = ROLES[CHAIR] if cell.path == CHAIR_HTTP else _engine_actor(cell)
            engine = outcome(table.hub_state(), {**cell.row.fields, "kind": cell.row.kind,
                                                 "actor": actor}, time.time())
            if engine != code:
                problems.append(f"{label}: the server said {code}, the engine {engine}")
        after = table.seq()
        if after != before:
            problems.append(f"{state}: refused actions changed the game (seq {before} -> {after})")
    return checked


def _send_allowed(client: TestClient, game: dict[str, Any], cell: Cell) -> tuple[bool, str | None]:
    """An allowed cell by its real path: the role's own seat joins and says hello first."""
    table = Table(client, game)
    with contextlib.ExitStack() as stack:
        if cell.path in (STUDENT, INSTRUCTOR_WS):
            token = (game["instructor_key"] if cell.path == INSTRUCTOR_WS else
                     _join(client, game, f"{cell.role}-{len(client.cookies)}",
                           ROLES[cell.role])["token"])
            client.cookies.clear()
            ws = stack.enter_context(client.websocket_connect("/ws"))
            _hello(ws, {"token": token})
            table.sockets[cell.path] = ws
        return table.send(cell.path, _action_for(cell))


def _check_allowed(client: TestClient, cells: list[Cell], problems: list[str]) -> int:
    """The allowed cells of one row in one phase, on a game built in exactly that state.

    They share the game while they commute (everyone may say hello); a cell refused there
    (a second close_vote) is tried again on a fresh game, and only a refusal there counts.
    """
    row, state = cells[0].row, cells[0].state

    def fresh() -> dict[str, Any]:
        built = build(row.setup, state, row.base, time.time())
        return _import(client, built.actions, built.rounds)

    shared = fresh()
    for cell in cells:
        ok, code = _send_allowed(client, shared, cell)
        if not ok:
            ok, code = _send_allowed(client, fresh(), cell)
        if not ok:
            problems.append(f"{row.name} by {cell.role} via {cell.path} in {state}: "
                            f"refused ({code}), the table allows it")
    return len(cells)


@pytest.fixture
def client(sqlite_url: str) -> Iterator[TestClient]:
    """The app on SQLite; in memory-backed /dev/shm where there is one (the matrix imports
    some 300 games, and SQLite syncs every commit to disk). The matrix asks who may do
    what, not how much the server can take: its thousands of quick frames never meet the
    overload guard (``overloaded``, tests/server/test_overload.py), however busy the
    machine (a ``busy`` threshold above 1.0: the lag refuses nothing)."""
    shm = Path("/dev/shm")
    folder = Path(tempfile.mkdtemp(dir=shm)) if shm.is_dir() and os.access(shm, os.W_OK) else None
    url = f"sqlite+aiosqlite:///{(folder / 'matrix.db').as_posix()}" if folder else sqlite_url
    limits = Limits(actions_per_second=1e6, burst=1_000_000, abuse_strikes=1_000_000,
                    joins_per_minute=1_000_000, overload=Thresholds(busy=2.0))
    try:
        with TestClient(create_app(Settings(database_url=url, commit_interval=0.0,
                                            limits=limits))) as c:
            yield c
    finally:
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)


@pytest.mark.parametrize("path", ["engine", "server"],
                         ids=[f"engine-{ENGINE_CELLS}-cells", f"server-{SERVER_CELLS}-cells"])
def test_authorization_matrix(path: str, request: pytest.FixtureRequest) -> None:
    problems: list[str] = []
    checked = allowed = 0
    if path == "engine":
        t0 = time.time()
        built: dict[tuple[str, str], Build] = {}
        for row, state, role in engine_cells():
            key = (row.name, state)
            if key not in built:
                built[key] = build(row.setup, state, row.base, t0)
            b = built[key]
            code = outcome(b.state, {**row.fields, "kind": row.kind, "actor": ROLES[role]},
                           b.t + 1)
            expected = row.allows(role, state)
            checked += 1
            allowed += expected
            if (code is None) != expected:
                problems.append(f"{row.name} by {role} ({ROLES[role]}) in {state}: "
                                f"{'accepted' if code is None else code}, the table "
                                f"{'allows' if expected else 'refuses'} it")
        total = ENGINE_CELLS
    else:
        client = request.getfixturevalue("client")
        cells = server_cells()
        for state in STATES:
            refused = [c for c in cells if c.state == state and not c.allowed]
            checked += _check_refusals(client, state, refused, problems)
        groups: dict[tuple[str, str], list[Cell]] = {}
        for cell in cells:
            if cell.allowed:
                groups.setdefault((cell.row.name, cell.state), []).append(cell)
        for group in groups.values():
            n = _check_allowed(client, group, problems)
            checked += n
            allowed += n
        total = SERVER_CELLS
    summary = (f"authorization matrix ({path}): {checked} cells checked, {allowed} allowed, "
               f"{checked - allowed} refused, {len(problems)} disagree with the table")
    print(summary)
    assert checked == total
    assert not problems, summary + ":\n" + "\n".join(problems[:80])
