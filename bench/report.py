"""The load benchmark's report: its figures drawn from what the clients and the
machine measured (``summarise``), printed for each server (``print_target``), the
two servers compared, and the targets with PASS/FAIL (``evaluate``)."""

from __future__ import annotations

import argparse
import os
from array import array
from collections import Counter
from typing import Any

from bench.measure import PostgresCpu

TARGET_ACCEPTED = 500.0
TARGET_P99_ACK_MS = 50.0
TARGET_P99_DELIVERY_MS = 100.0
TARGET_RSS_MB = 300.0
TARGET_BARE_RATIO = 0.5
TARGET_OVERLOAD = 0.85
"""Past saturation (the ramp's last steps), accepted throughput against the ramp's best."""
OVERLOAD_STEPS = 2
# With --views (browser-like clients: issue 15), the targets are these instead.
VIEWS_TARGET_P99_ACK_MS = 100.0
VIEWS_TARGET_RSS_MB = 250.0
VIEWS_TARGET_BARE_RATIO = 0.6


# Figures.


def pct(values: array[float], q: float) -> float:
    """Nearest-rank percentile, in ms (values sorted)."""
    if not values:
        return float("nan")
    k = min(len(values) - 1, max(0, round(q / 100.0 * len(values) + 0.5) - 1))
    return values[k] * 1000.0


def quantiles(values: array[float]) -> dict[Any, float]:
    ordered = array("d", sorted(values))
    return {q: pct(ordered, q) for q in (50, 95, 99)} | {"max": pct(ordered, 100)}


def summarise(run: dict[str, Any], schedule: list[dict[str, Any]], clients: int) -> dict[str, Any]:
    measured = [s for s in schedule if s["index"] >= 0]
    samples = run["samples"]
    out: dict[str, Any] = {"segments": []}
    for seg in measured:
        i = seg["index"]
        parts = [r["segments"][i] for r in run["results"]]
        ack = array("d")
        deliv = array("d")
        cross = array("d")
        refused: Counter[str] = Counter()
        for p in parts:
            ack.frombytes(p["ack_lat"])
            deliv.frombytes(p["deliv_lat"])
            cross.frombytes(p["deliv_cross"])
            refused.update(p["refused"])
        seconds = seg["end"] - seg["start"]
        a = next(s for s in samples if s["mark"] == seg["start"])
        b = next(s for s in samples if s["mark"] == seg["end"])
        wall = b["t"] - a["t"]
        acked = sum(p["acked"] for p in parts)
        servers = [y - x for x, y in zip(a["servers"], b["servers"], strict=True)]
        mains = [y - x for x, y in zip(a["servers_main"], b["servers_main"], strict=True)]
        clients_cpu = b["clients"] - a["clients"]
        pg = PostgresCpu.delta(a["pg"], b["pg"])
        redis = b["redis"] - a["redis"]
        ours = sum(servers) + clients_cpu + pg["ours"] + pg["shared"] + redis
        stats = {k: b["pg_stats"][k] - a["pg_stats"].get(k, 0) for k in b["pg_stats"]}
        per_action = 1000.0 / acked if acked else float("nan")
        out["segments"].append({
            "label": seg["label"], "index": i, "seconds": seconds,
            "offered_per_s": clients * seg["rate"],
            "sent": sum(p["sent"] for p in parts), "skipped": sum(p["skipped"] for p in parts),
            "deferred": sum(p.get("deferred", 0) for p in parts),
            "resent": sum(p.get("resent", 0) for p in parts),
            "acked": acked, "accepted_per_s": acked / seconds, "refused": dict(refused),
            "ack_ms": quantiles(ack), "delivery_ms": quantiles(deliv),
            "deliveries": len(deliv), "deliveries_per_s": len(deliv) / seconds,
            "deliveries_cross": len(cross), "delivery_cross_ms": quantiles(cross),
            "server_cpu_pct": 100.0 * sum(servers) / wall,
            "servers_cpu_pct": [100.0 * c / wall for c in servers],
            "servers_main_cpu_pct": [100.0 * c / wall for c in mains],
            "clients_cpu_pct": 100.0 * clients_cpu / wall,
            "pg_cpu_pct": {k: 100.0 * v / wall for k, v in pg.items()},
            "redis_cpu_pct": 100.0 * redis / wall,
            "others_cpu_pct": 100.0 * ((b["busy"] - a["busy"]) - ours) / wall,
            "loadavg": b.get("loadavg"),
            "cpu_ms_per_action": {
                "server": sum(servers) * per_action,
                "servers": [c * per_action for c in servers],
                "servers_main": [c * per_action for c in mains],
                "postgres": (pg["ours"] + pg["shared"]) * per_action,
                "postgres_backends": pg["ours"] * per_action,
                "postgres_shared": pg["shared"] * per_action,
                "redis": redis * per_action,
                "clients": clients_cpu * per_action,
            },
            "deliveries_per_action": len(deliv) / acked if acked else float("nan"),
            "pg_stats": stats,
        })
    steady = next(s for s in schedule if s["index"] == 0)
    at_steady_end = next(s for s in samples if s["mark"] == steady["end"])
    out["peak_rss_steady_each_mb"] = [m[1] for m in at_steady_end["memory"]]
    out["peak_rss_steady_mb"] = max(out["peak_rss_steady_each_mb"])
    out["rss_start_each_mb"] = [m[0] for m in samples[0]["memory"]]
    out["rss_start_mb"] = sum(out["rss_start_each_mb"])
    res = run["results"]
    out["connected"] = sum(r["connected"] for r in run["ready"])
    out["unanswered"] = sum(r["unanswered"] for r in res)
    out["views_in"] = sum(r["views_in"] for r in res)
    out["view_mb"] = sum(r["view_bytes"] for r in res) / 1e6
    out["patches_in"] = sum(r.get("patches_in", 0) for r in res)
    out["patch_mb"] = sum(r.get("patch_bytes", 0) for r in res) / 1e6
    out["frame_errors"] = dict(sum((Counter(r["frame_errors"]) for r in res), Counter()))
    out["closes"] = dict(sum((Counter(r["closes"]) for r in res), Counter()))
    out["lost"] = sum(r["lost"] for r in res)
    out["acked_total"] = sum(r["acked_total"] for r in res)
    out["client_max_lag_ms"] = max(r["max_lag"] for r in res) * 1000.0
    out["connect_seconds"] = max(r["seconds"] for r in run["ready"])
    out["procs"] = run["procs"]
    return out


