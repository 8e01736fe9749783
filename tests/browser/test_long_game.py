"""A student's page in a long game (issue 15, a slow Chromebook): a tab's panel is built
when it is opened, a council shows its newest decided drafts and the earlier ones on
request, and what the page shows after the game goes on is what a fresh page shows."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import Browser, expect

from bench.engine import scenario_data, workload
from game_rules.scenario import load_scenario

DECIDED = ("Adopted", "Vetoed", "Not adopted", "Withdrawn")


def test_a_long_games_page_builds_what_it_shows_and_the_rest_on_request(browser: Browser,
                                                                         server: Any) -> None:
    data = scenario_data()
    actions = workload(load_scenario(data), 1200)
    record = {"scenario": data, "seed": 1, "actions": actions}
    imported = server.api("POST", "/api/records", json={"record": record})
    key = imported["instructor_key"]
    if imported.get("held"):
        server.api("POST", f"/api/games/{imported['game_id']}/actions", key=key,
                   json={"action": {"kind": "resume"}})
    seat = server.api("POST", f"/api/join/{imported['code']}", json={"nickname": "Sam", "country": "USA"})
    context = browser.new_context(base_url=server.url, viewport={"width": 1366, "height": 900})
    context.add_cookies([{"name": f"ct_seat_{imported['code']}", "value": seat["token"], "url": server.url}])
    page = context.new_page()
    try:
        page.goto(f"/play/{imported['code']}")
        page.get_by_role("tab", name=re.compile("Messages")).click()
        expect(page.locator("#panel-messages .messages > li").first).to_be_visible()
        # The Security Council's panel waits until it is opened.
        expect(page.locator("#panel-unsc .drafts > li")).to_have_count(0)
        page.get_by_role("tab", name="Security Council").click()
        cards = page.locator("#panel-unsc .drafts > li")
        expect(cards.first).to_be_visible()
        earlier = page.locator("#panel-unsc").get_by_role("button",
                                                           name=re.compile(r"^Show the \d+ earlier decided"))
        expect(earlier).to_be_visible()
        hidden = int(re.search(r"\d+", earlier.inner_text()).group())  # type: ignore[union-attr]
        shown = cards.count()
        badges = cards.locator(".draft-title .badge").all_inner_texts()
        assert sum(b in DECIDED for b in badges) == 20
        earlier.click()
        expect(cards).to_have_count(shown + hidden)
        expect(earlier).to_be_hidden()
        expect(cards.first.locator(".draft-title")).to_be_focused()
        # Every draft, in the order of the seat's view.
        view = server.api("GET", f"/api/games/{imported['game_id']}/view?viewer=USA", key=key)["view"]
        symbols = cards.locator(".draft-title .symbol").all_inner_texts()
        assert symbols == [d["id"] for d in view["UNSC"]["drafts"]]
    finally:
        context.close()
