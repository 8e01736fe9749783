"""Fuzzing the server in process (issue 6, item 5).

- Websocket sessions drawn by Hypothesis: students of every kind of seat, the
  instructor, an observer, a public watcher and a stranger send random frames
  (any JSON, any text, bytes, oversized frames) and random actions (plausible
  ones against the game as it stands, and implausible ones) in every phase,
  and reconnect in the middle with ``last_seq``. Throughout: no crash, every
  ``error`` frame has a code and a sentence, every connection survives its bad
  frames, each connection's events come numbered without gaps, no seat ever
  receives another country's role sheet, news addressed to others, a message
  of a channel it does not read, or the roster. At the end of each session the
  hub's state equals the fold of the events in the store.
- Schemathesis against the OpenAPI document: every operation with generated
  inputs (valid and invalid, anonymous and with a real game's key): never a
  5xx, every error is ``{"error": {"code", "message"}}`` (and ``msg``), every answer has the
  security headers.

The budget keeps this file well under 90 s on two cores. A longer campaign:
``CRISIS_TABLE_FUZZ_EXAMPLES=500 .venv/bin/python -m pytest tests/server/test_fuzz_ws.py -s``
(websocket sessions, and examples per API operation and mode). Each test
prints how many cases it ran.
"""

from __future__ import annotations

import json
import logging
import math
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from starlette.websockets import WebSocketDisconnect

from game_rules import event_from_dict, new_game
from game_rules.actions import ACTION_KINDS
from game_rules.engine import fold
from game_rules.state import State
from game_rules.talk import can_read
from server.app import create_app
from server.settings import Limits, Settings

EXAMPLES = int(os.environ.get("CRISIS_TABLE_FUZZ_EXAMPLES", "0") or 0)
WS_SESSIONS = EXAMPLES or 25
API_EXAMPLES = EXAMPLES or 12

SEATS = {"CHN": "permanent", "BRA": "elected", "IND": "president", "EST": "ally",
         "UKR": "invited", "JPN": "non_member", "RUS": "aggressor"}
SECRET = "SECRET-{code}-SHEET"
SECRET_RE = re.compile(r"SECRET-([A-Z]{3})-SHEET")
TOKEN_RE = re.compile(r"tok\d{5}x")
SERVER_FRAMES = {"welcome", "event", "ack", "error", "pong", "view", "patch", "history", "roster"}


def scenario() -> dict[str, Any]:
    """Every state with a secret role sheet; two rounds; an inject for Estonia's eyes only."""
    codes = ["CHN", "FRA", "GBR", "RUS", "USA", "BRA", "IND", "NOR", "EST", "POL", "UKR",
             "JPN", "SWE"]
    return {
        "id": "fuzz", "title": "Fuzz", "year": 2022, "rounds": 2,
        "countries": [{"code": c, "role": {"summary": SECRET.format(code=c),
                                           "red_lines": [f"{SECRET.format(code=c)} red line"]}}
                      for c in codes],
        "bodies": {
            "UNSC": {"permanent": ["CHN", "FRA", "GBR", "RUS", "USA"],
                     "elected": ["BRA", "IND", "NOR"], "threshold": 5, "president": "IND",
                     "invited": ["UKR"]},
            "NAC": {"members": ["USA", "GBR", "FRA", "NOR", "EST", "POL"]},
        },
        "options": {"double_veto": True},
        "incidents": [
            {"id": "inc-est", "target": "EST", "attacker": "RUS", "kind": "armed_attack"},
            {"id": "inc-ukr", "target": "UKR", "attacker": "RUS", "kind": "armed_attack",
             "in_treaty_area": False},
        ],
        "aggressor": {"country": "RUS", "target": "UKR"},
        "injects": [{"id": "intel", "auto": False, "title": "Intelligence", "audience": ["EST"],
                     "text": "tok99999x"}],
    }


def _settings(url: str) -> Settings:
    # Lenient rates (so that actions reach the engine), the real frame size limit.
    return Settings(database_url=url, commit_interval=0.0, limits=Limits(
        actions_per_second=10_000, burst=10_000, abuse_strikes=100_000,
        syncs_per_second=10_000, sync_burst=10_000, pings_per_second=10_000, ping_burst=10_000,
        joins_per_minute=100_000))


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    url = f"sqlite+aiosqlite:///{(tmp_path / 'fuzz.db').as_posix()}"
    with TestClient(create_app(_settings(url))) as c:
        yield c


