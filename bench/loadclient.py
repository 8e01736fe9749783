"""The load clients of ``bench.load``: one process, one uvloop event loop, many websockets.

A client process gets whole games (rooms), so that the sender of an action
and every other client of its game share one process and one clock. Each
connection is a small hand-written websocket client (``RawSocket``, an
``asyncio.Protocol``): the per-frame work of a general-purpose client library
costs more CPU than the server spends on a frame, and this machine has two
cores for the server and the clients together. It speaks RFC 6455 with
permessage-deflate as a browser negotiates it (context takeover both ways,
the window the server asks for): frames it sends are compressed, frames it
receives are inflated.

What a process measures, for each segment of the schedule (warm-up,
steady, saturation steps), by the time an action was *sent*:

* send -> ``ack`` of the action (its ``client_id``);
* send -> the ``event`` with the ack's ``seq`` at every *other* client of the
  same game (an event can arrive before the sender's ack: it is kept until
  the ack names its seq), and apart, the deliveries to a client connected to
  another server process than the sender's (``conf["ports"]`` lists the
  processes; a game's entry says which one each of its clients connects to);
* sent, acked, refused (by error code), skipped (the client already had
  ``max_inflight`` actions unanswered: the open-loop rate is cut so a
  saturated server is not buried under an unbounded backlog), deferred (the
  server refused an action with ``overloaded`` and a ``retry_after``: the client
  sends nothing until that time has passed, as the web client does), and resent
  (the server answered ``server_busy``: it could not learn the action's answer in
  time, and the action may still be stored; like the web client, the client sends
  it again with the same ``client_id`` after ``retry_after`` (1 s if none) plus up
  to as much again at random, and waits for its answer, which is the first one,
  ``duplicate: true``, if it was stored; its latency counts from the first send).
"""

from __future__ import annotations

import asyncio
import base64
import os
import random
import resource
import time
import zlib
from array import array
from collections import Counter
from multiprocessing.connection import Connection
from typing import Any

import orjson

RESEND_CODES = frozenset({"server_busy"})
"""Errors after which the action is sent again with the same client_id (its answer is unknown)."""

TEXTS = [
    "Colleagues, the attack is a flagrant breach of the Charter.",
    "We call for an immediate ceasefire and the withdrawal of all forces.",
    "Our delegation cannot support language that prejudges the facts.",
    "The humanitarian situation is deteriorating by the hour.",
    "We are ready to work on a text that can unite the Council.",
    "Sanctions without a determination under Article 39 will not pass.",
    "The Alliance must speak with one voice.",
    "We need time to consult our capital before the vote.",
]

_TAIL = b"\x00\x00\xff\xff"


