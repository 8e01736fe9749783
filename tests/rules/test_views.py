"""What each seat may see: ``view_for`` and ``redact``."""

from __future__ import annotations

import json
from typing import Any

from game_rules.events import event_to_dict
from game_rules.views import redact, view_for
from tests.rules.rules_helpers import Game, only

SCENARIO: dict[str, Any] = {
    "id": "views", "title": "Views", "year": 2024,
    "countries": [
        {"code": "FRA", "role": {"summary": "FRA-SECRET keep Paris autonomous",
                                 "red_lines": ["FRA-REDLINE no troops"]},
         "caretaker": {"pledge": "diplomatic"}},
        {"code": "DEU", "role": {"summary": "DEU-SECRET energy first"}},
        {"code": "RUS", "role": {"summary": "RUS-SECRET divide the allies"}, "playable": False},
        "GBR", "USA", "EST", "UKR",
    ],
    "bodies": {"UNSC": {"permanent": ["FRA", "GBR", "RUS", "USA"], "threshold": 3},
               "NAC": {"members": ["FRA", "DEU", "GBR", "USA", "EST"]}},
    "aggressor": {"country": "RUS", "target": "UKR"},
    "injects": [{"id": "intel", "auto": False, "title": "INTEL-FOR-EST", "audience": ["EST"]}],
}
SECRETS = {"FRA": "FRA-SECRET", "DEU": "DEU-SECRET", "RUS": "RUS-SECRET"}


def played() -> Game:
    game = Game(SCENARIO)
    channel = game.act("FRA", "open_channel", members=["DEU"], channel="paris-berlin")
    assert channel[0].channel == "paris-berlin"
    game.act("FRA", "say", channel="paris-berlin", text="PRIVATE-FRA-DEU")
    game.act("FRA", "say", channel="team:FRA", text="TEAM-FRA")
    game.act("EST", "say", channel="NAC", text="BODY-NAC")
    game.act("GBR", "say", channel="UNSC", text="BODY-UNSC")
    game.act("USA", "say", channel="public", text="PUBLIC-USA")
    game.act("instructor", "inject", inject="intel")
    return game


def seen(game: Game, viewer: str) -> str:
    return json.dumps(view_for(game.state, viewer), ensure_ascii=False)


def test_view_for_never_shows_another_countrys_role_sheet() -> None:
    game = played()
    for viewer in ("FRA", "DEU", "RUS", "GBR", "EST", "UKR"):
        text = seen(game, viewer)
        for owner, secret in SECRETS.items():
            assert (secret in text) == (owner == viewer), (viewer, owner)
    assert "FRA-REDLINE" not in seen(game, "DEU")


def test_a_country_sees_its_own_role_sheet() -> None:
    view = view_for(played().state, "FRA")
    assert view["me"]["role"]["red_lines"] == ["FRA-REDLINE no troops"]


def test_view_for_never_shows_another_countrys_private_or_team_channel() -> None:
    game = played()
    gbr = seen(game, "GBR")
    assert "PRIVATE-FRA-DEU" not in gbr
    assert "TEAM-FRA" not in gbr
    assert "paris-berlin" not in gbr
    assert "team:FRA" not in gbr
    deu = seen(game, "DEU")
    assert "PRIVATE-FRA-DEU" in deu
    assert "TEAM-FRA" not in deu
    assert "TEAM-FRA" in seen(game, "FRA")


def test_a_body_channel_is_seen_only_by_those_who_sit_in_it() -> None:
    game = played()
    assert "BODY-NAC" not in seen(game, "UKR")
    assert "BODY-UNSC" not in seen(game, "DEU")
    assert "BODY-NAC" in seen(game, "EST")


def test_public_sees_no_role_sheet_and_no_private_message() -> None:
    public = seen(played(), "public")
    for secret in (*SECRETS.values(), "FRA-REDLINE", "PRIVATE-FRA-DEU", "TEAM-FRA",
                   "BODY-NAC", "BODY-UNSC", "INTEL-FOR-EST"):
        assert secret not in public
    assert "PUBLIC-USA" in public
    assert "me" not in view_for(played().state, "public")


def test_news_addressed_to_others_is_hidden() -> None:
    game = played()
    assert "INTEL-FOR-EST" in seen(game, "EST")
    assert "INTEL-FOR-EST" not in seen(game, "FRA")


def test_only_the_instructor_sees_roles_policies_and_the_seed() -> None:
    game = played()
    instructor = view_for(game.state, "instructor")
    assert set(instructor["instructor"]["roles"]) == {"FRA", "DEU", "RUS"}
    assert "FRA" in instructor["instructor"]["caretaker_policies"]
    for viewer in ("FRA", "public"):
        view = view_for(game.state, viewer)
        assert "instructor" not in view
        assert "seed" not in seen(game, viewer)
        assert "caretaker_policies" not in seen(game, viewer)
        assert "aggressor_odds" not in seen(game, viewer)
    assert "PRIVATE-FRA-DEU" in seen(game, "instructor")


