"""Browsers kept up to date with patches (server/liveview.py).

The property: over random games, random actions, random moments at which patches go
out, connections that fall behind, patches lost on the way and reconnects, a browser
that applies what the server sends (the welcome, events with their message index,
RFC 6902 patches applied by the ``jsonpatch`` library, fresh views when a patch is not
for the view it has, history pages) holds exactly what a fresh view shows: the live
view, and every message it reads once it has asked for the earlier ones.
The same frames are applied by the browser's own module in tests/browser.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field
from typing import Any

import jsonpatch
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game_rules import Context, RuleError, State, new_game, step
from game_rules.scenario import load_scenario
from game_rules.views import live_view, message_entry, readable_messages, view_for
from server import liveview, protocol
from server.fanout import Fanout, history_frame
from server.liveview import BACKLOG, LiveSeat, LiveViews
from server.patches import Grown, PatchFrames, diff
from tests.rules.test_properties import COUNTRIES, draw_action, scenario_data

VIEWERS = ["USA", "FRA", "EST", "KEN", "instructor", "public"]


class Sink:
    """A connection that keeps a view, as the server sees it."""

    def __init__(self, viewer: str) -> None:
        self.viewer = viewer
        self.seat_id = None
        self.live: LiveSeat | None = LiveSeat()
        self.sent: list[bytes] = []
        self.slow = False

    def send_bytes(self, data: bytes) -> None:
        self.sent.append(data)

    def backlog(self) -> int:
        return BACKLOG + 1 if self.slow else 0

    def close_soon(self, code: int, reason: str) -> None:
        pass

    def take(self) -> list[dict[str, Any]]:
        frames = [json.loads(b) for b in self.sent]
        self.sent.clear()
        return frames


@dataclass
class Browser:
    """What web/static/js/connection.js and tablestate.js do with the frames, in Python."""

    view: dict[str, Any] | None = None
    seq: int = 0
    base_seq: int = 0
    messages: dict[int, dict[str, Any]] = field(default_factory=dict)
    resyncing: bool = False
    log: list[dict[str, Any]] = field(default_factory=list)
    """Every frame it was given, in order (for the browser's own module)."""

    def receive(self, frame: dict[str, Any]) -> str | None:
        """Apply a frame; "sync" if the browser asks for a fresh view."""
        self.log.append(frame)
        kind = frame["type"]
        if kind in ("welcome", "view"):
            view = dict(frame["view"])
            fresh = view.pop("messages")
            view.pop("messages_total")
            self.view, self.seq, self.base_seq, self.resyncing = view, frame["seq"], frame["seq"], False
            self.messages = {m["index"]: m for m in fresh} | {
                i: m for i, m in self.messages.items() if fresh and i >= fresh[0]["index"]}
            return None
        if kind == "patch":
            if self.resyncing:
                return None
            if frame["base"] != self.seq:
                self.resyncing = True
                return "sync"
            self.view = jsonpatch.apply_patch(self.view, frame["ops"])
            self.seq = max(self.seq, frame["seq"])
            return None
        if kind == "event" and frame["event"].get("kind") == "message_sent":
            assert isinstance(frame.get("message"), int)
            if frame["seq"] > self.base_seq:
                fields = {k: v for k, v in frame["event"].items() if k not in ("kind", "readers")}
                self.messages[frame["message"]] = {"index": frame["message"], **fields}
        if kind == "history":
            for m in frame["messages"]:
                self.messages[m["index"]] = m
        return None


def flush(fanout: Fanout) -> None:
    """Patches go out now."""
    fanout.live.flush()


def scenario() -> Any:
    return load_scenario(scenario_data(0, {}))


def say(data: st.DataObject, state: State) -> dict[str, Any]:
    actor = data.draw(st.sampled_from(COUNTRIES))
    channels = [c.id for c in state.channels.values()
                if c.members is None or actor in c.members]
    return {"actor": actor, "kind": "say", "channel": data.draw(st.sampled_from(channels)),
            "text": f"m{data.draw(st.integers(0, 99))}"}


def fetch_history(browser: Browser, state: State, viewer: str) -> None:
    """Ask for each channel's earlier messages until none is left (as a reader scrolling up)."""
    for channel in [c["id"] for c in (browser.view or {}).get("channels", [])]:
        before: int | None = min((i for i, m in browser.messages.items()
                                  if m["channel"] == channel), default=None)
        while True:
            frame = json.loads(history_frame(state, viewer, channel, before, 7))
            browser.receive(frame)
            if frame["complete"] or not frame["messages"]:
                break
            before = frame["messages"][0]["index"]


def play_class(data: st.DataObject, length: int,
               before_last_flush: Any = None) -> tuple[State, dict[str, Browser]]:
    """A random game with a browser per viewer; what each browser was sent, applied (no
    event loop: the moments at which patches go out are drawn, ``flush``)."""
    state = new_game(scenario(), data.draw(st.integers(0, 1000)))
    seq = n = 0
    now = 1_000.0
    fanout = Fanout(lambda: (state, seq))
    sinks: dict[str, Sink] = {}
    browsers: dict[str, Browser] = {}

    def connect(viewer: str) -> None:
        if viewer in sinks:
            fanout.discard(sinks[viewer])
        sink = Sink(viewer)
        sinks[viewer] = sink
        fanout.add(sink)
        view = fanout.live.fresh(sink, state, seq)
        browser = browsers.setdefault(viewer, Browser())
        browser.receive(json.loads(json.dumps({"type": "welcome", "seq": seq, "view": view})))

    def pump(viewer: str, losing: bool = True) -> None:
        sink, browser = sinks[viewer], browsers[viewer]
        for frame in sink.take():
            if losing and frame["type"] == "patch" and not browser.resyncing \
                    and data.draw(st.integers(0, 15)) == 0:
                # The browser could not apply it (a PatchError): it asks for a fresh view,
                # and the patches sent meanwhile are not for the view it will have.
                browser.log.append({"type": "broken", "seq": frame["seq"]})
                browser.resyncing = True
                answer: str | None = "sync"
            else:
                answer = browser.receive(frame)
            if answer == "sync":
                assert sink.live is not None
                view = fanout.live.fresh(sink, state, seq)
                browser.receive(json.loads(json.dumps({"type": "view", "seq": seq, "view": view})))

    for viewer in VIEWERS:
        connect(viewer)
    for i in range(length):
        now += data.draw(st.sampled_from([0, 1, 30]))
        if i == 0:
            action: dict[str, Any] = {"actor": "instructor", "kind": "start"}
        elif data.draw(st.integers(0, 2)) == 0:
            action = say(data, state)
        else:
            action = draw_action(data, state, i)
        action["at"] = now
        try:
            after, events = step(state, action, Context(now=now))
        except RuleError:
            continue
        n += 1
        first = seq + 1
        state, seq = after, seq + len(events)
        fanout.deliver(events, first, n, state)
        choice = data.draw(st.integers(0, 9))
        if choice <= 4:
            for sink in sinks.values():
                sink.slow = data.draw(st.integers(0, 5)) == 0
            flush(fanout)
        elif choice == 5:
            connect(data.draw(st.sampled_from(VIEWERS)))
        for viewer in VIEWERS:
            if data.draw(st.booleans()):
                pump(viewer)
    for sink in sinks.values():
        sink.slow = False
    if before_last_flush is not None:
        before_last_flush()
    flush(fanout)
    for viewer in VIEWERS:
        pump(viewer, losing=False)
    return state, browsers


def assert_up_to_date(state: State, browsers: dict[str, Browser]) -> None:
    for viewer, browser in browsers.items():
        if browser.resyncing:  # its last patch was lost: its sync's answer is a fresh view
            browser.receive(json.loads(json.dumps({
                "type": "view", "seq": 0, "view": view_for(state, viewer, last_messages=3)})))
        fresh = view_for(state, viewer)
        expected_messages = fresh.pop("messages")
        fresh.pop("messages_total")
        assert browser.view == json.loads(json.dumps(fresh)), (
            viewer, jsonpatch.make_patch(browser.view, json.loads(json.dumps(fresh))).patch)
        held = sorted(browser.messages)
        mine = [message_entry(m) for m in readable_messages(state, viewer)]
        # It holds every message from the oldest it holds on, as the view shows them ...
        tail = [m for m in mine if held and m["index"] >= held[0]]
        assert [browser.messages[i] for i in held] == json.loads(json.dumps(tail)), viewer
        # ... and, once it has asked for the earlier ones, all of them.
        fetch_history(browser, state, viewer)
        assert [browser.messages[i] for i in sorted(browser.messages)] == \
            json.loads(json.dumps(expected_messages)), viewer


@pytest.fixture
def clock_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Changes of the clock alone are patched at once (else they wait CLOCK_EVERY)."""
    monkeypatch.setattr(liveview, "CLOCK_EVERY", 0.0)


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.data())
def test_a_browser_that_applies_the_patches_holds_a_fresh_view(clock_at_once: None,
                                                               data: st.DataObject) -> None:
    state, browsers = play_class(data, data.draw(st.integers(3, 40)))
    assert_up_to_date(state, browsers)


@settings(max_examples=20, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.data())
def test_the_same_when_the_clock_waits(monkeypatch: pytest.MonkeyPatch,
                                       data: st.DataObject) -> None:
    """Changes of the clock alone wait (for another change, or CLOCK_EVERY) while
    connections fall behind and catch up; once the clock's wait is over, every browser
    holds a fresh view."""
    monkeypatch.setattr(liveview, "CLOCK_EVERY", 3600.0)
    state, browsers = play_class(data, data.draw(st.integers(3, 40)),
                                 lambda: monkeypatch.setattr(liveview, "CLOCK_EVERY", 0.0))
    assert_up_to_date(state, browsers)


def random_states(data: st.DataObject, length: int) -> list[State]:
    state = new_game(scenario(), data.draw(st.integers(0, 1000)))
    states = [state]
    now = 1_000.0
    for i in range(length):
        now += data.draw(st.sampled_from([0, 1, 30]))
        action = {"actor": "instructor", "kind": "start"} if i == 0 else draw_action(data, state, i)
        action["at"] = now
        try:
            state, _ = step(state, action, Context(now=now))
        except RuleError:
            continue
        states.append(state)
    return states


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_a_frame_shared_by_viewers_is_the_frame_of_each_ones_diff(data: st.DataObject) -> None:
    """Over random games and flushes (each viewer some versions behind): the views built
    with the sections all viewers share are each viewer's live view, and the frame each
    connection is sent, built from operations worked out once for all who share them, is
    byte for byte the encoding of the diff from the view it has."""
    states = random_states(data, data.draw(st.integers(3, 30)))
    views = LiveViews()
    had = {viewer: (views.view(states[0], viewer), 0) for viewer in VIEWERS}
    for seq in sorted(data.draw(st.sets(st.integers(1, len(states) - 1), min_size=1))):
        frames = PatchFrames()
        for viewer in data.draw(st.permutations(VIEWERS)):
            if data.draw(st.integers(0, 3)) == 0:
                continue  # this one falls behind
            new = views.view(states[seq], viewer)
            assert new == live_view(states[seq], viewer), viewer
            old, base = had[viewer]
            ops = diff(old, new)
            expected = protocol.encode(protocol.PatchFrame(type="patch", base=base, seq=seq,
                                                           ops=ops)) if ops else None
            assert frames.frame(old, new, base, seq) == expected, viewer
            had[viewer] = (new, seq)


def test_viewers_who_see_the_same_change_share_one_frame() -> None:
    """A vote changes what every country sees the same way: one encoded frame for all."""
    states = game_of([
        {"actor": "instructor", "kind": "start"},
        {"actor": "FRA", "kind": "table_draft", "body": "UNSC", "title": "T", "text": "x",
         "measures": ["condemn"]},
        {"actor": "instructor", "kind": "call_vote", "draft": "S/2030/1"},
        {"actor": "USA", "kind": "vote", "draft": "S/2030/1", "vote": "yes"},
    ])
    current = [states[-2], 3]
    fanout = Fanout(lambda: (current[0], current[1]))
    sinks = [Sink(c) for c in ("FRA", "EST", "KEN", "DEU")]
    for sink in sinks:
        fanout.add(sink)
        fanout.live.fresh(sink, states[-2], 3)
    current[:] = [states[-1], 4]
    fanout.live.flush()
    sent = [sink.sent[0] for sink in sinks]
    assert all(frame is sent[0] for frame in sent)
    ops = json.loads(sent[0])["ops"]
    assert {"op": "add", "path": "/UNSC/drafts/0/votes/USA", "value": "yes"} in ops


def game_of(actions: list[dict[str, Any]]) -> list[State]:
    state = new_game(scenario(), 1)
    states = [state]
    for i, action in enumerate(actions):
        state, _ = step(state, {**action, "at": 1_000.0 + i}, Context(now=1_000.0 + i))
        states.append(state)
    return states


def test_a_message_or_a_vote_patches_only_what_changed() -> None:
    states = game_of([
        {"actor": "instructor", "kind": "start"},
        {"actor": "FRA", "kind": "table_draft", "body": "UNSC", "title": "T", "text": "x",
         "measures": ["condemn"]},
        {"actor": "USA", "kind": "say", "channel": "public", "text": "hello"},
        {"actor": "instructor", "kind": "call_vote", "draft": "S/2030/1"},
        {"actor": "USA", "kind": "vote", "draft": "S/2030/1", "vote": "yes"},
    ])
    views = LiveViews()
    tabled, said, called, voted = (views.view(s, "EST") for s in states[2:])
    assert {k for k in said if said[k] is not tabled[k]} == {"game"}  # the clock only
    assert diff(tabled, said) == [{"op": "replace", "path": "/game/now", "value": 1_002.0}]
    ops = diff(called, voted)
    assert {op["path"].split("/")[1] for op in ops} <= {"UNSC", "game", "crisis", "news"}
    assert all(op["path"].startswith("/UNSC/drafts/0/") or not op["path"].startswith("/UNSC")
               for op in ops), ops
    for old, new in ((tabled, said), (said, called), (called, voted)):
        assert jsonpatch.apply_patch(copy.deepcopy(old), diff(old, new)) == new


def test_what_grows_costs_a_patch_its_new_items_only() -> None:
    """News is a Grown list: a patch after the hundredth news item carries that item alone,
    and the view's other entries are the very objects of the view before."""
    actions: list[dict[str, Any]] = [{"actor": "instructor", "kind": "start"}]
    for i in range(120):
        actions.append({"actor": "FRA", "kind": "table_draft", "body": "UNSC", "title": f"T{i}",
                        "text": "x", "measures": ["condemn"]})
    states = game_of(actions)
    views = LiveViews()
    before = views.view(states[-2], "public")
    after = views.view(states[-1], "public")
    assert isinstance(after["news"], Grown) and len(after["news"]) == len(before["news"]) + 1
    assert all(a is b for a, b in zip(before["news"], after["news"], strict=False))
    assert [op for op in diff(before, after) if op["path"].startswith("/news")] == [
        {"op": "add", "path": "/news/-", "value": after["news"][-1]}]
    # A browser two versions behind gets both new items.
    again = views.view(game_of([*actions, {**actions[-1], "title": "U"}])[-1], "public")
    assert again["news"] is not after["news"]


def test_a_change_of_the_clock_alone_waits(monkeypatch: pytest.MonkeyPatch) -> None:
    states = game_of([{"actor": "instructor", "kind": "start"},
                      {"actor": "USA", "kind": "say", "channel": "public", "text": "a"},
                      {"actor": "USA", "kind": "say", "channel": "public", "text": "b"}])
    current = [states[1], 1]
    fanout = Fanout(lambda: (current[0], current[1]))
    sink = Sink("EST")
    fanout.add(sink)
    fanout.live.fresh(sink, states[1], 1)

    fanout.live.flush()  # sets the mark
    current[:] = [states[2], 2]
    fanout.live.flush()
    assert sink.take() == []  # the clock alone: it waits
    monkeypatch.setattr(liveview, "CLOCK_EVERY", 0.0)
    fanout.live.flush()
    assert sink.take() == [{"type": "patch", "base": 1, "seq": 2,
                       "ops": [{"op": "replace", "path": "/game/now", "value": 1_001.0}]}]


def test_the_welcome_carries_the_newest_messages() -> None:
    actions: list[dict[str, Any]] = [{"actor": "instructor", "kind": "start"}]
    actions += [{"actor": "USA", "kind": "say", "channel": "public", "text": f"m{i}"}
                for i in range(liveview.WELCOME_MESSAGES + 20)]
    state = game_of(actions)[-1]
    fanout = Fanout(lambda: (state, 1))
    sink = Sink("EST")
    view = fanout.live.fresh(sink, state, 1)
    assert view["messages_total"] == liveview.WELCOME_MESSAGES + 20
    assert next(m["text"] for m in view["messages"]) == "m20"
    assert {k: v for k, v in view.items() if k not in ("messages", "messages_total")} == \
        live_view(state, "EST")
    assert sink.live is not None and sink.live.seq == 1


def test_a_connection_behind_is_patched_alone_when_only_the_clock_moved() -> None:
    """A connection whose send queue is long is patched once it has caught up; the others
    are not sent the clock's changes for its sake (an overloaded class would else get a
    patch every PATCH_DELAY, not every CLOCK_EVERY)."""
    states = game_of([
        {"actor": "instructor", "kind": "start"},
        {"actor": "FRA", "kind": "table_draft", "body": "UNSC", "title": "T", "text": "x",
         "measures": ["condemn"]},
        {"actor": "USA", "kind": "say", "channel": "public", "text": "a"},
    ])
    current = [states[1], 1]
    fanout = Fanout(lambda: (current[0], current[1]))
    slow, quick = Sink("EST"), Sink("KEN")
    for sink in (slow, quick):
        fanout.add(sink)
        fanout.live.fresh(sink, states[1], 1)
    slow.slow = True
    current[:] = [states[2], 2]  # a draft tabled
    fanout.live.flush()
    assert slow.take() == [] and [f["seq"] for f in quick.take()] == [2]
    current[:] = [states[3], 3]  # a message: the clock alone
    fanout.live.flush()
    assert slow.take() == [] and quick.take() == []  # still behind; the clock waits
    slow.slow = False
    fanout.live.flush()
    caught_up = slow.take()
    assert [(f["base"], f["seq"]) for f in caught_up] == [(1, 3)]
    assert any(op["path"].startswith("/UNSC/drafts") for op in caught_up[0]["ops"])
    assert quick.take() == []
    fanout.live.flush()
    assert slow.take() == [] and quick.take() == []
