"""Benchmark of the rules engine (``game_rules``): how fast a game moves and replays.

    .venv/bin/python -m bench.engine            # plain text
    .venv/bin/python -m bench.engine --json     # one JSON object, for machines
    .venv/bin/python bench/engine.py --profile  # and where the time goes (cProfile)

It measures, on one core (the engine is single-threaded, pure Python):

1. ``step`` throughput (decide + evolve) on a game of 45 states, 30 of them
   played: the 2025 Security Council, the 32 allies in the North Atlantic
   Council, an armed attack on Estonia by Russia in the treaty area, one open
   session. The workload cycles through what a class does: messages in the
   public, UNSC, NAC and private channels, drafts tabled, votes called by the
   President or the instructor, all fifteen members voting (the vote closes by
   itself), texts circulated under silence and broken or adopted at the
   deadline, Article 4 requests, pledges after Article 5. The actions are
   generated and parsed before the clock starts, so the timing covers
   ``step()`` alone; a second figure gives ``step()`` fed the raw dicts
   (parsing included), as a server receiving JSON would.
2. Replaying a 10,000-action record: ``load_record`` and running ``replay()``
   to the final state, each action parsed from a plain dict; and folding the
   same game's events from ``new_game`` (``engine.fold``), which is how a
   server rebuilds a game from its event log.

Every action of the workload must be accepted; refusals are counted and
printed by code. Figures are the best of several runs (default 3).
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import json
import platform
import pstats
import random
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from game_rules.actions import Action, parse_action
from game_rules.engine import fold, new_game, step
from game_rules.errors import RuleError
from game_rules.events import Event
from game_rules.records import load_record, replay
from game_rules.scenario import Scenario, load_scenario
from game_rules.state import State

TARGET_STEP_PER_S = 10_000
TARGET_REPLAY_S = 1.0

# The game.

P5 = ["CHN", "FRA", "GBR", "RUS", "USA"]
ELECTED_2025 = ["DZA", "DNK", "GRC", "GUY", "PAK", "PAN", "KOR", "SLE", "SVN", "SOM"]
UNSC = P5 + ELECTED_2025
NATO = ["ALB", "BEL", "BGR", "CAN", "HRV", "CZE", "DNK", "EST", "FIN", "FRA", "DEU",
        "GRC", "HUN", "ISL", "ITA", "LVA", "LTU", "LUX", "MNE", "NLD", "MKD", "NOR",
        "POL", "PRT", "ROU", "SVK", "SVN", "ESP", "SWE", "TUR", "GBR", "USA"]
PLAYED_ALLIES = ["EST", "LVA", "LTU", "POL", "DEU", "ITA", "ESP", "CAN", "TUR", "NLD",
                 "NOR", "FIN", "SWE", "ROU"]
"""Allies with players, besides those on the Security Council."""
UNPLAYED = ["ALB", "BEL", "BGR", "HRV", "CZE", "HUN", "ISL", "LUX", "MNE", "MKD", "PRT",
            "SVK", "MDA", "GEO", "BLR"]
"""States left to their caretakers (their default policy takes no action here)."""
PLAYED = UNSC + PLAYED_ALLIES + ["UKR"]
PLAYED_NATO = [c for c in PLAYED if c in NATO]
INCIDENT = "est-2025-1"
YEAR = 2025
T0 = 1_767_258_000.0  # a morning in 2026, seconds since the epoch


def scenario_data() -> dict[str, Any]:
    """The inline scenario: 45 states, 30 played, one open session."""
    return {
        "id": "bench-baltic-2025",
        "title": "Benchmark: an armed attack on Estonia",
        "year": YEAR,
        "summary": "Russian forces cross into Estonia; the Council and the allies meet.",
        "countries": [*PLAYED, *({"code": c, "playable": False} for c in UNPLAYED)],
        "bodies": {
            "UNSC": {"permanent": P5, "elected": ELECTED_2025},
            "NAC": {"members": NATO, "silence_seconds": 600},
        },
        "incidents": [{"id": INCIDENT, "target": "EST", "attacker": "RUS",
                       "kind": "armed_attack", "in_treaty_area": True,
                       "title": "Armed attack on Estonia", "location": "Narva"}],
        "rounds": 0,
        "crisis": {"ladder": "armed_attack", "deterrence": 30},
        "injects": [
            {"id": "veto-outcry", "title": "Outcry at the vetoes",
             "text": "Editorials everywhere ask what the Council is for.",
             "when": {"vetoes_at_least": 3}},
            {"id": "allies-united", "title": "The allies stand together",
             "when": {"article5_invoked": True}},
            {"id": "allies-split", "title": "Cracks in the Alliance",
             "audience": ["RUS", "CHN"], "when": {"silence_broken_at_least": 5}},
            {"id": "ceasefire-talk", "title": "Talk of a ceasefire",
             "when": {"adopted_measure": "demand_ceasefire", "deterrence_at_least": 60}},
        ],
    }


# The workload.

_OPENERS = ["Mr President,", "Colleagues,", "Let me be clear:", "For the record,",
            "We have listened carefully.", "Thank you.", "With respect,", "Frankly,"]
_BODIES = ["the attack on Estonia is a flagrant breach of the Charter",
           "we call for an immediate ceasefire and the withdrawal of all forces",
           "our delegation cannot support language that prejudges the facts",
           "the humanitarian situation around Narva is deteriorating by the hour",
           "we are ready to work on a text that can unite the Council",
           "sanctions without a determination under Article 39 will not pass",
           "the Alliance must speak with one voice",
           "we need time to consult our capital before the vote",
           "the draft as it stands is unbalanced",
           "any attempt to change borders by force is unacceptable"]
_CLOSERS = ["", " We will vote accordingly.", " Our door remains open.",
            " We ask that this be reflected in the text.", " I yield the floor."]

_DRAFTS: list[dict[str, Any]] = [
    {"title": "Demand for a ceasefire in Estonia", "chapter": "VII",
     "measures": ["determine_threat", "demand_ceasefire", "demand_withdrawal"]},
    {"title": "Humanitarian access in Ida-Viru", "chapter": "VI",
     "measures": ["call_for_ceasefire", "humanitarian_access"]},
    {"title": "Invitation to Estonia and Ukraine to address the Council",
     "measures": ["invite_speaker"], "procedural": True},
    {"title": "Targeted sanctions", "chapter": "VII",
     "measures": ["determine_threat", "sanctions", "arms_embargo"]},
    {"title": "Fact-finding mission", "chapter": "VI",
     "measures": ["fact_finding", "request_report"]},
]


class Workload:
    """Generates a legal stream of actions up front, knowing which are allowed when."""

    def __init__(self, seed: int, president: str) -> None:
        self.rng = random.Random(seed)
        self.president = president
        self.actions: list[dict[str, Any]] = []
        self.now = T0
        self.drafts = 0
        self.items = 0
        self.pledged: set[tuple[str, str]] = set()
        """(ally, response kind) already pledged: an ally pledges each kind of response to
        the incident once (a second one is refused, ``already_pledged``)."""
        self.channels: dict[str, list[str]] = {
            "public": PLAYED, "UNSC": UNSC, "NAC": PLAYED_NATO}

    def add(self, actor: str, kind: str, **fields: Any) -> None:
        self.now += round(self.rng.uniform(0.5, 4.0), 3)
        self.actions.append({"actor": actor, "kind": kind, **fields, "at": self.now})

    def text(self) -> str:
        r = self.rng
        return f"{r.choice(_OPENERS)} {r.choice(_BODIES)}.{r.choice(_CLOSERS)}"

    def say(self, channel: str | None = None) -> None:
        if channel is None:
            channel = self.rng.choices(list(self.channels),
                                       weights=[5, 2, 3] + [1] * (len(self.channels) - 3))[0]
        self.add(self.rng.choice(self.channels[channel]), "say", channel=channel,
                 text=self.text())

    def says(self, low: int, high: int, channel: str | None = None) -> None:
        for _ in range(self.rng.randint(low, high)):
            self.say(channel)

    def opening(self) -> None:
        self.add("instructor", "start")
        for opener, others in (("USA", ["GBR", "FRA"]), ("RUS", ["CHN"]),
                               ("EST", ["LVA", "LTU", "POL"]), ("UKR", ["POL", "DEU", "USA"]),
                               ("KOR", ["USA", "PAN"])):
            self.add(opener, "open_channel", members=others)
            self.channels[f"private-{len(self.channels) - 2}"] = [opener, *others]
        self.says(4, 8)
        self.add("EST", "request_consultations",
                 concern="Russian forces have crossed the border near Narva.")
        self.items += 1
        art5 = f"NAC/{YEAR}/{self.items}"
        self.add("EST", "request_article5", incident=INCIDENT, item=art5,
                 text="An armed attack against Estonia in Europe is an attack against all.")
        self.says(3, 6, "NAC")
        self.add("system", "silence_deadline", item=art5)

    def cycle(self, i: int) -> None:
        r = self.rng
        self.says(6, 12)
        self.drafts += 1
        draft = f"S/{YEAR}/{self.drafts}"
        template = _DRAFTS[i % len(_DRAFTS)]
        self.add(UNSC[i % len(UNSC)], "table_draft", draft=draft, text=self.text(), **template)
        self.says(2, 5, "UNSC")
        self.add(self.president if i % 3 else "instructor", "call_vote", draft=draft)
        self.vote(draft, i)
        self.says(2, 5)
        if i % 2 == 0:
            self.items += 1
            item = f"NAC/{YEAR}/{self.items}"
            decision = "operation" if i % 6 == 0 else "statement"
            extra = {"deadline": "PT10M"} if i % 4 == 0 else {}
            self.add("instructor", "circulate", item=item, decision=decision,
                     title=f"Statement {self.items} on Estonia", text=self.text(), **extra)
            self.says(2, 4, "NAC")
            if i % 5 == 0:
                self.add(r.choice(PLAYED_NATO), "break_silence", item=item,
                         reason="We cannot join consensus on this wording.")
            else:
                self.add("system", "silence_deadline", item=item)
        if i % 3 == 0:
            self.add(r.choice(PLAYED_NATO), "request_consultations", concern=self.text())
        for _ in range(r.randint(1, 3)):
            ally = r.choice(PLAYED_NATO)
            response = r.choice(["diplomatic", "economic", "military"])
            if (ally, response) in self.pledged:
                continue
            self.pledged.add((ally, response))
            self.add(ally, "pledge", response=response,
                     detail="Forces and supplies as set out in our national statement.")

    def vote(self, draft: str, i: int) -> None:
        """All fifteen members vote; the last vote closes it. Adopted, vetoed or failed."""
        r = self.rng
        outcome = ("adopted", "adopted", "vetoed", "failed")[i % 4]
        choices = dict.fromkeys(UNSC, "yes")
        if outcome == "adopted":
            for c in r.sample(ELECTED_2025, r.randint(0, 4)):
                choices[c] = "abstain"
            if r.random() < 0.5:
                choices["CHN"] = "abstain"
        elif outcome == "vetoed":
            choices["RUS"] = "no"
            for c in r.sample(["CHN", "PAK", "DZA"], r.randint(0, 2)):
                choices[c] = "abstain"
        else:
            for c in r.sample(UNSC, r.randint(7, 10)):
                choices[c] = r.choice(["no", "abstain"])
        order = list(UNSC)
        r.shuffle(order)
        for country in order:
            self.add(country, "vote", draft=draft, vote=choices[country])
            if r.random() < 0.25:
                self.say("UNSC")


def president_of(scenario: Scenario) -> str:
    president = new_game(scenario, 1).president
    assert president is not None
    return president


def workload(scenario: Scenario, n: int, seed: int = 2025) -> list[dict[str, Any]]:
    """The first ``n`` actions of a realistic game, as plain dicts."""
    w = Workload(seed, president_of(scenario))
    w.opening()
    i = 0
    while len(w.actions) < n:
        w.cycle(i)
        i += 1
    return w.actions[:n]


# Measuring.


SEGMENT = 1000
"""The run is timed in slices of this many actions too, to show how the cost grows."""


def run_steps(scenario: Scenario,
              actions: list[Any]) -> tuple[float, State, Counter[str], list[float]]:
    """Step every action through a new game: the seconds it took, the final state,
    the refusals, and the seconds of each slice of SEGMENT actions."""
    refused: Counter[str] = Counter()
    state = new_game(scenario, 1)
    slices: list[float] = []
    start = mark = time.perf_counter()
    for first in range(0, len(actions), SEGMENT):
        for action in actions[first:first + SEGMENT]:
            try:
                state, _ = step(state, action)
            except RuleError as err:
                refused[err.code] += 1
        now = time.perf_counter()
        slices.append(now - mark)
        mark = now
    return time.perf_counter() - start, state, refused, slices


def run_replay(record: dict[str, Any]) -> tuple[float, State, list[Event], Counter[str]]:
    """load_record and replay() to the final state; also the events, for the fold."""
    refused: Counter[str] = Counter()
    events: list[Event] = []
    start = time.perf_counter()
    rec = load_record(record)
    state = None
    for after, result in replay(rec):
        state = after
        if result.error is not None:
            refused[result.error.code] += 1
        else:
            events.extend(result.events)
    elapsed = time.perf_counter() - start
    assert state is not None
    return elapsed, state, events, refused


def run_fold(scenario: Scenario, events: list[Event]) -> tuple[float, State]:
    start = time.perf_counter()
    state = fold(new_game(scenario, 1), events)
    return time.perf_counter() - start, state


def best(runs: list[float]) -> float:
    return min(runs)


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def profile_steps(scenario: Scenario, actions: list[Action], top: int) -> str:
    profiler = cProfile.Profile()
    state = new_game(scenario, 1)
    profiler.enable()
    for action in actions:
        state, _ = step(state, action)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)
    return out.getvalue()


def _verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.engine", description=__doc__.split("\n")[0])
    parser.add_argument("--actions", type=int, default=20_000,
                        help="actions in the throughput run (default 20000)")
    parser.add_argument("--record-actions", type=int, default=10_000,
                        help="actions in the replayed record (default 10000)")
    parser.add_argument("--runs", type=int, default=3, help="runs of each measure; the best counts")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of text")
    parser.add_argument("--profile", action="store_true",
                        help="also profile one step() run with cProfile and print the top functions")
    parser.add_argument("--top", type=int, default=25, help="functions the profile lists")
    args = parser.parse_args(argv)
    if args.runs < 1 or args.actions < 1 or args.record_actions < 1:
        parser.error("--runs, --actions and --record-actions must be at least 1")

    scenario_json = scenario_data()
    scenario = load_scenario(scenario_json)
    raw = workload(scenario, max(args.actions, args.record_actions))
    step_raw = raw[:args.actions]
    parsed = [parse_action(a) for a in step_raw]
    mix = Counter(a["kind"] for a in step_raw)
    channels = Counter(a["channel"] for a in step_raw if a["kind"] == "say")

    gc.collect()
    step_runs: list[float] = []
    refusals: Counter[str] = Counter()
    final: State | None = None
    slices: list[float] = []
    for _ in range(args.runs):
        elapsed, final, refused, run_slices = run_steps(scenario, parsed)
        if not step_runs or elapsed < min(step_runs):
            slices = run_slices
        step_runs.append(elapsed)
        refusals = refused  # the same in every run
    assert final is not None
    dict_runs = [run_steps(scenario, step_raw)[0] for _ in range(args.runs)]

    record = {"scenario": scenario_json, "seed": 1, "actions": raw[:args.record_actions]}
    replay_runs: list[float] = []
    fold_runs: list[float] = []
    replay_refused: Counter[str] = Counter()
    events: list[Event] = []
    for _ in range(args.runs):
        elapsed, replayed, events, replay_refused = run_replay(record)
        replay_runs.append(elapsed)
    for _ in range(args.runs):
        elapsed, folded = run_fold(scenario, events)
        fold_runs.append(elapsed)
    fold_matches = folded == replayed

    step_s = best(step_runs)
    rate = args.actions / step_s
    dict_rate = args.actions / best(dict_runs)
    replay_s = best(replay_runs)
    fold_s = best(fold_runs)
    summary: dict[str, Any] = {
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "cpu": cpu_model(),
        "platform": platform.platform(),
        "game": {"countries": len(final.country_list), "played": len(PLAYED),
                 "unsc": len(UNSC), "nac": len(final.nac_members)},
        "runs": args.runs,
        "step": {
            "actions": args.actions,
            "best_seconds": round(step_s, 4),
            "runs_seconds": [round(t, 4) for t in step_runs],
            "actions_per_second": round(rate),
            "us_per_action": round(1e6 * step_s / args.actions, 2),
            "target_actions_per_second": TARGET_STEP_PER_S,
            "pass": rate >= TARGET_STEP_PER_S,
            "refused": dict(refusals),
            "first_slice_us_per_action": round(1e6 * slices[0] / min(SEGMENT, args.actions), 2),
            "last_slice_us_per_action": round(
                1e6 * slices[-1] / (args.actions - SEGMENT * (len(slices) - 1)), 2),
            "slice_actions": SEGMENT,
            "with_parse_actions_per_second": round(dict_rate),
            "with_parse_us_per_action": round(1e6 / dict_rate, 2),
            "mix": dict(mix.most_common()),
            "say_channels": dict(channels.most_common()),
            "final": {"messages": len(final.messages), "drafts": len(final.drafts),
                      "items": len(final.items), "pledges": len(final.pledges),
                      "news": len(final.news), "deterrence": final.crisis.deterrence},
        },
        "replay": {
            "actions": args.record_actions,
            "best_seconds": round(replay_s, 4),
            "runs_seconds": [round(t, 4) for t in replay_runs],
            "us_per_action": round(1e6 * replay_s / args.record_actions, 2),
            "target_seconds": TARGET_REPLAY_S,
            "pass": replay_s < TARGET_REPLAY_S,
            "refused": dict(replay_refused),
        },
        "fold": {
            "events": len(events),
            "best_seconds": round(fold_s, 4),
            "runs_seconds": [round(t, 4) for t in fold_runs],
            "us_per_event": round(1e6 * fold_s / max(1, len(events)), 2),
            "matches_replay": fold_matches,
        },
    }
    all_pass = (summary["step"]["pass"] and summary["replay"]["pass"] and not refusals
                and not replay_refused and fold_matches)
    summary["pass"] = all_pass

    if args.json:
        print(json.dumps(summary, indent=2))
    else:
        for line in report_lines(summary):
            print(line)
    if args.profile:
        print()
        print(f"cProfile of one step() run over {args.actions} parsed actions:")
        print(profile_steps(scenario, parsed, args.top))
    return 0 if all_pass else 1


def report_lines(s: dict[str, Any]) -> Iterator[str]:
    st, rp, fd, g = s["step"], s["replay"], s["fold"], s["game"]
    yield "Crisis Table rules engine benchmark"
    yield f"Python {s['python']} ({s['implementation']}), {s['platform']}"
    yield f"CPU: {s['cpu']} (one core: the engine is single-threaded)"
    yield (f"Game: {g['countries']} states, {g['played']} played; UNSC {g['unsc']}, "
           f"NAC {g['nac']}; one open session. Best of {s['runs']} runs.")
    yield ""
    yield f"1. step() throughput (decide + evolve), {st['actions']} pre-parsed actions"
    yield (f"   {st['actions_per_second']:>8,} actions/s  {st['us_per_action']:8.2f} us/action  "
           f"(best {st['best_seconds']:.3f} s; runs {', '.join(f'{t:.3f}' for t in st['runs_seconds'])})")
    yield (f"   target >= {st['target_actions_per_second']:,} actions/s: "
           f"{_verdict(st['pass'])}")
    yield (f"   cost grows with the game: first {st['slice_actions']} actions "
           f"{st['first_slice_us_per_action']:.2f} us/action, last {st['slice_actions']} "
           f"{st['last_slice_us_per_action']:.2f} us/action")
    yield (f"   with parsing (raw dicts into step()): {st['with_parse_actions_per_second']:,} "
           f"actions/s, {st['with_parse_us_per_action']:.2f} us/action")
    refused = ", ".join(f"{k} x{v}" for k, v in st["refused"].items()) or "none"
    yield f"   refused: {sum(st['refused'].values())} ({refused})"
    yield "   mix: " + ", ".join(f"{k} {v}" for k, v in st["mix"].items())
    yield "   say by channel: " + ", ".join(f"{k} {v}" for k, v in st["say_channels"].items())
    f = st["final"]
    yield (f"   final state: {f['messages']} messages, {f['drafts']} drafts, {f['items']} NAC "
           f"items, {f['pledges']} pledges, {f['news']} news, deterrence {f['deterrence']}")
    yield ""
    yield (f"2. replay of a {rp['actions']}-action record "
           "(load_record + replay() to the final state, parsing each action)")
    yield (f"   {rp['best_seconds']:.3f} s  {rp['us_per_action']:.2f} us/action  "
           f"(runs {', '.join(f'{t:.3f}' for t in rp['runs_seconds'])})")
    yield f"   target < {rp['target_seconds']:.1f} s: {_verdict(rp['pass'])}"
    refused = ", ".join(f"{k} x{v}" for k, v in rp["refused"].items()) or "none"
    yield f"   refused: {sum(rp['refused'].values())} ({refused})"
    yield (f"   fold of its {fd['events']} events from new_game: {fd['best_seconds']:.3f} s, "
           f"{fd['us_per_event']:.2f} us/event (runs "
           f"{', '.join(f'{t:.3f}' for t in fd['runs_seconds'])}); same state as the replay: "
           f"{'yes' if fd['matches_replay'] else 'NO'}")
    yield ""
    yield f"Overall: {_verdict(s['pass'])}"


if __name__ == "__main__":
    sys.exit(main())
