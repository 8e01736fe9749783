"""No string escapes translation (docs/i18n.md, "The pseudo-locales"). A server with
CRISIS_TABLE_PSEUDO_LOCALES=1 speaks ``qps``: every string of the catalogs accented and in
brackets, made from the English templates, so a string that is not in a catalog stays plain
English. A short game is played with the join page, a student's table, the instructor's panel
and the projector in ``qps``; every visible text (and every label a screen reader reads)
must hold no English word, apart from what people typed and data (symbols, codes). One page
is read in ``qps-rtl``: ``dir="rtl"``, and its main layout neither overflows nor overlaps.

The scenario's own texts (title, briefing, incidents, news) are written accented here, as a
scenario translated into the pseudo-locale would be: they are the scenario's, not the
platform's, and docs/scenarios.md says how a scenario carries its translations."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from server.i18n import accent
from tests.browser.conftest import Server
from tests.browser.people import Person
from tests.browser.table import Table, fork_and_end, played

expect.set_options(timeout=10_000)
TYPED = ["Ŵîļļ", "Ĥåñ", "Ŗéšöļûţîöñ åţ ţĥé ţåbļé", "Ţĥé šĥîþš ŵîļļ šåîļ"]
"""What the people of the test type (nicknames, a draft's title, a message): shown as typed."""
DRAFT = "S/2026/1"
WORD = re.compile(r"[A-Za-z]{2,}")
DATA = re.compile(r"\b[A-Z]{1,4}/\d{4}/\d+\b|\b[A-Z0-9]{6}\b|Crisis Table|world-atlas|Natural Earth"
                  r"|\b[A-Z]{3}\b|\b[IVX]{2,4}\b")
"""What is data, not words: draft and item symbols (S/2026/1, NAC/2026/1), the join code,
the product's name, the map's credit (a name), the countries' codes, the Charter's chapters
in Roman numerals (VI, VII)."""
PLACE = re.compile(r"[a-z_]+(?:\[\d+\])?(?:\.[a-z_]+(?:\[\d+\])?)*")
"""A place in a scenario file, as the editor's check names it (``countries[1]``)."""


def scenario() -> dict[str, Any]:
    a = accent
    return {
        "id": "pseudo", "title": a("A Baltic crisis"), "year": 2026, "rounds": 2,
        "summary": a("A test crisis."), "briefing": a("Round by round, the Council answers."),
        "countries": [{"code": "USA", "role": {"summary": a("Your instructions."),
                                               "interests": [a("Your interest")]}},
                      "GBR", "FRA", "RUS", "CHN", "ALB", "BRA", "GAB", "GHA", "IND", "IRL", "KEN",
                      "MEX", "NOR", "ARE", "EST", "LVA", "POL", "DEU"],
        "bodies": {"UNSC": {"permanent": ["USA", "GBR", "FRA", "RUS", "CHN"],
                            "elected": ["ALB", "BRA", "GAB", "GHA", "IND", "IRL", "KEN", "MEX", "NOR", "ARE"],
                            "president": "USA"},
                   "NAC": {"members": ["USA", "GBR", "FRA", "NOR", "ALB", "EST", "LVA", "POL", "DEU"],
                           "silence_seconds": 30}},
        "incidents": [{"id": "inc-narva", "target": "EST", "attacker": "RUS", "kind": "armed_attack",
                       "in_treaty_area": True, "title": a("Attack on Narva")}],
        "injects": [{"id": "day1", "title": a("Tanks cross the border"), "round": 1, "text": a("The news.")}],
    }


ENGLISH_TEXT = """
(extra) => {
  const found = [];
  const shown = el => {
    for (let e = el; e; e = e.parentElement) {
      if (e.hidden || e.closest?.("[data-language-chooser]")) return false;
      const style = getComputedStyle(e);
      if (style.display === "none" || style.visibility === "hidden") return false;
    }
    return el.getClientRects().length > 0;
  };
  // A text marked as in another language than the page's (a scenario's text not yet
  // translated, shown in its own language) is declared, not escaped: the page must then say
  // that some texts are not yet translated.
  const page = document.documentElement.lang;
  const foreign = el => {
    const marked = el.closest("[lang]");
    return marked && marked !== document.documentElement && marked.lang !== page;
  };
  let declared = 0;
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent.trim();
    const parent = node.parentElement;
    if (!text || !parent || ["SCRIPT", "STYLE", "NOSCRIPT"].includes(parent.tagName)) continue;
    if (parent.closest(".visually-hidden") ? !parent.closest("body") : !shown(parent)) continue;
    if (foreign(parent)) {
      declared += 1;
      continue;
    }
    found.push([text, parent.tagName + (parent.id ? "#" + parent.id : "") + "." + parent.className]);
  }
  if (declared && ![...document.querySelectorAll(".untranslated")].some(shown)) {
    found.push(["Texts in another language, with no note that they are not yet translated", "body"]);
  }
  for (const el of document.body.querySelectorAll("[aria-label], [placeholder], [title], img[alt]")) {
    if (!shown(el) || el.closest("[data-language-chooser]") || foreign(el)) continue;
    for (const name of ["aria-label", "placeholder", "title", "alt"]) {
      const value = el.getAttribute(name);
      if (value) found.push([value, `${el.tagName}[${name}]`]);
    }
  }
  found.push([document.title, "title"]);
  return found;
}
"""


def english_on(page: Page, typed: list[str]) -> list[tuple[str, str]]:
    """The visible texts of a page that hold an English word (typed texts and data aside)."""
    left = []
    for text, where in page.evaluate(ENGLISH_TEXT):
        rest = text
        for known in typed:
            rest = rest.replace(known, " ")
        rest = DATA.sub(" ", rest)
        if WORD.search(rest):
            left.append((text, where))
    return left


class PseudoServer(Server):
    """The suite's server with the pseudo-locales on."""

    def __init__(self, workdir: Path) -> None:
        super().__init__(workdir, "pseudo", pseudo_locales="1")


@pytest.fixture(scope="module")
def pseudo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PseudoServer]:
    running = PseudoServer(tmp_path_factory.mktemp("pseudo"))
    try:
        yield running
    finally:
        running.terminate()


