"""The printed debrief of the class game says what the debrief's API says, in good form:
every lens's paragraph and every key outcome is in the PDF, the vetoing state and the
blocking ally are named, a cost reads the same in the table as in its detail, and no
sentence has "a" before a vowel, "an" before a consonant or a singular state with a
plural verb (issue 14's acceptance, the print)."""

from __future__ import annotations

import io
import re
from typing import Any

from playwright.sync_api import Browser, expect

from bench.classgame import HUN_REASON
from tests.browser.test_debrief_print import class_game  # noqa: F401 (the module's game)
from tests.server.test_record_and_debrief_real import check_grammar

LIGATURES = {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl"}


def _plain(text: str) -> str:
    for ligature, letters in LIGATURES.items():  # the PDF's
        text = text.replace(ligature, letters)
    text = re.sub(r"-[ \t]*\n\s*", "-", text)  # a line broken after a hyphen ("11-1-3")
    return re.sub(r"\s+", " ", text).strip()


def _number(text: str) -> float:
    return float(text.replace("\u2212", "-").replace("+", ""))


def test_the_print_tells_the_game_as_the_api_does(browser: Browser, server: Any,
                                                  class_game: dict[str, Any]) -> None:  # noqa: F811
    from pypdf import PdfReader

    game_id, key = class_game["game_id"], class_game["instructor_key"]
    debrief = server.api("GET", f"/api/games/{game_id}/debrief", key=key)
    realist = {s["country"]: s for s in debrief["realist"]}
    context = browser.new_context(base_url=server.url, viewport={"width": 1366, "height": 900})
    page = context.new_page()
    try:
        page.goto(f"/debrief/{game_id}#key={key}")
        expect(page.locator("body[data-ready=true]")).to_have_count(1, timeout=20_000)

        # A cost is what it takes from the total: the same sign in the table and its detail.
        articles = page.locator("article.country-score")
        assert articles.count() > 0
        checked = 0
        for i in range(articles.count()):
            article = articles.nth(i)
            country = (article.get_attribute("id") or "")[len("score-"):]
            cost = article.locator(".account", has=page.locator("h4", has_text="Cost:"))
            heading = cost.locator("h4").inner_text()
            cell = page.locator(f"table.scores tr:has(a[href='#score-{country}']) td").nth(1)
            assert heading == f"Cost: {cell.inner_text()}", (country, heading)
            points = [_number(p) for p in cost.locator(".pts").all_inner_texts()]
            assert sum(points) == _number(cell.inner_text()), (country, points)
            # A pledge costs (-), a retracted one is given back (+): each as the API has it.
            entries = [-e["points"] for e in realist[country]["cost"]["entries"]]
            assert points == entries, (country, points, entries)
            checked += bool(points)
        assert checked >= 3  # the pledging allies of the class

        page.emulate_media(media="print")
        pdf = page.pdf(format="A4", print_background=True, prefer_css_page_size=True)
    finally:
        context.close()
    text = _plain(" ".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf)).pages))
    bare = re.sub(r" ?\(event \d+\)", "", text)
    for lens in debrief["lenses"]:
        assert _plain(lens["text"]) in bare, lens["lens"]
        assert _plain(lens["idea"]) in bare, lens["lens"]
    for outcome in debrief["outcomes"]:
        assert _plain(outcome["title"]) in bare, outcome["title"]
    assert (f"Estonia's request under Article 5 blocked by Hungary (silence broken: "
            f"\u201c{HUN_REASON}\u201d)") in bare
    assert "vetoed by the Russian Federation (11-1-3)" in bare
    assert "the Russian Federation speaks first" in bare
    assert "S/RES/2818 (2026)" in bare and "S/RES/1 (2026)" not in bare
    check_grammar([bare])
