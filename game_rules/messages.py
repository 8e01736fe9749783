"""The engine's sentences as codes: a message id and its parameters, rendered per reader.

The engine never writes a language into a record. Each sentence it produces (a refusal,
an explanation, a line of the debrief) is a ``Msg``: its id is the English template, with
``{named}`` placeholders, and its parameters are data (a country's code, a number, a
date, a nested message). Rendering it with the identity translation gives today's
English; rendering it with a catalog gives French or Spanish.

>>> m = message(N_("{country} has already voted; a vote once cast is final."),
...             country=Country("FRA", "France"))
>>> m.english()
'France has already voted; a vote once cast is final.'
>>> m.to_json()["params"]
{'country': {'country': 'FRA', 'name': 'France'}}
>>> Msg.from_json(m.to_json()) == m
True

A translation is a template in the reader's language; a country's placeholder may ask for a
grammatical form (``{country@def}``: with its article, ``@of``, ``@to``; ``@Def`` and so on
at a sentence's start), which the formatter of that language gives:

>>> fr = {"{country} has already voted; a vote once cast is final.":
...       "{country@Def} a déjà voté ; un vote exprimé est définitif."}
>>> class Demo(EnglishFormatter):
...     def country(self, country, form=None):
...         return {"Def": "La ", "def": "la "}.get(form or "", "") + "France"
>>> render(m, lambda s: fr.get(s, s), Demo())
'La France a déjà voté ; un vote exprimé est définitif.'

Words that agree with a country in gender and number are chosen by the placeholder's form
``agree`` (``{country@agree:s=a|p=ont}``: "a" for one country, "ont" for a plural one such as
"les États-Unis"); the language's formatter knows the country's gender and number, and
``choose`` picks the words:

>>> class Agreeing(Demo):
...     def country(self, country, form=None):
...         spec = agree_spec(form)
...         return choose(spec, "fs") if spec is not None else super().country(country, form)
>>> fr = {m.id: "{country@Def} {country@agree:s=a|p=ont} déjà voté."}
>>> render(m, lambda s: fr.get(s, s), Agreeing())
'La France a déjà voté.'

Plurals are ids with a ``count`` parameter:

>>> n = plural_message(*Nn_("{count} abstention", "{count} abstentions"), count=2)
>>> n.english(), n.to_json()["plural"]
('2 abstentions', '{count} abstentions')
"""

from __future__ import annotations

import ast
import string
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol, TypeAlias

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


def N_(template: str) -> str:
    """Mark an English template for extraction into the catalogs; returns it unchanged."""
    return template


def Nn_(singular: str, plural: str) -> tuple[str, str]:
    """Mark a singular and a plural English template as one catalog entry (``msgid_plural``)."""
    return singular, plural


@dataclass(frozen=True)
class Country:
    """A state in a sentence: its code, and its English name as the game says it."""

    code: str
    name: str = ""

    def to_json(self) -> dict[str, str]:
        out = {"country": self.code}
        if self.name:
            out["name"] = self.name
        return out


@dataclass(frozen=True)
class Countries:
    """Several states in a sentence, joined as a list ("France, Germany and Belgium")."""

    items: tuple[Country, ...]
    conjunction: str = "and"
    """``and`` or ``or``: how the list ends; ``,`` for commas only (a list in brackets)."""

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"countries": [c.to_json() for c in self.items]}
        if self.conjunction != "and":
            out["conjunction"] = self.conjunction
        return out


@dataclass(frozen=True)
class Date:
    """A calendar day, ISO ("2022-04-26"); ``datetime`` for a moment ("...Z")."""

    iso: str
    moment: bool = False

    def to_json(self) -> dict[str, str]:
        return {"datetime" if self.moment else "date": self.iso}


def day_of(moment: float) -> Date:
    """The calendar day (UTC) of a moment in seconds since the epoch, as a parameter.

    >>> render(message(N_("{d}"), d=day_of(0.0)))
    '1 January 1970'
    """
    return Date(datetime.fromtimestamp(moment, tz=UTC).date().isoformat())


