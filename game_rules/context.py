"""What the engine is told about the moment of an action, since it reads no clock."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from game_rules.errors import RuleError
from game_rules.messages import N_, message


@dataclass(frozen=True, slots=True)
class Context:
    """The time of the action, in seconds since the epoch, as the server saw it.

    >>> Context(now=1_700_000_000.0).now
    1700000000.0
    """

    now: float


_DURATION = re.compile(
    r"^P?T?(?:(?P<h>\d+(?:\.\d+)?)H)?(?:(?P<m>\d+(?:\.\d+)?)M)?(?:(?P<s>\d+(?:\.\d+)?)S)?$",
    re.IGNORECASE,
)
_SHORT = re.compile(r"^(?P<n>\d+(?:\.\d+)?)\s*(?P<u>s|sec|secs|seconds?|m|min|mins|minutes?|h|hours?)$",
                    re.IGNORECASE)


MAX_DEADLINE = 366 * 86400
"""The longest silence a deadline may set: a year (and a day)."""


def resolve_deadline(value: float | int | str | None, now: float, default_seconds: float) -> float:
    """A deadline as seconds since the epoch, after ``now`` and within a year of it.

    A number is seconds from now; a string is an ISO 8601 date and time, an
    ISO 8601 duration ("PT10M") or a short one ("10m", "90s", "2h").

    >>> resolve_deadline(None, 100.0, 600)
    700.0
    >>> resolve_deadline(60, 100.0, 600)
    160.0
    >>> resolve_deadline("PT2M", 100.0, 600)
    220.0
    >>> resolve_deadline("10m", 0.0, 600)
    600.0
    >>> resolve_deadline("1970-01-01T00:10:00Z", 0.0, 600)
    600.0
    """
    if value is None:
        return now + default_seconds
    if isinstance(value, bool):
        raise RuleError("invalid_deadline", message(N_(
                                    "a deadline is a number of seconds, a duration or a time")))
    if isinstance(value, (int, float)):
        return now + _within_a_year(float(value))
    text = value.strip()
    short = _SHORT.match(text)
    if short:
        unit = short.group("u")[0].lower()
        factor = {"s": 1, "m": 60, "h": 3600}[unit]
        return now + _within_a_year(float(short.group("n")) * factor)
    if text[:1].upper() == "P":
        match = _DURATION.match(text)
        if match and any(match.group(g) for g in ("h", "m", "s")):
            seconds = sum(float(match.group(g) or 0) * f for g, f in (("h", 3600), ("m", 60), ("s", 1)))
            return now + _within_a_year(seconds)
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise RuleError("invalid_deadline",
                        message(N_(
                            "cannot read the deadline \"{text}\": give seconds, a duration such as "
                            "\"PT10M\", or a date and time such as \"2026-03-01T10:00:00Z\""),
                            text=text[:40])) from None
    if moment.tzinfo is None:
        raise RuleError("invalid_deadline", message(N_("a deadline's date and time needs a time zone")))
    _within_a_year(moment.timestamp() - now)
    return moment.timestamp()


def _within_a_year(seconds: float) -> float:
    # Not a number fails both comparisons: test for what is allowed, not for what is not.
    if not (0 < seconds <= MAX_DEADLINE):
        raise RuleError("invalid_deadline", message(N_("a deadline must be after now and within a year")))
    return seconds