def _no_server_errors(caplog: pytest.LogCaptureFixture) -> None:
    bad = [r for r in caplog.records if r.name.startswith("crisis_table")
           and (r.levelno >= logging.ERROR or "failed" in r.getMessage())]
    assert not bad, [f"{r.name}: {r.getMessage()}" for r in bad]


# Websocket sessions.


@dataclass
class Conn:
    """One websocket, and what has been checked of what it received."""

    name: str
    viewer: str               # a country, "instructor", "public" or "" (not joined)
    hello: dict[str, Any]
    ws: Any = None
    stack: Any = None
    last: int | None = None   # the last event seq seen
    tokens: set[str] = field(default_factory=set)
    pings: int = 0
    client: TestClient | None = None
    join: dict[str, Any] | None = None
    """A student's join code, nickname and country: to join again once its seat is closed."""
    told: str = ""
    """The code of the last error frame that answered no action (why it is closed)."""

    def open(self, client: TestClient, last_seq: int | None = None) -> None:
        self.client = client
        self.stack = client.websocket_connect("/ws")
        self.ws = self.stack.__enter__()
        frame = {"type": "hello", **self.hello}
        if last_seq is not None:
            frame["last_seq"] = last_seq
        self.ws.send_text(json.dumps(frame))
        self.drain(expect_welcome=bool(self.viewer), resumed_from=last_seq)

    def close(self) -> None:
        if self.stack is not None:
            self.stack.__exit__(None, None, None)
            self.stack = self.ws = None

    def drain(self, expect_welcome: bool = False, resumed_from: int | None = None) -> None:
        """Read up to a fresh pong, checking every frame on the way."""
        self.pings += 1
        marker = f"{self.name}-{self.pings}"
        self.ws.send_text(json.dumps({"type": "ping", "t": marker}))
        welcomed = False
        for _ in range(100_000):
            try:
                frame = self.ws.receive_json()
            except WebSocketDisconnect as closed:
                # Its country was handed to its caretaker: a student's sockets are told so and
                # closed (4401), its token opens nothing any more, and the student joins again
                # with the code (which gives the country back).
                assert closed.code == 4401 and self.join is not None, (self.name, closed.code)
                assert self.told == "with_caretaker", (self.name, self.told)
                assert self.client is not None
                self.close()
                code = self.join["code"]
                refused = self.client.post(f"/api/join/{code}/resume",
                                           json={"token": self.hello["token"]})
                assert refused.json()["error"]["code"] == "no_seat", refused.text
                seat = self.client.post(f"/api/join/{code}", json={
                    "nickname": self.join["nickname"], "country": self.join["country"]})
                assert seat.status_code == 201, seat.text
                self.client.cookies.clear()
                self.hello = {**self.hello, "token": seat.json()["token"]}
                self.told = ""
                self.open(self.client, last_seq=self.last)
                return
            kind = frame.get("type")
            assert kind in SERVER_FRAMES, frame
            if kind == "pong" and frame.get("t") == marker:
                break
            if kind == "welcome":
                welcomed = True
                self._welcome(frame, resumed_from)
            self.check(frame)
        assert welcomed or not expect_welcome, f"{self.name}: no welcome"

    def _welcome(self, frame: dict[str, Any], resumed_from: int | None) -> None:
        seq, missed = frame["seq"], frame["missed"]
        if missed > 0:
            assert resumed_from is not None and missed == seq - resumed_from, frame
            self.last = resumed_from
        else:
            self.last = seq

    def check(self, frame: dict[str, Any]) -> None:
        kind = frame["type"]
        if kind == "error":
            assert isinstance(frame.get("code"), str) and frame["code"], frame
            assert isinstance(frame.get("message"), str) and frame["message"], frame
            if frame.get("client_id") is None:
                self.told = frame["code"]
        if kind == "event":
            assert self.last is not None, f"{self.name}: an event before the welcome"
            assert frame["seq"] == self.last + 1, (self.name, self.last, frame["seq"])
            self.last = frame["seq"]
        if not self.viewer:
            assert kind in ("error", "pong"), f"{self.name} is not joined but got {kind}"
            return
        if self.viewer == "instructor":
            return
        assert kind != "roster", f"{self.name} got the roster"
        text = json.dumps(frame)
        for code in SECRET_RE.findall(text):
            assert code == self.viewer, f"{self.name} ({self.viewer}) saw {code}'s role sheet"
        self.tokens.update(TOKEN_RE.findall(text))