def load_text(segment: dict[str, Any]) -> str:
    """The machine's load averages (1, 5, 15 min) at the end of a segment, as uptime says."""
    avg = segment.get("loadavg")
    return "?" if not avg else " ".join(f"{v:.2f}" for v in avg)


def overload_ratio(out: dict[str, Any]) -> tuple[float, float] | None:
    """The ramp's last OVERLOAD_STEPS steps, accepted actions/s on average, against its best
    step: (ratio, the average)."""
    steps = out["segments"][1:]
    if len(steps) < OVERLOAD_STEPS + 1:
        return None
    best = max(s["accepted_per_s"] for s in steps)
    last = sum(s["accepted_per_s"] for s in steps[-OVERLOAD_STEPS:]) / OVERLOAD_STEPS
    return (last / best if best else 0.0), last


def fmt_ms(d: dict[Any, float]) -> str:
    return "  ".join(f"{'p' + str(k) if k != 'max' else 'max'} {v:.1f}" for k, v in d.items()) + " ms"


def sizes_text(sizes: list[int]) -> str:
    lo, hi = min(sizes), max(sizes)
    return f"{lo}" if lo == hi else f"{lo}-{hi}"


def spread_text(args: argparse.Namespace, n_servers: int) -> str:
    if args.spread == "seats":
        return f"; each game spread over the {n_servers} server processes"
    return f"; each game on one of the {n_servers} server processes"


def plain(out: dict[str, Any]) -> bool:
    """One process on SQLite with the in-process bus: the benchmark's original setting."""
    return out["processes"] == 1 and not out.get("postgres") and not out.get("redis")


