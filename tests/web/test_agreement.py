"""Agreement with countries (docs/i18n.md): a translation chooses its words by the gender and
number of a country (``{country@agree:s=a voté|p=ont voté}``), on the server and in the
browser alike, and the catalogs' check refuses a choice a translator mistyped."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from game_rules.messages import Countries, Country, choices, message
from server import catalogs
from server.browser_catalog import browser_catalog
from server.translator import Translator
from tests.agreement_cases import CASES

ROOT = Path(__file__).resolve().parents[2]


def case_id(case: dict[str, Any]) -> str:
    return f"{case['lang']}:{case['text']}"


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_the_server_renders_each_case(case: dict[str, Any]) -> None:
    tr = Translator(case["lang"])
    msg = {"id": case["id"], "params": case["params"]}
    assert tr.render(msg, case.get("names")) == case["text"]


@pytest.mark.parametrize("case", [c for c in CASES if not c.get("names")], ids=case_id)
def test_the_servers_own_messages_fill_the_same_way(case: dict[str, Any]) -> None:
    """``Translator.format`` (the server's errors) fills with the regex, not the engine's
    formatter: the same words."""
    assert Translator(case["lang"]).format(case["id"], **case["params"]) == case["text"]


def test_the_browser_renders_each_case_as_the_server_does() -> None:
    """web/static/js/i18n.js, run by Node with the catalog the page would load."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed; tests/browser/test_three_languages.py runs the same "
                    "cases in Chromium")
    for lang in sorted({c["lang"] for c in CASES}):
        for names in ({}, {"CHN": "República de China"}):
            cases = [c for c in CASES if c["lang"] == lang and (c.get("names") or {}) == names]
            if not cases:
                continue
            stdin = json.dumps({"catalog": browser_catalog(lang), "names": names,
                                "messages": [{"id": c["id"], "params": c["params"]} for c in cases]})
            done = subprocess.run([node, str(ROOT / "tests/web/render_messages.mjs"),
                                   str(ROOT / "web/static/js/i18n.js")], input=stdin,
                                  capture_output=True, text=True, timeout=30, check=True)
            assert json.loads(done.stdout) == [c["text"] for c in cases]


def test_an_engine_message_agrees_in_french_and_spanish() -> None:
    """The engine's own sentences, through their catalogs: a plural country takes a plural verb."""
    voted = message("{country} has already voted on {draft}; a vote once cast is final.",
                    country=Country("USA", "the United States"), draft="S/1")
    assert Translator("fr").render(voted).startswith("Les États-Unis ont déjà voté sur S/1")
    assert Translator("es").render(voted).startswith("Los Estados Unidos ya han votado sobre S/1")
    voted_fr = message("{country} has already voted on {draft}; a vote once cast is final.",
                       country=Country("FRA", "France"), draft="S/1")
    assert Translator("fr").render(voted_fr).startswith("La France a déjà voté sur S/1")
    joined = message("{country} has already joined the request.", country=Country("DEU", "Germany"))
    assert Translator("fr").render(joined) == "L'Allemagne s'est déjà jointe à la demande."
    against = message("{draft} not adopted: {countries} voted against ({votes})", draft="S/1",
                      votes="3-9-3", countries=Countries((Country("RUS", "the Russian Federation"),)))
    spaced = Translator("fr").render(against).replace("\u202f", " ").replace("\xa0", " ")
    assert spaced == "S/1 non adopté : la Russie a voté contre (3-9-3)"
    assert Translator("es").render(against) == "S/1 no aprobado: Rusia votó en contra (3-9-3)"
    # English is the engine's own: an agreement form never reaches it.
    assert Translator("en").render(against) == ("S/1 not adopted: the Russian Federation voted "
                                                "against (3-9-3)")


