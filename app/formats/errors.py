"""The errors of reading files into a project, below every reader (so the readers' budgets,
the project JSON reader and the script readers can all raise them without importing each other).
"""

from __future__ import annotations

import logging

from app.core.errors import UserError

logger = logging.getLogger(__name__)


class ProjectJsonError(UserError, ValueError):
    """The JSON does not describe a valid project; the message names the place and the fix."""


class ImportFailed(ProjectJsonError):
    """A script could not be imported at all; the message names the file and what to do."""


__all__ = ["ImportFailed", "ProjectJsonError"]
