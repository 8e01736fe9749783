"""A real ``crisis-table serve`` process, and websocket clients that play at it.

``Server`` is the harness's server process (``bench.harness``: a free port of
127.0.0.1, its own SQLite file or a given database and bus, ``GET /healthz``
awaited, stopped by its pid only) with the HTTP calls the tests make;
``RedisServer`` is the harness's private redis-server. ``Seat`` is one websocket client: a
reader task keeps every frame it receives, and every wait has a timeout, so
a test fails with what the client saw instead of hanging.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import itertools
import json
from collections.abc import Awaitable, Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

import httpx
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

from bench.harness import (
    HOST,
    ROOT,
    RedisServer,
    ServerFailed,
    ServerProcess,
    free_port,
    serve_command,
    server_env,
)

__all__ = ["HOST", "ROOT", "RedisServer", "Seat", "Server", "ServerFailed", "free_port", "scenario"]

WAIT = 10.0
"""The default bound of every wait, in seconds."""

HIDDEN = {"kind": "hidden"}

P5 = ["CHN", "FRA", "GBR", "RUS", "USA"]
ELECTED_2022 = ["ALB", "BRA", "GAB", "GHA", "IND", "IRL", "KEN", "MEX", "NOR", "ARE"]
COUNCIL_2022 = [*P5, *ELECTED_2022]
ALLIES = ["USA", "GBR", "FRA", "NOR", "ALB", "EST", "LVA", "LTU", "POL", "DEU"]


def scenario(silence_seconds: int = 3) -> dict[str, Any]:
    """The Security Council of 2022 (Russia presiding) and a North Atlantic Council of ten."""
    return {
        "id": "real-server-2022",
        "title": "Estonia, 2022",
        "year": 2022,
        "rounds": 0,
        "countries": [*COUNCIL_2022, "EST", "LVA", "LTU", "POL", "DEU"],
        "bodies": {
            "UNSC": {"permanent": P5, "elected": ELECTED_2022, "president": "RUS"},
            "NAC": {"members": ALLIES, "silence_seconds": silence_seconds},
        },
        "incidents": [{"id": "inc-est", "target": "EST", "attacker": "RUS",
                       "kind": "armed_attack", "in_treaty_area": True}],
    }


class Server(ServerProcess):
    """``crisis-table serve`` as a child process, on one port and one database (its own
    SQLite file unless given one), with the HTTP calls the tests make."""

    def __init__(self, workdir: Path, port: int | None = None, *, database: str | None = None,
                 bus: str | None = None, name: str = "server",
                 env: dict[str, str] | None = None) -> None:
        self.database = workdir / "crisis-table.db"
        self.database_url = database or f"sqlite+aiosqlite:///{self.database}"
        self.bus = bus
        port = port or free_port()
        settings = server_env(workdir)
        settings.update(env or {})  # more settings (``CRISIS_TABLE_...`` variables)
        super().__init__(name, workdir, serve_command(port, self.database_url, bus), port,
                         settings)

    async def crash(self) -> None:
        """kill -9: no shutdown, no flush, nothing but what is already committed."""
        self.kill()

    # HTTP.

    def http(self, timeout: float = WAIT) -> httpx.AsyncClient:
        return httpx.AsyncClient(base_url=self.url, timeout=timeout, trust_env=False)

    async def request(self, method: str, path: str, *, key: str | None = None,
                      json_body: Any = None, status: int | None = None) -> Any:
        headers = {"Authorization": f"Bearer {key}"} if key else {}
        async with self.http() as client:
            response = await client.request(method, path, json=json_body, headers=headers)
        if status is not None:
            assert response.status_code == status, (method, path, response.status_code,
                                                    response.text)
        return response.json() if response.content else None

    async def create_game(self, scenario_ref: Any) -> dict[str, Any]:
        created: dict[str, Any] = await self.request(
            "POST", "/api/games", json_body={"scenario": scenario_ref}, status=201)
        return created

    async def join(self, code: str, nickname: str, country: str) -> dict[str, Any]:
        seat = await self.request("POST", f"/api/join/{code}",
                                  json_body={"nickname": nickname, "country": country},
                                  status=201)
        assert seat["country"] == country, seat
        joined: dict[str, Any] = seat
        return joined

    async def instructor_act(self, game: dict[str, Any], action: dict[str, Any]) -> dict[str, Any]:
        result: dict[str, Any] = await self.request(
            "POST", f"/api/games/{game['game_id']}/actions", key=game["instructor_key"],
            json_body={"action": action}, status=200)
        return result

    async def record(self, game: dict[str, Any]) -> dict[str, Any]:
        record: dict[str, Any] = await self.request(
            "GET", f"/api/games/{game['game_id']}/record", key=game["instructor_key"],
            status=200)
        return record

    async def events(self, game: dict[str, Any], after: int = 0) -> list[dict[str, Any]]:
        """The event log, all-seeing: [{seq, action, event}]."""
        rows: list[dict[str, Any]] = await self.request(
            "GET", f"/api/games/{game['game_id']}/events?after={after}",
            key=game["instructor_key"], status=200)
        return rows


_ids = itertools.count(1)


class Seat:
    """One websocket client, for one seat (or the instructor), across reconnections.

    ``frames`` holds the frames of the current connection, ``stream`` every event
    frame received on any connection, in order of arrival.
    """

    def __init__(self, name: str, token: str | None, country: str | None = None, *,
                 code: str | None = None) -> None:
        self.name = name
        self.token = token
        """A seat token or the instructor key."""
        self.code = code
        """Without a token: the join code, to watch as the public (the projector)."""
        self.country = country
        self.ws: ClientConnection | None = None
        self.frames: list[dict[str, Any]] = []
        self.stream: list[dict[str, Any]] = []
        self.welcomes: list[dict[str, Any]] = []
        self.closed = True
        self.close_code: int | None = None
        """How the last connection was closed (None: no close frame, as after a crash)."""
        self._reader: asyncio.Task[None] | None = None
        self._cond = asyncio.Condition()
        self.sent: dict[str, dict[str, Any]] = {}
        """client_id -> the action sent with it."""
        self.acks: list[dict[str, Any]] = []
        """Every ack this seat received, on any connection."""

    # The connection.

    async def connect(self, server: Server, timeout: float = WAIT) -> None:
        assert self.closed, "still connected"
        self.ws = await asyncio.wait_for(
            connect(server.ws_url, proxy=None, open_timeout=timeout, close_timeout=2,
                    max_size=2**24, ping_interval=None), timeout)
        self.frames = []
        self.closed = False
        self._reader = asyncio.create_task(self._read(self.ws), name=f"reader-{self.name}")

    async def _read(self, ws: ClientConnection) -> None:
        try:
            async for raw in ws:
                frame = json.loads(raw)
                async with self._cond:
                    self.frames.append(frame)
                    if frame.get("type") == "event":
                        self.stream.append(frame)
                    elif frame.get("type") == "ack":
                        self.acks.append(frame)
                    self._cond.notify_all()
        except ConnectionClosed:
            pass
        finally:
            async with self._cond:
                self.closed = True
                self.close_code = ws.close_code
                self._cond.notify_all()

    async def close(self) -> None:
        if self.ws is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self.ws.close(), 5)
        if self._reader is not None:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._reader, 5)
            self._reader = None
        self.ws = None
        self.closed = True

    async def dropped(self, timeout: float = WAIT) -> None:
        """Wait until the server's side went away (after a crash), then let the socket go."""
        async with asyncio.timeout(timeout):
            async with self._cond:
                await self._cond.wait_for(lambda: self.closed)
        await self.close()

    # Frames.

    async def send_text(self, text: str | bytes) -> int:
        """Send a raw frame; the index in ``frames`` from which its answer will be."""
        assert self.ws is not None
        mark = len(self.frames)
        await self.ws.send(text)
        return mark

    async def send(self, frame: dict[str, Any]) -> int:
        return await self.send_text(json.dumps(frame))

    async def wait_frame(self, match: Callable[[dict[str, Any]], bool], *, after: int = 0,
                         timeout: float = WAIT, what: str = "a frame") -> dict[str, Any]:
        """The first frame of this connection from index ``after`` that matches."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        async with self._cond:
            while True:
                for frame in self.frames[after:]:
                    if match(frame):
                        return frame
                remaining = deadline - loop.time()
                if self.closed or remaining <= 0:
                    why = "the connection closed" if self.closed else f"{timeout}s passed"
                    raise AssertionError(f"{self.name}: {why} while waiting for {what}; "
                                         f"last frames: {self.frames[-5:]}")
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(remaining):
                        await self._cond.wait()

    async def hello(self, *, last_seq: int | None = None, token: str | None = None,
                    game: str | None = None, timeout: float = WAIT) -> dict[str, Any]:
        """Say hello; the welcome (or the error) that answers it."""
        frame: dict[str, Any] = {"type": "hello"}
        if token or self.token:
            frame["token"] = token or self.token
        elif game or self.code:
            frame["game"] = game or self.code
        if last_seq is not None:
            frame["last_seq"] = last_seq
        mark = await self.send(frame)
        answer = await self.wait_frame(lambda f: f["type"] in ("welcome", "error"), after=mark,
                                       timeout=timeout, what="the welcome")
        if answer["type"] == "welcome":
            self.welcomes.append(answer)
        return answer

    async def join(self, server: Server, *, last_seq: int | None = None) -> dict[str, Any]:
        """Connect and say hello; the welcome, which must come first."""
        await self.connect(server)
        welcome = await self.hello(last_seq=last_seq)
        assert welcome["type"] == "welcome", (self.name, welcome)
        assert self.frames[0] is welcome, (self.name, self.frames[:3])
        return welcome

    async def act(self, action: dict[str, Any], client_id: str | None = None, *,
                  timeout: float = WAIT) -> dict[str, Any]:
        """Send an action; its ack or error."""
        client_id = client_id or f"{self.name}-{next(_ids)}"
        mark = await self.submit(action, client_id)
        return await self.answer(client_id, after=mark, timeout=timeout)

    async def submit(self, action: dict[str, Any], client_id: str) -> int:
        """Send an action without waiting for its answer; the mark to wait from."""
        self.sent[client_id] = action
        return await self.send({"type": "act", "client_id": client_id, "action": action})

    async def answer(self, client_id: str, *, after: int = 0,
                     timeout: float = WAIT) -> dict[str, Any]:
        """The ack or error for ``client_id``, from index ``after`` of this connection."""
        return await self.wait_frame(
            lambda f: f["type"] in ("ack", "error") and f.get("client_id") == client_id,
            after=after, timeout=timeout, what=f"the answer to {client_id}")

    def first_acks(self) -> dict[str, dict[str, Any]]:
        """client_id -> the first ack of it that arrived."""
        out: dict[str, dict[str, Any]] = {}
        for ack in self.acks:
            out.setdefault(ack["client_id"], ack)
        return out

    async def ok(self, action: dict[str, Any], client_id: str | None = None) -> dict[str, Any]:
        """Send an action that must be accepted; its ack."""
        frame = await self.act(action, client_id)
        assert frame["type"] == "ack", (self.name, action, frame)
        return frame

    # The event stream.

    @property
    def last_seq(self) -> int:
        return self.stream[-1]["seq"] if self.stream else 0

    def seen(self, kind: str) -> list[dict[str, Any]]:
        return [f["event"] for f in self.stream if f["event"].get("kind") == kind]

    async def wait_event(self, match: Callable[[dict[str, Any]], bool] | str, *,
                         timeout: float = WAIT) -> dict[str, Any]:
        """An event (on any connection) that matches, or an event kind."""
        test = (lambda e: e.get("kind") == match) if isinstance(match, str) else match
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        async with self._cond:
            while True:
                for frame in self.stream:
                    event: dict[str, Any] = frame["event"]
                    if test(event):
                        return event
                remaining = deadline - loop.time()
                if remaining <= 0:
                    raise AssertionError(f"{self.name}: no event {match!r} within {timeout}s; "
                                         f"kinds seen: {[f['event']['kind'] for f in self.stream]}")
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(remaining):
                        await self._cond.wait()

    async def wait_seq(self, seq: int, *, timeout: float = WAIT) -> None:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        async with self._cond:
            while self.last_seq < seq:
                remaining = deadline - loop.time()
                if remaining <= 0:
                    raise AssertionError(f"{self.name}: at seq {self.last_seq}, not {seq}, "
                                         f"after {timeout}s")
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(remaining):
                        await self._cond.wait()


# Checks.


def assert_continuous(seat: Seat, upto: int) -> None:
    """Every event from 1 to ``upto`` arrived exactly once, in order, and nothing else."""
    seqs = [f["seq"] for f in seat.stream]
    assert seqs == list(range(1, upto + 1)), (
        f"{seat.name}: the stream is not 1..{upto}: "
        f"gaps {sorted(set(range(1, upto + 1)) - set(seqs))[:10]}, "
        f"duplicates {sorted({s for s in seqs if seqs.count(s) > 1})[:10]}, len {len(seqs)}")


def assert_redacted_copy(seat: Seat, log: list[dict[str, Any]]) -> None:
    """Each event the seat got is the logged event itself, or hidden (never anything else)."""
    by_seq = {row["seq"]: row for row in log}
    for frame in seat.stream:
        row = by_seq[frame["seq"]]
        assert frame["action"] == row["action"], (seat.name, frame, row)
        if seat.name == "instructor":
            assert frame["event"] == row["event"], (seat.name, frame, row)
        else:
            assert frame["event"] in (row["event"], HIDDEN), (seat.name, frame, row)


def matching(actions: Iterable[dict[str, Any]], wanted: dict[str, Any]) -> list[dict[str, Any]]:
    """The recorded actions that hold every field of ``wanted``."""
    return [a for a in actions if all(a.get(k) == v for k, v in wanted.items())]


async def gather_all(*aws: Any) -> list[Any]:
    """Run coroutines together; if one fails, the others are cancelled and its error raised."""
    try:
        async with asyncio.TaskGroup() as group:
            tasks = [group.create_task(aw) for aw in aws]
    except BaseExceptionGroup as failed:
        first: BaseException = failed
        while isinstance(first, BaseExceptionGroup):
            first = first.exceptions[0]
        raise first from failed
    return [t.result() for t in tasks]


# What the real-server tests share: the veto of S/2022/155, and a time budget.

DRAFT = "S/2022/155"
VOTES_2022 = {**dict.fromkeys(COUNCIL_2022, "yes"), "RUS": "no", "CHN": "abstain",
              "IND": "abstain", "ARE": "abstain"}
"""11 in favour, Russia against, China, India and the Emirates abstaining: a veto."""

_Fixture = TypeVar("_Fixture")


def within(budget: float) -> Callable[[Callable[[_Fixture], Awaitable[None]]],
                                      Callable[[_Fixture], Awaitable[None]]]:
    """A test decorator: the test fails (and its teardown runs) after ``budget`` seconds."""

    def bounded(test: Callable[[_Fixture], Awaitable[None]]) -> Callable[[_Fixture],
                                                                          Awaitable[None]]:
        @functools.wraps(test)  # (pytest reads the test's own signature: fixtures by name)
        async def run(*args: Any, **kwargs: Any) -> None:
            async with asyncio.timeout(budget):
                await test(*args, **kwargs)

        return run

    return bounded


async def vote(seats: dict[str, Seat], countries: list[str]) -> None:
    """These Council members vote on DRAFT at once, as VOTES_2022 has it."""
    acks = await gather_all(*(seats[c].act({"kind": "vote", "draft": DRAFT,
                                            "vote": VOTES_2022[c]})
                              for c in countries))
    for country, ack in zip(countries, acks, strict=True):
        assert ack["type"] == "ack" and not ack["duplicate"], (country, ack)
