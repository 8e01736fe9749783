"""One way in for an action, whichever transport brought it.

The websocket (``act`` frames) and the HTTP API (``POST /api/games/{id}/actions``)
both turn what a client sent into an engine action here, once:

1. who acts (``Identity.actor``): a student acts for its seat's country and may
   name no other; the instructor acts as ``instructor``, or for a country by naming
   it in the action's ``actor`` field; observers and projectors only watch; nobody
   outside the server acts as ``system``;
2. what a client may not set is dropped (``actor``, ``at``, ``author``): the time
   is the server's, and a message's ``author`` is the student's nickname (or
   ``instructor`` when the instructor speaks for a country);
3. the action is parsed (``game_rules.parse_action``): a malformed one is refused
   with the engine's code.

Every refusal is a ``RuleError`` with a stable code.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from game_rules import Action, RuleError, parse_action
from game_rules.countries import display, is_known
from game_rules.messages import N_, Country, message

CLIENT_MAY_NOT_SET = ("actor", "at", "author")

Role = Literal["student", "observer", "projector", "instructor", "public"]


@dataclass(frozen=True, slots=True)
class Identity:
    """Who is on the other end: a seat, the instructor, or a read-only watcher."""

    role: Role
    country: str | None = None
    nickname: str | None = None
    seat_id: str | None = None

    @property
    def seat_key(self) -> str | None:
        """Whose client ids these are: the seat's, or the instructor's (one space for all
        the instructor's connections)."""
        return "instructor" if self.role == "instructor" else self.seat_id

    def actor(self, claimed: Any) -> str:
        """The actor of an action whose ``actor`` field says ``claimed`` (None: absent)."""
        if self.role == "instructor":
            if claimed is None or claimed == "":
                return "instructor"
            if not isinstance(claimed, str):
                raise RuleError("invalid_action",
                                message(N_("actor is a country's code or instructor.")))
            if claimed == "system":
                raise RuleError("not_allowed", message(N_(
                    "Only the server's clock acts as system; the instructor acts as the "
                    "instructor or as a country.")))
            return claimed
        if self.role != "student":
            raise RuleError("read_only", message(N_("Observers and the projector watch; they "
                                                    "cannot act.")))
        if self.country is None:
            raise RuleError("seat_unassigned", message(N_("Your seat has no country yet; ask "
                                                          "the instructor.")))
        if claimed not in (None, self.country):
            other = str(claimed)[:10]
            raise RuleError("not_your_country", message(
                N_("You sit for {country}; you cannot act for {other}."),
                country=_state(self.country), other=Country(other, display(other)))
                if is_known(other) else message(
                N_("You sit for {country}; you cannot act for anyone else."),
                country=_state(self.country)))
        return self.country


def _state(code: str) -> Country:
    """A seat's state as a refusal names it (a fictional one by its code: its scenario is not
    at hand here)."""
    return Country(code, display(code))


INSTRUCTOR = Identity("instructor")


def action_from_client(identity: Identity, raw: Any) -> Action:
    """The engine action a client's action object stands for, or RuleError."""
    if not isinstance(raw, dict):
        raise RuleError("invalid_action", message(N_("An action is a JSON object.")))
    actor = identity.actor(raw.get("actor"))
    body = {k: v for k, v in raw.items() if k not in CLIENT_MAY_NOT_SET}
    if body.get("kind") == "say":
        author = identity.nickname if identity.role == "student" else (
            "instructor" if actor != "instructor" else None)
        if author:
            body["author"] = author
    body["actor"] = actor
    return parse_action(body)
