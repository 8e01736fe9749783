"""A fictional state keeps its scenario's name in every language (issue 17): its code lies in
ISO 3166's user-assigned range (XAA-XZZ), which CLDR uses for names of its own (XAA -> "XA",
« pseudo-accents »)."""

from __future__ import annotations

import pytest

from game_rules.messages import N_, Country, message
from server.browser_catalog import browser_catalog
from server.translator import Translator


@pytest.mark.parametrize("lang", ["fr", "es"])
@pytest.mark.parametrize("code", ["XAA", "XBB", "XKK", "XZZ"])
def test_a_fictional_code_has_no_cldr_name(lang: str, code: str) -> None:
    assert Translator(lang).territory(code) is None
    assert code not in browser_catalog(lang)["alpha3"]
    said = Translator(lang).render(message(N_("You sit for {country}; you cannot act for {other}."),
                                           country=Country(code, "Ruritania"), other="X"))
    assert "Ruritania" in said


@pytest.mark.parametrize("lang", ["fr", "es"])
def test_real_states_keep_their_names(lang: str) -> None:
    assert Translator(lang).territory("QAT") in ("Qatar", "Catar")
    assert Translator(lang).territory("FRA") in ("France", "Francia")