def print_target(out: dict[str, Any], args: argparse.Namespace) -> None:
    name = "crisis-table serve" if out["kind"] == "crisis-table" else (
        "bench/bare.py (broadcast only, frames written as the game server writes them)"
        if getattr(args, "bare_wire", False) else "bench/bare.py (broadcast only)")
    n_servers = out["processes"]
    if n_servers == 1:
        print(f"\n== {name}, pid {out['pid']} ==")
        print(f"command: {out['command']}")
    else:
        pids = ", ".join(f"{label} pid {pid}" for label, pid in zip(out["labels"], out["pids"],
                                                                      strict=True))
        print(f"\n== {name} x {n_servers} ({pids}) ==")
        for label, command in zip(out["labels"], out["commands"], strict=True):
            print(f"command {label}: {command}")
    if out["kind"] == "crisis-table" and not plain(out):
        print(f"deployment: {out['deployment']}")
    if "setup_seconds" in out:
        print(f"setup: {len(args.sizes)} games, {args.clients} seats ({sizes_text(args.sizes)} a "
              f"game, {out['countries_per_game']} countries a game), started, in "
              f"{out['setup_seconds']:.1f} s; {out['setup_actions']} setup actions")
    print(f"connect: {args.clients} websockets + hello/welcome in "
          f"{out['connect_seconds']:.1f} s ({out['procs']} client processes"
          f"{'' if n_servers == 1 else spread_text(args, n_servers)})")
    steady = out["segments"][0]
    print(f"steady, {steady['seconds']:.0f} s at {steady['offered_per_s']:.1f} actions/s offered "
          f"(load average {load_text(steady)} at its end):")
    print(f"  accepted          {steady['accepted_per_s']:.1f} actions/s ({steady['acked']} acked "
          f"of {steady['sent']} sent; refused {steady['refused'] or 0}; "
          f"skipped {steady['skipped']}{resent_text(steady)})")
    print(f"  send -> ack       {fmt_ms(steady['ack_ms'])}")
    print(f"  send -> delivery  {fmt_ms(steady['delivery_ms'])}")
    if n_servers > 1 and steady["deliveries_cross"]:
        print(f"    to a student on another process than the sender's: "
              f"{fmt_ms(steady['delivery_cross_ms'])} ({steady['deliveries_cross']} deliveries)")
    print(f"  deliveries        {steady['deliveries_per_s']:.0f}/s ({steady['deliveries']} events "
          "at the other clients of the game)")
    cores = 100 * (os.cpu_count() or 1)
    others = max(0.0, steady["others_cpu_pct"])
    if plain(out):
        print(f"  CPU               server {steady['server_cpu_pct']:.0f}% of one core; "
              f"clients {steady['clients_cpu_pct']:.0f}% (all client processes); other processes "
              f"on the machine {others:.0f}% (of {cores}%)")
    else:
        each = " + ".join(f"{label} {c:.0f}%" for label, c in
                          zip(out["labels"], steady["servers_cpu_pct"], strict=True))
        pg = steady["pg_cpu_pct"]
        parts = [f"servers {each} = {steady['server_cpu_pct']:.0f}% of one core"
                 if n_servers > 1 else f"server {steady['server_cpu_pct']:.0f}% of one core"]
        if out.get("postgres"):
            parts.append(f"PostgreSQL {pg['ours'] + pg['shared']:.0f}% (this database's backends "
                         f"{pg['ours']:.0f}%, the server's shared processes {pg['shared']:.0f}%)")
        if out.get("redis"):
            parts.append(f"Redis {steady['redis_cpu_pct']:.0f}%")
        parts.append(f"clients {steady['clients_cpu_pct']:.0f}% (all client processes)")
        parts.append(f"other processes on the machine {others:.0f}% (of {cores}%"
                     + (f"; other databases' backends {pg['other']:.0f}%" if pg["other"] >= 0.5
                        else "") + ")")
        print("  CPU               " + "; ".join(parts))
    if out["kind"] == "crisis-table":
        c = steady["cpu_ms_per_action"]
        mains = " + ".join(f"{v:.2f}" for v in c["servers_main"])
        split = " + ".join(f"{label} {v:.2f}" for label, v in
                           zip(out["labels"], c["servers"], strict=True))
        server = f"server {c['server']:.2f} CPU-ms" + (f" ({split})" if n_servers > 1 else "")
        parts = [server + f" (event loop thread{'s' if n_servers > 1 else ''} {mains})"]
        if out.get("postgres"):
            parts.append(f"PostgreSQL {c['postgres']:.2f} CPU-ms (backends "
                         f"{c['postgres_backends']:.2f}, shared {c['postgres_shared']:.2f})")
        if out.get("redis"):
            parts.append(f"Redis {c['redis']:.3f} CPU-ms")
        if steady["pg_stats"]:
            st = steady["pg_stats"]
            parts.append(f"{st['xact_commit'] / max(1, steady['acked']):.2f} PostgreSQL "
                         f"transactions committed ({st['xact_commit'] / steady['seconds']:.0f}/s), "
                         f"{st['xact_rollback'] / steady['seconds']:.1f}/s rolled back, "
                         f"{st['deadlocks']} deadlocks")
        dpa = steady["deliveries_per_action"]
        parts.append(f"{dpa:.1f} deliveries ({dpa + 2:.0f} frames sent: the sender's event and "
                     "ack too)")
        print("  per action        " + "; ".join(parts))
    if len(out["segments"]) > 1:
        print(f"saturation ramp ({args.step_seconds:g} s steps, the first {args.settle:g} s of each "
              f"not counted; at most {args.max_inflight} actions in flight per client):")
        print("  step   offered/s  accepted/s  refused  deferred  skipped  ack p50/p99 ms   delivery "
              "p50/p99 ms  deliveries/s  server CPU  clients CPU  others CPU  load avg")
        for s in out["segments"][1:]:
            print(f"  {s['label']:<6} {s['offered_per_s']:9.0f}  {s['accepted_per_s']:10.1f}  "
                  f"{sum(s['refused'].values()):7d}  {s.get('deferred', 0):8d}  {s['skipped']:7d}  "
                  f"{s['ack_ms'][50]:6.1f} {s['ack_ms'][99]:7.1f}   "
                  f"{s['delivery_ms'][50]:8.1f} {s['delivery_ms'][99]:8.1f}   "
                  f"{s['deliveries_per_s']:11.0f}  {s['server_cpu_pct']:9.0f}%  "
                  f"{s['clients_cpu_pct']:10.0f}%  {max(0.0, s['others_cpu_pct']):9.0f}%  "
                  f"{load_text(s)}")
        refusals: Counter[str] = Counter()
        for s in out["segments"][1:]:
            refusals.update(s["refused"])
        if refusals:
            print(f"  refused by code over the ramp: {dict(refusals)}")
        resent = sum(s.get("resent", 0) for s in out["segments"][1:])
        if resent:
            print(f"  sent again after server_busy (same client_id) over the ramp: {resent}")
        best = max(out["segments"][1:], key=lambda s: s["accepted_per_s"])
        print(f"  maximum: {best['accepted_per_s']:.1f} accepted actions/s "
              f"({best['deliveries_per_s']:.0f} deliveries/s) at step {best['label']}")
        held = overload_ratio(out)
        if held is not None:
            print(f"  past saturation: the last {OVERLOAD_STEPS} steps accepted "
                  f"{held[1]:.1f} actions/s on average = {held[0]:.2f} of the maximum")
    if args.views:
        print(f"views pushed: {out['views_in']} whole views ({out['view_mb']:.1f} MB inflated), "
              f"{out['patches_in']} patches ({out['patch_mb']:.1f} MB) over the whole run")
    grown = (out["rss_mb"] - out["rss_start_mb"]) * 1024 / max(1, out["acked_total"])
    if n_servers == 1:
        print(f"memory: peak RSS {out['peak_rss_steady_mb']:.1f} MB (VmHWM) up to the end of the "
              f"steady phase, {out['peak_rss_mb']:.1f} MB over the whole run; "
              f"{out['rss_start_mb']:.1f} MB once connected, {out['rss_mb']:.1f} MB at the end "
              f"({grown:.1f} KB more per acked action)")
    else:
        each = ", ".join(f"{label} {v:.1f}" for label, v in
                         zip(out["labels"], out["peak_rss_steady_each_mb"], strict=True))
        print(f"memory: peak RSS (VmHWM) up to the end of the steady phase {each} MB; over the "
              f"whole run at most {out['peak_rss_mb']:.1f} MB; {out['rss_start_mb']:.1f} MB "
              f"together once connected, {out['rss_mb']:.1f} MB at the end ({grown:.1f} KB more "
              "per acked action)")
    print(f"unanswered after the drain: {out['unanswered']}; errors without a client_id: "
          f"{out['frame_errors'] or 0}; closed by the server: {out['closes'] or 0}; "
          f"connections lost: {out['lost']}; client timer lag max {out['client_max_lag_ms']:.0f} ms")
    for label, errors in (out.get("log_errors") or {}).items():
        if errors["tracebacks"]:
            print(f"{label} logged {errors['tracebacks']} tracebacks; the first:")
            print("\n".join("    " + line for line in errors["first"]))
    for label, lines in (out.get("profile") or {}).items():
        print(f"where {label}'s time goes (py-spy, {out.get('profile_segment', 'steady phase')}):")
        print("\n".join(lines))
    if "durability" in out:
        d = out["durability"]
        if out.get("postgres"):
            print("durability (every server process killed with SIGKILL after the run, then the "
                  "PostgreSQL database read):")
            where = "database"
        else:
            print(f"durability (the server{'s' if n_servers > 1 else ''} killed with SIGKILL after "
                  "the run, then its SQLite file read):")
            where = "file"
        print(f"  {where}: {d['actions_total']} actions rows, {d['events_total']} events rows; "
              f"actions by kind: {d['kinds']}")
        print(f"  load actions stored = {d['actions']} - {out['setup_actions']} setup = "
              f"{d['load_actions_stored']}; acked = {d['acked']}; acked but not stored: "
              f"{d['acked_missing']}; load events stored {d['load_events_stored']}")


