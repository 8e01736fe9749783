"""A class in three languages, played from the outside (issue 17): three students read the
same game in English, French and Spanish, the instructor in French. Each page speaks its
reader's language: the engine's refusals (a vote cast after the vote closed), its
explanations with the articles named as the Charter and the North Atlantic Treaty name them,
the debrief after the game; and no English is left on a French or Spanish page, apart from
what people typed and data (symbols, codes).

The scenario carries its own French and Spanish texts, as a shipped one does
(docs/scenarios.md), so that every word on the pages is the platform's or the scenario's
translation. The same agreement cases as the server's (tests/agreement_cases.py) are
rendered by the page's own i18n.js in Chromium."""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, WebSocketRoute, expect

from game_rules.messages import message
from server.translator import Translator
from tests.agreement_cases import CASES
from tests.browser.delegates import Delegate
from tests.browser.table import Table, fork_and_end, played
from tests.browser.test_pseudo_locale import CODE, CSV_CODES, DATA, ENGLISH_TEXT

expect.set_options(timeout=10_000)
P5 = ["USA", "GBR", "FRA", "RUS", "CHN"]
ELECTED = ["ALB", "BRA", "GAB", "GHA", "IND", "IRL", "KEN", "MEX", "NOR", "ARE"]
ALLIES = ["USA", "GBR", "FRA", "NOR", "ALB", "EST", "LVA", "POL", "DEU"]
DRAFT = "S/2026/1"
SAID = "Russia respects the sovereignty of Estonia"
"""What Russia's delegate says in public: it invokes the norm against aggression."""
TYPED = ["Ann", "Fay", "Pablo", "Ending the attack on Estonia", SAID]
"""What the people of the test type: shown as typed, in every language."""
CITED = ["Security Council Report"]
"""Titles of works a history track's source cites, kept as published in every language (so
that a reader can find them): data, as a symbol is."""
STUDENTS = {"ann": ("en", "USA"), "fay": ("fr", "FRA"), "pablo": ("es", "MEX")}
TITLES = {"en": "A Baltic crisis in three languages", "fr": "Une crise balte en trois langues",
          "es": "Una crisis báltica en tres idiomas"}
ENGLISH = re.compile(r"\b(the|and|of|to|your|you|is|are|with|for|by|not|this|that|will|be|was|"
                     r"were|which|from|its|it|in|at|who|what|when|their|they|have|has been|would|"
                     r"could|should|into|only|may|can|yes|draft|council|game|ally|allies|round|"
                     r"vote on|voted|against|teacher|student|students|seat|join)\b", re.IGNORECASE)
"""Words of English that French and Spanish do not share (not "on", "a", "no", "vote")."""


def scenario() -> dict[str, Any]:
    roles = {
        "USA": "You preside over the Security Council and lead the allies.",
        "FRA": "A permanent member and an ally: weigh every text.",
        "MEX": "An elected member outside the Alliance: speak for the Charter.",
    }
    return {
        "id": "three-languages", "title": TITLES["en"], "year": 2026,
        "rounds": 2, "summary": "An armed attack on Estonia.",
        "briefing": "Round by round, the Council and the allies answer an attack.",
        "countries": [*({"code": code, "role": {"summary": text, "interests": ["Peace"]}}
                         for code, text in roles.items()),
                      "GBR", "RUS", "CHN", *(c for c in ELECTED if c != "MEX"), "EST", "LVA", "POL", "DEU"],
        "bodies": {"UNSC": {"permanent": P5, "elected": ELECTED, "president": "USA"},
                   "NAC": {"members": ALLIES, "silence_seconds": 3}},
        "incidents": [{"id": "inc-narva", "target": "EST", "attacker": "RUS", "kind": "armed_attack",
                       "in_treaty_area": True, "title": "Attack on Narva"}],
        "injects": [{"id": "day1", "title": "Day 1: tanks cross into Estonia", "round": 1,
                     "text": "The news of the morning."}],
        "translations": {
            "fr": {
                "title": TITLES["fr"], "summary": "Une attaque armée contre l'Estonie.",
                "briefing": "Tour après tour, le Conseil et les Alliés répondent à une attaque.",
                "countries": {
                    "USA": {"role": {"summary": "Vous présidez le Conseil de sécurité et menez les Alliés.",
                                     "interests": ["La paix"]}},
                    "FRA": {"role": {"summary": "Membre permanent et Allié : pesez chaque texte.",
                                     "interests": ["La paix"]}},
                    "MEX": {"role": {"summary": "Membre élu hors de l'Alliance : parlez pour la Charte.",
                                     "interests": ["La paix"]}}},
                "incidents": {"inc-narva": {"title": "Attaque contre Narva"}},
                "injects": {"day1": {"title": "Jour 1 : des chars entrent en Estonie",
                                     "text": "Les nouvelles du matin."}},
            },
            "es": {
                "title": TITLES["es"], "summary": "Un ataque armado contra Estonia.",
                "briefing": "Ronda tras ronda, el Consejo y los aliados responden a un ataque.",
                "countries": {
                    "USA": {"role": {"summary": "Presides el Consejo de Seguridad y encabezas a los aliados.",
                                     "interests": ["La paz"]}},
                    "FRA": {"role": {"summary": "Miembro permanente y aliado: sopesa cada texto.",
                                     "interests": ["La paz"]}},
                    "MEX": {"role": {"summary": "Miembro electo fuera de la Alianza: habla por la Carta.",
                                     "interests": ["La paz"]}}},
                "incidents": {"inc-narva": {"title": "Ataque contra Narva"}},
                "injects": {"day1": {"title": "Día 1: los tanques entran en Estonia",
                                     "text": "Las noticias de la mañana."}},
            },
        },
    }


