"""The North Atlantic Council: consensus, the silence procedure, Articles 4,
5, 6, 10 and 13 of the North Atlantic Treaty.

There is no voting: a text is circulated under silence with a deadline and is
adopted at the deadline unless an ally breaks silence, in writing, with a
reason. One objection blocks; until the deadline other allies may join it.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime

from game_rules.actions import (
    BreakSilence,
    Circulate,
    DepositAccession,
    NotifyWithdrawal,
    Pledge,
    Ratify,
    RequestArticle5,
    RequestConsultations,
    RequestMembership,
    RetractPledge,
    SilenceDeadline,
    WithdrawalEffective,
)
from game_rules.context import Context, resolve_deadline
from game_rules.countries import is_european
from game_rules.crisis import armed_attack, incident_place, incident_words, not_an_armed_attack
from game_rules.errors import RuleError
from game_rules.events import (
    AccessionDeposited,
    AccessionRatified,
    Article5Invoked,
    Article5Requested,
    ConsultationsOpened,
    DecisionAdopted,
    DecisionBlocked,
    Event,
    InvitationIssued,
    ItemCirculated,
    MemberJoined,
    MemberLeft,
    MembershipRequested,
    PledgeMade,
    PledgeRetracted,
    SilenceBroken,
    WithdrawalNotified,
    explained,
)
from game_rules.messages import N_, Msg, Nn_, day_of, message, plural_message
from game_rules.scenario import Decision, Incident, Scenario
from game_rules.state import Accession, Item, State, status_word

YEAR = 365 * 86400

DECISION_NAMES: dict[str, str] = {
    "statement": N_("the statement"),
    "article5": N_("the Article 5 determination"),
    "operation": N_("the decision on an operation"),
    "invite": N_("the invitation to join"),
}

RESPONSE_WORDS: dict[str, str] = {
    "diplomatic": N_("diplomatic"), "economic": N_("economic"), "military": N_("military"),
}
"""A pledge's kind of response, as an adjective ("a military response")."""


def _require_nac(state: State) -> None:
    if state.scenario.bodies.NAC is None:
        raise RuleError("no_such_body", message(N_("This scenario has no North Atlantic Council.")))


def _require_ally(state: State, actor: str, doing: Msg) -> None:
    _require_nac(state)
    if actor not in state.nac_members:
        raise RuleError("not_an_ally",
                        message(N_(
                            "{country} is not a NATO ally: only allies {doing}."),
                            country=state.country(actor), doing=doing))


def _next_item(state: State) -> str:
    year = state.scenario.year
    n = state.item_counter + 1
    while True:
        symbol = f"NAC/{year}/{n}" if year else f"NAC/{n}"
        if symbol not in state.items:
            return symbol
        n += 1


def _item_name(state: State, wanted: str | None) -> str:
    if wanted is None:
        return _next_item(state)
    if wanted in state.items:
        raise RuleError("item_name_taken", message(N_(
                                    "The symbol \"{wanted}\" is already in use."),
                                    wanted=wanted))
    return wanted


def _silence_seconds(state: State) -> int:
    nac = state.scenario.bodies.NAC
    return nac.silence_seconds if nac else 600


def _item(state: State, item_id: str) -> Item:
    item = state.items.get(item_id)
    if item is None:
        raise RuleError("unknown_item", message(N_(
                                    "There is no item \"{item_id}\" before the Council."),
                                    item_id=item_id))
    return item


