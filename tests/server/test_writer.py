"""The game's writer: one decide path, group commits, and answers that come from the store."""

from __future__ import annotations

import asyncio
from collections.abc import Collection
from typing import Any

from game_rules import event_to_dict
from game_rules.due import take
from server.bus import InProcessBus
from server.replica import GameMeta, Replica
from server.store import ActionRow, EventRow, SeatClaim, Store
from server.writer import Writer
from tests.server.helpers import SCENARIO, Delivered, FakeTime, act, stored_game


class CountingStore(Store):
    """The store, counting the appends it is asked for (one per turn of the writer)."""

    appends: list[int]

    async def append_many(self, rows: list[tuple[ActionRow, list[EventRow]]],
                          claims: Collection[SeatClaim] = ()) -> None:
        self.appends.append(len(rows))
        await super().append_many(rows, claims)


async def everyone_seated() -> Collection[str]:
    """Students took every country (a seat may act only for a country no caretaker plays)."""
    return SCENARIO["countries"]  # type: ignore[no-any-return]


def _writer(meta: GameMeta, store: Store, time: FakeTime, *, seated: Any = everyone_seated
            ) -> tuple[Writer, Replica, Delivered]:
    delivered = Delivered()
    replica = Replica(meta, store, delivered)
    writer = Writer(replica, store, InProcessBus(), shared=False, clock=time, seated=seated,
                    committed=lambda: None)
    return writer, replica, delivered


def _counting(store: Store) -> CountingStore:
    store.__class__ = CountingStore
    counting: CountingStore = store  # type: ignore[assignment]
    counting.appends = []
    return counting


async def _started(writer: Writer) -> None:
    outcome = await writer.submit(act("instructor", "start"))
    assert outcome.ok, outcome


def _say(country: str, text: str) -> Any:
    return act(country, "say", channel="public", text=text)


async def test_actions_that_wait_together_are_decided_in_order_and_committed_at_once(
        sqlite_store: Store) -> None:
    store = _counting(sqlite_store)
    writer, replica, delivered = _writer(await stored_game(store), store, FakeTime())
    await _started(writer)
    store.appends.clear()
    outcomes = await asyncio.gather(*(
        writer.submit(_say(country, f"Statement {i}"), seat_id=f"s-{country}",
                      client_id=f"c{i}")
        for i, country in enumerate(["FRA", "GBR", "USA", "EST", "NOR"])))
    start_events = replica.seq - 5
    assert [o.seq for o in outcomes] == [start_events + i for i in range(1, 6)]
    assert all(o.ok and o.events == 1 and not o.duplicate for o in outcomes)
    assert store.appends == [5]
    assert [m.text for m in replica.state.messages] == [f"Statement {i}" for i in range(5)]
    assert [first for first, _, _ in delivered.calls[-5:]] == [o.seq for o in outcomes]


async def test_a_refusal_in_a_group_holds_up_nobody_else(sqlite_store: Store) -> None:
    writer, replica, _ = _writer(await stored_game(sqlite_store), sqlite_store, FakeTime())
    await _started(writer)
    ok, refused, after = await asyncio.gather(
        writer.submit(_say("FRA", "First"), seat_id="s1", client_id="a"),
        writer.submit(act("FRA", "vote", draft="S/9", vote="yes"), seat_id="s1",
                      client_id="b"),
        writer.submit(_say("FRA", "Second"), seat_id="s1", client_id="c"))
    assert ok.ok and after.ok and after.seq == ok.seq + 1
    assert not refused.ok and refused.code and refused.message
    stored = await sqlite_store.actions(replica.meta.id)
    assert [a.client_id for a in stored if a.client_id] == ["a", "c"]


