"""The slow Chromebook: one student's page in throttled Chromium, in a long game.

    .venv/bin/python -m bench.browser              # everything below, about 3 minutes
    .venv/bin/python -m bench.browser --smoke      # a short game, 1 run, 5 s live: does it work?
    .venv/bin/python -m bench.browser --json out.json

One invocation:

1. starts ``crisis-table serve`` on a free port of 127.0.0.1 with a fresh SQLite
   file, and plays two games of the engine benchmark's scenario (``bench.engine``:
   45 states, 30 played; the 2025 Security Council and the North Atlantic
   Council): a *short* game of ``--short`` actions (300) and a *long* one of
   ``--actions`` (3,000) of the engine benchmark's workload (messages in every
   channel, drafts, votes, NAC silence procedures, pledges), each imported as a
   record (``POST /api/records``), then 30 students joined, one per played country;
2. opens the page of one student (``--viewer``, the United States: it reads the
   public, Security Council, NATO and its private channels) in Debian's Chromium
   with the CPU slowed down by CDP's ``Emulation.setCPUThrottlingRate``, on the
   Messages tab, and measures the **first render**: from the start of the
   navigation to the first paint after the ``welcome`` frame was handled
   (``--runs`` fresh browser contexts at each of ``--throttle`` 4 and 6);
3. at ``--live-throttle`` (6), keeps the page open while the game goes on at
   ``--live-rate`` actions/s (10) for ``--live-seconds`` (30): the same workload,
   continued, sent over HTTP by the instructor acting for each country (the
   server's clock closes the silence procedures), with a marker in every public
   message, while a student types into
   the message box (a key every 200 ms) and opens and closes the "private
   channel" form (a click every 2 s). It measures **input to paint** (each key
   and click, from the event to the next paint), **update to paint** (each
   marked message, from the moment the driver sent it to the paint that showed
   it: server, network and page together), the frames and bytes the page
   received, the time its message handlers took and the renderer's main-thread
   time per update (CDP ``Performance.getMetrics``); after the last action,
   whether every marked message was painted (**every update applied**, no
   backlog) and how long the last one took. The live phase runs on the short and
   on the long game: the cost of an update must not grow with the history.

Everything it starts listens on 127.0.0.1 and is stopped by its pid. The page's
figures come from ``bench/browser_probe.js``, injected before the page's scripts;
it changes nothing the page does.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.engine import scenario_data, workload
from bench.harness import ServerProcess, free_port
from bench.load import clean_env, serve_argv
from bench.measure import machine_busy_seconds
from game_rules.scenario import load_scenario

ROOT = Path(__file__).resolve().parent.parent
PROBE = Path(__file__).with_name("browser_probe.js")
CHROMIUM = os.environ.get("CRISIS_TABLE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
VIEWPORT = {"width": 1366, "height": 768}
"""A Chromebook's screen."""

TARGET_FIRST_RENDER_MS = 1500.0
"""After 3,000 actions, at 4x."""
TARGET_INPUT_P95_MS = 100.0
"""At 6x and 10 actions/s."""
TARGET_UPDATE_P95_MS = 250.0
"""At 6x and 10 actions/s: a page that keeps up paints a message soon after it is sent."""
TARGET_GROWTH = 1.5
"""The long game's main-thread time per action against the short game's, at most."""
KEY_EVERY = 0.2
CLICK_EVERY = 2.0


@dataclass
class Game:
    label: str
    game_id: str
    code: str
    key: str
    tokens: dict[str, str] = field(default_factory=dict)
    actions: int = 0
    refused: dict[str, int] = field(default_factory=dict)
    seq: int = 0


def game_actions(n: int) -> list[dict[str, Any]]:
    """The engine benchmark's workload: ``n`` actions after the ``start``, with their times."""
    return workload(load_scenario(scenario_data()), n + 1)[1:]


def live_action(action: dict[str, Any]) -> dict[str, Any] | None:
    """An action of the workload as the instructor sends it live over HTTP: no time (the
    server stamps it), no deadline of its own; the clock's actions are the server's."""
    if action["actor"] == "system":
        return None
    return {k: v for k, v in action.items() if k not in ("at", "deadline")}


