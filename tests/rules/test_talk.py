"""Talk: the public channel, one channel per body, team channels and private
channels, each readable only by those who sit in it."""

from __future__ import annotations

import pytest

from game_rules.talk import can_read
from tests.rules.rules_helpers import Game, kinds

SCENARIO = {
    "id": "talk", "title": "Talk", "countries": ["FRA", "GBR", "USA", "RUS", "DEU", "UKR", "IND"],
    "bodies": {"UNSC": {"permanent": ["FRA", "GBR", "RUS", "USA"], "elected": ["IND"],
                        "threshold": 3, "invited": ["UKR"]},
               "NAC": {"members": ["FRA", "GBR", "USA", "DEU"], "secretary_general": True}},
}


def game() -> Game:
    return Game(SCENARIO)


def test_every_country_speaks_in_public() -> None:
    g = game()
    for country in ("FRA", "RUS", "UKR"):
        assert kinds(g.act(country, "say", channel="public", text="Hello")) == ["message_sent"]


def test_a_body_channel_is_for_those_who_sit_in_the_body() -> None:
    g = game()
    g.act("DEU", "say", channel="NAC", text="Allies only")
    assert g.refuse("RUS", "say", channel="NAC", text="Let me in").code == "not_in_channel"
    assert g.refuse("DEU", "say", channel="UNSC", text="Let me in").code == "not_in_channel"
    g.act("UKR", "say", channel="UNSC", text="Invited under rule 37")


def test_private_channels_readable_only_by_members() -> None:
    g = game()
    events = g.act("FRA", "open_channel", members=["DEU"], name="Paris-Berlin")
    channel = events[0].channel
    g.act("DEU", "say", channel=channel, text="Our line?")
    assert g.refuse("GBR", "say", channel=channel, text="And us?").code == "not_in_channel"
    assert can_read(g.state, channel, "FRA")
    assert not can_read(g.state, channel, "GBR")
    assert not can_read(g.state, channel, "public")
    assert can_read(g.state, channel, "instructor")


def test_the_opener_is_always_a_member() -> None:
    g = game()
    events = g.act("USA", "open_channel", members=["GBR", "USA"])
    assert events[0].members == ["USA", "GBR"]


def test_team_channels_are_for_the_countrys_own_players() -> None:
    g = game()
    g.act("FRA", "say", channel="team:FRA", text="Our red line is...")
    assert g.refuse("DEU", "say", channel="team:FRA", text="Hi").code == "not_in_channel"
    assert not can_read(g.state, "team:FRA", "DEU")
    assert not can_read(g.state, "team:FRA", "public")


def test_the_instructor_reads_and_speaks_everywhere() -> None:
    g = game()
    channel = g.act("FRA", "open_channel", members=["DEU"])[0].channel
    for ch in ("public", "NAC", "UNSC", "team:RUS", channel):
        assert kinds(g.act("instructor", "say", channel=ch, text="Five minutes")) == [
            "message_sent"]


def test_the_secretary_general_reads_the_nac_and_the_public_channel_only() -> None:
    g = game()
    g.act("secretary_general", "say", channel="NAC", text="Allies, a word.")
    assert g.refuse("secretary_general", "say", channel="team:FRA",
                    text="Hello").code == "not_in_channel"
    assert g.refuse("secretary_general", "say", channel="UNSC",
                    text="Hello").code == "not_in_channel"


def test_an_unknown_channel_is_refused() -> None:
    assert game().refuse("FRA", "say", channel="nowhere", text="Hello").code == "unknown_channel"


def test_a_private_channel_needs_two_countries_of_the_game() -> None:
    g = game()
    assert g.refuse("FRA", "open_channel", members=["FRA"]).code == "channel_needs_members"
    assert g.refuse("FRA", "open_channel", members=["XYZ"]).code == "unknown_country"


@pytest.mark.parametrize("name", ["public", "NAC", "UNSC", "team:FRA", "-bad", "a/b"])
def test_a_private_channel_cannot_take_a_reserved_or_odd_name(name: str) -> None:
    assert game().refuse("FRA", "open_channel", members=["DEU"],
                         channel=name).code == "invalid_channel"


def test_a_channel_name_in_use_is_refused() -> None:
    g = game()
    g.act("FRA", "open_channel", members=["DEU"], channel="quint")
    assert g.refuse("GBR", "open_channel", members=["USA"],
                    channel="quint").code == "channel_name_taken"


@pytest.mark.parametrize(("text", "code"), [("", "invalid_action"), ("x" * 4001, "text_too_long"),
                                            ("bell\x07", "invalid_text"),
                                            ("\u202eright-to-left", "invalid_text")])
def test_a_message_is_some_text_of_reasonable_length(text: str, code: str) -> None:
    assert game().refuse("FRA", "say", channel="public", text=text).code == code
