"""Korea 1950 read in French and Spanish (issue 17): sentences an outside check of that
scenario found wrong, each as the page (web/static/js/i18n.js under Node) or the engine
(server.translator) writes it."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from game_rules.messages import Country, message
from server.browser_catalog import browser_catalog
from server.translator import Translator
from tests.test_country_names import strings

ROOT = Path(__file__).resolve().parents[2]


def _country(code: str, name: str) -> dict[str, str]:
    return {"country": code, "name": name}


def spaced(text: str) -> str:
    return text.replace("\u202f", " ").replace("\xa0", " ")


PAGE_CASES: list[tuple[str, dict[str, Any], dict[str, str]]] = [
    ("(the President, {country}, has no student).", {"country": _country("IND", "India")},
     {"fr": "(la présidence, l'Inde, n'a pas d'élève).",
      "es": "(la presidencia, India, no tiene alumno)."}),
    ("Sits in: {bodies}.", {"bodies": "CSNU"},
     {"fr": "Membre de : CSNU.", "es": "Forma parte de: CSNU."}),
]
"""What a page says, by the browser's catalog: (msgid, parameters, the text in each language)."""


def render_in_node(lang: str, messages: list[dict[str, Any]]) -> list[str]:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    stdin = json.dumps({"catalog": browser_catalog(lang), "names": {}, "messages": messages})
    done = subprocess.run([node, str(ROOT / "tests/web/render_messages.mjs"),
                           str(ROOT / "web/static/js/i18n.js")], input=stdin,
                          capture_output=True, text=True, timeout=30, check=True)
    return [spaced(t) for t in json.loads(done.stdout)]


@pytest.mark.parametrize("lang", ["fr", "es"])
def test_the_pages_sentences(lang: str) -> None:
    shown = render_in_node(lang, [{"id": i, "params": p} for i, p, _ in PAGE_CASES])
    assert shown == [texts[lang] for _, _, texts in PAGE_CASES]


USA = Country("USA", "the United States")
KOR = Country("KOR", "South Korea")


def test_the_realist_lens_agrees_with_a_plural_state() -> None:
    best = message("Scored on their own interests, {best} came out best ({best_total}) and "
                   "{worst} worst ({worst_total}).", best=USA, best_total=70, worst=KOR,
                   worst_total=50)
    assert spaced(Translator("fr").render(best)) == (
        "Au regard de leurs propres intérêts, les États-Unis s'en sortent le mieux (70) et la "
        "Corée du Sud le moins bien (50).")
    france = message("Scored on their own interests, {best} came out best ({best_total}) and "
                     "{worst} worst ({worst_total}).", best=Country("FRA", "France"),
                     best_total=70, worst=KOR, worst_total=50)
    assert "la France s'en sort le mieux (70)" in Translator("fr").render(france)


@pytest.mark.parametrize(("msgid", "lang", "text"), [
    ("attacked before the game began: {incident}", "fr",
     "attaque avant le début de la partie : Invasion"),
    ("attacked before the game began: {incident}", "es", "ataque antes de empezar la partida: Invasion"),
    ("attacked: {incident}", "fr", "attaque : Invasion"),
    ("attacked: {incident}", "es", "ataque: Invasion"),
])
def test_an_attack_in_the_scores_agrees_with_no_state(msgid: str, lang: str, text: str) -> None:
    """A line of a state's security score names the attack (a noun), not the state attacked:
    «attaqué» would not agree with «la Corée du Sud»."""
    assert spaced(Translator(lang).render(message(msgid, incident="Invasion"))) == text


def korea_ended() -> Any:
    """A Korea 1950 game started and ended at once by its instructor: its timeline."""
    from game_rules.library import shipped
    from game_rules.replay import Timeline
    from tests.test_scenarios import instructor

    scenario = shipped()["korea-1950"]
    timeline = Timeline(scenario, 1)
    state = timeline.final
    for kind in ("start", "end"):
        state, events = instructor(state, kind)
        timeline.extend(events)
    return timeline


def test_the_attack_before_the_game_is_named_in_the_readers_language() -> None:
    """South Korea's security score names the incident the scenario wrote in the reader's
    language, from the scenario's translation (not its English title)."""
    from game_rules.messages import Msg
    from game_rules.scores import realist_scores
    from game_rules.story import Story

    timeline = korea_ended()
    scenario = timeline.final.scenario
    (korea,) = [s for s in realist_scores(timeline, Story.of(timeline)) if s.country == "KOR"]
    said = Msg.from_json(korea.to_dict("instructor")["security"]["entries"][0]["reason_msg"])
    assert said.english() == "attacked before the game began: North Korea invades South Korea"
    texts = {lang: spaced(Translator(lang).render(said, scenario=scenario)) for lang in ("fr", "es")}
    assert texts == {"fr": "attaque avant le début de la partie : La Corée du Nord envahit la Corée du Sud",
                     "es": "ataque antes de empezar la partida: Corea del Norte invade Corea del Sur"}


