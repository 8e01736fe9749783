"""Load benchmark of the game server: many classes playing at once, over real websockets.

    .venv/bin/python -m bench.load               # 30 games x 30 clients, 30 s steady, both servers
    .venv/bin/python -m bench.load --saturate    # and then a ramp to find the maximum
    .venv/bin/python -m bench.load --smoke       # 2 games x 5 clients, 3 s: does it all work?
    .venv/bin/python -m bench.load --clients 2000 --seats 40 --only crisis-table
    .venv/bin/python -m bench.load --processes 2 \\
        --database postgresql+asyncpg://postgres@127.0.0.1:5432/postgres   # + a private Redis

One invocation:

1. starts ``crisis-table serve`` on a free port of 127.0.0.1 with a fresh
   SQLite file in a temporary folder, and waits for ``/healthz``; with
   ``--processes N``, N processes on free ports sharing one database (with a
   ``postgresql+asyncpg://`` URL of a loopback server, a fresh database created
   there, ``ct_load_<random>``, dropped at the end) and a private
   ``redis-server`` on a free port as their bus;
2. creates the games (an inline scenario: 30 playable states, the 2025
   Security Council of 15 and a North Atlantic Council, ``rounds: 0``; or
   ``--scenario sandbox``), joins the students (each its own country; more
   students than countries make teams), starts every game as its instructor
   over HTTP, and connects every student's websocket (``hello`` with its token);
   with several processes, each game's students are spread over all of them
   (student i of game g on process (g + i) mod N), so that most deliveries
   cross processes through the bus;
3. drives a steady load: every client sends a ``say`` in the public channel
   at a fixed interval (``--rate`` actions/s over all clients, 500 by default:
   900 clients send one every 1.8 s, 2,000 one every 4 s), a warm-up, then
   ``--duration`` measured seconds; with ``--saturate``, a ramp of steps at
   1x, 2x, ... the steady rate follows (at most ``--max-inflight`` unanswered
   actions per client, below the server's limit of 10 actions/s per connection);
4. measures send -> ``ack`` and send -> ``event`` at every other client of
   the game (and, with several processes, separately for the clients on
   another process than the sender's), refusals by code, deliveries/s, the
   CPU of each server process (from /proc/PID/stat, % of one core; its event
   loop's thread apart), of PostgreSQL's processes (the backends of this run's
   database, and the server's shared background processes) and of
   redis-server, each also per accepted action (CPU-ms per action), and the
   servers' peak RSS (VmHWM); then kills every server process with SIGKILL and
   reads the database: every acked action must be there (an ack is sent only
   after the commit);
5. runs ``bench/bare.py`` (a broadcast server with no rules and no storage)
   under the same clients and schedule, as the limit to compare with (one
   process only);
6. prints every figure, the targets with PASS/FAIL (``bench/report.py``; what it
   reads of the machine is ``bench/measure.py``), and exits 1 if one is missed
   (``--smoke`` applies no target: it exits 1 only if something broke).

The clients run in ``--procs`` separate processes (``bench/loadclient.py``,
one uvloop loop each, whole games per process), never in the servers'.
Everything listens on 127.0.0.1, every wait is bounded, only the processes
this benchmark started are stopped, by their pid, and the database it
created is dropped.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import multiprocessing
import os
import platform
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from multiprocessing.connection import wait as wait_pipes
from pathlib import Path
from typing import Any

from bench.harness import (
    HOST,
    ROOT,
    PostgresDatabase,
    RedisServer,
    ServerProcess,
    crisis_table_head,
    free_port,
    serve_command,
    server_env,
)
from bench.measure import (
    PostgresCpu,
    log_errors,
    machine_busy_seconds,
    proc_cpu_seconds,
    proc_memory_mb,
    profile_path,
    profile_summary,
)
from bench.report import (
    TARGET_P99_ACK_MS,
    VIEWS_TARGET_BARE_RATIO,
    VIEWS_TARGET_P99_ACK_MS,
    VIEWS_TARGET_RSS_MB,
    print_comparison,
    print_target,
    print_verdict,
    sizes_text,
    summarise,
)

SERVER_RATE_LIMIT = 10.0
"""The server's sustained actions/s per connection (server/settings.py, Limits)."""

