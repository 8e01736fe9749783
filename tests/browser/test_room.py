"""The class in the room: what a room of students runs into in the first ten minutes,
played in real Chromium. A student on a laptop (1366x768) and the Council's President
on a phone (390x844) vote from the bar at the top of their page; the draft form warns
and resets; nothing offers a control for a dead item; the projector's outcome is one
large line at 1920x1080 and 1280x720; the map names the attacked state; the roster
says who is missing; a what-if from too late a moment says so; axe-core finds no
serious or critical violation on any page. Each test is one step; they share a game."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.axe import serious_violations
from tests.browser.classroom import ELECTED, scenario
from tests.browser.delegates import Delegate
from tests.browser.table import Table, played

expect.set_options(timeout=10_000)
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 768}
DRAFT = "S/2026/1"


def room_scenario() -> dict[str, Any]:
    """The classroom scenario with Ireland presiding and the elected members' caretakers
    voting for sanctions (as their policies say), so that a student's draft can pass."""
    data = scenario()
    data["id"] = "classroom-room"
    data["bodies"]["UNSC"]["president"] = "IRL"
    data["countries"] = [{"code": c, "caretaker": {"vote": {"yes_if": ["sanctions"]}}} if c in ELECTED else c
                         for c in data["countries"]]
    return data


class Room(Table):
    def __init__(self, browser: Browser, server: Any, shots: Path) -> None:
        super().__init__(browser, server)
        self.shots = shots
        self.create(scenario=room_scenario(), seed=13, title="Period 4")

    def person(self, name: str, viewport: dict[str, int] | None = None) -> Page:
        return super().person(name, viewport or DESKTOP)

    def shot(self, page: Page, name: str, full: bool = False) -> None:
        size = page.viewport_size
        assert size is not None
        page.screenshot(path=str(self.shots / f"{name}-{size['width']}x{size['height']}.png"), full_page=full)


@pytest.fixture(scope="module")
def room(browser: Browser, server: Any, screenshots: Path) -> Iterator[Room]:
    yield from played(Room(browser, server, screenshots))


def accessible(page: Page, where: str) -> None:
    found = serious_violations(page)
    assert not found, f"{where}: " + "; ".join(f"{v['id']} ({v['impact']}) at {v['nodes']}" for v in found)


