"""docs/security.md's promises, tried from the outside as an attacker would.

Real ``crisis-table serve`` processes, real HTTP and websockets: one process on
SQLite, and two processes on a fresh PostgreSQL database and a private Redis
(``tests.server.realserver``). The servers trust X-Forwarded-For from 127.0.0.1
(as behind the shipped nginx), so that each request can come from an address of
its own: a teacher's, a school's, a guesser's.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from websockets.asyncio.client import ClientConnection, connect

from tests.server.realserver import RedisServer, Server, scenario, within

bounded = within(120.0)

TEACHER = "198.51.100.1"
OTHER_TEACHER = "198.51.100.2"
SCHOOL = "203.0.113.7"
"""A school's one public address: its students and, among them, a guesser."""
ELSEWHERE = "203.0.113.8"

FAILURES = 30
"""Limits.joins_per_minute: wrong codes an address may try freely in a minute."""
WHILE_SLOWED = 30
"""Limits.joins_while_slowed: codes an address may still look up in that minute."""
TRUST = {"CRISIS_TABLE_TRUSTED_PROXIES": "127.0.0.1"}
ACCESS_LINE = re.compile(r'"(GET|POST|PUT|PATCH|DELETE) /')
"""A line of an access log (uvicorn's: ``ADDRESS - "GET /path HTTP/1.1" 200``)."""


class Pair:
    """Two servers (``a`` and ``b``); the same one twice for the one-process setup."""

    def __init__(self, a: Server, b: Server) -> None:
        self.a = a
        self.b = b

    @property
    def servers(self) -> list[Server]:
        return [self.a] if self.a is self.b else [self.a, self.b]

    def logs(self) -> str:
        return "\n".join(s.log() for s in self.servers)


@pytest.fixture(params=["one process", "two processes"])
def database(request: pytest.FixtureRequest) -> str | None:
    """None: one process on its own SQLite file; else two processes on this PostgreSQL."""
    return None if request.param == "one process" else str(
        request.getfixturevalue("postgres_url"))


@pytest.fixture
async def pair(database: str | None, tmp_path: Path) -> AsyncIterator[Pair]:
    redis: RedisServer | None = None
    if database is None:
        a = Server(tmp_path, env=TRUST, name="solo")
        servers = [a]
        pair = Pair(a, a)
    else:
        redis = RedisServer(tmp_path)
        redis.start()
        servers = [Server(tmp_path, database=database, bus=redis.url, env=TRUST, name=name)
                   for name in ("A", "B")]
        pair = Pair(*servers)
    try:
        for server in servers:
            await server.start()
        yield pair
    finally:
        for server in servers:
            await server.stop()
        if redis is not None:
            redis.stop()
    logs = pair.logs()
    assert "Traceback" not in logs, logs
    # No access log: the servers write down no request, and no client's address.
    assert not ACCESS_LINE.search(logs), logs[-2000:]
    assert not [a for a in (TEACHER, OTHER_TEACHER, SCHOOL, ELSEWHERE) if a in logs], logs[-2000:]


async def call(server: Server, method: str, path: str, *, source: str, key: str | None = None,
               body: Any = None, cookies: dict[str, str] | None = None) -> httpx.Response:
    headers = {"X-Forwarded-For": source}
    if key:
        headers["Authorization"] = f"Bearer {key}"
    async with server.http() as client:
        for name, value in (cookies or {}).items():
            client.cookies.set(name, value)
        return await client.request(method, path, json=body, headers=headers)


def code_of(response: httpx.Response) -> str:
    body = response.json()
    return str(body["error"]["code"]) if "error" in body else "ok"


async def open_ws(server: Server, source: str) -> ClientConnection:
    return await asyncio.wait_for(connect(server.ws_url, proxy=None, open_timeout=10,
                                          additional_headers={"X-Forwarded-For": source},
                                          max_size=2**24, ping_interval=None), 10)


async def first_answer(ws: ClientConnection, frame: dict[str, Any]) -> dict[str, Any]:
    await ws.send(json.dumps(frame))
    answer: dict[str, Any] = json.loads(await asyncio.wait_for(ws.recv(), 10))
    return answer


async def hello_with_game(server: Server, code: str, source: str) -> dict[str, Any]:
    ws = await open_ws(server, source)
    try:
        return await first_answer(ws, {"type": "hello", "game": code})
    finally:
        await ws.close()


