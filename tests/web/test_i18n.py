"""Languages (docs/i18n.md): the catalogs are current and complete, a viewer's language is
negotiated and kept with the seat, pages and the browser's catalog come in it, messages
render with Babel's locale data, and the pseudo-locales accent every string of the catalogs."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from server import catalogs, i18n
from server.app import create_app
from server.forks import FREE_TEXT
from server.settings import Settings
from server.translator import Translator

SCENARIO: dict[str, Any] = {
    "id": "languages", "title": "Languages", "countries": ["EST", "LVA", "USA", "FRA"],
    "bodies": {"NAC": {"members": ["EST", "LVA", "USA", "FRA"]}},
}
ENGLISH_WORD = re.compile(r"[A-Za-z]{2,}")


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    app = create_app(Settings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'i18n.db'}",
                              pseudo_locales=True))
    with TestClient(app) as c:
        yield c


# ---------------------------------------------------------------------------- the catalogs


def test_the_catalogs_are_current_and_complete() -> None:
    """Current against the sources, and every string translated: the pages, the browser, the
    server and the engine's own sentences."""
    problems = catalogs.problems()
    assert problems == [], "\n".join(problems[:40])


JS_CALL = re.compile(r"""\b(?:t|tn|tParts)\(\s*((?:"(?:[^"\\]|\\.)*"\s*\+\s*)*"(?:[^"\\]|\\.)*")""")
JS_COMMENT = re.compile(r"^[ \t]*//[^\n]*$|/\*.*?\*/", re.M | re.S)


def test_every_string_the_browser_translates_is_in_a_template() -> None:
    """Babel's JavaScript extractor skips a call nested in another's arguments and loses its
    way after a template literal inside another: every literal given to ``t``, ``tn`` or
    ``tParts`` must still reach a template, or it shows in English in every language."""
    import json

    extracted = {m.id[0] if isinstance(m.id, tuple) else m.id
                 for domain in i18n.DOMAINS for m in catalogs.read(catalogs.pot_path(domain))}
    missing = []
    for path in sorted((catalogs.ROOT / "web" / "static" / "js").rglob("*.js")):
        source = JS_COMMENT.sub("", path.read_text(encoding="utf-8"))
        for call in JS_CALL.finditer(source):
            text = "".join(json.loads(f'"{piece}"') for piece in
                           re.findall(r'"((?:[^"\\]|\\.)*)"', call.group(1)))
            if text not in extracted:
                missing.append(f"{path.name}: {text[:60]!r}")
    assert len(extracted) > 500
    assert missing == []


def test_every_string_the_server_and_the_engine_mark_is_in_a_template() -> None:
    """Babel's Python extractor reads no call inside an f-string nor inside another marked
    call's arguments: every ``N_``/``Nn_`` of the code must still reach the template."""
    from game_rules.messages import template_ids

    extracted = {m.id[0] if isinstance(m.id, tuple) else m.id
                 for m in catalogs.read(catalogs.pot_path("messages"))}
    missing = [f"{path.name}: {msgid[:60]!r}"
               for top in ("game_rules", "server")
               for path in sorted((catalogs.ROOT / top).rglob("*.py"))
               for msgid, _ in template_ids(path.read_text(encoding="utf-8"))
               if msgid not in extracted]
    assert missing == []


def test_a_string_added_to_the_sources_makes_the_template_stale(monkeypatch: pytest.MonkeyPatch) -> None:
    real = catalogs.extract

    def more(domain: str) -> Any:
        catalog = real(domain)
        catalog.add("A sentence nobody extracted yet", locations=[("web/static/js/x.js", 0)])
        return catalog

    monkeypatch.setattr(catalogs, "extract", more)
    assert any("is stale" in line for line in catalogs.problems())


def test_a_translation_that_drops_a_placeholder_is_reported() -> None:
    assert catalogs.placeholders("{country@Def} a opposé son veto à {draft}") == {"country", "draft"}
    assert catalogs.placeholders("%(code)s") == {"code"}


def test_the_compiled_catalogs_come_from_the_po_files(tmp_path: Path) -> None:
    po = catalogs.po_path("fr", "messages")
    mo = tmp_path / "messages.mo"
    i18n.compile_po(po, mo)
    import gettext

    with mo.open("rb") as source:
        compiled = gettext.GNUTranslations(source)
    assert compiled.gettext("Join a game") == "Rejoindre une partie"


def test_every_msgid_of_the_messages_domain_renders_pseudo_accented() -> None:
    tr = Translator("qps")
    ids = i18n.template_msgids("messages")
    assert len(ids) > 100
    for msgid in ids:
        text = tr.render({"id": msgid, "params": {}})
        visible = re.sub(r"\{[^{}]*\}|%\(\w+\)[sr]|<[^<>]*>|&\w+;", "", text)
        assert text.startswith("[") and text.endswith("]"), msgid
        assert not ENGLISH_WORD.search(visible), (msgid, text)


CODES_IN_MESSAGES = {
    ("game_rules/lab.py", "changes"): "the counterfactuals' codes, for the API's caller",
    ("game_rules/scenario.py", "codes"): "the codes a scenario file may write, for its author",
    ("game_rules/scenario.py", "ids"): "the scenario's own incident ids",
    ("game_rules/translations.py", "ids"): "the scenario's own ids, for its translator",
    ("game_rules/translations.py", "languages"): "language codes (fr, es)",
    ("game_rules/validator.py", "total"): "a number",
    ("game_rules/replay.py", "kind"): "the last resort for an event no label names (none of "
                                      "the decision points: see the test below)",
    ("game_rules/story.py", "kind"): "the last resort for a shift no event explains",
    ("game_rules/evolve.py", "kind"): "an incident's kind no name is known for (every kind the "
                                      "scenario schema allows has one)",
    ("game_rules/replay.py", "rule"): "a rule change no name is known for (every rule "
                                      "change_rules allows has one)",
}
"""Parameters of messages that are made from codes in code, each with why it stays a code."""


def _english_made_in_code(value: ast.expr) -> bool:
    """A parameter's value that is words written or made in code: a literal with letters, an
    f-string, a code with its underscores replaced, codes joined by commas."""
    if isinstance(value, ast.Constant):
        return isinstance(value.value, str) and any(ch.isalpha() for ch in value.value)
    if isinstance(value, ast.JoinedStr):
        return True
    if isinstance(value, ast.IfExp):
        return _english_made_in_code(value.body) or _english_made_in_code(value.orelse)
    return isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute) \
        and value.func.attr in ("replace", "join", "title", "capitalize", "upper", "lower")


