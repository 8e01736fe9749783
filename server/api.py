"""The HTTP API: thin handlers over ``Games``. Every error answer is
``{"error": {"code": ..., "message": ...}}``."""

from __future__ import annotations

import time
from typing import Any

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from game_rules import league
from game_rules import library as shipped_library
from game_rules.council import DETERMINATION, KNOWN_MEASURES, PROCEDURAL_MEASURES, VII_ONLY
from game_rules.engine import ACTORS, BEFORE_START, PHASES, WHILE_PAUSED, new_game
from game_rules.scenario import (
    DEFAULT_READING_LEVEL,
    SANCTION_MEASURES,
    ReadingLevel,
    scenario_json_schema,
    text_at,
)
from game_rules.views import incidents_section
from server import held, i18n
from server.deps import Address, GamesDep, InstructorKey, SeatsDep, services
from server.editor_api import check_scenario
from server.errors import ApiError, not_found, refusal_status
from server.games import Games


class ErrorBody(BaseModel):
    code: str
    message: str
    msg: dict[str, Any] | None = Field(None, description="The message as an id and its "
                                                         "parameters, for a page to show in its "
                                                         "viewer's language (docs/i18n.md).")


class ErrorResponse(BaseModel):
    error: ErrorBody


class CreateGame(BaseModel):
    scenario: str | dict[str, Any] = Field(
        description="A shipped scenario's id, or a whole scenario object (validated).")
    seed: int | None = Field(None, ge=-(2**63), le=2**63 - 1,
                             description="The seed of the game's random generator (64 bits).")
    title: str | None = Field(None, max_length=200)
    reading_level: ReadingLevel = Field(
        DEFAULT_READING_LEVEL,
        description="The level at which the class reads the scenario's texts: basic (short, "
                    "plain words) or advanced (with the legal and theoretical background).")


class GameCreated(BaseModel):
    game_id: str
    code: str
    instructor_key: str = Field(description="Secret: whoever holds it runs the game.")
    instructor_url: str
    join_url: str
    projector_url: str


class JoinGame(BaseModel):
    nickname: Any = Field(description="1-32 characters, no control characters.")
    country: str | None = Field(None, description="A playable country's code; absent or "
                                                  "'auto' to be given one.")
    role: str = Field("student", description="student, observer or projector")
    language: str | None = Field(None, max_length=35,
                                 description="The language the seat reads the game in (en, fr, "
                                             "es...; docs/i18n.md); absent: the browser's.")


class Seat(BaseModel):
    game_id: str
    seat_id: str
    token: str = Field(description="Secret: send it in the websocket hello to sit in this seat.")
    country: str | None
    role: str
    nickname: str
    language: str | None = None


class ResumeSeat(BaseModel):
    token: str = Field(min_length=1, max_length=200,
                       description="The seat token from a rejoin link (the instructor reset the seat).")


class ActRequest(BaseModel):
    action: dict[str, Any] = Field(description="An action; actor defaults to the instructor, "
                                               "or names a country to act for it.")
    client_id: str | None = Field(None, max_length=80)


class ActResult(BaseModel):
    ok: bool
    seq: int
    events: int
    duplicate: bool = False


class LoggedEvent(BaseModel):
    seq: int = Field(description="The event's number in the game: from 1, without gaps.")
    action: int = Field(description="The number of the action that made it (the n-th "
                                    "accepted action of the game's record, from 1).")
    event: dict[str, Any] = Field(description="The event as docs/rules.md lists it: its "
                                              "``kind`` and fields, unredacted.")


class MoveSeat(BaseModel):
    country: str | None = None


class ImportRecord(BaseModel):
    record: dict[str, Any]


ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorResponse} for code in (400, 401, 403, 404, 409, 413, 422, 429)
}


def cookie_name(code: str) -> str:
    return f"ct_seat_{code}"


def set_seat_cookie(response: Response, request: Request, code: str, token: str) -> None:
    response.set_cookie(cookie_name(code), token, httponly=True, samesite="strict",
                        secure=services(request).settings.secure_cookies, max_age=30 * 86400,
                        path="/")


def base_url(games: Games) -> str:
    """Where the links this server hands out start: the configured public URL, or the
    server's own address; never the request's ``Host`` header, which its sender chooses."""
    return games.settings.public_base


