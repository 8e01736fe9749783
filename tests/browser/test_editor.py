"""A teacher writes a crisis in the browser editor from a blank page, with the bodies of
its date; checks it as they type; previews it as a student, the instructor and the
projector; saves it to their library; and the class plays it."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, expect

from tests.browser.axe import serious_violations
from tests.browser.people import Person

expect.set_options(timeout=10_000)


def test_a_teacher_writes_previews_saves_and_plays_a_scenario(browser: Browser, server: Any,
                                                               screenshots: Path,
                                                               tmp_path: Path) -> None:
    teacher = Person(browser, server.url, "teacher")
    student = Person(browser, server.url, "student")
    try:
        _write_and_play(teacher, student, screenshots, tmp_path)
        assert not teacher.problems + student.problems, teacher.problems + student.problems
    finally:
        teacher.close()
        student.close()


def _write_and_play(teacher: Person, student: Person, shots: Path, tmp_path: Path) -> None:
    page = teacher.page
    page.goto("/editor")
    assert serious_violations(page) == []

    # From a blank page, with the keyboard: the date, then the button.
    page.get_by_label("Date of the crisis (YYYY-MM-DD)").fill("1982-04-03")
    page.get_by_label("Date of the crisis (YYYY-MM-DD)").press("Tab")
    expect(page.get_by_role("button", name="A blank scenario")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#forms")).to_be_visible()

    crisis = page.locator("#crisis")
    crisis.get_by_label("Id").fill("falklands-1982")
    crisis.get_by_label("Title").fill("The Falklands, April 1982")
    crisis.get_by_label("Briefing (every player reads it)").fill(
        "Argentine forces have landed on the Falkland Islands.")

    # The bodies of that day, from the record.
    resolved = page.locator("#bodies-resolved")
    expect(resolved).to_contain_text("Security Council (15 members, 9 votes to adopt)")
    expect(resolved).to_contain_text("ZAR")
    expect(resolved).to_contain_text("North Atlantic Council (15 allies)")

    countries = page.locator("#countries")
    for code in ("GBR", "ARG", "PAN"):
        countries.get_by_label("Country code").fill(code)
        countries.get_by_role("button", name="Add the country").click()
        expect(page.locator(f'details[data-code="{code}"]')).to_have_count(1)
    gbr = page.locator('details[data-code="GBR"]')
    gbr.locator("summary").first.click()
    gbr.get_by_label("Public profile: every player and the projector see it").fill(
        "The administering power of the Falkland Islands; a permanent member.")
    gbr.get_by_label("Who you are and what your capital wants").fill("GBR-SECRET: win the vote.")
    arg = page.locator('details[data-code="ARG"]')
    arg.locator("summary").first.click()
    arg.get_by_label("Public profile: every player and the projector see it").fill(
        "Argentina claims the Malvinas.")

    # A caretaker policy: Panama, a Council member no student plays, votes no on a draft
    # that demands the withdrawal of forces (as it did on resolution 502).
    pan = page.locator('details[data-code="PAN"]')
    pan.locator("summary").first.click()
    pan.get_by_text("On a draft carrying a measure").click()
    pan.get_by_label("PAN: on a draft carrying \u201cDemand the withdrawal of forces\u201d").select_option(
        "no")
    pan.get_by_label("Otherwise it votes").select_option("abstain")

    # A mistake is caught as you type, with the nearest valid name.
    gbr.get_by_label("Name (leave empty for the name of the day)").fill("")
    summary = page.locator("#check-summary")
    expect(summary).to_contain_text("valid scenario")

    incidents = page.locator("#incidents")
    incidents.get_by_role("button", name="Add an incident").click()
    incident = page.locator("#incidents fieldset.incident").first
    incident.get_by_label("Target (the state attacked)").fill("GBR")
    incident.get_by_label("Attacker").fill("ARG")
    incident.get_by_label("Where is it?").select_option("falklands")
    expect(incident).to_contain_text("Outside the Article 6 area: in the South Atlantic")

    page.locator("#injects").get_by_role("button", name="Add an inject").click()
    form = page.locator("#inject-form")
    form.get_by_label("Headline").fill("Resolution 502 is adopted")
    form.get_by_role("button", name="Place it on the timeline").click()
    expect(page.locator("#injects .lane").first).to_contain_text("Resolution 502 is adopted")

    page.locator('details[data-code="ARG"]').get_by_label("Attacker", exact=True).count()
    expect(summary).to_contain_text('valid scenario "falklands-1982"')

    # Caretakers on a sample draft: every seat would vote, with the rule that decided.
    sample = page.locator("#caretaker-preview")
    expect(sample.get_by_label("Refer the situation to the International Criminal Court")).to_be_disabled()
    sample.get_by_label("Condemn").check()
    sample.get_by_label("Demand the withdrawal of forces").check()
    sample.get_by_role("button", name="How would the caretakers vote?").click()
    expect(sample.locator("table")).to_contain_text("default: abstain")
    expect(sample.get_by_role("row", name="PAN Panama no no_if: demand_withdrawal")).to_be_visible()

    # Previews as a student, the instructor and the projector.
    preview = page.locator("#preview")
    preview.get_by_label("See it as").select_option("GBR")
    preview.get_by_role("button", name="Preview").click()
    expect(preview).to_contain_text("GBR-SECRET")
    expect(preview).to_contain_text("Argentina claims the Malvinas.")
    expect(preview).to_contain_text("Federal Republic of Germany")     # names of the day
    preview.get_by_label("See it as").select_option("public")
    preview.get_by_role("button", name="Preview").click()
    expect(preview).not_to_contain_text("GBR-SECRET")
    expect(preview).to_contain_text("The administering power")
    preview.get_by_label("See it as").select_option("instructor")
    preview.get_by_role("button", name="Preview").click()
    expect(preview).to_contain_text("Resolution 502 is adopted")

    # A syntax error in the JSON is named by line, column and cause.
    area = page.get_by_label("The scenario as JSON (edit, then apply)")
    good = area.input_value()
    assert '"title": "Resolution 502 is adopted"' in good
    area.fill(good.rstrip()[:-1].rstrip() + ",\n}")
    page.get_by_role("button", name="Apply the text").click()
    expect(page.locator("#file .form-status")).to_contain_text(
        re.compile(r"Line \d+, column \d+: a trailing comma"))
    # So are a misspelled name and an impossible date: each with its place and a hint.
    area.fill(good.replace('"date": "1982-04-03"', '"date": "1982-13-45"', 1)
              .replace('"demand_withdrawal"', '"demand_withdrawl"'))
    page.get_by_role("button", name="Apply the text").click()
    problems = page.locator("#check-problems")
    expect(problems.locator("li", has_text="1982-13-45")).to_have_text(
        'date: "1982-13-45" is not a date (YYYY-MM-DD): month must be in 1..12')
    expect(problems.locator("li", has_text="demand_withdrawl")).to_contain_text(
        re.compile(r'countries\[2\]\.caretaker\.vote\.no_if\[0\]: unknown measure "demand_withdrawl" '
                   r'\(did you mean "demand_withdrawal"\?\)'))
    expect(summary).to_contain_text("2 problems")
    area = page.get_by_label("The scenario as JSON (edit, then apply)")
    area.fill(good)
    page.get_by_role("button", name="Apply the text").click()
    expect(summary).to_contain_text('valid scenario "falklands-1982"')

    with page.expect_download() as download:
        page.get_by_role("button", name="Download the JSON").click()
    saved_file = tmp_path / "falklands.json"
    download.value.save_as(saved_file)
    assert json.loads(saved_file.read_text())["bodies"]["UNSC"] == {"as_of": "1982-04-03"}

    page.get_by_role("button", name="Save to my library").click()
    expect(page.locator("#file .form-status")).to_contain_text("Saved")
    page.screenshot(path=str(shots / "editor-1366x768.png"), full_page=True)
    assert serious_violations(page) == []

    # The library is listed on /new for this browser; the class plays the scenario.
    page.goto("/new")
    page.get_by_label(re.compile("The Falklands, April 1982")).check()
    page.get_by_role("button", name="Create the game").click()
    expect(page.locator("#create-error")).to_be_hidden()
    page.wait_for_url(re.compile(r"/instructor/[0-9a-f]+$"))
    expect(page.locator("#join-code")).to_have_text(re.compile(r"^[A-Z0-9]{6}$"))
    code = page.locator("#join-code").inner_text()

    play = student.page
    play.goto(f"/?code={code.lower()}")
    play.get_by_label("Your nickname").fill("thatcher")
    play.locator("input[name=country][value=GBR]").check()
    play.get_by_role("button", name="Take my seat").click()
    play.wait_for_url(f"**/play/{code}")
    page.get_by_role("button", name="Start the game").click()
    expect(play.locator("#briefing")).to_contain_text("Argentine forces have landed")

    play.get_by_role("button", name="Who's who").click()
    dialog = play.get_by_role("dialog", name="Who's who")
    expect(dialog).to_contain_text("Argentina claims the Malvinas.")
    expect(dialog).to_contain_text("Union of Soviet Socialist Republics")
    play.keyboard.press("Escape")
    expect(dialog).to_be_hidden()

    page.get_by_role("button", name="Next phase: Consultations").click()
    play.get_by_role("tab", name="Security Council").click()
    panel = play.locator("#panel-unsc")
    panel.get_by_label("Chapter VII: threats to the peace").check()
    expect(panel.get_by_label("Refer the situation to the International Criminal Court")).to_have_count(0)
    expect(panel).to_contain_text("Not yet in existence on this game's date")
    panel.get_by_label("Demand the withdrawal of forces").check()
    panel.get_by_label("Title").fill("The situation in the Falkland Islands")
    panel.get_by_role("button", name="Table the draft").click()
    expect(panel.locator(".drafts > li").first).to_contain_text("S/1982/1")

    # The vote: the instructor calls it, the student votes, the caretakers vote by their
    # policies (Panama no, the others abstain), and the Council's answer comes back.
    page.get_by_role("button", name="Next phase: Council sessions").click()
    page.get_by_role("tab", name="Chambers").click()
    page.locator("#act-unsc").get_by_role("button", name="Call the vote on S/1982/1").click()
    bar = play.locator("#vote-bar")
    expect(bar).to_contain_text("0 yes · 1 no · 13 abstentions · 1 not voted")   # the caretakers at once
    bar.get_by_role("button", name="Vote yes on S/1982/1").click()
    expect(bar).to_be_hidden()                                # every member has voted: it closes
    result = panel.locator(".drafts > li").first.locator(".explanation")
    expect(result).to_contain_text("Not adopted")
    expect(result).to_contain_text("1 in favour, 1 against, 13 abstentions")
    expect(play.locator("#news")).to_contain_text("S/1982/1")


def test_a_date_typed_before_the_editor_has_loaded_is_kept(browser: Browser, server: Any) -> None:
    """The blank scenario's date is the teacher's, even when they type it before the page has
    read its reference data (a slow network): nothing written after a load replaces it."""
    teacher = Person(browser, server.url, "teacher")
    held: list[Any] = []
    try:
        page = teacher.page
        page.route("**/api/editor/reference", lambda route: held.append(route))
        page.goto("/editor")
        page.get_by_label("Date of the crisis (YYYY-MM-DD)").fill("1956-10-29")
        page.wait_for_timeout(200)
        for route in held:
            route.continue_()
        expect(page.locator("#saved option")).not_to_have_count(0)  # every load is done
        expect(page.get_by_label("Date of the crisis (YYYY-MM-DD)")).to_have_value("1956-10-29")
        page.get_by_role("button", name="A blank scenario").click()
        expect(page.locator("#forms")).to_be_visible()
        assert held, "the reference data was not asked for"
    finally:
        teacher.close()


def test_what_a_teacher_typed_outlives_a_change_of_language(browser: Browser, server: Any) -> None:
    """The page opens again in the language chosen, with the scenario being written (the
    editor) and the choices of a new game (its form) as they were."""
    teacher = Person(browser, server.url, "teacher")
    try:
        page = teacher.page
        page.goto("/editor")
        page.get_by_label("Date of the crisis (YYYY-MM-DD)").fill("1982-04-03")
        page.get_by_role("button", name="A blank scenario").click()
        page.locator("#crisis").get_by_label("Title").fill("The Falklands, April 1982")
        page.locator("#language-choice").select_option("fr")
        expect(page.locator("html")).to_have_attribute("lang", "fr")
        expect(page.locator("#forms")).to_be_visible()
        expect(page.locator("#crisis").get_by_label("Titre", exact=True)).to_have_value(
            "The Falklands, April 1982")

        page.goto("/new")
        page.locator("#title").fill("Period 3")   # the page is in French now: the language stays
        expect(page.locator("input[name=scenario]")).not_to_have_count(0)
        page.locator("input[name=scenario][value=korea-1950]").check()
        page.locator("input[name=reading_level][value=basic]").check()
        page.locator("#language-choice").select_option("es")
        expect(page.locator("html")).to_have_attribute("lang", "es")
        expect(page.locator("#title")).to_have_value("Period 3")
        expect(page.locator("input[name=scenario][value=korea-1950]")).to_be_checked()
        expect(page.locator("input[name=reading_level][value=basic]")).to_be_checked()
        assert not teacher.problems, teacher.problems
    finally:
        teacher.close()