# Who usually takes each action (a seat's name: its country, or the instructor).
USUAL: dict[str, list[str]] = {
    "say": [*SEATS, "instructor"], "open_channel": list(SEATS),
    "table_draft": ["CHN", "BRA", "IND", "RUS", "UKR"], "withdraw_draft": ["CHN", "BRA", "RUS"],
    "request_vote": ["CHN", "BRA", "IND", "RUS"], "contest_procedural": ["CHN", "RUS"],
    "call_vote": ["IND", "instructor"], "vote": ["CHN", "BRA", "IND", "RUS"],
    "close_vote": ["IND", "instructor"], "circulate": ["instructor"],
    "request_consultations": ["EST"], "request_article5": ["EST"], "break_silence": ["EST"],
    "pledge": ["EST"], "retract_pledge": ["EST"], "ratify": ["EST"],
    "notify_withdrawal": ["EST"], "request_membership": ["UKR"],
    "self_defence": ["UKR", "EST"], "aggressor_move": ["RUS", "instructor"],
}
RARE = ("end", "pause", "start")
"""Ending or pausing the game stops most of what follows: drawn rarely."""
KINDS = [*(k for k in ACTION_KINDS if k not in RARE), *["say"] * 6, *["advance_phase"] * 2,
         *["table_draft"] * 3, *["call_vote"] * 2, *["vote"] * 5, "open_channel", "circulate",
         "break_silence", "request_article5", "pledge", "aggressor_move", "inject", "resume"]


def _plausible(draw: Any, state: State, kind: str, token: str) -> dict[str, Any]:
    """Fields that mostly make sense against the game as it stands."""
    def one(values: list[str], fallback: str) -> str:
        return str(draw(st.sampled_from(values))) if values else fallback

    countries = list(state.country_list)
    draft = one(list(state.drafts), "S/2022/1")
    item = one(list(state.items), "NAC/2022/1")
    incident = one(list(state.incidents), "inc-est")
    fields: dict[str, dict[str, Any]] = {
        "set_clock": {"seconds": draw(st.integers(0, 3600))},
        "inject": draw(st.sampled_from([
            {"inject": "intel"},
            {"title": f"News {token}", "text": token,
             "audience": draw(st.lists(st.sampled_from(countries), max_size=3))},
            {"title": "Public news", "text": token}])),
        "set_caretaker": {"country": one(countries, "NOR"), "caretaker": draw(st.booleans())},
        "say": {"channel": one(list(state.channels), "public"), "text": f"say {token}"},
        "open_channel": {"members": draw(st.lists(st.sampled_from(countries), min_size=1,
                                                  max_size=3))},
        "table_draft": {"title": "Draft", "chapter": draw(st.sampled_from(["VI", "VII"])),
                        "measures": draw(st.lists(st.sampled_from(
                            ["determine_threat", "sanctions", "demand_ceasefire",
                             "adopt_agenda", "authorize_force"]), max_size=2)),
                        "procedural": draw(st.booleans())},
        "withdraw_draft": {"draft": draft}, "request_vote": {"draft": draft},
        "contest_procedural": {"draft": draft}, "call_vote": {"draft": draft},
        "vote": {"draft": draft, "vote": draw(st.sampled_from(["yes", "no", "abstain"]))},
        "close_vote": {"draft": draft},
        "request_consultations": {"concern": "Troops at the border."},
        "request_article5": {"incident": incident},
        "circulate": {"title": "Text", "decision": draw(st.sampled_from(
            ["statement", "operation", "article5", "invite"])), "incident": incident,
            "candidate": "SWE", "deadline": 3600},
        "break_silence": {"item": item, "reason": "We object."},
        "silence_deadline": {"item": item},
        "pledge": {"response": draw(st.sampled_from(["diplomatic", "economic", "military"]))},
        "retract_pledge": {"pledge": one([p.id for p in state.pledges], "P1")},
        "request_membership": {"text": "We ask to join."},
        "ratify": {"candidate": "SWE"},
        "withdrawal_effective": {"country": one(list(state.withdrawals), "NOR")},
        "self_defence": {"incident": incident},
        "aggressor_move": {"move": draw(st.sampled_from(
            ["escalate", "hold", "de_escalate", "withdraw"]))},
    }
    return {"kind": kind, **fields.get(kind, {})}


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner,
                                                                 max_size=4),
    max_leaves=12)


