"""The command line's language: ``--lang`` on every command that writes sentences for a
person (docs/i18n.md, "The command line")."""

from __future__ import annotations

from collections.abc import Callable

from game_rules.messages import Msg
from server.jsonfile import InputProblem

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
