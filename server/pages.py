"""The browser pages (Jinja2) and static files of ``web/``.

Every page is a template that extends ``base.html`` and loads one ES module
from ``/static/js/pages/``; what a page needs to know (the join code, the
game's id) travels in ``data-`` attributes of ``<body>``, never in an inline
script (the Content-Security-Policy forbids them). Secrets never reach a
template: the instructor key comes in the URL fragment, which browsers do not
send, and the seat token is an HttpOnly cookie.

Every page is in the viewer's language (``server.i18n.negotiate``: ``?lang=``, the seat's
stored language on a student's pages, the ``ct_lang`` cookie, Accept-Language); a
``?lang=`` that the server speaks is kept in the cookie, and for a student's table with the
seat. The browser's strings come from ``GET /i18n/<lang>.json``.
"""

from __future__ import annotations

import functools
import hashlib
import re
from pathlib import Path
from typing import Any

import jinja2
import orjson
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

import game_rules
import web
from server import browser_catalog, i18n, translator
from server.auth import normalize_code, token_hash
from server.errors import ApiError
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


def N_(message: str) -> str:
    """Marks a page's title for extraction; ``page`` translates it."""
    return message


_catalog_bodies: dict[str, tuple[bytes, str]] = {}


def catalog_body(lang: str) -> tuple[bytes, str]:
    """``/i18n/<lang>.json``'s body and its version (a hash of it, for the page's URL)."""
    if lang not in _catalog_bodies:
        body = orjson.dumps(browser_catalog.browser_catalog(lang), option=orjson.OPT_SORT_KEYS)
        _catalog_bodies[lang] = (body, hashlib.sha256(body).hexdigest()[:16])
    return _catalog_bodies[lang]


