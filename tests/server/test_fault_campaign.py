"""The fault campaign's short run (``bench/faults.py --short``): two server processes on a
fresh PostgreSQL database and a private Redis, SIGKILLed a few times under load from
reconnecting clients. No timing is asserted; the figures that must be zero are.

The long run is documented in docs/faults.md.
"""

from __future__ import annotations

import asyncio
import os
import secrets
import sys
from pathlib import Path

import asyncpg

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # bench/ is not an installed package
    sys.path.insert(0, str(ROOT))

from bench.faults import FAILING, Campaign, parse, report  # noqa: E402

PG_ADMIN = os.environ.get("CRISIS_TABLE_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
BUDGET = 150.0


async def _drop(name: str) -> None:
    conn = await asyncpg.connect(PG_ADMIN, timeout=10)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()


async def test_the_short_fault_campaign_loses_and_doubles_nothing(tmp_path: Path) -> None:
    name = f"ct_test_faults_{secrets.token_hex(5)}"
    server = PG_ADMIN.rsplit("/", 1)[0].replace("postgresql://", "postgresql+asyncpg://")
    opts = parse(["--short", "--quiet", "--database", f"{server}/postgres", "--pg-name", name])
    campaign = Campaign(opts, tmp_path)
    try:
        async with asyncio.timeout(BUDGET):
            figures = await campaign.run()
    finally:
        await _drop(name)  # the campaign drops it too; this is for a run cut short
    print(report(figures, opts))
    f = figures.values
    assert f["kills"] >= opts.kills and f["restarts"] == f["kills"]
    assert f["acked"] > 0 and f["event_frames"] > 0
    assert f["stored"] == f["acked"]
    assert {k: f[k] for k in FAILING} == dict.fromkeys(FAILING, 0), report(figures, opts)
    logs = "\n".join(slot.logs() for slot in campaign.slots)
    assert "Traceback" not in logs, logs[-5000:]