def test_no_message_takes_english_words_made_in_code() -> None:
    """Every sentence the engine and the server emit is a message whose parameters are data
    (codes of states, numbers, dates, symbols, what people typed) or messages: a parameter
    written in English in code would stay English in every language."""
    root = Path(__file__).resolve().parents[2]
    found: dict[tuple[str, str], str] = {}
    for path in sorted([*(root / "game_rules").rglob("*.py"), *(root / "server").rglob("*.py")]):
        where = str(path.relative_to(root))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) in ("message",
                                                                                 "plural_message"):
                for keyword in node.keywords:
                    if keyword.arg and _english_made_in_code(keyword.value):
                        found[(where, keyword.arg)] = f"{where}:{node.lineno}: {keyword.arg}=" \
                                                      f"{ast.unparse(keyword.value)}"
    assert [line for key, line in found.items() if key not in CODES_IN_MESSAGES] == []


def test_every_decision_point_of_the_replay_has_its_own_label() -> None:
    """The replay's label of each decision point is a sentence of its own, not the event's
    kind in English (game_rules/replay.py, ``label_msg``)."""
    import inspect

    from game_rules import events as ev
    from game_rules import replay

    named = set(re.findall(r"ev\.(\w+)", inspect.getsource(replay.label_msg)))
    kinds = {cls.model_fields["kind"].default: name for name, cls in vars(ev).items()
             if isinstance(cls, type) and hasattr(cls, "model_fields") and "kind" in cls.model_fields}
    assert [kind for kind in replay.DECISION_KINDS if kinds.get(kind) not in named] == []


def _messages(data: Any, path: str = "") -> Iterator[tuple[str, Any]]:
    """Every message (``<field>_msg``) in a JSON answer, with where it stands."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key.endswith("_msg") and value:
                if isinstance(value, list):
                    yield from ((f"{path}.{key}[{i}]", m) for i, m in enumerate(value))
                elif isinstance(value, dict) and "id" not in value:
                    yield from ((f"{path}.{key}.{k}", m) for k, m in value.items())
                else:
                    yield f"{path}.{key}", value
            else:
                yield from _messages(value, f"{path}.{key}")
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _messages(value, f"{path}[{i}]")


def _typed(game: Any) -> list[str]:
    """What people typed in a game and its scenario's own texts (titles, news): data, shown
    as written in every language. Longest first, so that a text goes before its parts."""
    found: set[str] = set()

    def strings(value: Any) -> None:
        if isinstance(value, str):
            found.add(value)
        elif isinstance(value, dict):
            for v in value.values():
                strings(v)
        elif isinstance(value, list | tuple):
            for v in value:
                strings(v)

    for action in game.actions:
        strings({k: v for k, v in action.items() if k in FREE_TEXT})
    strings(game.scenario.model_dump())
    return sorted((t for t in found if len(t) > 3), key=len, reverse=True)


DATA_WORDS = re.compile(r"\b[A-Z]{1,4}(?:/RES)?/\d{4}/\d+\b|\bS/RES/\d+|\b[A-Z]{1,4}-\d+/\d+"
                        r"|\b[A-Z]{3}\b|\bP\d+\b")
"""Symbols: drafts, resolutions (ES-11/1), texts of the allies, countries' codes, pledges."""


def _english_left(text: str, typed: list[str]) -> list[str]:
    for known in typed:
        text = text.replace(known, " ")
    return ENGLISH_WORD.findall(DATA_WORDS.sub(" ", text))


def _sentences_without_message(data: Any, path: str = "") -> Iterator[str]:
    """Text fields of a JSON answer that read as English sentences and have no ``_msg``
    sibling (what the page could only show in English)."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key.endswith("_msg"):
                continue
            if isinstance(value, str) and " " in value and ENGLISH_WORD.search(value) \
                    and f"{key}_msg" not in data:
                yield f"{path}.{key}: {value[:80]!r}"
            else:
                yield from _sentences_without_message(value, f"{path}.{key}")
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _sentences_without_message(value, f"{path}[{i}]")


DEBRIEF_SECTIONS = ("lenses", "realist", "liberal", "constructivist", "outcomes", "escalation",
                    "history")
"""The debrief's sections whose every sentence is a message."""
NOT_SENTENCES = (re.compile(r"\.lenses\[\d+\]\.reading\[\d+\]\.text"),  # text_msg, in pieces
                 re.compile(r"\.name: "),  # a state's English name: pages use CLDR's
                 re.compile(r"\.said\.text"))  # what a state said, as typed


def test_every_sentence_of_a_played_games_debrief_is_a_message_the_pseudo_locale_accents() -> None:
    from bench.classgame import play
    from game_rules.debrief import debrief

    game = play()
    data = debrief(game.timeline())
    tr = Translator("qps")
    typed = _typed(game)
    sections = {key: data[key] for key in DEBRIEF_SECTIONS}
    found = list(_messages(sections))
    assert len(found) > 200
    english = []
    for where, msg in found:
        text = tr.render(msg)
        if _english_left(text, typed):
            english.append(f"{where}: {_english_left(text, typed)[:5]} {text[:100]}")
    assert english == []
    bare = [line for line in _sentences_without_message(sections)
            if not any(p.search(line) for p in NOT_SENTENCES)]
    assert bare == []


def _february_2022_beside_history() -> tuple[Any, dict[str, Any]]:
    """February 2022 played: the veto and Article 4 beside history, the real decisions the class
    never reached, the replay's marks of the real dates."""
    from game_rules.history import compare, marks, round_starts
    from tests.rules.test_history_comparison import Game

    game = Game("february-2022")
    game.next_round()
    game.vote_on("S/2022/155", "USA", title="Aggression against Ukraine", chapter="VI",
                 measures=["deplore", "demand_ceasefire", "demand_withdrawal"])
    game.to_phase("consultations")
    game.act({"actor": "POL", "kind": "request_consultations", "concern": "The invasion"})
    return game, {"history": compare(game.state, game.log).to_dict(),
                  "marks": marks(game.state.scenario, round_starts(game.log))}


def _english_in_messages(data: Any, scenario: Any, typed: list[str]) -> tuple[list[str], list[str]]:
    """The messages of ``data`` that hold English in the pseudo-locale, and the scenario's texts
    they name that are shown in the scenario's language, declared as such (as a page marks
    them with their ``lang``): the pseudo-locale has no translation of any."""
    tr = Translator("qps")
    declared: list[str] = []

    def own(text: str, lang: str) -> str:
        declared.append(f"{lang}: {text}")
        return " "

    english = []
    for where, msg in _messages(data):
        text = tr.render(msg, scenario=scenario, untranslated=own)
        if _english_left(text, typed):
            english.append(f"{where}: {tr.render(msg, scenario=scenario)[:100]}")
    return english, declared


