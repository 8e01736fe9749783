"""The browser pages (Jinja2) and static files of ``web/``.

Every page is a template that extends ``base.html`` and loads one ES module
from ``/static/js/pages/``; what a page needs to know (the join code, the
game's id) travels in ``data-`` attributes of ``<body>``, never in an inline
script (the Content-Security-Policy forbids them). Secrets never reach a
template: the instructor key comes in the URL fragment, which browsers do not
send, and the seat token is an HttpOnly cookie.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

import game_rules
import web
from server.auth import normalize_code
from server.games import Games

WEB = Path(web.__file__).parent
JS = WEB / "static" / "js"
IMPORT = re.compile(r"""^\s*(?:import|export)\b[^"'`;]*?\bfrom\s*["']([^"']+)["']"""
                    r"""|^\s*import\s*["']([^"']+)["']""", re.MULTILINE)


@functools.cache
def module_graph(page: str) -> tuple[str, ...]:
    """The modules a page's module imports, at any depth (not the dynamic ``import()``s),
    as paths under ``/static/js/``: the page lists them for the browser to fetch at once
    (``<link rel="modulepreload">``) instead of discovering them one level at a time."""
    start = JS / "pages" / f"{page}.js"
    if not start.is_file():
        return ()
    seen: set[Path] = set()
    todo = [start]
    while todo:
        module = todo.pop()
        for match in IMPORT.finditer(module.read_text(encoding="utf-8")):
            spec = match.group(1) or match.group(2)
            if not spec.startswith("."):
                continue
            target = (module.parent / spec).resolve()
            if target not in seen and target.is_file() and target.is_relative_to(JS.resolve()):
                seen.add(target)
                todo.append(target)
    return tuple(sorted(str(t.relative_to(JS.resolve())) for t in seen))


def mount_pages(app: FastAPI, games: Games) -> None:
    templates = Jinja2Templates(directory=str(WEB / "templates"))
    app.mount("/static", StaticFiles(directory=str(WEB / "static")), name="static")

    def page(name: str, request: Request, **context: object) -> HTMLResponse:
        response = templates.TemplateResponse(request, name,
                                              {"version": game_rules.__version__,
                                               "preload": module_graph(name.removesuffix(".html")),
                                               **context})
        # Pages are small and carry no secrets; the data comes over the websocket.
        response.headers["cache-control"] = "no-store"
        return response

    def clean(code: str) -> str:
        return normalize_code(code)[:12]

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    async def join_page(request: Request) -> HTMLResponse:
        return page("join.html", request, title="Join a game")

    @app.get("/new", response_class=HTMLResponse, include_in_schema=False)
    async def new_page(request: Request) -> HTMLResponse:
        return page("new.html", request, title="Create a game")

    @app.get("/editor", response_class=HTMLResponse, include_in_schema=False)
    async def editor_page(request: Request) -> HTMLResponse:
        return page("editor.html", request, title="Scenario editor")

    @app.get("/play/{code}", response_class=HTMLResponse, include_in_schema=False)
    async def play_page(request: Request, code: str) -> HTMLResponse:
        return page("play.html", request, title="Your table", code=clean(code))

    @app.get("/instructor/{game_id}", response_class=HTMLResponse, include_in_schema=False)
    async def instructor_page(request: Request, game_id: str) -> HTMLResponse:
        return page("instructor.html", request, title="Instructor", game_id=game_id[:40])

    @app.get("/projector/{code}", response_class=HTMLResponse, include_in_schema=False)
    async def projector_page(request: Request, code: str) -> HTMLResponse:
        return page("projector.html", request, title="Projector", code=clean(code))

    @app.get("/rejoin/{code}", response_class=HTMLResponse, include_in_schema=False)
    async def rejoin_page(request: Request, code: str) -> HTMLResponse:
        return page("rejoin.html", request, title="Back to your seat", code=clean(code))

    # After the game (docs/debrief.md): the data comes from the review API, with
    # the instructor's key (kept in localStorage) or the student's seat cookie.

    def clean_id(game_id: str) -> str:
        return "".join(c for c in game_id if c.isalnum() or c in "-_")[:40]

    @app.get("/replay/{game_id}", response_class=HTMLResponse, include_in_schema=False)
    async def replay_page(request: Request, game_id: str) -> HTMLResponse:
        return page("replay.html", request, title="Replay", game_id=clean_id(game_id))

    @app.get("/debrief/{game_id}", response_class=HTMLResponse, include_in_schema=False)
    async def debrief_page(request: Request, game_id: str) -> HTMLResponse:
        return page("debrief.html", request, title="Debrief", game_id=clean_id(game_id))

    @app.get("/reflection/{game_id}", response_class=HTMLResponse, include_in_schema=False)
    async def reflection_page(request: Request, game_id: str) -> HTMLResponse:
        return page("reflection.html", request, title="Reflection", game_id=clean_id(game_id))

    @app.get("/lab/{game_id}", response_class=HTMLResponse, include_in_schema=False)
    async def lab_page(request: Request, game_id: str) -> HTMLResponse:
        return page("lab.html", request, title="Causality lab", game_id=clean_id(game_id))

    @app.get("/compare/{a}/{b}", response_class=HTMLResponse, include_in_schema=False)
    async def compare_page(request: Request, a: str, b: str) -> HTMLResponse:
        return page("compare.html", request, title="Compare", a=clean_id(a), b=clean_id(b))
