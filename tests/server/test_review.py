"""Reviewing a game: the replay at any moment and from any permitted eyes, the
debrief, exports, notes and forks."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from fastapi.testclient import TestClient

from server.translator import translator
from tests.server.helpers import instructor_auth, scenario_with_secrets


def _played(client: TestClient, end: bool = True) -> tuple[dict[str, Any], str]:
    game = client.post("/api/games", json={"scenario": scenario_with_secrets(), "seed": 9}).json()
    seat = client.post(f"/api/join/{game['code']}", json={"nickname": "Ada", "country": "EST"})
    url = f"/api/games/{game['game_id']}/actions"
    council = ("CHN", "FRA", "GBR", "RUS", "USA", "ALB", "BRA", "GAB", "GHA", "IND", "IRL", "KEN",
               "MEX", "NOR", "ARE", "TUR")
    actions: list[dict[str, Any]] = [
        {"kind": "start"},
        *[{"kind": "set_caretaker", "country": c, "caretaker": False} for c in council],
        {"kind": "open_channel", "actor": "EST", "members": ["LVA"], "channel": "baltic"},
        {"kind": "say", "actor": "LVA", "channel": "baltic", "text": "LATVIA-WHISPER"},
        {"kind": "table_draft", "actor": "USA", "title": "Aggression", "draft": "S/2022/1"},
        {"kind": "call_vote", "actor": "RUS", "draft": "S/2022/1"},
        *[{"kind": "vote", "actor": c, "draft": "S/2022/1", "vote": "yes"}
          for c in ("USA", "GBR", "FRA", "ALB", "BRA", "GAB", "GHA", "IRL", "KEN", "MEX", "NOR")],
        {"kind": "vote", "actor": "RUS", "draft": "S/2022/1", "vote": "no"},
        {"kind": "close_vote", "draft": "S/2022/1"},
        {"kind": "request_article5", "actor": "EST", "incident": "inc-est", "item": "NAC/1"},
        {"kind": "break_silence", "actor": "TUR", "item": "NAC/1", "reason": "Not yet"},
    ]
    if end:
        actions.append({"kind": "end"})
    for action in actions:
        response = client.post(url, json={"action": action}, headers=instructor_auth(game))
        assert response.status_code == 200, (action, response.text)
    return game, seat.json()["token"]


def test_the_timeline_marks_the_decision_points(client: TestClient) -> None:
    game, _ = _played(client)
    review = client.get(f"/api/games/{game['game_id']}/review", headers=instructor_auth(game)).json()
    kinds = [p["kind"] for p in review["points"]]
    assert "draft_vetoed" in kinds and "silence_broken" in kinds and "vote_called" in kinds


def test_the_state_at_any_event(client: TestClient) -> None:
    game, _ = _played(client)
    base = f"/api/games/{game['game_id']}/review/state"
    first = client.get(f"{base}?seq=0&viewer=public", headers=instructor_auth(game)).json()
    assert first["view"]["game"]["status"] == "setup"
    review = client.get(f"/api/games/{game['game_id']}/review", headers=instructor_auth(game)).json()
    veto = next(p["seq"] for p in review["points"] if p["kind"] == "draft_vetoed")
    before = client.get(f"{base}?seq={veto - 1}&viewer=public", headers=instructor_auth(game)).json()
    after = client.get(f"{base}?seq={veto}&viewer=public", headers=instructor_auth(game)).json()
    assert before["view"]["UNSC"]["drafts"][0]["status"] == "voting"
    assert after["view"]["UNSC"]["drafts"][0]["status"] == "vetoed"


def test_a_student_replays_through_own_eyes_only_until_the_instructor_opens_more(
        client: TestClient) -> None:
    game, token = _played(client)
    base = f"/api/games/{game['game_id']}/review/state?seq=1000"
    seat = {"X-Seat-Token": token}
    own = client.get(f"{base}&viewer=EST", headers=seat)
    assert own.status_code == 200 and "LATVIA-WHISPER" in own.text
    other = client.get(f"{base}&viewer=LVA", headers=seat)
    assert other.status_code == 403 and other.json()["error"]["code"] == "perspective_closed"
    seeing = client.get(f"{base}&viewer=instructor", headers=seat)
    assert seeing.status_code == 403
    client.patch(f"/api/games/{game['game_id']}/options", json={"all_seeing_replay": True},
                 headers=instructor_auth(game))
    assert client.get(f"{base}&viewer=instructor", headers=seat).status_code == 200


def test_no_perspective_shows_another_countrys_secrets(client: TestClient) -> None:
    game, _ = _played(client)
    review = client.get(f"/api/games/{game['game_id']}/review", headers=instructor_auth(game)).json()
    for seq in range(0, review["seq"] + 1):
        for viewer in ("public", "POL", "USA"):
            text = client.get(f"/api/games/{game['game_id']}/review/state?seq={seq}"
                              f"&viewer={viewer}", headers=instructor_auth(game)).text
            assert "SECRET-PLAN" not in text and "LATVIA-WHISPER" not in text


def test_students_wait_for_the_end_of_the_game(client: TestClient) -> None:
    game, token = _played(client, end=False)
    response = client.get(f"/api/games/{game['game_id']}/review",
                          headers={"X-Seat-Token": token})
    assert response.status_code == 403 and response.json()["error"]["code"] == "game_not_over"
    client.cookies.clear()
    assert client.get(f"/api/games/{game['game_id']}/review").status_code == 401


def test_the_debrief_explains_scores_with_events(client: TestClient) -> None:
    game, _ = _played(client)
    debrief = client.get(f"/api/games/{game['game_id']}/debrief", headers=instructor_auth(game)).json()
    credibility = debrief["liberal"]["credibility"]["entries"]
    assert any("vetoed" in e["reason"] and e["seq"] for e in credibility)
    russia = next(s for s in debrief["realist"] if s["country"] == "RUS")
    assert any("vetoed" in e["reason"] for e in russia["autonomy"]["entries"])
    rules = " ".join(o["rule"] for o in debrief["outcomes"])
    assert "Art. 27(3)" in rules and "consensus" in rules
    assert any("25 February 2022" in o["precedent"] for o in debrief["outcomes"])
    assert debrief["votes"][0]["votes"]["RUS"] == "no"


@pytest.mark.parametrize("name", ["crisis", "agreement", "network"])
def test_charts_are_svg(client: TestClient, name: str) -> None:
    game, _ = _played(client)
    response = client.get(f"/api/games/{game['game_id']}/charts/{name}.svg", headers=instructor_auth(game))
    assert response.status_code == 200 and response.text.startswith("<svg")
    assert response.headers["content-type"].startswith("image/svg+xml")


def test_the_grading_csv_lists_each_students_actions(client: TestClient) -> None:
    game, token = _played(client, end=False)
    with client.websocket_connect("/ws") as ws:
        ws.send_json({"type": "hello", "token": token})
        ws.send_json({"type": "act", "client_id": "x",
                      "action": {"kind": "say", "channel": "public", "text": "=cmd()"}})
        for _ in range(10):
            if ws.receive_json()["type"] in ("ack", "error"):
                break
    text = client.get(f"/api/games/{game['game_id']}/export.csv",
                      headers=instructor_auth(game)).content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    mine = [r for r in rows if r["student"] == "Ada"]
    assert mine and mine[0]["country"] == "EST" and mine[0]["team"] == "Ada"
    assert mine[-1]["text"] == "'=cmd()"
    assert any(r["kind"] == "vote" and r["vote_or_response"] == "no" for r in rows)


def test_notes_pinned_by_the_instructor_reach_students(client: TestClient) -> None:
    game, token = _played(client)
    note = client.post(f"/api/games/{game['game_id']}/annotations",
                       json={"seq": 5, "text": "Why did Russia vote no?"}, headers=instructor_auth(game))
    assert note.status_code == 201
    seen = client.get(f"/api/games/{game['game_id']}/annotations",
                      headers={"X-Seat-Token": token}).json()
    assert seen == [{"id": note.json()["id"], "seq": 5, "text": "Why did Russia vote no?"}]
    denied = client.post(f"/api/games/{game['game_id']}/annotations", json={"seq": 1, "text": "x"},
                         headers={"X-Seat-Token": token})
    assert denied.status_code == 401


def test_a_fork_without_change_replays_the_same_events(client: TestClient) -> None:
    game, _ = _played(client)
    events = client.get(f"/api/games/{game['game_id']}/events", headers=instructor_auth(game)).json()
    cut = events[len(events) // 2]["seq"]
    fork = client.post(f"/api/games/{game['game_id']}/fork", json={"seq": cut},
                       headers=instructor_auth(game))
    assert fork.status_code == 201, fork.text
    forked = client.get(f"/api/games/{fork.json()['game_id']}/events",
                        headers={"Authorization": f"Bearer {fork.json()['instructor_key']}"}).json()
    same = [e["event"] for e in forked][:cut]
    assert same == [e["event"] for e in events][:len(same)]
    compare = client.get(f"/api/games/{game['game_id']}/compare/{fork.json()['game_id']}",
                         headers=instructor_auth(game))
    assert compare.status_code == 200
    assert json.dumps(compare.json()["a"]["debrief"])


def test_a_no_veto_fork_plays_forward_under_the_new_rule(client: TestClient) -> None:
    game, _ = _played(client, end=False)
    events = client.get(f"/api/games/{game['game_id']}/events", headers=instructor_auth(game)).json()
    fork = client.post(f"/api/games/{game['game_id']}/fork",
                       json={"seq": events[-1]["seq"], "change": {"kind": "no_veto"}},
                       headers=instructor_auth(game)).json()
    auth = {"Authorization": f"Bearer {fork['instructor_key']}"}
    url = f"/api/games/{fork['game_id']}/actions"
    assert client.post(url, json={"action": {"kind": "resume"}}, headers=auth).status_code == 200
    steps: list[dict[str, Any]] = [
        {"kind": "table_draft", "actor": "USA", "title": "Again", "draft": "S/2022/2"},
        {"kind": "call_vote", "actor": "RUS", "draft": "S/2022/2"},
        *[{"kind": "vote", "actor": c, "draft": "S/2022/2", "vote": "yes"}
          for c in ("USA", "GBR", "FRA", "ALB", "BRA", "GAB", "GHA", "IRL", "KEN", "MEX", "NOR")],
        {"kind": "vote", "actor": "RUS", "draft": "S/2022/2", "vote": "no"},
        {"kind": "close_vote", "draft": "S/2022/2"},
    ]
    for action in steps:
        assert client.post(url, json={"action": action}, headers=auth).status_code == 200
    view = client.get(f"/api/games/{fork['game_id']}/view", headers=auth).json()["view"]
    statuses = {d["id"]: d["status"] for d in view["UNSC"]["drafts"]}
    assert statuses == {"S/2022/1": "vetoed", "S/2022/2": "adopted"}
    compare = client.get(f"/api/games/{game['game_id']}/compare/{fork['game_id']}",
                         headers=instructor_auth(game)).json()
    assert compare["b"]["debrief"]["liberal"]["total"] != compare["a"]["debrief"]["liberal"]["total"]


def test_a_forks_title_reads_in_each_readers_language(client: TestClient) -> None:
    game, _ = _played(client, end=False)
    auth = instructor_auth(game)
    title = client.get(f"/api/games/{game['game_id']}", headers=auth).json()["title"]
    events = client.get(f"/api/games/{game['game_id']}/events", headers=auth).json()
    fork = client.post(f"/api/games/{game['game_id']}/fork", headers=auth,
                       json={"seq": events[-1]["seq"], "change": {"kind": "no_veto"}}).json()
    again = client.post(f"/api/games/{fork['game_id']}/fork", headers=auth,
                        json={"seq": events[-1]["seq"], "change": {"kind": "no_nato"}}).json()
    plain = client.post(f"/api/games/{game['game_id']}/fork", headers=auth,
                        json={"seq": events[-1]["seq"]}).json()
    fork_auth = {"Authorization": f"Bearer {fork['instructor_key']}"}
    info = client.get(f"/api/games/{fork['game_id']}", headers=fork_auth).json()
    assert info["title"] == f"{title} (what if: no veto)"
    assert translator("fr").render(info["title_msg"]) == f"{title} (et si\u00a0: pas de veto)"
    assert translator("es").render(info["title_msg"]) == f"{title} (¿y si...?: sin veto)"
    # The same message wherever the title is shown: the join page, the replay, the comparison.
    assert client.get(f"/api/join/{fork['code']}").json()["title_msg"] == info["title_msg"]
    summary = client.get(f"/api/games/{fork['game_id']}/review", headers=fork_auth).json()
    assert summary["title_msg"] == info["title_msg"]
    compare = client.get(f"/api/games/{game['game_id']}/compare/{fork['game_id']}",
                         headers=auth).json()
    assert compare["a"]["title_msg"] is None and compare["b"]["title_msg"] == info["title_msg"]
    # A fork of a fork nests the title it was made from; a fork without change keeps it.
    nested = client.get(f"/api/games/{again['game_id']}",
                        headers={"Authorization": f"Bearer {again['instructor_key']}"}).json()
    assert nested["title"] == f"{title} (what if: no veto) (what if: no NATO)"
    assert translator("es").render(nested["title_msg"]) == \
        f"{title} (¿y si...?: sin veto) (¿y si...?: sin OTAN)"
    same = client.get(f"/api/games/{plain['game_id']}",
                      headers={"Authorization": f"Bearer {plain['instructor_key']}"}).json()
    assert (same["title"], same["title_msg"]) == (title, None)


def test_a_students_message_network_shows_only_their_own_channels(client: TestClient) -> None:
    game, token = _played(client, end=False)
    seat = client.post(f"/api/join/{game['code']}", json={"nickname": "Pol", "country": "POL"})
    client.post(f"/api/games/{game['game_id']}/actions", json={"action": {"kind": "end"}},
                headers=instructor_auth(game))
    url = f"/api/games/{game['game_id']}/charts/network.svg"
    assert "LVA" in client.get(url, headers=instructor_auth(game)).text
    client.cookies.clear()
    mine = client.get(url, headers={"X-Seat-Token": token}).text
    assert "LVA" in mine
    other = client.get(url, headers={"X-Seat-Token": seat.json()["token"]})
    assert other.status_code == 200 and "LVA" not in other.text and "EST" not in other.text


def test_requests_at_once_bring_the_timeline_on_once(client: TestClient) -> None:
    """Several reviews asked at the same moment of a game whose replay is not yet in memory
    (a server just started) read its events once: the timeline has each event once."""
    import asyncio

    game, _ = _played(client)
    review = client.app.state.services.review  # type: ignore[attr-defined]
    review._forget(game["game_id"])
    seq = client.get(f"/api/games/{game['game_id']}", headers=instructor_auth(game)).json()["seq"]

    async def at_once() -> list[int]:
        timelines = await asyncio.gather(*(review.timeline(game["game_id"]) for _ in range(6)))
        return [t.seq for t in timelines]

    assert client.portal.call(at_once) == [seq] * 6
    again = client.get(f"/api/games/{game['game_id']}/review", headers=instructor_auth(game)).json()
    assert again["seq"] == seq