def test_the_comparison_with_history_and_its_dates_in_the_pseudo_locale() -> None:
    """No English in the comparison but what the class typed: the real events' words (the
    history track's ``proposed``) are the scenario's texts named by their key, declared where
    shown in the scenario's language."""
    game, data = _february_2022_beside_history()
    scenario = game.state.scenario
    assert len(list(_messages(data))) >= 20
    english, declared = _english_in_messages(data, scenario, ["Aggression against Ukraine"])
    assert english == []
    invasion = next(e for e in scenario.history if e.body == "WORLD")
    assert f"en: {invasion.proposed.rstrip('.')}" in declared
    bare = [line for line in _sentences_without_message(data)
            if not re.search(r"\.(proposed|source|url|when|symbol): ", line)]
    assert bare == []
    veto = data["history"]["pairs"][0]
    assert Translator("fr").render(veto["sentence_msg"]).startswith(
        "Au tour 2, dans votre Conseil, S/2022/155")
    assert "25 février 2022" in Translator("fr").render(veto["sentence_msg"])


def test_the_pseudo_locale_catches_a_real_events_words_copied_into_a_message() -> None:
    """The check above fails on an event of the world whose words are put into its sentence
    as English (a plain parameter: no key, no translation, nothing to declare them by)."""
    from game_rules.messages import Date, message

    game, data = _february_2022_beside_history()
    scenario = game.state.scenario
    invasion = next(e for e in scenario.history if e.body == "WORLD")
    mark = next(m for m in data["marks"] if m["entry"] == invasion.id)
    mark["label_msg"] = message("in reality, on {date}: {text}", date=Date(invasion.date),
                                text=invasion.proposed).as_sentence().to_json()
    english, _declared = _english_in_messages(data, scenario, ["Aggression against Ukraine"])
    assert len(english) == 1 and "Russian Federation" in english[0], english


def test_the_debriefs_charts_in_the_viewers_language() -> None:
    from bench.classgame import play
    from game_rules.debrief import escalation_marks
    from game_rules.story import Story
    from server import charts

    game = play()
    timeline = game.timeline()
    marks = escalation_marks(Story.of(timeline))
    tr = Translator("qps")
    pictures = [charts.crisis_chart(timeline.crisis_series(), timeline.seq,
                                    rounds=marks["rounds"], marks=marks["marks"], tr=tr),
                charts.agreement_chart(timeline.final, tr=tr),
                charts.network_chart(timeline.final, tr=tr)]
    typed = _typed(game)
    for svg in pictures:
        words = re.sub(r"<[^>]*>", " ", svg)
        assert "[" in words and _english_left(words, typed) == [], words[:300]
    french = charts.crisis_chart(timeline.crisis_series(), timeline.seq, rounds=marks["rounds"],
                                 marks=marks["marks"], tr=Translator("fr"))
    assert "<title>Escalade et dissuasion au fil de la partie</title>" in french


BAD_SCENARIO: dict[str, Any] = {
    "id": "bad", "title": "Bad", "date": "1982-04-03", "rounds": 2,
    "countries": [{"code": "FRA", "caretaker": {"vote": {"no_if": ["sanctons"]}}}, "GER", "XAB",
                  "FRA"],
    "bodies": {"UNSC": {"permanent": ["FRA"], "threshold": 5, "presdent": "FRA"}},
    "incidents": [{"id": "i1", "target": "FRA", "attacker": "FRA"}],
    "injects": [{"id": "n1", "title": "News", "round": 4, "when": {"incident": "i2"}}]}
"""A scenario with a dozen problems of the kinds an author makes."""
PROBLEM_DATA = re.compile(r"\b[a-z_]+(?:\[\d+\])?(?:\.[a-z_]+(?:\[\d+\])?)+\b|"
                          r"[«“\"][^»”\"]*[»”\"]|\b[A-Z]{3}\b")
"""What a problem quotes as data: places in the file, quoted names, codes."""


def test_a_scenarios_problems_and_notes_are_messages_in_the_readers_language() -> None:
    from game_rules.errors import ScenarioError
    from game_rules.scenario import load_scenario
    from game_rules.validator import notes_msg

    with pytest.raises(ScenarioError) as caught:
        load_scenario(BAD_SCENARIO)
    said = caught.value.said
    assert len(said) >= 8 and [p for p, _ in said] == [p for p, _ in caught.value.problems]
    qps = Translator("qps")
    english = [f"{place}: {qps.render(msg)}" for place, msg in said
               if ENGLISH_WORD.search(PROBLEM_DATA.sub(" ", qps.render(msg)))]
    assert english == []
    fr = Translator("fr")
    lines = [line.replace("\u00a0", " ") for line in caught.value.lines(fr.render)]
    assert 'countries[1]: pays inconnu « GER » : vouliez-vous dire « DEU » (Allemagne) ?' \
        in lines, lines
    assert "bodies.UNSC.presdent: champ inconnu « presdent » (vouliez-vous dire « president » ?)" \
        in lines, lines
    sc = load_scenario({"id": "n", "title": "N", "date": "1982-04-03",
                        "options": {"veto_initiative": True}, "countries": ["FRA"]})
    (place, note), = notes_msg(sc)
    assert place == "options.veto_initiative"
    assert Translator("es").render(note).startswith("el debate de la Asamblea General tras un veto")


