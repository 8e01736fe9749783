"""Languages: gettext catalogs, the viewer's language, and messages rendered for a viewer.

The catalogs are Babel's (docs/i18n.md): ``server/locale/<lang>/LC_MESSAGES/messages.po``
(the engine's sentences, the server's messages, the pages) and ``web.po`` (the browser's
strings), compiled to ``.mo`` at install time or, when missing or older than their ``.po``,
when the server starts (``compile_catalogs``). English is the source language: its text is
the msgid itself.

A language's ``Translator`` (``server.translator``) renders in it. The pseudo-locales
``qps`` and ``qps-rtl`` (only when CRISIS_TABLE_PSEUDO_LOCALES=1) are made from the English
catalog by code: every msgid of the catalogs comes back accented and bracketed, so a
string that escaped extraction shows up in English.

>>> pseudo("Security {name} Council")
'[Ŝéçûŕîţý {name} Çöûñçîļ]'
"""

from __future__ import annotations

import gettext as gettext_module
import json
import logging
import os
import re
import tempfile
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from babel import Locale, UnknownLocaleError
from babel.core import get_global

from game_rules.messages import KINDS, agree_spec, choose

log = logging.getLogger("crisis_table.i18n")

LOCALE_DIR = Path(__file__).parent / "locale"
SOURCE = "en"
DOMAINS = ("messages", "web")
PSEUDO = ("qps", "qps-rtl")
COOKIE = "ct_lang"
"""The cookie that keeps a browser's choice of language (the instructor's, the projector's)."""
FORMATS = {"en": "en_GB", "qps": "en_GB", "qps-rtl": "en_GB"}
"""Whose CLDR data formats a language: English as the engine writes it (no serial comma,
"26 April 2022"); the pseudo-locales format as English, then accent."""

def N_(message: str) -> str:
    """Marks an English sentence for the catalog (Babel's keyword); translated where shown."""
    return message


_LANG = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


def shipped_languages() -> tuple[str, ...]:
    """English, then every language with a catalog under server/locale, in code order."""
    found = sorted(p.parent.parent.name for p in LOCALE_DIR.glob("*/LC_MESSAGES/messages.po"))
    return (SOURCE, *[lang for lang in found if lang != SOURCE])


def pseudo_enabled() -> bool:
    return os.environ.get("CRISIS_TABLE_PSEUDO_LOCALES", "") in ("1", "true", "yes")


def available(pseudo_locales: bool | None = None) -> tuple[str, ...]:
    """The languages this server speaks."""
    extra = PSEUDO if (pseudo_enabled() if pseudo_locales is None else pseudo_locales) else ()
    return (*shipped_languages(), *extra)


# ---------------------------------------------------------------------------- compiling


def _mo_dirs() -> list[Path]:
    """Where compiled catalogs go: beside the .po when that is writable, else a cache."""
    cache_home = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return [LOCALE_DIR, Path(cache_home) / "crisis-table" / "locale",
            Path(tempfile.gettempdir()) / f"crisis-table-{os.getuid()}" / "locale"]


def _stale(po: Path, mo: Path) -> bool:
    return not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime


def compile_po(po: Path, mo: Path) -> None:
    """One catalog, .po -> .mo (written beside, then moved: readers never see half a file)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po.open("rb") as source:
        catalog = read_po(source, locale=po.parent.parent.name, domain=po.stem)
    mo.parent.mkdir(parents=True, exist_ok=True)
    partial = mo.with_name(f".{mo.name}.{os.getpid()}.{threading.get_ident()}")
    with partial.open("wb") as target:
        write_mo(target, catalog, use_fuzzy=False)
    partial.replace(mo)


_compiled: Path | None = None
_compile_lock = threading.Lock()


def compile_catalogs(force: bool = False) -> Path:
    """Compile every .po that has no .mo or an older one; returns the directory that holds
    the .mo files (server/locale itself when it is writable, else a cache directory)."""
    global _compiled
    with _compile_lock:
        if _compiled is not None and not force:
            return _compiled
        pos = sorted(LOCALE_DIR.glob("*/LC_MESSAGES/*.po"))
        for base in _mo_dirs():
            try:
                for po in pos:
                    mo = base / po.relative_to(LOCALE_DIR).with_suffix(".mo")
                    if force or _stale(po, mo):
                        compile_po(po, mo)
            except OSError as err:
                log.info("cannot compile the catalogs into %s (%s): trying the next place", base, err)
                continue
            _compiled = base
            return base
        raise RuntimeError("no writable place for the compiled catalogs")


def load_catalog(lang: str, domain: str) -> gettext_module.NullTranslations:
    if lang == SOURCE:
        return gettext_module.NullTranslations()
    base = compile_catalogs()
    mo = base / lang / "LC_MESSAGES" / f"{domain}.mo"
    if not mo.exists():
        return gettext_module.NullTranslations()
    with mo.open("rb") as source:
        return gettext_module.GNUTranslations(source)


# ---------------------------------------------------------------------------- pseudo-locales

_ACCENTS = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "åƀçðéƒĝĥîĵķļɱñöþǫŕšţûṽŵẋýžÅƁÇÐÉƑĜĤÎĴĶĻṀÑÖÞǪŔŜŢÛṼŴẊÝŽ")
_KEEP = re.compile(r"\{\{|\}\}|\{[^{}]*\}|%\([A-Za-z_]\w*\)[sdifr]|%[sdifr%]|<[^<>]*>|&#?\w+;")


def accent(text: str) -> str:
    """Accent every letter outside placeholders (``{name}``, ``%(name)s``), tags and entities."""
    out: list[str] = []
    last = 0
    for found in _KEEP.finditer(text):
        out.append(text[last:found.start()].translate(_ACCENTS))
        out.append(found.group(0))
        last = found.end()
    out.append(text[last:].translate(_ACCENTS))
    return "".join(out)


def pseudo(text: str) -> str:
    """The pseudo-locale's translation of an English string: accented, in brackets."""
    return f"[{accent(text)}]" if text else text