def in_view(page: Page, selector: str, timeout_ms: int = 5_000) -> None:
    """Visible without scrolling: the whole element inside the viewport, once the page has
    laid it out (a slow page may still be placing it when its text is there)."""
    size = page.viewport_size
    assert size is not None
    box = None
    for _ in range(max(1, timeout_ms // 100)):
        box = page.locator(selector).bounding_box()
        if (box is not None and box["y"] >= 0 and box["y"] + box["height"] <= size["height"]
                and box["x"] >= 0 and box["x"] + box["width"] <= size["width"] + 1):
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"{selector} not wholly in the viewport: {box} in {size}")


def chamber(page: Page, tab: str) -> None:
    page.get_by_role("tab", name=re.compile(tab)).click()


def font_px(page: Page, selector: str) -> float:
    return float(page.locator(selector).evaluate("el => parseFloat(getComputedStyle(el).fontSize)"))


# 1. Before the start, the projector shows the code very large.


def test_before_the_start_the_projector_shows_the_code_very_large(room: Room) -> None:
    instructor = room.person("instructor")
    instructor.goto(f"/instructor/{room.game_id}#key={room.key}")
    expect(instructor.locator("#join-code")).to_have_text(room.code)
    projector = room.person("projector", viewport={"width": 1920, "height": 1080})
    projector.goto(f"/projector/{room.code}")
    expect(projector.locator("#big-code")).to_have_text(room.code)
    assert font_px(projector, "#big-code") >= 150
    in_view(projector, "#big-code")
    room.shot(projector, "projector-before-start")
    accessible(projector, "projector before the start")


# 2. Students join from a form that groups the countries and says which are free.


def test_the_join_form_groups_countries_and_says_which_are_free(room: Room) -> None:
    ann = room.person("ann")
    ann.goto(f"/?code={room.code}")
    permanent = ann.get_by_role("group", name=re.compile("^Permanent members of the Security Council"))
    expect(permanent).to_contain_text("(5 of 5 still free)")
    expect(permanent.locator("label", has_text="United States")).to_contain_text("free")
    expect(ann.get_by_role("group", name=re.compile("^Elected members"))).to_contain_text("Ireland")
    expect(ann.get_by_role("group", name=re.compile("^NATO allies"))).to_contain_text("Estonia")
    room.shot(ann, "join-groups", full=True)
    accessible(ann, "join")
    ann.get_by_label("Your nickname").fill("Ann")
    ann.locator("input[name=country][value=USA]").check()
    ann.get_by_role("button", name="Take my seat").click()
    ann.wait_for_url(f"**/play/{room.code}")

    pia = room.person("pia", viewport=PHONE)
    pia.goto(f"/?code={room.code}")
    permanent = pia.get_by_role("group", name=re.compile("^Permanent members"))
    expect(permanent).to_contain_text("(4 of 5 still free)")
    pia.get_by_label("Your nickname").fill("Pia")
    pia.locator("input[name=country][value=IRL]").check()
    pia.get_by_role("button", name="Take my seat").click()
    pia.wait_for_url(f"**/play/{room.code}")
    room.delegates["RUS"] = Delegate(room.server.url, room.code, "Boris", "RUS")


# 3. The instructor starts; the roster says who is here and who is missing.


def test_the_roster_says_who_is_here_and_offers_only_what_applies(room: Room) -> None:
    instructor = room.people["instructor"].page
    summary = instructor.locator(".roster-summary")
    expect(summary).to_contain_text("3 of 3 students online.")
    instructor.get_by_role("button", name="Start the game").click()
    expect(instructor.locator("#status .phase")).to_have_text("Briefing")
    teams = instructor.locator(".teams")
    expect(teams.get_by_role("button", name="Hand the United States to its caretaker")).to_be_visible()
    expect(teams.locator(".team", has_text="Latvia")).to_contain_text("caretaker")
    # Latvia has no student: nobody to give it back to.
    expect(teams.get_by_role("button", name=re.compile("LVA"))).to_have_count(0)
    room.act({"kind": "advance_phase"})
    expect(instructor.locator("#status .phase")).to_have_text("Consultations")


# 4. The draft form warns about a draft without measures, and resets after tabling.


def test_the_draft_form_warns_then_resets(room: Room) -> None:
    ann = room.people["ann"].page
    chamber(ann, "Security Council")
    panel = ann.locator("#panel-unsc")
    expect(panel.locator(".presidency")).to_contain_text("President: Ireland")
    panel.get_by_label("Title").fill("Sanctions for the attack on Estonia")
    panel.get_by_role("button", name="Table the draft").click()
    warning = panel.locator(".draft-form .warning")
    expect(warning).to_contain_text("No measure is ticked")
    expect(warning).to_contain_text("abstain")
    expect(warning).to_contain_text("Brazil")          # a caretaker on the Council, by name
    room.shot(ann, "draft-warning", full=True)
    panel.get_by_label("Chapter VII: threats to the peace").check()
    panel.get_by_label("Economic sanctions (Art. 41)").check()
    expect(warning).to_be_hidden()
    panel.get_by_role("button", name="Table the draft").click()
    expect(panel.locator(".drafts > li").first).to_contain_text(DRAFT)
    expect(panel.get_by_label("Title")).to_have_value("")
    expect(panel.get_by_label("Chapter VI: the peaceful settlement of disputes")).to_be_checked()
    expect(panel.get_by_label("Economic sanctions (Art. 41)")).not_to_be_checked()
    expect(panel.get_by_label("Determine a threat")).not_to_be_checked()
    status = panel.locator(".draft-form .form-status")
    expect(status).to_have_text("Tabled.")
    expect(status).to_have_text("", timeout=8_000)     # gone after a moment


# 5. The President calls the vote from a phone; the vote comes first on every screen.


def test_the_open_vote_comes_first_on_a_laptop_and_a_phone(room: Room) -> None:
    pia = room.people["pia"].page
    chamber(pia, "Security Council")
    expect(pia.locator("#panel-unsc .presidency")).to_contain_text("You preside")
    expect(pia.locator("#vote-bar")).to_be_hidden()            # consultations: no vote is called now
    room.act({"kind": "advance_phase"})
    call = pia.locator("#vote-bar").get_by_role("button", name=f"Call the vote on {DRAFT}")
    expect(pia.locator("#vote-bar")).to_contain_text("You preside over the Security Council")
    pia.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    in_view(pia, "#vote-bar")                                 # sticky: still there after scrolling
    room.shot(pia, "president-bar")
    call.click()

    vote_bar = pia.locator("#vote-bar")
    expect(vote_bar).to_contain_text(f"Vote open in the Security Council: {DRAFT}")
    expect(vote_bar).to_contain_text("9 yes")                 # the caretakers voted at once, by their policy
    pia.evaluate("window.scrollTo(0, 0)")
    in_view(pia, "#vote-bar")
    room.shot(pia, "vote-bar")
    accessible(pia, "play on a phone, vote open")

    ann = room.people["ann"].page
    ann.reload()
    expect(ann.locator("#vote-bar")).to_contain_text(DRAFT)
    in_view(ann, "#vote-bar")
    expect(ann.locator("#panel-unsc .form-note")).to_contain_text("folded away")
    expect(ann.locator("#panel-unsc .draft-form")).to_be_hidden()
    chips = ann.locator("#panel-unsc .chips")
    expect(chips).to_contain_text("United States")
    expect(chips).to_contain_text("United Arab Emirates")
    expect(chips).not_to_contain_text("ARE")
    room.shot(ann, "vote-bar")
    accessible(ann, "play on a laptop, vote open")
    ann.keyboard.press("Tab")                                 # one Tab from the page's start
    expect(ann.get_by_role("button", name=f"Vote yes on {DRAFT}")).to_be_focused()
    ann.keyboard.press("Enter")
    expect(ann.locator("#vote-bar")).to_contain_text("You voted yes")

    instructor = room.people["instructor"].page
    expect(instructor.get_by_role("button", name=f"Close the vote on {DRAFT}")).to_be_visible()
    pia.get_by_role("button", name=f"Vote yes on {DRAFT}").click()
    expect(vote_bar).to_contain_text("You voted yes")
    room.delegates["RUS"].ok({"kind": "vote", "draft": DRAFT, "vote": "no"})
    expect(ann.locator("#vote-bar")).to_be_hidden()
    expect(ann.locator("#panel-unsc .draft-form")).to_be_visible()   # the form is back after the vote


# 6. The projector: the outcome as one large line, and the map.


def test_the_projector_shows_the_outcome_large_and_the_map(room: Room) -> None:
    projector = room.people["projector"].page
    outcome = projector.locator("#outcome .outcome-big")
    expect(outcome).to_have_text("VETOED by the Russian Federation, 11-1-3")
    expect(projector.locator("#big-code")).to_be_hidden()
    expect(projector.locator("#map .map-title")).to_contain_text("Estonia")
    expect(projector.locator("#map svg[role=img] title")).to_contain_text(
        "Estonia and the United States attacked by the Russian Federation")
    assert font_px(projector, "#outcome .outcome-big") >= 56
    in_view(projector, "#outcome")
    room.shot(projector, "projector-outcome")
    projector.set_viewport_size({"width": 1280, "height": 720})
    assert font_px(projector, "#outcome .outcome-big") >= 36
    in_view(projector, "#outcome")
    room.shot(projector, "projector-outcome")
    accessible(projector, "projector")
    projector.set_viewport_size({"width": 1920, "height": 1080})


# 7. No control acts on a dead item; one pledge per kind, with a way to retract it.


def test_no_control_acts_on_a_dead_item(room: Room) -> None:
    first = room.act({"actor": "EST", "kind": "request_article5", "incident": "inc-narva"})
    assert first["ok"], first
    room.act({"actor": "FRA", "kind": "break_silence", "item": "NAC/2026/1", "reason": "Not yet."})
    room.act({"actor": "EST", "kind": "request_article5", "incident": "inc-narva"})
    room.act({"kind": "silence_deadline", "item": "NAC/2026/2"})       # the chair ends the silence early
    ann = room.people["ann"].page
    chamber(ann, "NATO Council")
    blocked = ann.locator(".items > li", has_text="NAC/2026/1")
    expect(blocked.locator(".badge").first).to_have_text("Blocked")
    expect(ann.locator(".items > li", has_text="NAC/2026/2").locator(".badge").first).to_have_text("Adopted")
    # Its deadline still runs, but Article 5 was invoked since: no objection to join.
    expect(blocked.locator("textarea")).to_have_count(0)
    expect(blocked.get_by_role("button")).to_have_count(0)
    # Every incident is decided or outside the area: no request form, and why.
    expect(ann.get_by_role("button", name="Request an Article 5 determination")).to_be_hidden()
    expect(ann.locator("#panel-nac")).to_contain_text("No incident can be put to the allies now")

    ann.get_by_label("Military", exact=True).check()
    ann.get_by_label("What exactly (optional)").fill("Two fighter squadrons")
    ann.get_by_role("button", name="Pledge", exact=True).click()
    mine = ann.locator(".my-pledges")
    expect(mine).to_contain_text("Military")
    expect(ann.get_by_role("button", name="Pledge", exact=True)).to_be_hidden()
    room.shot(ann, "pledge-made", full=True)
    ann.get_by_role("button", name="Pledge another kind of response").click()
    expect(ann.get_by_label("Military", exact=True)).to_be_hidden()
    expect(ann.get_by_label("Economic", exact=True)).to_be_visible()
    mine.get_by_role("button", name="Retract your military pledge").click()
    expect(ann.locator(".pledges")).to_contain_text("retracted")
    expect(ann.get_by_label("Military", exact=True)).to_be_visible()


# 8. The instructor's controls stay in view; the roster names who is missing.


def test_the_instructor_keeps_the_controls_in_view_and_sees_who_is_missing(room: Room) -> None:
    room.delegates.pop("RUS").close()
    instructor = room.people["instructor"].page
    instructor.get_by_role("tab", name="Roster").click()
    expect(instructor.locator(".roster-summary .roster-missing")).to_have_text(
        "Offline: Boris (Russian Federation).")
    instructor.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    in_view(instructor, "#run-bar")
    expect(instructor.get_by_role("button", name="Pause")).to_be_visible()
    room.shot(instructor, "instructor-scrolled")
    accessible(instructor, "instructor")
    instructor.set_viewport_size(PHONE)
    instructor.evaluate("window.scrollTo(0, 0)")
    in_view(instructor, "#run-bar .run-main")
    room.shot(instructor, "instructor-phone")
    instructor.set_viewport_size(DESKTOP)


# 9. The map on the briefing and in the replay.


def test_the_map_names_the_attacked_state_on_the_briefing_and_the_replay(room: Room) -> None:
    pia = room.people["pia"].page
    chamber(pia, "Briefing")
    figure = pia.locator("#crisis .map")
    expect(figure.locator(".map-title")).to_have_text(
        "Map of the crisis: Estonia and the United States attacked by the Russian Federation")
    expect(figure.locator("svg[role=img] desc")).to_contain_text("Incident 2: Strike on Guam")
    expect(figure.locator("svg text", has_text="Estonia")).to_have_count(1)
    expect(figure.locator(".map-svg g.incident")).to_have_count(2)
    expect(figure.locator(".map-svg line.tropic")).to_have_count(1)
    expect(figure.locator(".map-legend")).to_contain_text("Tropic of Cancer")
    room.shot(pia, "map-briefing", full=True)
    accessible(pia, "briefing on a phone")

    instructor = room.people["instructor"].page
    instructor.goto(f"/replay/{room.game_id}")
    instructor.get_by_role("tab", name="Briefing and crisis").click()
    expect(instructor.locator("#r-crisis .map .map-title")).to_contain_text("Estonia")
    room.shot(instructor, "map-replay", full=True)
    accessible(instructor, "replay")


# 10. A what-if from after the decision it would change; the comparison of an unplayed fork.


def test_a_late_what_if_offers_the_moment_before_and_an_unplayed_fork_compares_nothing(room: Room) -> None:
    page = room.people["instructor"].page
    page.locator("#fork-kind").select_option("no_veto")
    late = page.locator(".fork-late")
    expect(late).to_contain_text(f"{DRAFT} was already vetoed at this moment")
    late.get_by_role("button", name=re.compile("Go to the moment before it")).click()
    expect(page.locator("#now-line, #status")).not_to_have_count(0)
    expect(late).to_be_hidden()
    expect(page.locator("#panel-unsc .badge").first).to_have_text("Vote open")
    accessible(page, "replay with the fork form")

    fork = room.server.api("POST", f"/api/games/{room.game_id}/fork", key=room.key,
                           json={"seq": 3, "change": {"kind": "none"}})
    page.goto(f"/compare/{room.game_id}/{fork['game_id']}")
    expect(page.locator(".unplayed")).to_contain_text("The what-if has not been played yet")
    expect(page.locator(".side")).to_have_count(0)
    accessible(page, "compare")
    page.goto(f"/debrief/{room.game_id}")
    page.wait_for_load_state("networkidle")
    time.sleep(0.3)
    accessible(page, "debrief")
    for path in ("/new", f"/rejoin/{room.code}#token=not-a-seat"):
        page.goto(path)
        page.wait_for_load_state("networkidle")
        accessible(page, path)


# 11. A vote does not stall on an absent student.


def test_a_vote_with_an_offline_member_closes_by_itself_through_caretakers(room: Room) -> None:
    instructor = room.people["instructor"].page
    instructor.goto(f"/instructor/{room.game_id}")
    grace = instructor.get_by_label("Seconds before a caretaker votes for an absent delegation")
    expect(grace).to_have_value("30")
    grace.fill("4")
    instructor.get_by_role("button", name="Set", exact=True).click()
    expect(grace).to_have_value("4")
    second = "S/2026/2"
    room.act({"actor": "USA", "kind": "table_draft", "title": "A second try", "chapter": "VII",
              "measures": ["determine_threat", "sanctions"]})
    room.act({"kind": "call_vote", "draft": second})
    waiting = instructor.locator("#run-bar .not-voted")
    expect(waiting).to_contain_text(f"Not voted yet on {second}: 3")
    russia = waiting.locator("li", has_text="Russian Federation")
    expect(russia).to_contain_text("offline")                 # Boris left in step 8
    expect(russia).to_contain_text("its caretaker votes in")
    expect(waiting.locator("li", has_text="Ireland")).to_contain_text("online")
    room.shot(instructor, "not-voted")
    accessible(instructor, "instructor during a vote")
    # One click: Ireland's seat to its caretaker, which votes at once by its policy.
    instructor.get_by_role("button", name="Hand to its caretaker: Ireland").click()
    expect(waiting.locator("li", has_text="Ireland")).to_have_count(0)
    # Ireland's student is told why its seat closed, and led back to the join form.
    told = room.people["pia"].page.locator("#seat-problem")
    expect(told).to_contain_text("Your teacher handed Ireland to its caretaker")
    expect(told.get_by_role("link", name="Join again")).to_have_attribute("href", f"/?code={room.code}")
    room.people["ann"].page.get_by_role("button", name=f"Vote yes on {second}").click()
    # Russia's student is away: its caretaker votes once the grace has run; the vote closes.
    projector = room.people["projector"].page
    expect(projector.locator("#outcome .outcome-big")).to_have_text(re.compile("^ADOPTED"), timeout=15_000)
    votes = [e for e in room.server.api("GET", f"/api/games/{room.game_id}/events", key=room.key)
             if e["event"]["kind"] == "vote_cast" and e["event"]["draft"] == second]
    by = {e["event"]["country"]: e["event"]["vote"] for e in votes}
    assert by["RUS"] == "abstain" and by["IRL"] == "yes" and by["USA"] == "yes", by
    expect(waiting).to_be_hidden()
