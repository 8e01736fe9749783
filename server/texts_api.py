"""The scenarios' texts in a reader's language (docs/i18n.md): a game's texts document
(game_rules/texts.py), and the list of shipped scenarios with their titles and summaries.

A game's texts document gives the scenario's texts in a language, as the one who asks may
read them now.

``GET /api/games/{game_id}/texts/{lang}`` opens with the instructor's key (every text), a
seat of the game (its token, or the browser's seat cookie: the public texts and the role
sheet of its country), or the game's join code (``?code=``: the public texts, as the
projector shows them). ``?viewer=`` asks for another perspective: the instructor may ask
for any; a student for the public one, and for any once the game has ended if the
instructor opened the all-seeing replay.

The answer changes as the game gives its asker more to read (an inject released to it,
an entry of the history track revealed, the game's end): it carries an ``ETag``, and a
request with ``If-None-Match`` is answered 304.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from typing import Any

import orjson
from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, Field

from game_rules import library as shipped_library
from game_rules.scenario import Scenario, text_at
from game_rules.texts import INSTRUCTOR, PUBLIC, texts_document
from game_rules.translations import ScenarioText, scenario_text, scenario_texts, text_keys
from server import i18n
from server.api import ERRORS, cookie_name
from server.auth import normalize_code
from server.deps import GamesDep, InstructorKey, SeatsDep, SeatToken, services
from server.errors import ApiError, not_found
from server.games import Games
from server.seats import Seats
from server.translator import translator

router = APIRouter(responses=ERRORS, tags=["languages"])


class TextsDocument(BaseModel):
    """A game's scenario texts in a language, as one viewer may read them."""

    game_id: str
    lang: str = Field(description="The language asked for.")
    scenario_language: str = Field(description="The language the scenario is written in.")
    scenario_language_name: str = Field(description="Its name in ``lang`` (\"anglais\").")
    scenario_title: str = Field(description="The scenario's own title (``texts.title`` is it in "
                                            "``lang``): a game that has it as its title shows "
                                            "``texts.title``, one the instructor named keeps "
                                            "its name.")
    reading_level: str
    viewer: str = Field(description="Whose texts: a country's code, instructor or public.")
    texts: dict[str, str] = Field(
        description="Each text by its key (title, summary, briefing, countries.EST.profile, "
                    "countries.EST.role.interests[0], injects.day1.title, measures.m1...): its "
                    "translation, or the scenario's own text where there is none.")
    fallback: list[str] = Field(
        description="The keys of the texts not yet translated into ``lang`` (shown in the "
                    "scenario's language; pages say so).")

_CACHE: OrderedDict[tuple[int, str, str], tuple[Scenario, dict[str, ScenarioText]]] = OrderedDict()
_CACHE_SIZE = 64


def _texts(scenario: Scenario, lang: str, level: str) -> dict[str, ScenarioText]:
    """Every text of a scenario in a language at a reading level, kept for the next reader
    (a scenario object does not change: a game keeps its own)."""
    key = (id(scenario), lang, level)
    kept = _CACHE.get(key)
    if kept is not None and kept[0] is scenario:
        _CACHE.move_to_end(key)
        return kept[1]
    texts = scenario_texts(scenario, lang, level)  # type: ignore[arg-type]
    _CACHE[key] = (scenario, texts)
    while len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)
    return texts


async def _own_viewer(row: dict[str, Any], request: Request, games: Games, seats: Seats,
                      key: str | None, token: str | None, code: str | None) -> tuple[str, bool]:
    """Whose texts the asker reads (a country, ``instructor`` or ``public``), and whether
    the asker holds a seat of the game."""
    if key:
        opened = await games.game_for_key(key)
        if opened is None or opened["id"] != row["id"]:
            raise ApiError(403, "bad_instructor_key", "The instructor key does not open this game.")
        return INSTRUCTOR, False
    token = token or request.cookies.get(cookie_name(row["code"]))
    if token:
        seat = await seats.seat_for_token(token)
        if seat is not None and seat["game_id"] == row["id"]:
            country = seat["country"] if seat["role"] == "student" else None
            return country or PUBLIC, True
    if code and normalize_code(code) == row["code"]:
        return PUBLIC, False
    raise ApiError(401, "viewer_unknown", "Open the game's texts from a seat of the game, with "
                                          "the instructor's key, or with the game's join code.")