class Pseudo(gettext_module.NullTranslations):
    """Every msgid of the English catalog, accented; anything else comes back as it is."""

    def __init__(self, msgids: frozenset[str]) -> None:
        super().__init__()
        self.msgids = msgids

    def gettext(self, message: str) -> str:
        return pseudo(message) if message in self.msgids else message

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        chosen = msgid1 if n == 1 else msgid2
        return pseudo(chosen) if msgid1 in self.msgids else chosen

    def pgettext(self, context: str, message: str) -> str:
        return self.gettext(message)


@cache
def template_msgids(domain: str) -> frozenset[str]:
    """The msgids of a domain's template (``server/locale/<domain>.pot``), plural forms too."""
    from babel.messages.pofile import read_po

    path = LOCALE_DIR / f"{domain}.pot"
    if not path.exists():
        return frozenset()
    with path.open("rb") as source:
        catalog = read_po(source)
    ids: set[str] = set()
    for message in catalog:
        if not message.id:
            continue
        if isinstance(message.id, tuple | list):
            ids.update(message.id)
        else:
            ids.add(message.id)
    return frozenset(ids)


# ---------------------------------------------------------------------------- grammar, countries


@cache
def grammar(lang: str) -> dict[str, Any]:
    """A language's articles before country names (``server/locale/<lang>/grammar.json``)."""
    path = LOCALE_DIR / lang / "grammar.json"
    if not path.exists():
        return {}
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


@cache
def alpha2() -> dict[str, str]:
    """ISO 3166 alpha-3 codes (the game's) -> the alpha-2 codes CLDR names territories by."""
    aliases: Mapping[str, Sequence[str]] = get_global("territory_aliases")
    return {code: targets[0] for code, targets in aliases.items()
            if len(code) == 3 and code.isalpha() and len(targets) == 1
            and not _PRIVATE_USE.match(targets[0])}


_PRIVATE_USE = re.compile(r"^(?:Q[M-Z]|X[A-Z]|ZZ)$")
"""ISO 3166's user-assigned codes ("XA": CLDR's pseudo-accents): fictional states take no name."""


def territory_code(code: str) -> str:
    """The CLDR territory code of a game's country code ("FRA" -> "FR"); "" if it has none."""
    if len(code) == 2 and code.isalpha() and code.isupper():
        return code
    return alpha2().get(code, "")


_VOWEL = re.compile(r"^[AEIOUÂÊÎÔÛÄËÏÖÜÀÈÉÌÒÙaeiouâêîôûäëïöüàèéìòù]")


def agreement(codes: Sequence[str], lang: str) -> str:
    """The gender and number a language's words agree with for these countries: one country's
    own (``agreement`` in the grammar file, else its ``territories`` entry when that is a
    gender and number, else the file's ``agreement_default``, else ``ms``); several countries
    are plural, feminine when all of them are.

    >>> agreement(["USA"], "fr"), agreement(["FRA"], "fr"), agreement(["FRA", "DEU"], "fr")
    ('mp', 'fs', 'fp')
    >>> agreement(["FRA", "DEU"], "es"), agreement(["FRA", "GBR"], "es"), agreement(["ISR"], "fr")
    ('fp', 'mp', 'ms')
    """
    data = grammar(lang)
    own: Mapping[str, str] = data.get("agreement", {})
    articles: Mapping[str, str] = data.get("territories", {})
    default = str(data.get("agreement_default", "ms"))

    def one(code: str) -> str:
        for key in (code, territory_code(code)):
            if key and key in own:
                return own[key]
        for key in (code, territory_code(code)):
            if key and articles.get(key) in KINDS:
                return articles[key]
        return default

    kinds = [one(code) for code in codes]
    if len(kinds) == 1:
        return kinds[0]
    if not kinds:
        return default
    return "fp" if all(kind[0] == "f" for kind in kinds) else "mp"


