"""A scenario's public texts in other languages: which texts there are, the checks of
the scenario's ``translations``, and the accessor that pages and views read them through.

Each public text has a key, the place its translation takes under
``translations.<lang>``: ``title``, ``summary``, ``briefing``; ``countries.<code>.name``
(a name the scenario gives, or the state's name on the scenario's day where it is not
today's), ``countries.<code>.profile``, ``countries.<code>.role.summary``,
``countries.<code>.role.interests[<n>]`` (also ``red_lines`` and ``wants``),
``countries.<code>.role.objectives.<id>``; ``incidents.<id>.title`` (also
``description`` and ``location``); ``injects.<id>.title``, ``injects.<id>.text``,
``injects.<id>.incident.title`` (the incident the inject makes; also ``description``
and ``location``); ``measures.<id>`` (a measure of the scenario's own). The texts of the
debrief and the reflection (``track_keys``): ``history.<id>.proposed`` and ``source`` (an
entry of the history track), ``teacher.reflection[<n>]`` (a reflection question). A text the
translation leaves out is shown in the scenario's own language, and the accessor says so:

>>> from game_rules.scenario import load_scenario
>>> sc = load_scenario({"id": "t", "title": "The Council", "briefing": "Read this.",
...                     "translations": {"fr": {"title": "Le Conseil"}}})
>>> scenario_text(sc, "fr", "title")
ScenarioText(text='Le Conseil', lang='fr', fallback=False)
>>> scenario_text(sc, "fr", "briefing")
ScenarioText(text='Read this.', lang='en', fallback=True)
>>> missing_translations(sc, "fr")
['briefing']
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any, NamedTuple

from game_rules.countries import is_known, name_of
from game_rules.hints import country_hint_msg, did_you_mean_msg
from game_rules.messages import N_, Msg, Nn_, message, plural_message
from game_rules.scenario import (
    DEFAULT_READING_LEVEL,
    LANGUAGES,
    CountryTranslation,
    IncidentTranslation,
    LevelledText,
    ReadingLevel,
    RoleTranslation,
    Scenario,
    ScenarioTranslation,
    text_at,
)
from game_rules.states import exists_on, name_on

Text = str | LevelledText
Step = str | int


class ScenarioText(NamedTuple):
    """A scenario's text as a reader of a language sees it: ``(text, lang, fallback)``."""

    text: str
    lang: str
    """The language the text is in."""
    fallback: bool
    """True when the reader's language has no translation of it: the text is in the
    scenario's own language (pages say so)."""


@dataclass(frozen=True, slots=True)
class _Entry:
    key: str
    original: Text
    translated: tuple[Step, ...]
    """Where its translation stands in a ``ScenarioTranslation``."""
    source: tuple[Step, ...] | None
    """Where the text stands in the scenario's JSON (None: a name the scenario does not
    write, the state's name on the day)."""


ROLE_LISTS = ("interests", "red_lines", "wants")
INCIDENT_FIELDS = ("title", "description", "location")


def language_of(tag: str) -> str:
    """The language of a tag as pages receive it (``fr-CA``, ``es_419``, ``FR``).

    >>> language_of("fr-CA"), language_of("es_419"), language_of("EN")
    ('fr', 'es', 'en')
    """
    return re.split(r"[-_]", tag.strip(), maxsplit=1)[0].lower()


def _empty(text: Text) -> bool:
    if isinstance(text, str):
        return not text.strip()
    return not text.basic.strip() or not text.advanced.strip()


def _own_name(sc: Scenario, code: str) -> tuple[str, tuple[Step, ...] | None] | None:
    """The scenario's name for a state where it is its own: the name its entry gives, or
    the state's name on the scenario's day where that is not today's ("Republic of China"
    in 1950), or the name of a state that is no more (the Soviet Union). Other states take
    their name from the reader's language (CLDR, which has no names for states of the past).
    """
    for i, entry in enumerate(sc.countries):
        if entry.code == code and entry.name:
            return entry.name, ("countries", i, "name")
    if not is_known(code):
        return None
    day_name = name_on(code, sc.day())
    former = not exists_on(code, date.max)
    return (day_name, None) if former or day_name != name_of(code) else None


def _incident_entries(prefix: str, inc: Any, tprefix: tuple[Step, ...],
                      sprefix: tuple[Step, ...]) -> Iterator[_Entry]:
    for field in INCIDENT_FIELDS:
        value = getattr(inc, field)
        if not _empty(value):
            yield _Entry(f"{prefix}.{field}", value, (*tprefix, field), (*sprefix, field))


