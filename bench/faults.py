"""The fault campaign: server processes killed with SIGKILL again and again, under load
from clients that reconnect and resend until answered. Then: was anything lost,
doubled, skipped or forked?

    .venv/bin/python -m bench.faults --short                  # ~20 s, a few kills (the test suite's)
    .venv/bin/python -m bench.faults --processes 2 \\
        --database postgresql+asyncpg://postgres@127.0.0.1:5432/test --kills 25 --duration 180

One invocation (everything on 127.0.0.1, every wait bounded, only the processes it
started are stopped, by their pid):

1. the database: a SQLite file in a temporary folder (``--database PATH`` for another
   file), or, for a ``postgresql`` URL, a fresh database created on that server (named
   ``ct_faults_<random>``, dropped at the end unless ``--keep``); with more than one
   process, a private ``redis-server`` on a free port is the bus;
2. ``--processes`` ``crisis-table serve`` processes, each on its own port;
3. ``--games`` games of an inline scenario (the 2025 Security Council, a North Atlantic
   Council, Russia as the aggressor left to its caretaker, rounds of four phases with
   2-4 s phase clocks, silence procedures with 2-4 s deadlines) so that clocks and
   caretakers act all the time; ``--clients`` students spread over the games, each its
   own country, and one instructor per game, all over websockets;
4. every client: connects to a random live process (backing off while none answers),
   says ``hello`` with its ``last_seq``, and plays: messages in every channel it sits in,
   drafts, votes, silence broken, pledges; the instructor circulates texts under silence
   and calls votes. Each action is resent with the same ``client_id`` until it is
   answered: an ack, or a refusal with a code (``server_busy`` and ``rate_limited`` ask
   for a resend). Every ack and every event frame is recorded;
5. a killer: every few seconds, SIGKILL of a random server process, restarted on the
   same port (at least ``--kills`` kills; the campaign runs ``--duration`` seconds or
   until the kills are done);
6. the end: every process up, each game paused (its clocks stop), every pending action
   answered, every client caught up with the store; then the checks:

   a. every acknowledged action is stored exactly once (by its seat and client id), and
      its ack's seq is where it is stored; an action refused is not stored;
   b. every client's event stream runs without gaps or duplicates from its first welcome
      (hidden events count), ends at the game's last event, and each event it shows is
      the stored one;
   c. every game's state, as each live process holds it (the instructor's view over
      HTTP), equals a fresh fold of its stored events (and a fold from its latest
      snapshot, when it has one); every clock action (``advance_phase``,
      ``silence_deadline``) was due when it fired, so none fired twice;

7. prints the figures (``bench/faults_report.py``) and exits 1 if anything was lost,
   duplicated, skipped or diverged.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import orjson
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidURI

from bench.faults_report import FAILING, Figures, report
from bench.harness import ROOT, PostgresDatabase, RedisServer, ServerProcess

ANSWER_TIMEOUT = 5.0
"""An action unanswered this long: drop the connection, reconnect elsewhere, resend."""
RESEND_CODES = ("server_busy", "rate_limited")
"""Refusals that ask for the same action again."""
HIDDEN = {"kind": "hidden"}

P5 = ["CHN", "FRA", "GBR", "RUS", "USA"]
ELECTED_2025 = ["DZA", "DNK", "GRC", "GUY", "PAK", "PAN", "KOR", "SLE", "SVN", "SOM"]
ALLIES = ["EST", "LVA", "LTU", "POL", "DEU", "CAN", "NOR", "ITA"]
NATO = {"FRA", "GBR", "USA", "DNK", "GRC", "SVN", *ALLIES}
UNSC = set(P5 + ELECTED_2025)
SEAT_ORDER = ["USA", "EST", "CHN", "GBR", "POL", "FRA", "DZA", "LVA", "PAK", "DNK", "DEU", "KOR",
              "LTU", "GRC", "CAN", "PAN", "NOR", "GUY", "SVN", "ITA", "SLE", "SOM"]
"""The seats students take, in order (Russia stays with its caretaker: the aggressor)."""
PHASE_SECONDS = {"briefing": 2, "consultations": 4, "council": 4, "resolution": 2}
TALKS = ("consultations", "council", "open")
DRAFTS: list[dict[str, Any]] = [
    {"title": "Demand for a ceasefire", "chapter": "VII",
     "measures": ["determine_threat", "demand_ceasefire", "demand_withdrawal"]},
    {"title": "Humanitarian access", "chapter": "VI",
     "measures": ["call_for_ceasefire", "humanitarian_access"]},
    {"title": "Targeted sanctions", "chapter": "VII",
     "measures": ["determine_threat", "sanctions", "arms_embargo"]},
    {"title": "Fact-finding mission", "chapter": "VI", "measures": ["fact_finding"]},
]


def scenario() -> dict[str, Any]:
    countries = P5 + ELECTED_2025 + ALLIES
    return {
        "id": "bench-faults",
        "title": "Fault campaign: Estonia under attack",
        "year": 2025,
        "countries": countries,
        "bodies": {"UNSC": {"permanent": P5, "elected": ELECTED_2025},
                   "NAC": {"members": [c for c in countries if c in NATO],
                           "silence_seconds": 4}},
        "incidents": [{"id": "est-1", "target": "EST", "attacker": "RUS",
                       "kind": "armed_attack", "in_treaty_area": True}],
        "aggressor": {"country": "RUS", "target": "EST", "target_in_treaty_area": True},
        "rounds": 50,
        "phase_seconds": PHASE_SECONDS,
    }


# Options.


@dataclass
class Options:
    processes: int = 2
    database: str = ""
    clients: int = 24
    games: int = 3
    duration: float = 60.0
    kills: int = 20
    seed: int = 1
    think: float = 0.5
    """Mean pause of a client between two actions (seconds)."""
    keep: bool = False
    pg_name: str = ""
    json_path: str = ""
    quiet: bool = False


def parse(argv: list[str] | None) -> Options:
    p = argparse.ArgumentParser(prog="python -m bench.faults", description=__doc__.split("\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--processes", type=int, default=None, help="server processes (2)")
    p.add_argument("--database", default="",
                   help="a SQLite path (default: a fresh file in a temporary folder) or a "
                        "postgresql+asyncpg:// URL of a loopback server (a fresh database is "
                        "created on it and dropped afterwards)")
    p.add_argument("--clients", type=int, default=None, help="students, over all games (24)")
    p.add_argument("--games", type=int, default=None, help="games (3)")
    p.add_argument("--duration", type=float, default=None, help="seconds of load (60)")
    p.add_argument("--kills", type=int, default=None, help="at least this many SIGKILLs (20)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--think", type=float, default=0.5,
                   help="a client's mean pause between actions, seconds (0.5)")
    p.add_argument("--short", action="store_true",
                   help="the test suite's run: 20 s, 4 kills, 12 clients in 2 games")
    p.add_argument("--keep", action="store_true", help="keep the PostgreSQL database")
    p.add_argument("--pg-name", default="", help="name of the fresh PostgreSQL database")
    p.add_argument("--json", dest="json_path", default="", help="also write the figures here")
    p.add_argument("--quiet", action="store_true", help="print only the figures")
    a = p.parse_args(argv)
    short = Options(processes=2, clients=12, games=2, duration=20.0, kills=4)
    base = short if a.short else Options()
    opts = Options(
        processes=a.processes or base.processes, database=a.database,
        clients=a.clients or base.clients, games=a.games or base.games,
        duration=a.duration or base.duration,
        kills=a.kills if a.kills is not None else base.kills, seed=a.seed, think=a.think,
        keep=a.keep, pg_name=a.pg_name, json_path=a.json_path, quiet=a.quiet)
    if opts.processes < 1 or opts.games < 1 or opts.clients < opts.games:
        p.error("at least one process, one game and one client per game")
    if opts.clients > opts.games * len(SEAT_ORDER):
        p.error(f"at most {len(SEAT_ORDER)} clients per game")
    return opts


# The database.


class Database:
    """Where the campaign's store lives, made fresh and removed afterwards."""

    def __init__(self, opts: Options, workdir: Path) -> None:
        self.opts = opts
        raw = opts.database
        self.pg: PostgresDatabase | None = None
        if raw.startswith("postgres"):
            self.pg = PostgresDatabase(server=raw, name=opts.pg_name or None,
                                       prefix="ct_faults")
            self.url = self.pg.url
        elif raw.startswith("sqlite"):
            self.url = raw
        else:
            path = Path(raw) if raw else workdir / "faults.db"
            self.url = f"sqlite+aiosqlite:///{path.resolve().as_posix()}"

    @property
    def postgres(self) -> bool:
        return self.pg is not None

    async def create(self) -> None:
        if self.pg is not None:
            await self.pg.create()

    async def drop(self) -> None:
        if self.pg is not None and not self.opts.keep:
            await self.pg.drop()

    def shown(self) -> str:
        return f"PostgreSQL, database {self.pg.name}" if self.pg else f"SQLite, {self.url}"