def _implausible(draw: Any) -> Any:
    """An action that is wrong in some way: unknown kind or fields, wrong types, too long."""
    kind = draw(st.sampled_from([*ACTION_KINDS, "launch", "", "VOTE"]) | st.text(max_size=12))
    fields = draw(st.dictionaries(st.sampled_from(
        ["draft", "vote", "item", "channel", "text", "actor", "at", "members", "deadline",
         "seconds", "title", "measures", "incident", "move", "response", "x"]), JSON,
        max_size=4))
    return draw(st.sampled_from([
        {"kind": kind, **fields}, fields, draw(JSON),
        {"kind": "say", "channel": "public", "text": "x" * draw(st.integers(4001, 6000))},
        {"kind": "say", "channel": "public", "text": "bell\u0007\u202e"},
    ]))


def _junk_frame(draw: Any) -> str | bytes:
    return draw(st.sampled_from([
        json.dumps(draw(JSON)),
        json.dumps({"type": "act", "client_id": "n", "action": {"kind": "vote", "at": math.nan}}),
        draw(st.text(max_size=60)),
        draw(st.binary(max_size=40)),
        json.dumps({"type": draw(st.sampled_from(["hello", "act", "ping", "sync", "x"])),
                    **draw(st.dictionaries(st.sampled_from(
                        ["token", "game", "last_seq", "client_id", "action", "t", "views"]),
                        JSON, max_size=3))}),
        json.dumps({"type": "act", "client_id": "big",
                    "action": {"kind": "say", "channel": "public", "text": "y" * 17_000}}),
    ]))


@dataclass
class Counts:
    sessions: int = 0
    steps: int = 0
    actions: int = 0
    frames: int = 0
    reconnects: int = 0


def _snapshot(client: TestClient, game_id: str) -> tuple[State, int, State]:
    """The hub's state and seq, and the fold of the stored events, read under the hub's lock
    on the app's own loop (so that the clock cannot act in between)."""
    games = client.app.state.services.games  # type: ignore[attr-defined]

    async def read() -> tuple[State, int, State]:
        hub = games.hubs[game_id]
        async with hub.lock:
            rows = await games.store.events(game_id)
            folded = fold(new_game(hub.meta.scenario, hub.meta.seed),
                          [event_from_dict(r.body) for r in rows])
            assert [r.seq for r in rows] == list(range(1, hub.seq + 1))
            return hub.state, hub.seq, folded

    assert client.portal is not None
    return client.portal.call(read)


