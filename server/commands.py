"""``crisis-table serve``, ``crisis-table migrate`` and ``crisis-table import``."""

from __future__ import annotations

import argparse
import gc
import logging
import sys

from server.settings import Settings


def _settings(args: argparse.Namespace) -> Settings:
    return Settings.from_env(host=getattr(args, "host", None), port=getattr(args, "port", None),
                             database_url=getattr(args, "database", None),
                             bus_url=getattr(args, "bus", None))


def _prepare_database(settings: Settings) -> bool:
    """Bring the database up to date; say why on stderr when it cannot be."""
    from server.migrate import upgrade

    try:
        upgrade(settings.database)
    except Exception as err:
        print(f"crisis-table: cannot prepare the database {settings.database}: {err}",
              file=sys.stderr)
        return False
    return True


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    from server.app import create_app
    from server.wire import FrameProtocol

    settings = _settings(args)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    if not _prepare_database(settings):
        return 1
    app = create_app(settings, migrate=False)
    # A long-lived server makes many small objects and keeps most of them: with the
    # default thresholds, full collections pause every game for 100-250 ms
    # (docs/performance.md). Collect less often.
    gc.set_threshold(50_000, 20, 100)
    url = f"http://{settings.host}:{settings.port}/"
    print(f"Crisis Table is running at {url}", flush=True)
    print(f"  Create a game: open {url}new in a browser (the instructor's page),", flush=True)
    print(f"  or: curl -X POST {url}api/games -H 'content-type: application/json' "
          "-d '{\"scenario\": \"eastern-flank\"}'", flush=True)
    print(f"  Database: {settings.database}", flush=True)
    # X-Forwarded-For is read by the app, from CRISIS_TABLE_TRUSTED_PROXIES only (uvicorn
    # itself would trust it from 127.0.0.1, or FORWARDED_ALLOW_IPS).
    # FrameProtocol: uvicorn's websockets protocol, which lets a connection write several
    # frames at once (server/wire.py).
    uvicorn.run(app, host=settings.host, port=settings.port, log_level="warning",
                proxy_headers=False, server_header=False, ws=FrameProtocol,
                ws_max_size=max(65_536, settings.limits.frame_bytes * 4),
                ws_ping_interval=20, ws_ping_timeout=30, timeout_graceful_shutdown=5)
    return 0


def _migrate(args: argparse.Namespace) -> int:
    from server.migrate import upgrade

    settings = _settings(args)
    try:
        upgrade(settings.database)
    except Exception as err:
        print(f"crisis-table: migration failed on {settings.database}: {err}", file=sys.stderr)
        return 1
    print(f"The database {settings.database} is up to date.")
    return 0


def _import(args: argparse.Namespace) -> int:
    import asyncio
    import json

    from server.errors import ApiError
    from server.jsonfile import InputProblem, read_json

    data = read_json(args.record)
    settings = _settings(args)
    if not _prepare_database(settings):
        return 1
    try:
        answer = asyncio.run(_import_into(settings, data))
    except ApiError as err:
        raise InputProblem([f"{args.record}: {err.message}"]) from None
    print(json.dumps(answer, ensure_ascii=False))
    return 0


async def _import_into(settings: Settings, data: object) -> dict[str, object]:
    """Import a record into the database as the server would (``POST /api/records``)."""
    from server.bus import InProcessBus
    from server.db import make_engine
    from server.games import Games
    from server.held import import_record
    from server.store import Store

    store = Store(make_engine(settings.database))
    await store.start()
    try:
        games = Games(store, InProcessBus(), settings)
        try:
            created, applied, refused = await import_record(games, data)
            held = games.hubs[created.game_id].meta.held is not None
        finally:
            await games.close()
    finally:
        await store.close()
    return {"game_id": created.game_id, "code": created.code,
            "instructor_key": created.instructor_key, "held": held, "applied": applied,
            "refused": refused}


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    serve = sub.add_parser("serve", help="run the game server")
    serve.add_argument("--host", help="address to listen on (CRISIS_TABLE_HOST; 127.0.0.1)")
    serve.add_argument("--port", type=int, help="port (CRISIS_TABLE_PORT; 8000)")
    serve.add_argument("--database", help="database URL (CRISIS_TABLE_DATABASE; SQLite in "
                                          "./data): sqlite+aiosqlite:///PATH or "
                                          "postgresql+asyncpg://user@host/db")
    serve.add_argument("--bus", help="memory:// or redis://host:6379 (CRISIS_TABLE_BUS)")
    serve.set_defaults(run=_serve)
    migrate = sub.add_parser("migrate", help="apply the database migrations")
    migrate.add_argument("--database", help="database URL (CRISIS_TABLE_DATABASE)")
    migrate.set_defaults(run=_migrate)
    imp = sub.add_parser("import", help="import a game record into the database as a new game "
                                        "(as POST /api/records): its actions replayed, a running "
                                        "game held where the record ends until resumed")
    imp.add_argument("record", help="the record file (or - for standard input)")
    imp.add_argument("--database", help="database URL (CRISIS_TABLE_DATABASE)")
    imp.set_defaults(run=_import)
