"""What each seat may see: ``view_for(state, viewer)`` and ``redact(event, ...)``.

A viewer is a country's code, ``instructor`` (sees everything), ``public``
(the projector and observers: the public picture only) or
``secretary_general``. Secret role sheets, private and team channels, body
channels of bodies a country does not sit in, injects addressed to others,
caretaker policies and the random generator never reach the wrong seat.
"""

from __future__ import annotations

from typing import Any

from game_rules import events as ev
from game_rules import league
from game_rules.council import council_threshold, outcome_of, participants
from game_rules.crisis import move_odds
from game_rules.events import Event, event_to_dict
from game_rules.nac import DECISION_NAMES
from game_rules.scenario import LEVELS, LevelledText, text_at
from game_rules.state import Draft, State
from game_rules.talk import can_read, reads_message

PUBLIC = "public"
INSTRUCTOR = "instructor"


def _sees_audience(viewer: str, audience: list[str] | tuple[str, ...] | None) -> bool:
    return audience is None or viewer == INSTRUCTOR or viewer in audience


def redact(event: Event, viewer: str, state: State) -> dict[str, Any] | None:
    """The event as ``viewer`` may see it, or None if it is not theirs to see.

    ``state`` is the state in which the event happened, or a later one: a message
    goes to who reads its channel in ``state`` and read it when it was sent.
    """
    if viewer == INSTRUCTOR:
        return event_to_dict(event)
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
        data = event_to_dict(event)
        data.pop("audience", None)
        return data
    elif isinstance(event, ev.CaretakerSet):
        return None
    elif isinstance(event, ev.AggressorMoved):
        data = event_to_dict(event)
        data.pop("drawn", None)
        return data
    return event_to_dict(event)


def league_tally_view(state: State, draft: Draft) -> dict[str, Any]:
    """A League draft's tally: the votes so far, whose votes do not count, who blocks, and
    what the draft would get if closed now (after the close, the result)."""
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