class Driver:
    """The instructor's HTTP client: creates games and acts for the countries."""

    def __init__(self, url: str) -> None:
        import httpx

        self.url = url
        self.http = httpx.AsyncClient(base_url=url, timeout=60.0, trust_env=False)

    async def close(self) -> None:
        await self.http.aclose()

    async def create(self, label: str, number: int, actions: list[dict[str, Any]]) -> Game:
        """A game imported from the record of its first actions (its start included), then
        30 students joined, one per played country."""
        data = scenario_data()
        record = {"scenario": data, "seed": 1,
                  "actions": [{"actor": "instructor", "kind": "start", "at": actions[0]["at"] - 1},
                              *actions]}
        created = (await self.http.post("/api/records", json={"record": record})).raise_for_status().json()
        game = Game(label, created["game_id"], created["code"], created["instructor_key"])
        if created.get("held"):  # an imported game that was running waits to be resumed
            (await self.http.post(f"/api/games/{game.game_id}/actions",
                                  json={"action": {"kind": "resume"}},
                                  headers={"Authorization": f"Bearer {game.key}"})).raise_for_status()
        game.actions = created["applied"]
        for refusal in created["refused"]:
            game.refused[refusal["code"]] = game.refused.get(refusal["code"], 0) + 1
        played = [c if isinstance(c, str) else c["code"] for c in data["countries"]
                  if isinstance(c, str) or c.get("playable", True)]
        for i, country in enumerate(played):
            seat = await self.http.post(f"/api/join/{game.code}",
                                        json={"nickname": f"student {i + 1}", "country": country},
                                        headers={"X-Forwarded-For": f"10.9.{number}.{i + 1}"})
            seat.raise_for_status()
            game.tokens[country] = seat.json()["token"]
        return game

    async def act(self, game: Game, action: dict[str, Any]) -> bool:
        response = await self.http.post(f"/api/games/{game.game_id}/actions", json={"action": action},
                                        headers={"Authorization": f"Bearer {game.key}"})
        if response.status_code == 200:
            game.actions += 1
            game.seq = response.json()["seq"]
            return True
        code = response.json().get("error", {}).get("code", str(response.status_code))
        game.refused[code] = game.refused.get(code, 0) + 1
        return False


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered) + 0.5) - 1))]


def spread(values: list[float]) -> dict[str, float]:
    return {"n": len(values), "p50": pct(values, 50), "p95": pct(values, 95), "max": max(values, default=0.0)}


class Browser:
    def __init__(self, url: str) -> None:
        self.url = url
        self.pw: Any = None
        self.browser: Any = None

    async def start(self) -> None:
        from playwright.async_api import async_playwright

        self.pw = await async_playwright().start()
        self.browser = await self.pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)

    async def stop(self) -> None:
        if self.browser is not None:
            await self.browser.close()
        if self.pw is not None:
            await self.pw.stop()

    async def open(self, game: Game, viewer: str, throttle: float) -> tuple[Any, Any, Any]:
        """A fresh context (cold caches) with the viewer's seat cookie, on the Messages tab.
        (The page's Content-Security-Policy is bypassed: the probe is polled with evaluated
        expressions.)"""
        context = await self.browser.new_context(viewport=VIEWPORT, bypass_csp=True)
        await context.add_cookies([{"name": f"ct_seat_{game.code}", "value": game.tokens[viewer],
                                    "url": self.url}])
        await context.add_init_script(script=PROBE.read_text())
        await context.add_init_script(
            script=f"sessionStorage.setItem({json.dumps('ct:tab:' + game.code)}, 'messages');")
        page = await context.new_page()
        cdp = await context.new_cdp_session(page)
        await cdp.send("Performance.enable")
        await cdp.send("Emulation.setCPUThrottlingRate", {"rate": throttle})
        await page.goto(f"{self.url}/play/{game.code}")
        await page.wait_for_function("window.__probe && window.__probe.firstRender !== null",
                                     timeout=120_000, polling=100)
        return context, page, cdp