def article5_case(state: State, incident_id: str) -> Incident:
    """The checks Article 5 makes of an incident before the Council may determine it."""
    incident = state.incidents.get(incident_id)
    if incident is None:
        raise RuleError("unknown_incident", message(N_(
                                    "There is no incident \"{incident_id}\" in this game."),
                                    incident_id=incident_id))
    if incident.target not in state.nac_members:
        raise RuleError(
            "target_not_ally",
            message(N_(
                "{target} is not a NATO ally: Article 5 covers an armed attack against one or more of "
                "the allies. A state outside the Alliance keeps its right of self-defence under Charter "
                "Art. 51."),
                target=state.country(incident.target)))
    if not incident.in_treaty_area:
        place = incident_place(state, incident)
        if place is not None:
            raise RuleError("outside_treaty_area", message(N_(
                "The incident ({place}) lies outside the area of Article 6 of the North Atlantic "
                "Treaty: the territory of the allies in Europe or North America, the territory of "
                "Türkiye, \"the islands under the jurisdiction of any of the Parties in the North "
                "Atlantic area north of the Tropic of Cancer\", and the allies' forces, vessels or "
                "aircraft in or over these territories, the Mediterranean Sea or the North Atlantic "
                "area north of the Tropic of Cancer. Article 5 does not apply."), place=place))
        raise RuleError("outside_treaty_area", message(N_(
            "The incident \u201c{incident}\u201d lies outside the area of Article 6 of the North "
            "Atlantic Treaty: the territory of the allies in Europe or North America, the territory "
            "of Türkiye, \"the islands under the jurisdiction of any of the Parties in the North "
            "Atlantic area north of the Tropic of Cancer\", and the allies' forces, vessels or "
            "aircraft in or over these territories, the Mediterranean Sea or the North Atlantic area "
            "north of the Tropic of Cancer. Article 5 does not apply."),
            incident=incident_words(state, incident)))
    if armed_attack(incident) == "no":
        raise not_an_armed_attack(state, incident,
                                  message(N_("Article 5 of the North Atlantic Treaty")))
    if incident_id in state.article5:
        raise RuleError("already_invoked",
                        message(N_(
                            "Article 5 has already been invoked for the incident \u201c{incident}\u201d."),
                            incident=incident_words(state, incident)))
    for item in state.items.values():
        if item.decision == "article5" and item.incident == incident_id \
                and item.status == "silence":
            raise RuleError("already_pending",
                            message(N_(
                                "An Article 5 determination on \u201c{incident}\u201d is already under "
                                "silence as {item}."),
                                incident=incident_words(state, incident), item=item.id))
    return incident


def request_consultations(state: State, action: RequestConsultations, ctx: Context) -> list[Event]:
    _require_nac(state)
    if action.actor not in state.nac_members:
        raise RuleError(
            "not_an_ally",
            message(N_(
                "{country} is not a NATO ally: only the parties to the North Atlantic Treaty may request "
                "consultations under Article 4."),
                country=state.country(action.actor)))
    return [ConsultationsOpened(by=action.actor, concern=action.concern)]


ARTICLE5_TITLES: dict[str, str] = {
    "armed_attack": N_("Article 5: the armed attack against {country}"),
    "cyber": N_("Article 5: the cyber incident against {country}"),
    "hybrid": N_("Article 5: the hybrid incident against {country}"),
    "space": N_("Article 5: the space incident against {country}"),
}
"""The title of an Article 5 request, by the incident's kind."""


def article5_title(state: State, incident: Incident) -> Msg:
    """The title an Article 5 request circulates under, as a message.

    >>> from game_rules.engine import new_game
    >>> from game_rules.scenario import load_scenario
    >>> sc = load_scenario({"id": "n", "title": "N", "bodies": {"NAC": {"members": ["EST"]}},
    ...     "incidents": [{"id": "i", "target": "EST", "kind": "cyber"}]})
    >>> state = new_game(sc, 1)
    >>> article5_title(state, state.incidents["i"]).english()
    'Article 5: the cyber incident against Estonia'
    """
    return message(ARTICLE5_TITLES[incident.kind], country=state.country(incident.target))


