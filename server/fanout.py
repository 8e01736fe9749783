"""The connections that watch one game, and what each of them is sent.

Every event goes to every connection, redacted for its viewer
(``game_rules.redact``): an event a seat may not see arrives as
``{"kind": "hidden"}`` with its seq, so that seq never has gaps. Frames are
built once per viewer, however many connections share it, and an event that
several viewers see whole (a public message: every country) is encoded once for
all of them. A fresh ``view`` frame
is built once per seq and viewer. The connections that keep a view up to date (a
browser's, ``hello`` with ``views``) are also sent patches of it
(``server.liveview.LiveFeed``), and a message's event carries its index for them.

A seat that sat down late in a team (``history_seq``/``history_messages``, from the
seat's row: see ``server.seats``) is never sent the team's or its private channels'
earlier talk: not in its views, nor among the missed events replayed to it, nor in an
answer to ``history``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, Protocol, cast

from game_rules import State, event_from_dict, event_to_dict, redact, view_for
from game_rules.events import Event, MessageSent
from game_rules.talk import before_seat
from game_rules.view_schema import MessageEntry
from game_rules.views import messages_before
from server import protocol
from server.liveview import LiveFeed, LiveSeat
from server.store import EventRow

VIEW_CACHE = 64
"""View frames kept for the current seq (one per viewer)."""


class Sink(Protocol):
    """A connection as the game sees it: who watches, and where frames go."""

    viewer: str
    live: LiveSeat | None
    """What the connection's browser has (None: a connection that keeps no view)."""

    @property
    def seat_id(self) -> str | None: ...

    def send_bytes(self, data: bytes) -> None: ...

    def backlog(self) -> int:
        """Frames waiting to be sent."""
        ...

    def close_soon(self, code: int, reason: str) -> None: ...


class Fanout:
    def __init__(self, current: Callable[[], tuple[State, int]] | None = None) -> None:
        self.sinks: set[Sink] = set()
        self._views: dict[tuple[int, str, int], bytes] = {}
        self.live = LiveFeed(current or _nothing, lambda: self.sinks)

    def add(self, sink: Sink) -> None:
        self.sinks.add(sink)

    def discard(self, sink: Sink) -> None:
        self.sinks.discard(sink)

    def deliver(self, events: Sequence[Event], first_seq: int, action_n: int,
                state: State) -> None:
        """One action's events, to every connection (``state``: the state after them)."""
        if not self.sinks:
            return
        indexes = message_indexes(events, state)
        wholes = [event_to_dict(e) for e in events]
        shared: dict[tuple[int, bool], bytes] = {}
        """The frame of an event seen whole, by its position and whether it has its index."""
        cache: dict[tuple[str, bool], list[bytes]] = {}
        live = False
        for sink in list(self.sinks):
            wants = sink.live is not None
            live = live or wants
            frames = cache.get((sink.viewer, wants))
            if frames is None:
                frames = []
                for i, e in enumerate(events):
                    shown = redact(e, sink.viewer, state, wholes[i])
                    if shown is wholes[i]:
                        frame = shared.get((i, wants))
                        if frame is None:
                            frame = shared[(i, wants)] = _event_frame(
                                shown, first_seq + i, action_n, indexes.get(i) if wants else None)
                    else:
                        frame = _event_frame(shown, first_seq + i, action_n,
                                             indexes.get(i) if wants else None)
                    frames.append(frame)
                cache[(sink.viewer, wants)] = frames
            for frame in frames:
                sink.send_bytes(frame)
        if live:
            self.live.changed()

    def replay(self, sink: Sink, rows: Iterable[EventRow], state: State) -> int:
        """Send one connection the stored events it missed; how many."""
        count = 0
        history = getattr(sink, "history_seq", 0)
        for row in rows:
            event = event_from_dict(row.body)
            if history and isinstance(event, MessageSent) and \
                    before_seat(state, event.channel, row.seq, history):
                sink.send_bytes(protocol.encode(protocol.EventFrame(
                    type="event", seq=row.seq, event=protocol.HIDDEN, action=row.action_n)))
            else:
                sink.send_bytes(event_frame(event, row.seq, row.action_n, sink.viewer, state))
            count += 1
        return count

    def view_frame(self, state: State, seq: int, viewer: str, history_from: int = 0) -> bytes:
        """A ``view`` frame for a viewer at ``seq`` (``history_from``: see ``view_for``),
        built once per seq, viewer and history."""
        key = (seq, viewer, history_from)
        cached = self._views.get(key)
        if cached is None:
            if len(self._views) > VIEW_CACHE or any(k[0] != seq for k in self._views):
                self._views = {}
            cached = protocol.encode(protocol.ViewFrame(
                type="view", seq=seq, view=view_for(state, viewer, history_from=history_from)))
            self._views[key] = cached
        return cached

    def close_seat(self, seat_id: str, code: int, reason: str) -> None:
        """Close the connections of one seat (it was reset, moved or removed)."""
        for sink in list(self.sinks):
            if sink.seat_id == seat_id:
                sink.close_soon(code, reason)

    def close_country(self, country: str, code: int, reason: str,
                      notice: bytes | None = None) -> None:
        """Close the connections of the students who sit for a country (each sent
        ``notice`` first, a frame that says why)."""
        for sink in list(self.sinks):
            if sink.seat_id is not None and sink.viewer == country:
                if notice is not None:
                    sink.send_bytes(notice)
                sink.close_soon(code, reason)

    def close_all(self, code: int, reason: str) -> None:
        for sink in list(self.sinks):
            sink.close_soon(code, reason)


def _nothing() -> tuple[State, int]:
    raise RuntimeError("this fan-out keeps no views")


def message_indexes(events: Sequence[Event], state: State) -> dict[int, int]:
    """The message index of each ``message_sent`` among one action's events (by position),
    ``state`` being the state after them (a message's index is its place in the game's)."""
    found = [i for i, e in enumerate(events) if isinstance(e, MessageSent)]
    first = len(state.messages) - len(found) + 1
    return {i: first + n for n, i in enumerate(found)}


def event_frame(event: Event, seq: int, action_n: int, viewer: str, state: State,
                message: int | None = None) -> bytes:
    return _event_frame(redact(event, viewer, state), seq, action_n, message)


def _event_frame(shown: dict[str, Any] | None, seq: int, action_n: int,
                 message: int | None) -> bytes:
    """An ``event`` frame of an event as its viewer sees it (None: hidden from it)."""
    frame = protocol.EventFrame(type="event", seq=seq, event=shown or protocol.HIDDEN,
                                action=action_n)
    if message is not None and shown is not None:
        frame["message"] = message
    return protocol.encode(frame)


def history_frame(state: State, viewer: str, channel: str, before: int | None,
                  limit: int, history_from: int = 0) -> bytes:
    """The answer to a ``history`` frame: earlier messages of a channel the viewer reads
    (``history_from``: see ``view_for``)."""
    messages, more = messages_before(state, viewer, channel, before, limit, history_from)
    return protocol.encode(protocol.HistoryFrame(
        type="history", channel=channel, before=before,
        messages=cast(list[MessageEntry], messages), complete=not more))