async def first_render(browser: Browser, game: Game, viewer: str, throttle: float) -> dict[str, Any]:
    context, page, _ = await browser.open(game, viewer, throttle)
    try:
        probe = await page.evaluate("""() => ({firstRender: __probe.firstRender,
            welcomeBytes: __probe.welcomeBytes, welcomeHandlerMs: __probe.welcomeHandlerMs,
            domNodes: document.getElementsByTagName('*').length})""")
    finally:
        await context.close()
    return probe


async def main_thread_seconds(cdp: Any) -> float:
    metrics = {m["name"]: m["value"] for m in (await cdp.send("Performance.getMetrics"))["metrics"]}
    return float(metrics.get("TaskDuration", 0.0))


async def live(browser: Browser, driver: Driver, game: Game, viewer: str, throttle: float,
               actions: list[dict[str, Any]], rate: float, seconds: float) -> dict[str, Any]:
    """The page open while the game goes on; a student types and clicks meanwhile."""
    history = game.actions
    context, page, cdp = await browser.open(game, viewer, throttle)
    try:
        await page.evaluate("__probe.watch()")
        await page.evaluate("__probe.frames = 0; __probe.frameBytes = 0; __probe.handlerMs = [];"
                            "__probe.types = {};")
        box = page.locator("#panel-messages textarea").first
        toggle = page.get_by_role("button", name="Open a private channel…")
        await box.click()
        sent: dict[int, float] = {}
        stop = asyncio.Event()
        busy0, cpu0 = machine_busy_seconds(), await main_thread_seconds(cdp)
        t_start = time.monotonic()

        count = 0

        async def drive() -> None:
            nonlocal count
            n = 0
            for i, action in enumerate(actions):
                due = t_start + i / rate
                if due - t_start >= seconds:
                    break
                await asyncio.sleep(max(0.0, due - time.monotonic()))
                if action["kind"] == "say" and action["channel"] == "public":
                    n += 1
                    action = {**action, "text": f"{action['text']} [m{n}]"}
                    sent[n] = time.time() * 1000
                await driver.act(game, action)
                count += 1
            stop.set()

        async def type_keys() -> None:
            letters = "the council should meet again "
            i = 0
            while not stop.is_set():
                await page.keyboard.press(letters[i % len(letters)] if letters[i % len(letters)] != " "
                                          else "Space")
                i += 1
                await asyncio.sleep(KEY_EVERY)

        async def click() -> None:
            while not stop.is_set():
                await asyncio.sleep(CLICK_EVERY)
                await toggle.click()
                await box.focus()

        await asyncio.gather(drive(), type_keys(), click())
        elapsed = time.monotonic() - t_start
        # Every marked message must reach the screen; wait for the last one.
        drain_start = time.monotonic()
        last = str(max(sent)) if sent else None
        drained = True
        if last is not None:
            try:
                await page.wait_for_function(f"__probe.painted[{json.dumps(last)}]", timeout=30_000,
                                             polling=50)
            except Exception:
                drained = False
        drain = time.monotonic() - drain_start
        cpu1 = await main_thread_seconds(cdp)
        busy1 = machine_busy_seconds()
        probe = await page.evaluate("""() => ({inputs: __probe.inputs, painted: __probe.painted,
            frames: __probe.frames, frameBytes: __probe.frameBytes, handlerMs: __probe.handlerMs,
            types: __probe.types, domNodes: document.getElementsByTagName('*').length})""")
    finally:
        await context.close()
    painted = probe["painted"]
    update_ms = [painted[str(n)] - t for n, t in sent.items() if painted.get(str(n))]
    missing = [n for n in sent if not painted.get(str(n))]
    keys = [i["ms"] for i in probe["inputs"] if i["type"] == "keydown"]
    clicks = [i["ms"] for i in probe["inputs"] if i["type"] == "click"]
    updates = probe["frames"]
    return {
        "game": game.label, "history": history, "throttle": throttle, "seconds": elapsed,
        "actions_sent": count,
        "marked": len(sent), "painted": len(update_ms), "missing": len(missing),
        "drained": drained, "drain_s": drain,
        "update_ms": spread(update_ms), "key_ms": spread(keys), "click_ms": spread(clicks),
        "input_ms": spread(keys + clicks),
        "frames": updates, "frame_kb": probe["frameBytes"] / 1024, "types": probe["types"],
        "handler_ms": spread(probe["handlerMs"]), "handler_total_ms": sum(probe["handlerMs"]),
        "main_thread_s": cpu1 - cpu0,
        "main_thread_ms_per_action": (cpu1 - cpu0) * 1000 / max(1, count),
        "main_thread_share": (cpu1 - cpu0) / max(elapsed + drain, 1e-9),
        "dom_nodes": probe["domNodes"],
        "machine_busy": (busy1 - busy0) / max(elapsed + drain, 1e-9),
    }


