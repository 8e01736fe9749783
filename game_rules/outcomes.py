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
from game_rules.council import council_threshold
from game_rules.crisis import incident_words
from game_rules.messages import N_, Msg, Nn_, listed, message, plural_message
from game_rules.nac import RESPONSE_WORDS
from game_rules.naming import draft_msg, item_msg
from game_rules.story import Attack, Ballot, NacDecision, PledgeFact, Story


@dataclass(frozen=True, slots=True)
class Outcome:
    """A key outcome, the rule that decided it and a real precedent. The texts are English;
    ``said`` holds the title and each detail as messages, for a reader in any language (the
    rule and the precedent are messages without parameters)."""

    seq: int
    kind: str
    title: str
    rule: str
    precedent: str = ""
    details: tuple[tuple[int | None, str], ...] = ()
    """Lines under the title, each with the event it links to."""
    said: tuple[Msg, ...] = ()
    """The title's message, then each detail's."""

    def to_dict(self) -> dict[str, Any]:
        details: list[dict[str, Any]] = [{"seq": s, "text": t} for s, t in self.details]
        out = {"seq": self.seq, "kind": self.kind, "title": self.title, "rule": self.rule,
               "precedent": self.precedent, "details": details,
               "rule_msg": message(self.rule).to_json(),
               "precedent_msg": message(self.precedent).to_json() if self.precedent else None}
        if self.said:
            out["title_msg"] = self.said[0].to_json()
            for detail, msg in zip(details, self.said[1:], strict=True):
                detail["text_msg"] = msg.to_json()
        return out


PRECEDENTS: dict[str, tuple[str, str]] = {
    "armed_attack": (
        N_("Charter Art. 2(4): members refrain from the threat or use of force against the "
           "territorial integrity or political independence of any state; Art. 51 leaves the "
           "state attacked its right of self-defence."),
        N_("2 August 1990: Iraq invaded Kuwait; the same day resolution 660 condemned the "
           "invasion and demanded withdrawal, 14 votes to none, Yemen not taking part.")),
    "other_attack": (
        N_("Whether a cyber, hybrid or space attack counts as an armed attack under Article 5 is "
           "for the North Atlantic Council to decide, case by case."), ""),
    "draft_vetoed": (
        N_("Charter Art. 27(3): a substantive decision needs nine votes including the "
           "concurring votes of the permanent members; one permanent member's no blocks it."),
        N_("25 February 2022: draft S/2022/155 on the invasion of Ukraine won 11 votes to 1, with "
           "3 abstentions, and failed on Russia's veto.")),
    "draft_failed": (
        N_("Charter Art. 27: a decision needs nine affirmative votes; a draft short of them "
           "fails, whatever the permanent members vote, and no veto is cast."),
        N_("23 March 2022: a Russian draft on the humanitarian situation in Ukraine won 2 votes "
           "(China and the Russian Federation), none against, with 13 abstentions, and was not "
           "adopted (UN press release SC/14838).")),
    "draft_adopted": (
        N_("Charter Art. 27(3): nine affirmative votes and no permanent member against. A text "
           "that recommends binds no member; one that decides binds every member (Art. 25), "
           "under either chapter."),
        N_("24 February 2025: resolution 2774, a short text calling for a swift end to the "
           "Russia-Ukraine war, was the Council's first substantive resolution on that war.")),
    "binding_resolution": (
        N_("Charter Art. 25: the members accept and carry out the decisions of the Security "
           "Council, under Chapter VII or not (ICJ, Namibia advisory opinion, 1971, para 113); "
           "its recommendations bind no one."),
        N_("Kuwait 1990: resolution 660 determined a breach of the peace, 661 imposed sanctions, "
           "678 authorised 'all necessary means'.")),
    "assembly_resolution": (
        N_("Charter Arts. 10-14 and 18: the General Assembly recommends, by two thirds of those "
           "present and voting on important questions."), ""),
    "emergency_session_called": (
        N_("Charter Art. 27(2): procedural questions pass with nine votes, whatever the permanent "
           "members vote; Uniting for Peace (GA res. 377 A (V))."),
        N_("27 February 2022: resolution 2623 called an emergency special session of the General "
           "Assembly, 11-1-3; Russia's vote against did not block it.")),
    "veto_debate_scheduled": (
        N_("GA resolution 76/262: the General Assembly meets within ten working days of a veto, "
           "the vetoing members speaking first."),
        N_("Adopted 26 April 2022 without a vote; first used on 8 June 2022.")),
    "decision_blocked": (
        N_("North Atlantic Council: decisions by consensus; under the silence procedure one ally "
           "breaking silence, in writing, blocks the text."),
        N_("February 2003: France, Germany and Belgium broke silence on planning Türkiye's "
           "defence; the decision moved to the Defence Planning Committee, where France did "
           "not sit.")),
    "decision_adopted": (
        N_("North Atlantic Council: decisions by consensus; a text under silence is agreed when "
           "no ally breaks silence before the deadline."), ""),
    "article5_invoked": (
        N_("North Atlantic Treaty Art. 5: an armed attack on one ally in the Art. 6 area is an "
           "attack on all; each ally takes the action it deems necessary."),
        N_("12 September 2001: the allies agreed the attacks on the United States would count "
           "under Article 5 if directed from abroad; they determined so on 2 October 2001.")),
    "pledges": (
        N_("North Atlantic Treaty Art. 5: each ally assists the ally attacked by \"such action as "
           "it deems necessary, including the use of armed force\"; force is allowed, never "
           "required."),
        N_("4 October 2001: the allies agreed eight measures to support the United States; from 9 "
           "October 2001 to 16 May 2002 NATO AWACS crews from 13 allies patrolled US skies "
           "(Operation Eagle Assist).")),
    "consultations_opened": (
        N_("North Atlantic Treaty Art. 4: any ally may ask for consultations when it judges an "
           "ally's territorial integrity, political independence or security threatened."),
        N_("24 February 2022: Bulgaria, Czechia, Estonia, Latvia, Lithuania, Poland, Romania and "
           "Slovakia requested consultations.")),
    "self_defence_declared": (
        N_("Charter Art. 51: the inherent right of individual or collective self-defence if an "
           "armed attack occurs, until the Security Council has taken the measures necessary; "
           "reported to it at once. Collective self-defence only at the request of the state "
           "attacked (ICJ, Nicaragua, 1986, para 199)."),
        N_("Resolution 661 (6 August 1990) affirmed the right of individual or collective "
           "self-defence in response to the armed attack by Iraq against Kuwait.")),
    "member_joined": (
        N_("North Atlantic Treaty Art. 10: the allies invite by unanimous agreement; each party "
           "to the accession protocol ratifies on its own, and the invited state becomes a party "
           "when it deposits its instrument of accession with the Government of the United "
           "States."),
        N_("Sweden applied on 18 May 2022 and joined on 7 March 2024, after Türkiye (January 2024) "
           "and Hungary (February 2024) ratified last.")),
}
PRECEDENTS.update(league.PRECEDENTS)

