"""The command line's language: ``--lang`` on every command that writes sentences for a
person (docs/i18n.md, "The command line")."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from game_rules.messages import Msg
from server.jsonfile import InputProblem

if TYPE_CHECKING:
    from game_rules.scenario import Scenario

Render = Callable[[Msg], str] | None
"""How a message reads in the language asked (``--lang``); None: the engine's English."""

LANG_HELP = "write {what} in this language (fr, es; English by default)"
"""The help of every ``--lang``: the same choices and the same default everywhere."""


def renderer(lang: str | None) -> Render:
    """How a message reads in ``lang`` (None: the engine's English); an unknown language is
    refused, in English, the source language."""
    if not lang:
        return None
    from server.i18n import available
    from server.translator import translator

    if lang not in available():
        raise InputProblem([f"unknown language {lang!r}: one of {', '.join(available())}"])
    return translator(lang).render


def say(msg: Msg, render: Render) -> str:
    return render(msg) if render else msg.english()


def scenario_words(scenario: Scenario, lang: str | None, key: str) -> str:
    """A text of the scenario (``title``...) for the terminal in ``lang`` (None: English): its
    translation, else the scenario's own, followed by the language's "not yet translated"
    (``Translator.marked``: a terminal has no ``lang`` attribute to carry)."""
    from game_rules.translations import scenario_text
    from server.i18n import SOURCE
    from server.translator import translator

    found = scenario_text(scenario, lang or SOURCE, key)
    return translator(lang or SOURCE).marked(found.text, found.lang) if found.fallback \
        else found.text
