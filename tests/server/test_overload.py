"""Grace under overload (server/overload.py): the excess refused at once, with a code."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from server import overload
from server.app import create_app
from server.overload import HIGH, LOW, WAITING_LIMIT, Pressure, Thresholds
from server.settings import Limits, Settings
from server.translator import Translator
from tests.server.helpers import scenario_with_secrets


def test_below_the_low_lag_everything_is_taken_and_above_the_high_nothing() -> None:
    pressure = Pressure()
    pressure.busy = 1.0
    pressure.lag = LOW / 2
    assert all(pressure.refuse() is None for _ in range(200))
    pressure.lag = HIGH * 2
    waits = [pressure.refuse() for _ in range(200)]
    assert all(w is not None and w >= 0.75 * overload.RETRY_AFTER for w in waits)
    pressure.lag = (LOW + HIGH) / 2
    refused = sum(pressure.refuse() is not None for _ in range(2000))
    assert 700 < refused < 1300  # about half
    pressure.lag = HIGH * 2
    pressure.busy = 0.3  # late because other processes have the cores: nothing refused
    assert all(pressure.refuse() is None for _ in range(200))
    pressure.lag = 0.0
    assert pressure.refuse(waiting=WAITING_LIMIT) is not None


def test_a_deployment_sets_the_thresholds(monkeypatch: pytest.MonkeyPatch) -> None:
    pressure = Pressure()
    pressure.busy, pressure.lag = 1.0, HIGH * 2
    assert pressure.refuse() is not None
    assert pressure.refuse(at=Thresholds(busy=2.0)) is None  # the lag refuses nothing
    assert pressure.refuse(at=Thresholds(low=HIGH * 3, high=HIGH * 4)) is None
    pressure.lag = 0.0
    assert pressure.refuse(waiting=5) is None
    assert pressure.refuse(waiting=5, at=Thresholds(waiting=5)) is not None
    monkeypatch.setenv("CRISIS_TABLE_OVERLOAD_LAG", "0.1,0.5")
    monkeypatch.setenv("CRISIS_TABLE_OVERLOAD_BUSY", "2")
    monkeypatch.setenv("CRISIS_TABLE_OVERLOAD_WAITING", "40")
    assert Settings.from_env().limits.overload == Thresholds(low=0.1, high=0.5, busy=2.0,
                                                             waiting=40)
    for name, bad in [("CRISIS_TABLE_OVERLOAD_LAG", "0.5,0.1"), ("CRISIS_TABLE_OVERLOAD_LAG", "1"),
                      ("CRISIS_TABLE_OVERLOAD_BUSY", "lots")]:
        with monkeypatch.context() as env:
            env.setenv(name, bad)
            with pytest.raises(SystemExit, match=name):
                Settings.from_env()


def test_the_websocket_asks_with_the_servers_thresholds(sqlite_url: str) -> None:
    """A server whose every game may have no action waiting refuses every action."""
    settings = Settings(database_url=sqlite_url, limits=Limits(overload=Thresholds(waiting=0)))
    with TestClient(create_app(settings)) as client:
        game = client.post("/api/games", json={"scenario": scenario_with_secrets()}).json()
        with client.websocket_connect("/ws") as ws:
            ws.send_json({"type": "hello", "token": game["instructor_key"]})
            assert ws.receive_json()["type"] == "welcome"
            ws.send_json({"type": "act", "client_id": "i1", "action": {"kind": "start"}})
            frame = ws.receive_json()
            while frame["type"] == "roster":
                frame = ws.receive_json()
            assert frame["type"] == "error" and frame["code"] == "overloaded", frame


def test_the_lag_is_how_late_the_loop_is() -> None:
    async def go() -> float:
        pressure = Pressure()
        pressure.start()
        for _ in range(5):
            await asyncio.sleep(0.03)
            busy_until = asyncio.get_running_loop().time() + 0.15
            while asyncio.get_running_loop().time() < busy_until:  # a loop stuck in work
                pass
        busy = pressure.lag
        pressure.stop()
        assert pressure.busy > 0.0
        return busy

    assert asyncio.run(go()) > 0.04


@pytest.fixture
def client(sqlite_url: str) -> Iterator[TestClient]:
    settings = Settings(database_url=sqlite_url, limits=Limits(abuse_strikes=1000))
    with TestClient(create_app(settings)) as c:
        yield c


def test_an_overloaded_server_refuses_an_action_with_a_code_and_a_wait(
        client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    game: dict[str, Any] = client.post("/api/games", json={"scenario": scenario_with_secrets(),
                                                           "seed": 5}).json()
    token = client.post(f"/api/join/{game['code']}", json={"nickname": "Ada",
                                                           "country": "NOR"}).json()["token"]
    client.post(f"/api/games/{game['game_id']}/actions", json={"action": {"kind": "start"}},
                headers={"Authorization": f"Bearer {game['instructor_key']}"})
    with client.websocket_connect("/ws") as ws:
        ws.send_json({"type": "hello", "token": token})
        assert ws.receive_json()["type"] == "welcome"
        monkeypatch.setattr(Pressure, "refuse", lambda self, waiting=0, at=None: 1.5)
        ws.send_json({"type": "act", "client_id": "a1", "action": {
            "kind": "say", "channel": "public", "text": "Hello."}})
        refused = ws.receive_json()
        assert refused == {"type": "error", "code": "overloaded", "client_id": "a1",
                           "message": refused["message"], "retry_after": 1.5,
                           "msg": {"id": refused["message"], "params": {}}}
        # The page shows it in its reader's language (docs/i18n.md).
        assert Translator("fr").render(refused["msg"]).startswith("Le serveur est à pleine capacité")
        monkeypatch.undo()
        ws.send_json({"type": "act", "client_id": "a1", "action": {
            "kind": "say", "channel": "public", "text": "Hello."}})
        frames = [ws.receive_json() for _ in range(2)]
        assert {f["type"] for f in frames} == {"event", "ack"}
        ws.send_json({"type": "ping", "t": 1})
        assert ws.receive_json()["type"] == "pong"  # the connection goes on
