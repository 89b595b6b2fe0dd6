"""Committing what the writer typed: element fields and scene headings, as typing commands.

Mixed into ``ScriptEditor``. Each edited paragraph becomes ``Update(..., typing=True)``, so
consecutive typing in one element is one undo step; a heading is read back into scene fields.
"""

from __future__ import annotations

import logging

from app.core.direction import strip_isolates
from app.core.headings import read_heading
from app.features.script.scenes import EditHeading
from app.project.commands import Update
from ui.editor.render import LINE, Slot, fields_from, unmark
from ui.editor.state import EditorState

logger = logging.getLogger(__name__)


class SavingMixin:
    """``flush`` and the commits behind it."""

    def flush(self: EditorState) -> None:
        """Commit the paragraphs typed in since the last commit."""
        self._commit_timer.stop()
        if not self._dirty or self._project is None:
            self._dirty.clear()
            return
        dirty, self._dirty = self._dirty, set()
        block = self.document().begin()
        while block.isValid():
            state = block.userState()
            if state in dirty:
                self._commit(self._slots[state], block.text())
            block = block.next()
        self.committed.emit()

    def _commit(self: EditorState, slot: Slot, shown: str) -> None:
        if slot.element_id is None:
            self._commit_heading(slot, shown)
            return
        fields: dict = fields_from(slot, self.layout, shown)
        if slot.field == LINE and "extension" not in fields:  # a line without a colon
            stored = next((e for e in self._project.elements(slot.scene_id)
                           if e.id == slot.element_id), None)
            if stored is not None and stored.text and not stored.speaker:
                # a line that never had a speaker (imported so): its words are the line
                fields = {"text": unmark(self.layout, None, shown)}
        if "speaker" in fields:
            fields["speaker_id"] = self._name_ids.get(fields["speaker"].casefold())
        self._run(Update("element", slot.element_id, fields, typing=True))

    def _commit_heading(self: EditorState, slot: Slot, shown: str) -> None:
        """A heading typed in place, read back into the scene's fields: one command, so one
        Undo takes it back whole (a new place included)."""
        parsed = read_heading(self.layout, strip_isolates(shown))
        fields: dict = {}
        if parsed.setting is not None:
            fields["setting"] = parsed.setting.value
        if parsed.time_of_day is not None:
            fields["time_of_day"] = parsed.time_of_day.value
        scene = next((s for s in self._project.scenes() if s.id == slot.scene_id), None)
        if scene is None:
            return
        if parsed.number and parsed.number != scene.number:
            fields["locked_number"] = parsed.number
        name = parsed.location.strip()
        place = name if name and name.casefold() != scene.location_name.casefold() else None
        if fields or place is not None:
            self._run(EditHeading(slot.scene_id, fields, place))
