"""The fault campaign's short run (``bench/faults.py --short``): two server processes on a
fresh PostgreSQL database and a private Redis, SIGKILLed a few times under load from
reconnecting clients. No timing is asserted; the figures that must be zero are.

The long run is documented in docs/faults.md.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from bench.faults import Campaign, parse
from bench.faults_report import FAILING, report
from bench.harness import PostgresDatabase

BUDGET = 150.0


async def test_the_short_fault_campaign_loses_and_doubles_nothing(tmp_path: Path) -> None:
    database = PostgresDatabase("ct_test_faults")
    opts = parse(["--short", "--quiet", "--database", database.admin_url,
                  "--pg-name", database.name])
    campaign = Campaign(opts, tmp_path)
    try:
        async with asyncio.timeout(BUDGET):
            figures = await campaign.run()
    finally:
        await database.drop()  # the campaign drops it too; this is for a run cut short
    print(report(figures))
    f = figures.values
    assert f["kills"] >= opts.kills and f["restarts"] == f["kills"]
    assert f["acked"] > 0 and f["event_frames"] > 0
    assert f["stored"] == f["acked"]
    assert {k: f[k] for k in FAILING} == dict.fromkeys(FAILING, 0), report(figures)
    logs = "\n".join(slot.process.log() for slot in campaign.slots)
    assert "Traceback" not in logs, logs[-5000:]
