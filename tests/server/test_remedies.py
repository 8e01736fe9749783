"""A teacher's remedies hold on every process, at once (docs/security.md, "Remedies").

Real ``crisis-table serve`` processes and real websockets: one process on SQLite,
and three processes on the machine's PostgreSQL (a fresh database) and Redis
(127.0.0.1:6379; every key and channel is under the test's own game ids). The
sockets of the class sit on processes B and C; every remedy is asked on A:

- resetting a seat and removing one close the seat's socket within a second with
  4401, and the old token is refused (``bad_token``, 404 ``no_seat``) on every
  process, by the websocket and by the HTTP API;
- handing a country to its caretaker tells its student's socket why
  (``with_caretaker``) and closes it within a second with 4401, and the old token is
  refused on every process like a removed seat's; the instructor still acts for the
  country; the student joins again with the code, which takes the country back, and
  acts;
- deleting the game closes every socket within a second with 4404; then no process
  knows the game: no ``hello``, no view, no action, no join, and no process holds it
  in memory (``games_live`` of ``/healthz``).

Then the bound on games in memory (``CRISIS_TABLE_MAX_LIVE_GAMES``): three games
played at once through a process that may hold two; their sockets are told to
reconnect (1012) when their game is unloaded, reconnect, send again what was not
acknowledged, and every acknowledged action is in its game's record exactly once.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

from server.app import create_app
from server.settings import Settings
from tests.server.realserver import Seat, Server, gather_all, matching, scenario, within

bounded = within(240.0)
START = 90.0
"""Seconds a server may take to start (on a busy machine, three at once)."""
PROMPT = 1.0
"""A remedy reaches every process's sockets within this many seconds."""
COUNTRIES = ["EST", "LVA", "POL", "DEU", "USA"]
MACHINE_REDIS = "redis://127.0.0.1:6379/0"


class Class:
    """A game, its students and its instructor, each connected to one of the processes."""

    def __init__(self, servers: dict[str, Server], home: dict[str, str]) -> None:
        self.servers = servers
        self.home = home
        self.game: dict[str, Any] = {}
        self.joined: dict[str, dict[str, Any]] = {}
        self.seats: dict[str, Seat] = {}

    @property
    def ask(self) -> Server:
        """Where the instructor asks for the remedies."""
        return self.servers["A"]

    @property
    def key(self) -> str:
        return str(self.game["instructor_key"])

    def path(self, tail: str = "") -> str:
        return f"/api/games/{self.game['game_id']}{tail}"

    async def open(self) -> None:
        self.game = await self.ask.create_game(scenario())
        for country in COUNTRIES:
            self.joined[country] = await self.ask.join(self.game["code"], f"Delegate of {country}",
                                                       country)
            self.seats[country] = Seat(country, self.joined[country]["token"], country)
        self.seats["instructor"] = Seat("instructor", self.key)
        await gather_all(*(seat.join(self.servers[self.home[name]], last_seq=0)
                           for name, seat in self.seats.items()))
        assert (await self.ask.instructor_act(self.game, {"kind": "start"}))["ok"]
        await gather_all(*(s.wait_event("game_started") for s in self.seats.values()))

    async def close(self) -> None:
        for seat in self.seats.values():
            await seat.close()


async def closed_within(seat: Seat, since: float, code: int) -> float:
    """The seat's socket was closed by the server with ``code``; how long after ``since``."""
    await seat.dropped(timeout=10.0)
    took = time.monotonic() - since
    assert seat.close_code == code, (seat.name, seat.close_code, seat.frames[-3:])
    return took


