"""One country, one name in a game (issue 17): the pages name a state by CLDR's name in the
reader's language ("Chequia", "Rumanía"), so a shipped scenario's texts and the platform's
sentences must not call it by another name the same day ("la República Checa", "Rumania").
A state's former name stays right in a scenario set before its change of name (the Czech
Republic of 1999: game_rules/states.py)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from babel import Locale

from game_rules.countries import name_of
from game_rules.library import raw, shipped
from game_rules.states import name_on, scenario_day
from server import catalogs

OTHER_NAMES = {
    "CZE": {"en": ["Czech Republic"], "fr": ["République tchèque"], "es": ["República Checa"]},
    "ROU": {"en": ["Rumania"], "fr": ["Rumanie"], "es": ["Rumania"]},
}
"""Names in use for a state beside CLDR's, which a page never shows for it."""


def strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


def other_name(text: str, code: str, lang: str) -> str | None:
    for name in OTHER_NAMES[code][lang]:
        if re.search(rf"\b{re.escape(name)}\b", text):
            return name
    return None


def test_the_other_names_are_not_cldrs() -> None:
    for code, names in OTHER_NAMES.items():
        for lang, others in names.items():
            assert Locale.parse(lang).territories[code[:2]] not in others


@pytest.mark.parametrize("scenario_id", sorted(shipped()))
def test_a_scenario_names_a_state_as_its_pages_do(scenario_id: str) -> None:
    data = raw(scenario_id)
    assert data is not None
    day = scenario_day(data.get("date"), data.get("year"))  # type: ignore[arg-type]
    codes = {c if isinstance(c, str) else c["code"] for c in data["countries"]}  # type: ignore[union-attr]
    texts = {"en": {k: v for k, v in data.items() if k != "translations"},
             **data.get("translations", {})}  # type: ignore[dict-item]
    found = []
    for code in sorted(codes & OTHER_NAMES.keys()):
        if name_on(code, day) != name_of(code):
            continue   # its name of the time, which the game shows too
        for lang, part in texts.items():
            for text in strings(part):
                name = other_name(text, code, lang)
                if name:
                    found.append((code, lang, name, text[:80]))
    assert not found


def test_the_platforms_sentences_name_a_state_as_its_pages_do() -> None:
    found = []
    for lang in ("fr", "es"):
        for domain in ("messages", "web"):
            for entry in catalogs.read(catalogs.po_path(lang, domain), lang):
                english = entry.id if isinstance(entry.id, str) else " ".join(entry.id)
                translated = entry.string if isinstance(entry.string, str) else " ".join(entry.string)
                for code in OTHER_NAMES:
                    if other_name(english, code, "en") or other_name(translated, code, lang):
                        found.append((lang, domain, english[:80]))
    assert not found