def test_the_editor_and_the_command_line_say_a_scenarios_problems_in_the_language_asked(
        client: TestClient, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    from server.cli import main

    answer = client.post("/api/scenarios/check", json={"scenario": BAD_SCENARIO}).json()
    assert not answer["valid"]
    assert all(p["problem_msg"] for p in answer["problems"])
    es = Translator("es")
    assert es.render(answer["summary_msg"]).endswith("problemas:")
    assert {es.render(p["problem_msg"]) for p in answer["problems"]} & {
        "«FRA» figura dos veces", "un Estado no puede atacarse a sí mismo"}
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(BAD_SCENARIO), encoding="utf-8")
    assert main(["scenario", "validate", "--lang", "fr", str(path)]) == 1
    err = capsys.readouterr().err
    assert "un État ne peut pas s'attaquer lui-même" in err and "incidents[0].attacker" in err
    assert main(["scenario", "validate", "--lang", "xx", str(path)]) == 1
    assert "unknown language 'xx'" in capsys.readouterr().err
    record = {"scenario": "sandbox", "seed": 1,
              "actions": [{"actor": "instructor", "kind": "start"},
                          {"actor": "FRA", "kind": "vote", "draft": "S/1", "vote": "yes"}]}
    path.write_text(json.dumps(record), encoding="utf-8")
    assert main(["replay", str(path)]) == 0
    english = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert main(["replay", "--lang", "es", str(path)]) == 0
    spanish = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [list(line) for line in spanish] == [list(line) for line in english]
    refused = spanish[1]
    assert not refused["ok"] and refused["code"] == english[1]["code"]
    assert english[1]["message"] == 'There is no draft "S/1".'
    assert refused["message"] == "No hay ningún proyecto «S/1»."


def test_a_lens_reading_cites_its_moments_in_the_readers_language() -> None:
    from bench.classgame import play
    from game_rules.debrief import debrief

    data = debrief(play().timeline())
    realist = next(r for r in data["lenses"] if r["lens"] == "realist")
    english = {seq: text for text, seq in Translator("en").parts(realist["text_msg"]) if seq}
    french = {seq: text for text, seq in Translator("fr").parts(realist["text_msg"]) if seq}
    assert english == {p["seq"]: p["text"] for p in realist["reading"] if p["seq"]}
    assert set(french) == set(english) == set(realist["moments"])
    veto = next(seq for seq, text in english.items() if text.startswith("vetoed"))
    assert french[veto] == "à S/2026/1"   # the verb agrees with the state, outside the link
    assert "".join(t for t, _ in Translator("es").parts(realist["text_msg"])) == \
        Translator("es").render(realist["text_msg"])


def test_a_students_moves_beside_the_reflection_are_messages_in_the_readers_language() -> None:
    """Each move the instructor reads beside a student's reflection (server/reflection.py) is
    a message: in ``qps`` no English word is left but the symbols and what the student typed."""
    from server.reflection import MOVE_CHOICES, MOVES, _move

    field = {"vote": "vote", "pledge": "response", "say": "channel"}
    bodies = [{"kind": kind, "draft": "S/2026/1", "item": "NAC/2026/1"} for kind in MOVES]
    bodies += [{"kind": kind, field[kind]: choice, "draft": "S/2026/1", "text": "Typed here"}
               if kind in field else {"kind": kind} for kind, choice in MOVE_CHOICES]
    bodies += [{"kind": "say", "channel": "est-pol", "text": "Typed here"}, {"kind": "skip_time"}]
    qps, fr = Translator("qps"), Translator("fr")
    left = {}
    for body in bodies:
        move = _move(body, 7)
        rendered = qps.render(move["text_msg"])
        words = _english_left(rendered.replace("est-pol", " ").replace("skip_time", " "),
                              ["Typed here"])
        if words:
            left[str(body)] = rendered
    assert left == {}
    assert fr.render(_move({"kind": "vote", "draft": "S/2026/1", "vote": "no"}, 7)["text_msg"]) \
        == "A voté contre S/2026/1"


def test_the_labs_assumptions_and_counterfactuals_in_the_viewers_language(
        client: TestClient) -> None:
    info = client.get("/api/lab-changes").json()
    assert len(info["assumptions_msg"]) == len(info["assumptions"]) >= 5
    assert set(info["changes_msg"]) == set(info["changes"])
    fr, qps = Translator("fr"), Translator("qps")
    assert fr.render(info["changes_msg"]["no_veto"]).startswith("Pas de veto")
    for msg in [*info["assumptions_msg"], *info["changes_msg"].values()]:
        text = qps.render(msg)
        assert text.startswith("[") and not ENGLISH_WORD.search(text), text


def test_a_string_outside_the_catalog_stays_english_in_the_pseudo_locale() -> None:
    tr = Translator("qps")
    assert tr.gettext("A sentence nobody extracted") == "A sentence nobody extracted"
    assert tr.gettext("Join a game") == "[Ĵöîñ å ĝåɱé]"


# ---------------------------------------------------------------------------- rendering


def test_numbers_dates_lists_and_countries_in_each_language() -> None:
    fr, es, en = Translator("fr"), Translator("es"), Translator("en")
    assert fr.number(1234) == "1\u202f234"
    assert es.number(1234567) == "1.234.567"
    assert en.number(1234) == "1,234"
    assert fr.date("2022-04-26") == "26 avril 2022"
    assert es.date("2022-04-26") == "26 de abril de 2022"
    assert en.date("2022-04-26") == "26 April 2022"
    countries = {"countries": [{"country": "FRA"}, {"country": "DEU"}, {"country": "BEL"}]}
    assert fr.param(countries) == "France, Allemagne et Belgique"
    assert fr.param(countries, "def") == "la France, l’Allemagne et la Belgique".replace("’", "'")
    assert es.param(countries) == "Francia, Alemania y Bélgica"
    assert fr.country({"country": "USA", "name": "the United States"}, "Of") == "Des États-Unis"
    assert fr.country({"country": "GBR"}, "to") == "au Royaume-Uni"
    assert fr.country({"country": "ISR"}, "of") == "d'Israël"
    assert es.country({"country": "GBR"}, "of") == "del Reino Unido"
    # English keeps the game's own names; a name CLDR lacks falls back to it.
    assert en.country({"country": "RUS", "name": "the Russian Federation"}) == "the Russian Federation"
    assert fr.country({"country": "XMR", "name": "Maradia"}) == "Maradia"
    assert fr.country({"country": "FRA"}, names={"FRA": "République française"}) == "République française"


def test_a_message_renders_with_its_parameters_and_plural() -> None:
    fr = Translator("fr")
    msg = {"id": "The team of {country} is full. Choose another country.",
           "params": {"country": {"country": "EST", "name": "Estonia"}}}
    assert fr.render(msg) == "L'équipe de l'Estonie est complète. Choisissez un autre pays."
    assert Translator("en").render(msg) == "The team of Estonia is full. Choose another country."
    assert fr.render({"id": "This game has its {count} seats taken.", "params": {"count": 300}}) \
        == "Les 300 places de cette partie sont prises."
    nested = {"id": "Action {n} did not replay: {reason}",
              "params": {"n": 2, "reason": {"msg": {"id": "There is no such game.", "params": {}}}}}
    assert fr.render(nested) == "L'action 2 ne s'est pas rejouée\u00a0: Cette partie n'existe pas."