async def refused_everywhere(servers: list[Server], code: str, token: str) -> None:
    """The token opens nothing on any process: ``hello`` gets bad_token, and the HTTP API
    knows no seat for it."""
    for server in servers:
        probe = Seat("probe", token)
        await probe.connect(server)
        try:
            answer = await probe.hello()
            assert answer["type"] == "error" and answer["code"] == "bad_token", (server.name,
                                                                                 answer)
        finally:
            await probe.close()
        async with httpx.AsyncClient(base_url=server.url, trust_env=False, timeout=10) as http:
            me = await http.get(f"/api/join/{code}/me", headers={"Cookie": f"ct_seat_{code}={token}"})
            assert me.status_code == 404 and me.json()["error"]["code"] == "no_seat", me.text
            resume = await http.post(f"/api/join/{code}/resume", json={"token": token})
            assert resume.status_code == 404, resume.text


async def games_live(server: Server) -> int:
    health = await server.request("GET", "/healthz", status=200)
    return int(health["games_live"])


async def remedies_hold(table: Class) -> None:
    servers = list(table.servers.values())
    code, key = table.game["code"], table.key
    timings: dict[str, float] = {}

    # Reset: a new token; the old one stops working everywhere.
    est = table.seats["EST"]
    since = time.monotonic()
    reset = await table.ask.request(
        "POST", table.path(f"/seats/{table.joined['EST']['seat_id']}/reset"), key=key, status=200)
    timings["reset"] = await closed_within(est, since, 4401)
    await refused_everywhere(servers, code, table.joined["EST"]["token"])
    est.token = reset["token"]
    welcome = await est.join(table.servers[table.home["EST"]], last_seq=est.last_seq)
    assert welcome["seat"]["country"] == "EST"

    # Remove: the seat is gone.
    since = time.monotonic()
    await table.ask.request("DELETE", table.path(f"/seats/{table.joined['LVA']['seat_id']}"),
                            key=key, status=200)
    timings["remove"] = await closed_within(table.seats["LVA"], since, 4401)
    await refused_everywhere(servers, code, table.joined["LVA"]["token"])

    # Hand to the caretaker: the seat is closed and its token opens nothing any more; the
    # student joins again with the code, which gives the country back to its players.
    pol = table.seats["POL"]
    since = time.monotonic()
    await table.ask.instructor_act(table.game, {"kind": "set_caretaker", "country": "POL",
                                                "caretaker": True})
    timings["caretaker"] = await closed_within(pol, since, 4401)
    told = [f for f in pol.frames if f["type"] == "error"]
    assert [f["code"] for f in told] == ["with_caretaker"], pol.frames[-3:]
    assert "Poland" in told[0]["message"] and "code" in told[0]["message"], told
    await refused_everywhere(servers, code, table.joined["POL"]["token"])
    assert "POL" in (await table.ask.request("GET", table.path("/view"), key=key,
                                             status=200))["view"]["instructor"]["caretakers"]
    await table.ask.instructor_act(table.game, {"actor": "POL", "kind": "say",
                                                "channel": "public", "text": "Poland waits."})
    home = table.servers[table.home["POL"]]
    again = await home.join(code, "Delegate of POL", "POL")
    pol.token = again["token"]
    await pol.join(home, last_seq=pol.last_seq)
    await pol.ok({"kind": "say", "channel": "public", "text": "Back at the table."})
    await table.seats["DEU"].ok({"kind": "say", "channel": "public", "text": "Welcome back."})
    view = await home.request("GET", table.path("/view"), key=key, status=200)
    assert "POL" not in view["view"]["instructor"]["caretakers"], view["view"]["instructor"]

    # Delete: every socket closed, nothing left of the game anywhere.
    still = [s for name, s in table.seats.items() if name != "LVA"]
    since = time.monotonic()
    await table.ask.request("DELETE", table.path(), key=key, status=204)
    closes = await gather_all(*(closed_within(s, since, 4404) for s in still))
    timings["delete"] = max(closes)
    for server in servers:
        for token in [key, reset["token"], table.joined["DEU"]["token"]]:
            probe = Seat("probe", token)
            await probe.connect(server)
            answer = await probe.hello()
            await probe.close()
            assert answer["type"] == "error" and answer["code"] == "bad_token", answer
        watcher = Seat("watcher", None, code=code)
        await watcher.connect(server)
        answer = await watcher.hello()
        await watcher.close()
        assert answer["type"] == "error" and answer["code"] == "bad_token", answer
        for method, tail, body in [("GET", "/view", None), ("GET", "", None),
                                   ("POST", "/actions", {"action": {"kind": "pause"}}),
                                   ("GET", "/record", None)]:
            await server.request(method, table.path(tail), key=key, json_body=body, status=403)
        await server.request("GET", f"/api/join/{code}", status=404)
        assert await games_live(server) == 0, server.name
    print(f"remedies on {len(servers)} process(es), seconds from the request to the close: "
          + ", ".join(f"{what} {took:.3f}" for what, took in timings.items()))
    slow = {what: round(took, 3) for what, took in timings.items() if took > PROMPT}
    assert not slow, f"remedies slower than {PROMPT}s: {slow}"


