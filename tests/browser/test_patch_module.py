"""The browser's patch module (web/static/js/patch.js) and its table state
(web/static/js/tablestate.js), run in Chromium.

The patch module must apply RFC 6902 as the ``jsonpatch`` library does, for the
operations the server sends (``server.patches.diff``) and for every other kind
(``move``, ``copy``, ``test``), and must keep the identity of what it did not touch.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

import jsonpatch
import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game_rules.views import view_for
from server import liveview
from server.patches import diff
from tests.browser.conftest import Server
from tests.server.test_liveview import assert_up_to_date, play_class
from tests.server.test_patches import documents, edit

APPLY = """async cases => {
  const {applyPatch} = await import("/static/js/patch.js");
  return cases.map(([doc, ops]) => {
    try { return {ok: applyPatch(doc, ops)}; } catch (err) { return {error: err.name + ": " + err.message}; }
  });
}"""


@pytest.fixture(scope="module")
def page(server: Server, browser: Any) -> Iterator[Any]:
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{server.url}/")
    yield page
    context.close()


def apply_in_browser(page: Any, cases: list[tuple[Any, list[dict[str, Any]]]]) -> list[Any]:
    return list(page.evaluate(APPLY, [list(case) for case in cases]))


def as_js(value: Any) -> Any:
    """A JSON value as a browser has it: JavaScript does not tell 1.0 from 1."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, list):
        return [as_js(v) for v in value]
    if isinstance(value, dict):
        return {k: as_js(v) for k, v in value.items()}
    return value


def same(a: Any, b: Any) -> bool:
    return orjson.dumps(as_js(a), option=orjson.OPT_SORT_KEYS) == \
        orjson.dumps(as_js(b), option=orjson.OPT_SORT_KEYS)


def test_the_examples_of_rfc_6902(page: Any) -> None:
    cases = [
        ({"foo": "bar"}, [{"op": "add", "path": "/baz", "value": "qux"}]),
        ({"foo": ["bar", "baz"]}, [{"op": "add", "path": "/foo/1", "value": "qux"}]),
        ({"baz": "qux", "foo": "bar"}, [{"op": "remove", "path": "/baz"}]),
        ({"foo": ["bar", "qux", "baz"]}, [{"op": "remove", "path": "/foo/1"}]),
        ({"baz": "qux", "foo": "bar"}, [{"op": "replace", "path": "/baz", "value": "boo"}]),
        ({"foo": {"bar": "baz", "waldo": "fred"}, "qux": {"corge": "grault"}},
         [{"op": "move", "from": "/foo/waldo", "path": "/qux/thud"}]),
        ({"foo": ["all", "grass", "cows", "eat"]}, [{"op": "move", "from": "/foo/1", "path": "/foo/3"}]),
        ({"baz": "qux", "foo": ["a", 2, "c"]}, [{"op": "test", "path": "/baz", "value": "qux"},
                                                {"op": "test", "path": "/foo/1", "value": 2}]),
        ({"foo": "bar"}, [{"op": "add", "path": "/child", "value": {"grandchild": {}}}]),
        ({"foo": ["bar"]}, [{"op": "add", "path": "/foo/-", "value": ["abc", "def"]}]),
        ({"/": 9, "~1": 10}, [{"op": "replace", "path": "/~01", "value": 11},
                              {"op": "copy", "from": "/~1", "path": "/x"}]),
    ]
    for (doc, ops), result in zip(cases, apply_in_browser(page, cases), strict=True):
        assert same(result["ok"], jsonpatch.apply_patch(doc, ops)), ops


def test_what_cannot_apply_is_refused(page: Any) -> None:
    cases = [
        ({"baz": "qux"}, [{"op": "test", "path": "/baz", "value": "bar"}]),
        ({"foo": "bar"}, [{"op": "add", "path": "/baz/bat", "value": "qux"}]),
        ({"foo": [1]}, [{"op": "add", "path": "/foo/5", "value": 2}]),
        ({"foo": [1]}, [{"op": "remove", "path": "/foo/01"}]),
        ({"foo": 1}, [{"op": "remove", "path": "/bar"}]),
        ({"a": {"b": 1}}, [{"op": "move", "from": "/a", "path": "/a/b/c"}]),
        ({}, [{"op": "frobnicate", "path": "/a"}]),
    ]
    for result in apply_in_browser(page, cases):
        assert result.get("error", "").startswith("PatchError"), result


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(st.data())
def test_the_module_applies_what_the_server_and_jsonpatch_compute(page: Any, data: st.DataObject) -> None:
    cases = []
    for _ in range(25):
        old = data.draw(documents)
        new = edit(data, old)
        cases.append((old, diff(old, new), new))
        # jsonpatch's own diff uses move and copy-free operations of every other kind
        cases.append((old, jsonpatch.make_patch(old, new).patch, new))
        tested = jsonpatch.make_patch(old, new, generate_test_ops=True).patch
        cases.append((old, tested, new))
    results = apply_in_browser(page, [(old, ops) for old, ops, _ in cases])
    for (old, ops, new), result in zip(cases, results, strict=True):
        assert "ok" in result, (old, ops, result)
        assert same(result["ok"], new), (old, ops)


