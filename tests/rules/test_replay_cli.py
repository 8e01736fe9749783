"""``crisis-table replay`` and ``crisis-table scenario validate``: the engine from
the command line. Bad input gets its place, exit status 1 and never a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from game_rules.records import load_record, replay_lines
from server.cli import main
from tests.rules.rules_helpers import council_2022

CLI = str(Path(sys.executable).parent / "crisis-table")
RECORDS = Path(__file__).parent / "records"
VETO = RECORDS / "s-2022-155.json"


def run(*args: str, stdin: str | None = None, hash_seed: str = "0") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    return subprocess.run([CLI, *args], capture_output=True, text=True, input=stdin, env=env,
                          timeout=60, check=False)


def write(tmp_path: Path, name: str, content: Any) -> str:
    path = tmp_path / name
    path.write_text(content if isinstance(content, str) else json.dumps(content),
                    encoding="utf-8")
    return str(path)


# Through the installed command.


def test_replay_prints_the_engines_lines_and_exits_0() -> None:
    done = run("replay", str(VETO))
    assert done.returncode == 0
    assert done.stderr == ""
    expected = list(replay_lines(load_record(json.loads(VETO.read_text(encoding="utf-8")))))
    assert done.stdout.splitlines() == expected


def test_the_same_record_prints_the_same_lines_in_another_process() -> None:
    first = run("replay", str(RECORDS / "turkiye-2003.json"), hash_seed="1")
    second = run("replay", str(RECORDS / "turkiye-2003.json"), hash_seed="2")
    assert first.stdout == second.stdout != ""


def test_replay_reads_standard_input() -> None:
    done = run("replay", "-", stdin=VETO.read_text(encoding="utf-8"))
    assert done.returncode == 0
    assert len(done.stdout.splitlines()) == len(json.loads(VETO.read_text())["actions"])


def test_a_malformed_record_exits_1_with_its_place_and_no_traceback(tmp_path: Path) -> None:
    path = write(tmp_path, "bad.json", {"scenario": council_2022(countries=["FRA", "RUX"]),
                                        "seed": 1, "actions": []})
    done = run("replay", path)
    assert done.returncode == 1
    assert done.stdout == ""
    assert f'{path}: scenario.countries[1]: unknown country "RUX"' in done.stderr
    assert "Traceback" not in done.stderr


def test_a_file_that_is_not_json_exits_1_with_line_and_column(tmp_path: Path) -> None:
    done = run("replay", write(tmp_path, "bad.json", '{"scenario": '))
    assert done.returncode == 1
    assert "line 1, column 14: not valid JSON: the text ends too early" in done.stderr
    assert "Traceback" not in done.stderr


# Through ``server.cli.main``.


@pytest.mark.parametrize(("content", "expected"), [
    ('{"scenario": [1, 2', "not valid JSON"),
    ("\ufeff{}", "not valid JSON"),
    ("[]", "a record is a JSON object"),
    ({"seed": 1, "actions": []}, "scenario: required field is missing"),
    ({"scenario": council_2022(), "seed": 1}, "actions: required field is missing"),
    ({"scenario": council_2022(), "seed": "one", "actions": []}, "seed: the seed is a whole"),
    ({"scenario": council_2022(), "seed": 1, "actions": "start"}, "actions: actions is a list"),
    ({"scenario": "nowhere", "seed": 1, "actions": []}, 'scenario: no shipped scenario is called'),
    ({"scenario": council_2022(countries=["FRA", "RUX"]), "seed": 1, "actions": []},
     'scenario.countries[1]: unknown country "RUX"'),
    ({"scenario": council_2022(rounds="three"), "seed": 1, "actions": []},
     "scenario.rounds: input should be a valid integer"),
    ({"scenario": council_2022(bodies={"UNSC": {"threshold": 20}}), "seed": 1, "actions": []},
     "scenario.bodies.UNSC.threshold"),
    ({"scenario": council_2022(incidents=[{"id": "x"}]), "seed": 1, "actions": []},
     "scenario.incidents[0].target: required field is missing"),
    ("[" * 100_000, "nested too deeply"),
])
def test_main_refuses_a_malformed_record_with_its_place(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], content: Any, expected: str) -> None:
    path = write(tmp_path, "record.json", content)
    assert main(["replay", path]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith(f"{path}: ") or err.startswith(path)
    assert expected in err
    assert "Traceback" not in err


def test_main_names_a_missing_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["replay", str(tmp_path / "none.json")]) == 1
    assert "no such file" in capsys.readouterr().err


def test_refused_actions_are_lines_of_the_replay_not_failures(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "record.json", {"scenario": council_2022(), "seed": 1, "actions": [
        {"actor": "instructor", "kind": "start"},
        {"actor": "USA", "kind": "launch_missiles"},
        {"actor": "RUX", "kind": "say", "channel": "public", "text": "hello"},
        {"actor": "USA", "kind": "table_draft", "title": 7},
        {"actor": "USA", "kind": "say", "channel": "public", "text": "hello"}]})
    assert main(["replay", path]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [line.get("code") for line in lines] == [
        None, "unknown_action", "unknown_actor", "invalid_action", None]
    assert lines[3]["message"] == "table_draft.title: input should be a valid string"


def test_validate_lists_every_problem_of_a_scenario_with_its_place(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "scenario.json", {
        "id": "Bad Id", "title": "Bad", "countries": ["FRA", "RUX", "FRA"],
        "bodies": {"UNSC": {"permanent": ["FRA"], "threshold": 5}}})
    assert main(["scenario", "validate", path]) == 1
    err = capsys.readouterr().err.splitlines()
    assert any(line.startswith("id: ") for line in err)
    assert 'countries[1]: unknown country "RUX"; use an ISO 3166-1 alpha-3 code, or XAA-XZZ ' \
           "with a name for a fictional state" in err
    assert 'countries[2]: "FRA" is listed twice' in err
    assert any(line.startswith("bodies.UNSC.threshold: ") for line in err)


def test_validate_accepts_a_good_scenario(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "scenario.json", council_2022())
    assert main(["scenario", "validate", path]) == 0
    assert "valid scenario" in capsys.readouterr().out