@bounded
async def test_remedies_hold_at_once_on_one_process(tmp_path: Path) -> None:
    server = Server(tmp_path, name="A")
    await server.start(timeout=START)
    table = Class({"A": server}, dict.fromkeys([*COUNTRIES, "instructor"], "A"))
    try:
        await table.open()
        await remedies_hold(table)
    finally:
        await table.close()
        await server.stop()


@pytest.fixture
async def three(tmp_path: Path, postgres_url: str) -> AsyncIterator[dict[str, Server]]:
    servers = {name: Server(tmp_path, database=postgres_url, bus=MACHINE_REDIS, name=name)
               for name in "ABC"}
    try:
        await gather_all(*(s.start(timeout=START) for s in servers.values()))
        yield servers
    finally:
        for server in servers.values():
            await server.stop()


@bounded
async def test_remedies_asked_on_one_process_hold_at_once_on_the_others(
        three: dict[str, Server]) -> None:
    """Every socket sits on B or C; every remedy is asked on A."""
    home = {"EST": "B", "LVA": "C", "POL": "B", "DEU": "C", "USA": "B", "instructor": "C"}
    table = Class(three, home)
    try:
        await table.open()
        for name in "BC":  # (A holds the game too: it made it and the remedies go through it)
            assert await games_live(three[name]) == 1
        await remedies_hold(table)
    finally:
        await table.close()


# The bound on games held in memory.


async def play_through_unloads(server: Server, games: list[dict[str, Any]], seats: list[Seat],
                               rounds: int) -> dict[str, int]:
    """Each seat says ``rounds`` things, the seats of every game in turn; a socket closed with
    1012 (its game unloaded) reconnects with its last seq and sends again, under the same
    client id, what was not acknowledged. How many reconnections each seat made."""
    reconnects = dict.fromkeys((s.name for s in seats), 0)
    for i in range(rounds):
        for seat in seats:
            client_id = f"{seat.name}-{i}"
            action = {"kind": "say", "channel": "public", "text": f"{seat.name} says {i}"}
            for _ in range(5):
                if seat.closed:
                    assert seat.close_code == 1012, (seat.name, seat.close_code)
                    await seat.close()
                    reconnects[seat.name] += 1
                    await seat.join(server, last_seq=seat.last_seq)
                mark = await seat.submit(action, client_id)
                try:
                    answer = await seat.answer(client_id, after=mark, timeout=10)
                except AssertionError:
                    if seat.closed:
                        continue  # closed before the answer: send it again once reconnected
                    raise
                assert answer["type"] == "ack", (seat.name, answer)
                break
            else:
                raise AssertionError(f"{seat.name}: {client_id} never acknowledged")
    return reconnects