@dataclass(frozen=True)
class Cite:
    """Words of a sentence that carry a moment of the game: rendered as their ``text``, and
    where a page can, linked to the replay at ``seq`` (the debrief's readings cite so).

    >>> m = message(N_("The allies {did}."), did=Cite(message(N_("invoked Article 5")), 12))
    >>> m.english(), parts(m)
    ('The allies invoked Article 5.', [('The allies ', None), ('invoked Article 5', 12), ('.', None)])
    """

    text: Param
    seq: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {"cite": param_to_json(self.text), "seq": self.seq}


@dataclass(frozen=True)
class SceneText:
    """A text of the game's scenario in a sentence, by its key (``history.<id>.proposed``:
    game_rules/translations.py), never copied in as English: each reader gets the scenario's
    translation into their language where it has one, else ``text``, the scenario's own (in
    ``lang``, its language), which a page marks as not yet translated. ``clause``: the text
    stands inside a sentence, without its final full stop.

    >>> m = message(N_("in reality, on {date}: {text}"), date=Date("1933-03-27"),
    ...             text=SceneText("history.notice.proposed", "Japan gives notice.", "en", True))
    >>> m.english()
    'in reality, on 27 March 1933: Japan gives notice'
    >>> m.to_json()["params"]["text"]
    {'scene_text': 'history.notice.proposed', 'text': 'Japan gives notice.', 'lang': 'en', 'clause': True}
    >>> Msg.from_json(m.to_json()) == m
    True
    """

    key: str
    text: str
    """The scenario's own text: the English field of a message, and the fallback."""
    lang: str = ""
    clause: bool = False

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"scene_text": self.key, "text": self.text}
        if self.lang:
            out["lang"] = self.lang
        if self.clause:
            out["clause"] = True
        return out

    def shown(self, text: str | None = None) -> str:
        """``text`` (a translation; by default the scenario's own) as the sentence holds it."""
        said = self.text if text is None else text
        return clause_of(said) if self.clause else said


def clause_of(text: str) -> str:
    """A sentence as a clause of another: without its final full stop (an abbreviation's
    stop, "etc.", is a full stop too: the sentence ends there).

    >>> clause_of("Kuwait is freed. "), clause_of("¿Qué?")
    ('Kuwait is freed', '¿Qué?')
    """
    text = text.rstrip()
    return text[:-1].rstrip() if text.endswith(".") and not text.endswith("..") else text


Param: TypeAlias = "str | int | float | Country | Countries | Date | Msg | Cite | SceneText"


@dataclass(frozen=True)
class Msg:
    """A sentence as a code: the English template ``id`` and its ``params``.

    ``plural`` is the English plural template when the sentence depends on ``params["count"]``.
    """

    id: str
    params: Mapping[str, Param] = field(default_factory=dict)
    plural: str | None = None
    capital: bool = False
    """The rendered sentence starts with a capital letter, whatever starts it ("the Russian
    Federation" as a refusal's subject reads "The Russian Federation ...")."""

    def __post_init__(self) -> None:
        for name in placeholders(self.id) | (placeholders(self.plural) if self.plural else set()):
            if name not in self.params:
                raise ValueError(f"the message {self.id!r} has no parameter {name!r}")
        if self.plural is not None and not isinstance(self.params.get("count"), int):
            raise ValueError(f"the plural message {self.id!r} needs an integer count")

    def english(self) -> str:
        """The English sentence, as the engine wrote it before it spoke in codes."""
        return render(self)

    def __str__(self) -> str:
        return self.english()

    def to_json(self) -> dict[str, Any]:
        """The message as JSON-ready data: ``{"id", "params"}`` (and ``"plural"``)."""
        out: dict[str, Any] = {"id": self.id, "params": {k: param_to_json(v)
                                                         for k, v in self.params.items()}}
        if self.plural is not None:
            out["plural"] = self.plural
        if self.capital:
            out["capital"] = True
        return out

    @classmethod
    def from_json(cls, data: Any) -> Msg:
        """Read a message back from its JSON form; ``ValueError`` if it is not one."""
        if not isinstance(data, dict) or not isinstance(data.get("id"), str):
            raise ValueError("a message is an object with a string id")
        raw = data.get("params", {})
        if not isinstance(raw, dict):
            raise ValueError("a message's params are an object")
        plural = data.get("plural")
        if plural is not None and not isinstance(plural, str):
            raise ValueError("a message's plural is a string")
        capital = data.get("capital", False)
        if not isinstance(capital, bool):
            raise ValueError("a message's capital is true or false")
        return cls(data["id"], {str(k): param_from_json(v) for k, v in raw.items()}, plural,
                   capital)

    def as_sentence(self) -> Msg:
        """The same message, starting with a capital letter when rendered."""
        return Msg(self.id, self.params, self.plural, True)

    def ids(self) -> Iterator[str]:
        """Every id this message needs from a catalog, nested ones included."""
        yield self.id
        for value in self.params.values():
            while isinstance(value, Cite):
                value = value.text
            if isinstance(value, Msg):
                yield from value.ids()


