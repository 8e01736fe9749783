"""The engine's lists read as the language lists things, with its "and" («et», «y») and each
item with its article: the League's sanctions in a line of news and in a refusal, the
caretakers' pledges by kind, the days the League Council data covers (each date in the
reader's language)."""

from __future__ import annotations

from datetime import date

import pytest

from bench.classgame import play
from game_rules.debrief import debrief
from game_rules.institutions import NoRecord, league_council_on
from server.translator import Translator
from tests.rules.rules_helpers import Game
from tests.rules.test_league import abyssinia

APPLIED = {
    "en": "An arms embargo, financial measures and an oil embargo (Covenant Art. 16(1)).",
    "fr": "Un embargo sur les armes, des mesures financières et un embargo pétrolier "
          "(article 16, paragraphe 1, du Pacte).",
    "es": "Un embargo de armas, medidas financieras y un embargo de petróleo "
          "(artículo 16, párrafo 1, del Pacto).",
}
ALREADY = {
    "en": "Australia already applies an oil embargo and financial measures against Italy.",
    "fr": "L'Australie applique déjà un embargo pétrolier et des mesures financières contre "
          "l'Italie.",
    "es": "Australia ya aplica un embargo de petróleo y medidas financieras contra Italia.",
}
LIFTED = {"en": "An oil embargo.", "fr": "Un embargo pétrolier.", "es": "Un embargo de petróleo."}


@pytest.mark.parametrize("lang", sorted(APPLIED))
def test_the_sanctions_a_member_applies_are_listed_with_their_articles(lang: str) -> None:
    tr = Translator(lang)
    game = Game(abyssinia())
    game.act("AUS", "apply_sanctions", against="ITA", measures=["arms_embargo", "financial", "oil"])
    assert tr.render(game.state.news[-1].text_msg) == APPLIED[lang]
    refused = game.refuse("AUS", "apply_sanctions", against="ITA", measures=["oil", "financial"])
    assert refused.code == "already_applied" and refused.msg is not None
    assert tr.render(refused.msg.to_json()) == ALREADY[lang]
    game.act("AUS", "lift_sanctions", against="ITA", measures=["oil"])
    assert tr.render(game.state.news[-1].text_msg) == LIFTED[lang]


CARETAKERS = {
    "en": "19 caretaker states pledged by their standing policy (8 military, 3 economic and "
          "8 diplomatic)",
    "fr": "19 pays automatiques se sont engagés selon leur stratégie permanente (8 de type "
          "militaire, 3 de type économique et 8 de type diplomatique)",
    "es": "19 países automáticos se comprometieron según su estrategia permanente (8 con "
          "respuesta militar, 3 con respuesta económica y 8 con respuesta diplomática)",
}


@pytest.mark.parametrize("lang", sorted(CARETAKERS))
def test_the_caretakers_pledges_by_kind_end_with_the_languages_and(lang: str) -> None:
    pledges = next(o for o in debrief(play().timeline())["outcomes"] if o["kind"] == "pledges")
    line = next(d for d in pledges["details"] if "caretaker" in d["text"])
    assert Translator(lang).render(line["text_msg"]) == CARETAKERS[lang]


SPANS = {
    "en": ("only for 16 January 1920 to 14 November 1920, 1 January 1921 to 31 August 1922, ",
           " and 1 October 1935 to 31 August 1936"),
    "fr": ("que pour les périodes du 16 janvier 1920 au 14 novembre 1920, du 1er janvier 1921 au "
           "31 août 1922, ",
           " et du 1er octobre 1935 au 31 août 1936"),
    "es": ("en los periodos del 16 de enero de 1920 al 14 de noviembre de 1920, del 1 de enero de "
           "1921 al 31 de agosto de 1922, ", " y del 1 de octubre de 1935 al 31 de agosto de 1936"),
}


@pytest.mark.parametrize("lang", sorted(SPANS))
def test_the_days_the_league_council_data_covers_are_dates_of_the_language(lang: str) -> None:
    with pytest.raises(NoRecord) as found:
        league_council_on(date(1934, 6, 1))
    said = Translator(lang).render(found.value.said.to_json())
    start, end = SPANS[lang]
    assert start in said and end in said and "-01-" not in said
