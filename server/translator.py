"""A language's ``Translator``: its catalogs (``server.i18n``), Babel's formatters
(numbers, dates, lists, CLDR's country names with the language's articles) and ``render`` of
a message (``{"id": ..., "params": ...}``, the form game_rules/messages.py gives the
engine's sentences: rendered through the engine's own ``render``). What the browser gets of a
language is ``server.browser_catalog``.

>>> tr = Translator("fr")
>>> tr.gettext("Join a game")
'Rejoindre une partie'
>>> tr.render({"id": "{country} and {other}", "params": {"country": {"country": "USA"},
...                                                      "other": 1234567}})
'États-Unis and 1\\u202f234\\u202f567'
"""

from __future__ import annotations

import datetime as dt
import gettext as gettext_module
import re
from collections.abc import Callable, Mapping, Sequence
from functools import cache
from typing import TYPE_CHECKING, Any

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_datetime
from babel.lists import format_list
from babel.numbers import format_decimal, format_percent

from game_rules.messages import Countries, Country, Msg, SceneText, agree_spec, choose, clause_of
from game_rules.messages import parts as engine_parts
from game_rules.messages import render as engine_render
from game_rules.translations import country_names, scenario_text
from server.i18n import (
    DOMAINS,
    FORMATS,
    N_,
    PSEUDO,
    SOURCE,
    Pseudo,
    accent,
    agreement,
    fill,
    grammar,
    load_catalog,
    template_msgids,
    territory_code,
    with_form,
)

if TYPE_CHECKING:
    from game_rules.scenario import Scenario

Untranslated = Callable[[str, str], str]
"""How a rendering writes a scenario's text that has no translation into its language: given
the text (in the scenario's language) and that language's code: ``as_it_is`` (the default),
or ``Translator.marked``, the text followed by the language's "not yet translated", which
plain text writes (the grading CSV, the command line), having no ``lang`` attribute."""


def as_it_is(text: str, lang: str) -> str:
    return text


def first_day_pattern(pattern: str, words: str) -> str:
    """A CLDR date pattern whose day, the first of a month, is written ``words`` (the
    language's grammar file's ``first_day``: French "1er"): the lone ``d`` outside quotes.

    >>> first_day_pattern("d MMMM y", "1er")
    "'1er' MMMM y"
    >>> first_day_pattern("d 'de' MMMM 'de' y", "1.º")
    "'1.º' 'de' MMMM 'de' y"
    """
    pieces = re.split(r"('[^']*')", pattern)
    return "".join(piece if piece.startswith("'") else re.sub(r"(?<!d)d(?!d)", f"'{words}'", piece)
                   for piece in pieces)


NOT_YET_TRANSLATED = N_("not yet translated")
"""The words a page shows by a scenario's text left in its own language (its badge), which
plain text writes after it."""


