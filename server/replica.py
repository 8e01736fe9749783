"""A game's state in this process: the fold of its stored events, kept current.

``load`` reads the latest snapshot and the events after it. The state then moves
on in two ways only, both under ``lock``: ``advance``, once the game's writer
here has committed what it took, and ``catch_up``, which reads from the store
what another process stored (its news came on the bus, the bus was down, or a
commit found the seqs taken). Either way every action's events go to
``on_events`` (the fan-out) once, in seq order, and ``changed`` is set.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import orjson

from game_rules import State, event_from_dict, new_game
from game_rules.due import Taken
from game_rules.events import Event
from game_rules.evolve import evolve
from game_rules.messages import Msg
from game_rules.scenario import DEFAULT_READING_LEVEL, READING_LEVELS, ReadingLevel, Scenario
from server.snapshots import SNAPSHOT_VERSION, load_state
from server.store import ActionRow, Store

log = logging.getLogger("crisis_table.replica")

CATCH_UP_ALL = 1 << 62
"""A bus message that means "read whatever is new" (after a gap in the bus)."""

EventsListener = Callable[[Sequence[Event], int, int], None]
"""Called with one action's events, the seq of the first, and the action's number."""


def title_msg_of(options: dict[str, Any]) -> dict[str, Any] | None:
    """The title message kept in a game's options, when it is one."""
    raw = options.get("title_msg")
    try:
        return Msg.from_json(raw).to_json() if raw is not None else None
    except ValueError:
        return None


@dataclass
class GameMeta:
    id: str
    code: str
    title: str
    scenario_id: str
    seed: int
    scenario: Scenario
    ended: bool = False
    options: dict[str, Any] = field(default_factory=dict)

    @property
    def reading_level(self) -> ReadingLevel:
        """The reading level chosen when the game was created (kept in its options)."""
        level = self.options.get("reading_level")
        return level if level in READING_LEVELS else DEFAULT_READING_LEVEL

    def new_game(self) -> State:
        return new_game(self.scenario, self.seed, self.reading_level)

    @property
    def title_msg(self) -> dict[str, Any] | None:
        """A title the server wrote (a fork's, a lab run's) as a message, which each reader's
        language renders (``title`` is its English); None for a title someone gave."""
        return title_msg_of(self.options)

    @property
    def held(self) -> float | None:
        """A game replayed from a record stands still at this moment (the time of the
        record's last action) until the instructor resumes it (``server.writer``)."""
        moment = self.options.get("held")
        return float(moment) if isinstance(moment, int | float) else None


class Replica:
    def __init__(self, meta: GameMeta, store: Store, on_events: EventsListener) -> None:
        self.meta = meta
        self.store = store
        self.on_events = on_events
        self.state: State = meta.new_game()
        self.seq = 0
        self.action_n = 0
        self.snapshot_seq = 0
        self.lock = asyncio.Lock()
        self.changed = asyncio.Event()
        """Set at every change (the clock looks again at what is due)."""
        self.synced = time.monotonic()
        """When this replica last read the store for events it lacked."""
        self.heard = 0
        """The highest seq another process announced on the bus for this game."""
        self._news_waiting = False
        """A bus message waits for the lock to read the store: later news joins it."""
        self._read_all = False

    async def load(self) -> list[ActionRow]:
        """Load the game: the latest snapshot, then the events after it. The stored actions."""
        snap = await self.store.latest_snapshot(self.meta.id)
        if snap is not None and snap[1] == SNAPSHOT_VERSION:
            try:
                self.state = load_state(snap[2], self.meta.scenario)
                self.seq = self.snapshot_seq = snap[0]
            except Exception:  # a snapshot is only a shortcut: fall back to the events
                log.warning("ignoring an unreadable snapshot of game %s", self.meta.id)
                self.state, self.seq = self.meta.new_game(), 0
        await self.catch_up()
        actions = await self.store.actions(self.meta.id)
        self.action_n = max(self.action_n, actions[-1].n if actions else 0)
        return actions

    @property
    def held(self) -> float | None:
        return self.meta.held

    async def read_hold(self) -> None:
        """Read whether the game is still held (another process may have released it)."""
        row = await self.store.game(self.meta.id)
        if row is not None and orjson.loads(row["options"] or "{}").get("held") is None:
            self.meta.options.pop("held", None)

    async def release(self) -> None:
        """The instructor resumed (or paused) a held game: it goes on like any other."""
        self.meta.options.pop("held", None)
        row = await self.store.game(self.meta.id)
        if row is not None:
            options = orjson.loads(row["options"] or "{}")
            options.pop("held", None)
            await self.store.update_game(self.meta.id, options=orjson.dumps(options).decode())

    def advance(self, taken: Sequence[Taken]) -> None:
        """The writer committed these actions: the state moves on, the events go out."""
        for item in taken:
            self.action_n += 1
            first = self.seq + 1
            self.state = item.state
            self.seq += len(item.events)
            self.on_events(item.events, first, self.action_n)
        self.changed.set()

    async def catch_up(self) -> None:
        """Read and apply what the store holds after this replica's seq (the lock held)."""
        self.synced = time.monotonic()
        rows = await self.store.events(self.meta.id, after=self.seq)
        if not rows:
            return
        # Each action's events go out with the state right after them (as ``advance`` does).
        events: list[Event] = []
        for i, row in enumerate(rows):
            event = event_from_dict(row.body)
            self.state = evolve(self.state, event)
            events.append(event)
            if i + 1 == len(rows) or rows[i + 1].action_n != row.action_n:
                self.on_events(events, row.seq - len(events) + 1, row.action_n)
                events = []
        self.seq = rows[-1].seq
        self.action_n = max(self.action_n, max(r.action_n for r in rows))
        self.changed.set()

    async def news(self, seq: int) -> None:
        """Another process says the game is at ``seq`` (or: read what is new, CATCH_UP_ALL)."""
        if seq <= self.seq:
            return
        if seq < CATCH_UP_ALL:
            self.heard = max(self.heard, seq)
        else:
            self._read_all = True
        if self._news_waiting:
            return  # the call that waits for the lock reads after this news: it covers it
        self._news_waiting = True
        acquired = False
        try:
            async with self.lock:
                acquired = True
                self._news_waiting = False  # news from now on needs a read after this one
                read_all, self._read_all = self._read_all, False
                if read_all or self.heard > self.seq:  # else read meanwhile (by the writer)
                    await self.catch_up()
        finally:
            if not acquired:
                self._news_waiting = False
