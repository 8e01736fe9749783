"""The websocket endpoint: one connection, one seat, frames in and out.

Lifecycle: CONNECTED -> (hello) -> JOINED -> CLOSED. Every frame from the
client is parsed once; whatever is wrong with it gets an ``error`` frame with
a code and the connection goes on, until ``abuse_strikes`` refusals of
frames (not of game actions) close it.

A seat's connection holds its token only as long as the store does: a seat reset,
removed or moved on any process closes the connection (4401, ``server.seats``), and
every student action carries the seat as the connection said hello (``SeatClaim``),
which the store checks in the very transaction that would store the action
(``server.group_commit``): an action of a seat that no longer holds is answered
``bad_token`` and its connection closed (4401), even before word of the remedy
reaches this process. A deleted game closes the connection with 4404. Nothing is
read from a connection once it is being closed.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

import orjson
from starlette.websockets import WebSocket, WebSocketDisconnect

from game_rules import RuleError
from game_rules.messages import N_, Msg, message
from server import protocol
from server.acting import Identity, action_from_client
from server.counters import MemoryCounters
from server.errors import ApiError
from server.games import Games
from server.greeting import greet, welcome_frame
from server.hub import GameHub
from server.liveview import LiveSeat
from server.overload import pressure
from server.protocol import (
    Act,
    FrameError,
    Hello,
    History,
    Ping,
    Roster,
    RosterSeat,
    parse_client_frame,
)
from server.seats import Seats
from server.settings import Limits
from server.store import SeatClaim
from server.wire import Outbound

log = logging.getLogger("crisis_table.ws")

SEND_QUEUE_LIMIT = 5000

# The protocol's refusals, as messages (each page renders them in its reader's language).
NOT_JSON = message(N_("The frame is not valid JSON."))
AT_CAPACITY = message(N_("The server is at capacity: nothing was done. Send it again in a "
                         "moment."))
TOO_MANY_PINGS = message(N_("Too many pings at once; one every few seconds is plenty."))
TOO_MANY_ACTIONS = message(N_("Too many actions at once; wait a moment and send again."))
NOT_JOINED = message(N_("Send hello first."))
ALREADY_JOINED = message(N_("This connection has already said hello."))
UNKNOWN_SEAT = message(N_("This seat or code is not known: it may have been reset or removed. "
                          "Join again with the game's code."))


class Connection:
    """One websocket, seen by the hub as a sink of frames."""

    def __init__(self, ws: WebSocket, games: Games, seats: Seats, limits: Limits) -> None:
        self.ws = ws
        self.games = games
        self.seats = seats
        self.limits = limits
        self.viewer = "public"
        self.identity = Identity("public")
        self.history_seq = 0
        self.history_messages = 0
        """The seat sat down late in its team: see ``server.fanout``."""
        self.hub: GameHub | None = None
        self.out = Outbound(ws)
        """The frames on their way to the socket (``server.wire``)."""
        self.own_counters = MemoryCounters()
        """A connection without a seat counts its own frames (it cannot act)."""
        self.strikes = 0
        self.close_code: int | None = None
        self.close_reason = ""
        self.pressure = pressure()
        self.live: LiveSeat | None = None
        """What this connection's browser has (hello with ``views``): see server/liveview.py."""
        self.token_hash: str | None = None
        """The hash of the seat's token, as the store held it at ``hello``."""

    # Sink.

    def send_bytes(self, data: bytes) -> None:
        """Queue a frame (written soon after, with the others the connection is given
        meanwhile: ``server.wire.Outbound``)."""
        if self.out.ended:
            return  # being closed: what came before the close was all there is
        if len(self.out.pending) > SEND_QUEUE_LIMIT:
            self.close_soon(1013, "too slow to keep up")
            return
        self.out.put(data)

    def backlog(self) -> int:
        return len(self.out.pending)

    def close_soon(self, code: int, reason: str) -> None:
        if self.close_code is None:
            self.close_code = code
            self.close_reason = reason
            # After what the current frame's handler still sends (the error that explains
            # the close goes out first).
            asyncio.get_running_loop().call_soon(self.out.end)

    @property
    def seat_id(self) -> str | None:
        return self.identity.seat_id

    def send_frame(self, frame: protocol.ServerFrame) -> None:
        self.send_bytes(protocol.encode(frame))

    def error(self, code: str, text: str | Msg, client_id: str | None = None,
              retry_after: float | None = None, msg: dict[str, Any] | None = None) -> None:
        """An error frame: ``text`` a message (its English and ``msg`` go out), or an English
        text with ``msg`` beside it."""
        self.send_frame(protocol.error(code, text, client_id, retry_after, msg))

    async def writer(self) -> None:
        """Send what could not be written at once, in order; then close (unless the client
        is gone)."""
        if await self.out.run():
            with contextlib.suppress(Exception):
                await self.ws.close(self.close_code or 1000, self.close_reason)

    def strike(self) -> None:
        self.strikes += 1
        if self.strikes >= self.limits.abuse_strikes:
            self.close_soon(1008, "too many bad frames")

    # Frames.

    def holds(self, seat: dict[str, Any] | None) -> bool:
        """Whether the seat as the store holds it now is still the one this connection
        said hello as (not removed, the same token, role and country)."""
        me = self.identity
        return (seat is not None and not seat["removed"] and seat["token_hash"] == self.token_hash
                and seat["role"] == me.role and seat["country"] == me.country)

    async def handle(self, text: str) -> None:
        if self.close_code is not None:
            return  # being closed (a remedy, an unloaded game): nothing more is done for it
        if self.hub is not None and self.hub.closed:
            self.close_soon(self.hub.close_code, "the game was unloaded")
            return
        if len(text.encode()) > self.limits.frame_bytes:
            self.strike()
            self.error("frame_too_large", message(N_("A frame has at most {count} bytes."),
                                                  count=self.limits.frame_bytes))
            return
        try:
            data = orjson.loads(text)
        except orjson.JSONDecodeError:
            self.strike()
            self.error("malformed_frame", NOT_JSON)
            return
        if self.hub is not None and isinstance(data, dict) and data.get("type") == "act":
            # At capacity, an action is refused before it costs anything more (server/overload.py).
            wait = self.pressure.refuse(self.hub.writer.waiting, self.limits.overload)
            if wait is not None:
                self.error("overloaded", AT_CAPACITY, _client_id(data), retry_after=wait)
                return
        try:
            frame = parse_client_frame(data)
        except FrameError as err:
            self.strike()
            self.error(err.code, err.message, _client_id(data), msg=err.msg.to_json())
            return
        if isinstance(frame, Hello):
            await self.hello(frame)
        elif isinstance(frame, Ping):
            if await self.allowed("ping", self.limits.pings_per_second, self.limits.ping_burst,
                                  TOO_MANY_PINGS):
                self.send_frame(protocol.Pong(type="pong", t=frame.t,
                                              seq=self.hub.seq if self.hub else 0))
        elif self.hub is None:
            self.strike()
            self.error("not_joined", NOT_JOINED,
                       frame.client_id if isinstance(frame, Act) else None)
        elif isinstance(frame, Act):
            await self.act(frame)
        elif not await self.allowed("sync", self.limits.syncs_per_second, self.limits.sync_burst,
                                    message(N_("Too many {type} requests; wait a moment."),
                                            type=frame.type),
                                    retry_after=1.0 / self.limits.syncs_per_second):
            pass
        elif isinstance(frame, History):
            self.send_bytes(self.hub.history_frame(self.viewer, frame.channel, frame.before,
                                                   frame.limit, self.history_messages))
        else:
            self.send_bytes(self.hub.fresh_view_frame(self))

    async def allowed(self, kind: str, rate: float, burst: int, said: Msg,
                      client_id: str | None = None, retry_after: float | None = None) -> bool:
        """Whether a frame of ``kind`` is within its rate: per seat, across all the seat's
        connections and every process (``server.counters``); per connection for a
        connection without a seat. If not, the error ``rate_limited`` says so. (``sync``
        and ``history`` share one allowance: each sends messages.)"""
        key = self.identity.seat_key
        if key is not None and self.hub is not None:
            owner = f"{self.hub.meta.id}:instructor" if key == "instructor" else key
            ok = await self.games.counters.take(f"{kind}:{owner}", rate, burst)
        else:
            ok = await self.own_counters.take(kind, rate, burst)
        if not ok:
            self.strike()
            self.error("rate_limited", said, client_id, retry_after)
        return ok

    async def hello(self, frame: Hello) -> None:
        if self.hub is not None:
            self.error("already_joined", ALREADY_JOINED)
            return
        address = self.ws.client.host if self.ws.client else "unknown"
        try:
            greeting = await greet(frame, self.ws.cookies, address, self.games, self.seats)
        except ApiError as err:  # too many join codes guessed from this address
            self.strike()
            self.error(err.code, err.message, msg=err.msg())
            return
        if greeting is None:
            self.strike()
            self.error("bad_token", UNKNOWN_SEAT)
            return
        self.identity, self.viewer = greeting.identity, greeting.viewer
        self.token_hash = greeting.token_hash
        self.history_seq, self.history_messages = greeting.history_seq, greeting.history_messages
        hub = await self.games.hub(greeting.game["id"])
        self.hub = hub
        if frame.views:
            self.live = LiveSeat()
        seq, missed, view = await hub.attach(self, frame.last_seq, self.limits.resume_gap)
        if hub.closed:  # unloaded meanwhile: connect again
            hub.detach(self)
            self.hub = None
            self.close_soon(hub.close_code, "the game was unloaded")
            return
        welcome = welcome_frame(hub, self.identity, seq, view, frame.last_seq, missed)
        # The welcome goes first: put it ahead of the missed events already queued.
        missed_frames, self.out.pending = self.out.pending, []
        self.send_frame(welcome)
        self.out.pending += missed_frames
        self.seats.presence.connected(hub.meta.id, self.seat_id, +1)
        if self.identity.role == "instructor":
            listeners = self.seats.presence.roster_listeners.setdefault(hub.meta.id, set())
            listeners.add(self.send_roster)
            self.send_roster()

    def send_roster(self) -> None:
        if self.hub is None:
            return
        hub_id = self.hub.meta.id
        task = self.games.spawn(self.seats.presence.roster(hub_id))

        def done(t: asyncio.Task[list[dict[str, Any]]]) -> None:
            if not t.cancelled() and t.exception() is None:
                self.send_frame(Roster(type="roster", seats=[
                    RosterSeat(seat_id=s["seat_id"], nickname=s["nickname"],
                               country=s["country"], role=s["role"], online=s["online"])
                    for s in t.result()]))

        task.add_done_callback(done)

    async def act(self, frame: Act) -> None:
        assert self.hub is not None
        if not await self.allowed("act", self.limits.actions_per_second, self.limits.burst,
                                  TOO_MANY_ACTIONS,
                                  frame.client_id):
            return
        try:
            action = action_from_client(self.identity, frame.action)
        except RuleError as err:
            self.error(err.code, err.message, frame.client_id,
                       msg=err.msg.to_json() if err.msg is not None else None)
            return
        me = self.identity
        claim = None
        if me.role == "student" and me.seat_id is not None and self.token_hash is not None:
            # Stored only if the store's seat still holds, on whichever process commits it.
            claim = SeatClaim(me.seat_id, self.token_hash, me.country)
        outcome = await self.hub.submit(action, seat_id=me.seat_key, client_id=frame.client_id,
                                        claim=claim)
        if outcome.ok:
            self.send_frame(protocol.Ack(type="ack", client_id=frame.client_id, seq=outcome.seq,
                                         events=outcome.events, duplicate=outcome.duplicate))
        else:
            self.error(outcome.code, outcome.message, frame.client_id, msg=outcome.msg)
            if outcome.code == "bad_token":  # reset, removed or moved, on some process
                self.close_soon(4401, "seat changed")

    def detach(self) -> None:
        if self.hub is not None:
            self.hub.detach(self)
            self.seats.presence.connected(self.hub.meta.id, self.seat_id, -1)
            listeners = self.seats.presence.roster_listeners.get(self.hub.meta.id)
            if listeners is not None:
                listeners.discard(self.send_roster)


def _client_id(data: Any) -> str | None:
    """The ``client_id`` of a frame not (yet) parsed, to answer it by; None if it has none
    a client could have sent."""
    client_id = data.get("client_id") if isinstance(data, dict) else None
    return client_id if isinstance(client_id, str) and len(client_id) <= 80 else None


async def serve_socket(ws: WebSocket, games: Games, seats: Seats, limits: Limits) -> None:
    await ws.accept()
    conn = Connection(ws, games, seats, limits)
    writer = asyncio.create_task(conn.writer())
    try:
        while conn.close_code is None:
            received = await ws.receive()
            if received["type"] == "websocket.disconnect":
                break
            text = received.get("text")
            if text is None:
                raw = received.get("bytes") or b""
                try:
                    text = raw.decode()
                except UnicodeDecodeError:
                    conn.strike()
                    conn.error("malformed_frame", message(N_("Frames are UTF-8 JSON text.")))
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
