"""What a changeset means to heritage detection and coverage."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from app.features.rows import values
from app.project.changes import Changeset

logger = logging.getLogger(__name__)

#: What the coverage (items × episodes) and the lanes' heritage chips count.
COVERAGE_TABLES = frozenset({"heritage_link", "scene", "episode", "beat"})


@dataclass(frozen=True)
class HeritageImpact:
    """Which scenes to scan again for heritage terms, and whether the coverage changed."""

    #: Scenes whose lines were written: their terms are found again after a pause.
    rescan: frozenset[str] = frozenset()
    #: Links, scenes, episodes or cards changed: coverage and chips are counted again.
    coverage: bool = False

    def __bool__(self) -> bool:
        return bool(self.rescan) or self.coverage


def heritage_impact(changeset: Changeset) -> HeritageImpact:
    """What ``changeset`` changed for heritage detection and coverage."""
    scenes: set[str] = set()
    for change in changeset.rows("element"):
        scenes |= values(change, "scene_id")
    return HeritageImpact(rescan=frozenset(scenes),
                          coverage=bool(changeset.tables & COVERAGE_TABLES))