COUNCIL_OF_ELEVEN: dict[str, str] = {
    "draft_vetoed": N_(
        "Charter Art. 27(3) as it stood until 31 August 1965: a substantive decision needs seven "
        "votes including the concurring votes of the permanent members; one permanent member's "
        "no blocks it."),
    "draft_failed": N_(
        "Charter Art. 27 as it stood until 31 August 1965: a decision needs seven affirmative "
        "votes; a draft short of them fails, whatever the permanent members vote, and no veto is "
        "cast."),
    "draft_adopted": N_(
        "Charter Art. 27(3) as it stood until 31 August 1965: seven affirmative votes and no "
        "permanent member against. A text that recommends binds no member; one that decides binds "
        "every member (Art. 25), under either chapter."),
    "emergency_session_called": N_(
        "Charter Art. 27(2) as it stood until 31 August 1965: procedural questions pass with seven "
        "votes, whatever the permanent members vote; Uniting for Peace (GA res. 377 A (V))."),
}
"""The rules of a Security Council of eleven, whose decisions needed seven votes until the
amendments to Articles 23 and 27 came into force on 31 August 1965 (UN Treaty Collection,
MTDSG chapter I.5.a; Yearbook of the United Nations 1965, part 1, chapter XV)."""
"""kind -> (the rule, a real precedent). Sources: docs/debrief.md (and for the League's,
docs/rules.md, The League of Nations and its Covenant)."""

ATTACKS = {
    "armed_attack": (N_("Armed attack on {target}"), N_("Armed attack on {target} by {attacker}")),
    "cyber": (N_("Cyber attack on {target}"), N_("Cyber attack on {target} by {attacker}")),
    "hybrid": (N_("Hybrid campaign against {target}"),
               N_("Hybrid campaign against {target} by {attacker}")),
    "space": (N_("Attack in space on {target}"), N_("Attack in space on {target} by {attacker}")),
}


