"""The causality lab from the outside: the class game of bench/classgame.py played over
HTTP, then continuations from its start under the real rules, no veto and no NATO."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from server.app import create_app
from server.settings import Settings
from server.translator import translator
from tests.server.classgame import auth, play_class

RUNS = 25


@pytest.fixture(scope="module")
def played(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, dict[str, Any],
                                                                        dict[str, str]]]:
    url = f"sqlite+aiosqlite:///{(tmp_path_factory.mktemp('lab') / 'game.db').as_posix()}"
    with TestClient(create_app(Settings(database_url=url))) as client:
        game, tokens = play_class(client)
        yield client, game, tokens


def _lab(client: TestClient, game: dict[str, Any], **body: Any) -> dict[str, Any]:
    response = client.post(f"/api/games/{game['game_id']}/lab", headers=auth(game),
                           json={"seq": 1, "runs": RUNS, **body})
    assert response.status_code == 200, response.text
    return response.json()


def test_no_veto_and_no_nato_differ_from_the_real_rules_where_the_rules_do(
        played: tuple[TestClient, dict[str, Any], dict[str, str]]) -> None:
    client, game, _ = played
    data = _lab(client, game, changes=[{"kind": "no_veto"}, {"kind": "no_nato"}])
    base, no_veto, no_nato = data["arms"]
    assert [a["change"]["kind"] for a in data["arms"]] == ["none", "no_veto", "no_nato"]
    assert base["decisions"]["with_veto"] == 1.0 and no_veto["decisions"]["with_veto"] == 0.0
    assert base["decisions"]["article5"] == 1.0 and no_nato["decisions"]["article5"] == 0.0
    assert no_nato["toll"]["mean"] > base["toll"]["mean"]
    assert no_nato["outcomes"] != base["outcomes"]
    assert all(sum(a["outcomes"].values()) == RUNS for a in data["arms"])
    assert "not evidence" in data["assumptions"][0]
    again = _lab(client, game, changes=[{"kind": "no_veto"}, {"kind": "no_nato"}])
    assert again["arms"] == data["arms"]


def test_a_run_opens_in_the_replay_as_it_was_played(
        played: tuple[TestClient, dict[str, Any], dict[str, str]]) -> None:
    client, game, _ = played
    data = _lab(client, game, changes=[{"kind": "no_nato"}], runs=5)
    run = data["arms"][1]["runs_detail"][3]
    opened = client.post(f"/api/games/{game['game_id']}/lab/open", headers=auth(game),
                         json={"seq": 1, "change": {"kind": "no_nato"}, "seed": run["seed"]})
    assert opened.status_code == 201, opened.text
    run_id = opened.json()["game_id"]
    game_title = client.get(f"/api/games/{game['game_id']}/review", headers=auth(game)).json()["title"]
    summary = client.get(f"/api/games/{run_id}/review", headers=auth(game)).json()
    last = summary["crisis"][-1]
    assert (last["level"], last["toll"], last["deterrence"]) == \
        (run["level"], run["toll"], run["deterrence"])
    assert summary["title"] == f"{game_title} (lab: no NATO, seed {run['seed']})"
    # The title is a message too: each reader's language renders it.
    french = translator("fr").render(summary["title_msg"])
    assert french == f"{game_title} (laboratoire\u00a0: sans OTAN, graine {run['seed']})"
    assert translator("es").render(summary["title_msg"]) == \
        f"{game_title} (laboratorio: sin OTAN, semilla {run['seed']})"


def test_the_lab_is_the_instructors_and_refuses_a_moment_after_the_end(
        played: tuple[TestClient, dict[str, Any], dict[str, str]]) -> None:
    client, game, tokens = played
    student = client.post(f"/api/games/{game['game_id']}/lab", json={"seq": 1},
                          headers={"X-Seat-Token": tokens["Student 1"]})
    assert student.status_code in (401, 403)
    last = client.get(f"/api/games/{game['game_id']}/review", headers=auth(game)).json()["seq"]
    late = client.post(f"/api/games/{game['game_id']}/lab", headers=auth(game),
                       json={"seq": last, "runs": 2})
    assert late.status_code == 422 and late.json()["error"]["code"] == "moment_after_end"
    bad = client.post(f"/api/games/{game['game_id']}/lab", headers=auth(game),
                      json={"seq": 1, "changes": [{"kind": "no_un"}]})
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "unknown_change"
