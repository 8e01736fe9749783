"""Generates docs/protocol.md from the frame models of ``server.protocol``, and
docs/view.schema.json from the view's models (``game_rules.view_schema``).

    python -m server.protocol_doc > docs/protocol.md
    python -m server.protocol_doc --view > docs/view.schema.json
"""

from __future__ import annotations

import json
import sys
from typing import Any

from pydantic import BaseModel, TypeAdapter

from game_rules.view_schema import MessageEntry, view_json_schema
from server import protocol as p

INTRO = """# The websocket protocol

Generated from `server/protocol.py` by `python -m server.protocol_doc`; a test
fails when this file is stale. The HTTP API is described by the OpenAPI document
at `/openapi.json`.

Connect to `ws://HOST:PORT/ws`. Every frame is a JSON object with a `type`.

1. Get a seat over HTTP: `POST /api/games` (the instructor; the answer holds the
   secret `instructor_key`), then `POST /api/join/{code}` with a nickname and a
   country (a student; the answer holds the seat's `token`).
2. Open the websocket and send `hello` with the token (or the instructor key; or,
   read-only, the join code as `game`). The server answers `welcome`: the seat,
   the current `seq` and the whole view this seat may see.
3. Send actions as `act` frames, each with a `client_id` unique for your seat. The
   server answers `ack` once the action is stored (durable), or `error` with the
   engine's code and sentence. Send an action again with the same `client_id`
   until you get an answer: it is never applied twice.
4. Every change arrives as `event` frames, numbered by the game's `seq` with no
   gaps: an event your seat may not see arrives as `{"kind": "hidden"}`.
5. After a disconnect, send `hello` with `last_seq`, the last seq you saw. The
   `welcome` (a fresh view at its `seq`) is followed by the events you missed, one
   `event` frame each (`missed` says how many; `-1` when the gap was too large and
   the view alone brings you up to date).

6. A browser says `hello` with `views: true` and keeps the view up to date:
   the welcome's view carries the newest 100 messages the seat reads
   (`messages_total` counts them all; ask for earlier ones with `history`); each
   `message_sent` event carries the message's `message` index; and after changes
   (at most about 7 a second, a change of the clock alone every few seconds) a
   `patch` frame brings the view without its messages from `base` to `seq` (RFC
   6902). A client whose view is not at a patch's `base`, or that cannot apply
   it, sends `sync` and ignores patches until the fresh `view` comes.
7. A server at capacity refuses an action with `overloaded` and `retry_after`
   (seconds): nothing was taken; send it again, with the same `client_id`, after
   that time (with some jitter).

Limits: a frame has at most 16 KiB, counted on the JSON text after the
websocket's compression (permessage-deflate) is undone: a larger frame is
refused with `frame_too_large` and the connection goes on; one over 64 KiB is
not read at all and closes the connection (1009). A connection may act about 10
times a second (bursts of 20), and ask for a fresh view or a history page about
once a second (bursts of 5); 50 refused frames close it (code 1008). Text fields
have the engine's limits (4,000 characters for messages).

Answers by `client_id`: an action the rules accepted or refused is remembered for
its seat's `client_id`; sent again, it gets its first answer (`duplicate: true` on
an `ack`) and is not decided again. `rate_limited` and `overloaded` are not
remembered: the action was not decided, so send it again later with the same
`client_id` and it is decided then. Nor is `server_busy`, which says that this
process could not learn the action's answer in time (the store was contended, or
the game's writer on another process did not answer): the action may still be
stored after it. Send it again with the same `client_id`: if it was stored, the
answer is its first one (`duplicate: true` on an `ack`); if not, it is decided
then. Refusals that come before the rules (a
malformed frame, `read_only`, `not_your_country`) are not remembered either, nor is
`bad_token` for an action whose seat was reset, moved or removed (the connection is
then closed with 4401; the seat's new token may send the action again).

Actions are those of the game record (docs/rules.md): the same objects, without
`at` (the server stamps the time). A student omits `actor` (the server fills in
the seat's country; naming another country is refused with `not_your_country`).
The instructor acts as `instructor` by omitting `actor`, and **acts for a
country by naming it in the action's `actor` field** (`{"kind": "vote", "actor":
"FRA", ...}`); only the server's clock acts as `system`. The same holds for
`POST /api/games/{id}/actions`. A message's `author` is set by the server (the
student's nickname, or `instructor` when the instructor speaks for a country).
"""

