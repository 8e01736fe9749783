"""What the browser gets of a language, served as ``/i18n/<lang>.json``: the ``web`` and
``messages`` translations, the plural categories in the catalog's order, and the locale data
the browser's formatters use (``web/static/js/i18n.js``), from a ``server.translator``."""

from __future__ import annotations

import gettext as gettext_module
from functools import cache
from typing import Any

from babel.numbers import format_decimal, format_percent

from server.i18n import DOMAINS, LOCALE_DIR, Pseudo, alpha2, grammar, pseudo
from server.translator import Translator, translator


def _entries(tr: Translator, domain: str) -> tuple[dict[str, str], dict[str, list[str]]]:
    """A domain's translations: msgid -> text, and plural msgid -> its forms in order."""
    singles: dict[str, str] = {}
    plurals: dict[str, list[str]] = {}
    catalog = tr.catalogs[domain]
    if isinstance(catalog, Pseudo):
        for msgid in sorted(catalog.msgids):
            singles[msgid] = pseudo(msgid)
        return singles, plurals
    if isinstance(catalog, gettext_module.GNUTranslations):
        raw: dict[Any, str] = catalog._catalog  # type: ignore[attr-defined]
        forms: dict[str, dict[int, str]] = {}
        for key, text in raw.items():
            if isinstance(key, tuple):
                forms.setdefault(key[0], {})[key[1]] = text
            elif key and text:
                singles[key] = text
        plurals = {key: [by_index[i] for i in sorted(by_index)] for key, by_index in forms.items()}
    return singles, plurals


_PLURAL_ORDER = ("zero", "one", "two", "few", "many", "other")


@cache
def browser_catalog(lang: str) -> dict[str, Any]:
    tr = translator(lang)
    locale = tr.locale
    messages: dict[str, str] = {}
    plurals: dict[str, list[str]] = {}
    for domain in DOMAINS:
        singles, many = _entries(tr, domain)
        messages.update(singles)
        plurals.update(many)
    if tr.pseudo:
        for singular, plural in _pot_plurals().items():
            plurals[singular] = [pseudo(singular), pseudo(plural)]
    tags = [tag for tag in _PLURAL_ORDER if tag in locale.plural_form.tags or tag == "other"]
    territories = {code: tr._finish(name) for code, name in locale.territories.items()
                   if len(code) == 2 and code.isalpha()}
    symbols = locale.number_symbols.get("latn", locale.number_symbols)
    patterns = locale.list_patterns["standard"]
    months = locale.months["format"]
    return {
        "lang": lang,
        "dir": tr.dir,
        "plural_locale": str(locale).replace("_", "-") if not tr.pseudo else "en",
        "plural_tags": tags,
        "messages": messages,
        "plurals": plurals,
        "territories": territories,
        "alpha3": alpha2(),
        "grammar": grammar(lang),
        "names": {},
        "list": {key: tr._finish(patterns[key]) for key in ("start", "middle", "end", "2")},
        "list_or": {key: tr._finish(locale.list_patterns["or"][key])
                    for key in ("start", "middle", "end", "2")},
        "number": {"decimal": symbols["decimal"], "group": symbols["group"],
                   "min_grouping": 1 if symbols["group"] in format_decimal(1234, locale=locale) else 2,
                   "percent": format_percent(0, locale=locale).replace("0", "{0}", 1)},
        "dates": {
            "long": locale.date_formats["long"].pattern,
            "medium": locale.date_formats["medium"].pattern,
            "time": locale.time_formats["short"].pattern,
            "months_wide": [tr._finish(months["wide"][m]) for m in range(1, 13)],
            "months_abbreviated": [tr._finish(months["abbreviated"][m]) for m in range(1, 13)],
        },
    }


def _pot_plurals() -> dict[str, str]:
    from babel.messages.pofile import read_po

    found: dict[str, str] = {}
    for domain in DOMAINS:
        path = LOCALE_DIR / f"{domain}.pot"
        if not path.exists():
            continue
        with path.open("rb") as source:
            for message in read_po(source):
                if isinstance(message.id, tuple | list):
                    found[message.id[0]] = message.id[1]
    return found