def message(template: str, /, **params: Param) -> Msg:
    """A message from its English template (marked with ``N_``) and named parameters."""
    return Msg(template, params)


def plural_message(singular: str, plural: str, /, count: int, **params: Param) -> Msg:
    """A message whose wording follows ``count``: ``singular`` for one, ``plural`` otherwise
    in English; other languages take the form their plural rule picks."""
    return Msg(singular, {"count": count, **params}, plural)


def join(first: Msg, *more: Msg) -> Msg:
    """Sentences one after another, as a paragraph: each is translated on its own.

    >>> join(message(N_("Adopted.")), message(N_("It binds."))).english()
    'Adopted. It binds.'
    """
    out = first
    for nxt in more:
        out = message(N_("{text} {more}"), text=out, more=nxt)
    return out


def listed(items: Sequence[Param]) -> Param:
    """Words one after another as a sentence lists them: "A", "A and B", "A, B and C"; each
    may be a message, or a citation.

    >>> listed([message(N_("sanctions")), "S/RES/661", Country("KWT", "Kuwait")]).english()
    'sanctions, S/RES/661 and Kuwait'
    """
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    out: Param = items[0]
    for item in items[1:-1]:
        out = message(N_("{first}, {second}"), first=out, second=item)
    return message(N_("{items} and {last}"), items=out, last=items[-1])


def param_to_json(value: Param) -> Any:
    if isinstance(value, Msg):
        return {"msg": value.to_json()}
    if isinstance(value, Country | Countries | Date | Cite | SceneText):
        return value.to_json()
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise ValueError(f"not a message parameter: {value!r}")
    return value


def _country_from_json(data: Any) -> Country:
    if isinstance(data, str):
        return Country(data)
    if isinstance(data, dict) and isinstance(data.get("country"), str):
        name = data.get("name", "")
        if not isinstance(name, str):
            raise ValueError("a country's name is a string")
        return Country(data["country"], name)
    raise ValueError("a country is a code or {country, name}")


def _scene_text_from_json(data: dict[str, Any]) -> SceneText:
    key, text, lang = data.get("scene_text"), data.get("text", ""), data.get("lang", "")
    clause = data.get("clause", False)
    if not isinstance(key, str) or not isinstance(text, str) or not isinstance(lang, str) \
            or not isinstance(clause, bool):
        raise ValueError("a scenario's text is {scene_text: key, text, lang, clause}")
    return SceneText(key, text, lang, clause)


def param_from_json(data: Any) -> Param:
    """A parameter from its JSON form: a string, a number, or an object naming its kind."""
    if isinstance(data, bool):
        raise ValueError("a message parameter is not a boolean")
    if isinstance(data, str | int | float):
        return data
    if isinstance(data, dict):
        if "msg" in data:
            return Msg.from_json(data["msg"])
        if "cite" in data:
            seq = data.get("seq")
            if seq is not None and (isinstance(seq, bool) or not isinstance(seq, int)):
                raise ValueError("a citation's seq is an integer")
            return Cite(param_from_json(data["cite"]), seq)
        if "scene_text" in data:
            return _scene_text_from_json(data)
        if "country" in data:
            return _country_from_json(data)
        if "countries" in data and isinstance(data["countries"], list):
            conjunction = data.get("conjunction", "and")
            if conjunction not in ("and", "or", ","):
                raise ValueError("a list of countries ends with and or or")
            return Countries(tuple(_country_from_json(c) for c in data["countries"]),
                             conjunction)
        for key, moment in (("date", False), ("datetime", True)):
            if isinstance(data.get(key), str):
                return Date(data[key], moment)
    raise ValueError(f"not a message parameter: {data!r}")


