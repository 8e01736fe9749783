"""Your class and history (``game_rules.history``): each decision of the class set beside the
real decision of the same body on the same question, in one sentence true to both the game
and the scenario's history track."""

from __future__ import annotations

from itertools import count
from typing import Any

import pytest

from game_rules import Context, RuleError, State, new_game, step, view_for
from game_rules.caretaker import caretaker_actions
from game_rules.events import Event
from game_rules.history import compare, decisions, marks, question_of
from game_rules.library import shipped
from game_rules.scenario import load_scenario

_clock = count(1)


class Game:
    """A shipped scenario played by caretakers at every seat, the instructor driving."""

    def __init__(self, scenario_id: str) -> None:
        self.state: State = new_game(shipped()[scenario_id], 1)
        self.log: list[Event] = []
        for code in self.state.country_list:
            if code not in self.state.caretakers:
                self.instructor("set_caretaker", country=code, caretaker=True)
        self.instructor("start")

    def act(self, action: dict[str, Any]) -> list[Event]:
        self.state, events = step(self.state, action, Context(now=float(next(_clock))))
        self.log += events
        return events

    def instructor(self, kind: str, **fields: Any) -> list[Event]:
        return self.act({"actor": "instructor", "kind": kind, **fields})

    def to_phase(self, phase: str) -> None:
        while self.state.phase != phase:
            self.instructor("advance_phase")

    def next_round(self) -> None:
        start = self.state.round
        while self.state.round == start:
            self.instructor("advance_phase")

    def settle(self) -> None:
        for _ in range(500):
            actions = caretaker_actions(self.state)
            if not actions:
                return
            self.act(actions[0])
        raise AssertionError("caretakers never settle")

    def vote_on(self, draft: str, sponsor: str, **fields: Any) -> None:
        if self.state.phase not in ("consultations", "council", "open"):
            self.to_phase("consultations")
        self.act({"actor": sponsor, "kind": "table_draft", "draft": draft, **fields})
        if self.state.phase != "open":
            self.to_phase("council")
        self.instructor("call_vote", draft=draft)
        self.settle()
        if self.state.open_votes:
            self.instructor("close_vote", draft=draft)

    def sentences(self) -> list[tuple[str, str | None, str]]:
        result = compare(self.state, self.log)
        return [(p.verdict, p.entry.id if p.entry else None, p.sentence) for p in result.pairs]

    def not_reached(self) -> list[str]:
        return [p.entry.id for p in compare(self.state, self.log).not_reached if p.entry]


def test_the_question_a_text_is_filed_under_is_the_strongest_it_takes_up() -> None:
    assert question_of(["determine_threat", "demand_withdrawal", "call_for_ceasefire"]) \
        == "withdrawal"
    assert question_of(["authorize_force", "demand_withdrawal"]) == "force"
    assert question_of(["determine_resort_to_war"]) == "war_determination"
    assert question_of(["call_for_negotiations", "release_hostages"]) == "other"


# Korea, 1950: the Council of eleven, the Soviet chair empty.


def test_korea_1950_resolution_82_and_83_agree_with_history_by_the_same_tally() -> None:
    game = Game("korea-1950")
    game.vote_on("S/1501", "USA", title="Breach of the peace", chapter="VII",
                 measures=["determine_threat", "call_for_ceasefire", "demand_withdrawal"])
    game.next_round()
    game.vote_on("S/1511", "USA", title="Assistance to Korea", chapter="VII",
                 measures=["authorize_force"])
    [first, second] = game.sentences()
    assert first == (
        "agree", "res-82",
        "In round 1, your Council adopted S/1501 “Breach of the peace” as a Chapter VII "
        "resolution, 9-0-1; the real Council adopted resolution 82 on 25 June 1950, 9-0-1, "
        "with Yugoslavia abstaining and the Soviet Union absent: the same outcome, by the same "
        "tally.")
    assert second == (
        "agree", "res-83",
        "In round 2, your Council adopted S/1511 “Assistance to Korea” as a Chapter VII "
        "resolution, 7-1-0; the real Council adopted resolution 83 on 27 June 1950, 7-1-0, "
        "with Yugoslavia against and Egypt, India and the Soviet Union absent: the same "
        "outcome, by the same tally.")
    assert game.not_reached() == ["yugoslav-draft", "res-84", "ga-376", "ga-377"]


