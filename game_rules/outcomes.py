"""The key outcomes of a game, each named for what happened ("Estonia's request
under Article 5 blocked by Hungary (silence broken: ...)"), with the treaty
rule that decided it and a real precedent.

Outcomes are the armed attacks, every draft put to the vote (adopted, vetoed
or short of the votes), the North Atlantic Council's decisions, Article 4
and Article 5, self-defence, the pledges (each naming the ally and what it
pledged; those caretakers made by their standing policy counted apart), the
General Assembly's debate after a veto and its emergency session, and new
members. Precedents are checked against the sources docs/debrief.md names.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from game_rules import league
from game_rules.naming import draft_phrase, item_phrase
from game_rules.story import Attack, Ballot, NacDecision, PledgeFact, Story
from game_rules.words import agrees, capital, count, names


@dataclass(frozen=True, slots=True)
class Outcome:
    """A key outcome, the rule that decided it and a real precedent."""

    seq: int
    kind: str
    title: str
    rule: str
    precedent: str = ""
    details: tuple[tuple[int | None, str], ...] = ()
    """Lines under the title, each with the event it links to."""

    def to_dict(self) -> dict[str, Any]:
        return {"seq": self.seq, "kind": self.kind, "title": self.title, "rule": self.rule,
                "precedent": self.precedent,
                "details": [{"seq": s, "text": t} for s, t in self.details]}


PRECEDENTS: dict[str, tuple[str, str]] = {
    "armed_attack": (
        "Charter Art. 2(4): members refrain from the threat or use of force against the "
        "territorial integrity or political independence of any state; Art. 51 leaves the "
        "state attacked its right of self-defence.",
        "2 August 1990: Iraq invaded Kuwait; the same day resolution 660 condemned the "
        "invasion and demanded withdrawal, 14 votes to none, Yemen not taking part."),
    "other_attack": (
        "Whether a cyber, hybrid or space attack counts as an armed attack under Article 5 is "
        "for the North Atlantic Council to decide, case by case.", ""),
    "draft_vetoed": (
        "Charter Art. 27(3): a substantive decision needs nine votes including the "
        "concurring votes of the permanent members; one permanent member's no blocks it.",
        "25 February 2022: draft S/2022/155 on the invasion of Ukraine won 11 votes to 1, with "
        "3 abstentions, and failed on Russia's veto."),
    "draft_failed": (
        "Charter Art. 27: a decision needs nine affirmative votes; a draft short of them "
        "fails, whatever the permanent members vote, and no veto is cast.",
        "23 March 2022: a Russian draft on the humanitarian situation in Ukraine won 2 votes "
        "(China and the Russian Federation), none against, with 13 abstentions, and was not "
        "adopted (UN press release SC/14838)."),
    "draft_adopted": (
        "Charter Art. 27(3): nine affirmative votes and no permanent member against. A text "
        "that recommends binds no member; one that decides binds every member (Art. 25), "
        "under either chapter.",
        "24 February 2025: resolution 2774, a short text calling for a swift end to the "
        "Russia-Ukraine war, was the Council's first substantive resolution on that war."),
    "binding_resolution": (
        "Charter Art. 25: the members accept and carry out the decisions of the Security "
        "Council, under Chapter VII or not (ICJ, Namibia advisory opinion, 1971, para 113); "
        "its recommendations bind no one.",
        "Kuwait 1990: resolution 660 determined a breach of the peace, 661 imposed sanctions, "
        "678 authorised 'all necessary means'."),
    "assembly_resolution": (
        "Charter Arts. 10-14 and 18: the General Assembly recommends, by two thirds of those "
        "present and voting on important questions.", ""),
    "emergency_session_called": (
        "Charter Art. 27(2): procedural questions pass with nine votes, whatever the permanent "
        "members vote; Uniting for Peace (GA res. 377 A (V)).",
        "27 February 2022: resolution 2623 called an emergency special session of the General "
        "Assembly, 11-1-3; Russia's vote against did not block it."),
    "veto_debate_scheduled": (
        "GA resolution 76/262: the General Assembly meets within ten working days of a veto, "
        "the vetoing members speaking first.",
        "Adopted 26 April 2022 without a vote; first used on 8 June 2022."),
    "decision_blocked": (
        "North Atlantic Council: decisions by consensus; under the silence procedure one ally "
        "breaking silence, in writing, blocks the text.",
        "February 2003: France, Germany and Belgium broke silence on planning Türkiye's "
        "defence; the decision moved to the Defence Planning Committee, where France did "
        "not sit."),
    "decision_adopted": (
        "North Atlantic Council: decisions by consensus; a text under silence is agreed when "
        "no ally breaks silence before the deadline.", ""),
    "article5_invoked": (
        "North Atlantic Treaty Art. 5: an armed attack on one ally in the Art. 6 area is an "
        "attack on all; each ally takes the action it deems necessary.",
        "12 September 2001: the allies agreed the attacks on the United States would count "
        "under Article 5 if directed from abroad; they determined so on 2 October 2001."),
    "pledges": (
        "North Atlantic Treaty Art. 5: each ally assists the ally attacked by \"such action as "
        "it deems necessary, including the use of armed force\"; force is allowed, never "
        "required.",
        "4 October 2001: the allies agreed eight measures to support the United States; from 9 "
        "October 2001 to 16 May 2002 NATO AWACS crews from 13 allies patrolled US skies "
        "(Operation Eagle Assist)."),
    "consultations_opened": (
        "North Atlantic Treaty Art. 4: any ally may ask for consultations when it judges an "
        "ally's territorial integrity, political independence or security threatened.",
        "24 February 2022: Bulgaria, the Czech Republic, Estonia, Latvia, Lithuania, Poland, "
        "Romania and Slovakia requested consultations."),
    "self_defence_declared": (
        "Charter Art. 51: the inherent right of individual or collective self-defence if an "
        "armed attack occurs, until the Security Council has taken the measures necessary; "
        "reported to it at once. Collective self-defence only at the request of the state "
        "attacked (ICJ, Nicaragua, 1986, para 199).",
        "Resolution 661 (6 August 1990) affirmed the right of individual or collective "
        "self-defence in response to the armed attack by Iraq against Kuwait."),
    "member_joined": (
        "North Atlantic Treaty Art. 10: the allies invite by unanimous agreement; each party "
        "to the accession protocol ratifies on its own, and the invited state becomes a party "
        "when it deposits its instrument of accession with the Government of the United "
        "States.",
        "Sweden applied on 18 May 2022 and joined on 7 March 2024, after Türkiye (January 2024) "
        "and Hungary (February 2024) ratified last."),
}
PRECEDENTS.update(league.PRECEDENTS)
"""kind -> (the rule, a real precedent). Sources: docs/debrief.md (and for the League's,
docs/rules.md, The League of Nations and its Covenant)."""

ATTACK_WORDS = {"armed_attack": "Armed attack", "cyber": "Cyber attack",
                "hybrid": "Hybrid campaign", "space": "Attack in space"}


def _outcome(seq: int, kind: str, title: str, details: tuple[tuple[int | None, str], ...] = ()
             ) -> Outcome:
    rule, precedent = PRECEDENTS[kind]
    return Outcome(seq, kind, title, rule, precedent, details)


def attack_title(story: Story, attack: Attack) -> str:
    incident = attack.incident
    by = f" by {story.name(incident.attacker)}" if incident.attacker else ""
    where = "against" if incident.kind == "hybrid" else "on"
    return f"{ATTACK_WORDS[incident.kind]} {where} {story.name(incident.target)}{by}"


def ballot_title(story: Story, ballot: Ballot) -> str:
    """A draft's vote as it ended, in words."""
    what = draft_phrase(ballot.draft)
    if league.is_league_body(ballot.draft.body):
        body = league.BODY_NAMES[ballot.draft.body]
        if ballot.result == "adopted":
            return f"{what} adopted by {body} as {ballot.resolution} ({ballot.votes})"
        if ballot.draft.blocked_by:
            return (f"{what} not adopted by {body}: "
                    f"{names([story.name(c) for c in ballot.draft.blocked_by])} voted against, "
                    f"and a decision needs every member represented ({ballot.votes})")
        return f"{what} not adopted by {body} ({ballot.votes})"
    if ballot.result == "vetoed":
        return (f"{what} vetoed by {names([story.name(c) for c in ballot.vetoed_by])} "
                f"({ballot.votes})")
    if ballot.result == "failed":
        if ballot.draft.body == "UNSC":
            return (f"{what} fell short: {count(ballot.yes, 'vote')} in favour, "
                    f"{ballot.needed} needed ({ballot.votes})")
        return f"{what} not adopted by the General Assembly ({ballot.votes})"
    if ballot.draft.body == "UNGA":
        return f"{what} adopted by the General Assembly as {ballot.resolution} ({ballot.votes})"
    if not ballot.resolution:
        return f"{what} adopted ({ballot.votes})"
    binding = ", binding: the Council decided (Art. 25)" if ballot.binding else ""
    return f"{what} adopted as {ballot.resolution} ({ballot.votes}){binding}"


