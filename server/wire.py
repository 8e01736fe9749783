"""A websocket's frames written to its socket in batches, not one ASGI send each.

Every frame the server sends is JSON encoded once (``protocol.encode``), often once for
many connections. Through Starlette's ``WebSocket.send_text`` and uvicorn's ASGI ``send``,
each frame to each connection cost a wake-up of the connection's writer task, a decode
to ``str`` and an encode back to bytes, two layers of awaits, the websockets library's
frame objects, and a ``write`` of its own: more than deciding and storing the action.

``crisis-table serve`` runs uvicorn with ``FrameProtocol``: uvicorn's own websockets
(sans-I/O) protocol, which also offers the application, in the ASGI scope's extensions
(``EXTENSION``), a ``FrameWriter``: it writes the text frames given to it (already
encoded JSON) in one ``transport.write``, each compressed with the connection's
permessage-deflate compressor, the very one the websockets library negotiated and
would use itself (so the compression context is the same whichever way a frame goes),
if it is at least ``COMPRESS_FROM`` bytes long. Control frames (pings, pongs, the close) go the
usual way.

When a connection is given a frame, it is not written at once: the ``Outbox`` of the event
loop flushes every connection given frames, one write each, once the loop has also run the
callbacks that were woken meanwhile. A commit's events and the acks of the actions it
stored (sent by each sender's task as it wakes) then go to a sender in one write, and one
callback flushes a whole class. Under an ASGI server without it (the test client), ``server.ws`` sends frame
by frame through ASGI, as before.
"""

from __future__ import annotations

import asyncio
import logging
import struct
import weakref
import zlib
from collections.abc import Sequence
from typing import Any, Protocol

from starlette.websockets import WebSocket
from uvicorn.protocols.utils import ClientDisconnected
from uvicorn.protocols.websockets.websockets_sansio_impl import WebSocketsSansIOProtocol
from websockets.extensions.permessage_deflate import PerMessageDeflate
from websockets.protocol import State

log = logging.getLogger("crisis_table.ws")

EXTENSION = "crisis_table.frames"
"""The ASGI scope's extension that holds a connection's ``FrameWriter`` (``{"writer": ...}``)."""

COMPRESS_FROM = 1024
"""A frame shorter than this is sent uncompressed (RFC 7692 lets each message say whether it
is compressed; the client inflates only those that are). Such a frame takes one TCP segment
either way, and compressing it in each of a class's connections cost more CPU than writing
it: every connection's compressor keeps its own window, so each small frame touched one more
compressor's memory (most of an event's frames are 150-400 bytes; views, welcomes and most
patches are larger, and still compressed, with the connection's context)."""
_TEXT = 0x81
"""FIN and the text opcode."""
_DEFLATED_TEXT = 0xC1
"""FIN, RSV1 (a compressed message, RFC 7692) and the text opcode."""
_SYNC_TAIL = b"\x00\x00\xff\xff"
"""What a sync flush ends with, left off a compressed message (RFC 7692, 7.2.1)."""


class FrameWriter:
    """Writes text frames to one connection's socket, several in one write."""

    def __init__(self, protocol: FrameProtocol) -> None:
        self._protocol = protocol
        self._deflate: PerMessageDeflate | None = None
        self._usable: bool | None = None

    @property
    def usable(self) -> bool:
        """False if the connection negotiated something these frames cannot honour (an
        extension other than permessage-deflate): then every frame goes through ASGI."""
        if self._usable is None:
            if not self._protocol.handshake_complete:
                return True  # nothing is sent before the handshake; asked again then
            extensions = self._protocol.conn.extensions
            self._deflate = next((e for e in extensions if isinstance(e, PerMessageDeflate)),
                                 None)
            self._usable = all(isinstance(e, PerMessageDeflate) for e in extensions)
        return self._usable

    def ready(self) -> bool:
        """Frames can be written at once: the connection is open and its socket's buffer is
        below the transport's high-water mark."""
        p = self._protocol
        return (p.handshake_complete and p.initial_response is None and not p.close_sent
                and not p.disconnected and p.writable.is_set() and p.conn.state is State.OPEN
                and not p.transport.is_closing())

    def write(self, payloads: Sequence[bytes]) -> None:
        """Write ``payloads`` (UTF-8 JSON, each one text message), in order, in one write.
        Only when ``ready()``."""
        if not self.usable:
            raise RuntimeError("this connection's frames go through ASGI")
        parts: list[bytes] = []
        deflate = self._deflate
        for payload in payloads:
            if deflate is not None and len(payload) >= COMPRESS_FROM:
                payload = _compress(deflate, payload)
                head = _DEFLATED_TEXT
            else:
                head = _TEXT
            length = len(payload)
            if length < 126:
                parts.append(bytes((head, length)))
            elif length < 65536:
                parts.append(struct.pack("!BBH", head, 126, length))
            else:
                parts.append(struct.pack("!BBQ", head, 127, length))
            parts.append(payload)
        self._protocol.transport.write(b"".join(parts))

    async def send(self, payloads: Sequence[bytes]) -> None:
        """Write ``payloads`` once the socket's buffer has room (as uvicorn's ``send`` waits);
        ``ClientDisconnected`` if the connection is gone."""
        await self._protocol.writable.wait()
        if not self.ready():
            raise ClientDisconnected()
        self.write(payloads)


