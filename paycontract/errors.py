"""Errors meant for people: each renders as one line saying what went wrong and where."""

from __future__ import annotations


class UserError(Exception):
    """A problem with the user's input (a file, an argument, a server); printed as one line.

    `exit_code` is what the CLI exits with: 2 for unusable input, 1 for a failed gate.
    """

    exit_code = 2

    def __init__(self, message: str, *, where: str | None = None, exit_code: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.where = where
        if exit_code is not None:
            self.exit_code = exit_code

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


class SpecError(UserError):
    """The spec file is missing, unreadable, not YAML, or not an OpenAPI document."""