def with_form(name: str, code: str, form: str | None, lang: str) -> str:
    """A country's name with its article or preposition (``form``: def, of, to; capitalised:
    at a sentence's start), from the language's grammar file (the gender and number of the
    name under ``names``, else of the country under ``territories``); the bare name without
    it. The form ``agree:<choices>`` gives instead the words that agree with the country."""
    if not form:
        return name
    spec = agree_spec(form)
    if spec is not None:
        return choose(spec, agreement([code], lang))
    forms = grammar(lang).get("forms", {})
    table = forms.get(form.lower())
    if table is None:
        return name
    data = grammar(lang)
    kind = (data.get("names", {}).get(name) or data.get("territories", {}).get(code)
            or data.get("territories", {}).get(territory_code(code), "none"))
    vowel = bool(_VOWEL.match(name))
    if kind in ("ms", "fs") and vowel and "vowel" in table:
        prefix = table["vowel"]
    elif kind == "none" and vowel and "none_vowel" in table:
        prefix = table["none_vowel"]
    else:
        prefix = table.get(kind, table.get("none", ""))
    text = f"{prefix}{name}"
    return text[:1].upper() + text[1:] if form[:1].isupper() else text


# ---------------------------------------------------------------------------- formatting

PLACEHOLDER = re.compile(r"\{\{|\}\}|\{(\w+)(?:@(\w+)(?::([^{}]*))?)?\}")
"""A placeholder: ``{name}``, ``{name@form}`` or ``{name@form:choices}``; ``{{``, ``}}``."""


def fill(template: str, value: Callable[[str, str | None], str | None]) -> str:
    """``str.format``-style placeholders ``{name}`` (and ``{name@form}``, ``{name@agree:...}``:
    ``value`` gets the form ``agree:...``) replaced by ``value(name, form)``; a placeholder it
    does not know (None) stays as written."""

    def one(found: re.Match[str]) -> str:
        whole = found.group(0)
        if whole == "{{":
            return "{"
        if whole == "}}":
            return "}"
        form = found.group(2)
        if form is not None and found.group(3) is not None:
            form = f"{form}:{found.group(3)}"
        text = value(found.group(1), form)
        return whole if text is None else text

    return PLACEHOLDER.sub(one, template)


def language_cookie(response: Any, language: str, secure: bool) -> None:
    """The browser keeps a language (``ct_lang``) for the pages that know no seat (the
    instructor's, the projector, the replay, the debrief)."""
    response.set_cookie(COOKIE, language, samesite="lax", max_age=365 * 86400, path="/",
                        secure=secure)


def language_name(lang: str) -> str:
    """A language's name in itself ("Français"), for a chooser."""
    if lang == "qps":
        return pseudo("Pseudo")
    if lang == "qps-rtl":
        return pseudo("Pseudo RTL")
    try:
        name = Locale.parse(lang, sep="-").get_display_name(lang) or lang
    except (UnknownLocaleError, ValueError):
        return lang
    return name[:1].upper() + name[1:]


# ---------------------------------------------------------------------------- negotiation


def _accepted(header: str) -> list[str]:
    """Accept-Language's languages, best first ("fr-CH, fr;q=0.9, en;q=0.8")."""
    ranked: list[tuple[float, int, str]] = []
    for index, part in enumerate(header.split(",")[:20]):
        piece = part.strip()
        if not piece:
            continue
        tag, _sep, rest = piece.partition(";")
        quality = 1.0
        if rest.strip().startswith("q="):
            try:
                quality = float(rest.strip()[2:])
            except ValueError:
                quality = 0.0
        if quality > 0:
            ranked.append((-quality, index, tag.strip()))
    return [tag for _q, _i, tag in sorted(ranked)]


def match(tag: str | None, languages: Iterable[str]) -> str | None:
    """The language of ``languages`` a tag asks for ("fr-CA" -> "fr"), or None."""
    if not tag or not isinstance(tag, str) or len(tag) > 35:
        return None
    wanted = tag.strip().replace("_", "-")
    known = list(languages)
    lowered = {lang.lower(): lang for lang in known}
    if wanted.lower() in lowered:
        return lowered[wanted.lower()]
    base = wanted.split("-")[0].lower()
    if base in lowered and base not in ("qps",):
        return lowered[base]
    return None


def valid_language(tag: Any) -> bool:
    return isinstance(tag, str) and bool(_LANG.match(tag))


def negotiate(query: str | None = None, seat: str | None = None, cookie: str | None = None,
              accept_language: str | None = None,
              languages: Iterable[str] | None = None) -> str:
    """The viewer's language: ``?lang=``, then the seat's stored language, then the
    ``ct_lang`` cookie, then Accept-Language; English when none of them is spoken here."""
    known = tuple(languages if languages is not None else available())
    for choice in (query, seat, cookie):
        found = match(choice, known)
        if found:
            return found
    for tag in _accepted(accept_language or ""):
        found = match(tag, known)
        if found:
            return found
    return SOURCE