def english_on(page: Page) -> list[tuple[str, str]]:
    """The visible texts of a French or Spanish page that hold an English word, what people
    typed and data aside. The scenario's own texts are translated, so a page that shows one
    in English has not read the viewer's translation."""
    left = []
    for text, where in page.evaluate(ENGLISH_TEXT):
        rest = text
        for known in (*TYPED, *CITED):
            rest = rest.replace(known, " ")
        if ENGLISH.search(DATA.sub(" ", rest)):
            left.append((text, where))
    return left


def no_english(page: Page, where: str) -> None:
    left = english_on(page)
    assert not left, f"{where}: English on the page:\n" + "\n".join(f"  {t!r} ({w})" for t, w in left)


class HeldVotes:
    """A student's websocket, with the vote frames the page sends held back until released:
    the page votes, the vote closes meanwhile, and the engine answers the late vote."""

    def __init__(self) -> None:
        self.held: list[str] = []
        self.upstream: Any = None
        self.lock = threading.Lock()
        self.errors: list[dict[str, Any]] = []

    def route(self, ws: WebSocketRoute) -> None:
        upstream = ws.connect_to_server()
        self.upstream = upstream

        def from_page(frame: str | bytes) -> None:
            data = json.loads(frame)
            if data.get("type") == "act" and data.get("action", {}).get("kind") == "vote":
                with self.lock:
                    self.held.append(str(frame))
                return
            upstream.send(frame)

        def from_server(frame: str | bytes) -> None:
            data = json.loads(frame)
            if data.get("type") == "error":
                self.errors.append(data)
            ws.send(frame)

        ws.on_message(from_page)
        upstream.on_message(from_server)

    def release(self) -> None:
        with self.lock:
            frames, self.held = self.held, []
        for frame in frames:
            self.upstream.send(frame)


class Class(Table):
    def __init__(self, browser: Browser, server: Any) -> None:
        super().__init__(browser, server)
        self.create(scenario=scenario(), seed=3)
        self.held: dict[str, HeldVotes] = {}


@pytest.fixture(scope="module")
def room(browser: Browser, server: Any) -> Iterator[Class]:
    yield from played(Class(browser, server))


def tr(lang: str, msgid: str, **params: Any) -> str:
    """What a reader of ``lang`` should see for a sentence of the browser's catalog (else the
    server's)."""
    reader = Translator(lang)
    text = reader.gettext(msgid, "web")
    return reader._fill(text if text != msgid else reader.gettext(msgid), params, None)


def test_the_pages_render_agreement_as_the_server_does(room: Class) -> None:
    """The shared cases, rendered by i18n.js in Chromium on a page in each language."""
    for lang in ("fr", "es"):
        page = room.person(f"reader-{lang}")
        page.goto(f"/?lang={lang}")
        expect(page.locator("html")).to_have_attribute("lang", lang)
        cases = [c for c in CASES if c["lang"] == lang]
        shown = page.evaluate("""async cases => {
          const i18n = await import("/static/js/i18n.js");
          return cases.map(c => {
            i18n.setGameNames(c.names || {});
            return i18n.renderMsg({id: c.id, params: c.params});
          });
        }""", cases)
        assert shown == [c["text"] for c in cases]


