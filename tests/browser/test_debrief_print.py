"""The printed debrief of a class of thirty over four rounds: the Eastern flank
game of bench/classgame.py, played through the server by 30 students at 22
seats (the other 19 allies left to caretakers), printed from Chromium to A4.
It must fit in eight pages with the charts legible, carry the three lenses with
their readings, and say nothing the game does not bear out."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, expect

from bench.classgame import HUN_REASON, OWN_PLEDGE, SCENARIO, SCRIPT, SEED, TEAMS

ROOT = Path(__file__).resolve().parents[2]
ANSWER = ("{nickname} for {country}, question {n}: we wanted the Council to act and the allies to "
          "stand together; the veto and the broken silence showed how far each state would go "
          "for its own interests, as the realist lens says.")
"""A student's answer, about thirty words: 30 students answer each of the four questions."""
PAGES = 8
MIN_CHART_MM = 150
"""The escalation chart prints at least this wide (its 12-unit text then prints at 7 pt or more)."""


@pytest.fixture(scope="module")
def class_game(server: Any) -> Iterator[dict[str, Any]]:
    game = server.api("POST", "/api/games", json={"scenario": SCENARIO, "seed": SEED,
                                                  "title": "Period 3: the Eastern flank"})
    playable = server.api("GET", f"/api/join/{game['code']}")
    assert playable
    seats = [(code, n) for code in ["CHN", "FRA", "GBR", "RUS", "USA", "BHR", "COL", "COD", "LVA",
                                    "LBR", "DNK", "GRC", "PAK", "PAN", "SOM", "EST", "LTU", "POL",
                                    "DEU", "TUR", "HUN", "FIN"]
             for n in range(TEAMS.get(code, 1))]
    assert len(seats) == 30
    tokens = {}
    for i, (code, _) in enumerate(seats):
        joined = server.api("POST", f"/api/join/{game['code']}",
                            json={"nickname": f"Student {i + 1}", "country": code})
        tokens[f"Student {i + 1}"] = (code, joined["token"])
    game["tokens"] = tokens
    key = game["instructor_key"]
    for action in SCRIPT:
        action = dict(action)
        if action.get("pledge") == OWN_PLEDGE:
            view = server.api("GET", f"/api/games/{game['game_id']}/view", key=key)["view"]
            action["pledge"] = next(p["id"] for p in view["NAC"]["pledges"]
                                    if p["ally"] == action["actor"] and p["status"] == "made")
        server.api("POST", f"/api/games/{game['game_id']}/actions", key=key,
                   json={"action": action})
    questions = server.api("GET", f"/api/games/{game['game_id']}/reflection", key=key)["questions"]
    for nickname, (code, token) in tokens.items():
        for n in range(1, len(questions) + 1):
            answer = httpx.put(f"{server.url}/api/games/{game['game_id']}/reflection/answers/{n}",
                               headers={"X-Seat-Token": token}, trust_env=False, timeout=10,
                               json={"text": ANSWER.format(nickname=nickname, country=code, n=n)})
            assert answer.status_code == 200, answer.text
    yield game


def test_a_class_of_thirty_prints_in_eight_pages_with_legible_charts(
        browser: Browser, server: Any, class_game: dict[str, Any], screenshots: Path) -> None:
    from pypdf import PdfReader

    context = browser.new_context(base_url=server.url, viewport={"width": 1366, "height": 900})
    page = context.new_page()
    try:
        game_id = class_game["game_id"]
        page.goto(f"/debrief/{game_id}#key={class_game['instructor_key']}")
        expect(page.locator("body[data-ready=true]")).to_have_count(1, timeout=20_000)
        for title in ("Realist lens: power and interest", "Liberal lens: did the institutions work?",
                      "Constructivist lens: norms and identities"):
            expect(page.get_by_role("heading", name=title)).to_be_visible()
        expect(page.locator(".outcome", has_text="blocked by Hungary")).to_contain_text(HUN_REASON)

        page.emulate_media(media="print")
        width_px = page.locator("img[data-chart=crisis]").evaluate(
            "img => img.getBoundingClientRect().width")
        page.screenshot(path=str(screenshots / "debrief-class-print.png"), full_page=True)
        pdf = page.pdf(format="A4", print_background=True, prefer_css_page_size=True)
        (ROOT / "test-artifacts").mkdir(exist_ok=True)
        (ROOT / "test-artifacts" / "debrief-class-of-30.pdf").write_bytes(pdf)
        reader = PdfReader(io.BytesIO(pdf))
        assert len(reader.pages) <= PAGES, f"{len(reader.pages)} pages"
        assert width_px * 25.4 / 96 >= MIN_CHART_MM, f"the escalation chart prints {width_px} px wide"
        text = re.sub(r"\s+", " ", " ".join(p.extract_text() or "" for p in reader.pages))
        text = text.replace("\ufb02", "fl").replace("\ufb01", "fi")   # the PDF's ligatures
        for words in ("Realist lens", "Liberal lens", "Constructivist lens", "The idea.",
                      "In this game.", "blocked by Hungary", "S/RES/2818 (2026)",
                      "vetoed by the Russian Federation", "19 caretaker states pledged",
                      "Round 4", "Votes, draft by draft", "Reflection",
                      "Student 30 for FIN, question 4"):
            assert words in text, words
        assert " a economic" not in text and " a armed" not in text
    finally:
        context.close()