def placeholders(template: str) -> set[str]:
    """The names a template uses (``{name}`` or, in a translation, ``{name@form}``).

    >>> sorted(placeholders("{a} and {b@of} {{literal}}"))
    ['a', 'b']
    """
    return {name.split("@", 1)[0] for _, name, _, _ in string.Formatter().parse(template)
            if name}


AGREE = "agree"
"""The form that chooses words by a country's gender and number (``{country@agree:s=a|p=ont}``)."""
KINDS = ("ms", "fs", "mp", "fp")
"""Gender and number: masculine or feminine, singular or plural."""
CHOICE_KEYS = {"ms": ("ms", "s", "m", "other"), "fs": ("fs", "s", "f", "other"),
               "mp": ("mp", "p", "m", "other"), "fp": ("fp", "p", "f", "other")}
"""For each gender and number, the keys of a choice that may give its words, the most
specific first: ``fp`` (feminine plural), then ``p`` (any plural), ``f``, ``other``."""


def choices(spec: str) -> dict[str, str]:
    """The words of an agreement placeholder by key (``s=a voté|p=ont voté``); ``ValueError``
    when a choice has no ``key=``, a key is unknown or repeated, or a gender and number is
    left without words.

    >>> choices("s=a|p=ont")
    {'s': 'a', 'p': 'ont'}
    >>> choices("s=a|pl=ont")
    Traceback (most recent call last):
    ...
    ValueError: unknown key 'pl' (keys: ms, fs, mp, fp, m, f, s, p, other)
    """
    keys = ("ms", "fs", "mp", "fp", "m", "f", "s", "p", "other")
    found: dict[str, str] = {}
    for part in spec.split("|"):
        key, equals, words = part.partition("=")
        key = key.strip()
        if not equals:
            raise ValueError(f"the choice {part!r} has no key= before its words")
        if key not in keys:
            raise ValueError(f"unknown key {key!r} (keys: {', '.join(keys)})")
        if key in found:
            raise ValueError(f"the key {key!r} is given twice")
        found[key] = words
    for kind, order in CHOICE_KEYS.items():
        if not any(key in found for key in order):
            raise ValueError(f"no words for {kind} (give {kind}, {order[1]}, {order[2]} or other)")
    return found


def choose(spec: str, kind: str) -> str:
    """The words of an agreement placeholder for a gender and number (``kind``: ms, fs, mp,
    fp). A spec that does not parse gives the words of its first choice, so that a slip of a
    translator still reads (``python -m server.catalogs check`` reports it).

    >>> choose("s=a voté|p=ont voté", "mp")
    'ont voté'
    >>> choose("ms=joint|fs=jointe|p=joints|fp=jointes", "fs")
    'jointe'
    """
    try:
        found = choices(spec)
    except ValueError:
        return spec.split("|", 1)[0].partition("=")[2]
    for key in CHOICE_KEYS.get(kind, CHOICE_KEYS["ms"]):
        if key in found:
            return found[key]
    return ""


def agree_spec(form: str | None) -> str | None:
    """The choices of an agreement form (``agree:s=a|p=ont`` -> ``s=a|p=ont``), else None."""
    if form and form.startswith(AGREE + ":"):
        return form[len(AGREE) + 1:]
    return None


class Formatter(Protocol):
    """How a language writes numbers, dates and states. ``form`` is what a translation asks
    of a country's name by its placeholder (``{country@of}``: ``of``), None for the bare
    name; ``agree:<choices>`` (``{country@agree:s=a|p=ont}``) asks for the words of
    ``choose`` that agree with the country (or the countries: a plural)."""

    def number(self, value: int | float) -> str: ...

    def date(self, iso: str, moment: bool) -> str: ...

    def country(self, country: Country, form: str | None = None) -> str: ...

    def countries(self, countries: Countries, form: str | None = None) -> str: ...

    def scene_text(self, text: SceneText) -> str: ...