async def run(args: argparse.Namespace) -> dict[str, Any]:
    tmp = Path(tempfile.mkdtemp(prefix="ct-browser-"))
    port = free_port()
    server = ServerProcess("crisis-table", tmp,
                           serve_argv(port, f"sqlite+aiosqlite:///{tmp / 'bench.db'}"), port,
                           clean_env(tmp))
    server.launch()
    out: dict[str, Any] = {"args": vars(args), "load_before": os.getloadavg()}
    browser = Browser(server.url)
    driver: Driver | None = None
    try:
        server.ready_blocking()
        driver = Driver(server.url)
        script = game_actions(args.actions + int(args.live_rate * args.live_seconds * 1.2) + 50)
        games = []
        for number, (label, n) in enumerate((("short", args.short), ("long", args.actions))):
            t = time.monotonic()
            game = await driver.create(label, number, script[:n])
            games.append(game)
            print(f"setup: the {label} game imported, {game.actions} actions accepted "
                  f"({sum(game.refused.values())} refused: {game.refused or 'none'}), "
                  f"in {time.monotonic() - t:.1f} s", flush=True)
        out["games"] = [{"label": g.label, "actions": g.actions, "refused": g.refused}
                        for g in games]
        await browser.start()
        long_game = games[-1]
        renders: dict[str, list[dict[str, Any]]] = {}
        for throttle in args.throttle:
            runs = renders.setdefault(f"{throttle:g}", [])
            for _ in range(args.runs):
                runs.append(await first_render(browser, long_game, args.viewer, throttle))
            ms = [r["firstRender"] for r in runs]
            print(f"first render at {throttle:g}x, {long_game.actions} actions: "
                  f"{', '.join(f'{m:.0f}' for m in ms)} ms (median {statistics.median(ms):.0f}); "
                  f"welcome {runs[0]['welcomeBytes'] / 1024:.0f} KB, handled in "
                  f"{runs[0]['welcomeHandlerMs']:.0f} ms; {runs[0]['domNodes']} DOM nodes", flush=True)
        out["first_render"] = renders
        lives = []
        for game in games:
            n = args.short if game.label == "short" else args.actions
            rest = [a for a in map(live_action, script[n:]) if a is not None]
            result = await live(browser, driver, game, args.viewer, args.live_throttle, rest,
                                args.live_rate, args.live_seconds)
            lives.append(result)
            print_live(result)
        out["live"] = lives
    finally:
        out["load_after"] = os.getloadavg()
        await browser.stop()
        if driver is not None:
            await driver.close()
        server.kill()
    return out


def print_live(r: dict[str, Any]) -> None:
    def f(d: dict[str, float]) -> str:
        return f"p50 {d['p50']:.0f}  p95 {d['p95']:.0f}  max {d['max']:.0f} ms (n={d['n']})"

    print(f"live on the {r['game']} game ({r['history']} actions before), {r['throttle']:g}x, "
          f"{r['seconds']:.0f} s at {r['actions_sent'] / max(r['seconds'], 1e-9):.1f} actions/s:")
    print(f"  input -> paint    {f(r['input_ms'])}; keys {f(r['key_ms'])}; clicks {f(r['click_ms'])}")
    print(f"  update -> paint   {f(r['update_ms'])}; {r['painted']} of {r['marked']} marked messages "
          f"painted, the last {r['drain_s'] * 1000:.0f} ms after the last action")
    print(f"  frames            {r['frames']} ({r['frame_kb']:.0f} KB; {r['types']}); handlers "
          f"{f(r['handler_ms'])}, {r['handler_total_ms']:.0f} ms in all")
    print(f"  main thread       {r['main_thread_s']:.2f} s busy ({r['main_thread_share'] * 100:.0f}% of the "
          f"time), {r['main_thread_ms_per_action']:.1f} ms per action; {r['dom_nodes']} DOM nodes; "
          f"the machine {r['machine_busy'] * 50:.0f}% busy")