def test_what_a_patch_does_not_touch_keeps_its_identity(page: Any) -> None:
    kept = page.evaluate("""async () => {
      const {applyPatch} = await import("/static/js/patch.js");
      const doc = {UNSC: {drafts: [{id: "S/1"}, {id: "S/2"}]}, NAC: {items: []}, news: [1, 2]};
      const before = JSON.stringify(doc);
      const after = applyPatch(doc, [{op: "add", path: "/UNSC/drafts/1/votes", value: {GBR: "no"}}]);
      return {
        untouched: after.NAC === doc.NAC && after.news === doc.news
          && after.UNSC.drafts[0] === doc.UNSC.drafts[0],
        changed: after !== doc && after.UNSC !== doc.UNSC && after.UNSC.drafts[1] !== doc.UNSC.drafts[1],
        original: JSON.stringify(doc) === before,
      };
    }""")
    assert kept == {"untouched": True, "changed": True, "original": True}


TABLE = """async frames => {
  const {TableState} = await import("/static/js/tablestate.js");
  const table = new TableState();
  const seen = [];
  for (const frame of frames) {
    if (frame.type === "welcome" || frame.type === "view") table.reset(frame.view, frame.seq);
    else if (frame.type === "patch") table.patch(frame.ops, frame.seq);
    else if (frame.type === "event") table.event(frame);
    else if (frame.type === "history") table.history(frame);
    else if (frame.type === "older") seen.push(table.olderRequest(frame.channel, frame.limit));
    else if (frame.type === "look") seen.push(table.messagesOf(frame.channel));
  }
  return {view: table.current(), seen};
}"""


def message(index: int, channel: str, text: str) -> dict[str, Any]:
    return {"index": index, "channel": channel, "sender": "FRA", "text": text, "at": 1.0 + index,
            "author": None}


def said(seq: int, m: dict[str, Any]) -> dict[str, Any]:
    event = {"kind": "message_sent", **{k: v for k, v in m.items() if k != "index"}, "readers": None}
    return {"type": "event", "seq": seq, "message": m["index"], "event": event}


def test_the_table_holds_the_tail_of_each_channel_and_asks_for_the_rest(page: Any) -> None:
    channels = [{"id": "public", "name": "Public", "kind": "public", "members": None},
                {"id": "UNSC", "name": "Security Council", "kind": "body", "members": None}]
    window = [message(8, "public", "eight"), message(9, "UNSC", "nine")]
    welcome = {"type": "welcome", "seq": 20, "view": {"viewer": "FRA", "game": {"now": 5},
                                                     "channels": channels, "messages_total": 9,
                                                     "messages": window}}
    new_channel = {"id": "quad", "name": "Quad", "kind": "private", "members": ["FRA", "GBR"]}
    frames = [
        welcome,
        said(19, message(9, "UNSC", "nine")),          # already in the welcome
        said(21, message(10, "public", "ten")),
        said(22, message(11, "quad", "before its channel")),   # the patch that opens it comes after
        {"type": "patch", "seq": 22, "ops": [{"op": "add", "path": "/channels/-", "value": new_channel},
                                             {"op": "replace", "path": "/game/now", "value": 7}]},
        {"type": "older", "channel": "public", "limit": 2},
        {"type": "older", "channel": "public", "limit": 2},       # one request at a time
        {"type": "history", "channel": "public", "before": 8, "complete": False,
         "messages": [message(3, "public", "three"), message(5, "public", "five")]},
        {"type": "look", "channel": "public"},
        {"type": "history", "channel": "public", "before": 3, "complete": True, "messages": []},
        {"type": "look", "channel": "public"},
        {"type": "patch", "seq": 23, "ops": [{"op": "remove", "path": "/channels/1"}]},
    ]
    result = page.evaluate(TABLE, frames)
    view = result["view"]
    assert view["game"] == {"now": 7}
    assert [c["id"] for c in view["channels"]] == ["public", "quad"]
    assert [m["text"] for m in view["messages"]] == ["three", "five", "eight", "ten", "before its channel"]
    assert "messages_total" not in view
    first, second, partly, wholly = result["seen"]
    assert first == {"type": "history", "channel": "public", "before": 8, "limit": 2}
    assert second is None
    assert partly["more"] is True and wholly["more"] is False
    assert [m["index"] for m in wholly["messages"]] == [3, 5, 8, 10]


