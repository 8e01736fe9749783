"""The causality lab: continuations of the class game of bench/classgame.py under the
real rules and counterfactuals, each reproducible from its seed as a record."""

from __future__ import annotations

from functools import cache

import pytest

from bench.classgame import Played, play
from game_rules import RuleError
from game_rules.lab import ASSUMPTIONS, Change, Lab, compare
from game_rules.library import get
from game_rules.records import final_state, load_record

SEEDS = range(1, 41)


@cache
def _game() -> Played:
    return play()


def _index(game: Played, kind: str, **fields: str) -> int:
    """The index of the first action of a kind with these fields."""
    return next(i for i, a in enumerate(game.actions)
                if a["kind"] == kind and all(a.get(k) == v for k, v in fields.items()))


@cache
def _lab(moment: int = 1) -> Lab:
    game = _game()
    return Lab(game.scenario, game.seed, game.actions, moment)


def test_the_same_seeds_give_the_same_continuations() -> None:
    first = _lab().run(Change("no_veto"), SEEDS).summary()
    again = Lab(_game().scenario, _game().seed, _game().actions, 1).run(Change("no_veto"),
                                                                       SEEDS).summary()
    assert first == again
    assert sum(first["outcomes"].values()) == len(SEEDS)


def test_seeds_differ_so_the_runs_spread() -> None:
    arm = _lab().run(Change(), SEEDS)
    assert len({(r.outcome, r.ladder, r.toll) for r in arm.runs}) > 3


def test_each_run_is_a_record_that_replays_to_the_same_game() -> None:
    lab = _lab()
    for change in (Change(), Change("no_nato")):
        run = lab.run(change, [7]).runs[0]
        record = lab.record(change, 7)
        assert record["scenario"] == "eastern-flank" and record["seed"] == _game().seed
        state = final_state(load_record(record, get))
        assert (state.crisis.ladder, state.crisis.toll, state.crisis.deterrence) == \
            (run.ladder, run.toll, run.deterrence)
        assert bool(state.article5) == run.article5


def test_without_the_veto_the_vetoed_draft_passes_in_every_run() -> None:
    base = _lab().run(Change(), SEEDS).summary()
    no_veto = _lab().run(Change("no_veto"), SEEDS).summary()
    assert base["decisions"]["with_veto"] == 1.0 and no_veto["decisions"]["with_veto"] == 0.0
    for seed in (1, 2):
        real = final_state(load_record(_lab().record(Change(), seed), get))
        what_if = final_state(load_record(_lab().record(Change("no_veto"), seed), get))
        assert real.drafts["S/2026/1"].status == "vetoed"
        assert what_if.drafts["S/2026/1"].status == "adopted"
        # Uniting for Peace follows a veto: with none, the question stays in the Council.
        assert real.drafts["S/2026/4"].status == "adopted"
        assert what_if.drafts["S/2026/4"].status != "adopted"


def test_without_nato_there_is_no_article_5_and_the_aggressor_goes_further() -> None:
    base = _lab().run(Change(), SEEDS)
    no_nato = _lab().run(Change("no_nato"), SEEDS)
    assert base.summary()["decisions"]["article5"] == 1.0
    assert no_nato.summary()["decisions"]["article5"] == 0.0
    mean = lambda arm: sum(r.ladder for r in arm.runs) / len(arm.runs)  # noqa: E731
    assert mean(no_nato) > mean(base)
    assert no_nato.summary()["toll"]["mean"] > base.summary()["toll"]["mean"]


def test_no_article_5_leaves_out_every_request_and_cannot_undo_one() -> None:
    game = _game()
    arm = _lab().run(Change("no_article5"), SEEDS)
    assert not any(r.article5 for r in arm.runs)
    after = Lab(game.scenario, game.seed, game.actions,
                _index(game, "silence_deadline", item="NAC/2026/2") + 1)
    with pytest.raises(RuleError) as err:
        after.run(Change("no_article5"), SEEDS)
    assert err.value.code == "article5_already_invoked"


def test_a_changed_vote_is_cast_and_only_after_the_moment() -> None:
    game = _game()
    abstains = Change("vote", "RUS", "S/2026/1", "abstain")
    arm = _lab().run(abstains, SEEDS)
    assert all(r.vetoes == 0 for r in arm.runs)
    late = Lab(game.scenario, game.seed, game.actions,
               _index(game, "vote", actor="RUS", draft="S/2026/1") + 1)
    with pytest.raises(RuleError) as err:
        late.run(abstains, SEEDS)
    assert err.value.code == "no_such_vote"


def test_the_lab_starts_before_the_end_and_says_what_it_assumes() -> None:
    game = _game()
    with pytest.raises(RuleError) as err:
        Lab(game.scenario, game.seed, game.actions, len(game.actions))
    assert err.value.code == "moment_after_end"
    data = compare(_lab(), [Change("no_veto")], runs=10)
    assert [a["change"]["kind"] for a in data["arms"]] == ["none", "no_veto"]
    assert data["assumptions"] == list(ASSUMPTIONS)
    assert "thought experiment" in ASSUMPTIONS[0] and "not evidence" in ASSUMPTIONS[0]


def test_with_the_class_gone_only_caretakers_act() -> None:
    game = _game()
    lab = Lab(game.scenario, game.seed, game.actions, 1, students="caretakers")
    record = lab.record(Change(), 3)
    later = record["actions"][1:]
    assert not any(a["kind"] in ("table_draft", "request_article5") for a in later)
    assert any(a["kind"] == "set_caretaker" and a["country"] == "EST" for a in later)


def test_a_bad_change_is_refused_with_a_code() -> None:
    for data, code in (({"kind": "no_treaty"}, "unknown_change"),
                       ({"kind": "vote", "country": "RUS"}, "invalid_change")):
        with pytest.raises(RuleError) as err:
            Change.parse(data)
        assert err.value.code == code
