"""Load benchmark of the game server: many classes playing at once, over real websockets.

    .venv/bin/python -m bench.load               # 30 games x 30 clients, 30 s steady, both servers
    .venv/bin/python -m bench.load --saturate    # and then a ramp to find the maximum
    .venv/bin/python -m bench.load --smoke       # 2 games x 5 clients, 3 s: does it all work?

One invocation:

1. starts ``crisis-table serve`` on a free port of 127.0.0.1 with a fresh
   SQLite file in a temporary folder, and waits for ``/healthz``;
2. creates the games (an inline scenario: 30 playable states, the 2025
   Security Council of 15 and a North Atlantic Council, ``rounds: 0``; or
   ``--scenario sandbox``), joins the students (each its own country; more
   students than countries make teams), starts every game as its instructor
   over HTTP, and connects every student's websocket (``hello`` with its token);
3. drives a steady load: every client sends a ``say`` in the public channel
   every ``--interval`` seconds (1.8 s: 900 clients offer 500 actions/s),
   a warm-up, then ``--duration`` measured seconds; with ``--saturate``, a
   ramp of steps at 1x, 2x, ... the steady rate follows (at most
   ``--max-inflight`` unanswered actions per client, below the server's
   limit of 10 actions/s per connection);
4. measures send -> ``ack`` and send -> ``event`` at every other client of
   the game, refusals by code, deliveries/s, the server's CPU (from
   /proc/PID/stat, % of one core) and its peak RSS (VmHWM); then kills the
   server with SIGKILL and reads the SQLite file: every acked action must be
   there (an ack is sent only after the commit);
5. runs ``bench/bare.py`` (a broadcast server with no rules and no storage)
   under the same clients and schedule, as the limit to compare with;
6. prints every figure, the targets with PASS/FAIL, and exits 1 if one is
   missed (``--smoke`` applies no target: it exits 1 only if something broke).

The clients run in ``--procs`` separate processes (``bench/loadclient.py``,
one uvloop loop each, whole games per process), never in the server's.
Everything listens on 127.0.0.1, every wait is bounded, and only the
processes this benchmark started are stopped, by their pid.
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
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from array import array
from collections import Counter
from dataclasses import dataclass, field
from multiprocessing.connection import wait as wait_pipes
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
CLK_TCK = os.sysconf("SC_CLK_TCK")
SERVER_RATE_LIMIT = 10.0
"""The server's sustained actions/s per connection (server/settings.py, Limits)."""

