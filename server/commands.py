"""``crisis-table serve``, ``crisis-table migrate`` and ``crisis-table import``."""

from __future__ import annotations

import argparse
import gc
import logging
import sys
from collections.abc import Callable
from typing import Any

from game_rules.messages import N_, Msg, message
from server.languages_cli import LANG_HELP, LANG_OPTION, Render, renderer, say
from server.settings import BadSetting, Settings

PORT_OPTION = "--port"
DATABASE_URLS = "sqlite+aiosqlite:///PATH, postgresql+asyncpg://user@host/db"


def _settings(args: argparse.Namespace) -> Settings:
    return Settings.from_env(host=getattr(args, "host", None), port=_port(args),
                             database_url=getattr(args, "database", None),
                             bus_url=getattr(args, "bus", None))


def _port(args: argparse.Namespace) -> int | None:
    """``--port``, checked here rather than by argparse, so that its problem is said in the
    language asked."""
    text: str | None = getattr(args, "port", None)
    if text is None:
        return None
    if not text.isdigit() or int(text) > 65_535:
        raise BadSetting(message(N_("{option} is a port number from 0 to 65535, not {value}"),
                                 option=PORT_OPTION, value=repr(text)))
    return int(text)


def _database_problem(err: Exception) -> Msg:
    """Why a database cannot be used, in words of ours where the failure is a known one;
    else the database's own words, quoted as such."""
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError

    if isinstance(err, ArgumentError):
        return message(N_("not a database URL (write {urls})"), urls=DATABASE_URLS)
    if isinstance(err, NoSuchModuleError | ModuleNotFoundError):
        return message(N_("no driver for that kind of database here (write {urls})"),
                       urls=DATABASE_URLS)
    if isinstance(err, ConnectionRefusedError):
        return message(N_("the database server refused the connection"))
    if isinstance(err, TimeoutError):
        return message(N_("the database server did not answer in time"))
    orig = getattr(err, "orig", None)
    if isinstance(err, OperationalError) and "unable to open database file" in str(orig):
        return message(N_("cannot open the database file"))
    if isinstance(err, PermissionError):
        return message(N_("permission denied"))
    said = str(orig if orig is not None else err).split("\n")[0].strip()
    return message(N_("the database says: {text}"), text=said)


def _prepare_database(settings: Settings, render: Render) -> bool:
    """Bring the database up to date; say why on stderr when it cannot be."""
    from server.migrate import upgrade

    try:
        upgrade(settings.database)
    except Exception as err:
        said = message(N_("cannot prepare the database {database}: {problem}"),
                       database=settings.database, problem=_database_problem(err))
        print(f"crisis-table: {say(said, render)}", file=sys.stderr)
        return False
    return True


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    from server.app import create_app
    from server.wire import FrameProtocol

    render = renderer(args.lang)
    settings = _settings(args)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    if not _prepare_database(settings, render):
        return 1
    app = create_app(settings, migrate=False)
    # A long-lived server makes many small objects and keeps most of them: with the
    # default thresholds, full collections pause every game for 100-250 ms
    # (docs/performance.md). Collect less often.
    gc.set_threshold(50_000, 20, 100)
    url = f"http://{settings.host}:{settings.port}/"
    new_game = f"{url}new"
    command = (f"curl -X POST {url}api/games -H 'content-type: application/json' "
               "-d '{\"scenario\": \"eastern-flank\"}'")
    for indent, line in (
            ("", message(N_("Crisis Table is running at {url}"), url=url)),
            ("  ", message(N_("Create a game: open {url} in a browser (the instructor's page),"),
                           url=new_game)),
            ("  ", message(N_("or: {command}"), command=command)),
            ("  ", message(N_("Database: {database}"), database=settings.database))):
        print(indent + say(line, render), flush=True)
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

    render = renderer(args.lang)
    settings = _settings(args)
    try:
        upgrade(settings.database)
    except Exception as err:
        said = message(N_("migration failed on {database}: {problem}"),
                       database=settings.database, problem=_database_problem(err))
        print(f"crisis-table: {say(said, render)}", file=sys.stderr)
        return 1
    print(say(message(N_("The database {database} is up to date."), database=settings.database),
               render))
    return 0


def _import(args: argparse.Namespace) -> int:
    import asyncio
    import json

    from game_rules import library
    from game_rules.errors import ScenarioError
    from game_rules.records import load_record
    from server.errors import ApiError
    from server.jsonfile import InputProblem, read_json

    render = renderer(args.lang)
    data = read_json(args.record, render)
    try:
        load_record(data, library.get)
    except ScenarioError as err:
        raise InputProblem([f"{args.record}: {line}" for line in err.lines(render)]) from None
    settings = _settings(args)
    if not _prepare_database(settings, render):
        return 1
    try:
        answer = asyncio.run(_import_into(settings, data))
    except ApiError as err:
        said = Msg.from_json(err.msg())
        raise InputProblem([f"{args.record}: {say(said, render)}"]) from None
    refused: Any = answer["refused"]
    for entry in refused:
        said_json = entry.pop("msg", None)
        if said_json is not None and render is not None:
            entry["message"] = render(Msg.from_json(said_json))
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


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser],
             text: Callable[..., str]) -> None:
    """``serve``, ``migrate`` and ``import``, their help written by ``text``
    (``languages_cli.help_text``)."""
    serve = sub.add_parser("serve", help=text(N_("run the game server")))
    serve.add_argument("--host", help=text(N_("address to listen on (CRISIS_TABLE_HOST; "
                                              "127.0.0.1)")))
    serve.add_argument(PORT_OPTION, help=text(N_("port (CRISIS_TABLE_PORT; 8000)")))
    serve.add_argument("--database", help=text(N_(
        "database URL (CRISIS_TABLE_DATABASE; SQLite in ./data): sqlite+aiosqlite:///PATH or "
        "postgresql+asyncpg://user@host/db")))
    serve.add_argument("--bus", help=text(N_("memory:// or redis://host:6379 "
                                             "(CRISIS_TABLE_BUS)")))
    serve.add_argument(LANG_OPTION, help=text(LANG_HELP, what=message(N_(
        "the lines for whoever starts the server and its errors"))))
    serve.set_defaults(run=_serve)
    migrate = sub.add_parser("migrate", help=text(N_("apply the database migrations")))
    migrate.add_argument("--database", help=text(N_("database URL (CRISIS_TABLE_DATABASE)")))
    migrate.add_argument(LANG_OPTION, help=text(LANG_HELP, what=message(N_("what it says"))))
    migrate.set_defaults(run=_migrate)
    imp = sub.add_parser("import", help=text(N_(
        "import a game record into the database as a new game (as POST /api/records): its "
        "actions replayed, a running game held where the record ends until resumed")))
    imp.add_argument("record",
                     help=text(N_("the record file (or - for standard input)")))
    imp.add_argument("--database", help=text(N_("database URL (CRISIS_TABLE_DATABASE)")))
    imp.add_argument(LANG_OPTION, help=text(LANG_HELP, what=message(N_(
        "the record's problems, the refusals and errors"))))
    imp.set_defaults(run=_import)