class Translator:
    """One language: its catalogs, its formatters, and messages rendered in it."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.pseudo = lang in PSEUDO
        self.locale = Locale.parse(FORMATS.get(lang, lang).replace("-", "_"))
        self.dir = "rtl" if lang == "qps-rtl" else self.locale.text_direction[:3]
        self.catalogs: dict[str, gettext_module.NullTranslations]
        if self.pseudo:
            self.catalogs = {d: Pseudo(template_msgids(d)) for d in DOMAINS}
        else:
            self.catalogs = {d: load_catalog(lang, d) for d in DOMAINS}

    def __repr__(self) -> str:
        return f"Translator({self.lang!r})"

    def _finish(self, text: str) -> str:
        """Locale data (a date, a list's words) in a pseudo-locale is accented too."""
        return accent(text) if self.pseudo else text

    # gettext ------------------------------------------------------------------

    def gettext(self, message: str, domain: str = "messages") -> str:
        return self.catalogs[domain].gettext(message)

    def ngettext(self, singular: str, plural: str, n: int, domain: str = "messages") -> str:
        return self.catalogs[domain].ngettext(singular, plural, n)

    def pgettext(self, context: str, message: str, domain: str = "messages") -> str:
        return self.catalogs[domain].pgettext(context, message)

    def format(self, message: str, **params: Any) -> str:
        """A sentence of the catalog with its ``{name}`` placeholders filled."""
        return self._fill(self.gettext(message), params, None)

    def marked(self, text: str, lang: str) -> str:
        """A scenario's text that has no translation into this language, in plain text (a
        CSV cell, a terminal: no ``lang`` attribute to carry): followed by this language's
        "not yet translated" in brackets, the words of the pages' badge ("Kuwait is freed.
        (pas encore traduit)"). An ``Untranslated`` for ``render``."""
        return f"{text} ({self.gettext(NOT_YET_TRANSLATED)})"

    # formatters --------------------------------------------------------------

    def number(self, value: float) -> str:
        return format_decimal(value, locale=self.locale)

    def language(self, code: str) -> str:
        """The name of a language in this one: "anglais" for ``en`` in French."""
        try:
            name = Locale.parse(code.replace("-", "_")).get_display_name(self.locale) or code
        except (UnknownLocaleError, ValueError):
            return code
        return self._finish(name)

    def percent(self, share: float) -> str:
        """A share (0.45) as the language writes a percentage: "45%", "45\u00a0%"."""
        return format_percent(share, locale=self.locale)

    def date(self, value: dt.date | str, style: str = "long") -> str:
        day = dt.date.fromisoformat(value[:10]) if isinstance(value, str) else value
        first = grammar(self.lang).get("first_day") if day.day == 1 and not self.pseudo else None
        if first:   # French writes the first of a month "1er": "1er août 1950"
            pattern = first_day_pattern(self.locale.date_formats[style].pattern, first)
            return format_date(day, pattern, locale=self.locale)
        return self._finish(format_date(day, style, locale=self.locale))

    def datetime(self, value: dt.datetime | str, style: str = "medium") -> str:
        moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00")) \
            if isinstance(value, str) else value
        return self._finish(format_datetime(moment, style, tzinfo=dt.UTC, locale=self.locale))

    def list(self, items: Sequence[str], conjunction: str = "and") -> str:
        """Items joined as the language lists them ("A, B et C"; ``conjunction`` "or": "A, B
        ou C"; ",": a plain enumeration)."""
        if not items:
            return ""
        if len(items) == 1:
            return items[0]
        if conjunction == ",":
            return ", ".join(items)
        pieces3 = ["\x00", "\x01", "\x02"][:min(len(items), 3)]
        pattern = (format_list(pieces3, style="or", locale=self.locale) if conjunction == "or"
                   else format_list(pieces3, locale=self.locale))
        pieces = re.split(r"[\x00\x01\x02]", pattern)
        words = [self._finish(piece) for piece in pieces]
        if len(items) == 2:
            return f"{words[0]}{items[0]}{words[1]}{items[1]}{words[2]}"
        # start and middle share the separator; the last one is the "end" pattern's.
        body = words[1].join(items[:-1])
        return f"{words[0]}{body}{words[2]}{items[-1]}{words[3]}"

    def territory(self, code: str) -> str | None:
        """CLDR's name of a country in this language, by the game's or an ISO code."""
        iso = territory_code(code)
        if not iso:
            return None
        name: str | None = self.locale.territories.get(iso)
        return self._finish(name) if name else None

    def country(self, value: Any, form: str | None = None,
                names: Mapping[str, str] | None = None) -> str:
        """A country parameter (``{"country": code, "name": English}``, or a code): the game's
        own name in this language, else CLDR's, else the English name; with the form
        ``agree:<choices>``, the words that agree with it."""
        if isinstance(value, Mapping):
            code = str(value.get("country", ""))
            fallback = str(value.get("name") or code)
        else:
            code = fallback = str(value)
        spec = agree_spec(form)
        if spec is not None:
            return choose(spec, agreement([code], self.lang))
        name = (names or {}).get(code) or (None if self.lang == SOURCE else self.territory(code))
        if name is None:
            return fallback if self.lang == SOURCE else with_form(fallback, code, None, self.lang)
        return with_form(name, code, form, self.lang)

    # messages ----------------------------------------------------------------

    def param(self, value: Any, form: str | None = None,
              names: Mapping[str, str] | None = None) -> str:
        spec = agree_spec(form)
        if spec is not None and not (isinstance(value, Mapping) and (
                "country" in value or "countries" in value)):
            # Words agreeing with what is not a country: the grammar's default (masculine
            # singular, the unmarked form).
            return choose(spec, agreement([], self.lang))
        if isinstance(value, bool):
            return str(value).lower()
        if isinstance(value, int | float):
            return self.number(value)
        if isinstance(value, str):
            return value
        if isinstance(value, Mapping):
            if "country" in value:
                return self.country(value, form, names)
            if "countries" in value:
                return self.countries(value["countries"], str(value.get("conjunction", "and")),
                                      form, names)
            if "date" in value:
                return self.date(str(value["date"]))
            if "datetime" in value:
                return self.datetime(str(value["datetime"]))
            if "cite" in value:
                return self.param(value["cite"], form, names)
            if "scene_text" in value:
                text = str(value.get("text", ""))
                return clause_of(text) if value.get("clause") else text
            if "msg" in value:
                return self.render(value["msg"], names)
            if "id" in value:
                return self.render(value, names)
        if isinstance(value, list | tuple):
            return self.list([self.param(v, form, names) for v in value])
        return str(value)

    def countries(self, items: Sequence[Any], conjunction: str = "and", form: str | None = None,
                  names: Mapping[str, str] | None = None) -> str:
        """Countries as a list in this language; with the form ``agree:<choices>``, the words
        that agree with them all (plural; feminine if every one is)."""
        spec = agree_spec(form)
        if spec is not None:
            codes = [str(item.get("country", "")) if isinstance(item, Mapping) else str(item)
                     for item in items]
            return choose(spec, agreement(codes, self.lang))
        # A capitalised form (@Def) starts the sentence: only the first name takes the capital.
        rest = form.lower() if form else form
        return self.list([self.country(item, form if i == 0 else rest, names)
                          for i, item in enumerate(items)], conjunction)

    def _fill(self, text: str, params: Mapping[str, Any],
              names: Mapping[str, str] | None) -> str:
        def value(name: str, form: str | None) -> str | None:
            if name not in params:
                return None
            return self.param(params[name], form, names)

        return fill(text, value)

    def render(self, msg: Mapping[str, Any] | Any, names: Mapping[str, str] | None = None, *,
               scenario: Scenario | None = None,
               untranslated: Untranslated = as_it_is) -> str:
        """A message (``{"id", "params"}``, with ``"plural"`` for a plural one, counted by its
        ``count`` parameter) in this language; ``names``: the game's own country names in it.
        The engine's messages render through ``game_rules.messages.render`` (English exactly
        as the engine writes it); other message-shaped data through the same placeholders.

        A text of the scenario in the message (``SceneText``, by its key) is ``scenario``'s
        translation into this language, else the scenario's own text, written by
        ``untranslated``; without ``scenario``, the message's own copy of it."""
        try:
            parsed = msg if isinstance(msg, Msg) else Msg.from_json(msg)
        except ValueError:
            parsed = None
        if parsed is not None:
            if self.lang == SOURCE and not names and scenario is None \
                    and untranslated is as_it_is:
                return parsed.english()
            return engine_render(parsed, self.gettext,
                                 _EngineFormatter(self, names, scenario, untranslated),
                                 self.ngettext)
        if hasattr(msg, "to_json"):
            msg = msg.to_json()
        params: Mapping[str, Any] = msg.get("params") or {}
        if msg.get("plural"):
            count = params.get("count", 0)
            text = self.ngettext(msg["id"], msg["plural"], int(count) if isinstance(
                count, int | float) else 0)
        else:
            text = self.gettext(msg["id"])
        out = self._fill(text, params, names)
        return out[:1].upper() + out[1:] if msg.get("capital") else out

    def parts(self, msg: Mapping[str, Any] | Msg, names: Mapping[str, str] | None = None, *,
              scenario: Scenario | None = None,
              untranslated: Untranslated = as_it_is) -> Sequence[tuple[str, int | None]]:
        """An engine message in this language, in pieces: ``(text, seq)`` for the words that
        cite a moment of the game, ``(text, None)`` between them (``game_rules.messages.parts``;
        ``scenario`` and ``untranslated`` as for ``render``).
        """
        parsed = msg if isinstance(msg, Msg) else Msg.from_json(msg)
        return engine_parts(parsed, self.gettext,
                            _EngineFormatter(self, names, scenario, untranslated), self.ngettext)

    def scene_text(self, text: SceneText, scenario: Scenario | None = None,
                   untranslated: Untranslated = as_it_is) -> str:
        """A text of the scenario named in a message, in this language: ``scenario``'s
        translation where it has one (a key it does not know, an old message's, gives the
        message's own copy), else the scenario's own text through ``untranslated``."""
        if scenario is not None:
            try:
                found = scenario_text(scenario, self.lang, text.key)
            except KeyError:
                found = None
            if found is not None:
                shown = text.shown(found.text)
                return untranslated(shown, found.lang) if found.fallback else shown
        own = text.lang or (scenario.language if scenario is not None else SOURCE)
        return text.shown() if own == self.lang else untranslated(text.shown(), own)


class _EngineFormatter:
    """``game_rules.messages.Formatter`` in a ``Translator``'s language."""

    def __init__(self, tr: Translator, names: Mapping[str, str] | None,
                 scenario: Scenario | None = None, untranslated: Untranslated = as_it_is) -> None:
        self.tr = tr
        self.names = names
        self.scenario = scenario
        self.untranslated = untranslated

    def number(self, value: int | float) -> str:
        return self.tr.number(value)

    def date(self, iso: str, moment: bool) -> str:
        return self.tr.datetime(iso) if moment else self.tr.date(iso)

    def _names(self) -> Mapping[str, str] | None:
        """The game's own names of its states: those given, else the scenario's in this
        language (as a page takes them from the game's texts), once asked for. English, the
        source language, keeps the engine's own words ("the Soviet Union"), as pages do."""
        if self.names is None and self.scenario is not None and self.tr.lang != SOURCE:
            self.names = country_names(self.scenario, self.tr.lang)
        return self.names

    def country(self, country: Country, form: str | None = None) -> str:
        return self.tr.country({"country": country.code, "name": country.name}, form,
                               self._names())

    def countries(self, countries: Countries, form: str | None = None) -> str:
        return self.tr.countries([{"country": c.code, "name": c.name} for c in countries.items],
                                 countries.conjunction, form, self._names())

    def scene_text(self, text: SceneText) -> str:
        return self.tr.scene_text(text, self.scenario, self.untranslated)


@cache
def translator(lang: str) -> Translator:
    return Translator(lang)
