"""The views benchmark runs end to end on a short game (``python -m bench.views``).

No timing is asserted (the figures depend on the machine): only that a class of
browsers was welcomed and sent patches, and that the figures are printed.
"""

from __future__ import annotations

import json

import pytest

from bench import views


def test_views_bench_on_a_short_game(capsys: pytest.CaptureFixture[str]) -> None:
    assert views.main(["--actions", "120", "--from", "60", "--runs", "1", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["browsers"] == 30 and out["actions"] == 60
    assert out["welcome"]["bytes"] > 1000 and "news" in out["welcome"]["parts"]
    assert out["patch_frames"] > 0 and out["patch_bytes_per_action"] > 0


def test_views_bench_refuses_a_range_that_is_not_one(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        views.main(["--actions", "50", "--from", "60"])
    assert exit_.value.code == 2
    assert "--from" in capsys.readouterr().err
