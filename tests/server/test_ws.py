"""The websocket protocol, in process: hello, act, ack, events, resume, and
every kind of bad input answered with a code while the connection goes on."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any

import jsonpatch
import pytest
from fastapi.testclient import TestClient
from starlette.testclient import WebSocketTestSession

from server.app import create_app
from server.settings import Limits, Settings
from tests.server.helpers import scenario_with_secrets


@pytest.fixture
def client(sqlite_url: str) -> Iterator[TestClient]:
    settings = Settings(database_url=sqlite_url,
                        limits=Limits(actions_per_second=5, burst=5, abuse_strikes=1000))
    with TestClient(create_app(settings)) as c:
        yield c


@pytest.fixture
def game(client: TestClient) -> dict[str, Any]:
    created = client.post("/api/games", json={"scenario": scenario_with_secrets(), "seed": 5})
    return dict(created.json())


def _join(client: TestClient, game: dict[str, Any], nickname: str, country: str) -> str:
    seat = client.post(f"/api/join/{game['code']}", json={"nickname": nickname,
                                                          "country": country})
    assert seat.status_code == 201, seat.text
    return str(seat.json()["token"])


def _recv_until(ws: WebSocketTestSession, frame_type: str, limit: int = 50) -> dict[str, Any]:
    for _ in range(limit):
        frame = ws.receive_json()
        if frame["type"] == frame_type:
            return dict(frame)
    raise AssertionError(f"no {frame_type} frame")


def _recv_until_answer(ws: WebSocketTestSession, limit: int = 50) -> dict[str, Any]:
    for _ in range(limit):
        frame: dict[str, Any] = ws.receive_json()
        if frame["type"] in ("ack", "error"):
            return frame
    raise AssertionError("no answer")


def _hello(ws: WebSocketTestSession, token: str, last_seq: int | None = None) -> dict[str, Any]:
    ws.send_json({"type": "hello", "token": token, "last_seq": last_seq})
    return _recv_until(ws, "welcome")


def _start(client: TestClient, game: dict[str, Any]) -> None:
    response = client.post(f"/api/games/{game['game_id']}/actions", json={"action": {
        "kind": "start"}}, headers={"Authorization": f"Bearer {game['instructor_key']}"})
    assert response.status_code == 200


def test_hello_welcomes_a_seat_with_its_own_view_only(client: TestClient,
                                                      game: dict[str, Any]) -> None:
    token = _join(client, game, "Ada", "EST")
    with client.websocket_connect("/ws") as ws:
        welcome = _hello(ws, token)
    assert welcome["seat"]["country"] == "EST"
    text = json.dumps(welcome)
    assert "ESTONIA-SECRET-PLAN" in text and "LATVIA-SECRET-PLAN" not in text


def test_an_action_is_acked_and_every_seat_sees_its_event(client: TestClient,
                                                          game: dict[str, Any]) -> None:
    a, b = _join(client, game, "Ada", "USA"), _join(client, game, "Bo", "NOR")
    _start(client, game)
    with client.websocket_connect("/ws") as wa, client.websocket_connect("/ws") as wb:
        _hello(wa, a)
        seq = _hello(wb, b)["seq"]
        wa.send_json({"type": "act", "client_id": "1",
                      "action": {"kind": "table_draft", "title": "Peace"}})
        event = _recv_until(wa, "event")
        ack = _recv_until(wa, "ack")
        assert ack["client_id"] == "1" and ack["seq"] == event["seq"] == seq + 1
        seen = _recv_until(wb, "event")
        assert seen["event"]["kind"] == "draft_tabled" and seen["seq"] == seq + 1


def test_a_retried_action_gets_its_first_answer_and_is_not_applied_twice(
        client: TestClient, game: dict[str, Any]) -> None:
    token = _join(client, game, "Ada", "USA")
    _start(client, game)
    with client.websocket_connect("/ws") as ws:
        _hello(ws, token)
        action = {"type": "act", "client_id": "same", "action": {"kind": "table_draft"}}
        ws.send_json(action)
        first = _recv_until(ws, "ack")
        ws.send_json(action)
        second = _recv_until(ws, "ack")
    assert second["duplicate"] and second["seq"] == first["seq"]
    view = client.get(f"/api/games/{game['game_id']}/view",
                      headers={"Authorization": f"Bearer {game['instructor_key']}"}).json()
    assert len(view["view"]["UNSC"]["drafts"]) == 1


def test_a_refused_action_gets_the_engines_code(client: TestClient, game: dict[str, Any]) -> None:
    token = _join(client, game, "Ada", "EST")
    _start(client, game)
    client.post(f"/api/games/{game['game_id']}/actions",
                json={"action": {"kind": "table_draft", "actor": "USA"}},
                headers={"Authorization": f"Bearer {game['instructor_key']}"})
    with client.websocket_connect("/ws") as ws:
        _hello(ws, token)
        ws.send_json({"type": "act", "client_id": "v",
                      "action": {"kind": "vote", "draft": "S/2022/1", "vote": "yes"}})
        error = _recv_until(ws, "error")
    assert error["code"] == "not_a_council_member" and error["client_id"] == "v"


def test_private_messages_reach_their_members_only(client: TestClient,
                                                   game: dict[str, Any]) -> None:
    tokens = {c: _join(client, game, f"n{c}", c) for c in ("EST", "LVA", "POL")}
    _start(client, game)
    with client.websocket_connect("/ws") as est, client.websocket_connect("/ws") as lva, \
            client.websocket_connect("/ws") as pol:
        for ws, c in ((est, "EST"), (lva, "LVA"), (pol, "POL")):
            _hello(ws, tokens[c])
        est.send_json({"type": "act", "client_id": "o", "action": {
            "kind": "open_channel", "members": ["LVA"], "channel": "baltic"}})
        _recv_until(est, "ack")
        est.send_json({"type": "act", "client_id": "m", "action": {
            "kind": "say", "channel": "baltic", "text": "BALTIC-WHISPER"}})
        _recv_until(est, "ack")
        assert _recv_until(lva, "event")["event"]["kind"] == "channel_opened"
        assert _recv_until(lva, "event")["event"]["text"] == "BALTIC-WHISPER"
        hidden = [_recv_until(pol, "event"), _recv_until(pol, "event")]
        assert all(f["event"] == {"kind": "hidden"} for f in hidden)
        pol.send_json({"type": "sync"})
        assert "BALTIC-WHISPER" not in json.dumps(_recv_until(pol, "view"))


def test_a_reconnecting_client_gets_exactly_what_it_missed(client: TestClient,
                                                           game: dict[str, Any]) -> None:
    a, b = _join(client, game, "Ada", "USA"), _join(client, game, "Bo", "NOR")
    _start(client, game)
    with client.websocket_connect("/ws") as wb:
        last = _hello(wb, b)["seq"]
    with client.websocket_connect("/ws") as wa:
        _hello(wa, a)
        for i in range(3):
            wa.send_json({"type": "act", "client_id": f"s{i}", "action": {
                "kind": "say", "channel": "public", "text": f"m{i}"}})
            _recv_until(wa, "ack")
    with client.websocket_connect("/ws") as wb:
        welcome = _hello(wb, b, last_seq=last)
        assert welcome["missed"] == 3 and welcome["seq"] == last + 3
        seqs = [_recv_until(wb, "event")["seq"] for _ in range(3)]
    assert seqs == [last + 1, last + 2, last + 3]


def test_observers_and_the_projector_cannot_act(client: TestClient, game: dict[str, Any]) -> None:
    _start(client, game)
    with client.websocket_connect("/ws") as ws:
        ws.send_json({"type": "hello", "game": game["code"], "watch": True})
        welcome = _recv_until(ws, "welcome")
        assert welcome["seat"]["role"] == "public"
        assert "ESTONIA-SECRET-PLAN" not in json.dumps(welcome)
        ws.send_json({"type": "act", "client_id": "x", "action": {"kind": "pause"}})
        assert _recv_until(ws, "error")["code"] == "read_only"


@pytest.mark.parametrize("frame, code", [
    ("{nope", "malformed_frame"),
    ("[1, 2]", "malformed_frame"),
    (json.dumps({"type": "dance"}), "unknown_frame"),
    (json.dumps({"type": "act", "action": {}}), "invalid_frame"),
    (json.dumps({"type": "act", "client_id": "z", "action": {"kind": "say", "channel": "public",
                                                             "text": "x" * 20_000}}),
     "frame_too_large"),
])
def test_bad_frames_get_a_code_and_the_connection_goes_on(
        client: TestClient, game: dict[str, Any], frame: str, code: str) -> None:
    token = _join(client, game, "Ada", "USA")
    _start(client, game)
    with client.websocket_connect("/ws") as ws:
        _hello(ws, token)
        ws.send_text(frame)
        assert _recv_until(ws, "error")["code"] == code
        ws.send_json({"type": "act", "client_id": "ok", "action": {"kind": "table_draft"}})
        assert _recv_until(ws, "ack")["client_id"] == "ok"


@pytest.mark.parametrize("action, code", [
    ({"kind": "say", "channel": "public", "text": "x" * 4001}, "text_too_long"),
    ({"kind": "say", "channel": "public", "text": "bell\u0007"}, "invalid_text"),
    ({"kind": "table_draft", "actor": "RUS"}, "not_your_country"),
    ({"kind": "launch"}, "unknown_action"),
])
def test_bad_actions_get_a_code(client: TestClient, game: dict[str, Any],
                                action: dict[str, Any], code: str) -> None:
    token = _join(client, game, "Ada", "USA")
    _start(client, game)
    with client.websocket_connect("/ws") as ws:
        _hello(ws, token)
        ws.send_json({"type": "act", "client_id": "b", "action": action})
        assert _recv_until(ws, "error")["code"] == code


def test_acting_before_hello_and_bad_tokens(client: TestClient, game: dict[str, Any]) -> None:
    with client.websocket_connect("/ws") as ws:
        ws.send_json({"type": "act", "client_id": "a", "action": {"kind": "start"}})
        assert _recv_until(ws, "error")["code"] == "not_joined"
        ws.send_json({"type": "hello", "token": "stolen-or-stale"})
        assert _recv_until(ws, "error")["code"] == "bad_token"
        ws.send_json({"type": "ping", "t": 7})
        assert _recv_until(ws, "pong")["t"] == 7


def test_a_reset_seat_token_stops_working(client: TestClient, game: dict[str, Any]) -> None:
    token = _join(client, game, "Ada", "USA")
    seat = client.get(f"/api/games/{game['game_id']}/roster",
                      headers={"Authorization": f"Bearer {game['instructor_key']}"}).json()[0]
    client.post(f"/api/games/{game['game_id']}/seats/{seat['seat_id']}/reset",
                headers={"Authorization": f"Bearer {game['instructor_key']}"})
    with client.websocket_connect("/ws") as ws:
        ws.send_json({"type": "hello", "token": token})
        assert _recv_until(ws, "error")["code"] == "bad_token"


def test_a_flood_is_rate_limited_and_the_connection_goes_on(client: TestClient,
                                                            game: dict[str, Any]) -> None:
    token = _join(client, game, "Ada", "USA")
    _start(client, game)
    with client.websocket_connect("/ws") as ws:
        _hello(ws, token)
        for i in range(12):
            ws.send_json({"type": "act", "client_id": f"f{i}", "action": {
                "kind": "say", "channel": "public", "text": "spam"}})
        answers = []
        while len(answers) < 12:
            frame = ws.receive_json()
            if frame["type"] in ("ack", "error"):
                answers.append(frame)
        codes = [a.get("code") for a in answers if a["type"] == "error"]
        assert codes and set(codes) == {"rate_limited"}
        ws.send_json({"type": "ping"})
        assert _recv_until(ws, "pong")["type"] == "pong"
        # A rate_limited answer is not remembered for its client_id: sent again once the
        # bucket has refilled, the same action is decided (and acked as new).
        limited = next(a["client_id"] for a in answers if a["type"] == "error")
        for _ in range(20):
            time.sleep(0.2)  # (pacing, not a wait for silence: a token comes every 0.1 s)
            ws.send_json({"type": "act", "client_id": limited, "action": {
                "kind": "say", "channel": "public", "text": "again"}})
            answer = _recv_until_answer(ws)
            if answer["type"] == "ack":
                break
            assert answer["code"] == "rate_limited"
        assert answer["type"] == "ack" and answer["duplicate"] is False


def test_the_instructor_sees_the_roster(client: TestClient, game: dict[str, Any]) -> None:
    _join(client, game, "Ada", "USA")
    with client.websocket_connect("/ws") as ws:
        ws.send_json({"type": "hello", "token": game["instructor_key"]})
        _recv_until(ws, "welcome")
        roster = _recv_until(ws, "roster")
    assert [s["nickname"] for s in roster["seats"]] == ["Ada"]


def test_a_browser_gets_patches_message_indexes_and_history(client: TestClient,
                                                            game: dict[str, Any]) -> None:
    """hello with views: the welcome's view with its newest messages, then events with their
    message index and patches of the view from the seq it has; sync and history answered."""
    token = _join(client, game, "Kaja", "NOR")
    _start(client, game)
    with client.websocket_connect("/ws") as est:
        est.send_json({"type": "hello", "token": token, "views": True})
        welcome = _recv_until(est, "welcome")
        assert welcome["view"]["messages_total"] == 0
        est.send_json({"type": "act", "client_id": "d1", "action": {
            "kind": "table_draft", "body": "UNSC", "title": "Calm", "text": "Calm down.",
            "measures": ["condemn"]}})
        assert _recv_until(est, "ack")["client_id"] == "d1"
        est.send_json({"type": "act", "client_id": "m1", "action": {
            "kind": "say", "channel": "public", "text": "Hello."}})
        said = next(f for f in iter(est.receive_json, None)
                    if f["type"] == "event" and f["event"]["kind"] == "message_sent")
        assert said["message"] == 1
        patch = _recv_until(est, "patch")
        assert patch["base"] == welcome["seq"] and patch["seq"] > welcome["seq"]
        view = jsonpatch.apply_patch(
            {k: v for k, v in welcome["view"].items() if k not in ("messages", "messages_total")},
            patch["ops"])
        assert [d["title"] for d in view["UNSC"]["drafts"]] == ["Calm"]
        est.send_json({"type": "sync"})
        fresh = _recv_until(est, "view")
        assert [m["text"] for m in fresh["view"]["messages"]] == ["Hello."]
        assert {k: v for k, v in fresh["view"].items()
                if k not in ("messages", "messages_total", "game")} == \
            {k: v for k, v in view.items() if k != "game"}
        est.send_json({"type": "history", "channel": "public", "before": 2, "limit": 5})
        history = _recv_until(est, "history")
        assert [m["text"] for m in history["messages"]] == ["Hello."] and history["complete"]
