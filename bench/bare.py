"""A bare broadcast server: the limit ``bench.load`` compares the game server with.

The stock stack the game server is built on (uvicorn with uvloop, httptools and
its websockets implementation, Starlette's WebSocket, permessage-deflate as
uvicorn offers it, one writer task per connection sending frame by frame), but no
rules, no storage and no redaction. The game server writes its frames its own way
(``server/wire.py``: in batches, straight to the socket, small frames uncompressed),
which costs less per frame than this stack does. The client speaks the game's protocol:

* ``{"type": "hello", "token": "ROOM-N"}`` joins room ``ROOM`` and gets a
  ``welcome``;
* ``{"type": "act", "client_id": ..., "action": {...}}`` is parsed with orjson,
  numbered in its room, and sent as one ``event`` frame (``seq``, ``action``,
  ``event``) to the room's *other* clients, with an ``ack`` (``client_id``,
  ``seq``) to the sender.

    .venv/bin/python -m bench.bare --port 8765
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib

import orjson
from starlette.applications import Starlette
from starlette.responses import JSONResponse
from starlette.routing import Route, WebSocketRoute
from starlette.websockets import WebSocket, WebSocketDisconnect

from server.wire import FrameProtocol, Outbound


class Peer:
    """One client: its frames go out through a writer task frame by frame (the stock
    stack), or, with ``--wire``, through the game server's own ``server.wire.Outbound``."""

    __slots__ = ("outbound", "queue", "ws")

    def __init__(self, ws: WebSocket) -> None:
        self.ws = ws
        self.queue: asyncio.Queue[str | None] = asyncio.Queue()
        self.outbound = Outbound(ws) if WIRE else None

    def put(self, data: str) -> None:
        if self.outbound is not None:
            self.outbound.put(data.encode())
        else:
            self.queue.put_nowait(data)

    def end(self) -> None:
        if self.outbound is not None:
            self.outbound.end()
        else:
            self.queue.put_nowait(None)

    async def writer(self) -> None:
        if self.outbound is not None:
            await self.outbound.run()
            return
        while (data := await self.queue.get()) is not None:
            await self.ws.send_text(data)


class Room:
    __slots__ = ("peers", "seq")

    def __init__(self) -> None:
        self.peers: set[Peer] = set()
        self.seq = 0


ROOMS: dict[str, Room] = {}
WIRE = False
"""``--wire``: frames written as the game server writes them (``server/wire.py``)."""


async def healthz(request: object) -> JSONResponse:
    return JSONResponse({"status": "ok", "rooms": len(ROOMS)})


async def socket(ws: WebSocket) -> None:
    await ws.accept()
    peer = Peer(ws)
    writer = asyncio.create_task(peer.writer())
    room: Room | None = None
    try:
        while True:
            message = await ws.receive()
            if message["type"] == "websocket.disconnect":
                break
            text = message.get("text")
            frame = orjson.loads(text if text is not None else message.get("bytes") or b"null")
            if not isinstance(frame, dict):
                continue
            kind = frame.get("type")
            if kind == "act" and room is not None:
                room.seq += 1
                seq = room.seq
                event = orjson.dumps({"type": "event", "seq": seq, "action": seq,
                                      "event": frame.get("action")}).decode()
                for other in room.peers:
                    if other is not peer:
                        other.put(event)
                peer.put(orjson.dumps({"type": "ack", "client_id": frame.get("client_id"),
                                                    "seq": seq, "events": 1}).decode())
            elif kind == "hello" and room is None:
                name = str(frame.get("token") or "lobby").rsplit("-", 1)[0]
                room = ROOMS.setdefault(name, Room())
                room.peers.add(peer)
                peer.put(orjson.dumps({"type": "welcome", "seq": room.seq}).decode())
            elif kind == "ping":
                peer.put(orjson.dumps({"type": "pong", "t": frame.get("t")}).decode())
    except WebSocketDisconnect:
        pass
    finally:
        if room is not None:
            room.peers.discard(peer)
        peer.end()
        with contextlib.suppress(Exception, asyncio.CancelledError):
            await asyncio.wait_for(writer, timeout=2)


app = Starlette(routes=[Route("/healthz", healthz), WebSocketRoute("/ws", socket)])


def main() -> None:
    import uvicorn

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--wire", action="store_true",
                        help="write frames as the game server does (server/wire.py: in batches, "
                             "straight to the socket, small frames uncompressed)")
    args = parser.parse_args()
    global WIRE
    WIRE = args.wire
    # The game server's settings (server/commands.py): same frame limit and keepalive.
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning", ws_max_size=65_536,
                ws=FrameProtocol if args.wire else "auto",
                ws_ping_interval=20, ws_ping_timeout=30, timeout_graceful_shutdown=5)


if __name__ == "__main__":
    main()
