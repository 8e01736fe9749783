"""An imported game that was running stands still where its record ends: the
instructor's panel says so and offers Resume alone; once resumed, the game goes on
(its phase clock with what remained of it) and the usual controls come back."""

from __future__ import annotations

import time
from typing import Any

from playwright.sync_api import Browser, expect

SCENARIO = {"id": "held-import", "title": "Held import", "year": 2022, "rounds": 2,
            "phase_seconds": {"consultations": 600},
            "countries": ["FRA", "GBR", "USA", "EST"],
            "bodies": {"UNSC": {"permanent": ["FRA", "GBR", "USA"], "threshold": 2}}}


def test_the_instructor_resumes_an_imported_game(browser: Browser, server: Any) -> None:
    day_ago = time.time() - 86_400
    record = {"scenario": SCENARIO, "seed": 1, "actions": [
        {"actor": "instructor", "kind": "start", "at": day_ago},
        {"actor": "instructor", "kind": "advance_phase", "at": day_ago + 5}]}
    imported = server.api("POST", "/api/records", json={"record": record})
    assert imported["held"] is True
    context = browser.new_context(base_url=server.url, viewport={"width": 1366, "height": 900})
    page = context.new_page()
    try:
        page.goto(f"/instructor/{imported['game_id']}#key={imported['instructor_key']}")
        expect(page.locator(".held-note")).to_contain_text("stands still where the record ends")
        expect(page.get_by_role("button", name="Pause")).to_have_count(0)
        expect(page.get_by_role("button", name="Next phase: Council")).to_have_count(0)
        page.get_by_role("button", name="Resume").click()
        expect(page.locator(".held-note")).to_have_count(0)
        expect(page.get_by_role("button", name="Pause")).to_be_visible()
        expect(page.get_by_role("button", name="Next phase: Council")).to_be_visible()
        expect(page.locator("#status .phase")).to_have_text("Consultations")
    finally:
        context.close()
    game = server.api("GET", f"/api/games/{imported['game_id']}",
                      key=imported["instructor_key"])
    assert (game["status"], game["held"]) == ("running", False)
    events = server.api("GET", f"/api/games/{imported['game_id']}/events",
                        key=imported["instructor_key"])
    kinds = [e["event"]["kind"] for e in events]
    assert kinds[-2:] == ["game_paused", "game_resumed"]
    assert events[-2]["event"]["clock_remaining"] == 600.0
