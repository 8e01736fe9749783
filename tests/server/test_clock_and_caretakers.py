"""Clocks fire as system actions; caretakers act by their policy; browsers get views."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import jsonpatch
import pytest
from fastapi.testclient import TestClient
from starlette.testclient import WebSocketTestSession

from server.app import create_app
from server.settings import Settings

SCENARIO: dict[str, Any] = {
    "id": "clock-test", "title": "Clock test",
    "countries": [
        "FRA",
        {"code": "GBR", "playable": False, "caretaker": {"vote": {"default": "yes"}}},
        {"code": "USA", "playable": False,
         "caretaker": {"vote": {"no_if": ["authorize_force"], "follow": "GBR"}}},
        "EST", "POL"],
    "bodies": {"UNSC": {"permanent": ["FRA", "GBR", "USA"], "threshold": 2},
               "NAC": {"members": ["FRA", "GBR", "USA", "EST", "POL"], "silence_seconds": 600},
               "LNA": {"members": ["FRA", "GBR", "POL"]}},
    "incidents": [{"id": "inc", "target": "EST", "attacker": "RUS", "kind": "armed_attack"}],
}


@pytest.fixture
def client(sqlite_url: str) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(database_url=sqlite_url))) as c:
        yield c


def _setup(client: TestClient, *countries: str) -> tuple[dict[str, Any], dict[str, str]]:
    game = client.post("/api/games", json={"scenario": SCENARIO}).json()
    tokens = {c: client.post(f"/api/join/{game['code']}", json={"nickname": c, "country": c})
              .json()["token"] for c in countries}
    client.post(f"/api/games/{game['game_id']}/actions", json={"action": {"kind": "start"}},
                headers={"Authorization": f"Bearer {game['instructor_key']}"})
    return game, tokens


def _events(ws: WebSocketTestSession, until_kind: str, limit: int = 100) -> list[dict[str, Any]]:
    seen = []
    for _ in range(limit):
        frame = ws.receive_json()
        if frame["type"] == "event":
            seen.append(frame["event"])
            if frame["event"]["kind"] == until_kind:
                return seen
    raise AssertionError(f"no {until_kind}")


def test_caretakers_vote_by_policy_when_a_vote_is_called(client: TestClient) -> None:
    _game, tokens = _setup(client, "FRA", "EST", "POL")
    with client.websocket_connect("/ws") as ws:
        ws.send_json({"type": "hello", "token": tokens["FRA"]})
        for action in ({"kind": "table_draft", "title": "Peace"},
                       {"kind": "call_vote", "draft": "S/1"},
                       {"kind": "vote", "draft": "S/1", "vote": "yes"}):
            ws.send_json({"type": "act", "client_id": action["kind"], "action": action})
        events = _events(ws, "draft_adopted")
    votes = {(e["country"], e["vote"]) for e in events if e["kind"] == "vote_cast"}
    assert votes == {("GBR", "yes"), ("USA", "yes"), ("FRA", "yes")}


def test_a_silence_deadline_fires_by_itself(client: TestClient) -> None:
    _game, tokens = _setup(client, "FRA", "EST", "POL")
    with client.websocket_connect("/ws") as ws:
        ws.send_json({"type": "hello", "token": tokens["EST"]})
        ws.send_json({"type": "act", "client_id": "a5", "action": {
            "kind": "request_article5", "incident": "inc", "deadline": 1}})
        started = time.monotonic()
        events = _events(ws, "article5_invoked")
    assert any(e["kind"] == "decision_adopted" for e in events)
    assert time.monotonic() - started >= 0.5


def test_the_clock_makes_a_withdrawal_effective_once_the_instructor_skips_the_year(
        client: TestClient) -> None:
    """Article 13: a year after the notice; a class reaches it only by a logged time skip."""
    game, tokens = _setup(client, "FRA", "EST", "POL")
    auth = {"Authorization": f"Bearer {game['instructor_key']}"}
    with client.websocket_connect("/ws") as ws:
        ws.send_json({"type": "hello", "token": tokens["POL"]})
        ws.send_json({"type": "act", "client_id": "notice",
                      "action": {"kind": "notify_withdrawal"}})
        _events(ws, "withdrawal_notified")
        skip = client.post(f"/api/games/{game['game_id']}/actions", headers=auth, json={
            "action": {"kind": "skip_time", "days": 366, "reason": "A year passes."}})
        assert skip.status_code == 200, skip.text
        events = _events(ws, "member_left")
    assert [e["kind"] for e in events][-2:] == ["time_skipped", "member_left"]
    assert events[-1]["country"] == "POL"


def test_the_clock_makes_a_league_withdrawal_effective_two_years_after_notice(
        client: TestClient) -> None:
    """Covenant Art. 1(3): two years after the notice, which a class reaches by a time skip."""
    game, tokens = _setup(client, "FRA", "EST", "POL")
    auth = {"Authorization": f"Bearer {game['instructor_key']}"}
    url = f"/api/games/{game['game_id']}/actions"
    with client.websocket_connect("/ws") as ws:
        ws.send_json({"type": "hello", "token": tokens["POL"]})
        ws.send_json({"type": "act", "client_id": "notice",
                      "action": {"kind": "notify_withdrawal", "body": "LEAGUE"}})
        _events(ws, "withdrawal_notified")
        one_year = client.post(url, headers=auth, json={
            "action": {"kind": "skip_time", "days": 366, "reason": "A year passes."}})
        assert one_year.status_code == 200, one_year.text
        _events(ws, "time_skipped")
        client.post(url, headers=auth, json={
            "action": {"kind": "skip_time", "days": 366, "reason": "Another year."}})
        events = _events(ws, "member_left")
    assert [e["kind"] for e in events][-2:] == ["time_skipped", "member_left"]
    assert (events[-1]["country"], events[-1]["body"]) == ("POL", "LEAGUE")


def test_a_browser_gets_patches_of_its_view_as_the_game_changes(client: TestClient) -> None:
    _game, tokens = _setup(client, "FRA", "EST")
    with client.websocket_connect("/ws") as ws:
        ws.send_json({"type": "hello", "token": tokens["FRA"], "views": True})
        welcome = ws.receive_json()
        assert welcome["type"] == "welcome"
        ws.send_json({"type": "act", "client_id": "t", "action": {"kind": "table_draft",
                                                                   "title": "Peace"}})
        for _ in range(20):
            frame = ws.receive_json()
            if frame["type"] == "patch":
                break
        else:
            raise AssertionError("no patch sent")
    assert frame["base"] == welcome["seq"]
    view = jsonpatch.apply_patch(welcome["view"], frame["ops"])
    assert view["UNSC"]["drafts"][0]["title"] == "Peace"


def test_a_vote_does_not_wait_for_a_delegation_whose_students_are_all_offline(
        client: TestClient) -> None:
    game, tokens = _setup(client, "FRA", "EST", "POL")
    key = {"Authorization": f"Bearer {game['instructor_key']}"}
    act = f"/api/games/{game['game_id']}/actions"
    assert client.post(act, json={"action": {"kind": "set_vote_grace", "seconds": 1}},
                       headers=key).json()["ok"]
    with client.websocket_connect("/ws") as fra:
        fra.send_json({"type": "hello", "token": tokens["FRA"]})
        fra.send_json({"type": "act", "client_id": "t1", "action": {"kind": "table_draft",
                                                                    "title": "Peace"}})
        _events(fra, "draft_tabled")
        roster = client.get(f"/api/games/{game['game_id']}/roster", headers=key).json()
        assert [s["online"] for s in roster if s["country"] == "FRA"] == [True]
        # While France's student is here, the vote waits for her, past the grace.
        client.post(act, json={"action": {"kind": "call_vote", "draft": "S/1"}}, headers=key)
        time.sleep(1.5)
        fra.send_json({"type": "act", "client_id": "v1", "action": {"kind": "vote", "draft": "S/1",
                                                                    "vote": "no"}})
        events = _events(fra, "draft_vetoed")
    assert ("FRA", "no") in {(e["country"], e["vote"]) for e in events if e["kind"] == "vote_cast"}

    # France's student is gone: once the grace has run, its caretaker votes, and the vote
    # closes by itself.
    with client.websocket_connect("/ws") as est:
        est.send_json({"type": "hello", "token": tokens["EST"]})
        fra_seat = [s for s in client.get(f"/api/games/{game['game_id']}/roster", headers=key).json()
                    if s["country"] == "FRA"]
        assert [s["online"] for s in fra_seat] == [False]
        client.post(act, json={"action": {"actor": "FRA", "kind": "table_draft",
                                          "title": "Peace again"}}, headers=key)
        called = time.monotonic()
        client.post(act, json={"action": {"kind": "call_vote", "draft": "S/2"}}, headers=key)
        events = _events(est, "draft_adopted")
    assert ("FRA", "abstain") in {(e["country"], e["vote"]) for e in events
                                  if e["kind"] == "vote_cast" and e["draft"] == "S/2"}
    assert time.monotonic() - called >= 0.9
