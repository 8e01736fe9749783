"""The class game of bench/classgame.py played from the outside, through the HTTP API:
30 students join (eight countries in pairs), the instructor takes the script's actions
for their countries, caretakers act on the server by themselves."""

from __future__ import annotations

import contextlib
from typing import Any

from fastapi.testclient import TestClient

from bench.classgame import OWN_PLEDGE, SCENARIO, SCRIPT, SEED, TEAMS

SEATS = ["CHN", "FRA", "GBR", "RUS", "USA", "BHR", "COL", "COD", "LVA", "LBR", "DNK", "GRC",
         "PAK", "PAN", "SOM", "EST", "LTU", "POL", "DEU", "TUR", "HUN", "FIN"]


def auth(game: dict[str, Any]) -> dict[str, str]:
    return {"Authorization": f"Bearer {game['instructor_key']}"}


def play_class(client: TestClient, *, title: str = "Period 3",
               from_seats: tuple[str, ...] = ()) -> tuple[dict[str, Any], dict[str, str]]:
    """The game (as created) and each student's seat token by nickname. The actions of
    the countries in ``from_seats`` are sent from their first student's seat, over the
    websocket, as that student would; the rest by the instructor for them."""
    game = client.post("/api/games", json={"scenario": SCENARIO, "seed": SEED,
                                           "title": title}).json()
    tokens: dict[str, str] = {}
    n = 0
    for code in SEATS:
        for _ in range(TEAMS.get(code, 1)):
            n += 1
            seat = client.post(f"/api/join/{game['code']}",
                               json={"nickname": f"Student {n}", "country": code})
            assert seat.status_code == 201, seat.text
            tokens[f"Student {n}"] = seat.json()["token"]
    client.cookies.clear()
    first = {code: next(n for n, seat in seat_countries(tokens) if seat == code)
             for code in from_seats}
    with contextlib.ExitStack() as stack:
        sockets = {}
        for code, nickname in first.items():
            ws = stack.enter_context(client.websocket_connect("/ws"))
            ws.send_json({"type": "hello", "token": tokens[nickname]})
            assert ws.receive_json()["type"] == "welcome"
            sockets[code] = ws
        for i, action in enumerate(SCRIPT):
            action = dict(action)
            if action.get("pledge") == OWN_PLEDGE:
                view = client.get(f"/api/games/{game['game_id']}/view", headers=auth(game)).json()
                action["pledge"] = next(p["id"] for p in view["view"]["NAC"]["pledges"]
                                        if p["ally"] == action["actor"] and p["status"] == "made")
            ws = sockets.get(action.get("actor", ""))
            if ws is not None:
                ws.send_json({"type": "act", "client_id": f"script-{i}",
                              "action": {k: v for k, v in action.items() if k != "actor"}})
                while (frame := ws.receive_json())["type"] not in ("ack", "error"):
                    pass
                assert frame["type"] == "ack", (action, frame)
                continue
            response = client.post(f"/api/games/{game['game_id']}/actions", headers=auth(game),
                                   json={"action": action})
            assert response.status_code == 200, (action, response.text)
    return game, tokens


def seat_countries(tokens: dict[str, str]) -> list[tuple[str, str]]:
    """(nickname, country) for each student, in the order they joined."""
    out = []
    n = 0
    for code in SEATS:
        for _ in range(TEAMS.get(code, 1)):
            n += 1
            out.append((f"Student {n}", code))
    return [pair for pair in out if pair[0] in tokens]
