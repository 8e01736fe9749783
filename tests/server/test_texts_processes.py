"""The scenario's texts documents on two ``crisis-table serve`` processes over one
PostgreSQL database and one Redis: a seat reads its own role sheet and no other's on
either process, whichever process it joined on (docs/i18n.md, "The scenario's texts").
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import httpx

from tests.server.realserver import RedisServer, Server, gather_all

TEST_BUDGET = 90.0
"""No test may take longer than this, whatever happens."""


async def texts(server: Server, game_id: str, lang: str, *, token: str | None = None,
                key: str | None = None, code: str | None = None,
                viewer: str | None = None) -> httpx.Response:
    headers = {}
    if token:
        headers["X-Seat-Token"] = token
    if key:
        headers["X-Instructor-Key"] = key
    params = {k: v for k, v in (("code", code), ("viewer", viewer)) if v}
    async with server.http() as client:
        return await client.get(f"/api/games/{game_id}/texts/{lang}", headers=headers,
                                params=params)


def roles(document: dict[str, Any]) -> set[str]:
    return {k.split(".")[1] for k in document["texts"] if ".role." in k}


async def test_each_seat_reads_only_its_own_role_sheet_on_every_process(
        tmp_path: Path, postgres_url: str) -> None:
    redis = RedisServer(tmp_path)
    redis.start()
    a = Server(tmp_path, database=postgres_url, bus=redis.url, name="server-A")
    b = Server(tmp_path, database=postgres_url, bus=redis.url, name="server-B")
    try:
        async with asyncio.timeout(TEST_BUDGET):
            await played(a, b)
    finally:
        await gather_all(a.stop(), b.stop())
        redis.stop()
    logs = a.log() + b.log()
    assert "Traceback" not in logs, logs


async def played(a: Server, b: Server) -> None:
    """EST joins on A, POL on B; every document asked of each process."""
    await gather_all(a.start(), b.start())
    game = await a.create_game("february-2022")
    est = await a.join(game["code"], "Élise", "EST")
    pol = await b.join(game["code"], "Piotr", "POL")
    game_id = game["game_id"]
    for server in (a, b):
        for seat, mine in ((est, "EST"), (pol, "POL")):
            for lang in ("fr", "en"):
                answer = await texts(server, game_id, lang, token=seat["token"])
                assert answer.status_code == 200, (server.name, answer.text)
                document = answer.json()
                assert document["viewer"] == mine
                assert roles(document) == {mine}, (server.name, mine, roles(document))
        public = await texts(server, game_id, "fr", code=game["code"])
        assert public.status_code == 200 and roles(public.json()) == set(), server.name
        other = await texts(server, game_id, "fr", token=est["token"], viewer="POL")
        assert other.status_code == 403, (server.name, other.text)
        assert other.json()["error"]["code"] == "perspective_closed"
        stranger = await texts(server, game_id, "fr", token="not-a-seat")
        assert stranger.status_code == 401, (server.name, stranger.text)
        assert stranger.json()["error"]["code"] == "viewer_unknown"
        every = await texts(server, game_id, "es", key=game["instructor_key"])
        assert {"EST", "POL", "RUS"} <= roles(every.json()), server.name