def test_korea_1950_a_decision_history_never_took_has_no_counterpart() -> None:
    game = Game("korea-1950")
    game.vote_on("S/1501", "USA", title="Breach", chapter="VII", measures=["determine_threat"])
    game.vote_on("S/1502", "USA", title="Sanctions", chapter="VII", measures=["sanctions"])
    verdict, entry, sentence = game.sentences()[1]
    assert (verdict, entry) == ("no_counterpart", None)
    assert sentence.endswith("; the real Council took no decision on sanctions in this crisis, "
                             "as far as the history track records.")
    assert sentence.startswith("In round 1, your Council adopted S/1502 “Sanctions” as a "
                               "Chapter VII resolution, ")


def test_a_related_question_is_said_to_be_one() -> None:
    game = Game("korea-1950")
    game.vote_on("S/1501", "USA", title="Condemn", chapter="VI", measures=["condemn"])
    verdict, entry, sentence = game.sentences()[0]
    assert (verdict, entry) == ("agree", "res-82")
    assert "; on a related question, the real Council adopted resolution 82" in sentence


# Kuwait, 1990: resolution 678.


def test_kuwait_1990_all_necessary_means_beside_resolution_678() -> None:
    game = Game("kuwait-1990")
    game.vote_on("S/21425", "USA", title="Iraq", chapter="VII",
                 measures=["determine_threat", "condemn", "demand_withdrawal"])
    for _ in range(4):
        game.next_round()
    game.vote_on("S/21969", "USA", title="All necessary means", chapter="VII",
                 measures=["authorize_force", "demand_withdrawal"])
    sentences = game.sentences()
    assert sentences[0][:2] == ("agree", "res-660")
    assert sentences[1] == (
        "agree", "res-678",
        "In round 5, your Council adopted S/21969 “All necessary means” as a Chapter VII "
        "resolution, 12-2-1; the real Council adopted resolution 678 on 29 November 1990, "
        "12-2-1, with Cuba and Yemen against and China abstaining: the same outcome, by the "
        "same tally.")
    assert game.not_reached() == ["res-661", "res-662", "res-664", "res-665"]


# Manchuria, 1931: the League's Council, unanimity, Japan's notice.


def test_manchuria_1931_japan_breaks_unanimity_as_on_24_october_1931() -> None:
    game = Game("manchuria-1931")
    game.next_round()
    game.vote_on("C/1931/1", "ESP", body="LNC", article="11", parties=["CHN", "JPN"],
                 measures=["demand_withdrawal"])
    assert game.sentences() == [(
        "agree", "draft-24-oct",
        "In round 2, your Council of the League did not adopt C/1931/1: Japan voted against, "
        "and a decision needs every member represented (13-1-0); the real Council of the "
        "League did not adopt a draft on withdrawal on 24 October 1931, 13-1-0, with Japan "
        "voting against, which broke unanimity: the same outcome, by the same tally.")]


def test_manchuria_1931_the_assembly_report_and_japans_notice() -> None:
    game = Game("manchuria-1931")
    game.vote_on("A/1933/1", "ESP", body="LNA", article="15", parties=["CHN", "JPN"],
                 measures=["adopt_report"])
    game.to_phase("consultations")
    game.act({"actor": "JPN", "kind": "notify_withdrawal", "body": "LEAGUE"})
    (v1, e1, report), (v2, e2, notice) = game.sentences()
    assert (v1, e1, v2, e2) == ("agree", "assembly-report", "agree", "japan-notice")
    votes = game.state.drafts["A/1933/1"].votes
    tally = "-".join(str(sum(1 for v in votes.values() if v == c)) for c in ("yes", "no", "abstain"))
    assert report == (
        f"In round 1, your Assembly of the League adopted A/1933/1 as a report under Article "
        f"15, {tally}; the real Assembly of the League adopted a report under Article 15 on 24 "
        "February 1933, 42-1-1, with Japan against and Siam abstaining: the same outcome, by "
        "another tally.")
    assert notice == (
        "In round 2, in your game, Japan gave notice to leave the League of Nations; in "
        "reality, on 27 March 1933: Japan gives notice of its withdrawal from the League under "
        "Art. 1(3) of the Covenant, effective two years later: the same outcome.")
    assert "mukden" not in game.not_reached()


# Abyssinia, 1935: Art. 16, sanctions applied and lifted by each member.