def test_the_causality_lab_runs_from_a_moment_and_opens_a_run(
        browser: Browser, server: Any, class_game: dict[str, Any], screenshots: Path) -> None:
    context = browser.new_context(base_url=server.url, viewport={"width": 1366, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" and "404" not in m.text
            else None)
    try:
        game_id = class_game["game_id"]
        page.goto(f"/lab/{game_id}?seq=1#key={class_game['instructor_key']}")
        expect(page.locator("body[data-ready=true]")).to_have_count(1, timeout=20_000)
        expect(page.locator("#assumptions")).to_contain_text("thought experiment")
        expect(page.get_by_label("From the moment after")).to_have_value("0")
        page.get_by_label("Continuations for each").fill("12")
        page.get_by_role("button", name="Run the continuations").click()
        expect(page.locator("#lab-status")).to_contain_text("Done: 12 continuations", timeout=60_000)
        results = page.locator("#lab-results")
        expect(results.locator("table").first).to_contain_text("No NATO")
        expect(results).to_contain_text("Runs with Article 5 invoked")
        widths = results.locator(".lab-chart rect").evaluate_all(
            "rects => rects.map(r => r.getBoundingClientRect().width)")
        assert widths and max(widths) > 100, widths
        assert not errors, errors
        for size in ({"width": 1366, "height": 900}, {"width": 390, "height": 844}):
            page.set_viewport_size(size)
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 1, f"the lab scrolls sideways by {overflow} px at {size['width']}"
            page.screenshot(path=str(screenshots / f"lab-{size['width']}x{size['height']}.png"),
                            full_page=True)
        page.set_viewport_size({"width": 1366, "height": 900})
        results.get_by_role("button", name="Open in the replay").first.click()
        link = results.get_by_role("link", name=re.compile("open the replay"))
        expect(link).to_be_visible(timeout=20_000)
        link.click()
        page.wait_for_url(re.compile("/replay/"))
        expect(page.locator("#game-title")).to_contain_text("lab: the real rules")
    finally:
        context.close()


def test_a_student_reflects_beside_the_replay_and_the_teacher_comments(
        browser: Browser, server: Any, class_game: dict[str, Any], screenshots: Path) -> None:
    nickname, (_, token) = next((n, t) for n, t in class_game["tokens"].items()
                                   if t[0] == "EST")
    student = browser.new_context(base_url=server.url, viewport={"width": 1366, "height": 900})
    student.add_cookies([{"name": f"ct_seat_{class_game['code']}", "value": token,
                          "url": server.url}])
    teacher = browser.new_context(base_url=server.url, viewport={"width": 1366, "height": 900})
    try:
        page = student.new_page()
        page.goto(f"/replay/{class_game['game_id']}")
        expect(page.get_by_role("heading", name="Your reflection")).to_be_visible(timeout=20_000)
        expect(page.get_by_label("Through the eyes of")).to_have_value("EST")
        box = page.locator("#reflection-1")
        expect(box).to_have_value(re.compile(f"^{nickname} for EST"))
        box.fill("Estonia asked twice: Hungary blocked the first request (event 85).")
        page.get_by_role("button", name="Save answer 1").click()
        expect(page.locator("#reflection .form-status").first).to_have_text("Saved.")
        page.screenshot(path=str(screenshots / "reflection-student-1366x900.png"), full_page=True)

        instructor = teacher.new_page()
        instructor.goto(f"/reflection/{class_game['game_id']}#key={class_game['instructor_key']}")
        expect(instructor.locator("body[data-ready=true]")).to_have_count(1, timeout=20_000)
        card = instructor.locator(".student-reflection", has_text=f"{nickname} \u2013 Estonia")
        expect(card.locator(".answer").first).to_contain_text("Hungary blocked the first request")
        card.get_by_label(f"Your comment to {nickname}").first.fill("Good: now cite the rule too.")
        card.get_by_role("button", name="Save the comment").first.click()
        expect(card.locator(".form-status").first).to_have_text("Saved.")
        instructor.screenshot(path=str(screenshots / "reflection-instructor-1366x900.png"))

        page.reload()
        expect(page.locator("#reflection .reflection-comment").first).to_contain_text(
            "Good: now cite the rule too.")
        other = next(t for n, t in class_game["tokens"].items() if t[0] == "HUN")[1]
        text = httpx.get(f"{server.url}/api/games/{class_game['game_id']}/reflection",
                         headers={"X-Seat-Token": other}, trust_env=False).text
        assert "Hungary blocked the first request" not in text
    finally:
        student.close()
        teacher.close()