router = APIRouter(responses=ERRORS)


@router.get("/api/time", tags=["health"])
async def server_time() -> dict[str, float]:
    """The server's clock (seconds since the epoch): browsers count deadlines down by it."""
    return {"now": time.time()}


@router.get("/api/rules", tags=["scenarios"])
async def rules() -> dict[str, Any]:
    """What the forms offer: the Council's measures, and who may act in which phase."""
    return {
        "measures": {"known": sorted(KNOWN_MEASURES), "chapter_vii_only": sorted(VII_ONLY),
                     "procedural": sorted(PROCEDURAL_MEASURES), "determination": DETERMINATION},
        "league": {
            "article16": sorted(league.ARTICLE16_MEASURES),
            "article15": sorted(league.ARTICLE15_MEASURES),
            "procedural": sorted(league.PROCEDURE),
            "other": sorted(KNOWN_MEASURES - league.NOT_IN_COVENANT - PROCEDURAL_MEASURES
                            - league.LEAGUE_ONLY_MEASURES),
            "council_only": sorted(league.COUNCIL_ONLY),
            "sanctions": list(SANCTION_MEASURES),
        },
        "phases": {kind: sorted(phases) for kind, phases in PHASES.items()},
        "actors": {kind: sorted(actors) for kind, actors in ACTORS.items()},
        "while_paused": sorted(WHILE_PAUSED), "before_start": sorted(BEFORE_START),
    }


@router.get("/api/scenarios/{scenario_id}", tags=["scenarios"])
async def scenario_public(scenario_id: str,
                          level: ReadingLevel = DEFAULT_READING_LEVEL) -> dict[str, Any]:
    """A shipped scenario's public side (no role sheets, policies or injects), its
    texts at a reading level: its countries, its bodies (members, president, threshold,
    the North Atlantic Council's silence period), the incidents known at the start and
    the phase clocks (``phase_seconds``: seconds per phase of a round; none in an open
    session, ``rounds: 0``)."""
    s = shipped_library.get(scenario_id)
    if s is None:
        raise not_found("scenario")
    start = new_game(s, 0, level)
    return {"id": s.id, "title": s.title, "summary": text_at(s.summary, level),
            "briefing": text_at(s.briefing, level), "levels": s.has_levels(),
            "year": s.year, "rounds": s.rounds,
            "countries": [{"code": c, "name": s.country_name(c),
                           "playable": bool((e := s.entry(c)) and e.playable)}
                          for c in s.country_codes()],
            "bodies": s.bodies.model_dump(mode="json", exclude_none=True),
            "incidents": incidents_section(start, "public"),
            "phase_seconds": dict(s.phase_seconds) if s.rounds else {}}


@router.get("/api/scenario-schema", tags=["scenarios"])
async def schema() -> dict[str, Any]:
    """The JSON Schema of scenario files."""
    return scenario_json_schema()


@router.post("/api/scenarios/validate", tags=["scenarios"])
async def validate(body: dict[str, Any]) -> dict[str, Any]:
    """Check a scenario (``{"scenario": {...}}``, or its JSON as ``{"text": "..."}``);
    every problem with its place, a syntax error with its line and column."""
    return check_scenario(body)


@router.post("/api/games", status_code=201, tags=["games"], response_model=GameCreated)
async def create_game(body: CreateGame, games: GamesDep, address: Address) -> GameCreated:
    """Create a game from a scenario; the answer holds the secret instructor key."""
    created = await games.create(body.scenario, seed=body.seed, title=body.title,
                                 reading_level=body.reading_level)
    await games.codes.remember(address, created.code)
    base = base_url(games)
    return GameCreated(
        game_id=created.game_id, code=created.code, instructor_key=created.instructor_key,
        instructor_url=f"{base}/instructor/{created.game_id}#key={created.instructor_key}",
        join_url=f"{base}/?code={created.code}", projector_url=f"{base}/projector/{created.code}")


@router.get("/api/join/{code}", tags=["join"])
async def join_info(code: str, seats: SeatsDep, address: Address) -> dict[str, Any]:
    """What a student sees before joining: the game and its countries."""
    return await seats.public_info(code, address)


