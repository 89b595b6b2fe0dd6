"""What a changeset means to the consultants' notes: the notes list, the marks on the words and
the review summary."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from app.features.rows import added_or_removed, changed, values
from app.project.changes import Changeset

logger = logging.getLogger(__name__)

#: What the review summary shows: notes, approvals, heritage moments and where they are.
REVIEW_TABLES = frozenset({"annotation", "annotation_reply", "beat", "episode", "heritage_link",
                           "heritage_snapshot", "element", "scene"})


@dataclass(frozen=True)
class NotesImpact:
    """Which notes one changeset may have changed, directly or through what they sit on."""

    #: Notes whose row or replies were written.
    notes: frozenset[str] = frozenset()
    #: Lines written: the notes anchored on them may have moved (typing re-anchors them).
    elements: frozenset[str] = frozenset()
    #: Cards added, removed or moved to another episode: their notes change episode.
    beats: frozenset[str] = frozenset()
    #: A scene moved to another episode: every line of it did, so every note may have.
    scenes_moved: bool = False
    #: Episodes written: the episode filter's choices.
    episodes: bool = False
    #: Lines' words changed and none was added or removed: lists may wait for a pause.
    typing: bool = False
    #: The review summary (counts, heritage moments and their approvals) may change.
    review: bool = False

    def __bool__(self) -> bool:
        return bool(self.notes or self.elements or self.beats or self.scenes_moved
                    or self.episodes or self.review)


def notes_impact(changeset: Changeset) -> NotesImpact:
    """What ``changeset`` changed of the notes."""
    notes: set[str] = set()
    elements: set[str] = set()
    beats: set[str] = set()
    scenes_moved = episodes = lines_added_or_removed = False
    for change in changeset.changes:
        table = change.table
        if table == "annotation":
            notes.add(change.row_id)
        elif table == "annotation_reply":
            notes |= values(change, "annotation_id")
        elif table == "element":
            elements.add(change.row_id)
            lines_added_or_removed = lines_added_or_removed or added_or_removed(change)
        elif table == "beat" and changed(change, "episode_id"):
            beats.add(change.row_id)
        elif table == "scene" and changed(change, "episode_id"):
            scenes_moved = True
        elif table == "episode":
            episodes = True
    return NotesImpact(
        notes=frozenset(notes), elements=frozenset(elements), beats=frozenset(beats),
        scenes_moved=scenes_moved, episodes=episodes,
        typing=bool(elements) and not lines_added_or_removed,
        review=bool(changeset.tables & REVIEW_TABLES),
    )