def decision_title(story: Story, decision: NacDecision) -> str:
    state = story.final
    what = capital(item_phrase(state, decision.item))
    if decision.result == "blocked":
        reasons = "; ".join(f"“{r}”" for r in decision.reasons)
        return (f"{what} blocked by {names([story.name(c) for c in decision.blocked_by])} "
                f"(silence broken: {reasons})")
    if decision.item.decision == "article5" and decision.target:
        asked = (f", requested by {story.name(decision.requested_by)}"
                 if decision.requested_by in state.country_list else "")
        return (f"Article 5 invoked: the attack on {story.name(decision.target)} is an attack "
                f"on all ({decision.item.id}{asked})")
    return f"{what} agreed by consensus"


def pledge_line(story: Story, pledge: PledgeFact) -> str:
    detail = f": “{pledge.detail}”" if pledge.detail and not pledge.caretaker else ""
    status = {"retracted": ", then retracted", "delivered": ", delivered"}.get(pledge.status, "")
    return f"{capital(story.name(pledge.ally))}: {pledge.response}{detail}{status}"


def key_outcomes(story: Story) -> list[Outcome]:
    """The outcomes that decided the game, in the order they happened."""
    out: list[Outcome] = []
    for attack in story.attacks:
        kind = "armed_attack" if attack.incident.kind == "armed_attack" else "other_attack"
        out.append(_outcome(attack.seq, kind, attack_title(story, attack)))
    for ballot in story.ballots:
        draft = ballot.draft
        if draft.amends:
            continue
        if league.is_league_body(draft.body):
            kind = league.ballot_kind(draft, ballot.result)
        elif ballot.result == "adopted" and draft.procedural \
                and "emergency_special_session" in draft.measures:
            kind = "emergency_session_called"
        elif ballot.result == "adopted":
            kind = ("binding_resolution" if ballot.binding else
                    "assembly_resolution" if draft.body == "UNGA" else "draft_adopted")
        else:
            kind = f"draft_{ballot.result}"
        details: tuple[tuple[int | None, str], ...] = ()
        if ballot.by_caretakers:
            details = ((None, f"{count(len(ballot.by_caretakers), 'vote')} cast by caretakers "
                              "by their standing policy"),)
        out.append(_outcome(ballot.seq, kind, ballot_title(story, ballot), details))
    for decision in story.decisions:
        if decision.result == "blocked":
            kind = "decision_blocked"
        elif decision.item.decision == "article5":
            kind = "article5_invoked"
        else:
            kind = "decision_adopted"
        details = ()
        if decision.by_caretakers:
            details = ((None, "blocked by caretakers, by their standing policy"),)
        out.append(_outcome(decision.seq, kind, decision_title(story, decision), details))
    for seq, ally, concern in story.consultations:
        about = f": “{concern}”" if concern else ""
        out.append(_outcome(seq, "consultations_opened",
                            f"{capital(story.name(ally))} requests consultations under "
                            f"Article 4{about}"))
    for seq, country, incident, victim in story.self_defence:
        how = (f"in collective self-defence of {story.name(victim)}, at its request,"
               if victim else "in self-defence")
        out.append(_outcome(seq, "self_defence_declared",
                            f"{capital(story.name(country))} acts {how} (Art. 51) "
                            f"against the attack {incident}"))
    out += _pledge_outcomes(story)
    for seq, country in story.joined:
        out.append(_outcome(seq, "member_joined", f"{capital(story.name(country))} joins NATO"))
    for seq, kind, title in story.league:
        out.append(_outcome(seq, kind, title))
    for seq, draft_id, vetoed_by in story.veto_debates:
        who = [story.name(c) for c in vetoed_by]
        out.append(_outcome(seq, "veto_debate_scheduled",
                            f"The General Assembly will debate the veto on {draft_id}; "
                            f"{names(who)} {agrees(who, 'speaks', 'speak')} first"))
    return sorted(out, key=lambda o: (o.seq, o.kind != "armed_attack"))


def _pledge_outcomes(story: Story) -> list[Outcome]:
    """One outcome per ally attacked: every pledge the class made, by name and content;
    the caretakers' pledges in one line."""
    out = []
    for target in dict.fromkeys(p.target for p in story.pledges):
        pledges = [p for p in story.pledges if p.target == target]
        by_class = [p for p in pledges if not p.caretaker]
        by_caretakers = [p for p in pledges if p.caretaker]
        lines: list[tuple[int | None, str]] = [(p.seq, pledge_line(story, p)) for p in by_class]
        if by_caretakers:
            kinds = {r: sum(1 for p in by_caretakers if p.response == r)
                     for r in ("military", "economic", "diplomatic")}
            mix = ", ".join(f"{n} {r}" for r, n in kinds.items() if n)
            lines.append((by_caretakers[0].seq,
                          f"{count(len(by_caretakers), 'caretaker state')} pledged by their "
                          f"standing policy ({mix})"))
        title = (f"Pledges under Article 5 for {story.name(target)}: "
                 f"{count(len(by_class), 'pledge')} by the class"
                 + (f", {len(by_caretakers)} by caretakers" if by_caretakers else ""))
        out.append(_outcome(pledges[0].seq, "pledges", title, tuple(lines)))
    return out
