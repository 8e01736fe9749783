"""Benchmark of the causality lab (``game_rules.lab``): how long a class waits.

    .venv/bin/python -m bench.lab            # plain text
    .venv/bin/python -m bench.lab --json     # one JSON object, for machines

The workload is the class game of ``bench/classgame.py`` (the Eastern flank, 30
students at 22 seats, 19 caretaker allies, four rounds, 138 actions). From the
moment after ``start`` (so every continuation plays all four rounds), the lab
plays 200 continuations under the real rules and under each counterfactual
(no veto, no NATO, no Article 5, Russia abstaining on S/2026/1), on one core, as
the server does. The target: 200 continuations of four rounds in under 10 s.
Figures are the best of ``--repeat`` runs (default 3), wall-clock time (what the
class waits; the target) and the CPU time of this one process; the load average
is printed beside them, since the machine may be shared.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from typing import Any

from bench.classgame import play
from bench.engine import cpu_model
from game_rules.lab import RUNS, Change, Lab

TARGET_S = 10.0
CHANGES = [Change("none"), Change("no_veto"), Change("no_nato"), Change("no_article5"),
           Change("vote", "RUS", "S/2026/1", "abstain")]


def measure(runs: int, repeat: int) -> dict[str, Any]:
    game = play()
    lab = Lab(game.scenario, game.seed, game.actions, moment=1)
    arms = []
    for change in CHANGES:
        best, best_cpu = float("inf"), float("inf")
        summary: dict[str, Any] = {}
        for _ in range(repeat):
            t0, c0 = time.perf_counter(), time.process_time()
            arm = lab.run(change, range(1, runs + 1))
            best = min(best, time.perf_counter() - t0)
            best_cpu = min(best_cpu, time.process_time() - c0)
            summary = arm.summary()
        arms.append({"change": change.to_dict(), "seconds": round(best, 2),
                     "cpu_seconds": round(best_cpu, 2), "runs_per_s": round(runs / best, 1),
                     "outcomes": summary["outcomes"], "pass": best < TARGET_S})
    return {"workload": f"{game.scenario.id}, {len(game.actions)} actions, 4 rounds, from the "
                        "moment after start",
            "runs": runs, "repeat": repeat, "arms": arms, "target_s": TARGET_S,
            "load_average": [round(x, 2) for x in os.getloadavg()],
            "cpu": cpu_model(), "python": platform.python_version(),
            "pass": all(a["pass"] for a in arms)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=RUNS)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = measure(args.runs, args.repeat)
    if args.json:
        print(json.dumps(result))
    else:
        print("Crisis Table causality lab benchmark")
        print(f"Python {result['python']}, {result['cpu']}, one core; load average "
              f"{' '.join(str(x) for x in result['load_average'])}")
        print(f"Workload: {result['workload']}; {args.runs} continuations per change, best of "
              f"{args.repeat}")
        for arm in result["arms"]:
            o = arm["outcomes"]
            print(f"  {arm['change']['kind']:<12} {arm['seconds']:6.2f} s wall, "
                  f"{arm['cpu_seconds']:5.2f} s CPU ({arm['runs_per_s']} runs/s)  "
                  f"escalated {o['escalated']}, held {o['held']}, "
                  f"stepped back {o['stepped_back']}, withdrew {o['withdrew']}")
        print(f"Target: {args.runs} continuations of four rounds in < {TARGET_S:.0f} s each: "
              f"{'PASS' if result['pass'] else 'FAIL'}")
    return 0 if result["pass"] else 1


if __name__ == "__main__":
    sys.exit(main())