def resent_text(segment: dict[str, Any]) -> str:
    n = segment.get("resent", 0)
    return f"; sent again after server_busy {n}" if n else ""


def durable(out: dict[str, Any]) -> bool:
    """Every acked action is in the file; any stored action that was not acked is one of
    those still unanswered when the clients stopped (committed, its ack not yet read)."""
    d = out["durability"]
    extra = int(d["load_actions_stored"]) - int(d["acked"])
    return int(d["acked_missing"]) == 0 and 0 <= extra <= int(out["unanswered"])


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def evaluate(ours: dict[str, Any], bare: dict[str, Any] | None,
             args: argparse.Namespace) -> list[tuple[str, str, bool | None]]:
    """(target, figure, passed or None when not measured)."""
    steady = ours["segments"][0]
    d = ours["durability"]
    rows: list[tuple[str, str, bool | None]] = [
        (f">= {TARGET_ACCEPTED:.0f} accepted actions/s (steady)",
         f"{steady['accepted_per_s']:.1f}/s", steady["accepted_per_s"] >= TARGET_ACCEPTED),
        ("every acked action committed (kill -9, then read)",
         f"{d['acked']} acked, {d['acked_missing']} missing, "
         f"{d['load_actions_stored']} stored",
         durable(ours)),
        (f"every one of the {args.clients} connections held",
         f"{ours['connected']} connected, {ours['lost']} lost, "
         f"{sum(ours['closes'].values())} closed by the server",
         ours["connected"] == args.clients and not ours["lost"] and not ours["closes"]),
        (f"p99 send -> ack <= {args.target_ack_ms:.0f} ms (steady)",
         f"{steady['ack_ms'][99]:.1f} ms", steady["ack_ms"][99] <= args.target_ack_ms),
        (f"p99 send -> delivery <= {TARGET_P99_DELIVERY_MS:.0f} ms (steady)",
         f"{steady['delivery_ms'][99]:.1f} ms",
         steady["delivery_ms"][99] <= TARGET_P99_DELIVERY_MS),
    ]
    if ours["processes"] > 1 and steady["deliveries_cross"]:
        rows.append((f"p99 send -> delivery to another process <= {TARGET_P99_DELIVERY_MS:.0f} ms "
                     "(steady)", f"{steady['delivery_cross_ms'][99]:.1f} ms "
                     f"({steady['deliveries_cross']} deliveries)",
                     steady["delivery_cross_ms"][99] <= TARGET_P99_DELIVERY_MS))
    each = "each process " if ours["processes"] > 1 else ""
    rss = VIEWS_TARGET_RSS_MB if args.views else TARGET_RSS_MB
    ratio = VIEWS_TARGET_BARE_RATIO if args.views else TARGET_BARE_RATIO
    rows.append((f"peak RSS <= {rss:.0f} MB {each}(up to the end of the steady phase)",
                 f"{ours['peak_rss_steady_mb']:.1f} MB (whole run: {ours['peak_rss_mb']:.1f} MB)",
                 ours["peak_rss_steady_mb"] <= rss))
    if len(ours["segments"]) > 1 and bare is not None and len(bare["segments"]) > 1:
        a = max(s["accepted_per_s"] for s in ours["segments"][1:])
        b = max(s["accepted_per_s"] for s in bare["segments"][1:])
        rows.append((f"saturated >= {ratio:g} x the bare server",
                     f"{a:.0f} / {b:.0f} = {a / b:.2f}", a / b >= ratio))
    else:
        rows.append((f"saturated >= {ratio:g} x the bare server",
                     "not measured (run with --saturate, one process, both servers)", None))
    held = overload_ratio(ours)
    if held is not None:
        best = max(s["accepted_per_s"] for s in ours["segments"][1:])
        rows.append((f"past saturation (the last {OVERLOAD_STEPS} steps) >= "
                     f"{TARGET_OVERLOAD:.0%} of the ramp's best",
                     f"{held[1]:.0f} / {best:.0f} = {held[0]:.2f}", held[0] >= TARGET_OVERLOAD))
    return rows