def request_article5(state: State, action: RequestArticle5, ctx: Context) -> list[Event]:
    _require_nac(state)
    if action.actor not in state.nac_members:
        raise RuleError(
            "not_an_ally",
            message(N_(
                "{country} is not a NATO ally and cannot invoke Article 5 of the North Atlantic Treaty; "
                "it keeps its inherent right of self-defence under Charter Art. 51."),
                country=state.country(action.actor)))
    incident = article5_case(state, action.incident)
    item = _item_name(state, action.item)
    deadline = resolve_deadline(action.deadline, ctx.now, _silence_seconds(state))
    case_by_case = incident.kind != "armed_attack"
    title = article5_title(state, incident)
    return [
        Article5Requested(by=action.actor, incident=incident.id, item=item),
        ItemCirculated(item=item, decision="article5", by=action.actor, title=title.english(),
                       title_msg=title.to_json(), text=action.text, deadline=deadline,
                       incident=incident.id, case_by_case=case_by_case),
    ]


def circulate(state: State, action: Circulate, ctx: Context) -> list[Event]:
    _require_nac(state)
    nac = state.scenario.bodies.NAC
    chairs = ["instructor"] + (["secretary_general"] if nac and nac.secretary_general else [])
    if action.actor not in chairs:
        raise RuleError("not_chair",
                        message(N_(
                            "Only the chair of the North Atlantic Council (the Secretary-General, played "
                            "by the instructor) circulates texts under silence.")))
    decision: Decision = action.decision
    incident_id = None
    candidate = None
    case_by_case = False
    if decision == "article5":
        if action.incident is None:
            raise RuleError("incident_required",
                            message(N_("An Article 5 determination names the incident it is about.")))
        incident = article5_case(state, action.incident)
        incident_id = incident.id
        case_by_case = incident.kind != "armed_attack"
    if decision == "invite":
        candidate = action.candidate
        if candidate is None:
            raise RuleError("candidate_required", message(N_("An invitation names the state invited.")))
        check_candidate(state, candidate)
    item = _item_name(state, action.item)
    deadline = resolve_deadline(action.deadline, ctx.now, _silence_seconds(state))
    return [ItemCirculated(item=item, decision=decision, by=action.actor, title=action.title,
                           text=action.text, deadline=deadline, incident=incident_id,
                           candidate=candidate, case_by_case=case_by_case)]


def check_candidate(state: State, candidate: str) -> None:
    if candidate not in state.countries():
        raise RuleError("unknown_country", message(N_(
                                    "\"{code}\" is not a state in this game."),
                                    code=candidate))
    if candidate in state.nac_members:
        raise RuleError("already_an_ally", message(N_(
                                    "{candidate} is already an ally."),
                                    candidate=state.country(candidate)))
    if not is_european(candidate) and not candidate.startswith("X"):
        raise RuleError("not_european",
                        message(N_(
                            "{candidate} is not a European state: Article 10 of the North Atlantic "
                            "Treaty lets the allies invite only European states."),
                            candidate=state.country(candidate)))
    if candidate in state.accessions:
        raise RuleError("already_invited",
                        message(N_(
                            "{candidate} has already been invited to join."),
                            candidate=state.country(candidate)))
    for item in state.items.values():
        if item.decision == "invite" and item.candidate == candidate and item.status == "silence":
            raise RuleError("already_pending",
                            message(N_(
                                "An invitation to {candidate} is already under silence as {item}."),
                                candidate=state.country(candidate), item=item.id))


