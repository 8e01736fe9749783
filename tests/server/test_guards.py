"""What stands in front of the routes, in one process: the cap on request bodies,
the ``Origin`` check, and whose ``X-Forwarded-For`` counts."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

from server.origins import CLOSE_CODE
from server.security import HEADERS
from server.settings import Limits
from tests.server.helpers import SCENARIO, sqlite_app


def _created(client: TestClient) -> dict[str, Any]:
    response = client.post("/api/games", json={"scenario": SCENARIO, "seed": 1})
    assert response.status_code == 201, response.text
    return dict(response.json())


# Request bodies.


def _chunks(size: int, piece: int = 4096) -> Iterator[bytes]:
    while size > 0:
        yield b" " * min(piece, size)
        size -= piece


@pytest.mark.parametrize(("path", "cap"), [
    ("/api/join/KX7M4P", Limits().body_bytes),
    ("/api/games", Limits().scenario_bytes),
    ("/api/records", Limits().record_bytes),
])
def test_a_body_over_its_routes_cap_is_refused_with_413_declared_or_streamed(
        client: TestClient, path: str, cap: int) -> None:
    json = {"content-type": "application/json"}
    for body in (b" " * (cap + 1), _chunks(cap + 1)):
        response = client.post(path, content=body, headers=json)
        assert response.status_code == 413, (path, response.status_code, response.text[:200])
        assert response.json()["error"]["code"] == "body_too_large"
        for name, _ in HEADERS:
            assert name.decode() in response.headers, name
    # At the cap, the route reads it (and finds it is not a valid request).
    at_cap = client.post(path, content=_chunks(cap), headers=json)
    assert at_cap.status_code == 422, (path, at_cap.status_code)


def test_a_small_cap_holds_for_every_route_but_the_uploads(tmp_path: Path) -> None:
    with sqlite_app(tmp_path, limits=Limits(body_bytes=100)) as client:
        game = _created(client)  # a whole scenario: over 100 bytes, under scenario_bytes
        big = client.post(f"/api/join/{game['code']}", json={"nickname": "x" * 200})
        assert big.status_code == 413
        note = client.post(f"/api/games/{game['game_id']}/annotations",
                           json={"seq": 0, "text": "y" * 200},
                           headers={"Authorization": f"Bearer {game['instructor_key']}"})
        assert note.status_code == 413


# The Origin check.


def test_a_websocket_from_another_origin_is_refused_before_hello(client: TestClient) -> None:
    game = _created(client)
    seat = client.post(f"/api/join/{game['code']}", json={"nickname": "Ada",
                                                          "country": "EST"}).json()
    client.cookies.set(f"ct_seat_{game['code']}", seat["token"])
    for origin in ("http://testserver:8080",        # another port of the same host
                   "http://evil.testserver",         # a sibling (sub)domain
                   "https://evil.example", "null"):
        with client.websocket_connect("/ws", headers={"origin": origin}) as ws:
            refusal = ws.receive_json()
            assert refusal["type"] == "error" and refusal["code"] == "origin_not_allowed"
            with pytest.raises(WebSocketDisconnect) as closed:
                ws.send_json({"type": "hello", "game": game["code"]})
                ws.receive_json()
            assert closed.value.code == CLOSE_CODE, origin
    for origin in ("http://testserver", None):  # its own page, or not a browser
        headers = {"origin": origin} if origin else {}
        with client.websocket_connect("/ws", headers=headers) as ws:
            ws.send_json({"type": "hello", "game": game["code"]})
            welcome = ws.receive_json()
            assert welcome["type"] == "welcome", welcome
            assert welcome["seat"]["country"] == "EST"  # the cookie's seat


def test_requests_that_change_something_are_refused_from_another_origin(
        client: TestClient) -> None:
    game = _created(client)
    evil = {"origin": "http://testserver:8080"}
    refused = client.post(f"/api/join/{game['code']}", json={"nickname": "Ada"}, headers=evil)
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "origin_not_allowed"
    assert client.post("/api/games", json={"scenario": SCENARIO}, headers=evil).status_code == 403
    # Reading is not refused (a browser keeps another origin from reading the answer).
    assert client.get(f"/api/join/{game['code']}", headers=evil).status_code == 200
    mine = client.post(f"/api/join/{game['code']}", json={"nickname": "Ada"},
                       headers={"origin": "http://testserver"})
    assert mine.status_code == 201


def test_listed_origins_and_the_public_url_are_let_in(tmp_path: Path) -> None:
    with sqlite_app(tmp_path, public_url="https://crisis.example.org/",
                    allowed_origins=("https://lms.example.org",)) as client:
        game = _created(client)
        for origin in ("https://crisis.example.org", "https://lms.example.org",
                       "https://crisis.example.org:443"):
            with client.websocket_connect("/ws", headers={"origin": origin}) as ws:
                ws.send_json({"type": "hello", "game": game["code"]})
                assert ws.receive_json()["type"] == "welcome", origin
        with client.websocket_connect("/ws", headers={"origin": "https://other.example.org"}) as ws:
            assert ws.receive_json()["code"] == "origin_not_allowed"


# Whose X-Forwarded-For counts.


def _wrong_codes(client: TestClient, forwarded: list[str]) -> list[int]:
    """One wrong code from each "address" named in X-Forwarded-For; the statuses."""
    return [client.get("/api/join/AAAAAA", headers={"x-forwarded-for": f"198.51.100.9, {who}"})
            .status_code for who in forwarded]


def test_x_forwarded_for_is_ignored_unless_a_configured_proxy_sent_it(tmp_path: Path) -> None:
    limit = Limits().joins_per_minute + Limits().joins_while_slowed
    names = [f"203.0.113.{i}" for i in range(limit + 5)]
    with sqlite_app(tmp_path / "a") as client:  # no proxy configured: every name is the peer
        statuses = _wrong_codes(client, names)
        assert statuses[:limit] == [404] * limit
        assert set(statuses[limit:]) == {429}, statuses
    with sqlite_app(tmp_path / "b", trusted_proxies=("testclient",)) as client:
        # From a listed proxy, each student's own address counts: nobody is slowed down.
        assert set(_wrong_codes(client, names)) == {404}
        # The proxy appends the address it saw; what the client wrote before it does not count.
        statuses = _wrong_codes(client, ["203.0.113.200"] * (limit + 1))
        assert statuses[-1] == 429
