"""Word-level differences between two versions of a line, in any of Kiln's scripts.

A line is cut into tokens before it is compared: every Chinese character (and kana, hangul,
full-width form) is a token of its own, since Chinese has no spaces between words; a run of
letters, digits and combining marks is one word in Latin, Arabic or Persian script (Arabic
vowel marks and the Persian zero-width non-joiner stay inside their word); a run of spaces is
one token and every other character (punctuation) is one. ``word_diff`` then says which tokens
were kept, deleted and inserted, so a compare view and a changes report can highlight exactly
the words that changed, and the revision marks of a shooting script can find the changed
stretch of a long line. Pure functions, no I/O.
"""

from __future__ import annotations

import logging
import unicodedata
from difflib import SequenceMatcher
from typing import Literal

from app.core.direction import CJK_CHARACTERS

logger = logging.getLogger(__name__)

Op = Literal["equal", "delete", "insert"]
#: One stretch of a compared line: kept, deleted (old only) or inserted (new only).
Segment = tuple[Op, str]

_CJK_RANGES = tuple(
    (ord(part[0]), ord(part[-1]))
    for part in (CJK_CHARACTERS[i : i + 3] for i in range(0, len(CJK_CHARACTERS), 3))
) + ((0x3040, 0x30FF), (0xAC00, 0xD7AF), (0x20000, 0x2FFFF))
_JOINERS = frozenset("\u200c\u200d")


def _is_cjk(char: str) -> bool:
    code = ord(char)
    return any(a <= code <= b for a, b in _CJK_RANGES)


def _is_word(char: str) -> bool:
    return char in _JOINERS or unicodedata.category(char)[0] in "LMN" or char == "_"


def tokens(text: str) -> list[str]:
    """``text`` cut into the units a compare works on (see the module's docstring); joined
    they give ``text`` back."""
    out: list[str] = []
    word = ""
    space = ""
    for char in text:
        if char.isspace():
            if word:
                out.append(word)
                word = ""
            space += char
            continue
        if space:
            out.append(space)
            space = ""
        if _is_word(char) and not _is_cjk(char):
            word += char
            continue
        if word:
            out.append(word)
            word = ""
        out.append(char)
    out.extend(t for t in (word, space) if t)
    return out


def word_diff(old: str, new: str) -> list[Segment]:
    """The segments that turn ``old`` into ``new``: equal stretches, and for each change the
    deleted words before the inserted ones. Adjacent segments of one kind are merged."""
    a, b = tokens(old), tokens(new)
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    segments: list[Segment] = []

    def add(op: Op, text: str) -> None:
        if not text:
            return
        if segments and segments[-1][0] == op:
            segments[-1] = (op, segments[-1][1] + text)
        else:
            segments.append((op, text))

    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            add("equal", "".join(a[i1:i2]))
            continue
        add("delete", "".join(a[i1:i2]))
        add("insert", "".join(b[j1:j2]))
    return segments


def old_text(segments: list[Segment]) -> str:
    """The old line the segments were made from."""
    return "".join(text for op, text in segments if op != "insert")


def new_text(segments: list[Segment]) -> str:
    """The new line the segments lead to."""
    return "".join(text for op, text in segments if op != "delete")


def changed_spans(old: str, new: str) -> list[tuple[int, int]]:
    """Where ``new`` differs from ``old``, as (start, end) character ranges of ``new``.

    Inserted words give their range; words only deleted give an empty range at the place they
    were taken from (a revision mark still belongs on that line). An unchanged line gives [].
    """
    spans: list[tuple[int, int]] = []
    at = 0
    for op, text in word_diff(old, new):
        if op == "equal":
            at += len(text)
        elif op == "insert":
            if spans and spans[-1][1] == at:
                spans[-1] = (spans[-1][0], at + len(text))
            else:
                spans.append((at, at + len(text)))
            at += len(text)
        elif not spans or spans[-1][1] != at:
            spans.append((at, at))
    return spans


def segments_json(segments: list[Segment]) -> list[dict[str, str]]:
    """The segments as JSON-ready data (``{"op": …, "text": …}``)."""
    return [{"op": op, "text": text} for op, text in segments]