def _entries(sc: Scenario) -> Iterator[_Entry]:
    """Every public text of the scenario that has words, in the order of the file."""
    for field in ("title", "summary", "briefing"):
        value = getattr(sc, field)
        if not _empty(value):
            yield _Entry(field, value, (field,), (field,))
    for code in sc.country_codes():
        own = _own_name(sc, code)
        if own is not None:
            yield _Entry(f"countries.{code}.name", own[0], ("countries", code, "name"), own[1])
    for i, entry in enumerate(sc.countries):
        base, tbase, sbase = f"countries.{entry.code}", ("countries", entry.code), ("countries", i)
        if not _empty(entry.profile):
            yield _Entry(f"{base}.profile", entry.profile, (*tbase, "profile"), (*sbase, "profile"))
        role = entry.role
        if role is None:
            continue
        if not _empty(role.summary):
            yield _Entry(f"{base}.role.summary", role.summary, (*tbase, "role", "summary"),
                         (*sbase, "role", "summary"))
        for field in ROLE_LISTS:
            for n, text in enumerate(getattr(role, field)):
                yield _Entry(f"{base}.role.{field}[{n}]", text, (*tbase, "role", field, n),
                             (*sbase, "role", field, n))
        for n, obj in enumerate(role.objectives):
            yield _Entry(f"{base}.role.objectives.{obj.id}", obj.text,
                         (*tbase, "role", "objectives", obj.id),
                         (*sbase, "role", "objectives", n, "text"))
    for i, inc in enumerate(sc.incidents):
        yield from _incident_entries(f"incidents.{inc.id}", inc, ("incidents", inc.id),
                                     ("incidents", i))
    for i, inj in enumerate(sc.injects):
        base = f"injects.{inj.id}"
        yield _Entry(f"{base}.title", inj.title, ("injects", inj.id, "title"), ("injects", i, "title"))
        if not _empty(inj.text):
            yield _Entry(f"{base}.text", inj.text, ("injects", inj.id, "text"), ("injects", i, "text"))
        if inj.effects.incident is not None:
            yield from _incident_entries(f"{base}.incident", inj.effects.incident,
                                         ("injects", inj.id, "incident"),
                                         ("injects", i, "effects", "incident"))
    for i, measure in enumerate(sc.measures):
        yield _Entry(f"measures.{measure.id}", measure.name, ("measures", measure.id),
                     ("measures", i, "name"))


HISTORY_FIELDS = ("proposed", "source")


def _track_entries(sc: Scenario) -> Iterator[_Entry]:
    """The texts of the debrief and the reflection: the history track's and the teacher's
    reflection questions (not counted among the public texts: ``text_keys``)."""
    for i, entry in enumerate(sc.history):
        for field in HISTORY_FIELDS:
            value = getattr(entry, field)
            if not _empty(value):
                yield _Entry(f"history.{entry.id}.{field}", value, ("history", entry.id, field),
                             ("history", i, field))
    if sc.teacher is not None:
        for n, question in enumerate(sc.teacher.reflection):
            yield _Entry(f"teacher.reflection[{n}]", question, ("teacher", "reflection", n),
                         ("teacher", "reflection", n))


def track_keys(scenario: Scenario) -> list[str]:
    """The keys of the history track's and the reflection questions' texts.

    >>> from game_rules.scenario import load_scenario
    >>> track_keys(load_scenario({"id": "k", "title": "K",
    ...     "teacher": {"reflection": ["Why?"]}}))
    ['teacher.reflection[0]']
    """
    return [entry.key for entry in _track_entries(scenario)]


