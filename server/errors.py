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
