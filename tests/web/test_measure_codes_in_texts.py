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
from tests.test_country_names import strings

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = ["sandbox", "eastern-flank", "february-2022", "korea-1950"]


@pytest.mark.parametrize("lang", ["fr", "es"])
@pytest.mark.parametrize("scenario", SCENARIOS)
def test_no_measure_is_named_by_its_code(scenario: str, lang: str) -> None:
    data = json.loads((ROOT / f"game_rules/scenarios/{scenario}.json").read_text(encoding="utf-8"))
    codes = sorted(KNOWN_MEASURES)
    left = [(code, text[:80]) for text in strings(data.get("translations", {}).get(lang, {}))
            for code in codes if re.search(rf"(?<![\w-]){re.escape(code)}(?![\w-])", text)
            and "_" in code]
    assert left == []


def _incident_ids(value: Any) -> Iterator[str]:
    """The ids of a scenario's incidents: its own and those an inject's effects bring."""
    if isinstance(value, dict):
        for key, inner in value.items():
            if key == "incident" and isinstance(inner, dict) and "id" in inner:
                yield inner["id"]
            if key == "incidents" and isinstance(inner, list):
                yield from (i["id"] for i in inner if isinstance(i, dict) and "id" in i)
            yield from _incident_ids(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _incident_ids(inner)


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_no_incident_is_named_by_its_id_in_prose(scenario: str) -> None:
    """The pages name an incident by its title (the self-defence choice, the NATO tab, the
    news): a briefing or an inject that names it by its id names what no page shows."""
    data = json.loads((ROOT / f"game_rules/scenarios/{scenario}.json").read_text(encoding="utf-8"))
    ids = sorted(set(_incident_ids(data)))
    left = [(incident, sentence[:80]) for sentence in strings(data) if " " in sentence
            for incident in ids if re.search(rf"(?<![\w-]){re.escape(incident)}(?![\w-])", sentence)]
    assert left == []
