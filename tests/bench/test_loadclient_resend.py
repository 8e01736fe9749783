"""The load client answers ``server_busy`` as the web client does: it sends the action
again with the same ``client_id`` and waits for its answer (bench/loadclient.py)."""

from __future__ import annotations

import asyncio

import orjson

from bench.loadclient import Client, Room, Run, Segment


class Socket:
    closed = False

    def __init__(self) -> None:
        self.sent: list[bytes] = []

    def send_text(self, payload: bytes) -> None:
        self.sent.append(payload)


def client() -> tuple[Client, Run, Socket]:
    loop = asyncio.get_running_loop()
    run = Run({"proc_index": 0, "max_inflight": 2}, loop)
    run.segments = [Segment()]
    c = Client(run, Room("g"), 0, "token")
    sock = Socket()
    c.sock = sock  # type: ignore[assignment]
    return c, run, sock


def test_server_busy_is_sent_again_with_the_same_client_id() -> None:
    async def play() -> None:
        c, run, sock = client()
        c.pending["0.0.7"] = (0.0, 0)
        c.message(orjson.dumps({"type": "error", "client_id": "0.0.7", "code": "server_busy",
                                "retry_after": 0.01}))
        assert "0.0.7" in c.pending  # still waiting for its answer
        assert run.segments[0].resent == 1 and not run.segments[0].refused
        await asyncio.sleep(1.1)  # retry_after, then up to 1 s more at random
        assert [orjson.loads(f)["client_id"] for f in sock.sent] == ["0.0.7"]
        assert orjson.loads(sock.sent[0])["action"] == orjson.loads(c.frame("0.0.7", 7))["action"]
        c.message(orjson.dumps({"type": "ack", "client_id": "0.0.7", "seq": 12,
                                "duplicate": True}))
        assert not c.pending and run.segments[0].acked == 1

    asyncio.run(play())


def test_other_refusals_are_counted_and_not_sent_again() -> None:
    async def play() -> None:
        c, run, sock = client()
        c.pending["0.0.3"] = (0.0, 0)
        c.message(orjson.dumps({"type": "error", "client_id": "0.0.3", "code": "overloaded",
                                "retry_after": 0.01}))
        await asyncio.sleep(0.1)
        assert not c.pending and not sock.sent
        assert run.segments[0].refused == {"overloaded": 1} and run.segments[0].resent == 0

    asyncio.run(play())


def test_an_answered_action_is_not_sent_again() -> None:
    async def play() -> None:
        c, _run, sock = client()
        c.pending["0.0.4"] = (0.0, 0)
        c.message(orjson.dumps({"type": "error", "client_id": "0.0.4", "code": "server_busy",
                                "retry_after": 0.05}))
        c.message(orjson.dumps({"type": "ack", "client_id": "0.0.4", "seq": 3}))
        await asyncio.sleep(1.1)
        assert not sock.sent

    asyncio.run(play())