def break_silence(state: State, action: BreakSilence, ctx: Context) -> list[Event]:
    _require_ally(state, action.actor,
                  message(N_("take part in the consensus of the North Atlantic Council")))
    item = _item(state, action.item)
    joining = item.status == "blocked" and bool(item.broken_by) and ctx.now <= item.deadline
    if item.status != "silence" and not joining:
        raise RuleError("item_not_under_silence",
                        message(N_(
                            "{item} is no longer under silence: it was {status}."),
                            item=item.id, status=status_word(item.status)))
    if action.actor in item.broken_by:
        raise RuleError("already_broken",
                        message(N_(
                            "{country} has already broken silence on {item}."),
                            country=state.country(action.actor), item=item.id))
    reason = action.reason.strip()
    if not reason:
        raise RuleError("reason_required",
                        message(N_("Silence is broken in writing, with a reason: say why.")))
    if joining:
        # Others may still put their objection on the record until the deadline (France,
        # Germany and Belgium broke silence together in February 2003); the text is
        # blocked once.
        return [SilenceBroken(item=item.id, by=action.actor, reason=reason)]
    why = message(N_("Not adopted: {country} broke silence on {decision}, and the North "
                     "Atlantic Council decides only by consensus; one objection blocks."),
                  country=state.country(action.actor),
                  decision=message(DECISION_NAMES[item.decision]))
    return [SilenceBroken(item=item.id, by=action.actor, reason=reason),
            DecisionBlocked(item=item.id, decision=item.decision, blocked_by=[action.actor],
                            **explained(why))]


def silence_deadline(state: State, action: SilenceDeadline, ctx: Context) -> list[Event]:
    if action.actor not in ("system", "instructor"):
        raise RuleError("not_allowed", message(N_("The silence deadline is kept by the clock.")))
    _require_nac(state)
    item = _item(state, action.item)
    if item.status != "silence":
        raise RuleError("item_not_under_silence",
                        message(N_(
                            "{item} is no longer under silence: it was {status}."),
                            item=item.id, status=status_word(item.status)))
    why = message(N_("Adopted: no ally broke silence on {decision} before the deadline, so the "
                     "North Atlantic Council agreed it by consensus."),
                  decision=message(DECISION_NAMES[item.decision]))
    events: list[Event] = [DecisionAdopted(item=item.id, decision=item.decision,
                                           **explained(why))]
    if item.decision == "article5" and item.incident:
        incident = state.incidents[item.incident]
        events.append(Article5Invoked(item=item.id, incident=incident.id, target=incident.target,
                                      case_by_case=item.case_by_case))
    if item.decision == "invite" and item.candidate:
        events.append(InvitationIssued(item=item.id, candidate=item.candidate,
                                       ratifying=list(state.nac_members)))
    return events


def pledge(state: State, action: Pledge, ctx: Context) -> list[Event]:
    _require_ally(state, action.actor, message(N_("pledge under Article 5")))
    if not state.article5:
        raise RuleError("article5_not_invoked",
                        message(N_(
                            "Pledges answer an Article 5 determination, and the Council has not made one.")))
    incident = action.incident or state.article5[-1]
    if incident not in state.article5:
        raise RuleError("article5_not_invoked",
                        message(N_(
                            "Article 5 has not been invoked for the incident {incident}."),
                            incident=incident))
    for made in state.pledges:
        if (made.ally == action.actor and made.incident == incident and made.status == "made"
                and made.response == action.response):
            raise RuleError("already_pledged",
                            message(N_(
                                "{country} has already pledged a {response} response ({made}) to this "
                                "incident: retract it to pledge another."),
                                country=state.country(action.actor),
                                response=message(RESPONSE_WORDS[action.response]),
                                made=made.id))
    pledge_id = f"P{len(state.pledges) + 1}"
    return [PledgeMade(pledge=pledge_id, ally=action.actor, response=action.response,
                       detail=action.detail, incident=incident)]


def retract_pledge(state: State, action: RetractPledge, ctx: Context) -> list[Event]:
    for p in state.pledges:
        if p.id == action.pledge:
            if p.ally != action.actor:
                raise RuleError("not_your_pledge", message(N_(
                                    "Pledge {p} is not yours to retract."),
                                    p=p.id))
            if p.status != "made":
                raise RuleError("pledge_not_open", message(N_(
                                    "Pledge {p} was already {status}."),
                                    p=p.id, status=status_word(p.status)))
            return [PledgeRetracted(pledge=p.id, ally=p.ally)]
    raise RuleError("unknown_pledge", message(N_(
                                    "There is no pledge \"{pledge}\"."),
                                    pledge=action.pledge))


