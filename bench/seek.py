"""Seeking in a long game: the state (and a seat's view) at any event.

    .venv/bin/python -m bench.seek [--events 10000] [--seeks 300] [--json]

Builds a game of at least ``--events`` events with the engine benchmark's
workload, folds it into a timeline (as the server does once per game), then
times random seeks (state at seq + view for a seat + JSON, which is what
``GET /api/games/{id}/review/state`` does) and scrubbing (consecutive seeks a
few events apart). Target: every seek under 100 ms.
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import statistics
import sys
import time
from typing import Any

import orjson

from bench.engine import cpu_model, scenario_data, workload
from game_rules import RuleError, load_scenario, new_game, step, view_for
from game_rules.events import Event
from game_rules.replay import Timeline
from server.review import CHECKPOINT_EVERY, REPLAY_MESSAGES

TARGET_MS = 100.0


def build_events(n_events: int) -> tuple[Any, list[Event]]:
    scenario = load_scenario(scenario_data())
    state = new_game(scenario, 1)
    events: list[Event] = []
    actions = workload(scenario, n_events * 2)
    for action in actions:
        try:
            state, new = step(state, action)
        except RuleError:
            continue
        events.extend(new)
        if len(events) >= n_events:
            break
    return scenario, events


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--seeks", type=int, default=300)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)

    scenario, events = build_events(args.events)
    start = time.perf_counter()
    timeline = Timeline(scenario, 1, events, every=CHECKPOINT_EVERY)
    build_s = time.perf_counter() - start

    viewers = ["instructor", "public", "EST", "USA"]
    rng = random.Random(7)
    seeks: list[float] = []
    states: list[float] = []
    for _ in range(args.seeks):
        seq = rng.randint(0, timeline.seq)
        viewer = rng.choice(viewers)
        t0 = time.perf_counter()
        state = timeline.state_at(seq)
        t1 = time.perf_counter()
        orjson.dumps(view_for(state, viewer, last_messages=REPLAY_MESSAGES))
        t2 = time.perf_counter()
        states.append((t1 - t0) * 1000)
        seeks.append((t2 - t0) * 1000)
    scrub: list[float] = []
    for seq in range(0, timeline.seq, max(1, timeline.seq // 200)):
        t0 = time.perf_counter()
        orjson.dumps(view_for(timeline.state_at(seq), "public", last_messages=REPLAY_MESSAGES))
        scrub.append((time.perf_counter() - t0) * 1000)

    result = {
        "events": timeline.seq, "checkpoint_every": CHECKPOINT_EVERY,
        "timeline_build_s": round(build_s, 3),
        "seek_ms": {"p50": round(statistics.median(seeks), 2),
                    "p95": round(percentile(seeks, 95), 2), "max": round(max(seeks), 2)},
        "state_only_ms": {"p50": round(statistics.median(states), 2),
                          "max": round(max(states), 2)},
        "scrub_frames_per_s": round(1000 / statistics.mean(scrub), 1),
        "scrub_ms_max": round(max(scrub), 2),
        "target_ms": TARGET_MS,
        "pass": max(seeks) < TARGET_MS,
    }
    if args.json:
        print(json.dumps(result))
    else:
        print("Crisis Table seek benchmark")
        print(f"Python {platform.python_version()}, {cpu_model()}")
        print(f"Game: {result['events']} events; a checkpoint every {CHECKPOINT_EVERY}")
        print(f"Timeline build (fold once, keep checkpoints): {build_s:.3f} s")
        s = result["seek_ms"]
        print(f"Random seek (state + view + JSON), {args.seeks} seeks over 4 viewers: "
              f"p50 {s['p50']} ms, p95 {s['p95']} ms, max {s['max']} ms")
        print(f"  of which the state alone: p50 {result['state_only_ms']['p50']} ms, "
              f"max {result['state_only_ms']['max']} ms")
        print(f"Scrubbing (200 consecutive positions): {result['scrub_frames_per_s']} "
              f"frames/s, slowest {result['scrub_ms_max']} ms")
        print(f"Target: every seek < {TARGET_MS:.0f} ms: {'PASS' if result['pass'] else 'FAIL'}")
    return 0 if result["pass"] else 1


if __name__ == "__main__":
    sys.exit(main())