class Game(Table):
    def __init__(self, browser: Browser, server: PseudoServer) -> None:
        super().__init__(browser, server)
        self.create(scenario=scenario(), seed=5)


@pytest.fixture(scope="module")
def game(browser: Browser, pseudo_server: PseudoServer) -> Iterator[Game]:
    yield from played(Game(browser, pseudo_server))


def no_english(page: Page, where: str) -> None:
    left = english_on(page, TYPED)
    assert not left, f"{where}: English left on the page:\n" + "\n".join(f"  {t!r} ({w})" for t, w in left)


def test_the_join_page_and_a_students_table_in_the_pseudo_locale(game: Game) -> None:
    student = game.person("will")
    student.goto(f"/?code={game.code}&lang=qps")
    expect(student.locator("html")).to_have_attribute("lang", "qps")
    expect(student.locator("#join-form")).to_be_visible()
    no_english(student, "join page")
    student.locator("#nickname").fill(TYPED[0])
    student.locator("input[name=country][value=USA]").check()
    student.locator("#join-form button[type=submit]").click()
    expect(student).to_have_url(re.compile(f"/play/{game.code}"))
    expect(student.locator("html")).to_have_attribute("lang", "qps")
    expect(student.locator("#me-name")).not_to_have_text("")
    # The scenario has no qps translation: its texts are shown in English (here, written
    # accented), and the briefing says they are not yet translated, in the page's language.
    note = student.locator("#briefing .untranslated")
    expect(note).to_be_visible()
    expect(note).to_contain_text(accent("English"))
    no_english(student, "student's table before the start")


def test_the_instructor_and_the_projector_in_the_pseudo_locale(game: Game) -> None:
    instructor = game.person("instructor")
    instructor.goto(f"/instructor/{game.game_id}?lang=qps#key={game.key}")
    expect(instructor.locator("#join-code")).to_have_text(game.code)
    no_english(instructor, "instructor before the start")
    projector = game.person("projector", viewport={"width": 1920, "height": 1080})
    projector.goto(f"/projector/{game.code}?lang=qps")
    expect(projector.locator("#big-code")).to_have_text(game.code)
    no_english(projector, "projector before the start")