TARGET_ACCEPTED = 500.0
TARGET_P99_ACK_MS = 50.0
TARGET_P99_DELIVERY_MS = 100.0
TARGET_RSS_MB = 300.0
TARGET_BARE_RATIO = 0.5

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


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def proc_cpu_seconds(pid: int) -> float:
    """User + system CPU of a process (all its threads), from /proc/PID/stat."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return float("nan")
    fields = text[text.rindex(")") + 2:].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def machine_busy_seconds() -> float:
    """CPU seconds all cores have spent busy (not idle, not waiting for I/O), from /proc/stat."""
    fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(f) for f in fields[:8])
    return (user + nice + system + irq + softirq + steal) / CLK_TCK


def proc_memory_mb(pid: int) -> tuple[float, float]:
    """(RSS now, peak RSS) in MB, from /proc/PID/status."""
    rss = hwm = float("nan")
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                rss = int(line.split()[1]) / 1024
            elif line.startswith("VmHWM:"):
                hwm = int(line.split()[1]) / 1024
    return rss, hwm


class ServerProcess:
    """A server as a child process, on its own port, stopped by its pid only."""

    def __init__(self, name: str, argv: list[str], port: int, log_path: Path,
                 env: dict[str, str]) -> None:
        self.name = name
        self.port = port
        self.url = f"http://{HOST}:{port}"
        self.log_path = log_path
        self._log = log_path.open("wb")
        self.proc = subprocess.Popen(argv, cwd=ROOT, env=env, stdin=subprocess.DEVNULL,
                                     stdout=self._log, stderr=subprocess.STDOUT)

    @property
    def pid(self) -> int:
        return self.proc.pid

    def wait_healthy(self, timeout: float = 60.0) -> None:
        import httpx

        deadline = time.monotonic() + timeout
        with httpx.Client(base_url=self.url, timeout=1.0, trust_env=False) as client:
            while True:
                if self.proc.poll() is not None:
                    raise RuntimeError(f"{self.name} exited with {self.proc.returncode} at "
                                       f"start-up:\n{self.log_tail()}")
                with contextlib.suppress(httpx.HTTPError):
                    response = client.get("/healthz")
                    if response.status_code == 200 and response.json().get("status") == "ok":
                        return
                if time.monotonic() > deadline:
                    raise RuntimeError(f"{self.name}: no /healthz within {timeout:.0f} s:\n"
                                       f"{self.log_tail()}")
                time.sleep(0.05)

    def kill(self, sig: int = signal.SIGKILL) -> int | None:
        if self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.proc.pid, sig)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.kill(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)
        self._log.close()
        return self.proc.returncode

    def log_tail(self, lines: int = 30) -> str:
        with contextlib.suppress(OSError):
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        return ""


def clean_env(tmp: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CRISIS_TABLE_")}
    env["PYTHONUNBUFFERED"] = "1"
    env["CRISIS_TABLE_DATA_DIR"] = str(tmp / "data")
    return env


def serve_argv(port: int, database: str, gc_threshold: int | None = None) -> list[str]:
    script = Path(sys.executable).with_name("crisis-table")
    head = [str(script)] if script.exists() else [sys.executable, "-m", "server.cli"]
    if gc_threshold:
        # An experiment, not the shipped server: the same command with the collector's
        # first threshold raised (the default, 700, runs full collections of the growing
        # heap every few seconds under this load; each stops the event loop).
        head = [sys.executable, "-c", f"import gc, sys; gc.set_threshold({gc_threshold}, 20, 100); "
                "from server.cli import main; sys.exit(main())"]
    return [*head, "serve", "--host", HOST, "--port", str(port), "--database", database]


# Setting the games up (HTTP).


@dataclass
class Game:
    game_id: str
    code: str
    key: str
    tokens: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)


async def setup_games(url: str, n_games: int, per_game: int, scenario: Any) -> list[Game]:
    """Create the games, join the students, start every game as its instructor."""
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
            created = await client.post("/api/games", json={"scenario": scenario, "seed": 1000 + g,
                                                             "title": f"Load {g + 1}"})
            if created.status_code != 201:
                raise RuntimeError(f"creating a game: {created.status_code} {created.text}")
            body = created.json()
            game = Game(body["game_id"], body["code"], body["instructor_key"])
            for i in range(per_game):
                country = playable[i % len(playable)]
                # The join limit is per client address (30 a minute): as in a class, each
                # student comes from a machine of its own. uvicorn takes the address from
                # X-Forwarded-For when the peer is 127.0.0.1 (FORWARDED_ALLOW_IPS).
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

        return list(await asyncio.gather(*(gated(g) for g in range(n_games))))


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


def run_clients(args: argparse.Namespace, server: ServerProcess, games: list[dict[str, Any]],
                schedule: list[dict[str, Any]]) -> dict[str, Any]:
    from bench.loadclient import client_process

    ctx = multiprocessing.get_context("spawn")
    n_procs = max(1, min(args.procs, len(games)))
    shares: list[list[dict[str, Any]]] = [[] for _ in range(n_procs)]
    for i, game in enumerate(games):
        shares[i % n_procs].append(game)
    procs = []
    pipes = []
    for i, share in enumerate(shares):
        parent, child = ctx.Pipe()
        conf = {"proc_index": i, "host": HOST, "port": server.port, "deflate": not args.no_deflate,
                "games": share, "max_inflight": args.max_inflight, "procs": n_procs,
                "views": args.views}
        proc = ctx.Process(target=client_process, args=(conf, child), daemon=True,
                           name=f"load-client-{i}")
        proc.start()
        child.close()
        procs.append(proc)
        pipes.append(parent)
    try:
        ready = [_receive(p, 180.0, "ready") for p in pipes]
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
        spy = None
        steady = next(s for s in schedule if s["index"] == 0)
        pids = [server.pid] + [p.pid for p in procs if p.pid is not None]
        samples = []  # (mark, time, server cpu, clients cpu, machine busy, rss, peak rss)
        marks = sorted({s["start"] for s in schedule} | {s["end"] for s in schedule})
        for mark in marks:
            delay = t0 + mark - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            cpu = [proc_cpu_seconds(pid) for pid in pids]
            samples.append((mark, time.monotonic(), cpu[0], sum(cpu[1:]), machine_busy_seconds(),
                            *proc_memory_mb(server.pid)))
            if mark == steady["start"] and args.py_spy and server.name in args.profile:
                spy = subprocess.Popen(
                    [args.py_spy, "record", "--pid", str(server.pid), "--duration",
                     str(int(steady["end"] - steady["start"])), "--rate", "100", "--format",
                     "raw", "--nonblocking", "--output", profile_path(server.name)],
                    stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        results = [_receive(p, args.drain + 60.0, "results") for p in pipes]
        if spy is not None:
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


def profile_path(kind: str) -> str:
    return str(Path(tempfile.gettempdir()) / f"bench-load-{kind}.pyspy.txt")


def profile_summary(path: str, top: int = 25) -> list[str]:
    """Where the time goes, from py-spy's raw (collapsed stacks) output: self and inclusive."""
    leaf: Counter[str] = Counter()
    incl: Counter[str] = Counter()
    total = 0
    with contextlib.suppress(OSError):
        for line in Path(path).read_text().splitlines():
            stack, _, count = line.rpartition(" ")
            if not stack or not count.isdigit():
                continue
            n = int(count)
            total += n
            frames = [f.rsplit(":", 1)[0] + ")" if f.endswith(")") and ":" in f else f
                      for f in stack.split(";")]
            leaf[frames[-1]] += n
            for f in set(frames):
                incl[f] += n
    if not total:
        return [f"  (no samples in {path})"]
    lines = [f"  {total} samples (100 a second, all threads), raw stacks in {path}", "  self:"]
    lines += [f"    {100 * n / total:5.1f}%  {f}" for f, n in leaf.most_common(top)]
    lines.append("  inclusive (server/ and game_rules/ code, the database, the websocket sends):")
    keys = ("server/", "game_rules/", "aiosqlite", "websockets", "starlette/websockets",
            "sqlalchemy/ext/asyncio", "threading")
    shown = [(f, n) for f, n in incl.most_common() if any(k in f for k in keys)]
    lines += [f"    {100 * n / total:5.1f}%  {f}" for f, n in shown[:top]]
    return lines


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


