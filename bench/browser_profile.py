"""Where a throttled page's main thread spends its time: a profile of the first render
and of the live phase of ``bench.browser``.

    .venv/bin/python -m bench.browser_profile                 # 3,000 actions, 4x first render, 6x live
    .venv/bin/python -m bench.browser_profile --out /tmp/prof # also keep the raw profiles

It plays the long game as ``bench.browser`` does (the same server, games, page and
probe), then, in a fresh browser context at ``--throttle``:

1. the **first render**: the V8 sampling profiler (CDP ``Profiler``) and a
   Chromium trace (``devtools.timeline``) from the navigation to the probe's
   first render;
2. the **live phase** at ``--live-throttle``: the same while the game goes on at
   ``--live-rate`` actions/s for ``--live-seconds`` (the cost of the updates alone;
   with ``--interact``, while a student types and clicks as in ``bench.browser``).

For each it prints the renderer main thread's time by kind of work (script,
style, layout, paint, parsing, garbage collection: the trace's events by their
self time) and the page's JavaScript functions by self and total time (the
profile's samples), so that what an update or the first render rebuilds shows
by name. ``--out`` keeps the ``.cpuprofile`` files (DevTools opens them) and the
traces (``chrome://tracing``, Perfetto).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from bench.browser import CLICK_EVERY, KEY_EVERY, PROBE, VIEWPORT, Browser, Driver, game_actions, live_action
from bench.harness import ServerProcess, free_port
from bench.load import clean_env, serve_argv

TRACE_CATEGORIES = ["devtools.timeline", "disabled-by-default-devtools.timeline", "v8", "blink",
                    "loading"]
KINDS = {
    "FunctionCall": "script", "EvaluateScript": "script", "v8.evaluateModule": "script",
    "TimerFire": "script", "FireAnimationFrame": "script", "EventDispatch": "script",
    "v8.run": "script", "RunMicrotasks": "script", "v8.callFunction": "script",
    "v8.compile": "compile", "v8.compileModule": "compile", "V8.CompileCode": "compile",
    "v8.produceModuleCache": "compile", "v8.parseOnBackground": "compile",
    "MinorGC": "gc", "MajorGC": "gc", "V8.GCScavenger": "gc", "V8.GCFinalizeMC": "gc",
    "BlinkGC.AtomicPhase": "gc", "V8.GC_MC_BACKGROUND_MARKING": "gc",
    "UpdateLayoutTree": "style", "RecalculateStyles": "style", "ParseAuthorStyleSheet": "style",
    "Layout": "layout", "UpdateLayerTree": "layout",
    "IntersectionObserverController::computeIntersections": "layout",
    "Paint": "paint", "PaintImage": "paint", "PrePaint": "paint", "Layerize": "paint",
    "CompositeLayers": "paint", "UpdateLayer": "paint", "Commit": "paint",
    "ParseHTML": "html", "ResourceReceivedData": "network", "ResourceReceiveResponse": "network",
    "ResourceSendRequest": "network", "ResourceFinish": "network",
}


def main_thread_spans(events: list[dict[str, Any]]) -> dict[tuple[int, int], list[tuple[float, float, str]]]:
    """The events of the renderer main threads as (start, end, name), by thread."""
    mains = {(e["pid"], e["tid"]) for e in events
             if e.get("ph") == "M" and e.get("name") == "thread_name"
             and e.get("args", {}).get("name") == "CrRendererMain"}
    by_thread: dict[tuple[int, int], list[tuple[float, float, str]]] = defaultdict(list)
    open_b: dict[tuple[int, int], list[tuple[float, str]]] = defaultdict(list)
    mine = (e for e in events if (e.get("pid"), e.get("tid")) in mains)
    for e in sorted(mine, key=lambda e: e.get("ts", 0)):
        key = (e["pid"], e["tid"])
        ph = e.get("ph")
        if ph == "X" and "dur" in e:
            by_thread[key].append((e["ts"], e["ts"] + e["dur"], e["name"]))
        elif ph == "B":
            open_b[key].append((e["ts"], e["name"]))
        elif ph == "E" and open_b[key]:
            start, name = open_b[key].pop()
            by_thread[key].append((start, e["ts"], name))
    return by_thread


def self_times(spans: list[tuple[float, float, str]], kind_of: Any) -> dict[str, float]:
    """Each span's self time (its duration less that of the spans nested in it), in ms, summed
    by ``kind_of(name)``; spans whose kind is None count as part of their parent."""
    totals: dict[str, float] = defaultdict(float)
    stack: list[list[Any]] = []  # [start, end, kind, time of the children]
    for start, end, name in sorted(spans, key=lambda s: (s[0], -s[1])):
        while stack and stack[-1][1] <= start:
            _close(stack, totals)
        kind = kind_of(name)
        if kind is None:
            continue
        if stack and end > stack[-1][1]:
            end = stack[-1][1]
        stack.append([start, end, kind, 0.0])
    while stack:
        _close(stack, totals)
    return totals


def _close(stack: list[list[Any]], totals: dict[str, float]) -> None:
    start, end, kind, children = stack.pop()
    totals[kind] += (end - start - children) / 1000
    if stack:
        stack[-1][3] += end - start


def trace_summary(trace: Any) -> dict[str, float]:
    """The renderer main threads' time by kind of work (ms); "other" is the rest of the
    tasks' time (IPC, loading, the tasks the trace does not break down)."""
    events = trace["traceEvents"] if isinstance(trace, dict) else trace
    totals: dict[str, float] = defaultdict(float)
    for spans in main_thread_spans(events).values():
        kinds = self_times(spans, lambda name: KINDS.get(
            name, "other" if name in ("RunTask", "ThreadControllerImpl::RunTask") else None))
        for kind, ms in kinds.items():
            totals[kind] += ms
    return dict(sorted(totals.items(), key=lambda kv: -kv[1]))