def initial_accessions(scenario: Scenario) -> dict[str, Accession]:
    """The accessions under way when the game starts: invited, the protocol signed by the
    allies of that day, some ratifications deposited."""
    nac = scenario.bodies.NAC
    if nac is None:
        return {}
    return {acc.candidate: Accession(
        candidate=acc.candidate, item=acc.signed,
        ratifying=tuple(acc.signatories if acc.signatories is not None else nac.members),
        ratified=tuple(acc.ratified)) for acc in nac.accessions}


def request_membership(state: State, action: RequestMembership, ctx: Context) -> list[Event]:
    _require_nac(state)
    if action.actor in state.membership_requests:
        raise RuleError("already_requested",
                        message(N_(
                            "{country} has already asked to join."),
                            country=state.country(action.actor)))
    check_candidate(state, action.actor)
    return [MembershipRequested(candidate=action.actor, text=action.text)]


def ratify(state: State, action: Ratify, ctx: Context) -> list[Event]:
    _require_ally(state, action.actor, message(N_("ratify an accession")))
    accession = state.accessions.get(action.candidate)
    if accession is None or accession.status != "ratifying":
        raise RuleError("not_invited",
                        message(N_(
                            "{candidate} has no invitation awaiting ratification: the allies invite by "
                            "consensus first (Article 10)."),
                            candidate=state.country(action.candidate)))
    if action.actor in accession.ratified:
        raise RuleError("already_ratified",
                        message(N_(
                            "{country} has already ratified."),
                            country=state.country(action.actor)))
    if action.actor not in accession.ratifying:
        raise RuleError("not_a_party_to_protocol",
                        message(N_(
                            "{country} was not an ally when the accession protocol of {candidate} was "
                            "signed: it is not a party to the protocol, and its ratification is not "
                            "needed."),
                            country=state.country(action.actor), candidate=state.country(action.candidate)))
    remaining = [c for c in accession.ratifying
                 if c not in accession.ratified and c != action.actor]
    events: list[Event] = [AccessionRatified(candidate=action.candidate, ally=action.actor,
                                             remaining=remaining)]
    if not remaining:
        events += deposit_at_once(state, action.candidate)
    return events


def deposit_at_once(state: State, candidate: str) -> list[Event]:
    """The deposit that follows the last ratification, when the scenario says it does."""
    nac = state.scenario.bodies.NAC
    if nac is None or nac.deposit != "at_once":
        return []
    return [AccessionDeposited(candidate=candidate, by="system"), MemberJoined(country=candidate)]


def deposit_accession(state: State, action: DepositAccession, ctx: Context) -> list[Event]:
    """Article 10: the invited state "may become a Party to the Treaty by depositing its
    instrument of accession with the Government of the United States of America", once
    every party to its accession protocol has ratified."""
    _require_nac(state)
    candidate = action.actor
    accession = state.accessions.get(candidate)
    if candidate in state.nac_members:
        raise RuleError("already_an_ally", message(N_(
                                    "{candidate} is already an ally."),
                                    candidate=state.country(candidate)))
    if accession is None:
        raise RuleError("not_invited",
                        message(N_(
                            "{candidate} has not been invited to join: the allies invite by consensus "
                            "first (Article 10)."),
                            candidate=state.country(candidate)))
    if accession.status == "ratifying":
        waiting = [c for c in accession.ratifying if c not in accession.ratified]
        raise RuleError("not_ratified",
                        message(N_(
                            "Not every party to the accession protocol has ratified it (still to ratify: "
                            "{countries}): the instrument of accession is deposited after the last "
                            "ratification."),
                            countries=state.countries_of(waiting, ",")))
    return [AccessionDeposited(candidate=candidate, by=candidate), MemberJoined(country=candidate)]