P5 = ["CHN", "FRA", "GBR", "RUS", "USA"]
ELECTED_2025 = ["DZA", "DNK", "GRC", "GUY", "PAK", "PAN", "KOR", "SLE", "SVN", "SOM"]
ALLIES = ["EST", "LVA", "LTU", "POL", "DEU", "ITA", "ESP", "CAN", "TUR", "NLD", "NOR", "FIN",
          "SWE", "ROU", "BEL"]
NATO = {"ALB", "BEL", "BGR", "CAN", "HRV", "CZE", "DNK", "EST", "FIN", "FRA", "DEU", "GRC", "HUN",
        "ISL", "ITA", "LVA", "LTU", "LUX", "MNE", "NLD", "MKD", "NOR", "POL", "PRT", "ROU", "SVK",
        "SVN", "ESP", "SWE", "TUR", "GBR", "USA"}


def inline_scenario() -> dict[str, Any]:
    """30 playable states: the 2025 Security Council and 15 more allies; one open session."""
    countries = P5 + ELECTED_2025 + ALLIES
    return {
        "id": "bench-load-30",
        "title": "Load benchmark: thirty delegations",
        "year": 2025,
        "summary": "Thirty delegations talk in the public channel.",
        "countries": countries,
        "bodies": {"UNSC": {"permanent": P5, "elected": ELECTED_2025},
                   "NAC": {"members": [c for c in countries if c in NATO],
                           "silence_seconds": 600}},
        "incidents": [{"id": "est-1", "target": "EST", "attacker": "RUS",
                       "kind": "armed_attack", "in_treaty_area": True}],
        "rounds": 0,
    }


# Processes we start.


def clean_env(tmp: Path) -> dict[str, str]:
    # The benchmark's students join from addresses of their own (X-Forwarded-For, as from
    # a school's proxy): the join limit is per address.
    return server_env(tmp, trusted_proxies=HOST)


def serve_argv(port: int, database: str, gc_threshold: int | None = None,
               bus: str | None = None) -> list[str]:
    head = crisis_table_head()
    if gc_threshold:
        # An experiment, not the shipped server: the same command with the collector's
        # first threshold raised (the default, 700, runs full collections of the growing
        # heap every few seconds under this load; each stops the event loop).
        head = [sys.executable, "-c", f"import gc, sys; gc.set_threshold({gc_threshold}, 20, 100); "
                "from server.cli import main; sys.exit(main())"]
    return serve_command(port, database, bus, head)