def profile_summary(profile: dict[str, Any], top: int = 25) -> list[tuple[str, float, float]]:
    """The functions of a CPU profile by self and total time (ms), the heaviest first."""
    nodes = {n["id"]: n for n in profile["nodes"]}
    self_us: dict[int, float] = defaultdict(float)
    for node_id, delta in zip(profile["samples"], profile["timeDeltas"], strict=False):
        self_us[node_id] += delta

    def label(node: dict[str, Any]) -> str:
        frame = node["callFrame"]
        url = frame.get("url", "")
        short = url.split("/static/js/")[-1].split("?")[0] if url else ""
        name = frame.get("functionName") or "(anonymous)"
        return f"{name} {short}:{frame.get('lineNumber', -1) + 1}" if short else name

    selfs: dict[str, float] = defaultdict(float)
    totals: dict[str, float] = defaultdict(float)

    def walk(node_id: int, on_stack: set[str]) -> float:
        node = nodes[node_id]
        name = label(node)
        total = self_us[node_id] + sum(walk(c, on_stack | {name}) for c in node.get("children", []))
        selfs[name] += self_us[node_id]
        if name not in on_stack:
            totals[name] += total
        return total

    walk(profile["nodes"][0]["id"], set())
    rows = [(name, selfs[name] / 1000, totals[name] / 1000) for name in totals]
    rows.sort(key=lambda r: -r[2])
    return rows[:top]


def show(title: str, trace: dict[str, Any], profile: dict[str, Any], wall_ms: float, top: int) -> None:
    print(f"== {title}: {wall_ms:.0f} ms wall")
    kinds = trace_summary(trace)
    print("  main thread by kind (ms): " + ", ".join(f"{k} {v:.0f}" for k, v in kinds.items()))
    print(f"  {'function':<60} {'self':>8} {'total':>8}")
    for name, self_ms, total_ms in profile_summary(profile, top):
        print(f"  {name[:60]:<60} {self_ms:8.1f} {total_ms:8.1f}")


async def traced(browser: Any, page: Any, cdp: Any,
                 action: Any) -> tuple[dict[str, Any], dict[str, Any], float]:
    """Run ``action`` under the V8 profiler and a Chromium trace: (trace, profile, wall ms)."""
    await cdp.send("Profiler.enable")
    await cdp.send("Profiler.setSamplingInterval", {"interval": 250})
    await browser.start_tracing(page=page, categories=TRACE_CATEGORIES)
    await cdp.send("Profiler.start")
    t = time.monotonic()
    await action()
    wall = (time.monotonic() - t) * 1000
    profile = (await cdp.send("Profiler.stop"))["profile"]
    trace = json.loads(await browser.stop_tracing())
    return trace, profile, wall


async def open_page(pw_browser: Any, url: str, game: Any, args: argparse.Namespace,
                    throttle: float) -> tuple[Any, Any, Any]:
    context = await pw_browser.new_context(viewport=VIEWPORT, bypass_csp=True)
    await context.add_cookies([{"name": f"ct_seat_{game.code}", "value": game.tokens[args.viewer],
                                "url": url}])
    await context.add_init_script(script=PROBE.read_text())
    await context.add_init_script(
        script=f"sessionStorage.setItem({json.dumps('ct:tab:' + game.code)}, {json.dumps(args.tab)});")
    page = await context.new_page()
    cdp = await context.new_cdp_session(page)
    # A page of the same site first, so that the play page runs in the renderer profiled.
    await page.goto(f"{url}/healthz")
    await cdp.send("Emulation.setCPUThrottlingRate", {"rate": throttle})
    return context, page, cdp


