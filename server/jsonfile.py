"""A JSON file named on the command line (or standard input), read with a placed
error: the file, and the line and column of a syntax error, for the person who typed
its name."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any


class InputProblem(Exception):
    """Input the command cannot use; ``lines`` says why, one problem a line."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__("\n".join(lines))
        self.lines = lines


def read_json(path: str) -> Any:
    """Read a JSON file or standard input (``-``), with a placed error if it cannot."""
    try:
        text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputProblem([f"{path}: no such file"]) from None
    except IsADirectoryError:
        raise InputProblem([f"{path}: is a folder, not a file"]) from None
    except UnicodeDecodeError:
        raise InputProblem([f"{path}: not UTF-8 text"]) from None
    except OSError as err:
        raise InputProblem([f"{path}: cannot read ({err.strerror})"]) from None
    from game_rules.jsontext import JsonSyntaxError, read_json_text

    try:
        return read_json_text(text)
    except JsonSyntaxError as err:
        lines = [f"{path}: line {err.line}, column {err.column}: not valid JSON: {err.message}"]
        if err.excerpt:
            lines += ["    " + row for row in err.excerpt.split("\n")]
        raise InputProblem(lines) from None
