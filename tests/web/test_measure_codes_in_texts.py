"""A scenario's French and Spanish texts name a draft's measures as the reader's draft form
does, never by their codes ("demand_ceasefire"), which a French or Spanish student cannot find
on the page (issue 17): every translation of the four scenarios the classroom guide uses."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from game_rules.council import KNOWN_MEASURES

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = ["sandbox", "eastern-flank", "february-2022", "korea-1950"]


def _texts(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for inner in value.values():
            yield from _texts(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _texts(inner)
    elif isinstance(value, str):
        yield value


@pytest.mark.parametrize("lang", ["fr", "es"])
@pytest.mark.parametrize("scenario", SCENARIOS)
def test_no_measure_is_named_by_its_code(scenario: str, lang: str) -> None:
    data = json.loads((ROOT / f"game_rules/scenarios/{scenario}.json").read_text(encoding="utf-8"))
    codes = sorted(KNOWN_MEASURES)
    left = [(code, text[:80]) for text in _texts(data.get("translations", {}).get(lang, {}))
            for code in codes if re.search(rf"(?<![\w-]){re.escape(code)}(?![\w-])", text)
            and "_" in code]
    assert left == []