# Figures.


def pct(values: array[float], q: float) -> float:
    """Nearest-rank percentile, in ms (values sorted)."""
    if not values:
        return float("nan")
    k = min(len(values) - 1, max(0, round(q / 100.0 * len(values) + 0.5) - 1))
    return values[k] * 1000.0


def summarise(run: dict[str, Any], schedule: list[dict[str, Any]], clients: int) -> dict[str, Any]:
    measured = [s for s in schedule if s["index"] >= 0]
    samples = run["samples"]
    out: dict[str, Any] = {"segments": []}
    for seg in measured:
        i = seg["index"]
        parts = [r["segments"][i] for r in run["results"]]
        ack = array("d")
        deliv = array("d")
        refused: Counter[str] = Counter()
        for p in parts:
            ack.frombytes(p["ack_lat"])
            deliv.frombytes(p["deliv_lat"])
            refused.update(p["refused"])
        ack = array("d", sorted(ack))
        deliv = array("d", sorted(deliv))
        seconds = seg["end"] - seg["start"]
        a = next(s for s in samples if s[0] == seg["start"])
        b = next(s for s in samples if s[0] == seg["end"])
        wall = b[1] - a[1]
        acked = sum(p["acked"] for p in parts)
        out["segments"].append({
            "label": seg["label"], "index": i, "seconds": seconds,
            "offered_per_s": clients * seg["rate"],
            "sent": sum(p["sent"] for p in parts), "skipped": sum(p["skipped"] for p in parts),
            "acked": acked, "accepted_per_s": acked / seconds, "refused": dict(refused),
            "ack_ms": {q: pct(ack, q) for q in (50, 95, 99)} | {"max": pct(ack, 100)},
            "delivery_ms": {q: pct(deliv, q) for q in (50, 95, 99)} | {"max": pct(deliv, 100)},
            "deliveries": len(deliv), "deliveries_per_s": len(deliv) / seconds,
            "server_cpu_pct": 100.0 * (b[2] - a[2]) / wall,
            "clients_cpu_pct": 100.0 * (b[3] - a[3]) / wall,
            "others_cpu_pct": 100.0 * ((b[4] - a[4]) - (b[2] - a[2]) - (b[3] - a[3])) / wall,
        })
    steady = next(s for s in schedule if s["index"] == 0)
    at_steady_end = next(s for s in samples if s[0] == steady["end"])
    out["peak_rss_steady_mb"] = at_steady_end[6]
    out["rss_start_mb"] = samples[0][5]
    res = run["results"]
    out["unanswered"] = sum(r["unanswered"] for r in res)
    out["views_in"] = sum(r["views_in"] for r in res)
    out["view_mb"] = sum(r["view_bytes"] for r in res) / 1e6
    out["frame_errors"] = dict(sum((Counter(r["frame_errors"]) for r in res), Counter()))
    out["closes"] = dict(sum((Counter(r["closes"]) for r in res), Counter()))
    out["lost"] = sum(r["lost"] for r in res)
    out["acked_total"] = sum(r["acked_total"] for r in res)
    out["client_max_lag_ms"] = max(r["max_lag"] for r in res) * 1000.0
    out["connect_seconds"] = max(r["seconds"] for r in run["ready"])
    out["procs"] = run["procs"]
    return out


