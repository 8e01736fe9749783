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


def _prose(value: Any, key: str = "") -> Iterator[str]:
    """The sentences of a scenario: strings with a space, wherever they are (not ids)."""
    if isinstance(value, dict):
        for inner_key, inner in value.items():
            yield from _prose(inner, inner_key)
    elif isinstance(value, list):
        for inner in value:
            yield from _prose(inner, key)
    elif isinstance(value, str) and " " in value:
        yield value


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_no_incident_is_named_by_its_id_in_prose(scenario: str) -> None:
    """The pages name an incident by its title (the self-defence choice, the NATO tab, the
    news): a briefing or an inject that names it by its id names what no page shows."""
    text = (ROOT / f"game_rules/scenarios/{scenario}.json").read_text(encoding="utf-8")
    data = json.loads(text)
    ids = set(re.findall(r'"id":\s*"([a-z0-9]+(?:-[a-z0-9]+)+)"', text)) & {
        i for i in re.findall(r'"incident":\s*"([^"]+)"', text)} | {
        incident["id"] for incident in data.get("incidents", [])}
    left = [(incident, sentence[:80]) for sentence in _prose(data) for incident in sorted(ids)
            if re.search(rf"(?<![\w-]){re.escape(incident)}(?![\w-])", sentence)]
    assert left == []
