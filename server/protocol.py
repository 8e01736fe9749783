"""The websocket protocol: every frame either side may send, as one closed set.

Client -> server: ``hello``, ``act``, ``ping``, ``sync``, ``history``.
Server -> client: ``welcome``, ``event``, ``ack``, ``error``, ``pong``, ``view``, ``patch``,
``history``, ``roster``.

``docs/protocol.md`` is generated from this module (``python -m server.protocol_doc``);
a test fails when it is stale.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, NotRequired

import orjson
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError, with_config
from typing_extensions import TypedDict

from game_rules.messages import N_, Msg, message
from game_rules.view_schema import MessageEntry


class _Frame(BaseModel):
    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True)


# Client -> server


class Hello(_Frame):
    """The first frame on a connection: who is here, and the last event seen."""

    type: Literal["hello"]
    token: str | None = Field(None, max_length=200)
    """A seat token (student), or the instructor key. Absent: read-only with ``game``."""
    game: str | None = Field(None, max_length=20)
    """A join code, to watch the public picture read-only (projector, observers)."""
    last_seq: int | None = Field(None, ge=0)
    """The last event seq this client has; the server sends what came after."""
    views: bool = False
    """Keep a view of the game up to date in this client (what a browser renders from):
    the welcome's view then carries the newest messages only (older ones with
    ``history``), and after changes the server sends ``patch`` frames (at most a few a
    second) that bring the view, without its messages, to the game's current seq;
    messages come as events (with their ``message`` index)."""
    watch: bool = False
    """With ``game``: watch the public picture even if this browser holds a seat in the game
    (the projector). Without it, a browser's seat cookie for that game is used."""


class Act(_Frame):
    """An action. ``actor`` is the connection's own country; the instructor may
    name a country (acting for it) or omit it (acting as the instructor)."""

    type: Literal["act"]
    client_id: str = Field(min_length=1, max_length=80)
    """Unique per seat: a retried action with the same id gets its first answer."""
    action: dict[str, Any]


class Ping(_Frame):
    type: Literal["ping"]
    t: float | int | str | None = None


class Sync(_Frame):
    """Ask for a fresh view (a client with ``views`` whose view is not at a patch's
    ``base``, or that could not apply one, sends this)."""

    type: Literal["sync"]


class History(_Frame):
    """Ask for earlier messages of a channel than the client holds (answered by a
    ``history`` frame)."""

    type: Literal["history"]
    channel: str = Field(min_length=1, max_length=80)
    before: int | None = Field(None, ge=0)
    """Messages with an index below this one (null: the newest)."""
    limit: int = Field(50, ge=1, le=200)


ClientFrame = Annotated[Hello | Act | Ping | Sync | History, Field(discriminator="type")]
CLIENT_FRAMES: TypeAdapter[ClientFrame] = TypeAdapter(ClientFrame)
CLIENT_TYPES = ("hello", "act", "ping", "sync", "history")


# Server -> client. Plain typed dicts: built as they are sent (many a second), and
# documented, like the client frames, by the JSON Schema pydantic makes of them.

_SERVER = ConfigDict(use_attribute_docstrings=True, extra="forbid")


@with_config(_SERVER)
class SeatInfo(TypedDict):
    role: Literal["student", "observer", "projector", "instructor", "public"]
    """``public``: a connection that said hello with a join code (read-only)."""
    country: str | None
    """The country this seat sits for (a student), else null."""
    nickname: str | None
    seat_id: str | None
    """Null for the instructor and for read-only connections without a seat."""


@with_config(_SERVER)
class GameInfo(TypedDict):
    id: str
    code: str
    """The join code."""
    title: str
    title_msg: NotRequired[dict[str, Any] | None]
    """A title the server wrote (a what-if fork's, a lab run's: "Eastern Flank (what if: no
    veto)") as a message, which the client renders in its reader's language; null for the
    scenario's title or a name the instructor gave."""
    scenario: str
    """The scenario's id (``GET /api/scenarios/{id}`` for a shipped one)."""