class RawSocket(asyncio.Protocol):
    """A minimal websocket client: handshake, framing, permessage-deflate, ping/pong."""

    def __init__(self, host: str, port: int, path: str, deflate: bool, client: Client) -> None:
        self.host, self.port, self.path = host, port, path
        self.deflate = deflate
        self.client = client
        self.transport: asyncio.Transport | None = None
        self.buf = bytearray()
        self.open = False
        self.closed = False
        self.inflate: Any = None
        self.inflate_reset = False
        self.compress: Any = None
        self.compress_bits = 15
        self.compress_reset = False
        self.fragments: list[bytes] = []
        self.fragment_compressed = False
        self.opened: asyncio.Future[None] = asyncio.get_running_loop().create_future()

    # asyncio.Protocol

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]
        key = base64.b64encode(os.urandom(16)).decode()
        lines = [f"GET {self.path} HTTP/1.1", f"Host: {self.host}:{self.port}",
                 "Upgrade: websocket", "Connection: Upgrade", f"Sec-WebSocket-Key: {key}",
                 "Sec-WebSocket-Version: 13", "Origin: http://" + f"{self.host}:{self.port}"]
        if self.deflate:
            lines.append("Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits")
        self.transport.write(("\r\n".join(lines) + "\r\n\r\n").encode())  # type: ignore[union-attr]

    def data_received(self, data: bytes) -> None:
        self.buf += data
        if not self.open:
            end = self.buf.find(b"\r\n\r\n")
            if end < 0:
                return
            head = bytes(self.buf[:end]).decode("latin-1")
            del self.buf[:end + 4]
            self._handshake(head)
            if not self.open:
                return
        self._frames()

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed = True
        if not self.opened.done():
            self.opened.set_exception(ConnectionError(f"connection lost: {exc}"))
        self.client.lost(exc)

    # Handshake and frames.

    def _handshake(self, head: str) -> None:
        lines = head.split("\r\n")
        if not lines[0].startswith("HTTP/1.1 101"):
            self.opened.set_exception(ConnectionError(f"handshake refused: {lines[0]}"))
            assert self.transport is not None
            self.transport.close()
            return
        for line in lines[1:]:
            name, _, value = line.partition(":")
            if name.strip().lower() != "sec-websocket-extensions":
                continue
            params = [p.strip() for p in value.split(";")]
            if params[0] != "permessage-deflate":
                continue
            server_bits, client_bits = 15, 15
            for p in params[1:]:
                key, _, val = p.partition("=")
                if key == "server_no_context_takeover":
                    self.inflate_reset = True
                elif key == "client_no_context_takeover":
                    self.compress_reset = True
                elif key == "server_max_window_bits" and val:
                    server_bits = int(val)
                elif key == "client_max_window_bits" and val:
                    client_bits = int(val)
            self.inflate = zlib.decompressobj(-max(server_bits, 9))
            self.compress_bits = max(client_bits, 9)
            self.compress = zlib.compressobj(6, zlib.DEFLATED, -self.compress_bits)
        self.open = True
        self.opened.set_result(None)

    def _frames(self) -> None:
        buf = self.buf
        size = len(buf)
        pos = 0
        while size - pos >= 2:
            b0 = buf[pos]
            length = buf[pos + 1] & 0x7F
            head = 2
            if length == 126:
                if size - pos < 4:
                    break
                length = int.from_bytes(buf[pos + 2:pos + 4], "big")
                head = 4
            elif length == 127:
                if size - pos < 10:
                    break
                length = int.from_bytes(buf[pos + 2:pos + 10], "big")
                head = 10
            if size - pos < head + length:
                break
            payload = bytes(buf[pos + head:pos + head + length])
            pos += head + length
            opcode = b0 & 0x0F
            fin = b0 & 0x80
            if opcode in (1, 2):
                if fin:
                    self._message(payload, bool(b0 & 0x40))
                else:
                    self.fragments = [payload]
                    self.fragment_compressed = bool(b0 & 0x40)
            elif opcode == 0:
                self.fragments.append(payload)
                if fin:
                    self._message(b"".join(self.fragments), self.fragment_compressed)
                    self.fragments = []
            elif opcode == 9:
                self._send_frame(0xA, payload, False)
            elif opcode == 8:
                self._send_frame(0x8, payload[:2], False)
                assert self.transport is not None
                self.transport.close()
                code = int.from_bytes(payload[:2], "big") if len(payload) >= 2 else 1005
                self.client.closed_by_server(code, payload[2:].decode(errors="replace"))
        if pos:
            del buf[:pos]

    def _message(self, payload: bytes, compressed: bool) -> None:
        if compressed:
            if self.inflate_reset:
                self.inflate = zlib.decompressobj(-15)
            payload = self.inflate.decompress(payload + _TAIL)
        self.client.message(payload)

    def _send_frame(self, opcode: int, payload: bytes, compress: bool) -> None:
        if self.closed or self.transport is None:
            return
        first = 0x80 | opcode
        if compress and self.compress is not None:
            if self.compress_reset:
                self.compress = zlib.compressobj(6, zlib.DEFLATED, -self.compress_bits)
            payload = self.compress.compress(payload) + self.compress.flush(zlib.Z_SYNC_FLUSH)
            if payload.endswith(_TAIL):
                payload = payload[:-4]
            first |= 0x40
        n = len(payload)
        if n < 126:
            header = bytes((first, 0x80 | n))
        elif n < 65536:
            header = bytes((first, 0x80 | 126)) + n.to_bytes(2, "big")
        else:
            header = bytes((first, 0x80 | 127)) + n.to_bytes(8, "big")
        # A mask key of zeros: a valid key, and the payload needs no XOR.
        self.transport.write(header + b"\x00\x00\x00\x00" + payload)

    def send_text(self, payload: bytes) -> None:
        self._send_frame(0x1, payload, True)

    def close(self) -> None:
        if self.transport is not None and not self.closed:
            self.transport.abort()


