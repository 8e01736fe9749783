"""The fault campaign's report: its figures, those that must be zero, and the text it
prints (``bench/faults.py`` runs the campaign and fills the figures in)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Figures:
    values: dict[str, Any] = field(default_factory=dict)

    def __getitem__(self, key: str) -> Any:
        return self.values[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.values[key] = value


FAILING = ("lost", "duplicated", "refused_but_stored", "ack_mismatches", "unanswered", "gaps",
           "stream_duplicates", "wrong_missed", "behind_welcomes", "clients_behind",
           "altered_events", "diverged", "early_clock_actions")
"""Figures that must be zero."""


def report(figures: Figures) -> str:
    """The figures as the campaign prints them, with PASS or FAIL."""
    f = figures.values
    lines = [
        "The fault campaign",
        f"  {f['processes']} processes on {f['database']}, {f['games']} games, "
        f"{f['clients']} clients, {f['duration_s']} s of load",
        f"  kills (SIGKILL)            {f['kills']}",
        f"  restarts                   {f['restarts']} (to /healthz ok: mean "
        f"{f['restart_s_mean']} s, max {f['restart_s_max']} s)",
        f"  connections                {f['connections']} ({f['failed_connects']} failed "
        "attempts)",
        f"  actions sent               {f['actions_sent']}",
        f"  acknowledged               {f['acked']}",
        f"  refused (with a code)      {f['refused']}",
        f"  stored (of those sent)     {f['stored']}",
        f"  resent (same client_id)    {f['resends']} (server_busy/rate_limited: "
        f"{f['busy_resends']})",
        f"  lost                       {f['lost']}",
        f"  duplicated                 {f['duplicated']}",
        f"  refused but stored         {f['refused_but_stored']}",
        f"  acks at the wrong seq      {f['ack_mismatches']}",
        f"  unanswered                 {f['unanswered']}",
        f"  events stored              {f['events_stored']}",
        f"  event frames received      {f['event_frames']}",
        f"  gaps in streams            {f['gaps']}",
        f"  duplicates in streams      {f['stream_duplicates']}",
        f"  welcomes behind last_seq   {f['behind_welcomes']}",
        f"  welcomes with wrong missed {f['wrong_missed']}",
        f"  view resets (gap too big)  {f['view_resets']}",
        f"  clients behind at the end  {f['clients_behind']}",
        f"  events shown altered       {f['altered_events']}",
        f"  diverged states            {f['diverged']} (processes x games, and "
        f"{f['snapshots_checked']} snapshots)",
        f"  clock actions              {f['clock_actions']} (not due when fired: "
        f"{f['early_clock_actions']})",
        f"  caretaker actions          {f['caretaker_actions']}",
        "  stored actions by kind     " + ", ".join(f"{k} {n}" for k, n in
                                                   f["stored_by_kind"].items()),
        f"  duration                   {f['duration_s']} s",
    ]
    bad = [k for k in FAILING if f[k]]
    lines.append("RESULT: " + ("FAIL (" + ", ".join(bad) + ")" if bad else "PASS"))
    return "\n".join(lines)
