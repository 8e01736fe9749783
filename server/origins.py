"""Which web pages may drive this server from a browser: the ``Origin`` check.

A browser names the page that opens a websocket or sends a request in its
``Origin`` header, and a page cannot lie about it. A student's seat cookie is
``SameSite=Strict``, but "site" means the registrable domain: a page on another
port of the same host, or on a sibling subdomain, is the same site, and the
browser would hand it the cookie. So the websocket refuses every origin but the
server's own before ``hello`` (an ``error`` frame ``origin_not_allowed``, then
close code 4403), and so do requests that change something (POST, PUT, PATCH,
DELETE: 403 with the same code).

The server's own origin is the host and port the browser asked for (its
``Host`` header; the scheme is left aside, since TLS usually ends at a proxy
in front), the origin of ``public_url``, and any listed in ``allowed_origins``.
A request without ``Origin`` is not a browser's page (a script, curl): it
carries no student's cookie unless it was given one, and goes through.

>>> check = Origins("https://crisis.example.org", ["https://lms.example.org"])
>>> check.allowed("https://crisis.example.org", "10.0.0.5:8001")
True
>>> check.allowed("http://127.0.0.1:8000", "127.0.0.1:8000")
True
>>> check.allowed("http://127.0.0.1:8080", "127.0.0.1:8000")
False
>>> check.allowed("https://evil.example.org", "crisis.example.org")
False
>>> check.allowed("https://crisis.example.org:443", "crisis.example.org"), check.allowed(None, "x")
(True, True)
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit

import orjson
from starlette.types import ASGIApp, Receive, Scope, Send

from game_rules.messages import N_, message
from server import protocol

CLOSE_CODE = 4403
"""The websocket close code of a page from another origin."""
UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})
DEFAULT_PORTS = {"http": 80, "https": 443, "ws": 80, "wss": 443}
_REFUSED = N_("This server does not take requests from pages of another site, port or host "
              "name (see docs/security.md, the Origin check).")
REFUSAL = {"code": "origin_not_allowed", "message": _REFUSED, "msg": {"id": _REFUSED, "params": {}}}


def normalize(origin: str) -> str:
    """``scheme://host[:port]`` in lower case, without the scheme's default port."""
    parts = urlsplit(origin.strip().lower())
    if not parts.scheme or not parts.hostname:
        return origin.strip().lower()
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    try:
        port = parts.port
    except ValueError:
        return origin.strip().lower()
    if port is None or port == DEFAULT_PORTS.get(parts.scheme):
        return f"{parts.scheme}://{host}"
    return f"{parts.scheme}://{host}:{port}"


def _authority(origin: str) -> str:
    """``host[:port]`` of a normalized origin, as a ``Host`` header would say it."""
    return origin.partition("://")[2]


def _host_header(host: str, scheme: str) -> str:
    """A ``Host`` header without the origin scheme's default port."""
    host = host.strip().lower()
    default = DEFAULT_PORTS.get(scheme)
    if default is not None and host.endswith(f":{default}") and not host.endswith("]"):
        return host[: -len(f":{default}")]
    return host


class Origins:
    """The origins whose pages may drive this server."""

    def __init__(self, public_url: str, extra: Iterable[str]) -> None:
        self.fixed = {normalize(o) for o in [public_url, *extra] if o}

    def allowed(self, origin: str | None, host: str | None) -> bool:
        if origin is None:
            return True
        wanted = normalize(origin)
        if wanted in self.fixed:
            return True
        scheme = wanted.partition("://")[0]
        return host is not None and _authority(wanted) == _host_header(host, scheme)


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key == name:
            return str(value.decode("latin-1"))
    return None


class OriginCheck:
    """Refuses websockets and changing requests from pages of another origin."""

    def __init__(self, app: ASGIApp, origins: Origins) -> None:
        self.app = app
        self.origins = origins

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        kind = scope["type"]
        if kind == "websocket" or (kind == "http" and scope["method"] in UNSAFE):
            origin = _header(scope, b"origin")
            if not self.origins.allowed(origin, _header(scope, b"host")):
                if kind == "websocket":
                    await _refuse_socket(receive, send)
                else:
                    await _refuse_request(send)
                return
        await self.app(scope, receive, send)


async def _refuse_socket(receive: Receive, send: Send) -> None:
    """Accept only to say why, then close: a browser shows a refused handshake as a bare
    failure, while a close code and an error frame can be read."""
    received = await receive()
    if received["type"] != "websocket.connect":
        return
    await send({"type": "websocket.accept"})
    await send({"type": "websocket.send",
                "text": protocol.encode(protocol.error(
                    "origin_not_allowed", message(_REFUSED))).decode()})
    await send({"type": "websocket.close", "code": CLOSE_CODE, "reason": "origin not allowed"})


async def _refuse_request(send: Send) -> None:
    body = orjson.dumps({"error": REFUSAL})
    await send({"type": "http.response.start", "status": 403,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})
