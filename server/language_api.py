"""A seat's language, changed from its table (docs/i18n.md): the seat this browser holds in
a game (its cookie names it) reads the game in another language from now on."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, Field

from server import i18n
from server.api import ERRORS, cookie_name
from server.deps import Address, GamesDep, SeatsDep, services
from server.errors import ApiError


class SeatLanguage(BaseModel):
    language: str | None = Field(None, max_length=35,
                                 description="en, fr, es...; null: the browser's language.")


router = APIRouter(responses=ERRORS)


@router.put("/api/join/{code}/me/language", tags=["join"])
async def my_language(code: str, body: SeatLanguage, request: Request, response: Response,
                      games: GamesDep, seats: SeatsDep, address: Address) -> dict[str, Any]:
    """The language this browser's seat reads the game in (its cookie names the seat)."""
    row = await games.by_code(code, address)
    token = request.cookies.get(cookie_name(row["code"]))
    seat = await seats.seat_for_token(token) if token else None
    if seat is None or seat["game_id"] != row["id"]:
        raise ApiError(404, "no_seat", "This browser has no seat in this game.")
    language = await seats.set_language(seat["id"], body.language)
    if language:
        i18n.language_cookie(response, language, services(request).settings.secure_cookies)
    return {"seat_id": seat["id"], "language": language}