def incident_key(scenario: Scenario, incident: Any) -> str | None:
    """Where an incident of a game has its texts in the scenario (``incidents.<id>``, or
    ``injects.<id>.incident`` for one an inject makes), or None for an incident the scenario
    does not write (the instructor's, on the spot), even one that took a scenario's id.

    >>> from game_rules.scenario import load_scenario
    >>> sc = load_scenario({"id": "i", "title": "I", "countries": ["EST", "RUS"],
    ...     "injects": [{"id": "day1", "title": "News", "effects": {"incident": {
    ...         "id": "inc-1", "target": "EST", "attacker": "RUS", "title": "Attack"}}}]})
    >>> incident_key(sc, sc.injects[0].effects.incident)
    'injects.day1.incident'
    >>> incident_key(sc, sc.injects[0].effects.incident.model_copy(update={"title": "Mine"}))
    """
    def same(written: Any) -> bool:
        return all(getattr(written, f) == getattr(incident, f)
                   for f in ("target", "attacker", "kind", "title", "location"))

    for inc in scenario.incidents:
        if inc.id == incident.id:
            return f"incidents.{inc.id}" if same(inc) else None
    for inj in scenario.injects:
        made = inj.effects.incident
        if made is not None and made.id == incident.id:
            return f"injects.{inj.id}.incident" if same(made) else None
    return None


def field_keys(prefix: str, item: Any, fields: dict[str, str]) -> dict[str, str] | None:
    """The keys of the texts an item of a view shows, by the view's field (``fields``: the
    view's field -> the field of the scenario's text, which ``item`` has), for the texts
    that have words; None if none has.

    >>> field_keys("incidents.i1", {"title": "Raid", "description": ""},
    ...            {"title": "title", "text": "description"})
    {'title': 'incidents.i1.title'}
    """
    out = {}
    for field, source in fields.items():
        value = item.get(source) if isinstance(item, dict) else getattr(item, source, None)
        if value is not None and not _empty(value):
            out[field] = f"{prefix}.{source}"
    return out or None


def text_keys(scenario: Scenario) -> list[str]:
    """The keys of every public text of a scenario, in the order of the file.

    >>> from game_rules.scenario import load_scenario
    >>> text_keys(load_scenario({"id": "k", "title": "K", "date": "1950-06-25",
    ...     "countries": [{"code": "CHN", "profile": "A permanent member."}]}))
    ['title', 'countries.CHN.name', 'countries.CHN.profile']
    """
    return [entry.key for entry in _entries(scenario)]


def _step(value: Any, step: Step) -> Any:
    if value is None:
        return None
    if isinstance(step, int):
        return value[step] if isinstance(value, list) and step < len(value) else None
    if isinstance(value, dict):
        return value.get(step)
    return getattr(value, step, None)


def _translated(translation: ScenarioTranslation | None, path: tuple[Step, ...]) -> Text | None:
    value: Any = translation
    for step in path:
        value = _step(value, step)
    return value if isinstance(value, str | LevelledText) else None


def _entry(sc: Scenario, key: str) -> _Entry:
    for entry in (*_entries(sc), *_track_entries(sc)):
        if entry.key == key:
            return entry
    match = re.fullmatch(r"countries\.([^.]+)\.name", key)
    if match and match.group(1) in sc.country_codes():
        code = match.group(1)
        return _Entry(key, sc.country_name(code), ("countries", code, "name"), None)
    raise KeyError(f"the scenario {sc.id!r} has no text {key!r} (see text_keys)")


def _reading(sc: Scenario, entry: _Entry, lang: str, level: ReadingLevel) -> ScenarioText:
    lang = language_of(lang)
    if lang != sc.language:
        found = _translated(sc.translations.get(lang), entry.translated)
        if found is not None:
            return ScenarioText(text_at(found, level), lang, False)
    return ScenarioText(text_at(entry.original, level), sc.language, lang != sc.language)


def scenario_text(scenario: Scenario, lang: str, key: str,
                  level: ReadingLevel = DEFAULT_READING_LEVEL) -> ScenarioText:
    """A public text of the scenario in a language, at a reading level: its translation,
    or else the text in the scenario's own language with ``fallback`` set. Raises
    KeyError for a key that names no text of the scenario (``text_keys`` lists them;
    any state of the scenario has ``countries.<code>.name``)."""
    return _reading(scenario, _entry(scenario, key), lang, level)


def scenario_texts(scenario: Scenario, lang: str,
                   level: ReadingLevel = DEFAULT_READING_LEVEL) -> dict[str, ScenarioText]:
    """Every text of the scenario in a language, by key (``scenario_text`` for each of
    ``text_keys``, then of ``track_keys``)."""
    return {entry.key: _reading(scenario, entry, lang, level)
            for entry in (*_entries(scenario), *_track_entries(scenario))}


