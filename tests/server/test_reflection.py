"""Reflection after the game: questions from the teacher's brief (or a default set),
edited by the instructor; each student answers their own once the game has ended; the
instructor reads them beside the student's moves and comments; the answers are in the
grading CSV and go with the game when it is deleted."""

from __future__ import annotations

import csv
import io
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from server.app import create_app
from server.reflection import DEFAULT_QUESTIONS
from server.settings import Settings
from tests.server.classgame import auth, play_class, seat_countries


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    url = f"sqlite+aiosqlite:///{(tmp_path / 'game.db').as_posix()}"
    with TestClient(create_app(Settings(database_url=url))) as c:
        yield c


def _scenario_with_reflection() -> dict[str, Any]:
    return {"id": "reflect", "title": "Reflect", "year": 2024, "countries": ["EST", "LVA", "RUS"],
            "bodies": {"NAC": {"members": ["EST", "LVA"]}},
            "teacher": {"reflection": ["Why did Estonia ask?", "Was the Alliance credible?",
                                       "What would a realist say?"]}}


def _student(token: str) -> dict[str, str]:
    return {"X-Seat-Token": token}


def test_the_questions_come_from_the_teachers_brief_and_the_instructor_edits_them(
        client: TestClient) -> None:
    game = client.post("/api/games", json={"scenario": _scenario_with_reflection()}).json()
    url = f"/api/games/{game['game_id']}/reflection"
    first = client.get(url, headers=auth(game)).json()
    assert first["questions"][0] == "Why did Estonia ask?"
    assert first["questions_from"] == "scenario"
    edited = client.put(f"{url}/questions", headers=auth(game),
                        json={"questions": ["  What did   you want? ", "Did you get it?"]})
    assert edited.json() == {"questions": ["What did you want?", "Did you get it?"],
                             "questions_from": "game"}
    again = client.put(f"{url}/questions", headers=auth(game), json={"questions": first["questions"]})
    assert again.json()["questions_from"] == "scenario"
    edited = client.put(f"{url}/questions", headers=auth(game),
                        json={"questions": ["What did you want?", "Did you get it?"]})
    assert client.get(url, headers=auth(game)).json()["questions"] == edited.json()["questions"]
    too_many = client.put(f"{url}/questions", headers=auth(game), json={"questions": ["Q"] * 9})
    assert too_many.status_code == 422
    plain = client.post("/api/games", json={"scenario": "sandbox"}).json()
    default = client.get(f"/api/games/{plain['game_id']}/reflection", headers=auth(plain)).json()
    assert default["questions"] == DEFAULT_QUESTIONS
    assert default["questions_from"] == "default"


def test_students_answer_after_the_game_and_read_only_their_own(client: TestClient) -> None:
    game = client.post("/api/games", json={"scenario": _scenario_with_reflection()}).json()
    ada = client.post(f"/api/join/{game['code']}", json={"nickname": "Ada", "country": "EST"}).json()
    bo = client.post(f"/api/join/{game['code']}", json={"nickname": "Bo", "country": "LVA"}).json()
    client.cookies.clear()
    url = f"/api/games/{game['game_id']}/reflection"
    act = f"/api/games/{game['game_id']}/actions"
    client.post(act, headers=auth(game), json={"action": {"kind": "start"}})
    early = client.put(f"{url}/answers/1", headers=_student(ada["token"]), json={"text": "Early"})
    assert early.status_code == 409 and early.json()["error"]["code"] == "game_not_over"
    client.post(act, headers=auth(game), json={"action": {"kind": "end"}})
    saved = client.put(f"{url}/answers/1", headers=_student(ada["token"]),
                       json={"text": "Because the border was crossed."})
    assert saved.status_code == 200, saved.text
    client.put(f"{url}/answers/1", headers=_student(ada["token"]),
               json={"text": "Because the border was crossed twice."})
    client.put(f"{url}/answers/2", headers=_student(bo["token"]), json={"text": "BO-SECRET"})
    unknown = client.put(f"{url}/answers/9", headers=_student(ada["token"]), json={"text": "x"})
    assert unknown.json()["error"]["code"] == "unknown_question"
    mine = client.get(url, headers=_student(ada["token"])).json()
    assert [a["answer"] for a in mine["answers"]] == ["Because the border was crossed twice."]
    assert "BO-SECRET" not in str(mine)
    assert client.put(f"{url}/questions", headers=_student(ada["token"]),
                      json={"questions": ["Mine?"]}).status_code in (401, 403)


