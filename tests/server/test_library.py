"""The editor's API: checking a scenario from its text, previews, caretakers on a sample
draft, and the scenario library, which only the holder of a library key sees."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from server.app import create_app
from server.settings import Settings
from tests.rules.test_every_name_place import NAME_PLACES, broken

FALKLANDS: dict[str, Any] = {
    "id": "falklands-1982", "title": "The Falklands, April 1982", "date": "1982-04-03",
    "countries": [{"code": "GBR", "profile": "A permanent member.",
                   "role": {"summary": "GBR-SECRET"}},
                  {"code": "ARG", "caretaker": {"vote": {"default": "no"}}}],
    "bodies": {"UNSC": {"as_of": "1982-04-03", "invited": ["ARG"]}}}


@pytest.fixture
def client(sqlite_url: str) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(database_url=sqlite_url))) as c:
        yield c


def key() -> dict[str, str]:
    return {"X-Library-Key": secrets.token_urlsafe(32)}


def test_a_scenario_is_checked_from_its_text_with_line_column_and_cause(client: TestClient) -> None:
    answer = client.post("/api/scenarios/check", json={"text": '{"id": "x",\n "title": "X",}'}).json()
    assert answer["valid"] is False
    assert answer["syntax"]["line"] == 2 and answer["syntax"]["column"] == 14
    assert answer["syntax"]["message"].startswith("a trailing comma")
    same = client.post("/api/scenarios/validate", json={"text": '{"id": "x",\n "title": "X",}'})
    assert same.json()["syntax"] == answer["syntax"]


def test_a_valid_scenario_comes_back_resolved_and_problems_are_counted(client: TestClient) -> None:
    answer = client.post("/api/scenarios/check", json={"scenario": FALKLANDS}).json()
    assert answer["valid"] and "ZAR" in answer["resolved"]["bodies"]["UNSC"]["elected"]
    broken = client.post("/api/scenarios/check", json={"scenario": {**FALKLANDS,
                                                                    "countries": ["URS"]}}).json()
    assert broken["summary"] == "1 problem"
    assert broken["problems"][0]["problem"].startswith('unknown country "URS": did you mean "SUN"')


def test_previews_show_each_seat_what_it_may_see(client: TestClient) -> None:
    student = client.post("/api/scenarios/preview", json={"scenario": FALKLANDS,
                                                          "viewer": "GBR"}).json()["view"]
    public = client.post("/api/scenarios/preview", json={"scenario": FALKLANDS,
                                                         "viewer": "public"}).json()["view"]
    assert student["me"]["role"]["summary"] == "GBR-SECRET"
    assert "GBR-SECRET" not in str(public)
    assert "A permanent member." in str(public)
    wrong = client.post("/api/scenarios/preview", json={"scenario": FALKLANDS, "viewer": "FRG"})
    assert wrong.status_code == 422 and wrong.json()["error"]["code"] == "unknown_viewer"


def test_caretakers_on_a_sample_draft(client: TestClient) -> None:
    votes = client.post("/api/scenarios/caretaker-votes", json={
        "scenario": FALKLANDS, "measures": ["demand_withdrawal"], "chapter": "VI"}).json()
    assert len(votes) == 15
    assert {v["code"]: v["vote"] for v in votes}["GBR"] == "abstain"


def test_the_library_saves_lists_opens_replaces_and_deletes(client: TestClient) -> None:
    mine = key()
    saved = client.post("/api/library", json={"scenario": FALKLANDS}, headers=mine)
    assert saved.status_code == 201
    again = client.post("/api/library", json={"scenario": {**FALKLANDS, "title": "Falklands II"}},
                        headers=mine).json()
    assert again["id"] == saved.json()["id"]
    listed = client.get("/api/library", headers=mine).json()
    assert [(s["scenario_id"], s["title"]) for s in listed] == [("falklands-1982", "Falklands II")]
    opened = client.get(f"/api/library/{again['id']}", headers=mine).json()
    assert opened["scenario"]["bodies"]["UNSC"] == {"as_of": "1982-04-03", "invited": ["ARG"]}
    assert client.delete(f"/api/library/{again['id']}", headers=mine).status_code == 200
    assert client.get("/api/library", headers=mine).json() == []


def test_a_library_is_seen_only_with_its_key(client: TestClient) -> None:
    mine, theirs = key(), key()
    row = client.post("/api/library", json={"scenario": FALKLANDS}, headers=mine).json()
    assert client.get("/api/library", headers=theirs).json() == []
    for method in ("GET", "DELETE"):
        other = client.request(method, f"/api/library/{row['id']}", headers=theirs)
        assert (other.status_code, other.json()["error"]["code"]) == (404, "unknown_scenario")
    none = client.get("/api/library")
    assert (none.status_code, none.json()["error"]["code"]) == (401, "no_library_key")
    short = client.get("/api/library", headers={"X-Library-Key": "short"})
    assert short.status_code == 401


def test_an_invalid_scenario_is_not_saved(client: TestClient) -> None:
    answer = client.post("/api/library", json={"scenario": {"id": "x"}}, headers=key())
    assert (answer.status_code, answer.json()["error"]["code"]) == (422, "invalid_scenario")


def test_the_editor_and_the_library_on_new_are_pages(client: TestClient) -> None:
    page = client.get("/editor")
    assert page.status_code == 200 and "/static/js/pages/editor.js" in page.text
    assert 'id="library-scenarios"' in client.get("/new").text


def test_the_editor_locates_every_misspelled_name_with_its_hint(client: TestClient) -> None:
    missed = []
    for what, change, place, hint in NAME_PLACES:
        answer = client.post("/api/scenarios/check", json={"scenario": broken(change)}).json()
        found = {p["place"]: p["problem"] for p in answer["problems"]}
        if answer["valid"] or place not in found or hint not in found[place]:
            missed.append((what, found))
    assert missed == []