BEST = ("Scored on their own interests, {best} came out best ({best_total}) and {worst} worst "
        "({worst_total}).")
BEST_FR = ("Au regard de leurs propres intérêts, les États-Unis s'en sortent le mieux (70) et la "
           "Corée du Sud le moins bien (50).")


def test_a_sentence_in_pieces_agrees_as_the_whole_sentence_does() -> None:
    """A lens's sentence is shown in pieces (its citations linked): words that agree with a
    state are chosen there too, on the server and in the browser, the state cited or not."""
    from game_rules.messages import Cite

    for best in (USA, Cite(USA, 3)):
        said = message(BEST, best=best, best_total=70, worst=KOR, worst_total=50)
        pieces = Translator("fr").parts(said)
        assert spaced("".join(text for text, _ in pieces)) == BEST_FR
        assert spaced(Translator("fr").render(said)) == BEST_FR
    usa = {"country": "USA", "name": "the United States"}
    params = {"best_total": 70, "worst": {"country": "KOR", "name": "South Korea"}, "worst_total": 50}
    shown = render_in_node("fr", [{"id": BEST, "params": {"best": usa, **params}},
                                  {"id": BEST, "params": {"best": {"cite": usa, "seq": 3}, **params}}])
    assert shown == [BEST_FR, BEST_FR]
    node = shutil.which("node")
    assert node is not None
    stdin = json.dumps({"catalog": browser_catalog("fr"), "names": {}, "parts": True,
                        "messages": [{"id": BEST, "params": {"best": {"cite": usa, "seq": 3}, **params}}]})
    done = subprocess.run([node, str(ROOT / "tests/web/render_messages.mjs"),
                           str(ROOT / "web/static/js/i18n.js")], input=stdin,
                          capture_output=True, text=True, timeout=30, check=True)
    (pieces_js,) = json.loads(done.stdout)
    assert spaced("".join(p["text"] for p in pieces_js)) == BEST_FR
    assert [p["text"] for p in pieces_js if p.get("seq") == 3] == ["les États-Unis"]


def test_the_council_of_1950_is_explained_by_its_own_article_27() -> None:
    """A key outcome of the Council of eleven names Art. 27 as it stood until 1965: seven
    votes, not nine (the page's explanation of the vote already counts seven)."""
    from game_rules.library import shipped
    from game_rules.outcomes import key_outcomes
    from game_rules.replay import Timeline
    from game_rules.story import Story
    from tests.test_scenarios import act, instructor, let_caretakers_act

    timeline = Timeline(shipped()["korea-1950"], 1)

    def then(step: tuple[Any, list[Any]]) -> Any:
        timeline.extend(step[1])
        return step[0]

    state = timeline.final
    for code in state.country_list:
        state = then(instructor(state, "set_caretaker", country=code, caretaker=True))
    state = then(instructor(state, "start"))
    while state.phase != "consultations":
        state = then(instructor(state, "advance_phase"))
    state = then(act(state, {"actor": "USA", "kind": "table_draft", "draft": "S/1950/1",
                             "chapter": "VII", "measures": ["determine_threat", "call_for_ceasefire"]}))
    while state.phase != "council":
        state = then(instructor(state, "advance_phase"))
    state = then(instructor(state, "call_vote", draft="S/1950/1"))
    state = then(let_caretakers_act(state))
    if state.open_votes:
        state = then(instructor(state, "close_vote", draft="S/1950/1"))
    (adopted,) = [o for o in key_outcomes(Story.of(timeline)) if o.kind == "draft_adopted"]
    assert adopted.rule.startswith("Charter Art. 27(3) as it stood until 31 August 1965: seven ")
    said = message(adopted.rule)
    assert spaced(Translator("fr").render(said)).startswith(
        "Article 27, paragraphe 3, de la Charte, dans sa rédaction en vigueur jusqu'au 31 août "
        "1965 : sept voix affirmatives")
    assert Translator("es").render(said).startswith(
        "Artículo 27, párrafo 3, de la Carta, en su redacción vigente hasta el 31 de agosto de "
        "1965: siete votos afirmativos")


