"""The browser pages (Jinja2) and static files of ``web/``."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

import game_rules
import web
from server.games import Games

WEB = Path(web.__file__).parent


def mount_pages(app: FastAPI, games: Games) -> None:
    templates = Jinja2Templates(directory=str(WEB / "templates"))
    app.mount("/static", StaticFiles(directory=str(WEB / "static")), name="static")

    def page(name: str, request: Request, **context: object) -> HTMLResponse:
        return templates.TemplateResponse(request, name,
                                          {"version": game_rules.__version__, **context})

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    async def join_page(request: Request) -> HTMLResponse:
        return page("join.html", request)