class Segment:
    __slots__ = ("ack_lat", "acked", "deferred", "deliv_cross", "deliv_lat", "deliveries", "refused",
                 "resent", "sent", "skipped")

    def __init__(self) -> None:
        self.sent = 0
        self.skipped = 0
        self.deferred = 0
        self.resent = 0
        self.acked = 0
        self.refused: Counter[str] = Counter()
        self.ack_lat = array("d")
        self.deliveries = 0
        self.deliv_lat = array("d")
        self.deliv_cross = array("d")
        """Deliveries to a client on another server process than the sender's."""

    def export(self) -> dict[str, Any]:
        return {"sent": self.sent, "skipped": self.skipped, "deferred": self.deferred,
                "resent": self.resent, "acked": self.acked,
                "refused": dict(self.refused), "ack_lat": self.ack_lat.tobytes(),
                "deliveries": self.deliveries, "deliv_lat": self.deliv_lat.tobytes(),
                "deliv_cross": self.deliv_cross.tobytes()}


class Room:
    """One game in this process: who sent which seq, and deliveries seen before the ack."""

    __slots__ = ("early", "game_id", "sent")

    def __init__(self, game_id: str) -> None:
        self.game_id = game_id
        self.sent: dict[int, tuple[float, int, int, int]] = {}
        """seq -> (sent at, sender's index, segment, sender's server process)."""
        self.early: dict[int, list[tuple[float, int, int]]] = {}
        """seq -> deliveries seen before the sender's ack: (at, receiver, its server process)."""


