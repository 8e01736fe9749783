"""The command line's language: ``--lang`` on every command that writes sentences for a
person (docs/i18n.md, "The command line")."""

from __future__ import annotations

import gettext
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING

from game_rules.messages import N_, Msg, Param, message
from server.jsonfile import InputProblem

if TYPE_CHECKING:
    from game_rules.scenario import Scenario

Render = Callable[[Msg], str] | None
"""How a message reads in the language asked (``--lang``); None: the engine's English."""

LANG_HELP = N_("write {what} in this language (fr, es; English by default)")
"""The help of every ``--lang``: the same choices and the same default everywhere."""
LANG_OPTION = "--lang"
ARGPARSE_DOMAIN = "messages"
"""The text domain argparse asks ``gettext.gettext`` for its words in: the default one, which
is also the name of our catalog of sentences (server/argparse_words.py lists its msgids)."""


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


def lang_in(argv: Sequence[str]) -> str | None:
    """The language a command line asks for (``--lang X`` or ``--lang=X``), read before
    argparse parses it, so that the parser speaks it (its help, its usage errors)."""
    for index, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == LANG_OPTION and index + 1 < len(argv):
            return argv[index + 1]
        if arg.startswith(f"{LANG_OPTION}="):
            return arg.split("=", 1)[1]
    return None


def help_text(lang: str | None) -> Callable[..., str]:
    """How the parser's own ``help=`` and ``description=`` read in ``lang`` (English when
    none is asked, or one not spoken here, which the command refuses when it runs): a
    sentence of the catalog (``N_``) with its ``{placeholders}`` filled, ``%`` doubled for
    argparse's formatting of help."""
    from server.i18n import available

    render = renderer(lang) if lang in available() else None

    def text(template: str, **params: Param) -> str:
        return say(message(template, **params), render).replace("%", "%%")

    return text


@contextmanager
def argparse_language(lang: str | None) -> Iterator[None]:
    """argparse's own words (``usage:``, ``options``, its usage errors) in ``lang`` while a
    parser is built and parses: argparse asks ``gettext.gettext`` in the ``messages`` domain,
    whose directory is bound here to our compiled catalogs, and gettext finds the language in
    ``LANGUAGE``. Both are put back as they were afterwards, before the command runs (a server
    and its libraries see the process as it was). Nothing changes for English, a language
    without a catalog (the pseudo-locales) or one not spoken here."""
    from server.i18n import SOURCE, compile_catalogs, shipped_languages

    if not lang or lang == SOURCE or lang not in shipped_languages():
        yield
        return
    bound = gettext.bindtextdomain(ARGPARSE_DOMAIN)
    asked = os.environ.get("LANGUAGE")
    gettext.bindtextdomain(ARGPARSE_DOMAIN, str(compile_catalogs()))
    os.environ["LANGUAGE"] = lang
    try:
        yield
    finally:
        gettext.bindtextdomain(ARGPARSE_DOMAIN, bound)
        if asked is None:
            del os.environ["LANGUAGE"]
        else:
            os.environ["LANGUAGE"] = asked


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
