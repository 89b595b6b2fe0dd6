"""Errors about project files. Each message is one sentence naming the file and the way out."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from app.core.errors import UserError
from app.core.i18n import _


class ProjectFileError(UserError):
    """A project file cannot be opened or written; ``str(error)`` is shown to the user as is."""

    def __init__(self, path: Path | str, message: str) -> None:
        super().__init__(message)
        self.path = Path(path)


class NotAProjectError(ProjectFileError):
    """The file is not a Kiln project at all."""


class CorruptProjectError(ProjectFileError):
    """The file is a Kiln project, but damaged."""


class ProjectDamaged(CorruptProjectError):
    """The file is damaged; ``backup`` is the newest backup that passes every check (or None),
    ``backup_taken`` when it was made (UTC), ``reason`` what is wrong with the file."""

    def __init__(
        self,
        path: Path | str,
        message: str,
        *,
        reason: str,
        backup: Path | None = None,
        backup_taken: datetime | None = None,
        contents_only: bool = False,
    ) -> None:
        super().__init__(path, message)
        self.reason = reason
        self.backup = backup
        self.backup_taken = backup_taken
        #: Well formed and consistent, only the seal differs: it may be accepted as it is.
        self.contents_only = contents_only


class ProjectChangedOnDisk(ProjectFileError):
    """Another program changed, replaced or removed the file since Kiln last wrote it; the
    refused edit is ``command`` (None when the write was not an edit)."""

    def __init__(self, path: Path | str, message: str, command: object | None = None) -> None:
        super().__init__(path, message)
        self.command = command


class NewerSchemaError(ProjectFileError):
    """The file was written by a newer Kiln."""


class ProjectLockedError(ProjectFileError):
    """Another Kiln window or process is writing the file."""


def missing(path: Path) -> ProjectFileError:
    return ProjectFileError(
        path, _("{path} does not exist; check the name and folder.").format(path=path)
    )