class Client:
    """One seat: its socket, its clock, what it has in flight."""

    def __init__(self, run: Run, room: Room, index: int, token: str, server: int = 0) -> None:
        self.run = run
        self.room = room
        self.index = index
        self.token = token
        self.server = server
        """Which server process (an index into ``conf["ports"]``) this client talks to."""
        self.sock: RawSocket | None = None
        self.welcome: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self.pending: dict[str, tuple[float, int]] = {}
        self.counter = 0
        self.next_at = 0.0
        self.hold_until = 0.0
        """The server said to send nothing before this (``retry_after``)."""
        self.done = False
        self.tag = f"{run.proc_index}.{index}"

    # From the socket.

    def message(self, data: bytes) -> None:
        now = time.perf_counter()
        run = self.run
        run.frames_in += 1
        msg = orjson.loads(data)
        kind = msg.get("type")
        if kind == "event":
            seq = msg["seq"]
            room = self.room
            sent = room.sent.get(seq)
            if sent is None:
                room.early.setdefault(seq, []).append((now, self.index, self.server))
            elif sent[1] != self.index and sent[2] >= 0:
                seg = run.segments[sent[2]]
                seg.deliveries += 1
                seg.deliv_lat.append(now - sent[0])
                if sent[3] != self.server:
                    seg.deliv_cross.append(now - sent[0])
        elif kind == "ack":
            started = self.pending.pop(msg["client_id"], None)
            if started is None:
                return
            t0, seg_index = started
            seq = msg["seq"]
            room = self.room
            room.sent[seq] = (t0, self.index, seg_index, self.server)
            early = room.early.pop(seq, None)
            if seg_index >= 0:
                seg = run.segments[seg_index]
                seg.acked += 1
                seg.ack_lat.append(now - t0)
                run.acked_ids.append(msg["client_id"])
                if early:
                    for t, who, where in early:
                        if who != self.index:
                            seg.deliveries += 1
                            seg.deliv_lat.append(t - t0)
                            if where != self.server:
                                seg.deliv_cross.append(t - t0)
            else:
                run.acked_ids.append(msg["client_id"])
            run.acked_total += 1
        elif kind == "error":
            cid = msg.get("client_id")
            code = msg.get("code", "?")
            wait = msg.get("retry_after")
            if code in RESEND_CODES and cid in self.pending:
                seg_index = self.pending[cid][1]
                if seg_index >= 0:
                    run.segments[seg_index].resent += 1
                pause = wait if isinstance(wait, (int, float)) and wait > 0 else 1.0
                run.loop.call_later(pause + random.random() * max(pause, 1.0), self.resend, cid)
                return
            started = self.pending.pop(cid, None) if cid else None
            if started is None:
                run.frame_errors[code] += 1
            elif started[1] >= 0:
                run.segments[started[1]].refused[code] += 1
            if isinstance(wait, (int, float)) and wait > 0:
                self.hold_until = run.loop.time() + wait
        elif kind == "view":
            run.views_in += 1
            run.view_bytes += len(data)
        elif kind == "patch":
            run.patches_in += 1
            run.patch_bytes += len(data)
        elif kind == "welcome" and not self.welcome.done():
            self.welcome.set_result(msg)

    def lost(self, exc: Exception | None) -> None:
        if not self.run.stopping:
            self.run.lost += 1

    def closed_by_server(self, code: int, reason: str) -> None:
        self.run.closes[f"{code} {reason}".strip()] += 1

    # Acting.

    @staticmethod
    def frame(cid: str, counter: int) -> bytes:
        text = TEXTS[counter % len(TEXTS)]
        return orjson.dumps({"type": "act", "client_id": cid,
                             "action": {"kind": "say", "channel": "public", "text": text}})

    def resend(self, cid: str) -> None:
        """An action answered ``server_busy``, sent again (same client_id) if still unanswered."""
        if cid not in self.pending or self.sock is None or self.sock.closed:
            return
        self.sock.send_text(self.frame(cid, int(cid.rsplit(".", 1)[1])))

    def fire(self) -> None:
        run = self.run
        loop = run.loop
        due = self.next_at
        lag = loop.time() - due
        if lag > run.max_lag:
            run.max_lag = lag
        # The segment is the one of the scheduled moment, not of a late timer: the
        # count of actions in a segment does not depend on this process's load.
        seg_index, rate = run.segment_at(due)
        if rate is None or self.sock is None or self.sock.closed:
            self.done = True
            return
        if due < self.hold_until:
            if seg_index >= 0:
                run.segments[seg_index].deferred += 1
        elif len(self.pending) >= run.max_inflight:
            if seg_index >= 0:
                run.segments[seg_index].skipped += 1
        else:
            self.counter += 1
            cid = f"{self.tag}.{self.counter}"
            frame = self.frame(cid, self.counter)
            self.pending[cid] = (time.perf_counter(), seg_index)
            if seg_index >= 0:
                run.segments[seg_index].sent += 1
            self.sock.send_text(frame)
        # A steady rate: one action every 1/rate seconds, no jitter (the clients' phases
        # are spread evenly, so the server sees a smooth arrival rate).
        self.next_at = due + (1.0 / rate if rate > 0 else 0.05)
        loop.call_at(self.next_at, self.fire)