def view_for(state: State, viewer: str, *, last_messages: int | None = None) -> dict[str, Any]:
    """The whole picture one seat may see, as JSON-ready data.

    ``last_messages`` keeps only the newest messages the seat may read (a replay
    shows a moment, not a whole archive); ``messages_total`` counts them all.

    >>> from game_rules.engine import new_game
    >>> from game_rules.scenario import load_scenario
    >>> sc = load_scenario({"id": "v", "title": "V", "countries": [
    ...     {"code": "EST", "role": {"summary": "secret plan"}}, "LVA"]})
    >>> "secret plan" in str(view_for(new_game(sc, 1), "LVA"))
    False
    >>> view_for(new_game(sc, 1), "EST")["me"]["role"]["summary"]
    'secret plan'
    """
    sc = state.scenario
    is_instructor = viewer == INSTRUCTOR
    council = sc.bodies.UNSC
    level = state.reading_level

    def text(value: str | LevelledText) -> str:
        return text_at(value, level)

    view: dict[str, Any] = {
        "viewer": viewer,
        "game": {
            "scenario": sc.id, "title": sc.title, "year": sc.year, "date": sc.date,
            "summary": text(sc.summary), "briefing": text(sc.briefing),
            "reading_level": level, "status": state.status, "round": state.round, "rounds": sc.rounds,
            "phase": state.phase, "clock_deadline": state.clock_deadline,
            "clock_remaining": state.clock_remaining, "now": state.now,
        },
        "measures": [m.model_dump(mode="json") for m in sc.measures],
        "countries": [
            {"code": c, "name": state.name(c), "display": state.display(c), "short": state.short(c),
             "bodies": _bodies_of(state, c),
             "profile": text(e.profile) if (e := sc.entry(c)) else "",
             "permanent": c in state.permanent_members(),
             "playable": bool(e.playable) if (e := sc.entry(c)) else False}
            for c in state.country_list
        ],
        "crisis": {
            "ladder": state.crisis.ladder, "level": LEVELS[state.crisis.ladder],
            "levels": list(LEVELS), "deterrence": state.crisis.deterrence,
            "toll": state.crisis.toll, "reversed": state.crisis.reversed,
            "aggressor": sc.aggressor.country if sc.aggressor else None,
        },
        "incidents": [{**inc.model_dump(mode="json"), "description": text(inc.description)}
                      for inc in state.incidents.values()
                      if _sees_audience(viewer, state.incident_audience.get(inc.id))],
        "news": [n.model_dump(mode="json") for n in state.news
                 if _sees_audience(viewer, n.audience)],
    }
    if council:
        view["UNSC"] = {
            "members": list(council.members), "permanent": list(council.permanent),
            "invited": list(council.invited), "briefers": list(council.briefers),
            "threshold": council_threshold(state), "president": state.president,
            "determination": state.counters.determination,
            "open_vote": state.open_votes.get("UNSC"),
            "drafts": [_draft_view(state, d) for d in state.drafts.values() if d.body == "UNSC"],
            "emergency_session": state.emergency_session,
        }
    if sc.bodies.UNGA:
        view["UNGA"] = {
            "members": list(state.council_members("UNGA")),
            "emergency_sessions": list(state.emergency_sessions),
            "session_requests": {k: list(v) for k, v in state.session_requests.items()},
            "open_vote": state.open_votes.get("UNGA"),
            "drafts": [_draft_view(state, d) for d in state.drafts.values() if d.body == "UNGA"],
        }
    if sc.bodies.NAC:
        view["NAC"] = {
            "members": list(state.nac_members),
            "items": [{**i.model_dump(mode="json"), "decision_name": DECISION_NAMES[i.decision]}
                      for i in state.items.values()],
            "article5": list(state.article5), "article5_active": state.article5_active,
            "consultations": list(state.consultations),
            "pledges": [p.model_dump(mode="json") for p in state.pledges],
            "accessions": [a.model_dump(mode="json") for a in state.accessions.values()],
            "membership_requests": list(state.membership_requests),
            "withdrawals": dict(state.withdrawals),
            "notices": dict(state.notices),
        }
    league_council = sc.bodies.LNC
    if league_council:
        view["LNC"] = {
            "members": list(state.council_members("LNC")),
            "permanent": [c for c in league_council.permanent if c not in state.league_left],
            "elected": [c for c in league_council.elected if c not in state.league_left],
            "president": league_council.president,
            "open_vote": state.open_votes.get("LNC"),
            "drafts": [_draft_view(state, d) for d in state.drafts.values() if d.body == "LNC"],
        }
    if sc.bodies.LNA:
        view["LNA"] = {
            "members": list(state.council_members("LNA")),
            "open_vote": state.open_votes.get("LNA"),
            "drafts": [_draft_view(state, d) for d in state.drafts.values() if d.body == "LNA"],
        }
    if league_council or sc.bodies.LNA:
        view["LEAGUE"] = {
            "members": list(state.league_members()), "left": list(state.league_left),
            "withdrawals": dict(state.league_withdrawals), "war_found": list(state.war_found),
            "sanctions": [s.model_dump(mode="json") for s in state.sanctions],
        }
    view["self_defence"] = list(state.self_defence)
    view["collective_self_defence"] = [{"country": c, "incident": i}
                                       for c, i in state.collective_defence]
    view["assistance_requests"] = {k: (list(v) if v is not None else None)
                                   for k, v in state.assistance_requests.items()}
    view["time_skipped"] = state.time_skipped
    channels = [ch for ch in state.channels.values() if can_read(state, ch.id, viewer)]
    view["channels"] = [
        {"id": ch.id, "name": ch.name, "kind": ch.kind,
         "members": list(ch.members) if ch.members is not None else None}
        for ch in channels]
    readable = {ch.id for ch in channels}
    mine = [m for m in state.messages
            if m.channel in readable and reads_message(state, m.channel, m.readers, viewer)]
    view["messages_total"] = len(mine)
    if last_messages is not None:
        mine = mine[-last_messages:] if last_messages > 0 else []
    view["messages"] = [m.model_dump(mode="json", exclude={"readers"}) for m in mine]
    if viewer in state.country_list:
        entry = sc.entry(viewer)
        view["me"] = {
            "country": viewer, "name": state.name(viewer), "bodies": _bodies_of(state, viewer),
            "profile": text(entry.profile) if entry else "",
            "role": entry.role.at(level) if entry and entry.role else None,
            "caretaker": viewer in state.caretakers,
            "president": viewer == state.president,
        }
    if is_instructor:
        view["instructor"] = {
            "caretakers": sorted(state.caretakers),
            "roles": {e.code: e.role.at(level) for e in sc.countries if e.role},
            "caretaker_policies": {e.code: e.caretaker.model_dump(mode="json")
                                   for e in sc.countries if e.caretaker},
            "injects": [{**i.model_dump(mode="json"), "text": text(i.text),
                         "released": i.id in state.injects_fired} for i in sc.injects],
            "aggressor_odds": (move_odds(sc.aggressor.policy, state.crisis.deterrence)
                               if sc.aggressor else None),
            "seed": state.seed,
        }
    else:
        view["caretakers"] = sorted(state.caretakers) if viewer != PUBLIC else []
    return view
