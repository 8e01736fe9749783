"""One country, one name in a game (issue 17): a shipped scenario's texts call a state by the
name its pages show in the same language (the scenario's own name for it, else its name on
the scenario's day in English, CLDR's in French and Spanish: "Chequia", "Rumanía", "Kenia"),
never by another one in use ("la República Checa", "Rumania", "Kenya"); Turkey is "Turkey" in
a game of 2012 or February 2022 and "Türkiye" in a game of today (game_rules/states.py). The
platform's sentences, which no scenario dates, use CLDR's names."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from game_rules.library import raw, shipped
from game_rules.translations import country_name
from server import catalogs
from server.translator import translator

NAMES = {
    "CZE": {"en": ["Czechia", "Czech Republic"], "fr": ["Tchéquie", "République tchèque"],
            "es": ["Chequia", "República Checa"]},
    "ROU": {"en": ["Romania", "Rumania"], "fr": ["Roumanie", "Rumanie"], "es": ["Rumanía", "Rumania"]},
    "TUR": {"en": ["Türkiye", "Turkey"], "fr": ["Turquie", "Türkiye"], "es": ["Turquía", "Türkiye"]},
    "KEN": {"en": ["Kenya"], "fr": ["Kenya"], "es": ["Kenia", "Kenya"]},
}
"""The names in use for a state, in each language: a game shows one of them."""


def strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


def named(text: str, name: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text) is not None


def test_cldr_gives_one_of_the_names() -> None:
    for code, names in NAMES.items():
        for lang, known in names.items():
            assert translator(lang).territory(code) in known


@pytest.mark.parametrize("scenario_id", sorted(shipped()))
def test_a_scenario_names_a_state_as_its_pages_do(scenario_id: str) -> None:
    scenario = shipped()[scenario_id]
    data = raw(scenario_id)
    assert data is not None
    texts = {"en": {k: v for k, v in data.items() if k != "translations"},
             **data.get("translations", {})}  # type: ignore[dict-item]
    found = []
    for code in sorted(set(scenario.country_codes()) & NAMES.keys()):
        for lang, part in texts.items():
            own = country_name(scenario, lang, code)
            shown = own.text if own else (scenario.country_name(code) if lang == "en"
                                          else translator(lang).territory(code))
            assert shown in NAMES[code][lang], (code, lang, shown)
            for other in NAMES[code][lang]:
                if other != shown:
                    found += [(code, lang, other, text[:80]) for text in strings(part) if named(text, other)]
    assert not found


def test_the_platforms_sentences_name_a_state_as_cldr_does() -> None:
    found = []
    for lang in ("fr", "es"):
        for domain in ("messages", "web"):
            for entry in catalogs.read(catalogs.po_path(lang, domain), lang):
                english = entry.id if isinstance(entry.id, str) else " ".join(entry.id)
                translated = entry.string if isinstance(entry.string, str) else " ".join(entry.string)
                for code in ("CZE", "ROU", "KEN"):
                    others = {"en": NAMES[code]["en"][1:],
                              lang: [n for n in NAMES[code][lang] if n != translator(lang).territory(code)]}
                    if any(named(english, n) for n in others["en"]) or \
                            any(named(translated, n) for n in others[lang]):
                        found.append((lang, domain, english[:80]))
    assert not found
