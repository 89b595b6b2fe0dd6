"""Where an element's own words sit inside an editor paragraph, and Qt's UTF-16 positions.

A paragraph shows more than the element's text: a Chinese dialogue line starts with
``角色（OS）：（括号）`` (wrapped in direction isolates when the line runs right to left), an action
with ``△``, a caption sits inside ``【字幕：…】``. Notes count code points of the element's own text
(see docs/notes.md), while ``QTextCursor`` counts UTF-16 units; this module converts both ways.

Qt-free: it works on the paragraph's text as a Python string.
"""

from __future__ import annotations

import logging

from app.core.enums import ElementKind, ScriptLayout
from app.core.vocabulary import WORDS, ZH_ACTION_MARKS, parse_zh_line
from ui.editor.render import LINE, TEXT, Slot
from ui.notes.highlights import clean_block

logger = logging.getLogger(__name__)


def own_words_span(slot: Slot, layout: ScriptLayout, shown: str) -> tuple[int, int] | None:
    """``(start, end)`` of the element's own text in ``shown`` (code point indices).

    None for paragraphs that do not show an element's text: headings, cast lines, a Hollywood
    cue or parenthetical. A Chinese line without a colon counts as all words (callers compare
    with the stored text: a cue still being typed does not match it).
    """
    if slot.element_id is None or slot.field not in (LINE, TEXT):
        return None
    clean, where = clean_block(shown)
    if slot.field == LINE:
        parsed = parse_zh_line(clean)
        if parsed is None:  # no colon: a cue being typed, or a line that never had a speaker
            start, end = _strip(clean, 0, len(clean))
        else:
            end = len(clean.rstrip())
            start = end - len(parsed.text)
            if clean[start:end] != parsed.text:
                return None
    else:
        start, end = _unmarked(layout, slot.kind, clean)
    return where[start], where[end]


def _unmarked(layout: ScriptLayout, kind: ElementKind | None, text: str) -> tuple[int, int]:
    """The span ``LayoutWords.unmark`` keeps of ``text`` (which has no isolates)."""
    low, high = _strip(text, 0, len(text))
    if kind is not None:
        start, end = WORDS[layout].marks.get(kind, ("", ""))
        if start and text.startswith(start.strip(), low):
            low += len(start.strip())
        elif kind is ElementKind.ACTION and text[low:low + 1] in ZH_ACTION_MARKS:
            low += 1
        if end and high - low >= len(end) and text[high - len(end):high] == end:
            high -= len(end)
        low, high = _strip(text, low, high)
    return low, high


def _strip(text: str, low: int, high: int) -> tuple[int, int]:
    while low < high and text[low].isspace():
        low += 1
    while high > low and text[high - 1].isspace():
        high -= 1
    return low, high


def to_utf16(text: str, index: int) -> int:
    """The UTF-16 offset (what Qt counts) of code point ``index`` of ``text``."""
    return index + sum(1 for char in text[:index] if ord(char) > 0xFFFF)


def from_utf16(text: str, offset: int) -> int:
    """The code point index of UTF-16 ``offset`` in ``text`` (inside a pair: the pair's start)."""
    units = 0
    for index, char in enumerate(text):
        step = 2 if ord(char) > 0xFFFF else 1
        if units + step > offset:
            return index
        units += step
    return len(text)
