"""A client written from docs/ alone plays a game.

Everything it sends is taken from the documents a client author reads: the HTTP
routes, their security and their fields from the OpenAPI document, the websocket's
frames and fields from docs/protocol.md, the actions from docs/rules.md. Everything
it reads back is checked against them: a frame of a type the protocol does not list,
a field it does not name, or a required field left out fails the test.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from starlette.testclient import WebSocketTestSession

from server.app import create_app
from server.settings import Settings

DOCS = Path(__file__).resolve().parents[2] / "docs"
HEADING = re.compile(r"^### `(\w+)` \((client|server|nested)\)$")
ROW = re.compile(r"^\| `(\w+)` \| (.*?) \| (yes|no) \|")


def documented_frames() -> dict[tuple[str, str], dict[str, bool]]:
    """docs/protocol.md's frames and nested objects: (name, direction) -> field -> required."""
    frames: dict[tuple[str, str], dict[str, bool]] = {}
    current: dict[str, bool] | None = None
    for line in (DOCS / "protocol.md").read_text(encoding="utf-8").splitlines():
        heading = HEADING.match(line)
        if heading:
            current = frames.setdefault((heading[1], heading[2]), {})
        elif line.startswith("## "):
            current = None
        elif current is not None and (row := ROW.match(line)):
            current[row[1]] = row[3] == "yes"
    return frames


FRAMES = documented_frames()


def test_the_reading_of_the_protocol_finds_its_frames() -> None:
    assert FRAMES[("hello", "client")]["type"] is True
    assert FRAMES[("hello", "client")]["token"] is False
    assert {"type", "client_id", "seq", "events", "duplicate"} == set(FRAMES[("ack", "server")])
    assert "index" in FRAMES[("MessageEntry", "nested")]


def check_frame(frame: dict[str, Any]) -> None:
    """A frame from the server is one docs/protocol.md lists, with its fields and no other."""
    fields = FRAMES.get((frame["type"], "server"))
    assert fields is not None, f"an undocumented frame: {frame['type']}"
    assert set(frame) <= set(fields), (frame["type"], set(frame) - set(fields))
    required = {name for name, needed in fields.items() if needed}
    assert required <= set(frame), (frame["type"], required - set(frame))
    for name, nested in (("game", "GameInfo"), ("seat", "SeatInfo")):
        if frame["type"] == "welcome":
            assert set(frame[name]) == set(FRAMES[(nested, "nested")]), name


class Document:
    """The OpenAPI document, read as a client author would."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data

    def schema(self, ref_or_schema: dict[str, Any]) -> dict[str, Any]:
        ref = ref_or_schema.get("$ref")
        if ref is None:
            return ref_or_schema
        found: dict[str, Any] = self.data["components"]["schemas"][ref.rsplit("/", 1)[1]]
        return found

    def body(self, method: str, path: str) -> dict[str, Any]:
        """The request body's schema of a route."""
        operation = self.data["paths"][path][method]
        return self.schema(operation["requestBody"]["content"]["application/json"]["schema"])

    def answer(self, method: str, path: str, status: int) -> dict[str, Any]:
        operation = self.data["paths"][path][method]
        content = operation["responses"][str(status)]["content"]["application/json"]
        return self.schema(content["schema"])

    def header_for(self, method: str, path: str, scheme: str) -> str:
        """The header a security scheme of a route is sent in."""
        operation = self.data["paths"][path][method]
        assert any(scheme in entry for entry in operation.get("security", [])), (path, scheme)
        described = self.data["components"]["securitySchemes"][scheme]
        if described["type"] == "http":
            assert described["scheme"] == "bearer"
            return "Authorization"
        return str(described["name"])

    def request(self, method: str, path: str, **fields: Any) -> dict[str, Any]:
        """A request body of the documented fields only, with every required one."""
        schema = self.body(method, path)
        assert set(fields) <= set(schema["properties"]), (path, set(fields))
        assert set(schema.get("required", [])) <= set(fields), (path, schema.get("required"))
        return fields

    def read(self, method: str, path: str, status: int, answer: dict[str, Any]) -> dict[str, Any]:
        """An answer with the documented fields and no other."""
        schema = self.answer(method, path, status)
        assert set(answer) <= set(schema["properties"]), (path, set(answer))
        assert set(schema.get("required", [])) <= set(answer), path
        return answer


