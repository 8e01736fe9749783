"""The HTTP API, in process: games, joining, seats, records, errors with codes."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from server.app import create_app
from server.settings import Settings
from tests.server.helpers import SCENARIO


@pytest.fixture
def client(sqlite_url: str) -> Iterator[TestClient]:
    app = create_app(Settings(database_url=sqlite_url))
    with TestClient(app) as c:
        yield c


def _create(client: TestClient, scenario: Any = None) -> dict[str, Any]:
    response = client.post("/api/games", json={"scenario": scenario or SCENARIO, "seed": 3})
    assert response.status_code == 201, response.text
    return dict(response.json())


def _auth(game: dict[str, Any]) -> dict[str, str]:
    return {"Authorization": f"Bearer {game['instructor_key']}"}


def test_healthz_reports_version_and_database(client: TestClient) -> None:
    body = client.get("/healthz").json()
    assert body["status"] == "ok" and body["database"] == "ok" and body["version"]


def test_shipped_scenarios_are_listed(client: TestClient) -> None:
    assert isinstance(client.get("/api/scenarios").json(), list)


def test_create_game_gives_a_readable_code_and_a_secret_key(client: TestClient) -> None:
    game = _create(client)
    assert len(game["code"]) == 6 and not set(game["code"]) & set("0O1IL2Z5S8B6G")
    assert game["instructor_key"] in game["instructor_url"]
    assert client.get(f"/api/games/{game['game_id']}", headers=_auth(game)).status_code == 200


def test_a_bad_scenario_is_refused_with_its_place(client: TestClient) -> None:
    bad = {**SCENARIO, "bodies": {"UNSC": {"permanent": ["CHN", "RUX"]}}}
    response = client.post("/api/games", json={"scenario": bad})
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid_scenario"
    assert 'bodies.UNSC.permanent[1]: unknown country "RUX"' in error["message"]


def test_unknown_shipped_scenario(client: TestClient) -> None:
    response = client.post("/api/games", json={"scenario": "atlantis"})
    assert response.status_code == 404 and response.json()["error"]["code"] == "unknown_scenario"


def test_students_join_with_code_and_nickname(client: TestClient) -> None:
    game = _create(client)
    seat = client.post(f"/api/join/{game['code'].lower()}", json={"nickname": "Ada",
                                                                  "country": "NOR"})
    assert seat.status_code == 201
    assert seat.json()["country"] == "NOR"
    assert seat.cookies.get(f"ct_seat_{game['code']}") == seat.json()["token"]
    me = client.get(f"/api/join/{game['code']}/me")
    assert me.json()["country"] == "NOR"


def test_a_taken_nickname_is_refused(client: TestClient) -> None:
    game = _create(client)
    client.post(f"/api/join/{game['code']}", json={"nickname": "Ada"})
    again = client.post(f"/api/join/{game['code']}", json={"nickname": "ada"})
    assert again.status_code == 409 and again.json()["error"]["code"] == "nickname_taken"


@pytest.mark.parametrize("nickname, code", [
    ("", "invalid_nickname"), ("   ", "invalid_nickname"), ("a\u0000b", "invalid_nickname"),
    ("x" * 33, "nickname_too_long"), (42, "invalid_nickname")])
def test_bad_nicknames_get_a_code(client: TestClient, nickname: Any, code: str) -> None:
    game = _create(client)
    response = client.post(f"/api/join/{game['code']}", json={"nickname": nickname})
    assert response.status_code == 422 and response.json()["error"]["code"] == code


def test_a_wrong_code_says_so(client: TestClient) -> None:
    response = client.post("/api/join/QQQQQQ", json={"nickname": "Ada"})
    assert response.status_code == 404 and response.json()["error"]["code"] == "unknown_code"


def test_join_code_guessing_is_limited_per_address(sqlite_url: str) -> None:
    settings = Settings(database_url=sqlite_url)
    settings = Settings(database_url=sqlite_url,
                        limits=type(settings.limits)(joins_per_minute=5, joins_while_slowed=2))
    with TestClient(create_app(settings)) as client:
        codes = [client.get(f"/api/join/QQQQQ{i}").status_code for i in range(9)]
    # Five wrong codes freely, two more while slowed down, then nothing is looked up.
    assert codes[:7] == [404] * 7 and codes[7:] == [429, 429]


def test_wrong_codes_count_alike_over_http_and_the_websocket(sqlite_url: str) -> None:
    settings = Settings(database_url=sqlite_url)
    settings = Settings(database_url=sqlite_url,
                        limits=type(settings.limits)(joins_per_minute=4, joins_while_slowed=0))
    with TestClient(create_app(settings)) as client:
        answers = []
        for i in range(3):
            with client.websocket_connect("/ws") as ws:
                ws.send_json({"type": "hello", "game": f"QQQQQ{i}"})
                answers.append(ws.receive_json()["code"])
        statuses = [client.get(f"/api/join/WWWWW{i}").status_code for i in range(2)]
        with client.websocket_connect("/ws") as ws:
            ws.send_json({"type": "hello", "game": "QQQQQQ"})
            answers.append(ws.receive_json()["code"])
    assert answers == ["bad_token"] * 3 + ["too_many_attempts"]
    assert statuses == [404, 429]


def test_openapi_describes_the_keys_as_security_schemes(client: TestClient) -> None:
    document = client.get("/openapi.json").json()
    schemes = document["components"]["securitySchemes"]
    assert schemes["InstructorBearer"] == {"type": "http", "scheme": "bearer",
                                           "description": schemes["InstructorBearer"]["description"]}
    assert schemes["InstructorKey"]["type"] == "apiKey"
    assert schemes["InstructorKey"]["in"] == "header"
    assert schemes["InstructorKey"]["name"] == "X-Instructor-Key"
    act = document["paths"]["/api/games/{game_id}/actions"]["post"]
    assert {"InstructorBearer": []} in act["security"] and {"InstructorKey": []} in act["security"]
    debrief = document["paths"]["/api/games/{game_id}/debrief"]["get"]
    assert {"SeatToken": []} in debrief["security"]
    assert "security" not in document["paths"]["/api/join/{code}"]["post"]


def test_every_instructor_route_takes_either_header(client: TestClient) -> None:
    game = _create(client)
    gid = game["game_id"]
    key = {"X-Instructor-Key": game["instructor_key"]}
    assert client.get(f"/api/games/{gid}", headers=key).status_code == 200
    assert client.get(f"/api/games/{gid}/export.csv", headers=key).status_code == 200
    assert client.get(f"/api/games/{gid}/export.csv", headers=_auth(game)).status_code == 200
    assert client.get(f"/api/games/{gid}/export.csv").status_code == 401


def test_instructor_endpoints_need_the_key(client: TestClient) -> None:
    game = _create(client)
    gid = game["game_id"]
    assert client.get(f"/api/games/{gid}").json()["error"]["code"] == "instructor_key_required"
    wrong = client.get(f"/api/games/{gid}", headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 403 and wrong.json()["error"]["code"] == "bad_instructor_key"
    other = _create(client)
    assert client.get(f"/api/games/{gid}", headers=_auth(other)).status_code == 403


def test_instructor_acts_and_refusals_carry_the_engines_code(client: TestClient) -> None:
    game = _create(client)
    url = f"/api/games/{game['game_id']}/actions"
    ok = client.post(url, json={"action": {"kind": "start"}}, headers=_auth(game))
    assert ok.status_code == 200 and ok.json()["ok"]
    again = client.post(url, json={"action": {"kind": "start"}}, headers=_auth(game))
    assert again.status_code == 409 and again.json()["error"]["code"] == "already_started"
    bad = client.post(url, json={"action": {"kind": "fly"}}, headers=_auth(game))
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "unknown_action"
    system = client.post(url, json={"action": {"kind": "advance_phase", "actor": "system"}},
                         headers=_auth(game))
    assert system.status_code == 403


def test_instructor_acts_for_a_country(client: TestClient) -> None:
    game = _create(client)
    url = f"/api/games/{game['game_id']}/actions"
    client.post(url, json={"action": {"kind": "start"}}, headers=_auth(game))
    tabled = client.post(url, json={"action": {"kind": "table_draft", "actor": "USA",
                                               "title": "Peace"}}, headers=_auth(game))
    assert tabled.status_code == 200
    view = client.get(f"/api/games/{game['game_id']}/view", headers=_auth(game)).json()
    assert view["view"]["UNSC"]["drafts"][0]["sponsor"] == "USA"


def test_seats_are_moved_reset_and_removed(client: TestClient) -> None:
    game = _create(client)
    seat = client.post(f"/api/join/{game['code']}", json={"nickname": "Ada",
                                                          "country": "NOR"}).json()
    base = f"/api/games/{game['game_id']}/seats/{seat['seat_id']}"
    moved = client.post(f"{base}/move", json={"country": "IRL"}, headers=_auth(game))
    assert moved.status_code == 200
    roster = client.get(f"/api/games/{game['game_id']}/roster", headers=_auth(game)).json()
    assert roster[0]["country"] == "IRL"
    reset = client.post(f"{base}/reset", headers=_auth(game)).json()
    assert reset["token"] != seat["token"]
    assert client.delete(base, headers=_auth(game)).status_code == 200
    assert client.get(f"/api/games/{game['game_id']}/roster", headers=_auth(game)).json() == []


def test_record_exports_and_imports_to_the_same_game(client: TestClient) -> None:
    game = _create(client)
    url = f"/api/games/{game['game_id']}/actions"
    for action in ({"kind": "start"},
                   {"kind": "table_draft", "actor": "USA", "title": "Peace"},
                   {"kind": "say", "actor": "NOR", "channel": "public", "text": "hello"}):
        assert client.post(url, json={"action": action}, headers=_auth(game)).status_code == 200
    record = client.get(f"/api/games/{game['game_id']}/record", headers=_auth(game)).json()
    assert [a["kind"] for a in record["actions"]][-3:] == ["start", "table_draft", "say"]
    imported = client.post("/api/records", json={"record": record})
    assert imported.status_code == 201 and imported.json()["refused"] == []
    new = imported.json()
    auth = {"Authorization": f"Bearer {new['instructor_key']}"}
    a = client.get(f"/api/games/{game['game_id']}/events", headers=_auth(game)).json()
    b = client.get(f"/api/games/{new['game_id']}/events", headers=auth).json()
    assert [e["event"] for e in a] == [e["event"] for e in b]
    va = client.get(f"/api/games/{game['game_id']}/view?viewer=NOR", headers=_auth(game)).json()
    vb = client.get(f"/api/games/{new['game_id']}/view?viewer=NOR", headers=auth).json()
    assert va["view"] == vb["view"]


def test_the_reading_level_is_chosen_per_game_and_kept_by_its_record(client: TestClient) -> None:
    levelled = {**SCENARIO, "briefing": {"basic": "SHORT-BRIEFING", "advanced": "LONG-BRIEFING"}}
    game = client.post("/api/games", json={"scenario": levelled, "reading_level": "basic"}).json()
    view = client.get(f"/api/games/{game['game_id']}/view?viewer=NOR", headers=_auth(game)).json()
    assert (view["view"]["game"]["briefing"], view["view"]["game"]["reading_level"]) == (
        "SHORT-BRIEFING", "basic")
    record = client.get(f"/api/games/{game['game_id']}/record", headers=_auth(game)).json()
    assert record["reading_level"] == "basic"
    new = client.post("/api/records", json={"record": record}).json()
    auth = {"Authorization": f"Bearer {new['instructor_key']}"}
    again = client.get(f"/api/games/{new['game_id']}/view?viewer=NOR", headers=auth).json()
    assert again["view"]["game"]["briefing"] == "SHORT-BRIEFING"
    default = _create(client, levelled)
    view = client.get(f"/api/games/{default['game_id']}/view?viewer=NOR",
                      headers=_auth(default)).json()
    assert view["view"]["game"]["briefing"] == "LONG-BRIEFING"
    refused = client.post("/api/games", json={"scenario": levelled, "reading_level": "easy"})
    assert refused.status_code == 422


def test_a_malformed_record_is_refused_with_its_place(client: TestClient) -> None:
    response = client.post("/api/records", json={"record": {"scenario": "atlantis", "seed": "x"}})
    assert response.status_code == 422
    message = response.json()["error"]["message"]
    assert "scenario" in message and "seed" in message and "actions" in message


def test_deleting_a_game_removes_it(client: TestClient) -> None:
    game = _create(client)
    assert client.delete(f"/api/games/{game['game_id']}", headers=_auth(game)).status_code == 204
    assert client.get(f"/api/join/{game['code']}").status_code == 404


def test_malformed_json_and_unknown_routes_get_codes(client: TestClient) -> None:
    bad = client.post("/api/games", content=b"{nope", headers={"content-type": "application/json"})
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "invalid_request"
    assert client.get("/api/nothing").json()["error"]["code"] == "not_found"


def test_every_response_carries_the_security_headers(client: TestClient) -> None:
    headers = client.get("/").headers
    assert "script-src 'self'" in headers["content-security-policy"]
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "no-referrer"


def test_openapi_documents_every_route(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for path in ("/api/games", "/api/join/{code}", "/api/games/{game_id}/actions",
                 "/api/games/{game_id}/record", "/api/records", "/healthz"):
        assert path in paths


def test_a_record_whose_clocks_passed_long_ago_is_held_until_the_instructor_acts(
        client: TestClient) -> None:
    """A record taken mid-round a day ago: its phase clock and a silence deadline passed long
    since. The import is the record's events and nothing else; Pause leaves it paused at the
    record's last moment with what remained of its clock; a fork is held the same way."""
    day_ago = 1_700_000_000.0
    scenario = {**SCENARIO, "rounds": 2, "phase_seconds": {"consultations": 60}}
    record = {"scenario": scenario, "seed": 3, "actions": [
        {"actor": "instructor", "kind": "start", "at": day_ago},
        {"actor": "instructor", "kind": "advance_phase", "at": day_ago + 5},
        {"actor": "instructor", "kind": "circulate", "title": "Statement", "deadline": 30,
         "at": day_ago + 10}]}
    imported = client.post("/api/records", json={"record": record}).json()
    assert imported["refused"] == [] and imported["held"] is True
    auth = {"Authorization": f"Bearer {imported['instructor_key']}"}
    url = f"/api/games/{imported['game_id']}"
    events = client.get(f"{url}/events", headers=auth).json()
    assert [e["event"]["kind"] for e in events][-1] == "item_circulated"
    refused = client.post(f"{url}/actions", headers=auth,
                          json={"action": {"kind": "advance_phase"}})
    assert refused.json()["error"]["code"] == "game_held"
    assert client.get(f"{url}/events", headers=auth).json() == events
    paused = client.post(f"{url}/actions", headers=auth, json={"action": {"kind": "pause"}})
    assert paused.status_code == 200, paused.text
    after = client.get(f"{url}/events", headers=auth).json()[len(events):]
    assert [e["event"]["kind"] for e in after] == ["game_paused"]
    assert after[0]["event"]["at"] == day_ago + 10
    assert after[0]["event"]["clock_remaining"] == 55.0
    game = client.get(url, headers=auth).json()
    assert (game["status"], game["held"]) == ("paused", False)

    fork = client.post(f"{url}/fork", headers=auth, json={"seq": events[-1]["seq"]}).json()
    fork_auth = {"Authorization": f"Bearer {fork['instructor_key']}"}
    forked = client.get(f"/api/games/{fork['game_id']}/events", headers=fork_auth).json()
    assert [e["event"] for e in forked[:-1]] == [e["event"] for e in events]
    assert forked[-1]["event"]["kind"] == "game_paused"
    assert forked[-1]["event"]["clock_remaining"] == 55.0


def test_a_shipped_scenario_tells_a_client_its_bodies_incidents_and_clocks(
        client: TestClient) -> None:
    body = client.get("/api/scenarios/eastern-flank").json()
    assert body["phase_seconds"] == {"briefing": 180, "consultations": 720, "council": 600,
                                     "resolution": 180}
    assert set(body["bodies"]) >= {"UNSC", "NAC"}
    assert len(body["bodies"]["UNSC"]["permanent"]) == 5
    assert body["bodies"]["NAC"]["silence_seconds"] > 0 and "EST" in body["bodies"]["NAC"]["members"]
    assert [i["target"] for i in body["incidents"]] == ["EST"]
    assert "role" not in str(body) and "caretaker" not in body


def test_openapi_gives_the_event_logs_items_their_fields(client: TestClient) -> None:
    document = client.get("/openapi.json").json()
    ok = document["paths"]["/api/games/{game_id}/events"]["get"]["responses"]["200"]
    items = ok["content"]["application/json"]["schema"]["items"]["$ref"].rsplit("/", 1)[1]
    schema = document["components"]["schemas"][items]
    assert set(schema["properties"]) == {"seq", "action", "event"}
    assert set(schema["required"]) == {"seq", "action", "event"}
