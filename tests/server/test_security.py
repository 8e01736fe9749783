"""What docs/security.md claims, each checked: headers, cookie flags, tokens and
their hashes, join codes, accounts that do not exist, deleting a game with all
its data, purging ended games, and a refused action that changes nothing."""

from __future__ import annotations

import base64
import hashlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

from server import auth
from server.app import create_app
from server.retention import purge_ended
from server.settings import Limits, Settings
from tests.server.helpers import SCENARIO, scenario_with_secrets

TABLES = ("games", "seats", "actions", "events", "snapshots", "annotations", "reflections")


def _db_path(tmp_path: Path) -> Path:
    return tmp_path / "security.db"


def _app(tmp_path: Path, **settings: Any) -> TestClient:
    url = f"sqlite+aiosqlite:///{_db_path(tmp_path).as_posix()}"
    return TestClient(create_app(Settings(database_url=url, **settings)))


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    with _app(tmp_path) as c:
        yield c


def _create(client: TestClient, scenario: Any = None) -> dict[str, Any]:
    response = client.post("/api/games", json={"scenario": scenario or SCENARIO, "seed": 3})
    assert response.status_code == 201, response.text
    return dict(response.json())


def _auth(game: dict[str, Any]) -> dict[str, str]:
    return {"Authorization": f"Bearer {game['instructor_key']}"}


def _rows(tmp_path: Path, sql: str, *args: Any) -> list[tuple[Any, ...]]:
    with sqlite3.connect(_db_path(tmp_path)) as conn:
        return list(conn.execute(sql, args))


# Response headers.


@pytest.mark.parametrize("path", ["/", "/play/KX7M4P", "/static/js/api.js", "/api/scenarios",
                                  "/api/nothing", "/openapi.json", "/healthz"])
def test_every_kind_of_answer_carries_every_security_header(client: TestClient, path: str) -> None:
    headers = client.get(path).headers
    csp = headers["content-security-policy"]
    for directive in ("default-src 'self'", "script-src 'self'", "object-src 'none'",
                      "base-uri 'none'", "frame-ancestors 'none'", "form-action 'self'"):
        assert directive in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "no-referrer"
    assert headers["x-frame-options"] == "DENY"
    assert headers["cross-origin-opener-policy"] == "same-origin"
    assert "camera=()" in headers["permissions-policy"]


def test_pages_carry_no_inline_script(client: TestClient) -> None:
    for path in ("/", "/new", "/play/KX7M4P", "/projector/KX7M4P", "/rejoin/KX7M4P",
                 "/instructor/abc"):
        html = client.get(path).text
        assert "<script>" not in html and "onclick=" not in html.lower(), path


# Cookies.


def _set_cookie(response: Any) -> str:
    header = response.headers.get("set-cookie")
    assert header, "no cookie"
    return str(header)


def test_the_seat_cookie_is_httponly_strict_and_not_secure_by_default(client: TestClient) -> None:
    game = _create(client)
    joined = client.post(f"/api/join/{game['code']}", json={"nickname": "Ada", "country": "NOR"})
    cookie = _set_cookie(joined)
    parts = [p.strip().lower() for p in cookie.split(";")]
    assert parts[0] == f"ct_seat_{game['code']}={joined.json()['token']}".lower()
    assert "httponly" in parts and "samesite=strict" in parts and "path=/" in parts
    assert f"max-age={30 * 86400}" in parts
    assert "secure" not in parts  # plain HTTP in a classroom; see the next test


