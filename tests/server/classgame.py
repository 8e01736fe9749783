"""The class game of bench/classgame.py played from the outside, through the HTTP API:
30 students join (eight countries in pairs), the instructor takes the script's actions
for their countries, caretakers act on the server by themselves."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from bench.classgame import OWN_PLEDGE, SCENARIO, SCRIPT, SEED, TEAMS

SEATS = ["CHN", "FRA", "GBR", "RUS", "USA", "BHR", "COL", "COD", "LVA", "LBR", "DNK", "GRC",
         "PAK", "PAN", "SOM", "EST", "LTU", "POL", "DEU", "TUR", "HUN", "FIN"]


def auth(game: dict[str, Any]) -> dict[str, str]:
    return {"Authorization": f"Bearer {game['instructor_key']}"}


def play_class(client: TestClient, *, title: str = "Period 3") -> tuple[dict[str, Any],
                                                                         dict[str, str]]:
    """The game (as created) and each student's seat token by nickname."""
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
    for action in SCRIPT:
        action = dict(action)
        if action.get("pledge") == OWN_PLEDGE:
            view = client.get(f"/api/games/{game['game_id']}/view", headers=auth(game)).json()
            action["pledge"] = next(p["id"] for p in view["view"]["NAC"]["pledges"]
                                    if p["ally"] == action["actor"] and p["status"] == "made")
        response = client.post(f"/api/games/{game['game_id']}/actions", headers=auth(game),
                               json={"action": action})
        assert response.status_code == 200, (action, response.text)
    return game, tokens
