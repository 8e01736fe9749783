"""The load benchmark's smoke mode runs end to end (``python -m bench.load --smoke``).

It starts ``crisis-table serve`` and the bare broadcast server as subprocesses,
plays 2 games x 5 clients for 3 seconds against each, kills the game server
with SIGKILL and reads its SQLite file. No timing is asserted here (the
figures depend on the machine): only that the run worked and that every
acked action was stored.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_load_smoke(tmp_path: Path) -> None:
    out = tmp_path / "load.json"
    run = subprocess.run([sys.executable, "-m", "bench.load", "--smoke", "--json", str(out)],
                         cwd=ROOT, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                         timeout=300)
    shown = f"stdout:\n{run.stdout}\nstderr:\n{run.stderr}"
    assert run.returncode == 0, shown
    for figure in ("accepted", "send -> ack", "send -> delivery", "deliveries", "CPU",
                   "peak RSS", "durability", "== bench/bare.py", "Every acked action stored: yes"):
        assert figure in run.stdout, (figure, shown)

    results = json.loads(out.read_text())["results"]
    ours = results["crisis-table"]
    stored = ours["durability"]
    assert stored["acked"] > 0, shown
    assert stored["acked"] == ours["acked_total"], shown
    assert stored["acked_missing"] == 0, shown
    # Anything stored beyond the acked actions was still unanswered when the clients stopped.
    assert 0 <= stored["load_actions_stored"] - stored["acked"] <= ours["unanswered"], shown
    assert ours["segments"][0]["acked"] > 0, shown
    assert results["bare"]["segments"][0]["acked"] > 0, shown


def test_the_bare_server_writing_as_the_game_server_does_delivers_every_frame(
        tmp_path: Path) -> None:
    """``--bare-wire``: the bare baseline with the game server's send path (server/wire.py)."""
    out = tmp_path / "bare.json"
    run = subprocess.run([sys.executable, "-m", "bench.load", "--smoke", "--only", "bare",
                          "--bare-wire", "--json", str(out)],
                         cwd=ROOT, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                         timeout=300)
    shown = f"stdout:\n{run.stdout}\nstderr:\n{run.stderr}"
    assert run.returncode == 0, shown
    assert "--wire" in run.stdout and "frames written as the game server writes them" in run.stdout
    bare = json.loads(out.read_text())["results"]["bare"]
    steady = bare["segments"][0]
    assert steady["acked"] > 0 and steady["acked"] == steady["sent"], shown
    assert "unanswered after the drain: 0" in run.stdout, shown
    assert "connections lost: 0" in run.stdout, shown
