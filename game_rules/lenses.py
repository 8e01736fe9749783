"""Three readings of one game: what a realist, a liberal and a constructivist
would conclude about *this* game, and why.

Each reading opens with the school's idea in plain words, then a short
paragraph about the game that cites the moments carrying its conclusion (each
linked to the replay by its ``seq``), and ends on the conclusion. Every
sentence is written only when the fact it states holds in the game's
``Story``; the scores (``scores.py``) follow as evidence.

The readings follow the debate of the explainer the game grew from: realists
expect states to follow their interests whatever the institutions say;
liberals expect institutions to make cooperation possible and promises
believable; constructivists look at norms (the norm against aggression above
all) and at the identities states show in what they say and do.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from game_rules.crisis import ARMED_ATTACK
from game_rules.messages import N_, message
from game_rules.naming import item_phrase
from game_rules.outcomes import ballot_title, decision_title
from game_rules.scenario import LEVELS
from game_rules.scores import OCCUPATION, CountryScore
from game_rules.story import NORMS, UPHOLDING_MEASURES, Deed, Story, Words, invokes
from game_rules.words import capital, count, counted, names, number, times

AGAINST_AGGRESSION = UPHOLDING_MEASURES - {"refer_to_icc", "tribunal"}
"""The measures that write the norm against aggression into a decision (a referral to a
court upholds the law, but names no aggression)."""

LEAGUE_NAMES = {"LNC": "Council of the League", "LNA": "Assembly of the League"}

LEVEL_WORDS = {"none": "no pressure at all", "threats": "threats",
               "hybrid_pressure": "hybrid pressure", "limited_incursion": "a limited incursion",
               "armed_attack": "an armed attack", "occupation": "occupation",
               "spillover": "a spill-over onto an ally"}

IDEAS = {
    "realist": N_(
        "Realists see states as looking after themselves first. Rules and institutions "
        "matter only as long as they suit the strong; when interests clash, power decides, "
        "and promises are kept only when keeping them pays."),
    "liberal": N_(
        "Liberals think institutions help states work together. Shared rules, votes and "
        "public promises make it easier to act as a group, and costly to break one's word, "
        "so institutions can stop an aggressor that no state would face alone."),
    "constructivist": N_(
        "Constructivists look at ideas: what states believe is right, and who they think "
        "they are. Norms, shared rules like \"no state may take its neighbour's land by "
        "force\", shape what states do, and grow stronger each time states act on them, "
        "weaker each time they are broken without cost."),
}

TITLES = {"realist": N_("Realist lens: power and interest"),
          "liberal": N_("Liberal lens: did the institutions work?"),
          "constructivist": N_("Constructivist lens: norms and identities")}


@dataclass(frozen=True, slots=True)
class Part:
    """A piece of a paragraph; with ``seq``, it links to that moment of the replay."""

    text: str
    seq: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "seq": self.seq}


@dataclass
class Paragraph:
    parts: list[Part] = field(default_factory=list)

    def say(self, text: str) -> Paragraph:
        self.parts.append(Part(text))
        return self

    def cite(self, text: str, seq: int | None) -> Paragraph:
        self.parts.append(Part(text, seq if seq else None))
        return self

    @property
    def moments(self) -> list[int]:
        return list(dict.fromkeys(p.seq for p in self.parts if p.seq))

    @property
    def text(self) -> str:
        return "".join(p.text for p in self.parts)


@dataclass
class Reading:
    lens: str
    verdict: str
    """The conclusion in a few words, for tables ("the institutions worked in part")."""
    paragraph: Paragraph

    def to_dict(self) -> dict[str, Any]:
        return {"lens": self.lens, "title": TITLES[self.lens], "idea": IDEAS[self.lens],
                "verdict": self.verdict,
                "title_msg": message(TITLES[self.lens]).to_json(),
                "idea_msg": message(IDEAS[self.lens]).to_json(),
                "verdict_msg": message(self.verdict).to_json(),
                "reading": [p.to_dict() for p in self.paragraph.parts],
                "text": self.paragraph.text, "moments": self.paragraph.moments}


# Facts the three readings share.


@dataclass(frozen=True, slots=True)
class Path:
    """How the aggressor's ladder went: where it ended, the moment that carries it."""

    ladder: int
    reached: int
    attack_seq: int | None
    withdraw_seq: int | None
    last_seq: int | None

    @property
    def reversed(self) -> bool:
        return self.withdraw_seq is not None and self.ladder == 0

    @property
    def stands(self) -> bool:
        """An armed attack (or worse) stands at the end."""
        return self.ladder >= ARMED_ATTACK and not self.reversed

    @property
    def held_off(self) -> bool:
        return self.ladder < ARMED_ATTACK


