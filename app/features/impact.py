"""What one changeset means to every feature, computed once and handed to the views.

``impact_of`` asks each feature (``app.features.<feature>.impact``) what the changeset changed
of it; the window's bridge (``ui.bridge``) calls it once per change the history announces and
passes the typed parts on, so no view reads a changeset's rows itself.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from app.features.board.impact import BoardImpact, board_impact
from app.features.glossary.impact import GlossaryImpact, glossary_impact
from app.features.heritage.impact import HeritageImpact, heritage_impact
from app.features.notes.impact import NotesImpact, notes_impact
from app.features.rhythm.impact import RhythmImpact, rhythm_impact
from app.features.script.impact import ScriptImpact, script_impact
from app.features.translations.impact import TranslationsImpact, translations_impact
from app.project.changes import Changeset

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Impact:
    """What one change (an edit, an undo, a redo, a replay) changed, feature by feature."""

    changeset_id: str
    tables: frozenset[str]
    script: ScriptImpact
    board: BoardImpact
    notes: NotesImpact
    glossary: GlossaryImpact
    translations: TranslationsImpact
    heritage: HeritageImpact
    rhythm: RhythmImpact

    @property
    def structure(self) -> bool:
        """Episodes, scenes, lines or cards were added, removed or moved."""
        return self.script.structure or bool(self.board.moved_beats)


def impact_of(changeset: Changeset) -> Impact:
    """Every feature's reading of ``changeset``."""
    return Impact(
        changeset_id=changeset.id,
        tables=frozenset(changeset.tables),
        script=script_impact(changeset),
        board=board_impact(changeset),
        notes=notes_impact(changeset),
        glossary=glossary_impact(changeset),
        translations=translations_impact(changeset),
        heritage=heritage_impact(changeset),
        rhythm=rhythm_impact(changeset),
    )