class Deployment:
    """What one run serves from: the server processes, their database and their bus.

    ``crisis-table``: ``--processes`` ``crisis-table serve`` processes on one database (a
    fresh SQLite file, or a fresh PostgreSQL database created on the server of a
    ``postgresql+asyncpg://`` URL and dropped at the end) with the in-process bus (one
    process) or a private redis-server on a free port; ``bare``: one ``bench/bare.py``.
    """

    def __init__(self, kind: str, args: argparse.Namespace, folder: Path) -> None:
        self.kind = kind
        self.args = args
        self.folder = folder
        self.servers: list[ServerProcess] = []
        self.database = ""
        self.db_path: Path | None = None
        self.pg: Any = None
        self.pg_cpu: PostgresCpu | None = None
        self.redis: Any = None
        self.bus = "memory://"

    @property
    def postgres(self) -> bool:
        return self.pg is not None

    def describe(self) -> str:
        if self.kind == "bare":
            return "bench/bare.py (broadcast only)"
        store = (f"PostgreSQL (database {self.pg.name})" if self.postgres
                 else f"SQLite ({self.db_path or self.database})")
        bus = "a private redis-server" if self.redis is not None else "the in-process bus"
        n = len(self.servers)
        return f"{n} process{'es' if n > 1 else ''} of crisis-table serve on {store}, {bus}"

    def start(self) -> None:
        args = self.args
        if self.kind == "bare":
            port = free_port()
            argv = [sys.executable, "-m", "bench.bare", "--host", HOST, "--port", str(port)]
            if args.bare_wire:
                argv.append("--wire")
            self.servers.append(ServerProcess("bare", self.folder, argv, port,
                                              clean_env(self.folder)))
            self.servers[0].launch()
            self.servers[0].ready_blocking()
            return
        if args.database.startswith("postgres"):
            self.pg = PostgresDatabase("ct_load", server=args.database)
            asyncio.run(self.pg.create())
            self.database = self.pg.url
            self.pg_cpu = PostgresCpu(self.pg.name)
        elif args.database:
            self.database = (args.database if args.database.startswith("sqlite")
                             else f"sqlite+aiosqlite:///{Path(args.database).resolve().as_posix()}")
            self.db_path = Path(self.database.split(":///", 1)[1])
        else:
            self.db_path = self.folder / "db.sqlite"
            self.database = f"sqlite+aiosqlite:///{self.db_path}"
        if args.bus == "redis":
            self.redis = RedisServer(self.folder)
            self.redis.start()
            self.bus = self.redis.url
        if args.processes > 1 or self.postgres:
            # Once, before the processes start (each would migrate at start-up anyway).
            run = subprocess.run([*crisis_table_head(), "migrate", "--database", self.database],
                                 cwd=ROOT, env=clean_env(self.folder), stdin=subprocess.DEVNULL,
                                 capture_output=True, text=True, timeout=120)
            if run.returncode != 0:
                raise RuntimeError(f"migrate failed: {run.stdout}{run.stderr}")
        for i in range(args.processes):
            port = free_port()
            argv = serve_argv(port, self.database, args.gc_threshold,
                              self.bus if self.redis is not None else None)
            label = f"P{i + 1}" if args.processes > 1 else "crisis-table"
            self.servers.append(ServerProcess(label, self.folder, argv, port,
                                              clean_env(self.folder)))
        for server in self.servers:
            server.launch()
        for server in self.servers:
            server.ready_blocking()

    def kill_servers(self) -> None:
        for server in self.servers:
            server.kill()

    def close(self) -> None:
        self.kill_servers()
        if self.redis is not None:
            self.redis.stop()
            self.redis = None
        if self.pg is not None:
            asyncio.run(self.pg.drop())

    def pg_stats(self) -> dict[str, int]:
        """This database's transactions so far (pg_stat_database, read from another database;
        PostgreSQL updates it within about a second)."""
        if self.pg is None:
            return {}

        async def read() -> dict[str, int]:
            import asyncpg  # type: ignore[import-untyped]

            conn = await asyncpg.connect(self.pg.admin_url, timeout=10)
            try:
                row = await conn.fetchrow(
                    "SELECT xact_commit, xact_rollback, deadlocks, tup_inserted, tup_returned, "
                    "tup_fetched FROM pg_stat_database WHERE datname = $1", self.pg.name)
            finally:
                await conn.close(timeout=10)
            return dict(row) if row else {}

        with contextlib.suppress(Exception):
            return asyncio.run(read())
        return {}

    def other_pids(self) -> dict[str, int]:
        return {"redis": self.redis.proc.pid} if self.redis is not None else {}

    def count_rows(self, game_ids: list[str]) -> dict[str, Any]:
        if self.postgres:
            return asyncio.run(count_rows_pg(self.pg.url, game_ids))
        assert self.db_path is not None
        return count_rows(self.db_path, game_ids)


# Setting the games up (HTTP).


@dataclass
class Game:
    game_id: str
    code: str
    key: str
    tokens: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)


async def setup_games(url: str, sizes: list[int], scenario: Any) -> list[Game]:
    """Create the games (``sizes``: students of each), join the students, start every game
    as its instructor."""
    import httpx

    limits = httpx.Limits(max_connections=64, max_keepalive_connections=64)
    async with httpx.AsyncClient(base_url=url, timeout=60.0, trust_env=False,
                                 limits=limits) as client:
        if isinstance(scenario, str):
            info = (await client.get(f"/api/scenarios/{scenario}")).raise_for_status().json()
            playable = [c["code"] for c in info["countries"] if c["playable"]]
        else:
            playable = list(scenario["countries"])

        async def one(g: int) -> Game:
            per_game = sizes[g]
            created = await client.post("/api/games", json={"scenario": scenario, "seed": 1000 + g,
                                                             "title": f"Load {g + 1}"})
            if created.status_code != 201:
                raise RuntimeError(f"creating a game: {created.status_code} {created.text}")
            body = created.json()
            game = Game(body["game_id"], body["code"], body["instructor_key"])
            for i in range(per_game):
                country = playable[i % len(playable)]
                # The join limit is per client address (30 a minute): as in a class, each
                # student comes from a machine of its own. The server takes the address from
                # X-Forwarded-For when the peer is a trusted proxy (clean_env: 127.0.0.1).
                address = f"10.{(g >> 8) & 255}.{g & 255}.{i + 1}"
                seat = await client.post(f"/api/join/{game.code}",
                                         json={"nickname": f"student {i + 1}", "country": country},
                                         headers={"X-Forwarded-For": address})
                if seat.status_code != 201:
                    raise RuntimeError(f"joining game {g + 1}: {seat.status_code} {seat.text}")
                game.tokens.append(seat.json()["token"])
                game.countries.append(country)
            started = await client.post(f"/api/games/{game.game_id}/actions",
                                        json={"action": {"kind": "start"}},
                                        headers={"Authorization": f"Bearer {game.key}"})
            if started.status_code != 200:
                raise RuntimeError(f"starting game {g + 1}: {started.status_code} {started.text}")
            return game

        gate = asyncio.Semaphore(16)

        async def gated(g: int) -> Game:
            async with gate:
                return await one(g)

        return list(await asyncio.gather(*(gated(g) for g in range(len(sizes)))))