def test_behind_https_the_seat_cookies_are_secure(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CRISIS_TABLE_SECURE_COOKIES", "1")
    assert Settings.from_env().secure_cookies
    with _app(tmp_path, secure_cookies=True) as client:
        game = _create(client)
        joined = client.post(f"/api/join/{game['code']}", json={"nickname": "Ada"})
        parts = [p.strip().lower() for p in _set_cookie(joined).split(";")]
        assert "secure" in parts and "httponly" in parts and "samesite=strict" in parts
        seat = joined.json()
        reset = client.post(f"/api/games/{game['game_id']}/seats/{seat['seat_id']}/reset",
                            headers=_auth(game)).json()
        resumed = client.post(f"/api/join/{game['code']}/resume", json={"token": reset["token"]})
        assert resumed.status_code == 200
        parts = [p.strip().lower() for p in _set_cookie(resumed).split(";")]
        assert "secure" in parts and "httponly" in parts and "samesite=strict" in parts


# Tokens: 256 random bits, only their SHA-256 at rest.


def test_tokens_carry_256_random_bits() -> None:
    tokens = {auth.new_token() for _ in range(500)}
    assert len(tokens) == 500
    for token in tokens:
        assert len(token) == 43 and set(token) <= set(
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        assert len(base64.urlsafe_b64decode(token + "=")) == 32


def test_the_database_holds_hashes_never_tokens(client: TestClient, tmp_path: Path) -> None:
    game = _create(client)
    seat = client.post(f"/api/join/{game['code']}", json={"nickname": "Ada"}).json()
    reset = client.post(f"/api/games/{game['game_id']}/seats/{seat['seat_id']}/reset",
                        headers=_auth(game)).json()
    key_hash = _rows(tmp_path, "SELECT instructor_hash FROM games WHERE id = ?", game["game_id"])
    assert key_hash == [(hashlib.sha256(game["instructor_key"].encode()).hexdigest(),)]
    assert key_hash[0][0] != game["instructor_key"]
    seat_hash = _rows(tmp_path, "SELECT token_hash FROM seats WHERE id = ?", seat["seat_id"])
    assert seat_hash == [(hashlib.sha256(reset["token"].encode()).hexdigest(),)]
    # Not in any column, nor anywhere in the files (the write-ahead log included).
    files = [p for p in tmp_path.iterdir() if p.name.startswith(_db_path(tmp_path).name)]
    raw = b"".join(p.read_bytes() for p in files)
    for secret in (game["instructor_key"], seat["token"], reset["token"]):
        assert secret.encode() not in raw
    # The old token no longer opens the seat.
    assert client.post(f"/api/join/{game['code']}/resume",
                       json={"token": seat["token"]}).status_code == 404


def test_tokens_never_reach_other_seats(client: TestClient) -> None:
    game = _create(client)
    ada = client.post(f"/api/join/{game['code']}", json={"nickname": "Ada"}).json()
    client.cookies.clear()
    bo = client.post(f"/api/join/{game['code']}", json={"nickname": "Bo"}).json()
    client.cookies.clear()
    with client.websocket_connect("/ws") as ws:
        ws.send_json({"type": "hello", "token": bo["token"]})
        welcome = ws.receive_json()
    roster = client.get(f"/api/games/{game['game_id']}/roster", headers=_auth(game)).text
    for text in (str(welcome), roster):
        assert ada["token"] not in text and game["instructor_key"] not in text
    assert bo["token"] not in roster


def test_join_codes_are_short_and_unambiguous() -> None:
    codes = {auth.new_join_code() for _ in range(300)}
    assert all(len(c) == 6 and set(c) <= set(auth.JOIN_ALPHABET) for c in codes)
    assert not set(auth.JOIN_ALPHABET) & set("0O1IL2Z5S8B6G")
    assert len(auth.JOIN_ALPHABET) ** auth.JOIN_LENGTH > 100_000_000


# Nicknames only.


def test_no_accounts_no_email_no_passwords(client: TestClient, tmp_path: Path) -> None:
    document = client.get("/openapi.json").text.lower()
    assert "email" not in document and "password" not in document
    for table in TABLES:
        columns = {row[1] for row in _rows(tmp_path, f"PRAGMA table_info({table})")}
        assert not {c for c in columns if "mail" in c or "password" in c or c == "name"}, table


# Deleting a game deletes everything of it.


def test_deleting_a_game_deletes_all_its_data_and_closes_its_sockets(
        client: TestClient, tmp_path: Path) -> None:
    game, other = _create(client, scenario_with_secrets()), _create(client)
    url = f"/api/games/{game['game_id']}"
    seat = client.post(f"/api/join/{game['code']}", json={"nickname": "Ada",
                                                          "country": "EST"}).json()
    for action in ({"kind": "start"}, {"kind": "say", "actor": "EST", "channel": "public",
                                       "text": "hello"}):
        assert client.post(f"{url}/actions", json={"action": action},
                           headers=_auth(game)).status_code == 200
    client.post(f"{url}/annotations", json={"seq": 1, "text": "note"}, headers=_auth(game))
    services = client.app.state.services  # type: ignore[attr-defined]
    assert client.portal is not None
    hub = client.portal.call(services.games.hub, game["game_id"])
    client.portal.call(services.store.save_snapshot, game["game_id"], hub.seq, "v", "{}")
    client.portal.call(services.store.save_reflection, {
        "id": "r1", "game_id": game["game_id"], "seat_id": seat["seat_id"], "country": "EST",
        "question": 1, "question_text": "Why?", "answer": "A student's words", "answered_at": 1.0})
    counts = {t: _rows(tmp_path, f"SELECT COUNT(*) FROM {t} WHERE "
                                 f"{'id' if t == 'games' else 'game_id'} = ?", game["game_id"])[0][0]
              for t in TABLES}
    assert all(counts.values()), counts
    with client.websocket_connect("/ws") as ws:
        ws.send_json({"type": "hello", "token": seat["token"]})
        assert ws.receive_json()["type"] == "welcome"
        assert client.delete(url, headers=_auth(game)).status_code == 204
        with pytest.raises(WebSocketDisconnect) as closed:
            for _ in range(100):
                ws.receive_json()
        assert closed.value.code == 4404
    for table in TABLES:
        column = "id" if table == "games" else "game_id"
        assert _rows(tmp_path, f"SELECT COUNT(*) FROM {table} WHERE {column} = ?",
                     game["game_id"]) == [(0,)], table
    assert game["game_id"] not in services.games.hubs
    assert client.get(url, headers=_auth(game)).status_code == 403
    with client.websocket_connect("/ws") as ws:
        ws.send_json({"type": "hello", "token": seat["token"]})
        assert ws.receive_json()["code"] == "bad_token"
    assert client.get(f"/api/games/{other['game_id']}", headers=_auth(other)).status_code == 200


# Ended games are purged after N days.


def test_ended_games_are_purged_n_days_after_they_end(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CRISIS_TABLE_PURGE_AFTER_DAYS", "7")
    assert Settings.from_env().purge_ended_after_days == 7
    day = 86_400.0
    now = [1_900_000_000.0]
    with _app(tmp_path, purge_ended_after_days=7) as client:
        games = client.app.state.services.games  # type: ignore[attr-defined]
        games.clock = lambda: now[0]
        early, late, running = _create(client), _create(client), _create(client)
        for game in (early, late, running):
            client.post(f"/api/games/{game['game_id']}/actions", headers=_auth(game),
                        json={"action": {"kind": "start"}})

        def end(game: dict[str, Any]) -> None:
            assert client.post(f"/api/games/{game['game_id']}/actions", headers=_auth(game),
                               json={"action": {"kind": "end"}}).status_code == 200
            for _ in range(100):  # the end is stamped by a task of its own
                if _rows(tmp_path, "SELECT ended_at FROM games WHERE id = ?",
                         game["game_id"])[0][0] is not None:
                    return
                client.get("/api/time")
            raise AssertionError("the end was not stamped")

        def alive() -> set[str]:
            return {r[0] for r in _rows(tmp_path, "SELECT id FROM games")}

        assert client.portal is not None
        end(early)
        now[0] += 3 * day
        end(late)
        now[0] += 2 * day               # the running game goes on
        assert client.post(f"/api/games/{running['game_id']}/actions", headers=_auth(running),
                           json={"action": {"kind": "pause"}}).status_code == 200
        now[0] += 2 * day - 60          # early ended 7 days less a minute ago: kept
        assert client.portal.call(purge_ended, games) == 0
        now[0] += 120                   # now a minute over 7 days
        assert client.portal.call(purge_ended, games) == 1
        assert alive() == {late["game_id"], running["game_id"]}
        now[0] += 3 * day               # late ended 7 days ago; running idle for 5 days
        assert client.portal.call(purge_ended, games) == 1
        assert alive() == {running["game_id"]}
        now[0] += 2 * day               # a game nobody ended, idle for 7 days, goes too
        assert client.portal.call(purge_ended, games) == 1
        assert alive() == set()
        assert _rows(tmp_path, "SELECT COUNT(*) FROM events WHERE game_id = ?",
                     early["game_id"]) == [(0,)]


def test_nothing_is_purged_by_default(client: TestClient) -> None:
    games = client.app.state.services.games  # type: ignore[attr-defined]
    game = _create(client)
    client.post(f"/api/games/{game['game_id']}/actions", headers=_auth(game),
                json={"action": {"kind": "start"}})
    client.post(f"/api/games/{game['game_id']}/actions", headers=_auth(game),
                json={"action": {"kind": "end"}})
    games.clock = lambda: 4_000_000_000.0
    assert client.portal is not None
    assert client.portal.call(purge_ended, games) == 0


# A refused action changes nothing (the caretaker bug the authorization matrix found).


@pytest.mark.parametrize("action", [
    {"kind": "start", "actor": "USA"},
    {"kind": "start", "unknown_field": 1},
])
def test_a_refused_start_hands_no_seat_to_a_caretaker(client: TestClient,
                                                      action: dict[str, Any]) -> None:
    game = _create(client)
    url = f"/api/games/{game['game_id']}"
    refused = client.post(f"{url}/actions", json={"action": action}, headers=_auth(game))
    assert refused.status_code in (403, 409, 422)
    with client.websocket_connect("/ws") as ws:
        ws.send_json({"type": "hello", "token": game["instructor_key"]})
        assert ws.receive_json()["type"] == "welcome"
        ws.send_json({"type": "act", "client_id": "s", "action": action})
        for _ in range(20):
            frame = ws.receive_json()
            if frame["type"] == "error":
                break
        else:
            raise AssertionError("no refusal")
    assert client.get(url, headers=_auth(game)).json()["seq"] == 0


def test_numbers_too_large_to_store_are_refused_not_crashed(client: TestClient) -> None:
    big = 2**70
    cases = [
        client.post("/api/games", json={"scenario": "sandbox", "seed": big}),
        client.post("/api/records", json={"record": {"scenario": "sandbox", "seed": big,
                                                     "actions": []}}),
        client.post("/api/games", json={"scenario": {**SCENARIO, "year": big}}),
    ]
    game = _create(client)
    cases.append(client.get(f"/api/games/{game['game_id']}/events?after={big}",
                            headers=_auth(game)))
    for response in cases:
        assert response.status_code == 422, response.text
        assert {"code", "message"} <= set(response.json()["error"]) <= {"code", "message", "msg"}


def test_the_websocket_limits(tmp_path: Path) -> None:
    """Frame size and the abuse limit close only the offending connection."""
    with _app(tmp_path, limits=Limits(abuse_strikes=3)) as client:
        game = _create(client)
        token = client.post(f"/api/join/{game['code']}", json={"nickname": "Ada"}).json()["token"]
        with client.websocket_connect("/ws") as ws:
            ws.send_json({"type": "hello", "token": token})
            assert ws.receive_json()["type"] == "welcome"
            ws.send_text("x" * (Limits().frame_bytes + 1))
            assert ws.receive_json()["code"] == "frame_too_large"
            ws.send_text("[]")
            assert ws.receive_json()["code"] == "malformed_frame"
            ws.send_json({"type": "nope"})
            assert ws.receive_json()["code"] == "unknown_frame"
            with pytest.raises(WebSocketDisconnect) as closed:
                ws.receive_json()
            assert closed.value.code == 1008
