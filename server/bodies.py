"""A cap on every HTTP request body, held by the application itself.

A reverse proxy may cap bodies too (deploy/nginx.conf does), but the server
does not count on one: a body over its route's cap is answered ``413`` with
``{"error": {"code": "body_too_large", ...}}`` before the route reads it. A
declared ``Content-Length`` over the cap is refused at once; a body sent in
chunks without one is read up to the cap and refused as soon as it passes it.

The caps (``Limits``): a game record to import, ``record_bytes``; a request
that carries a whole scenario (creating a game, checking, previewing or saving
one), ``scenario_bytes``; anything else, ``body_bytes``.

>>> caps = BodyCaps(body=10, scenario=100, record=1000)
>>> caps.for_path("/api/records"), caps.for_path("/api/games"), caps.for_path("/api/join/KX7M4P")
(1000, 100, 10)
"""

from __future__ import annotations

from dataclasses import dataclass

import orjson
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from game_rules.messages import N_, message

SCENARIO_PATHS = ("/api/games", "/api/scenarios/validate", "/api/scenarios/check",
                  "/api/scenarios/preview", "/api/scenarios/caretaker-votes", "/api/library")
"""Routes whose body may hold a whole scenario."""
RECORD_PATHS = ("/api/records",)


@dataclass(frozen=True)
class BodyCaps:
    body: int
    scenario: int
    record: int

    def for_path(self, path: str) -> int:
        path = path.rstrip("/") or "/"
        if path in RECORD_PATHS:
            return self.record
        if path in SCENARIO_PATHS:
            return self.scenario
        return self.body


class BodyLimit:
    """Answers 413 to a request whose body is larger than its route allows."""

    def __init__(self, app: ASGIApp, caps: BodyCaps) -> None:
        self.app = app
        self.caps = caps

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        cap = self.caps.for_path(scope["path"])
        declared = None
        for key, value in scope.get("headers", ()):
            if key == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = None
        if declared is not None:
            if declared > cap:
                await _too_large(send, cap)
                return
            await self.app(scope, receive, send)
            return
        # No length given: read it all (up to the cap) before the route sees any of it.
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                break
            body = message.get("body", b"")
            size += len(body)
            if size > cap:
                await _too_large(send, cap)
                return
            chunks.append(body)
            if not message.get("more_body", False):
                break
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": b"".join(chunks), "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


async def _too_large(send: Send, cap: int) -> None:
    said = message(N_("This request's body is larger than the {count} bytes this address takes."),
                   count=cap)
    body = orjson.dumps({"error": {
        "code": "body_too_large",
        "message": f"This request's body is larger than the {cap:,} bytes this address takes.",
        "msg": said.to_json()}})
    await send({"type": "http.response.start", "status": 413,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(body)).encode()),
                            (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})
