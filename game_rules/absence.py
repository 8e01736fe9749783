"""Votes that do not wait for an absent delegation.

Which students are connected is the server's knowledge, not the rules': the server
says which countries are *away* (they have students, and none of them is online).
For a country away when a vote has been open for the game's grace period
(``State.vote_grace``, 30 seconds unless the instructor sets another with
``set_vote_grace``), its caretaker votes for it, by its policy, as the country's own
vote: the record replays it like any other. A country whose caretaker's policy is to
wait (it follows a leader who has not voted) or to stay away is not voted for; the
instructor can close the vote.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from game_rules.caretaker import vote_of
from game_rules.state import State


def absent_votes(state: State, away: Collection[str]) -> list[tuple[float, dict[str, Any]]]:
    """The caretakers' votes for the delegations ``away``: (when each falls due, the action).

    >>> from game_rules.context import Context
    >>> from game_rules.engine import new_game, step
    >>> from game_rules.scenario import load_scenario
    >>> sc = load_scenario({"id": "a", "title": "A", "countries": ["FRA", "GBR", "USA"],
    ...     "bodies": {"UNSC": {"permanent": ["FRA", "GBR", "USA"], "threshold": 2}}})
    >>> state, _ = step(new_game(sc, 1), {"actor": "instructor", "kind": "start"}, Context(now=0))
    >>> state, _ = step(state, {"actor": "FRA", "kind": "table_draft", "title": "Peace"},
    ...                 Context(now=5))
    >>> state, _ = step(state, {"actor": "instructor", "kind": "call_vote", "draft": "S/1"},
    ...                 Context(now=10))
    >>> absent_votes(state, {"GBR"})
    [(40.0, {'actor': 'GBR', 'kind': 'vote', 'draft': 'S/1', 'vote': 'abstain'})]
    """
    if state.status != "running" or not away:
        return []
    out: list[tuple[float, dict[str, Any]]] = []
    for body, draft_id in sorted(state.open_votes.items()):
        draft = state.drafts[draft_id]
        due = (draft.called_at if draft.called_at is not None else state.now) + state.vote_grace
        for code in state.council_members(body):
            if code not in away or code in state.caretakers or code in draft.votes:
                continue
            vote = vote_of(state, code, draft)
            if vote is not None:
                out.append((due, {"actor": code, "kind": "vote", "draft": draft.id, "vote": vote}))
    return out