def test_the_instructor_reads_french_and_three_students_join_in_their_languages(room: Class) -> None:
    instructor = room.person("instructor")
    instructor.goto(f"/instructor/{room.game_id}?lang=fr#key={room.key}")
    expect(instructor.locator("html")).to_have_attribute("lang", "fr")
    expect(instructor.locator("#join-code")).to_have_text(room.code)
    no_english(instructor, "the instructor's panel before the start")

    names = {"ann": "United States of America", "fay": "France", "pablo": "México"}
    for name, (lang, country) in STUDENTS.items():
        page = room.person(name)
        if name in ("fay", "pablo"):   # their votes will be held back (below)
            room.held[name] = HeldVotes()
            page.route_web_socket(re.compile(r"/ws$"), room.held[name].route)
        page.goto(f"/?code={room.code}&lang={lang}")
        expect(page.locator("html")).to_have_attribute("lang", lang)
        expect(page.locator("#seat-language")).to_have_value(lang)
        if lang != "en":
            no_english(page, f"the join page in {lang}")
        page.locator("#nickname").fill(name.capitalize())
        page.locator(f"input[name=country][value={country}]").check()
        page.locator("#join-form button[type=submit]").click()
        page.wait_for_url(f"**/play/{room.code}")
        expect(page.locator("html")).to_have_attribute("lang", lang)
        expect(page.locator("#me-name")).to_have_text(names[name])
        if lang != "en":
            no_english(page, f"the student's table in {lang} before the start")
    expect(room.people["ann"].page.locator("#status .phase")).to_have_text("Not started")
    expect(room.people["fay"].page.locator("#status .phase")).to_have_text(
        tr("fr", "Not started"))
    for code in ("RUS", "EST"):
        room.delegates[code] = Delegate(room.server.url, room.code, f"bot-{code}", code)


def test_the_game_starts_and_a_draft_is_put_to_the_vote(room: Class) -> None:
    instructor = room.people["instructor"].page
    instructor.locator("[data-focus=start]").click()
    for name in STUDENTS:
        page = room.people[name].page
        expect(page.locator("#status")).to_have_attribute("data-status", "running")
        expect(page.locator("#status .phase")).to_have_text(tr(STUDENTS[name][0], "Briefing"))
    room.act({"kind": "advance_phase"})
    ann = room.people["ann"].page
    ann.get_by_role("tab", name=re.compile("Security Council")).click()
    panel = ann.locator("#panel-unsc")
    panel.get_by_label("Title").fill(TYPED[3])
    panel.get_by_role("button", name="Table the draft").click()
    panel.get_by_role("button", name="Table it without measures").click()
    expect(panel.locator(".drafts > li").first).to_contain_text(DRAFT)
    room.act({"kind": "advance_phase"})
    panel.get_by_role("button", name=f"Call the vote on {DRAFT}").click()
    expect(ann.get_by_role("button", name=f"Vote no on {DRAFT}").first).to_be_visible()
    room.delegates["RUS"].ok({"kind": "vote", "draft": DRAFT, "vote": "no"})
    for name in ("fay", "pablo"):
        page = room.people[name].page
        lang = STUDENTS[name][0]
        page.get_by_role("tab", name=re.compile(tr(lang, "Security Council"))).click()
        no_english(page, f"the Security Council tab in {lang}, a vote open")
    no_english(instructor, "the instructor's panel, a vote open")