class Run:
    """Everything one client process does and counts."""

    def __init__(self, conf: dict[str, Any], loop: asyncio.AbstractEventLoop) -> None:
        self.conf = conf
        self.loop = loop
        self.proc_index: int = conf["proc_index"]
        self.max_inflight: int = conf["max_inflight"]
        self.clients: list[Client] = []
        self.segments: list[Segment] = []
        self.plan: list[tuple[float, float, float, int]] = []
        self.acked_ids: list[str] = []
        self.acked_total = 0
        self.frame_errors: Counter[str] = Counter()
        self.closes: Counter[str] = Counter()
        self.lost = 0
        self.frames_in = 0
        self.views_in = 0
        self.view_bytes = 0
        self.patches_in = 0
        self.patch_bytes = 0
        self.max_lag = 0.0
        self.stopping = False

    def segment_at(self, t: float) -> tuple[int, float | None]:
        for start, end, rate, index in self.plan:
            if start <= t < end:
                return index, rate
        if self.plan and t < self.plan[0][0]:
            return -1, 0.0
        return -1, None

    async def connect_all(self) -> dict[str, Any]:
        conf = self.conf
        host, deflate = conf["host"], conf["deflate"]
        ports = conf.get("ports") or [conf["port"]]
        rooms = []
        for game in conf["games"]:
            room = Room(game["game_id"])
            rooms.append(room)
            servers = game.get("servers") or [0] * len(game["tokens"])
            for token, server in zip(game["tokens"], servers, strict=True):
                self.clients.append(Client(self, room, len(self.clients), token, server))
        gate = asyncio.Semaphore(conf.get("connect_concurrency", 50))
        failures: Counter[str] = Counter()

        async def one(client: Client) -> None:
            async with gate:
                port = ports[client.server]
                try:
                    _, sock = await self.loop.create_connection(
                        lambda: RawSocket(host, port, "/ws", deflate, client), host, port)
                    await asyncio.wait_for(sock.opened, 30)
                    client.sock = sock
                    hello: dict[str, Any] = {"type": "hello", "token": client.token}
                    if conf.get("views"):
                        hello["views"] = True
                    sock.send_text(orjson.dumps(hello))
                    await asyncio.wait_for(client.welcome, 30)
                except Exception as err:
                    failures[f"{type(err).__name__}: {err}"[:120]] += 1

        started = time.perf_counter()
        await asyncio.gather(*(one(c) for c in self.clients))
        return {"connected": sum(1 for c in self.clients if c.welcome.done()),
                "clients": len(self.clients), "failures": dict(failures),
                "seconds": time.perf_counter() - started}

    async def drive(self, t0_monotonic: float, segments: list[dict[str, Any]],
                    drain: float) -> None:
        loop = self.loop
        base = loop.time() + (t0_monotonic - time.monotonic())
        self.segments = [Segment() for s in segments if s["index"] >= 0]
        for s in segments:
            self.plan.append((base + s["start"], base + s["end"], s["rate"], s["index"]))
        end = self.plan[-1][1]
        interval = 1.0 / max(segments[0]["rate"], 1e-6)
        count = len(self.clients)
        shift = self.conf["proc_index"] / max(1, self.conf["procs"])
        for k, client in enumerate(self.clients):
            if client.sock is None:
                continue
            # Phases spread evenly over the first interval (processes interleaved).
            client.next_at = base + interval * (k + shift) / count
            loop.call_at(client.next_at, client.fire)
        await asyncio.sleep(max(0.0, end - loop.time()))
        deadline = loop.time() + drain
        while loop.time() < deadline and any(c.pending for c in self.clients):
            await asyncio.sleep(0.05)
        await asyncio.sleep(min(0.5, max(0.0, deadline - loop.time())))

    def results(self) -> dict[str, Any]:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        return {
            "proc_index": self.proc_index,
            "segments": [s.export() for s in self.segments],
            "acked_ids": self.acked_ids,
            "acked_total": self.acked_total,
            "unanswered": sum(len(c.pending) for c in self.clients),
            "frame_errors": dict(self.frame_errors),
            "closes": dict(self.closes),
            "lost": self.lost,
            "frames_in": self.frames_in,
            "views_in": self.views_in,
            "view_bytes": self.view_bytes,
            "patches_in": self.patches_in,
            "patch_bytes": self.patch_bytes,
            "max_lag": self.max_lag,
            "cpu": usage.ru_utime + usage.ru_stime,
        }


async def _main(conf: dict[str, Any], pipe: Connection) -> None:
    loop = asyncio.get_running_loop()
    run = Run(conf, loop)
    try:
        ready = await run.connect_all()
    except Exception as err:  # report, do not hang the parent
        pipe.send({"error": f"{type(err).__name__}: {err}"})
        return
    pipe.send({"ready": ready})
    order = await loop.run_in_executor(None, pipe.recv)
    if order.get("stop"):
        return
    await run.drive(order["t0"], order["segments"], order["drain"])
    run.stopping = True
    pipe.send({"results": run.results()})
    for client in run.clients:
        if client.sock is not None:
            client.sock.close()
    await asyncio.sleep(0.1)


def client_process(conf: dict[str, Any], pipe: Connection) -> None:
    """The entry point of one client process (``multiprocessing``, spawn)."""
    import uvloop

    uvloop.run(_main(conf, pipe))
