"""Mark the words that carry notes on the script page: a background tinted by severity and the
note in a tooltip when the pointer rests on them.

The page shows each line's own words among speaker names, marks such as △ and direction
isolates; ``clean_block`` maps between the page's characters and a line's own text.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QTextEdit

from app.domain.enums import Severity
from app.domain.records import ElementRecord
from app.notes.service import NoteRecord
from ui.script_layout import FIRST_STRONG_ISOLATE, POP_DIRECTIONAL_ISOLATE

logger = logging.getLogger(__name__)

_ISOLATES = {FIRST_STRONG_ISOLATE, POP_DIRECTIONAL_ISOLATE}

#: Background tints of noted words, by severity.
HIGHLIGHTS = {
    Severity.INFO: "#dce8f7",
    Severity.MINOR: "#f7efc8",
    Severity.MAJOR: "#f9dcc0",
    Severity.CRITICAL: "#f5c6c0",
}


def clean_block(raw: str) -> tuple[str, list[int]]:
    """A page paragraph without isolate marks, and for each clean character (plus the end) its
    index in ``raw``."""
    chars, where = [], []
    for index, char in enumerate(raw):
        if char not in _ISOLATES:
            chars.append(char)
            where.append(index)
    where.append(len(raw))
    return "".join(chars), where


def mark_notes(
    view: QTextEdit, elements: Iterable[ElementRecord], notes: Iterable[NoteRecord]
) -> int:
    """Tint the noted words of ``elements`` shown in ``view``; returns how many were marked."""
    by_element: dict[str, list[NoteRecord]] = {}
    for note in notes:
        if note.anchor is not None and not note.orphan and note.anchor.end > note.anchor.start:
            by_element.setdefault(note.anchor.element_id, []).append(note)
    texts = {e.id: e.text for e in elements if e.text and e.id in by_element}
    marked = 0
    block = view.document().begin()
    while block.isValid() and texts:
        clean, where = clean_block(block.text())
        for element_id, words in list(texts.items()):
            at = clean.find(words)
            if at < 0:
                continue
            del texts[element_id]
            for note in by_element[element_id]:
                start, end = at + note.anchor.start, at + note.anchor.end  # type: ignore[union-attr]
                cursor = QTextCursor(view.document())
                cursor.setPosition(block.position() + where[start])
                cursor.setPosition(block.position() + where[end], QTextCursor.MoveMode.KeepAnchor)
                style = QTextCharFormat()
                style.setBackground(QColor(HIGHLIGHTS[note.severity]))
                style.setToolTip(f"{note.author}: {note.body}")
                cursor.mergeCharFormat(style)
                marked += 1
        block = block.next()
    return marked


def select_words(view: QTextEdit, element: ElementRecord, start: int, end: int) -> bool:
    """Select ``element.text[start:end]`` on the page and scroll to it (False: not shown)."""
    if not element.text or not 0 <= start <= end <= len(element.text):
        return False
    block = view.document().begin()
    while block.isValid():
        clean, where = clean_block(block.text())
        at = clean.find(element.text)
        if at >= 0:
            cursor = QTextCursor(view.document())
            cursor.setPosition(block.position() + where[at + start])
            cursor.setPosition(block.position() + where[at + end], QTextCursor.MoveMode.KeepAnchor)
            view.setTextCursor(cursor)
            view.ensureCursorVisible()
            return True
        block = block.next()
    return False