def _outcome(seq: int, kind: str, title: Msg, details: tuple[tuple[int | None, Msg], ...] = (),
             rule: str | None = None) -> Outcome:
    """``rule``: the rule that decided it, when not the kind's (a Council of another time)."""
    rule = rule or PRECEDENTS[kind][0]
    precedent = PRECEDENTS[kind][1]
    return Outcome(seq, kind, title.english(), rule, precedent,
                   tuple((s, m.english()) for s, m in details),
                   (title, *(m for _, m in details)))


def attack_title(story: Story, attack: Attack) -> Msg:
    incident = attack.incident
    state = story.final
    bare, by = ATTACKS[incident.kind]
    if incident.attacker:
        return message(by, target=state.country(incident.target),
                       attacker=state.country(incident.attacker))
    return message(bare, target=state.country(incident.target))


def ballot_title(story: Story, ballot: Ballot) -> str:
    """A draft's vote as it ended, in words."""
    return ballot_msg(story, ballot).english()


def ballot_msg(story: Story, ballot: Ballot) -> Msg:
    """``ballot_title`` as a message."""
    state = story.final
    what = draft_msg(ballot.draft)
    votes = ballot.votes
    if league.is_league_body(ballot.draft.body):
        body = message(league.BODY_NAMES[ballot.draft.body])
        if ballot.result == "adopted":
            return message(N_("{what} adopted by {body} as {resolution} ({votes})"), what=what,
                           body=body, resolution=ballot.resolution, votes=votes)
        if ballot.draft.blocked_by:
            return message(N_("{what} not adopted by {body}: {countries} voted against, and a "
                              "decision needs every member represented ({votes})"),
                           what=what, body=body,
                           countries=state.countries_of(ballot.draft.blocked_by), votes=votes)
        return message(N_("{what} not adopted by {body} ({votes})"), what=what, body=body,
                       votes=votes)
    if ballot.result == "vetoed":
        return message(N_("{what} vetoed by {countries} ({votes})"), what=what,
                       countries=state.countries_of(ballot.vetoed_by), votes=votes)
    if ballot.result == "failed":
        if ballot.draft.body == "UNSC":
            return message(N_("{what} fell short: {yes} in favour, {needed} needed ({votes})"),
                           what=what, needed=ballot.needed, votes=votes,
                           yes=plural_message(*Nn_("{count} vote", "{count} votes"),
                                              count=ballot.yes))
        return message(N_("{what} not adopted by the General Assembly ({votes})"), what=what,
                       votes=votes)
    if ballot.draft.body == "UNGA":
        return message(N_("{what} adopted by the General Assembly as {resolution} ({votes})"),
                       what=what, resolution=ballot.resolution, votes=votes)
    if not ballot.resolution:
        return message(N_("{what} adopted ({votes})"), what=what, votes=votes)
    if ballot.binding:
        return message(N_("{what} adopted as {resolution} ({votes}), binding: the Council "
                          "decided (Art. 25)"), what=what, resolution=ballot.resolution,
                       votes=votes)
    return message(N_("{what} adopted as {resolution} ({votes})"), what=what,
                   resolution=ballot.resolution, votes=votes)


def decision_title(story: Story, decision: NacDecision) -> str:
    return decision_msg(story, decision).english()


def decision_msg(story: Story, decision: NacDecision) -> Msg:
    """``decision_title`` as a message."""
    state = story.final
    what = item_msg(state, decision.item).as_sentence()
    if decision.result == "blocked":
        reasons = "; ".join(f"“{r}”" for r in decision.reasons)
        return message(N_("{what} blocked by {countries} (silence broken: {reasons})"),
                       what=what, countries=state.countries_of(decision.blocked_by),
                       reasons=reasons)
    if decision.item.decision == "article5" and decision.target:
        if decision.requested_by in state.country_list:
            return message(N_("Article 5 invoked: the attack on {target} is an attack on all "
                              "({item}, requested by {country})"),
                           target=state.country(decision.target), item=decision.item.id,
                           country=state.country(decision.requested_by))
        return message(N_("Article 5 invoked: the attack on {target} is an attack on all "
                          "({item})"), target=state.country(decision.target),
                       item=decision.item.id)
    return message(N_("{what} agreed by consensus"), what=what)


def pledge_line(story: Story, pledge: PledgeFact) -> Msg:
    line = message(N_("{country}: {response}"), country=story.final.country(pledge.ally),
                   response=message(RESPONSE_WORDS[pledge.response])).as_sentence()
    if pledge.detail and not pledge.caretaker:
        line = message(N_("{line}: “{detail}”"), line=line, detail=pledge.detail)
    if pledge.status == "retracted":
        line = message(N_("{line}, then retracted"), line=line)
    elif pledge.status == "delivered":
        line = message(N_("{line}, delivered"), line=line)
    return line


