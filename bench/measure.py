"""What the load benchmark reads of the machine, from /proc: the CPU of a process
(or of one of its threads), of the whole machine and of PostgreSQL's processes by
part, a process's memory, the tracebacks a server logged, and where py-spy saw a
server's time go."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

CLK_TCK = os.sysconf("SC_CLK_TCK")


def _stat_fields(path: str) -> list[str] | None:
    try:
        text = Path(path).read_text()
    except OSError:
        return None
    return text[text.rindex(")") + 2:].split()


def proc_cpu_seconds(pid: int, tid: int | None = None) -> float:
    """User + system CPU of a process (all its threads), or of one of its threads, from /proc."""
    fields = _stat_fields(f"/proc/{pid}/stat" if tid is None else f"/proc/{pid}/task/{tid}/stat")
    if fields is None:
        return float("nan")
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


class PostgresCpu:
    """The CPU of the PostgreSQL server's processes on this machine, by part.

    Read from /proc (the processes named ``postgres``, by their title): ``ours``, the
    live backends of this run's database; ``exited``, the backends that have exited (a
    pool opens and closes connections under load), which the postmaster has reaped (its
    children's CPU, ``cutime + cstime``; on a shared server, other databases' short
    connections land here too); ``shared``, the server's own processes (postmaster, WAL
    writer, checkpointer, background writer, ...), which work for every database;
    ``other``, live backends of other databases (somebody else's: not counted as ours).
    A process alive at one reading and gone at the next moves from its part to
    ``exited``: the sums over the parts stay right, and ours is ``ours + exited``.
    """

    SHARED = ("checkpointer", "background writer", "walwriter", "autovacuum launcher",
              "logical replication launcher", "stats collector", "archiver", "startup",
              "logger")

    def __init__(self, database: str) -> None:
        self.database = database

    def _part(self, title: str) -> str:
        if f" {self.database} " in f"{title} ":
            return "ours"
        if any(name in title for name in self.SHARED):
            return "shared"
        return "other"

    def observe(self) -> dict[str, float]:
        """CPU seconds by part, now."""
        out = {"ours": 0.0, "exited": 0.0, "shared": 0.0, "other": 0.0}
        for entry in os.scandir("/proc"):
            if not entry.name.isdigit():
                continue
            pid = int(entry.name)
            try:
                if Path(f"/proc/{pid}/comm").read_text().strip() != "postgres":
                    continue
                title = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(
                    errors="replace").strip()
            except OSError:
                continue
            fields = _stat_fields(f"/proc/{pid}/stat")
            if fields is None:
                continue
            cpu = (int(fields[11]) + int(fields[12])) / CLK_TCK
            if not title.startswith("postgres:"):  # the postmaster, and the children it reaped
                out["shared"] += cpu
                out["exited"] += (int(fields[13]) + int(fields[14])) / CLK_TCK
            else:
                out[self._part(title)] += cpu
        return out

    @staticmethod
    def delta(a: dict[str, float], b: dict[str, float]) -> dict[str, float]:
        """CPU seconds by part between two observations (``ours`` includes ``exited``)."""
        if not a or not b:
            return {"ours": 0.0, "shared": 0.0, "other": 0.0}
        return {"ours": (b["ours"] + b["exited"]) - (a["ours"] + a["exited"]),
                "shared": b["shared"] - a["shared"], "other": b["other"] - a["other"]}


def log_errors(path: Path) -> dict[str, Any]:
    """How many tracebacks a server logged, and the first of them."""
    lines = path.read_text(errors="replace").splitlines() if path.exists() else []
    starts = [i for i, line in enumerate(lines) if line.startswith("Traceback")]
    first = lines[max(0, starts[0] - 1):starts[0] + 40] if starts else []
    return {"tracebacks": len(starts), "first": first}


def profile_path(label: str) -> str:
    return str(Path(tempfile.gettempdir()) / f"bench-load-{label}.pyspy.txt")


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
    lines.append("  inclusive (server/ and game_rules/ code, the database, the bus, the websocket "
                 "sends):")
    keys = ("server/", "game_rules/", "aiosqlite", "asyncpg", "redis/", "websockets",
            "starlette/websockets", "sqlalchemy/ext/asyncio", "threading")
    shown = [(f, n) for f, n in incl.most_common() if any(k in f for k in keys)]
    lines += [f"    {100 * n / total:5.1f}%  {f}" for f, n in shown[:top]]
    return lines
