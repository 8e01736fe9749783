"""Browsers kept up to date with patches: per seat, what changed since the view it has.

A connection that says ``hello`` with ``views: true`` (the web client) gets, in its
``welcome``, its seat's view with the newest messages only (``WELCOME_MESSAGES``;
older ones on request, a ``history`` frame), and from then on:

- every event, as every connection does; a message's event carries its index, and
  the browser adds it to what it holds (messages are never patched);
- after changes, at most one ``patch`` frame every ``PATCH_DELAY`` seconds: the RFC
  6902 operations (``server.patches.diff``) that turn the live view it has (the view
  without its messages, ``game_rules.views.live_view``) into the current one. The
  frame names the seq of the view it applies to (``base``) and the seq it brings
  the view to; a browser whose view is not at ``base`` asks for a fresh one
  (``sync``), and so does one that cannot apply a patch.

What a patch costs does not grow with the game. The live view is built from
sections (``game_rules.views.SECTIONS``), each kept for as long as the fields of the
state it reads are the same objects (the state is immutable: an event replaces only
what it changes), and from entries (a news item's, a draft's, a pledge's) kept for as
long as their item is the same object; so two versions of a view share what did not
change, and ``diff`` walks only where they differ. The lists that grow all game long
(news, pledges) are ``Grown`` lists: a patch carries their new items, without a walk
over the old ones. Each connection keeps the last live view it was sent (shared with
every other connection of its viewer that was sent the same), not a copy.

What a class costs is about one browser's. The sections that do not depend on the viewer
(the councils, the countries, the game) are looked up once per state for all viewers, and
a flush (``server.patches.PatchFrames``) works out and encodes the operations of a
section once for every connection whose view goes from the same old section to the same
new one (and a list's new items once for all who see them); connections whose
operations are the same share one frame.

Changes that only move the game's clock (``game.now``: every message moves it) wait
for the next other change, or ``CLOCK_EVERY`` seconds: a class typing at full speed
costs its browsers one small patch every few seconds, not one per message. A
connection whose send queue is long (a slow browser, an overloaded server) is not
sent more patches until it has caught up: its next patch covers everything since.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from game_rules import State
from game_rules.state import Draft, Item, News, Pledge
from game_rules.views import (
    LIVE_FIELDS,
    SECTIONS,
    Entries,
    Section,
    message_entry,
    news_entries,
    readable_messages,
)
from server.overload import LOW, pressure
from server.patches import Grown, PatchFrames

WELCOME_MESSAGES = 100
"""The newest messages a browser's welcome (or fresh view) carries; older ones on request."""
HISTORY_LIMIT = 200
"""The most messages one ``history`` frame carries."""
PATCH_DELAY = 0.15
"""A burst of changes makes one patch, at most this long after the first of them."""
MAX_DELAY = 2.0
"""The longest a patch waits when the server is at capacity."""
CLOCK_EVERY = 3.0
"""Seconds a change of the game's clock alone (``game.now``) may wait for a patch."""
BACKLOG = 64
"""Frames waiting in a connection's send queue beyond which it is sent no patch yet."""
CLOCK_FIELDS = frozenset({"now"})
OTHER_FIELDS = tuple(sorted(LIVE_FIELDS - CLOCK_FIELDS))


@dataclass
class LiveSeat:
    """What one connection's browser has: the live view it was last sent, and its seq."""

    view: dict[str, Any] | None = None
    seq: int = 0


class LiveSink(Protocol):
    viewer: str
    live: LiveSeat | None

    def send_bytes(self, data: bytes) -> None: ...

    def backlog(self) -> int: ...


class KeptEntries(Entries):
    """Entries kept for as long as their item is the same object (the items are immutable),
    so that two versions of a view share them."""

    def __init__(self) -> None:
        self._news: dict[int, tuple[News, dict[str, Any]]] = {}
        self._drafts: dict[int, tuple[Draft, tuple[Any, ...], dict[str, Any]]] = {}
        self._items: dict[int, tuple[Item, dict[str, Any]]] = {}
        self._pledges: dict[int, tuple[Pledge, dict[str, Any]]] = {}
        self._draft_state: State | None = None
        self._draft_reads: tuple[Any, ...] = ()
        """What a draft's entry reads of ``_draft_state`` besides the draft: the tuple of
        the state before while those fields are the same objects."""

    def news(self, news: News) -> dict[str, Any]:
        kept = self._news.get(id(news))
        if kept is not None and kept[0] is news:
            return kept[1]
        entry = super().news(news)
        self._news[id(news)] = (news, entry)
        return entry

    def draft(self, state: State, draft: Draft) -> dict[str, Any]:
        if state is not self._draft_state:
            fresh = tuple(getattr(state, f) for f in Entries.DRAFT_FIELDS)
            if not all(a is b for a, b in zip(self._draft_reads, fresh, strict=False)) \
                    or not self._draft_reads:
                self._draft_reads = fresh
            self._draft_state = state
        reads = self._draft_reads
        kept = self._drafts.get(id(draft))
        if kept is not None and kept[0] is draft and (kept[1] is reads or all(
                a is b for a, b in zip(kept[1], reads, strict=True))):
            return kept[2]
        entry = super().draft(state, draft)
        self._drafts[id(draft)] = (draft, reads, entry)
        return entry

    def item(self, item: Item) -> dict[str, Any]:
        kept = self._items.get(id(item))
        if kept is not None and kept[0] is item:
            return kept[1]
        entry = super().item(item)
        self._items[id(item)] = (item, entry)
        return entry

    def pledge(self, pledge: Pledge) -> dict[str, Any]:
        kept = self._pledges.get(id(pledge))
        if kept is not None and kept[0] is pledge:
            return kept[1]
        entry = super().pledge(pledge)
        self._pledges[id(pledge)] = (pledge, entry)
        return entry

    def prune(self, state: State) -> None:
        """Forget the entries of items the state no longer has, once there are many."""
        for cache, items in ((self._news, state.news), (self._drafts, state.drafts.values()),
                             (self._items, state.items.values()), (self._pledges, state.pledges)):
            if len(cache) > 2 * len(items) + 64:
                live = {id(i) for i in items}
                for key in [k for k, v in cache.items() if k not in live or v[0] is None]:
                    del cache[key]


