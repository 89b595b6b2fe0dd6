"""Rules of the script editor that need no window: Tab/Enter kinds, shortcuts, autocomplete.

The editor shows one paragraph per element (in the Hollywood layout a dialogue element shows its
cue, parenthetical and line as three paragraphs). What kind the *next* paragraph gets when the
writer presses Enter, and what an empty paragraph turns into on Tab, follows the professional
tools: Enter after a heading gives action, after a cue gives dialogue, after dialogue gives
action; Tab on an empty action gives a cue, Tab after a dialogue line starts a new cue.

The Chinese layout writes a dialogue element on one line, ``梅（OS）：（低声）台词``; the editor
lets the writer type it that way and ``app.core.vocabulary.parse_zh_line`` splits it back into
fields on commit.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable

from app.core.enums import ElementKind

logger = logging.getLogger(__name__)

K = ElementKind

#: Kind of the new paragraph Enter opens after a finished paragraph of each kind.
_ENTER_NEXT: dict[ElementKind, ElementKind] = {
    K.SCENE_HEADING: K.ACTION,
    K.ACTION: K.ACTION,
    K.CHARACTER: K.DIALOGUE,
    K.PARENTHETICAL: K.DIALOGUE,
    K.DIALOGUE: K.ACTION,
    K.TRANSITION: K.SCENE_HEADING,
    K.SHOT: K.ACTION,
    K.CAPTION: K.ACTION,
    K.FLASHBACK_START: K.ACTION,
    K.FLASHBACK_END: K.ACTION,
    K.NOTE: K.ACTION,
    K.LYRIC: K.LYRIC,
}

#: Kind an *empty* paragraph turns into on Tab (Shift+Tab walks the cycle backwards).
TAB_CYCLE: tuple[ElementKind, ...] = (
    K.ACTION, K.CHARACTER, K.PARENTHETICAL, K.DIALOGUE, K.TRANSITION,
)

#: Kind of the new paragraph Tab opens after a finished paragraph of each kind.
_TAB_NEXT: dict[ElementKind, ElementKind] = {
    K.DIALOGUE: K.CHARACTER,
    K.ACTION: K.CHARACTER,
    K.CHARACTER: K.PARENTHETICAL,
    K.PARENTHETICAL: K.DIALOGUE,
}

#: One shortcut per kind (Ctrl+digit, as Final Draft and Highland do).
SHORTCUTS: dict[ElementKind, str] = {
    K.SCENE_HEADING: "Ctrl+1",
    K.ACTION: "Ctrl+2",
    K.CHARACTER: "Ctrl+3",
    K.PARENTHETICAL: "Ctrl+4",
    K.DIALOGUE: "Ctrl+5",
    K.TRANSITION: "Ctrl+6",
    K.SHOT: "Ctrl+7",
    K.CAPTION: "Ctrl+8",
    K.FLASHBACK_START: "Ctrl+9",
    K.NOTE: "Ctrl+0",
}


def enter_kind(kind: ElementKind) -> ElementKind:
    """Kind of the paragraph Enter opens after a paragraph of ``kind``."""
    return _ENTER_NEXT.get(kind, K.ACTION)


def tab_kind(kind: ElementKind, *, empty: bool, backwards: bool = False) -> ElementKind:
    """With ``empty``: what the paragraph itself turns into; else the next paragraph's kind."""
    if not empty:
        return _TAB_NEXT.get(kind, K.CHARACTER)
    if kind not in TAB_CYCLE:
        return K.ACTION
    step = -1 if backwards else 1
    return TAB_CYCLE[(TAB_CYCLE.index(kind) + step) % len(TAB_CYCLE)]


# -- completion -------------------------------------------------------------------------------


def completions(prefix: str, candidates: Iterable[str], limit: int = 12) -> list[str]:
    """Candidates starting with ``prefix`` (case-insensitive), then those containing it."""
    needle = prefix.strip().casefold()
    seen: set[str] = set()
    starts: list[str] = []
    inside: list[str] = []
    for candidate in candidates:
        if not candidate or candidate in seen:
            continue
        seen.add(candidate)
        folded = candidate.casefold()
        if folded == needle:
            continue
        if folded.startswith(needle):
            starts.append(candidate)
        elif needle and needle in folded:
            inside.append(candidate)
    return (sorted(starts, key=len) + sorted(inside, key=len))[:limit]


def last_word(text: str) -> str:
    """The word being typed at the end of ``text`` (for the scene-heading completer)."""
    parts = re.split(r"[\s/，,、]+", text)
    return parts[-1] if parts else ""
