"""docs/protocol.md and docs/view.schema.json are generated from the models; they must not
go stale, and real views must match the view's models."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.classgame import play
from game_rules import library
from game_rules.context import Context
from game_rules.engine import new_game, step
from game_rules.state import State
from game_rules.view_schema import VIEW
from game_rules.views import view_for
from server.protocol_doc import render, render_view_schema

DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_protocol_doc_is_current() -> None:
    assert (DOCS / "protocol.md").read_text(encoding="utf-8") == render(), (
        "docs/protocol.md is stale: run `.venv/bin/python -m server.protocol_doc > docs/protocol.md`")


def test_the_views_schema_is_current() -> None:
    assert (DOCS / "view.schema.json").read_text(encoding="utf-8") == render_view_schema(), (
        "docs/view.schema.json is stale: run "
        "`.venv/bin/python -m server.protocol_doc --view > docs/view.schema.json`")


def _viewers(state: State) -> list[str]:
    return ["instructor", "public", *state.country_list]


@pytest.mark.parametrize("scenario_id", sorted(library.shipped()))
def test_every_view_of_a_shipped_scenario_matches_the_schema(scenario_id: str) -> None:
    state = new_game(library.get(scenario_id), 1)  # type: ignore[arg-type]
    started, _ = step(state, {"actor": "instructor", "kind": "start"}, Context(now=1.0))
    for moment in (state, started):
        for viewer in _viewers(moment):
            VIEW.validate_python(view_for(moment, viewer))


def test_the_views_of_a_played_class_game_match_the_schema() -> None:
    final = play().state
    assert final is not None
    for viewer in _viewers(final):
        view = view_for(final, viewer)
        VIEW.validate_python(view)
    assert view["UNSC"]["drafts"] and view["NAC"]["items"]  # the lists were there to check
