"""What a changeset means to the beat board: its lanes and cards, or only their timing."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from app.features.rows import changed
from app.project.changes import Changeset

logger = logging.getLogger(__name__)

#: Cards, lanes, the scenes cards link, heritage links and notes (badges and approvals).
LANE_TABLES = frozenset({"beat", "episode", "scene", "heritage_link", "annotation", "project"})


@dataclass(frozen=True)
class BoardImpact:
    """Whether the board's lanes must be built again, or only their timing caught up."""

    #: Cards, lanes, badges or approvals changed: build the lanes again now.
    lanes: bool = False
    #: Only the script's words changed: the lanes' seconds may catch up after a pause.
    timing: bool = False
    #: Cards added, removed or moved to another lane.
    moved_beats: frozenset[str] = frozenset()

    def __bool__(self) -> bool:
        return self.lanes or self.timing


def board_impact(changeset: Changeset) -> BoardImpact:
    """What ``changeset`` changed of the board."""
    tables = changeset.tables
    moved = frozenset(c.row_id for c in changeset.rows("beat") if changed(c, "episode_id"))
    lanes = bool(tables & LANE_TABLES)
    return BoardImpact(lanes=lanes, timing=not lanes and "element" in tables, moved_beats=moved)
