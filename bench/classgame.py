"""A class's game of the Eastern flank, as a script of actions: 30 students at
22 seats (eight countries played by pairs), the other 19 allies left to their
caretakers, four rounds.

What the class does, round by round:

1. Estonia asks the allies to consult (Article 4); the Russian Federation vetoes
   a draft condemning the hybrid campaign (11-1-3); Estonia talks with Poland
   and Latvia in private; the aggressor (played) escalates.
2. A call for a ceasefire and negotiations is adopted; Hungary says it stands
   with its allies; the aggressor escalates to an armed attack on Estonia.
3. Estonia asks for Article 5; Hungary breaks silence (blocked); Estonia asks
   again and Article 5 is invoked at the deadline; the class's allies pledge,
   the caretakers pledge by their standing policy; a Chapter VII draft falls
   short of the votes; Türkiye retracts its pledge; the aggressor holds.
4. The question goes to the General Assembly
   (Uniting for Peace, procedural, 11-1-3); the aggressor steps back.

``play()`` runs the script through the engine as the server would (caretakers
act after each action) and keeps the record; the lab benchmark
(``bench.lab``) and the tests use it. Every action must be accepted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from game_rules.actions import action_to_dict, parse_action
from game_rules.caretaker import caretaker_followups
from game_rules.context import Context
from game_rules.engine import new_game, step
from game_rules.events import Event
from game_rules.library import get
from game_rules.replay import Timeline
from game_rules.scenario import Scenario
from game_rules.state import State

SCENARIO = "eastern-flank"
SEED = 14
T0 = 1_800_000_000.0
YES_2026 = ["USA", "GBR", "FRA", "LVA", "DNK", "GRC", "COL", "PAN", "LBR", "SOM", "COD"]
TEAMS = {"EST": 2, "RUS": 2, "USA": 2, "HUN": 2, "POL": 2, "TUR": 2, "CHN": 2, "FRA": 2}
"""Countries played by two students (the rest by one): 30 students at 22 seats."""
HUN_REASON = "We need proof of who attacked before we commit the Alliance."
OWN_PLEDGE = "(its own)"
"""In the script, the pledge an ally retracts: its own open pledge, whatever its id."""
BLOCKED = "NAC/2026/1"
INVOKED = "NAC/2026/2"


def _votes(draft: str, yes: list[str], no: list[str], abstain: list[str]) -> list[dict[str, Any]]:
    return ([{"actor": c, "kind": "vote", "draft": draft, "vote": "yes"} for c in yes]
            + [{"actor": c, "kind": "vote", "draft": draft, "vote": "no"} for c in no]
            + [{"actor": c, "kind": "vote", "draft": draft, "vote": "abstain"} for c in abstain])


def _say(actor: str, channel: str, text: str) -> dict[str, Any]:
    return {"actor": actor, "kind": "say", "channel": channel, "text": text}


ADVANCE = {"actor": "instructor", "kind": "advance_phase"}

SCRIPT: list[dict[str, Any]] = [
    {"actor": "instructor", "kind": "start"},
    _say("EST", "public", "Russia's hybrid aggression violates our sovereignty and the UN "
                          "Charter."),
    _say("RUS", "public", "Our exercises are lawful. NATO provokes us on our own borders."),
    {"actor": "EST", "kind": "open_channel", "members": ["POL", "LVA"], "channel": "baltic"},
    _say("EST", "baltic", "We will ask for Article 4 today. Will you back us?"),
    _say("POL", "baltic", "Poland stands with Estonia."),
    ADVANCE,                                                            # R1 consultations
    {"actor": "EST", "kind": "request_consultations",
     "concern": "Cyber attacks and airspace violations threaten our territorial integrity."},
    {"actor": "USA", "kind": "table_draft", "draft": "S/2026/1",
     "title": "Condemns the hybrid attacks on Estonia", "chapter": "VI",
     "measures": ["condemn", "call_for_negotiations"]},
    _say("USA", "UNSC", "This aggression against a sovereign state must be condemned."),
    _say("CHN", "UNSC", "China calls on all sides to show restraint and dialogue."),
    {"actor": "RUS", "kind": "open_channel", "members": ["CHN"], "channel": "rus-chn"},
    _say("RUS", "rus-chn", "We count on your abstention."),
    ADVANCE,                                                            # R1 council
    {"actor": "instructor", "kind": "call_vote", "draft": "S/2026/1"},
    *_votes("S/2026/1", YES_2026, ["RUS"], ["CHN", "PAK", "BHR"]),
    ADVANCE,                                                            # R1 resolution
    {"actor": "RUS", "kind": "aggressor_move", "move": "escalate"},
    ADVANCE,                                                            # R2 briefing
    _say("HUN", "NAC", "Hungary stands with its allies, in solidarity with Estonia."),
    _say("FIN", "NAC", "Finland stands by its allies: an attack on one is an attack on all."),
    ADVANCE,                                                            # R2 consultations
    {"actor": "GBR", "kind": "table_draft", "draft": "S/2026/2",
     "title": "Calls for a ceasefire and negotiations", "chapter": "VI",
     "measures": ["call_for_ceasefire", "call_for_negotiations"]},
    _say("GBR", "UNSC", "A ceasefire now, and negotiations under the Charter."),
    _say("EST", "baltic", "If they cross the border we invoke Article 5 at once."),
    _say("LVA", "baltic", "Latvia is ready."),
    ADVANCE,                                                            # R2 council
    {"actor": "instructor", "kind": "call_vote", "draft": "S/2026/2"},
    *_votes("S/2026/2", [*YES_2026, "CHN", "PAK"], [], ["RUS", "BHR"]),
    ADVANCE,                                                            # R2 resolution
    {"actor": "RUS", "kind": "aggressor_move", "move": "escalate"},
    ADVANCE,                                                            # R3 briefing
    _say("EST", "public", "Russian forces have invaded Estonia. This is an armed attack."),
    ADVANCE,                                                            # R3 consultations
    {"actor": "EST", "kind": "request_article5", "incident": "rus-est-attack", "item": BLOCKED},
    {"actor": "HUN", "kind": "break_silence", "item": BLOCKED, "reason": HUN_REASON},
    _say("EST", "NAC", "Our allies' solidarity is being tested. We ask again."),
    {"actor": "EST", "kind": "request_article5", "incident": "rus-est-attack", "item": INVOKED},
    {"actor": "instructor", "kind": "silence_deadline", "item": INVOKED},
    {"actor": "USA", "kind": "pledge", "response": "military",
     "detail": "Two fighter squadrons to Ämari air base"},
    {"actor": "POL", "kind": "pledge", "response": "military",
     "detail": "A mechanised brigade to the Estonian border"},
    {"actor": "DEU", "kind": "pledge", "response": "economic",
     "detail": "Reconstruction funds and sanctions"},
    {"actor": "TUR", "kind": "pledge", "response": "diplomatic",
     "detail": "Support in the Security Council"},
    {"actor": "FIN", "kind": "pledge", "response": "military", "detail": "Artillery and air defence"},
    {"actor": "USA", "kind": "table_draft", "draft": "S/2026/3",
     "title": "Determines a breach of the peace and imposes sanctions", "chapter": "VII",
     "measures": ["determine_threat", "demand_withdrawal", "sanctions"]},
    _say("PAK", "UNSC", "Sanctions will not bring peace."),
    _say("TUR", "NAC", "Türkiye must weigh its own security first."),
    {"actor": "TUR", "kind": "retract_pledge", "pledge": OWN_PLEDGE},
    ADVANCE,                                                            # R3 council
    {"actor": "instructor", "kind": "call_vote", "draft": "S/2026/3"},
    *_votes("S/2026/3", ["USA", "GBR", "FRA", "LVA", "DNK", "GRC", "PAN", "LBR"], ["RUS"],
            ["CHN", "PAK", "BHR", "COL", "SOM", "COD"]),
    ADVANCE,                                                            # R3 resolution
    {"actor": "RUS", "kind": "aggressor_move", "move": "hold"},
    ADVANCE,                                                            # R4 briefing
    _say("LTU", "public", "Lithuania will defend the rules-based order with its allies."),
    ADVANCE,                                                            # R4 consultations
    {"actor": "FRA", "kind": "table_draft", "draft": "S/2026/4", "procedural": True,
     "title": "Calls an emergency special session of the General Assembly",
     "measures": ["emergency_special_session"]},
    ADVANCE,                                                            # R4 council
    {"actor": "instructor", "kind": "call_vote", "draft": "S/2026/4"},
    *_votes("S/2026/4", YES_2026, ["RUS"], ["CHN", "PAK", "BHR"]),
    ADVANCE,                                                            # R4 resolution
    {"actor": "RUS", "kind": "aggressor_move", "move": "de_escalate"},
    {"actor": "instructor", "kind": "end"},
]


@dataclass
class Played:
    scenario: Scenario
    seed: int
    actions: list[dict[str, Any]] = field(default_factory=list)
    """The record's actions: the script's and the caretakers', in order, with their times."""
    events: list[Event] = field(default_factory=list)
    by_caretaker: list[bool] = field(default_factory=list)
    state: State | None = None

    def record(self) -> dict[str, Any]:
        return {"scenario": SCENARIO, "seed": self.seed, "actions": self.actions}

    def timeline(self) -> Timeline:
        return Timeline(self.scenario, self.seed, self.events)


def play(script: list[dict[str, Any]] | None = None, seed: int = SEED) -> Played:
    """The script through the engine, caretakers acting after each action as on the server."""
    scenario = get(SCENARIO)
    assert scenario is not None
    game = Played(scenario, seed)
    state = new_game(scenario, seed)
    now = T0
    for raw in script if script is not None else SCRIPT:
        now += 7.0
        if raw.get("pledge") == OWN_PLEDGE:
            raw = {**raw, "pledge": own_pledge(state, raw["actor"])}
        action = parse_action({**raw, "at": now})
        state, events = step(state, action, Context(now=now))
        game.actions.append(action_to_dict(action))
        game.events += events
        game.by_caretaker.append(False)
        for followup, more, after in caretaker_followups(state, now):
            game.actions.append(action_to_dict(followup))
            game.events += more
            game.by_caretaker.append(True)
            state = after
    game.state = state
    return game


def own_pledge(state: State, ally: str) -> str:
    """The id of an ally's open pledge."""
    return next(p.id for p in state.pledges if p.ally == ally and p.status == "made")