def test_the_public_does_not_learn_who_is_a_caretaker() -> None:
    game = played()
    assert view_for(game.state, "public")["caretakers"] == []
    assert view_for(game.state, "FRA")["caretakers"] == ["RUS"]


def test_redact_hides_private_messages() -> None:
    game = Game(SCENARIO)
    opened = only(game.act("FRA", "open_channel", members=["DEU"]), "channel_opened")
    message = only(game.act("DEU", "say", channel=opened.channel, text="Just us"),
                   "message_sent")
    team = only(game.act("FRA", "say", channel="team:FRA", text="Just FRA"), "message_sent")
    for viewer in ("GBR", "public", "secretary_general"):
        assert redact(message, viewer, game.state) is None
        assert redact(opened, viewer, game.state) is None
        assert redact(team, viewer, game.state) is None
    assert redact(message, "FRA", game.state) == message.model_dump(mode="json")
    assert redact(team, "FRA", game.state) is not None
    assert redact(message, "instructor", game.state) is not None


def test_redact_hides_caretakers_and_how_the_aggressor_moved() -> None:
    game = Game(SCENARIO)
    handed = only(game.act("instructor", "set_caretaker", country="GBR"), "caretaker_set")
    assert redact(handed, "FRA", game.state) is None
    assert redact(handed, "instructor", game.state) is not None
    moved = only(game.act("instructor", "aggressor_move"), "aggressor_moved")
    shown = redact(moved, "public", game.state)
    assert shown is not None
    assert "drawn" not in shown


def test_redact_shows_news_only_to_its_audience() -> None:
    game = Game(SCENARIO)
    inject = only(game.act("instructor", "inject", inject="intel"), "inject_released")
    assert redact(inject, "FRA", game.state) is None
    shown = redact(inject, "EST", game.state)
    assert shown is not None
    assert "audience" not in shown


def test_redact_with_the_whole_event_given_once_answers_as_without_it() -> None:
    game = Game(SCENARIO)
    opened = only(game.act("FRA", "open_channel", members=["DEU"]), "channel_opened")
    private = only(game.act("DEU", "say", channel=opened.channel, text="Just us"),
                   "message_sent")
    public = only(game.act("FRA", "say", channel="public", text="To all"), "message_sent")
    inject = only(game.act("instructor", "inject", inject="intel"), "inject_released")
    handed = only(game.act("instructor", "set_caretaker", country="GBR"), "caretaker_set")
    moved = only(game.act("instructor", "aggressor_move"), "aggressor_moved")
    for event in (opened, private, public, inject, handed, moved):
        whole = event_to_dict(event)
        for viewer in ("FRA", "DEU", "EST", "GBR", "public", "secretary_general", "instructor"):
            shown = redact(event, viewer, game.state, whole)
            assert shown == redact(event, viewer, game.state), (event.kind, viewer)
            # Seen whole: the very object given (and left as it was); else a copy or None.
            assert (shown is whole) == (shown == whole), (event.kind, viewer)
        assert whole == event_to_dict(event), event.kind
    whole = event_to_dict(public)
    assert redact(public, "GBR", game.state, whole) is whole
    shown = redact(inject, "EST", game.state, event_to_dict(inject))
    assert shown is not None and "audience" not in shown


def test_an_incident_made_by_news_for_some_is_known_to_them_and_the_states_it_names() -> None:
    game = Game(SCENARIO)
    events = game.act("instructor", "inject", title="INTEL for Estonia and the US",
                      audience=["EST", "USA"],
                      effects={"incident": {"id": "cable", "target": "UKR", "attacker": "RUS",
                                            "kind": "hybrid", "title": "CABLE-CUT"}})
    incident = only(events, "incident_occurred")
    for viewer in ("EST", "USA", "UKR", "RUS", "instructor"):
        assert redact(incident, viewer, game.state) is not None, viewer
        assert "CABLE-CUT" in seen(game, viewer), viewer
    for viewer in ("FRA", "DEU", "GBR", "public"):
        assert redact(incident, viewer, game.state) is None, viewer
        assert "CABLE-CUT" not in seen(game, viewer), viewer
    assert "audience" not in (redact(incident, "EST", game.state) or {})


def test_a_live_tally_says_whether_a_draft_can_still_pass() -> None:
    game = Game(SCENARIO)
    draft = game.table("FRA", title="Aggression")
    game.act("instructor", "call_vote", draft=draft)
    game.act("FRA", "vote", draft=draft, vote="yes")
    game.act("RUS", "vote", draft=draft, vote="no")
    tally = view_for(game.state, "public")["UNSC"]["drafts"][0]["tally"]
    assert tally["if_closed_now"] == "failed"
    assert tally["not_voted"] == ["GBR", "USA"]
    assert tally["can_still_pass"] is False
