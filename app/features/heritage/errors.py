"""Errors of the heritage library; their messages are meant for the user."""

from __future__ import annotations

from pathlib import Path

from app.core.errors import CommandError


class HeritageError(CommandError):
    """A library operation that cannot be done (bad seed, bad import file, unknown entry)."""


class ImportRejected(HeritageError):
    """An import file with bad rows; nothing was imported. ``problems`` lists every bad row."""

    def __init__(self, message: str, problems: list[str]) -> None:
        super().__init__(message)
        self.problems = problems

    def __str__(self) -> str:
        return "\n".join([super().__str__(), *("  " + p for p in self.problems)])


class DamagedLibrary(HeritageError):
    """The library database cannot be read; ``path`` is the file (None: not a local file)."""

    def __init__(self, message: str, path: Path | None) -> None:
        super().__init__(message)
        self.path = path
