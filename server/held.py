"""Games replayed from a record, held where the record ends.

A record's import (and a fork, and a lab run: ``server.forks``) creates a game
whose log replays the record's actions in one turn; a game still running then
stands still at the record's last moment (``held``: nothing runs, not the
clock, not a caretaker, not a deadline long past) until the instructor resumes
it (``server.writer``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import orjson

from game_rules import Action, RuleError, ScenarioError
from game_rules import library as shipped_library
from game_rules.actions import parse_action
from game_rules.messages import N_, Msg, message
from game_rules.records import load_record
from server.errors import ApiError
from server.games import Created, Games
from server.hub import GameHub


async def import_record(games: Games, data: Any) -> tuple[Created, int, list[dict[str, Any]]]:
    """A record as a new game, held where it ends: the game, how many of its actions were
    applied, and each refused one (its index, code, English message and, when the refusal
    has one, ``msg``: the same sentence for a reader in any language)."""
    try:
        record = load_record(data, shipped_library.get)
    except ScenarioError as err:
        raise ApiError.refusal(422, "invalid_record", "; ".join(err.lines()[:20]),
                               _problems_msg(err).to_json()) from None
    refused: list[dict[str, Any]] = []
    parsed: list[tuple[int, Action]] = []
    for index, raw in enumerate(record.actions):
        try:
            parsed.append((index, parse_action(raw)))
        except RuleError as err:
            refused.append({"index": index, "code": err.code, "message": err.message,
                            **({"msg": err.msg.to_json()} if err.msg is not None else {})})
    ref: Any = record.scenario_ref
    created = await games.create(ref, seed=record.seed, reading_level=record.reading_level,
                                 held=held_moment(action for _, action in parsed))
    hub = await games.hub(created.game_id)
    outcomes = await hub.replay([action for _, action in parsed])
    await settle_hold(games, hub)
    applied = sum(1 for outcome in outcomes if outcome.ok)
    refused += [{"index": index, "code": outcome.code, "message": outcome.message,
                 **({"msg": outcome.msg} if outcome.msg is not None else {})}
                for (index, _), outcome in zip(parsed, outcomes, strict=True)
                if not outcome.ok]
    refused.sort(key=lambda r: int(r["index"]))
    return created, applied, refused


def _problems_msg(err: ScenarioError) -> Msg:
    """A record's problems (the first 20) as one message: each with its place, separated
    by semicolons, as the English ``message`` has them."""
    said: list[Msg] = [message(N_("{place}: {problem}"), place=place, problem=problem)
                       if place else problem for place, problem in err.said[:20]]
    out = said[0] if said else message(N_("The record is not valid."))
    for more in said[1:]:
        out = message(N_("{first}; {second}"), first=out, second=more)
    return out


async def settle_hold(games: Games, hub: GameHub) -> None:
    """After a record's replay: a game that is not running has nothing to hold (it is
    released); a running one stands still at its last moment (or its state's time)."""
    async with hub.lock:
        held = hub.meta.held
        if held is None:
            return
        if hub.state.status != "running":
            await hub.replica.release()
        elif hub.state.now > held:
            hub.meta.options["held"] = hub.state.now
            options = {k: v for k, v in hub.meta.options.items() if k != "shipped"}
            await games.store.update_game(hub.meta.id, options=orjson.dumps(options).decode())


def held_moment(actions: Iterable[Action]) -> float:
    """The moment a replayed record ends: its last action's time (0 if none is timed)."""
    return max((a.at for a in actions if a.at is not None), default=0.0)
