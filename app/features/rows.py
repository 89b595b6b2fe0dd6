"""Reading the row states of a changeset (the plain dicts the change recorder keeps).

Only the features' impact functions read changesets by column name; everything above them gets
typed impacts (``app.features.impact``).
"""

from __future__ import annotations

import logging
from typing import Any

from app.project.changes import RowChange

logger = logging.getLogger(__name__)


def added_or_removed(change: RowChange) -> bool:
    """True when the write created or deleted the row."""
    return change.before is None or change.after is None


def changed(change: RowChange, *columns: str) -> bool:
    """True when the row was added or removed, or one of ``columns`` changed."""
    if change.before is None or change.after is None:
        return True
    return any(change.before.get(c) != change.after.get(c) for c in columns)


def values(change: RowChange, column: str) -> set[Any]:
    """The values ``column`` had before and after the write (empty values left out)."""
    return {s[column] for s in (change.before, change.after) if s is not None and s.get(column)}