EXAMPLES: dict[str, dict[str, Any]] = {
    "Hello": {"type": "hello", "token": "SEAT-TOKEN", "last_seq": 41},
    "Act": {"type": "act", "client_id": "c-17",
            "action": {"kind": "vote", "draft": "S/2022/155", "vote": "yes"}},
    "Ping": {"type": "ping", "t": 1},
    "Sync": {"type": "sync"},
    "History": {"type": "history", "channel": "public", "before": 1201, "limit": 50},
    "Welcome": {"type": "welcome", "game": {"id": "3f2a...", "code": "KX7M4P",
                                            "title": "February 2022",
                                            "scenario": "february-2022"},
                "seat": {"role": "student", "country": "NOR", "nickname": "Ada",
                         "seat_id": "9c1e..."},
                "seq": 57, "view": {"viewer": "NOR", "game": {"phase": "council"}},
                "resumed_from": 41, "missed": 16},
    "EventFrame": {"type": "event", "seq": 58, "action": 31,
                   "event": {"kind": "draft_vetoed", "draft": "S/2022/155", "body": "UNSC",
                             "vetoed_by": ["RUS"], "votes": "11-1-3",
                             "explanation": "Not adopted: the Russian Federation, a permanent "
                                            "member, voted against (Charter Art. 27(3)). ..."}},
    "Ack": {"type": "ack", "client_id": "c-17", "seq": 58, "events": 1, "duplicate": False},
    "Error": {"type": "error", "code": "already_voted", "client_id": "c-18",
              "message": "Norway has already voted on S/2022/155; a vote once cast is final."},
    "Pong": {"type": "pong", "t": 1, "seq": 58},
    "ViewFrame": {"type": "view", "seq": 58, "view": {"viewer": "NOR"}},
    "PatchFrame": {"type": "patch", "base": 57, "seq": 58, "ops": [
        {"op": "replace", "path": "/UNSC/drafts/0/status", "value": "vetoed"},
        {"op": "add", "path": "/news/-", "value": {"index": 12, "kind": "draft_vetoed",
                                                   "title": "S/2022/155 vetoed by Russia"}}]},
    "HistoryFrame": {"type": "history", "channel": "public", "before": 1201, "complete": False,
                     "messages": [{"index": 1187, "channel": "public", "sender": "NOR",
                                   "text": "We call for restraint.", "at": 1700000000.0,
                                   "author": "Ada"}]},
    "Roster": {"type": "roster", "seats": [{"seat_id": "9c1e...", "nickname": "Ada",
                                            "country": "NOR", "role": "student",
                                            "online": True}]},
}


def _type_name(schema: dict[str, Any]) -> str:
    if "const" in schema:
        return json.dumps(schema["const"])
    if "enum" in schema:
        return " | ".join(json.dumps(v) for v in schema["enum"])
    if "anyOf" in schema:
        return " or ".join(_type_name(s) for s in schema["anyOf"])
    if "$ref" in schema:
        return str(schema["$ref"]).rsplit("/", 1)[-1]
    if schema.get("type") == "array":
        return f"list of {_type_name(schema.get('items', {}))}"
    return str(schema.get("type", "any"))


def _schema(frame: Any) -> dict[str, Any]:
    if isinstance(frame, type) and issubclass(frame, BaseModel):
        return frame.model_json_schema()
    schema: dict[str, Any] = TypeAdapter(frame).json_schema()
    return schema


def _section(frame: Any, direction: str) -> list[str]:
    schema = _schema(frame)
    required = set(schema.get("required", []))
    name = frame.__name__
    kind = schema["properties"].get("type", {}).get("const")
    title = f"`{kind}`" if kind else f"`{name}`"
    lines = [f"### {title} ({direction})", ""]
    doc = (frame.__doc__ or "").strip()
    if doc:
        lines += [" ".join(doc.split()), ""]
    lines += ["| field | type | required | meaning |", "|---|---|---|---|"]
    for field, prop in schema["properties"].items():
        meaning = " ".join(prop.get("description", "").split())
        lines.append(f"| `{field}` | {_type_name(prop)} | "
                     f"{'yes' if field in required else 'no'} | {meaning} |")
    example = EXAMPLES.get(name)
    if example is not None:
        lines += ["", "```json", json.dumps(example, ensure_ascii=False), "```"]
    return [*lines, ""]


def render() -> str:
    out = [INTRO, "## Client to server", ""]
    client: tuple[type, ...] = (p.Hello, p.Act, p.Ping, p.Sync, p.History)
    server: tuple[type, ...] = (p.Welcome, p.EventFrame, p.Ack, p.Error, p.Pong, p.ViewFrame,
                                p.PatchFrame, p.HistoryFrame, p.Roster)
    nested: tuple[type, ...] = (p.GameInfo, p.SeatInfo, MessageEntry, p.RosterSeat)
    for model in client:
        out += _section(model, "client")
    out += ["## Server to client", ""]
    for model in server:
        out += _section(model, "server")
    out += ["## Nested objects", ""]
    for model in nested:
        out += _section(model, "nested")
    out += ["## Error codes of the protocol", "",
            "Besides these, `error` frames carry the engine's refusal codes (docs/rules.md).", "",
            "| code | meaning |", "|---|---|"]
    out += [f"| `{code}` | {meaning} |" for code, meaning in p.PROTOCOL_ERRORS.items()]
    return "\n".join(out).rstrip() + "\n"


def render_view_schema() -> str:
    """The view's JSON Schema, as docs/view.schema.json holds it."""
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema",
              "$id": "docs/view.schema.json", **view_json_schema()}
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    sys.stdout.write(render_view_schema() if sys.argv[1:] == ["--view"] else render())
