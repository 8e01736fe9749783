"""docs/rules.md lists every refusal code and event the engine's actions can give."""

from __future__ import annotations

import re
from pathlib import Path

from game_rules import events

ROOT = Path(__file__).resolve().parents[2]
RULES = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
NOT_ACTIONS = {"lab.py"}
"""The what-if lab's changes are not actions: docs/debrief.md documents its codes."""


def refusal_codes() -> set[str]:
    codes: set[str] = set()
    for path in (ROOT / "game_rules").glob("*.py"):
        if path.name in NOT_ACTIONS:
            continue
        text = path.read_text(encoding="utf-8")
        codes |= set(re.findall(r'RuleError\(\s*"([a-z0-9_]+)"', text))
    return codes


def test_every_refusal_code_of_an_action_is_in_docs_rules_md() -> None:
    codes = refusal_codes()
    assert {"not_a_league_member", "notice_period_running", "not_yet_in_force"} <= codes
    assert sorted(c for c in codes if f"`{c}`" not in RULES) == []


def test_every_event_kind_is_in_docs_rules_md() -> None:
    kinds = {cls.model_fields["kind"].default for cls in vars(events).values()
             if isinstance(cls, type) and hasattr(cls, "model_fields")
             and "kind" in cls.model_fields
             and isinstance(cls.model_fields["kind"].default, str)}
    assert {"draft_failed", "war_determined", "sanctions_applied"} <= kinds
    assert sorted(k for k in kinds if f"`{k}`" not in RULES) == []
