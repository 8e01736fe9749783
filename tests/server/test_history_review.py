"""Your class and history in the review: the debrief's section, and the rows of the grading
CSV, for a game of a shipped historical scenario played by caretakers."""

from __future__ import annotations

import csv
import io
from typing import Any

from fastapi.testclient import TestClient

from tests.server.helpers import instructor_auth


def _kuwait(client: TestClient) -> dict[str, Any]:
    """Kuwait 1990, every seat a caretaker: the class's first resolution, then the end."""
    game = client.post("/api/games", json={"scenario": "kuwait-1990", "seed": 1}).json()
    url = f"/api/games/{game['game_id']}/actions"
    for action in (
            {"kind": "start"}, {"kind": "advance_phase"},
            {"kind": "table_draft", "actor": "USA", "draft": "S/21425", "title": "Iraq",
             "chapter": "VII", "measures": ["determine_threat", "condemn", "demand_withdrawal"]},
            {"kind": "advance_phase"}, {"kind": "call_vote", "draft": "S/21425"},
            {"kind": "end"}):
        response = client.post(url, json={"action": action}, headers=instructor_auth(game))
        assert response.status_code == 200, (action, response.text)
    return game


def test_the_debrief_sets_the_class_beside_history(client: TestClient) -> None:
    game = _kuwait(client)
    history = client.get(f"/api/games/{game['game_id']}/debrief", headers=instructor_auth(game)).json()[
        "history"]
    assert history["track"] is True
    [pair] = history["pairs"]
    assert (pair["verdict"], pair["entry"], pair["date"], pair["round"]) == (
        "agree", "res-660", "1990-08-02", 1)
    assert pair["sentence"] == (
        "In round 1, your Council adopted S/21425 “Iraq” as a Chapter VII resolution, 14-0-0; "
        "the real Council adopted resolution 660 on 2 August 1990, 14-0-0, with Yemen absent: "
        "the same outcome, by the same tally.")
    assert pair["seq"] > 0 and pair["source"].startswith("United Nations")
    assert [p["entry"] for p in history["not_reached"]] == [
        "res-661", "res-662", "res-664", "res-665", "res-678"]


def test_the_grading_csv_ends_with_the_comparison(client: TestClient) -> None:
    game = _kuwait(client)
    text = client.get(f"/api/games/{game['game_id']}/export.csv",
                      headers=instructor_auth(game)).content.decode("utf-8-sig")
    rows = [r for r in csv.DictReader(io.StringIO(text)) if r["kind"] == "history"]
    assert [(r["channel_or_item"], r["vote_or_response"]) for r in rows][:2] == [
        ("S/21425 / res-660", "agree"), ("res-661", "not_reached")]
    assert rows[0]["text"].startswith("In round 1, your Council adopted S/21425")
    assert rows[-1]["text"].startswith("The real Council adopted resolution 678 on 29 November "
                                       "1990, 12-2-1, with Cuba and Yemen against and China "
                                       "abstaining: your class never reached this decision.")


def test_a_game_without_a_history_track_says_so(client: TestClient) -> None:
    game = client.post("/api/games", json={"scenario": "sandbox", "seed": 1}).json()
    history = client.get(f"/api/games/{game['game_id']}/debrief", headers=instructor_auth(game)).json()[
        "history"]
    assert (history["track"], history["pairs"], history["not_reached"]) == (False, [], [])
    assert "no history track" in history["note"]


def test_the_replay_marks_the_real_dates_at_their_rounds(client: TestClient) -> None:
    game = _kuwait(client)
    marks = {m["entry"]: m for m in client.get(f"/api/games/{game['game_id']}/review",
                                               headers=instructor_auth(game)).json()["history"]}
    assert (marks["res-660"]["when"], marks["res-660"]["round"]) == ("2 August 1990", 1)
    assert marks["res-660"]["seq"] > 0
    assert marks["res-678"]["round"] == 5 and marks["res-678"]["seq"] is None
    assert marks["desert-storm"]["round"] is None


def test_the_instructor_reveals_history_after_the_end_and_every_view_shows_it(
        client: TestClient) -> None:
    game = _kuwait(client)
    url = f"/api/games/{game['game_id']}/actions"
    response = client.post(url, json={"action": {"kind": "reveal_history", "entry": "res-660"}},
                           headers=instructor_auth(game))
    assert response.status_code == 200, response.text
    state = client.get(f"/api/games/{game['game_id']}/review/state?seq=999999&viewer=public",
                       headers=instructor_auth(game)).json()
    shown = state["view"]["history"]["shown"]
    assert shown["entry"] == "res-660" and shown["yours"] == [
        "Your Council adopted S/21425 “Iraq” as a Chapter VII resolution, 14-0-0."]
    refused = client.post(url, json={"action": {"kind": "reveal_history", "entry": "nope"}},
                          headers=instructor_auth(game))
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "unknown_history_entry"