def count_rows(db_path: Path, game_ids: list[str]) -> dict[str, Any]:
    """Rows in the SQLite file (read with the standard library's sqlite3)."""
    conn = sqlite3.connect(f"file:{db_path}?mode=rw", uri=True, timeout=30)
    try:
        marks = ",".join("?" * len(game_ids))
        actions_total = conn.execute("SELECT COUNT(*) FROM actions").fetchone()[0]
        events_total = conn.execute("SELECT COUNT(*) FROM events").fetchone()[0]
        actions = conn.execute(f"SELECT COUNT(*) FROM actions WHERE game_id IN ({marks})",
                               game_ids).fetchone()[0]
        events = conn.execute(f"SELECT COUNT(*) FROM events WHERE game_id IN ({marks})",
                              game_ids).fetchone()[0]
        client_ids = {r[0] for r in conn.execute(
            f"SELECT client_id FROM actions WHERE game_id IN ({marks}) AND client_id IS NOT NULL",
            game_ids)}
        kinds = dict(conn.execute(
            f"SELECT json_extract(body, '$.kind'), COUNT(*) FROM actions WHERE game_id IN ({marks})"
            " GROUP BY 1", game_ids).fetchall())
    finally:
        conn.close()
    return {"actions_total": actions_total, "events_total": events_total, "actions": actions,
            "events": events, "client_ids": client_ids, "kinds": kinds}


async def count_rows_pg(url: str, game_ids: list[str]) -> dict[str, Any]:
    """The same figures as ``count_rows``, from a PostgreSQL database (asyncpg)."""
    import asyncpg  # type: ignore[import-untyped]
    from sqlalchemy.engine import make_url

    dsn = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    conn = await asyncpg.connect(dsn, timeout=30)
    try:
        actions_total = await conn.fetchval("SELECT COUNT(*) FROM actions")
        events_total = await conn.fetchval("SELECT COUNT(*) FROM events")
        actions = await conn.fetchval("SELECT COUNT(*) FROM actions WHERE game_id = ANY($1)",
                                      game_ids)
        events = await conn.fetchval("SELECT COUNT(*) FROM events WHERE game_id = ANY($1)",
                                     game_ids)
        client_ids = {r[0] for r in await conn.fetch(
            "SELECT client_id FROM actions WHERE game_id = ANY($1) AND client_id IS NOT NULL",
            game_ids)}
        kinds = {r[0]: r[1] for r in await conn.fetch(
            "SELECT body::json->>'kind', COUNT(*) FROM actions WHERE game_id = ANY($1) GROUP BY 1",
            game_ids)}
    finally:
        await conn.close(timeout=10)
    return {"actions_total": actions_total, "events_total": events_total, "actions": actions,
            "events": events, "client_ids": client_ids, "kinds": kinds}


# The schedule.


def build_schedule(args: argparse.Namespace) -> list[dict[str, Any]]:
    """Segments of time (seconds from t0): index -1 is not measured."""
    rate = 1.0 / args.interval
    segments = [{"index": -1, "label": "warm-up", "start": 0.0, "end": args.warmup, "rate": rate},
                {"index": 0, "label": "steady", "start": args.warmup,
                 "end": args.warmup + args.duration, "rate": rate}]
    if args.saturate:
        t = args.warmup + args.duration
        cap = 0.9 * SERVER_RATE_LIMIT
        for step, mult in enumerate(args.steps, start=1):
            r = min(rate * mult, cap)
            segments.append({"index": -1, "label": f"settle {step}", "start": t,
                             "end": t + args.settle, "rate": r})
            segments.append({"index": step, "label": f"x{mult:g}", "start": t + args.settle,
                             "end": t + args.step_seconds, "rate": r})
            t += args.step_seconds
    return segments


