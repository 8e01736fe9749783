"""The reader's register (docs/i18n-glossary.md, "Words of the game"): the Spanish pages and
scenario texts say "tú" to the student (the class, several readers, "ustedes"); the French
ones say "vous". A text that slips into the other register fails here."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from game_rules import library
from game_rules.translations import scenario_texts
from server import catalogs

TRANSLATED = ("sandbox", "eastern-flank", "february-2022", "korea-1950")
WRONG = {
    "es": re.compile(r"\b(usted|Usted|preséntelo|vótelo|compárelo|niéguelo|declárelo|ofrézcase|"
                     r"le permitiría|esté listo)\b|(?:^|[.:;!?]\s+)(Pida|Declare|Elija|Considere|Pruebe|"
                     r"Decida|Compare|Ofrezca|Mantenga|Practique|Redacte|Lidere|Apoye|Presente|Use|Vea)\b"),
    "fr": re.compile(r"\b([Tt]u|[Tt]on|[Tt]a|[Tt]es|[Tt]oi)\b"),
}
"""The other register: Spanish "usted" and its imperatives; French "tu" and its forms."""


def scenario_strings(lang: str) -> Iterator[tuple[str, str]]:
    for scenario_id in TRANSLATED:
        sc = library.get(scenario_id)
        assert sc is not None
        for level in ("basic", "advanced"):
            for key, found in scenario_texts(sc, lang, level).items():
                if found.lang == lang:
                    yield f"{scenario_id}:{key}", found.text


@pytest.mark.parametrize("lang", ["es", "fr"])
def test_the_translated_scenarios_address_the_student_in_one_register(lang: str) -> None:
    wrong = [(where, match.group(0)) for where, text in scenario_strings(lang)
             for match in WRONG[lang].finditer(text)]
    assert wrong == []


@pytest.mark.parametrize("lang", ["es", "fr"])
def test_the_catalogs_address_the_reader_in_the_same_register(lang: str) -> None:
    wrong = []
    for domain in ("messages", "web"):
        for entry in catalogs.read(catalogs.po_path(lang, domain), lang):
            texts = entry.string if isinstance(entry.string, tuple | list) else (entry.string,)
            wrong += [(entry.id, m.group(0)) for text in texts if text
                      for m in WRONG[lang].finditer(str(text))]
    assert wrong == []


def test_the_check_would_see_a_slip() -> None:
    assert WRONG["es"].search("Usted representa a Francia.")
    assert WRONG["es"].search("Representas a Francia. Pida consultas.")
    assert not WRONG["es"].search("Representas a Francia. Pide consultas, que el Consejo considere.")
    assert WRONG["fr"].search("Tu représentes la France.")
    assert not WRONG["fr"].search("Vous représentez la France.")