def aggressor_path(story: Story) -> Path:
    start = story.start.crisis.ladder
    attack = next((s.seq for s in story.shifts if s.ladder[0] < ARMED_ATTACK <= s.ladder[1]),
                  None)
    reached = max([start, *(s.ladder[1] for s in story.shifts)])
    withdraw = story.withdrew.seq if story.withdrew else None
    last = story.moves[-1].seq if story.moves else None
    return Path(story.final.crisis.ladder, reached, attack, withdraw, last)


def _aggressor_sentence(story: Story, path: Path, p: Paragraph) -> None:
    """"The aggressor, X, launched an armed attack (event n) and ended at occupation." """
    code = story.aggressor
    if code is None:
        return
    who = f"The aggressor, {story.name(code)},"
    began = story.start.crisis.ladder
    end = LEVEL_WORDS[LEVELS[path.ladder]]
    if path.reversed:
        p.say(f"{who} ").cite("withdrew its forces", path.withdraw_seq).say(". ")
    elif path.attack_seq is not None:
        p.say(f"{who} ").cite("launched an armed attack", path.attack_seq)
        if path.ladder < ARMED_ATTACK:
            p.say(f", then stepped back to {end}. ")
        elif path.ladder == ARMED_ATTACK:
            p.say(", and the attack still stood at the end. ")
        else:
            p.say(f" and ended at {end}. ")
    elif began >= ARMED_ATTACK:
        p.say(f"{who} had already attacked when the game began, and ended at {end}. ")
    elif story.moves:
        p.say(f"{who} ").cite(f"ended at {end}", path.last_seq).say(
            ", short of an armed attack. ")
    else:
        p.say(f"{who} never moved: it stayed at {end}. ")


def _class_allies(story: Story) -> list[str]:
    return [c for c in story.final.nac_members if not story.is_caretaker(c)]


# The realist reading.