@bounded
async def test_games_beyond_the_bound_are_unloaded_and_reloaded_without_losing_an_action(
        tmp_path: Path) -> None:
    server = Server(tmp_path, name="A", env={"CRISIS_TABLE_MAX_LIVE_GAMES": "2"})
    await server.start(timeout=START)
    seats: list[Seat] = []
    try:
        games = [await server.create_game(scenario()) for _ in range(3)]
        by_game: dict[str, list[Seat]] = {}
        for n, game in enumerate(games):
            for country in ["EST", "USA"]:
                joined = await server.join(game["code"], f"{country} {n}", country)
                seat = Seat(f"g{n}-{country}", joined["token"], country)
                seats.append(seat)
                by_game.setdefault(game["game_id"], []).append(seat)
            assert (await server.instructor_act(game, {"kind": "start"}))["ok"]
        for seat in seats:
            await seat.join(server, last_seq=0)
            assert await games_live(server) <= 2
        reconnects = await play_through_unloads(server, games, seats, rounds=4)
        assert sum(reconnects.values()) > 0, "no game was unloaded"
        assert await games_live(server) <= 2
        for game in games:
            record = await server.record(game)
            log = await server.events(game)
            for seat in by_game[game["game_id"]]:
                for client_id, ack in seat.first_acks().items():
                    wanted = {**seat.sent[client_id], "actor": seat.country}
                    assert len(matching(record["actions"], wanted)) == 1, (client_id, wanted)
                    assert ack["seq"] <= log[-1]["seq"]
                for ack in seat.acks:  # an action sent again got its first answer
                    assert ack["seq"] == seat.first_acks()[ack["client_id"]]["seq"]
                await seat.wait_seq(log[-1]["seq"])
                assert [f["seq"] for f in seat.stream] == list(range(1, log[-1]["seq"] + 1)), (
                    seat.name)
    finally:
        for seat in seats:
            await seat.close()
        await server.stop()


# The store is the truth: two apps on one SQLite file, each with its own in-process bus, so
# that no announcement crosses between them (as when Redis loses one).


def _app(url: str, **settings: Any) -> TestClient:
    return TestClient(create_app(Settings(database_url=url, **settings)))


def _services(client: TestClient) -> Any:
    return client.app.state.services  # type: ignore[attr-defined]


def _drain_until_closed(ws: Any) -> tuple[int | None, list[dict[str, Any]]]:
    """Read until the server closes the socket: its close code and the frames before. A ping
    goes first: if its pong comes back, the socket was left open (the code is None)."""
    ws.send_json({"type": "ping", "t": "still-open?"})
    frames: list[dict[str, Any]] = []
    try:
        while True:
            frame = ws.receive_json()
            if frame["type"] == "pong" and frame.get("t") == "still-open?":
                return None, frames
            frames.append(frame)
    except WebSocketDisconnect as closed:
        return closed.code, frames


