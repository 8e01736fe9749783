"""A text of the scenario inside an engine's sentence (issue 17, docs/i18n.md): a real event of
the history track says the scenario's own words, named by their key (``SceneText``:
``history.<id>.proposed``) instead of copied in as English, so that each reader gets the
scenario's translation into their language where it has one, and the scenario's own words,
marked as not yet translated, where it has none. The server (``Translator.render`` with the
game's scenario: the grading CSV) and the browser (``i18n.js``, from the game's texts
document) render it alike."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from game_rules.engine import new_game
from game_rules.history import compare, real_msg
from game_rules.messages import Msg, SceneText
from game_rules.scenario import Scenario, load_scenario
from server.app import create_app
from server.browser_catalog import browser_catalog
from server.settings import Settings
from server.translator import Translator

ROOT = Path(__file__).resolve().parents[2]
NOTICE_EN = "Japan gives notice of its withdrawal from the League"
NOTICE_FR = "Le Japon notifie son retrait de la Société des Nations"
INCIDENT_EN = "An explosion near Mukden is followed by the occupation of the city"


def scenario_data(language: str = "en") -> dict[str, Any]:
    return {
        "id": "world-words", "title": "Words of the world", "rounds": 2, "language": language,
        "countries": ["JPN", "CHN", "GBR", "FRA"],
        "history": [
            {"id": "incident", "date": "1931-09-18", "body": "WORLD", "question": "event",
             "outcome": "happened", "round": 1, "proposed": f"{INCIDENT_EN}.",
             "source": "A report of the time"},
            {"id": "notice", "date": "1933-03-27", "body": "WORLD",
             "question": "withdrawal_notice", "outcome": "happened",
             "proposed": f"{NOTICE_EN}.", "source": "The League's records"}],
        "translations": {"fr": {"title": "Les mots du monde", "history": {
            "notice": {"proposed": f"{NOTICE_FR}.", "source": "Les registres de la Société"}}}},
    }


@pytest.fixture
def sc() -> Scenario:
    return load_scenario(scenario_data())


def entry(sc: Scenario, entry_id: str) -> Any:
    return next(e for e in sc.history if e.id == entry_id)


def marked(text: str, lang: str) -> str:
    """A test's way of writing a text left in the scenario's language: visibly marked."""
    return f"⟦{lang}:{text}⟧"


def test_a_real_events_words_are_named_by_their_key_not_copied_in(sc: Scenario) -> None:
    said = real_msg(entry(sc, "notice"), sc)
    assert said.to_json()["params"]["text"] == {
        "scene_text": "history.notice.proposed", "text": f"{NOTICE_EN}.", "lang": "en",
        "clause": True}
    assert said.english() == f"in reality, on 27 March 1933: {NOTICE_EN}"
    assert Msg.from_json(json.loads(json.dumps(said.to_json()))) == said
    # The API's English fields keep the scenario's words (whole sentences now: no lower case).
    missed = compare(new_game(sc, 1)).not_reached
    assert [p.entry.id for p in missed if p.entry] == ["notice"]
    assert missed[0].real == f"in reality, on 27 March 1933: {NOTICE_EN}"
    assert missed[0].sentence == (f"In reality, on 27 March 1933: {NOTICE_EN}: your class never "
                                  "reached this decision.")


@pytest.mark.parametrize(("lang", "entry_id", "expected"), [
    ("en", "notice", f"In reality, on 27 March 1933: {NOTICE_EN}"),
    ("fr", "notice", f"Dans la réalité, le 27 mars 1933\u00a0: {NOTICE_FR}"),
    ("es", "notice", f"En la realidad, el 27 de marzo de 1933: ⟦en:{NOTICE_EN}⟧"),
    ("fr", "incident", f"Dans la réalité, le 18 septembre 1931\u00a0: ⟦en:{INCIDENT_EN}⟧"),
    ("en", "incident", f"In reality, on 18 September 1931: {INCIDENT_EN}"),
])
def test_the_server_renders_the_scenarios_translation_else_its_own_words_marked(
        sc: Scenario, lang: str, entry_id: str, expected: str) -> None:
    said = real_msg(entry(sc, entry_id), sc).as_sentence()
    assert Translator(lang).render(said.to_json(), scenario=sc, untranslated=marked) == expected
    # Plain text (the grading CSV) writes what has no translation as it is.
    assert Translator(lang).render(said, scenario=sc) == expected.replace(
        "⟦en:", "").replace("⟧", "")


def test_without_the_scenario_a_message_shows_its_own_copy_marked_where_foreign(
        sc: Scenario) -> None:
    said = real_msg(entry(sc, "notice"), sc)
    assert Translator("fr").render(said, untranslated=marked).endswith(f"⟦en:{NOTICE_EN}⟧")
    assert Translator("en").render(said, untranslated=marked).endswith(f": {NOTICE_EN}")
    # A key the scenario does not know (an entry since renamed) gives the message's copy.
    gone = Msg(said.id, {**said.params, "text": SceneText("history.gone.proposed", "Gone.", "en",
                                                          True)})
    assert Translator("fr").render(gone, scenario=sc, untranslated=marked).endswith("⟦en:Gone⟧")


def test_a_scenario_written_in_french_reads_in_english_from_its_translation() -> None:
    data = scenario_data("fr")
    data["history"][1]["proposed"] = f"{NOTICE_FR}."
    data["translations"] = {"en": {"history": {"notice": {"proposed": f"{NOTICE_EN}."}}}}
    french = load_scenario(data)
    said = real_msg(entry(french, "notice"), french)
    assert said.english().endswith(f": {NOTICE_FR}")  # the engine's own: the scenario's words
    assert Translator("en").render(said, scenario=french, untranslated=marked) == (
        f"in reality, on 27 March 1933: {NOTICE_EN}")
    assert Translator("fr").render(said, scenario=french, untranslated=marked).endswith(
        f": {NOTICE_FR}")
    assert Translator("es").render(said, scenario=french, untranslated=marked).endswith(
        f": ⟦fr:{NOTICE_FR}⟧")


def test_a_message_saved_before_still_renders_in_the_readers_language() -> None:
    """A debrief saved when the event's words were a plain parameter."""
    old = {"id": "in reality, on {date}, {text}",
           "params": {"date": {"date": "1933-03-27"}, "text": "japan gives notice"}}
    assert Translator("fr").render(old).startswith("dans la réalité, le 27 mars 1933")
    assert Translator("es").render(old) == "en la realidad, el 27 de marzo de 1933: japan gives notice"
    assert Translator("en").render(old) == "in reality, on 27 March 1933, japan gives notice"


