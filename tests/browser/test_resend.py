"""Once and only once: an action whose answer is lost with the connection is sent
again, with the same client_id, after the reconnection, and the server applies
it once."""

from __future__ import annotations

import json
import re
from typing import Any

from playwright.sync_api import Browser, WebSocketRoute, expect

from tests.browser.classroom import scenario
from tests.browser.people import Person

TEXT = "Only once, please"


def test_an_action_whose_ack_was_lost_is_resent_and_applied_once(browser: Browser, server: Any) -> None:
    game = server.api("POST", "/api/games", json={"scenario": scenario()})
    server.api("POST", f"/api/games/{game['game_id']}/actions", key=game["instructor_key"],
               json={"action": {"kind": "start"}})
    person = Person(browser, server.url, "lost-ack")
    page = person.page
    connections: list[WebSocketRoute] = []
    dropped: list[dict[str, Any]] = []

    def route(ws: WebSocketRoute) -> None:
        connections.append(ws)
        upstream = ws.connect_to_server()

        def from_server(message: str | bytes) -> None:
            frame = json.loads(message)
            if frame.get("type") == "ack" and not dropped:
                dropped.append(frame)
                ws.close()          # the connection dies before the answer arrives
                return
            ws.send(message)

        upstream.on_message(from_server)

    page.route_web_socket(re.compile(r"/ws$"), route)
    try:
        page.goto(f"/?code={game['code']}")
        page.get_by_label("Your nickname").fill("Lou")
        page.locator("input[name=country][value=EST]").check()
        page.get_by_role("button", name="Take my seat").click()
        page.wait_for_url(f"**/play/{game['code']}")
        page.get_by_role("tab", name=re.compile("Messages")).click()
        page.get_by_label(re.compile("^Message to")).fill(TEXT)
        page.get_by_role("button", name="Send").click()
        expect(page.locator(".message", has_text=TEXT)).to_have_count(1)
        expect(page.get_by_label(re.compile("^Message to"))).to_have_value("")
        assert dropped and len(connections) >= 2
        events = server.api("GET", f"/api/games/{game['game_id']}/events", key=game["instructor_key"])
        sent = [row for row in events if row["event"]["kind"] == "message_sent"]
        assert [row["event"]["text"] for row in sent] == [TEXT]
        assert page.evaluate("sessionStorage.getItem('ct:outbox:play:' + document.body.dataset.code)") == "[]"
        assert not person.problems, person.problems
    finally:
        person.close()
