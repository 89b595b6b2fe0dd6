"""Text by script: which characters are Arabic, Chinese or Latin, and bidi visual runs.

Fonts are chosen per run of one script (mixing fonts inside one shaped Arabic word garbles
it), and right-to-left lines are put in visual order with python-bidi, then cut back into
runs: Arabic-script runs are handed to the shaper in logical order with direction RTL; all
other runs (Latin, digits — Persian digits included — punctuation) are drawn left to right.
"""

from __future__ import annotations

import logging
import re

logger = logging.getLogger(__name__)

_ARABIC_LETTERS = (
    "\u0600-\u065f\u066a-\u06ef\u06fa-\u06ff\u0750-\u077f\u08a0-\u08ff"
    "\ufb50-\ufdff\ufe70-\ufeff\u200c\u200d"
)
_ARABIC_RUN = re.compile(f"[{_ARABIC_LETTERS}]+")
_RTL_STRONG = re.compile(f"[\u0590-\u05ff{_ARABIC_LETTERS[:-12]}]")
_CJK = re.compile("[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]")

#: Characters that may not start a line (Chinese line-breaking rule, 避头点).
NO_LINE_START = set("。，、；：？！）》」』】〉”’…—·.,;:?!)]}%،؛؟")
#: Characters that may not end a line (避尾点).
NO_LINE_END = set("（《「『【〈“‘([{")


_DROP_CONTROLS = dict.fromkeys(
    map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
)


def isolate(text: str) -> str:
    """``text`` as a bidi isolate (FSI … PDI): its direction comes from its own first letter."""
    return f"\u2068{text}\u2069"


def has_rtl(text: str) -> bool:
    """True when ``text`` contains a right-to-left letter."""
    return _RTL_STRONG.search(text) is not None


def is_cjk(char: str) -> bool:
    """True for a Han character or a full-width punctuation mark (a break opportunity)."""
    return _CJK.match(char) is not None


def visual_runs(line: str, rtl: bool) -> list[tuple[str, bool]]:
    """``line`` (logical order) as runs in left-to-right visual order.

    Each run is ``(text, is_arabic)``; Arabic runs come back in logical order, ready for a
    right-to-left shaper; other runs are already in display order (mirrored brackets included).
    """
    if not has_rtl(line) and (not rtl or (line[:1].isalnum() and line[-1:].isalnum())):
        line = line.translate(_DROP_CONTROLS)
        return [(line, False)] if line else []
    visual = _reorder(line, rtl).translate(_DROP_CONTROLS)
    runs: list[tuple[str, bool]] = []
    pos = 0
    for match in _ARABIC_RUN.finditer(visual):
        if match.start() > pos:
            runs.append((visual[pos : match.start()], False))
        runs.append((match.group()[::-1], True))
        pos = match.end()
    if pos < len(visual):
        runs.append((visual[pos:], False))
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


def _reorder(line: str, rtl: bool) -> str:
    """``line`` in visual order (rule L2), brackets at odd levels mirrored (rule L4)."""
    levels = bidi_levels(line, rtl)
    chars = [_MIRROR.get(c, c) if lv % 2 else c for c, lv in zip(line, levels, strict=True)]
    order = list(range(len(chars)))
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
    return "".join(chars[k] for k in order)


def break_chunks(text: str) -> list[str]:
    """Split ``text`` into unbreakable chunks: words (with their trailing space), Han characters.

    Closing punctuation is glued to the chunk before it, opening punctuation to the one after.
    """
    chunks: list[str] = []
    word = ""
    for char in text:
        if is_cjk(char) or char == " ":
            if char == " ":
                word += char
                chunks.append(word)
                word = ""
                continue
            if word:
                chunks.append(word)
                word = ""
            chunks.append(char)
        else:
            word += char
    if word:
        chunks.append(word)
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


def first_strong_rtl(text: str, default: bool) -> bool:
    """Direction of ``text`` from its first strong letter (rule P2); ``default`` when none."""
    for char in text:
        if _RTL_STRONG.match(char):
            return True
        if char.isalpha():
            return False
    return default


def dominant_rtl(text: str, default: bool) -> bool:
    """Direction of a free-text paragraph by the majority of its words.

    A word is a run of letters of one direction, and each Han character counts as a word of its
    own (Chinese packs a word into one or two characters where Persian spells it in five), so a
    Chinese sentence quoting two Persian words stays left to right, and a consultant's English
    note that opens with a quoted Persian word does too.
    """
    if _RTL_STRONG.search(text) is None:  # the common case, decided without counting
        return False if any(c.isalpha() for c in text) else default
    rtl = ltr = 0
    run = ""  # direction of the run being read: "r", "l" or ""
    for char in text:
        if _RTL_STRONG.match(char):
            rtl += run != "r"
            run = "r"
        elif is_cjk(char) and char.isalpha():
            ltr += 1
            run = ""
        elif char.isalpha():
            ltr += run != "l"
            run = "l"
        elif char not in "\u200c\u200d":  # joiners sit inside a Persian word
            run = ""
    if rtl == ltr == 0:
        return default
    return rtl > ltr