def run_target(kind: str, args: argparse.Namespace, tmp: Path,
               schedule: list[dict[str, Any]]) -> dict[str, Any]:
    port = free_port()
    folder = tmp / kind
    folder.mkdir()
    db_path = folder / "db.sqlite"
    database = f"sqlite+aiosqlite:///{db_path}"
    if kind == "crisis-table":
        argv = serve_argv(port, database, args.gc_threshold)
    else:
        argv = [sys.executable, "-m", "bench.bare", "--host", HOST, "--port", str(port)]
    server = ServerProcess(kind, argv, port, folder / "server.log", clean_env(folder))
    out: dict[str, Any] = {"kind": kind, "pid": server.pid, "command": " ".join(argv)}
    try:
        server.wait_healthy()
        started = time.monotonic()
        if kind == "crisis-table":
            scenario: Any = inline_scenario() if args.scenario == "inline" else args.scenario
            games = asyncio.run(setup_games(server.url, args.games, args.clients, scenario))
            out["setup_seconds"] = time.monotonic() - started
            before = count_rows(db_path, [g.game_id for g in games])
            out["setup_actions"] = before["actions"]
            out["setup_events"] = before["events"]
            out["countries_per_game"] = len(set(games[0].countries))
            assignment = [{"game_id": g.game_id, "tokens": g.tokens} for g in games]
        else:
            games = []
            assignment = [{"game_id": f"room{g}", "tokens": [f"room{g}-{i}" for i in
                                                             range(args.clients)]}
                          for g in range(args.games)]
        run = run_clients(args, server, assignment, schedule)
        out.update(summarise(run, schedule, args.games * args.clients))
        if args.py_spy and kind in args.profile:
            out["profile"] = profile_summary(profile_path(kind))
        out["rss_mb"], out["peak_rss_mb"] = proc_memory_mb(server.pid)
        out["server_alive"] = server.proc.poll() is None
        # Durability: kill -9 (nothing is flushed on the way out), then read the file.
        server.kill(signal.SIGKILL)
        if kind == "crisis-table":
            acked_ids = [cid for r in run["results"] for cid in r["acked_ids"]]
            after = count_rows(db_path, [g.game_id for g in games])
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
            print(f"--- {kind} log (tail):\n{server.log_tail()}", file=sys.stderr)
        raise
    finally:
        server.kill(signal.SIGKILL)
    return out


