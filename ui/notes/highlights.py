"""The look of noted words, shared by the editor's tints and margin markers, and the paragraph
cleaning that maps a page paragraph to a line's own text.

The page shows each line's own words among speaker names, marks such as △ and direction
isolates; ``clean_block`` drops the isolates and keeps, per character, its index in the page
paragraph (code points: ``ui.editor.words`` converts to Qt's UTF-16 positions).
"""

from __future__ import annotations

import logging

from app.core.direction import FIRST_STRONG_ISOLATE, POP_DIRECTIONAL_ISOLATE
from app.core.enums import Severity

logger = logging.getLogger(__name__)

_ISOLATES = {FIRST_STRONG_ISOLATE, POP_DIRECTIONAL_ISOLATE}

#: Background tints of noted words, by severity.
HIGHLIGHTS = {
    Severity.INFO: "#dce8f7",
    Severity.MINOR: "#f7efc8",
    Severity.MAJOR: "#f9dcc0",
    Severity.CRITICAL: "#f5c6c0",
}

#: The strong colour of each severity: the notes panel's severity column and the edge and
#: count of a margin marker (whose fill is the tint above).
SEVERITY_COLOURS = {
    Severity.INFO: "#4a7ab8",
    Severity.MINOR: "#c9a227",
    Severity.MAJOR: "#d9822b",
    Severity.CRITICAL: "#c0392b",
}

#: Severities from the mildest to the gravest (a marker takes the gravest of its notes).
SEVERITY_ORDER = (Severity.INFO, Severity.MINOR, Severity.MAJOR, Severity.CRITICAL)


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
