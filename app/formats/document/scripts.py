"""Text by script: which characters are Arabic, Chinese or Latin, and bidi visual runs.

Fonts are chosen per run of one script (mixing fonts inside one shaped Arabic word garbles
it), and right-to-left lines are put in visual order with python-bidi, then cut back into
runs: Arabic-script runs are handed to the shaper in logical order with direction RTL; all
other runs (Latin, digits — Persian digits included — punctuation) are drawn left to right.
"""

from __future__ import annotations

import logging
import re

from app.core.direction import (
    ARABIC_LETTERS,
    BIDI_CONTROLS,
    CJK_CHARACTERS,
    has_rtl,
)

logger = logging.getLogger(__name__)

# Joiners stay inside an Arabic-script run: they shape the letters on either side.
_ARABIC_RUN = re.compile(f"[{ARABIC_LETTERS}\u200c\u200d]+")
_CJK = re.compile(f"[{CJK_CHARACTERS}]")
#: ``break_chunks``'s first cut: a Han character, a word with its space, a last word
_CHUNK = re.compile(f"[{CJK_CHARACTERS}]|[^{CJK_CHARACTERS} ]*+ |[^{CJK_CHARACTERS} ]++")
_CONTROL = re.compile(f"[{''.join(sorted(BIDI_CONTROLS))}]")
_DROP_CONTROLS = dict.fromkeys(map(ord, BIDI_CONTROLS))

#: Characters that may not start a line (Chinese line-breaking rule, 避头点).
NO_LINE_START = set("。，、；：？！）》」』】〉”’…—·.,;:?!)]}%،؛؟")
#: Characters that may not end a line (避尾点).
NO_LINE_END = set("（《「『【〈“‘([{")


def is_cjk(char: str) -> bool:
    """True for a Han character or a full-width punctuation mark (a break opportunity)."""
    return _CJK.match(char) is not None


def visual_runs(line: str, rtl: bool) -> list[tuple[str, bool]]:
    """``line`` (logical order) as runs in left-to-right visual order.

    Each run is ``(text, is_arabic)``; Arabic runs come back in logical order, ready for a
    right-to-left shaper; other runs are already in display order (mirrored brackets included).
    """
    return [(text, arabic) for text, arabic, _style in styled_visual_runs(line, rtl)]


def styled_visual_runs(
    line: str, rtl: bool, marks: list[frozenset[str]] | None = None
) -> list[tuple[str, bool, frozenset[str]]]:
    """``visual_runs`` with the styles of each character (``marks``, one per character of
    ``line``): a run never mixes styles. Bidi controls are dropped."""
    none: frozenset[str] = frozenset()
    if not has_rtl(line) and (not rtl or (line[:1].isalnum() and line[-1:].isalnum())):
        if not marks:  # one plain left-to-right run: most lines of a script or a packet
            shown = line if _CONTROL.search(line) is None else line.translate(_DROP_CONTROLS)
            return [(shown, False, none)] if shown else []
        order = [i for i, c in enumerate(line) if c not in BIDI_CONTROLS]
        chars = [line[i] for i in order]
        arabic = [False] * len(order)
    else:
        levels = bidi_levels(line, rtl)
        order = _reorder(line, levels)
        chars = [_MIRROR.get(line[i], line[i]) if levels[i] % 2 else line[i] for i in order]
        arabic = [_ARABIC_RUN.match(c) is not None for c in chars]
    runs: list[tuple[str, bool, frozenset[str]]] = []
    current: list[str] = []
    key: tuple[bool, frozenset[str]] | None = None
    for char, i, is_arabic in zip(chars, order, arabic, strict=True):
        style = marks[i] if marks else none
        if (is_arabic, style) != key and current:
            assert key is not None
            runs.append(("".join(current[::-1] if key[0] else current), *key))
            current = []
        key = (is_arabic, style)
        current.append(char)
    if current and key is not None:
        runs.append(("".join(current[::-1] if key[0] else current), *key))
    return runs


_MIRROR = dict(zip("()[]{}<>«»（）【】《》", ")(][}{><»«）（】【》《", strict=True))
_LEVEL = re.compile(r"Level\(\s*(\d+),?\s*\)")


def bidi_levels(line: str, rtl: bool) -> list[int]:
    """The resolved embedding level of each character (Unicode bidi algorithm, python-bidi)."""
    from bidi import get_display

    info = get_display(line, base_dir="R" if rtl else "L", debug=True)
    section = info.split("levels:", 1)[1].split("paragraphs:", 1)[0]
    per_byte = [int(x) for x in _LEVEL.findall(section)]
    levels = []
    offset = 0
    for char in line:
        levels.append(per_byte[offset] if offset < len(per_byte) else int(rtl))
        offset += len(char.encode("utf-8"))
    return levels


def visual_order(line: str, rtl: bool) -> list[int]:
    """The indices of ``line``'s characters in visual order (rule L2), bidi controls left out."""
    return _reorder(line, bidi_levels(line, rtl))


def _reorder(line: str, levels: list[int]) -> list[int]:
    """``visual_order`` from the levels ``bidi_levels`` resolved (worked out once a line)."""
    order = list(range(len(line)))
    top = max(levels, default=0)
    lowest_odd = min((lv for lv in levels if lv % 2), default=top + 1)
    for level in range(top, lowest_odd - 1, -1):
        i = 0
        while i < len(order):
            if levels[order[i]] >= level:
                j = i
                while j < len(order) and levels[order[j]] >= level:
                    j += 1
                order[i:j] = order[i:j][::-1]
                i = j
            else:
                i += 1
    return [i for i in order if line[i] not in BIDI_CONTROLS]


def break_chunks(text: str) -> list[str]:
    """Split ``text`` into unbreakable chunks: words (with their trailing space), Han characters.

    Closing punctuation is glued to the chunk before it, opening punctuation to the one after.
    """
    chunks: list[str] = _CHUNK.findall(text)
    glued: list[str] = []
    pending = ""
    for chunk in chunks:
        if glued and chunk[0] in NO_LINE_START and not pending:
            glued[-1] += chunk
        elif chunk and chunk[-1] in NO_LINE_END and len(chunk) == 1:
            pending += chunk
        else:
            glued.append(pending + chunk)
            pending = ""
    if pending:
        glued.append(pending)
    return glued
