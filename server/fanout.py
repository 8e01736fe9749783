"""The connections that watch one game, and what each of them is sent.

Every event goes to every connection, redacted for its viewer
(``game_rules.redact``): an event a seat may not see arrives as
``{"kind": "hidden"}`` with its seq, so that seq never has gaps. Frames are
built once per viewer, however many connections share it. A fresh ``view`` frame
is built once per seq and viewer.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol

from game_rules import State, event_from_dict, redact, view_for
from game_rules.events import Event
from server import protocol
from server.store import EventRow

VIEW_CACHE = 64
"""View frames kept for the current seq (one per viewer)."""


class Sink(Protocol):
    """A connection as the game sees it: who watches, and where frames go."""

    viewer: str

    @property
    def seat_id(self) -> str | None: ...

    def send_bytes(self, data: bytes) -> None: ...

    def changed(self) -> None:
        """The game changed (a connection that renders views pushes a fresh one)."""
        ...

    def close_soon(self, code: int, reason: str) -> None: ...


class Fanout:
    def __init__(self) -> None:
        self.sinks: set[Sink] = set()
        self._views: dict[tuple[int, str], bytes] = {}

    def add(self, sink: Sink) -> None:
        self.sinks.add(sink)

    def discard(self, sink: Sink) -> None:
        self.sinks.discard(sink)

    def deliver(self, events: Sequence[Event], first_seq: int, action_n: int,
                state: State) -> None:
        """One action's events, to every connection (``state``: the state after them)."""
        if not self.sinks:
            return
        cache: dict[str, list[bytes]] = {}
        for sink in list(self.sinks):
            frames = cache.get(sink.viewer)
            if frames is None:
                frames = [event_frame(e, first_seq + i, action_n, sink.viewer, state)
                          for i, e in enumerate(events)]
                cache[sink.viewer] = frames
            for frame in frames:
                sink.send_bytes(frame)
            sink.changed()

    def replay(self, sink: Sink, rows: Iterable[EventRow], state: State) -> int:
        """Send one connection the stored events it missed; how many."""
        count = 0
        for row in rows:
            sink.send_bytes(event_frame(event_from_dict(row.body), row.seq, row.action_n,
                                        sink.viewer, state))
            count += 1
        return count

    def view_frame(self, state: State, seq: int, viewer: str) -> bytes:
        """A ``view`` frame for a viewer at ``seq``, built once per seq and viewer."""
        key = (seq, viewer)
        cached = self._views.get(key)
        if cached is None:
            if len(self._views) > VIEW_CACHE or any(k[0] != seq for k in self._views):
                self._views = {}
            cached = protocol.encode(protocol.ViewFrame(type="view", seq=seq,
                                                        view=view_for(state, viewer)))
            self._views[key] = cached
        return cached

    def close_seat(self, seat_id: str, code: int, reason: str) -> None:
        """Close the connections of one seat (it was reset, moved or removed)."""
        for sink in list(self.sinks):
            if sink.seat_id == seat_id:
                sink.close_soon(code, reason)

    def close_all(self, code: int, reason: str) -> None:
        for sink in list(self.sinks):
            sink.close_soon(code, reason)


def event_frame(event: Event, seq: int, action_n: int, viewer: str, state: State) -> bytes:
    shown = redact(event, viewer, state)
    return protocol.encode(protocol.EventFrame(type="event", seq=seq,
                                               event=shown or protocol.HIDDEN, action=action_n))