def test_abyssinia_1935_the_finding_and_the_sanctions_beside_october_1935() -> None:
    game = Game("abyssinia-1935")
    game.vote_on("C/1935/1", "GBR", body="LNC", article="16", parties=["ITA", "ETH"],
                 against="ITA", measures=["determine_resort_to_war"])
    game.to_phase("consultations")
    game.act({"actor": "GBR", "kind": "lift_sanctions", "against": "ITA"})
    pairs = {p.decision.key: p for p in compare(game.state, game.log).pairs if p.decision}
    assert pairs["draft:C/1935/1"].entry is not None
    assert pairs["draft:C/1935/1"].entry.id == "art16-finding"
    assert "the real Council of the League adopted a finding of resort to war (Art. 16) on 7 " \
           "October 1935, 13-1-0, with Italy against" in pairs["draft:C/1935/1"].sentence
    applied = pairs["sanctions:ITA"]
    members = {s.member for s in game.state.sanctions if s.against == "ITA"} | {"GBR"}
    assert applied.entry is not None and applied.entry.id == "coordination"
    assert f"{len(members)} members applied sanctions against Italy" in applied.sentence
    lifted = pairs["lifted:ITA"]
    assert lifted.entry is not None and lifted.entry.id == "lifting"
    assert lifted.sentence.startswith("In round 2, in your League, one member lifted its "
                                      "sanctions against Italy; the real Assembly of the League "
                                      "adopted a text on lifting the sanctions on 4 July 1936")


# NATO: Article 4 and Article 5.


def test_september_2001_article5_invoked_beside_2_october_2001() -> None:
    game = Game("september-2001")
    game.to_phase("consultations")
    events = game.act({"actor": "USA", "kind": "request_article5",
                       "incident": "usa-2001-09-11"})
    item = next(e.item for e in events if e.kind == "article5_requested")
    game.instructor("silence_deadline", item=item)
    [(verdict, entry, sentence)] = game.sentences()
    assert (verdict, entry) == ("agree", "nac-2-october")
    assert sentence == (f"In round 1, your North Atlantic Council invoked Article 5 for the "
                        f"United States ({item}); the real North Atlantic Council invoked "
                        "Article 5 on 2 October 2001: the same outcome.")


def test_february_2022_the_veto_and_article_4() -> None:
    game = Game("february-2022")
    game.next_round()
    game.vote_on("S/2022/155", "USA", title="Aggression against Ukraine", chapter="VI",
                 measures=["deplore", "demand_ceasefire", "demand_withdrawal"])
    game.to_phase("consultations")
    game.act({"actor": "POL", "kind": "request_consultations", "concern": "The invasion"})
    veto, article4 = game.sentences()
    assert veto == (
        "agree", "s-2022-155",
        "In round 2, your Council saw S/2022/155 “Aggression against Ukraine” vetoed by the "
        "Russian Federation, 11-1-3; in the real Council, draft S/2022/155 was vetoed by the "
        "Russian Federation on 25 February 2022, 11-1-3, with China, India and the United Arab "
        "Emirates abstaining: the same outcome, vetoed by the same member.")
    assert article4 == (
        "agree", "nac-article4",
        "In round 3, Poland asked your North Atlantic Council for consultations under Article "
        "4; the real North Atlantic Council held consultations under Article 4 on 24 February "
        "2022: the same outcome.")


# A game without a history track.


def test_a_scenario_without_a_history_track_compares_nothing() -> None:
    game = Game("sandbox")
    game.vote_on("S/1", "USA", title="Peace", chapter="VI", measures=["call_for_ceasefire"])
    result = compare(game.state, game.log)
    assert decisions(game.state, game.log)[0].key == "draft:S/1"
    assert (result.track, result.pairs, result.not_reached) == (False, (), ())
    assert result.to_dict()["note"] == ("This scenario has no history track: there is no real "
                                        "crisis to set the class's decisions beside.")


def test_a_decision_of_the_class_is_known_without_the_log_but_not_its_round() -> None:
    game = Game("kuwait-1990")
    game.vote_on("S/21425", "USA", title="Iraq", chapter="VII",
                 measures=["determine_threat", "condemn", "demand_withdrawal"])
    [pair] = compare(game.state).pairs
    assert pair.sentence.startswith("Your Council adopted S/21425 “Iraq” as a Chapter VII "
                                    "resolution, 14-0-0; the real Council adopted resolution 660")


# The replay's marks.


