"""The constructivist lens's words and deeds agree with the state they tell of (issue 17):
« les États-Unis ont agi selon leurs paroles … ont voté pour », not « les États-Unis a agi
selon ses paroles … a voté pour »; on the server and on the page."""

from __future__ import annotations

import pytest

from game_rules.messages import N_, Country, message
from server.translator import Translator
from tests.web.test_korea_wording import render_in_node, spaced

USA = Country("USA", "the United States")
FRA = Country("FRA", "France")
VOTED = message(N_("voted for {draft}"), draft="S/1950/1")
VETO = message(N_("cast a veto on {draft}"), draft="S/1950/5")
SPOKE = message(N_("spoke of {norm}"), norm="x")


def did_as_it_said(country: Country) -> object:
    return message(N_("{country} did as it said, acting out the identity it claimed: it {did}."),
                   country=country, did=VOTED)


def parted(country: Country) -> object:
    return message(N_("{country} {spoke} but then {did}: its words and deeds parted."),
                   country=country, spoke=SPOKE, did=VETO)


@pytest.mark.parametrize(("lang", "msg", "text"), [
    ("en", did_as_it_said(USA), "the United States did as it said, acting out the identity it "
                                "claimed: it voted for S/1950/1."),
    ("fr", did_as_it_said(USA), "Les États-Unis ont agi selon leurs paroles, incarnant l'identité "
                                "revendiquée : les États-Unis ont voté pour S/1950/1."),
    ("fr", did_as_it_said(FRA), "La France a agi selon ses paroles, incarnant l'identité "
                                "revendiquée : la France a voté pour S/1950/1."),
    ("es", did_as_it_said(USA), "Los Estados Unidos actuaron según sus palabras, encarnando la "
                                "identidad que reivindicaban: han votado a favor de S/1950/1."),
    ("en", parted(USA), "the United States spoke of x but then cast a veto on S/1950/5: its words "
                        "and deeds parted."),
    ("fr", parted(USA), "Les États-Unis ont invoqué x, puis ont opposé un veto à S/1950/5 : leurs "
                        "paroles et leurs actes ont divergé."),
    ("es", parted(FRA), "Francia ha invocado x, pero luego ha ejercido el veto contra S/1950/5: sus "
                        "palabras y sus hechos se separaron."),
])
def test_the_lens_agrees_with_the_state(lang: str, msg: object, text: str) -> None:
    assert spaced(Translator(lang).render(msg)) == text


def test_the_page_sets_words_beside_deeds_with_agreement() -> None:
    params = {"country": {"country": "USA", "name": "the United States"}, "words": "« Non »",
              "deed": "voté contre S/1"}
    shown = render_in_node("fr", [{"id": "{country} said {words}, then {deed}", "params": params}])
    assert shown == ["Les États-Unis ont dit « Non », puis ont voté contre S/1"]