@router.post("/api/join/{code}", status_code=201, tags=["join"], response_model=Seat)
async def join(code: str, body: JoinGame, request: Request, response: Response,
               seats: SeatsDep, address: Address) -> Seat:
    """Join with the code and a nickname; the seat token comes back (and as a cookie)."""
    row, joined = await seats.join(code, address, body.nickname, body.country, body.role,
                                   body.language)
    set_seat_cookie(response, request, row["code"], joined.token)
    if joined.language:
        i18n.language_cookie(response, joined.language, services(request).settings.secure_cookies)
    return Seat(game_id=row["id"], seat_id=joined.seat_id, token=joined.token,
                country=joined.country, role=joined.role, nickname=joined.nickname,
                language=joined.language)


@router.get("/api/join/{code}/me", tags=["join"])
async def me(code: str, request: Request, games: GamesDep, seats: SeatsDep,
             address: Address) -> dict[str, Any]:
    """The seat this browser holds in the game (by its cookie), to come back to it."""
    row = await games.by_code(code, address)
    token = request.cookies.get(cookie_name(row["code"]))
    seat = await seats.seat_for_token(token) if token else None
    if seat is None or seat["game_id"] != row["id"]:
        raise ApiError(404, "no_seat", "This browser has no seat in this game.")
    return {"game_id": row["id"], "seat_id": seat["id"], "country": seat["country"],
            "role": seat["role"], "nickname": seat["nickname"], "language": seat["language"]}


@router.post("/api/join/{code}/resume", tags=["join"])
async def resume(code: str, body: ResumeSeat, request: Request, response: Response,
                 games: GamesDep, seats: SeatsDep, address: Address) -> dict[str, Any]:
    """Sit again in a seat the instructor reset (a rejoin link): sets this browser's cookie."""
    row = await games.by_code(code, address)
    seat = await seats.seat_for_token(body.token)
    if seat is None or seat["game_id"] != row["id"]:
        raise ApiError(404, "no_seat", "This rejoin link is no longer valid: the seat was "
                                       "reset again or removed. Ask your teacher for a new one.")
    set_seat_cookie(response, request, row["code"], body.token)
    if seat["language"]:
        i18n.language_cookie(response, seat["language"], services(request).settings.secure_cookies)
    return {"game_id": row["id"], "code": row["code"], "seat_id": seat["id"],
            "country": seat["country"], "role": seat["role"], "nickname": seat["nickname"],
            "language": seat["language"]}


# The instructor's routes: each opens the game with the key (``server.deps``).


@router.get("/api/games/{game_id}", tags=["instructor"])
async def game(game_id: str, key: InstructorKey, games: GamesDep,
               seats: SeatsDep) -> dict[str, Any]:
    """The game for its instructor: code, status, roster."""
    meta = await games.instructor_game(game_id, key)
    hub = await games.hub(game_id)
    return {"game_id": meta.id, "code": meta.code, "title": meta.title,
            "title_msg": meta.title_msg, "scenario": meta.scenario_id,
            "status": hub.state.status, "seq": hub.seq,
            "held": hub.meta.held is not None,
            "personal_data_removed": bool(meta.options.get("personal_data_removed")),
            "new_teammates_read_history": meta.options.get("new_teammates_read_history"),
            "roster": await seats.presence.roster(game_id)}


@router.get("/api/games/{game_id}/view", tags=["instructor"])
async def view(game_id: str, key: InstructorKey, games: GamesDep,
               viewer: str = "instructor") -> dict[str, Any]:
    """The game as any seat sees it now (``viewer``: instructor, public or a country)."""
    await games.instructor_game(game_id, key)
    hub = await games.hub(game_id)
    if viewer not in ("instructor", "public") and viewer not in hub.state.country_list:
        raise ApiError(422, "unknown_viewer", "viewer is instructor, public or a country.")
    return {"seq": hub.seq, "view": hub.view(viewer)}


@router.get("/api/games/{game_id}/roster", tags=["instructor"])
async def roster(game_id: str, key: InstructorKey, games: GamesDep,
                 seats: SeatsDep) -> list[dict[str, Any]]:
    await games.instructor_game(game_id, key)
    return await seats.presence.roster(game_id)


