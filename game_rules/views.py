"""What each seat may see: ``view_for(state, viewer)`` and ``redact(event, ...)``.

A viewer is a country's code, ``instructor`` (sees everything), ``public``
(the projector and observers: the public picture only) or
``secretary_general``. Secret role sheets, private and team channels, body
channels of bodies a country does not sit in, injects addressed to others,
caretaker policies and the random generator never reach the wrong seat.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from game_rules import events as ev
from game_rules import history, league, timeline
from game_rules.council import council_threshold, outcome_of, participants
from game_rules.crisis import move_odds
from game_rules.events import Event, event_to_dict, explained
from game_rules.messages import message
from game_rules.nac import DECISION_NAMES
from game_rules.scenario import LEVELS, Incident, LevelledText, text_at
from game_rules.state import Draft, Item, Message, News, Pledge, State
from game_rules.talk import before_seat, can_read, read_when_sent, reads_message
from game_rules.translations import field_keys, incident_key

PUBLIC = "public"
INSTRUCTOR = "instructor"


def _sees_audience(viewer: str, audience: list[str] | tuple[str, ...] | None) -> bool:
    return audience is None or viewer == INSTRUCTOR or viewer in audience


def redact(event: Event, viewer: str, state: State,
           whole: dict[str, Any] | None = None) -> dict[str, Any] | None:
    """The event as ``viewer`` may see it, or None if it is not theirs to see.

    ``state`` is the state in which the event happened, or a later one: a message
    goes to who reads its channel in ``state`` and read it when it was sent.

    ``whole``: the event as ``event_to_dict`` gives it, for a caller that redacts one
    event for many viewers. A viewer who may see all of it is then given ``whole``
    itself (the very object: the caller does not change it, and can tell such viewers
    apart by identity); one from whom a part is withheld, a copy without that part.
    """
    if viewer == INSTRUCTOR:
        return whole if whole is not None else event_to_dict(event)
    if isinstance(event, ev.MessageSent):
        # (Its readers are no secret to one of them: the channel's members, or the body's.)
        if not reads_message(state, event.channel, event.readers, viewer):
            return None
    elif isinstance(event, ev.ChannelOpened):
        if viewer not in event.members:
            return None
    elif isinstance(event, ev.InjectReleased | ev.IncidentOccurred):
        if not _sees_audience(viewer, event.audience):
            return None
        data = dict(whole) if whole is not None else event_to_dict(event)
        data.pop("audience", None)
        return data
    elif isinstance(event, ev.CaretakerSet):
        return None
    elif isinstance(event, ev.AggressorMoved):
        data = dict(whole) if whole is not None else event_to_dict(event)
        data.pop("drawn", None)
        return data
    return whole if whole is not None else event_to_dict(event)


def league_tally_view(state: State, draft: Draft) -> dict[str, Any]:
    """A League draft's tally: the votes so far, whose votes do not count, who blocks, and
    what the draft would get if closed now (after the close, the result), with the
    engine's explanation of it (which rule, and the count)."""
    outcome = league.outcome_of(state, draft, draft.votes)
    voters = league.voters(state, draft)
    pending = [m for m in voters if m not in draft.votes]
    best = league.outcome_of(state, draft, {**draft.votes, **{m: "yes" for m in pending}})
    closed = draft.status in ("adopted", "failed")
    return {
        "yes": list(outcome.yes), "no": list(outcome.no), "abstain": list(outcome.abstain),
        "not_voted": list(draft.absent) if closed else pending,
        "rule": "majority" if draft.article == "procedural" else "unanimity",
        "article": draft.article, "not_counted": list(outcome.excluded),
        "blocked_by": list(draft.blocked_by) if closed else list(outcome.blocked_by),
        "if_closed_now": draft.status if closed else outcome.result,
        "vetoed_by": [], "needed": None,
        "can_still_pass": draft.status == "adopted" if closed else best.result == "adopted",
        **explained(league.explain(state, draft, outcome)),
    }


