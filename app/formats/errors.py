"""The errors of reading files into a project and writing exports, below every reader and
writer (so the readers' budgets, the project JSON reader, the script readers and the exports can
all raise them without importing each other).
"""

from __future__ import annotations

import logging

from app.core.errors import CommandError, UserError

logger = logging.getLogger(__name__)


class ProjectJsonError(UserError, ValueError):
    """The JSON does not describe a valid project; the message names the place and the fix."""


class ImportFailed(ProjectJsonError):
    """A script could not be imported at all; the message names the file and what to do."""


class ExportError(CommandError):
    """An export could not be made; the message names the file and the fix."""


class ExportCancelled(Exception):
    """The user cancelled; nothing was written."""


__all__ = ["ExportCancelled", "ExportError", "ImportFailed", "ProjectJsonError"]
