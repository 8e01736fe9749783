"""The real server, as a process: ``crisis-table serve`` on 127.0.0.1, played over websockets.

Every test starts its own server on a free port with a fresh SQLite file, and
stops it (or kills it) by its pid. Every wait is bounded; a test fails with
what the clients saw rather than hang.

1. A whole game: 15 Council seats and the allies at their own sockets; a veto;
   Article 5 adopted by the silence procedure when the clock runs out; pledges.
2. kill -9 in the middle of a game, and a restart on the same port and file:
   nothing acknowledged is lost or doubled, clients resume without a gap, the
   pending silence deadline still fires, a resent client_id is a duplicate.
3. A deadline that passes while the server is down fires at start-up.
4. Bad frames against the real process: each gets an error frame with a code
   and the connection and the game go on.
"""

from __future__ import annotations

import asyncio
import json
import signal
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from tests.server.realserver import (
    ALLIES,
    COUNCIL_2022,
    DRAFT,
    HIDDEN,
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

STOPPED = (0, -signal.SIGTERM)
"""How ``serve`` ends on SIGTERM: uvicorn shuts down, then re-raises the signal."""
TEST_BUDGET = 40.0
"""No test may take longer than this, whatever happens."""
bounded = within(TEST_BUDGET)

SEATS = [*COUNCIL_2022, "EST", "LVA", "LTU", "POL"]
"""Every Council member and four more allies; Germany is left to its caretaker."""
ALLY_SEATS = [c for c in ALLIES if c in SEATS]


class Table:
    """A server, a game on it, its seats and the instructor, all at their own sockets."""

    def __init__(self, server: Server) -> None:
        self.server = server
        self.game: dict[str, Any] = {}
        self.seats: dict[str, Seat] = {}
        self.instructor: Seat | None = None
        self.projector: Seat | None = None

    def everyone(self) -> list[Seat]:
        return [*self.seats.values(), *(s for s in (self.instructor, self.projector) if s)]

    def allies(self) -> list[Seat]:
        return [self.seats[c] for c in ALLY_SEATS if c in self.seats] + \
            ([self.instructor] if self.instructor else [])

    async def open(self, countries: list[str], **scenario_options: Any) -> None:
        """Create the game, join a seat for each country, connect everyone (from seq 0)."""
        self.game = await self.server.create_game(scenario(**scenario_options))
        for country in countries:
            joined = await self.server.join(self.game["code"], f"Delegate of {country}", country)
            self.seats[country] = Seat(country, joined["token"], country)
        self.instructor = Seat("instructor", self.game["instructor_key"])
        self.projector = Seat("projector", None, code=self.game["code"])
        welcomes = await gather_all(*(s.join(self.server, last_seq=0) for s in self.everyone()))
        roles = {"instructor": "instructor", "projector": "public"}
        for seat, welcome in zip(self.everyone(), welcomes, strict=True):
            assert welcome["game"]["id"] == self.game["game_id"]
            assert welcome["seat"]["country"] == seat.country
            assert welcome["seat"]["role"] == roles.get(seat.name, "student")

    async def start(self) -> None:
        answer = await self.server.instructor_act(self.game, {"kind": "start"})
        assert answer["ok"] is True
        await gather_all(*(s.wait_event("game_started") for s in self.everyone()))

    async def reconnect(self, seats: list[Seat] | None = None) -> dict[str, dict[str, Any]]:
        """These seats (every one by default) come back with hello {token, last_seq}.

        The welcome comes first, then exactly the events after last_seq up to the
        welcome's seq, in order; their welcomes."""
        seats = self.everyone() if seats is None else seats
        before = {s.name: s.last_seq for s in seats}
        welcomes = await gather_all(*(s.join(self.server, last_seq=s.last_seq) for s in seats))
        out = {}
        for seat, welcome in zip(seats, welcomes, strict=True):
            assert welcome["resumed_from"] == before[seat.name]
            assert welcome["seq"] >= before[seat.name]
            assert welcome["missed"] == welcome["seq"] - before[seat.name], (seat.name, welcome)
            out[seat.name] = welcome
        for seat, welcome in zip(seats, welcomes, strict=True):
            await seat.wait_seq(welcome["seq"])
            resumed = [f["seq"] for f in seat.frames[1:] if f["type"] == "event"][:welcome["missed"]]
            assert resumed == list(range(before[seat.name] + 1, welcome["seq"] + 1)), seat.name
        return out

    async def settle(self) -> list[dict[str, Any]]:
        """Wait until every client has every event of the log; check the streams; the log."""
        log = await self.server.events(self.game)
        while True:
            last = log[-1]["seq"]
            await gather_all(*(s.wait_seq(last) for s in self.everyone()))
            again = await self.server.events(self.game)
            if again[-1]["seq"] == last:
                break
            log = again
        assert [row["seq"] for row in log] == list(range(1, last + 1)), "the log has gaps"
        for seat in self.everyone():
            assert_continuous(seat, last)
            assert_redacted_copy(seat, log)
        return log

    async def check_record(self, log: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Every acknowledged action is in the record exactly once, where its ack said."""
        record = await self.server.record(self.game)
        actions = record["actions"]
        assert record["scenario"]["id"] == "real-server-2022"
        by_seq = {row["seq"]: row for row in log}
        assert max((row["action"] for row in log), default=0) <= len(actions)
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
            for ack in seat.acks:  # a repeated client_id is answered as the first time
                assert ack["seq"] == firsts[ack["client_id"]]["seq"], (seat.name, ack)
        assert checked > 0
        assert len(matching(actions, {"kind": "start", "actor": "instructor"})) == 1
        return actions  # type: ignore[no-any-return]

    async def close(self) -> None:
        for seat in self.everyone():
            await seat.close()
        await self.server.stop()


@pytest.fixture
async def table(tmp_path: Path) -> AsyncIterator[Table]:
    table = Table(Server(tmp_path))
    try:
        await table.server.start()
        yield table
    finally:
        await table.close()
        log = table.server.log()
        print(log)  # shown when the test fails
    assert "Traceback" not in log, log


async def request_article5(table: Table, seconds: float) -> dict[str, Any]:
    """Estonia asks for Article 5 on inc-est with a short silence; the item circulated."""
    est = table.seats["EST"]
    before = time.time()
    await est.ok({"kind": "request_article5", "incident": "inc-est", "deadline": seconds,
                  "text": "Estonia has been attacked."})
    item = await est.wait_event("item_circulated")
    assert item["decision"] == "article5" and item["incident"] == "inc-est"
    assert before + seconds <= item["deadline"] <= time.time() + seconds
    return item


async def see_article5_invoked(seats: list[Seat], item: str, timeout: float = 10.0) -> None:
    for seat in seats:
        adopted = await seat.wait_event(
            lambda e: e["kind"] == "decision_adopted" and e["item"] == item, timeout=timeout)
        assert adopted["decision"] == "article5"
        invoked = await seat.wait_event("article5_invoked", timeout=timeout)
        assert (invoked["item"], invoked["incident"], invoked["target"]) == (item, "inc-est", "EST")
        assert len(seat.seen("article5_invoked")) == 1


def the_clock_action(actions: list[dict[str, Any]], item: str) -> dict[str, Any]:
    found = matching(actions, {"kind": "silence_deadline", "item": item})
    assert len(found) == 1, found
    assert found[0]["actor"] == "system"
    return found[0]


# 1. A whole game.


@bounded
async def test_a_whole_game_over_real_sockets(table: Table) -> None:
    await table.open(SEATS)
    await table.start()
    assert table.instructor is not None
    # Germany has nobody: its caretaker takes it, which only the instructor sees.
    caretaker = await table.instructor.wait_event("caretaker_set")
    assert caretaker["country"] == "DEU"
    assert HIDDEN in [f["event"] for f in table.seats["EST"].stream]

    # The Security Council: a draft, the President's call, fifteen votes at once, a veto.
    await table.seats["USA"].ok({"kind": "table_draft", "draft": DRAFT, "chapter": "VII",
                                 "title": "Aggression against Estonia",
                                 "measures": ["determine_threat", "demand_withdrawal"]})
    not_president = await table.seats["USA"].act({"kind": "call_vote", "draft": DRAFT})
    assert not_president["type"] == "error" and not_president["code"] == "not_president"
    await table.seats["RUS"].ok({"kind": "call_vote", "draft": DRAFT})
    await vote(table.seats, COUNCIL_2022)
    for seat in table.everyone():
        vetoed = await seat.wait_event("draft_vetoed")
        assert vetoed["draft"] == DRAFT
        assert vetoed["vetoed_by"] == ["RUS"]
        assert vetoed["votes"] == "11-1-3"
        assert len(seat.seen("vote_cast")) == 15

    # The North Atlantic Council: Article 5 under silence; nobody breaks it; the clock adopts it.
    circulated = await request_article5(table, 2)
    await see_article5_invoked(table.allies(), circulated["item"])
    assert time.time() >= circulated["deadline"]
    for seat in table.everyone():  # a determination is public
        await seat.wait_event("article5_invoked")

    # Pledges follow; a state that is not an ally cannot pledge.
    pledges = {"USA": "military", "POL": "economic", "EST": "diplomatic", "GBR": "military"}
    acks = await gather_all(*(table.seats[c].ok({"kind": "pledge", "response": r,
                                                 "incident": "inc-est"})
                              for c, r in pledges.items()))
    refused = await table.seats["IND"].act({"kind": "pledge", "response": "diplomatic"})
    assert refused["type"] == "error" and refused["code"] == "not_an_ally"
    for seat in table.allies():
        await seat.wait_seq(max(ack["seq"] for ack in acks))
        made = {e["ally"]: e["response"] for e in seat.seen("pledge_made")}
        assert made == pledges, (seat.name, made)

    # Everyone talks at once: every message is acknowledged and reaches every seat in order.
    async def chatter(seat: Seat) -> None:
        for n in range(5):
            channel = "NAC" if seat.country in ALLIES and n % 2 else "public"
            await seat.submit({"kind": "say", "channel": channel, "text": f"{seat.name} {n}"},
                              f"{seat.name}-chat-{n}")
        for n in range(5):
            answer = await seat.answer(f"{seat.name}-chat-{n}")
            assert answer["type"] == "ack", answer

    await gather_all(*(chatter(seat) for seat in table.seats.values()))

    log = await table.settle()
    actions = await table.check_record(log)
    assert len(matching(actions, {"kind": "say"})) == 5 * len(table.seats)
    clock = the_clock_action(actions, circulated["item"])
    assert clock["at"] >= circulated["deadline"]
    assert len(matching(actions, {"kind": "pledge"})) == len(pledges)
    assert [row["event"]["kind"] for row in log].count("draft_vetoed") == 1
    assert await table.server.stop() in STOPPED


# 2. kill -9 and a restart.


@bounded
async def test_a_crash_loses_nothing_acknowledged_and_doubles_nothing(table: Table) -> None:
    server = table.server
    await table.open(SEATS)
    await table.start()
    seats = table.seats

    # Half the Council has voted when the server dies: the vote stays open across the crash.
    await seats["GBR"].ok({"kind": "table_draft", "draft": DRAFT, "chapter": "VII",
                           "measures": ["determine_threat", "demand_withdrawal"]})
    await seats["RUS"].ok({"kind": "call_vote", "draft": DRAFT})
    early = ["USA", "GBR", "FRA", "ALB", "BRA", "GAB", "GHA", "IRL"]
    await vote(table.seats, early)

    # An action that would be accepted again if it were applied twice.
    retry = {"kind": "table_draft", "title": "Retry me"}
    first = await seats["NOR"].ok(retry, client_id="nor-retry")
    again = await seats["NOR"].act(retry, client_id="nor-retry")
    assert again["type"] == "ack" and again["duplicate"] is True and again["seq"] == first["seq"]

    # Messages on channels some seats cannot read (they get hidden events in their place).
    await gather_all(
        seats["USA"].ok({"kind": "say", "channel": "public", "text": "before the crash"}),
        seats["EST"].ok({"kind": "say", "channel": "NAC", "text": "allies only"}),
        seats["POL"].ok({"kind": "say", "channel": "team:POL", "text": "note to self"}),
        seats["CHN"].ok({"kind": "say", "channel": "UNSC", "text": "members only"}))

    # India's laptop sends a message and dies before the ack comes back: the action is
    # stored, its ack is lost. Two more laptops go to sleep. All three miss what follows.
    lost = {"kind": "say", "channel": "public", "text": "did this arrive?"}
    await seats["IND"].submit(lost, "ind-lost")
    await seats["IND"].close()
    give_up = time.monotonic() + 5
    while not (stored := [row for row in await server.events(table.game)
                          if row["event"].get("text") == lost["text"]]):
        assert time.monotonic() < give_up, "the message of the closed socket was not stored"
        await asyncio.sleep(0.05)
    sleepers = [seats["LVA"], seats["GAB"], seats["IND"]]
    for seat in sleepers:
        await seat.close()

    circulated = await request_article5(table, 5)
    item = circulated["item"]

    # A burst in flight: the server dies as soon as the first of it is acknowledged.
    burst = [(seats[c], f"burst-{c}", {"kind": "say", "channel": "public", "text": f"burst {c}"})
             for c in ["MEX", "KEN", "LTU", "BRA", "GHA", "IRL", "ARE", "FRA"]]
    marks = [await seat.submit(action, cid) for seat, cid, action in burst]
    await burst[0][0].answer(burst[0][1], after=marks[0])
    await server.crash()
    assert time.time() < circulated["deadline"], "the deadline passed before the crash"
    awake = [s for s in table.everyone() if s not in sleepers]
    await gather_all(*(s.dropped() for s in awake))
    acked_before = {(s.name, a["client_id"]): a for s in table.seats.values()
                    for a in s.first_acks().values()}
    assert (burst[0][0].name, burst[0][1]) in acked_before

    # The same port, the same file. Most come back at once; a few later, and the sleepers.
    await server.start()
    assert table.instructor is not None
    late = [seats["BRA"], seats["POL"], table.instructor, *sleepers]
    first_back = [s for s in table.everyone() if s not in late]
    await table.reconnect(first_back)

    # Resending after the restart: duplicates where stored, applied once where not.
    again = await seats["NOR"].act(retry, client_id="nor-retry")
    assert again["type"] == "ack" and again["duplicate"] is True and again["seq"] == first["seq"]
    for seat, cid, action in burst:
        if seat in late:
            continue
        answer = await seat.act(action, client_id=cid)
        assert answer["type"] == "ack", answer
        if (seat.name, cid) in acked_before:
            assert answer["duplicate"] is True
            assert answer["seq"] == acked_before[(seat.name, cid)]["seq"]

    welcomes = await table.reconnect(late)
    for seat in sleepers:
        assert welcomes[seat.name]["missed"] > 0
    resent = await seats["IND"].act(lost, client_id="ind-lost")
    assert resent["type"] == "ack" and resent["duplicate"] is True, resent
    assert resent["seq"] == stored[0]["seq"]
    for seat, cid, action in burst:
        if seat in late:
            answer = await seat.act(action, client_id=cid)
            assert answer["type"] == "ack", answer
            # Acked before the crash: stored, a duplicate. Not acked: its ack may have died
            # with the server after the commit; stored once either way (the record, below).
            if (seat.name, cid) in acked_before:
                assert answer["duplicate"] is True

    # The silence deadline still fires (or fired at start-up if it passed meanwhile).
    await see_article5_invoked(table.allies(), item)

    # The vote that was open at the crash goes on, and Russia's vote against is a veto.
    await vote(table.seats, [c for c in COUNCIL_2022 if c not in early])
    for seat in table.everyone():
        vetoed = await seat.wait_event("draft_vetoed")
        assert vetoed["vetoed_by"] == ["RUS"] and vetoed["votes"] == "11-1-3"

    log = await table.settle()
    actions = await table.check_record(log)
    assert len(matching(actions, {"kind": "table_draft", "title": "Retry me"})) == 1
    for seat, cid, action in burst:
        assert len(matching(actions, {**action, "actor": seat.country})) == 1, cid
    assert len(matching(actions, {"kind": "vote"})) == 15
    the_clock_action(actions, item)
    # What a seat may not read stayed hidden after the restart too.
    chn_view = {f["seq"]: f["event"] for f in seats["CHN"].stream}
    for row in log:
        if row["event"]["kind"] == "message_sent" and row["event"]["channel"] in ("NAC",
                                                                               "team:POL"):
            assert chn_view[row["seq"]] == HIDDEN


# 3. A deadline that passes while the server is down.


@bounded
async def test_a_deadline_that_passed_while_down_fires_at_start_up(table: Table) -> None:
    server = table.server
    await table.open(["EST", "POL", "USA", "RUS"])
    await table.start()
    circulated = await request_article5(table, 3)
    item, deadline = circulated["item"], circulated["deadline"]

    # A graceful stop with the clients still connected, before the deadline.
    assert await server.stop() in STOPPED
    stopped = time.time()
    assert stopped < deadline, "the server took too long to stop"
    await gather_all(*(s.dropped() for s in table.everyone()))
    assert {s.close_code for s in table.everyone()} == {1012}  # service restart: come back
    await asyncio.sleep(deadline - time.time() + 0.3)

    restarted = time.time()
    await server.start()
    # Nobody is connected: the server fires it by itself.
    give_up = time.monotonic() + 5
    while True:
        log = await server.events(table.game)
        kinds = [row["event"]["kind"] for row in log]
        if "article5_invoked" in kinds:
            break
        assert time.monotonic() < give_up, f"not fired 5s after the restart: {kinds}"
        await asyncio.sleep(0.05)
    assert kinds.count("decision_adopted") == 1
    actions = (await server.record(table.game))["actions"]
    clock = the_clock_action(actions, item)
    assert clock["at"] >= max(deadline, restarted)

    await table.reconnect()
    for seat in table.everyone():
        assert "article5_invoked" in [f["event"]["kind"] for f in seat.frames
                                      if f["type"] == "event"]
    await see_article5_invoked(table.allies(), item, timeout=2)
    await table.seats["POL"].ok({"kind": "pledge", "response": "military"})
    log = await table.settle()
    await table.check_record(log)


# 4. Bad input.


@bounded
async def test_bad_input_gets_error_frames_and_the_game_goes_on(table: Table) -> None:
    server = table.server
    await table.open(["GBR", "USA", "EST"])
    await table.start()
    gbr = table.seats["GBR"]
    said = 0

    async def still_playing() -> None:
        nonlocal said
        said += 1
        ack = await gbr.act({"kind": "say", "channel": "public", "text": f"still here {said}"})
        assert ack["type"] == "ack" and ack["duplicate"] is False, ack

    async def refused(raw: str | bytes, code: str, client_id: str | None = None) -> None:
        mark = await gbr.send_text(raw)
        error = await gbr.wait_frame(lambda f: f["type"] == "error", after=mark,
                                     what=f"the error {code}")
        assert error["code"] == code, error
        assert error["message"]
        assert error.get("client_id") == client_id, error
        await still_playing()

    await refused("{not json", "malformed_frame")
    await refused(b"\xff\xfe not utf-8", "malformed_frame")
    await refused("[1, 2, 3]", "malformed_frame")
    await refused("[" * 5000 + "]" * 5000, "malformed_frame")
    await refused(json.dumps({"type": "dance"}), "unknown_frame")
    await refused(json.dumps({"no": "type"}), "unknown_frame")
    await refused(json.dumps({"type": "act", "action": {"kind": "start"}}), "invalid_frame")
    await refused(json.dumps({"type": "hello", "token": table.seats["USA"].token}),
                  "already_joined")
    big = {"type": "act", "client_id": "big", "action": {"kind": "say", "channel": "public",
                                                         "text": "x" * 20_000}}
    await refused(json.dumps(big), "frame_too_large")
    usa_act = {"type": "act", "client_id": "for-usa",
               "action": {"actor": "USA", "kind": "say", "channel": "public", "text": "hi"}}
    await refused(json.dumps(usa_act), "not_your_country", "for-usa")
    await refused(json.dumps({"type": "act", "client_id": "no-vote",
                              "action": {"kind": "vote", "draft": "S/1", "vote": "yes"}}),
                  "unknown_draft", "no-vote")
    await refused(json.dumps({"type": "act", "client_id": "odd",
                              "action": {"kind": "levitate"}}), "unknown_action", "odd")
    await refused(json.dumps({"type": "act", "client_id": "system",
                              "action": {"kind": "silence_deadline", "item": "x"}}),
                  "not_allowed", "system")
    pong = await gbr.wait_frame(lambda f: f["type"] == "pong",
                                after=await gbr.send({"type": "ping", "t": 7}))
    assert pong["t"] == 7

    # A bad token, then acting before hello: errors; then a good hello on the same socket.
    stranger = Seat("stranger", "not-a-token")
    table.seats["stranger"] = stranger
    await stranger.connect(server)
    answer = await stranger.hello()
    assert answer["type"] == "error" and answer["code"] == "bad_token", answer
    act = await stranger.act({"kind": "say", "channel": "public", "text": "hello?"})
    assert act["type"] == "error" and act["code"] == "not_joined", act
    await stranger.close()
    del table.seats["stranger"]
    assert table.projector is not None
    watching = await table.projector.act({"kind": "say", "channel": "public", "text": "psst"})
    assert watching["type"] == "error" and watching["code"] == "read_only", watching
    usa = table.seats["USA"]
    before = len(usa.stream)
    await usa.close()
    await usa.connect(server)
    answer = await usa.hello(token="not-a-token")
    assert answer["type"] == "error" and answer["code"] == "bad_token"
    welcome = await usa.hello(last_seq=usa.last_seq)
    assert welcome["type"] == "welcome" and welcome["seat"]["country"] == "USA"
    await usa.ok({"kind": "say", "channel": "public", "text": "back"})
    assert len(usa.stream) > before

    # A frame beyond what the websocket layer takes closes that socket, and nothing else.
    est = table.seats["EST"]
    await est.send_text("x" * 200_000)
    await est.dropped()
    assert est.close_code == 1009, est.close_code  # message too big
    health = await server.request("GET", "/healthz", status=200)
    assert health["status"] == "ok"
    await est.join(server, last_seq=est.last_seq)
    await est.ok({"kind": "say", "channel": "NAC", "text": "back as well"})
    await still_playing()

    log = await table.settle()
    await table.check_record(log)
    texts = [row["event"].get("text") for row in log if row["event"]["kind"] == "message_sent"]
    assert texts.count("hi") == 0 and not any(t and t.startswith("xxx") for t in texts)