def english_date(iso: str) -> str:
    """An ISO date as the engine writes it in English: "29 November 1990"."""
    year, month, day = iso[:10].split("-")
    return f"{int(day)} {MONTHS[int(month) - 1]} {int(year)}"


def english_list(items: Sequence[str], conjunction: str = "and") -> str:
    """A list in an English sentence: "A", "A and B", "A, B and C" (``,``: "A, B, C")."""
    if conjunction == ",":
        return ", ".join(items)
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


class EnglishFormatter:
    """The engine's own English: figures as Python writes them, dates in words, the game's
    names of states."""

    def number(self, value: int | float) -> str:
        return str(value)

    def date(self, iso: str, moment: bool) -> str:
        return iso if moment else english_date(iso)

    def country(self, country: Country, form: str | None = None) -> str:
        spec = agree_spec(form)
        if spec is not None:
            return choose(spec, "ms")
        return country.name or country.code

    def countries(self, countries: Countries, form: str | None = None) -> str:
        spec = agree_spec(form)
        if spec is not None:
            return choose(spec, "ms" if len(countries.items) == 1 else "mp")
        return english_list([self.country(c, form) for c in countries.items],
                            countries.conjunction)

    def scene_text(self, text: SceneText) -> str:
        return text.shown()


ENGLISH = EnglishFormatter()


def _identity(template: str) -> str:
    return template


def _english_plural(singular: str, plural: str, n: int) -> str:
    return singular if n == 1 else plural


def render(msg: Msg, translate: Callable[[str], str] = _identity, fmt: Formatter = ENGLISH,
           translate_plural: Callable[[str, str, int], str] = _english_plural) -> str:
    """The message in a language: ``translate`` maps an English template to the language's
    (the identity for English), ``translate_plural`` picks a plural form, ``fmt`` writes the
    parameters.

    A message marked ``capital`` starts with a capital letter in every language.

    >>> render(message(N_("Only {who} may vote."), who="members"))
    'Only members may vote.'
    >>> render(message(N_("{country} is not an ally."), country=Country("RUS",
    ...        "the Russian Federation")).as_sentence())
    'The Russian Federation is not an ally.'
    """
    template = _template(msg, translate, translate_plural)
    try:
        text = _fill(template, msg, translate, fmt, translate_plural)
    except (KeyError, ValueError, IndexError):
        text = _fill(msg.id if msg.plural is None or msg.params["count"] == 1 else msg.plural,
                     msg, _identity, ENGLISH, _english_plural)
    if msg.capital:
        text = text[:1].upper() + text[1:]
    return text


def _fill(template: str, msg: Msg, translate: Callable[[str], str], fmt: Formatter,
          translate_plural: Callable[[str, str, int], str]) -> str:
    out: list[str] = []
    for literal, field_name, spec, _conversion in string.Formatter().parse(template):
        out.append(literal)
        if field_name is None:
            continue
        name, _, form = field_name.partition("@")
        if form and spec:
            form = f"{form}:{spec}"
        out.append(_param(msg.params[name], form or None, translate, fmt, translate_plural))
    return "".join(out)


def _param(value: Param, form: str | None, translate: Callable[[str], str], fmt: Formatter,
           translate_plural: Callable[[str, str, int], str]) -> str:
    spec = agree_spec(form)
    if spec is not None and isinstance(value, Cite):
        return _param(value.text, form, translate, fmt, translate_plural)
    if spec is not None and not isinstance(value, Country | Countries):
        return choose(spec, "ms")
    if isinstance(value, Msg):
        return render(value, translate, fmt, translate_plural)
    if isinstance(value, Cite):
        return _param(value.text, form, translate, fmt, translate_plural)
    if isinstance(value, Country):
        return fmt.country(value, form)
    if isinstance(value, Countries):
        return fmt.countries(value, form)
    if isinstance(value, Date):
        return fmt.date(value.iso, value.moment)
    if isinstance(value, SceneText):
        return fmt.scene_text(value)
    if isinstance(value, str):
        return value
    return fmt.number(value)


Part: TypeAlias = "tuple[str, int | None]"


