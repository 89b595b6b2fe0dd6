"""Errors about project files. Each message is one sentence naming the file and the way out."""

from __future__ import annotations

from pathlib import Path

from app.i18n import _


class ProjectFileError(Exception):
    """A project file cannot be opened or written; ``str(error)`` is shown to the user as is."""

    def __init__(self, path: Path | str, message: str) -> None:
        super().__init__(message)
        self.path = Path(path)


class NotAProjectError(ProjectFileError):
    """The file is not a Kiln project at all."""


class CorruptProjectError(ProjectFileError):
    """The file is a Kiln project, but damaged."""


class NewerSchemaError(ProjectFileError):
    """The file was written by a newer Kiln."""


class ProjectLockedError(ProjectFileError):
    """Another Kiln window or process is writing the file."""


def missing(path: Path) -> ProjectFileError:
    return ProjectFileError(
        path, _("{path} does not exist; check the name and folder.").format(path=path)
    )