def realist_reading(story: Story, scores: list[CountryScore]) -> Reading:
    p = Paragraph()
    path = aggressor_path(story)
    blocked_by_power = False
    for ballot in story.vetoes[:2]:
        blocked_by_power = True
        vetoers = [story.name(c) for c in ballot.vetoed_by]
        self_shield = story.aggressor in ballot.vetoed_by
        power = "a permanent member" if len(vetoers) == 1 else "permanent members"
        p.say(f"{capital(names(vetoers))}, with the power of {power}, ").cite(
            f"vetoed {ballot.draft.id}", ballot.seq).say(
            ": the strong shielding " + ("themselves" if len(vetoers) > 1 and self_shield
                                         else "itself" if self_shield
                                         else "their interests" if len(vetoers) > 1
                                         else "its interests")
            + ". ")
    for decision in [d for d in story.blocked if not d.by_caretakers][:2]:
        blocked_by_power = True
        who = names([story.name(c) for c in decision.blocked_by])
        p.say(f"{capital(who)} ").cite(
            f"blocked {item_phrase(story.final, decision.item)}", decision.seq).say(
            ", putting its own line before the alliance's. "
            if len(decision.blocked_by) == 1 else
            ", putting their own line before the alliance's. ")
    military = False
    if story.article5:
        allies = [c for c in _class_allies(story) if c != story.article5[0][2]]
        pledged = {p_.ally: p_ for p_ in story.pledges if not p_.caretaker}
        force = [c for c in allies if c in pledged and pledged[c].response == "military"]
        cheaper = [c for c in allies if c in pledged and pledged[c].response != "military"]
        military = bool(force)
        seq, _, target = story.article5[0]
        if allies:
            p.say("When ").cite(f"Article 5 was invoked for {story.name(target)}", seq).say(
                f", {len(force)} of the other {count(len(allies), 'ally', 'allies')} the "
                f"class played pledged military force")
            if force:
                shown = [story.name(c) for c in force[:3]]
                more = f" and {len(force) - 3} more" if len(force) > 3 else ""
                p.say(f" ({', '.join(shown)}{more})")
            p.say(f", {len(cheaper)} something cheaper and {len(allies) - len(force) - len(cheaper)}"
                  " nothing: each gave what suited it. ")
    _aggressor_sentence(story, path, p)
    ranked = sorted([s for s in scores if not s.caretaker] or scores, key=lambda s: -s.total)
    if len(ranked) >= 2 and ranked[0].total != ranked[-1].total:
        best, worst = ranked[0], ranked[-1]
        p.say(f"Scored on their own interests, {story.name(best.country)} came out best "
              f"({round(best.total)}) and {story.name(worst.country)} worst "
              f"({round(worst.total)}). ")
    if story.aggressor is None:
        verdict = N_("each state bargained for itself")
        p.say("A realist would conclude that each state bargained for its own interests, and "
              "that the institutions' rules mattered only as far as their strongest members "
              "let them.")
    elif blocked_by_power and path.stands:
        verdict = N_("power and interest decided")
        p.say("A realist would conclude that this game bears them out: where interests "
              "clashed, the institutions could not make states act, and the aggressor kept "
              "what force had taken.")
    elif not path.stands and military:
        verdict = N_("military power, not the treaty, held the aggressor")
        p.say("A realist would grant that the aggressor was held, but would credit the "
              "military force the allies lined up, not the treaties' words.")
    elif not path.stands:
        verdict = N_("the aggressor's own calculation")
        p.say("With no military force pledged by the class, a realist would doubt that the "
              "institutions did the deterring, and would look instead at what the aggressor "
              "stood to gain or lose.")
    else:
        verdict = N_("power decided")
        p.say("A realist would conclude that power decided this game: the aggressor took "
              "what it could, and the others did what suited them.")
    return Reading("realist", verdict, p)


# The liberal reading.


