"""A JSON file named on the command line (or standard input), read with a placed
error: the file, and the line and column of a syntax error, for the person who typed
its name."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from game_rules.messages import N_, Msg, Param, message


class InputProblem(Exception):
    """Input the command cannot use; ``lines`` says why, one problem a line."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__("\n".join(lines))
        self.lines = lines


def read_json(path: str, render: Callable[[Msg], str] | None = None) -> Any:
    """Read a JSON file or standard input (``-``), with a placed error if it cannot
    (in English, or as ``render`` writes a message)."""

    def problem(template: str, **params: Param) -> InputProblem:
        said = message(template, path=path, **params)
        return InputProblem([render(said) if render else said.english()])

    try:
        text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise problem(N_("{path}: no such file")) from None
    except IsADirectoryError:
        raise problem(N_("{path}: is a folder, not a file")) from None
    except PermissionError:
        raise problem(N_("{path}: cannot read it (permission denied)")) from None
    except UnicodeDecodeError:
        raise problem(N_("{path}: not UTF-8 text")) from None
    except OSError as err:
        raise problem(N_("{path}: cannot read ({reason})"), reason=err.strerror or "") from None
    from game_rules.jsontext import JsonSyntaxError, read_json_text

    try:
        return read_json_text(text)
    except JsonSyntaxError as err:
        said = message(N_("{path}: line {line}, column {column}: not valid JSON: {problem}"),
                       path=path, line=err.line, column=err.column, problem=err.said)
        lines = [render(said) if render else said.english()]
        if err.excerpt:
            lines += ["    " + row for row in err.excerpt.split("\n")]
        raise InputProblem(lines) from None
