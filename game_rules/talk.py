"""Messages and channels, and who may read them.

Channels: ``public``; one per body (``UNSC``, ``NAC``, ``UNGA``, ``LNC``, ``LNA``) for those
who sit in it; ``team:XXX``, a country's own team; and private groups that
countries open among themselves. The instructor reads everything.
"""

from __future__ import annotations

import re

from game_rules.actions import OpenChannel, Say
from game_rules.context import Context
from game_rules.council import participants
from game_rules.errors import RuleError
from game_rules.events import ChannelOpened, Event, MessageSent
from game_rules.messages import N_, Param, message
from game_rules.state import Channel, State

MAX_PRIVATE_CHANNELS = 500
_CHANNEL_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 _.:-]{0,39}$")


def initial_channels(state: State) -> dict[str, Channel]:
    channels = {"public": Channel(id="public", name="Public", kind="public")}
    bodies = state.scenario.bodies
    if bodies.UNSC:
        channels["UNSC"] = Channel(id="UNSC", name="Security Council", kind="body")
    if bodies.NAC:
        channels["NAC"] = Channel(id="NAC", name="North Atlantic Council", kind="body")
    if bodies.UNGA:
        channels["UNGA"] = Channel(id="UNGA", name="General Assembly", kind="body")
    if bodies.LNC:
        channels["LNC"] = Channel(id="LNC", name="Council of the League", kind="body")
    if bodies.LNA:
        channels["LNA"] = Channel(id="LNA", name="Assembly of the League", kind="body")
    for code in state.countries():
        channels[f"team:{code}"] = Channel(id=f"team:{code}", name=f"Team {state.name(code)}",
                                           kind="team", members=(code,))
    return channels


BODY_CHANNEL_NAMES = {"public": N_("Public"), "UNSC": N_("Security Council"),
                      "NAC": N_("North Atlantic Council"), "UNGA": N_("General Assembly"),
                      "LNC": N_("Council of the League"), "LNA": N_("Assembly of the League")}
"""The names of the channels every game of a scenario has, as the pages name them."""


def channel_label(state: State, channel: Channel) -> Param:
    """A channel's name in the reader's language: a body's or a team's from the catalogs, a
    private channel's as its opener typed it, or, when they typed none, its members.

    Events keep no language: a private channel opened without a name is stored with an empty
    ``name``, and each reader names it by its members.
    """
    if channel.id in BODY_CHANNEL_NAMES:
        return message(BODY_CHANNEL_NAMES[channel.id])
    if channel.kind == "team":
        return message(N_("Team {country}"), country=state.country(channel.id[5:]))
    if channel.name:
        return channel.name
    return state.countries_of(channel.members or ())


def readers(state: State, channel: Channel) -> tuple[str, ...] | None:
    """The countries that read a channel; None means everyone, the public included."""
    if channel.kind == "public":
        return None
    if channel.kind == "body":
        if channel.id == "NAC":
            return state.nac_members
        return participants(state, channel.id)
    return channel.members or ()


def can_read(state: State, channel_id: str, viewer: str) -> bool:
    """Whether a viewer (a country, ``instructor`` or ``public``) reads a channel.

    ``secretary_general`` reads the NAC channel and the public one.
    """
    if viewer == "instructor":
        return True
    channel = state.channels.get(channel_id)
    if channel is None:
        return False
    allowed = readers(state, channel)
    if allowed is None:
        return True
    if viewer == "secretary_general":
        return channel.id == "NAC"
    return viewer in allowed


def reads_message(state: State, channel_id: str, readers: list[str] | tuple[str, ...] | None,
                  viewer: str) -> bool:
    """Whether a viewer reads a message: it reads the channel now, and did when the message
    was sent (``readers``, None: everyone). A state that joins the North Atlantic Council
    does not read what the allies said before it sat with them; one that leaves reads the
    channel no more."""
    return can_read(state, channel_id, viewer) and read_when_sent(readers, viewer)


def read_when_sent(readers: list[str] | tuple[str, ...] | None, viewer: str) -> bool:
    """Whether a viewer read a message's channel when it was sent (``readers``; None:
    everyone). The instructor and the Secretary-General read what they read now."""
    return readers is None or viewer in ("instructor", "secretary_general") or viewer in readers


HISTORY_KINDS = ("team", "private")
"""The channels whose earlier talk a late team-mate does not read: a country's own team and
the private channels it sits in. Public and body channels are the bodies' record."""


def before_seat(state: State, channel_id: str, number: int, history_from: int) -> bool:
    """Whether something said in a channel is history a seat that sat down late does not
    read: the channel is a team or private one, and ``number`` (a message's index, or the
    seq of the event that sent it) is at or below ``history_from`` (the seat's mark when it
    sat down; 0 reads everything).

    >>> from game_rules.engine import new_game
    >>> from game_rules.scenario import load_scenario
    >>> s = new_game(load_scenario({"id": "t", "title": "T", "countries": ["EST", "LVA"]}), 1)
    >>> before_seat(s, "team:EST", 3, 5), before_seat(s, "team:EST", 6, 5)
    (True, False)
    >>> before_seat(s, "public", 3, 5), before_seat(s, "team:EST", 3, 0)
    (False, False)
    """
    if number > history_from:
        return False
    channel = state.channels.get(channel_id)
    return channel is not None and channel.kind in HISTORY_KINDS


def say(state: State, action: Say, ctx: Context) -> list[Event]:
    channel = state.channels.get(action.channel)
    if channel is None:
        raise RuleError("unknown_channel", message(N_(
                                    "There is no channel \"{channel}\"."),
                                    channel=action.channel))
    if not can_read(state, channel.id, action.actor):
        raise RuleError("not_in_channel",
                        message(N_(
                            "{country} does not sit in the channel {name}."),
                            country=state.country(action.actor), name=channel_label(state, channel)))
    allowed = readers(state, channel)
    return [MessageSent(channel=channel.id, sender=action.actor, text=action.text, at=ctx.now,
                        author=action.author,
                        readers=list(allowed) if allowed is not None else None)]


def open_channel(state: State, action: OpenChannel, ctx: Context) -> list[Event]:
    members = list(dict.fromkeys([action.actor, *action.members]))
    for code in members:
        if code not in state.countries():
            raise RuleError("unknown_country", message(N_(
                                    "\"{code}\" is not a state in this game."),
                                    code=code))
    if len(members) < 2:
        raise RuleError("channel_needs_members", message(N_(
                                    "A private channel needs at least two countries.")))
    if sum(1 for c in state.channels.values() if c.kind == "private") >= MAX_PRIVATE_CHANNELS:
        raise RuleError("too_many_channels", message(N_(
                                    "This game has as many private channels as it can.")))
    channel_id = action.channel or f"private-{state.channel_counter + 1}"
    if not _CHANNEL_ID.match(channel_id) or channel_id.startswith("team:") \
            or channel_id in ("public", "UNSC", "NAC", "UNGA", "LNC", "LNA"):
        raise RuleError("invalid_channel", message(N_(
                                    "\"{channel_id}\" cannot name a private channel."),
                                    channel_id=channel_id))
    if channel_id in state.channels:
        raise RuleError("channel_name_taken", message(N_(
                                    "The channel \"{channel_id}\" already exists."),
                                    channel_id=channel_id))
    return [ChannelOpened(channel=channel_id, name=(action.name or "")[:80], members=members,
                          opened_by=action.actor)]