def notify_withdrawal(state: State, action: NotifyWithdrawal, ctx: Context) -> list[Event]:
    _require_ally(state, action.actor, message(N_("can denounce the Treaty")))
    if action.actor in state.withdrawals:
        raise RuleError("already_notified",
                        message(N_(
                            "{country} has already given notice."),
                            country=state.country(action.actor)))
    notified = state.world_time(ctx.now)
    return [WithdrawalNotified(country=action.actor, effective_at=one_year_after(notified),
                               notified_at=notified)]


def withdrawal_moment(state: State, country: str) -> float:
    """When, on the classroom's clock, an ally's withdrawal can take effect (Art. 13): a year
    after its notice in the world's time, which counts the days the instructor skipped. The
    clock issues ``withdrawal_effective`` then.

    >>> from game_rules.engine import new_game, step
    >>> from game_rules.scenario import load_scenario
    >>> sc = load_scenario({"id": "n", "title": "N", "bodies": {"NAC": {"members": ["FRA", "HUN"]}}})
    >>> state, _ = step(new_game(sc, 1), {"actor": "instructor", "kind": "start"})
    >>> state, _ = step(state, {"actor": "HUN", "kind": "notify_withdrawal"})
    >>> withdrawal_moment(state, "HUN") / 86400
    365.0
    >>> state, _ = step(state, {"actor": "instructor", "kind": "skip_time", "days": 365,
    ...                         "reason": "A year passes."})
    >>> withdrawal_moment(state, "HUN")
    0.0
    """
    return state.withdrawals[country] - state.time_skipped


def one_year_after(moment: float) -> float:
    """The same day and time a calendar year later (UTC; 29 February gives 1 March).

    >>> one_year_after(0.0) - 0.0 == 365 * 86400
    True
    >>> one_year_after(1_677_628_800.0) - 1_677_628_800.0 == 366 * 86400  # 1 March 2023
    True
    """
    start = datetime.fromtimestamp(moment, tz=UTC)
    try:
        end = start.replace(year=start.year + 1)
    except ValueError:
        end = start.replace(year=start.year + 1, month=3, day=1)
    return end.timestamp()


def withdrawal_effective(state: State, action: WithdrawalEffective, ctx: Context) -> list[Event]:
    if action.actor not in ("system", "instructor"):
        raise RuleError("not_allowed", message(N_(
                                    "A withdrawal takes effect by the clock, one year after notice "
                                    "(Article 13).")))
    if action.country not in state.withdrawals:
        raise RuleError("no_notice", message(N_(
                                    "{country} has not given notice."),
                                    country=state.country(action.country)))
    if action.country not in state.nac_members:
        raise RuleError("not_an_ally", message(N_(
                                    "{country} is not an ally."),
                                    country=state.country(action.country)))
    effective = state.withdrawals[action.country]
    if state.world_time(ctx.now) < effective:
        days = math.ceil((effective - state.world_time(ctx.now)) / 86400)
        raise RuleError(
            "notice_period_running",
            message(N_(
                "{country} gave notice on {notified}: under Article 13 it ceases to be a party one "
                "year after its notice, on {effective}, {days} from now. Until then it is an ally "
                "with every right. The instructor may move the world's calendar forward "
                "(skip_time)."),
                country=state.country(action.country),
                notified=day_of(state.notices.get(action.country, effective - YEAR)),
                effective=day_of(effective),
                days=plural_message(*Nn_("{count} day", "{count} days"), count=days)))
    events: list[Event] = [MemberLeft(country=action.country)]
    # A state that has left is no longer a party whose ratification an accession awaits:
    # if it was the last one, the candidate joins.
    for accession in state.accessions.values():
        if accession.status == "ratifying" and action.country in accession.ratifying:
            remaining = [c for c in accession.ratifying
                         if c not in accession.ratified and c != action.country]
            if not remaining:
                events += deposit_at_once(state, accession.candidate)
    return events

