"""The read-only script page: paragraphs from ``ui.editor.script_layout`` set into a QTextDocument.

The document is built block by block with a QTextCursor, so user text is inserted as plain text
(never parsed as HTML) and each block gets its own base direction: a Persian line in a Chinese
script runs right to left while the lines around it run left to right.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QTextBlockFormat, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QTextBrowser, QWidget

from app.core.enums import ScriptLayout
from ui.editor.script_layout import Paragraph, Role

logger = logging.getLogger(__name__)

_INDENT_STEP = 24.0  # pixels of one indent level

# role -> (indent levels, bold, italic, grey, centred, space above)
_STYLE_ZH: dict[Role, tuple[int, bool, bool, bool, bool, float]] = {
    Role.EPISODE_HEADING: (0, True, False, False, True, 12.0),
    Role.SCENE_HEADING: (0, True, False, False, False, 14.0),
    Role.CAST: (0, False, False, True, False, 2.0),
    Role.ACTION: (0, False, False, False, False, 6.0),
    Role.CUE: (0, True, False, False, False, 6.0),
    Role.PARENTHETICAL: (0, False, False, True, False, 0.0),
    Role.DIALOGUE: (0, False, False, False, False, 6.0),
    Role.TRANSITION: (0, True, False, False, False, 6.0),
    Role.SHOT: (0, True, False, False, False, 6.0),
    Role.CAPTION: (0, False, False, False, False, 6.0),
    Role.FLASHBACK: (0, True, False, False, False, 6.0),
    Role.NOTE: (0, False, True, True, False, 6.0),
}

# Hollywood pages indent cues, parentheticals and dialogue (scaled down for a screen).
_STYLE_HOLLYWOOD: dict[Role, tuple[int, bool, bool, bool, bool, float]] = {
    **_STYLE_ZH,
    Role.CUE: (8, False, False, False, False, 12.0),
    Role.PARENTHETICAL: (6, False, False, False, False, 0.0),
    Role.DIALOGUE: (4, False, False, False, False, 0.0),
    Role.ACTION: (0, False, False, False, False, 10.0),
}


class ScriptView(QTextBrowser):
    """Shows scenes as a read-only script page in the project's layout."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setOpenLinks(False)
        self.setObjectName("scriptView")
        self.document().setDocumentMargin(24.0)

    def show_paragraphs(self, layout: ScriptLayout, paragraphs: Iterable[Paragraph]) -> None:
        """Replace the page with ``paragraphs``."""
        document = self.document()
        document.clear()
        styles = _STYLE_HOLLYWOOD if layout is ScriptLayout.HOLLYWOOD else _STYLE_ZH
        cursor = QTextCursor(document)
        first = True
        for paragraph in paragraphs:
            block_format, char_format = _formats(paragraph, styles[paragraph.role])
            if first:
                cursor.setBlockFormat(block_format)
                cursor.setBlockCharFormat(char_format)
                first = False
            else:
                cursor.insertBlock(block_format, char_format)
            cursor.insertText(paragraph.text, char_format)

    def clear_page(self) -> None:
        """Show nothing."""
        self.show_paragraphs(ScriptLayout.ZH, [])


def paragraph_formats(
    layout: ScriptLayout, paragraph: Paragraph
) -> tuple[QTextBlockFormat, QTextCharFormat]:
    """Block and character formats of ``paragraph`` in ``layout`` (shared with the editor)."""
    styles = _STYLE_HOLLYWOOD if layout is ScriptLayout.HOLLYWOOD else _STYLE_ZH
    return _formats(paragraph, styles[paragraph.role])


def _formats(
    paragraph: Paragraph, style: tuple[int, bool, bool, bool, bool, float]
) -> tuple[QTextBlockFormat, QTextCharFormat]:
    indent, bold, italic, grey, centred, space_above = style
    block = QTextBlockFormat()
    block.setLayoutDirection(
        Qt.LayoutDirection.RightToLeft if paragraph.rtl else Qt.LayoutDirection.LeftToRight
    )
    # Leading/trailing alignment follows the block's own direction (no AlignAbsolute).
    block.setAlignment(Qt.AlignmentFlag.AlignHCenter if centred else Qt.AlignmentFlag.AlignLeading)
    block.setTopMargin(space_above)
    if indent:
        # Indent from the start side of the page, whichever side that is for this block.
        if paragraph.rtl:
            block.setRightMargin(indent * _INDENT_STEP)
        else:
            block.setLeftMargin(indent * _INDENT_STEP)
    chars = QTextCharFormat()
    if bold:
        chars.setFontWeight(QFont.Weight.Bold)
    if italic:
        chars.setFontItalic(True)
    if grey:
        chars.setForeground(Qt.GlobalColor.darkGray)
    return block, chars
