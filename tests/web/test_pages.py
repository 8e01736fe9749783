"""The pages of web/, in process: every route renders, loads one module from
/static under the strict Content-Security-Policy, and carries no inline script,
style or handler; and the endpoints the pages need (rejoin, time, rules)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from server.app import create_app
from server.settings import Settings

WEB = Path(__file__).resolve().parents[2] / "web"
SCENARIO: dict[str, Any] = {
    "id": "pages", "title": "Pages", "countries": ["EST", "LVA", "USA"],
    "bodies": {"NAC": {"members": ["EST", "LVA", "USA"]}},
}
PAGES = ["/", "/new", "/play/KX7M4P", "/instructor/0123456789abcdef", "/projector/KX7M4P",
         "/rejoin/KX7M4P"]


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    app = create_app(Settings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'pages.db'}"))
    with TestClient(app) as c:
        yield c


@pytest.mark.parametrize("path", PAGES)
def test_every_page_renders_with_one_module_and_the_csp(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    csp = response.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "style-src 'self'" in csp
    html = response.text
    scripts = re.findall(r"<script[^>]*>", html)
    assert len(scripts) == 1 and 'type="module"' in scripts[0] and 'src="/static/js/pages/' in scripts[0]
    module = re.search(r'src="(/static/js/pages/[a-z]+\.js)', scripts[0])
    assert module and client.get(module.group(1)).status_code == 200


def test_a_code_in_the_address_is_cleaned_before_it_reaches_the_page(client: TestClient) -> None:
    html = client.get('/play/"><script>x').text
    assert "<script>x" not in html and 'data-code="SCRIPTX"' in html


def test_templates_and_modules_hold_no_inline_code_or_html_injection() -> None:
    for template in (WEB / "templates").glob("*.html"):
        text = template.read_text()
        assert not re.search(r"\son[a-z]+=", text), template.name
        assert " style=" not in text and "<style" not in text, template.name
        assert not re.search(r"<script(?![^>]*\bsrc=)", text), template.name
    for module in (WEB / "static" / "js").rglob("*.js"):
        text = module.read_text()
        for sink in (".innerHTML", ".outerHTML", "insertAdjacentHTML", "document.write", "eval("):
            assert sink not in text, (module.name, sink)


def test_a_rejoin_link_sets_the_seat_cookie(client: TestClient) -> None:
    game = client.post("/api/games", json={"scenario": SCENARIO}).json()
    key = {"Authorization": f"Bearer {game['instructor_key']}"}
    seat = client.post(f"/api/join/{game['code']}", json={"nickname": "Eve", "country": "EST"}).json()
    reset = client.post(f"/api/games/{game['game_id']}/seats/{seat['seat_id']}/reset", headers=key).json()
    token = reset["rejoin_url"].split("#token=")[1]
    client.cookies.clear()
    assert client.get(f"/api/join/{game['code']}/me").status_code == 404
    answer = client.post(f"/api/join/{game['code']}/resume", json={"token": token})
    assert answer.status_code == 200 and answer.json()["country"] == "EST"
    assert client.get(f"/api/join/{game['code']}/me").json()["nickname"] == "Eve"


def test_an_old_or_foreign_token_does_not_rejoin(client: TestClient) -> None:
    game = client.post("/api/games", json={"scenario": SCENARIO}).json()
    other = client.post("/api/games", json={"scenario": SCENARIO}).json()
    seat = client.post(f"/api/join/{game['code']}", json={"nickname": "Eve", "country": "EST"}).json()
    foreign = client.post(f"/api/join/{other['code']}/resume", json={"token": seat["token"]})
    assert foreign.status_code == 404 and foreign.json()["error"]["code"] == "no_seat"
    unknown = client.post(f"/api/join/{game['code']}/resume", json={"token": "not-a-token"})
    assert unknown.status_code == 404


def test_the_rules_the_forms_offer_are_the_engines(client: TestClient) -> None:
    rules = client.get("/api/rules").json()
    measures = rules["measures"]
    assert "sanctions" in measures["chapter_vii_only"] and "authorize_force" in measures["chapter_vii_only"]
    assert "adopt_agenda" in measures["procedural"] and measures["determination"] == "determine_threat"
    assert set(measures["chapter_vii_only"]) <= set(measures["known"])
    assert "council" in rules["phases"]["call_vote"] and "say" in rules["while_paused"]


def test_the_server_tells_its_time(client: TestClient) -> None:
    import time

    assert abs(client.get("/api/time").json()["now"] - time.time()) < 5
