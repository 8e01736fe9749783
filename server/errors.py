"""Errors the server answers with: a stable code, a sentence, an HTTP status."""

from __future__ import annotations

from typing import Any

from server.i18n import N_, SOURCE, fill
from server.translator import translator


class ApiError(Exception):
    """``message`` is an English sentence of the ``messages`` catalog, with ``{name}``
    placeholders filled from ``params``; the answer carries it as text and as a message
    (``msg``: ``{"id", "params"}``) that a page renders in its viewer's language."""

    def __init__(self, status: int, code: str, message: str, **params: Any) -> None:
        english = translator(SOURCE)
        text = fill(message, lambda name, _form: english.param(params[name]) if name in params
                    else None)
        super().__init__(text)
        self.status = status
        self.code = code
        self.message = text
        self.template = message
        self.params = params
        self.engine_msg: dict[str, Any] | None = None

    @classmethod
    def refusal(cls, status: int, code: str, message: str,
                msg: dict[str, Any] | None) -> ApiError:
        """An action the engine refused: its English sentence as it is, and as ``msg`` the
        engine's own message (``RuleError.msg``), which every language renders."""
        err = cls(status, code, "{text}", text=message)
        err.engine_msg = msg
        return err

    def msg(self) -> dict[str, Any]:
        if self.engine_msg is not None:
            return self.engine_msg
        return {"id": self.template, "params": self.params}


_NOT_FOUND = {
    "game": N_("There is no such game."),
    "seat": N_("There is no such seat."),
    "scenario": N_("There is no such scenario."),
    "answer": N_("There is no such answer."),
    "chart": N_("There is no such chart."),
    "note": N_("There is no such note."),
}


_NOT_FOUND_ANY = N_("There is no such {what}.")


def not_found(what: str = "game") -> ApiError:
    code = f"unknown_{what}"
    return ApiError(404, code, _NOT_FOUND.get(what, _NOT_FOUND_ANY),
                    **({} if what in _NOT_FOUND else {"what": what}))


REFUSAL_STATUS: dict[str, int] = {
    "invalid_action": 422, "unknown_action": 422, "text_too_long": 422, "invalid_text": 422,
    "not_allowed": 403, "read_only": 403,
}
"""The HTTP status of an action's refusal; any other engine refusal is 409 (the game's
state does not allow it)."""


def refusal_status(code: str) -> int:
    return REFUSAL_STATUS.get(code, 409)
