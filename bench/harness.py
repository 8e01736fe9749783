"""What the tests and the benchmarks start and stop: free ports, server
processes, a fresh PostgreSQL database, a private Redis.

Everything runs on the loopback (127.0.0.1) and is stopped by its own pid, never
by a name: other people's servers on the machine are left alone.

- ``free_port()``: a port nobody listens on now.
- ``ServerProcess``: ``crisis-table serve`` (or any server command) as a child
  process with its own log file; wait for ``GET /healthz`` (``ready`` from async
  code, ``ready_blocking`` from plain code), ``stop`` (SIGTERM, then SIGKILL),
  ``kill`` (SIGKILL: a crash), and start again on the same port.
- ``PostgresDatabase``: a new database on the machine's PostgreSQL, dropped
  afterwards.
- ``RedisServer``: a private redis-server on a free port, to stop and restart at
  will.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import BinaryIO

ROOT = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"
LOOPBACK = ("127.0.0.1", "localhost", "::1")
PG_ADMIN = os.environ.get("CRISIS_TABLE_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
"""Where new PostgreSQL databases are made (the machine's server, trust auth)."""


def free_port() -> int:
    """A TCP port of 127.0.0.1 that nobody listens on now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


# Server processes.


def crisis_table_head() -> list[str]:
    """How to run the ``crisis-table`` command of this Python."""
    script = Path(sys.executable).with_name("crisis-table")
    return [str(script)] if script.exists() else [sys.executable, "-m", "server.cli"]


def serve_command(port: int, database: str, bus: str | None = None,
                  head: Sequence[str] | None = None) -> list[str]:
    """``crisis-table serve`` on 127.0.0.1:port, a database and (several processes) a bus;
    by default the server of this checkout (``python -m server.cli`` in ``ROOT``)."""
    argv = [*(head or (sys.executable, "-m", "server.cli")), "serve", "--host", HOST, "--port", str(port),
            "--database", database]
    return [*argv, "--bus", bus] if bus else argv


def server_env(workdir: Path, **settings: str) -> dict[str, str]:
    """This environment without any ``CRISIS_TABLE_`` setting of the caller's, with a data
    folder in ``workdir`` and the given settings (``trusted_proxies="127.0.0.1"`` sets
    ``CRISIS_TABLE_TRUSTED_PROXIES``)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CRISIS_TABLE_")}
    env["PYTHONUNBUFFERED"] = "1"
    env["CRISIS_TABLE_DATA_DIR"] = str(workdir / "data")
    for name, value in settings.items():
        env[f"CRISIS_TABLE_{name.upper()}"] = value
    return env


class ServerFailed(RuntimeError):
    """A server did not come up (its log is in the message)."""


class ServerProcess:
    """A server as a child process on one port, its output in ``<name>-<start>.log``."""

    def __init__(self, name: str, workdir: Path, argv: Sequence[str], port: int,
                 env: dict[str, str] | None = None) -> None:
        self.name = name
        self.workdir = workdir
        self.argv = list(argv)
        self.port = port
        self.env = env if env is not None else server_env(workdir)
        self.url = f"http://{HOST}:{port}"
        self.ws_url = f"ws://{HOST}:{port}/ws"
        self.proc: subprocess.Popen[bytes] | None = None
        self.logs: list[Path] = []
        self.starts = 0
        self._log: BinaryIO | None = None

    @classmethod
    def serve(cls, name: str, workdir: Path, database: str, bus: str | None = None,
              port: int | None = None, env: dict[str, str] | None = None) -> ServerProcess:
        """``crisis-table serve`` (not started yet)."""
        port = port or free_port()
        return cls(name, workdir, serve_command(port, database, bus), port, env)

    @property
    def pid(self) -> int:
        assert self.proc is not None, "not running"
        return self.proc.pid

    @property
    def running(self) -> bool:
        return self.proc is not None

    def launch(self) -> None:
        """Start the process (on the same port as before, if it ran already)."""
        assert self.proc is None, "already running"
        self.starts += 1
        path = self.workdir / f"{self.name}-{self.starts}.log"
        self.logs.append(path)
        self._log = path.open("wb")
        self.proc = subprocess.Popen(self.argv, cwd=ROOT, env=self.env, stdin=subprocess.DEVNULL,
                                     stdout=self._log, stderr=subprocess.STDOUT)

    def _still_starting(self, deadline: float, timeout: float) -> None:
        """ServerFailed if the process died or time ran out."""
        assert self.proc is not None
        if self.proc.poll() is not None:
            code = self.proc.returncode
            self._reap()
            raise ServerFailed(f"{self.name} exited with {code} at start-up:\n{self.log()}")
        if time.monotonic() > deadline:
            self.kill()
            raise ServerFailed(f"{self.name}: no /healthz within {timeout:.0f} s:\n{self.log()}")

    @staticmethod
    def _ok(response: object) -> bool:
        import httpx

        assert isinstance(response, httpx.Response)
        return response.status_code == 200 and response.json().get("status") == "ok"

    async def ready(self, timeout: float = 60.0) -> None:
        """Wait for ``/healthz`` without blocking the event loop (clients keep reading)."""
        import httpx

        deadline = time.monotonic() + timeout
        async with httpx.AsyncClient(base_url=self.url, timeout=1.0, trust_env=False) as client:
            while True:
                self._still_starting(deadline, timeout)
                with contextlib.suppress(httpx.HTTPError, ValueError):
                    if self._ok(await client.get("/healthz")):
                        return
                await asyncio.sleep(0.05)

    def ready_blocking(self, timeout: float = 60.0) -> None:
        import httpx

        deadline = time.monotonic() + timeout
        with httpx.Client(base_url=self.url, timeout=1.0, trust_env=False) as client:
            while True:
                self._still_starting(deadline, timeout)
                with contextlib.suppress(httpx.HTTPError, ValueError):
                    if self._ok(client.get("/healthz")):
                        return
                time.sleep(0.05)

    async def start(self, timeout: float = 60.0) -> None:
        self.launch()
        await self.ready(timeout)

    def kill(self) -> None:
        """SIGKILL, by pid: no shutdown, nothing but what is already committed."""
        if self.proc is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.proc.pid, signal.SIGKILL)
            self._reap()

    def terminate(self, timeout: float = 15.0) -> int | None:
        """SIGTERM and wait (SIGKILL if it lingers); the exit status."""
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        code = self.proc.wait(timeout=10)
        self._reap()
        return code

    async def stop(self, timeout: float = 15.0) -> int | None:
        """``terminate`` without blocking the event loop."""
        return await asyncio.to_thread(self.terminate, timeout)

    def _reap(self) -> None:
        if self.proc is not None:
            self.proc.wait(timeout=10)
            self.proc = None
        if self._log is not None:
            self._log.close()
            self._log = None

    def log(self) -> str:
        """Every log of this server, each under its name."""
        return "\n".join(f"--- {p.name}\n{p.read_text(errors='replace')}"
                         for p in self.logs if p.exists())

    def log_tail(self, lines: int = 40) -> str:
        return "\n".join(self.log().splitlines()[-lines:])