@pytest.fixture
def client(sqlite_url: str) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(database_url=sqlite_url))) as c:
        yield c


def documented(kind: str, *fields: str) -> None:
    """An action or an event of docs/rules.md's tables, with these fields named in its row."""
    rows = [line for line in (DOCS / "rules.md").read_text(encoding="utf-8").splitlines()
            if line.startswith(f"| `{kind}` |")]
    assert rows, kind
    for name in fields:
        assert f"`{name}`" in rows[0], (kind, name)


def receive(ws: WebSocketTestSession, wanted: str) -> dict[str, Any]:
    """Frames until one of type ``wanted``, each checked against the protocol."""
    for _ in range(200):
        frame: dict[str, Any] = ws.receive_json()
        check_frame(frame)
        if frame["type"] == wanted:
            return frame
    raise AssertionError(f"no {wanted} frame")


def test_a_client_written_from_the_docs_plays_a_game(client: TestClient) -> None:
    api = Document(client.get("/openapi.json").json())
    scenarios = client.get("/api/scenarios").json()
    created = api.read("post", "/api/games", 201, client.post(
        "/api/games", json=api.request("post", "/api/games", scenario=scenarios[0]["id"],
                                       seed=11)).json())
    game_id, code = created["game_id"], created["code"]
    seats = []
    for nickname in ("Ada", "Grace"):
        answer = client.post(f"/api/join/{code}", json=api.request(
            "post", "/api/join/{code}", nickname=nickname))
        assert answer.status_code == 201, answer.text
        seats.append(api.read("post", "/api/join/{code}", 201, answer.json()))
    header = api.header_for("post", "/api/games/{game_id}/actions", "InstructorKey")
    documented("start")
    started = client.post(f"/api/games/{game_id}/actions",
                          headers={header: created["instructor_key"]},
                          json=api.request("post", "/api/games/{game_id}/actions",
                                           action={"kind": "start"}))
    assert started.status_code == 200, started.text
    assert api.read("post", "/api/games/{game_id}/actions", 200, started.json())["ok"]

    hello = FRAMES[("hello", "client")]
    act = FRAMES[("act", "client")]
    assert {"type", "token", "last_seq"} <= set(hello) and {"type", "client_id", "action"} <= set(act)
    documented("say", "channel", "text")
    documented("message_sent", "channel", "sender", "text")
    with client.websocket_connect("/ws") as speaker, client.websocket_connect("/ws") as listener:
        welcomes = []
        for ws, seat in ((speaker, seats[0]), (listener, seats[1])):
            ws.send_json({"type": "hello", "token": seat["token"], "last_seq": None})
            welcomes.append(receive(ws, "welcome"))
        assert [w["seat"]["country"] for w in welcomes] == [s["country"] for s in seats]
        speaker.send_json({"type": "act", "client_id": "c-1",
                           "action": {"kind": "say", "channel": "public", "text": "Hello, all."}})
        ack = receive(speaker, "ack")
        assert ack["client_id"] == "c-1" and not ack["duplicate"]
        heard = receive(listener, "event")
        while heard["seq"] < ack["seq"]:
            heard = receive(listener, "event")
        assert heard["event"]["kind"] == "message_sent"
        assert heard["event"]["text"] == "Hello, all."
        assert heard["event"]["sender"] == seats[0]["country"]
        speaker.send_json({"type": "act", "client_id": "c-1",
                           "action": {"kind": "say", "channel": "public", "text": "Hello, all."}})
        again = receive(speaker, "ack")
        assert again["duplicate"] and again["seq"] == ack["seq"]
        speaker.send_json({"type": "act", "client_id": "c-2",
                           "action": {"kind": "say", "channel": "nowhere", "text": "?"}})
        refused = receive(speaker, "error")
        assert refused["client_id"] == "c-2" and refused["code"] == "unknown_channel"
        assert f"`{refused['code']}`" in (DOCS / "rules.md").read_text(encoding="utf-8")
