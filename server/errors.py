"""Errors the server answers with: a stable code, a sentence, an HTTP status."""

from __future__ import annotations


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


def not_found(what: str = "game") -> ApiError:
    return ApiError(404, f"unknown_{what}", f"There is no such {what}.")


REFUSAL_STATUS: dict[str, int] = {
    "invalid_action": 422, "unknown_action": 422, "text_too_long": 422, "invalid_text": 422,
    "not_allowed": 403, "read_only": 403,
}
"""The HTTP status of an action's refusal; any other engine refusal is 409 (the game's
state does not allow it)."""


def refusal_status(code: str) -> int:
    return REFUSAL_STATUS.get(code, 409)