def test_a_vote_cast_after_the_close_is_refused_in_each_readers_language(room: Class) -> None:
    """Fay and Pablo vote; their votes reach the server only after the instructor closed the
    vote: the engine refuses them, and each page says so in its reader's language."""
    for name in ("fay", "pablo"):
        page = room.people[name].page
        lang = STUDENTS[name][0]
        page.get_by_role("button", name=tr(lang, "Vote yes on {draft}", draft=DRAFT)).click()
    for name in ("fay", "pablo"):
        page = room.people[name].page
        for _ in range(50):
            if room.held[name].held:
                break
            page.wait_for_timeout(100)
        assert room.held[name].held, f"{name}: the page sent no vote"
    room.act({"kind": "close_vote", "draft": DRAFT})
    refused = message("There is no open vote on {draft}: members vote only between the call to vote "
                      "and its close.", draft=DRAFT).to_json()
    # The explanation of the result names the Charter's article as the Charter does, and
    # agrees with its country, in each language.
    explained = {
        "fay": ["(Article 27, paragraphe 3, de la Charte)",
                "Le vote contre de la Russie n'est pas un veto : le projet n'avait pas obtenu les 9 voix."],
        "pablo": ["(Artículo 27, párrafo 3, de la Carta)",
                  "El voto en contra de Rusia no es un veto: el proyecto no obtuvo los 9 votos."],
        "ann": ["(Charter Art. 27(3))", "The vote against by the Russian Federation is not a veto"],
    }
    for name, parts in explained.items():
        explanation = room.people[name].page.locator("#panel-unsc .explanation").first
        for part in parts:
            expect(explanation).to_contain_text(part)
    for name in ("fay", "pablo"):
        page = room.people[name].page
        lang = STUDENTS[name][0]
        room.held[name].release()
        expect(page.locator("#live-assertive")).to_have_text(Translator(lang).render(refused))
        assert [e.get("code") for e in room.held[name].errors][-1:] == ["no_vote_open"]
    expect(room.people["fay"].page.locator("#live-assertive")).to_contain_text(
        "Il n'y a pas de vote ouvert sur S/2026/1")
    expect(room.people["pablo"].page.locator("#live-assertive")).to_contain_text(
        "No hay ninguna votación abierta")
    for name in ("fay", "pablo"):
        no_english(room.people[name].page, f"{name}'s table after the refusal")


def test_article5_and_the_standing_of_a_state_outside_the_alliance(room: Class) -> None:
    pablo = room.people["pablo"].page
    pablo.get_by_role("tab", name=re.compile(tr("es", "NATO Council"))).click()
    expect(pablo.locator("#panel-nac .standing")).to_have_text(
        "México no es aliado de la OTAN: no puede invocar el artículo 4 ni el 5, y conserva su derecho "
        "de legítima defensa conforme al artículo 51 de la Carta.")
    room.delegates["EST"].ok({"kind": "request_article5", "incident": "inc-narva"})
    fay = room.people["fay"].page
    fay.get_by_role("tab", name=re.compile(tr("fr", "NATO Council"))).click()
    expect(fay.locator("#panel-nac .article5-invoked")).to_be_visible(timeout=15_000)
    no_english(fay, "the NATO Council in French")
    no_english(pablo, "the NATO Council in Spanish")


def test_the_map_the_roster_and_an_injects_audience_name_countries_in_each_language(
        room: Class) -> None:
    """The map's title and its labels, the roster's buttons and the audience of an inject
    name the countries with their articles, and agree with them (not "Ukraine attaqué(s)",
    not "Rendre MEX automatique", not "seulement pour CHN")."""
    titles = {"fr": "Carte de la crise\u00a0: l'Estonie attaquée par la Russie",
              "es": "Mapa de la crisis: Estonia, atacada por Rusia"}
    roles = {"fr": "attaquée", "es": "atacada"}
    for lang, title in titles.items():
        projector = room.person(f"map-{lang}")
        projector.goto(f"/projector/{room.code}?lang={lang}")
        expect(projector.locator("#map .map-title")).to_have_text(title, timeout=20_000)
        expect(projector.locator("#map svg[role=img] title")).to_have_text(title)
        expect(projector.locator("#map .label-attacked .map-role")).to_have_text(roles[lang])
    instructor = room.people["instructor"].page
    teams = instructor.locator(".teams")
    expect(teams.get_by_role("button", name="Rendre le Mexique automatique")).to_be_visible()
    room.act({"kind": "inject", "title": "Narva", "text": "Narva.", "audience": ["CHN", "IND", "ARE"]})
    expect(instructor.locator("#news .badge", has_text="seulement pour")).to_have_text(
        "seulement pour la Chine, l'Inde et les Émirats arabes unis")


