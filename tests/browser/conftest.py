"""The browser suite: a real ``crisis-table serve`` and Debian's Chromium through
Playwright (sync API, launched with executable_path; never ``playwright install``).

Run on its own: ``pytest -m browser tests/browser`` (the sync Playwright loop and
pytest-asyncio do not share a session; the main run skips these tests).
Screenshots go to test-artifacts/screenshots/PAGE-WIDTHxHEIGHT.png.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from bench.harness import ROOT, ServerProcess, free_port, serve_command, server_env

SHOTS = ROOT / "test-artifacts" / "screenshots"
CHROMIUM = os.environ.get("CRISIS_TABLE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)


class Server(ServerProcess):
    """The suite's one server (``bench.harness``), on its own SQLite file."""

    def __init__(self, workdir: Path, name: str = "server", **settings: str) -> None:
        port = free_port()
        super().__init__(name, workdir,
                         serve_command(port, f"sqlite+aiosqlite:///{workdir / 'class.db'}"), port,
                         env=server_env(workdir, **settings))
        self.launch()
        self.ready_blocking()

    def api(self, method: str, path: str, *, key: str | None = None, json: Any = None) -> Any:
        headers = {"Authorization": f"Bearer {key}"} if key else {}
        response = httpx.request(method, f"{self.url}{path}", json=json, headers=headers, timeout=10,
                                 trust_env=False)
        assert response.status_code < 400, (method, path, response.status_code, response.text)
        return response.json() if response.content else None


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    running = Server(tmp_path_factory.mktemp("server"))
    try:
        yield running
    finally:
        running.terminate()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install -y chromium (scripts/test does it as root)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    shutil.rmtree(SHOTS, ignore_errors=True)
    SHOTS.mkdir(parents=True, exist_ok=True)
    return SHOTS
