"""After the game, in real Chromium: a game played mostly through the API and
the websocket (two students' seats are real: Eve for Estonia, Boris for Russia)
is ended, then reviewed as a new user would: the instructor scrubs the
timeline, switches perspectives, pins a note, downloads the grading CSV and
forks a "no veto" what-if that is played forward and compared; the students
replay through their own eyes only until the instructor opens the all-seeing
view; the debrief prints to PDF. Each test is one step, in order; they share
one game."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.classroom import ELECTED, P5, SECRETS, scenario
from tests.browser.delegates import Delegate
from tests.browser.table import Table, played
from tests.browser.test_classroom import UNLABELLED

expect.set_options(timeout=10_000)
EST_WHISPER = "EST-WHISPER to Poland"
RUS_WHISPER = "RUS-WHISPER to China"
RUS_NEWS = "RUS-ONLY-NEWS: the Kremlin's briefing"
RUS_GOAL = "RUS-OBJECTIVE: keep the Council from acting"
NOTE = "Why did Russia veto? Read its role sheet, then the Charter's Art. 27(3)."
DRAFT = "S/2026/1"
ROOT = Path(__file__).resolve().parents[2]


class Review(Table):
    def __init__(self, browser: Browser, server: Any, shots: Path) -> None:
        super().__init__(browser, server)
        self.shots = shots
        data = scenario()
        russia = next(c for c in data["countries"] if isinstance(c, dict) and c["code"] == "RUS")
        russia["role"]["objectives"] = [{"id": "veto", "text": RUS_GOAL, "when": {"vetoes_at_least": 1},
                                         "points": 15}]
        self.create(scenario=data, seed=5, title="Period 5 review")
        self.points: list[dict[str, Any]] = []
        self.fork_id = ""

    def person(self, name: str, viewport: dict[str, int] | None = None, *,
               seat: Delegate | None = None) -> Page:
        fresh = name not in self.people
        page = super().person(name, viewport)
        if fresh and seat is not None:  # the student's own browser: the seat cookie it got when joining
            page.context.add_cookies([{"name": f"ct_seat_{self.code}", "value": seat.token,
                                       "url": self.server.url}])
        return page

    def point(self, kind: str, text: str = "") -> int:
        return next(p["seq"] for p in self.points if p["kind"] == kind and text in p["label"])

    def shot(self, page: Page, name: str) -> None:
        size = page.viewport_size
        assert size is not None
        page.screenshot(path=str(self.shots / f"{name}-{size['width']}x{size['height']}.png"), full_page=True)


def play(review: Review) -> None:
    """A round of the class, fast: Eve and Boris act from their seats, the
    instructor speaks for the other countries through the API; the game ends, and its
    decision points are kept for the tests."""
    eve = review.delegates["EST"] = Delegate(review.server.url, review.code, "Eve", "EST")
    boris = review.delegates["RUS"] = Delegate(review.server.url, review.code, "Boris", "RUS")
    act = review.act
    act({"kind": "start"})
    caretakers = review.server.api("GET", f"/api/games/{review.game_id}/view",
                                   key=review.key)["view"]["instructor"]["caretakers"]
    for code in [*P5, *ELECTED]:
        if code in caretakers:
            act({"kind": "set_caretaker", "country": code, "caretaker": False})
    eve.ok({"kind": "open_channel", "members": ["POL"], "channel": "est-pol"})
    eve.ok({"kind": "say", "channel": "est-pol", "text": EST_WHISPER})
    boris.ok({"kind": "open_channel", "members": ["CHN"], "channel": "rus-chn"})
    boris.ok({"kind": "say", "channel": "rus-chn", "text": RUS_WHISPER})
    act({"kind": "advance_phase"})                                     # consultations
    act({"kind": "table_draft", "actor": "USA", "title": "The attack on Estonia", "draft": DRAFT})
    act({"kind": "advance_phase"})                                     # council sessions
    act({"kind": "call_vote", "draft": DRAFT})
    for code in ["USA", "GBR", "FRA", *ELECTED]:
        act({"kind": "vote", "actor": code, "draft": DRAFT, "vote": "yes"})
    act({"kind": "vote", "actor": "CHN", "draft": DRAFT, "vote": "abstain"})
    boris.ok({"kind": "vote", "draft": DRAFT, "vote": "no"})          # the veto, from Boris's seat
    eve.ok({"kind": "request_article5", "incident": "inc-narva", "item": "NAC/2026/1"})
    act({"kind": "break_silence", "actor": "FRA", "item": "NAC/2026/1", "reason": "Wait for the facts."})
    eve.ok({"kind": "request_article5", "incident": "inc-narva", "item": "NAC/2026/2"})
    act({"kind": "silence_deadline", "item": "NAC/2026/2"})
    act({"kind": "pledge", "actor": "USA", "response": "military", "detail": "Two squadrons"})
    act({"kind": "advance_phase"})                                     # resolution
    act({"kind": "inject", "inject": "refugees"})
    act({"kind": "inject", "title": RUS_NEWS, "text": "For Moscow's eyes.", "audience": ["RUS"]})
    act({"kind": "end"})
    review.points = review.server.api("GET", f"/api/games/{review.game_id}/review",
                                      key=review.key)["points"]


@pytest.fixture(scope="module")
def review(browser: Browser, server: Any, screenshots: Path) -> Iterator[Review]:
    yield from played(Review(browser, server, screenshots), play)


def draft_badge(page: Page) -> Any:
    return page.locator("#panel-unsc .drafts > li", has_text=DRAFT).locator(".badge").first


# 1. The instructor scrubs the timeline: before the veto and after it.


def test_the_instructor_scrubs_the_timeline(review: Review) -> None:
    page = review.person("instructor")
    page.goto(f"/instructor/{review.game_id}#key={review.key}")
    expect(page.locator("#join-code")).to_have_text(review.code)
    link = page.get_by_role("link", name="Review the game")
    expect(link).to_have_attribute("href", f"/replay/{review.game_id}")
    page.goto(f"/replay/{review.game_id}")          # the link opens a new tab: follow it in this one
    expect(page.locator("#game-title")).to_have_text("Replay: Period 5 review")
    expect(page.get_by_label("Through the eyes of")).to_have_value("instructor")

    called = review.point("vote_called", DRAFT)
    vetoed = review.point("draft_vetoed", DRAFT)
    page.locator("#points .point-button", has_text=f"{DRAFT} put to the vote").click()
    expect(page.get_by_label("Moment in the game")).to_have_value(str(called))
    page.get_by_role("tab", name="Security Council").click()
    expect(draft_badge(page)).to_have_text("Vote open")

    slider = page.get_by_label("Moment in the game")
    slider.fill(str(vetoed - 1))
    expect(draft_badge(page)).to_have_text("Vote open")
    expect(page.locator("#panel-unsc .verdict")).to_contain_text("would be vetoed by the Russian Federation")
    slider.focus()
    page.keyboard.press("ArrowRight")             # by keyboard: one event on, the veto
    expect(slider).to_have_value(str(vetoed))
    expect(draft_badge(page)).to_have_text("Vetoed")
    expect(page.locator("#panel-unsc .explanation")).to_contain_text("voted against (Charter Art. 27(3))")
    expect(page.locator("#now-line")).to_contain_text(f"{DRAFT} vetoed by the Russian Federation")
    assert f"seq={vetoed}" in page.url

    page.get_by_role("button", name="Go to the start of the game").click()
    expect(slider).to_have_value("0")
    expect(page.locator("#status .phase")).to_have_text("Not started")
    page.get_by_role("button", name="Next decision point").click()
    expect(slider).not_to_have_value("0")
    page.get_by_role("button", name="Go to the end").click()
    expect(page.locator("#status .phase")).to_have_text("Ended")
    page.get_by_role("button", name="One event back").click()
    expect(page.locator("#status .phase")).to_have_text("Resolution")


# 2. Perspectives, a note, the grading CSV.


def test_the_instructor_looks_through_a_countrys_eyes_and_pins_a_note(review: Review, tmp_path: Path) -> None:
    page = review.people["instructor"].page
    vetoed = review.point("draft_vetoed", DRAFT)
    page.get_by_label("Moment in the game").fill(str(vetoed))
    page.get_by_label("Through the eyes of").select_option("EST")
    page.get_by_role("tab", name="Briefing and crisis").click()
    expect(page.locator("#r-briefing .role-sheet")).to_contain_text(SECRETS["EST"])
    page.get_by_role("tab", name="Messages").click()
    page.get_by_role("button", name=re.compile(r"\(private\)")).click()
    expect(page.locator("#panel-messages .messages")).to_contain_text(EST_WHISPER)
    content = page.content()
    assert RUS_WHISPER not in content and SECRETS["RUS"] not in content and SECRETS["USA"] not in content

    expect(page.locator("#points")).not_to_contain_text(RUS_NEWS)     # Estonia never saw it
    page.get_by_label("Through the eyes of").select_option("instructor")
    expect(page.locator("#points")).to_contain_text(RUS_NEWS)
    page.get_by_role("tab", name="Briefing and crisis").click()
    expect(page.locator("#r-roles")).to_contain_text("Every role sheet")

    page.get_by_label(re.compile("^A note at this moment")).fill(NOTE)
    page.get_by_role("button", name="Pin the note here").click()
    expect(page.locator("#notes-here .note")).to_contain_text(NOTE)
    expect(page.locator("#points .note")).to_contain_text(NOTE)
    page.get_by_role("tab", name="Security Council").click()
    for size in ({"width": 1366, "height": 768}, {"width": 390, "height": 844}):
        page.set_viewport_size(size)
        review.shot(page, "replay")
    page.set_viewport_size({"width": 1366, "height": 768})

    with page.expect_download() as download:
        page.get_by_role("button", name="Download the grading CSV").click()
    path = tmp_path / "grades.csv"
    download.value.save_as(path)
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    boris = [r for r in rows if r["student"] == "Boris"]
    assert any(r["kind"] == "vote" and r["vote_or_response"] == "no" and r["channel_or_item"] == DRAFT
               for r in boris), boris
    assert all(r["country"] == "RUS" and r["team"] == "Boris" for r in boris)
    assert any(r["student"] == "Eve" and r["kind"] == "request_article5" for r in rows)
    assert any(r["student"] == "Eve" and r["text"] == EST_WHISPER for r in rows)


# 3. A student replays through their own eyes only, with the teacher's note.


def test_a_student_replays_through_own_eyes_until_the_instructor_opens_more(review: Review) -> None:
    eve = review.person("eve", seat=review.delegates["EST"])
    eve.goto(f"/play/{review.code}")
    expect(eve.locator("#status .phase")).to_have_text("Ended")
    eve.get_by_role("link", name="Review the game").click()
    eve.wait_for_url(re.compile(f"/replay/{review.game_id}"))
    perspective = eve.get_by_label("Through the eyes of")
    expect(perspective).to_have_value("EST")
    assert perspective.locator("option").evaluate_all("os => os.map(o => o.value)") == ["public", "EST"]
    eve.get_by_role("tab", name="Briefing and crisis").click()
    expect(eve.locator("#r-briefing .role-sheet")).to_contain_text(SECRETS["EST"])
    expect(eve.locator("#points .note")).to_contain_text(NOTE)
    eve.locator("#points .point-button", has_text=f"{DRAFT} vetoed").click()
    expect(eve.locator("#notes-here .note")).to_contain_text(NOTE)
    content = eve.content()
    for code, secret in SECRETS.items():
        assert code == "EST" or secret not in content, code
    assert RUS_WHISPER not in content and RUS_NEWS not in content
    refused = eve.evaluate("""async id => {
        const r = await fetch(`/api/games/${id}/review/state?seq=1000&viewer=RUS`);
        const s = await fetch(`/api/games/${id}/review?viewer=instructor`);
        return [r.status, s.status]; }""", review.game_id)
    assert refused == [403, 403]
    review.shot(eve, "replay-student")

    # No perspective the student may open shows another's secret, at any moment.
    request = review.people["eve"].context.request
    last = request.get(f"/api/games/{review.game_id}/review").json()["seq"]
    for viewer in ("EST", "public"):
        points = request.get(f"/api/games/{review.game_id}/review?viewer={viewer}").text()
        assert "SECRET" not in points and "WHISPER" not in points and RUS_NEWS not in points
        for seq in range(last + 1):
            text = request.get(f"/api/games/{review.game_id}/review/state?seq={seq}&viewer={viewer}").text()
            assert RUS_WHISPER not in text and RUS_NEWS not in text and RUS_GOAL not in text, (viewer, seq)
            for code, secret in SECRETS.items():
                assert secret not in text or (viewer, code) == ("EST", "EST"), (viewer, seq, code)
            if viewer == "public":
                assert EST_WHISPER not in text, seq

    instructor = review.people["instructor"].page
    instructor.get_by_label("Students may open the all-seeing view").check()
    expect(instructor.locator("#tools")).to_contain_text("Students may now replay through every country")
    eve.reload()
    expect(perspective).to_have_value("EST")
    perspective.select_option("RUS")
    eve.get_by_role("tab", name="Briefing and crisis").click()
    expect(eve.locator("#r-briefing .role-sheet")).to_contain_text(SECRETS["RUS"])
    instructor.get_by_label("Students may open the all-seeing view").uncheck()
    expect(instructor.locator("#tools")).to_contain_text("their own country's eyes and the public's only")


# 4. A "no veto" what-if, forked from the page, played forward, compared.


def test_a_no_veto_fork_is_played_forward_and_compared(review: Review) -> None:
    page = review.people["instructor"].page
    page.locator("#points .point-button", has_text=f"{DRAFT} put to the vote").click()
    called = review.point("vote_called", DRAFT)
    expect(page.get_by_role("button", name=f"Fork from here (after event {called})")).to_be_enabled()
    page.get_by_label("The change").select_option("no_veto")
    page.get_by_role("button", name=f"Fork from here (after event {called})").click()
    compare = page.locator("#compare-link")
    expect(compare).to_be_visible()
    href = compare.get_attribute("href") or ""
    match = re.fullmatch(rf"/compare/{review.game_id}/([0-9a-f]+)", href)
    assert match, href
    fork = review.fork_id = match.group(1)
    key = page.evaluate(f"sessionStorage.getItem('ct:key:{fork}')")
    assert key

    # The class plays it forward (here through the API): the same vote, no veto now.
    review.act({"kind": "resume"}, fork, key)
    for code in ["USA", "GBR", "FRA", *ELECTED]:
        review.act({"kind": "vote", "actor": code, "draft": DRAFT, "vote": "yes"}, fork, key)
    review.act({"kind": "vote", "actor": "CHN", "draft": DRAFT, "vote": "abstain"}, fork, key)
    review.act({"kind": "vote", "actor": "RUS", "draft": DRAFT, "vote": "no"}, fork, key)
    # The instructor replays the what-if while it is still being played.
    page.goto(f"/replay/{fork}")
    expect(page.locator("#live-hint")).to_contain_text("still being played")
    expect(page.locator("#points")).to_contain_text(f"{DRAFT} adopted")
    expect(page.locator("#game-title")).to_contain_text("what if: no veto")
    review.act({"kind": "end"}, fork, key)

    page.goto(href)
    page.wait_for_url(f"**/compare/{review.game_id}/{fork}")
    expect(page.locator("body[data-ready=true]")).to_have_count(1)
    expect(page.locator(".side-a")).to_contain_text(f"{DRAFT} vetoed by the Russian Federation")
    expect(page.locator(".side-b")).to_contain_text(f"{DRAFT} adopted")
    expect(page.locator(".side-b h2")).to_contain_text("what if: no veto")
    expect(page.locator("#differences")).to_contain_text("Credibility")
    expect(page.locator("#differences")).to_contain_text("The three lenses, in a few words")
    expect(page.locator(".side-a .lens-liberal")).to_be_visible()
    expect(page.locator(".side-b .lens-realist")).to_be_visible()
    assert page.locator(".side img[data-chart=crisis]").count() == 2
    for size in ({"width": 1366, "height": 768}, {"width": 390, "height": 844}):
        page.set_viewport_size(size)
        review.shot(page, "compare")
    page.set_viewport_size({"width": 1366, "height": 768})


# 5. The debrief: both lenses explained, charts, votes; printed to PDF.


def test_the_debrief_prints_with_its_lenses_and_precedents(review: Review) -> None:
    from pypdf import PdfReader

    page = review.people["instructor"].page
    page.goto(f"/debrief/{review.game_id}")
    expect(page.locator("body[data-ready=true]")).to_have_count(1)
    expect(page.get_by_role("heading", name="Liberal lens: did the institutions work?")).to_be_visible()
    expect(page.get_by_role("heading", name="Realist lens: power and interest")).to_be_visible()
    expect(page.get_by_role("heading", name="Constructivist lens: norms and identities")).to_be_visible()
    outcomes = page.locator(".outcome")
    expect(outcomes.filter(has_text="vetoed").first).to_contain_text("Art. 27(3)")
    expect(outcomes.filter(has_text="vetoed").first).to_contain_text("25 February 2022")
    expect(page.locator(".outcome", has_text="blocked")).to_contain_text("February 2003")
    vetoed = review.point("draft_vetoed", DRAFT)
    reason = page.locator(".lens-liberal .entry a", has_text=f"{DRAFT} vetoed")
    expect(reason).to_have_attribute("href", f"/replay/{review.game_id}?seq={vetoed}")
    expect(page.locator("#score-RUS")).to_contain_text("vetoed")
    expect(page.locator("#score-RUS")).to_contain_text(f"objective met: {RUS_GOAL}")
    votes = page.locator(".draft-votes", has_text=DRAFT)
    expect(votes.locator(".vote-row-no")).to_contain_text("Russian Federation")
    expect(votes.locator(".vote-row-abstain")).to_contain_text("China")
    charts = page.locator("img[data-chart]")
    expect(charts).to_have_count(3)
    assert all(charts.nth(i).evaluate("img => img.complete && img.naturalWidth > 0") for i in range(3))

    page.emulate_media(media="print")
    review.shot(page, "debrief-print")
    pdf = page.pdf(format="A4", print_background=True)
    page.emulate_media(media="null")
    (ROOT / "test-artifacts").mkdir(exist_ok=True)
    (ROOT / "test-artifacts" / "debrief.pdf").write_bytes(pdf)
    text = " ".join((p.extract_text() or "") for p in PdfReader(io.BytesIO(pdf)).pages)
    flat = re.sub(r"\s+", " ", text)
    for words in ("Liberal lens", "Realist lens", "Key outcomes", "25 February 2022", "Art. 27(3)",
                  "Votes, draft by draft", "Russian Federation"):
        assert words in flat, words
    assert "Download the grading CSV" not in flat and "Print the debrief" not in flat

    reason.click()
    page.wait_for_url(re.compile(rf"/replay/{review.game_id}\?seq={vetoed}"))
    expect(page.get_by_label("Moment in the game")).to_have_value(str(vetoed))

    eve = review.people["eve"].page
    eve.goto(f"/debrief/{review.game_id}")
    expect(eve.locator("body[data-ready=true]")).to_have_count(1)
    expect(eve.get_by_role("button", name="Download the grading CSV")).to_have_count(0)
    # Russia's objective counts in Eve's debrief, but its words stay on Russia's secret sheet.
    expect(eve.locator("#score-RUS")).to_contain_text("an objective on its secret role sheet, met")
    assert RUS_GOAL not in eve.content()


# 6. The new pages fit a laptop and a phone.


def test_the_review_pages_fit_a_laptop_and_a_phone(review: Review) -> None:
    page = review.people["instructor"].page
    pages = {"replay": f"/replay/{review.game_id}", "debrief": f"/debrief/{review.game_id}",
             "compare": f"/compare/{review.game_id}/{review.fork_id}"}
    for name, path in pages.items():
        for size in ({"width": 1366, "height": 768}, {"width": 390, "height": 844}):
            page.set_viewport_size(size)
            page.goto(path)
            page.wait_for_load_state("networkidle")
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 1, f"{name} at {size['width']} px scrolls sideways by {overflow} px"
            unlabelled = page.evaluate(UNLABELLED)
            assert not unlabelled, (name, unlabelled)
            if name != "replay":
                review.shot(page, name)
    for name in pages:
        for size in ("1366x768", "390x844"):
            assert (review.shots / f"{name}-{size}.png").exists()