def test_the_debrief_in_each_language(room: Class) -> None:
    room.delegates["RUS"].ok({"kind": "say", "channel": "public", "text": SAID})
    room.act({"kind": "end"})
    russia = {"fr": "Russie", "es": "Rusia", "en": "Russia"}
    rules = {"fr": "Article 5 du Traité de l'Atlantique Nord",
             "es": "Artículo 5 del Tratado del Atlántico Norte",
             "en": "North Atlantic Treaty Art. 5"}
    for name, (lang, _country) in STUDENTS.items():
        page = room.people[name].page
        expect(page.locator("#review")).to_be_visible()
        page.locator("#review a[href^='/debrief/']").click()
        page.wait_for_url(f"**/debrief/{room.game_id}")
        expect(page.locator("html")).to_have_attribute("lang", lang)
        expect(page.locator("main")).to_contain_text(rules[lang])
        states = page.locator("table.norms tbody td:nth-child(3)")
        expect(states.filter(has_text=russia[lang])).to_have_count(1)
        if lang != "en":
            expect(states.filter(has_text="Russia")).to_have_count(0)
            no_english(page, f"the debrief in {lang}")
    instructor = room.people["instructor"].page
    instructor.goto(f"/debrief/{room.game_id}")
    expect(instructor.locator("html")).to_have_attribute("lang", "fr")
    expect(instructor.locator("#votes-heading")).to_have_text(tr("fr", "Votes, draft by draft"))
    no_english(instructor, "the instructor's debrief in French")


def every_tab(page: Page, where: str) -> None:
    """``no_english`` on a page with each of its tabs open in turn."""
    tabs = page.locator("#tabs [role=tab]")
    for i in range(tabs.count()):
        if tabs.nth(i).is_visible():
            tabs.nth(i).click()
            no_english(page, f"{where}, tab {i}")


def test_the_review_and_the_printed_debrief_in_french_and_spanish(room: Class) -> None:
    """Each student's replay (every tab, the decision points, the reflection's questions)
    and the debrief as it prints."""
    for name in ("fay", "pablo"):
        page = room.people[name].page
        lang = STUDENTS[name][0]
        page.goto(f"/replay/{room.game_id}")
        expect(page.locator("html")).to_have_attribute("lang", lang)
        expect(page.locator("#replay-layout")).to_be_visible(timeout=20_000)
        expect(page.locator("#reflection textarea").first).to_be_visible()
        every_tab(page, f"{name}'s replay in {lang}")
        day1 = scenario()["translations"][lang]["injects"]["day1"]["title"]
        page.locator("#points .point-button").filter(has_text=day1).first.click()
        expect(page.locator("#now-line")).to_contain_text(day1)
        expect(page.locator("#now-line")).not_to_contain_text("Day 1")
        page.goto(f"/debrief/{room.game_id}")
        expect(page.locator("body[data-ready=true]")).to_have_count(1, timeout=20_000)
        page.emulate_media(media="print")
        try:
            no_english(page, f"{name}'s printed debrief in {lang}")
        finally:
            page.emulate_media(media="null")


def test_the_instructors_review_lab_what_if_and_reflections_in_french(room: Class) -> None:
    instructor = room.people["instructor"].page
    instructor.goto(f"/replay/{room.game_id}#key={room.key}")
    expect(instructor.locator("html")).to_have_attribute("lang", "fr")
    expect(instructor.locator("#replay-layout")).to_be_visible(timeout=20_000)
    every_tab(instructor, "the instructor's replay in French")
    href, key = fork_and_end(instructor, room.server, "no_veto")
    no_english(instructor, "the instructor's replay in French, a what-if forked")
    fork = href.rsplit("/", 1)[-1]
    instructor.goto(f"/replay/{fork}#key={key}")
    expect(instructor.locator("#replay-layout")).to_be_visible(timeout=20_000)
    every_tab(instructor, "the what-if's replay in French")
    instructor.goto(href)
    expect(instructor.locator("body[data-ready=true]")).to_have_count(1, timeout=20_000)
    no_english(instructor, "the two games compared in French")
    instructor.goto(f"/lab/{room.game_id}#key={room.key}")
    expect(instructor.locator("body[data-ready=true]")).to_have_count(1, timeout=20_000)
    no_english(instructor, "the causality lab in French")
    instructor.goto(f"/reflection/{room.game_id}#key={room.key}")
    expect(instructor.locator("body[data-ready=true]")).to_have_count(1, timeout=20_000)
    no_english(instructor, "the instructor's reflections in French")