@pytest.mark.parametrize("data", [
    {"scene_text": 3, "text": "x"}, {"scene_text": "k", "text": None},
    {"scene_text": "k", "text": "x", "clause": "yes"}])
def test_a_scene_text_that_is_not_one_is_refused(data: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        Msg.from_json({"id": "{text}", "params": {"text": data}})


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    app = create_app(Settings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'scene.db'}"))
    with TestClient(app) as c:
        yield c


def test_the_grading_csv_says_a_real_event_in_the_scenarios_translation(
        client: TestClient) -> None:
    game = client.post("/api/games", json={"scenario": scenario_data()}).json()
    key = {"Authorization": f"Bearer {game['instructor_key']}"}
    for kind in ("start", "end"):
        client.post(f"/api/games/{game['game_id']}/actions", headers=key,
                    json={"action": {"kind": kind}})

    def history_rows(lang: str) -> list[str]:
        text = client.get(f"/api/games/{game['game_id']}/export.csv?lang={lang}",
                          headers=key).content.decode("utf-8-sig")
        return [line for line in text.splitlines() if "notice" in line]

    fr, es, en = history_rows("fr"), history_rows("es"), history_rows("en")
    assert len(fr) == 1 and NOTICE_FR in fr[0] and NOTICE_EN not in fr[0], fr
    assert "pas encore traduit" not in fr[0]
    # Spanish has no translation of it: the English, and the words of the pages' badge after
    # it (plain text has no lang attribute).
    assert len(es) == 1 and f"{NOTICE_EN} (aún sin traducir)" in es[0], es
    assert "En la realidad" in es[0]
    assert len(en) == 1 and NOTICE_EN in en[0] and "not yet translated" not in en[0], en


def test_the_grading_csv_marks_a_reflection_question_not_yet_translated() -> None:
    from server.grading import _question

    data = {**scenario_data(), "teacher": {"reflection": ["Why did Japan leave?"]}}
    data["translations"]["fr"]["teacher"] = {"reflection": ["Pourquoi le Japon est-il parti ?"]}
    sc = load_scenario(data)
    asked = "Why did Japan leave?"
    assert _question(asked, sc, Translator("fr")) == "Pourquoi le Japon est-il parti ?"
    assert _question(asked, sc, Translator("es")) == "Why did Japan leave? (aún sin traducir)"
    assert _question(asked, sc, Translator("en")) == asked


def _node_render(lang: str, messages: list[Any], scene: dict[str, Any] | None,
                 parts: bool = False) -> Any:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed; tests/browser/test_three_languages.py shows the "
                    "same sentences in Chromium")
    stdin = json.dumps({"catalog": browser_catalog(lang), "names": {}, "messages": messages,
                        "scene": scene, "parts": parts})
    done = subprocess.run([node, str(ROOT / "tests/web/render_messages.mjs"),
                           str(ROOT / "web/static/js/i18n.js")], input=stdin,
                          capture_output=True, text=True, timeout=30, check=True)
    return json.loads(done.stdout)


def test_the_browser_renders_a_scenarios_text_by_key_as_the_server_does(sc: Scenario) -> None:
    """i18n.js with the texts document's text of the key (fr), and with the scenario's own
    words where the document falls back (es): the same sentence as the server's, and in
    pieces the untranslated words apart, with their language (a page marks them)."""
    said = real_msg(entry(sc, "notice"), sc).as_sentence().to_json()
    fr_doc = {"history.notice.proposed": {"text": f"{NOTICE_FR}.", "fallback": False, "lang": "fr"}}
    es_doc = {"history.notice.proposed": {"text": f"{NOTICE_EN}.", "fallback": True, "lang": "en"}}
    assert _node_render("fr", [said], fr_doc) == [Translator("fr").render(said, scenario=sc)]
    assert _node_render("es", [said], es_doc) == [Translator("es").render(said, scenario=sc)]
    assert _node_render("es", [said], es_doc, parts=True) == [[
        {"text": "En la realidad, el 27 de marzo de 1933: "}, {"text": NOTICE_EN, "lang": "en"}]]
    assert _node_render("fr", [said], fr_doc, parts=True) == [[
        {"text": Translator("fr").render(said, scenario=sc)}]]
    # Before the document is read: the message's own copy, marked as English on a French page.
    assert _node_render("fr", [said], None, parts=True)[0][-1] == {"text": NOTICE_EN, "lang": "en"}
