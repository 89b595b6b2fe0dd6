"""The errors the window and the command line catch: their messages are meant for the user.

Every such error is a ``app.core.errors.UserError``; the project-file ones are re-exported here
so ``ui/`` never reaches into ``app.store``.
"""

from __future__ import annotations

from app.core.errors import CommandError, UserError
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
USER_ERRORS = (UserError,)

__all__ = [
    "USER_ERRORS",
    "CommandError",
    "CorruptProjectError",
    "NewerSchemaError",
    "NotAProjectError",
    "ProjectChangedOnDisk",
    "ProjectDamaged",
    "ProjectFileError",
    "UserError",
    "ProjectLockedError",
]