def test_the_first_of_a_month_in_french() -> None:
    """French writes «1er août 1950» (grammar.json ``first_day``), on the server and in the
    browser; the other days, and other languages, by the number."""
    from game_rules.messages import Date

    said = message("in reality, on {date}: {text}", date=Date("1950-08-01"), text="x")
    second = message("in reality, on {date}: {text}", date=Date("1950-08-02"), text="x")
    assert spaced(Translator("fr").render(said)) == "dans la réalité, le 1er août 1950 : x"
    assert spaced(Translator("fr").render(second)) == "dans la réalité, le 2 août 1950 : x"
    assert Translator("es").render(said) == "en la realidad, el 1 de agosto de 1950: x"
    messages = [m.to_json() for m in (said, second)]
    assert render_in_node("fr", messages) == ["dans la réalité, le 1er août 1950 : x",
                                              "dans la réalité, le 2 août 1950 : x"]
    assert render_in_node("es", messages[:1]) == ["en la realidad, el 1 de agosto de 1950: x"]


@pytest.mark.parametrize("lang", ["fr", "es"])
def test_korea_1950s_news_names_measures_as_the_draft_form_does(lang: str) -> None:
    """The French and Spanish news tells which measures a real resolution carried by the names
    the reader's draft form gives them, never by their codes ("authorize_force")."""
    import re

    from game_rules.council import KNOWN_MEASURES

    data = json.loads((ROOT / "game_rules/scenarios/korea-1950.json").read_text(encoding="utf-8"))
    codes = [m for m in KNOWN_MEASURES if "_" in m]
    left = [(code, text[:80]) for text in strings(data["translations"][lang]) for code in codes
            if re.search(rf"\b{code}\b", text)]
    assert left == []
    news = data["translations"][lang]["injects"]["r3-news"]["text"]["advanced"]
    for msgid in ("Authorise “all necessary means” (Art. 42)", "Request a report from the Secretary-General"):
        name = Translator(lang).gettext(msgid, "web").replace("«\u00a0", "“").replace("\u00a0»", "”")
        name = name.replace("«", "“").replace("»", "”").removesuffix(" (art. 42)")
        assert name in news, (name, news)


VETOED = "{countries}, with the power of a permanent member, {vetoed}: the strong shielding its interests."
BLOCKED = "{countries} {blocked}, putting its own line before the alliance's."


@pytest.mark.parametrize(("codes", "fr", "es"), [
    (("USA",), "Avec le pouvoir d'un membre permanent, les États-Unis ont opposé leur veto à S/1",
     "Con el poder de un miembro permanente, los Estados Unidos ejercieron el veto contra S/1"),
    (("RUS",), "Avec le pouvoir d'un membre permanent, la Russie a opposé son veto à S/1",
     "Con el poder de un miembro permanente, Rusia ejerció el veto contra S/1"),
    (("SUN",), "Avec le pouvoir d'un membre permanent, l'Union des Républiques socialistes "
               "soviétiques a opposé son veto à S/1",
     "Con el poder de un miembro permanente, la Unión de Repúblicas Socialistas Soviéticas ejerció "
     "el veto contra S/1"),
])
def test_the_realist_lens_vetoes_agree_with_the_state(codes: tuple[str, ...], fr: str, es: str) -> None:
    """A veto in the realist lens agrees with the state that cast it, not with the number of
    states: «les États-Unis ont opposé leur veto», «la Unión … ejerció el veto»; the whole
    sentence and its pieces alike."""
    from game_rules.library import shipped
    from game_rules.messages import Cite, Countries, plural_message

    scenario = shipped()["korea-1950"]
    vetoed = Cite(plural_message("vetoed {draft}", "vetoed {draft}", count=len(codes), draft="S/1"), 7)
    said = message(VETOED, countries=Countries(tuple(Country(c, c) for c in codes)), vetoed=vetoed)
    for lang, text in (("fr", fr), ("es", es)):
        whole = spaced(Translator(lang).render(said, scenario=scenario))
        pieces = spaced("".join(t for t, _ in Translator(lang).parts(said, scenario=scenario)))
        assert whole.startswith(text) and pieces == whole, (whole, pieces)


def test_a_block_in_the_alliance_agrees_with_the_state() -> None:
    from game_rules.messages import Cite, Countries, plural_message

    blocked = Cite(plural_message("blocked {item}", "blocked {item}", count=1, item="NAC/1"), 4)
    said = message(BLOCKED, countries=Countries((Country("NLD", "the Netherlands"),)), blocked=blocked)
    assert spaced(Translator("fr").render(said)) == (
        "Les Pays-Bas ont bloqué NAC/1, faisant passer leur propre ligne avant celle de l'Alliance.")
    assert Translator("es").render(said) == (
        "Los Países Bajos bloquearon NAC/1, anteponiendo su propia línea a la de la Alianza.")