def test_a_seat_changed_elsewhere_acts_no_more_even_when_no_word_of_it_arrives(
        tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{(tmp_path / 'one.db').as_posix()}"
    with _app(url) as a, _app(url) as b:
        game = a.post("/api/games", json={"scenario": scenario()}).json()
        auth = {"Authorization": f"Bearer {game['instructor_key']}"}
        seats = {c: a.post(f"/api/join/{game['code']}",
                           json={"nickname": c, "country": c}).json() for c in ("EST", "LVA")}
        a.cookies.clear()
        assert a.post(f"/api/games/{game['game_id']}/actions", headers=auth,
                      json={"action": {"kind": "start"}}).status_code == 200
        with b.websocket_connect("/ws") as est, b.websocket_connect("/ws") as lva:
            for ws, country in ((est, "EST"), (lva, "LVA")):
                ws.send_json({"type": "hello", "token": seats[country]["token"]})
                assert ws.receive_json()["type"] == "welcome"
            # Reset on A: B hears nothing of it, but the seat's next action reads the store.
            assert a.post(f"/api/games/{game['game_id']}/seats/{seats['EST']['seat_id']}/reset",
                          headers=auth).status_code == 200
            est.send_json({"type": "act", "client_id": "late", "action": {
                "kind": "say", "channel": "public", "text": "Am I still here?"}})
            code, frames = _drain_until_closed(est)
            assert code == 4401
            assert [f["code"] for f in frames if f["type"] == "error"] == ["bad_token"]
            # Removed on A: B finds it out when it next checks the game against the store.
            assert a.delete(f"/api/games/{game['game_id']}/seats/{seats['LVA']['seat_id']}",
                            headers=auth).status_code == 200
            assert b.portal is not None
            b.portal.call(_services(b).games.audit, game["game_id"])
            assert _drain_until_closed(lva)[0] == 4401
        said = [e for e in a.get(f"/api/games/{game['game_id']}/events", headers=auth).json()
                if e["event"]["kind"] == "message_posted"]
        assert said == [], said


def test_a_game_deleted_elsewhere_is_forgotten_when_the_store_says_so(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{(tmp_path / 'one.db').as_posix()}"
    with _app(url) as a, _app(url) as b:
        game = a.post("/api/games", json={"scenario": scenario()}).json()
        auth = {"Authorization": f"Bearer {game['instructor_key']}"}
        seat = a.post(f"/api/join/{game['code']}", json={"nickname": "Ada",
                                                        "country": "EST"}).json()
        a.cookies.clear()
        assert b.post(f"/api/games/{game['game_id']}/actions", headers=auth,
                      json={"action": {"kind": "start"}}).status_code == 200
        assert b.get(f"/api/games/{game['game_id']}/review", headers=auth).status_code == 200
        services = _services(b)
        with b.websocket_connect("/ws") as ws:
            ws.send_json({"type": "hello", "token": seat["token"]})
            assert ws.receive_json()["type"] == "welcome"
            assert services.seats.presence.online.get(game["game_id"])
            assert a.delete(f"/api/games/{game['game_id']}", headers=auth).status_code == 204
            assert game["game_id"] in services.games.hubs  # no word reached B
            assert b.portal is not None
            b.portal.call(services.games.audit, game["game_id"])
            assert _drain_until_closed(ws)[0] == 4404
        assert game["game_id"] not in services.games.hubs
        assert game["game_id"] not in services.seats.presence.online
        assert game["game_id"] not in services.review._timelines
        assert game["game_id"] not in services.games.live._opening
        assert not services.games._scenarios  # (no game is live: no parsed scenario is kept)
        assert b.get(f"/api/games/{game['game_id']}/view", headers=auth).status_code == 403
        assert b.get("/healthz").json()["games_live"] == 0


def test_the_least_recently_used_games_are_unloaded_idle_ones_first(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{(tmp_path / 'one.db').as_posix()}"
    with _app(url, max_live_games=2) as client:
        games = [client.post("/api/games", json={"scenario": scenario()}).json()
                 for _ in range(4)]
        services = _services(client)
        assert client.portal is not None
        seat, other = (client.post(f"/api/join/{game['code']}", json={
            "nickname": "Ada", "country": "EST"}).json() for game in (games[0], games[3]))
        client.cookies.clear()
        with client.websocket_connect("/ws") as ws:
            ws.send_json({"type": "hello", "token": seat["token"]})
            assert ws.receive_json()["type"] == "welcome"
            for game in games[1:]:  # each newer one unloads the idle one before it
                client.portal.call(services.games.hub, game["game_id"])
                assert set(services.games.hubs) == {games[0]["game_id"], game["game_id"]}
            with client.websocket_connect("/ws") as later:
                later.send_json({"type": "hello", "token": other["token"]})
                assert later.receive_json()["type"] == "welcome"
                # Both games held have connections: the least recently used goes, and its
                # sockets are told to connect again.
                client.portal.call(services.games.hub, games[1]["game_id"])
                assert set(services.games.hubs) == {games[1]["game_id"], games[3]["game_id"]}
                assert _drain_until_closed(ws)[0] == 1012
        with client.websocket_connect("/ws") as ws:  # and the game comes back from the store
            ws.send_json({"type": "hello", "token": seat["token"], "last_seq": 0})
            welcome = ws.receive_json()
            assert welcome["type"] == "welcome" and welcome["seat"]["country"] == "EST"
        assert len(services.games.hubs) == 2 and games[0]["game_id"] in services.games.hubs