def test_the_replay_marks_each_real_date_at_the_round_that_stands_for_it() -> None:
    sc = shipped()["kuwait-1990"]
    found = {m["entry"]: m for m in marks(sc, [(3, 1), (20, 2)])}
    assert (found["res-660"]["when"], found["res-660"]["round"], found["res-660"]["seq"]) == (
        "2 August 1990", 1, 3)
    assert found["res-661"]["seq"] == 20
    assert found["res-678"]["seq"] is None and found["desert-storm"]["round"] is None
    assert found["res-678"]["label"].startswith("The real Council adopted resolution 678 on "
                                                "29 November 1990, 12-2-1")


def test_an_inline_scenario_track_pairs_by_body_and_question() -> None:
    sc = load_scenario({
        "id": "t", "title": "T", "countries": ["FRA", "GBR", "USA"],
        "bodies": {"UNSC": {"permanent": ["FRA", "GBR", "USA"], "threshold": 2}},
        "history": [{"id": "v", "date": "2000-01-02", "body": "UNSC", "symbol": "S/2000/1",
                     "question": "ceasefire", "measures": ["call_for_ceasefire"],
                     "outcome": "vetoed", "tally": {"yes": 2, "no": 1, "abstain": 0},
                     "yes": ["FRA", "USA"], "no": ["GBR"], "vetoed_by": ["GBR"],
                     "source": "test"}]})
    state = new_game(sc, 1)
    log: list[Event] = []
    for action in ({"actor": "instructor", "kind": "start"},
                   {"actor": "FRA", "kind": "table_draft", "draft": "S/1", "title": "Stop",
                    "measures": ["call_for_ceasefire"]},
                   {"actor": "instructor", "kind": "call_vote", "draft": "S/1"},
                   {"actor": "FRA", "kind": "vote", "draft": "S/1", "vote": "yes"},
                   {"actor": "GBR", "kind": "vote", "draft": "S/1", "vote": "yes"},
                   {"actor": "USA", "kind": "vote", "draft": "S/1", "vote": "yes"}):
        state, events = step(state, action, Context(now=float(next(_clock))))
        log += events
    [pair] = compare(state, log).pairs
    assert (pair.verdict, pair.sentence) == (
        "part", "Your Council adopted S/1 “Stop” as a Chapter VI resolution, 3-0-0; in the real Council, "
                "draft S/2000/1 was vetoed by the United Kingdom on 2 January 2000, 2-1-0: your "
                "class decided what the real Council did not.")


# The projector: the instructor reveals what really happened.


def test_the_instructor_reveals_an_entry_beside_the_classs_decision_even_after_the_end() -> None:
    game = Game("kuwait-1990")
    game.vote_on("S/21425", "USA", title="Iraq", chapter="VII",
                 measures=["determine_threat", "condemn", "demand_withdrawal"])
    game.instructor("end")
    events = game.instructor("reveal_history", entry="res-660")
    assert [e.kind for e in events] == ["history_revealed"]
    shown = view_for(game.state, "public")["history"]["shown"]
    assert shown["real"] == ("The real Council adopted resolution 660 on 2 August 1990, 14-0-0, "
                             "with Yemen absent.")
    assert shown["yours"] == ["Your Council adopted S/21425 “Iraq” as a Chapter VII resolution, "
                              "14-0-0."]
    assert shown["clauses"] == ["The same outcome, by the same tally."]
    assert "track" not in view_for(game.state, "public")["history"]
    track = view_for(game.state, "instructor")["history"]["track"]
    assert [t["entry"] for t in track if t["revealed"]] == ["res-660"]
    game.instructor("reveal_history", entry="res-678")
    shown = view_for(game.state, "USA")["history"]["shown"]
    assert (shown["entry"], shown["yours"]) == ("res-678", [])
    game.instructor("reveal_history")
    assert view_for(game.state, "public")["history"]["shown"] is None
    assert game.state.history_revealed == ("res-660", "res-678")


def test_only_the_instructor_reveals_and_only_an_entry_of_the_track() -> None:
    game = Game("kuwait-1990")
    with pytest.raises(RuleError) as refused:
        game.instructor("reveal_history", entry="res-999")
    assert refused.value.code == "unknown_history_entry"
    with pytest.raises(RuleError) as refused:
        game.act({"actor": "USA", "kind": "reveal_history", "entry": "res-660"})
    assert refused.value.code == "not_allowed"
    sandbox = Game("sandbox")
    with pytest.raises(RuleError) as refused:
        sandbox.instructor("reveal_history", entry="x")
    assert refused.value.code == "no_history_track"
    assert "history" not in view_for(sandbox.state, "public")
