"""What a class of browsers costs the server in patches and welcomes, in one process.

    .venv/bin/python -m bench.views            # plain text
    .venv/bin/python -m bench.views --json     # one JSON object
    .venv/bin/python -m bench.views --profile  # and a cProfile of the patches' part

``bench.load`` plays only messages, which change no view but the clock; a class also
tables drafts, votes, circulates texts under silence and pledges, and each of those
changes the 30 browsers' views. This benchmark plays the engine benchmark's workload
(``bench.engine``: 45 states, 30 played) to ``--actions`` (3,000), with a browser
connection per played country on one game's live feed (``server.liveview.LiveFeed``,
as ``server.fanout`` has it), from ``--from`` actions (2,000) on, and a flush after
every ``--every`` actions (1: every change patched at once, the most a class can cost;
the server waits 0.15 s, so a busy class makes fewer). Printed: the welcome (a whole
view with the newest messages: its bytes by part, the CPU to build the 30 of them),
and per action after ``--from``: the CPU of the patches (building the views, the
diffs, the frames) against ``step()``'s, and the bytes of patch frames sent to the
class (before permessage-deflate). CPU is this process's own (``time.process_time``),
the best of ``--runs``, so the figures hold on a shared machine; the load average is
printed beside them.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import gc
import io
import json
import os
import platform
import pstats
import time
from dataclasses import dataclass, field
from typing import Any

import orjson

from bench.engine import cpu_model, scenario_data, workload
from game_rules.actions import Action, parse_action
from game_rules.engine import new_game, step
from game_rules.errors import RuleError
from game_rules.scenario import load_scenario
from game_rules.state import State
from server.liveview import LiveFeed, LiveSeat


@dataclass
class Browser:
    """A connection that said hello with views (what the feed needs of one)."""

    viewer: str
    live: LiveSeat = field(default_factory=LiveSeat)
    frames: int = 0
    bytes: int = 0

    def send_bytes(self, data: bytes) -> None:
        self.frames += 1
        self.bytes += len(data)

    def backlog(self) -> int:
        return 0


def advance(state: State, actions: list[Action]) -> State:
    for action in actions:
        with contextlib.suppress(RuleError):
            state, _ = step(state, action)
    return state


def run(actions: list[Action], start: int, every: int,
        profile: cProfile.Profile | None = None) -> dict[str, Any]:
    scenario = load_scenario(scenario_data())
    state = advance(new_game(scenario, 1), actions[:start])
    current = [state, start]
    browsers: list[Browser] = []
    feed = LiveFeed(lambda: (current[0], current[1]), lambda: browsers)
    viewers = [c for c in state.country_list if c not in state.caretakers]
    browsers.extend(Browser(v) for v in viewers)
    gc.collect()
    c0 = time.process_time()
    welcomes = [orjson.dumps(feed.fresh(b, state, start)) for b in browsers]
    welcome_cpu = time.process_time() - c0
    step_cpu = feed_cpu = 0.0
    n = 0
    if profile is not None:
        profile.enable()
    for action in actions[start:]:
        c0 = time.process_time()
        with contextlib.suppress(RuleError):
            current[0], _ = step(current[0], action)
        c1 = time.process_time()
        n += 1
        current[1] += 1
        if n % every == 0:
            feed.flush()
        step_cpu += c1 - c0
        feed_cpu += time.process_time() - c1
    if profile is not None:
        profile.disable()
    biggest = max(range(len(welcomes)), key=lambda i: len(welcomes[i]))
    parts = {k: len(orjson.dumps(v)) for k, v in orjson.loads(welcomes[biggest]).items()}
    return {
        "browsers": len(browsers), "actions": n,
        "welcome": {"viewer": browsers[biggest].viewer, "bytes": len(welcomes[biggest]),
                    "mean_bytes": round(sum(map(len, welcomes)) / len(welcomes)),
                    "parts": dict(sorted(parts.items(), key=lambda kv: -kv[1])),
                    "cpu_ms_all": round(welcome_cpu * 1000, 1)},
        "step_cpu_ms_per_action": step_cpu * 1000 / n,
        "patch_cpu_ms_per_action": feed_cpu * 1000 / n,
        "patch_frames": sum(b.frames for b in browsers),
        "patch_bytes_per_action": sum(b.bytes for b in browsers) / n,
    }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--actions", type=int, default=3000)
    p.add_argument("--from", dest="start", type=int, default=2000)
    p.add_argument("--every", type=int, default=1)
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--json", action="store_true")
    p.add_argument("--profile", action="store_true")
    args = p.parse_args(argv)
    if not 0 < args.start < args.actions or args.every < 1 or args.runs < 1:
        p.error("need 0 < --from < --actions, --every >= 1 and --runs >= 1")
    actions = [parse_action(a) for a in workload(load_scenario(scenario_data()), args.actions + 1)]
    results = [run(actions, args.start + 1, args.every) for _ in range(args.runs)]
    best = min(results, key=lambda r: r["patch_cpu_ms_per_action"])
    out = {**best, "step_cpu_ms_per_action": round(best["step_cpu_ms_per_action"], 3),
           "patch_cpu_ms_per_action": round(best["patch_cpu_ms_per_action"], 3),
           "patch_bytes_per_action": round(best["patch_bytes_per_action"]),
           "runs_patch_cpu_ms": [round(r["patch_cpu_ms_per_action"], 3) for r in results],
           "every": args.every, "from": args.start,
           "load_average": [round(x, 2) for x in os.getloadavg()],
           "cpu": cpu_model(), "python": platform.python_version()}
    if args.json:
        print(json.dumps(out, indent=2))
    else:
        w = out["welcome"]
        print(f"Crisis Table views benchmark: {time.strftime('%Y-%m-%d %H:%M')}, "
              f"Python {out['python']}, {out['cpu']}, load average "
              f"{' '.join(map(str, out['load_average']))}")
        print(f"workload: bench.engine's game, {out['browsers']} browsers (one per played "
              f"country), actions {args.start + 1}-{args.actions + 1}, a flush every "
              f"{args.every} action(s); best of {args.runs}")
        print(f"welcome at action {args.start + 1}: {w['bytes']:,} bytes for {w['viewer']} "
              f"(mean {w['mean_bytes']:,}); the {out['browsers']} built in {w['cpu_ms_all']} "
              "CPU-ms")
        print("  " + ", ".join(f"{k} {v:,}" for k, v in list(w["parts"].items())[:8]))
        print(f"per action: patches {out['patch_cpu_ms_per_action']} CPU-ms "
              f"(runs {out['runs_patch_cpu_ms']}), step() {out['step_cpu_ms_per_action']} CPU-ms; "
              f"{out['patch_bytes_per_action']:,} bytes of patch frames to the class "
              f"({out['patch_frames']:,} frames in all)")
    if args.profile:
        prof = cProfile.Profile()
        run(actions, args.start + 1, args.every, prof)
        text = io.StringIO()
        pstats.Stats(prof, stream=text).sort_stats("cumulative").print_stats(25)
        print(text.getvalue())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
