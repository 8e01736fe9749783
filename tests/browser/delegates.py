"""Scripted delegates: the seats no browser plays, over the websocket protocol.

Each ``Delegate`` joins over HTTP, holds a websocket (``websockets.sync``, a
reader thread) and sends actions that must be answered within a timeout, so a
test fails with what the delegate saw instead of hanging.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import threading
import time
from typing import Any

import httpx
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection, connect

WAIT = 10.0
_ids = itertools.count(1)


class Delegate:
    def __init__(self, base_url: str, code: str, nickname: str, country: str) -> None:
        seat = httpx.post(f"{base_url}/api/join/{code}", json={"nickname": nickname, "country": country},
                          timeout=WAIT, trust_env=False)
        assert seat.status_code == 201, seat.text
        self.country = country
        self.token = seat.json()["token"]
        self.frames: list[dict[str, Any]] = []
        self.cond = threading.Condition()
        ws_url = base_url.replace("http://", "ws://") + "/ws"
        self._stack = contextlib.ExitStack()
        self.ws: ClientConnection = self._stack.enter_context(connect(ws_url, open_timeout=WAIT, proxy=None))
        self.reader = threading.Thread(target=self._read, name=f"delegate-{country}", daemon=True)
        self.reader.start()
        self.ws.send(json.dumps({"type": "hello", "token": self.token}))
        self.wait(lambda f: f["type"] == "welcome", "the welcome")

    def _read(self) -> None:
        try:
            for raw in self.ws:
                with self.cond:
                    self.frames.append(json.loads(raw))
                    self.cond.notify_all()
        except ConnectionClosed:
            pass

    def wait(self, match: Any, what: str, timeout: float = WAIT) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        with self.cond:
            while True:
                for frame in self.frames:
                    if match(frame):
                        return frame
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"{self.country}: no {what} in {timeout}s; last frames "
                                         f"{self.frames[-3:]}")
                self.cond.wait(left)

    def act(self, action: dict[str, Any]) -> dict[str, Any]:
        client_id = f"{self.country}-{next(_ids)}"
        self.ws.send(json.dumps({"type": "act", "client_id": client_id, "action": action}))
        return self.wait(lambda f: f.get("client_id") == client_id and f["type"] in ("ack", "error"),
                         f"answer to {action}")

    def ok(self, action: dict[str, Any]) -> None:
        answer = self.act(action)
        assert answer["type"] == "ack", (self.country, action, answer)

    def close(self) -> None:
        self._stack.close()
        self.reader.join(timeout=5)
