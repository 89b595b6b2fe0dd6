"""Noted words in the script editor: a tint by severity, and the note as a tooltip.

Open notes are marked; a resolved or accepted note is done with and leaves its words plain.
The tints are the editor's extra selections, so the document — the script being edited — is
never changed by them. They are laid again whenever the editor renders its page and whenever
notes change (the project's history announces ``annotation`` / ``annotation_reply`` changes,
and a text edit re-anchors its notes in the same step). Colours come from
``ui.note_highlights.HIGHLIGHTS``.
"""

from __future__ import annotations

import logging
import weakref

import shiboken6
from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QColor, QHelpEvent, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QTextEdit, QToolTip

from app.domain.enums import AnnotationStatus
from app.notes import service
from app.notes.service import NoteRecord
from app.services.changes import Changeset
from app.services.project import OpenProject
from ui.editor.widget import ScriptEditor
from ui.note_highlights import HIGHLIGHTS

logger = logging.getLogger(__name__)

#: Tables whose changes may move, add or remove a highlight.
NOTE_TABLES = frozenset({"annotation", "annotation_reply"})


class NoteMarks(QObject):
    """Keeps ``editor``'s extra selections on the words notes sit on."""

    def __init__(self, editor: ScriptEditor) -> None:
        super().__init__(editor)
        self.editor = editor
        self.project: OpenProject | None = None
        self._notes: dict[str, list[NoteRecord]] = {}  # element id → notes on its words
        self.marks: list[tuple[QTextCursor, NoteRecord]] = []
        editor.rendered.connect(self.refresh)
        editor.viewport().installEventFilter(self)

    def set_project(self, project: OpenProject | None) -> None:
        """Mark the notes of ``project`` (None: no marks)."""
        self.project = project
        if project is not None:
            this = weakref.ref(self)

            def listener(changes: Changeset) -> None:
                marks = this()
                if marks is not None and shiboken6.isValid(marks) and marks.project is project:
                    marks.on_changes(changes)

            project.history.subscribe(listener)
        self.reload()

    def on_changes(self, changes: Changeset) -> None:
        if changes.tables & NOTE_TABLES:
            self.reload()

    def reload(self) -> None:
        """Read the notes again and mark them."""
        self._notes = {}
        if self.project is not None:
            for note in service.notes(self.project):
                anchor = note.anchor
                if (anchor is not None and not note.orphan and anchor.end > anchor.start
                        and note.status is AnnotationStatus.OPEN):
                    self._notes.setdefault(anchor.element_id, []).append(note)
        self.refresh()

    def refresh(self) -> None:
        """Lay the marks on the page as it is now."""
        self.marks = []
        if self._notes:
            block = self.editor.document().begin()
            while block.isValid():
                slot = self.editor.slot_of(block)
                for note in self._notes.get(slot.element_id if slot else "", ()):
                    anchor = note.anchor
                    cursor = self.editor.words_cursor(block, anchor.start, anchor.end)
                    if cursor is not None:
                        self.marks.append((cursor, note))
                block = block.next()
        selections = []
        for cursor, note in self.marks:
            selection = QTextEdit.ExtraSelection()
            selection.cursor = cursor
            style = QTextCharFormat()
            style.setBackground(QColor(HIGHLIGHTS[note.severity]))
            style.setToolTip(tooltip(note))
            selection.format = style
            selections.append(selection)
        self.editor.setExtraSelections(selections)

    def tooltip_at(self, position: int) -> str:
        """The notes on the character at document ``position`` (empty: none)."""
        return "\n\n".join(tooltip(note) for cursor, note in self.marks
                           if cursor.selectionStart() <= position < cursor.selectionEnd())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            text = self.tooltip_at(self.editor.cursorForPosition(event.pos()).position())
            if text:
                QToolTip.showText(event.globalPos(), text, self.editor.viewport())
                return True
            QToolTip.hideText()
        return super().eventFilter(watched, event)


def tooltip(note: NoteRecord) -> str:
    """How a note reads when the pointer rests on its words."""
    return f"{note.author}: {note.body}"