def test_the_new_game_page_and_the_grading_csv_in_french_and_spanish(room: Class) -> None:
    """The scenarios to choose from (a scenario not yet translated is marked as English),
    and the grading CSV's columns and words (its codes aside)."""
    import csv
    import io

    import httpx

    for lang in ("fr", "es"):
        page = room.person(f"reader-{lang}")
        page.goto(f"/new?lang={lang}")
        expect(page.locator("input[name=scenario]").first).to_be_attached()
        no_english(page, f"the new game page in {lang}")
        response = httpx.get(f"{room.server.url}/api/games/{room.game_id}/export.csv?lang={lang}",
                             headers={"Authorization": f"Bearer {room.key}"}, timeout=10,
                             trust_env=False)
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        assert len(rows) > 5
        left = [f"row {n}: {cell!r}" for n, row in enumerate(rows) for column, cell in enumerate(row)
                if not (n and column in CSV_CODES and CODE.fullmatch(cell))
                and ENGLISH.search(DATA.sub(" ", _untyped(cell)))]
        assert not left, f"the grading CSV in {lang}: English left:\n" + "\n".join(left[:40])


def _untyped(text: str) -> str:
    for known in TYPED:
        text = text.replace(known, " ")
    return text


SCENARIO_OWN = ".history-proposed, .history-source"
"""The history track's proposals and sources in the debrief. A text of the scenario not yet in
its translations is shown in the scenario's language, marked as such (``lang``), with the note
that it is not yet translated."""

UNMARKED = """([selector, own]) => [...document.querySelectorAll(selector)]
  .filter(e => !e.closest(`[lang="${own}"]`) && !e.querySelector(`[lang="${own}"]`))
  .map(e => e.textContent.trim())"""


def scenario_own_marked(page: Page, own: str, where: str) -> None:
    """Each of the scenario's own texts (``SCENARIO_OWN``) on the page is marked as in the
    scenario's language ``own``, and the page says some texts are not yet translated."""
    assert page.locator(SCENARIO_OWN).count(), f"{where}: none of {SCENARIO_OWN} shown"
    unmarked = page.evaluate(UNMARKED, [SCENARIO_OWN, own])
    assert not unmarked, f"{where}: not marked as in {own}:\n" + "\n".join(unmarked[:20])
    expect(page.locator(".untranslated").first).to_be_visible()


def scenario_own_translated(page: Page, own: str, where: str) -> None:
    """The scenario's texts (``SCENARIO_OWN``) are shown, and none of them is marked as in the
    scenario's language ``own``: each is read from the page's language's translation."""
    assert page.locator(SCENARIO_OWN).count(), f"{where}: none of {SCENARIO_OWN} shown"
    marked = page.locator(", ".join(f"{s}[lang={own}], {s} [lang={own}]"
                                    for s in SCENARIO_OWN.split(", ")))
    expect(marked).to_have_count(0)


def track_not_yet_translated() -> dict[str, Any]:
    """The three-language scenario with a history track and reflection questions, whose
    translations give the questions but not the track: the track falls back to English."""
    data = scenario()
    data["history"] = [
        {"id": "attack", "date": "2026-03-01", "body": "WORLD", "question": "event",
         "proposed": "Forces cross the border into Estonia.", "outcome": "happened",
         "source": "The news agencies of the day"},
        {"id": "assembly", "date": "2026-03-04", "body": "UNGA", "question": "withdrawal",
         "measures": ["demand_withdrawal"], "proposed": "Demands that the forces withdraw.",
         "outcome": "adopted", "source": "The General Assembly's record of the meeting"},
    ]
    data["teacher"] = {"reflection": ["Why did your class vote as it did?"]}
    data["translations"]["fr"]["teacher"] = {"reflection": ["Pourquoi votre classe a-t-elle voté ainsi ?"]}
    data["translations"]["es"]["teacher"] = {"reflection": ["¿Por qué votó así tu clase?"]}
    return data


def ended_game(room: Class, scenario: Any, seed: int) -> tuple[dict[str, Any], str]:
    """A game of ``scenario`` started and ended at once by its instructor; and its key."""
    game = room.server.api("POST", "/api/games", json={"scenario": scenario, "seed": seed})
    key = game["instructor_key"]
    for action in ({"kind": "start"}, {"kind": "end"}):
        room.server.api("POST", f"/api/games/{game['game_id']}/actions", key=key,
                        json={"action": {"actor": "instructor", **action}})
    return game, key