async def new_game(server: Server, source: str = TEACHER) -> dict[str, Any]:
    response = await call(server, "POST", "/api/games", source=source,
                          body={"scenario": scenario()})
    assert response.status_code == 201, response.text
    game: dict[str, Any] = response.json()
    return game


async def join(server: Server, code: str, nickname: str, country: str | None = None,
               source: str = SCHOOL) -> httpx.Response:
    return await call(server, "POST", f"/api/join/{code}", source=source,
                      body={"nickname": nickname, "country": country})


# Item 3: no oracle for join codes.


@bounded
async def test_wrong_codes_are_limited_per_address_on_every_route_and_process_and_the_class_gets_in(
        pair: Pair) -> None:
    a, b = pair.a, pair.b
    game = await new_game(a)  # the teacher, at home
    code = game["code"]
    first = await join(b, code, "ada", source=SCHOOL)  # the first student, at school
    assert first.status_code == 201, first.text
    elsewhere = await new_game(a, source=OTHER_TEACHER)  # another school's game

    # The guesser, at school: wrong codes on both processes, one after the other.
    wrong = [f"WRONG{n:02d}" for n in range(FAILURES + WHILE_SLOWED)]
    answers = [code_of(await call((a, b)[n % 2], "GET", f"/api/join/{c}", source=SCHOOL))
               for n, c in enumerate(wrong)]
    assert answers == ["unknown_code"] * len(wrong), answers

    # Now every way of asking about a code is refused for a wrong code, on either process...
    for server in (a, b):
        for method, path, body in (("GET", "/api/join/QQQQQQ", None),
                                   ("POST", "/api/join/QQQQQQ", {"nickname": "x"}),
                                   ("GET", "/api/join/QQQQQQ/me", None),
                                   ("POST", "/api/join/QQQQQQ/resume", {"token": "t" * 43})):
            refused = await call(server, method, path, source=SCHOOL, body=body)
            assert refused.status_code == 429, (server.name, method, path, refused.text)
            assert code_of(refused) == "too_many_attempts"
        answer = await hello_with_game(server, "QQQQQQ", SCHOOL)
        assert answer["type"] == "error" and answer["code"] == "too_many_attempts", answer

    # ...while the class's own code still gets in, on either process, every way.
    for n, server in enumerate((a, b)):
        info = await call(server, "GET", f"/api/join/{code}", source=SCHOOL)
        assert info.status_code == 200, info.text
        seat = await join(server, code, f"student{n}")
        assert seat.status_code == 201, seat.text
        me = await call(server, "GET", f"/api/join/{code}/me", source=SCHOOL,
                        cookies={f"ct_seat_{code}": seat.json()["token"]})
        assert me.status_code == 200 and me.json()["nickname"] == f"student{n}", me.text
        resumed = await call(server, "POST", f"/api/join/{code}/resume", source=SCHOOL,
                             body={"token": seat.json()["token"]})
        assert resumed.status_code == 200, resumed.text
        welcome = await hello_with_game(server, code, SCHOOL)
        assert welcome["type"] == "welcome" and welcome["game"]["code"] == code, welcome

    # A live code this address never used is refused like a wrong one: nothing tells them apart.
    unseen = await call(b, "GET", f"/api/join/{elsewhere['code']}", source=SCHOOL)
    assert unseen.status_code == 429, unseen.text
    # Another address is not slowed by this one.
    other = await call(b, "GET", "/api/join/QQQQQQ", source=ELSEWHERE)
    assert code_of(other) == "unknown_code"


@bounded
async def test_the_pages_with_a_code_answer_alike_for_live_and_dead_codes(pair: Pair) -> None:
    game = await new_game(pair.a)
    for page in ("play", "projector", "rejoin"):
        live = await call(pair.b, "GET", f"/{page}/{game['code']}", source=SCHOOL)
        dead = await call(pair.b, "GET", f"/{page}/QQQQQQ", source=SCHOOL)
        assert live.status_code == dead.status_code == 200
        assert live.text.replace(game["code"], "QQQQQQ") == dead.text


