"""The line of news for a text put under silence quotes the text's title, which may hold a
colon of its own: « En procédure d'approbation tacite : « Article 5 : l'attaque armée contre
la Norvège » », not two colons in a row ("Under silence: Article 5: ...")."""

from __future__ import annotations

import pytest

from game_rules.library import shipped
from server.translator import Translator
from tests.rules.rules_helpers import Game

NEWS = {
    "en": "Under silence: \u201cArticle 5: the armed attack against Norway\u201d",
    "fr": "En procédure d'approbation tacite\u00a0: «\u00a0Article 5\u00a0: l'attaque armée contre la "
          "Norvège\u00a0»",
    "es": "En procedimiento de silencio: «Artículo 5: el ataque armado contra Noruega»",
}


@pytest.mark.parametrize("lang", sorted(NEWS))
def test_the_news_of_a_text_under_silence_quotes_its_title(lang: str) -> None:
    game = Game(shipped()["sandbox"])
    game.act("NOR", "request_article5", incident="drill-norway")
    news = game.state.news[-1]
    assert news.kind == "item_circulated" and news.title_msg is not None
    assert Translator(lang).render(news.title_msg) == NEWS[lang]