def test_pseudo_text_keeps_placeholders_tags_and_entities() -> None:
    assert i18n.pseudo("Join at <span id=\"x\"></span> {code} %(n)s &amp;") == \
        "[Ĵöîñ åţ <span id=\"x\"></span> {code} %(n)s &amp;]"


# ---------------------------------------------------------------------------- negotiation


@pytest.mark.parametrize(("query", "seat", "cookie", "header", "expected"), [
    ("es", "fr", "fr", "fr", "es"),
    (None, "fr", "es", "es", "fr"),
    (None, None, "es", "fr", "es"),
    (None, None, None, "de-CH, fr-CA;q=0.8, en;q=0.5", "fr"),
    (None, None, None, "es-419,es;q=0.9", "es"),
    ("zz", None, None, "de", "en"),
    (None, None, None, "qps", "en"),
    (None, None, None, "en;q=0, es;q=0.1", "es"),
])
def test_the_language_is_negotiated_in_order(query: str | None, seat: str | None, cookie: str | None,
                                             header: str | None, expected: str) -> None:
    assert i18n.negotiate(query, seat, cookie, header, ("en", "fr", "es")) == expected


def test_the_pseudo_locales_are_only_spoken_when_turned_on() -> None:
    assert "qps" not in i18n.available(False)
    assert i18n.available(True)[-2:] == ("qps", "qps-rtl")
    assert i18n.negotiate("qps-rtl", languages=i18n.available(True)) == "qps-rtl"


# ---------------------------------------------------------------------------- pages and seats


def test_a_page_comes_in_the_browsers_language_with_its_direction(client: TestClient) -> None:
    page = client.get("/", headers={"accept-language": "fr-FR,fr;q=0.9"})
    assert '<html lang="fr" dir="ltr"' in page.text
    assert "Rejoindre une partie" in page.text and page.headers["content-language"] == "fr"
    assert "<title>Rejoindre une partie · Crisis Table</title>" in page.text
    rtl = client.get("/?lang=qps-rtl")
    assert '<html lang="qps-rtl" dir="rtl"' in rtl.text and "[Ĵöîñ å ĝåɱé]" in rtl.text
    # ?lang= is remembered in the cookie for the next pages.
    assert client.cookies.get("ct_lang") == "qps-rtl"
    assert '<html lang="qps-rtl"' in client.get("/new").text


