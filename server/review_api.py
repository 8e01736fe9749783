"""HTTP routes for reviewing a game: replay, debrief, charts, exports, notes, forks."""

from __future__ import annotations

from typing import Any

import orjson
from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, Field

from server import i18n
from server.deps import Address, ForksDep, InstructorKey, ReviewDep, SeatToken
from server.errors import ApiError
from server.forks import FORK_CHANGES
from server.grading import grading_csv
from server.review import Review, Reviewer
from server.translator import translator


class Note(BaseModel):
    seq: int = Field(ge=0)
    text: str = Field(max_length=4000)


class ForkRequest(BaseModel):
    seq: int = Field(ge=0, description="Fork after this event (rounded to the end of its action).")
    change: dict[str, Any] | None = Field(
        None, description="{'kind': 'none' | 'no_veto' | 'no_nato' | 'caretaker' | "
                          "'aggressor_policy', ...}; see docs/debrief.md.")
    for_another_teacher: bool = Field(
        False, description="A fork to give to another teacher: it carries none of the "
                           "students' nicknames and free texts, the original's key does not "
                           "open it, and it stays when the original is deleted "
                           "(docs/security.md).")


class Options(BaseModel):
    all_seeing_replay: bool | None = Field(
        None, description="Whether students may open the all-seeing replay.")
    new_teammates_read_history: bool | None = Field(
        None, description="Whether a student who joins a country others already play reads "
                          "the team's and its private channels' earlier talk; null: the "
                          "default (yes in the game's first ten minutes, then no). "
                          "docs/security.md.")


async def who(game_id: str, request: Request, review: Review, key: str | None,
              token: str | None) -> Reviewer:
    """Who reads a game's review: its instructor (the key), or a seat (its token, or the
    browser's seat cookie for the game)."""
    if not token:
        row = await review.games.store.game(game_id)
        if row is None:
            raise ApiError(404, "unknown_game", "There is no such game.")
        token = request.cookies.get(f"ct_seat_{row['code']}")
    return await review.reviewer(game_id, key, token)


async def instructor(game_id: str, review: Review, key: str | None) -> None:
    reviewer = await review.reviewer(game_id, key, None)
    if reviewer.role != "instructor":
        raise ApiError(403, "instructor_only", "This is for the instructor.")


router = APIRouter(tags=["review"])


@router.get("/api/games/{game_id}/review")
async def summary(game_id: str, request: Request, review: ReviewDep, key: InstructorKey,
                  token: SeatToken, viewer: str | None = None) -> dict[str, Any]:
    """The timeline: decision points, the crisis over time, notes. With ``viewer``
    (instructor, public or a country) only the points that perspective saw; a student
    without the all-seeing view gets their own country's by default."""
    reviewer = await who(game_id, request, review, key, token)
    meta = await review.games.meta(game_id)
    all_seeing = bool(meta.options.get("all_seeing_replay"))
    if viewer is None and reviewer.role != "instructor" and not all_seeing:
        viewer = reviewer.country or "public"
    if viewer is not None:
        if viewer not in ("instructor", "public") and viewer not in meta.scenario.country_codes():
            raise ApiError(422, "unknown_viewer", "viewer is instructor, public or a country.")
        if not reviewer.may_see(viewer, all_seeing):
            raise ApiError(403, "perspective_closed",
                           "You may replay the game through your own country's eyes or the "
                           "public's; the instructor has not opened the other views.")
    data = await review.summary(game_id, viewer)
    data["you"] = {"role": reviewer.role, "country": reviewer.country}
    return data


@router.get("/api/games/{game_id}/review/state")
async def state(game_id: str, request: Request, review: ReviewDep, key: InstructorKey,
                token: SeatToken, seq: int = 0, viewer: str = "public") -> Response:
    """The game after event ``seq``, as ``viewer`` (instructor, public or a country) saw it."""
    reviewer = await who(game_id, request, review, key, token)
    data = await review.state_view(game_id, seq, viewer, reviewer)
    return Response(orjson.dumps(data), media_type="application/json")


@router.get("/api/games/{game_id}/debrief")
async def debrief(game_id: str, request: Request, review: ReviewDep, key: InstructorKey,
                  token: SeatToken) -> dict[str, Any]:
    """Both lenses, every score with the events that made it, key outcomes with rules and
    precedents, and each draft's votes."""
    reviewer = await who(game_id, request, review, key, token)
    meta = await review.games.meta(game_id)
    all_seeing = reviewer.role == "instructor" or meta.options.get("all_seeing_replay")
    return await review.debrief(game_id, "instructor" if all_seeing
                                else reviewer.country or "public")


def asked(request: Request, review: Review) -> str:
    """The language a request asks for: ``?lang=``, the ``ct_lang`` cookie, Accept-Language."""
    spoken = i18n.available(review.games.settings.pseudo_locales)
    return i18n.negotiate(request.query_params.get("lang"), None, request.cookies.get(i18n.COOKIE),
                          request.headers.get("accept-language"), spoken)


