"""The errors the window and the command line catch: their messages are meant for the user.

Re-exported here so ``ui/`` never reaches into ``app.store``.
"""

from __future__ import annotations

from app.formats.project_json import ProjectJsonError
from app.project.commands import CommandError
from app.store.errors import (
    CorruptProjectError,
    NewerSchemaError,
    NotAProjectError,
    ProjectChangedOnDisk,
    ProjectDamaged,
    ProjectFileError,
    ProjectLockedError,
)

#: Everything a user action may raise with a message fit to show as is.
USER_ERRORS = (ProjectFileError, ProjectJsonError, CommandError)

__all__ = [
    "USER_ERRORS",
    "CommandError",
    "CorruptProjectError",
    "NewerSchemaError",
    "NotAProjectError",
    "ProjectChangedOnDisk",
    "ProjectDamaged",
    "ProjectFileError",
    "ProjectJsonError",
    "ProjectLockedError",
]
