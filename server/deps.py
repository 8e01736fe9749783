"""What a route handler is given, the same way for every router: the app's
services, the client's address, and the instructor's key or a seat's token
(described to OpenAPI as security schemes, so that a client reads from the
document which header opens which route)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Request, Security
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer

from server.forks import Forks
from server.games import Games
from server.review import Review
from server.seats import Seats

BEARER = HTTPBearer(
    auto_error=False, scheme_name="InstructorBearer",
    description="The game's instructor key (``instructor_key`` from ``POST /api/games``) as "
                "``Authorization: Bearer <key>``.")
INSTRUCTOR_KEY = APIKeyHeader(
    name="X-Instructor-Key", auto_error=False, scheme_name="InstructorKey",
    description="The game's instructor key in a header of its own; it wins over "
                "``Authorization`` when both are sent.")
SEAT_TOKEN = APIKeyHeader(
    name="X-Seat-Token", auto_error=False, scheme_name="SeatToken",
    description="A student's seat token (``token`` from ``POST /api/join/{code}``). Browsers "
                "send their seat cookie instead.")


def services(request: Request) -> Any:
    """The ``server.services.Services`` of the app that took the request."""
    return request.app.state.services


def games(request: Request) -> Games:
    return services(request).games  # type: ignore[no-any-return]


def seats(request: Request) -> Seats:
    return services(request).seats  # type: ignore[no-any-return]


def review(request: Request) -> Review:
    return services(request).review  # type: ignore[no-any-return]


def forks(request: Request) -> Forks:
    return services(request).forks  # type: ignore[no-any-return]


def client_address(request: Request) -> str:
    """Who is asking, for the per-address limits (``X-Forwarded-For`` only from a
    configured proxy, see ``server.settings``)."""
    return request.client.host if request.client else "unknown"


def instructor_key(bearer: Annotated[HTTPAuthorizationCredentials | None, Security(BEARER)],
                   header: Annotated[str | None, Security(INSTRUCTOR_KEY)]) -> str | None:
    """The instructor key a request carries, from ``X-Instructor-Key`` or else
    ``Authorization: Bearer``; None without one."""
    if header:
        return header
    if bearer is not None and bearer.credentials.strip():
        return bearer.credentials.strip()
    return None


def seat_token(token: Annotated[str | None, Security(SEAT_TOKEN)]) -> str | None:
    return token or None


GamesDep = Annotated[Games, Depends(games)]
SeatsDep = Annotated[Seats, Depends(seats)]
ReviewDep = Annotated[Review, Depends(review)]
ForksDep = Annotated[Forks, Depends(forks)]
Address = Annotated[str, Depends(client_address)]
InstructorKey = Annotated[str | None, Depends(instructor_key)]
SeatToken = Annotated[str | None, Depends(seat_token)]