# Server processes.


class Slot:
    """One server process on a fixed port: killed and restarted there, by its pid only."""

    def __init__(self, index: int, workdir: Path, database: str, bus: str) -> None:
        self.index = index
        self.name = f"P{index + 1}"
        self.process = ServerProcess.serve(self.name, workdir, database, bus)
        self.url = self.process.url
        self.ws_url = self.process.ws_url
        self.up = False

    async def start(self, timeout: float = 60.0) -> None:
        await self.process.start(timeout)
        self.up = True

    def kill(self) -> None:
        """SIGKILL: no shutdown, nothing but what is committed."""
        self.up = False
        self.process.kill()

    def stop(self) -> None:
        """SIGTERM, then SIGKILL if it lingers."""
        self.up = False
        self.process.terminate(timeout=10)

    def log_tail(self, lines: int = 40) -> str:
        return self.process.log_tail(lines)


# Clients.


@dataclass
class Game:
    id: str
    code: str
    key: str
    index: int


@dataclass
class Stream:
    """What one client saw of its game's events, across all its connections."""

    last_seq: int = -1
    """-1 before the first welcome."""
    frames: int = 0
    gaps: int = 0
    duplicates: int = 0
    resets: int = 0
    """Welcomes with ``missed: -1`` (the gap was too large; the view alone)."""
    behind_welcomes: int = 0
    """Welcomes at a seq below the client's last_seq (a lagging process)."""
    wrong_missed: int = 0
    seen: dict[int, int] = field(default_factory=dict)
    """seq -> hash of the event shown (0: hidden)."""

    def welcome(self, frame: dict[str, Any]) -> None:
        seq, missed = frame["seq"], frame.get("missed", 0)
        self.last_seq = max(0, self.last_seq)  # the first hello says last_seq 0
        if seq < self.last_seq:
            self.behind_welcomes += 1
        if missed == -1:
            self.resets += 1
            self.last_seq = max(self.last_seq, seq)
        elif missed != max(0, seq - self.last_seq):
            self.wrong_missed += 1

    def event(self, frame: dict[str, Any]) -> None:
        seq = frame["seq"]
        self.frames += 1
        if seq <= self.last_seq:
            self.duplicates += 1
            return
        if seq > self.last_seq + 1:
            self.gaps += seq - self.last_seq - 1
        self.last_seq = seq
        event = frame["event"]
        self.seen[seq] = 0 if event == HIDDEN else event_hash(event)