def test_a_whole_view_keeps_the_identity_of_what_did_not_change(page: Any) -> None:
    view = {"viewer": "FRA", "UNSC": {"drafts": [{"id": "S/1", "votes": {}}]}, "NAC": {"items": []},
            "channels": [{"id": "public"}], "messages_total": 1, "messages": [message(1, "public", "a")]}
    later = copy.deepcopy(view)
    later["UNSC"]["drafts"][0]["votes"]["GBR"] = "no"
    kept = page.evaluate("""async ([view, later]) => {
      const {TableState} = await import("/static/js/tablestate.js");
      const table = new TableState();
      table.reset(view, 1);
      const before = table.current();
      table.reset(later, 2);
      const after = table.current();
      return {nac: after.NAC === before.NAC, message: after.messages[0] === before.messages[0],
              unsc: after.UNSC !== before.UNSC, vote: after.UNSC.drafts[0].votes.GBR};
    }""", [view, later])
    assert kept == {"nac": True, "message": True, "unsc": True, "vote": "no"}


BROWSE = """async logs => {
  const {TableState} = await import("/static/js/tablestate.js");
  const {PatchError} = await import("/static/js/patch.js");
  return logs.map(frames => {
    // What web/static/js/connection.js does with each frame.
    const table = new TableState();
    let resyncing = false;
    for (const frame of frames) {
      if (frame.type === "welcome" || frame.type === "view") {
        resyncing = false;
        table.reset(frame.view, frame.seq);
      } else if (frame.type === "broken") {
        resyncing = true;
      } else if (frame.type === "patch") {
        if (resyncing) continue;
        if (frame.base !== table.seq) { resyncing = true; continue; }
        try { table.patch(frame.ops, frame.seq); } catch (err) {
          if (!(err instanceof PatchError)) throw err;
          return {error: err.message};
        }
      } else if (frame.type === "event") {
        table.event(frame);
      } else if (frame.type === "history") {
        table.history(frame);
      }
    }
    return {view: table.current()};
  });
}"""


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(st.data())
def test_the_page_holds_a_fresh_view_after_the_servers_frames(page: Any,
                                                              monkeypatch: pytest.MonkeyPatch,
                                                              data: st.DataObject) -> None:
    """Over random games, reconnects and patches it could not apply, the page's table state
    (patch.js and tablestate.js) ends where a fresh view is, as the Python model does
    (tests/server/test_liveview.py): the same frames, applied by the browser's own module."""
    monkeypatch.setattr(liveview, "CLOCK_EVERY", 0.0)
    state, browsers = play_class(data, data.draw(st.integers(3, 30)))
    assert_up_to_date(state, browsers)
    viewers = list(browsers)
    results = page.evaluate(BROWSE, [browsers[v].log for v in viewers])
    for viewer, result in zip(viewers, results, strict=True):
        assert "view" in result, (viewer, result)
        fresh = view_for(state, viewer)
        fresh.pop("messages_total")
        assert same(result["view"], fresh), viewer


ANNOUNCE = """async steps => {
  const {renderAnnouncement} = await import("/static/js/ui/announcement.js");
  const banner = document.createElement("div");
  const made = new Map();  // index -> the message object (one object per message, as the table keeps them)
  const one = m => { if (!made.has(m.index)) made.set(m.index, m); return made.get(m.index); };
  return steps.map(list => {
    renderAnnouncement(banner, null, list.map(one));
    return banner.hidden ? null : banner.textContent;
  });
}"""


def message_lists() -> st.SearchStrategy[list[list[dict[str, Any]]]]:
    """Windows of one game's messages (by index), as a page holds them over time: the tail
    growing, older ones coming in front (history), or a fresh view's window."""
    senders = st.sampled_from(["instructor", "USA", "FRA"])
    channels = st.sampled_from(["public", "UNSC"])
    game = st.lists(st.tuples(senders, channels), min_size=1, max_size=40)

    @st.composite
    def build(draw: Any) -> list[list[dict[str, Any]]]:
        sent = draw(game)
        messages = [{"index": i + 1, "sender": s, "channel": c, "text": f"m{i + 1}"}
                    for i, (s, c) in enumerate(sent)]
        steps = []
        for _ in range(draw(st.integers(1, 8))):
            lo = draw(st.integers(0, len(messages)))
            hi = draw(st.integers(lo, len(messages)))
            steps.append(messages[lo:hi])
        return steps

    return build()


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(steps=message_lists())
def test_the_announcement_is_the_latest_in_what_the_page_holds(
        page: Any, steps: list[list[dict[str, Any]]]) -> None:
    """The banner reads only the messages it has not looked through yet (an update costs
    what it added), and shows what a look through the whole list would: the instructor's
    latest public message among those held, or nothing."""
    shown = page.evaluate(ANNOUNCE, steps)
    for held, text in zip(steps, shown, strict=True):
        latest = [m for m in held if m["sender"] == "instructor" and m["channel"] == "public"]
        assert text == (f"From the instructor: {latest[-1]['text']}" if latest else None)
