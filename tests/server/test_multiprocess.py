"""Three ``crisis-table serve`` processes on one PostgreSQL database and one Redis.

Each test starts processes A, B and C on free ports of 127.0.0.1 against a fresh
PostgreSQL database (the ``postgres_url`` fixture, dropped afterwards) and a
private redis-server on a free port (so that a test may kill and restart it),
and spreads one class across them: the seats of one game sit on different
processes. Everything is stopped by pid, every wait is bounded.

1. A game played across the processes: a veto, Article 5 under silence (the
   deadline fires exactly once, whichever process holds the clock), messages
   seen on every process; then every seat hammers the game at once from three
   processes: one continuous log, every stream without gaps or duplicates, every
   process's state equal to a fresh fold of the stored events.
2. kill -9 of a process in the middle of a burst: its clients resume on the
   others with ``last_seq``, resend what was not acknowledged, and nothing is
   lost or doubled; the pending silence deadline still fires once. Then Redis
   is killed and restarted: events keep flowing (the processes poll the store
   while it is away), the processes resubscribe, and events from A reach
   clients on B and C through the bus again.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import orjson
import pytest
import redis.asyncio as aioredis

from game_rules import event_from_dict, fold, load_scenario, new_game, view_for
from server.redis_bus import WRITER_PREFIX
from tests.server.realserver import (
    ALLIES,
    COUNCIL_2022,
    DRAFT,
    RedisServer,
    Seat,
    Server,
    assert_continuous,
    assert_redacted_copy,
    gather_all,
    matching,
    scenario,
    vote,
    within,
)

PROCESSES = ("A", "B", "C")
TEST_BUDGET = 90.0
"""No test may take longer than this, whatever happens."""
bounded = within(TEST_BUDGET)
SEATS = [*COUNCIL_2022, "EST", "LVA", "LTU", "POL"]
ALLY_SEATS = [c for c in ALLIES if c in SEATS]
BUS_LATENCY = 3.0
"""A bound on an event's way from one process to a client of another through Redis
(generous for a busy machine: without the bus, a healthy process would hear of it only
when it next reads the store, every 15 s)."""


class Cluster:
    """Three servers on one database and one bus, a game, its seats spread across them."""

    def __init__(self, workdir: Path, database: str, redis: RedisServer) -> None:
        self.redis = redis
        self.servers = {name: Server(workdir, database=database, bus=redis.url,
                                     name=f"server-{name}") for name in PROCESSES}
        self.game: dict[str, Any] = {}
        self.seats: dict[str, Seat] = {}
        self.instructor: Seat | None = None
        self.home: dict[str, str] = {}
        """seat name -> the process it is connected to."""

    def everyone(self) -> list[Seat]:
        return [*self.seats.values(), *([self.instructor] if self.instructor else [])]

    def allies(self) -> list[Seat]:
        return [self.seats[c] for c in ALLY_SEATS] + ([self.instructor] if self.instructor else [])

    def on(self, process: str) -> list[Seat]:
        return [s for s in self.everyone() if self.home[s.name] == process]

    def live(self) -> list[Server]:
        return [s for s in self.servers.values() if s.proc is not None]

    async def start(self) -> None:
        await gather_all(*(s.start() for s in self.servers.values()))

    async def open(self, silence_seconds: int = 3) -> None:
        """A game made on A; seat i joins (over HTTP) and connects on process i mod 3;
        the instructor sits on C."""
        a = self.servers["A"]
        self.game = await a.create_game(scenario(silence_seconds=silence_seconds))
        for i, country in enumerate(SEATS):
            process = PROCESSES[i % len(PROCESSES)]
            seat = await self.servers[process].join(self.game["code"], f"Delegate of {country}",
                                                   country)
            self.seats[country] = Seat(country, seat["token"], country)
            self.home[country] = process
        self.instructor = Seat("instructor", self.game["instructor_key"])
        self.home["instructor"] = "C"
        welcomes = await gather_all(*(s.join(self.servers[self.home[s.name]], last_seq=0)
                                      for s in self.everyone()))
        for seat, welcome in zip(self.everyone(), welcomes, strict=True):
            assert welcome["game"]["id"] == self.game["game_id"]
            assert welcome["seat"]["country"] == seat.country

    async def start_game(self) -> None:
        answer = await self.servers["B"].instructor_act(self.game, {"kind": "start"})
        assert answer["ok"] is True
        await gather_all(*(s.wait_event("game_started") for s in self.everyone()))

    async def move(self, seats: list[Seat], targets: list[str]) -> dict[str, dict[str, Any]]:
        """These seats (their sockets gone) resume on other processes with ``last_seq``:
        the welcome, then exactly the events after last_seq up to the welcome's seq."""
        before = {s.name: s.last_seq for s in seats}
        for seat, target in zip(seats, targets, strict=True):
            self.home[seat.name] = target
        welcomes = await gather_all(*(s.join(self.servers[self.home[s.name]],
                                             last_seq=s.last_seq) for s in seats))
        out = {}
        for seat, welcome in zip(seats, welcomes, strict=True):
            assert welcome["resumed_from"] == before[seat.name]
            assert welcome["seq"] >= before[seat.name], (seat.name, welcome["seq"], before)
            assert welcome["missed"] == welcome["seq"] - before[seat.name], (seat.name, welcome)
            out[seat.name] = welcome
        for seat, welcome in zip(seats, welcomes, strict=True):
            await seat.wait_seq(welcome["seq"])
            resumed = [f["seq"] for f in seat.frames[1:] if f["type"] == "event"]
            assert resumed[:welcome["missed"]] == list(range(before[seat.name] + 1,
                                                             welcome["seq"] + 1)), seat.name
        return out

    async def log(self) -> list[dict[str, Any]]:
        return await self.live()[0].events(self.game)

    async def settle(self) -> list[dict[str, Any]]:
        """Wait until every client has the whole log; check the log and every stream."""
        log = await self.log()
        while True:
            last = log[-1]["seq"]
            await gather_all(*(s.wait_seq(last) for s in self.everyone()))
            again = await self.log()
            if again[-1]["seq"] == last:
                break
            log = again
        assert [row["seq"] for row in log] == list(range(1, last + 1)), "the log has gaps"
        for seat in self.everyone():
            assert_continuous(seat, last)
            assert_redacted_copy(seat, log)
        return log

    async def check_record(self, log: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Every acknowledged action is in the record once, where its ack said; every
        repeated answer is the first one."""
        record = await self.live()[-1].record(self.game)
        actions: list[dict[str, Any]] = record["actions"]
        by_seq = {row["seq"]: row for row in log}
        assert max(row["action"] for row in log) == len(actions)
        checked = 0
        for seat in self.seats.values():
            firsts = seat.first_acks()
            for client_id, ack in firsts.items():
                wanted = {**seat.sent[client_id], "actor": seat.country}
                found = matching(actions, wanted)
                assert len(found) == 1, f"{seat.name} {client_id}: {len(found)} times: {wanted}"
                if ack["events"]:
                    n = by_seq[ack["seq"]]["action"]
                    assert matching([actions[n - 1]], wanted), (client_id, ack, actions[n - 1])
                checked += 1
            for ack in seat.acks:
                assert ack["seq"] == firsts[ack["client_id"]]["seq"], (seat.name, ack)
        assert checked > 0
        assert len(matching(actions, {"kind": "start", "actor": "instructor"})) == 1
        return actions

    async def check_states(self, log: list[dict[str, Any]]) -> None:
        """Every live process holds the state a fresh fold of the stored events gives."""
        record = await self.live()[0].record(self.game)
        initial = new_game(load_scenario(record["scenario"]), record["seed"])
        folded = fold(initial, [event_from_dict(row["event"]) for row in log])
        expected = orjson.loads(orjson.dumps(view_for(folded, "instructor")))
        for server in self.live():
            got = await server.request("GET", f"/api/games/{self.game['game_id']}/view",
                                       key=self.game["instructor_key"], status=200)
            assert got["seq"] == log[-1]["seq"], (server.name, got["seq"], log[-1]["seq"])
            assert got["view"] == expected, f"{server.name} holds another state than the fold"

    async def close(self) -> None:
        for seat in self.everyone():
            await seat.close()
        for server in self.servers.values():
            await server.stop()

    def logs(self) -> str:
        return "\n".join(server.log() for server in self.servers.values())


@pytest.fixture
async def cluster(tmp_path: Path, postgres_url: str) -> AsyncIterator[Cluster]:
    redis = RedisServer(tmp_path)
    redis.start()
    cluster = Cluster(tmp_path, postgres_url, redis)
    try:
        await cluster.start()
        yield cluster
    finally:
        try:
            await cluster.close()
        finally:
            redis.stop()
    logs = cluster.logs()
    assert "Traceback" not in logs, logs


async def request_article5(cluster: Cluster, seconds: float) -> dict[str, Any]:
    est = cluster.seats["EST"]
    await est.ok({"kind": "request_article5", "incident": "inc-est", "deadline": seconds,
                  "text": "Estonia has been attacked."})
    item = await est.wait_event("item_circulated")
    assert item["decision"] == "article5"
    return item


async def see_article5_invoked(seats: list[Seat], item: str, timeout: float = 15.0) -> None:
    for seat in seats:
        await seat.wait_event(lambda e: e["kind"] == "decision_adopted" and e["item"] == item,
                              timeout=timeout)
        invoked = await seat.wait_event("article5_invoked", timeout=timeout)
        assert invoked["item"] == item
        assert len(seat.seen("article5_invoked")) == 1


def fired_once(actions: list[dict[str, Any]], log: list[dict[str, Any]], item: str,
               deadline: float) -> None:
    """Exactly one silence_deadline for the item, by the clock, at or after the deadline."""
    found = matching(actions, {"kind": "silence_deadline", "item": item})
    assert len(found) == 1, found
    assert found[0]["actor"] == "system" and found[0]["at"] >= deadline
    adopted = [r for r in log if r["event"]["kind"] == "decision_adopted"
               and r["event"]["item"] == item]
    assert len(adopted) == 1, adopted


async def crosses(cluster: Cluster, sender: Seat, watchers: list[Seat], text: str,
                  timeout: float = BUS_LATENCY) -> float:
    """A public message from ``sender`` reaches every watcher within ``timeout``; the slowest."""
    start = time.monotonic()
    await sender.ok({"kind": "say", "channel": "public", "text": text})

    async def heard(seat: Seat) -> float:
        await seat.wait_event(lambda e: e.get("text") == text, timeout=timeout)
        return time.monotonic() - start

    return max(await gather_all(*(heard(s) for s in watchers)))


async def hammer(cluster: Cluster, per_seat: int, tag: str) -> None:
    """Every seat sends ``per_seat`` messages as fast as it can, all seats at once (within
    the server's burst of 20 per connection); every one is acknowledged, none refused."""

    async def one(seat: Seat) -> None:
        ids = [f"{tag}-{seat.name}-{i}" for i in range(per_seat)]
        channels = ["public", "NAC" if seat.name in ALLY_SEATS else "UNSC", f"team:{seat.name}"]
        marks = [await seat.submit({"kind": "say", "channel": channels[i % 3],
                                    "text": f"{tag} {seat.name} {i}"}, cid)
                 for i, cid in enumerate(ids)]
        for cid, mark in zip(ids, marks, strict=True):
            answer = await seat.answer(cid, after=mark, timeout=20)
            assert answer["type"] == "ack" and not answer["duplicate"], (seat.name, answer)

    await gather_all(*(one(s) for s in cluster.seats.values()))


# 1. One game, three processes.


@bounded
async def test_a_class_spread_over_three_processes_plays_one_game(cluster: Cluster) -> None:
    await cluster.open()
    assert {cluster.home[s.name] for s in cluster.everyone()} == set(PROCESSES)
    await cluster.start_game()
    seats = cluster.seats

    # The Security Council: a draft on A, the President on another process, fifteen
    # votes at once from three processes, a veto everyone sees.
    await seats["USA"].ok({"kind": "table_draft", "draft": DRAFT, "chapter": "VII",
                           "title": "Aggression against Estonia",
                           "measures": ["determine_threat", "demand_withdrawal"]})
    await seats["RUS"].ok({"kind": "call_vote", "draft": DRAFT})
    await vote(cluster.seats, COUNCIL_2022)
    for seat in cluster.everyone():
        vetoed = await seat.wait_event("draft_vetoed")
        assert vetoed["vetoed_by"] == ["RUS"] and vetoed["votes"] == "11-1-3"
        assert len(seat.seen("vote_cast")) == 15

    # Article 5 under silence: three processes watch the clock, one fires it, once.
    circulated = await request_article5(cluster, 2)
    await see_article5_invoked(cluster.allies(), circulated["item"])

    # Messages: what a client on one process does, clients on the others see, soon.
    slowest = 0.0
    for source, targets in (("A", "B"), ("B", "C"), ("C", "AB")):
        sender = cluster.on(source)[0]
        watchers = [w for t in targets for w in cluster.on(t)]
        slowest = max(slowest, await crosses(cluster, sender, watchers,
                                             f"from {sender.name} on {source}"))
    print(f"slowest delivery across processes: {slowest * 1000:.0f} ms")

    # Every seat at once, from three processes, into the same game: the actions go to
    # the game's one writer (claimed in Redis), and a conflict on (game_id, seq), if
    # any, is settled by reloading and deciding again; nobody notices.
    await hammer(cluster, 12, "hammer")
    direct = aioredis.from_url(cluster.redis.url)
    try:
        assert await direct.get(WRITER_PREFIX + cluster.game["game_id"])  # one process writes it
    finally:
        await direct.aclose()

    log = await cluster.settle()
    actions = await cluster.check_record(log)
    fired_once(actions, log, circulated["item"], circulated["deadline"])
    assert [row["event"]["kind"] for row in log].count("draft_vetoed") == 1
    assert len(matching(actions, {"kind": "vote"})) == 15
    await cluster.check_states(log)


# 2. kill -9 of a process, and Redis restarted, mid-game.


@bounded
async def test_a_killed_process_and_a_restarted_redis_lose_nothing(cluster: Cluster) -> None:
    await cluster.open()
    await cluster.start_game()
    seats = cluster.seats
    a, b, c = (cluster.servers[p] for p in PROCESSES)

    await seats["GBR"].ok({"kind": "table_draft", "draft": DRAFT, "chapter": "VII",
                           "measures": ["determine_threat", "demand_withdrawal"]})
    await seats["RUS"].ok({"kind": "call_vote", "draft": DRAFT})
    early = ["USA", "GBR", "FRA", "ALB", "BRA", "GAB", "GHA", "IRL"]
    await vote(cluster.seats, early)
    await gather_all(
        seats["USA"].ok({"kind": "say", "channel": "public", "text": "before the crash"}),
        seats["EST"].ok({"kind": "say", "channel": "NAC", "text": "allies only"}),
        seats["POL"].ok({"kind": "say", "channel": "team:POL", "text": "note to self"}))
    circulated = await request_article5(cluster, 6)
    item = circulated["item"]

    # A burst from every process; B dies once the first of its part is acknowledged.
    burst = [(seat, f"burst-{seat.name}",
              {"kind": "say", "channel": "public", "text": f"burst {seat.name}"})
             for seat in cluster.seats.values()]
    marks = {cid: await seat.submit(action, cid) for seat, cid, action in burst}
    on_b = [(s, cid) for s, cid, _ in burst if cluster.home[s.name] == "B"]
    await on_b[0][0].answer(on_b[0][1], after=marks[on_b[0][1]])
    victims = cluster.on("B")
    await b.crash()
    assert time.time() < circulated["deadline"], "the deadline passed before the crash"
    await gather_all(*(s.dropped() for s in victims))
    for seat, cid, _ in burst:  # the survivors' answers come as usual
        if cluster.home[seat.name] != "B":
            answer = await seat.answer(cid, after=marks[cid])
            assert answer["type"] == "ack", answer
    acked_before = {(s.name, k) for s in cluster.seats.values() for k in s.first_acks()}

    # B's clients resume on A and C, and resend what they sent (answered or not).
    welcomes = await cluster.move(victims, [PROCESSES[0] if i % 2 else PROCESSES[2]
                                            for i in range(len(victims))])
    assert all(w["missed"] >= 0 for w in welcomes.values())
    for seat, cid, action in burst:
        if seat in victims:
            answer = await seat.act(action, client_id=cid)
            assert answer["type"] == "ack", answer
            if (seat.name, cid) in acked_before:  # (one whose ack died with B is one too)
                assert answer["duplicate"] is True, (cid, answer)

    # The silence deadline fires, once, from A or C.
    await see_article5_invoked(cluster.allies(), item)
    await vote(cluster.seats, [m for m in COUNCIL_2022 if m not in early])
    for seat in cluster.everyone():
        await seat.wait_event("draft_vetoed")

    # Redis dies. Events still flow (the processes read the store while the bus is down).
    cluster.redis.stop()
    # A client acts on A and moves to C at once: C has not heard of it (no bus), and
    # must read the store before its welcome, or the client would get the event twice.
    mover = next(s for s in reversed(cluster.on("A")) if s.country)
    ack = await mover.ok({"kind": "say", "channel": "public", "text": "moving to C"})
    await mover.wait_seq(ack["seq"])
    await mover.close()
    await cluster.move([mover], ["C"])
    sender = cluster.on("A")[0]
    watchers = cluster.on("C")
    await crosses(cluster, sender, watchers, "while Redis is away", timeout=10)
    # Redis comes back, empty: every process resubscribes and catches up.
    cluster.redis.start()
    for server in (a, c):
        give_up = time.monotonic() + 15
        while (await server.request("GET", "/healthz", status=200))["bus"] != "ok":
            assert time.monotonic() < give_up, f"{server.name} did not get Redis back"
            await asyncio.sleep(0.1)
    # B comes back too, on the same port; two of its old clients return to it.
    await b.start()
    returning = [s for s in victims if s.name != "instructor"][:2]
    for seat in returning:
        await seat.close()
    await cluster.move(returning, ["B"] * len(returning))
    assert (await b.request("GET", "/healthz", status=200))["bus"] == "ok"
    # Through the bus again: from A to B and C, from B to A, from C to A and B.
    slowest = 0.0
    for source, targets in (("A", "BC"), ("B", "AC"), ("C", "AB")):
        sender = next(s for s in cluster.on(source) if s.country)
        watchers = [w for t in targets for w in cluster.on(t)]
        slowest = max(slowest, await crosses(cluster, sender, watchers, f"after Redis, {source}"))
    print(f"slowest delivery across processes after the Redis restart: {slowest * 1000:.0f} ms")
    await hammer(cluster, 5, "after")

    log = await cluster.settle()
    actions = await cluster.check_record(log)
    for seat, cid, action in burst:
        assert len(matching(actions, {**action, "actor": seat.country})) == 1, cid
    fired_once(actions, log, item, circulated["deadline"])
    assert len(matching(actions, {"kind": "vote"})) == 15
    await cluster.check_states(log)


@bounded
async def test_a_vote_waits_for_a_student_on_another_process_not_for_an_absent_one(
        cluster: Cluster) -> None:
    """Who is connected crosses processes (Redis): the roster read on any process shows every
    student online, and a vote does not hand France to its caretaker while France's student is
    connected to another process, however long the grace has run. Once that student is gone,
    France's caretaker votes when the grace has run, and the vote closes by itself."""
    await cluster.open()
    await cluster.start_game()
    seats, game = cluster.seats, cluster.game
    key = game["instructor_key"]
    roster_path = f"/api/games/{game['game_id']}/roster"
    for server in cluster.servers.values():
        roster = await server.request("GET", roster_path, key=key, status=200)
        assert {s["country"] for s in roster if s["online"]} >= set(SEATS), server.name
    assert (await cluster.servers["A"].instructor_act(game, {"kind": "set_vote_grace",
                                                             "seconds": 1}))["ok"]
    others = [c for c in COUNCIL_2022 if c != "FRA"]

    await seats["USA"].ok({"kind": "table_draft", "draft": DRAFT, "title": "First"})
    await seats["RUS"].ok({"kind": "call_vote", "draft": DRAFT})
    await vote(seats, others)
    await asyncio.sleep(2.0)                              # the grace has run twice over
    await seats["FRA"].ok({"kind": "vote", "draft": DRAFT, "vote": "yes"})
    closed = await seats["EST"].wait_event("draft_vetoed")
    assert closed["votes"] == "11-1-3"
    own = [e for e in seats["EST"].seen("vote_cast") if e["country"] == "FRA"]
    assert [e["vote"] for e in own] == ["yes"]            # France's student voted, not a caretaker

    await seats["FRA"].close()
    for server in cluster.servers.values():
        async def france_offline(server: Server = server) -> bool:
            roster = await server.request("GET", roster_path, key=key, status=200)
            return not any(s["online"] for s in roster if s["country"] == "FRA")
        deadline = time.monotonic() + BUS_LATENCY * 3
        while not await france_offline():
            assert time.monotonic() < deadline, f"{server.name} still sees France online"
            await asyncio.sleep(0.1)
    second = "S/2022/156"
    await seats["USA"].ok({"kind": "table_draft", "draft": second, "title": "Second"})
    await seats["RUS"].ok({"kind": "call_vote", "draft": second})
    for country in others:
        await seats[country].ok({"kind": "vote", "draft": second, "vote": "yes"})
    adopted = await seats["EST"].wait_event(lambda e: e.get("kind") == "draft_adopted"
                                            and e.get("draft") == second, timeout=15.0)
    assert adopted["votes"] == "14-0-1"
    france = [e for e in seats["EST"].seen("vote_cast") if e["country"] == "FRA"
              and e["draft"] == second]
    assert [e["vote"] for e in france] == ["abstain"]     # its caretaker, by the default policy