@router.get("/api/games/{game_id}/texts/{lang}",
            responses={200: {"model": TextsDocument}, 304: {"description": "Not modified."}})
async def game_texts(game_id: str, lang: str, request: Request, games: GamesDep, seats: SeatsDep,
                     key: InstructorKey, token: SeatToken, code: str | None = None,
                     viewer: str | None = None) -> Response:
    """The scenario's texts in ``lang`` (en, fr, es...), as the asker may read them now:
    ``texts`` by key (the keys of docs/i18n.md, which views and news items name), and the
    keys of those that ``fallback`` to the scenario's own language (not yet translated
    into ``lang``; ``scenario_language``, named in ``lang`` by ``scenario_language_name``).
    Errors: 404 ``unknown_language``, 404 ``unknown_game``, 401 ``viewer_unknown``, 403
    ``bad_instructor_key``, 422 ``unknown_viewer``, 403 ``perspective_closed``."""
    spoken = i18n.available(games.settings.pseudo_locales)
    if lang not in spoken:
        raise ApiError(404, "unknown_language", "This server does not speak that language: "
                                                "{languages}.", languages=", ".join(spoken))
    row = await games.store.game(game_id)
    if row is None:
        raise not_found()
    own, seated = await _own_viewer(row, request, games, seats, key, token, code)
    hub = await games.hub(game_id)
    state = hub.state
    if viewer is not None and viewer != own:
        if viewer not in (INSTRUCTOR, PUBLIC) and viewer not in state.scenario.country_codes():
            raise ApiError(422, "unknown_viewer", "viewer is instructor, public or a country.")
        all_seeing = (seated and state.status == "ended"
                      and bool(hub.meta.options.get("all_seeing_replay")))
        if not (own == INSTRUCTOR or viewer == PUBLIC or all_seeing):
            raise ApiError(403, "perspective_closed",
                           "You may read the game through your own country's eyes or the "
                           "public's; the instructor has not opened the other views.")
    else:
        viewer = own
    document = texts_document(state, lang, viewer,
                              _texts(state.scenario, lang, state.reading_level))
    document["game_id"] = game_id
    document["scenario_language_name"] = translator(lang).language(state.scenario.language)
    body = orjson.dumps(document)
    etag = f'"{hashlib.sha256(body).hexdigest()[:20]}"'
    headers = {"cache-control": "private, no-cache", "etag": etag,
               "vary": "Cookie, Authorization, X-Instructor-Key, X-Seat-Token"}
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers=headers)
    return Response(body, media_type="application/json", headers=headers)


def _reading_language(request: Request, lang: str | None) -> str | None:
    """A ``?lang=`` the server speaks, or None without one; ``422 unknown_language``."""
    if lang is None:
        return None
    spoken = i18n.available(services(request).settings.pseudo_locales)
    found = i18n.match(lang, spoken)
    if found is None:
        raise ApiError(422, "unknown_language", "This server does not speak that language: "
                                                "{languages}.", languages=", ".join(spoken))
    return found


@router.get("/api/scenarios", tags=["scenarios"])
async def list_scenarios(request: Request, lang: str | None = None) -> list[dict[str, Any]]:
    """The shipped scenarios. With ``lang`` (en, fr, es...), their titles and summaries in
    that language where the scenario translates them; ``fallback`` lists the keys of those
    shown in the scenario's own language (``language``) because it does not (docs/i18n.md)."""
    chosen = _reading_language(request, lang)
    out = []
    for s in shipped_library.shipped().values():
        item: dict[str, Any] = {
            "id": s.id, "title": s.title, "summary": text_at(s.summary, "advanced"),
            "summary_basic": text_at(s.summary, "basic"), "levels": s.has_levels(),
            "year": s.year, "rounds": s.rounds, "countries": len(s.country_codes()),
            "language": s.language}
        if chosen is not None:
            keys = set(text_keys(s))
            read = {key: scenario_text(s, chosen, key, "advanced")
                    for key in ("title", "summary") if key in keys}
            if "title" in read:
                item["title"] = read["title"].text
            if "summary" in read:
                item["summary"] = read["summary"].text
                item["summary_basic"] = scenario_text(s, chosen, "summary", "basic").text
            item["lang"] = chosen
            item["language_name"] = translator(chosen).language(s.language)
            item["fallback"] = [key for key, text in read.items() if text.fallback]
        out.append(item)
    return out