@router.post("/api/games/{game_id}/actions", tags=["instructor"], response_model=ActResult)
async def act(game_id: str, body: ActRequest, key: InstructorKey, games: GamesDep) -> ActResult:
    """Take an action as the instructor, or for a country (``actor``)."""
    await games.instructor_game(game_id, key)
    outcome = await games.act_as_instructor(game_id, body.action, body.client_id)
    if not outcome.ok:
        raise ApiError.refusal(refusal_status(outcome.code), outcome.code, outcome.message,
                               outcome.msg)
    return ActResult(ok=True, seq=outcome.seq, events=outcome.events,
                     duplicate=outcome.duplicate)


@router.post("/api/games/{game_id}/seats/{seat_id}/move", tags=["instructor"])
async def move(game_id: str, seat_id: str, body: MoveSeat, key: InstructorKey,
               games: GamesDep, seats: SeatsDep) -> dict[str, Any]:
    """Move a student to another country (or let the server choose)."""
    await games.instructor_game(game_id, key)
    await seats.move_seat(game_id, seat_id, body.country)
    return {"ok": True}


@router.post("/api/games/{game_id}/seats/{seat_id}/reset", tags=["instructor"])
async def reset(game_id: str, seat_id: str, key: InstructorKey,
                games: GamesDep, seats: SeatsDep) -> dict[str, Any]:
    """A new token for a seat (the student moved to another laptop): the rejoin link opens in
    the seat's language."""
    meta = await games.instructor_game(game_id, key)
    token, language = await seats.reset_seat(game_id, seat_id)
    query = f"?lang={language}" if language else ""
    return {"token": token,
            "rejoin_url": f"{base_url(games)}/rejoin/{meta.code}{query}#token={token}"}


@router.delete("/api/games/{game_id}/seats/{seat_id}", tags=["instructor"])
async def remove(game_id: str, seat_id: str, key: InstructorKey, games: GamesDep,
                 seats: SeatsDep) -> dict[str, Any]:
    await games.instructor_game(game_id, key)
    await seats.remove_seat(game_id, seat_id)
    return {"ok": True}


@router.get("/api/games/{game_id}/record", tags=["records"])
async def record(game_id: str, key: InstructorKey, games: GamesDep) -> dict[str, Any]:
    """The game's record: scenario, seed and every accepted action."""
    await games.instructor_game(game_id, key)
    return await (await games.hub(game_id)).record()


@router.get("/api/games/{game_id}/events", tags=["records"], response_model=list[LoggedEvent])
async def events(game_id: str, key: InstructorKey, games: GamesDep,
                 after: int = Query(0, ge=0, le=2**31 - 1)) -> list[dict[str, Any]]:
    """The event log (all-seeing), from the event after ``after``, in seq order."""
    await games.instructor_game(game_id, key)
    rows = await games.store.events(game_id, after=max(0, after))
    return [{"seq": r.seq, "action": r.action_n, "event": r.body} for r in rows]


@router.delete("/api/games/{game_id}", tags=["instructor"], status_code=204)
async def delete(game_id: str, key: InstructorKey, games: GamesDep) -> Response:
    """Delete the game with all its data (seats, log, snapshots, notes, reflections), and
    the forks made from it for its own teacher; a fork made for another teacher stays
    (it holds none of this game's personal data)."""
    await games.instructor_game(game_id, key)
    await games.delete_with_forks(game_id)
    return Response(status_code=204)


@router.post("/api/records", status_code=201, tags=["records"])
async def import_record(body: ImportRecord, games: GamesDep, address: Address) -> dict[str, Any]:
    """Import a record as a new game; its actions are replayed into the log, and a game
    that was running stands still where the record ends (``held``) until the instructor
    resumes it."""
    created, applied, refused = await held.import_record(games, body.record)
    await games.codes.remember(address, created.code)
    base = base_url(games)
    hub = await games.hub(created.game_id)
    return {"game_id": created.game_id, "code": created.code,
            "held": hub.meta.held is not None,
            "instructor_key": created.instructor_key,
            "instructor_url": f"{base}/instructor/{created.game_id}#key={created.instructor_key}",
            "applied": applied, "refused": refused}


def error_response(err: ApiError) -> JSONResponse:
    return JSONResponse({"error": {"code": err.code, "message": err.message, "msg": err.msg()}},
                        status_code=err.status)
