"""Problems in the reader's language, with none of Python's own English left: a date that
does not exist, pydantic's problems with a scenario or an action, a JSON syntax error
(docs/i18n.md). The pseudo-locale ``qps`` accents every word of the catalogs, so a word
left plain is one that escaped them."""

from __future__ import annotations

import re
from typing import Any

import pytest

from game_rules.actions import parse_action
from game_rules.errors import RuleError, ScenarioError
from game_rules.institutions import parse_day, resolve_bodies
from game_rules.jsontext import JsonSyntaxError, read_json_text
from game_rules.messages import Msg
from game_rules.scenario import load_scenario
from server.translator import Translator

WORD = re.compile(r"[A-Za-z]{2,}")
DATA = re.compile(r"'[^']*'|\"[^\"]*\"|«[^»]*»|\b[a-z_]+(?:\[\d+\])?(?:\.[a-z_0-9]+(?:\[\d+\])?)+\b"
                  r"|\bYYYY-MM-DD\b|\\u|\btrue\b|\bfalse\b|\bnull\b|JSON")
"""What a problem quotes as data: values, places in a file, the date's pattern, JSON's own
words."""


def english_left(msg: Msg) -> list[str]:
    """The words of ``msg`` in ``qps`` that are not accented and not data."""
    return WORD.findall(DATA.sub(" ", Translator("qps").render(msg)))


@pytest.mark.parametrize(("day", "english", "french"), [
    ("1982-13-45", "month must be in 1..12", "le mois doit être compris entre 1 et 12"),
    ("1982-02-29", "day is out of range for month", "ce jour n'existe pas dans ce mois"),
    ("0000-01-01", "year 0 is out of range", "l'année 0 est hors limites"),
])
def test_a_day_that_does_not_exist_says_why_in_words_of_ours(day: str, english: str,
                                                               french: str) -> None:
    found, why = parse_day(day)
    assert found is None and isinstance(why, Msg)
    assert why.english() == english  # the English is Python's, word for word
    assert Translator("fr").render(why) == french
    assert english_left(why) == []


def test_a_bad_date_of_a_body_is_a_problem_in_french_with_no_english_left() -> None:
    (place, said), = resolve_bodies({"bodies": {"UNSC": {"as_of": "1982-13-45"}}})[1]
    assert place == "bodies.UNSC.as_of"
    assert said.english() == '"1982-13-45" is not a date (YYYY-MM-DD): month must be in 1..12'
    assert Translator("fr").render(said).replace("\u00a0", " ") == \
        "« 1982-13-45 » n'est pas une date (AAAA-MM-JJ) : le mois doit être compris entre 1 et 12"
    assert Translator("es").render(said) == \
        "«1982-13-45» no es una fecha (AAAA-MM-DD): el mes debe estar entre 1 y 12"
    assert english_left(said) == []
    with pytest.raises(ScenarioError) as caught:
        load_scenario({"id": "d", "title": "D", "countries": ["FRA"],
                       "bodies": {"UNSC": {"as_of": "1982-02-30"}}})
    assert caught.value.code == "invalid_scenario"
    (place, said), = caught.value.said
    assert place == "bodies.UNSC.as_of" and english_left(said) == []
    assert "ce jour n'existe pas dans ce mois" in Translator("fr").render(said)


BAD_SHAPES: list[tuple[dict[str, Any], str]] = [
    ({"rounds": "many"}, "input should be a valid integer, unable to parse string as an integer"),
    ({"rounds": 2.5}, "input should be a valid integer, got a number with a fractional part"),
    ({"id": "Bad Id"}, "string should match pattern '^[a-z0-9][a-z0-9._-]*$'"),
    ({"options": {"presidency_rotation": "weekly"}}, "input should be 'round', 'none' or 'month'"),
    ({"aggressor": {"country": "FRA", "policy": {"sensitivity": "high"}}},
     "input should be a valid number, unable to parse string as a number"),
]


@pytest.mark.parametrize(("change", "english"), BAD_SHAPES)
def test_pydantics_problems_with_a_scenario_are_messages_of_ours(change: dict[str, Any],
                                                                   english: str) -> None:
    """pydantic's English stays the English, word for word; every other language (here the
    pseudo-locale) has its own words, "or" in a list of values included."""
    with pytest.raises(ScenarioError) as caught:
        load_scenario({"id": "s", "title": "S", "countries": ["FRA"], **change})
    said = {place: msg for place, msg in caught.value.said}
    assert english in [msg.english() for msg in said.values()], caught.value.problems
    for msg in said.values():
        assert msg.id != "{text}", msg.english()  # not pydantic's English passed on
        assert english_left(msg) == [], Translator("qps").render(msg)


def test_an_actions_problems_are_messages_in_the_readers_language() -> None:
    fr = Translator("fr")
    for action, code, french in [
        ({"kind": "vote", "actor": "FRA", "draft": "S/1", "vote": "maybe"}, "invalid_action",
         "vote.vote : la valeur doit être 'yes', 'no' ou 'abstain'"),
        ({"kind": "circulate", "actor": "FRA", "deadline": [1]}, "invalid_action",
         "circulate.deadline : la valeur doit être un nombre valide, un entier valide ou une "
         "chaîne de caractères valide"),
        ({"kind": "circulate", "actor": "FRA", "deadline": float("nan")}, "invalid_action",
         "circulate.deadline : une échéance est un nombre fini"),
    ]:
        with pytest.raises(RuleError) as caught:
            parse_action(action)
        err = caught.value
        assert err.code == code and err.msg is not None
        assert fr.render(err.msg).replace("\u00a0", " ") == french
        assert english_left(err.msg) == [], Translator("qps").render(err.msg)
    with pytest.raises(RuleError) as caught:
        parse_action({"kind": "circulate", "actor": "FRA", "deadline": [1]})
    assert caught.value.message == ("circulate.deadline: input should be a valid number, a valid "
                                    "integer or a valid string")


@pytest.mark.parametrize(("text", "french"), [
    ("{1: 2}", "un nom est attendu ici"),
    ("[@]", "une valeur est attendue ici"),
    ('["\\u12"]', "quatre chiffres hexadécimaux"),
])
def test_a_json_syntax_error_is_said_in_words_of_ours(text: str, french: str) -> None:
    with pytest.raises(JsonSyntaxError) as caught:
        read_json_text(text)
    said = caught.value.said
    assert "Expecting" not in said.english() and "Invalid" not in said.english()
    assert french in Translator("fr").render(said)
    assert english_left(said) == [], Translator("qps").render(said)
