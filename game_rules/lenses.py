"""Three readings of one game: what a realist, a liberal and a constructivist
would conclude about *this* game, and why.

Each reading opens with the school's idea in plain words, then a short
paragraph about the game that cites the moments carrying its conclusion (each
linked to the replay by its ``seq``), and ends on the conclusion. Each sentence
is a message (game_rules/messages.py) whose cited words are ``Cite`` parameters,
so that the paragraph reads, links and all, in its reader's language. Every
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
from game_rules.messages import (
    N_,
    Cite,
    Msg,
    Nn_,
    Param,
    join,
    listed,
    message,
    parts,
    plural_message,
)
from game_rules.naming import item_msg
from game_rules.outcomes import ballot_title, decision_title
from game_rules.scenario import LEVELS
from game_rules.scores import OCCUPATION, CountryScore
from game_rules.story import NORMS, UPHOLDING_MEASURES, Deed, Story, Words, invokes

AGAINST_AGGRESSION = UPHOLDING_MEASURES - {"refer_to_icc", "tribunal"}
"""The measures that write the norm against aggression into a decision (a referral to a
court upholds the law, but names no aggression)."""

LEAGUE_NAMES = {"LNC": N_("the Council of the League"), "LNA": N_("the Assembly of the League")}

LEVEL_WORDS = {"none": N_("no pressure at all"), "threats": N_("threats"),
               "hybrid_pressure": N_("hybrid pressure"),
               "limited_incursion": N_("a limited incursion"),
               "armed_attack": N_("an armed attack"), "occupation": N_("occupation"),
               "spillover": N_("a spill-over onto an ally")}

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
    """Sentences, each a message; the words a sentence cites (``Cite``) carry their moment."""

    sentences: list[Msg] = field(default_factory=list)

    def say(self, template: str, /, **params: Param) -> Paragraph:
        """A sentence from its English template; one starting with a state's name is
        capitalised, whatever the language puts first."""
        self.sentences.append(message(template, **params).as_sentence())
        return self

    def add(self, sentence: Msg) -> Paragraph:
        self.sentences.append(sentence.as_sentence())
        return self

    @property
    def msg(self) -> Msg:
        return join(*self.sentences) if self.sentences else message(N_("{text}"), text="")

    @property
    def parts(self) -> list[Part]:
        """The paragraph in English, in pieces: the cited words apart, with their moments."""
        return [Part(text, seq) for text, seq in parts(self.msg)]

    @property
    def moments(self) -> list[int]:
        return list(dict.fromkeys(p.seq for p in self.parts if p.seq))

    @property
    def text(self) -> str:
        return self.msg.english()


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
                "text": self.paragraph.text, "text_msg": self.paragraph.msg.to_json(),
                "moments": self.paragraph.moments}


def cite(text: Param, seq: int | None) -> Cite:
    """Words of a sentence that carry a moment (none when ``seq`` is 0 or None)."""
    return Cite(text, seq if seq else None)


def by(count: int, singular: str, plural: str, /, **params: Param) -> Msg:
    """Words whose verb agrees with ``count`` states (the English forms may be the same;
    a translation's may not: "a bloqué", "ont bloqué")."""
    return plural_message(singular, plural, count=count, **params)


def and_more(story: Story, codes: list[str], conjunction: str = "and", shown: int = 3) -> Param:
    """The first ``shown`` states of a list by name, then how many more:
    "Finland, Poland, the United States and 2 more"; a short list ends with ``conjunction``
    ("," for commas only)."""
    state = story.final
    if len(codes) <= shown:
        return state.countries_of(codes, conjunction)
    return plural_message(*Nn_("{countries} and {count} more", "{countries} and {count} more"),
                          countries=state.countries_of(codes[:shown], ","),
                          count=len(codes) - shown)


def times(n: int) -> Msg:
    """How often, in words: "once", "twice", "3 times"."""
    if n == 1:
        return message(N_("once"))
    if n == 2:
        return message(N_("twice"))
    return plural_message(*Nn_("{count} time", "{count} times"), count=n)


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
    who = story.final.country(code)
    began = story.start.crisis.ladder
    end = message(LEVEL_WORDS[LEVELS[path.ladder]])
    attacked = cite(message(N_("launched an armed attack")), path.attack_seq)
    if path.reversed:
        p.say(N_("The aggressor, {country}, {withdrew}."), country=who,
              withdrew=cite(message(N_("withdrew its forces")), path.withdraw_seq))
    elif path.attack_seq is not None:
        if path.ladder < ARMED_ATTACK:
            p.say(N_("The aggressor, {country}, {attacked}, then stepped back to {level}."),
                  country=who, attacked=attacked, level=end)
        elif path.ladder == ARMED_ATTACK:
            p.say(N_("The aggressor, {country}, {attacked}, and the attack still stood at the "
                     "end."), country=who, attacked=attacked)
        else:
            p.say(N_("The aggressor, {country}, {attacked} and ended at {level}."),
                  country=who, attacked=attacked, level=end)
    elif began >= ARMED_ATTACK:
        p.say(N_("The aggressor, {country}, had already attacked when the game began, and "
                 "ended at {level}."), country=who, level=end)
    elif story.moves:
        p.say(N_("The aggressor, {country}, {ended}, short of an armed attack."), country=who,
              ended=cite(message(N_("ended at {level}"), level=end), path.last_seq))
    else:
        p.say(N_("The aggressor, {country}, never moved: it stayed at {level}."), country=who,
              level=end)


def _class_allies(story: Story) -> list[str]:
    return [c for c in story.final.nac_members if not story.is_caretaker(c)]


# The realist reading.

_SHIELDING = {
    (False, True): N_("{countries}, with the power of a permanent member, {vetoed}: the strong "
                      "shielding itself."),
    (False, False): N_("{countries}, with the power of a permanent member, {vetoed}: the "
                       "strong shielding its interests."),
    (True, True): N_("{countries}, with the power of permanent members, {vetoed}: the strong "
                     "shielding themselves."),
    (True, False): N_("{countries}, with the power of permanent members, {vetoed}: the strong "
                      "shielding their interests."),
}
"""A veto as the realist reads it, by (several vetoing members, the aggressor among them)."""


def realist_reading(story: Story, scores: list[CountryScore]) -> Reading:
    p = Paragraph()
    state = story.final
    path = aggressor_path(story)
    blocked_by_power = False
    for ballot in story.vetoes[:2]:
        blocked_by_power = True
        vetoers = ballot.vetoed_by
        several = len(vetoers) > 1
        p.say(_SHIELDING[several, story.aggressor in vetoers],
              countries=state.countries_of(vetoers),
              vetoed=cite(by(len(vetoers), *Nn_("vetoed {draft}", "vetoed {draft}"),
                             draft=ballot.draft.id), ballot.seq))
    for decision in [d for d in story.blocked if not d.by_caretakers][:2]:
        blocked_by_power = True
        n = len(decision.blocked_by)
        p.say(N_("{countries} {blocked}, putting its own line before the alliance's.") if n == 1
              else N_("{countries} {blocked}, putting their own line before the alliance's."),
              countries=state.countries_of(decision.blocked_by),
              blocked=cite(by(n, *Nn_("blocked {item}", "blocked {item}"),
                              item=item_msg(state, decision.item)), decision.seq))
    military = False
    if story.article5:
        allies = [c for c in _class_allies(story) if c != story.article5[0][2]]
        pledged = {p_.ally: p_ for p_ in story.pledges if not p_.caretaker}
        force = [c for c in allies if c in pledged and pledged[c].response == "military"]
        cheaper = [c for c in allies if c in pledged and pledged[c].response != "military"]
        military = bool(force)
        seq, _, target = story.article5[0]
        if allies:
            params: dict[str, Param] = {
                "invoked": cite(message(N_("Article 5 was invoked for {country}"),
                                        country=state.country(target)), seq),
                "force": len(force), "cheaper": len(cheaper),
                "nothing": len(allies) - len(force) - len(cheaper),
                "allies": plural_message(*Nn_("{count} ally", "{count} allies"),
                                         count=len(allies))}
            if force:
                p.say(N_("When {invoked}, {force} of the other {allies} the class played "
                         "pledged military force ({countries}), {cheaper} something cheaper and "
                         "{nothing} nothing: each gave what suited it."),
                      countries=and_more(story, force, ","), **params)
            else:
                p.say(N_("When {invoked}, {force} of the other {allies} the class played "
                         "pledged military force, {cheaper} something cheaper and {nothing} "
                         "nothing: each gave what suited it."), **params)
    _aggressor_sentence(story, path, p)
    ranked = sorted([s for s in scores if not s.caretaker] or scores, key=lambda s: -s.total)
    if len(ranked) >= 2 and ranked[0].total != ranked[-1].total:
        best, worst = ranked[0], ranked[-1]
        p.say(N_("Scored on their own interests, {best} came out best ({best_total}) and "
                 "{worst} worst ({worst_total})."),
              best=state.country(best.country), best_total=round(best.total),
              worst=state.country(worst.country), worst_total=round(worst.total))
    if story.aggressor is None:
        verdict = N_("each state bargained for itself")
        p.say(N_("A realist would conclude that each state bargained for its own interests, "
                 "and that the institutions' rules mattered only as far as their strongest "
                 "members let them."))
    elif blocked_by_power and path.stands:
        verdict = N_("power and interest decided")
        p.say(N_("A realist would conclude that this game bears them out: where interests "
                 "clashed, the institutions could not make states act, and the aggressor kept "
                 "what force had taken."))
    elif not path.stands and military:
        verdict = N_("military power, not the treaty, held the aggressor")
        p.say(N_("A realist would grant that the aggressor was held, but would credit the "
                 "military force the allies lined up, not the treaties' words."))
    elif not path.stands:
        verdict = N_("the aggressor's own calculation")
        p.say(N_("With no military force pledged by the class, a realist would doubt that the "
                 "institutions did the deterring, and would look instead at what the "
                 "aggressor stood to gain or lose."))
    else:
        verdict = N_("power decided")
        p.say(N_("A realist would conclude that power decided this game: the aggressor took "
                 "what it could, and the others did what suited them."))
    return Reading("realist", verdict, p)


# The liberal reading.


def _resolutions(council: list[Any]) -> Param:
    """The Council's resolutions as the liberal reading lists them, each citing its vote:
    "660 (binding), 661 and 662", "660, 661, 662 and 2 more"."""
    shown: list[Param] = [
        cite(message(N_("{resolution} (binding)"), resolution=b.resolution) if b.binding
             else b.resolution, b.seq) for b in council[:3]]
    if len(council) <= 3:
        return listed(shown)
    out = shown[0]
    for item in shown[1:]:
        out = message(N_("{first}, {second}"), first=out, second=item)
    return plural_message(*Nn_("{items} and {count} more", "{items} and {count} more"),
                          items=out, count=len(council) - 3)


def liberal_reading(story: Story) -> Reading:
    p = Paragraph()
    state = story.final
    path = aggressor_path(story)
    council = [b for b in story.adopted if b.draft.body == "UNSC" and b.resolution]
    if council:
        p.add(plural_message(*Nn_("The Security Council adopted {count} resolution: "
                                  "{resolutions}.",
                                  "The Security Council adopted {count} resolutions: "
                                  "{resolutions}."),
                             count=len(council), resolutions=_resolutions(council)))
    for ballot in story.vetoes[:2]:
        p.add(plural_message(*Nn_("The veto of {countries} stopped {draft} with {count} vote "
                                  "in favour.",
                                  "The veto of {countries} stopped {draft} with {count} votes "
                                  "in favour."),
                             count=ballot.yes, draft=ballot.draft.id,
                             countries=cite(state.countries_of(ballot.vetoed_by), ballot.seq)))
    short = [b for b in story.ballots if b.result == "failed" and b.draft.body == "UNSC"]
    if short:
        p.add(plural_message(*Nn_("{count} draft fell short of the votes.",
                                  "{count} drafts fell short of the votes."), count=len(short)))
    league_adopted = [b for b in story.adopted if b.draft.body in LEAGUE_NAMES]
    for body in LEAGUE_NAMES:
        adopted = [b for b in league_adopted if b.draft.body == body]
        if adopted:
            p.say(N_("The Council of the League adopted {resolutions}.") if body == "LNC"
                  else N_("The Assembly of the League adopted {resolutions}."),
                  resolutions=cite(plural_message(*Nn_("{count} resolution", "{count} resolutions"),
                                                  count=len(adopted)), adopted[0].seq))
    league_blocked = [b for b in story.ballots if b.draft.body in LEAGUE_NAMES
                      and b.result == "failed" and b.draft.blocked_by]
    for ballot in league_blocked[:2]:
        n = len(ballot.draft.blocked_by)
        p.say(N_("{countries} {voted}, and the rule of unanimity of {body} let that vote block "
                 "it.") if n == 1 else
              N_("{countries} {voted}, and the rule of unanimity of {body} let those votes "
                 "block it."),
              countries=state.countries_of(ballot.draft.blocked_by),
              voted=cite(by(n, *Nn_("voted against {draft}", "voted against {draft}"),
                            draft=ballot.draft.id), ballot.seq),
              body=message(LEAGUE_NAMES[ballot.draft.body]))
    if story.emergency_session:
        p.say(N_("{went}, where no state has a veto."), went=cite(message(N_(
            "The question went to the General Assembly under Uniting for Peace")),
            story.emergency_session))
    if story.consultations:
        seq, ally, _ = story.consultations[0]
        asked = cite(message(N_("{country} asked the allies to consult (Article 4)"),
                             country=state.country(ally)).as_sentence(), seq)
        others = len(story.consultations) - 1
        if others:
            p.add(plural_message(*Nn_("{asked}, and {count} other request followed.",
                                      "{asked}, and {count} other requests followed."),
                                 count=others, asked=asked))
        else:
            p.say(N_("{asked}."), asked=asked)
    invoked_targets = set()
    for seq, _, target in story.article5[:2]:
        invoked_targets.add(target)
        earlier = [d for d in story.blocked if d.target == target and d.seq < seq
                   and d.item.decision == "article5"]
        invoked = cite(message(N_("invoked Article 5 for {country}"),
                               country=state.country(target)), seq)
        if earlier:
            first = earlier[0]
            p.say(N_("The allies {invoked}, after {blocked}."), invoked=invoked,
                  blocked=cite(by(len(first.blocked_by),
                                  *Nn_("{countries} had blocked a first request",
                                       "{countries} had blocked a first request"),
                                  countries=state.countries_of(first.blocked_by)), first.seq))
        else:
            p.say(N_("The allies {invoked}."), invoked=invoked)
    for decision in [d for d in story.blocked if d.item.decision != "article5"][:2]:
        p.say(N_("{countries} {blocked} by breaking silence."),
              countries=state.countries_of(decision.blocked_by),
              blocked=cite(by(len(decision.blocked_by), *Nn_("blocked {item}", "blocked {item}"),
                              item=item_msg(state, decision.item)), decision.seq))
    for decision in story.blocked:
        if decision.item.decision == "article5" and decision.target not in invoked_targets:
            p.say(N_("Article 5 was never invoked for {country}: {broke}."),
                  country=state.country(decision.target or ""),
                  broke=cite(by(len(decision.blocked_by),
                                *Nn_("{countries} broke silence", "{countries} broke silence"),
                                countries=state.countries_of(decision.blocked_by)),
                             decision.seq))
            break
    made = [x for x in story.pledges if not x.caretaker]
    if made:
        kept = sum(1 for x in made if x.status == "delivered")
        dropped = [x for x in made if x.status == "retracted"]
        delivered = (message(N_("none was delivered")) if kept == 0 else
                     plural_message(*Nn_("{count} was delivered", "{count} were delivered"),
                                    count=kept))
        pledges = plural_message(*Nn_("{count} pledge", "{count} pledges"), count=len(made))
        if dropped:
            p.say(N_("The class's allies made {pledges}; {delivered} and {retracted}."),
                  pledges=pledges, delivered=delivered,
                  retracted=cite(by(len(dropped), *Nn_("{count} retracted", "{count} retracted")),
                                 dropped[0].changed or dropped[0].seq))
        else:
            p.say(N_("The class's allies made {pledges}; {delivered}."), pledges=pledges,
                  delivered=delivered)
    caretaker_pledges = len(story.pledges) - len(made)
    if caretaker_pledges:
        p.add(plural_message(*Nn_("Caretaker states pledged {count} more by their standing "
                                  "policy; they are not counted as the class's choice.",
                                  "Caretaker states pledged {count} more by their standing "
                                  "policy; they are not counted as the class's choice."),
                             count=caretaker_pledges))
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
            p.say(N_("A liberal would conclude that the institutions did their work in this "
                     "game: the members reached their decisions by the rules."))
        elif spoke:
            verdict = N_("the institutions worked in part")
            p.say(N_("A liberal would conclude that the institutions worked in part in this "
                     "game: some decisions were reached, others blocked."))
        elif failures:
            verdict = N_("the institutions failed")
            p.say(N_("A liberal would conclude that the institutions failed in this game: a "
                     "veto or a single objection kept the members from deciding, and each "
                     "failure makes the next promise harder to believe."))
        elif used:
            verdict = N_("the institutions reached no decision")
            p.say(N_("A liberal would conclude that the institutions reached no decision in "
                     "this game: questions were put to them, but the votes or the consensus "
                     "were not there."))
        else:
            verdict = N_("the institutions were hardly used")
            p.say(N_("A liberal would conclude that the institutions were hardly used in this "
                     "game: no question was put to them."))
    elif acted and not path.stands:
        verdict = N_("the institutions worked")
        p.say(N_("A liberal would conclude that the institutions worked: they gave the states "
                 "a way to act together, and the aggression was reversed.") if path.reversed
              else N_("A liberal would conclude that the institutions worked: they gave the "
                      "states a way to act together, and the aggression was held short of a "
                      "standing attack."))
    elif acted:
        verdict = N_("the institutions worked in part")
        p.say(N_("A liberal would conclude that the institutions worked only in part: the "
                 "states acted together, but not enough to undo the aggression."))
    elif failures:
        verdict = N_("the institutions failed this time")
        p.say(N_("A liberal would conclude that the institutions failed this time: a veto or a "
                 "broken promise kept the states from acting together, and each failure makes "
                 "the next promise harder to believe."))
    elif not path.stands:
        verdict = N_("the aggressor held back without a binding step")
        p.say(N_("A liberal would note that the aggressor withdrew although the institutions "
                 "took no binding step; the talks may have helped, but the evidence is thin.")
              if path.reversed else
              N_("A liberal would note that the aggressor held back although the institutions "
                 "took no binding step; the talks may have helped, but the evidence is thin."))
    else:
        verdict = N_("the institutions were hardly used")
        p.say(N_("A liberal would conclude that the institutions were hardly used in this "
                 "game, so the game cannot show what they could have done."))
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
        return {"norm": self.norm, "name": self.name,
                "name_msg": message(self.name).to_json(), "said": self.said,
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


def _affirmations(story: Story) -> list[tuple[int, Param]]:
    """Decisions that wrote the norm against aggression down: (seq, words)."""
    out: list[tuple[int, Param]] = []
    for ballot in story.adopted:
        if set(ballot.draft.measures) & AGAINST_AGGRESSION and ballot.resolution:
            out.append((ballot.seq, ballot.resolution))
    for seq, _, target in story.article5:
        out.append((seq, message(N_("the allies' Article 5 determination for {country}"),
                                 country=story.final.country(target))))
    for decision in story.decisions:
        if decision.result == "adopted" and decision.item.decision == "statement" \
                and invokes(f"{decision.item.title} {decision.item.text}", "aggression"):
            out.append((decision.seq, item_msg(story.final, decision.item)))
    return sorted(out, key=lambda pair: pair[0])


def constructivist_reading(story: Story) -> Reading:
    p = Paragraph()
    state = story.final
    path = aggressor_path(story)
    counts = [c for c in norm_counts(story) if c.said]
    if counts:
        first = counts[0]
        assert first.first is not None
        params: dict[str, Param] = {
            "norm": message(first.name), "times": times(first.said),
            "country": cite(state.country(first.first.country), first.first.seq)}
        if len(counts) == 1:
            p.say(N_("States spoke up for {norm} {times} in the open, first {country}."),
                  **params)
        else:
            other = counts[1]
            assert other.first is not None
            p.say(N_("States spoke up for {norm} {times} in the open, first {country}; for "
                     "{other} {other_times}, first {other_country}."),
                  other=message(other.name), other_times=times(other.said),
                  other_country=cite(state.country(other.first.country), other.first.seq),
                  **params)
    else:
        p.say(N_("No state named the norm against aggression, the Charter or allied solidarity "
                 "in the open."))
    affirmed = _affirmations(story)
    if affirmed:
        p.say(N_("The norm against aggression was written into {decisions}."),
              decisions=listed([cite(what, seq) for seq, what in affirmed[:2]]))
    gaps, matches = words_and_deeds(story)
    for words, deed in gaps[:2]:
        p.say(N_("{country} {spoke} but then {did}: its words and deeds parted."),
              country=state.country(deed.country),
              spoke=cite(message(N_("spoke of {norm}"), norm=message(NORMS[_norm_of(words)][0])),
                         words.seq),
              did=cite(deed.said, deed.seq))
    if matches:
        first_deed = matches[0][1]
        if len(matches) == 1:
            p.say(N_("{country} did as it said, acting out the identity it claimed: it {did}."),
                  country=state.country(first_deed.country),
                  did=cite(first_deed.said, first_deed.seq))
        else:
            p.say(N_("{countries} did as they said, acting out the identity they claimed: "
                     "{country}, for one, {did}."),
                  countries=and_more(story, [d.country for _, d in matches]),
                  country=state.country(first_deed.country),
                  did=cite(first_deed.said, first_deed.seq))
    _aggressor_sentence(story, path, p)
    if story.aggressor is None:
        if not matches and not gaps:
            verdict = N_("no norm put to the test")
            p.say(N_("A constructivist would look at the rules the states invoked and whether "
                     "they lived up to them: here no state both invoked a norm and then acted "
                     "for or against it, so the game does not show whether words bound deeds."))
        else:
            verdict = (N_("norms lived up to") if len(matches) >= len(gaps)
                       else N_("norms spoken, not kept"))
            kept = plural_message(*Nn_("{count} state did as it said",
                                       "{count} states did as they said"), count=len(matches))
            broke = (plural_message(*Nn_("{count} state did not", "{count} states did not"),
                                    count=len(gaps)) if gaps
                     else message(N_("none went against its words")))
            p.say(N_("A constructivist would look at the rules the states invoked and whether "
                     "they lived up to them: here {kept}, and {broke}."), kept=kept, broke=broke)
    elif affirmed and not path.stands:
        verdict = N_("the norm against aggression was upheld")
        p.say(N_("A constructivist would conclude that the norm against aggression was upheld: "
                 "states named it, wrote it into their decisions and acted on it, and each such "
                 "act makes the norm stronger."))
    elif affirmed:
        verdict = N_("the norm was affirmed in words, not enforced")
        p.say(N_("A constructivist would conclude that the norm was affirmed in words but not "
                 "enforced in deeds: a norm weakens when breaking it costs the breaker little."))
    elif not path.stands:
        verdict = N_("the norm held without a decision")
        p.say(N_("A constructivist would note that the norm held although no institution wrote "
                 "it into a decision: what the states said in the open may have been enough."))
    else:
        verdict = N_("the norm against aggression was eroded")
        p.say(N_("A constructivist would conclude that the norm against aggression was eroded: "
                 "no institution wrote it into a decision, and the aggressor gained ground.")
              if path.ladder >= OCCUPATION else
              N_("A constructivist would conclude that the norm against aggression was eroded: "
                 "no institution wrote it into a decision, and the aggressor kept its attack."))
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