async def first_render(pw_browser: Any, url: str, game: Any, args: argparse.Namespace) -> dict[str, Any]:
    context, page, cdp = await open_page(pw_browser, url, game, args, args.throttle)

    async def load() -> None:
        await page.goto(f"{url}/play/{game.code}")
        await page.wait_for_function("window.__probe && window.__probe.firstRender !== null",
                                     timeout=120_000, polling=100)

    trace, profile, wall = await traced(pw_browser, page, cdp, load)
    probe = await page.evaluate("__probe.firstRender")
    await context.close()
    show(f"first render at {args.throttle:g}x (probe: {probe:.0f} ms)", trace, profile, wall, args.top)
    return {"trace": trace, "profile": profile}


async def live(pw_browser: Any, url: str, driver: Driver, game: Any, actions: list[dict[str, Any]],
               args: argparse.Namespace) -> dict[str, Any]:
    context, page, cdp = await open_page(pw_browser, url, game, args, args.live_throttle)
    await page.goto(f"{url}/play/{game.code}")
    await page.wait_for_function("window.__probe && window.__probe.firstRender !== null",
                                 timeout=120_000, polling=100)
    await asyncio.sleep(2)
    box = page.locator("#panel-messages textarea").first
    toggle = page.get_by_role("button", name="Open a private channel…")
    count = 0
    stop = asyncio.Event()

    async def drive() -> None:
        nonlocal count
        t0 = time.monotonic()
        for i, action in enumerate(actions):
            due = t0 + i / args.live_rate
            if due - t0 >= args.live_seconds:
                break
            await asyncio.sleep(max(0.0, due - time.monotonic()))
            await driver.act(game, action)
            count += 1
        stop.set()
        await asyncio.sleep(1.0)

    async def type_keys() -> None:
        i = 0
        while not stop.is_set():
            await page.keyboard.press("abcdefghij"[i % 10])
            i += 1
            await asyncio.sleep(KEY_EVERY)

    async def click() -> None:
        while not stop.is_set():
            await asyncio.sleep(CLICK_EVERY)
            await toggle.click()
            await box.focus()

    async def go() -> None:
        if args.interact and args.tab == "messages":
            await box.click()
            await asyncio.gather(drive(), type_keys(), click())
        else:
            await drive()

    trace, profile, wall = await traced(pw_browser, page, cdp, go)
    await context.close()
    show(f"live at {args.live_throttle:g}x, {count} actions", trace, profile, wall, args.top)
    return {"trace": trace, "profile": profile}


async def run(args: argparse.Namespace) -> None:
    tmp = Path(tempfile.mkdtemp(prefix="ct-profile-"))
    port = free_port()
    database = f"sqlite+aiosqlite:///{tmp / 'bench.db'}"
    server = ServerProcess("crisis-table", tmp, serve_argv(port, database), port, clean_env(tmp))
    server.launch()
    browser = Browser(server.url)
    driver: Driver | None = None
    out = Path(args.out) if args.out else None
    if out:
        out.mkdir(parents=True, exist_ok=True)
    try:
        server.ready_blocking()
        driver = Driver(server.url)
        script = game_actions(args.actions + int(args.live_rate * args.live_seconds * 1.2) + 50)
        game = await driver.create("long", 0, script[:args.actions])
        print(f"setup: {game.actions} actions; load average {os.getloadavg()[0]:.2f}", flush=True)
        await browser.start()
        results = {"first": await first_render(browser.browser, server.url, game, args)}
        rest = [a for a in map(live_action, script[args.actions:]) if a is not None]
        results["live"] = await live(browser.browser, server.url, driver, game, rest, args)
        if out:
            for phase, result in results.items():
                (out / f"{phase}.cpuprofile").write_text(json.dumps(result["profile"]))
                (out / f"{phase}.trace.json").write_text(json.dumps(result["trace"]))
        print(f"load average after {os.getloadavg()[0]:.2f}")
    finally:
        await browser.stop()
        if driver is not None:
            await driver.close()
        server.kill()


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(prog="python -m bench.browser_profile", description=__doc__.split("\n\n")[0])
    p.add_argument("--actions", type=int, default=3000)
    p.add_argument("--viewer", default="USA")
    p.add_argument("--tab", default="messages", help="the tab the page opens on (messages)")
    p.add_argument("--throttle", type=float, default=4.0)
    p.add_argument("--live-throttle", type=float, default=6.0)
    p.add_argument("--live-rate", type=float, default=10.0)
    p.add_argument("--live-seconds", type=float, default=15.0)
    p.add_argument("--interact", action="store_true",
                   help="type and click while the game goes on, as bench.browser does")
    p.add_argument("--top", type=int, default=30)
    p.add_argument("--out", help="a directory for the raw profiles and traces")
    asyncio.run(run(p.parse_args(argv)))


if __name__ == "__main__":
    main()