def country_name(scenario: Scenario, lang: str, code: str) -> ScenarioText | None:
    """The scenario's own name for a state in a language, or None where the scenario has
    no name of its own for it (the reader's language names it: CLDR)."""
    own = _own_name(scenario, code)
    if own is None:
        return None
    return _reading(scenario, _Entry(f"countries.{code}.name", own[0],
                                     ("countries", code, "name"), own[1]),
                    lang, DEFAULT_READING_LEVEL)


def country_names(scenario: Scenario, lang: str) -> dict[str, str]:
    """The scenario's own names of its states that a language has a translation of, by code
    (as the pages take them from the game's texts: a name left untranslated gives way to the
    reader's language's own name, CLDR's)."""
    names = {}
    for entry in scenario.countries:
        found = country_name(scenario, lang, entry.code)
        if found is not None and not found.fallback:
            names[entry.code] = found.text
    return names


def missing_translations(scenario: Scenario, lang: str) -> list[str]:
    """The keys of the public texts a language has no translation of (none for the
    scenario's own language)."""
    if language_of(lang) == scenario.language:
        return []
    translation = scenario.translations.get(language_of(lang))
    return [entry.key for entry in _entries(scenario)
            if _translated(translation, entry.translated) is None]


def localized_scenario(scenario: Scenario, lang: str) -> tuple[Scenario, list[str]]:
    """A copy of the scenario with its public texts in a language, where they are
    translated, and the keys of those that are not (shown in the scenario's own
    language). The copy is for reading (views, pages, previews): the texts the game
    writes into its events come from the scenario itself, in the scenario's language,
    so that a record is the same whatever language its players read."""
    lang = language_of(lang)
    if lang == scenario.language or lang not in scenario.translations:
        return scenario, missing_translations(scenario, lang)
    translation = scenario.translations[lang]
    data = scenario.model_dump(mode="json")
    missing: list[str] = []
    for entry in _entries(scenario):
        found = _translated(translation, entry.translated)
        if found is None:
            missing.append(entry.key)
        elif entry.source is not None:
            parent: Any = data
            for step in entry.source[:-1]:
                parent = parent[step]
            parent[entry.source[-1]] = found if isinstance(found, str) else found.model_dump()
    data["translations"] = {}
    return Scenario.model_validate(data), missing


# The checks of ``translations`` (load_scenario runs them with the scenario's others).

_LANGUAGE_NAMES: dict[str, str] = {
    "english": "en", "eng": "en", "anglais": "en", "inglés": "en", "ingles": "en",
    "french": "fr", "fre": "fr", "fra": "fr", "français": "fr", "francais": "fr",
    "francés": "fr", "frances": "fr",
    "spanish": "es", "spa": "es", "esp": "es", "español": "es", "espanol": "es",
    "espagnol": "es", "castellano": "es",
}


def _language_hint(tag: str) -> Msg | str:
    named = _LANGUAGE_NAMES.get(tag.casefold())
    if named:
        return message(N_(' (did you mean "{name}"?)'), name=named)
    base = language_of(tag)
    if base != tag and base in LANGUAGES:
        return message(N_(' (did you mean "{name}"? a translation is by language, not by '
                          "region)"), name=base)
    return did_you_mean_msg(tag, LANGUAGES)


_EMPTY = message(N_("an empty translation: leave it out and the text is shown in the scenario's "
                    "language"))

Problems = list[tuple[str, Msg]]


def _check_text(original: Text | None, translated: Text | None, place: str, nothing: Msg,
                out: Problems) -> None:
    """``nothing``: the problem of a translation of a text the scenario does not have."""
    if translated is None:
        return
    if original is None or _empty(original):
        out.append((place, nothing))
    elif _empty(translated):
        out.append((place, _EMPTY))


_NO_INCIDENT_TEXT = {
    "title": N_("the scenario has no incident title of its own (the game names the incident) "
                "to translate here"),
    "description": N_("the scenario has no incident description to translate here"),
    "location": N_("the scenario has no incident location to translate here"),
}


def _check_incident(inc: Any, tr: IncidentTranslation, place: str, out: Problems) -> None:
    for field in INCIDENT_FIELDS:
        _check_text(getattr(inc, field), getattr(tr, field), f"{place}.{field}",
                    message(_NO_INCIDENT_TEXT[field]), out)