# Report.


def fmt_ms(d: dict[Any, float]) -> str:
    return "  ".join(f"{'p' + str(k) if k != 'max' else 'max'} {v:.1f}" for k, v in d.items()) + " ms"


def print_target(out: dict[str, Any], args: argparse.Namespace) -> None:
    name = "crisis-table serve" if out["kind"] == "crisis-table" else "bench/bare.py (broadcast only)"
    print(f"\n== {name}, pid {out['pid']} ==")
    print(f"command: {out['command']}")
    if "setup_seconds" in out:
        print(f"setup: {args.games} games, {args.games * args.clients} seats "
              f"({out['countries_per_game']} countries a game), started, in "
              f"{out['setup_seconds']:.1f} s; {out['setup_actions']} setup actions")
    print(f"connect: {args.games * args.clients} websockets + hello/welcome in "
          f"{out['connect_seconds']:.1f} s ({out['procs']} client processes)")
    steady = out["segments"][0]
    print(f"steady, {steady['seconds']:.0f} s at {steady['offered_per_s']:.1f} actions/s offered:")
    print(f"  accepted          {steady['accepted_per_s']:.1f} actions/s ({steady['acked']} acked "
          f"of {steady['sent']} sent; refused {steady['refused'] or 0}; "
          f"skipped {steady['skipped']})")
    print(f"  send -> ack       {fmt_ms(steady['ack_ms'])}")
    print(f"  send -> delivery  {fmt_ms(steady['delivery_ms'])}")
    print(f"  deliveries        {steady['deliveries_per_s']:.0f}/s ({steady['deliveries']} events "
          "at the other clients of the game)")
    print(f"  CPU               server {steady['server_cpu_pct']:.0f}% of one core; "
          f"clients {steady['clients_cpu_pct']:.0f}% (all client processes); other processes "
          f"on the machine {max(0.0, steady['others_cpu_pct']):.0f}% (of {100 * (os.cpu_count() or 1)}%)")
    if len(out["segments"]) > 1:
        print(f"saturation ramp ({args.step_seconds:g} s steps, the first {args.settle:g} s of each "
              f"not counted; at most {args.max_inflight} actions in flight per client):")
        print("  step   offered/s  accepted/s  refused  skipped  ack p50/p99 ms   delivery p50/p99 ms"
              "  deliveries/s  server CPU  clients CPU  others CPU")
        for s in out["segments"][1:]:
            print(f"  {s['label']:<6} {s['offered_per_s']:9.0f}  {s['accepted_per_s']:10.1f}  "
                  f"{sum(s['refused'].values()):7d}  {s['skipped']:7d}  "
                  f"{s['ack_ms'][50]:6.1f} {s['ack_ms'][99]:7.1f}   "
                  f"{s['delivery_ms'][50]:8.1f} {s['delivery_ms'][99]:8.1f}   "
                  f"{s['deliveries_per_s']:11.0f}  {s['server_cpu_pct']:9.0f}%  "
                  f"{s['clients_cpu_pct']:10.0f}%  {max(0.0, s['others_cpu_pct']):9.0f}%")
        best = max(out["segments"][1:], key=lambda s: s["accepted_per_s"])
        print(f"  maximum: {best['accepted_per_s']:.1f} accepted actions/s "
              f"({best['deliveries_per_s']:.0f} deliveries/s) at step {best['label']}")
    if args.views:
        print(f"views pushed: {out['views_in']} frames, {out['view_mb']:.0f} MB (inflated) over the "
              "whole run")
    grown = (out["rss_mb"] - out["rss_start_mb"]) * 1024 / max(1, out["acked_total"])
    print(f"memory: peak RSS {out['peak_rss_steady_mb']:.1f} MB (VmHWM) up to the end of the steady "
          f"phase, {out['peak_rss_mb']:.1f} MB over the whole run; {out['rss_start_mb']:.1f} MB once "
          f"connected, {out['rss_mb']:.1f} MB at the end ({grown:.1f} KB more per acked action)")
    print(f"unanswered after the drain: {out['unanswered']}; errors without a client_id: "
          f"{out['frame_errors'] or 0}; closed by the server: {out['closes'] or 0}; "
          f"connections lost: {out['lost']}; client timer lag max {out['client_max_lag_ms']:.0f} ms")
    if out.get("profile"):
        print("where the server's time goes (py-spy, steady phase):")
        print("\n".join(out["profile"]))
    if "durability" in out:
        d = out["durability"]
        print("durability (the server killed with SIGKILL after the run, then its SQLite file read):")
        print(f"  file: {d['actions_total']} actions rows, {d['events_total']} events rows; "
              f"actions by kind: {d['kinds']}")
        print(f"  load actions stored = {d['actions']} - {out['setup_actions']} setup = "
              f"{d['load_actions_stored']}; acked = {d['acked']}; acked but not stored: "
              f"{d['acked_missing']}; load events stored {d['load_events_stored']}")