def liberal_reading(story: Story) -> Reading:
    p = Paragraph()
    path = aggressor_path(story)
    council = [b for b in story.adopted if b.draft.body == "UNSC" and b.resolution]
    if council:
        p.say(f"The Security Council adopted {counted(len(council), 'resolution')}: ")
        shown = council[:3]
        for i, ballot in enumerate(shown):
            p.say("" if i == 0 else " and " if i == len(shown) - 1 and len(council) <= 3
                  else ", ")
            p.cite(ballot.resolution + (" (binding)" if ballot.binding else ""), ballot.seq)
        p.say(f" and {len(council) - 3} more. " if len(council) > 3 else ". ")
    for ballot in story.vetoes[:2]:
        vetoers = names([story.name(c) for c in ballot.vetoed_by])
        p.say("The veto of ").cite(vetoers, ballot.seq).say(
            f" stopped {ballot.draft.id} with {ballot.yes} votes in favour. ")
    short = [b for b in story.ballots if b.result == "failed" and b.draft.body == "UNSC"]
    if short:
        p.say(f"{capital(counted(len(short), 'draft'))} fell short of the votes. ")
    league_adopted = [b for b in story.adopted if b.draft.body in LEAGUE_NAMES]
    for body, words in LEAGUE_NAMES.items():
        adopted = [b for b in league_adopted if b.draft.body == body]
        if adopted:
            p.say(f"The {words} adopted ").cite(counted(len(adopted), "resolution"),
                                                 adopted[0].seq).say(". ")
    league_blocked = [b for b in story.ballots if b.draft.body in LEAGUE_NAMES
                      and b.result == "failed" and b.draft.blocked_by]
    for ballot in league_blocked[:2]:
        who = names([story.name(c) for c in ballot.draft.blocked_by])
        p.say(f"{capital(who)} ").cite(f"voted against {ballot.draft.id}", ballot.seq).say(
            f", and the {LEAGUE_NAMES[ballot.draft.body]}'s rule of unanimity let "
            f"{'that vote' if len(ballot.draft.blocked_by) == 1 else 'those votes'} block it. ")
    if story.emergency_session:
        p.cite("The question went to the General Assembly under Uniting for Peace",
               story.emergency_session).say(", where no state has a veto. ")
    if story.consultations:
        seq, ally, _ = story.consultations[0]
        p.cite(f"{capital(story.name(ally))} asked the allies to consult (Article 4)", seq)
        others = len(story.consultations) - 1
        p.say(f", and {count(others, 'other request')} followed. " if others else ". ")
    invoked_targets = set()
    for seq, _, target in story.article5[:2]:
        invoked_targets.add(target)
        earlier = [d for d in story.blocked if d.target == target and d.seq < seq
                   and d.item.decision == "article5"]
        p.say("The allies ").cite(f"invoked Article 5 for {story.name(target)}", seq)
        if earlier:
            p.say(", after ").cite(
                names([story.name(c) for c in earlier[0].blocked_by]) + " had blocked a first "
                "request", earlier[0].seq)
        p.say(". ")
    for decision in [d for d in story.blocked if d.item.decision != "article5"][:2]:
        who = names([story.name(c) for c in decision.blocked_by])
        p.say(f"{capital(who)} ").cite(
            f"blocked {item_phrase(story.final, decision.item)}", decision.seq).say(
            " by breaking silence. ")
    for decision in story.blocked:
        if decision.item.decision == "article5" and decision.target not in invoked_targets:
            p.say("Article 5 was never invoked for "
                  f"{story.name(decision.target or '')}: ").cite(
                names([story.name(c) for c in decision.blocked_by]) + " broke silence",
                decision.seq).say(". ")
            break
    made = [x for x in story.pledges if not x.caretaker]
    if made:
        kept = sum(1 for x in made if x.status == "delivered")
        dropped = [x for x in made if x.status == "retracted"]
        delivered = ("none was delivered" if kept == 0 else
                     f"{number(kept)} {'was' if kept == 1 else 'were'} delivered")
        p.say(f"The class's allies made {counted(len(made), 'pledge')}; {delivered}")
        if dropped:
            p.say(" and ").cite(f"{number(len(dropped))} retracted",
                                dropped[0].changed or dropped[0].seq)
        p.say(". ")
    caretaker_pledges = len(story.pledges) - len(made)
    if caretaker_pledges:
        p.say(f"Caretaker states pledged {caretaker_pledges} more by their standing policy; "
              "they are not counted as the class's choice. ")
    _aggressor_sentence(story, path, p)
    acted = (any(b.binding for b in council) or bool(story.article5)
             or any(d.result == "adopted" and d.item.decision == "operation"
                    for d in story.decisions)
             or any(b.draft.body == "UNGA" for b in story.adopted))
    spoke = bool(council) or bool(league_adopted) \
        or any(d.result == "adopted" for d in story.decisions)
    failures = bool(story.vetoes) or any(not d.by_caretakers for d in story.blocked) \
        or any(x.status == "retracted" for x in made) or bool(league_blocked)
    used = bool(story.ballots) or bool(story.decisions) or bool(story.consultations)
    if story.aggressor is None:
        if spoke and not failures:
            verdict = N_("the institutions did their work")
            why = "the members reached their decisions by the rules."
        elif spoke:
            verdict = N_("the institutions worked in part")
            why = "some decisions were reached, others blocked."
        elif failures:
            verdict = N_("the institutions failed")
            why = ("a veto or a single objection kept the members from deciding, and each "
                   "failure makes the next promise harder to believe.")
        elif used:
            verdict = N_("the institutions reached no decision")
            why = "questions were put to them, but the votes or the consensus were not there."
        else:
            verdict = N_("the institutions were hardly used")
            why = "no question was put to them."
        p.say(f"A liberal would conclude that {verdict} in this game: {why}")
    elif acted and not path.stands:
        verdict = N_("the institutions worked")
        p.say("A liberal would conclude that the institutions worked: they gave the states a "
              "way to act together, and the aggression "
              + ("was reversed." if path.reversed else "was held short of a standing attack."))
    elif acted:
        verdict = N_("the institutions worked in part")
        p.say("A liberal would conclude that the institutions worked only in part: the states "
              "acted together, but not enough to undo the aggression.")
    elif failures:
        verdict = N_("the institutions failed this time")
        p.say("A liberal would conclude that the institutions failed this time: a veto or a "
              "broken promise kept the states from acting together, and each failure makes "
              "the next promise harder to believe.")
    elif not path.stands:
        verdict = N_("the aggressor held back without a binding step")
        p.say(f"A liberal would note that the aggressor "
              f"{'withdrew' if path.reversed else 'held back'} although the institutions "
              "took no binding step; the talks may have helped, but the evidence is thin.")
    else:
        verdict = N_("the institutions were hardly used")
        p.say("A liberal would conclude that the institutions were hardly used in this game, "
              "so the game cannot show what they could have done.")
    return Reading("liberal", verdict, p)


