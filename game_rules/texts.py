"""The texts document: a game's scenario texts in a reader's language, as one viewer may
read them now.

Views and events hold no language (a record replays in any): a view shows each text of
the scenario in the scenario's own language, and the items that hold one (a scripted
inject's news, an incident the scenario writes) carry its key (``keys``). A page takes
the texts of its reader's language from this document, by key (docs/i18n.md):

- everyone: the title, summary and briefing, the countries' names and public profiles,
  the scenario's own measures, and the incidents of the scenario the viewer knows of;
- a country's role sheet (``countries.<code>.role...``): that country's seats and the
  instructor only;
- an inject's texts (``injects.<id>...``): the instructor; the others once it is released
  to them (its audience), so that the document tells no one the news before it comes;
- a history track entry's texts (``history.<id>...``): the instructor; the others once the
  instructor reveals it or the game has ended;
- the reflection questions (``teacher.reflection[<n>]``): everyone.

>>> from game_rules.engine import new_game
>>> from game_rules.scenario import load_scenario
>>> sc = load_scenario({"id": "t", "title": "The Council", "countries": [
...     {"code": "EST", "role": {"summary": "Hold on."}}, "LVA"],
...     "injects": [{"id": "day1", "title": "Tanks", "round": 1}],
...     "translations": {"fr": {"title": "Le Conseil",
...                             "countries": {"EST": {"role": {"summary": "Tenez bon."}}}}}})
>>> doc = texts_document(new_game(sc, 1), "fr", "EST", scenario_texts(sc, "fr"))
>>> doc["texts"]
{'title': 'Le Conseil', 'countries.EST.role.summary': 'Tenez bon.'}
>>> sorted(texts_document(new_game(sc, 1), "fr", "LVA", scenario_texts(sc, "fr"))["texts"])
['title']
>>> texts_document(new_game(sc, 1), "fr", "instructor", scenario_texts(sc, "fr"))["fallback"]
['injects.day1.title']
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from game_rules.state import State
from game_rules.translations import ScenarioText, scenario_texts

INSTRUCTOR = "instructor"
PUBLIC = "public"

_ROLE = re.compile(r"^countries\.([^.]+)\.role\.")
_INJECT = re.compile(r"^injects\.([^.]+)\.")
_INCIDENT = re.compile(r"^incidents\.([^.]+)\.")
_HISTORY = re.compile(r"^history\.([^.]+)\.")


def _sees(viewer: str, audience: tuple[str, ...] | list[str] | None) -> bool:
    return audience is None or viewer == INSTRUCTOR or viewer in audience


def may_read(state: State, viewer: str, key: str) -> bool:
    """Whether ``viewer`` (a country's code, ``instructor`` or ``public``) may read the text
    of ``key`` now."""
    if viewer == INSTRUCTOR:
        return True
    role = _ROLE.match(key)
    if role:
        return role.group(1) == viewer
    inject = _INJECT.match(key)
    if inject:
        found = state.scenario.inject(inject.group(1))
        return (found is not None and found.id in state.injects_fired
                and _sees(viewer, found.audience))
    history = _HISTORY.match(key)
    if history:
        return state.status == "ended" or history.group(1) in state.history_revealed
    incident = _INCIDENT.match(key)
    if incident:
        inc_id = incident.group(1)
        return inc_id in state.incidents and _sees(viewer, state.incident_audience.get(inc_id))
    return True


def texts_document(state: State, lang: str, viewer: str,
                   texts: Mapping[str, ScenarioText]) -> dict[str, Any]:
    """What ``viewer`` may read of the scenario's texts in ``lang`` (``texts``: every text
    of the scenario in that language, ``scenario_texts``): ``texts`` by key, and the keys
    of those that ``fallback`` to the scenario's own language (not yet translated)."""
    shown = {key: text for key, text in texts.items() if may_read(state, viewer, key)}
    return {
        "lang": lang,
        "scenario_language": state.scenario.language,
        "scenario_title": state.scenario.title,
        "reading_level": state.reading_level,
        "viewer": viewer,
        "texts": {key: text.text for key, text in shown.items()},
        "fallback": [key for key, text in shown.items() if text.fallback],
    }


__all__ = ["INSTRUCTOR", "PUBLIC", "may_read", "scenario_texts", "texts_document"]