def _compress(deflate: PerMessageDeflate, payload: bytes) -> bytes:
    """One message compressed as ``PerMessageDeflate.encode`` compresses it (a fresh
    compressor per message when the connection took no context takeover)."""
    if deflate.local_no_context_takeover:
        encoder = zlib.compressobj(wbits=-deflate.local_max_window_bits,
                                   **deflate.compress_settings)
    else:
        encoder = deflate.encoder
    data = encoder.compress(payload) + encoder.flush(zlib.Z_SYNC_FLUSH)
    if data[-4:] != _SYNC_TAIL:
        raise AssertionError("a sync flush ends with an empty stored block")
    return data[:-4]


class FrameProtocol(WebSocketsSansIOProtocol):
    """uvicorn's websockets protocol, with a ``FrameWriter`` in each connection's scope."""

    def handle_connect(self, event: Any) -> None:
        super().handle_connect(event)
        scope = getattr(self, "scope", None)  # none when the handshake was refused
        if scope is not None and not self.close_sent:
            scope["extensions"][EXTENSION] = {"writer": FrameWriter(self)}


def frame_writer(scope: Any) -> FrameWriter | None:
    """The connection's ``FrameWriter``, if its server offers one."""
    extension = (scope.get("extensions") or {}).get(EXTENSION)
    writer = extension.get("writer") if isinstance(extension, dict) else None
    return writer if isinstance(writer, FrameWriter) else None


class Flushable(Protocol):
    def flush(self) -> None: ...


class Outbox:
    """The connections of one event loop that have frames to write, flushed together."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop
        self._dirty: list[Flushable] = []
        self._scheduled = False

    def add(self, connection: Flushable) -> None:
        """Flush ``connection`` soon (once per flush: it keeps a flag of its own)."""
        self._dirty.append(connection)
        if not self._scheduled:
            self._scheduled = True
            self._loop.call_soon(self._after_woken)

    def _after_woken(self) -> None:
        # The callbacks scheduled with this one (tasks woken by the same commit) run first.
        self._loop.call_soon(self._flush)

    def _flush(self) -> None:
        self._scheduled = False
        dirty, self._dirty = self._dirty, []
        for connection in dirty:
            try:
                connection.flush()
            except Exception:  # one connection's failure is not the others'
                log.exception("a websocket's frames could not be written")


_OUTBOXES: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, Outbox] = \
    weakref.WeakKeyDictionary()


def outbox() -> Outbox:
    """This event loop's Outbox."""
    loop = asyncio.get_running_loop()
    found = _OUTBOXES.get(loop)
    if found is None:
        found = _OUTBOXES[loop] = Outbox(loop)
    return found


class Outbound:
    """One connection's frames on their way to its socket, in order.

    ``put`` keeps a frame and asks the loop's ``Outbox`` for a flush, which writes every
    frame kept meanwhile in one write when the socket can take it at once. Otherwise (the
    socket's buffer is full, the server offers no ``FrameWriter``, or a batch is being sent)
    the connection's writer task (``run``) sends them, in order: once the buffer has room,
    or frame by frame through ASGI. ``end`` stops it once what was kept before is sent.
    """

    def __init__(self, ws: WebSocket) -> None:
        self.ws = ws
        self.frames = frame_writer(ws.scope)
        self.pending: list[bytes] = []
        """Frames not yet written, in order."""
        self.ended = False
        """No more frames are taken (a close), or the client is gone."""
        self._outbox = outbox()
        self._flush_soon = False
        self._wake = asyncio.Event()
        self._writing = False

    def put(self, data: bytes) -> None:
        self.pending.append(data)
        if not self._flush_soon:
            self._flush_soon = True
            self._outbox.add(self)

    def flush(self) -> None:
        self._flush_soon = False
        if not self.pending or self._writing:
            return  # the writer task takes them once its send is done
        frames = self.frames
        if frames is not None and frames.usable and frames.ready():
            batch, self.pending = self.pending, []
            frames.write(batch)
        else:
            self._wake.set()

    def end(self) -> None:
        self.ended = True
        self._wake.set()

    async def run(self) -> bool:
        """The writer task: send what ``flush`` could not write at once, until ``end``.
        Whether the connection is still there to be closed."""
        while True:
            await self._wake.wait()
            self._wake.clear()
            while self.pending:
                batch, self.pending = self.pending, []
                self._writing = True
                try:
                    await self._send(batch)
                except Exception:  # the client is gone: nothing more reaches it
                    self.ended = True
                    self.pending = []
                    return False
                finally:
                    self._writing = False
                # Not kept while waiting for the next: a welcome or a view is tens of KB, and
                # a class of connections each holding its last one adds up.
                batch = []
            if self.ended:
                return True

    async def _send(self, batch: list[bytes]) -> None:
        frames = self.frames
        if frames is not None and frames.usable:
            await frames.send(batch)
        else:
            for data in batch:
                await self.ws.send_text(data.decode())
