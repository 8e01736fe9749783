"""The pages before a seat speak the language the student chooses (issue 17): a browser that
asks for English opens the join page in English; the student chooses French in its header and
the page is French at once (its words, the help, a wrong code's error); chooses Spanish as the
seat's language and the page is Spanish at once, the code still looked up and what was typed
still there; joins, and the table, the Council's note out of its phase (one sentence, not a
label and a colon before another) and the rejoin link that the instructor makes later are in
Spanish."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from server.translator import Translator
from tests.browser.people import Person
from tests.browser.table import Table, played
from tests.browser.test_three_languages import no_english, scenario, tr

expect.set_options(timeout=10_000)


@pytest.fixture(scope="module")
def table(browser: Browser, server: Any) -> Iterator[Table]:
    room = Table(browser, server)
    room.create(scenario=scenario(), seed=5)
    yield from played(room)


def refusal(server: Any, path: str) -> dict[str, Any]:
    answer = httpx.get(f"{server.url}{path}", timeout=10, trust_env=False)
    assert answer.status_code >= 400
    return answer.json()["error"]


def in_language(page: Page, lang: str) -> None:
    expect(page.locator("html")).to_have_attribute("lang", lang)
    expect(page.locator("h1")).to_have_text(tr(lang, "Join a game"))
    expect(page.locator("label[for=code]")).to_have_text(tr(lang, "Game code"))
    expect(page.locator("#code-hint")).to_have_text(tr(lang, "Six letters and digits, for example KX7M4P."))


def test_the_join_page_turns_to_the_language_chosen_in_its_header(table: Table) -> None:
    page = table.person("fay")
    page.goto("/")
    in_language(page, "en")
    page.locator("#code").fill("ZZZZZZ")
    page.locator("#code-form button[type=submit]").click()
    error = refusal(table.server, "/api/join/ZZZZZZ")
    expect(page.locator("#code-error")).to_have_text(error["message"])

    page.locator("#language-choice").select_option("fr")
    in_language(page, "fr")
    expect(page.locator("#code")).to_have_value("ZZZZZZ")
    expect(page.locator("#code-error")).to_have_text(Translator("fr").render(error["msg"]))
    no_english(page, "the join page in French, with a wrong code")

    # A code typed and not yet looked up is still there in the other language.
    page.locator("#code").fill("QQQQQQ")
    page.locator("#language-choice").select_option("en")
    in_language(page, "en")
    expect(page.locator("#code")).to_have_value("QQQQQQ")
    expect(page.locator("#code-error")).to_be_hidden()
    page.locator("#language-choice").select_option("fr")
    in_language(page, "fr")
    expect(page.locator("#code")).to_have_value("QQQQQQ")


def test_the_seats_language_turns_the_page_at_once_and_keeps_what_was_typed(table: Table) -> None:
    page = table.people["fay"].page
    page.locator("#code").fill(table.code)
    page.locator("#code-form button[type=submit]").click()
    expect(page.locator("#join-form")).to_be_visible()
    expect(page.locator("#seat-language")).to_have_value("fr")
    page.locator("#nickname").fill("Fay")
    page.locator("input[name=country][value=MEX]").check()

    page.locator("#seat-language").select_option("es")
    in_language(page, "es")
    expect(page.locator("#join-form")).to_be_visible()
    expect(page.locator("#seat-language")).to_have_value("es")
    expect(page.locator("label[for=seat-language]")).to_have_text(tr("es", "Your language"))
    expect(page.locator("#seat-language-hint")).to_have_text(tr(
        "es", "Your table, the refusals and the debrief are shown in it; what people type is shown "
              "as typed."))
    expect(page.locator("#nickname")).to_have_value("Fay")
    expect(page.locator("input[name=country][value=MEX]")).to_be_checked()
    no_english(page, "the join page in Spanish")

    page.locator("#join-form button[type=submit]").click()
    page.wait_for_url(f"**/play/{table.code}")
    expect(page.locator("html")).to_have_attribute("lang", "es")


def test_the_councils_note_out_of_its_phase_is_one_sentence(table: Table) -> None:
    page = table.people["fay"].page
    page.locator("#tab-unsc").click()
    note = page.locator("#panel-unsc .form-note")
    expect(note).to_have_text(tr("es", "The game has not started yet."))
    table.act({"kind": "start"})
    expect(page.locator("#status")).to_have_attribute("data-status", "running")
    spanish = Translator("es")
    sentence = spanish.ngettext("Not now: drafts are tabled in the {phases} phase.",
                                "Not now: drafts are tabled in the {phases} phases.", 2, "web")
    phases = spanish.list([tr("es", "Consultations"), tr("es", "Council sessions")])
    expect(note).to_have_text(sentence.replace("{phases}", phases))
    assert (note.text_content() or "").count(":") == 1   # was «Presentar un proyecto: Ahora no: ...»


def test_a_rejoin_link_opens_in_the_seats_language(table: Table) -> None:
    roster = table.server.api("GET", f"/api/games/{table.game_id}/roster", key=table.key)
    seat = next(s for s in roster if s["nickname"] == "Fay")
    reset = table.server.api("POST", f"/api/games/{table.game_id}/seats/{seat['seat_id']}/reset",
                             key=table.key)
    laptop = Person(table.browser, table.server.url, "fay-laptop")
    table.people["fay-laptop"] = laptop
    page = laptop.page
    page.route("**/api/join/*/resume", lambda route: route.abort())   # the page, before it moves on
    page.goto(reset["rejoin_url"])
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.locator("h1")).to_have_text(tr("es", "Back to your seat"))
    page.unroute("**/api/join/*/resume")
    page.goto(reset["rejoin_url"])
    page.wait_for_url(f"**/play/{table.code}")
    expect(page.locator("html")).to_have_attribute("lang", "es")
