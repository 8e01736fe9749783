"""The websocket endpoint: one connection, one seat, frames in and out.

Lifecycle: CONNECTED -> (hello) -> JOINED -> CLOSED. Every frame from the
client is parsed once; whatever is wrong with it gets an ``error`` frame with
a code and the connection goes on, until ``abuse_strikes`` refusals of
frames (not of game actions) close it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from typing import Any

import orjson
from starlette.websockets import WebSocket, WebSocketDisconnect

from server.auth import normalize_code
from server.errors import ApiError
from server.games import Games
from server.hub import GameHub
from server.protocol import (
    Act,
    Error,
    FrameError,
    GameInfo,
    Hello,
    Ping,
    Roster,
    RosterSeat,
    SeatInfo,
    Welcome,
    parse_client_frame,
)
from server.settings import Limits

log = logging.getLogger("crisis_table.ws")

SEND_QUEUE_LIMIT = 5000
VIEW_DELAY = 0.15


class TokenBucket:
    def __init__(self, rate: float, burst: int) -> None:
        self.rate = rate
        self.burst = float(burst)
        self.tokens = float(burst)
        self.stamp = time.monotonic()

    def take(self) -> bool:
        now = time.monotonic()
        self.tokens = min(self.burst, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        if self.tokens >= 1.0:
            self.tokens -= 1.0
            return True
        return False


class Connection:
    """One websocket, seen by the hub as a sink of frames."""

    def __init__(self, ws: WebSocket, games: Games, limits: Limits) -> None:
        self.ws = ws
        self.games = games
        self.limits = limits
        self.viewer = "public"
        self.seat_id: str | None = None
        self.role = "public"
        self.country: str | None = None
        self.hub: GameHub | None = None
        self.queue: asyncio.Queue[bytes | None] = asyncio.Queue()
        self.bucket = TokenBucket(limits.actions_per_second, limits.burst)
        self.strikes = 0
        self.close_code: int | None = None
        self.close_reason = ""
        self.wants_views = False
        self.nickname: str | None = None
        self._view_pending = False

    # Sink.

    def send_bytes(self, data: bytes) -> None:
        if self.queue.qsize() > SEND_QUEUE_LIMIT:
            self.close_soon(1013, "too slow to keep up")
            return
        self.queue.put_nowait(data)

    def changed(self) -> None:
        """The game changed: push a fresh view soon, once for a burst of changes."""
        if self.wants_views and not self._view_pending and self.close_code is None:
            self._view_pending = True
            asyncio.get_running_loop().call_later(VIEW_DELAY, self._push_view)

    def _push_view(self) -> None:
        self._view_pending = False
        if self.hub is not None and self.close_code is None:
            self.send_bytes(self.hub.view_frame(self.viewer))

    def close_soon(self, code: int, reason: str) -> None:
        if self.close_code is None:
            self.close_code = code
            self.close_reason = reason
            # After what the current frame's handler still sends (the error that explains
            # the close goes out first).
            asyncio.get_running_loop().call_soon(self.queue.put_nowait, None)

    def send_model(self, frame: Any) -> None:
        self.send_bytes(orjson.dumps(frame.model_dump(mode="json")))

    def error(self, code: str, message: str, client_id: str | None = None) -> None:
        self.send_model(Error(code=code, message=message, client_id=client_id))

    async def writer(self) -> None:
        while True:
            data = await self.queue.get()
            if data is None:
                break
            await self.ws.send_text(data.decode())
            # Not kept while waiting for the next: a welcome or a view is tens of KB, and
            # a class of connections each holding its last one adds up.
            data = None
        with contextlib.suppress(Exception):
            await self.ws.close(self.close_code or 1000, self.close_reason)

    def strike(self) -> None:
        self.strikes += 1
        if self.strikes >= self.limits.abuse_strikes:
            self.close_soon(1008, "too many bad frames")

    # Frames.

    async def handle(self, text: str) -> None:
        if len(text.encode()) > self.limits.frame_bytes:
            self.strike()
            self.error("frame_too_large",
                       f"A frame has at most {self.limits.frame_bytes} bytes.")
            return
        try:
            data = orjson.loads(text)
        except orjson.JSONDecodeError:
            self.strike()
            self.error("malformed_frame", "The frame is not valid JSON.")
            return
        try:
            frame = parse_client_frame(data)
        except FrameError as err:
            self.strike()
            client_id = data.get("client_id") if isinstance(data, dict) else None
            self.error(err.code, err.message,
                       client_id if isinstance(client_id, str) and len(client_id) <= 80 else None)
            return
        if isinstance(frame, Hello):
            await self.hello(frame)
        elif isinstance(frame, Ping):
            self.send_bytes(orjson.dumps({"type": "pong", "t": frame.t,
                                          "seq": self.hub.seq if self.hub else 0}))
        elif self.hub is None:
            self.strike()
            self.error("not_joined", "Send hello first.",
                       frame.client_id if isinstance(frame, Act) else None)
        elif isinstance(frame, Act):
            await self.act(frame)
        else:
            self.send_bytes(self.hub.view_frame(self.viewer))

    async def hello(self, frame: Hello) -> None:
        if self.hub is not None:
            self.error("already_joined", "This connection has already said hello.")
            return
        games = self.games
        game_row: dict[str, Any] | None = None
        nickname = None
        token = frame.token
        if not token and frame.game and not frame.watch:
            token = self.ws.cookies.get(f"ct_seat_{normalize_code(frame.game)}")
        if token:
            seat = await games.seat_for_token(token)
            if seat is not None:
                game_row = await games.store.game(seat["game_id"])
                self.seat_id = seat["id"]
                nickname = seat["nickname"]
                self.role = seat["role"]
                self.country = seat["country"]
                self.viewer = seat["country"] if (seat["role"] == "student" and seat["country"]) \
                    else "public"
            else:
                game_row = await games.game_for_key(token)
                if game_row is not None:
                    self.role = "instructor"
                    self.viewer = "instructor"
                    self.seat_id = None
        elif frame.game:
            address = self.ws.client.host if self.ws.client else "?"
            if games.code_failures.blocked(address):
                self.strike()
                self.error("too_many_attempts", "Too many wrong join codes from this address; "
                                                "wait a minute.")
                return
            with contextlib.suppress(ApiError):
                game_row = await games.by_code(frame.game)
            if game_row is None:
                games.code_failures.hit(address)
            self.role = "public"
            self.viewer = "public"
        if game_row is None:
            self.strike()
            self.error("bad_token", "This seat or code is not known: it may have been reset or "
                                    "removed. Join again with the game's code.")
            return
        hub = await games.hub(game_row["id"])
        self.hub = hub
        self.wants_views = frame.views
        seq, missed, view = await hub.attach(self, frame.last_seq, self.limits.resume_gap)
        welcome = Welcome(
            game=GameInfo(id=hub.meta.id, code=hub.meta.code, title=hub.meta.title,
                          scenario=hub.meta.scenario_id),
            seat=SeatInfo(role=self.role, country=self.country,  # type: ignore[arg-type]
                          nickname=nickname, seat_id=self.seat_id),
            seq=seq, view=view, now=hub.clock(), resumed_from=frame.last_seq,
            missed=missed)
        self.nickname = nickname
        # The welcome goes first: put it ahead of the missed events already queued.
        pending = []
        while not self.queue.empty():
            item = self.queue.get_nowait()
            if item is not None:
                pending.append(item)
        self.send_model(welcome)
        for item in pending:
            self.queue.put_nowait(item)
        games.connected(hub.meta.id, self.seat_id, +1)
        if self.role == "instructor":
            listeners = games.roster_listeners.setdefault(hub.meta.id, set())
            listeners.add(self.send_roster)
            self.send_roster()

    def send_roster(self) -> None:
        if self.hub is None:
            return
        hub_id = self.hub.meta.id
        task = self.games.spawn(self.games.roster(hub_id))

        def done(t: asyncio.Task[list[dict[str, Any]]]) -> None:
            if not t.cancelled() and t.exception() is None:
                self.send_model(Roster(seats=[RosterSeat(**s) for s in t.result()]))

        task.add_done_callback(done)

    async def act(self, frame: Act) -> None:
        assert self.hub is not None
        if not self.bucket.take():
            self.strike()
            self.error("rate_limited", "Too many actions at once; wait a moment and send again.",
                       frame.client_id)
            return
        action = frame.action
        if self.role == "instructor":
            actor = action.get("actor") or "instructor"
            if not isinstance(actor, str) or actor == "system":
                self.error("not_allowed", "The instructor acts as the instructor or as a country.",
                           frame.client_id)
                return
            seat_key: str | None = "instructor"
        elif self.role != "student":
            self.error("read_only", "Observers and the projector watch; they cannot act.",
                       frame.client_id)
            return
        elif self.country is None:
            self.error("seat_unassigned", "Your seat has no country yet; ask the instructor.",
                       frame.client_id)
            return
        else:
            actor = self.country
            claimed = action.get("actor")
            if claimed not in (None, actor):
                self.error("not_your_country",
                           f"You sit for {actor}; you cannot act for {str(claimed)[:10]}.",
                           frame.client_id)
                return
            seat_key = self.seat_id
        body = {k: v for k, v in action.items() if k not in ("actor", "at", "author")}
        if body.get("kind") == "say":
            author = self.nickname if self.role == "student" else (
                "instructor" if actor != "instructor" else None)
            if author:
                body["author"] = author
        await self.games.caretake_before_start(self.hub, body, actor)
        outcome = await self.hub.submit(body, actor=actor, seat_id=seat_key,
                                        client_id=frame.client_id)
        if outcome.ok:
            self.send_bytes(orjson.dumps({"type": "ack", "client_id": frame.client_id,
                                          "seq": outcome.seq, "events": outcome.events,
                                          "duplicate": outcome.duplicate}))
        else:
            self.error(outcome.code, outcome.message, frame.client_id)

    def detach(self) -> None:
        if self.hub is not None:
            self.hub.detach(self)
            self.games.connected(self.hub.meta.id, self.seat_id, -1)
            listeners = self.games.roster_listeners.get(self.hub.meta.id)
            if listeners is not None:
                listeners.discard(self.send_roster)


async def serve_socket(ws: WebSocket, games: Games, limits: Limits) -> None:
    await ws.accept()
    conn = Connection(ws, games, limits)
    writer = asyncio.create_task(conn.writer())
    try:
        while conn.close_code is None:
            message = await ws.receive()
            if message["type"] == "websocket.disconnect":
                break
            text = message.get("text")
            if text is None:
                raw = message.get("bytes") or b""
                try:
                    text = raw.decode()
                except UnicodeDecodeError:
                    conn.strike()
                    conn.error("malformed_frame", "Frames are UTF-8 JSON text.")
                    continue
            await conn.handle(text)
    except WebSocketDisconnect:
        pass
    except Exception:
        log.exception("websocket failed")
    finally:
        conn.detach()
        conn.close_soon(1000, "")
        with contextlib.suppress(Exception, asyncio.CancelledError):
            await asyncio.wait_for(writer, timeout=2)
        if not writer.done():
            writer.cancel()