def evaluate(out: dict[str, Any], args: argparse.Namespace) -> bool:
    rows = []
    ok = True

    def row(name: str, figure: str, passed: bool) -> None:
        nonlocal ok
        ok = ok and passed
        rows.append(f"  {name:<58} {figure:<34} {'PASS' if passed else 'FAIL'}")

    renders = out["first_render"].get("4")
    if renders:
        median = statistics.median(r["firstRender"] for r in renders)
        row(f"first render at 4x after {out['games'][-1]['actions']} actions <= 1.5 s",
            f"{median:.0f} ms (median of {len(renders)})", median <= TARGET_FIRST_RENDER_MS)
    lives = out["live"]
    long_live = lives[-1]
    row(f"input -> paint p95 at {long_live['throttle']:g}x, {args.live_rate:g} actions/s <= 100 ms",
        f"{long_live['input_ms']['p95']:.0f} ms", long_live["input_ms"]["p95"] <= TARGET_INPUT_P95_MS)
    row("every update applied: each marked message painted",
        f"{long_live['painted']} of {long_live['marked']}",
        long_live["missing"] == 0 and long_live["drained"])
    row(f"no backlog: update -> paint p95 <= {TARGET_UPDATE_P95_MS:.0f} ms",
        f"{long_live['update_ms']['p95']:.0f} ms", long_live["update_ms"]["p95"] <= TARGET_UPDATE_P95_MS)
    if len(lives) == 2:
        short, long = lives
        growth = long["main_thread_ms_per_action"] / max(short["main_thread_ms_per_action"], 1e-9)
        row(f"main thread per action, {long['history']} vs {short['history']} actions of history",
            f"{long['main_thread_ms_per_action']:.1f} / {short['main_thread_ms_per_action']:.1f} ms "
            f"= {growth:.2f}x", growth <= TARGET_GROWTH)
    print("targets:")
    print("\n".join(rows))
    load = out["load_before"]
    print(f"machine load average before the run {load[0]:.2f} / {load[1]:.2f} / {load[2]:.2f}, "
          f"after {out['load_after'][0]:.2f}")
    return ok


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench.browser",
                                description="One student's page in throttled Chromium, in a long game.")
    p.add_argument("--actions", type=int, default=3000, help="actions of the long game (3000)")
    p.add_argument("--short", type=int, default=300, help="actions of the short game (300)")
    p.add_argument("--viewer", default="USA", help="the student's country (USA)")
    p.add_argument("--throttle", type=float, nargs="+", default=[4.0, 6.0],
                   help="CPU slow-downs for the first render (4 6)")
    p.add_argument("--runs", type=int, default=3, help="first renders at each slow-down (3)")
    p.add_argument("--live-throttle", type=float, default=6.0, help="slow-down while the game goes on (6)")
    p.add_argument("--live-rate", type=float, default=10.0, help="actions/s while the page is open (10)")
    p.add_argument("--live-seconds", type=float, default=30.0, help="seconds of it (30)")
    p.add_argument("--smoke", action="store_true",
                   help="a short game of 200, one run at 4x, 5 s live: does it all work?")
    p.add_argument("--json", help="also write the figures to this file")
    args = p.parse_args(argv)
    if args.smoke:
        args.actions, args.short, args.throttle, args.runs = 200, 50, [4.0], 1
        args.live_seconds = 5.0
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    out = asyncio.run(run(args))
    if args.json:
        Path(args.json).write_text(json.dumps(out, indent=1))
    if args.smoke:
        return 0 if all(r["missing"] == 0 for r in out["live"]) else 1
    return 0 if evaluate(out, args) else 1


if __name__ == "__main__":
    sys.exit(main())