def tally_view(state: State, draft: Draft) -> dict[str, Any]:
    """A live tally: the votes so far and what the draft would get if closed now.
    After the close, the result as it stands."""
    if league.is_league_body(draft.body):
        return league_tally_view(state, draft)
    if draft.status in ("adopted", "vetoed", "failed") and draft.body == "UNSC":
        return {
            "yes": [m for m, v in draft.votes.items() if v == "yes"],
            "no": [m for m, v in draft.votes.items() if v == "no"],
            "abstain": [m for m, v in draft.votes.items() if v == "abstain"],
            "not_voted": list(draft.absent), "needed": council_threshold(state),
            "if_closed_now": draft.status, "vetoed_by": list(draft.vetoed_by),
            "can_still_pass": draft.status == "adopted",
        }
    outcome = outcome_of(state, draft, draft.votes)
    members = state.council_members(draft.body)
    pending = [m for m in members if m not in draft.votes]
    best = outcome_of(state, draft, {**draft.votes, **{m: "yes" for m in pending}})
    return {
        "yes": list(outcome.yes), "no": list(outcome.no), "abstain": list(outcome.abstain),
        "not_voted": pending, "needed": outcome.needed,
        "if_closed_now": outcome.result, "vetoed_by": list(outcome.vetoed_by),
        "can_still_pass": best.result == "adopted",
    }


def _draft_view(state: State, draft: Draft) -> dict[str, Any]:
    data = draft.model_dump(mode="json")
    data["votes"] = dict(draft.votes)
    if draft.status == "voting" or draft.votes:
        data["tally"] = tally_view(state, draft)
    return data


def _bodies_of(state: State, code: str) -> list[str]:
    out = []
    if state.scenario.bodies.UNSC:
        if code in state.council_members("UNSC"):
            out.append("UNSC")
        elif code in participants(state, "UNSC"):
            out.append("UNSC (without a vote)")
    if code in state.nac_members:
        out.append("NAC")
    if state.scenario.bodies.UNGA and code in state.council_members("UNGA"):
        out.append("UNGA")
    if code in state.council_members("LNC"):
        out.append("LNC")
    if code in state.council_members("LNA"):
        out.append("LNA")
    return out


# A view is made of sections, each a function of a few fields of the state (and,
# for some, of the viewer). The server keeps a section it has built for as long as
# those fields are the same objects (the state is immutable: an event replaces
# only what it changes), and sends a browser only what changed.


def _text(state: State, value: str | LevelledText) -> str:
    return text_at(value, state.reading_level)


def game_section(state: State) -> dict[str, Any]:
    sc = state.scenario
    return {
        "scenario": sc.id, "title": sc.title, "year": sc.year, "date": sc.date,
        "not_yet_in_force": timeline.unavailable(sc),
        "summary": _text(state, sc.summary), "briefing": _text(state, sc.briefing),
        "reading_level": state.reading_level, "status": state.status, "round": state.round,
        "rounds": sc.rounds, "phase": state.phase, "clock_deadline": state.clock_deadline,
        "clock_remaining": state.clock_remaining, "now": state.now,
        "vote_grace": state.vote_grace,
    }


def countries_section(state: State) -> list[dict[str, Any]]:
    sc = state.scenario
    return [
        {"code": c, "name": state.name(c), "display": state.display(c), "short": state.short(c),
         "bodies": _bodies_of(state, c),
         "profile": _text(state, e.profile) if (e := sc.entry(c)) else "",
         "permanent": c in state.permanent_members(),
         "playable": bool(e.playable) if (e := sc.entry(c)) else False}
        for c in state.country_list
    ]


def crisis_section(state: State) -> dict[str, Any]:
    sc = state.scenario
    return {
        "ladder": state.crisis.ladder, "level": LEVELS[state.crisis.ladder],
        "levels": list(LEVELS), "deterrence": state.crisis.deterrence,
        "toll": state.crisis.toll, "reversed": state.crisis.reversed,
        "aggressor": sc.aggressor.country if sc.aggressor else None,
    }


_INCIDENT_TEXTS = {"title": "title", "description": "description", "location": "location"}


