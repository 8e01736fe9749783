"""Korea 1950, a shipped scenario with French and Spanish texts, read by a French and a
Spanish student (issue 17): what an outside check of that game found wrong, on the pages.
The Council of 1950 (eleven members, seven votes) in the draft form and the key outcomes; the
President's country with its article; a closed vote's count of those who did not vote; the
debrief's table of votes naming the states the scenario names (the Soviet Union, Yugoslavia:
CLDR does not know them); the first of a month in French on the replay's real dates; no word
of the Alliance in a game without it; the
language's own colon where a page joins a name and its value ("France : 50")."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.table import Table, played

expect.set_options(timeout=10_000)
STUDENTS = {"fay": ("fr", "FRA"), "pablo": ("es", "ECU")}


def join(table: Table, name: str) -> Page:
    lang, country = STUDENTS[name]
    page = table.person(name)
    page.goto(f"/?code={table.code}&lang={lang}")
    page.locator("#nickname").fill(name.capitalize())
    page.locator(f"input[name=country][value={country}]").check()
    page.locator("#join-form button[type=submit]").click()
    page.wait_for_url(f"**/play/{table.code}")
    expect(page.locator("html")).to_have_attribute("lang", lang)
    return page


def to_the_council(table: Table) -> None:
    """The game started, a draft of the United States tabled in the consultations and the
    council phase begun, the students at their Security Council tab."""
    for name in STUDENTS:
        join(table, name)
    table.act({"kind": "start"})
    table.act({"kind": "advance_phase"})   # the consultations
    table.act({"kind": "table_draft", "actor": "USA", "draft": "S/1950/1", "title": "Korea",
               "chapter": "VII", "measures": ["determine_threat", "call_for_ceasefire"]})
    table.act({"kind": "advance_phase"})   # the council's sessions
    for name, (lang, _) in STUDENTS.items():
        page = table.people[name].page
        tab = {"fr": "Conseil de sécurité", "es": "Consejo de Seguridad"}[lang]
        page.get_by_role("tab", name=re.compile(tab)).click()


@pytest.fixture(scope="module")
def korea(browser: Browser, server: Any) -> Iterator[Table]:
    table = Table(browser, server)
    table.create(scenario="korea-1950", seed=3)
    yield from played(table, to_the_council)


def test_the_council_of_1950_on_the_students_pages(korea: Table) -> None:
    fay, pablo = korea.people["fay"].page, korea.people["pablo"].page
    # A game without the North Atlantic Council: no allies in the phase's hint, no Article 6 area.
    expect(fay.locator("#status .phase-hint")).to_have_text(
        re.compile(r"^Le Conseil vote\s: la présidence met chaque projet aux voix, dans l'ordre\.$"))
    expect(pablo.locator("#status .phase-hint")).to_have_text(
        "El Consejo vota: la presidencia somete a votación cada proyecto por orden.")
    fay.get_by_role("tab", name=re.compile("Exposé")).click()
    incidents = fay.locator("ul.incidents")
    expect(incidents).to_contain_text("attaque armée contre la Corée du Sud par la Corée du Nord.")
    expect(incidents).not_to_contain_text("article 6")
    fay.get_by_role("tab", name=re.compile("Conseil de sécurité")).click()
    expect(fay.locator("#panel-unsc")).to_contain_text("(la présidence, l'Inde, n'a pas d'élève).")
    expect(fay.locator("#panel-unsc")).to_contain_text(
        re.compile(r"Une question de procédure \(art\. 27, par\. 2\s:\s7 voix, pas de veto\)"))
    expect(pablo.locator("#panel-unsc")).to_contain_text(
        "Una cuestión de procedimiento (art. 27, párr. 2: 7 votos, sin veto)")
    korea.act({"kind": "call_vote", "draft": "S/1950/1"})
    korea.act({"kind": "vote", "actor": "SUN", "draft": "S/1950/1", "vote": "no"})
    korea.act({"kind": "close_vote", "draft": "S/1950/1"})
    for page, text in ((fay, "2 n'ont pas voté"), (pablo, "2 no votaron")):
        expect(page.locator("#panel-unsc .count-not-voted").first).to_have_text(text)


def test_the_debrief_names_the_states_and_the_rules_of_1950(korea: Table) -> None:
    korea.act({"kind": "end"})
    words = {
        "fay": ["Yougoslavie", "Union des Républiques socialistes soviétiques",
                "dans sa rédaction en vigueur jusqu'au 31 août 1965"],
        "pablo": ["Yugoslavia", "Unión de Repúblicas Socialistas Soviéticas",
                  "en su redacción vigente hasta el 31 de agosto de 1965"],
    }
    for name, shown in words.items():
        page = korea.people[name].page
        page.goto(f"/debrief/{korea.game_id}")
        expect(page.locator("body[data-ready=true]")).to_have_count(1, timeout=20_000)
        votes = page.locator("section.votes")
        expect(votes).to_contain_text(shown[1])
        expect(votes).not_to_contain_text("Union of Soviet Socialist Republics")
        main = page.locator("main")
        for text in shown[2:]:
            expect(main).to_contain_text(text)
    fay = korea.people["fay"].page
    expect(fay.locator("section.votes")).to_contain_text("Yougoslavie")
    expect(fay.locator("section.votes")).not_to_contain_text("Yugoslavia")
    score = fay.locator(".country-score h3", has_text="France")
    expect(score).to_have_text(re.compile(r"^France\u00a0: \d+$"))
    korea.server.api("POST", f"/api/games/{korea.game_id}/annotations", key=korea.key,
                     json={"seq": 3, "text": "Pourquoi ?"})
    fay.goto(f"/replay/{korea.game_id}")
    expect(fay.locator("#history-card")).to_contain_text("1er août 1950", timeout=20_000)
    # The moment shown and the timeline's marks: the language's own colon, no English.
    expect(fay.locator("#now-line")).to_have_text(re.compile(r"^Après l'événement \d+ sur \d+\u00a0: \S"))
    expect(fay.locator("svg title", has_text="Pourquoi ?")).to_have_text("Note\u00a0: Pourquoi ?")
    marks = fay.locator("svg .history-mark title")
    expect(marks.first).to_have_text(re.compile(r"^\d+(er)? \w+ \d{4}\u00a0: "))
