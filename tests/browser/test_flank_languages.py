"""The North Atlantic Council and a veto in French and Spanish, played from the outside (issue
17): the shipped sandbox (its incidents translated by the scenario), a French student for
France and a Spanish student for Panama, each choosing their language on the join page. The
NATO Council's tab names each incident by the scenario's title in the reader's language; a
text the chair circulated says who circulated it; a refusal of Article 5 outside the Article 6
area names the incident in the reader's words and the North Atlantic Treaty by its official
name; the Security Council's counts agree with their numbers."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from bench.harness import ROOT
from tests.browser.delegates import Delegate
from tests.browser.table import Table, played

expect.set_options(timeout=10_000)
STUDENTS = {"fay": ("fr", "FRA"), "pablo": ("es", "PAN")}
DRAFT = "S/2025/7"


def sandbox() -> dict[str, Any]:
    """The shipped sandbox, with every caretaker of the Council voting yes: a draft Russia's
    delegate votes against is vetoed."""
    data = json.loads((ROOT / "game_rules" / "scenarios" / "sandbox.json").read_text(encoding="utf-8"))
    for country in data["countries"]:
        if isinstance(country, dict) and "vote" in country.get("caretaker", {}):
            country["caretaker"]["vote"] = {"default": "yes"}
    return data


SCENARIO = sandbox()


def translated(lang: str, incident: str) -> str:
    return str(SCENARIO["translations"][lang]["incidents"][incident]["title"])


class Flank(Table):
    def __init__(self, browser: Browser, server: Any) -> None:
        super().__init__(browser, server)
        self.create(scenario=SCENARIO, seed=5)


def join(room: Flank, name: str) -> Page:
    lang, country = STUDENTS[name]
    page = room.person(name)
    page.goto("/")
    page.locator("#code").fill(room.code)
    page.locator("#code-form button[type=submit]").click()
    page.locator("#seat-language").select_option(lang)
    page.locator("#nickname").fill(name.capitalize())
    page.locator(f"input[name=country][value={country}]").check()
    page.locator("#join-form button[type=submit]").click()
    page.wait_for_url(f"**/play/{room.code}")
    expect(page.locator("html")).to_have_attribute("lang", lang)
    return page


def begin(room: Flank) -> None:
    for name in STUDENTS:
        join(room, name)
    for code in ("NOR", "RUS"):
        room.delegates[code] = Delegate(room.server.url, room.code, f"bot-{code}", code)
    room.act({"kind": "start"})


@pytest.fixture(scope="module")
def room(browser: Browser, server: Any) -> Iterator[Flank]:
    yield from played(Flank(browser, server), begin)


def nato_tab(page: Page, lang: str) -> None:
    name = {"fr": "Conseil de l'OTAN", "es": "Consejo de la OTAN"}[lang]
    page.get_by_role("tab", name=re.compile(name)).click()


def sent_earlier(page: Page, code: str, action: dict[str, Any]) -> None:
    """An action the page sent before it was reloaded (a tab left open, a lost connection):
    it waits in the page's outbox, goes out when the page loads again, and the page says the
    server's answer."""
    page.evaluate("""([key, action]) => {
      const items = JSON.parse(sessionStorage.getItem(key) || "[]");
      items.push({client_id: "earlier-" + Date.now(), action, at: Date.now()});
      sessionStorage.setItem(key, JSON.stringify(items));
    }""", [f"ct:outbox:play:{code}", action])
    page.reload()


def test_article5_outside_the_treaty_area_is_refused_in_the_readers_words(room: Flank) -> None:
    fay = room.people["fay"].page
    sent_earlier(fay, room.code, {"kind": "request_article5", "incident": "drill-guiana"})
    refusal = fay.locator("#live-assertive")
    expect(refusal).to_contain_text(
        "L'incident (Guyane) se situe hors de la région définie à l'article 6 du Traité de "
        "l'Atlantique Nord", timeout=15_000)
    expect(refusal).to_contain_text("L'article 5 ne s'applique pas.")
    expect(refusal).not_to_contain_text("French Guiana")


def test_the_nato_council_names_the_incidents_and_its_chair_in_each_language(room: Flank) -> None:
    room.delegates["NOR"].ok({"kind": "request_article5", "incident": "drill-norway", "item": "NAC/2025/5"})
    room.act({"kind": "circulate", "title": "Solidarity", "text": "With Norway.", "item": "NAC/2025/9"})
    room.act({"kind": "silence_deadline", "item": "NAC/2025/5"})
    chair = {"fr": "Soumis par l'enseignant", "es": "Presentado por el docente"}
    invoked = {"fr": "Article 5 invoqué :", "es": "Artículo 5 invocado:"}
    for name, (lang, _country) in STUDENTS.items():
        page = room.people[name].page
        nato_tab(page, lang)
        line = page.locator("#panel-nac .article5-invoked")
        expect(line).to_contain_text(invoked[lang])
        # The title quoted, as it may hold a colon of its own.
        quoted = {"fr": f"«\u00a0{translated(lang, 'drill-norway')}\u00a0»",
                  "es": f"«{translated(lang, 'drill-norway')}»"}[lang]
        expect(line).to_contain_text(f"{invoked[lang]} {quoted}")
        expect(line).not_to_contain_text("Practice")
        circulated = page.locator("#panel-nac .items > li", has_text="NAC/2025/9")
        expect(circulated.locator(".draft-meta")).to_contain_text(chair[lang])
        # The caretakers pledge by their policies: words of the page's language, no English.
        pledges = page.locator("#panel-nac .pledges")
        expect(pledges.locator("li").first).to_be_visible()
        expect(pledges).not_to_contain_text("standing policy")
    fay = room.people["fay"].page
    options = fay.locator("#panel-nac select option")
    expect(options.filter(has_text=translated("fr", "drill-cyber"))).to_have_count(1)
    expect(options.filter(has_text="Practice")).to_have_count(0)


