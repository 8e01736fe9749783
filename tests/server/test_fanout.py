"""The fan-out: every connection gets its own redacted copy of every event, once."""

from __future__ import annotations

import json
from typing import Any

from game_rules import Context, State, event_to_dict, load_scenario, new_game, step
from game_rules.events import Event
from server.fanout import Fanout
from server.liveview import LiveSeat
from server.store import EventRow
from tests.server.helpers import SCENARIO


class FakeSink:
    live: LiveSeat | None = None

    def __init__(self, viewer: str, seat_id: str | None = None) -> None:
        self.viewer = viewer
        self.seat_id = seat_id
        self.sent: list[bytes] = []
        self.closed: tuple[int, str] | None = None

    def send_bytes(self, data: bytes) -> None:
        self.sent.append(data)

    def backlog(self) -> int:
        return 0

    def close_soon(self, code: int, reason: str) -> None:
        self.closed = (code, reason)

    def frames(self) -> list[dict[str, Any]]:
        return [json.loads(b) for b in self.sent]


def _private_talk() -> tuple[State, list[Event]]:
    state = new_game(load_scenario(SCENARIO), 1)
    state, _ = step(state, {"actor": "instructor", "kind": "start"}, Context(now=1.0))
    state, opened = step(state, {"actor": "EST", "kind": "open_channel", "members": ["LVA"]},
                         Context(now=2.0))
    channel = next(c for c in state.channels.values() if c.kind == "private")
    state, said = step(state, {"actor": "EST", "kind": "say", "channel": channel.id,
                               "text": "Between us."}, Context(now=3.0))
    return state, [*opened, *said]


def test_an_event_seen_whole_by_many_viewers_is_encoded_once_for_all() -> None:
    state, events = _private_talk()
    state, said = step(state, {"actor": "LVA", "kind": "say", "channel": "public",
                               "text": "To everyone."}, Context(now=4.0))
    fanout = Fanout()
    sinks = [FakeSink(v, f"s-{v}") for v in ("EST", "LVA", "FRA", "USA")] + \
        [FakeSink("instructor"), FakeSink("public")]
    for sink in sinks:
        fanout.add(sink)
    fanout.deliver(said, 13, 5, state)
    assert len({id(sink.sent[0]) for sink in sinks}) == 1  # one encoding, shared
    assert all(sink.frames()[0]["event"] == event_to_dict(said[0]) for sink in sinks)
    # The private message: the readers share theirs, the others theirs (hidden).
    for sink in sinks:
        sink.sent.clear()
    fanout.deliver(events[1:], 12, 4, state)
    readers = [s for s in sinks if s.viewer in ("EST", "LVA", "instructor")]
    others = [s for s in sinks if s not in readers]
    assert len({id(s.sent[0]) for s in readers}) == 1
    assert all(s.frames()[0]["event"]["text"] == "Between us." for s in readers)
    assert all(s.frames()[0]["event"] == {"kind": "hidden"} for s in others)


def test_each_viewer_gets_its_own_redacted_copy_built_once() -> None:
    state, events = _private_talk()
    fanout = Fanout()
    est, est_too, fra, teacher = (FakeSink("EST", "s1"), FakeSink("EST", "s2"),
                                  FakeSink("FRA", "s3"), FakeSink("instructor"))
    for sink in (est, est_too, fra, teacher):
        fanout.add(sink)
    fanout.deliver(events, 11, 4, state)
    assert [f["seq"] for f in fra.frames()] == [11, 12]
    assert {f["action"] for f in fra.frames()} == {4}
    assert [f["event"] for f in fra.frames()] == [{"kind": "hidden"}, {"kind": "hidden"}]
    assert [f["event"]["kind"] for f in est.frames()] == ["channel_opened", "message_sent"]
    assert est.frames()[1]["event"]["text"] == "Between us."
    assert [f["event"]["kind"] for f in teacher.frames()] == ["channel_opened", "message_sent"]
    # One build per viewer: the second Estonian connection gets the very same bytes.
    assert all(a is b for a, b in zip(est.sent, est_too.sent, strict=True))
    # A connection that keeps no view is not told the message's index.
    assert "message" not in est.frames()[1]


def test_a_connection_that_comes_back_gets_what_it_missed() -> None:
    state, events = _private_talk()
    rows = [EventRow("g", 20 + i, 9, e.kind, event_to_dict(e)) for i, e in enumerate(events)]
    sink = FakeSink("LVA")
    assert Fanout().replay(sink, rows, state) == 2
    assert [(f["seq"], f["event"]["kind"]) for f in sink.frames()] == [
        (20, "channel_opened"), (21, "message_sent")]


def test_a_view_frame_is_built_once_per_seq_and_viewer() -> None:
    state, _ = _private_talk()
    fanout = Fanout()
    first = fanout.view_frame(state, 5, "EST")
    assert fanout.view_frame(state, 5, "EST") is first
    assert json.loads(first)["view"]["viewer"] == "EST"
    assert fanout.view_frame(state, 6, "EST") is not first
    assert json.loads(fanout.view_frame(state, 6, "FRA"))["view"]["viewer"] == "FRA"


def test_closing_a_seat_closes_its_connections_only() -> None:
    fanout = Fanout()
    mine, theirs = FakeSink("EST", "s1"), FakeSink("EST", "s2")
    fanout.add(mine)
    fanout.add(theirs)
    fanout.close_seat("s1", 4401, "seat changed")
    assert mine.closed == (4401, "seat changed") and theirs.closed is None
    fanout.close_all(4404, "game deleted")
    assert theirs.closed == (4404, "game deleted")