@with_config(_SERVER)
class Welcome(TypedDict):
    """The answer to hello: the view as of ``seq``. Events that follow with a
    seq at or below it are the ones the client missed (already in this view)."""

    type: Literal["welcome"]
    game: GameInfo
    seat: SeatInfo
    seq: int
    view: dict[str, Any]
    """What this seat may see now: its fields are in docs/view.schema.json."""
    now: float
    """The server's clock (seconds since the epoch), to count deadlines down from."""
    resumed_from: int | None
    """The hello's ``last_seq``."""
    missed: int
    """How many missed events follow; -1 when the gap was too large and only the view is sent."""


@with_config(_SERVER)
class EventFrame(TypedDict):
    """One event, redacted for this connection. ``event`` is ``{"kind": "hidden"}``
    when the event is not this seat's to see, so that seq never has gaps."""

    type: Literal["event"]
    seq: int
    event: dict[str, Any]
    """An event of docs/rules.md, as this seat may see it."""
    action: int | None
    """The number of the action that made it, in the game's log."""
    message: NotRequired[int]
    """A ``message_sent`` event's message index (``index`` of the view's messages), to a
    connection that said hello with ``views``."""


@with_config(_SERVER)
class Ack(TypedDict):
    """An action was accepted and is stored; its events run up to ``seq``."""

    type: Literal["ack"]
    client_id: str
    seq: int
    events: int
    """How many events the action made (what it set off, such as caretakers' votes, comes
    after ``seq`` as actions of their own)."""
    duplicate: bool
    """True when this client id was answered before: the action was not applied again."""


@with_config(_SERVER)
class Error(TypedDict):
    """A refusal or a bad frame, with a stable code and a sentence."""

    type: Literal["error"]
    code: str
    message: str
    client_id: str | None
    """The ``act`` frame's client id, when the error answers one."""
    retry_after: NotRequired[float]
    """With ``overloaded`` and ``rate_limited``: seconds to wait before sending again."""
    msg: NotRequired[dict[str, Any]]
    """The same sentence as a message (``{"id", "params"}``, docs/i18n.md): an engine
    refusal's, or the server's own (the protocol's errors, ``rate_limited``, ``overloaded``,
    ``bad_token``, ``with_caretaker``...), for the client to show in its reader's language;
    ``message`` is its English."""


@with_config(_SERVER)
class Pong(TypedDict):
    type: Literal["pong"]
    t: float | int | str | None
    """The ping's ``t``, as it came."""
    seq: int
    """The game's seq (0 before hello)."""


@with_config(_SERVER)
class ViewFrame(TypedDict):
    """A fresh view (to a connection that asked for ``views`` or sent ``sync``)."""

    type: Literal["view"]
    seq: int
    view: dict[str, Any]
    """What this seat may see now: its fields are in docs/view.schema.json."""


@with_config(_SERVER)
class PatchFrame(TypedDict):
    """What changed in the view (to a connection that said hello with ``views``): RFC 6902
    JSON Patch operations that turn the view as of ``base`` into the view as of ``seq``.
    They apply to the view without ``messages`` and ``messages_total`` (messages come as
    events). A client whose view is not at ``base``, or that cannot apply the operations,
    asks for a fresh view with ``sync``."""

    type: Literal["patch"]
    base: int
    """The seq of the view the operations apply to: the last ``welcome``, ``view`` or
    ``patch`` this connection was sent."""
    seq: int
    ops: list[dict[str, Any]]
    """``add``, ``remove`` and ``replace`` operations (RFC 6902), applied in order."""


@with_config(_SERVER)
class HistoryFrame(TypedDict):
    """The answer to ``history``: up to ``limit`` messages of the channel before ``before``,
    oldest first."""

    type: Literal["history"]
    channel: str
    before: int | None
    messages: list[MessageEntry]
    """Each as a view's ``messages`` holds it (docs/view.schema.json)."""
    complete: bool
    """True when the channel has no earlier message this seat reads."""


@with_config(_SERVER)
class RosterSeat(TypedDict):
    seat_id: str
    nickname: str
    country: str | None
    role: str
    online: bool
    """Whether a connection of this seat is open (on this server process)."""