_ROLE_LIST_COUNTS = {
    "interests": Nn_("{count} text for the {total} interests of the role sheet: translate "
                     "each, in the order of the original",
                     "{count} texts for the {total} interests of the role sheet: translate "
                     "each, in the order of the original"),
    "red_lines": Nn_("{count} text for the {total} red lines of the role sheet: translate "
                     "each, in the order of the original",
                     "{count} texts for the {total} red lines of the role sheet: translate "
                     "each, in the order of the original"),
    "wants": Nn_("{count} text for the {total} wants of the role sheet: translate each, in "
                 "the order of the original",
                 "{count} texts for the {total} wants of the role sheet: translate each, in "
                 "the order of the original"),
}


def _check_role(sc: Scenario, code: str, tr: RoleTranslation, place: str,
                out: Problems) -> None:
    entry = sc.entry(code)
    role = entry.role if entry else None
    if role is None:
        out.append((place, message(N_("the scenario gives {code} no role sheet to translate"),
                                   code=code)))
        return
    _check_text(role.summary, tr.summary, f"{place}.summary",
                message(N_("the scenario has no role sheet summary to translate here")), out)
    for field in ROLE_LISTS:
        texts = getattr(tr, field)
        if texts is None:
            continue
        count = len(getattr(role, field))
        if len(texts) != count:
            out.append((f"{place}.{field}", plural_message(
                *_ROLE_LIST_COUNTS[field], count=len(texts), total=count)))
        for n, text in enumerate(texts):
            if _empty(text):
                out.append((f"{place}.{field}[{n}]", _EMPTY))
    ids = [obj.id for obj in role.objectives]
    for obj_id, text in tr.objectives.items():
        if obj_id not in ids:
            out.append((f"{place}.objectives.{obj_id}", message(
                N_('{code}\'s role sheet has no objective "{id}"{hint}'), code=code, id=obj_id,
                hint=did_you_mean_msg(obj_id, ids) or _among(ids))))
        elif _empty(text):
            out.append((f"{place}.objectives.{obj_id}", _EMPTY))


def _among(valid: list[str]) -> Msg:
    if valid:
        return message(N_(" (its objectives: {ids})"), ids=", ".join(valid))
    return message(N_(" (it has none)"))


def _check_country(sc: Scenario, code: str, tr: CountryTranslation, place: str,
                   known: list[str], out: Problems) -> None:
    if code not in known:
        alias = None if is_known(code) else country_hint_msg(code)
        hint = message(N_(": {hint}"), hint=alias) if alias else did_you_mean_msg(code, known)
        out.append((place, message(N_('"{code}" is not a country of the scenario{hint}'),
                                   code=code, hint=hint)))
        return
    if tr.name is not None and not tr.name.strip():
        out.append((f"{place}.name", _EMPTY))
    entry = sc.entry(code)
    _check_text(entry.profile if entry else None, tr.profile, f"{place}.profile",
                message(N_("the scenario has no profile of {code} to translate here"), code=code),
                out)
    if tr.role is not None:
        _check_role(sc, code, tr.role, f"{place}.role", out)


def _check_translation(sc: Scenario, tr: ScenarioTranslation, place: str,
                       out: Problems) -> None:
    if tr.title is not None and not tr.title.strip():
        out.append((f"{place}.title", _EMPTY))
    _check_text(sc.summary, tr.summary, f"{place}.summary",
                message(N_("the scenario has no summary to translate here")), out)
    _check_text(sc.briefing, tr.briefing, f"{place}.briefing",
                message(N_("the scenario has no briefing to translate here")), out)
    known = sc.country_codes()
    for code, country in tr.countries.items():
        _check_country(sc, code, country, f"{place}.countries.{code}", known, out)
    incidents = {inc.id: inc for inc in sc.incidents}
    made_by = {inj.effects.incident.id: inj.id for inj in sc.injects if inj.effects.incident}
    for inc_id, inc_tr in tr.incidents.items():
        where = f"{place}.incidents.{inc_id}"
        if inc_id in incidents:
            _check_incident(incidents[inc_id], inc_tr, where, out)
        elif inc_id in made_by:
            out.append((where, message(N_(
                'the incident "{id}" is made by the inject "{inject}": translate it under '
                "injects.{inject}.incident"), id=inc_id, inject=made_by[inc_id])))
        else:
            out.append((where, message(N_('the scenario has no incident "{id}"{hint}'), id=inc_id,
                                       hint=did_you_mean_msg(inc_id, incidents)
                                       or _ids(incidents))))
    injects = {inj.id: inj for inj in sc.injects}
    for inj_id, inj_tr in tr.injects.items():
        where = f"{place}.injects.{inj_id}"
        inject = injects.get(inj_id)
        if inject is None:
            out.append((where, message(N_('the scenario has no inject "{id}"{hint}'), id=inj_id,
                                       hint=did_you_mean_msg(inj_id, injects) or _ids(injects))))
            continue
        if inj_tr.title is not None and not inj_tr.title.strip():
            out.append((f"{where}.title", _EMPTY))
        _check_text(inject.text, inj_tr.text, f"{where}.text",
                    message(N_("the scenario has no story for this inject to translate here")),
                    out)
        if inj_tr.incident is not None:
            if inject.effects.incident is None:
                out.append((f"{where}.incident", message(N_('the inject "{id}" makes no incident'),
                                                         id=inj_id)))
            else:
                _check_incident(inject.effects.incident, inj_tr.incident, f"{where}.incident", out)
    measures = {m.id: m for m in sc.measures}
    for measure_id, name in tr.measures.items():
        where = f"{place}.measures.{measure_id}"
        if measure_id not in measures:
            out.append((where, message(N_('the scenario has no measure of its own "{id}"{hint}'),
                                       id=measure_id, hint=did_you_mean_msg(measure_id, measures)
                                       or _ids(measures))))
        elif not name.strip():
            out.append((where, _EMPTY))