def debrief_in(room: Class, who: str, game: dict[str, Any], key: str, lang: str) -> Any:
    """The instructor's debrief of ``game`` in ``lang``, read by a new person, once ready."""
    page = room.person(who)
    page.goto(f"/debrief/{game['game_id']}?lang={lang}#key={key}")
    expect(page.locator("body[data-ready=true]")).to_have_count(1, timeout=20_000)
    return page


def test_a_historical_games_debrief_and_csv_in_french_and_spanish(room: Class) -> None:
    """February 2022, translated into French and Spanish, started and ended at once: its
    debrief's comparison with history (each real date the class never reached, its proposal
    and its source read from the translation), the reflection questions, the role sheets'
    objectives and the grading CSV's history rows, in each language."""
    import csv
    import io

    import httpx

    game, key = ended_game(room, "february-2022", 4)
    for lang in ("fr", "es"):
        page = debrief_in(room, f"historian-{lang}", game, key, lang)
        expect(page.locator("figure.chart img").first).to_be_visible(timeout=20_000)
        scenario_own_translated(page, "en", f"February 2022's debrief in {lang}")
        expect(page.locator(".untranslated:visible")).to_have_count(0)
        asked = page.locator(".reflection-asked li")
        expect(asked).to_have_count(4)
        assert page.locator(".reflection-asked [lang=en], .reflection-asked[lang=en]").count() == 0
        no_english(page, f"February 2022's debrief in {lang}")
        response = httpx.get(f"{room.server.url}/api/games/{game['game_id']}/export.csv?lang={lang}",
                             headers={"Authorization": f"Bearer {key}"}, timeout=10, trust_env=False)
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        left = [f"row {n}: {cell!r}" for n, row in enumerate(rows) for column, cell in enumerate(row)
                if not (n and column in CSV_CODES and CODE.fullmatch(cell))
                and ENGLISH.search(DATA.sub(" ", cell))]
        assert not left, f"February 2022's grading CSV in {lang}: English left:\n" + "\n".join(left[:40])


def test_a_history_track_not_yet_translated_is_marked_in_the_debrief(room: Class) -> None:
    """A scenario whose translations give its reflection questions but not its history track,
    started and ended at once: in a French or Spanish debrief each proposal and source is
    shown in English, marked as such, with the note that it is not yet translated; the
    questions are not marked."""
    game, key = ended_game(room, track_not_yet_translated(), 4)
    for lang in ("fr", "es"):
        page = debrief_in(room, f"historian-{lang}", game, key, lang)
        scenario_own_marked(page, "en", f"the debrief of a track not yet translated, in {lang}")
        expect(page.locator(".reflection-asked li")).to_have_count(1)
        assert page.locator(".reflection-asked [lang=en], .reflection-asked[lang=en]").count() == 0


NOTICE = {"en": "Japan gives notice of its withdrawal from the League",
          "fr": "Le Japon notifie son retrait de la Société des Nations"}
INCIDENT = {"en": "An explosion near Mukden is followed by the occupation of the city",
            "fr": "Une explosion près de Moukden est suivie de l'occupation de la ville"}


def world_scenario() -> dict[str, Any]:
    """A history track of events of the world (``body: WORLD``), translated into French and not
    into Spanish: its sentences name the events' words by their key."""
    return {
        "id": "world-words", "title": "Words of the world", "rounds": 2,
        "summary": "Two real dates.", "countries": ["JPN", "CHN", "GBR", "FRA"],
        "history": [
            {"id": "incident", "date": "1931-09-18", "body": "WORLD", "question": "event",
             "outcome": "happened", "round": 1, "proposed": f"{INCIDENT['en']}.",
             "source": "A report of the time"},
            {"id": "notice", "date": "1933-03-27", "body": "WORLD",
             "question": "withdrawal_notice", "outcome": "happened",
             "proposed": f"{NOTICE['en']}.", "source": "The League's records"}],
        "translations": {
            "fr": {"title": "Les mots du monde", "summary": "Deux dates réelles.", "history": {
                "incident": {"proposed": f"{INCIDENT['fr']}.", "source": "Un rapport de l'époque"},
                "notice": {"proposed": f"{NOTICE['fr']}.", "source": "Les registres de la Société"}}},
            "es": {"title": "Las palabras del mundo", "summary": "Dos fechas reales."}},
    }


