"""Small builders for the server's tests."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from game_rules import Action, Event, load_scenario, parse_action
from server.app import create_app
from server.replica import GameMeta
from server.settings import Settings
from server.store import Store

DB_FILE = "game.db"
"""The SQLite file of an app in a test's folder (``sqlite_app``; the ``sqlite_url`` fixture's)."""

COUNCIL_2022 = {
    "permanent": ["CHN", "FRA", "GBR", "RUS", "USA"],
    "elected": ["ALB", "BRA", "GAB", "GHA", "IND", "IRL", "KEN", "MEX", "NOR", "ARE"],
    "president": "RUS",
}

SCENARIO: dict[str, Any] = {
    "id": "test-crisis", "title": "Test crisis", "year": 2022,
    "countries": [
        "CHN", "FRA", "GBR", "RUS", "USA", "ALB", "BRA", "GAB", "GHA", "IND", "IRL", "KEN",
        "MEX", "NOR", "ARE", "EST", "LVA", "POL", "DEU", "UKR", "TUR",
    ],
    "bodies": {"UNSC": COUNCIL_2022,
               "NAC": {"members": ["USA", "GBR", "FRA", "NOR", "ALB", "EST", "LVA", "POL", "DEU",
                                   "TUR"], "silence_seconds": 600}},
    "incidents": [{"id": "inc-est", "target": "EST", "attacker": "RUS", "kind": "armed_attack",
                   "in_treaty_area": True}],
}


def scenario_with_secrets() -> dict[str, Any]:
    data = {**SCENARIO}
    countries: list[Any] = [c for c in SCENARIO["countries"] if c not in ("EST", "LVA")]
    countries += [{"code": "EST", "role": {"summary": "ESTONIA-SECRET-PLAN"}},
                  {"code": "LVA", "role": {"summary": "LATVIA-SECRET-PLAN"}}]
    data["countries"] = countries
    return data


async def stored_game(store: Store, scenario: dict[str, Any] | None = None, seed: int = 7,
                      game_id: str = "g1") -> GameMeta:
    """A game row in the store, and its meta (as ``Games`` would build it)."""
    parsed = load_scenario(scenario or SCENARIO)
    await store.create_game({
        "id": game_id, "code": f"C{game_id.upper()}"[:12], "title": parsed.title,
        "scenario_id": parsed.id, "scenario": "{}", "scenario_shipped": False, "seed": seed,
        "instructor_hash": f"h-{game_id}", "options": "{}", "created_at": 0.0,
        "ended_at": None, "forked_from": None})
    return GameMeta(id=game_id, code=f"C{game_id.upper()}"[:12], title=parsed.title,
                    scenario_id=parsed.id, seed=seed, scenario=parsed)


def act(actor: str, kind: str, **fields: Any) -> Action:
    return parse_action({"actor": actor, "kind": kind, **fields})


class FakeTime:
    """A clock the test moves by hand."""

    def __init__(self, now: float = 1_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


class Delivered:
    """What a replica handed to the fan-out: (first seq, action number, event kinds)."""

    def __init__(self) -> None:
        self.calls: list[tuple[int, int, list[str]]] = []

    def __call__(self, events: Sequence[Event], first_seq: int, action_n: int) -> None:
        self.calls.append((first_seq, action_n, [e.kind for e in events]))


async def nobody_seated() -> Collection[str]:
    return ()


def sqlite_app(folder: Path, **settings: Any) -> TestClient:
    """The app on its own SQLite file, ``folder / DB_FILE`` (started by ``with``)."""
    url = f"sqlite+aiosqlite:///{(folder / DB_FILE).as_posix()}"
    return TestClient(create_app(Settings(database_url=url, **settings)))


def instructor_auth(game: dict[str, Any]) -> dict[str, str]:
    """The headers that carry a game's instructor key (``game``: the answer that made it)."""
    return {"Authorization": f"Bearer {game['instructor_key']}"}
