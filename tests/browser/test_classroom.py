"""A class period in real Chromium: the instructor, the projector, five students
in their own browsers and scripted delegates in the other Council seats play a
round. Each test is one step of the period, in order; they share one game."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.classroom import ELECTED, SECRETS, SILENCE_SECONDS, broken_scenario, scenario
from tests.browser.delegates import Delegate
from tests.browser.table import Table, played

expect.set_options(timeout=10_000)
XSS_NICK = "<img src=x onerror=alert(1)>"
XSS_TEXT = "<script>alert('x')</script> meet at the coffee machine"


class Classroom(Table):
    def __init__(self, browser: Browser, server: Any, shots: Path) -> None:
        super().__init__(browser, server)
        self.shots = shots

    def shot(self, page: Page, name: str) -> None:
        size = page.viewport_size
        assert size is not None
        page.screenshot(path=str(self.shots / f"{name}-{size['width']}x{size['height']}.png"), full_page=True)

    def events(self) -> list[dict[str, Any]]:
        return [row["event"] for row in self.server.api("GET", f"/api/games/{self.game_id}/events",
                                                        key=self.key)]


@pytest.fixture(scope="module")
def room(browser: Browser, server: Any, screenshots: Path) -> Iterator[Classroom]:
    yield from played(Classroom(browser, server, screenshots))


def chamber(page: Page, tab: str) -> None:
    page.get_by_role("tab", name=re.compile(tab)).click()


# 1. The instructor creates the game.


def test_the_instructor_uploads_a_scenario_and_gets_a_join_code(room: Classroom, tmp_path: Path) -> None:
    page = room.person("instructor")
    page.goto("/new")
    expect(page.locator("input[name=scenario]:checked")).to_have_value("eastern-flank")
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(broken_scenario()))
    page.get_by_label("Or upload a scenario file (JSON)").set_input_files(str(broken))
    problems = page.locator(".problems li")
    expect(problems.first).to_be_visible()
    expect(page.locator("#upload-result")).to_contain_text('unknown country "RUX"')
    expect(page.locator("#upload-result")).to_contain_text("bodies.UNSC.permanent[1]")
    page.get_by_role("button", name="Create the game").click()
    expect(page.locator("#create-error")).to_contain_text("not a valid scenario")
    room.shot(page, "new")

    good = tmp_path / "classroom.json"
    good.write_text(json.dumps(scenario()))
    page.get_by_label("Or upload a scenario file (JSON)").set_input_files(str(good))
    expect(page.locator("#upload-result")).to_contain_text("a valid scenario")
    page.get_by_label("Title for this class (optional)").fill("Period 3")
    page.get_by_role("button", name="Create the game").click()
    page.wait_for_url(re.compile(r"/instructor/[0-9a-f]+$"))
    assert "#key=" not in page.url, "the key must leave the address bar"
    room.game_id = page.url.rsplit("/", 1)[1]
    room.key = page.evaluate(f"sessionStorage.getItem('ct:key:{room.game_id}')")
    assert page.evaluate(f"localStorage.getItem('ct:key:{room.game_id}')") is None
    assert room.key
    expect(page.locator("#join-code")).to_have_text(re.compile(r"^[A-Z0-9]{6}$"))
    room.code = page.locator("#join-code").inner_text()
    expect(page.locator("#game-title")).to_have_text("Period 3")
    # Read from the back of the room: the code is big.
    height = page.locator("#join-code").bounding_box()["height"]  # type: ignore[index]
    assert height >= 60, height


# 2. Students join.


def join(room: Classroom, name: str, nickname: str, country: str | None) -> Page:
    page = room.person(name)
    page.goto(f"/?code={room.code.lower()}")
    page.get_by_label("Your nickname").fill(nickname)
    if country:
        page.locator(f"input[name=country][value={country}]").check()
    page.get_by_role("button", name="Take my seat").click()
    page.wait_for_url(f"**/play/{room.code}")
    expect(page.locator("#status .phase")).to_have_text("Not started")
    return page


def test_students_join_with_the_code_and_clear_messages(room: Classroom) -> None:
    page = room.person("stranger")
    page.goto("/")
    room.shot(page, "join")
    page.get_by_label("Game code").fill("ZZZZZZ")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("#code-error")).to_have_text("No game has this code. Check it with your teacher.")
    expect(page.get_by_label("Game code")).to_have_attribute("aria-invalid", "true")

    ann = join(room, "ann", "Ann", "USA")
    expect(ann.locator("#me-name")).to_have_text("United States of America")
    join(room, "boris", "Boris", "RUS")
    join(room, "eve", "Eve", "EST")
    join(room, "fay", "Fay", "FRA")
    gus = join(room, "gus", XSS_NICK, None)   # "give me a country": the emptiest, GBR
    expect(gus.locator("#me-name")).to_have_text(re.compile("United Kingdom"))
    expect(gus.locator("#me-detail")).to_contain_text(XSS_NICK)

    page.get_by_label("Game code").fill(room.code)
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Your nickname").fill("ann")
    page.get_by_role("button", name="Take my seat").click()
    expect(page.locator("#nickname-error")).to_contain_text("already called")

    # A returning student goes straight back to the seat.
    eve = room.people["eve"].page
    eve.goto(f"/?code={room.code}")
    eve.wait_for_url(f"**/play/{room.code}")
    expect(eve.locator("#me-name")).to_have_text("Estonia")

    for code in ["CHN", *ELECTED]:
        room.delegates[code] = Delegate(room.server.url, room.code, f"bot-{code}", code)

    instructor = room.people["instructor"].page
    expect(instructor.locator(".roster-summary")).to_contain_text("16 of 16 students online.")
    expect(instructor.locator(".roster-summary")).to_contain_text("Everyone is here.")
    expect(instructor.locator(".roster-summary .roster-empty")).to_have_text(
        "No student: Latvia, Poland, Germany.")
    row = instructor.locator("table.roster tbody tr",
                             has=instructor.get_by_role("rowheader", name=XSS_NICK, exact=True))
    expect(row.locator("td").first).to_have_text(re.compile("^United Kingdom"))
    assert instructor.locator("table.roster img").count() == 0
    assert gus.locator("img").count() == 0


# 3. The instructor starts, pauses, resumes and advances; the projector follows.


def test_the_instructor_starts_pauses_and_advances(room: Classroom) -> None:
    instructor = room.people["instructor"].page
    projector = room.person("projector", viewport={"width": 1920, "height": 1080})
    projector.goto(f"/projector/{room.code}")
    expect(projector.locator("#join-code")).to_have_text(room.code)
    instructor.get_by_role("button", name="Start the game").click()
    eve = room.people["eve"].page
    expect(eve.locator("#status .phase")).to_have_text("Briefing")
    expect(eve.locator("#news")).to_contain_text("Day 1: tanks cross into Estonia")
    expect(projector.locator("#status .phase")).to_have_text("Briefing")
    expect(projector.locator("#news")).to_contain_text("Day 1")

    instructor.get_by_role("button", name="Pause").click()
    expect(eve.locator("#status .paused-flag")).to_have_text("Paused")
    expect(projector.locator("#status .paused-flag")).to_have_text("Paused")
    instructor.get_by_role("button", name="Resume").click()
    expect(eve.locator("#status .paused-flag")).to_have_count(0)
    instructor.get_by_role("button", name="Next phase: Consultations").click()
    expect(eve.locator("#status .phase")).to_have_text("Consultations")
    expect(projector.locator("#status .phase")).to_have_text("Consultations")
    instructor.get_by_label("Clock, in minutes").fill("20")
    instructor.get_by_role("button", name="Set the clock").click()
    expect(eve.locator("#status .clock")).to_have_text(re.compile(r"^(20:00|19:5\d)$"))
    instructor.get_by_role("button", name="+5 minutes").click()
    expect(eve.locator("#status .clock")).to_have_text(re.compile(r"^2[45]:\d\d$"))


# 4. A draft is vetoed, and the tally says why.


def test_a_draft_offers_only_what_the_charter_allows_and_is_vetoed(room: Classroom) -> None:
    ann = room.people["ann"].page
    chamber(ann, "Security Council")
    panel = ann.locator("#panel-unsc")
    expect(panel.locator(".standing")).to_contain_text("you call the votes")
    sanctions = panel.get_by_label("Economic sanctions (Art. 41)")
    expect(sanctions).to_be_disabled()                       # Chapter VI: no Art. 41 measures
    own = panel.get_by_label("Reaffirm the right of self-defence (Art. 51)")
    expect(own).to_be_enabled()                               # the scenario's own measure
    panel.get_by_label("A procedural question").check()
    expect(panel.get_by_label("Economic sanctions (Art. 41)")).to_have_count(0)
    expect(panel.get_by_label("Adopt the agenda")).to_be_visible()
    panel.get_by_label("A procedural question").uncheck()
    panel.get_by_label("Chapter VII: threats to the peace").check()
    panel.get_by_label("Economic sanctions (Art. 41)").check()
    determination = panel.get_by_label("Determine a threat")
    expect(determination).to_be_checked()                     # Art. 39 comes with Art. 41
    expect(determination).to_be_disabled()
    panel.get_by_label("Title").fill("The attack on Estonia")
    panel.get_by_role("button", name="Table the draft").click()
    draft = panel.locator(".drafts > li").first
    expect(draft).to_contain_text("S/2026/1")
    expect(draft).to_contain_text("Chapter VII")
    expect(draft.get_by_role("button", name=re.compile("Call the vote"))).to_have_count(0)  # consultations

    room.people["instructor"].page.get_by_role("button", name="Next phase: Council sessions").click()
    call = draft.get_by_role("button", name="Call the vote on S/2026/1")
    call.click()
    for code in ELECTED:
        room.delegates[code].ok({"kind": "vote", "draft": "S/2026/1", "vote": "yes"})
    expect(draft.locator(".verdict")).to_contain_text("would pass: 10 in favour, 9 needed")

    boris = room.people["boris"].page
    chamber(boris, "Security Council")
    boris.get_by_role("button", name="Vote no on S/2026/1").click()
    expect(boris.locator("#panel-unsc .my-vote")).to_contain_text("voted no")
    verdict = "would be vetoed by the Russian Federation"
    expect(draft.locator(".verdict")).to_contain_text(verdict)
    projector = room.people["projector"].page
    expect(projector.locator("#votes .verdict")).to_contain_text(verdict)
    room.shot(projector, "projector")

    ann.get_by_role("button", name="Vote yes on S/2026/1").click()
    room.people["fay"].page.get_by_role("tab", name="Security Council").click()
    room.people["fay"].page.get_by_role("button", name="Vote yes on S/2026/1").click()
    gus = room.people["gus"].page      # by keyboard alone: one Tab from the page's start
    gus.reload()
    expect(gus.locator("#vote-bar")).to_be_visible()
    gus.keyboard.press("Tab")
    expect(gus.get_by_role("button", name="Vote yes on S/2026/1")).to_be_focused()
    gus.keyboard.press("Enter")
    expect(gus.locator("#vote-bar")).to_contain_text("You voted yes")
    chamber(gus, "Security Council")
    expect(gus.locator("#panel-unsc .my-vote")).to_contain_text("voted yes")
    room.delegates["CHN"].ok({"kind": "vote", "draft": "S/2026/1", "vote": "abstain"})

    explanation = ("Not adopted: the Russian Federation, a permanent member, voted against "
                   "(Charter Art. 27(3)). 13 in favour, 1 against, 1 abstention.")
    expect(draft.locator(".explanation")).to_have_text(explanation)
    expect(draft.locator(".badge").first).to_have_text("Vetoed")
    eve = room.people["eve"].page
    expect(eve.locator("#news")).to_contain_text("S/2026/1 vetoed by the Russian Federation (13-1-1)")
    expect(eve.locator("#live-polite")).to_contain_text("S/2026/1 vetoed.")
    expect(projector.locator("#votes .explanation")).to_contain_text("Not adopted: the Russian Federation")


# 5. Article 5: blocked by a broken silence, adopted on a second try.


def test_article5_is_blocked_by_broken_silence_then_adopted(room: Classroom) -> None:
    eve = room.people["eve"].page
    fay = room.people["fay"].page
    chamber(eve, "NATO Council")
    chamber(fay, "NATO Council")
    incident = eve.get_by_label("The incident")
    guam = incident.locator("option", has_text="Strike on Guam")
    expect(guam).to_be_disabled()
    expect(guam).to_contain_text("outside the Article 6 area")
    incident.select_option("inc-narva")
    eve.get_by_role("button", name="Request an Article 5 determination").click()
    item = fay.locator(".items > li", has_text="NAC/2026/1")
    expect(item).to_contain_text("Under silence")
    projector = room.people["projector"].page
    expect(projector.locator("#nac .countdown")).to_have_text(re.compile(r"^0:0\d$"))
    item.get_by_role("button", name="Break silence on NAC/2026/1").click()
    expect(item.locator(".error")).to_have_text(
        "Write your reason: silence is broken in writing, with a reason.")
    item.get_by_label("Your reason for breaking silence").fill("Wait for the facts.")
    item.get_by_role("button", name="Break silence on NAC/2026/1").click()
    blocked = eve.locator(".items > li", has_text="NAC/2026/1")
    expect(blocked.locator(".badge").first).to_have_text("Blocked")
    expect(blocked).to_contain_text("France broke silence: Wait for the facts.")
    expect(blocked.locator(".explanation")).to_contain_text("one objection blocks")

    eve.get_by_label("The incident").select_option("inc-narva")
    eve.get_by_role("button", name="Request an Article 5 determination").click()
    second = eve.locator(".items > li", has_text="NAC/2026/2")
    expect(second).to_contain_text("Under silence")
    expect(second.locator(".badge").first).to_have_text("Adopted", timeout=(SILENCE_SECONDS + 8) * 1000)
    expect(eve.locator("#panel-nac .article5-invoked")).to_contain_text("Attack on Narva")
    expect(projector.locator("#nac .article5-invoked")).to_be_visible()
    expect(eve.locator("#news")).to_contain_text("NAC/2026/2 adopted by consensus")


# 6. Pledges after Article 5.


def test_allies_pledge_after_article5(room: Classroom) -> None:
    ann = room.people["ann"].page
    chamber(ann, "NATO Council")
    ann.get_by_label("Military").check()
    ann.get_by_label("What exactly (optional)").fill("Two fighter squadrons")
    ann.get_by_role("button", name="Pledge", exact=True).click()
    eve = room.people["eve"].page
    expect(eve.locator(".pledges")).to_contain_text(
        "United States of America: Military \u2013 Two fighter squadrons")
    boris = room.people["boris"].page
    chamber(boris, "NATO Council")
    expect(boris.locator("#panel-nac .standing")).to_contain_text("not a NATO ally")
    expect(boris.get_by_role("button", name="Pledge", exact=True)).to_have_count(0)


# 7. A private channel: its members read it, nobody else.


def test_a_private_message_reaches_its_recipients_only(room: Classroom) -> None:
    ann = room.people["ann"].page
    chamber(ann, "Messages")
    ann.get_by_role("button", name="Open a private channel…").click()
    ann.locator(".open-channel").get_by_label(re.compile("United Kingdom")).check()
    ann.get_by_role("button", name="Open the channel").click()
    expect(ann.locator("#channel-title")).to_contain_text("(private)")
    ann.get_by_label(re.compile("^Message to")).fill(XSS_TEXT)
    ann.get_by_role("button", name="Send").click()
    expect(ann.locator(".messages")).to_contain_text(XSS_TEXT)

    gus = room.people["gus"].page
    badge = gus.get_by_role("tab", name=re.compile("Messages")).locator(".badge")
    expect(badge).to_have_text("1")
    chamber(gus, "Messages")
    gus.get_by_role("button", name=re.compile(r"\(private\)")).click()
    expect(gus.locator(".messages")).to_contain_text(XSS_TEXT)
    expect(badge).to_be_hidden()
    assert gus.locator(".messages script").count() == 0

    for other in ("boris", "eve"):
        page = room.people[other].page
        chamber(page, "Messages")
        expect(page.locator(".channel-list")).not_to_contain_text("(private)")
        assert "coffee machine" not in page.content()


# 8. A laptop goes offline and comes back.


def test_an_offline_laptop_sends_its_message_once_and_catches_up(room: Classroom) -> None:
    eve_person = room.people["eve"]
    eve = eve_person.page
    chamber(eve, "Messages")
    eve.get_by_role("button", name=re.compile("^North Atlantic Council")).click()
    eve_person.context.set_offline(True)
    banner = eve.locator("#connection")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text("Offline")
    eve.get_by_label(re.compile("^Message to")).fill("Estonia holds the line")
    eve.get_by_role("button", name="Send").click()
    expect(banner).to_contain_text("1 action waiting")

    ann = room.people["ann"].page
    ann.get_by_role("button", name=re.compile("^North Atlantic Council")).click()
    ann.get_by_label(re.compile("^Message to")).fill("The allies stand with Estonia")
    ann.get_by_role("button", name="Send").click()

    eve_person.context.set_offline(False)
    expect(banner).to_be_hidden(timeout=15_000)
    expect(eve.locator(".messages")).to_contain_text("The allies stand with Estonia")
    expect(ann.locator(".messages")).to_contain_text("Estonia holds the line")
    sent = [e for e in room.events() if e["kind"] == "message_sent" and e["text"] == "Estonia holds the line"]
    assert len(sent) == 1, sent
    expect(ann.locator(".message", has_text="Estonia holds the line")).to_have_count(1)


# 9. The instructor reads every channel, acts as a country, announces, releases news.


def test_the_instructor_reads_acts_announces_and_advances(room: Classroom) -> None:
    instructor = room.people["instructor"].page
    chamber(instructor, "Messages")
    instructor.get_by_role("button", name=re.compile(r"\(private\)")).click()
    expect(instructor.locator(".messages")).to_contain_text(XSS_TEXT)

    chamber(instructor, "Chambers")
    instructor.get_by_label("Act as").select_option("DEU")
    chamber(instructor, "Messages")
    instructor.get_by_role("button", name=re.compile("^North Atlantic Council")).click()
    instructor.get_by_label(re.compile("^Message to")).fill("Germany sends a brigade")
    instructor.get_by_role("button", name="Send").click()
    eve = room.people["eve"].page
    expect(eve.locator(".message", has_text="Germany sends a brigade")).to_contain_text("Germany")

    instructor.get_by_label("Announcement to everyone").fill("Ten minutes to the vote")
    instructor.get_by_role("button", name="Announce").click()
    expect(eve.locator("#announcement")).to_have_text("From the instructor: Ten minutes to the vote")
    expect(room.people["projector"].page.locator("#announcement")).to_contain_text("Ten minutes")

    chamber(instructor, "Injects")
    instructor.get_by_role("button", name="Release “Refugees reach Latvia” now").click()
    expect(eve.locator("#news")).to_contain_text("Refugees reach Latvia")
    instructor.get_by_role("button", name="Next phase: Resolution").click()
    expect(eve.locator("#status .phase")).to_have_text("Resolution")
    room.shot(instructor, "instructor")


# 10. Secrets stay with their seat.


def test_nothing_shows_a_student_another_countrys_secrets(room: Classroom) -> None:
    boris = room.people["boris"].page
    for tab in ("Briefing", "Security Council", "NATO Council", "Messages"):
        chamber(boris, tab)
        content = boris.content()
        assert SECRETS["RUS"] in content or tab != "Briefing"
        for code, secret in SECRETS.items():
            if code != "RUS":
                assert secret not in content, (tab, code)
        assert "coffee machine" not in content
    stored = boris.evaluate("JSON.stringify({...sessionStorage, ...localStorage})")
    assert "SECRET" not in stored and "coffee" not in stored


# 11. A reset seat comes back through its rejoin link.


def test_a_reset_seat_rejoins_by_its_link(room: Classroom) -> None:
    instructor = room.people["instructor"].page
    chamber(instructor, "Roster")
    row = instructor.locator("table.roster tbody tr",
                             has=instructor.get_by_role("rowheader", name="Fay", exact=True))
    row.get_by_text("Manage").click()
    row.get_by_role("button", name="Reset").click()
    link = instructor.get_by_label("Rejoin link for Fay")
    expect(link).to_have_value(re.compile(r"/rejoin/[A-Z0-9]+\?lang=en#token="))
    url = link.input_value()
    fay = room.people["fay"].page
    expect(fay.locator("#seat-problem")).to_contain_text("reset or removed")
    fay.goto(url)
    fay.wait_for_url(f"**/play/{room.code}")
    expect(fay.locator("#me-name")).to_have_text("France")
    expect(fay.locator("#seat-problem")).to_be_hidden()


# 12. Every page at 1366x768 and at phone width.


def test_every_page_fits_a_laptop_and_a_phone(room: Classroom) -> None:
    pages = {
        "join": (room.person("stranger"), "/"),
        "new": (room.person("stranger"), "/new"),
        "rejoin": (room.person("stranger"), f"/rejoin/{room.code}#token=not-a-seat"),
        "play": (room.people["eve"].page, None),
        "instructor": (room.people["instructor"].page, None),
        "projector": (room.people["projector"].page, None),
    }
    for name, (page, path) in pages.items():
        for size in ({"width": 1366, "height": 768}, {"width": 390, "height": 844}):
            page.set_viewport_size(size)
            if path:
                page.goto(path)
            page.wait_for_load_state("networkidle")
            if name == "rejoin":
                expect(page.locator("#rejoin-error")).to_be_visible()
            if name == "play":
                chamber(page, "Security Council")
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 1, f"{name} at {size['width']} px scrolls sideways by {overflow} px"
            unlabelled = page.evaluate(UNLABELLED)
            assert not unlabelled, (name, unlabelled)
            room.shot(page, name)
    for name in pages:
        for size in ("1366x768", "390x844"):
            assert (room.shots / f"{name}-{size}.png").exists()


UNLABELLED = """() => [...document.querySelectorAll('input, select, textarea, button')]
  .filter(el => el.offsetParent !== null || el.type === 'radio' || el.type === 'checkbox')
  .filter(el => el.type !== 'hidden')
  .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label')
                && !el.getAttribute('aria-labelledby') && !(el.tagName === 'BUTTON' && el.textContent.trim()))
  .map(el => el.outerHTML.slice(0, 120))"""


# 13. The end.


def test_the_instructor_ends_the_game(room: Classroom) -> None:
    instructor = room.people["instructor"].page
    instructor.set_viewport_size({"width": 1366, "height": 768})
    instructor.get_by_role("button", name="End the game…").click()
    instructor.get_by_role("button", name="Yes, end the game now").click()
    eve = room.people["eve"].page
    expect(eve.locator("#status .phase")).to_have_text("Ended")
    expect(room.people["projector"].page.locator("#status .phase")).to_have_text("Ended")


def test_the_instructor_forgets_the_key_on_a_shared_computer(room: Classroom) -> None:
    instructor = room.people["instructor"].page
    slot = f"'ct:key:{room.game_id}'"
    assert instructor.evaluate(f"sessionStorage.getItem({slot})") == room.key
    assert instructor.evaluate(f"localStorage.getItem({slot})") is None
    instructor.get_by_role("button", name="Forget this key on this computer").click()
    expect(instructor.locator("#key-problem")).to_contain_text("does not have this game's instructor key")
    assert instructor.evaluate(f"sessionStorage.getItem({slot})") is None
    assert instructor.evaluate(f"localStorage.getItem({slot})") is None
    assert "#key=" not in instructor.url
