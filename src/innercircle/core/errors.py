"""Errors the user caused and can fix: shown as one line, never as a traceback."""

from __future__ import annotations


class InnercircleError(Exception):
    """Base of every error meant for the user."""


class UserInputError(InnercircleError):
    """A command argument is wrong: unknown person, bad date, empty text."""


class NotFoundError(UserInputError):
    """Nothing matches what the user named."""


class UnknownPersonError(NotFoundError):
    """Nobody matches the person the user named: the closest names, and the command that adds them."""

    def __init__(self, message: str, suggestions: list[tuple[int, str]], add_command: str) -> None:
        super().__init__(message)
        self.suggestions = suggestions
        self.add_command = add_command


class AmbiguousError(UserInputError):
    """Several things match what the user named."""

    def __init__(self, message: str, candidates: list[str]) -> None:
        super().__init__(message)
        self.candidates = candidates


class ParseError(InnercircleError):
    """A file could not be read; names the file and the line or record."""

    def __init__(self, path: str, message: str, line: int | None = None, record: str | None = None) -> None:
        where = path
        if line is not None:
            where += f":{line}"
        elif record is not None:
            where += f" [{record}]"
        super().__init__(f"{where}: {message}")
        self.path = path
        self.line = line
        self.record = record
        self.reason = message