@router.get("/api/games/{game_id}/charts/{name}.svg")
async def chart(game_id: str, name: str, request: Request, review: ReviewDep,
                key: InstructorKey, token: SeatToken) -> Response:
    """crisis, agreement or network, as SVG; its words in the language asked (``?lang=``, the
    ``ct_lang`` cookie, Accept-Language)."""
    reviewer = await who(game_id, request, review, key, token)
    return Response(await review.chart(game_id, name, reviewer, translator(asked(request, review))),
                    media_type="image/svg+xml")


@router.get("/api/games/{game_id}/export.csv")
async def export_csv(game_id: str, request: Request, review: ReviewDep,
                     key: InstructorKey) -> Response:
    """Each student's actions, messages, votes and pledges, with country and team; the
    columns in the language asked (``?lang=``, the ``ct_lang`` cookie, Accept-Language)."""
    await instructor(game_id, review, key)
    text = await grading_csv(review.games.store, game_id, await review.timeline(game_id),
                             translator(asked(request, review)))
    return Response(text, media_type="text/csv; charset=utf-8", headers={
        "content-disposition": f'attachment; filename="crisis-table-{game_id}.csv"'})


@router.get("/api/games/{game_id}/annotations")
async def notes(game_id: str, request: Request, review: ReviewDep, key: InstructorKey,
                token: SeatToken) -> list[dict[str, Any]]:
    await who(game_id, request, review, key, token)
    return await review.annotations(game_id)


@router.post("/api/games/{game_id}/annotations", status_code=201)
async def add_note(game_id: str, body: Note, review: ReviewDep,
                   key: InstructorKey) -> dict[str, Any]:
    """Pin a note to a moment of the timeline; students see it in their replay."""
    await instructor(game_id, review, key)
    return await review.annotate(game_id, body.seq, body.text)


@router.delete("/api/games/{game_id}/annotations/{note_id}")
async def delete_note(game_id: str, note_id: str, review: ReviewDep,
                      key: InstructorKey) -> dict[str, Any]:
    await instructor(game_id, review, key)
    await review.delete_annotation(game_id, note_id)
    return {"ok": True}


@router.post("/api/games/{game_id}/fork", status_code=201)
async def fork(game_id: str, body: ForkRequest, review: ReviewDep, forks: ForksDep,
               key: InstructorKey, address: Address) -> dict[str, Any]:
    """A what-if: a new game from that moment, with an optional rule change; for the
    teacher's own use, or to give to another teacher (without the students' personal
    data)."""
    await instructor(game_id, review, key)
    created = await forks.fork(game_id, body.seq, body.change, body.for_another_teacher)
    await review.games.codes.remember(address, created.code)
    base = review.games.settings.public_base  # never the request's Host header
    return {"game_id": created.game_id, "code": created.code,
            "instructor_key": created.instructor_key,
            "instructor_url": f"{base}/instructor/{created.game_id}#key={created.instructor_key}",
            "compare_url": f"{base}/compare/{game_id}/{created.game_id}",
            "for_another_teacher": body.for_another_teacher,
            "personal_data_removed": body.for_another_teacher}


@router.get("/api/fork-changes")
async def fork_changes() -> dict[str, str]:
    """The rule changes a fork may make."""
    return FORK_CHANGES


@router.get("/api/games/{game_id}/compare/{other_id}")
async def compare(game_id: str, other_id: str, review: ReviewDep,
                  key: InstructorKey) -> dict[str, Any]:
    """Two timelines and their lenses side by side (a game and its fork)."""
    await instructor(game_id, review, key)
    await instructor(other_id, review, key)
    return await review.compare(game_id, other_id)


@router.patch("/api/games/{game_id}/options")
async def options(game_id: str, body: Options, review: ReviewDep,
                  key: InstructorKey) -> dict[str, Any]:
    """Whether students may open the all-seeing replay; whether new team-mates read their
    team's history. A field left out stays as it was."""
    await instructor(game_id, review, key)
    games = review.games
    meta = await games.meta(game_id)
    opts = {k: v for k, v in meta.options.items() if k != "shipped"}
    if body.all_seeing_replay is not None:
        opts["all_seeing_replay"] = body.all_seeing_replay
    if "new_teammates_read_history" in body.model_fields_set:
        opts["new_teammates_read_history"] = body.new_teammates_read_history
    await games.store.update_game(game_id, options=orjson.dumps(opts).decode())
    hub = games.hubs.get(game_id)
    if hub is not None:
        hub.meta.options.update(opts)
    return {"all_seeing_replay": bool(opts.get("all_seeing_replay")),
            "new_teammates_read_history": opts.get("new_teammates_read_history")}