# The constructivist reading.


@dataclass(frozen=True, slots=True)
class NormCount:
    norm: str
    name: str
    said: int
    states: tuple[str, ...]
    first: Words | None

    def to_dict(self, story: Story) -> dict[str, Any]:
        return {"norm": self.norm, "name": self.name, "said": self.said,
                "states": [{"code": c, "name": story.final.name(c)} for c in self.states],
                "first": ({"seq": self.first.seq, "country": self.first.country}
                          if self.first else None)}


def norm_counts(story: Story) -> list[NormCount]:
    """How often each norm was invoked openly, by whom, and first by whom."""
    out = []
    for norm, (name, _) in NORMS.items():
        said = [w for w in story.words if invokes(w.text, norm)]
        out.append(NormCount(norm, name, len(said), tuple(dict.fromkeys(w.country for w in said)),
                             said[0] if said else None))
    return out


def _affirmations(story: Story) -> list[tuple[int, str]]:
    """Decisions that wrote the norm against aggression down: (seq, words)."""
    out = []
    for ballot in story.adopted:
        if set(ballot.draft.measures) & AGAINST_AGGRESSION and ballot.resolution:
            out.append((ballot.seq, ballot.resolution))
    for seq, _, target in story.article5:
        out.append((seq, f"the allies' Article 5 determination for {story.name(target)}"))
    for decision in story.decisions:
        if decision.result == "adopted" and decision.item.decision == "statement" \
                and invokes(f"{decision.item.title} {decision.item.text}", "aggression"):
            out.append((decision.seq, item_phrase(story.final, decision.item)))
    return sorted(out)


