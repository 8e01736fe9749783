"""The pages name every module they import, so that a browser fetches them at once."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from server.app import create_app
from server.settings import Settings

PRELOAD = re.compile(r'<link rel="modulepreload" href="([^"]+)">')
RELATIVE = re.compile(r'from "(\.{1,2}/[^"]+)"')


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    url = f"sqlite+aiosqlite:///{(tmp_path / 'pages.db').as_posix()}"
    with TestClient(create_app(Settings(database_url=url))) as c:
        yield c


@pytest.mark.parametrize("path", ["/play/KX7M4P", "/instructor/abc", "/projector/KX7M4P", "/replay/abc", "/"])
def test_a_page_preloads_every_module_its_module_imports(client: TestClient, path: str) -> None:
    html = client.get(path).text
    page = re.search(r'src="(/static/js/pages/\w+\.js)', html)
    assert page
    listed = set(PRELOAD.findall(html))
    # Every module the page's module reaches by its imports, followed here file by file.
    reached: set[str] = set()
    todo = [page.group(1)]
    while todo:
        url = todo.pop()
        response = client.get(url)
        assert response.status_code == 200, url
        for spec in RELATIVE.findall(response.text):
            target = str(Path(url).parent.joinpath(spec).resolve())
            if target not in reached:
                reached.add(target)
                todo.append(target)
    assert listed == reached
    assert "<script>" not in html


def test_the_play_page_lists_its_deepest_modules() -> None:
    from server.pages import module_graph

    graph = module_graph("play")
    # play.js -> connection.js -> patch.js; play.js -> ui/channels.js -> ui/act.js
    assert {"patch.js", "ui/keyed.js", "ui/act.js"} <= set(graph)
    # The panels' modules are imported when their tab is shown (import()), not before the
    # page's first render.
    assert not {"ui/council.js", "ui/tally.js", "ui/nac.js", "ui/map.js"} & set(graph)
    assert module_graph("no-such-page") == ()


def test_every_page_asks_for_its_catalog_with_the_page(client: TestClient) -> None:
    """The strings' catalog is fetched beside the modules (a preload the fetch of i18n.js
    then finds), not after them."""
    html = client.get("/").text
    catalog = re.search(r'data-i18n="([^"]+)"', html)
    assert catalog
    assert f'<link rel="preload" href="{catalog.group(1)}" as="fetch" crossorigin>' in html


def test_the_play_page_names_the_game_of_the_seat_it_was_asked_with(client: TestClient) -> None:
    """So that the page fetches the game's texts beside the seat, not after it; a page asked
    without a seat (or with another game's) names none."""
    game = client.post("/api/games", json={"scenario": "sandbox"}).json()
    client.post(f"/api/join/{game['code']}", json={"nickname": "Ada"}).raise_for_status()
    html = client.get(f"/play/{game['code']}").text
    assert f'data-game-id="{game["game_id"]}"' in html
    other = client.post("/api/games", json={"scenario": "sandbox"}).json()
    assert "data-game-id" not in client.get(f"/play/{other['code']}").text
    client.cookies.clear()
    assert "data-game-id" not in client.get(f"/play/{game['code']}").text