@pytest.mark.parametrize(("fields", "fr", "es"), [
    ({"chapter": "VI", "measures": ["authorize_force"]},
     "« Autoriser “tous les moyens nécessaires” (art. 42) » est une mesure relevant des Articles 41",
     "«Autorizar “todos los medios necesarios” (art. 42)» es una medida"),
    ({"chapter": "VII", "measures": ["authorize_force"]},
     "ajoutez la mesure « Constater l'existence d'une menace contre la paix",
     "añade la medida «Determinar la existencia de una amenaza a la paz"),
    ({"procedural": True, "measures": ["condemn"]}, "« Condamner » est une question de fond",
     "«Condenar»"),
])
def test_a_refusal_names_the_measure_as_the_draft_form_does(fields: dict[str, Any], fr: str,
                                                             es: str) -> None:
    """The engine's refusals of a draft name its measures in the reader's language, never by
    their codes, and a name that holds quotation marks keeps them apart from the sentence's own
    (« … “…” … »)."""
    from game_rules.errors import RuleError
    from tests.test_scenarios import act, instructor, started

    state = started("korea-1950")
    while state.phase != "consultations":
        state, _ = instructor(state, "advance_phase")
    with pytest.raises(RuleError) as refused:
        act(state, {"actor": "USA", "kind": "table_draft", "title": "T", **fields})
    said = refused.value.msg
    assert said is not None
    for lang, words in (("fr", fr), ("es", es)):
        text = spaced(Translator(lang).render(said))
        assert words in text and "_" not in text, text
        # The page renders it with the browser's catalog, where a measure's name is the draft
        # form's: the same words.
        assert render_in_node(lang, [said.to_json()]) == [text]


def test_the_real_councils_votes_against_take_their_articles_in_spanish() -> None:
    """Korea 1950's Yugoslav draft, as the comparison with history says it: the states that
    voted against with their articles («la República de China, … el Reino Unido y los Estados
    Unidos en contra»), as the abstaining and the absent already had them."""
    from game_rules.history import compare

    timeline = korea_ended()
    history = compare(timeline.final, timeline.events).to_dict()
    said = next(m for m in _messages(history) if "1-7-2" in Translator("en").render(m))
    text = Translator("es").render(said, scenario=timeline.final.scenario)
    assert ("con la República de China, Cuba, Ecuador, Francia, Noruega, el Reino Unido y los "
            "Estados Unidos en contra") in text, text


def _messages(value: Any) -> Any:
    import contextlib

    from game_rules.messages import Msg

    if isinstance(value, dict):
        if "id" in value and "params" in value:
            with contextlib.suppress(ValueError):
                yield Msg.from_json(value)
        for inner in value.values():
            yield from _messages(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _messages(inner)


def test_the_rosters_count_of_students_online_in_french() -> None:
    """The roster counts by the number of students (English «1 of 2 students online»): French
    says it so that its noun goes with that number too («1 en ligne sur 2 élèves», not «1 élèves
    en ligne sur 2»)."""
    online = {"id": "{online} of {count} student online", "plural": "{online} of {count} students online"}
    shown = render_in_node("fr", [{**online, "params": {"count": 2, "online": 1}},
                                  {**online, "params": {"count": 1, "online": 0}}])
    assert shown == ["1 en ligne sur 2 élèves", "0 en ligne sur 1 élève"]
    assert render_in_node("es", [{**online, "params": {"count": 2, "online": 1}}]) == [
        "1 de 2 alumnos en línea"]
    # The join page's count of countries with room: no verb to agree with «1» counted by 13.
    room = {"id": "{free} of {count} country has room", "plural": "{free} of {count} countries have room"}
    assert render_in_node("fr", [{**room, "params": {"count": 13, "free": 1}}]) == [
        "de la place pour 1 pays sur 13"]
    assert render_in_node("es", [{**room, "params": {"count": 13, "free": 1}}]) == [
        "hay sitio en 1 de 13 países"]


def test_the_ladders_lowest_rung_is_named_as_the_pages_name_it() -> None:
    """A game that ends with the aggressor withdrawn ends at the ladder's lowest rung, which the
    escalation chart names as the student's table does («Aucune pression», «Sin presión»), not
    «aucune» (feminine, after «le niveau»)."""
    from game_rules.evolve import LEVEL_NAMES
    from game_rules.messages import N_

    ends = N_("Ends at {level} with deterrence {deterrence}.")
    texts = {lang: spaced(Translator(lang).format(
        ends, level=Translator(lang).gettext(LEVEL_NAMES["none"]), deterrence=15))
        for lang in ("en", "fr", "es")}
    assert texts == {"en": "Ends at no pressure with deterrence 15.",
                     "fr": "Se termine au niveau « aucune pression », avec une dissuasion de 15.",
                     "es": "Termina en el nivel «sin presión», con una disuasión de 15."}
    # The rung of an armed attack, as the table and the lenses say it: « attaque armée ».
    attack = Translator("fr").format(ends, level=Translator("fr").gettext(LEVEL_NAMES["armed_attack"]),
                                     deterrence=15)
    assert spaced(attack) == "Se termine au niveau « attaque armée », avec une dissuasion de 15."