def mount_pages(app: FastAPI, games: Games) -> None:
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(str(WEB / "templates")),
                                     autoescape=True, extensions=["jinja2.ext.i18n"])
    templates = Jinja2Templates(env=environment)
    app.mount("/static", StaticFiles(directory=str(WEB / "static")), name="static")
    settings = games.settings
    languages = i18n.available(settings.pseudo_locales)
    choices = [(code, i18n.language_name(code)) for code in languages]

    async def held_seat(request: Request, code: str | None) -> dict[str, Any] | None:
        """The seat this browser holds in the game of ``code``, with its language brought
        to a ``?lang=`` the server speaks."""
        token = request.cookies.get(f"ct_seat_{code}") if code else None
        if not token:
            return None
        seat = await games.store.seat_by_token(token_hash(token))
        if seat is None or seat["removed"]:
            return None
        chosen = request.query_params.get("lang")
        wanted = i18n.match(chosen, languages) if chosen else None
        if wanted and wanted != seat.get("language"):
            await games.store.update_seat(seat["id"], language=wanted)
            seat = {**seat, "language": wanted}
        return seat

    async def page(name: str, request: Request, title: str, seat_code: str | None = None,
                   **context: object) -> HTMLResponse:
        seat = await held_seat(request, seat_code)
        lang = i18n.negotiate(request.query_params.get("lang"),
                              seat.get("language") if seat else None,
                              request.cookies.get(i18n.COOKIE),
                              request.headers.get("accept-language"), languages)
        tr = translator.translator(lang)
        _body, version = catalog_body(lang)
        values: dict[str, Any] = {
            "version": game_rules.__version__, "lang": lang, "dir": tr.dir,
            "preload": module_graph(name.removesuffix(".html")),
            "languages": choices, "i18n_url": f"/i18n/{lang}.json?v={version}",
            "_": tr.gettext, "gettext": tr.gettext, "ngettext": tr.ngettext,
            "title": tr.gettext(title),
            # The game of the seat the page was asked with: the page fetches its texts at
            # once, beside the seat itself (the seat's answer remains what counts).
            "seat_game_id": seat["game_id"] if seat else None, **context}
        response = templates.TemplateResponse(request, name, values)
        # Pages are small and carry no secrets; the data comes over the websocket.
        response.headers["cache-control"] = "no-store"
        response.headers["content-language"] = lang
        asked = request.query_params.get("lang")
        if asked and i18n.match(asked, languages) == lang:
            i18n.language_cookie(response, lang, settings.secure_cookies)
        return response

    @app.get("/i18n/{name}", include_in_schema=False)
    async def browser_catalog(name: str) -> Response:
        """A language's strings and locale data for the browser (``web/static/js/i18n.js``)."""
        lang = name.removesuffix(".json")
        if not name.endswith(".json") or lang not in languages:
            raise ApiError(404, "unknown_language", "This server does not speak that language.")
        body, version = catalog_body(lang)
        return Response(body, media_type="application/json", headers={
            "cache-control": "public, max-age=31536000, immutable", "etag": f'"{version}"'})

    def clean(code: str) -> str:
        return normalize_code(code)[:12]

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    async def join_page(request: Request) -> HTMLResponse:
        return await page("join.html", request, title=N_("Join a game"))

    @app.get("/new", response_class=HTMLResponse, include_in_schema=False)
    async def new_page(request: Request) -> HTMLResponse:
        return await page("new.html", request, title=N_("Create a game"))

    @app.get("/editor", response_class=HTMLResponse, include_in_schema=False)
    async def editor_page(request: Request) -> HTMLResponse:
        return await page("editor.html", request, title=N_("Scenario editor"))

    @app.get("/play/{code}", response_class=HTMLResponse, include_in_schema=False)
    async def play_page(request: Request, code: str) -> HTMLResponse:
        return await page("play.html", request, title=N_("Your table"), code=clean(code),
                          seat_code=clean(code))

    @app.get("/instructor/{game_id}", response_class=HTMLResponse, include_in_schema=False)
    async def instructor_page(request: Request, game_id: str) -> HTMLResponse:
        return await page("instructor.html", request, title=N_("Instructor"), game_id=game_id[:40])

    @app.get("/projector/{code}", response_class=HTMLResponse, include_in_schema=False)
    async def projector_page(request: Request, code: str) -> HTMLResponse:
        return await page("projector.html", request, title=N_("Projector"), code=clean(code))

    @app.get("/rejoin/{code}", response_class=HTMLResponse, include_in_schema=False)
    async def rejoin_page(request: Request, code: str) -> HTMLResponse:
        return await page("rejoin.html", request, title=N_("Back to your seat"), code=clean(code))

    # After the game (docs/debrief.md): the data comes from the review API, with
    # the instructor's key (kept in localStorage) or the student's seat cookie.

    def clean_id(game_id: str) -> str:
        return "".join(c for c in game_id if c.isalnum() or c in "-_")[:40]

    @app.get("/replay/{game_id}", response_class=HTMLResponse, include_in_schema=False)
    async def replay_page(request: Request, game_id: str) -> HTMLResponse:
        return await page("replay.html", request, title=N_("Replay"), game_id=clean_id(game_id))

    @app.get("/debrief/{game_id}", response_class=HTMLResponse, include_in_schema=False)
    async def debrief_page(request: Request, game_id: str) -> HTMLResponse:
        return await page("debrief.html", request, title=N_("Debrief"), game_id=clean_id(game_id))

    @app.get("/reflection/{game_id}", response_class=HTMLResponse, include_in_schema=False)
    async def reflection_page(request: Request, game_id: str) -> HTMLResponse:
        return await page("reflection.html", request, title=N_("Reflection"), game_id=clean_id(game_id))

    @app.get("/lab/{game_id}", response_class=HTMLResponse, include_in_schema=False)
    async def lab_page(request: Request, game_id: str) -> HTMLResponse:
        return await page("lab.html", request, title=N_("Causality lab"), game_id=clean_id(game_id))

    @app.get("/compare/{a}/{b}", response_class=HTMLResponse, include_in_schema=False)
    async def compare_page(request: Request, a: str, b: str) -> HTMLResponse:
        return await page("compare.html", request, title=N_("Compare"), a=clean_id(a), b=clean_id(b))