# Running the clients.


def take_sample(mark: float, dep: Deployment, client_pids: list[int]) -> dict[str, Any]:
    """Every process's CPU and memory at one moment (a mark of the schedule)."""
    servers = dep.servers
    return {
        "mark": mark, "t": time.monotonic(),
        "servers": [proc_cpu_seconds(s.pid) for s in servers],
        "servers_main": [proc_cpu_seconds(s.pid, s.pid) for s in servers],
        "clients": sum(proc_cpu_seconds(pid) for pid in client_pids),
        "redis": sum(proc_cpu_seconds(pid) for pid in dep.other_pids().values()),
        "pg": dep.pg_cpu.observe() if dep.pg_cpu is not None else {},
        "busy": machine_busy_seconds(),
        "loadavg": os.getloadavg(),
        "memory": [proc_memory_mb(s.pid) for s in servers],
        "pg_stats": dep.pg_stats(),
    }


def run_clients(args: argparse.Namespace, dep: Deployment, games: list[dict[str, Any]],
                schedule: list[dict[str, Any]]) -> dict[str, Any]:
    from bench.loadclient import client_process

    ctx = multiprocessing.get_context("spawn")
    n_procs = max(1, min(args.procs, len(games)))
    shares: list[list[dict[str, Any]]] = [[] for _ in range(n_procs)]
    for i, game in enumerate(games):
        shares[i % n_procs].append(game)
    procs = []
    pipes = []
    ports = [s.port for s in dep.servers]
    for i, share in enumerate(shares):
        parent, child = ctx.Pipe()
        conf = {"proc_index": i, "host": HOST, "port": ports[0], "ports": ports,
                "deflate": not args.no_deflate, "games": share, "max_inflight": args.max_inflight,
                "procs": n_procs, "views": args.views}
        proc = ctx.Process(target=client_process, args=(conf, child), daemon=True,
                           name=f"load-client-{i}")
        proc.start()
        child.close()
        procs.append(proc)
        pipes.append(parent)
    try:
        ready = [_receive(p, 300.0, "ready") for p in pipes]
        connected = sum(r["connected"] for r in ready)
        failures: Counter[str] = Counter()
        for r in ready:
            failures.update(r["failures"])
        wanted = sum(len(g["tokens"]) for g in games)
        if connected < wanted:
            raise RuntimeError(f"only {connected} of {wanted} clients connected: {dict(failures)}")
        t0 = time.monotonic() + 1.0
        for p in pipes:
            p.send({"t0": t0, "segments": schedule, "drain": args.drain})
        spies: list[subprocess.Popen[bytes]] = []
        sampled = next(s for s in schedule if s["index"] == args.py_spy_step)
        client_pids = [p.pid for p in procs if p.pid is not None]
        samples = []
        marks = sorted({s["start"] for s in schedule} | {s["end"] for s in schedule})
        for mark in marks:
            delay = t0 + mark - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            samples.append(take_sample(mark, dep, client_pids))
            if mark == sampled["start"] and args.py_spy:
                for server in dep.servers:
                    if server.name not in args.profile:
                        continue
                    spies.append(subprocess.Popen(
                        [args.py_spy, "record", "--pid", str(server.pid), "--duration",
                         str(max(1, int(sampled["end"] - sampled["start"]))), "--rate", "100", "--format",
                         "raw", "--nonblocking", "--output", profile_path(server.name)],
                        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                        stderr=subprocess.DEVNULL))
        results = [_receive(p, args.drain + 60.0, "results") for p in pipes]
        for spy in spies:
            try:
                spy.wait(timeout=30)
            except subprocess.TimeoutExpired:
                spy.kill()
                spy.wait(timeout=5)
    finally:
        for p in pipes:
            with contextlib.suppress(OSError):
                p.send({"stop": True})
        for proc in procs:
            proc.join(timeout=10)
            if proc.is_alive() and proc.pid is not None:
                os.kill(proc.pid, signal.SIGKILL)
                proc.join(timeout=5)
    return {"ready": ready, "results": results, "samples": samples, "procs": n_procs}