def test_a_real_events_words_in_the_debrief_and_the_replay_in_french_and_spanish(room: Class) -> None:
    """The comparison with history says a real event in the scenario's own words (the history
    track's ``proposed``): on a French page, its French translation, unmarked; on a Spanish
    page, which the scenario has no translation for, its English words marked ``lang="en"``
    with the note that they are not yet translated. The debrief (the decision the class never
    reached) and the replay's real dates alike."""
    game, key = ended_game(room, world_scenario(), 2)
    for lang in ("fr", "es"):
        page = debrief_in(room, f"world-{lang}", game, key, lang)
        missed = page.locator(".history-missed .history-pair .reason")
        expect(missed).to_have_count(1)
        if lang == "fr":
            expect(missed).to_contain_text(f"27 mars 1933 : {NOTICE['fr']}")
            assert missed.locator("[lang]").count() == 0
        else:
            expect(missed).to_contain_text("27 de marzo de 1933: ")
            expect(missed.locator("[lang=en]")).to_have_text(NOTICE["en"])
            expect(page.locator(".history .untranslated")).to_be_visible()
        no_english(page, f"a debrief's events of the world in {lang}")

        page.goto(f"/replay/{game['game_id']}?lang={lang}#key={key}")
        dates = page.locator("#history-card .history-date .point-label")
        expect(dates).to_have_count(2, timeout=20_000)
        if lang == "fr":
            expect(dates.nth(0)).to_contain_text(INCIDENT["fr"])
            expect(dates.nth(1)).to_contain_text(NOTICE["fr"])
            assert page.locator("#history-card [lang]").count() == 0
            assert page.locator("#history-card .untranslated").count() == 0
        else:
            expect(dates.nth(0).locator("[lang=en]")).to_have_text(INCIDENT["en"])
            expect(dates.nth(1).locator("[lang=en]")).to_have_text(NOTICE["en"])
            expect(page.locator("#history-card .untranslated")).to_be_visible()
        no_english(page, f"the replay's real dates in {lang}")


def test_a_real_event_on_the_projector_and_the_instructors_panel_in_french_and_spanish(
        room: Class) -> None:
    """The instructor shows a real event on the projector: the projector and the instructor's
    history track say it in the scenario's French words, or its English words marked
    ``lang="en"`` with the "not yet translated" badge in Spanish."""
    game = room.server.api("POST", "/api/games", json={"scenario": world_scenario(), "seed": 3})
    key = game["instructor_key"]
    for action in ({"kind": "start"}, {"kind": "reveal_history", "entry": "incident"}):
        room.server.api("POST", f"/api/games/{game['game_id']}/actions", key=key,
                        json={"action": {"actor": "instructor", **action}})
    for lang in ("fr", "es"):
        projector = room.person(f"projector-{lang}")
        projector.goto(f"/projector/{game['code']}?lang={lang}")
        real = projector.locator("#history-reveal .history-real-words")
        expect(real).to_be_visible(timeout=20_000)
        instructor = room.person(f"teacher-{lang}")
        instructor.goto(f"/instructor/{game['game_id']}?lang={lang}#key={key}")
        instructor.get_by_role("tab", name=re.compile(tr(lang, "History"))).click()
        entries = instructor.locator(".history-track .history-entry")
        expect(entries).to_have_count(2)
        if lang == "fr":
            expect(real).to_contain_text(INCIDENT["fr"])
            assert real.locator("[lang]").count() == 0
            expect(entries.nth(1)).to_contain_text(NOTICE["fr"])
            assert instructor.locator(".history-track [lang], .history-current [lang]").count() == 0
        else:
            expect(real.locator("[lang=en]")).to_have_text(INCIDENT["en"])
            expect(real.locator(".untranslated")).to_be_visible()
            expect(entries.nth(1).locator("[lang=en]").first).to_have_text(NOTICE["en"])
            expect(instructor.locator(".history-current [lang=en]")).to_have_text(INCIDENT["en"])
            expect(instructor.locator(".history-current .untranslated")).to_be_visible()
        no_english(projector, f"the projector's real event in {lang}")