def test_a_short_game_played_in_the_pseudo_locale(game: Game) -> None:
    instructor = game.person("instructor")
    instructor.locator("[data-focus=start]").click()
    student = game.person("will")
    expect(student.locator("#status")).to_have_attribute("data-status", "running")
    # The student tables a draft in the Security Council (the news says so), then writes to the class.
    game.server.api("POST", f"/api/games/{game.game_id}/actions", key=game.key,
                    json={"action": {"kind": "advance_phase", "actor": "instructor"}})
    student.locator("#tabs [role=tab]").nth(1).click()
    form = student.locator(".draft-form")
    form.locator("input").first.fill(TYPED[2])
    form.locator("input[type=checkbox][value=condemn]").check()
    form.locator("button[type=submit]").click()
    expect(student.locator(".drafts .draft")).to_have_count(1)
    student.locator("#tabs [role=tab]").last.click()
    student.locator(".compose textarea").fill(TYPED[3])
    student.locator(".compose button[type=submit]").click()
    expect(student.locator(".message-text").last).to_have_text(TYPED[3])
    student.wait_for_timeout(500)
    left = [f"{where}: {text!r} ({at})"
            for page, where in ((student, "student's table"), (instructor, "instructor"),
                                (game.person("projector"), "projector"))
            for text, at in english_on(page, TYPED)]
    assert not left, "English left on the pages during the game:\n" + "\n".join(left)


def test_a_page_in_the_pseudo_rtl_locale_lays_out_right_to_left(game: Game) -> None:
    reader = game.person("han")
    reader.goto(f"/?code={game.code}&lang=qps-rtl")
    expect(reader.locator("html")).to_have_attribute("dir", "rtl")
    expect(reader.locator("#join-form")).to_be_visible()
    no_english(reader, "join page in qps-rtl")
    layout = reader.evaluate("""() => {
      const doc = document.documentElement;
      const boxes = [...document.querySelectorAll("main .card, main h1, main .lead, header.site")]
        .filter(el => el.getClientRects().length).map(el => el.getBoundingClientRect());
      const overlaps = [];
      for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i], b = boxes[j];
        const inside = (x, y) => x.left >= y.left && x.right <= y.right
          && x.top >= y.top && x.bottom <= y.bottom;
        if (inside(a, b) || inside(b, a)) continue;
        const apart = a.right - 1 <= b.left || b.right - 1 <= a.left
          || a.bottom - 1 <= b.top || b.bottom - 1 <= a.top;
        if (!apart) overlaps.push([i, j]);
      }
      const label = document.querySelector("label[for=nickname]").getBoundingClientRect();
      const field = document.querySelector("#nickname").getBoundingClientRect();
      return {overflow: doc.scrollWidth - doc.clientWidth, overlaps,
              labelRight: label.right, fieldRight: field.right, width: doc.clientWidth};
    }""")
    assert layout["overflow"] <= 0, layout
    assert layout["overlaps"] == [], layout
    # Right to left: a field's label starts at the right edge, where the field does.
    assert abs(layout["labelRight"] - layout["fieldRight"]) < 2, layout


def test_the_causality_lab_in_the_pseudo_locale(game: Game) -> None:
    """After the game: the lab's page, its assumptions and counterfactuals included (the
    engine's sentences, rendered from their messages), and one run's results."""
    game.server.api("POST", f"/api/games/{game.game_id}/actions", key=game.key,
                    json={"action": {"kind": "end", "actor": "instructor"}})
    teacher = game.person("instructor")
    teacher.goto(f"/lab/{game.game_id}?lang=qps#key={game.key}")
    expect(teacher.locator("body[data-ready=true]")).to_have_count(1, timeout=20_000)
    expect(teacher.locator("#assumptions li")).to_have_count(5)
    no_english(teacher, "causality lab")
    teacher.locator("#lab-runs").fill("3")
    teacher.locator("#lab-run").click()
    expect(teacher.locator("#lab-results table").first).to_be_visible(timeout=60_000)
    no_english(teacher, "causality lab's results")


def test_the_debrief_in_the_pseudo_locale(game: Game) -> None:
    """The debrief of the game played above: the lenses' readings with their cited moments,
    the evidence, the key outcomes, the comparison with history and the charts."""
    teacher = game.person("instructor")
    teacher.goto(f"/debrief/{game.game_id}?lang=qps#key={game.key}")
    expect(teacher.locator("body[data-ready=true]")).to_have_count(1, timeout=20_000)
    expect(teacher.locator(".lens .reading .this-game").first).not_to_have_text("")
    expect(teacher.locator("figure.chart img").first).to_be_visible(timeout=20_000)
    no_english(teacher, "debrief")
    captions = teacher.locator("figure.chart figcaption").all_inner_texts()
    assert captions and all("[" in c for c in captions), captions


