"""Frames written to a websocket in batches (``server.wire``) and a connection's queue of
frames (``server.ws.Connection``): every frame arrives, once, in order, whole, with and
without permessage-deflate, whichever way each frame went (a batch, or ASGI's send), and a
connection whose socket is full waits instead of dropping or reordering."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator, Sequence
from typing import Any

import pytest
import uvicorn
from starlette.applications import Starlette
from starlette.routing import WebSocketRoute
from starlette.websockets import WebSocket
from websockets.asyncio.client import connect

from bench.harness import HOST, free_port
from server.settings import Limits
from server.wire import COMPRESS_FROM, FrameProtocol, FrameWriter, frame_writer
from server.ws import Connection

SIZES = [0, 1, 125, 126, 127, 65535, 65536, 200_000]
"""Payload sizes around each of the frame header's length forms."""


def _payload(i: int, size: int) -> bytes:
    """A JSON text of about ``size`` bytes, not all of it compressible, with non-ASCII text."""
    body = json.dumps({"i": i, "text": "é✓" + "".join(chr(0x41 + (k * 7919 + i) % 58)
                                                      for k in range(size))})
    return body.encode()


SENT: list[bytes] = [_payload(i, size) for i, size in enumerate(SIZES * 2)]
writes: list[int] = []
"""The number of payloads in each ``FrameWriter.write`` of the test server."""
raw: list[bytes] = []
"""What each ``FrameWriter.write`` of the test server wrote to the socket."""


def _frames(data: bytes) -> list[tuple[int, int]]:
    """The (first header byte, payload length) of each unmasked frame in ``data``."""
    found = []
    while data:
        head, length, at = data[0], data[1] & 0x7F, 2
        if length == 126:
            length, at = int.from_bytes(data[2:4], "big"), 4
        elif length == 127:
            length, at = int.from_bytes(data[2:10], "big"), 10
        found.append((head, length))
        data = data[at + length:]
    return found


async def _socket(ws: WebSocket) -> None:
    await ws.accept()
    writer = frame_writer(ws.scope)
    assert writer is not None and writer.usable
    real_write = writer.write
    transport = writer._protocol.transport
    real_transport_write = transport.write

    def kept(data: bytes) -> None:
        raw.append(bytes(data))
        real_transport_write(data)

    def counted(payloads: Sequence[bytes]) -> None:
        writes.append(len(payloads))
        transport.write = kept  # type: ignore[method-assign,assignment]
        try:
            real_write(payloads)
        finally:
            transport.write = real_transport_write  # type: ignore[method-assign]

    writer.write = counted  # type: ignore[method-assign]
    half = len(SENT) // 2
    # A batch, then frames one by one through ASGI, then a batch again: one compression
    # context for all of them.
    writer.write(SENT[:3])
    for data in SENT[3:half]:
        await ws.send_text(data.decode())
    await writer.send(SENT[half:])
    await ws.receive()  # the client's close


@pytest.fixture
async def server() -> AsyncIterator[int]:
    port = free_port()
    config = uvicorn.Config(Starlette(routes=[WebSocketRoute("/ws", _socket)]), host=HOST,
                            port=port, log_level="warning", ws=FrameProtocol, lifespan="off")
    runner = uvicorn.Server(config)
    task = asyncio.create_task(runner.serve())
    for _ in range(200):
        if runner.started:
            break
        await asyncio.sleep(0.02)
    yield port
    runner.should_exit = True
    with contextlib.suppress(asyncio.CancelledError):
        await asyncio.wait_for(task, 10)