def parts(msg: Msg, translate: Callable[[str], str] = _identity, fmt: Formatter = ENGLISH,
          translate_plural: Callable[[str, str, int], str] = _english_plural) -> list[Part]:
    """The message rendered as ``render`` does, in pieces: each ``Cite`` with a ``seq`` its own
    piece ``(text, seq)``, the words between them ``(text, None)``.

    >>> m = message(N_("{who} {did}: {why}."), who=Country("EST", "Estonia"),
    ...     did=Cite(message(N_("asked the allies to consult")), 4), why="a threat")
    >>> parts(m)
    [('Estonia ', None), ('asked the allies to consult', 4), (': a threat.', None)]
    >>> "".join(text for text, _ in parts(m)) == m.english()
    True
    """
    try:
        out = _parts(msg, translate, fmt, translate_plural)
    except (KeyError, ValueError, IndexError):
        out = _parts(msg, _identity, ENGLISH, _english_plural)
    merged: list[Part] = []
    for text, seq in out:
        if not text:
            continue
        if merged and seq is None and merged[-1][1] is None:
            merged[-1] = (merged[-1][0] + text, None)
        else:
            merged.append((text, seq))
    return merged


def _template(msg: Msg, translate: Callable[[str], str],
              translate_plural: Callable[[str, str, int], str]) -> str:
    """The translated template of ``msg``: its plural form for ``count`` if it has one."""
    if msg.plural is None:
        return translate(msg.id)
    count = msg.params["count"]
    assert isinstance(count, int)
    return translate_plural(msg.id, msg.plural, count)

def _parts(msg: Msg, translate: Callable[[str], str], fmt: Formatter,
           translate_plural: Callable[[str, str, int], str]) -> list[Part]:
    template = _template(msg, translate, translate_plural)
    out: list[Part] = []
    for literal, field_name, spec, _conversion in string.Formatter().parse(template):
        out.append((literal, None))
        if field_name is None:
            continue
        name, _, form = field_name.partition("@")
        if form and spec:
            form = f"{form}:{spec}"
        value = msg.params[name]
        if agree_spec(form) is not None:
            # Words that agree with a parameter are words of the sentence, never a citation.
            out.append((_param(value, form, translate, fmt, translate_plural), None))
        elif isinstance(value, Cite) and value.seq:
            out.append((_param(value.text, form or None, translate, fmt, translate_plural),
                        value.seq))
        elif isinstance(value, Msg) or (isinstance(value, Cite) and isinstance(value.text, Msg)):
            inner = value if isinstance(value, Msg) else value.text
            assert isinstance(inner, Msg)
            out += _parts(inner, translate, fmt, translate_plural)
        else:
            out.append((_param(value, form or None, translate, fmt, translate_plural), None))
    if msg.capital:
        for i, (text, seq) in enumerate(out):
            if text:
                out[i] = (text[:1].upper() + text[1:], seq)
                break
    return out


def english_of(data: Any, fallback: str = "") -> str:
    """The English of a message's JSON form, or ``fallback`` when it is not one (an old
    record has only the text)."""
    try:
        return Msg.from_json(data).english()
    except ValueError:
        return fallback


def template_ids(source: str) -> Iterator[tuple[str, str | None]]:
    """Every template a Python source marks: ``(id, None)`` for ``N_("...")``,
    ``(singular, plural)`` for ``Nn_("...", "...")``.

    >>> list(template_ids('x = N_("Adopted.")\\ny = Nn_("{count} vote", "{count} votes")'))
    [('Adopted.', None), ('{count} vote', '{count} votes')]
    """
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
            continue
        args = [a.value for a in node.args
                if isinstance(a, ast.Constant) and isinstance(a.value, str)]
        if node.func.id == "N_" and len(args) == 1:
            yield args[0], None
        elif node.func.id == "Nn_" and len(args) == 2:
            yield args[0], args[1]


def engine_templates() -> dict[str, str | None]:
    """Every template the engine marks, in the order of its files: id -> plural id."""
    out: dict[str, str | None] = {}
    for path in sorted(Path(__file__).parent.glob("*.py")):
        for singular, plural in template_ids(path.read_text(encoding="utf-8")):
            out.setdefault(singular, plural)
    return out
