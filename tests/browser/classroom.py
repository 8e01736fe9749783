"""The scenario the browser suite plays: a Security Council of fifteen with the
United States presiding, nine allies with a short silence deadline, an armed
attack on Estonia inside the Article 6 area and one on Guam outside it, secret
role sheets whose words must never reach the wrong seat, and a measure of the
scenario's own."""

from __future__ import annotations

from typing import Any

P5 = ["USA", "GBR", "FRA", "RUS", "CHN"]
ELECTED = ["ALB", "BRA", "GAB", "GHA", "IND", "IRL", "KEN", "MEX", "NOR", "ARE"]
ALLIES = ["USA", "GBR", "FRA", "NOR", "ALB", "EST", "LVA", "POL", "DEU"]
SILENCE_SECONDS = 7

SECRETS = {code: f"{code}-SECRET-SHEET" for code in ("USA", "GBR", "FRA", "RUS", "EST")}


def scenario() -> dict[str, Any]:
    countries: list[Any] = [{"code": code, "role": {"summary": f"{SECRETS[code]}: your instructions.",
                                                     "interests": [f"{code} interest"]}}
                            for code in ("USA", "GBR", "FRA", "RUS")]
    countries += ["CHN", *ELECTED, {"code": "EST", "role": {"summary": f"{SECRETS['EST']}: hold on."}},
                  "LVA", "POL", "DEU"]
    return {
        "id": "classroom-baltic", "title": "Classroom: a Baltic crisis", "year": 2026, "rounds": 2,
        "summary": "A test crisis: an armed attack on Estonia.",
        "briefing": "Round by round, the Council and the allies answer an attack.",
        "countries": countries,
        "bodies": {"UNSC": {"permanent": P5, "elected": ELECTED, "president": "USA"},
                   "NAC": {"members": ALLIES, "silence_seconds": SILENCE_SECONDS}},
        "incidents": [
            {"id": "inc-narva", "target": "EST", "attacker": "RUS", "kind": "armed_attack",
             "in_treaty_area": True, "title": "Attack on Narva"},
            {"id": "inc-guam", "target": "USA", "attacker": "RUS", "kind": "armed_attack",
             "in_treaty_area": False, "title": "Strike on Guam", "location": "Guam",
             "coordinates": [144.79, 13.44]},
        ],
        "measures": [{"id": "affirm_self_defence",
                      "name": "Reaffirm the right of self-defence (Art. 51)"}],
        "injects": [
            {"id": "day1", "title": "Day 1: tanks cross into Estonia", "round": 1,
             "text": "The news of the morning."},
            {"id": "refugees", "title": "Refugees reach Latvia", "auto": False,
             "text": "Released by the instructor."},
        ],
    }


def broken_scenario() -> dict[str, Any]:
    data = scenario()
    data["bodies"] = {"UNSC": {"permanent": ["CHN", "RUX"], "elected": []}}
    data["rounds"] = -1
    return data
