"""Small builders for the server's tests."""

from __future__ import annotations

from typing import Any

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