def incidents_section(state: State, viewer: str) -> list[dict[str, Any]]:
    """The incidents the viewer knows of; one the scenario writes carries the ``keys`` of
    its texts (docs/i18n.md)."""
    return [{**inc.model_dump(mode="json"), "description": _text(state, inc.description),
             **_incident_keys(state, inc)}
            for inc in state.incidents.values()
            if _sees_audience(viewer, state.incident_audience.get(inc.id))]


def _incident_keys(state: State, inc: Incident) -> dict[str, Any]:
    prefix = incident_key(state.scenario, inc)
    keys = field_keys(prefix, inc, _INCIDENT_TEXTS) if prefix else None
    return {"keys": keys} if keys else {}


class Entries:
    """How the items of the long lists (news, drafts, NAC items, pledges) become view
    entries. Each entry is a function of its item alone (a draft's, of the draft and the
    scenario), so a server may keep the entries it made (see server/liveview.py)."""

    def news(self, news: News) -> dict[str, Any]:
        return news.model_dump(mode="json")

    DRAFT_FIELDS = ("scenario", "country_list", "league_left")
    """The fields of the state a draft's entry reads besides the draft (its tally counts
    the body's members)."""

    def draft(self, state: State, draft: Draft) -> dict[str, Any]:
        """A draft: its text, votes and, once voting began, the tally."""
        return _draft_view(state, draft)

    def item(self, item: Item) -> dict[str, Any]:
        return {**item.model_dump(mode="json"), "decision_name": DECISION_NAMES[item.decision],
                "decision_name_msg": message(DECISION_NAMES[item.decision]).to_json()}

    def pledge(self, pledge: Pledge) -> dict[str, Any]:
        return pledge.model_dump(mode="json")


PLAIN = Entries()


def news_section(state: State, viewer: str, entries: Entries = PLAIN) -> list[dict[str, Any]]:
    return news_entries(state.news, viewer, entries)


def news_entries(news: Iterable[News], viewer: str, entries: Entries = PLAIN) -> list[dict[str, Any]]:
    """The entries of the news items the viewer may see (news grows at its end only: the
    entries of a state's news are those of an earlier state's and those of the rest)."""
    return [entries.news(n) for n in news if _sees_audience(viewer, n.audience)]


def unsc_section(state: State, entries: Entries = PLAIN) -> dict[str, Any] | None:
    council = state.scenario.bodies.UNSC
    if not council:
        return None
    return {
        "members": list(council.members), "permanent": list(council.permanent),
        "invited": list(council.invited), "briefers": list(council.briefers),
        "threshold": council_threshold(state), "president": state.president,
        "determination": state.counters.determination,
        "open_vote": state.open_votes.get("UNSC"),
        "drafts": [entries.draft(state, d) for d in state.drafts.values() if d.body == "UNSC"],
        "emergency_session": state.emergency_session,
    }


def unga_section(state: State, entries: Entries = PLAIN) -> dict[str, Any] | None:
    if not state.scenario.bodies.UNGA:
        return None
    return {
        "members": list(state.council_members("UNGA")),
        "emergency_sessions": list(state.emergency_sessions),
        "session_requests": {k: list(v) for k, v in state.session_requests.items()},
        "open_vote": state.open_votes.get("UNGA"),
        "drafts": [entries.draft(state, d) for d in state.drafts.values() if d.body == "UNGA"],
    }


def nac_section(state: State, entries: Entries = PLAIN) -> dict[str, Any] | None:
    if not state.scenario.bodies.NAC:
        return None
    return {
        "members": list(state.nac_members),
        "items": [entries.item(i) for i in state.items.values()],
        "article5": list(state.article5), "article5_active": state.article5_active,
        "consultations": list(state.consultations),
        "pledges": [entries.pledge(p) for p in state.pledges],
        "accessions": [a.model_dump(mode="json") for a in state.accessions.values()],
        "membership_requests": list(state.membership_requests),
        "withdrawals": dict(state.withdrawals),
        "notices": dict(state.notices),
    }