def event_hash(event: dict[str, Any]) -> int:
    return hash(orjson.dumps(event, option=orjson.OPT_SORT_KEYS))


class Client:
    """One seat (or the instructor) at one game, playing across reconnections."""

    def __init__(self, campaign: Campaign, game: Game, name: str, token: str,
                 country: str | None, seat_id: str, rng: random.Random) -> None:
        self.campaign = campaign
        self.game = game
        self.name = name
        self.token = token
        self.country = country
        self.seat_id = seat_id
        self.rng = rng
        self.stream = Stream()
        self.sent: dict[str, dict[str, Any]] = {}
        self.acks: dict[str, list[dict[str, Any]]] = {}
        self.refused: dict[str, str] = {}
        self.resends = 0
        self.busy = 0
        self.connections = 0
        self.failed_connects = 0
        self.pending: tuple[str, dict[str, Any]] | None = None
        self._n = 0
        self._answer: asyncio.Future[dict[str, Any]] | None = None
        # What the client knows of the game, from the events it sees.
        self.phase = "briefing"
        self.open_votes: dict[str, set[str]] = {}
        self.tabled: list[str] = []
        self.voted_on: set[str] = set()
        self.items: set[str] = set()
        self.article5 = False
        self.requested = False

    # Playing.

    def next_action(self) -> dict[str, Any]:
        r = self.rng
        c = self.country
        if c is None:
            return self.instructor_action()
        talks = self.phase in TALKS
        for draft, voters in self.open_votes.items():
            if c in UNSC and c not in voters and draft not in self.voted_on:
                self.voted_on.add(draft)
                return {"kind": "vote", "draft": draft,
                        "vote": r.choices(["yes", "no", "abstain"], weights=[6, 2, 2])[0]}
        roll = r.random()
        if talks and c in UNSC and roll < 0.08:
            return {"kind": "table_draft", "text": "Operative paragraphs follow.",
                    **r.choice(DRAFTS)}
        if c in NATO and self.items and roll < 0.14:
            return {"kind": "break_silence", "item": r.choice(sorted(self.items)),
                    "reason": "We cannot join consensus on this wording."}
        if c in NATO and talks and not self.requested and not self.article5 and roll < 0.16:
            self.requested = True
            return {"kind": "request_article5", "incident": "est-1",
                    "deadline": r.choice([2, 3, 4]), "text": "An attack on one is on all."}
        if c in NATO and self.article5 and roll < 0.2:
            return {"kind": "pledge", "incident": "est-1",
                    "response": r.choice(["diplomatic", "economic", "military"])}
        channels = ["public", f"team:{c}"] + (["UNSC"] if c in UNSC else []) + \
            (["NAC"] if c in NATO else [])
        return {"kind": "say", "channel": r.choice(channels), "text": ""}

    def instructor_action(self) -> dict[str, Any]:
        r = self.rng
        if self.phase in ("council", "open") and not self.open_votes:
            waiting = [d for d in self.tabled if d not in self.voted_on]
            if waiting:
                self.voted_on.add(waiting[0])
                return {"kind": "call_vote", "draft": waiting[0]}
        if self.phase in TALKS and r.random() < 0.4:
            return {"kind": "circulate", "decision": "statement", "title": "A statement",
                    "text": "The Alliance stands together.", "deadline": r.choice([2, 3, 4])}
        return {"kind": "say", "channel": "public", "text": ""}

    def learn(self, event: dict[str, Any]) -> None:
        kind = event.get("kind")
        if kind == "phase_started":
            self.phase = event["phase"]
            self.open_votes.clear()
        elif kind == "draft_tabled":
            self.tabled.append(event["draft"])
            del self.tabled[:-5]
        elif kind == "vote_called":
            self.open_votes[event["draft"]] = set()
        elif kind == "vote_cast":
            self.open_votes.setdefault(event["draft"], set()).add(event["country"])
        elif kind in ("vote_closed", "draft_adopted", "draft_vetoed", "draft_failed"):
            self.open_votes.pop(event.get("draft", ""), None)
        elif kind == "item_circulated":
            self.items.add(event["item"])
        elif kind in ("decision_adopted", "decision_blocked", "silence_broken"):
            self.items.discard(event.get("item", ""))
        elif kind == "article5_invoked":
            self.article5 = True
        elif kind == "article5_requested":
            self.requested = True

    # Connections.

    async def run(self) -> None:
        backoff = 0.1
        while not self.campaign.closing.is_set():
            slot = self.campaign.pick_slot(self.rng)
            if slot is None:
                await self._pause(backoff)
                backoff = min(2.0, backoff * 2)
                continue
            try:
                ws = await asyncio.wait_for(
                    connect(slot.ws_url, open_timeout=3, close_timeout=1, ping_interval=None,
                            max_size=2**24, proxy=None), 4)
            except (OSError, TimeoutError, InvalidHandshake, InvalidURI, ConnectionClosed):
                self.failed_connects += 1
                await self._pause(backoff * (0.5 + self.rng.random()))
                backoff = min(2.0, backoff * 2)
                continue
            backoff = 0.1
            self.connections += 1
            try:
                await self._session(ws)
            except (ConnectionClosed, OSError, TimeoutError):
                pass
            finally:
                with contextlib.suppress(Exception):
                    await asyncio.wait_for(ws.close(), 2)

    async def _pause(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.campaign.closing.wait(), seconds)

    async def _session(self, ws: ClientConnection) -> None:
        hello: dict[str, Any] = {"type": "hello", "token": self.token}
        hello["last_seq"] = max(0, self.stream.last_seq)
        await ws.send(orjson.dumps(hello).decode())
        async with asyncio.timeout(ANSWER_TIMEOUT):
            while True:
                frame = orjson.loads(await ws.recv())
                if frame["type"] == "welcome":
                    break
                if frame["type"] == "error":
                    raise RuntimeError(f"{self.name}: hello refused: {frame}")
        self.stream.welcome(frame)
        reader = asyncio.create_task(self._read(ws))
        try:
            while not self.campaign.closing.is_set():
                if self.pending is None:
                    if self.campaign.stopping.is_set():
                        closing = asyncio.ensure_future(self.campaign.closing.wait())
                        try:
                            await asyncio.wait([reader, closing],
                                               return_when=asyncio.FIRST_COMPLETED)
                        finally:
                            closing.cancel()
                        return
                    await asyncio.sleep(self.rng.uniform(0.2, 1.8) * self.campaign.opts.think)
                    if reader.done():
                        return
                    self._n += 1
                    cid = f"{self.name}-{self._n}"
                    action = self.next_action()
                    if action["kind"] == "say":
                        action["text"] = f"[{cid}] {action['text'] or 'on the record'}"
                    self.pending = (cid, action)
                    self.sent[cid] = action
                else:
                    self.resends += 1
                cid, action = self.pending
                self._answer = asyncio.get_running_loop().create_future()
                await ws.send(orjson.dumps({"type": "act", "client_id": cid,
                                            "action": action}).decode())
                waiters: list[asyncio.Future[Any]] = [reader, self._answer]
                done, _ = await asyncio.wait(waiters, timeout=ANSWER_TIMEOUT,
                                             return_when=asyncio.FIRST_COMPLETED)
                if self._answer not in done:
                    return  # the connection is gone, or silent: reconnect and resend
                answer = self._answer.result()
                if answer["type"] == "error" and answer["code"] in RESEND_CODES:
                    self.busy += 1
                    await asyncio.sleep(0.2)
                    continue
                if answer["type"] == "error":
                    self.refused[cid] = answer["code"]
                self.pending = None
        finally:
            reader.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await reader

    async def _read(self, ws: ClientConnection) -> None:
        async for raw in ws:
            frame = orjson.loads(raw)
            kind = frame.get("type")
            if kind == "event":
                self.stream.event(frame)
                self.learn(frame["event"])
            elif kind in ("ack", "error"):
                cid = frame.get("client_id")
                if kind == "ack":
                    self.acks.setdefault(cid, []).append(frame)
                pending = self.pending
                if (pending is not None and cid == pending[0] and self._answer is not None
                        and not self._answer.done()):
                    self._answer.set_result(frame)


