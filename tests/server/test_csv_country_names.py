"""The grading CSV names a scenario's states as its pages do (issue 17): in French and Spanish
the scenario's own names for states CLDR does not know, or names otherwise ("Union des
Républiques socialistes soviétiques", «Yugoslavia» in Spanish, « Yougoslavie »), with the
language's articles, not the engine's English ("the Soviet Union")."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from server.app import create_app
from server.settings import Settings


@pytest.fixture(scope="module")
def csv_in(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    db = tmp_path_factory.mktemp("csv") / "names.db"
    with TestClient(create_app(Settings(database_url=f"sqlite+aiosqlite:///{db}"))) as client:
        game = client.post("/api/games", json={"scenario": "korea-1950"}).json()
        key = {"Authorization": f"Bearer {game['instructor_key']}"}
        for kind in ("start", "end"):
            client.post(f"/api/games/{game['game_id']}/actions", headers=key,
                        json={"action": {"kind": kind}})
        yield {lang: client.get(f"/api/games/{game['game_id']}/export.csv?lang={lang}",
                                headers=key).content.decode("utf-8-sig")
               for lang in ("en", "fr", "es")}


@pytest.mark.parametrize(("lang", "seen"), [
    ("fr", ["de l'Union des Républiques socialistes soviétiques", "Yougoslavie"]),
    ("es", ["de la Unión de Repúblicas Socialistas Soviéticas", "Yugoslavia"]),
])
def test_the_history_rows_name_the_states_as_the_scenario_does(
        csv_in: dict[str, str], lang: str, seen: list[str]) -> None:
    text = csv_in[lang].replace("\xa0", " ")
    for words in seen:
        assert words in text
    assert "Soviet Union" not in text


def test_english_keeps_the_engines_words(csv_in: dict[str, str]) -> None:
    assert "the Soviet Union" in csv_in["en"]