def constructivist_reading(story: Story) -> Reading:
    p = Paragraph()
    path = aggressor_path(story)
    counts = [c for c in norm_counts(story) if c.said]
    if counts:
        for i, c in enumerate(counts[:2]):
            assert c.first is not None
            lead = "States spoke up for " if i == 0 else "; for "
            p.say(f"{lead}{c.name} {times(c.said)} in the open" if i == 0
                  else f"{lead}{c.name} {times(c.said)}")
            p.say(", first ").cite(story.name(c.first.country), c.first.seq)
        p.say(". ")
    else:
        p.say("No state named the norm against aggression, the Charter or allied solidarity "
              "in the open. ")
    affirmed = _affirmations(story)
    if affirmed:
        p.say("The norm against aggression was written into ")
        for i, (seq, what) in enumerate(affirmed[:2]):
            p.say(" and " if i else "").cite(what, seq)
        p.say(". ")
    gaps, matches = words_and_deeds(story)
    for words, deed in gaps[:2]:
        p.say(f"{capital(story.name(deed.country))} ").cite(
            f"spoke of {NORMS[_norm_of(words)][0]}", words.seq).say(" but then ").cite(
            deed.what, deed.seq).say(": its words and deeds parted. ")
    if matches:
        shown = [story.name(d.country) for _, d in matches[:3]]
        if len(matches) > 3:
            shown.append(counted(len(matches) - 3, "more", "more"))
        first = matches[0][1]
        one = len(matches) == 1
        p.say(f"{capital(names(shown))} did as {'it' if one else 'they'} said, acting out the "
              f"identity {'it' if one else 'they'} claimed: ").cite(
            f"it {first.what}" if one else f"{story.name(first.country)}, for one, {first.what}",
            first.seq).say(". ")
    _aggressor_sentence(story, path, p)
    if story.aggressor is None:
        if not matches and not gaps:
            verdict = N_("no norm put to the test")
            p.say("A constructivist would look at the rules the states invoked and whether "
                  "they lived up to them: here no state both invoked a norm and then acted "
                  "for or against it, so the game does not show whether words bound deeds.")
        else:
            verdict = (N_("norms lived up to") if len(matches) >= len(gaps)
                       else N_("norms spoken, not kept"))
            kept = (f"{counted(len(matches), 'state')} did as "
                    f"{'it' if len(matches) == 1 else 'they'} said")
            broke = (f"{counted(len(gaps), 'state')} did not" if gaps
                     else "none went against its words")
            p.say(f"A constructivist would look at the rules the states invoked and whether "
                  f"they lived up to them: here {kept}, and {broke}.")
    elif affirmed and not path.stands:
        verdict = N_("the norm against aggression was upheld")
        p.say("A constructivist would conclude that the norm against aggression was upheld: "
              "states named it, wrote it into their decisions and acted on it, and each such "
              "act makes the norm stronger.")
    elif affirmed:
        verdict = N_("the norm was affirmed in words, not enforced")
        p.say("A constructivist would conclude that the norm was affirmed in words but not "
              "enforced in deeds: a norm weakens when breaking it costs the breaker little.")
    elif not path.stands:
        verdict = N_("the norm held without a decision")
        p.say("A constructivist would note that the norm held although no institution wrote "
              "it into a decision: what the states said in the open may have been enough.")
    else:
        verdict = N_("the norm against aggression was eroded")
        p.say("A constructivist would conclude that the norm against aggression was eroded: "
              "no institution wrote it into a decision, and the aggressor "
              + ("gained ground." if path.ladder >= OCCUPATION else "kept its attack."))
    return Reading("constructivist", verdict, p)


def _norm_of(words: Words) -> str:
    return next(n for n in NORMS if invokes(words.text, n))


def words_and_deeds(story: Story) -> tuple[list[tuple[Words, Deed]], list[tuple[Words, Deed]]]:
    """States of the class that invoked a norm and later acted against the norm against
    aggression (gaps), or acted on it (matches): each with its first such words and deed."""
    said: dict[str, Words] = {}
    for words in story.words:
        if words.country not in said and any(invokes(words.text, n) for n in NORMS):
            said[words.country] = words
    gaps: dict[str, tuple[Words, Deed]] = {}
    matches: dict[str, tuple[Words, Deed]] = {}
    for deed in story.deeds:
        words_ = said.get(deed.country)
        if deed.caretaker or words_ is None or deed.seq <= words_.seq \
                or deed.country == story.aggressor:
            continue
        if not deed.upholds:
            gaps.setdefault(deed.country, (words_, deed))
        elif deed.country not in gaps:
            matches.setdefault(deed.country, (words_, deed))
    return list(gaps.values()), [m for c, m in matches.items() if c not in gaps]


def readings(story: Story, scores: list[CountryScore]) -> list[Reading]:
    return [realist_reading(story, scores), liberal_reading(story),
            constructivist_reading(story)]


__all__ = ["IDEAS", "TITLES", "Paragraph", "Part", "Reading", "aggressor_path",
           "ballot_title", "constructivist_reading", "decision_title", "liberal_reading",
           "norm_counts", "readings", "realist_reading"]
