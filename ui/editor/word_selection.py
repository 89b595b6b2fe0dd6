"""Between the editor's selection and ranges of an element's own text (what notes sit on).

Mixed into ``ScriptEditor``. ``selected_words`` turns the selection into a ``TextRange`` of one
element's text; ``words_cursor`` and ``select_words`` go the other way, for highlights and for
jumping to a note's words. Offsets of a ``TextRange`` are code points of the stored text.
"""

from __future__ import annotations

from PySide6.QtGui import QTextBlock, QTextCursor

from app.core.anchors import TextRange
from ui.editor.render import LINE, TEXT, Slot
from ui.editor.state import EditorState
from ui.editor.words import from_utf16, own_words_span, to_utf16


class WordSelectionMixin:
    """Selections of words, in element text offsets."""

    def slot_of(self: EditorState, block: QTextBlock) -> Slot | None:
        """What ``block`` edits (None: a read-only line)."""
        state = block.userState()
        return self._slots[state] if 0 <= state < len(self._slots) else None

    def words_block(self: EditorState, element_id: str) -> QTextBlock | None:
        """The paragraph showing ``element_id``'s own text, if the editor shows it."""
        block = self.document().begin()
        while block.isValid():
            slot = self.slot_of(block)
            if slot is not None and slot.element_id == element_id and slot.field in (LINE, TEXT):
                return block
            block = block.next()
        return None

    def words_span(self: EditorState, block: QTextBlock) -> tuple[int, int] | None:
        """``(start, end)`` of the element's own words in ``block`` (code points of its text)."""
        slot = self.slot_of(block)
        return None if slot is None else own_words_span(slot, self.layout, block.text())

    def selected_words(self: EditorState) -> TextRange | None:
        """The selected words as a range of one element's text (None: nothing usable).

        The selection must lie in one paragraph; it is trimmed to the element's own words, so a
        speaker name or a △ caught by the mouse does not count. Pending typing is committed
        first, so the offsets refer to the text in the file.
        """
        self.flush()
        cursor = self.textCursor()
        if not cursor.hasSelection() or self._project is None:
            return None
        document = self.document()
        first, last = cursor.selectionStart(), cursor.selectionEnd()
        block = document.findBlock(first)
        end_block = document.findBlock(last)
        if end_block != block:
            if end_block.previous() != block or last != end_block.position():
                return None  # more than one paragraph
            last = block.position() + block.length() - 1  # a triple click takes the break too
        span = self.words_span(block)
        slot = self.slot_of(block)
        if span is None or slot is None:
            return None
        text = block.text()
        low, high = span
        start = max(from_utf16(text, first - block.position()), low)
        end = min(from_utf16(text, last - block.position()), high)
        if start >= end:
            return None
        element = next((e for e in self._project.elements(slot.scene_id)
                        if e.id == slot.element_id), None)
        if element is None or element.text != text[low:high]:
            return None  # the paragraph does not show the stored words (a cue being typed)
        return TextRange(element.id, start - low, end - low, element.text[start - low:end - low])

    def words_cursor(self: EditorState, block: QTextBlock, start: int,
                     end: int) -> QTextCursor | None:
        """A cursor over code points ``start:end`` of the own words in ``block``."""
        span = self.words_span(block)
        if span is None:
            return None
        low, high = span
        start, end = min(low + max(start, 0), high), min(low + max(end, 0), high)
        if start >= end:
            return None
        text = block.text()
        cursor = QTextCursor(block)
        cursor.setPosition(block.position() + to_utf16(text, start))
        cursor.setPosition(block.position() + to_utf16(text, end),
                           QTextCursor.MoveMode.KeepAnchor)
        return cursor

    def select_words(self: EditorState, element_id: str, start: int, end: int) -> bool:
        """Select ``start:end`` of ``element_id``'s text and scroll to it (False: not shown)."""
        block = self.words_block(element_id)
        cursor = self.words_cursor(block, start, end) if block is not None else None
        if cursor is None:
            return False
        self.setTextCursor(cursor)
        self.ensureCursorVisible()
        return True
