"""The engine's messages: English as before, JSON round trips, rendering in another language."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

from game_rules.errors import RuleError
from game_rules.messages import (
    N_,
    Countries,
    Country,
    Date,
    EnglishFormatter,
    Msg,
    Nn_,
    join,
    message,
    plural_message,
    render,
    template_ids,
)

FRANCE = Country("FRA", "France")
RUSSIA = Country("RUS", "the Russian Federation")


class Tiny(EnglishFormatter):
    """A formatter that shows which form a translation asked for."""

    def country(self, country: Country, form: str | None = None) -> str:
        return f"<{form}:{country.code}>" if form else country.code

    def number(self, value: int | float) -> str:
        return f"#{value}"


def test_english_of_every_kind_of_parameter() -> None:
    m = message(N_("{who} and {list} on {day}: {n} votes, {quote}; {inner}"),
                who=RUSSIA, list=Countries((FRANCE, RUSSIA, Country("GBR", "the United Kingdom"))),
                day=Date("1990-11-29"), n=13, quote="S/2022/155",
                inner=message(N_("{country}'s request"), country=FRANCE))
    assert m.english() == ("the Russian Federation and France, the Russian Federation and the "
                           "United Kingdom on 29 November 1990: 13 votes, S/2022/155; "
                           "France's request")
    assert str(m) == m.english()


def test_a_list_may_end_with_or() -> None:
    m = message(N_("Only {who} may vote."), who=Countries((FRANCE, RUSSIA), "or"))
    assert m.english() == "Only France or the Russian Federation may vote."
    assert m.to_json()["params"]["who"]["conjunction"] == "or"


def test_json_round_trip_through_text() -> None:
    m = plural_message(*Nn_("{count} abstention by {who}", "{count} abstentions by {who}"),
                       count=3, who=Countries((FRANCE,)), on=Date("2022-02-25T20:00:00Z", True),
                       why=message(N_("{x} {y}"), x=1.5, y=RUSSIA)).as_sentence()
    data = json.loads(json.dumps(m.to_json()))
    assert data["plural"] == "{count} abstentions by {who}" and data["capital"] is True
    assert data["params"]["on"] == {"datetime": "2022-02-25T20:00:00Z"}
    assert Msg.from_json(data) == m
    assert Msg.from_json(data).english() == "3 abstentions by France"


@pytest.mark.parametrize("bad", [
    None, "text", {"params": {}}, {"id": 3}, {"id": "{a}", "params": {"a": True}},
    {"id": "{a}", "params": {"a": [1]}}, {"id": "{a}", "params": {}},
    {"id": "{a}", "params": {"a": {"country": 5}}}, {"id": "x", "plural": 2},
    {"id": "{count} x", "plural": "{count} xs", "params": {"count": "two"}},
    {"id": "x", "capital": "yes"},
    {"id": "{a}", "params": {"a": {"countries": ["FRA"], "conjunction": "but"}}},
])
def test_what_is_not_a_message_is_refused(bad: object) -> None:
    with pytest.raises(ValueError):
        Msg.from_json(bad)


def test_a_message_names_every_parameter_its_template_uses() -> None:
    with pytest.raises(ValueError, match="no parameter 'country'"):
        message(N_("{country} is not an ally."))


def test_plural_picks_by_count() -> None:
    one, many = Nn_("{count} vote in favour", "{count} votes in favour")
    assert plural_message(one, many, count=1).english() == "1 vote in favour"
    assert plural_message(one, many, count=0).english() == "0 votes in favour"

    def pick(singular: str, plural: str, n: int) -> str:
        return {"{count} vote in favour": "{count} voix pour"}.get(singular, singular) \
            if n < 2 else "{count} voix pour"

    assert render(plural_message(one, many, count=2), translate_plural=pick) == "2 voix pour"


def test_translation_with_forms_nested_messages_and_capital() -> None:
    catalog = {"{country} is not an ally.": "{country@def} n'est pas un Allié.",
               "{text} {more}": "{text} {more}",
               "It has {n} votes.": "Il a {n} voix."}
    m = join(message(N_("{country} is not an ally."), country=RUSSIA).as_sentence(),
             message(N_("It has {n} votes."), n=9))
    assert m.english() == "The Russian Federation is not an ally. It has 9 votes."
    text = render(m, lambda s: catalog.get(s, s), Tiny())
    assert text == "<def:RUS> n'est pas un Allié. Il a #9 voix."


def test_a_broken_translation_falls_back_to_english() -> None:
    m = message(N_("{country} is not an ally."), country=FRANCE)
    assert render(m, lambda s: "{pays} n'est pas un Allié.") == "France is not an ally."


def test_refusal_carries_its_message() -> None:
    err = RuleError("not_an_ally", message(N_("{country} is not an ally."), country=RUSSIA))
    assert err.message == "The Russian Federation is not an ally." == str(err)
    data = err.to_dict()
    assert data["message"] == err.message
    assert Msg.from_json(data["msg"]).english() == err.message
    plain = RuleError("game_over", "the game has ended.")
    assert plain.message == "The game has ended." and plain.msg is None
    assert "msg" not in plain.to_dict()
    raw = RuleError("invalid_action", message(N_("an action is a JSON object")))
    assert raw.message == "an action is a JSON object"


def test_templates_are_found_in_source() -> None:
    source = 'a = N_("One.")\nb = Nn_("{count} x", "{count} xs")\nc = N_(name)\n'
    assert list(template_ids(source)) == [("One.", None), ("{count} x", "{count} xs")]


def test_every_refusal_of_the_engine_is_a_message() -> None:
    """A refusal given as plain text would reach every reader in English."""
    plain = []
    for path in sorted((Path(__file__).resolve().parents[2] / "game_rules").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id == "RuleError" and len(node.args) >= 2
                    and not (isinstance(node.args[1], ast.Call)
                             and isinstance(node.args[1].func, ast.Name)
                             and node.args[1].func.id == "message")):
                plain.append(f"{path.name}:{node.lineno}")
    assert plain == []


def test_a_citation_renders_its_words_keeps_its_moment_and_round_trips() -> None:
    from game_rules.messages import Cite, parts

    m = message(N_("{who} {did}, then {more}."), who=Countries((FRANCE, RUSSIA)),
                did=Cite(plural_message(*Nn_("vetoed {draft}", "vetoed {draft}"), count=2,
                                        draft="S/1"), 7),
                more=Cite("S/2", None))
    assert m.english() == "France and the Russian Federation vetoed S/1, then S/2."
    assert parts(m) == [("France and the Russian Federation ", None), ("vetoed S/1", 7),
                        (", then S/2.", None)]
    again = Msg.from_json(json.loads(json.dumps(m.to_json())))
    assert again == m and parts(again) == parts(m)
    assert list(m.ids()) == ["{who} {did}, then {more}.", "vetoed {draft}"]
    fr = {"{who} {did}, then {more}.": "{who@def} {did}, puis {more}."}
    assert parts(m.as_sentence(), lambda s: fr.get(s, s), Tiny()) == [
        ("<def:FRA> and <def:RUS> ", None), ("vetoed S/1", 7), (", puis S/2.", None)]
    with pytest.raises(ValueError):
        Msg.from_json({"id": "{x}", "params": {"x": {"cite": "S/1", "seq": "seven"}}})