@pytest.mark.parametrize(("spec", "problem"), [
    ("s=a|pl=ont", "unknown key 'pl'"),
    ("s=a|s=ont", "given twice"),
    ("s=a", "no words for mp"),
    ("a|ont", "has no key="),
    ("ms=a|fs=a|mp=ont", "no words for fp"),
])
def test_a_choice_that_does_not_parse_is_refused(spec: str, problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        choices(spec)


@pytest.mark.parametrize(("text", "problem"), [
    ("{country@agree:s=a|pl=ont} voté", "unknown key 'pl'"),
    ("{country@agre:s=a|p=ont} voté", "only the form agree takes choices"),
    ("{country@deff} a voté", "the form 'deff' is not one of fr's"),
    ("{country@agree} a voté", "gives no choices"),
    ("{country@agree s=a|p=ont} voté", "a brace makes no placeholder"),
    ("{country@Def} {country@agree:s=a|p=ont} voté", None),
])
def test_the_check_reports_a_mistyped_form(text: str, problem: str | None) -> None:
    found = catalogs.form_problems(text, "{country} voted", "fr")
    if problem is None:
        assert found == []
    else:
        assert any(problem in line for line in found), found


def test_the_catalog_check_fails_on_a_mistyped_agreement() -> None:
    """``python -m server.catalogs check`` (``problems``, entry by entry) fails when a translator
    mistypes a key; the entry as shipped passes."""
    catalog = catalogs.read(catalogs.po_path("fr", "messages"), "fr")
    entry = next(e for e in catalog if e.id == "{country} has already ratified.")
    assert catalogs.entry_problems(entry, "fr", "fr/messages.po") == []
    entry.string = "{country@Def} {country@agree:s=a|pl=ont} déjà ratifié."
    found = catalogs.entry_problems(entry, "fr", "fr/messages.po")
    assert len(found) == 1 and "unknown key 'pl'" in found[0], found


def test_the_grammar_files_give_a_gender_and_number_to_every_country_of_the_scenarios() -> None:
    """Every state of the shipped scenarios that CLDR names agrees as its gender and number,
    not by the default, in French and Spanish."""
    from server.i18n import grammar, territory_code

    codes: set[str] = set()
    for path in (ROOT / "game_rules/scenarios").glob("*.json"):
        for entry in json.loads(path.read_text(encoding="utf-8")).get("countries", []):
            codes.add(entry if isinstance(entry, str) else entry["code"])
    for lang in ("fr", "es"):
        data = grammar(lang)
        known = set(data.get("agreement", {})) | {c for c, k in data["territories"].items()
                                                  if k in ("ms", "fs", "mp", "fp")}
        missing = sorted(c for c in codes if c not in known
                         and Translator(lang).territory(c) and territory_code(c))
        assert missing == [], (lang, missing)


def _country(code: str, name: str) -> dict[str, str]:
    return {"country": code, "name": name}


# The map's words, the news feed's audience and the roster's buttons pass countries, not their
# names: a translation gives them articles and agrees with them (issue 17).
PAGE_CASES: list[tuple[str, dict[str, Any], dict[str, str]]] = [
    ("Map of the crisis: {attacked} attacked by {aggressor}",
     {"attacked": {"countries": [_country("UKR", "Ukraine")]},
      "aggressor": {"countries": [_country("RUS", "the Russian Federation")]}},
     {"fr": "Carte de la crise : l'Ukraine attaquée par la Russie",
      "es": "Mapa de la crisis: Ucrania, atacada por Rusia"}),
    ("Map of the crisis: {attacked} attacked by {aggressor}",
     {"attacked": {"countries": [_country("EST", "Estonia"), _country("USA", "the United States")]},
      "aggressor": {"countries": [_country("RUS", "the Russian Federation")]}},
     {"fr": "Carte de la crise : l'Estonie et les États-Unis attaqués par la Russie",
      "es": "Mapa de la crisis: Estonia y los Estados Unidos, atacados por Rusia"}),
    ("{kind} against {target} by {attacker}",
     {"kind": "x", "target": _country("UKR", "Ukraine"), "attacker": _country("RUS", "Russia")},
     {"fr": "x contre l'Ukraine par la Russie", "es": "x contra Ucrania por parte de Rusia"}),
    ("{country}\nattacked", {"country": _country("UKR", "Ukraine")},
     {"fr": "Ukraine\nattaquée", "es": "Ucrania\natacada"}),
    ("{country}\naggressor", {"country": _country("RUS", "Russia")},
     {"fr": "Russie\nagresseur", "es": "Rusia\nagresora"}),
    ("only for {countries}",
     {"countries": {"countries": [_country("CHN", "China"), _country("IND", "India"),
                                  _country("ARE", "the United Arab Emirates")]}},
     {"fr": "seulement pour la Chine, l'Inde et les Émirats arabes unis",
      "es": "solo para China, India y los Emiratos Árabes Unidos"}),
    ("Hand {country} to its caretaker", {"country": _country("MEX", "Mexico")},
     {"fr": "Rendre le Mexique automatique", "es": "Pasar México a modo automático"}),
    ("Give {country} back to its players", {"country": _country("USA", "the United States")},
     {"fr": "Rendre les États-Unis à leurs joueurs",
      "es": "Devolver los Estados Unidos a sus jugadores"}),
]


@pytest.mark.parametrize("lang", ["fr", "es"])
def test_the_pages_name_countries_with_articles_and_agreement(lang: str) -> None:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    stdin = json.dumps({"catalog": browser_catalog(lang), "names": {},
                        "messages": [{"id": i, "params": p} for i, p, _ in PAGE_CASES]})
    done = subprocess.run([node, str(ROOT / "tests/web/render_messages.mjs"),
                           str(ROOT / "web/static/js/i18n.js")], input=stdin,
                          capture_output=True, text=True, timeout=30, check=True)
    spaced = [t.replace("\u202f", " ").replace("\xa0", " ") for t in json.loads(done.stdout)]
    assert spaced == [texts[lang] for _, _, texts in PAGE_CASES]