async def test_a_seat_that_no_longer_holds_is_answered_bad_token_and_the_others_go_on(
        sqlite_store: Store) -> None:
    meta = await stored_game(sqlite_store)
    claims = {}
    for seat, country in (("s1", "FRA"), ("s2", "GBR"), ("s3", "USA")):
        await sqlite_store.add_seat({"id": seat, "game_id": meta.id, "token_hash": f"t-{seat}",
                                     "nickname": seat, "country": country, "role": "student",
                                     "created_at": 0.0, "removed": False})
        claims[seat] = SeatClaim(seat, f"t-{seat}", country)
    store = _counting(sqlite_store)
    writer, replica, delivered = _writer(meta, store, FakeTime())
    await _started(writer)
    # GBR's seat is reset on another process; this one has heard nothing of it.
    await store.update_seat("s2", token_hash="t-other")
    store.appends.clear()
    before = replica.seq
    fra, gbr, usa = await asyncio.gather(*(
        writer.submit(_say(country, f"From {country}"), seat_id=seat, client_id="c1",
                      claim=claims[seat])
        for seat, country in (("s1", "FRA"), ("s2", "GBR"), ("s3", "USA"))))
    assert gbr.code == "bad_token" and not gbr.ok and gbr.message
    assert fra.ok and usa.ok and (fra.seq, usa.seq) == (before + 1, before + 2)
    assert store.appends == [3, 2]  # the group, then the group without GBR
    assert [m.text for m in replica.state.messages] == ["From FRA", "From USA"]
    assert [first for first, _, _ in delivered.calls[-2:]] == [fra.seq, usa.seq]
    stored = await store.actions(meta.id)
    assert [(a.seat_id, a.client_id) for a in stored if a.client_id] == [("s1", "c1"),
                                                                        ("s3", "c1")]
    # The refusal is not remembered: the seat's new token sends the same action again.
    again = await writer.submit(_say("GBR", "From GBR"), seat_id="s2", client_id="c1",
                                claim=SeatClaim("s2", "t-other", "GBR"))
    assert again.ok and not again.duplicate and again.seq == before + 3


async def test_a_client_id_answered_before_gets_its_first_answer(sqlite_store: Store) -> None:
    writer, replica, _ = _writer(await stored_game(sqlite_store), sqlite_store, FakeTime())
    await _started(writer)
    first = await writer.submit(_say("FRA", "Once"), seat_id="s1", client_id="c1")
    again = await writer.submit(_say("FRA", "Twice?"), seat_id="s1", client_id="c1")
    assert again.duplicate and (again.seq, again.events) == (first.seq, first.events)
    assert [m.text for m in replica.state.messages] == ["Once"]
    other_seat = await writer.submit(_say("GBR", "Mine"), seat_id="s2", client_id="c1")
    assert other_seat.ok and not other_seat.duplicate


async def test_a_client_id_stored_before_a_restart_is_answered_from_the_store(
        sqlite_store: Store) -> None:
    meta = await stored_game(sqlite_store)
    writer, _, _ = _writer(meta, sqlite_store, FakeTime())
    await _started(writer)
    first = await writer.submit(_say("FRA", "Once"), seat_id="s1", client_id="c1")
    stored = len(await sqlite_store.actions(meta.id))
    # A new process: the game loaded from the store, the writer's memory of answers empty.
    writer2, replica2, _ = _writer(meta, sqlite_store, FakeTime())
    writer2.remember_stored(await replica2.load())
    again = await writer2.submit(_say("FRA", "Once"), seat_id="s1", client_id="c1")
    assert again.duplicate and again.seq == first.seq
    assert len(replica2.state.messages) == 1
    assert len(await sqlite_store.actions(meta.id)) == stored


