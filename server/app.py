"""``create_app(settings)``: builds everything, shares nothing global."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request, WebSocket
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy import text
from starlette.exceptions import HTTPException as StarletteHTTPException
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

import game_rules
from game_rules.messages import N_, message
from game_rules.scenario import pydantic_problem
from server import api, editor_api, i18n, lab, language_api, reflection, review_api, texts_api
from server.api import error_response
from server.bodies import BodyCaps, BodyLimit
from server.errors import ApiError
from server.origins import OriginCheck, Origins
from server.security import SecurityHeaders
from server.services import Services
from server.settings import Settings
from server.ws import serve_socket

log = logging.getLogger("crisis_table")


INVALID_REQUEST = N_("invalid request")
CRASHED = N_("Something went wrong on the server.")
HTTP_ERRORS = {400: N_("This request is not valid."),
               404: N_("There is nothing at this address."),
               405: N_("This address does not take that method."),
               413: N_("This request's body is too large.")}
"""The words of the HTTP errors the framework raises, by status, for the reader's language
(``msg`` beside the framework's English ``message``)."""


def create_app(settings: Settings | None = None, *, migrate: bool = True) -> FastAPI:
    settings = settings or Settings.from_env()
    i18n.compile_catalogs()
    services = Services(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await services.start(migrate)
        try:
            yield
        finally:
            await services.stop()

    app = FastAPI(title="Crisis Table", version=game_rules.__version__, lifespan=lifespan,
                  docs_url=None, redoc_url=None,
                  description="Classroom crisis negotiations in the UN Security Council and the "
                              "North Atlantic Council. The websocket protocol is in "
                              "docs/protocol.md.")
    app.state.services = services

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, err: ApiError) -> JSONResponse:
        return error_response(err)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, err: RequestValidationError) -> JSONResponse:
        first = err.errors()[0] if err.errors() else {}
        place = ".".join(str(p) for p in first.get("loc", ()) if p != "body")
        said = (message(N_("{place}: {problem}"), place=place, problem=pydantic_problem(first))
                if place and first else message(INVALID_REQUEST))
        message_ = (f"{place}: {first.get('msg', 'invalid request')}" if place
                    else "invalid request")
        return JSONResponse({"error": {"code": "invalid_request", "message": message_,
                                       "msg": said.to_json()}}, status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, err: StarletteHTTPException) -> JSONResponse:
        code = {404: "not_found", 405: "method_not_allowed",
                413: "body_too_large"}.get(err.status_code, "http_error")
        template = HTTP_ERRORS.get(err.status_code)
        said = (message(template) if template else
                message(N_("The request failed (HTTP {status})."), status=str(err.status_code)))
        return JSONResponse({"error": {"code": code, "message": str(err.detail),
                                       "msg": said.to_json()}}, status_code=err.status_code)

    @app.exception_handler(Exception)
    async def _crash(request: Request, err: Exception) -> JSONResponse:
        log.exception("unexpected error")
        return JSONResponse({"error": {"code": "internal_error", "message": CRASHED,
                                       "msg": message(CRASHED).to_json()}},
                            status_code=500)

    @app.get("/healthz", tags=["health"])
    async def healthz() -> JSONResponse:
        """Version and the database's state."""
        database = "ok"
        try:
            async with services.store.engine.connect() as conn:
                await conn.execute(text("SELECT 1"))
        except Exception as err:
            database = f"error: {type(err).__name__}"
        body: dict[str, Any] = {"status": "ok" if database == "ok" else "degraded",
                                "version": game_rules.__version__, "database": database,
                                "bus": "ok" if services.bus.healthy else "down",
                                "games_live": len(services.games.hubs)}
        return JSONResponse(body, status_code=200 if database == "ok" else 503)

    for router in (api.router, review_api.router, lab.router, reflection.router,
                   editor_api.router, language_api.router, texts_api.router):
        app.include_router(router)

    @app.websocket("/ws")
    async def websocket(ws: WebSocket) -> None:
        await serve_socket(ws, services.games, services.seats, settings.limits)

    from server.pages import mount_pages

    mount_pages(app, services.games)
    limits = settings.limits
    app.add_middleware(BodyLimit, caps=BodyCaps(body=limits.body_bytes,
                                                scenario=limits.scenario_bytes,
                                                record=limits.record_bytes))
    app.add_middleware(OriginCheck, origins=Origins(settings.public_url, settings.allowed_origins))
    if settings.trusted_proxies:
        # The client's address from X-Forwarded-For, only when a listed proxy sent it.
        app.add_middleware(ProxyHeadersMiddleware, trusted_hosts=list(settings.trusted_proxies))
    app.add_middleware(SecurityHeaders)
    return app