class LiveViews:
    """One game's live views, per viewer, built from kept sections and entries."""

    def __init__(self) -> None:
        self.entries = KeptEntries()
        self._sections: dict[tuple[str, str], tuple[tuple[Any, ...], Any]] = {}
        self._views: dict[str, tuple[State, dict[str, Any], dict[str, tuple[Any, ...]]]] = {}
        """viewer -> the state of its last view, that view, and what its sections read."""
        self._builds = 0
        self._shared_state: State | None = None
        self._shared: dict[str, Any] = {}
        """The sections every viewer shares (not ``per_viewer``), as of ``_shared_state``:
        looked up once per state, not once per viewer."""
        self._reads: dict[str, tuple[Any, ...]] = {}
        """What each section reads of ``_shared_state``: the very tuple of the state before
        when those fields are the same objects, so that a viewer's kept section is checked
        by one identity."""

    def view(self, state: State, viewer: str) -> dict[str, Any]:
        """The live view of ``viewer`` (the same object while the state is the same)."""
        kept = self._views.get(viewer)
        if kept is not None and kept[0] is state:
            return kept[1]
        if self._shared_state is not state:
            self._shared_state = state
            self._shared = {}
            self._reads = _reads_of(state, self._reads)
        reads = self._reads
        view: dict[str, Any] | None = None
        if kept is not None and kept[0].scenario is state.scenario:
            # The viewer's last view, with the sections whose fields changed since.
            old, before = kept[1], kept[2]
            view = old
            for section in SECTIONS:
                if reads[section.key] is before[section.key]:
                    continue
                shown = section.shown(state, viewer)
                if shown != (section.key in old):
                    view = None  # a section comes or goes: built whole, in its order
                    break
                if shown:
                    value = self._value(section, state, viewer)
                    if value is not old[section.key]:
                        if view is old:
                            view = dict(old)
                        view[section.key] = value
        if view is None:
            view = {"viewer": viewer}
            for section in SECTIONS:
                if section.shown(state, viewer):
                    view[section.key] = self._value(section, state, viewer)
        if len(self._views) > 256:
            self._views.clear()
        self._views[viewer] = (state, view, reads)
        self._builds += 1
        if self._builds % 256 == 0:
            self.entries.prune(state)
        return view

    def _value(self, section: Section, state: State, viewer: str) -> Any:
        """A section of the view of ``viewer``, looked up once per state for all viewers
        when it does not depend on the viewer."""
        if section.per_viewer:
            return self._section(section, state, viewer)
        shared = self._shared
        if section.key in shared:
            return shared[section.key]
        value = shared[section.key] = self._section(section, state, viewer)
        return value

    def _section(self, section: Section, state: State, viewer: str) -> Any:
        key = (section.key, viewer if section.per_viewer else "")
        reads = self._reads[section.key]
        kept = self._sections.get(key)
        if kept is not None and (kept[0] is reads or all(
                a is b for a, b in zip(kept[0], reads, strict=True))):
            if kept[0] is not reads:
                self._sections[key] = (reads, kept[1])
            return kept[1]
        value: Any
        if section.key == "news":
            # News only grows at its end: the entries of the new items, added to the last list.
            old_news = kept[0][0] if kept is not None else ()
            old_value = kept[1] if kept is not None else None
            news = state.news
            if isinstance(old_value, Grown) and _extends(news, old_news):
                value = old_value.grow(news_entries(news[len(old_news):], viewer, self.entries))
            else:
                value = Grown(news_entries(news, viewer, self.entries))
        else:
            value = section.build(state, viewer, self.entries)
        if section.key == "NAC" and isinstance(value, dict):
            at = section.inputs.index("pledges")
            old_value = kept[1] if kept is not None else None
            old_list = old_value.get("pledges") if isinstance(old_value, dict) else None
            fresh = value["pledges"]
            if isinstance(old_list, Grown) and kept is not None \
                    and _extends(state.pledges, kept[0][at]) and fresh[:len(old_list)] == old_list:
                value["pledges"] = old_list.grow(fresh[len(old_list):])
            else:
                value["pledges"] = Grown(fresh)
        self._sections[key] = (reads, value)
        return value


