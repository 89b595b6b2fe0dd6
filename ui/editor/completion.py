"""Autocomplete in the script editor: character names in cues, places and times in headings.

Mixed into ``ScriptEditor``; the candidate lists come from
``app.features.script.editing.completions``.
"""

from __future__ import annotations

import logging

from PySide6.QtGui import QTextCursor

from app.core.enums import ElementKind
from app.core.vocabulary import heading_words
from app.features.script.editing import completions, last_word
from ui.editor.render import LINE, SPEAKER
from ui.editor.state import EditorState

logger = logging.getLogger(__name__)


class CompletionMixin:
    """The completer popup of ``ScriptEditor``."""

    # -- completion -----------------------------------------------------------------------

    def completion_candidates(self: EditorState) -> list[str]:
        """What the completer offers for the word being typed in the current paragraph."""
        slot, cursor = self.current_slot(), self.textCursor()
        if slot is None or self._project is None:
            return []
        before = cursor.block().text()[: cursor.positionInBlock()]
        kind = self.current_kind()
        if kind is ElementKind.CHARACTER and slot.field in (SPEAKER, LINE):
            self._prefix = before.strip()
            names = list(self._names.values()) + self._other_names
            return completions(self._prefix, names) if self._prefix else []
        if slot.element_id is None:
            self._prefix = last_word(before)
            if not self._prefix:
                return []
            language = self._project.info().source_language
            places = [loc.name(language) for loc in self._project.locations()]
            return completions(self._prefix, heading_words(self.layout) + places)
        return []

    def _update_completion(self: EditorState) -> None:
        candidates = self.completion_candidates()
        model = self._completer.model()
        model.setStringList(candidates)
        if not candidates:
            self._completer.popup().hide()
            return
        self._completer.setCompletionPrefix("")
        rect = self.cursorRect()
        rect.setWidth(220)
        self._completer.complete(rect)

    def _accept_completion(self: EditorState) -> bool:
        popup = self._completer.popup()
        if not popup.isVisible():
            return False
        index = popup.currentIndex()
        model = self._completer.model()
        text = model.data(index if index.isValid() else model.index(0, 0))
        self._insert_completion(text)
        return True

    def _insert_completion(self: EditorState, text: str) -> None:
        """Replace the word being typed with the chosen ``text``."""
        cursor = self.textCursor()
        cursor.movePosition(QTextCursor.MoveOperation.Left,
                            QTextCursor.MoveMode.KeepAnchor, len(self._prefix))
        cursor.insertText(text)
        self.setTextCursor(cursor)
        self._completer.popup().hide()

