"""The map in words names its lists of countries as the language does (issue 17): the NATO
allies, the Security Council's members and its permanent members, the other states, each
with its article in French and Spanish (« la Chine, les États-Unis, la France », «China, los
Estados Unidos, Francia»), in the language's alphabetical order, with its "and"."""

from __future__ import annotations

import json
import shutil
import subprocess
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from game_rules import library
from game_rules.engine import new_game
from game_rules.views import view_for
from server.browser_catalog import browser_catalog

ROOT = Path(__file__).resolve().parents[2]


@cache
def view() -> dict[str, Any]:
    return view_for(new_game(library.get("eastern-flank"), 1), "instructor")


def words(lang: str) -> list[str]:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed; tests/browser/test_three_languages.py shows the map")
    done = subprocess.run([node, str(ROOT / "tests/web/map_words.mjs"),
                           str(ROOT / "web/static/js/ui/map.js")],
                          input=json.dumps({"catalog": browser_catalog(lang), "view": view()}),
                          capture_output=True, text=True, timeout=60, check=True)
    lines: list[str] = json.loads(done.stdout)["lines"]
    return lines


def line(lines: list[str], start: str) -> str:
    return next(text for text in lines if text.startswith(start))


@pytest.mark.parametrize(("lang", "start", "permanent"), [
    ("fr", "Membres du Conseil de sécurité (pointillés)\u00a0: Bahreïn, la Chine, la Colombie, "
           "le Congo-Kinshasa, le Danemark, les États-Unis, la France,",
     "(permanents\u00a0: la Chine, les États-Unis, la France, le Royaume-Uni et la Russie)."),
    ("es", "Miembros del Consejo de Seguridad (punteados): Baréin, China, Colombia, Dinamarca, "
           "los Estados Unidos, Francia,",
     "(permanentes: China, los Estados Unidos, Francia, el Reino Unido y Rusia)."),
])
def test_the_security_councils_members_take_their_articles(lang: str, start: str,
                                                          permanent: str) -> None:
    council = line(words(lang), start.split("(")[0])
    assert council.startswith(start) and council.endswith(permanent)


@pytest.mark.parametrize(("lang", "start", "allies"), [
    ("fr", "Alliés de l'OTAN (bleu)\u00a0: ", ["l'Albanie", "l'Allemagne", "la Belgique",
                                                "le Canada", "les États-Unis", "les Pays-Bas",
                                                "le Royaume-Uni", "la Tchéquie et la Turquie."]),
    ("es", "Aliados de la OTAN (azul): ", ["Albania", "Alemania", "Bélgica", "Canadá",
                                            "los Estados Unidos", "los Países Bajos",
                                            "el Reino Unido", "Suecia y Turquía."]),
])
def test_the_allies_take_their_articles_in_the_languages_order(lang: str, start: str,
                                                              allies: list[str]) -> None:
    said = line(words(lang), start)
    found = [said.index(name) for name in allies]
    assert found == sorted(found), said
    assert said.startswith(start + allies[0] + ", " + allies[1] + ", ")


def test_the_english_lists_are_the_names_alone() -> None:
    lines = words("en")
    assert line(lines, "NATO allies (blue): ").startswith(
        "NATO allies (blue): Albania, Belgium, Bulgaria, Canada, Croatia, Czechia, Denmark,")
    assert line(lines, "Security Council members").endswith(
        "(permanent: China, France, Russian Federation, United Kingdom and United States).")