def test_the_browsers_catalog(client: TestClient) -> None:
    page = client.get("/?lang=es")
    url = re.search(r'data-i18n="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
    answer = client.get(url.replace("&amp;", "&"))
    assert answer.status_code == 200 and "immutable" in answer.headers["cache-control"]
    catalog = answer.json()
    assert catalog["lang"] == "es" and catalog["dir"] == "ltr"
    assert catalog["messages"]["Take my seat"] == "Ocupar mi puesto"
    assert catalog["territories"]["FR"] == "Francia" and catalog["alpha3"]["FRA"] == "FR"
    assert catalog["list"]["end"] == "{0} y {1}"
    assert catalog["dates"]["months_wide"][3] == "abril"
    assert catalog["plural_tags"][-1] == "other"
    forms = catalog["plurals"]["{count} player"]
    assert len(forms) == len(catalog["plural_tags"]) and forms[0] == "{count} jugador"
    pseudo = client.get("/i18n/qps.json").json()
    assert pseudo["messages"]["Take my seat"] == "[Ţåķé ɱý šéåţ]"
    assert pseudo["territories"]["FR"] == "Ƒŕåñçé"


@pytest.mark.parametrize("name", ["zz.json", "fr", "../fr.json", "FR.json"])
def test_an_unknown_language_has_no_catalog(client: TestClient, name: str) -> None:
    answer = client.get(f"/i18n/{name}")
    assert answer.status_code == 404
    assert answer.json()["error"]["code"] in ("unknown_language", "not_found")


def test_the_seats_language_is_stored_and_kept_on_rejoin(client: TestClient) -> None:
    game = client.post("/api/games", json={"scenario": SCENARIO}).json()
    code = game["code"]
    seat = client.post(f"/api/join/{code}", json={"nickname": "Amélie", "country": "EST",
                                                  "language": "fr-FR"}).json()
    assert seat["language"] == "fr"
    assert client.cookies.get("ct_lang") == "fr"
    client.cookies.delete("ct_lang")
    # The table comes in the seat's language whatever the browser says.
    table = client.get(f"/play/{code}", headers={"accept-language": "es"})
    assert '<html lang="fr"' in table.text
    assert client.get(f"/api/join/{code}/me").json()["language"] == "fr"
    # A rejoin link keeps it.
    key = {"Authorization": f"Bearer {game['instructor_key']}"}
    reset = client.post(f"/api/games/{game['game_id']}/seats/{seat['seat_id']}/reset", headers=key).json()
    client.cookies.clear()
    link, token = reset["rejoin_url"].split("#token=")
    assert link.endswith(f"/rejoin/{code}?lang=fr")   # the rejoin page, too, in the seat's language
    page = client.get("/" + link.split("/", 3)[3], headers={"accept-language": "es"})
    assert '<html lang="fr"' in page.text
    client.cookies.clear()
    resumed = client.post(f"/api/join/{code}/resume", json={"token": token}).json()
    assert resumed["language"] == "fr" and client.cookies.get("ct_lang") == "fr"
    # The table's chooser changes it for the seat.
    assert '<html lang="es"' in client.get(f"/play/{code}?lang=es").text
    assert client.get(f"/api/join/{code}/me").json()["language"] == "es"
    changed = client.put(f"/api/join/{code}/me/language", json={"language": "en"})
    assert changed.status_code == 200 and changed.json()["language"] == "en"


def test_two_seats_of_one_game_read_it_in_two_languages(client: TestClient) -> None:
    game = client.post("/api/games", json={"scenario": SCENARIO}).json()
    code = game["code"]
    client.post(f"/api/join/{code}", json={"nickname": "Ana", "country": "EST", "language": "es"})
    ana = dict(client.cookies)
    client.cookies.clear()
    client.post(f"/api/join/{code}", json={"nickname": "Ben", "country": "LVA", "language": "en"})
    ben = dict(client.cookies)
    for cookies, lang in ((ana, "es"), (ben, "en"), (ana, "es")):
        client.cookies.clear()
        client.cookies.update({k: v for k, v in cookies.items() if k != "ct_lang"})
        assert f'<html lang="{lang}"' in client.get(f"/play/{code}").text


@pytest.mark.parametrize("language", ["zz", "klingon", 7, "de"])
def test_a_language_the_server_does_not_speak_is_refused(client: TestClient, language: Any) -> None:
    game = client.post("/api/games", json={"scenario": SCENARIO}).json()
    answer = client.post(f"/api/join/{game['code']}", json={"nickname": "Eve", "language": language})
    assert answer.status_code == 422
    error = answer.json()["error"]
    assert error["code"] in ("unknown_language", "invalid_request")
    if error["code"] == "unknown_language":
        assert error["msg"]["params"]["languages"].startswith("en, ")


def test_an_error_carries_its_message_for_the_viewers_language(client: TestClient) -> None:
    game = client.post("/api/games", json={"scenario": SCENARIO}).json()
    for name in ("Eve", "eve"):
        answer = client.post(f"/api/join/{game['code']}", json={"nickname": name, "country": "EST"})
    error = answer.json()["error"]
    assert error["code"] == "nickname_taken"
    assert error["message"] == ("Someone in this game is already called \u201ceve\u201d. Pick another "
                                "nickname.")
    assert error["msg"] == {"id": "Someone in this game is already called \u201c{name}\u201d. Pick another "
                                  "nickname.", "params": {"name": "eve"}}
    assert Translator("es").render(error["msg"]).startswith("Alguien en esta partida ya se llama")


def test_an_engine_refusal_over_http_carries_the_engines_message(client: TestClient) -> None:
    game = client.post("/api/games", json={"scenario": SCENARIO}).json()
    key = {"X-Instructor-Key": game["instructor_key"]}
    path = f"/api/games/{game['game_id']}/actions"
    client.post(path, json={"action": {"kind": "start"}}, headers=key)
    error = client.post(path, json={"action": {"kind": "start"}}, headers=key).json()["error"]
    assert error["code"] == "already_started"
    assert error["message"] == "The game has already started."
    assert error["msg"]["id"] == "The game has already started."
    assert Translator("fr").render(error["msg"]) == "La partie a déjà commencé."


def test_the_grading_csv_in_the_language_asked(client: TestClient) -> None:
    game = client.post("/api/games", json={"scenario": SCENARIO}).json()
    key = {"Authorization": f"Bearer {game['instructor_key']}"}
    client.post(f"/api/join/{game['code']}", json={"nickname": "Zoé", "country": "EST"})
    client.post(f"/api/games/{game['game_id']}/actions", headers=key,
                json={"action": {"kind": "start"}})
    for lang, header, who in (("fr", "action,heure_utc,pays,équipe,élève,par", "enseignant"),
                              ("es", "acción,hora_utc,país,equipo,alumno,por", "docente"),
                              ("en", "action,time_utc,country,team,student,by", "instructor")):
        text = client.get(f"/api/games/{game['game_id']}/export.csv?lang={lang}",
                          headers=key).content.decode("utf-8-sig")
        lines = text.splitlines()
        assert lines[0].startswith(header), lines[0]
        assert any(f",{who},start," in line for line in lines), lines


# ---------------------------------------------------------------------------- the protocol's words


def _frame(ws: Any, kind: str = "error") -> dict[str, Any]:
    for _ in range(50):
        frame: dict[str, Any] = ws.receive_json()
        if frame["type"] == kind:
            return frame
    raise AssertionError(f"no {kind} frame")


def test_the_websockets_errors_carry_their_message_for_the_readers_language(
        client: TestClient) -> None:
    """Every error frame says its sentence as a message too (``msg``), which a page renders in
    its reader's language: a bad frame, a rate limit, an unknown seat, a hand-over."""
    game = client.post("/api/games", json={"scenario": SCENARIO}).json()
    token = client.post(f"/api/join/{game['code']}",
                        json={"nickname": "Eva", "country": "EST"}).json()["token"]
    client.post(f"/api/games/{game['game_id']}/actions", json={"action": {"kind": "start"}},
                headers={"X-Instructor-Key": game["instructor_key"]})
    fr, es = Translator("fr"), Translator("es")
    with client.websocket_connect("/ws") as ws:
        ws.send_text("{not json")
        bad = _frame(ws)
        assert bad["code"] == "malformed_frame" and bad["msg"]["id"] == bad["message"]
        assert fr.render(bad["msg"]) == "La trame n'est pas du JSON valide."
        ws.send_json({"type": "sync"})
        early = _frame(ws)
        assert early["code"] == "not_joined" and es.render(early["msg"]) == "Envía primero hello."
        ws.send_json({"type": "hello", "token": "no-such-token"})
        unknown = _frame(ws)
        assert unknown["code"] == "bad_token"
        assert fr.render(unknown["msg"]).startswith("Cette place ou ce code est inconnu")
        ws.send_json({"type": "warp"})
        kind = _frame(ws)
        assert kind["code"] == "unknown_frame" and kind["msg"]["params"] == {"type": "warp"}
        assert es.render(kind["msg"]) == "Tipo de trama desconocido: warp."
    with client.websocket_connect("/ws") as ws:
        ws.send_json({"type": "hello", "token": token})
        _frame(ws, "welcome")
        for n in range(30):
            ws.send_json({"type": "ping", "t": n})
        frames = [ws.receive_json() for _ in range(30)]
        limited = [f for f in frames if f["type"] == "error"]
        assert limited and limited[0]["code"] == "rate_limited", frames[-3:]
        assert fr.render(limited[0]["msg"]).startswith("Trop de pings à la fois")
        ws.send_json({"type": "act", "client_id": "c1", "action": {"kind": "say", "channel": "public",
                                                                   "text": "Hi", "actor": "LVA"}})
        refused = _frame(ws)
        assert refused["code"] == "not_your_country"
        assert refused["message"] == "You sit for Estonia; you cannot act for Latvia."
        assert fr.render(refused["msg"]) == ("Vous représentez l'Estonie\u00a0; vous ne pouvez pas agir "
                                             "au nom de la Lettonie.")
        assert Translator("es").render(refused["msg"]) == (
            "Representas a Estonia; no puedes actuar en nombre de Letonia.")
        ws.send_json({"type": "act", "client_id": "c2", "action": {"kind": "say", "channel": "public",
                                                                   "text": "Hi", "actor": "instructor"}})
        claimed = _frame(ws)
        assert claimed["code"] == "not_your_country"
        assert fr.render(claimed["msg"]) == ("Vous représentez l'Estonie\u00a0; vous ne pouvez agir pour "
                                             "personne d'autre.")
        # The instructor hands Estonia to its caretaker: the seat is told why, in its words.
        client.post(f"/api/games/{game['game_id']}/actions",
                    headers={"X-Instructor-Key": game["instructor_key"]},
                    json={"action": {"kind": "set_caretaker", "country": "EST", "caretaker": True}})
        told = _frame(ws)
        assert told["code"] == "with_caretaker" and "Estonia" in told["message"]
        assert fr.render(told["msg"]).startswith("Votre enseignant a fait de l'Estonie un pays automatique")
        assert es.render(told["msg"]).startswith("Tu docente ha convertido a Estonia en un país automático")


def test_the_writers_own_refusals_are_messages() -> None:
    from server.decide import BUSY, HELD, LAPSED

    for outcome in (BUSY, HELD, LAPSED):
        assert outcome.msg is not None and outcome.msg["id"] == outcome.message
        for lang in ("fr", "es"):
            assert Translator(lang).render(outcome.msg) != outcome.message, (lang, outcome.code)


def test_percentages_as_each_language_writes_them(client: TestClient) -> None:
    assert [Translator(lang).percent(0.45) for lang in ("en", "fr", "es")] == [
        "45%", "45\u00a0%", "45\u00a0%"]
    for lang, pattern in (("en", "{0}%"), ("fr", "{0}\u00a0%"), ("es", "{0}\u00a0%")):
        assert client.get(f"/i18n/{lang}.json").json()["number"]["percent"] == pattern


# ---------------------------------------------------------------------------- the scenario's texts


def _seat(client: TestClient, code: str, nickname: str, country: str, language: str) -> dict[str, str]:
    client.cookies.clear()
    joined = client.post(f"/api/join/{code}", json={"nickname": nickname, "country": country,
                                                    "language": language})
    assert joined.status_code == 201, joined.text
    cookies = {k: v for k, v in client.cookies.items() if k != "ct_lang"}
    client.cookies.clear()
    return cookies


def _texts(client: TestClient, game_id: str, lang: str, cookies: dict[str, str] | None = None,
           **query: str) -> dict[str, Any]:
    client.cookies.clear()
    client.cookies.update(cookies or {})
    answer = client.get(f"/api/games/{game_id}/texts/{lang}", params=query)
    client.cookies.clear()
    assert answer.status_code == 200, answer.text
    return dict(answer.json())


def test_two_seats_read_the_scenario_each_in_its_own_language_and_no_other_role_sheet(
        client: TestClient) -> None:
    """february-2022 in one game: Estonia reads it in French, Poland in English; each texts
    document holds its own country's role sheet and no other, and the projector's none."""
    from game_rules import library

    scenario = library.get("february-2022")
    assert scenario is not None
    fr = scenario.translations["fr"]
    game = client.post("/api/games", json={"scenario": "february-2022", "seed": 3}).json()
    est = _seat(client, game["code"], "Élise", "EST", "fr")
    pol = _seat(client, game["code"], "Piotr", "POL", "en")
    french = _texts(client, game["game_id"], "fr", est)
    english = _texts(client, game["game_id"], "en", pol)
    assert french["viewer"] == "EST" and english["viewer"] == "POL"
    assert french["texts"]["title"] == fr.title == "Février 2022 : le veto, l'Assemblée et les Alliés"
    assert french["texts"]["briefing"] in (fr.briefing.basic, fr.briefing.advanced)  # type: ignore[union-attr]
    assert english["texts"]["title"] == scenario.title
    assert french["scenario_language"] == "en" and french["scenario_language_name"] == "anglais"
    assert "title" not in french["fallback"] and english["fallback"] == []
    own = [k for k in french["texts"] if k.startswith("countries.EST.role.")]
    assert "countries.EST.role.summary" in own
    assert french["texts"]["countries.EST.role.summary"] != english.get("texts", {}).get(
        "countries.EST.role.summary")
    for doc, mine in ((french, "EST"), (english, "POL")):
        roles = {k.split(".")[1] for k in doc["texts"] if ".role." in k}
        assert roles == {mine}, roles
    # Estonia's seat asking in English still reads no other role sheet; the projector none.
    assert {k.split(".")[1] for k in _texts(client, game["game_id"], "en", est)["texts"]
            if ".role." in k} == {"EST"}
    public = _texts(client, game["game_id"], "fr", code=game["code"])
    assert public["viewer"] == "public" and not [k for k in public["texts"] if ".role." in k]
    assert public["texts"]["title"] == fr.title
    # A student may not read another country's document.
    client.cookies.update(est)
    other = client.get(f"/api/games/{game['game_id']}/texts/fr", params={"viewer": "POL"})
    client.cookies.clear()
    assert other.status_code == 403 and other.json()["error"]["code"] == "perspective_closed"
    # The instructor reads every role sheet.
    every = client.get(f"/api/games/{game['game_id']}/texts/es",
                       headers={"X-Instructor-Key": game["instructor_key"]}).json()
    assert {"EST", "POL", "RUS"} <= {k.split(".")[1] for k in every["texts"] if ".role." in k}


def test_an_injects_texts_reach_a_viewer_only_once_it_is_released_to_them(client: TestClient) -> None:
    """Before its release, no student's document holds an inject; after it, those it is for
    read it by the key its news item carries, and the others still do not."""
    game = client.post("/api/games", json={"scenario": "february-2022", "seed": 3}).json()
    est = _seat(client, game["code"], "Élise", "EST", "fr")
    usa = _seat(client, game["code"], "Sam", "USA", "fr")
    key = {"X-Instructor-Key": game["instructor_key"]}
    assert not [k for k in _texts(client, game["game_id"], "fr", est)["texts"] if k.startswith("injects.")]
    client.post(f"/api/games/{game['game_id']}/actions", json={"action": {"kind": "start"}}, headers=key)
    view = client.get(f"/api/games/{game['game_id']}/view", headers=key).json()["view"]
    eight = [n for n in view["news"] if (n.get("keys") or {}).get("title") == "injects.r1-eight.title"]
    assert eight and eight[0]["keys"] == {"title": "injects.r1-eight.title", "text": "injects.r1-eight.text"}
    seen = _texts(client, game["game_id"], "fr", est)["texts"]
    assert "injects.r1-eight.title" in seen and "injects.r1-invasion.title" in seen
    assert "injects.r2-draft.title" not in seen  # round 2's news has not come yet
    assert "injects.r1-eight.title" not in _texts(client, game["game_id"], "fr", usa)["texts"]
    # A message written on the spot has no key: it is shown as written.
    client.post(f"/api/games/{game['game_id']}/actions", headers=key,
                json={"action": {"kind": "inject", "title": "Une note", "text": "Écrite sur place."}})
    view = client.get(f"/api/games/{game['game_id']}/view", headers=key).json()["view"]
    assert view["news"][-1]["title"] == "Une note" and not view["news"][-1].get("keys")


def test_a_text_without_a_translation_falls_back_and_says_so(client: TestClient) -> None:
    scenario = {**SCENARIO, "briefing": "Read this first.",
                "translations": {"fr": {"title": "Les langues"}}}
    game = client.post("/api/games", json={"scenario": scenario}).json()
    doc = _texts(client, game["game_id"], "fr", code=game["code"])
    assert doc["texts"]["title"] == "Les langues" and doc["texts"]["briefing"] == "Read this first."
    assert doc["fallback"] == ["briefing"]
    pseudo = _texts(client, game["game_id"], "qps", code=game["code"])
    assert set(pseudo["fallback"]) == {"title", "briefing"}
    assert pseudo["scenario_language_name"] == i18n.accent("English")


def test_the_texts_document_is_cached_until_it_changes(client: TestClient) -> None:
    game = client.post("/api/games", json={"scenario": "february-2022"}).json()
    path = f"/api/games/{game['game_id']}/texts/es?code={game['code']}"
    first = client.get(path)
    assert first.headers["cache-control"] == "private, no-cache"
    again = client.get(path, headers={"if-none-match": first.headers["etag"]})
    assert again.status_code == 304
    client.post(f"/api/games/{game['game_id']}/actions", json={"action": {"kind": "start"}},
                headers={"X-Instructor-Key": game["instructor_key"]})
    changed = client.get(path, headers={"if-none-match": first.headers["etag"]})
    assert changed.status_code == 200 and "injects.r1-invasion.title" in changed.json()["texts"]


@pytest.mark.parametrize(("path", "query", "status", "code"), [
    ("/api/games/{game}/texts/xx", {"code": "{code}"}, 404, "unknown_language"),
    ("/api/games/{game}/texts/de", {"code": "{code}"}, 404, "unknown_language"),
    ("/api/games/nope/texts/fr", {"code": "{code}"}, 404, "unknown_game"),
    ("/api/games/{game}/texts/fr", {}, 401, "viewer_unknown"),
    ("/api/games/{game}/texts/fr", {"code": "WRONG1"}, 401, "viewer_unknown"),
    ("/api/games/{game}/texts/fr", {"code": "{code}", "viewer": "EST"}, 403, "perspective_closed"),
    ("/api/games/{game}/texts/fr", {"code": "{code}", "viewer": "instructor"}, 403, "perspective_closed"),
])
def test_the_texts_document_refuses_bad_input_with_a_code(client: TestClient, path: str,
                                                          query: dict[str, str], status: int,
                                                          code: str) -> None:
    game = client.post("/api/games", json={"scenario": SCENARIO}).json()
    fill = {"game": game["game_id"], "code": game["code"]}
    answer = client.get(path.format(**fill), params={k: v.format(**fill) for k, v in query.items()})
    assert answer.status_code == status, answer.text
    assert answer.json()["error"]["code"] == code


def test_the_instructor_asks_for_a_viewer_that_is_none(client: TestClient) -> None:
    game = client.post("/api/games", json={"scenario": SCENARIO}).json()
    key = {"X-Instructor-Key": game["instructor_key"]}
    answer = client.get(f"/api/games/{game['game_id']}/texts/fr?viewer=ZZZ", headers=key)
    assert answer.status_code == 422 and answer.json()["error"]["code"] == "unknown_viewer"
    wrong = client.get(f"/api/games/{game['game_id']}/texts/fr", headers={"X-Instructor-Key": "nope"})
    assert wrong.status_code == 403 and wrong.json()["error"]["code"] == "bad_instructor_key"
    chosen = client.get(f"/api/games/{game['game_id']}/texts/fr?viewer=EST", headers=key).json()
    assert chosen["viewer"] == "EST"


def test_the_scenario_list_in_the_language_asked(client: TestClient) -> None:
    french = {s["id"]: s for s in client.get("/api/scenarios?lang=fr").json()}
    assert french["february-2022"]["title"] == "Février 2022 : le veto, l'Assemblée et les Alliés"
    assert french["february-2022"]["fallback"] == []
    english = {s["id"]: s for s in client.get("/api/scenarios").json()}
    untranslated = [sid for sid, s in french.items() if s["fallback"]]
    assert untranslated, "every shipped scenario is translated: pick one without a translation"
    one = french[untranslated[0]]
    assert one["title"] == english[untranslated[0]]["title"] and "title" in one["fallback"]
    assert one["language_name"] == "anglais"
    refused = client.get("/api/scenarios?lang=klingon")
    assert refused.status_code == 422 and refused.json()["error"]["code"] == "unknown_language"


def test_the_debriefs_objectives_name_their_text_for_those_who_may_read_it(
        client: TestClient) -> None:
    """An objective's words are the scenario's: the debrief gives their key beside them, for
    the page to show their translation, to its country and the instructor alone."""
    game = client.post("/api/games", json={"scenario": "february-2022", "seed": 3}).json()
    est = _seat(client, game["code"], "Élise", "EST", "fr")
    key = {"X-Instructor-Key": game["instructor_key"]}
    for kind in ("start", "end"):
        client.post(f"/api/games/{game['game_id']}/actions", json={"action": {"kind": kind}}, headers=key)

    def objectives(debrief: dict[str, Any], country: str) -> list[dict[str, Any]]:
        return next(s for s in debrief["realist"] if s["country"] == country)["objectives"]["entries"]

    every = client.get(f"/api/games/{game['game_id']}/debrief", headers=key).json()
    keyed = [e for e in objectives(every, "EST") if e.get("reason_keys")]
    assert keyed and keyed[0]["reason_keys"]["text"].startswith("countries.EST.role.objectives.")
    texts = _texts(client, game["game_id"], "fr", est)["texts"]
    assert keyed[0]["reason_keys"]["text"] in texts
    client.cookies.update(est)
    mine = client.get(f"/api/games/{game['game_id']}/debrief").json()
    client.cookies.clear()
    assert [e.get("reason_keys") for e in objectives(mine, "EST")] == [
        e.get("reason_keys") for e in objectives(every, "EST")]
    assert objectives(mine, "POL") and not [e for e in objectives(mine, "POL") if "reason_keys" in e]