def _reads_of(state: State, before: dict[str, tuple[Any, ...]]) -> dict[str, tuple[Any, ...]]:
    """The fields of ``state`` each section reads; where they are the same objects as in
    ``before``, ``before``'s tuple."""
    reads: dict[str, tuple[Any, ...]] = {}
    for section in SECTIONS:
        fresh = tuple(getattr(state, f) for f in section.inputs)
        old = before.get(section.key)
        same = old is not None and all(a is b for a, b in zip(old, fresh, strict=True))
        reads[section.key] = old if same and old is not None else fresh
    return reads


def _extends(items: tuple[Any, ...], old: tuple[Any, ...]) -> bool:
    """``items`` is ``old`` with items added at its end (compared by identity first)."""
    return len(items) >= len(old) and items[:len(old)] == old


def windowed(live: dict[str, Any], state: State, viewer: str,
             newest: int = WELCOME_MESSAGES, history_from: int = 0) -> dict[str, Any]:
    """A whole view for a browser: the live view and the newest ``newest`` messages the
    viewer reads (``messages_total`` counts them all), keyed as ``view_for`` keys it;
    ``history_from``: a seat that sat down late (``game_rules.views.view_for``)."""
    mine = readable_messages(state, viewer, history_from)
    view: dict[str, Any] = {}
    for key, value in live.items():
        view[key] = value
        if key == "channels":
            view["messages_total"] = len(mine)
            view["messages"] = [message_entry(m) for m in mine[-newest:]] if newest > 0 else []
    return view


def _running() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


class LiveFeed:
    """Sends a game's browsers their patches (one game: see ``server.fanout``)."""

    def __init__(self, current: Callable[[], tuple[State, int]],
                 sinks: Callable[[], Any]) -> None:
        self.current = current
        self.sinks = sinks
        self.views = LiveViews()
        self._timer: asyncio.TimerHandle | None = None
        self._flushed: State | None = None
        """The state of the last flush that sent what changed besides the clock."""
        self._flushed_at = 0.0
        self._behind: set[LiveSink] = set()
        """The connections that were not patched for their send queue's length."""

    def fresh(self, sink: LiveSink, state: State, seq: int) -> dict[str, Any]:
        """A whole view for the sink (a welcome's or a sync's); its browser has it from now."""
        live = self.views.view(state, sink.viewer)
        if sink.live is not None:
            sink.live.view = live
            sink.live.seq = seq
        return windowed(live, state, sink.viewer,
                        history_from=getattr(sink, "history_messages", 0))

    def changed(self) -> None:
        """The game changed: patch the browsers soon, once for a burst of changes."""
        if self._timer is None:
            # Under pressure, less often (each patch then covers more; server/overload.py).
            lag = pressure().lag if _running() else 0.0
            delay = PATCH_DELAY if lag <= LOW else min(MAX_DELAY, PATCH_DELAY + 4.0 * lag)
            self._later(delay)

    def _later(self, delay: float) -> None:
        """Flush in ``delay`` seconds (outside an event loop, the caller flushes)."""
        if _running():
            self._timer = asyncio.get_running_loop().call_later(delay, self.flush)

    def close(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _clock_only(self, state: State) -> bool:
        last = self._flushed
        return last is not None and all(
            getattr(state, f) is getattr(last, f) for f in OTHER_FIELDS)

    def flush(self) -> None:
        self._timer = None
        state, seq = self.current()
        now = time.monotonic()
        waiting = now - self._flushed_at < CLOCK_EVERY and self._clock_only(state)
        if waiting:
            # Only the clock moved: it waits for the next other change, or CLOCK_EVERY.
            # A connection that was behind is patched now if it has caught up (with all
            # it missed); the others are not sent the clock alone for its sake.
            sinks = [sink for sink in self.sinks() if sink in self._behind] if self._behind else []
        else:
            sinks = list(self.sinks())
        behind: set[LiveSink] = set()
        frames = PatchFrames()
        for sink in sinks:
            seat = sink.live
            if seat is None or seat.view is None:
                continue
            live = self.views.view(state, sink.viewer)
            if seat.view is live:
                continue
            if sink.backlog() > BACKLOG:
                behind.add(sink)  # patched once it has caught up, with all that changed
                continue
            frame = frames.frame(seat.view, live, seat.seq, seq)
            seat.view = live
            if frame is not None:
                seat.seq = seq
                sink.send_bytes(frame)
        if not waiting:
            self._flushed = state
            self._flushed_at = now
        self._behind = behind
        if behind:
            self._later(PATCH_DELAY)
        elif waiting and state is not self._flushed:
            self._later(self._flushed_at + CLOCK_EVERY - now)
