"""Reading a scenario's text: a JSON syntax error named by its line, its column and
its likely cause, the same words in the command line and in the browser.

>>> try:
...     read_json_text('{"id": "x",\\n "countries": ["FRA", "GBR",]\\n}')
... except JsonSyntaxError as err:
...     print(err.line, err.column, err.message)
2 28 a trailing comma: nothing may follow the last item of a list or an object; remove the comma before "]"
"""

from __future__ import annotations

import json
import re
from typing import Any

from game_rules.messages import N_, Msg, message


class JsonSyntaxError(ValueError):
    """Text that is not JSON: where (1-based line and column) and why, in a sentence."""

    def __init__(self, line: int, column: int, said: Msg, excerpt: str) -> None:
        super().__init__(f"line {line}, column {column}: {said.english()}")
        self.line = line
        self.column = column
        self.said = said
        """Why, as a message (``game_rules.messages``) for a reader in any language."""
        self.message = said.english()
        self.excerpt = excerpt
        """The line of the text where the problem is, and a caret under its column."""

    def to_dict(self) -> dict[str, Any]:
        return {"line": self.line, "column": self.column, "message": self.message,
                "msg": self.said.to_json(), "excerpt": self.excerpt}


def read_json_text(text: str) -> Any:
    """The value of a JSON text; JsonSyntaxError with a located, explained problem."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        line, column, said = _explain(text, err)
        raise JsonSyntaxError(line, column, said, _excerpt(text, line, column)) from None
    except RecursionError:
        raise JsonSyntaxError(1, 1, message(N_("nested too deeply")), "") from None


def _position(text: str, pos: int) -> tuple[int, int]:
    line = text.count("\n", 0, pos) + 1
    column = pos - (text.rfind("\n", 0, pos) + 1) + 1
    return line, column


def _previous_token(text: str, pos: int) -> tuple[int, str]:
    i = pos - 1
    while i >= 0 and text[i] in " \t\r\n":
        i -= 1
    return i, (text[i] if i >= 0 else "")


def _explain(text: str, err: json.JSONDecodeError) -> tuple[int, int, Msg]:
    pos, msg = err.pos, err.msg
    here = text[pos:pos + 1]
    line, column = _position(text, pos)
    if not text.strip():
        return 1, 1, message(N_("the file is empty: a scenario is a JSON object, {{...}}"))
    if text.lstrip().startswith("\ufeff"):
        return 1, 1, message(N_("the file starts with a byte order mark: save it as UTF-8 "
                                "without one"))
    prev_at, prev = _previous_token(text, pos)
    if msg.startswith(("Expecting property name", "Expecting value")) and prev == "," \
            and here in ("}", "]"):
        pline, pcol = _position(text, prev_at)
        return pline, pcol, message(N_("a trailing comma: nothing may follow the last item of a "
                                       'list or an object; remove the comma before "{here}"'),
                                    here=here)
    if text.startswith(("//", "/*"), pos) or (here == "#"):
        return line, column, message(N_("a comment: JSON has no comments; remove it"))
    if here == "'":
        return line, column, message(N_("a single quote: JSON strings and names are written in "
                                        'double quotes, "like this"'))
    if msg.startswith("Expecting property name"):
        word = re.match(r"[A-Za-z_][\w-]*", text[pos:])
        if word:
            return line, column, message(N_("a missing quote: the name {word} must be in double "
                                            'quotes, "{word}"'), word=word.group(0))
    if msg.startswith("Expecting value"):
        word = re.match(r"[A-Za-z_][\w-]*", text[pos:])
        if word and word.group(0) in ("True", "False", "None", "undefined", "NaN"):
            right = {"True": "true", "False": "false", "None": "null"}.get(word.group(0), "null")
            return line, column, message(N_("{word} is not JSON: write {right}"),
                                         word=word.group(0), right=right)
        if word:
            return line, column, message(N_("a missing quote: the text {word} must be in double "
                                            'quotes, "{word}"'), word=word.group(0))
        if here == "":
            return line, column, message(N_("the text ends too early: a value is missing, or a "
                                            "bracket or brace is not closed"))
    if msg.startswith("Expecting ',' delimiter") or msg.startswith("Expecting ':' delimiter"):
        if prev == '"' and here == '"':
            return line, column, message(N_("a missing comma between two items (or a missing "
                                            "colon between a name and its value)"))
        if msg.startswith("Expecting ':'"):
            return line, column, message(N_('a missing colon: a name is followed by ":" and its '
                                            "value"))
        if here == "":
            return line, column, message(N_("the text ends too early: a bracket or brace is not "
                                            "closed"))
        return line, column, message(N_("a missing comma: items of a list or an object are "
                                        'separated by ","'))
    if msg.startswith("Unterminated string"):
        return line, column, message(N_("a missing quote: this string is never closed (a string "
                                        "cannot run over several lines; write \\n for a new "
                                        "line)"))
    if msg.startswith("Invalid control character"):
        return line, column, message(N_("a line break or tab inside a string: write \\n for a "
                                        "new line, \\t for a tab"))
    if msg.startswith("Invalid \\escape"):
        return line, column, message(N_('a backslash in a string: write it twice, "\\\\"'))
    if msg.startswith("Extra data"):
        return line, column, message(N_("more text after the end of the scenario: a scenario is "
                                        "one object {{...}}; check the braces above"))
    if msg.startswith("Expecting property name"):
        return line, column, message(N_('a name is expected here, in double quotes, "like this"'))
    if msg.startswith("Invalid \\uXXXX escape"):
        return line, column, message(N_("a \\u escape in a string needs four hexadecimal "
                                        "digits"))
    if msg.startswith("Expecting value"):
        return line, column, message(N_("a value is expected here: a string, a number, an "
                                        "object, a list, true, false or null"))
    return line, column, message(N_("not valid JSON"))


def _excerpt(text: str, line: int, column: int) -> str:
    lines = text.split("\n")
    if not 1 <= line <= len(lines):
        return ""
    shown = lines[line - 1]
    start = max(0, column - 60)
    shown = shown[start:start + 100]
    return f"{shown}\n{' ' * (column - 1 - start)}^"
