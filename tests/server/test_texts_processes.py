"""The scenario's texts documents on two ``crisis-table serve`` processes over one
PostgreSQL database and one Redis (docs/i18n.md, "The scenario's texts";
game_rules/texts.py):

- a seat reads its own role sheet and no other's on either process, whichever process it
  joined on;
- what the instructor reveals on process A reaches the documents process B gives, and only
  those the rules give it to: an inject released to some allies, the students of those
  allies (not another country's, not an observer, not the projector); an entry of the
  history track, every reader once the instructor reveals it (and no other entry), every
  entry once the game has ended;
- a seat reset, removed or moved on process A reads on process B what it now is: nothing
  with its old token (a reset's new one reads its role sheet), its new country's role
  sheet and not its old one.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import httpx

from tests.server.realserver import RedisServer, Seat, Server, gather_all

TEST_BUDGET = 120.0
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


def keys(document: dict[str, Any], prefix: str) -> set[str]:
    return {k for k in document["texts"] if k.startswith(prefix)}


async def document(server: Server, game_id: str, lang: str = "fr", **asker: Any) -> dict[str, Any]:
    """The texts document ``server`` gives the asker (a token, the key or the join code)."""
    answer = await texts(server, game_id, lang, **asker)
    assert answer.status_code == 200, (server.name, asker, answer.text)
    found: dict[str, Any] = answer.json()
    return found


async def on_two_processes(tmp_path: Path, postgres_url: str,
                           play: Callable[[Server, Server], Awaitable[None]]) -> None:
    """``play`` on two processes over a fresh PostgreSQL database and one Redis, within the
    time budget; neither process may log a traceback."""
    redis = RedisServer(tmp_path)
    redis.start()
    a = Server(tmp_path, database=postgres_url, bus=redis.url, name="server-A")
    b = Server(tmp_path, database=postgres_url, bus=redis.url, name="server-B")
    try:
        async with asyncio.timeout(TEST_BUDGET):
            await gather_all(a.start(), b.start())
            await play(a, b)
    finally:
        await gather_all(a.stop(), b.stop())
        redis.stop()
    logs = a.log() + b.log()
    assert "Traceback" not in logs, logs


async def test_each_seat_reads_only_its_own_role_sheet_on_every_process(
        tmp_path: Path, postgres_url: str) -> None:
    await on_two_processes(tmp_path, postgres_url, played)


async def played(a: Server, b: Server) -> None:
    """EST joins on A, POL on B; every document asked of each process."""
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


async def test_what_the_instructor_reveals_on_one_process_reaches_only_its_readers_on_the_other(
        tmp_path: Path, postgres_url: str) -> None:
    await on_two_processes(tmp_path, postgres_url, revealed)


async def revealed(a: Server, b: Server) -> None:
    """february-2022: Estonia (one of the eight allies that round 1's ``r1-eight`` is for),
    the United States (not one of them) and an observer join on B, where Estonia's socket
    is; the instructor starts the game, reveals an entry of the history track and ends the
    game on A. Each document is asked of B once Estonia's socket on B has the event."""
    game = await a.create_game("february-2022")
    code = game["code"]
    est = await b.join(code, "Élise", "EST")
    usa = await b.join(code, "Sam", "USA")
    observer = await b.request("POST", f"/api/join/{code}", status=201,
                               json_body={"nickname": "Olga", "role": "observer"})
    assert observer["role"] == "observer" and observer["country"] is None, observer
    readers = {"EST": {"token": est["token"]}, "USA": {"token": usa["token"]},
               "observer": {"token": observer["token"]}, "projector": {"code": code}}
    socket = Seat("EST", est["token"], "EST")
    await socket.join(b)
    try:
        await reveals_reach_b(a, b, game, readers, socket)
    finally:
        await socket.close()


async def reveals_reach_b(a: Server, b: Server, game: dict[str, Any],
                          readers: dict[str, dict[str, str]], socket: Seat) -> None:
    game_id = game["game_id"]
    every = await document(b, game_id, key=game["instructor_key"])
    # The instructor reads them all from the start: what the others lack, they are kept from.
    assert {"injects.r1-eight.title", "history.invasion.proposed",
            "history.nac-article4.proposed"} <= set(every["texts"]), every["texts"].keys()
    etags = {}
    for name, asker in readers.items():
        doc = await document(b, game_id, **asker)
        assert keys(doc, "injects.") == set(), (name, keys(doc, "injects."))
        assert keys(doc, "history.") == set(), (name, keys(doc, "history."))
        etags[name] = (await texts(b, game_id, "fr", **asker)).headers["etag"]

    # Round 1's news, released on A: Estonia's document on B holds the news for the eight
    # allies; the United States', the observer's and the projector's hold the public news
    # only. No history yet.
    await a.instructor_act(game, {"kind": "start"})
    await socket.wait_event(lambda e: e.get("kind") == "inject_released"
                            and e.get("inject") == "r1-eight")
    allies = {"injects.r1-invasion.title", "injects.r1-invasion.text",
              "injects.r1-eight.title", "injects.r1-eight.text"}
    public = {"injects.r1-invasion.title", "injects.r1-invasion.text"}
    for name, asker in readers.items():
        doc = await document(b, game_id, **asker)
        assert keys(doc, "injects.") == (allies if name == "EST" else public), (
            name, keys(doc, "injects."))
        assert keys(doc, "history.") == set(), (name, keys(doc, "history."))
        # A page that kept the document before is not answered 304: it reads the news.
        again = await texts(b, game_id, "fr", **asker)
        assert again.headers["etag"] != etags[name], name
        etags[name] = again.headers["etag"]

    # The instructor reveals the invasion on A: everyone reads it on B, and no other entry.
    await a.instructor_act(game, {"kind": "reveal_history", "entry": "invasion"})
    await socket.wait_event(lambda e: e.get("kind") == "history_revealed"
                            and e.get("entry") == "invasion")
    invasion = {k for k in every["texts"] if k.startswith("history.invasion.")}
    assert invasion, every["texts"].keys()
    for name, asker in readers.items():
        doc = await document(b, game_id, **asker)
        assert keys(doc, "history.") == invasion, (name, keys(doc, "history."))
        assert keys(doc, "injects.") == (allies if name == "EST" else public), name
        again = await texts(b, game_id, "fr", **asker)
        assert again.headers["etag"] != etags[name], name

    # The game ends on A: every entry of the track is everyone's on B; the news for the
    # eight allies is still theirs only.
    await a.instructor_act(game, {"kind": "end"})
    await socket.wait_event("game_ended")
    track = keys(every, "history.")
    for name, asker in readers.items():
        doc = await document(b, game_id, **asker)
        assert keys(doc, "history.") == track, (name, track - keys(doc, "history."))
        assert ("injects.r1-eight.title" in doc["texts"]) is (name == "EST"), name
        assert "injects.r1-abstainers.title" not in doc["texts"], name


async def test_a_seat_reset_removed_or_moved_on_one_process_reads_what_it_now_is_on_the_other(
        tmp_path: Path, postgres_url: str) -> None:
    await on_two_processes(tmp_path, postgres_url, remedied)


async def remedied(a: Server, b: Server) -> None:
    """Estonia, Latvia and Poland join on B, and read their role sheets there (B has seen
    their tokens); the instructor resets Estonia's seat, removes Latvia's and moves Poland
    to Germany on A."""
    game = await a.create_game("february-2022")
    game_id, code, key = game["game_id"], game["code"], game["instructor_key"]
    joined = {c: await b.join(code, f"Delegate of {c}", c) for c in ("EST", "LVA", "POL")}
    for country, seat in joined.items():
        assert roles(await document(b, game_id, token=seat["token"])) == {country}

    seats = f"/api/games/{game_id}/seats"
    reset = await a.request("POST", f"{seats}/{joined['EST']['seat_id']}/reset", key=key,
                            status=200)
    await a.request("DELETE", f"{seats}/{joined['LVA']['seat_id']}", key=key, status=200)
    await a.request("POST", f"{seats}/{joined['POL']['seat_id']}/move", key=key,
                    json_body={"country": "DEU"}, status=200)

    for server in (b, a):
        for country in ("EST", "LVA"):
            old = await texts(server, game_id, "fr", token=joined[country]["token"])
            assert old.status_code == 401, (server.name, country, old.text)
            assert old.json()["error"]["code"] == "viewer_unknown"
            # With the join code too, the old token reads the public texts only.
            public = await document(server, game_id, token=joined[country]["token"], code=code)
            assert public["viewer"] == "public" and roles(public) == set(), (server.name,
                                                                             country)
        fresh = await document(server, game_id, token=reset["token"])
        assert fresh["viewer"] == "EST" and roles(fresh) == {"EST"}, server.name
        moved = await document(server, game_id, token=joined["POL"]["token"])
        assert moved["viewer"] == "DEU" and roles(moved) == {"DEU"}, (server.name,
                                                                      roles(moved))