# The campaign.


class Campaign:
    def __init__(self, opts: Options, workdir: Path) -> None:
        self.opts = opts
        self.workdir = workdir
        self.rng = random.Random(opts.seed)
        self.database = Database(opts, workdir)
        self.redis: RedisServer | None = RedisServer(workdir) if opts.processes > 1 else None
        self.slots: list[Slot] = []
        self.games: list[Game] = []
        self.clients: list[Client] = []
        self.stopping = asyncio.Event()
        self.closing = asyncio.Event()
        self.kills = 0
        self.restarts = 0
        self.restart_seconds: list[float] = []
        self._restarting: set[asyncio.Task[None]] = set()
        self.started = 0.0

    def say(self, text: str) -> None:
        if not self.opts.quiet:
            print(f"[{time.monotonic() - self.started:6.1f} s] {text}", flush=True)

    def pick_slot(self, rng: random.Random) -> Slot | None:
        live = [s for s in self.slots if s.up]
        return rng.choice(live) if live else None

    async def http(self, method: str, path: str, *, key: str | None = None,
                   body: Any = None, timeout: float = 30.0) -> Any:
        """A request to a live process (another one if it fails), bounded in time."""
        headers = {"Authorization": f"Bearer {key}"} if key else {}
        deadline = time.monotonic() + timeout
        while True:
            slot = self.pick_slot(self.rng)
            if slot is not None:
                try:
                    async with httpx.AsyncClient(base_url=slot.url, timeout=5.0,
                                                 trust_env=False) as client:
                        response = await client.request(method, path, json=body, headers=headers)
                    if response.status_code < 500:
                        return response.status_code, response.json()
                except (httpx.HTTPError, ValueError):
                    pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"{method} {path}: no answer within {timeout} s")
            await asyncio.sleep(0.2)

    # Life.

    async def run(self) -> Figures:
        self.started = time.monotonic()
        await self.database.create()
        try:
            if self.redis is not None:
                self.redis.start()
            bus = self.redis.url if self.redis else "memory://"
            self.slots = [Slot(i, self.workdir, self.database.url, bus)
                          for i in range(self.opts.processes)]
            await self._migrate()
            await asyncio.gather(*(s.start() for s in self.slots))
            self.say(f"{len(self.slots)} processes up ({self.database.shown()}, bus {bus})")
            await self._set_up_games()
            return await self._play_and_check()
        finally:
            self.closing.set()
            for task in list(self._restarting):
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await task
            for slot in self.slots:
                slot.stop()
            if self.redis is not None:
                self.redis.stop()
            await self.database.drop()

    async def _migrate(self) -> None:
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "server.cli", "migrate", "--database", self.database.url,
            cwd=ROOT, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT)
        try:
            out, _ = await asyncio.wait_for(proc.communicate(), 60)
        except TimeoutError:
            proc.kill()
            await proc.wait()
            raise
        if proc.returncode != 0:
            raise RuntimeError(f"migrate failed: {out.decode(errors='replace')}")

    async def _set_up_games(self) -> None:
        per_game = [self.opts.clients // self.opts.games + (1 if i < self.opts.clients %
                                                            self.opts.games else 0)
                    for i in range(self.opts.games)]
        for index, count in enumerate(per_game):
            status, created = await self.http("POST", "/api/games", body={
                "scenario": scenario(), "seed": self.opts.seed * 1000 + index})
            assert status == 201, created
            game = Game(created["game_id"], created["code"], created["instructor_key"], index)
            self.games.append(game)
            for i, country in enumerate(SEAT_ORDER[:count]):
                status, seat = await self.http("POST", f"/api/join/{game.code}", body={
                    "nickname": f"{country} delegate", "country": country})
                assert status == 201 and seat["country"] == country, seat
                self.clients.append(Client(self, game, f"g{index}-{country}", seat["token"],
                                           country, seat["seat_id"],
                                           random.Random(self.opts.seed * 7919 + index * 97 + i)))
            self.clients.append(Client(self, game, f"g{index}-instructor", game.key, None,
                                       "instructor", random.Random(self.opts.seed * 31 + index)))
            status, answer = await self.http("POST", f"/api/games/{game.id}/actions", key=game.key,
                                             body={"action": {"kind": "start"},
                                                   "client_id": "campaign-start"})
            assert status == 200, answer
        self.say(f"{len(self.games)} games, {len(self.clients)} clients "
                 f"({self.opts.clients} students and {len(self.games)} instructors)")

    async def _play_and_check(self) -> Figures:
        players = [asyncio.create_task(c.run(), name=c.name) for c in self.clients]
        began = time.monotonic()
        try:
            await self._killer(began)
            await self._all_up()
            self.say(f"load stops after {time.monotonic() - began:.1f} s; "
                     f"{self.kills} kills; pausing the games")
            self.stopping.set()
            for game in self.games:
                await self.http("POST", f"/api/games/{game.id}/actions", key=game.key,
                                body={"action": {"kind": "pause"}, "client_id": "campaign-pause"})
            await self._caught_up(players)
            load_seconds = time.monotonic() - began
        finally:
            self.closing.set()
            for task in players:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(task, 10)
                if not task.done():
                    task.cancel()
            for task in players:
                with contextlib.suppress(asyncio.CancelledError):
                    if task.done() and task.exception() is not None:
                        self.say(f"client {task.get_name()} failed: {task.exception()!r}")
        figures = await self._check()
        figures["duration_s"] = round(load_seconds, 1)
        return figures

    async def _killer(self, began: float) -> None:
        """SIGKILL a random process every few seconds (the kills spread evenly over the
        duration) and restart it on its port, until the duration is over and the kills are
        done (bounded: twice the duration and a minute). With several processes, one is
        always left alive; a process may be killed again as soon as it is back."""
        opts = self.opts
        interval = opts.duration / (opts.kills + 1) if opts.kills else opts.duration
        give_up = began + 2 * opts.duration + 60
        while True:
            now = time.monotonic()
            if now - began >= opts.duration and self.kills >= opts.kills:
                return
            if now > give_up:
                self.say(f"giving up on kills after {self.kills}")
                return
            if self.kills >= opts.kills:
                await asyncio.sleep(min(0.5, max(0.05, began + opts.duration - now)))
                continue
            planned = began + (self.kills + 1) * interval * self.rng.uniform(0.9, 1.1)
            await asyncio.sleep(max(0.0, planned - now))
            live = [s for s in self.slots if s.up]
            if len(self.slots) > 1 and len(live) < 2:
                await asyncio.sleep(0.2)  # the last live process is spared: wait for another
                continue
            if not live:
                await asyncio.sleep(0.2)
                continue
            slot = self.rng.choice(live)
            slot.kill()
            self.kills += 1
            self.say(f"kill -9 {slot.name} (kill {self.kills})")
            task = asyncio.create_task(self._restart(slot))
            self._restarting.add(task)
            task.add_done_callback(self._restarting.discard)
            if len(self.slots) == 1:
                await task

    async def _restart(self, slot: Slot) -> None:
        await asyncio.sleep(self.rng.uniform(0.1, 1.0))
        began = time.monotonic()
        await slot.start()
        self.restarts += 1
        self.restart_seconds.append(time.monotonic() - began)

    async def _all_up(self) -> None:
        if self._restarting:
            done, _ = await asyncio.wait(list(self._restarting), timeout=120)
            for task in done:
                if task.exception() is not None:
                    self.say(f"a restart failed: {task.exception()}")
        for slot in self.slots:
            if not slot.up:
                slot.kill()  # a restart that did not finish: start it afresh
                await slot.start()
                self.restarts += 1

    async def _caught_up(self, players: list[asyncio.Task[None]], timeout: float = 60.0) -> None:
        """Wait until no action is pending and every client has its game's last event."""
        from server.db import make_engine
        from server.store import Store

        store = Store(make_engine(self.database.url))
        deadline = time.monotonic() + timeout
        try:
            stable = 0
            last: dict[str, int] = {}
            while True:
                now = {g.id: await store.last_seq(g.id) for g in self.games}
                pending = sum(1 for c in self.clients if c.pending is not None)
                behind = sum(1 for c in self.clients if c.stream.last_seq < now[c.game.id])
                stable = stable + 1 if (now == last and not pending and not behind) else 0
                if stable >= 3:
                    return
                if time.monotonic() > deadline or all(t.done() for t in players):
                    self.say(f"not caught up after {timeout:.0f} s: {pending} actions pending, "
                             f"{behind} clients behind")
                    return
                last = now
                await asyncio.sleep(0.3)
        finally:
            await store.close()

    # The checks.

    async def _check(self) -> Figures:
        from game_rules import event_from_dict, fold, load_scenario, new_game, redact, view_for
        from server.db import make_engine
        from server.snapshots import SNAPSHOT_VERSION, load_state
        from server.store import Store

        f = Figures()
        store = Store(make_engine(self.database.url))
        try:
            sent = acked = refused = stored = lost = duplicated = refused_but_stored = 0
            mismatched = unanswered = 0
            diverged = early = clock_actions = caretaker_actions = events_total = 0
            altered = behind = 0
            snapshots = 0
            mix: Counter[str] = Counter()
            for game in self.games:
                actions = await store.actions(game.id)
                rows = await store.events(game.id)
                events_total += len(rows)
                last_seq = rows[-1].seq if rows else 0
                by_id = Counter((a.seat_id, a.client_id) for a in actions if a.client_id)
                where = {(a.seat_id, a.client_id): a for a in actions if a.client_id}
                texts = Counter(a.body.get("text") for a in actions if a.body.get("kind") == "say")
                row = await store.game(game.id)
                assert row is not None
                scenario_obj = load_scenario(orjson.loads(row["scenario"]))
                initial = new_game(scenario_obj, int(row["seed"]))
                events = [event_from_dict(r.body) for r in rows]
                folded = fold(initial, events)
                mix.update(a.body.get("kind", "?") for a in actions)
                stored_hashes = {r.seq: event_hash(r.body) for r in rows}
                shown_as: dict[tuple[str, int], int] = {}
                """(viewer, seq) -> the hash of the event as that viewer may see it."""
                for client in (c for c in self.clients if c.game is game):
                    for cid, action in client.sent.items():
                        sent += 1
                        key = (client.seat_id, cid)
                        count = by_id.get(key, 0)
                        if count:
                            stored += 1
                        if action["kind"] == "say" and texts.get(action["text"], 0) > 1:
                            duplicated += 1
                        if cid in client.acks:
                            acked += 1
                            if count == 0:
                                lost += 1
                            elif count > 1:
                                duplicated += 1
                            else:
                                at = where[key].last_seq
                                mismatched += sum(1 for a in client.acks[cid] if a["seq"] != at)
                        elif cid in client.refused:
                            refused += 1
                            refused_but_stored += int(count > 0)
                        else:
                            unanswered += 1
                    if client.stream.last_seq != last_seq:
                        behind += 1
                    viewer = client.country or "instructor"
                    for seq, shown in client.stream.seen.items():
                        if not shown or stored_hashes.get(seq) == shown:
                            continue
                        key2 = (viewer, seq)
                        if key2 not in shown_as and 0 < seq <= len(events):
                            redacted = redact(events[seq - 1], viewer, folded)
                            shown_as[key2] = event_hash(redacted) if redacted else 0
                        if shown_as.get(key2) != shown:
                            altered += 1
                # The state: a fresh fold, as every live process holds it, and from a snapshot.
                expected = orjson.loads(orjson.dumps(view_for(folded, "instructor")))
                if orjson.loads(orjson.dumps(view_for(fold(initial, events), "instructor"))) \
                        != expected:
                    diverged += 1
                snap = await store.latest_snapshot(game.id)
                if snap is not None and snap[1] == SNAPSHOT_VERSION:
                    snapshots += 1
                    from_snapshot = fold(load_state(snap[2], scenario_obj),
                                         [event_from_dict(r.body) for r in rows if r.seq > snap[0]])
                    if orjson.loads(orjson.dumps(view_for(from_snapshot, "instructor"))) != expected:
                        diverged += 1
                        self.say(f"game {game.index}: the snapshot at {snap[0]} folds elsewhere")
                for slot in self.slots:
                    status, got = await self.http_to(slot, f"/api/games/{game.id}/view", game.key)
                    if status != 200 or got["seq"] != last_seq or got["view"] != expected:
                        diverged += 1
                        self.say(f"game {game.index}: {slot.name} holds another state "
                                 f"(seq {got.get('seq')} of {last_seq})")
                # The clocks: every system action was due in the state it was decided on.
                early_here, fired, cared = clock_check(initial, actions, rows)
                early += early_here
                clock_actions += fired
                caretaker_actions += cared
            streams = [c.stream for c in self.clients]
            f["processes"] = self.opts.processes
            f["database"] = "postgresql" if self.database.postgres else "sqlite"
            f["games"] = len(self.games)
            f["clients"] = len(self.clients)
            f["actions_sent"] = sent
            f["acked"] = acked
            f["refused"] = refused
            f["stored"] = stored
            f["lost"] = lost
            f["duplicated"] = duplicated
            f["refused_but_stored"] = refused_but_stored
            f["ack_mismatches"] = mismatched
            f["unanswered"] = unanswered
            f["resends"] = sum(c.resends for c in self.clients)
            f["busy_resends"] = sum(c.busy for c in self.clients)
            f["events_stored"] = events_total
            f["event_frames"] = sum(s.frames for s in streams)
            f["gaps"] = sum(s.gaps for s in streams)
            f["stream_duplicates"] = sum(s.duplicates for s in streams)
            f["wrong_missed"] = sum(s.wrong_missed for s in streams)
            f["behind_welcomes"] = sum(s.behind_welcomes for s in streams)
            f["view_resets"] = sum(s.resets for s in streams)
            f["clients_behind"] = behind
            f["altered_events"] = altered
            f["diverged"] = diverged
            f["snapshots_checked"] = snapshots
            f["clock_actions"] = clock_actions
            f["early_clock_actions"] = early
            f["caretaker_actions"] = caretaker_actions
            f["stored_by_kind"] = dict(mix.most_common())
            f["kills"] = self.kills
            f["restarts"] = self.restarts
            f["restart_s_mean"] = round(sum(self.restart_seconds) / len(self.restart_seconds), 1) \
                if self.restart_seconds else 0.0
            f["restart_s_max"] = round(max(self.restart_seconds, default=0.0), 1)
            f["connections"] = sum(c.connections for c in self.clients)
            f["failed_connects"] = sum(c.failed_connects for c in self.clients)
        finally:
            await store.close()
        return f

    async def http_to(self, slot: Slot, path: str, key: str) -> tuple[int, Any]:
        async with httpx.AsyncClient(base_url=slot.url, timeout=10.0, trust_env=False) as client:
            response = await client.get(path, headers={"Authorization": f"Bearer {key}"})
        return response.status_code, response.json()