def lnc_section(state: State, entries: Entries = PLAIN) -> dict[str, Any] | None:
    league_council = state.scenario.bodies.LNC
    if not league_council:
        return None
    return {
        "members": list(state.council_members("LNC")),
        "permanent": [c for c in league_council.permanent if c not in state.league_left],
        "elected": [c for c in league_council.elected if c not in state.league_left],
        "president": league_council.president,
        "open_vote": state.open_votes.get("LNC"),
        "drafts": [entries.draft(state, d) for d in state.drafts.values() if d.body == "LNC"],
    }


def lna_section(state: State, entries: Entries = PLAIN) -> dict[str, Any] | None:
    if not state.scenario.bodies.LNA:
        return None
    return {
        "members": list(state.council_members("LNA")),
        "open_vote": state.open_votes.get("LNA"),
        "drafts": [entries.draft(state, d) for d in state.drafts.values() if d.body == "LNA"],
    }


def league_section(state: State) -> dict[str, Any]:
    return {
        "members": list(state.league_members()), "left": list(state.league_left),
        "withdrawals": dict(state.league_withdrawals), "war_found": list(state.war_found),
        "sanctions": [s.model_dump(mode="json") for s in state.sanctions],
    }


def self_defence_section(state: State) -> list[str]:
    return list(state.self_defence)


def collective_self_defence_section(state: State) -> list[dict[str, str]]:
    return [{"country": c, "incident": i} for c, i in state.collective_defence]


def assistance_requests_section(state: State) -> dict[str, list[str] | None]:
    return {k: (list(v) if v is not None else None) for k, v in state.assistance_requests.items()}


def channels_section(state: State, viewer: str) -> list[dict[str, Any]]:
    return [
        {"id": ch.id, "name": ch.name, "kind": ch.kind,
         "members": list(ch.members) if ch.members is not None else None}
        for ch in state.channels.values() if can_read(state, ch.id, viewer)]


def message_entry(message: Message) -> dict[str, Any]:
    """One message as views list it (who read its channel when it was sent is left out)."""
    return message.model_dump(mode="json", exclude={"readers"})


def readable_messages(state: State, viewer: str, history_from: int = 0) -> list[Message]:
    """The messages a viewer reads, oldest first (``talk.reads_message``, with the channels
    the viewer reads worked out once); a seat that sat down late (``history_from``, the
    number of messages then) reads no earlier team or private talk (``talk.before_seat``)."""
    readable = {ch.id for ch in state.channels.values() if can_read(state, ch.id, viewer)}
    return [m for m in state.messages
            if m.channel in readable and read_when_sent(m.readers, viewer)
            and not (history_from and before_seat(state, m.channel, m.index, history_from))]


def messages_before(state: State, viewer: str, channel: str, before: int | None,
                    limit: int, history_from: int = 0) -> tuple[list[dict[str, Any]], bool]:
    """Up to ``limit`` messages of a channel the viewer reads, the newest of those with an
    index below ``before`` (None: the newest of all), oldest first; and whether the viewer
    reads earlier ones still (``history_from``: a seat that sat down late reads no team or
    private talk from before it, see ``view_for``). A channel the viewer does not read has none.

    >>> from game_rules.engine import new_game, step
    >>> from game_rules.scenario import load_scenario
    >>> sc = load_scenario({"id": "m", "title": "M", "countries": ["EST", "LVA"]})
    >>> s = step(new_game(sc, 1), {"actor": "instructor", "kind": "start"})[0]
    >>> for n in range(5):
    ...     s = step(s, {"actor": "EST", "kind": "say", "channel": "public", "text": f"m{n}"})[0]
    >>> page, more = messages_before(s, "LVA", "public", before=4, limit=2)
    >>> [m["text"] for m in page], more
    (['m1', 'm2'], True)
    >>> messages_before(s, "LVA", "team:EST", before=None, limit=10)
    ([], False)
    """
    if not can_read(state, channel, viewer):
        return [], False
    found: list[Message] = []
    more = False
    for m in reversed(state.messages):
        if m.channel != channel or (before is not None and m.index >= before):
            continue
        if not read_when_sent(m.readers, viewer):
            continue
        if history_from and before_seat(state, m.channel, m.index, history_from):
            continue
        if len(found) == limit:
            more = True
            break
        found.append(m)
    return [message_entry(m) for m in reversed(found)], more