def test_websocket_sessions_survive_fuzzing(client: TestClient,
                                            caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING)
    counts = Counts()
    tokens = iter(range(10**5))

    @settings(max_examples=WS_SESSIONS, deadline=None, database=None, derandomize=not EXAMPLES,
              suppress_health_check=list(HealthCheck))
    @given(st.data())
    def session(data: st.DataObject) -> None:
        draw = data.draw
        counts.sessions += 1
        created = client.post("/api/games", json={"scenario": scenario(), "seed": 7}).json()
        game_id, key = created["game_id"], created["instructor_key"]
        auth = {"Authorization": f"Bearer {key}"}
        conns: list[Conn] = []
        for code in SEATS:
            seat = client.post(f"/api/join/{created['code']}",
                               json={"nickname": f"n{code}", "country": code}).json()
            conns.append(Conn(code, code, {"token": seat["token"], "views": draw(st.booleans())},
                              join={"code": created["code"], "nickname": f"n{code}",
                                    "country": code}))
        observer = client.post(f"/api/join/{created['code']}",
                               json={"nickname": "obs", "role": "observer"}).json()
        client.cookies.clear()
        conns += [Conn("instructor", "instructor", {"token": key}),
                  Conn("observer", "public", {"token": observer["token"]}),
                  Conn("watcher", "public", {"game": created["code"], "watch": True}),
                  Conn("stranger", "", {"token": "z" * 43})]
        try:
            for conn in conns:
                conn.open(client)
            if draw(st.integers(0, 9)):
                for kind in ["start", *["advance_phase"] * draw(st.sampled_from([0, 1, 1, 2, 3]))]:
                    assert client.post(f"/api/games/{game_id}/actions", headers=auth,
                                       json={"action": {"kind": kind}}).status_code == 200
            hub = client.app.state.services.games.hubs[game_id]  # type: ignore[attr-defined]
            by_name = {c.name: c for c in conns}
            for step_no in range(draw(st.integers(3, 60))):
                counts.steps += 1
                what = draw(st.sampled_from(["act"] * 7 + ["junk", "reconnect", "http"]))
                kind = draw(st.sampled_from(RARE) if not draw(st.integers(0, 29))
                            else st.sampled_from(KINDS))
                usual = USUAL.get(kind, ["instructor"])
                conn = (by_name[draw(st.sampled_from(usual))] if draw(st.integers(0, 3))
                        else draw(st.sampled_from(conns)))
                token = f"tok{next(tokens):05d}x"
                if what == "junk":
                    counts.frames += 1
                    frame = _junk_frame(draw)
                    if isinstance(frame, bytes):
                        conn.ws.send_bytes(frame)
                    else:
                        conn.ws.send_text(frame)
                elif what == "reconnect":
                    counts.reconnects += 1
                    conn.close()
                    resume = draw(st.sampled_from([conn.last, conn.last, 0, None, 10**6]))
                    conn.open(client, last_seq=resume)
                elif what in ("act", "http"):
                    counts.actions += 1
                    action = (_plausible(draw, hub.state, kind, token) if draw(st.integers(0, 3))
                              else _implausible(draw))
                    if what == "http":
                        if isinstance(action, dict) and draw(st.booleans()):
                            action["actor"] = draw(st.sampled_from([*SEATS, "instructor",
                                                                    "system", "NOT-A-STATE"]))
                        response = client.post(f"/api/games/{game_id}/actions", headers=auth,
                                               json={"action": action, "client_id": token})
                        assert response.status_code in (200, 403, 409, 422), response.text
                        if response.status_code != 200:
                            fields = set(response.json()["error"])
                            assert {"code", "message"} <= fields <= {"code", "message", "msg"}
                    else:
                        conn.ws.send_text(json.dumps({"type": "act", "client_id": token,
                                                      "action": action}))
                for c in (conns if step_no % 4 == 3 else [conn]):
                    c.drain()
            state, _, folded = _snapshot(client, game_id)
            assert state == folded, "the hub's state is not the fold of the stored events"
            for c in conns:
                c.drain()
                if c.viewer and c.viewer != "instructor":
                    _check_tokens(state, c)
        finally:
            for conn in conns:
                conn.close()
        _no_server_errors(caplog)

    session()
    print(f"websocket fuzz: {counts.sessions} sessions, {counts.steps} steps, "
          f"{counts.actions} actions, {counts.frames} junk frames, "
          f"{counts.reconnects} reconnects")
    assert counts.sessions >= WS_SESSIONS


def _check_tokens(state: State, conn: Conn) -> None:
    """Each marked message or piece of news a seat received was its to read."""
    where: dict[str, tuple[str, Any]] = {}
    for message in state.messages:
        for token in TOKEN_RE.findall(message.text):
            where.setdefault(token, ("channel", message.channel))
    for news in state.news:
        for token in TOKEN_RE.findall(json.dumps(news.model_dump(mode="json"))):
            where.setdefault(token, ("news", news.audience))
    for token in conn.tokens:
        place = where.get(token)
        if place is None:
            continue
        if place[0] == "channel":
            assert can_read(state, place[1], conn.viewer), \
                f"{conn.name} ({conn.viewer}) read a message of {place[1]}"
        else:
            assert place[1] is None or conn.viewer in place[1], \
                f"{conn.name} ({conn.viewer}) read news addressed to {place[1]}"


