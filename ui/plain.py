"""Words from files (notes, names, titles) shown as the text they are, never as markup.

Qt renders a tooltip or label as rich text when it merely looks like HTML: a heritage name
``<img width=900 …>`` in a packet or library file became a 900-pixel picture. Every tooltip that
carries such words goes through ``plain_tip``; labels use ``Qt.TextFormat.PlainText``.
"""

from __future__ import annotations

from PySide6.QtGui import Qt


def plain_tip(text: str) -> str:
    """``text`` as a tooltip Qt shows literally (line breaks kept)."""
    if not text:
        return text
    return Qt.convertFromPlainText(text, Qt.WhiteSpaceMode.WhiteSpaceNormal)