def test_the_printed_debrief_in_the_pseudo_locale(game: Game) -> None:
    """The debrief as it prints (the print style sheet's page: what the paper shows)."""
    teacher = game.person("instructor")
    teacher.goto(f"/debrief/{game.game_id}?lang=qps#key={game.key}")
    expect(teacher.locator("body[data-ready=true]")).to_have_count(1, timeout=20_000)
    expect(teacher.locator("figure.chart img").first).to_be_visible(timeout=20_000)
    teacher.emulate_media(media="print")
    try:
        no_english(teacher, "printed debrief")
    finally:
        teacher.emulate_media(media="null")


def every_tab(page: Page, where: str, typed: list[str] | None = None) -> None:
    """``no_english`` on a page with each of its tabs open in turn."""
    tabs = page.locator("#tabs [role=tab]")
    for i in range(tabs.count()):
        if not tabs.nth(i).is_visible():
            continue
        tabs.nth(i).click()
        left = english_on(page, typed or TYPED)
        assert not left, f"{where}, tab {i}: English left on the page:\n" + "\n".join(
            f"  {t!r} ({w})" for t, w in left)


def test_the_review_a_what_if_and_the_comparison_in_the_pseudo_locale(game: Game) -> None:
    """The replay with each of its tabs and decision points, a what-if forked from the end
    of the game, its replay, and the two games compared side by side."""
    teacher = game.person("instructor")
    teacher.goto(f"/replay/{game.game_id}?lang=qps#key={game.key}")
    expect(teacher.locator("#replay-layout")).to_be_visible(timeout=20_000)
    expect(teacher.locator("#points li").first).to_be_visible()
    every_tab(teacher, "replay")
    href, key = fork_and_end(teacher, game.server, "none")
    no_english(teacher, "replay, a what-if forked")
    fork = href.rsplit("/", 1)[-1]
    teacher.goto(f"/replay/{fork}?lang=qps#key={key}")
    expect(teacher.locator("#replay-layout")).to_be_visible(timeout=20_000)
    every_tab(teacher, "the what-if's replay")
    teacher.goto(f"{href}?lang=qps")
    expect(teacher.locator("body[data-ready=true]")).to_have_count(1, timeout=20_000)
    no_english(teacher, "the two games compared")


def test_a_students_replay_reflection_and_the_instructors_reflections_in_the_pseudo_locale(
        game: Game) -> None:
    student = game.person("will")
    student.goto(f"/replay/{game.game_id}?lang=qps")
    expect(student.locator("#replay-layout")).to_be_visible(timeout=20_000)
    expect(student.locator("#reflection textarea").first).to_be_visible()
    every_tab(student, "a student's replay and reflection")
    teacher = game.person("instructor")
    teacher.goto(f"/reflection/{game.game_id}?lang=qps#key={game.key}")
    expect(teacher.locator("body[data-ready=true]")).to_have_count(1, timeout=20_000)
    no_english(teacher, "the instructor's reflections")


def test_the_new_game_and_rejoin_pages_in_the_pseudo_locale(game: Game) -> None:
    author = game.person("author")
    author.goto("/new?lang=qps")
    expect(author.locator("main form").first).to_be_visible()
    author.wait_for_load_state("networkidle")
    no_english(author, "new game page")
    author.goto(f"/rejoin/{game.code}?lang=qps#token=not-a-seat")
    author.wait_for_load_state("networkidle")
    no_english(author, "rejoin page with a token that is no seat's")


CSV_CODES = (6, 7, 8)
"""The grading CSV's columns of codes, kept for a spreadsheet's filters in every language
(docs/i18n.md): the action's kind, the channel or item, the vote or response."""
CODE = re.compile(r"[a-z0-9]+(?:_[a-z0-9]+)*|[A-Z]{1,4}/\d{4}/\d+|[a-z0-9-]+")