def clock_check(initial: Any, actions: list[Any], rows: list[Any]) -> tuple[int, int, int]:
    """(system actions not due when taken, system actions, caretaker actions).

    Folds the log action by action; before each ``system`` action, checks that its
    deadline had come in the state it was decided on: a clock that fired twice (or a
    stale process that fired an old deadline) shows here. The system's hand-overs of the
    countries nobody took come before the start, in setup.
    """
    from game_rules import event_from_dict, evolve

    by_action: dict[int, list[Any]] = {}
    for row in rows:
        by_action.setdefault(row.action_n, []).append(event_from_dict(row.body))
    state = initial
    early = fired = cared = 0
    for action in actions:
        body = action.body
        if action.actor == "system":
            fired += 1
            at = float(body.get("at") or action.at)
            kind = body.get("kind")
            due = state.status == "running"
            if kind == "set_caretaker":  # the countries nobody took, handed over at the start
                due = state.status == "setup" and body.get("country") not in state.caretakers
            elif kind == "advance_phase":
                due = due and state.clock_deadline is not None and state.clock_deadline <= at
            elif kind == "silence_deadline":
                item = state.items.get(body.get("item"))
                due = due and item is not None and item.status == "silence" and item.deadline <= at
            elif kind == "withdrawal_effective":
                moment = state.withdrawals.get(body.get("country"))
                due = due and moment is not None and moment <= at
            early += not due
        elif action.seat_id is None and action.actor not in ("instructor",):
            cared += 1
        for event in by_action.get(action.n, []):
            state = evolve(state, event)
    return early, fired, cared


async def amain(opts: Options) -> int:
    workdir = Path(tempfile.mkdtemp(prefix="ct-faults-"))
    campaign = Campaign(opts, workdir)
    task = asyncio.current_task()
    loop = asyncio.get_running_loop()
    if task is not None:
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, task.cancel)
    ok = False
    try:
        figures = await campaign.run()
        print(report(figures), flush=True)
        if opts.json_path:
            Path(opts.json_path).write_text(json.dumps(figures.values, indent=1))
        ok = not any(figures[k] for k in FAILING)
        return 0 if ok else 1
    finally:
        if ok:
            shutil.rmtree(workdir, ignore_errors=True)
        else:
            print(f"server logs kept in {workdir}", flush=True)


def main(argv: list[str] | None = None) -> int:
    opts = parse(argv)
    return asyncio.run(amain(opts))


if __name__ == "__main__":
    sys.exit(main())