async def test_seqs_another_process_took_are_read_and_the_action_decided_again(
        sqlite_store: Store) -> None:
    meta = await stored_game(sqlite_store)
    writer, replica, delivered = _writer(meta, sqlite_store, FakeTime())
    await _started(writer)
    # Another process stores an action at the next seqs; this replica has not heard of it.
    other = take(replica.state, _say("GBR", "From elsewhere"), 1_001.0)
    seq, n = replica.seq, replica.action_n
    await sqlite_store.append_many([(
        ActionRow(meta.id, n + 1, "s2", "x1", "GBR", {"kind": "say"}, seq + 1, seq + 1,
                  1_001.0),
        [EventRow(meta.id, seq + 1, n + 1, e.kind, event_to_dict(e)) for e in other[0].events])])
    outcome = await writer.submit(_say("FRA", "From here"), seat_id="s1", client_id="c1")
    assert outcome.ok and outcome.seq == seq + 2
    assert [m.text for m in replica.state.messages] == ["From elsewhere", "From here"]
    assert [first for first, _, _ in delivered.calls[-2:]] == [seq + 1, seq + 2]


async def test_the_start_stores_the_hand_overs_as_the_systems_before_it(
        sqlite_store: Store) -> None:
    async def seated() -> Collection[str]:
        return {"FRA", "GBR"}

    meta = await stored_game(sqlite_store)
    writer, replica, _ = _writer(meta, sqlite_store, FakeTime(), seated=seated)
    outcome = await writer.submit(act("instructor", "start"), seat_id="instructor",
                                  client_id="go")
    stored = await sqlite_store.actions(meta.id)
    handovers = stored[:-1]
    assert {a.actor for a in handovers} == {"system"}
    assert {a.body["country"] for a in handovers} == set(meta.scenario.country_codes()) - {
        "FRA", "GBR"}
    assert (stored[-1].actor, stored[-1].body["kind"], stored[-1].client_id) == (
        "instructor", "start", "go")
    assert outcome.seq == stored[-1].last_seq == replica.seq


async def test_the_clocks_request_takes_what_has_fallen_due(sqlite_store: Store) -> None:
    time = FakeTime(1_000.0)
    scenario = {**SCENARIO, "bodies": {**SCENARIO["bodies"],
                                       "NAC": {**SCENARIO["bodies"]["NAC"],
                                               "silence_seconds": 60}}}
    meta = await stored_game(sqlite_store, scenario)
    writer, replica, _ = _writer(meta, sqlite_store, time)
    await _started(writer)
    await writer.submit(act("instructor", "circulate", title="Statement",
                            decision="statement"))
    assert (await writer.tick()).events == 0
    time.now = 1_061.0
    ticked = await writer.tick()
    assert ticked.ok and ticked.events > 0 and ticked.seq == replica.seq
    assert [i.status for i in replica.state.items.values()] == ["adopted"]
    last = (await sqlite_store.actions(meta.id))[-1]
    assert (last.actor, last.body["kind"], last.at) == ("system", "silence_deadline", 1_061.0)


async def test_a_records_actions_keep_their_actors_and_times_and_set_off_nothing(
        sqlite_store: Store) -> None:
    meta = await stored_game(sqlite_store)
    writer, replica, _ = _writer(meta, sqlite_store, FakeTime(5_000.0))
    answers = await writer.replay([act("instructor", "set_caretaker", country="CHN", at=9.0),
                                   act("instructor", "start", at=10.0),
                                   act("FRA", "vote", draft="S/9", vote="yes", at=10.5),
                                   act("FRA", "table_draft", title="Peace", at=11.0)])
    assert [a.ok for a in answers] == [True, True, False, True]
    assert answers[2].code == "unknown_draft"
    draft = next(iter(replica.state.drafts))
    assert (await writer.replay([act("instructor", "call_vote", draft=draft, at=12.0)]))[0].ok
    stored = await sqlite_store.actions(meta.id)
    assert [(a.actor, a.at) for a in stored] == [("instructor", 9.0), ("instructor", 10.0),
                                                 ("FRA", 11.0), ("instructor", 12.0)]
    # A caretaker would vote at once after a call_vote taken live; not in a replay.
    assert "CHN" not in replica.state.drafts[draft].votes
