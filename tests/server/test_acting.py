"""One way in for an action: who acts, and what a client may not set."""

from __future__ import annotations

from typing import Any

import pytest

from game_rules import RuleError
from server.acting import INSTRUCTOR, Identity, action_from_client

ADA = Identity("student", "NOR", "Ada", "seat-1")
UNSEATED = Identity("student", None, "Bo", "seat-2")


def _code(identity: Identity, raw: Any) -> str:
    with pytest.raises(RuleError) as refused:
        action_from_client(identity, raw)
    return refused.value.code


@pytest.mark.parametrize(("identity", "claimed", "actor"), [
    (ADA, None, "NOR"),
    (ADA, "NOR", "NOR"),
    (INSTRUCTOR, None, "instructor"),
    (INSTRUCTOR, "", "instructor"),
    (INSTRUCTOR, "instructor", "instructor"),
    (INSTRUCTOR, "FRA", "FRA"),
])
def test_who_acts(identity: Identity, claimed: Any, actor: str) -> None:
    assert identity.actor(claimed) == actor


@pytest.mark.parametrize(("identity", "claimed", "code"), [
    (ADA, "FRA", "not_your_country"),
    (ADA, "instructor", "not_your_country"),
    (ADA, "system", "not_your_country"),
    (UNSEATED, None, "seat_unassigned"),
    (Identity("observer", seat_id="s3"), None, "read_only"),
    (Identity("projector", seat_id="s4"), None, "read_only"),
    (Identity("public"), None, "read_only"),
    (INSTRUCTOR, "system", "not_allowed"),
    (INSTRUCTOR, 7, "invalid_action"),
])
def test_who_may_not_act(identity: Identity, claimed: Any, code: str) -> None:
    assert _code(identity, {"kind": "say", "channel": "public", "text": "Hi",
                            "actor": claimed}) == code


def test_the_server_sets_the_time_and_a_students_name_under_a_message() -> None:
    action = action_from_client(ADA, {"kind": "say", "channel": "public", "text": "Hi",
                                      "at": 1.0, "author": "The teacher"})
    assert (action.actor, action.at, action.author) == ("NOR", None, "Ada")


def test_the_instructor_speaking_for_a_country_signs_as_the_instructor() -> None:
    for_a_country = action_from_client(INSTRUCTOR, {"kind": "say", "channel": "public",
                                                    "text": "Hi", "actor": "FRA",
                                                    "author": "Ada"})
    assert (for_a_country.actor, for_a_country.author) == ("FRA", "instructor")
    own = action_from_client(INSTRUCTOR, {"kind": "say", "channel": "public", "text": "Hi",
                                          "author": "Ada"})
    assert (own.actor, own.author) == ("instructor", None)


def test_a_malformed_action_is_refused_with_the_engines_code() -> None:
    assert _code(ADA, ["say"]) == "invalid_action"
    assert _code(ADA, {"kind": "dance"}) == "unknown_action"
    assert _code(ADA, {"kind": "vote", "draft": "S/1"}) == "invalid_action"


def test_client_ids_of_the_instructors_connections_share_one_space() -> None:
    assert INSTRUCTOR.seat_key == "instructor" and ADA.seat_key == "seat-1"
