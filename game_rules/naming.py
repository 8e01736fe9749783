"""How sentences name the things of a game: a text before the North Atlantic
Council ("Estonia's request under Article 5"), a draft ("S/2026/1 “The attack
on Estonia”"). The timeline, the outcomes and the lenses share them.

>>> from game_rules.state import Draft
>>> draft_phrase(Draft(id="S/2026/1", body="UNSC", sponsor="USA", order=1, title="Peace"))
'S/2026/1 “Peace”'
"""

from __future__ import annotations

from game_rules.messages import N_, Msg, message
from game_rules.state import Draft, Item, State

DECISION_WORDS = {"statement": N_("the statement"),
                  "operation": N_("the decision on an operation"),
                  "invite": N_("the invitation"), "article5": N_("the Article 5 determination")}


def item_phrase(state: State, item: Item, with_id: bool = False) -> str:
    """A text before the North Atlantic Council as a sentence names it: "Estonia's request
    under Article 5", "the statement “Solidarity” (NAC/2026/3)"; with ``with_id`` the
    symbol always follows."""
    return item_msg(state, item, with_id).english()


def item_msg(state: State, item: Item, with_id: bool = False) -> Msg:
    """``item_phrase`` as a message, for a reader in any language."""
    if item.decision == "article5":
        incident = state.incidents.get(item.incident or "")
        if item.by in state.country_list:
            plural_name = state.display(item.by).endswith("s")
            if incident and incident.target != item.by:
                words = message(N_("{country}' request under Article 5 for {target}")
                                if plural_name else
                                N_("{country}'s request under Article 5 for {target}"),
                                country=state.country(item.by),
                                target=state.country(incident.target))
            else:
                words = message(N_("{country}' request under Article 5") if plural_name
                                else N_("{country}'s request under Article 5"),
                                country=state.country(item.by))
        elif incident:
            words = message(N_("the Article 5 determination for {target}"),
                            target=state.country(incident.target))
        else:
            words = message(N_("the Article 5 determination"))
        return message(N_("{what} ({item})"), what=words, item=item.id) if with_id else words
    if item.decision == "invite" and item.candidate:
        words = message(N_("the invitation to {country}"), country=state.country(item.candidate))
    else:
        words = message(DECISION_WORDS[item.decision])
    if item.title and item.decision != "invite":
        words = message(N_("{what} “{title}”"), what=words, title=item.title)
    return message(N_("{what} ({item})"), what=words, item=item.id)


def draft_phrase(draft: Draft) -> str:
    """A draft as a sentence names it: "S/2026/1 “The attack on Estonia”"."""
    return f"{draft.id} “{draft.title}”" if draft.title else draft.id


def draft_msg(draft: Draft) -> Msg:
    """``draft_phrase`` as a message."""
    title: str | Msg = Msg.from_json(draft.title_msg) if draft.title_msg else draft.title
    return (message(N_("{draft} “{title}”"), draft=draft.id, title=title) if draft.title
            else message(N_("{draft}"), draft=draft.id))
