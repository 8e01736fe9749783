"""Words of the pages that name a body or a pattern of the map (issue 17): a body's name after
a preposition takes its article in French and Spanish («en el Consejo de Seguridad», « au
Conseil de sécurité », « à l'Assemblée générale »), and the map's legend names each pattern as
its description does."""

from __future__ import annotations

import re

import pytest

from server import catalogs
from server.translator import translator

PREPOSITION = {
    "web": re.compile(r"\b(?:à|au|aux|de|du|des|dans|par|sur|en|a|al|del|por|sobre|con)\s+\{body\}",
                      re.IGNORECASE),
    "messages": re.compile(r"\b(?:à|de|a)\s+\{body\}", re.IGNORECASE),
}
"""A preposition before a body's placeholder. The web's bodies are bare names ("Consejo de
Seguridad"): none may follow one ("en Consejo"). The engine's begin with their article or a
possessive ("le Conseil de la Société", "el verdadero Consejo", "votre Conseil"): "dans", "par",
"en", "por" read right before them, "de" and "à" would not contract ("de le Conseil", "a el")."""
VOTE_OPEN = {
    "fr": {"Vote open in the Security Council:": "au Conseil de sécurité",
           "Vote open in the General Assembly:": "à l'Assemblée générale",
           "Vote open in the Council of the League of Nations:": "au Conseil de la Société des Nations",
           "Vote open in the Assembly of the League of Nations:": "à l'Assemblée de la Société des Nations"},
    "es": {"Vote open in the Security Council:": "en el Consejo de Seguridad",
           "Vote open in the General Assembly:": "en la Asamblea General",
           "Vote open in the Council of the League of Nations:":
               "en el Consejo de la Sociedad de las Naciones",
           "Vote open in the Assembly of the League of Nations:":
               "en la Asamblea de la Sociedad de las Naciones"},
}
LEGEND = [
    ("NATO ally (blue)", "NATO allies (blue): {countries}."),
    ("Security Council member (dotted)",
     "Security Council members (dotted): {countries} (permanent: {permanent})."),
    ("Other state of the scenario (sand)", "Other states of the scenario (sand): {countries}."),
]
"""The map's legend beside the sentence of its description (the map's ``desc``) for the same
pattern."""


@pytest.mark.parametrize("lang", ["fr", "es"])
@pytest.mark.parametrize("domain", ["messages", "web"])
def test_no_translation_puts_a_preposition_before_a_body(lang: str, domain: str) -> None:
    found = []
    for entry in catalogs.read(catalogs.po_path(lang, domain), lang):
        for text in [entry.string] if isinstance(entry.string, str) else entry.string:
            if PREPOSITION[domain].search(text or ""):
                found.append(text)
    assert not found


@pytest.mark.parametrize("lang", sorted(VOTE_OPEN))
def test_the_vote_bar_names_each_body_with_its_article(lang: str) -> None:
    tr = translator(lang)
    for msgid, words in VOTE_OPEN[lang].items():
        assert words in tr.gettext(msgid, domain="web")


def parenthesis(text: str) -> str:
    found = re.search(r"\(([^)]*)\)", text)
    assert found, text
    return found.group(1)


@pytest.mark.parametrize("lang", ["en", "fr", "es"])
def test_the_map_legend_names_a_pattern_as_the_description_does(lang: str) -> None:
    tr = translator(lang)
    for legend, description in LEGEND:
        one = parenthesis(tr.gettext(legend, domain="web"))
        many = parenthesis(tr.gettext(description, domain="web"))
        assert many.startswith(one), (lang, one, many)   # the same word, in the plural or not
