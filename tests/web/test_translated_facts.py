"""Facts survive translation (docs/i18n-glossary.md): every figure of a translated scenario
text (a date, a year, a tally, a resolution's number) is one its English text has, so that a
slip of the translator (1950 for 1905, 11-1-3 for 11-3-1) cannot teach a wrong fact in one
language only. The translation may write a figure in words ("vingt-quatre heures")."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from game_rules import library
from game_rules.translations import scenario_texts

TRANSLATED = ("sandbox", "eastern-flank", "february-2022", "korea-1950")
FIGURE = re.compile(r"\d+(?:[.,\u202f\u00a0 ]\d{3})*")


def figures(text: str) -> Counter[str]:
    return Counter(re.sub(r"[.,\u202f\u00a0 ]", "", f) for f in FIGURE.findall(text))


def extra_figures(english: str, translated: str) -> Counter[str]:
    """The figures of ``translated`` that ``english`` has not (as many times)."""
    return figures(translated) - figures(english)


@pytest.mark.parametrize("scenario_id", TRANSLATED)
@pytest.mark.parametrize("lang", ["fr", "es"])
def test_a_translation_has_no_figure_its_english_has_not(scenario_id: str, lang: str) -> None:
    sc = library.get(scenario_id)
    assert sc is not None
    wrong = []
    for level in ("basic", "advanced"):
        english = scenario_texts(sc, "en", level)
        for key, found in scenario_texts(sc, lang, level).items():
            if found.lang != lang:
                continue
            extra = extra_figures(english[key].text, found.text)
            if extra:
                wrong.append((level, key, dict(extra)))
    assert wrong == []


def test_a_changed_figure_is_found() -> None:
    english = "On 27 June 1950 the Council adopted resolution 83, 7-1."
    assert not extra_figures(english, "Le 27 juin 1950, le Conseil a adopté la résolution 83, par 7-1.")
    assert extra_figures(english, "Le 27 juin 1905, le Conseil a adopté la résolution 83, par 7-1.") \
        == Counter({"1905": 1})
    assert extra_figures("141 votes", "141\u202f000 voix") == Counter({"141000": 1})
