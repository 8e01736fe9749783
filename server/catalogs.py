"""The translation catalogs' chores, with Babel (docs/i18n.md):

    python -m server.catalogs extract          # server/locale/{messages,web}.pot from the sources
    python -m server.catalogs update           # every language's .po takes the new msgids
    python -m server.catalogs init LANG        # a new language's .po files
    python -m server.catalogs compile          # .po -> .mo (the server also does it at start)
    python -m server.catalogs check            # exit 1 if a catalog is stale or incomplete
    python -m server.catalogs check --platform # the same, the engine's own sentences aside

What is extracted from where is ``babel.cfg``: its ``javascript`` sections make the ``web``
domain (the browser's strings), every other section the ``messages`` domain. The files are
written without line numbers and sorted, so that they change only when a string does.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po, write_po

from game_rules.messages import AGREE, choices
from server.i18n import (
    DOMAINS,
    LOCALE_DIR,
    PLACEHOLDER,
    SOURCE,
    compile_catalogs,
    grammar,
    shipped_languages,
)

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / "babel.cfg"
TOPS = ("game_rules", "server", "web")
"""The folders extraction walks (babel.cfg's patterns pick the files in them)."""
STAMP = dt.datetime(2026, 12, 7, tzinfo=dt.UTC)
"""The catalogs' header date: fixed, so that a file changes only when its strings do."""
WIDTH = 100


def _mappings() -> dict[str, tuple[list[tuple[str, str]], dict[str, dict[str, Any]]]]:
    with CONFIG.open(encoding="utf-8") as source:
        method_map, options_map = parse_mapping_cfg(source, str(CONFIG))  # type: ignore[no-untyped-call]
    split: dict[str, tuple[list[tuple[str, str]], dict[str, dict[str, Any]]]] = {
        d: ([], {}) for d in DOMAINS}
    for pattern, method in method_map:
        domain = "web" if method == "javascript" else "messages"
        split[domain][0].append((pattern, method))
        split[domain][1][pattern] = options_map.get(pattern, {})
    return split


def _walkable(path: str) -> bool:
    """Extraction walks only TOPS, and nothing hidden (links are not followed)."""
    relative = Path(os.path.relpath(path, ROOT)).parts
    if not relative or relative == (".",):
        return True
    if relative[0] not in TOPS:
        return False
    return not any(part.startswith((".", "__pycache__")) for part in relative)


def new_catalog(locale: str | None = None, domain: str = "messages") -> Catalog:
    return Catalog(locale=locale, domain=domain, project="Crisis Table", version="",
                   copyright_holder="the Crisis Table authors",
                   msgid_bugs_address="https://github.com/crisis-table/crisis-table/issues",
                   creation_date=STAMP, revision_date=STAMP, fuzzy=False)


def extract(domain: str) -> Catalog:
    """A domain's template, from the sources as they are now."""
    method_map, options_map = _mappings()[domain]
    catalog = new_catalog(domain=domain)
    for filename, _lineno, message, comments, context in extract_from_dir(
            str(ROOT), method_map, options_map, comment_tags=("Translators:",),
            strip_comment_tags=True, directory_filter=_walkable):
        catalog.add(message, None, [(filename.replace("\\", "/"), 0)],
                    auto_comments=comments, context=context)
    return catalog


def _text(catalog: Catalog, template: bool = False) -> str:
    out = io.BytesIO()
    write_po(out, catalog, width=WIDTH, sort_output=True, include_lineno=False,
             ignore_obsolete=True, include_previous=False)
    text = out.getvalue().decode("utf-8")
    # Babel writes the running version of itself in the header: keep it out of the files.
    return re.sub(r'"Generated-By: Babel [^"\\]*\\n"\n', "", text)


def pot_text(domain: str) -> str:
    return _text(extract(domain), template=True)


def pot_path(domain: str) -> Path:
    return LOCALE_DIR / f"{domain}.pot"


def po_path(lang: str, domain: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{domain}.po"


def read(path: Path, locale: str | None = None) -> Catalog:
    with path.open("rb") as source:
        return read_po(source, locale=locale, domain=path.stem)


def updated(lang: str, domain: str, template: Catalog | None = None) -> Catalog:
    """A language's catalog with the template's msgids: new ones untranslated, gone ones gone."""
    template = template or read(pot_path(domain))
    path = po_path(lang, domain)
    catalog = read(path, lang) if path.exists() else new_catalog(lang, domain)
    catalog.update(template, no_fuzzy_matching=True, update_header_comment=False)
    catalog.creation_date = STAMP
    catalog.revision_date = STAMP
    catalog.obsolete.clear()
    return catalog


def po_text(lang: str, domain: str) -> str:
    return _text(updated(lang, domain))


def languages() -> list[str]:
    return [lang for lang in shipped_languages() if lang != SOURCE]


def write_extract() -> None:
    for domain in DOMAINS:
        pot_path(domain).parent.mkdir(parents=True, exist_ok=True)
        pot_path(domain).write_text(pot_text(domain), encoding="utf-8")


def write_update(langs: Iterable[str] | None = None) -> None:
    for lang in langs or languages():
        for domain in DOMAINS:
            path = po_path(lang, domain)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(po_text(lang, domain), encoding="utf-8")


def placeholders(text: str) -> set[str]:
    """The names a sentence fills in (``{country}``, ``{country@of}``, ``{country@agree:...}``
    -> country; ``%(n)s``, ``%(n)r``; argparse's unnamed ``%s`` and ``%r`` as themselves)."""
    names = {m.group(1) for m in PLACEHOLDER.finditer(text) if m.group(1)}
    names |= {m.group(1) for m in re.finditer(r"%\((\w+)\)[sdifr]", text)}
    names |= set(re.findall(r"(?<!%)%[sr]", text))
    return names


def _stray(text: str) -> bool:
    """A brace that is no placeholder (``{country@agree s=a}``, a lone ``{``)."""
    return bool(re.search(r"[{}]", PLACEHOLDER.sub("", text)))


def form_problems(text: str, msgid: str, lang: str) -> list[str]:
    """What is wrong with the forms a translation asks of its placeholders: a form the
    language's grammar file does not have (``{country@deff}``), an agreement whose choices do
    not parse or leave a gender and number without words (docs/i18n.md), a brace that makes
    no placeholder."""
    found: list[str] = []
    forms = {name.lower() for name in grammar(lang).get("forms", {})}
    for match in PLACEHOLDER.finditer(text):
        name, form, spec = match.groups()
        if not name or form is None:
            continue
        if form == AGREE:
            if spec is None:
                found.append(f"{match.group(0)} gives no choices (write {{{name}@agree:s=...|p=...}})")
                continue
            try:
                choices(spec)
            except ValueError as err:
                found.append(f"{match.group(0)}: {err}")
        elif spec is not None:
            found.append(f"{match.group(0)}: only the form {AGREE} takes choices")
        elif form.lower() not in forms:
            known = ", ".join(sorted(forms | {AGREE})) or AGREE
            found.append(f"{match.group(0)}: the form {form!r} is not one of {lang}'s ({known})")
    if _stray(text) and not _stray(msgid):
        found.append("a brace makes no placeholder (a placeholder is {name}, {name@form} or "
                     "{name@agree:key=words|...})")
    return found


def engine_only(message: Any) -> bool:
    """A msgid that only the engine uses (every place it comes from is under game_rules/)."""
    return bool(message.locations) and all(path.startswith("game_rules/")
                                           for path, _line in message.locations)


def entry_problems(message: Any, lang: str, where: str, engine: bool = True) -> list[str]:
    """What is wrong with one entry of a language's catalog (``where``: its file): fuzzy,
    untranslated, a placeholder lost or added, a form mistyped (``form_problems``)."""
    found: list[str] = []
    if not message.id:
        return found
    ids = message.id if isinstance(message.id, tuple | list) else (message.id,)
    texts = message.string if isinstance(message.string, tuple | list) else (message.string,)
    where = f"{where}: {ids[0]!r}"
    if not engine and engine_only(message) and (message.fuzzy or not all(texts)):
        return found
    if message.fuzzy:
        found.append(f"{where} is fuzzy")
    if not all(texts):
        found.append(f"{where} is not translated")
        return found
    wanted = placeholders(ids[-1]) | placeholders(ids[0])
    for text in (str(t) for t in texts):
        for problem in form_problems(text, ids[0], lang):
            found.append(f"{where}: the translation {text!r}: {problem}")
        if placeholders(text) - wanted:
            found.append(f"{where}: the translation {text!r} names a placeholder "
                         "the English has not")
        if len(texts) == 1 and placeholders(text) != placeholders(ids[0]):
            found.append(f"{where}: the translation {text!r} does not fill the "
                         "same placeholders")
    return found


def problems(engine: bool = True) -> list[str]:
    """What is stale or missing: a template behind its sources, a language's catalog behind
    its template, an untranslated or fuzzy entry, a translation that loses a placeholder.
    ``engine=False`` leaves out the untranslated entries of the engine's own sentences (those
    only game_rules/ uses: they show in English until translated)."""
    found: list[str] = []
    for domain in DOMAINS:
        fresh = pot_text(domain)
        path = pot_path(domain)
        if not path.exists() or path.read_text(encoding="utf-8") != fresh:
            found.append(f"{path.relative_to(ROOT)} is stale: run `python -m server.catalogs extract`")
            continue
        template = read(path)
        for lang in languages():
            po = po_path(lang, domain)
            if not po.exists() or po.read_text(encoding="utf-8") != _text(updated(lang, domain, template)):
                found.append(f"{po.relative_to(ROOT)} is behind its template: run "
                             "`python -m server.catalogs update`")
                continue
            for message in read(po, lang):
                found.extend(entry_problems(message, lang, f"{po.relative_to(ROOT)}", engine))
    return found


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    command = args[0] if args else "check"
    if command == "extract":
        write_extract()
    elif command == "update":
        write_update(args[1:] or None)
    elif command == "init":
        if len(args) != 2:
            print("usage: python -m server.catalogs init LANG", file=sys.stderr)
            return 2
        write_update([args[1]])
    elif command == "compile":
        print(compile_catalogs(force=True))
    elif command == "check":
        found = problems(engine="--platform" not in args)
        for line in found:
            print(line)
        return 1 if found else 0
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
