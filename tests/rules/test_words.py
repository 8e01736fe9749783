"""Generated sentences agree: articles by the sound of the word, verbs in number."""

from __future__ import annotations

import pytest

from game_rules.words import agrees, article, counted, names, with_article
from tests.rules.rules_helpers import Game, alliance


@pytest.mark.parametrize(("phrase", "expected"), [
    ("economic response", "an"), ("military response", "a"), ("diplomatic response", "a"),
    ("armed attack", "an"), ("hybrid incident", "a"), ("cyber incident", "a"),
    ("ally", "an"), ("union", "a"), ("European ally", "a"), ("hour", "an"),
    ("honest broker", "an"), ("one-sided text", "a"), ("NAC item", "an"),
    ("UN resolution", "a"), ("NATO ally", "a"), ("8-day deadline", "an"), ("11-1-3 vote", "an"),
    ("S/RES/2623 (2022)", "an"), ("Article 5 determination", "an"),
])
def test_the_article_follows_the_sound(phrase: str, expected: str) -> None:
    assert article(phrase) == expected


def test_lists_counts_and_verbs() -> None:
    assert names(["France"]) == "France"
    assert names(["France", "Germany"]) == "France and Germany"
    assert counted(1, "draft") == "one draft" and counted(2, "ally", "allies") == "two allies"
    assert agrees(["RUS"], "speaks", "speak") == "speaks"
    assert agrees(["RUS", "CHN"], "speaks", "speak") == "speak"
    assert with_article("economic pledge") == "an economic pledge"


def test_an_economic_pledge_is_news_with_the_right_article() -> None:
    game = Game(alliance())
    game.act("EST", "request_article5", incident="tallinn", item="NAC/1")
    game.deadline("NAC/1")
    game.act("DEU", "pledge", response="economic", detail="Funds")
    assert game.state.news[-1].title == "Germany pledges an economic response"