def test_a_veto_explained_and_counted_in_each_language(room: Flank) -> None:
    room.act({"kind": "table_draft", "actor": "USA", "title": "Condemning the strike", "text": "Condemns.",
              "chapter": "VI", "measures": ["condemn"], "draft": DRAFT})
    room.act({"kind": "call_vote", "draft": DRAFT})
    room.delegates["RUS"].ok({"kind": "vote", "draft": DRAFT, "vote": "no"})
    room.act({"kind": "close_vote", "draft": DRAFT})
    explained = {"fr": "Non adopté : la Russie, membre permanent, a voté contre (Article 27, paragraphe 3, "
                       "de la Charte).",
                 "es": "No aprobado: Rusia, miembro permanente, votó en contra (Artículo 27, párrafo 3, "
                       "de la Carta)."}
    counts = {"fr": ["12 pour", "1 contre", "0 abstention", "2 n'ont pas voté"],
              "es": ["12 sí", "1 no", "0 abstenciones", "2 no votaron"]}
    for name, (lang, _country) in STUDENTS.items():
        page = room.people[name].page
        council = {"fr": "Conseil de sécurité", "es": "Consejo de Seguridad"}[lang]
        page.get_by_role("tab", name=re.compile(council)).click()
        draft = page.locator("#panel-unsc .drafts > li", has_text=DRAFT)
        expect(draft.locator(".explanation").first).to_contain_text(explained[lang])
        shown = draft.locator(".tally-counts")
        for words in counts[lang]:
            expect(shown).to_contain_text(words)


def test_a_scenario_not_yet_translated_is_marked_in_the_briefing(room: Flank) -> None:
    """Manchuria 1931 has no French: a French student reads its briefing and role sheet in
    English, each text marked ``lang="en"`` (a screen reader reads it as English), with the
    page's note that they are not yet translated."""
    game = room.server.api("POST", "/api/games", json={"scenario": "manchuria-1931", "seed": 2})
    room.server.api("POST", f"/api/games/{game['game_id']}/actions", key=game["instructor_key"],
                    json={"action": {"actor": "instructor", "kind": "start"}})
    page = room.person("lin")
    page.goto(f"/?code={game['code']}&lang=fr")
    page.locator("#nickname").fill("Lin")
    page.locator("input[name=country][value=CHN]").check()
    page.locator("#join-form button[type=submit]").click()
    page.wait_for_url(f"**/play/{game['code']}")
    briefing = page.locator("#briefing")
    expect(briefing.locator("h2[lang=en]")).to_have_count(1)
    expect(briefing.locator("p.lead[lang=en]")).to_have_count(1)
    expect(briefing.locator(".role-sheet li[lang=en]").first).to_be_visible()
    expect(briefing.locator(".untranslated").first).to_be_visible()
    unmarked = page.evaluate("""selector => [...document.querySelectorAll(selector)]
      .filter(e => !e.closest('[lang=en]') && !e.querySelector('[lang=en]')).map(e => e.textContent)""",
                             "#briefing h2, #briefing p.lead, #briefing .role-sheet li")
    assert not [t for t in unmarked if "Japan" in t or "League" in t], unmarked
    # The debrief's scores name the incident and the objectives in the scenario's words, marked.
    room.server.api("POST", f"/api/games/{game['game_id']}/actions", key=game["instructor_key"],
                    json={"action": {"actor": "instructor", "kind": "end"}})
    page.goto(f"/debrief/{game['game_id']}?lang=fr#key={game['instructor_key']}")
    expect(page.locator("body[data-ready=true]")).to_have_count(1, timeout=20_000)
    expect(page.locator("#game-title")).to_contain_text("Bilan")
    expect(page.locator("#game-title [lang=en]")).to_have_text(re.compile(r"^Manchuria, 1931"))
    expect(page.locator(".reason [lang=en]", has_text="The Mukden incident").first).to_be_attached()
    unmarked = page.evaluate("""() => [...document.querySelectorAll('.reason')]
      .filter(e => /Mukden incident|The ladder reaches/.test(e.textContent) && !e.querySelector('[lang=en]'))
      .map(e => e.textContent)""")
    assert unmarked == []