def test_too_many_bad_frames_close_only_that_connection(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{(tmp_path / 'strikes.db').as_posix()}"
    settings_ = Settings(database_url=url, limits=Limits(abuse_strikes=5))
    with TestClient(create_app(settings_)) as client:
        created = client.post("/api/games", json={"scenario": scenario()}).json()
        token = client.post(f"/api/join/{created['code']}", json={
            "nickname": "Ada", "country": "EST"}).json()["token"]
        with client.websocket_connect("/ws") as bad, client.websocket_connect("/ws") as good:
            for ws in (bad, good):
                ws.send_json({"type": "hello", "token": token})
                assert ws.receive_json()["type"] == "welcome"
            for _ in range(4):
                bad.send_text("{nope")
                assert bad.receive_json()["code"] == "malformed_frame"
                bad.send_json({"type": "ping"})
                assert bad.receive_json()["type"] == "pong"
            bad.send_text("{nope")
            assert bad.receive_json()["code"] == "malformed_frame"
            with pytest.raises(WebSocketDisconnect) as closed:
                bad.receive_json()
            assert closed.value.code == 1008
            good.send_json({"type": "ping", "t": 1})
            assert good.receive_json()["type"] == "pong"


# The HTTP API, from its OpenAPI document.


def _request_kwargs(case: Any) -> dict[str, Any]:
    """A schemathesis case as keyword arguments of the test client (httpx)."""
    kwargs = case.as_transport_kwargs(base_url="http://testserver")
    out: dict[str, Any] = {"method": kwargs["method"], "url": kwargs["url"],
                           "headers": {k: str(v) for k, v in (kwargs.get("headers") or {}).items()},
                           "params": kwargs.get("params") or None}
    cookies = kwargs.get("cookies") or {}
    if cookies:
        out["headers"]["cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    if "json" in kwargs:
        out["json"] = kwargs["json"]
    elif kwargs.get("data") is not None:
        data = kwargs["data"]
        out["content"] = data if isinstance(data, bytes | str) else json.dumps(data)
    return out


def _fuzz_operation(client: TestClient, label: str, strategy: Any, calls: dict[str, int],
                    problems: list[str]) -> None:
    """Generated requests to one operation: no 5xx, errors with a code, the security headers."""

    @settings(max_examples=API_EXAMPLES * 3, deadline=None, database=None,
              derandomize=not EXAMPLES, suppress_health_check=list(HealthCheck))
    @given(case=strategy)
    def call(case: Any) -> None:
        calls[label] = calls.get(label, 0) + 1
        response = client.request(**_request_kwargs(case))
        client.cookies.clear()
        where = f"{label} {response.status_code}: {case.as_curl_command()}"
        if response.status_code >= 500:
            problems.append(f"{where}\n{response.text[:300]}")
            return
        if response.headers.get("x-content-type-options") != "nosniff" \
                or "frame-ancestors 'none'" not in response.headers.get(
                    "content-security-policy", ""):
            problems.append(f"{where}: no security headers")
        if response.status_code >= 400:
            try:
                error = response.json()["error"]
                assert isinstance(error["code"], str) and isinstance(error["message"], str)
            except Exception:
                problems.append(f"{where}: the error is not {{error: {{code, message}}}}: "
                                f"{response.text[:200]}")

    call()


def test_the_api_answers_generated_requests_without_5xx(client: TestClient,
                                                        caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING)
    schema = schemathesis.openapi.from_dict(client.get("/openapi.json").json())
    created = client.post("/api/games", json={"scenario": scenario(), "seed": 3}).json()
    seat = client.post(f"/api/join/{created['code']}",
                       json={"nickname": "Ada", "country": "EST"}).json()
    client.cookies.clear()
    client.post(f"/api/games/{created['game_id']}/actions",
                headers={"Authorization": f"Bearer {created['instructor_key']}"},
                json={"action": {"kind": "start"}})
    known = {"game_id": created["game_id"], "code": created["code"], "seat_id": seat["seat_id"],
             "other_id": created["game_id"], "scenario_id": "sandbox", "name": "crisis"}
    operations = [result.ok() for result in schema.get_all_operations()]
    # Deleting the game last, so that the others find it.
    operations.sort(key=lambda op: (op.method.upper() == "DELETE" and op.path == "/api/games/{game_id}",
                                    op.path, op.method))
    calls: dict[str, int] = {}
    problems: list[str] = []

    for op in operations:
        names = {p.name for p in op.iter_parameters() if p.location == "path"}
        real = op.as_strategy(GenerationMode.POSITIVE,
                              path_parameters={k: v for k, v in known.items() if k in names},
                              headers={"Authorization": f"Bearer {created['instructor_key']}",
                                       "X-Instructor-Key": created["instructor_key"]})
        strategy = st.one_of(op.as_strategy(GenerationMode.POSITIVE),
                             op.as_strategy(GenerationMode.NEGATIVE), real)
        _fuzz_operation(client, f"{op.method.upper()} {op.path}", strategy, calls, problems)
    total = sum(calls.values())
    print(f"schemathesis: {len(operations)} operations, {total} requests")
    assert not problems, f"{len(problems)} of {total} requests:\n" + "\n".join(problems[:20])
    assert len(calls) == len(operations)
    _no_server_errors(caplog)