# PostgreSQL.


class PostgresDatabase:
    """A new database on a PostgreSQL server of this machine, dropped by ``drop``."""

    def __init__(self, prefix: str = "ct_test", server: str = PG_ADMIN,
                 name: str | None = None) -> None:
        from sqlalchemy.engine import make_url

        url = make_url(server)
        if url.host not in LOOPBACK:
            raise SystemExit(f"databases are made on the loopback only: {url.host} is not "
                             "127.0.0.1")
        self.name = name or f"{prefix}_{secrets.token_hex(6)}"
        self.url = url.set(drivername="postgresql+asyncpg", database=self.name) \
            .render_as_string(hide_password=False)
        """The new database, as the server's ``--database`` takes it."""
        self.admin_url = url.set(drivername="postgresql", database="postgres") \
            .render_as_string(hide_password=False)

    async def create(self) -> None:
        await self._admin(f'CREATE DATABASE "{self.name}"')

    async def drop(self) -> None:
        await self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')

    async def _admin(self, sql: str) -> None:
        import asyncpg  # type: ignore[import-untyped]

        conn = await asyncpg.connect(self.admin_url, timeout=10)
        try:
            await conn.execute(sql, timeout=30)
        finally:
            await conn.close(timeout=10)


# Redis.


class RedisServer:
    """A private redis-server on a free port of 127.0.0.1: nobody else's to lose."""

    def __init__(self, folder: Path) -> None:
        self.port = free_port()
        self.folder = folder
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://{HOST}:{self.port}/0"

    def start(self, timeout: float = 10.0) -> None:
        assert self.proc is None, "already running"
        binary = shutil.which("redis-server") or "/usr/bin/redis-server"
        self.proc = subprocess.Popen(
            [binary, "--port", str(self.port), "--bind", HOST, "--save", "",
             "--appendonly", "no", "--dir", str(self.folder)],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with socket.socket() as sock:
                if sock.connect_ex((HOST, self.port)) == 0:
                    return
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"redis-server did not listen on {self.port} within {timeout}s")

    def stop(self) -> None:
        """SIGKILL, by pid: Redis keeps nothing worth a graceful stop."""
        if self.proc is not None:
            with contextlib.suppress(ProcessLookupError):
                self.proc.kill()
            self.proc.wait(timeout=10)
            self.proc = None