def key_outcomes(story: Story) -> list[Outcome]:
    """The outcomes that decided the game, in the order they happened."""
    state = story.final
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
        details: tuple[tuple[int | None, Msg], ...] = ()
        if ballot.by_caretakers:
            details = ((None, plural_message(
                *Nn_("{count} vote cast by caretakers by their standing policy",
                     "{count} votes cast by caretakers by their standing policy"),
                count=len(ballot.by_caretakers))),)
        eleven = draft.body == "UNSC" and council_threshold(state) == 7
        out.append(_outcome(ballot.seq, kind, ballot_msg(story, ballot), details,
                            COUNCIL_OF_ELEVEN.get(kind) if eleven else None))
    for decision in story.decisions:
        if decision.result == "blocked":
            kind = "decision_blocked"
        elif decision.item.decision == "article5":
            kind = "article5_invoked"
        else:
            kind = "decision_adopted"
        details = ()
        if decision.by_caretakers:
            details = ((None, message(N_("blocked by caretakers, by their standing policy"))),)
        out.append(_outcome(decision.seq, kind, decision_msg(story, decision), details))
    for seq, ally, concern in story.consultations:
        title = (message(N_("{country} requests consultations under Article 4: “{concern}”"),
                         country=state.country(ally), concern=concern) if concern
                 else message(N_("{country} requests consultations under Article 4"),
                              country=state.country(ally)))
        out.append(_outcome(seq, "consultations_opened", title.as_sentence()))
    for seq, country, incident, victim in story.self_defence:
        # The incident by its title, in the reader's language where the scenario writes it.
        named = incident_words(state, state.incidents[incident]) \
            if incident in state.incidents else incident
        title = (message(N_("{country} acts in collective self-defence of {victim}, at its "
                            "request, (Art. 51) against \u201c{incident}\u201d"),
                         country=state.country(country), victim=state.country(victim),
                         incident=named) if victim
                 else message(N_("{country} acts in self-defence (Art. 51) against "
                                 "\u201c{incident}\u201d"), country=state.country(country),
                              incident=named))
        out.append(_outcome(seq, "self_defence_declared", title.as_sentence()))
    out += _pledge_outcomes(story)
    for seq, country in story.joined:
        out.append(_outcome(seq, "member_joined",
                            message(N_("{country} joins NATO"),
                                    country=state.country(country)).as_sentence()))
    for seq, kind, title in story.league:
        out.append(_outcome(seq, kind, title))
    for seq, draft_id, vetoed_by in story.veto_debates:
        out.append(_outcome(seq, "veto_debate_scheduled", plural_message(
            *Nn_("The General Assembly will debate the veto on {draft}; {countries} speaks first",
                 "The General Assembly will debate the veto on {draft}; {countries} speak first"),
            count=len(vetoed_by), draft=draft_id, countries=state.countries_of(vetoed_by))))
    return sorted(out, key=lambda o: (o.seq, o.kind != "armed_attack"))


def _pledge_outcomes(story: Story) -> list[Outcome]:
    """One outcome per ally attacked: every pledge the class made, by name and content;
    the caretakers' pledges in one line."""
    out = []
    for target in dict.fromkeys(p.target for p in story.pledges):
        pledges = [p for p in story.pledges if p.target == target]
        by_class = [p for p in pledges if not p.caretaker]
        by_caretakers = [p for p in pledges if p.caretaker]
        lines: list[tuple[int | None, Msg]] = [(p.seq, pledge_line(story, p)) for p in by_class]
        if by_caretakers:
            kinds = {r: sum(1 for p in by_caretakers if p.response == r)
                     for r in ("military", "economic", "diplomatic")}
            mix = listed([message(N_("{count} {response}"), count=n,
                                  response=message(RESPONSE_WORDS[r]))
                          for r, n in kinds.items() if n])
            lines.append((by_caretakers[0].seq, plural_message(
                *Nn_("{count} caretaker state pledged by their standing policy ({mix})",
                     "{count} caretaker states pledged by their standing policy ({mix})"),
                count=len(by_caretakers), mix=mix)))
        pledged = plural_message(*Nn_("{count} pledge", "{count} pledges"), count=len(by_class))
        country = story.final.country(target)
        title = (message(N_("Pledges under Article 5 for {country}: {pledges} by the class, "
                            "{caretakers} by caretakers"), country=country, pledges=pledged,
                         caretakers=len(by_caretakers)) if by_caretakers
                 else message(N_("Pledges under Article 5 for {country}: {pledges} by the "
                                 "class"), country=country, pledges=pledged))
        out.append(_outcome(pledges[0].seq, "pledges", title, tuple(lines)))
    return out
