"""How sentences name the things of a game: a text before the North Atlantic
Council ("Estonia's request under Article 5"), a draft ("S/2026/1 “The attack
on Estonia”"). The timeline, the outcomes and the lenses share them.

>>> from game_rules.state import Draft
>>> draft_phrase(Draft(id="S/2026/1", body="UNSC", sponsor="USA", order=1, title="Peace"))
'S/2026/1 “Peace”'
"""

from __future__ import annotations

from game_rules.state import Draft, Item, State

DECISION_WORDS = {"statement": "the statement", "operation": "the decision on an operation",
                  "invite": "the invitation", "article5": "the Article 5 determination"}


def possessive(name: str) -> str:
    """"Estonia's", "the United States'"."""
    return name + ("'" if name.endswith("s") else "'s")


def item_phrase(state: State, item: Item, with_id: bool = False) -> str:
    """A text before the North Atlantic Council as a sentence names it: "Estonia's request
    under Article 5", "the statement “Solidarity” (NAC/2026/3)"; with ``with_id`` the
    symbol always follows."""
    symbol = f" ({item.id})"
    if item.decision == "article5":
        incident = state.incidents.get(item.incident or "")
        target = state.display(incident.target) if incident else ""
        if item.by in state.country_list:
            about = f" for {target}" if incident and incident.target != item.by else ""
            words = f"{possessive(state.display(item.by))} request under Article 5{about}"
        else:
            words = f"the Article 5 determination for {target}" if target else \
                "the Article 5 determination"
        return words + (symbol if with_id else "")
    words = DECISION_WORDS[item.decision]
    if item.decision == "invite" and item.candidate:
        words = f"the invitation to {state.display(item.candidate)}"
    title = f" “{item.title}”" if item.title and item.decision != "invite" else ""
    return f"{words}{title}{symbol}"


def draft_phrase(draft: Draft) -> str:
    """A draft as a sentence names it: "S/2026/1 “The attack on Estonia”"."""
    return f"{draft.id} “{draft.title}”" if draft.title else draft.id
