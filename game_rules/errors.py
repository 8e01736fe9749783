"""The one exception the rules raise: a refusal with a stable code.

A refusal names the rule that decided it, so that a student reading the
message learns the rule and a program reading the code can react to it.

>>> err = RuleError("already_voted", "France has already voted; a vote once cast is final.")
>>> err.code
'already_voted'
>>> str(err)
'France has already voted; a vote once cast is final.'

Given as a message, the refusal keeps its code and parameters for a reader in another
language (``msg``), and its English as ``message``:

>>> from game_rules.messages import N_, Country, message
>>> err = RuleError("already_voted", message(
...     N_("{country} has already voted; a vote once cast is final."),
...     country=Country("RUS", "the Russian Federation")))
>>> err.message
'The Russian Federation has already voted; a vote once cast is final.'
>>> err.to_dict()["msg"]["params"]
{'country': {'country': 'RUS', 'name': 'the Russian Federation'}}
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from game_rules.messages import N_, Msg, message

_RAW_CODES = frozenset({"invalid_action", "text_too_long", "invalid_text", "unknown_action",
                        "invalid_scenario"})


class RuleError(Exception):
    """An action the rules refuse, or input the engine cannot read.

    ``code`` is stable (tests and clients match on it); ``message`` is a
    sentence for a person, naming the rule where there is one, in English; ``msg`` is the
    same sentence as a message a reader's language renders (None when the refusal was
    given as text only). ``place`` says where in a file or action the problem is, when
    that is known.
    """

    def __init__(self, code: str, message: str | Msg, place: str | None = None) -> None:
        msg: Msg | None = None
        if isinstance(message, Msg):
            msg = message if code in _RAW_CODES else message.as_sentence()
            message = msg.english()
        elif code not in _RAW_CODES:
            message = message[:1].upper() + message[1:]
        super().__init__(message)
        self.code = code
        self.message = message
        self.msg = msg
        self.place = place

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.place:
            out["place"] = self.place
        if self.msg is not None:
            out["msg"] = self.msg.to_json()
        return out


class ScenarioError(RuleError):
    """A scenario file that does not hold together; ``problems`` lists every one.

    Each problem is ``(place, sentence)``, the place written like
    ``bodies.UNSC.permanent[2]``.
    """

    def __init__(self, problems: Sequence[tuple[str, str | Msg]]) -> None:
        self.said: list[tuple[str, Msg]] = [
            (place, problem if isinstance(problem, Msg) else message(N_("{text}"), text=problem))
            for place, problem in problems]
        """Each problem as a message, for a reader in any language."""
        self.problems = [(place, said.english()) for place, said in self.said]
        first = (f"{self.problems[0][0]}: {self.problems[0][1]}" if self.problems
                 else "invalid scenario")
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        super().__init__("invalid_scenario", first + more, problems[0][0] if problems else None)

    def lines(self, render: Callable[[Msg], str] | None = None) -> list[str]:
        """Each problem with its place, in English or as ``render`` writes a message."""
        out = []
        for place, said in self.said:
            problem = render(said) if render else said.english()
            out.append(f"{place}: {problem}" if place else problem)
        return out