def durable(out: dict[str, Any]) -> bool:
    """Every acked action is in the file; any stored action that was not acked is one of
    those still unanswered when the clients stopped (committed, its ack not yet read)."""
    d = out["durability"]
    extra = int(d["load_actions_stored"]) - int(d["acked"])
    return int(d["acked_missing"]) == 0 and 0 <= extra <= int(out["unanswered"])


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def evaluate(ours: dict[str, Any], bare: dict[str, Any] | None,
             args: argparse.Namespace) -> list[tuple[str, str, bool | None]]:
    """(target, figure, passed or None when not measured)."""
    steady = ours["segments"][0]
    d = ours["durability"]
    rows: list[tuple[str, str, bool | None]] = [
        (f">= {TARGET_ACCEPTED:.0f} accepted actions/s (steady)",
         f"{steady['accepted_per_s']:.1f}/s", steady["accepted_per_s"] >= TARGET_ACCEPTED),
        ("every acked action committed (kill -9, then read)",
         f"{d['acked']} acked, {d['acked_missing']} missing, "
         f"{d['load_actions_stored']} stored",
         durable(ours)),
        (f"p99 send -> ack <= {TARGET_P99_ACK_MS:.0f} ms (steady)",
         f"{steady['ack_ms'][99]:.1f} ms", steady["ack_ms"][99] <= TARGET_P99_ACK_MS),
        (f"p99 send -> delivery <= {TARGET_P99_DELIVERY_MS:.0f} ms (steady)",
         f"{steady['delivery_ms'][99]:.1f} ms",
         steady["delivery_ms"][99] <= TARGET_P99_DELIVERY_MS),
        (f"peak RSS <= {TARGET_RSS_MB:.0f} MB (up to the end of the steady phase)",
         f"{ours['peak_rss_steady_mb']:.1f} MB (whole run: {ours['peak_rss_mb']:.1f} MB)",
         ours["peak_rss_steady_mb"] <= TARGET_RSS_MB),
    ]
    if len(ours["segments"]) > 1 and bare is not None and len(bare["segments"]) > 1:
        a = max(s["accepted_per_s"] for s in ours["segments"][1:])
        b = max(s["accepted_per_s"] for s in bare["segments"][1:])
        rows.append((f"saturated >= {TARGET_BARE_RATIO:g} x the bare server",
                     f"{a:.0f} / {b:.0f} = {a / b:.2f}", a / b >= TARGET_BARE_RATIO))
    else:
        rows.append((f"saturated >= {TARGET_BARE_RATIO:g} x the bare server",
                     "not measured (run with --saturate)", None))
    return rows


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench.load",
                                description="Load benchmark of crisis-table serve over websockets.")
    p.add_argument("--games", type=int, default=30)
    p.add_argument("--clients", type=int, default=30, help="clients (students) per game")
    p.add_argument("--interval", type=float, default=1.8,
                   help="seconds between two actions of one client (1.8: 900 clients offer 500/s)")
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
                        "pushes each client a fresh view after changes, at most one per 0.15 s)")
    p.add_argument("--gc-threshold", type=int, metavar="N",
                   help="experiment: start the server with gc.set_threshold(N, 20, 100)")
    p.add_argument("--scenario", default="inline",
                   help="'inline' (30 states, built here) or a shipped scenario's id (sandbox)")
    p.add_argument("--only", choices=["crisis-table", "bare"],
                   help="run one server only (no comparison)")
    p.add_argument("--json", metavar="FILE", help="also write every figure to FILE as JSON")
    p.add_argument("--py-spy", metavar="PATH",
                   help="a py-spy executable: sample the server during the steady phase and "
                        "print where its time goes (py-spy is not a dependency: pip install py-spy)")
    p.add_argument("--profile", choices=["crisis-table", "bare"], nargs="*",
                   default=["crisis-table"], help="which servers --py-spy samples")
    p.add_argument("--smoke", action="store_true",
                   help="2 games x 5 clients, 1 s warm-up, 3 s measured; no targets applied")
    args = p.parse_args(argv)
    if args.smoke:
        args.games, args.clients, args.warmup, args.duration = 2, 5, 1.0, 3.0
        args.interval = min(args.interval, 0.5)
        args.steps, args.step_seconds, args.settle = [1, 4], 2.0, 0.5
        args.drain = min(args.drain, 5.0)
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    schedule = build_schedule(args)
    n = args.games * args.clients
    print(f"Crisis Table load benchmark: {time.strftime('%Y-%m-%d %H:%M')}, Python "
          f"{platform.python_version()}, {os.cpu_count()} CPUs, {platform.machine()} "
          f"{platform.system()}")
    print(f"workload: {args.games} games x {args.clients} clients = {n} websockets"
          f"{'' if args.no_deflate else ' (permessage-deflate)'}; a `say` in the public channel "
          f"every {args.interval:g} s per client = {n / args.interval:.1f} actions/s offered; "
          f"warm-up {args.warmup:g} s, steady {args.duration:g} s"
          f"{'; then a saturation ramp' if args.saturate else ''}"
          f"{'; hello with views: true' if args.views else ''}"
          f"{'  [smoke: no targets]' if args.smoke else ''}")
    kinds = [args.only] if args.only else ["crisis-table", "bare"]
    outs: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory(prefix="crisis-load-") as name:
        tmp = Path(name)
        for kind in kinds:
            outs[kind] = run_target(kind, args, tmp, schedule)
            print_target(outs[kind], args)
    ours, bare = outs.get("crisis-table"), outs.get("bare")
    failed = False
    if ours is not None and bare is not None:
        sa, sb = ours["segments"][0], bare["segments"][0]
        print("\n== crisis-table / bare ==")
        print(f"steady: p99 ack {sa['ack_ms'][99]:.1f} / {sb['ack_ms'][99]:.1f} ms; p99 delivery "
              f"{sa['delivery_ms'][99]:.1f} / {sb['delivery_ms'][99]:.1f} ms; server CPU "
              f"{sa['server_cpu_pct']:.0f}% / {sb['server_cpu_pct']:.0f}%")
        if len(ours["segments"]) > 1 and len(bare["segments"]) > 1:
            a = max(s["accepted_per_s"] for s in ours["segments"][1:])
            b = max(s["accepted_per_s"] for s in bare["segments"][1:])
            print(f"saturated: {a:.1f} / {b:.1f} actions/s = {a / b:.2f}")
    if ours is not None:
        d = ours["durability"]
        stored_ok = durable(ours)
        print(f"\nEvery acked action stored: {'yes' if stored_ok else 'NO'} ({d['acked']} acked, "
              f"{d['acked_missing']} missing, {d['load_actions_stored']} load actions stored, "
              f"{ours['unanswered']} unanswered at the end)")
        broken = not stored_ok or d["acked"] == 0 or ours["lost"] > 0 or ours["closes"]
        if args.smoke:
            print("smoke run: targets not applied")
            failed = bool(broken)
        else:
            print("\nTargets:")
            for target, figure, ok in evaluate(ours, bare, args):
                mark = "n/a " if ok is None else verdict(ok)
                print(f"  {mark}  {target}: {figure}")
                failed |= ok is False
            failed |= bool(broken)
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
