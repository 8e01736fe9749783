"""The one exception the rules raise: a refusal with a stable code.

A refusal names the rule that decided it, so that a student reading the
message learns the rule and a program reading the code can react to it.

>>> err = RuleError("already_voted", "France has already voted; a vote once cast is final.")
>>> err.code
'already_voted'
>>> str(err)
'France has already voted; a vote once cast is final.'
"""

from __future__ import annotations

_RAW_CODES = frozenset({"invalid_action", "text_too_long", "invalid_text", "unknown_action",
                        "invalid_scenario"})


class RuleError(Exception):
    """An action the rules refuse, or input the engine cannot read.

    ``code`` is stable (tests and clients match on it); ``message`` is a
    sentence for a person, naming the rule where there is one. ``place`` says
    where in a file or action the problem is, when that is known.
    """

    def __init__(self, code: str, message: str, place: str | None = None) -> None:
        if code not in _RAW_CODES:
            message = message[:1].upper() + message[1:]
        super().__init__(message)
        self.code = code
        self.message = message
        self.place = place

    def to_dict(self) -> dict[str, str]:
        out = {"code": self.code, "message": self.message}
        if self.place:
            out["place"] = self.place
        return out


class ScenarioError(RuleError):
    """A scenario file that does not hold together; ``problems`` lists every one.

    Each problem is ``(place, sentence)``, the place written like
    ``bodies.UNSC.permanent[2]``.
    """

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        self.problems = problems
        first = f"{problems[0][0]}: {problems[0][1]}" if problems else "invalid scenario"
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        super().__init__("invalid_scenario", first + more, problems[0][0] if problems else None)

    def lines(self) -> list[str]:
        return [f"{place}: {problem}" if place else problem for place, problem in self.problems]
