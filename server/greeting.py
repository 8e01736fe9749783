"""Who a websocket's ``hello`` names, in which game, and the ``welcome`` it is answered.

A seat, by its token (or, without one, the browser's seat cookie for the game's
join code, unless the hello only watches); the instructor, by the game's key in
``token``; or a read-only watcher of the public view, by a join code, looked up
under the per-address limit on guessing codes (``Games.by_code``). A token that
opens nothing names nobody.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from server.acting import Identity
from server.auth import normalize_code
from server.errors import ApiError
from server.games import Games
from server.hub import GameHub
from server.protocol import GameInfo, Hello, SeatInfo, Welcome
from server.seats import Seats


@dataclass(frozen=True, slots=True)
class Greeting:
    """Who said hello, to which game, and what they read."""

    game: dict[str, Any]
    """The game's row."""
    identity: Identity
    viewer: str
    """Whose view the connection is sent: a student's country, ``instructor`` or ``public``."""
    token_hash: str | None = None
    """The seat's token hash as the store held it (see ``Connection.holds``)."""
    history_seq: int = 0
    history_messages: int = 0
    """A seat that sat down late in its team: see ``server.fanout``."""


async def greet(frame: Hello, cookies: Mapping[str, str], address: str, games: Games,
                seats: Seats) -> Greeting | None:
    """Who ``frame`` names (None: nobody, or a join code that opens no game); ``ApiError``
    (``too_many_attempts``) when the address guessed too many join codes."""
    token = frame.token
    if not token and frame.game and not frame.watch:
        token = cookies.get(f"ct_seat_{normalize_code(frame.game)}")
    if token:
        seat = await seats.seat_for_token(token)
        if seat is not None:
            row = await games.store.game(seat["game_id"])
            if row is None:
                return None
            student = seat["role"] == "student" and seat["country"]
            return Greeting(row, Identity(seat["role"], seat["country"], seat["nickname"],
                                          seat["id"]),
                            seat["country"] if student else "public", seat["token_hash"],
                            seat.get("history_seq") or 0, seat.get("history_messages") or 0)
        row = await games.game_for_key(token)
        return None if row is None else Greeting(row, Identity("instructor"), "instructor")
    if frame.game:
        try:
            row = await games.by_code(frame.game, address)
        except ApiError as err:
            if err.code == "too_many_attempts":
                raise
            return None
        return Greeting(row, Identity("public"), "public")
    return None


def welcome_frame(hub: GameHub, me: Identity, seq: int, view: dict[str, Any],
                  resumed_from: int | None, missed: int) -> Welcome:
    """The answer to a hello: the game, the seat, where the game stands and, for a
    connection that asked for views, its view."""
    return Welcome(
        type="welcome",
        game=GameInfo(id=hub.meta.id, code=hub.meta.code, title=hub.meta.title,
                      title_msg=hub.meta.title_msg, scenario=hub.meta.scenario_id),
        seat=SeatInfo(role=me.role, country=me.country, nickname=me.nickname,
                      seat_id=me.seat_id),
        seq=seq, view=view, now=hub.clock(), resumed_from=resumed_from, missed=missed)