@pytest.mark.parametrize("compression", ["deflate", None])
async def test_every_frame_arrives_once_in_order_whole(server: int, compression: str | None) -> None:
    writes.clear()
    raw.clear()
    async with connect(f"ws://{HOST}:{server}/ws", compression=compression,
                       max_size=None) as ws:
        negotiated = ws.response.headers.get("Sec-WebSocket-Extensions") if ws.response else None
        assert (negotiated is not None) == (compression is not None)
        got = [await asyncio.wait_for(ws.recv(), 10) for _ in SENT]
    assert [g.encode() if isinstance(g, str) else g for g in got] == SENT
    assert all(isinstance(g, str) for g in got)  # text frames
    assert writes == [3, len(SENT) - len(SENT) // 2]
    # Each batch is one write; a frame is compressed (RSV1) if deflate was negotiated and it
    # is at least COMPRESS_FROM bytes long; every frame is a final text frame.
    assert len(raw) == 2
    batched = SENT[:3] + SENT[len(SENT) // 2:]
    heads = [head for data in raw for head, _ in _frames(data)]
    assert heads == [0xC1 if compression and len(p) >= COMPRESS_FROM else 0x81 for p in batched]
    lengths = [length for data in raw for _, length in _frames(data)]
    assert [n for n, p in zip(lengths, batched, strict=True) if len(p) < COMPRESS_FROM] == \
        [len(p) for p in batched if len(p) < COMPRESS_FROM]


class FakeWriter(FrameWriter):
    """A ``FrameWriter`` without a socket: it records what it writes, and its buffer can be
    made full (``full``), as a slow client's is."""

    def __init__(self) -> None:
        self._usable = True
        self.full = False
        self.writes: list[list[bytes]] = []
        self.room = asyncio.Event()
        self.room.set()

    def ready(self) -> bool:
        return not self.full

    def write(self, payloads: Sequence[bytes]) -> None:
        assert not self.full
        self.writes.append(list(payloads))

    async def send(self, payloads: Sequence[bytes]) -> None:
        await self.room.wait()
        self.full = False
        self.write(payloads)


class FakeSocket:
    def __init__(self, writer: FakeWriter) -> None:
        self.scope: dict[str, Any] = {"extensions": {"crisis_table.frames": {"writer": writer}}}
        self.closed: tuple[int, str] | None = None

    async def close(self, code: int, reason: str) -> None:
        self.closed = (code, reason)


async def _turn() -> None:
    for _ in range(3):
        await asyncio.sleep(0)


async def test_a_connection_writes_what_one_callback_gave_it_in_one_write() -> None:
    writer = FakeWriter()
    socket = FakeSocket(writer)
    conn = Connection(socket, None, None, Limits())  # type: ignore[arg-type]
    assert conn.out.frames is writer
    task = asyncio.create_task(conn.writer())
    for data in (b"1", b"2", b"3"):
        conn.send_bytes(data)
    await _turn()
    conn.send_bytes(b"4")
    await _turn()
    assert writer.writes == [[b"1", b"2", b"3"], [b"4"]]

    # The socket's buffer is full: frames wait, in order, for the writer task, and what
    # comes while it waits goes after them.
    writer.full = True
    writer.room.clear()
    conn.send_bytes(b"5")
    conn.send_bytes(b"6")
    await _turn()
    conn.send_bytes(b"7")
    await _turn()
    assert writer.writes == [[b"1", b"2", b"3"], [b"4"]]
    assert conn.backlog() == 1  # "5" and "6" are with the writer task
    writer.room.set()
    await _turn()
    assert writer.writes == [[b"1", b"2", b"3"], [b"4"], [b"5", b"6"], [b"7"]]

    # A close: what was queued before it goes out, nothing after it, and the socket closes.
    conn.send_bytes(b"8")
    conn.close_soon(1008, "too many bad frames")
    conn.send_bytes(b"9")  # the error that explains the close, in the same handler
    await _turn()
    conn.send_bytes(b"10")
    await asyncio.wait_for(task, 5)
    sent = [data for batch in writer.writes for data in batch]
    assert sent == [str(n).encode() for n in range(1, 10)]
    assert socket.closed == (1008, "too many bad frames")


async def test_the_frames_of_a_commit_and_the_acks_it_wakes_go_in_one_write() -> None:
    """A commit delivers an action's event to every connection and then wakes the sender's
    task, which sends the ack: each connection writes once, the event before the ack."""
    writers = [FakeWriter() for _ in range(3)]
    conns = [Connection(FakeSocket(w), None, None, Limits())  # type: ignore[arg-type]
             for w in writers]
    tasks = [asyncio.create_task(c.writer()) for c in conns]
    stored = asyncio.get_running_loop().create_future()

    async def sender() -> None:
        await stored
        conns[0].send_bytes(b"ack")

    acking = asyncio.create_task(sender())
    await _turn()
    for c in conns:
        c.send_bytes(b"event")
    stored.set_result(None)
    await _turn()
    await acking
    assert writers[0].writes == [[b"event", b"ack"]]
    assert writers[1].writes == writers[2].writes == [[b"event"]]
    for c in conns:
        c.close_soon(1000, "")
    await asyncio.wait_for(asyncio.gather(*tasks), 5)


async def test_without_a_frame_writer_frames_go_one_by_one_through_asgi() -> None:
    class AsgiSocket:
        def __init__(self) -> None:
            self.scope: dict[str, Any] = {"extensions": {}}
            self.texts: list[str] = []
            self.closed: int | None = None

        async def send_text(self, text: str) -> None:
            await asyncio.sleep(0)
            self.texts.append(text)

        async def close(self, code: int, reason: str) -> None:
            self.closed = code

    socket = AsgiSocket()
    conn = Connection(socket, None, None, Limits())  # type: ignore[arg-type]
    assert conn.out.frames is None
    task = asyncio.create_task(conn.writer())
    for n in range(5):
        conn.send_bytes(f'{{"n": {n}}}'.encode())
    await _turn()
    conn.send_bytes(b'{"n": 5}')
    conn.close_soon(1000, "")
    await asyncio.wait_for(task, 5)
    assert socket.texts == [f'{{"n": {n}}}' for n in range(6)]
    assert socket.closed == 1000
