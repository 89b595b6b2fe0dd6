"""What a changeset means to the script: its lines, scenes, episodes and outline.

The navigator, the editor and the status bar follow these; the features' other impacts
(``app.features.impact``) are computed beside it, once per changeset.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from app.features.rows import added_or_removed, changed, values
from app.project.changes import Changeset

logger = logging.getLogger(__name__)

#: Characters and locations: the names headings, cues and completions show.
_NAMES = frozenset({"character", "location"})
#: Columns that place a scene in the series (a change moves it in the outline).
_SCENE_PLACE = ("episode_id", "position")
#: Columns that place a line in the script.
_LINE_PLACE = ("scene_id", "position")


@dataclass(frozen=True)
class ScriptImpact:
    """Which parts of the script one changeset wrote."""

    #: Lines (elements) written, for any reason.
    elements: frozenset[str] = frozenset()
    #: Scenes whose lines were written (before or after the change).
    line_scenes: frozenset[str] = frozenset()
    #: Scene rows written: heading, place in the series or the card they belong to.
    scenes: frozenset[str] = frozenset()
    #: Episode rows written.
    episodes: frozenset[str] = frozenset()
    #: Scenes that moved to another episode (or were added or removed).
    moved_scenes: frozenset[str] = frozenset()
    #: The project's own fields (title, layout, languages).
    project: bool = False
    #: Characters or locations (the names on the page).
    names: bool = False
    lines_added_or_removed: bool = False
    #: Episodes, scenes or lines were added, removed or moved.
    structure: bool = False

    def __bool__(self) -> bool:
        return bool(self.elements) or self.outline

    @property
    def outline(self) -> bool:
        """Whether the outline changed: what the navigator, the headings and the title show."""
        return bool(self.scenes or self.episodes or self.project or self.names)

    @property
    def words_only(self) -> bool:
        """Only the words of existing lines changed (typing): views may catch up later."""
        return bool(self.elements) and not self.outline and not self.lines_added_or_removed


def script_impact(changeset: Changeset) -> ScriptImpact:
    """What ``changeset`` changed of the script."""
    elements: set[str] = set()
    line_scenes: set[str] = set()
    scenes: set[str] = set()
    episodes: set[str] = set()
    moved: set[str] = set()
    project = names = lines_added_or_removed = structure = False
    for change in changeset.changes:
        table = change.table
        if table == "element":
            elements.add(change.row_id)
            line_scenes |= values(change, "scene_id")
            lines_added_or_removed = lines_added_or_removed or added_or_removed(change)
            structure = structure or changed(change, *_LINE_PLACE)
        elif table == "scene":
            scenes.add(change.row_id)
            if changed(change, "episode_id"):
                moved.add(change.row_id)
            structure = structure or changed(change, *_SCENE_PLACE)
        elif table == "episode":
            episodes.add(change.row_id)
            structure = structure or changed(change, "number")
        elif table == "project":
            project = True
        elif table in _NAMES:
            names = True
    return ScriptImpact(
        elements=frozenset(elements), line_scenes=frozenset(line_scenes),
        scenes=frozenset(scenes), episodes=frozenset(episodes), moved_scenes=frozenset(moved),
        project=project, names=names, lines_added_or_removed=lines_added_or_removed,
        structure=structure,
    )