def me_section(state: State, viewer: str) -> dict[str, Any] | None:
    if viewer not in state.country_list:
        return None
    entry = state.scenario.entry(viewer)
    return {
        "country": viewer, "name": state.name(viewer), "bodies": _bodies_of(state, viewer),
        "profile": _text(state, entry.profile) if entry else "",
        "role": entry.role.at(state.reading_level) if entry and entry.role else None,
        "caretaker": viewer in state.caretakers,
        "president": viewer == state.president,
    }


def instructor_section(state: State) -> dict[str, Any]:
    sc = state.scenario
    level = state.reading_level
    return {
        "caretakers": sorted(state.caretakers),
        "roles": {e.code: e.role.at(level) for e in sc.countries if e.role},
        "caretaker_policies": {e.code: e.caretaker.model_dump(mode="json")
                               for e in sc.countries if e.caretaker},
        "injects": [{**i.model_dump(mode="json"), "text": _text(state, i.text),
                     "released": i.id in state.injects_fired} for i in sc.injects],
        "aggressor_odds": (move_odds(sc.aggressor.policy, state.crisis.deterrence)
                           if sc.aggressor else None),
        "seed": state.seed,
    }


def caretakers_section(state: State, viewer: str) -> list[str]:
    return sorted(state.caretakers) if viewer != PUBLIC else []


@dataclass(frozen=True)
class Section:
    """A part of a view: its key, the fields of the state it reads, whether it depends on
    the viewer, and whether a viewer has it at all."""

    key: str
    inputs: tuple[str, ...]
    per_viewer: bool
    build: Callable[[State, str, Entries], Any]
    shown: Callable[[State, str], bool] = lambda state, viewer: True


_DRAFTS = ("drafts", *Entries.DRAFT_FIELDS)

SECTIONS: tuple[Section, ...] = (
    Section("game", ("scenario", "reading_level", "status", "round", "phase", "clock_deadline",
                     "clock_remaining", "now", "vote_grace"), False, lambda s, v, e: game_section(s)),
    Section("measures", ("scenario",), False,
            lambda s, v, e: [m.model_dump(mode="json") for m in s.scenario.measures]),
    Section("countries", ("scenario", "reading_level", "country_list", "nac_members", "league_left"),
            False, lambda s, v, e: countries_section(s)),
    Section("crisis", ("scenario", "crisis"), False, lambda s, v, e: crisis_section(s)),
    Section("incidents", ("incidents", "incident_audience", "reading_level"), True,
            lambda s, v, e: incidents_section(s, v)),
    Section("news", ("news",), True, news_section),
    Section("UNSC", ("president", "counters", "open_votes", "emergency_session", *_DRAFTS), False,
            lambda s, v, e: unsc_section(s, e), lambda s, v: bool(s.scenario.bodies.UNSC)),
    Section("UNGA", ("open_votes", "emergency_sessions", "session_requests", *_DRAFTS), False,
            lambda s, v, e: unga_section(s, e), lambda s, v: bool(s.scenario.bodies.UNGA)),
    Section("NAC", ("scenario", "nac_members", "items", "article5", "article5_active",
                    "consultations", "pledges", "accessions", "membership_requests",
                    "withdrawals", "notices"), False, lambda s, v, e: nac_section(s, e),
            lambda s, v: bool(s.scenario.bodies.NAC)),
    Section("LNC", ("open_votes", *_DRAFTS), False, lambda s, v, e: lnc_section(s, e),
            lambda s, v: bool(s.scenario.bodies.LNC)),
    Section("LNA", ("open_votes", *_DRAFTS), False, lambda s, v, e: lna_section(s, e),
            lambda s, v: bool(s.scenario.bodies.LNA)),
    Section("LEAGUE", ("scenario", "league_left", "league_withdrawals", "war_found", "sanctions"),
            False, lambda s, v, e: league_section(s),
            lambda s, v: bool(s.scenario.bodies.LNC or s.scenario.bodies.LNA)),
    Section("self_defence", ("self_defence",), False, lambda s, v, e: self_defence_section(s)),
    Section("collective_self_defence", ("collective_defence",), False,
            lambda s, v, e: collective_self_defence_section(s)),
    Section("assistance_requests", ("assistance_requests",), False,
            lambda s, v, e: assistance_requests_section(s)),
    Section("time_skipped", ("time_skipped",), False, lambda s, v, e: s.time_skipped),
    Section("channels", ("scenario", "channels", "nac_members", "country_list", "league_left"), True,
            lambda s, v, e: channels_section(s, v)),
    Section("me", ("scenario", "country_list", "reading_level", "caretakers", "president",
                   "nac_members", "league_left"), True, lambda s, v, e: me_section(s, v),
            lambda s, v: v in s.country_list),
    Section("instructor", ("scenario", "reading_level", "caretakers", "injects_fired", "crisis",
                           "seed"), True, lambda s, v, e: instructor_section(s),
            lambda s, v: v == INSTRUCTOR),
    Section("caretakers", ("caretakers",), True, lambda s, v, e: caretakers_section(s, v),
            lambda s, v: v != INSTRUCTOR),
    Section("history", ("scenario", "history_shown", "history_revealed", "items", "incidents",
                        "consultations", "sanctions", "league_withdrawals", "notices",
                        *_DRAFTS), True, lambda s, v, e: history.shown(s, v),
            lambda s, v: bool(s.scenario.history)),
)
"""The sections of a view, in the order the view lists them; the view's ``viewer``,
``messages`` and ``messages_total`` come besides."""