def _receive(pipe: Any, timeout: float, key: str) -> Any:
    if not wait_pipes([pipe], timeout):
        raise RuntimeError(f"a client process sent no {key} within {timeout:.0f} s")
    try:
        message = pipe.recv()
    except EOFError:
        raise RuntimeError(f"a client process died before sending {key}") from None
    if "error" in message:
        raise RuntimeError(f"a client process failed: {message['error']}")
    return message[key]


def run_target(kind: str, args: argparse.Namespace, tmp: Path,
               schedule: list[dict[str, Any]]) -> dict[str, Any]:
    folder = tmp / kind
    folder.mkdir()
    dep = Deployment(kind, args, folder)
    out: dict[str, Any] = {"kind": kind}
    try:
        dep.start()
        servers = dep.servers
        out.update({"pid": servers[0].pid, "pids": [s.pid for s in servers],
                    "labels": [s.name for s in servers],
                    "command": " ".join(servers[0].argv),
                    "commands": [" ".join(s.argv) for s in servers],
                    "deployment": dep.describe(), "processes": len(servers),
                    "postgres": dep.postgres, "redis": dep.redis is not None,
                    "database": dep.database})
        started = time.monotonic()
        if kind == "crisis-table":
            scenario: Any = inline_scenario() if args.scenario == "inline" else args.scenario
            games = asyncio.run(setup_games(servers[0].url, args.sizes, scenario))
            out["setup_seconds"] = time.monotonic() - started
            before = dep.count_rows([g.game_id for g in games])
            out["setup_actions"] = before["actions"]
            out["setup_events"] = before["events"]
            out["countries_per_game"] = len(set(games[0].countries))
            # Several processes: student i of game g on process (g + i) mod N, so that every
            # game has students on every process (--spread seats); or every student of game g
            # on process g mod N (--spread games, as a balancer that routes by game would).
            assignment = [{"game_id": g.game_id, "tokens": g.tokens,
                           "servers": [(k + (i if args.spread == "seats" else 0)) % len(servers)
                                       for i in range(len(g.tokens))]}
                          for k, g in enumerate(games)]
        else:
            games = []
            assignment = [{"game_id": f"room{g}", "tokens": [f"room{g}-{i}" for i in range(size)],
                           "servers": [0] * size}
                          for g, size in enumerate(args.sizes)]
        run = run_clients(args, dep, assignment, schedule)
        out.update(summarise(run, schedule, args.clients))
        if args.py_spy and kind in args.profile:
            out["profile"] = {s.name: profile_summary(profile_path(s.name)) for s in servers}
            if args.py_spy_step:
                out["profile_segment"] = (f"saturation step {args.py_spy_step}, "
                                          f"x{args.steps[args.py_spy_step - 1]:g}")
        memory = [proc_memory_mb(s.pid) for s in servers]
        out["rss_each_mb"] = [m[0] for m in memory]
        out["peak_rss_each_mb"] = [m[1] for m in memory]
        out["rss_mb"] = sum(out["rss_each_mb"])
        out["peak_rss_mb"] = max(out["peak_rss_each_mb"])
        out["server_alive"] = all(s.proc is not None and s.proc.poll() is None for s in servers)
        out["log_errors"] = {s.name: log_errors(s.logs[-1]) for s in servers}
        # Durability: kill -9 (nothing is flushed on the way out), then read the database.
        dep.kill_servers()
        if kind == "crisis-table":
            acked_ids = [cid for r in run["results"] for cid in r["acked_ids"]]
            after = dep.count_rows([g.game_id for g in games])
            stored_ids = after["client_ids"]
            missing = [cid for cid in acked_ids if cid not in stored_ids]
            out["durability"] = {
                "actions_total": after["actions_total"], "events_total": after["events_total"],
                "actions": after["actions"], "events": after["events"], "kinds": after["kinds"],
                "load_actions_stored": after["actions"] - out["setup_actions"],
                "load_events_stored": after["events"] - out["setup_events"],
                "acked": len(acked_ids), "acked_missing": len(missing),
                "missing_examples": missing[:5],
            }
    except BaseException:
        with contextlib.suppress(Exception):
            for server in dep.servers:
                print(f"--- {kind} {server.name} log (tail):\n{server.log_tail()}",
                      file=sys.stderr)
        raise
    finally:
        dep.close()
    return out


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench.load",
                                description="Load benchmark of crisis-table serve over websockets.")
    p.add_argument("--clients", type=int,
                   help="students over all games (default: games x seats = 900); spread evenly "
                        "over the games")
    p.add_argument("--games", type=int,
                   help="games (default 30; with --clients alone: clients / seats, rounded up)")
    p.add_argument("--seats", type=int, default=30,
                   help="students per game when --games or --clients does not say (30)")
    p.add_argument("--rate", type=float, default=500.0,
                   help="actions/s offered by all clients together, steady phase (500)")
    p.add_argument("--interval", type=float,
                   help="seconds between two actions of one client (default: clients / rate: "
                        "1.8 s for 900 clients, 4 s for 2,000)")
    p.add_argument("--processes", type=int, default=1,
                   help="crisis-table serve processes on one database (1)")
    p.add_argument("--database", default="",
                   help="a SQLite path (default: a fresh file in a temporary folder) or a "
                        "postgresql+asyncpg:// URL of a loopback server (a fresh database is "
                        "created there and dropped at the end)")
    p.add_argument("--bus", choices=["memory", "redis"],
                   help="memory (one process) or redis (a private redis-server on a free port; "
                        "the default with several processes)")
    p.add_argument("--spread", choices=["seats", "games"], default="seats",
                   help="with several processes: each game's students spread over all of them "
                        "(seats, the default: deliveries cross processes) or each game on one "
                        "process (games: as a balancer routing by game would)")
    p.add_argument("--target-ack-ms", type=float,
                   help=f"the target of p99 send -> ack in the steady phase ({TARGET_P99_ACK_MS:g}; "
                        f"with --views {VIEWS_TARGET_P99_ACK_MS:g}; issue 6's runs at scale: 100)")
    p.add_argument("--warmup", type=float, default=5.0)
    p.add_argument("--duration", type=float, default=30.0, help="measured steady seconds")
    p.add_argument("--saturate", action="store_true",
                   help="after the steady phase, ramp up the rate to find the maximum")
    p.add_argument("--steps", type=lambda s: [float(x) for x in s.split(",")],
                   default=[1, 2, 3, 4, 6, 8, 11, 15],
                   help="saturation steps, as multiples of the steady rate (capped at 9 actions/s "
                        "per client, under the server's 10/s limit)")
    p.add_argument("--step-seconds", type=float, default=5.0)
    p.add_argument("--settle", type=float, default=1.0,
                   help="seconds at the start of each step that are not counted")
    p.add_argument("--max-inflight", type=int, default=2,
                   help="unanswered actions a client may have; beyond, it skips a send")
    p.add_argument("--drain", type=float, default=10.0,
                   help="seconds to wait for the last answers after the schedule")
    p.add_argument("--procs", type=int, default=2, help="client processes")
    p.add_argument("--no-deflate", action="store_true",
                   help="do not offer permessage-deflate (browsers do)")
    p.add_argument("--views", action="store_true",
                   help="say hello with views: true, as the web client does (the server then "
                        "sends each client patches of its view after changes, at most one per "
                        f"0.15 s; targets: p99 ack {VIEWS_TARGET_P99_ACK_MS:g} ms, RSS "
                        f"{VIEWS_TARGET_RSS_MB:g} MB, {VIEWS_TARGET_BARE_RATIO:g} x the bare server)")
    p.add_argument("--gc-threshold", type=int, metavar="N",
                   help="experiment: start the server with gc.set_threshold(N, 20, 100)")
    p.add_argument("--scenario", default="inline",
                   help="'inline' (30 states, built here) or a shipped scenario's id (sandbox)")
    p.add_argument("--bare-wire", action="store_true",
                   help="the bare server writes its frames as the game server does (server/wire.py: "
                        "in batches, straight to the socket, small frames uncompressed) instead of "
                        "through the stock stack frame by frame: the limit of the same send path")
    p.add_argument("--only", choices=["crisis-table", "bare"],
                   help="run one server only (no comparison; with several processes, only "
                        "crisis-table runs)")
    p.add_argument("--json", metavar="FILE", help="also write every figure to FILE as JSON")
    p.add_argument("--py-spy", metavar="PATH",
                   help="a py-spy executable: sample the server(s) during the steady phase and "
                        "print where their time goes (py-spy is not a dependency: pip install "
                        "py-spy)")
    p.add_argument("--py-spy-step", type=int, default=0, metavar="K",
                   help="which measured segment --py-spy samples: 0 the steady phase (the "
                        "default), K the K-th saturation step (with --saturate)")
    p.add_argument("--profile", choices=["crisis-table", "bare"], nargs="*",
                   default=["crisis-table"], help="which servers --py-spy samples")
    p.add_argument("--smoke", action="store_true",
                   help="2 games x 5 clients, 1 s warm-up, 3 s measured; no targets applied")
    args = p.parse_args(argv)
    if args.smoke:
        args.games, args.clients, args.warmup, args.duration = 2, 10, 1.0, 3.0
        args.interval = min(args.interval, 0.5) if args.interval else 0.5
        args.steps, args.step_seconds, args.settle = [1, 4], 2.0, 0.5
        args.drain = min(args.drain, 5.0)
    if args.clients is None:
        args.games = args.games or 30
        args.clients = args.games * args.seats
    elif args.games is None:
        args.games = -(-args.clients // args.seats)
    if args.games < 1 or args.clients < args.games:
        p.error("at least one game and one client per game")
    args.sizes = [args.clients // args.games + (1 if g < args.clients % args.games else 0)
                  for g in range(args.games)]
    if args.interval is None:
        args.interval = args.clients / args.rate
    if args.target_ack_ms is None:
        args.target_ack_ms = VIEWS_TARGET_P99_ACK_MS if args.views else TARGET_P99_ACK_MS
    if args.bus is None:
        args.bus = "redis" if args.processes > 1 else "memory"
    if args.processes < 1:
        p.error("--processes: at least 1")
    if not 0 <= args.py_spy_step <= (len(args.steps) if args.saturate else 0):
        p.error("--py-spy-step: 0 (the steady phase) or a saturation step, 1 to "
                f"{len(args.steps)}, with --saturate")
    if args.processes > 1 and args.bus == "memory":
        p.error("several processes need a bus between them: --bus redis")
    if args.database and not args.database.startswith(("postgres", "sqlite")) \
            and args.processes > 1 and args.bus != "redis":
        p.error("several processes on one SQLite file need --bus redis")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    schedule = build_schedule(args)
    n = args.clients
    print(f"Crisis Table load benchmark: {time.strftime('%Y-%m-%d %H:%M')}, Python "
          f"{platform.python_version()}, {os.cpu_count()} CPUs, {platform.machine()} "
          f"{platform.system()}")
    where = ""
    if args.processes > 1 or args.database or args.bus != "memory":
        store = "PostgreSQL" if args.database.startswith("postgres") else "SQLite"
        where = (f"; {args.processes} server process{'es' if args.processes > 1 else ''} on "
                 f"{store}{' and Redis' if args.bus == 'redis' else ''}")
        if args.processes > 1:
            where += ("; each game's students spread over the processes" if args.spread == "seats"
                      else "; each game on one process")
    print(f"workload: {args.games} games x {sizes_text(args.sizes)} clients = {n} websockets"
          f"{'' if args.no_deflate else ' (permessage-deflate)'}; a `say` in the public channel "
          f"every {args.interval:g} s per client = {n / args.interval:.1f} actions/s offered; "
          f"warm-up {args.warmup:g} s, steady {args.duration:g} s"
          f"{'; then a saturation ramp' if args.saturate else ''}"
          f"{'; hello with views: true' if args.views else ''}{where}"
          f"{'  [smoke: no targets]' if args.smoke else ''}")
    if args.only:
        kinds = [args.only]
    elif args.processes > 1:
        kinds = ["crisis-table"]
        print("(the bare broadcast server is one process: not run beside several processes)")
    else:
        kinds = ["crisis-table", "bare"]
    outs: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory(prefix="crisis-load-") as name:
        tmp = Path(name)
        for kind in kinds:
            outs[kind] = run_target(kind, args, tmp, schedule)
            print_target(outs[kind], args)
    ours, bare = outs.get("crisis-table"), outs.get("bare")
    if ours is not None and bare is not None:
        print_comparison(ours, bare)
    failed = ours is not None and not print_verdict(ours, bare, args)
    if args.json:
        Path(args.json).write_text(json.dumps({"args": vars(args), "results": _jsonable(outs)},
                                              indent=1))
    return 1 if failed else 0


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, set):
        return len(value)
    return value


if __name__ == "__main__":
    sys.exit(main())
