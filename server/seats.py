"""Seats: joining a game, the roster, and the instructor's remedies for a seat.

A seat is a student's (sitting for a country), an observer's or a projector's,
and holds a token (stored hashed) that its websocket presents in ``hello``.
Who is connected, the roster's online dots and the countries *away*, is
``server.presence``.

The instructor's remedies for a seat (reset, remove, move) change the seat in the
store, close its sockets here, and announce it on the bus: every other process
that holds the game reads the game's seats from the store and closes the sockets
whose seat no longer holds (``check``), and a socket's every action is stored only
if its seat still holds in the store, checked in the commit's own transaction
(``server.group_commit``). No process keeps a token that a remedy changed.

Handing a country to its caretaker (the instructor's ``set_caretaker``) releases its
students' seats (``release``): removed, their tokens revoked, before the hand-over is
stored; its event closes their sockets on every process (``server.hub``). The students
join again with the game's code, and a student who takes the country gives it back to
its players (``_claim``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

import orjson

from game_rules.actions import parse_action
from server import auth, i18n
from server.errors import ApiError, not_found
from server.games import Games
from server.hub import GameHub
from server.presence import Presence
from server.replica import title_msg_of

_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029\u202a-\u202e\u2066-\u2069\u200b-\u200f]")
TEAM_LIMIT = 6
"""Students who may share one country."""
SEAT_LIMIT = 300
"""Seats of every kind (students, observers, projectors) in one game."""
HISTORY_OPTION = "new_teammates_read_history"
"""The game's option: whether a student who joins a country others already play reads the
team's and its private channels' earlier talk. True, False, or absent/None: the default
rule, ``HISTORY_MINUTES``."""
HISTORY_MINUTES = 10.0
"""By default, new team-mates read the team's history while the game is in its first ten
minutes (from its start; before the start, always): a class finding its seats. After that a
newcomer reads from the moment it sat down (a latecomer, or someone who found the code)."""


@dataclass(frozen=True)
class Joined:
    seat_id: str
    token: str
    country: str | None
    role: str
    nickname: str
    language: str | None = None


def clean_nickname(raw: Any, limit: int) -> str:
    if not isinstance(raw, str):
        raise ApiError(422, "invalid_nickname", "A nickname is text.")
    text = unicodedata.normalize("NFC", raw).strip()
    if not text:
        raise ApiError(422, "invalid_nickname", "Choose a nickname.")
    if _CONTROL.search(text):
        raise ApiError(422, "invalid_nickname", "A nickname cannot hold control characters.")
    if len(text) > limit:
        raise ApiError(422, "nickname_too_long", "A nickname has at most {count} characters.",
                       count=limit)
    return text


class Seats:
    """The seats of every game: joining, and the instructor's remedies."""

    def __init__(self, games: Games) -> None:
        self.games = games
        self.presence = Presence(games)
        """Who of them is connected (``server.presence``)."""
        games.seated = self.seated
        games.check_seats = self.check
        games.release_seats = self.release
        games.roster_changed = self.presence.roster_changed

    async def seated(self, game_id: str) -> set[str]:
        """The countries students took in a game."""
        return {s["country"] for s in await self.games.store.seats(game_id)
                if not s["removed"] and s["country"]}


    async def public_info(self, code: str, address: str) -> dict[str, Any]:
        """What the join page shows: the game, and each playable country's team size."""
        row = await self.games.by_code(code, address)
        hub = await self.games.hub(row["id"])
        seats = await self.games.store.seats(row["id"])
        teams: dict[str, int] = {}
        for seat in seats:
            if not seat["removed"] and seat["country"]:
                teams[seat["country"]] = teams.get(seat["country"], 0) + 1
        state = hub.state
        permanent = set(state.permanent_members())
        council = set(state.council_members("UNSC"))
        countries = []
        for code_ in state.country_list:
            entry = state.scenario.entry(code_)
            if entry is not None and entry.playable:
                countries.append({"code": code_, "name": state.name(code_), "short": state.short(code_),
                                  "players": teams.get(code_, 0),
                                  "full": teams.get(code_, 0) >= TEAM_LIMIT,
                                  "council": ("permanent" if code_ in permanent
                                              else "elected" if code_ in council else None),
                                  "ally": state.is_ally(code_)})
        return {"game_id": row["id"], "code": row["code"], "title": row["title"],
                "title_msg": title_msg_of(orjson.loads(row["options"] or "{}")),
                "status": state.status, "countries": countries, "team_limit": TEAM_LIMIT}

    async def join(self, code: str, address: str, nickname: Any, country: Any = None,
                   role: str = "student", language: Any = None) -> tuple[dict[str, Any], Joined]:
        """A new seat in the game of a join code (asked from ``address``), reading the game in
        ``language`` (one the server speaks, or None). A game that has ended takes none:
        ``409 game_over``."""
        row = await self.games.by_code(code, address)
        name = clean_nickname(nickname, self.games.settings.limits.nickname_chars)
        language = self.clean_language(language)
        if role not in ("student", "observer", "projector"):
            raise ApiError(422, "invalid_role", "Join as a student, an observer or the projector.")
        if row["ended_at"] is not None or (await self._fresh(row["id"]))[2] == "ended":
            raise ApiError(409, "game_over", "This game has ended: it takes no new seats. Ask "
                                             "your teacher for the code of a new game.")
        every = await self.games.store.seats(row["id"])
        seats = [s for s in every if not s["removed"]]
        if len(seats) >= SEAT_LIMIT:
            raise ApiError(409, "game_full", "This game has its {count} seats taken.",
                           count=SEAT_LIMIT)
        if any(s["nickname"].casefold() == name.casefold() for s in seats):
            raise ApiError(409, "nickname_taken",
                           "Someone in this game is already called \u201c{name}\u201d. Pick another "
                           "nickname.", name=name)
        assigned: str | None = None
        if role == "student":
            hub = await self.games.hub(row["id"])
            assigned = self._choose_country(hub, seats, country)
        seat_id = auth.new_id()
        token = auth.new_token()
        history = await self.history(row["id"], assigned, seat_id, every) if assigned else {}
        await self.games.store.add_seat({"id": seat_id, "game_id": row["id"],
                                   "token_hash": auth.token_hash(token), "nickname": name,
                                   "country": assigned, "role": role,
                                   "created_at": self.games.clock(), "removed": False,
                                   "language": language, **history})
        if assigned is not None:
            await self._claim(row["id"], assigned)
        self.presence.roster_changed(row["id"])
        return row, Joined(seat_id, token, assigned, role, name, language)

    def clean_language(self, language: Any) -> str | None:
        """A seat's language: a code this server speaks ("fr"), or None for the browser's."""
        if language in (None, ""):
            return None
        spoken = i18n.available(self.games.settings.pseudo_locales)
        found = i18n.match(language, spoken) if isinstance(language, str) else None
        if found is None:
            raise ApiError(422, "unknown_language", "This server does not speak that language: "
                                                    "{languages}.", languages=", ".join(spoken))
        return found

    async def set_language(self, seat_id: str, language: Any) -> str | None:
        """A seat chooses another language (from its table's chooser)."""
        chosen = self.clean_language(language)
        await self.games.store.update_seat(seat_id, language=chosen)
        return chosen

    def _choose_country(self, hub: GameHub, seats: list[dict[str, Any]], wanted: Any) -> str:
        state = hub.state
        playable = [c for c in state.country_list
                    if (e := state.scenario.entry(c)) is not None and e.playable]
        teams = {c: 0 for c in playable}
        for seat in seats:
            if seat["country"] in teams:
                teams[seat["country"]] += 1
        if wanted not in (None, "", "auto"):
            if not isinstance(wanted, str) or wanted not in teams:
                raise ApiError(422, "unknown_country", "That country has no seat in this game.")
            if teams[wanted] >= TEAM_LIMIT:
                raise ApiError(409, "team_full", "The team of {country} is full. Choose another "
                                                 "country.", country={"country": wanted,
                                                                     "name": state.name(wanted)})
            return wanted
        open_ = [c for c in playable if teams[c] < TEAM_LIMIT]
        if not open_:
            raise ApiError(409, "game_full", "Every seat in this game is taken.")
        return min(open_, key=lambda c: (teams[c], playable.index(c)))

    async def history(self, game_id: str, country: str, seat_id: str,
                      seats: list[dict[str, Any]]) -> dict[str, int | None]:
        """From where a seat taking ``country`` reads its team's and private channels' talk
        (the seat's ``history_seq`` and ``history_messages``; None: all of it).

        After the game, from now, always. During it, from now if others played the country
        before (a seat of it, removed ones included) and the game's rule does not let new
        team-mates read the history (``HISTORY_OPTION``)."""
        seq, messages, status = await self._fresh(game_id)
        late: dict[str, int | None] = {"history_seq": seq, "history_messages": messages}
        if status == "ended":
            return late
        if not any(s["country"] == country and s["id"] != seat_id for s in seats):
            return {"history_seq": None, "history_messages": None}
        row = await self.games.store.game(game_id)
        options = orjson.loads(row["options"] or "{}") if row else {}
        allowed = options.get(HISTORY_OPTION)
        if allowed is None:
            started = await self.games.store.started_at(game_id)
            allowed = started is None or self.games.clock() < started + HISTORY_MINUTES * 60
        return {"history_seq": None, "history_messages": None} if allowed else late

    async def _fresh(self, game_id: str) -> tuple[int, int, str]:
        """Where the game stands in the store (not as this process last heard): its seq, its
        number of messages, its status."""
        hub = await self.games.hub(game_id)
        async with hub.lock:
            await hub.replica.catch_up()
            return hub.seq, len(hub.state.messages), hub.state.status

    async def _claim(self, game_id: str, country: str) -> None:
        """A student took a country: it stops being a caretaker."""
        hub = await self.games.hub(game_id)
        if country in hub.state.caretakers and hub.state.status != "ended":
            await hub.submit(parse_action({"actor": "instructor", "kind": "set_caretaker",
                                           "country": country, "caretaker": False}))

    async def seat_for_token(self, token: str) -> dict[str, Any] | None:
        seat = await self.games.store.seat_by_token(auth.token_hash(token))
        if seat is None or seat["removed"]:
            return None
        return seat

    async def move_seat(self, game_id: str, seat_id: str, country: Any) -> None:
        seat = await self._seat_of(game_id, seat_id)
        hub = await self.games.hub(game_id)
        every = await self.games.store.seats(game_id)
        seats = [s for s in every if not s["removed"] and s["id"] != seat_id]
        chosen = self._choose_country(hub, seats, country)
        history = {} if chosen == seat["country"] else \
            await self.history(game_id, chosen, seat_id, every)
        await self.games.store.update_seat(seat["id"], country=chosen, role="student", **history)
        await self._claim(game_id, chosen)
        await self._remedied(game_id, seat_id)

    async def reset_seat(self, game_id: str, seat_id: str) -> tuple[str, str | None]:
        """A new token for the seat (a student on a new laptop), and the seat's language; the
        old token stops working."""
        seat = await self._seat_of(game_id, seat_id)
        token = auth.new_token()
        await self.games.store.update_seat(seat["id"], token_hash=auth.token_hash(token))
        await self._remedied(game_id, seat_id)
        return token, seat.get("language")

    async def remove_seat(self, game_id: str, seat_id: str) -> None:
        seat = await self._seat_of(game_id, seat_id)
        await self._revoke(seat["id"])
        await self._remedied(game_id, seat_id)

    async def release(self, game_id: str, countries: Collection[str]) -> None:
        """The instructor hands ``countries`` to their caretakers: their students' seats are
        removed and their tokens revoked (as ``remove_seat`` does), before the hand-over is
        stored, so that from its first moment no old token opens anything, on any process.
        Their sockets are closed as the hand-over's event reaches each process."""
        for seat in await self.games.store.seats(game_id):
            if seat["role"] == "student" and seat["country"] in countries and not seat["removed"]:
                await self._revoke(seat["id"])

    async def _revoke(self, seat_id: str) -> None:
        """The seat is removed; its token (replaced by one nobody holds) opens nothing."""
        await self.games.store.update_seat(seat_id, removed=True,
                                           token_hash=auth.token_hash(auth.new_token()))

    async def _remedied(self, game_id: str, seat_id: str) -> None:
        """A seat changed in the store: its sockets close here, and on every other process
        once it hears of it (4401; a moved seat's reconnect finds its new country)."""
        self.presence.roster_changed(game_id, kick=seat_id)
        await self.games.bus.announce(game_id, "seats")

    async def check(self, game_id: str) -> None:
        """Close the sockets of a game held here whose seat no longer holds in the store
        (reset, removed or moved by another process)."""
        hub = self.games.hubs.get(game_id)
        if hub is None:
            return
        held = [sink for sink in hub.sinks if sink.seat_id is not None]
        if not held:
            return
        rows = {row["id"]: row for row in await self.games.store.seats(game_id)}
        for sink in held:
            holds = getattr(sink, "holds", None)
            if holds is not None and not holds(rows.get(sink.seat_id)):
                sink.close_soon(4401, "seat changed")

    async def _seat_of(self, game_id: str, seat_id: str) -> dict[str, Any]:
        seat = await self.games.store.seat(seat_id)
        if seat is None or seat["game_id"] != game_id or seat["removed"]:
            raise not_found("seat")
        return seat