def test_the_instructor_reads_answers_beside_moves_comments_and_finds_them_in_the_csv(client: TestClient,
                                                               tmp_path: Path) -> None:
    game, tokens = play_class(client, from_seats=("EST",))
    url = f"/api/games/{game['game_id']}/reflection"
    estonia = next(n for n, code in seat_countries(tokens) if code == "EST")
    answer = client.put(f"{url}/answers/1", headers=_student(tokens[estonia]),
                        json={"text": "=We wanted Article 5, and got it on the second try."})
    assert answer.status_code == 200, answer.text
    data = client.get(url, headers=auth(game)).json()
    student = next(s for s in data["students"] if s["nickname"] == estonia)
    assert student["country"] == "EST"
    assert student["answers"][0]["answer"].startswith("=We wanted Article 5")
    moment = next(m for m in student["moves"] if m["kind"] == "request_article5")
    assert moment["seq"] > 0 and "NAC/2026/1" in moment["text"]
    commented = client.put(f"{url}/answers/{student['answers'][0]['id']}/comment",
                           headers=auth(game), json={"text": "Good: cite the event."})
    assert commented.json()["comment"] == "Good: cite the event."
    assert client.get(url, headers=_student(tokens[estonia])).json()["answers"][0]["comment"] \
        == "Good: cite the event."
    rows = list(csv.DictReader(io.StringIO(client.get(f"/api/games/{game['game_id']}/export.csv",
                                                      headers=auth(game)).text)))
    reflection = [r for r in rows if r["kind"] == "reflection"]
    # Who took each action: the student's seat, the instructor for a country (the script),
    # or a caretaker by its standing policy (Belgium's pledge; nobody played Belgium).
    by = {(r["country"], r["kind"]): r["by"] for r in rows}
    assert by[("EST", "request_article5")] == "student"
    assert by[("USA", "table_draft")] == "instructor"
    assert by[("BEL", "pledge")] == "caretaker"
    assert reflection[0]["student"] == estonia and reflection[0]["country"] == "EST"
    assert reflection[0]["text"].startswith("'=We wanted Article 5")
    assert reflection[0]["comment"] == "Good: cite the event."
    assert reflection[0]["channel_or_item"].startswith("Q1: ")
    assert client.delete(f"/api/games/{game['game_id']}", headers=auth(game)).status_code == 204
    with sqlite3.connect(tmp_path / "game.db") as db:
        assert db.execute("SELECT COUNT(*) FROM reflections WHERE game_id = ?",
                          (game["game_id"],)).fetchone() == (0,)


def test_the_csv_gives_the_scenarios_questions_in_the_language_asked(client: TestClient) -> None:
    scenario = _scenario_with_reflection()
    scenario["translations"] = {"fr": {"teacher": {"reflection": [
        "Pourquoi l'Estonie a-t-elle demandé ?", "L'Alliance était-elle crédible ?",
        "Que dirait un réaliste ?"]}}}
    game = client.post("/api/games", json={"scenario": scenario}).json()
    ada = client.post(f"/api/join/{game['code']}", json={"nickname": "Ada", "country": "EST"}).json()
    client.cookies.clear()
    act = f"/api/games/{game['game_id']}/actions"
    client.post(act, headers=auth(game), json={"action": {"kind": "start"}})
    client.post(act, headers=auth(game), json={"action": {"kind": "end"}})
    url = f"/api/games/{game['game_id']}/reflection"
    assert client.put(f"{url}/answers/2", headers=_student(ada["token"]),
                      json={"text": "Oui."}).status_code == 200
    asked = {}
    for lang in ("fr", "es", "en"):
        text = client.get(f"/api/games/{game['game_id']}/export.csv?lang={lang}",
                          headers=auth(game)).content.decode("utf-8-sig")
        asked[lang] = next(line for line in text.splitlines() if "Oui." in line)
    assert "Q2: L'Alliance était-elle crédible ?" in asked["fr"]
    assert "Q2: Was the Alliance credible?" in asked["es"]  # no Spanish translation: as written
    assert "Q2: Was the Alliance credible?" in asked["en"]
