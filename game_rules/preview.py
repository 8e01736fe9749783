"""How each caretaker would vote on a sample draft: the editor's preview of the
caretaker policies, read by the same rule the game uses (``caretaker.vote_of``).

>>> from game_rules.scenario import load_scenario
>>> sc = load_scenario({"id": "p", "title": "P", "countries": [
...     {"code": "FRA", "caretaker": {"vote": {"no_if": ["sanctions"]}}},
...     {"code": "GBR", "caretaker": {"vote": {"follow": "FRA"}}}, "USA"],
...     "bodies": {"UNSC": {"permanent": ["FRA", "GBR", "USA"], "threshold": 2}}})
>>> [(v["code"], v["vote"]) for v in caretaker_votes(sc, "UNSC", ["determine_threat", "sanctions"], "VII")]
[('FRA', 'no'), ('GBR', 'no'), ('USA', 'abstain')]
"""

from __future__ import annotations

from typing import Any

from game_rules.caretaker import policy_of, vote_of
from game_rules.engine import new_game
from game_rules.state import Draft


def caretaker_votes(scenario: Any, body: str, measures: list[str], chapter: str | None,
                    procedural: bool = False) -> list[dict[str, Any]]:
    """Each member's vote if every seat were a caretaker: its code, name, vote (``yes``,
    ``no``, ``abstain``, or None: it stays away) and the rule of its policy that decided."""
    state = new_game(scenario, 0)
    members = list(state.council_members(body))
    draft = Draft(id="preview", body="UNGA" if body == "UNGA" else "UNSC", sponsor=members[0]
                  if members else "", order=1, chapter=None if procedural else chapter,
                  measures=tuple(measures), procedural=procedural)
    votes: dict[str, str] = {}
    for _ in range(len(members) + 1):
        changed = False
        for code in members:
            if code in votes:
                continue
            vote = vote_of(state, code, draft.model_copy(update={"votes": dict(votes)}))
            if vote is not None:
                votes[code] = vote
                changed = True
        if not changed:
            break
    out = []
    for code in members:
        policy = policy_of(state, code).vote
        chosen = set(measures)
        if chosen & set(policy.no_if):
            why = "no_if: " + ", ".join(sorted(chosen & set(policy.no_if)))
        elif chosen & set(policy.abstain_if):
            why = "abstain_if: " + ", ".join(sorted(chosen & set(policy.abstain_if)))
        elif chosen & set(policy.yes_if):
            why = "yes_if: " + ", ".join(sorted(chosen & set(policy.yes_if)))
        elif policy.follow:
            why = f"follows {policy.follow}"
        else:
            why = f"default: {policy.default}"
        out.append({"code": code, "name": state.name(code), "vote": votes.get(code),
                    "because": why})
    return out
