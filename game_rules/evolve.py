"""``evolve(state, event)``: the one place where state changes, by building a
new state from the old one and an event. Pure, total over every event kind,
and the only thing a replay or a restart needs."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from game_rules import events as ev
from game_rules.crisis import INCIDENT_KINDS, deterrence_change
from game_rules.events import Event
from game_rules.league import sanction_list
from game_rules.messages import N_, Msg, Nn_, message, plural_message
from game_rules.rng import draw, seed_state
from game_rules.scenario import LEVELS, text_at
from game_rules.state import (
    Accession,
    Channel,
    Draft,
    Item,
    Message,
    News,
    Pledge,
    Sanction,
    State,
)
from game_rules.translations import field_keys, incident_key
from game_rules.whatif import changed_scenario

Evolver = Callable[[State, Any], State]

PLEDGES = {"diplomatic": N_("{country} pledges a diplomatic response"),
           "economic": N_("{country} pledges an economic response"),
           "military": N_("{country} pledges a military response")}
MOVES = {"escalate": N_("{country} escalates"), "hold": N_("{country} holds its positions"),
         "de_escalate": N_("{country} de-escalates"), "withdraw": N_("{country} withdraws")}
LEVEL_NAMES = {
    "none": N_("no pressure"), "threats": N_("threats"), "hybrid_pressure": N_("hybrid pressure"),
    "limited_incursion": N_("limited incursion"), "armed_attack": N_("armed attack"),
    "occupation": N_("occupation"), "spillover": N_("spillover"),
}
"""The rungs of the escalation ladder as a sentence says them."""


def level_name(level: str) -> Msg | str:
    name = LEVEL_NAMES.get(level)
    return message(name) if name else level.replace("_", " ")


def _news(state: State, kind: str, title: str | Msg, text: str | Msg = "",
          audience: list[str] | tuple[str, ...] | None = None,
          text_msg: dict[str, Any] | None = None,
          keys: dict[str, str] | None = None) -> tuple[News, ...]:
    """A line of news; a title or text given as a message keeps it beside its English
    (``title_msg``, ``text_msg``), for each reader's language; one of the scenario's texts
    keeps its key (``keys``: the translation each reader's page takes, docs/i18n.md)."""
    title_msg = None
    if isinstance(title, Msg):
        title = title.as_sentence()
        title_msg = title.to_json()
        title = title.english()
    if isinstance(text, Msg):
        text_msg = text.to_json()
        text = text.english()
    item = News(index=len(state.news) + 1, kind=kind, title=title[:1].upper() + title[1:], text=text,
                audience=tuple(audience) if audience is not None else None,
                round=state.round, at=state.now, title_msg=title_msg, text_msg=text_msg,
                keys=keys)
    return (*state.news, item)


def _with_draft(state: State, draft: Draft, **update: Any) -> dict[str, Draft]:
    return {**state.drafts, draft.id: draft.model_copy(update=update)}


def _with_item(state: State, item: Item, **update: Any) -> dict[str, Item]:
    return {**state.items, item.id: item.model_copy(update=update)}


def _game_started(s: State, e: ev.GameStarted) -> State:
    return s.model_copy(update={"status": "running", "now": max(s.now, e.at)})


def _phase_started(s: State, e: ev.PhaseStarted) -> State:
    update: dict[str, Any] = {"round": e.round, "phase": e.phase,
                              "clock_deadline": e.clock_deadline, "clock_remaining": None}
    if e.president is not None:
        update["president"] = e.president
    return s.model_copy(update=update)


def _game_paused(s: State, e: ev.GamePaused) -> State:
    return s.model_copy(update={"status": "paused", "paused_at": e.at,
                                "clock_remaining": e.clock_remaining, "clock_deadline": None,
                                "now": max(s.now, e.at)})


def _game_resumed(s: State, e: ev.GameResumed) -> State:
    items = {k: (v.model_copy(update={"deadline": v.deadline + e.shift})
                 if v.status == "silence" else v) for k, v in s.items.items()}
    return s.model_copy(update={"status": "running", "paused_at": None, "items": items,
                                "clock_deadline": e.clock_deadline, "clock_remaining": None})


def _game_ended(s: State, e: ev.GameEnded) -> State:
    return s.model_copy(update={"status": "ended", "phase": "ended", "clock_deadline": None,
                                "clock_remaining": None, "now": max(s.now, e.at),
                                "news": _news(s, "game_ended", message(N_("The game has ended.")))})


def _clock_set(s: State, e: ev.ClockSet) -> State:
    if s.status == "paused":
        return s.model_copy(update={"clock_remaining": e.clock_remaining})
    return s.model_copy(update={"clock_deadline": e.clock_deadline})


def _inject_released(s: State, e: ev.InjectReleased) -> State:
    crisis = s.crisis
    if e.effects is not None:
        ladder = crisis.ladder
        if e.effects.ladder_to is not None:
            ladder = LEVELS.index(e.effects.ladder_to)
        ladder = min(len(LEVELS) - 1, max(0, ladder + e.effects.ladder))
        crisis = crisis.model_copy(update={"ladder": ladder,
                                           "toll": max(0, crisis.toll + e.effects.toll)})
    return s.model_copy(update={
        "injects_fired": (*s.injects_fired, e.inject), "crisis": crisis,
        "news": _news(s, "inject", e.title, e.text, e.audience, keys=_inject_keys(s, e))})


def _inject_keys(s: State, e: ev.InjectReleased) -> dict[str, str] | None:
    """The keys of a scripted inject's headline and story (one written on the spot has none)."""
    if not e.scripted or s.scenario.inject(e.inject) is None:
        return None
    return field_keys(f"injects.{e.inject}", e, {"title": "title", "text": "text"})


def _incident_occurred(s: State, e: ev.IncidentOccurred) -> State:
    inc = e.incident
    kind = INCIDENT_KINDS.get(inc.kind)
    title: str | Msg = inc.title or message(
        N_("{kind} against {country}"), country=s.country(inc.target),
        kind=message(kind) if kind else inc.kind.replace("_", " "))
    prefix = incident_key(s.scenario, inc)
    keys = None if prefix is None else field_keys(prefix, inc, {"title": "title",
                                                               "text": "description"})
    update: dict[str, Any] = {"incidents": {**s.incidents, inc.id: inc},
                              "news": _news(s, "incident", title, text_at(inc.description, s.reading_level),
                                            e.audience, keys=keys)}
    if e.audience is not None:
        update["incident_audience"] = {**s.incident_audience, inc.id: tuple(e.audience)}
    return s.model_copy(update=update)


def _caretaker_set(s: State, e: ev.CaretakerSet) -> State:
    caretakers = s.caretakers | {e.country} if e.caretaker else s.caretakers - {e.country}
    return s.model_copy(update={"caretakers": caretakers})


def _channel_opened(s: State, e: ev.ChannelOpened) -> State:
    channel = Channel(id=e.channel, name=e.name, kind="private", members=tuple(e.members))
    return s.model_copy(update={"channels": {**s.channels, e.channel: channel},
                                "channel_counter": s.channel_counter + 1})


def _message_sent(s: State, e: ev.MessageSent) -> State:
    message = Message(index=len(s.messages) + 1, channel=e.channel, sender=e.sender,
                      text=e.text, at=e.at, author=e.author,
                      readers=tuple(e.readers) if e.readers is not None else None)
    return s.model_copy(update={"messages": (*s.messages, message), "now": max(s.now, e.at)})


def _draft_tabled(s: State, e: ev.DraftTabled) -> State:
    draft = Draft(id=e.draft, body=e.body, sponsor=e.sponsor, order=s.draft_counter + 1,
                  title=e.title, text=e.text, chapter=e.chapter, measures=tuple(e.measures),
                  procedural=e.procedural, amends=e.amends, parties=tuple(e.parties),
                  important=e.important, needs_member_request=e.needs_member_request,
                  preliminary_for=e.preliminary_for, decides=e.decides, situation=e.situation,
                  article=e.article, against=e.against, title_msg=e.title_msg)
    drafts = {**s.drafts, e.draft: draft}
    if e.preliminary_for and e.preliminary_for in drafts:
        parent = drafts[e.preliminary_for]
        drafts[parent.id] = parent.model_copy(update={"contested_by": e.sponsor})
    named: str | Msg = Msg.from_json(e.title_msg) if e.title_msg else e.title
    title = (message(N_("{draft} tabled by {country}: {title}"), draft=e.draft,
                     country=s.country(e.sponsor), title=named) if e.title
             else message(N_("{draft} tabled by {country}"), draft=e.draft,
                          country=s.country(e.sponsor)))
    return s.model_copy(update={"drafts": drafts, "draft_counter": s.draft_counter + 1,
                                "news": _news(s, "draft_tabled", title)})


def _draft_withdrawn(s: State, e: ev.DraftWithdrawn) -> State:
    draft = s.drafts[e.draft]
    return s.model_copy(update={"drafts": _with_draft(s, draft, status="withdrawn"),
                                "news": _news(s, "draft_withdrawn",
                                              message(N_("{draft} withdrawn"), draft=e.draft))})


def _vote_requested(s: State, e: ev.VoteRequested) -> State:
    return s.model_copy(update={"drafts": _with_draft(s, s.drafts[e.draft], requested_by=e.by)})


def _vote_called(s: State, e: ev.VoteCalled) -> State:
    draft = s.drafts[e.draft]
    return s.model_copy(update={"drafts": _with_draft(s, draft, status="voting", called_at=e.at),
                                "open_votes": {**s.open_votes, draft.body: draft.id},
                                "news": _news(s, "vote_called",
                                              message(N_("Vote on {draft}"), draft=e.draft))})


def _vote_cast(s: State, e: ev.VoteCast) -> State:
    draft = s.drafts[e.draft]
    return s.model_copy(update={"drafts": _with_draft(s, draft,
                                                      votes={**draft.votes, e.country: e.vote})})


def _vote_closed(s: State, e: ev.VoteClosed) -> State:
    draft = s.drafts[e.draft]
    open_votes = {k: v for k, v in s.open_votes.items() if v != e.draft}
    return s.model_copy(update={"drafts": _with_draft(s, draft, absent=tuple(e.absent)),
                                "open_votes": open_votes})


def _draft_adopted(s: State, e: ev.DraftAdopted) -> State:
    draft = s.drafts[e.draft]
    counters = s.counters
    if draft.body == "UNSC" and not draft.procedural:
        counters = counters.model_copy(update={
            "adopted_measures": tuple(dict.fromkeys((*counters.adopted_measures,
                                                     *draft.measures))),
            "determination": counters.determination or "determine_threat" in draft.measures})
    elif draft.body in ("LNC", "LNA") and not draft.procedural:
        counters = counters.model_copy(update={
            "adopted_measures": tuple(dict.fromkeys((*counters.adopted_measures,
                                                     *draft.measures)))})
    return s.model_copy(update={
        "drafts": _with_draft(s, draft, status="adopted", resolution=e.resolution,
                              explanation=e.explanation, explanation_msg=e.explanation_msg),
        "counters": counters,
        "news": _news(s, "draft_adopted",
                      message(N_("{draft} adopted ({votes}) as {resolution}"), draft=e.draft,
                              votes=e.votes, resolution=e.resolution),
                      e.explanation, text_msg=e.explanation_msg)})


def _draft_vetoed(s: State, e: ev.DraftVetoed) -> State:
    draft = s.drafts[e.draft]
    counters = s.counters.model_copy(update={"vetoes": s.counters.vetoes + 1})
    return s.model_copy(update={
        "drafts": _with_draft(s, draft, status="vetoed", vetoed_by=tuple(e.vetoed_by),
                              explanation=e.explanation, explanation_msg=e.explanation_msg),
        "counters": counters,
        "news": _news(s, "draft_vetoed",
                      message(N_("{draft} vetoed by {countries} ({votes})"), draft=e.draft,
                              countries=s.countries_of(e.vetoed_by), votes=e.votes),
                      e.explanation, text_msg=e.explanation_msg)})


def _draft_failed(s: State, e: ev.DraftFailed) -> State:
    draft = s.drafts[e.draft]
    counters = s.counters
    title = message(N_("{draft} not adopted ({votes})"), draft=e.draft, votes=e.votes)
    if e.reason == "unanimity":
        # One vote against blocks a League decision as a veto blocks the Security Council's.
        counters = counters.model_copy(update={"vetoes": counters.vetoes + 1})
        title = message(N_("{draft} not adopted: {countries} voted against ({votes})"),
                        draft=e.draft, countries=s.countries_of(e.blocked_by or (), ","),
                        votes=e.votes)
    return s.model_copy(update={
        "drafts": _with_draft(s, draft, status="failed", explanation=e.explanation,
                              explanation_msg=e.explanation_msg,
                              blocked_by=tuple(e.blocked_by or ())),
        "counters": counters,
        "news": _news(s, "draft_failed", title, e.explanation, text_msg=e.explanation_msg)})


def _procedural_decided(s: State, e: ev.ProceduralQuestionDecided) -> State:
    draft = s.drafts[e.draft]
    update: dict[str, Any] = {"procedural": e.procedural}
    if not e.procedural:
        update["chapter"] = draft.chapter or "VI"
    verdict = (N_("{draft} is procedural") if e.procedural
               else N_("{draft} is a question of substance, open to the veto"))
    return s.model_copy(update={"drafts": _with_draft(s, draft, **update),
                                "news": _news(s, "procedural_question",
                                              message(verdict, draft=e.draft))})


def _veto_debate(s: State, e: ev.VetoDebateScheduled) -> State:
    return s.model_copy(update={"news": _news(
        s, "veto_debate", message(N_("The General Assembly will debate the veto")),
        plural_message(*Nn_("Under GA resolution 76/262 the Assembly meets within 10 working "
                            "days of the veto on {draft}; {countries} speaks first.",
                            "Under GA resolution 76/262 the Assembly meets within 10 working "
                            "days of the veto on {draft}; {countries} speak first."),
                       count=len(e.vetoed_by), draft=e.draft,
                       countries=s.countries_of(e.vetoed_by)))})


def _emergency_session(s: State, e: ev.EmergencySessionCalled) -> State:
    if e.draft is not None:
        how = message(N_("Called by the Security Council in {draft}, a procedural decision no "
                         "veto can block (Uniting for Peace, GA res. 377 A (V))."), draft=e.draft)
    else:
        how = message(N_("Requested by a majority of the members of the United Nations "
                         "({count}) (Uniting for Peace, GA res. 377 A (V))."),
                      count=len(e.requested_by or []))
    return s.model_copy(update={
        "emergency_session": True,
        "emergency_sessions": (*s.emergency_sessions, e.situation),
        "news": _news(s, "emergency_session",
                      message(N_("Emergency special session of the General Assembly")), how)})


def _session_requested(s: State, e: ev.EmergencySessionRequested) -> State:
    joined = (*s.session_requests.get(e.situation, ()), e.country)
    return s.model_copy(update={
        "session_requests": {**s.session_requests, e.situation: joined},
        "news": _news(s, "emergency_session_requested",
                      message(N_("{country} joins the request for an emergency special session "
                                 "({joined} of the {needed} needed)"),
                              country=s.country(e.country), joined=e.joined, needed=e.needed),
                      e.text)})


def _council_acted(s: State, e: ev.SecurityCouncilActed) -> State:
    update: dict[str, Any] = {"news": _news(
        s, "council_acted", message(N_("The Security Council has taken measures")),
        message(N_("Measures taken in self-defence and under Article 5 end when the Council has "
                   "taken the measures necessary (Charter Art. 51; North Atlantic Treaty Art. "
                   "5).")))}
    if "article5" in e.ends:
        update["article5_active"] = False
    if "self_defence" in e.ends:
        update["self_defence"] = ()
        update["collective_defence"] = ()
        ended = dict.fromkeys((*s.self_defence_ended, *s.self_defence,
                               *(incident for _, incident in s.collective_defence)))
        update["self_defence_ended"] = tuple(ended)
    return s.model_copy(update=update)


def _consultations(s: State, e: ev.ConsultationsOpened) -> State:
    return s.model_copy(update={
        "consultations": (*s.consultations, e.by),
        "news": _news(s, "consultations_opened",
                      message(N_("{country} requests consultations under Article 4"),
                              country=s.country(e.by)), e.concern)})


def _article5_requested(s: State, e: ev.Article5Requested) -> State:
    return s


def _item_circulated(s: State, e: ev.ItemCirculated) -> State:
    item = Item(id=e.item, decision=e.decision, by=e.by, title=e.title, text=e.text,
                deadline=e.deadline, incident=e.incident, candidate=e.candidate,
                case_by_case=e.case_by_case, title_msg=e.title_msg)
    named: str | Msg = Msg.from_json(e.title_msg) if e.title_msg else e.title or e.item
    # The title quoted: it may hold a colon of its own ("Article 5: the armed attack ...").
    title = message(N_("Under silence: \u201c{title}\u201d"), title=named)
    return s.model_copy(update={"items": {**s.items, e.item: item},
                                "item_counter": s.item_counter + 1,
                                "news": _news(s, "item_circulated", title)})


def _silence_broken(s: State, e: ev.SilenceBroken) -> State:
    item = s.items[e.item]
    counters = s.counters.model_copy(update={"silences_broken": s.counters.silences_broken + 1})
    return s.model_copy(update={
        "items": _with_item(s, item, broken_by=(*item.broken_by, e.by),
                            reasons=(*item.reasons, e.reason)),
        "counters": counters,
        "news": _news(s, "silence_broken",
                      message(N_("{country} breaks silence on {item}"), country=s.country(e.by),
                              item=e.item), e.reason)})


def _decision_blocked(s: State, e: ev.DecisionBlocked) -> State:
    return s.model_copy(update={
        "items": _with_item(s, s.items[e.item], status="blocked"),
        "news": _news(s, "decision_blocked", message(N_("{item} blocked"), item=e.item),
                      e.explanation, text_msg=e.explanation_msg)})


def _decision_adopted(s: State, e: ev.DecisionAdopted) -> State:
    return s.model_copy(update={
        "items": _with_item(s, s.items[e.item], status="adopted"),
        "news": _news(s, "decision_adopted",
                      message(N_("{item} adopted by consensus"), item=e.item),
                      e.explanation, text_msg=e.explanation_msg)})


def _article5_invoked(s: State, e: ev.Article5Invoked) -> State:
    return s.model_copy(update={
        "article5": (*s.article5, e.incident), "article5_active": True,
        "news": _news(s, "article5_invoked",
                      message(N_("Article 5: the attack on {country} is an attack on all"),
                              country=s.country(e.target)),
                      message(N_("Each ally will take such action as it deems necessary; the "
                                 "measures are reported to the Security Council.")))})


def _pledge_made(s: State, e: ev.PledgeMade) -> State:
    pledge = Pledge(id=e.pledge, ally=e.ally, response=e.response, detail=e.detail,
                    incident=e.incident, round=s.round)
    return s.model_copy(update={
        "pledges": (*s.pledges, pledge),
        "news": _news(s, "pledge_made", message(PLEDGES[e.response], country=s.country(e.ally)),
                      e.detail)})


def _pledge_retracted(s: State, e: ev.PledgeRetracted) -> State:
    pledges = tuple(p.model_copy(update={"status": "retracted"}) if p.id == e.pledge else p
                    for p in s.pledges)
    return s.model_copy(update={"pledges": pledges, "news": _news(
        s, "pledge_retracted", message(N_("{country} retracts its pledge {pledge}"),
                                       country=s.country(e.ally), pledge=e.pledge))})


def _membership_requested(s: State, e: ev.MembershipRequested) -> State:
    return s.model_copy(update={
        "membership_requests": (*s.membership_requests, e.candidate),
        "news": _news(s, "membership_requested",
                      message(N_("{country} applies to join NATO"), country=s.country(e.candidate)),
                      e.text)})


def _invitation_issued(s: State, e: ev.InvitationIssued) -> State:
    accession = Accession(candidate=e.candidate, item=e.item, ratifying=tuple(e.ratifying))
    return s.model_copy(update={
        "accessions": {**s.accessions, e.candidate: accession},
        "news": _news(s, "invitation_issued",
                      message(N_("The allies invite {country} to join (Article 10)"),
                              country=s.country(e.candidate)),
                      message(N_("Membership begins when every ally has ratified.")))})


def _accession_ratified(s: State, e: ev.AccessionRatified) -> State:
    acc = s.accessions[e.candidate]
    acc = acc.model_copy(update={"ratified": (*acc.ratified, e.ally),
                                 "status": "ratifying" if e.remaining else "ratified"})
    return s.model_copy(update={
        "accessions": {**s.accessions, e.candidate: acc},
        "news": _news(s, "accession_ratified",
                      message(N_("{country} ratifies the accession of {candidate}"),
                              country=s.country(e.ally), candidate=s.country(e.candidate)),
                      message(N_("{count} ratifications to go."), count=len(e.remaining)))})


def _member_joined(s: State, e: ev.MemberJoined) -> State:
    update: dict[str, Any] = {"nac_members": (*s.nac_members, e.country), "news": _news(
        s, "member_joined", message(N_("{country} joins NATO"), country=s.country(e.country)))}
    if e.country in s.accessions:
        acc = s.accessions[e.country].model_copy(update={"status": "member"})
        update["accessions"] = {**s.accessions, e.country: acc}
    return s.model_copy(update=update)


def _withdrawal_notified(s: State, e: ev.WithdrawalNotified) -> State:
    if e.body == "LEAGUE":
        return s.model_copy(update={
            "league_withdrawals": {**s.league_withdrawals, e.country: e.effective_at},
            "news": _news(s, "withdrawal_notified",
                          message(N_("{country} gives notice to leave the League of Nations"),
                                  country=s.country(e.country)),
                          message(N_("Under Covenant Art. 1(3) it withdraws two years after its "
                                     "notice.")))})
    notified = e.notified_at if e.notified_at is not None else s.world_time(s.now)
    return s.model_copy(update={
        "withdrawals": {**s.withdrawals, e.country: e.effective_at},
        "notices": {**s.notices, e.country: notified},
        "news": _news(s, "withdrawal_notified",
                      message(N_("{country} gives notice to leave NATO (Article 13)"),
                              country=s.country(e.country)),
                      message(N_("It ceases to be a party one year after its notice.")))})


def _member_left(s: State, e: ev.MemberLeft) -> State:
    if e.body == "LEAGUE":
        return s.model_copy(update={
            "league_left": (*s.league_left, e.country),
            "league_withdrawals": {k: v for k, v in s.league_withdrawals.items()
                                   if k != e.country},
            "news": _news(s, "member_left",
                          message(N_("{country} leaves the League of Nations"),
                                  country=s.country(e.country)))})
    accessions = {}
    for k, a in s.accessions.items():
        if a.status == "ratifying" and e.country in a.ratifying:
            ratifying = tuple(c for c in a.ratifying if c != e.country)
            done = all(c in a.ratified for c in ratifying)
            a = a.model_copy(update={"ratifying": ratifying,
                                     "status": "ratified" if done else "ratifying"})
        accessions[k] = a
    return s.model_copy(update={
        "accessions": accessions,
        "nac_members": tuple(c for c in s.nac_members if c != e.country),
        "withdrawals": {k: v for k, v in s.withdrawals.items() if k != e.country},
        "notices": {k: v for k, v in s.notices.items() if k != e.country},
        "news": _news(s, "member_left",
                      message(N_("{country} leaves NATO"), country=s.country(e.country)))})


def _war_determined(s: State, e: ev.WarDetermined) -> State:
    return s.model_copy(update={
        "war_found": (*s.war_found, e.against),
        "news": _news(s, "war_determined",
                      message(N_("The League finds that {country} has resorted to war"),
                              country=s.country(e.against)),
                      message(N_("Under Covenant Art. 16(1) it is deemed to have committed an act "
                                 "of war against all other Members; each Member decides for "
                                 "itself what it applies.")))})


def _member_expelled(s: State, e: ev.MemberExpelled) -> State:
    return s.model_copy(update={
        "league_left": (*s.league_left, e.country),
        "league_withdrawals": {k: v for k, v in s.league_withdrawals.items() if k != e.country},
        "news": _news(s, "member_expelled",
                      message(N_("{country} is no longer a Member of the League"),
                              country=s.country(e.country)),
                      message(N_("Declared by the Council under Covenant Art. 16(4).")))})


def _sanctions_applied(s: State, e: ev.SanctionsApplied) -> State:
    rest = tuple(x for x in s.sanctions if not (x.member == e.country and x.against == e.against))
    old = next((x.measures for x in s.sanctions
                if x.member == e.country and x.against == e.against), ())
    entry = Sanction(member=e.country, against=e.against,
                     measures=tuple(dict.fromkeys((*old, *e.measures))))
    return s.model_copy(update={"sanctions": (*rest, entry), "news": _news(
        s, "sanctions_applied",
        message(N_("{country} applies sanctions against {against}"),
                country=s.country(e.country), against=s.country(e.against)),
        message(N_("{measures} (Covenant Art. 16(1))."),
                measures=sanction_list(e.measures)).as_sentence())})


def _sanctions_lifted(s: State, e: ev.SanctionsLifted) -> State:
    out: list[Sanction] = []
    for x in s.sanctions:
        if x.member == e.country and x.against == e.against:
            left = tuple(m for m in x.measures if m not in e.measures)
            if left:
                out.append(x.model_copy(update={"measures": left}))
        else:
            out.append(x)
    return s.model_copy(update={"sanctions": tuple(out), "news": _news(
        s, "sanctions_lifted",
        message(N_("{country} lifts sanctions against {against}"),
                country=s.country(e.country), against=s.country(e.against)),
        message(N_("{measures}."), measures=sanction_list(e.measures)).as_sentence())})


def _self_defence(s: State, e: ev.SelfDefenceDeclared) -> State:
    if e.collective and e.victim is not None:
        return s.model_copy(update={
            "collective_defence": (*s.collective_defence, (e.country, e.incident)),
            "news": _news(s, "self_defence",
                          message(N_("{country} acts in collective self-defence of {victim}"),
                                  country=s.country(e.country), victim=s.country(e.victim)),
                          message(N_("At its request, under Charter Art. 51; reported at once "
                                     "to the Security Council.")))})
    return s.model_copy(update={
        "self_defence": (*s.self_defence, e.incident),
        "news": _news(s, "self_defence",
                      message(N_("{country} acts in self-defence"), country=s.country(e.country)),
                      message(N_("Under Charter Art. 51, reported at once to the Security "
                                 "Council.")))})


def _assistance_requested(s: State, e: ev.AssistanceRequested) -> State:
    before = s.assistance_requests.get(e.incident, ())
    if e.addressed_to is None or (e.incident in s.assistance_requests and before is None):
        asked: tuple[str, ...] | None = None
    else:
        asked = tuple(dict.fromkeys((*(before or ()), *e.addressed_to)))
    whom = (message(N_("any state")) if asked is None
            else s.countries_of(e.addressed_to or (), ","))
    return s.model_copy(update={
        "assistance_requests": {**s.assistance_requests, e.incident: asked},
        "news": _news(s, "assistance_requested",
                      message(N_("{country} asks {whom} for help in its self-defence"),
                              country=s.country(e.country), whom=whom),
                      e.text)})


def _accession_deposited(s: State, e: ev.AccessionDeposited) -> State:
    return s.model_copy(update={"news": _news(
        s, "accession_deposited",
        message(N_("{country} deposits its instrument of accession"),
                country=s.country(e.candidate)),
        message(N_("With the Government of the United States, the depositary of the North "
                   "Atlantic Treaty (Article 10).")))})


def _time_skipped(s: State, e: ev.TimeSkipped) -> State:
    return s.model_copy(update={
        "time_skipped": s.time_skipped + e.days * 86400,
        "news": _news(s, "time_skipped", message(N_("{days} days pass"), days=e.days),
                      e.explanation, text_msg=e.explanation_msg)})


def _aggressor_moved(s: State, e: ev.AggressorMoved) -> State:
    crisis = s.crisis.model_copy(update={
        "ladder": LEVELS.index(e.ladder_to),
        "reversed": s.crisis.reversed or e.move == "withdraw"})
    update: dict[str, Any] = {"crisis": crisis, "aggressor_moved_round": s.round}
    if e.drawn:
        update["rng"] = draw(s.rng)[0]
    update["news"] = _news(s, "aggressor_moved",
                           message(MOVES[e.move], country=s.country(e.country)),
                           message(N_("Now: {level}."), level=level_name(e.ladder_to)))
    return s.model_copy(update=update)


def _round_resolved(s: State, e: ev.RoundResolved) -> State:
    delivered = set(e.pledges_delivered)
    pledges = tuple(p.model_copy(update={"status": "delivered"}) if p.id in delivered else p
                    for p in s.pledges)
    crisis = s.crisis.model_copy(update={"toll": s.crisis.toll + e.toll_added})
    return s.model_copy(update={"pledges": pledges, "crisis": crisis, "news": _news(
        s, "round_resolved", message(N_("Round {round} ends"), round=e.round),
        message(N_("Humanitarian toll +{toll}."), toll=e.toll_added) if e.toll_added else "")})


def _rules_changed(s: State, e: ev.RulesChanged) -> State:
    update: dict[str, Any] = {"scenario": changed_scenario(s.scenario, e),
                              "news": _news(s, "rules_changed",
                                            message(N_("What if: the rules change")),
                                            e.explanation, text_msg=e.explanation_msg)}
    if e.rule == "no_nato":
        update["nac_members"] = ()
        update["items"] = {k: (v.model_copy(update={"status": "blocked"})
                               if v.status == "silence" else v) for k, v in s.items.items()}
        update["channels"] = {k: v for k, v in s.channels.items() if k != "NAC"}
        update["article5_active"] = False
    if e.rule == "reseed" and e.seed is not None:
        update["rng"] = seed_state(e.seed)
    return s.model_copy(update=update)


def _vote_grace_set(s: State, e: ev.VoteGraceSet) -> State:
    return s.model_copy(update={"vote_grace": e.seconds})


def _history_revealed(s: State, e: ev.HistoryRevealed) -> State:
    revealed = s.history_revealed
    if e.entry is not None and e.entry not in revealed:
        revealed = (*revealed, e.entry)
    return s.model_copy(update={"history_shown": e.entry, "history_revealed": revealed})


EVOLVERS: dict[str, Evolver] = {
    "rules_changed": _rules_changed,
    "game_started": _game_started,
    "phase_started": _phase_started,
    "game_paused": _game_paused,
    "game_resumed": _game_resumed,
    "game_ended": _game_ended,
    "clock_set": _clock_set,
    "vote_grace_set": _vote_grace_set,
    "history_revealed": _history_revealed,
    "inject_released": _inject_released,
    "incident_occurred": _incident_occurred,
    "caretaker_set": _caretaker_set,
    "channel_opened": _channel_opened,
    "message_sent": _message_sent,
    "draft_tabled": _draft_tabled,
    "draft_withdrawn": _draft_withdrawn,
    "vote_requested": _vote_requested,
    "vote_called": _vote_called,
    "vote_cast": _vote_cast,
    "vote_closed": _vote_closed,
    "draft_adopted": _draft_adopted,
    "draft_vetoed": _draft_vetoed,
    "draft_failed": _draft_failed,
    "procedural_question_decided": _procedural_decided,
    "veto_debate_scheduled": _veto_debate,
    "emergency_session_called": _emergency_session,
    "security_council_acted": _council_acted,
    "consultations_opened": _consultations,
    "article5_requested": _article5_requested,
    "item_circulated": _item_circulated,
    "silence_broken": _silence_broken,
    "decision_blocked": _decision_blocked,
    "decision_adopted": _decision_adopted,
    "article5_invoked": _article5_invoked,
    "pledge_made": _pledge_made,
    "pledge_retracted": _pledge_retracted,
    "membership_requested": _membership_requested,
    "invitation_issued": _invitation_issued,
    "accession_ratified": _accession_ratified,
    "member_joined": _member_joined,
    "withdrawal_notified": _withdrawal_notified,
    "member_left": _member_left,
    "war_determined": _war_determined,
    "member_expelled": _member_expelled,
    "sanctions_applied": _sanctions_applied,
    "sanctions_lifted": _sanctions_lifted,
    "self_defence_declared": _self_defence,
    "aggressor_moved": _aggressor_moved,
    "round_resolved": _round_resolved,
    "emergency_session_requested": _session_requested,
    "assistance_requested": _assistance_requested,
    "accession_deposited": _accession_deposited,
    "time_skipped": _time_skipped,
}


def evolve(state: State, event: Event) -> State:
    """The state after an event. The old state is left as it was.

    Deterrence moves by ``crisis.deterrence_change``, read on the state
    before the event (it may need the draft or pledge the event is about).
    """
    delta, _ = deterrence_change(state, event)
    new = EVOLVERS[event.kind](state, event)
    if delta:
        value = min(100, max(0, new.crisis.deterrence + delta))
        new = new.model_copy(update={"crisis": new.crisis.model_copy(
            update={"deterrence": value})})
    return new


def fold(state: State, events: Iterable[Event]) -> State:
    """Apply events in order: how a stored game is rebuilt."""
    for event in events:
        state = evolve(state, event)
    return state