def print_comparison(ours: dict[str, Any], bare: dict[str, Any]) -> None:
    """The game server beside the bare broadcast server, run under the same clients."""
    sa, sb = ours["segments"][0], bare["segments"][0]
    print("\n== crisis-table / bare ==")
    print(f"steady: p99 ack {sa['ack_ms'][99]:.1f} / {sb['ack_ms'][99]:.1f} ms; p99 delivery "
          f"{sa['delivery_ms'][99]:.1f} / {sb['delivery_ms'][99]:.1f} ms; server CPU "
          f"{sa['server_cpu_pct']:.0f}% / {sb['server_cpu_pct']:.0f}%")
    ca = sa["server_cpu_pct"] * 10.0 / max(sa["accepted_per_s"], 1e-9)
    cb = sb["server_cpu_pct"] * 10.0 / max(sb["accepted_per_s"], 1e-9)
    print(f"steady, server CPU-ms per accepted action: {ca:.2f} / {cb:.2f}: the bare server "
          f"does an action on {cb / ca:.2f} of ours (what saturation would give on a quiet "
          "machine, if CPU were all; less sensitive to other work than the ramp)")
    if len(ours["segments"]) > 1 and len(bare["segments"]) > 1:
        a = max(s["accepted_per_s"] for s in ours["segments"][1:])
        b = max(s["accepted_per_s"] for s in bare["segments"][1:])
        print(f"saturated: {a:.1f} / {b:.1f} actions/s = {a / b:.2f}")
        for label, out in (("crisis-table", ours), ("bare", bare)):
            held = overload_ratio(out)
            if held is not None:
                print(f"past saturation, {label}: the last {OVERLOAD_STEPS} steps "
                      f"{held[1]:.1f} actions/s = {held[0]:.2f} of its best")
    print(f"machine load average at the end: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")


def print_verdict(ours: dict[str, Any], bare: dict[str, Any] | None,
                  args: argparse.Namespace) -> bool:
    """Whether every acked action was stored, and each target with PASS/FAIL (a smoke run
    applies none); True if the run passed."""
    d = ours["durability"]
    stored_ok = durable(ours)
    print(f"\nEvery acked action stored: {'yes' if stored_ok else 'NO'} ({d['acked']} acked, "
          f"{d['acked_missing']} missing, {d['load_actions_stored']} load actions stored, "
          f"{ours['unanswered']} unanswered at the end)")
    broken = not stored_ok or d["acked"] == 0 or ours["lost"] > 0 or bool(ours["closes"])
    if args.smoke:
        print("smoke run: targets not applied")
        return not broken
    print("\nTargets:")
    failed = broken
    for target, figure, ok in evaluate(ours, bare, args):
        mark = "n/a " if ok is None else verdict(ok)
        print(f"  {mark}  {target}: {figure}")
        failed |= ok is False
    return not failed