@with_config(_SERVER)
class Roster(TypedDict):
    """Sent to the instructor whenever someone joins, leaves or moves."""

    type: Literal["roster"]
    seats: list[RosterSeat]


ServerFrame = Welcome | EventFrame | Ack | Error | Pong | ViewFrame | PatchFrame | HistoryFrame \
    | Roster
SERVER_FRAMES = (Welcome, EventFrame, Ack, Error, Pong, ViewFrame, PatchFrame, HistoryFrame, Roster)
HIDDEN: dict[str, Any] = {"kind": "hidden"}
"""The event as a seat that may not see it gets it."""


def encode(frame: ServerFrame) -> bytes:
    """A server frame as the bytes sent."""
    return orjson.dumps(frame)


def error(code: str, text: str | Msg, client_id: str | None = None,
          retry_after: float | None = None, msg: dict[str, Any] | None = None) -> Error:
    """An error frame; ``text`` given as a message (``game_rules.messages``) goes as its
    English (``message``) and as ``msg``, which the client renders in its reader's language."""
    if isinstance(text, Msg):
        msg = text.to_json() if msg is None else msg
        text = text.english()
    frame = Error(type="error", code=code, message=text, client_id=client_id)
    if retry_after is not None:
        frame["retry_after"] = round(retry_after, 2)
    if msg is not None:
        frame["msg"] = msg
    return frame

# Error codes of the protocol itself (the engine's refusal codes come as well).
PROTOCOL_ERRORS: dict[str, str] = {
    "malformed_frame": "The frame is not a JSON object.",
    "unknown_frame": "The frame's type is not one of hello, act, ping, sync, history.",
    "invalid_frame": "A field of the frame is missing or of the wrong type.",
    "frame_too_large": "The frame is larger than the limit.",
    "rate_limited": "Too many actions, fresh views (sync and history together) or pings from "
                    "this seat (all its connections together, on every process) or, without "
                    "a seat, from this connection; wait a moment (``retry_after``, when given).",
    "overloaded": "The server is at capacity; the action was not taken: send it again (same "
                  "client_id) after ``retry_after`` seconds.",
    "too_many_attempts": "Too many wrong join codes from this address (hello with game).",
    "bad_token": "The token or join code is unknown, or the seat was reset or removed.",
    "not_joined": "Send hello first.",
    "already_joined": "This connection has already said hello.",
    "read_only": "Observers and the projector cannot act.",
    "seat_unassigned": "This seat has no country yet.",
    "with_caretaker": "The instructor handed this seat's country to its caretaker: the seat "
                      "is closed (sent, without client_id, before the socket is closed with "
                      "4401; its token opens nothing any more). Join again with the game's code.",
    "server_busy": "The action's answer did not come in time (it may still be stored): send "
                   "it again with the same client_id, and its answer comes then.",
}


class FrameError(Exception):
    """A frame that is not one of the protocol's: ``message`` says what is wrong in English
    (a field's problem as the validator words it); ``msg`` is a message for the reader's
    language."""

    def __init__(self, code: str, said: Msg, message: str | None = None) -> None:
        english = message if message is not None else said.english()
        super().__init__(english)
        self.code = code
        self.message = english
        self.msg = said


def parse_client_frame(data: Any) -> Hello | Act | Ping | Sync | History:
    """One client frame, or FrameError with its code."""
    if not isinstance(data, dict):
        raise FrameError("malformed_frame", message(N_("A frame is a JSON object.")))
    kind = data.get("type")
    if kind not in CLIENT_TYPES:
        shown = str(kind)[:30] if kind is not None else "nothing"
        raise FrameError("unknown_frame", message(N_("Unknown frame type: {type}."), type=shown))
    try:
        return CLIENT_FRAMES.validate_python(data)
    except ValidationError as err:
        first = err.errors(include_url=False)[0]
        place = ".".join(str(p) for p in first["loc"][1:])
        raise FrameError("invalid_frame",
                         message(N_("The field {field} of the {type} frame is missing or not "
                                    "valid."), field=place or "?", type=str(kind)),
                         f"{kind}.{place}: {first['msg']}") from None