LIVE_FIELDS = frozenset(f for section in SECTIONS for f in section.inputs)
"""The fields of the state a view's sections read: a change elsewhere (a new message)
leaves them as they were."""


def live_view(state: State, viewer: str, entries: Entries = PLAIN) -> dict[str, Any]:
    """A view without its messages: what the server keeps up to date in a browser with
    patches (messages travel as events; see docs/protocol.md).

    >>> from game_rules.engine import new_game
    >>> from game_rules.scenario import load_scenario
    >>> sc = load_scenario({"id": "v", "title": "V", "countries": ["EST", "LVA"]})
    >>> sorted(set(view_for(new_game(sc, 1), "EST")) - set(live_view(new_game(sc, 1), "EST")))
    ['messages', 'messages_total']
    """
    view: dict[str, Any] = {"viewer": viewer}
    for section in SECTIONS:
        if section.shown(state, viewer):
            view[section.key] = section.build(state, viewer, entries)
    return view


def view_for(state: State, viewer: str, *, last_messages: int | None = None,
             history_from: int = 0) -> dict[str, Any]:
    """The whole picture one seat may see, as JSON-ready data.

    ``last_messages`` keeps only the newest messages the seat may read (a replay
    shows a moment, not a whole archive); ``messages_total`` counts them all.
    ``history_from``: the seat sat down late, when the game had that many messages; the
    team and private talk before them is not its to read.

    >>> from game_rules.engine import new_game
    >>> from game_rules.scenario import load_scenario
    >>> sc = load_scenario({"id": "v", "title": "V", "countries": [
    ...     {"code": "EST", "role": {"summary": "secret plan"}}, "LVA"]})
    >>> "secret plan" in str(view_for(new_game(sc, 1), "LVA"))
    False
    >>> view_for(new_game(sc, 1), "EST")["me"]["role"]["summary"]
    'secret plan'
    """
    mine = readable_messages(state, viewer, history_from)
    total = len(mine)
    if last_messages is not None:
        mine = mine[-last_messages:] if last_messages > 0 else []
    view: dict[str, Any] = {}
    for key, value in live_view(state, viewer).items():
        view[key] = value
        if key == "channels":
            view["messages_total"] = total
            view["messages"] = [message_entry(m) for m in mine]
    return view