def test_the_grading_csv_in_the_pseudo_locale(game: Game) -> None:
    """The grading CSV's headers and every cell the platform writes (the names people typed
    and the symbols aside)."""
    import csv
    import io

    import httpx

    response = httpx.get(f"{game.server.url}/api/games/{game.game_id}/export.csv?lang=qps",
                         headers={"Authorization": f"Bearer {game.key}"}, timeout=10, trust_env=False)
    assert response.status_code == 200, response.text
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) > 3
    left = []
    for number, row in enumerate(rows):
        for column, cell in enumerate(row):
            if number and column in CSV_CODES and CODE.fullmatch(cell):
                continue
            rest = cell
            for known in TYPED:
                rest = rest.replace(known, " ")
            rest = re.sub(r"\d{4}-\d\d-\d\dT[\d:.]+Z?|[0-9a-f-]{20,}", " ", DATA.sub(" ", rest))
            if WORD.search(rest):
                left.append(f"row {number}: {cell!r}")
    assert not left, "grading CSV: English left:\n" + "\n".join(left[:40])


def test_the_scenario_editor_in_the_pseudo_locale(game: Game) -> None:
    """The editor's forms for a blank scenario, and its check's problems (the engine's
    messages) in ``qps``: a code that is no state and an attacker attacking itself."""
    author = game.person("author")
    author.goto("/editor?lang=qps")
    author.locator("#blank-date").fill("1982-04-03")
    author.locator("#start-blank").click()
    expect(author.locator("#forms")).to_be_visible()
    expect(author.locator("#check-summary")).not_to_have_text("")
    typed = [*TYPED, "crisis-1982"]  # the blank scenario's id, made from its date
    left = english_on(author, typed)
    assert not left, "editor: English left on the page:\n" + "\n".join(
        f"  {t!r} ({w})" for t, w in left)
    countries = author.locator("#countries")
    countries.locator("input.short").first.fill("GER")
    countries.locator("button").first.click()
    expect(author.locator("#check-problems li").first).to_be_visible(timeout=10_000)
    left = [(text, where) for text, where in english_on(author, typed)
            if not PLACE.fullmatch(text)]
    assert not left, "editor's check: English left on the page:\n" + "\n".join(
        f"  {t!r} ({w})" for t, w in left)


def test_two_seats_read_february_2022_each_in_its_own_language(browser: Browser,
                                                                pseudo_server: PseudoServer) -> None:
    """One game, two tables: Estonia's in French reads the scenario's French briefing and its
    own French role sheet; Poland's in English reads the English; neither says "not yet
    translated" (the scenario is translated into French), and neither holds the other's sheet."""
    from game_rules import library
    from game_rules.scenario import DEFAULT_READING_LEVEL, text_at

    scenario = library.get("february-2022")
    assert scenario is not None
    fr = scenario.translations["fr"]
    game = pseudo_server.api("POST", "/api/games", json={"scenario": "february-2022", "seed": 2})
    people = [Person(browser, pseudo_server.url, name) for name in ("elise", "piotr")]
    try:
        pages = []
        for person, (lang, nickname, country) in zip(people, (("fr", "Élise", "EST"), ("en", "Piotr", "POL")),
                                                     strict=True):
            page = person.page
            page.goto(f"/?code={game['code']}&lang={lang}")
            page.locator("#nickname").fill(nickname)
            page.locator(f"input[name=country][value={country}]").check()
            page.locator("#join-form button[type=submit]").click()
            expect(page).to_have_url(re.compile(f"/play/{game['code']}"))
            pages.append(page)
        elise, piotr = pages
        level = DEFAULT_READING_LEVEL
        fr_role = fr.countries["EST"].role
        pol = scenario.entry("POL")
        assert fr_role is not None and fr_role.summary is not None and fr.briefing is not None
        assert pol is not None and pol.role is not None
        expect(elise.locator("#briefing h2")).to_have_text(fr.title or "")
        expect(elise.locator("#briefing details")).to_contain_text(text_at(fr.briefing, level)[:60])
        expect(elise.locator("#briefing .role-sheet")).to_contain_text(text_at(fr_role.summary, level)[:60])
        expect(piotr.locator("#briefing h2")).to_have_text(scenario.title)
        expect(piotr.locator("#briefing details")).to_contain_text(text_at(scenario.briefing, level)[:60])
        expect(piotr.locator("#briefing .role-sheet")).to_contain_text(text_at(pol.role.summary, level)[:60])
        for page in pages:
            expect(page.locator("#briefing .untranslated")).to_have_count(0)
        assert text_at(pol.role.summary, level)[:40] not in elise.locator("body").inner_text()
        problems = [p for person in people for p in person.problems]
        assert not problems, problems
    finally:
        for person in people:
            person.close()