def _check_track(sc: Scenario, tr: ScenarioTranslation, place: str, out: Problems) -> None:
    entries = {entry.id: entry for entry in sc.history}
    for entry_id, entry_tr in tr.history.items():
        where = f"{place}.history.{entry_id}"
        entry = entries.get(entry_id)
        if entry is None:
            out.append((where, message(N_('the history track has no entry "{id}"{hint}'),
                                       id=entry_id, hint=did_you_mean_msg(entry_id, entries)
                                       or _ids(entries))))
            continue
        _check_text(entry.proposed, entry_tr.proposed, f"{where}.proposed",
                    message(N_("this entry of the history track has no proposal to translate "
                               "here")), out)
        if entry_tr.source is not None and not entry_tr.source.strip():
            out.append((f"{where}.source", _EMPTY))
    questions = tr.teacher.reflection if tr.teacher is not None else None
    if questions is None:
        return
    count = len(sc.teacher.reflection) if sc.teacher is not None else 0
    if len(questions) != count:
        out.append((f"{place}.teacher.reflection", plural_message(
            *Nn_("{count} text for the {total} reflection questions of the teacher's brief: "
                 "translate each, in the order of the original",
                 "{count} texts for the {total} reflection questions of the teacher's brief: "
                 "translate each, in the order of the original"),
            count=len(questions), total=count)))
    for n, question in enumerate(questions):
        if not question.strip():
            out.append((f"{place}.teacher.reflection[{n}]", _EMPTY))


def _ids(known: dict[str, Any]) -> Msg | str:
    if not known:
        return message(N_(" (it has none)"))
    if len(known) <= 15:
        return message(N_(" (one of {ids})"), ids=", ".join(known))
    return ""


def translation_problems(sc: Scenario) -> Problems:
    """The problems of a scenario's ``language`` and ``translations``, each with its place,
    as messages (``game_rules.messages``) for a reader in any language."""
    out: Problems = []
    if sc.language not in LANGUAGES:
        out.append(("language", message(N_(
            'unknown language "{lang}"{hint}: a scenario is written in one of {languages}'),
            lang=sc.language, hint=_language_hint(sc.language), languages=", ".join(LANGUAGES))))
    for lang, translation in sc.translations.items():
        place = f"translations.{lang}"
        if lang == sc.language:
            out.append((place, message(N_(
                '"{lang}" is the scenario\'s own language: its texts are written in it, they '
                "need no translation"), lang=lang)))
            continue
        if lang not in LANGUAGES:
            others = [code for code in LANGUAGES if code != sc.language]
            out.append((place, message(N_(
                'unknown language "{lang}"{hint}: translations are in {languages}'),
                lang=lang, hint=_language_hint(lang), languages=", ".join(others))))
            continue
        _check_translation(sc, translation, place, out)
        _check_track(sc, translation, place, out)
    return out


__all__ = ["LANGUAGES", "ScenarioText", "country_name", "country_names", "field_keys", "incident_key",
           "language_of", "localized_scenario", "missing_translations", "scenario_text",
           "scenario_texts", "text_keys", "track_keys", "translation_problems"]