async def raw_post(server: Server, path: str, chunks: int = 200,
                   declared: bool = False) -> tuple[int, bytes]:
    """POST a body of ``chunks`` KiB, in chunks without a declared length (or with a
    ``Content-Length``), until the server answers (it stops reading as soon as it knows the
    body is over its cap, and closes); the status and the answer's body."""
    reader, writer = await asyncio.open_connection("127.0.0.1", server.port)
    answer = b""

    async def send() -> None:
        with contextlib.suppress(ConnectionError):
            length = (f"Content-Length: {chunks * 1024}" if declared
                      else "Transfer-Encoding: chunked")
            writer.write(f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
                         f"application/json\r\n{length}\r\nConnection: close\r\n\r\n"
                         .encode())
            for _ in range(chunks):
                if answer:
                    return
                writer.write(b" " * 1024 if declared else b"400\r\n" + b" " * 1024 + b"\r\n")
                await writer.drain()
                await asyncio.sleep(0.002)
            if not declared:
                writer.write(b"0\r\n\r\n")
                await writer.drain()

    sending = asyncio.create_task(send())
    try:
        with contextlib.suppress(ConnectionError):
            while data := await asyncio.wait_for(reader.read(65536), 10):
                answer += data
    finally:
        await sending
        writer.close()
    head, _, body = answer.partition(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    if b"transfer-encoding: chunked" in head.lower():
        size, _, rest = body.partition(b"\r\n")
        body = rest[:int(size, 16)]
    return status, body


# Item 7: limits per seat, across its connections and the processes.


async def seat_sockets(pair: Pair) -> tuple[dict[str, Any], list[ClientConnection]]:
    """A started game and one student's seat, connected once to each server (twice to the
    one server of the one-process setup)."""
    game = await new_game(pair.a)
    started = await call(pair.a, "POST", f"/api/games/{game['game_id']}/actions",
                         source=TEACHER, key=game["instructor_key"],
                         body={"action": {"kind": "start"}})
    assert started.status_code == 200, started.text
    seat = (await join(pair.a, game["code"], "ada", "EST")).json()
    sockets = []
    for server in (pair.a, pair.b):
        ws = await open_ws(server, SCHOOL)
        welcome = await first_answer(ws, {"type": "hello", "token": seat["token"]})
        assert welcome["type"] == "welcome", welcome
        sockets.append(ws)
    return game, sockets


async def read_for(ws: ClientConnection, seconds: float) -> list[dict[str, Any]]:
    """The frames a socket receives in the next ``seconds``."""
    frames: list[dict[str, Any]] = []
    deadline = time.monotonic() + seconds
    while (left := deadline - time.monotonic()) > 0:
        try:
            frames.append(json.loads(await asyncio.wait_for(ws.recv(), left)))
        except TimeoutError:
            break
    return frames


async def burst(sockets: list[ClientConnection], frames: list[dict[str, Any]],
                settle: float = 3.0) -> tuple[list[dict[str, Any]], float]:
    """Send every frame on every socket at once; what came back, and how long the sending
    took (the limits refill meanwhile)."""
    start = time.monotonic()
    await asyncio.gather(*(ws.send(json.dumps(f)) for ws in sockets for f in frames))
    sent = time.monotonic() - start
    answers = await asyncio.gather(*(read_for(ws, settle) for ws in sockets))
    return [f for got in answers for f in got], sent


@bounded
async def test_a_seats_actions_are_limited_across_its_connections_and_the_processes(
        pair: Pair) -> None:
    _, sockets = await seat_sockets(pair)
    each = 30  # 60 in all: three times the burst of 20
    frames = [{"type": "act", "client_id": f"c{n}",
               "action": {"kind": "vote", "draft": "no-such-draft", "vote": "yes"}}
              for n in range(each)]
    start = time.monotonic()
    got, _ = await burst(sockets, frames)
    answers = [f for f in got if f["type"] in ("ack", "error") and f.get("client_id")]
    assert len(answers) == 2 * each, answers[-5:]
    limited = [f for f in answers if f["type"] == "error" and f["code"] == "rate_limited"]
    decided = len(answers) - len(limited)
    elapsed = time.monotonic() - start
    # 10 a second with bursts of 20 for the seat, not for each connection.
    assert decided <= 20 + 10 * elapsed + 1, (decided, elapsed)
    assert len(limited) >= 2 * each - (20 + 10 * elapsed + 1)
    for ws in sockets:
        await ws.close()


@bounded
async def test_sync_and_ping_are_limited_per_seat_with_a_code(pair: Pair) -> None:
    _, sockets = await seat_sockets(pair)
    start = time.monotonic()
    got, _ = await burst(sockets, [{"type": "sync"}] * 8, settle=2.0)
    views = [f for f in got if f["type"] == "view"]
    limited = [f for f in got if f["type"] == "error" and f["code"] == "rate_limited"]
    elapsed = time.monotonic() - start
    assert len(views) + len(limited) == 16, got[-3:]
    assert len(views) <= 5 + 1 * elapsed + 1, (len(views), elapsed)  # 1 a second, bursts of 5

    start = time.monotonic()
    got, _ = await burst(sockets, [{"type": "ping", "t": 1}] * 15, settle=2.0)
    pongs = [f for f in got if f["type"] == "pong"]
    limited = [f for f in got if f["type"] == "error" and f["code"] == "rate_limited"]
    elapsed = time.monotonic() - start
    assert len(pongs) + len(limited) == 30, got[-3:]
    assert len(pongs) <= 10 + 2 * elapsed + 1, (len(pongs), elapsed)  # 2 a second, bursts of 10
    for ws in sockets:
        await ws.close()


@bounded
async def test_request_bodies_over_the_cap_get_413_with_a_code(pair: Pair) -> None:
    game = await new_game(pair.a)
    big = {"nickname": "x" * 70_000}
    whole = await call(pair.b, "POST", f"/api/join/{game['code']}", source=SCHOOL, body=big)
    assert whole.status_code == 413 and code_of(whole) == "body_too_large", whole.text

    for path, kib, declared in ((f"/api/join/{game['code']}", 100, False),
                                (f"/api/join/{game['code']}", 100, True),
                                ("/api/games", 1100, False), ("/api/games", 1100, True)):
        status, body = await raw_post(pair.b, path, kib, declared)
        assert status == 413, (path, kib, declared, status, body)
        assert json.loads(body)["error"]["code"] == "body_too_large", body


# Item 2: after the game, and late in a team, a seat reads no earlier team or private talk.

SECRETS = ("EST-TEAM-SECRET", "BALTIC-SECRET")


async def act_as(server: Server, game: dict[str, Any], action: dict[str, Any]) -> None:
    response = await call(server, "POST", f"/api/games/{game['game_id']}/actions",
                          source=TEACHER, key=game["instructor_key"], body={"action": action})
    assert response.status_code == 200, (action, response.text)


async def talk_in_secret(pair: Pair) -> tuple[dict[str, Any], dict[str, Any]]:
    """A started game in which Estonia's first student spoke in its team channel and in a
    private channel with Latvia; the game and that student's seat."""
    game = await new_game(pair.a)
    await act_as(pair.a, game, {"kind": "start"})
    first = (await join(pair.a, game["code"], "ada", "EST")).json()
    ws = await open_ws(pair.a, SCHOOL)
    try:
        assert (await first_answer(ws, {"type": "hello", "token": first["token"]}))["type"] \
            == "welcome"
        for n, action in enumerate(({"kind": "say", "channel": "team:EST", "text": SECRETS[0]},
                                    {"kind": "open_channel", "members": ["LVA"],
                                     "channel": "baltic"},
                                    {"kind": "say", "channel": "baltic", "text": SECRETS[1]})):
            await ws.send(json.dumps({"type": "act", "client_id": f"s{n}", "action": action}))
            while True:
                frame = json.loads(await asyncio.wait_for(ws.recv(), 10))
                if frame.get("client_id") == f"s{n}":
                    assert frame["type"] == "ack", frame
                    break
    finally:
        await ws.close()
    return game, first


def reads_all(seen: str) -> bool:
    return all(secret in seen for secret in SECRETS)


def reads_none(seen: str) -> bool:
    return not any(secret in seen for secret in SECRETS)


async def everything_a_seat_reads(server: Server, game: dict[str, Any], token: str,
                                  *, review: bool = False) -> str:
    """All a seat's token gets: its welcome after hello with last_seq 0 (the missed events
    replayed), a fresh view (sync), and, after the game, its replay at the last moment."""
    ws = await open_ws(server, SCHOOL)
    try:
        welcome = await first_answer(ws, {"type": "hello", "token": token, "last_seq": 0})
        assert welcome["type"] == "welcome", welcome
        missed = await read_for(ws, 1.5)
        assert len([f for f in missed if f["type"] == "event"]) == welcome["missed"]
        await ws.send(json.dumps({"type": "sync"}))
        view = [f for f in await read_for(ws, 1.5) if f["type"] == "view"]
        assert view, "no view after sync"
        seen = json.dumps([welcome, missed, view])
    finally:
        await ws.close()
    # A browser's connection (views kept up to date) and its pages of earlier messages.
    ws = await open_ws(server, SCHOOL)
    try:
        welcome = await first_answer(ws, {"type": "hello", "token": token, "views": True})
        assert welcome["type"] == "welcome", welcome
        for channel in ("team:EST", "baltic"):
            await ws.send(json.dumps({"type": "history", "channel": channel}))
        pages = await read_for(ws, 1.5)
        assert len([f for f in pages if f["type"] == "history"]) == 2, pages[-3:]
        seen += json.dumps([welcome, pages])
    finally:
        await ws.close()
    if review:
        replay = await call(server, "GET", f"/api/games/{game['game_id']}/review/state"
                            f"?seq=100000&viewer={welcome['seat']['country']}",
                            source=SCHOOL, cookies={f"ct_seat_{game['code']}": token})
        assert replay.status_code == 200, replay.text
        summary = await call(server, "GET", f"/api/games/{game['game_id']}/review",
                             source=SCHOOL, cookies={f"ct_seat_{game['code']}": token})
        assert summary.status_code == 200, summary.text
        seen += replay.text + summary.text
    return seen


@bounded
async def test_an_ended_game_takes_no_new_seat_and_a_seat_moved_in_after_reads_no_team_talk(
        pair: Pair) -> None:
    game, first = await talk_in_secret(pair)
    pol = (await join(pair.b, game["code"], "pia", "POL")).json()
    await act_as(pair.b, game, {"kind": "end"})
    for server in pair.servers:
        for role in ("student", "observer", "projector"):
            late = await call(server, "POST", f"/api/join/{game['code']}", source=SCHOOL,
                              body={"nickname": f"late-{role}", "country": "EST", "role": role})
            assert late.status_code == 409 and code_of(late) == "game_over", late.text
    # The first student still reads it all; the instructor moves Pia to Estonia: she does not.
    assert reads_all(await everything_a_seat_reads(pair.b, game, first["token"], review=True))
    moved = await call(pair.a, "POST", f"/api/games/{game['game_id']}/seats/{pol['seat_id']}/move",
                       source=TEACHER, key=game["instructor_key"], body={"country": "EST"})
    assert moved.status_code == 200, moved.text
    for server in pair.servers:
        seen = await everything_a_seat_reads(server, game, pol["token"], review=True)
        assert '"country":"EST"' in seen.replace(" ", "")
        assert reads_none(seen), seen[:2000]


@bounded
async def test_a_late_team_mate_reads_the_teams_talk_only_if_the_instructor_allows_it(
        pair: Pair) -> None:
    game, first = await talk_in_secret(pair)
    options = f"/api/games/{game['game_id']}/options"

    async def set_rule(value: bool | None) -> None:
        response = await call(pair.b, "PATCH", options, source=TEACHER,
                              key=game["instructor_key"],
                              body={"new_teammates_read_history": value})
        assert response.status_code == 200, response.text
        assert response.json()["new_teammates_read_history"] is value

    # By default, in the game's first minutes, a new team-mate reads the team's history.
    early = (await join(pair.b, game["code"], "ben", "EST")).json()
    assert reads_all(await everything_a_seat_reads(pair.b, game, early["token"]))
    # The instructor closes it: the next one reads nothing said before it sat down...
    await set_rule(False)
    late = (await join(pair.b, game["code"], "cy", "EST")).json()
    for server in pair.servers:
        assert reads_none(await everything_a_seat_reads(server, game, late["token"]))
    # ...but what its team says from then on.
    ws = await open_ws(pair.a, SCHOOL)
    await first_answer(ws, {"type": "hello", "token": first["token"]})
    await ws.send(json.dumps({"type": "act", "client_id": "after",
                              "action": {"kind": "say", "channel": "team:EST",
                                         "text": "WELCOME-CY"}}))
    await read_for(ws, 1.0)
    await ws.close()
    assert "WELCOME-CY" in await everything_a_seat_reads(pair.b, game, late["token"])
    # A student of a country nobody played yet reads all of its (empty) team channel and the
    # private channels others opened with it.
    lva = (await join(pair.b, game["code"], "dan", "LVA")).json()
    assert SECRETS[1] in await everything_a_seat_reads(pair.a, game, lva["token"])
    # The instructor opens it again: the next team-mate reads the whole history.
    await set_rule(True)
    again = (await join(pair.a, game["code"], "eve", "EST")).json()
    assert reads_all(await everything_a_seat_reads(pair.b, game, again["token"]))
    # After the game, each seat's replay keeps to what it read.
    await act_as(pair.a, game, {"kind": "end"})
    seen = await everything_a_seat_reads(pair.b, game, late["token"], review=True)
    assert "WELCOME-CY" in seen and reads_none(seen)


# Item 5: deleted means deleted, forks included.

NICK = "Zoe-Nick-7Q"
WORDS = "Zoe-words-4K"


async def played_with_words(pair: Pair) -> dict[str, Any]:
    """A started game in which a student said things in public and in her team."""
    game = await new_game(pair.a)
    await act_as(pair.a, game, {"kind": "start"})
    seat = (await join(pair.a, game["code"], NICK, "EST")).json()
    ws = await open_ws(pair.b, SCHOOL)
    try:
        await first_answer(ws, {"type": "hello", "token": seat["token"]})
        for n, channel in enumerate(("public", "team:EST")):
            await ws.send(json.dumps({"type": "act", "client_id": f"w{n}", "action": {
                "kind": "say", "channel": channel, "text": f"{WORDS} in {channel}"}}))
            while (frame := json.loads(await asyncio.wait_for(ws.recv(), 10))).get(
                    "client_id") != f"w{n}":
                pass
            assert frame["type"] == "ack", frame
    finally:
        await ws.close()
    return game


async def fork(server: Server, game: dict[str, Any], key: str, **body: Any) -> dict[str, Any]:
    response = await call(server, "POST", f"/api/games/{game['game_id']}/fork", source=TEACHER,
                          key=key, body={"seq": 100000, **body})
    assert response.status_code == 201, response.text
    made: dict[str, Any] = response.json()
    return made


async def everything_of(server: Server, game: dict[str, Any]) -> tuple[int, str]:
    """What a game's own key reads of it (its record, log, all-seeing view and replay): 200
    if every one answered, else the first refusal; all the answers."""
    texts = []
    statuses = []
    for path in ("", "/record", "/events", "/view", "/review"):
        response = await call(server, "GET", f"/api/games/{game['game_id']}{path}",
                              source=TEACHER, key=game["instructor_key"])
        statuses.append(response.status_code)
        texts.append(response.text)
    refusals = [s for s in statuses if s != 200]
    return (refusals[0] if refusals else 200), "".join(texts)


@bounded
async def test_deleting_a_game_deletes_its_own_forks_and_one_given_away_never_held_its_data(
        pair: Pair) -> None:
    game = await played_with_words(pair)
    own = await fork(pair.a, game, game["instructor_key"])
    own_of_own = await fork(pair.b, own, game["instructor_key"])  # the original's key opens it
    given = await fork(pair.b, game, game["instructor_key"], for_another_teacher=True)
    assert given["personal_data_removed"] is True
    for made in (own, own_of_own):
        status, text = await everything_of(pair.b, made)
        assert status == 200 and WORDS in text, text[:500]
    # The copy for another teacher holds the game, not the students' words or nicknames...
    status, text = await everything_of(pair.a, given)
    assert status == 200 and WORDS not in text and NICK not in text, text[:2000]
    assert '"personal_data_removed":true' in text.replace(" ", "")
    # ...and the original's key does not open it.
    refused = await call(pair.a, "GET", f"/api/games/{given['game_id']}/review", source=TEACHER,
                         key=game["instructor_key"])
    assert refused.status_code == 403, refused.text

    deleted = await call(pair.b, "DELETE", f"/api/games/{game['game_id']}", source=TEACHER,
                         key=game["instructor_key"])
    assert deleted.status_code == 204, deleted.text
    gone = [game, own, own_of_own]
    for server in pair.servers:
        for made in gone:
            status, text = await everything_of(server, made)
            assert status in (403, 404) and WORDS not in text, (made["game_id"], text[:300])
            assert '"game_id"' not in text, text[:300]
            code = await call(server, "GET", f"/api/join/{made['code']}", source=TEACHER)
            assert code.status_code == 404, code.text
        status, text = await everything_of(server, given)
        assert status == 200 and WORDS not in text and NICK not in text
    if pair.a is pair.b:  # SQLite: neither the file nor its write-ahead log keeps them
        for path in pair.a.workdir.glob("crisis-table.db*"):
            data = path.read_bytes()
            assert WORDS.encode() not in data and NICK.encode() not in data, path


@bounded
async def test_the_retention_purge_treats_a_fork_like_a_game(tmp_path: Path) -> None:
    import sqlite3

    server = Server(tmp_path, env={**TRUST, "CRISIS_TABLE_PURGE_AFTER_DAYS": "30"})
    await server.start()
    pair = Pair(server, server)
    try:
        game = await played_with_words(pair)
        paused = await fork(server, game, game["instructor_key"], for_another_teacher=True)
        kept = await fork(server, game, game["instructor_key"], for_another_teacher=True)
        ended = await new_game(server)
        await act_as(server, ended, {"kind": "start"})
        await act_as(server, ended, {"kind": "end"})
    finally:
        await server.stop()
    # Forty days pass for the paused fork (never ended) and the ended game; the original
    # and the other fork were in use yesterday.
    long_ago, yesterday = time.time() - 40 * 86400, time.time() - 86400
    with sqlite3.connect(server.database) as db:
        for made, moment in ((paused, long_ago), (ended, long_ago), (game, yesterday),
                             (kept, yesterday)):
            db.execute("UPDATE games SET created_at = ? WHERE id = ?", (moment, made["game_id"]))
            db.execute("UPDATE actions SET at = ? WHERE game_id = ?", (moment, made["game_id"]))
            db.execute("UPDATE seats SET created_at = ? WHERE game_id = ?",
                       (moment, made["game_id"]))
        db.execute("UPDATE games SET ended_at = ? WHERE id = ?", (long_ago, ended["game_id"]))
    await server.start()  # the purge runs at start-up, then hourly
    try:
        for made, purged in ((paused, True), (ended, True), (game, False), (kept, False)):
            status, text = await everything_of(server, made)
            assert (status != 200) is purged, (made["game_id"], text[:300])
    finally:
        await server.stop()


# Item 8: links from the configured public address, never from the request's Host header.


@bounded
async def test_the_links_handed_out_come_from_the_public_url_not_the_host_header(
        tmp_path: Path) -> None:
    public = "https://crisis.school.example"
    server = Server(tmp_path, env={"CRISIS_TABLE_PUBLIC_URL": public})
    await server.start()
    try:
        async with server.http() as client:
            headers = {"Host": "evil.example", "X-Forwarded-Host": "evil.example"}
            created = (await client.post("/api/games", json={"scenario": scenario()},
                                         headers=headers)).json()
            seat = (await client.post(f"/api/join/{created['code']}", headers=headers,
                                      json={"nickname": "ada"})).json()
            auth = {**headers, "Authorization": f"Bearer {created['instructor_key']}"}
            reset = (await client.post(f"/api/games/{created['game_id']}/seats/"
                                       f"{seat['seat_id']}/reset", headers=auth)).json()
            forked = (await client.post(f"/api/games/{created['game_id']}/fork", headers=auth,
                                        json={"seq": 0})).json()
        links = [created["instructor_url"], created["join_url"], created["projector_url"],
                 reset["rejoin_url"], forked["instructor_url"], forked["compare_url"]]
        assert all(link.startswith(public + "/") for link in links), links
        assert not any("evil" in link for link in links)
    finally:
        await server.stop()
    # Without a public URL: this server's own address (it listens on 127.0.0.1), still never
    # the Host header.
    server = Server(tmp_path)
    await server.start()
    try:
        async with server.http() as client:
            created = (await client.post("/api/games", json={"scenario": scenario()},
                                         headers={"Host": "evil.example"})).json()
        assert created["instructor_url"].startswith(f"{server.url}/instructor/"), created
        # And, with no proxy configured, X-Forwarded-For names nobody: a guesser cannot
        # spread its wrong codes over made-up addresses.
        answers = [(await call(server, "GET", f"/api/join/WRONG{n:02d}",
                               source=f"192.0.2.{n}")).status_code
                   for n in range(FAILURES + WHILE_SLOWED + 2)]
        assert answers[-2:] == [429, 429], answers
    finally:
        await server.stop()
