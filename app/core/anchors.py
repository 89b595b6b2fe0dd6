"""Find a note's words again after its line was edited (pure functions, no database).

A text anchor is the W3C pair of selectors kept together: a *position* (``start``/``end`` in the
element's text) and a *quote* with some ``prefix``/``suffix`` context. After an edit we try, in
order:

1. **position** — map the range through the edit (the common head and tail of the old and new
   text); if the edit did not touch the range, the words are where they were, shifted;
2. **quote** — every exact occurrence of the quote in the new text, ranked by how much of the
   old context still surrounds it, then by closeness to where the note was;
3. **fuzzy** — what is left of the range after the edit, if it is still close to the quote
   (``difflib`` similarity at least ``FUZZY_RATIO``); the anchor is marked ``fuzzy``;
4. otherwise the note is an **orphan**: it keeps its quote and context, and is never deleted.
"""

from __future__ import annotations

import difflib
import logging
from dataclasses import dataclass
from typing import Any

logger = logging.getLogger(__name__)

#: Characters of context kept before and after the quote.
CONTEXT = 32
#: Least similarity of the surviving range to the old quote for a fuzzy re-anchor.
FUZZY_RATIO = 0.75
#: Quotes shorter than this never re-anchor fuzzily (one changed character is a new word).
FUZZY_MIN_LENGTH = 4


@dataclass(frozen=True)
class TextRange:
    """A range of one script line's own text: ``text[start:end] == quote`` (code points) — what
    a writer selects to put a note on, before it is anchored."""

    element_id: str
    start: int
    end: int
    quote: str


@dataclass(frozen=True)
class Anchor:
    """Where a note sits in one element's text, and the words it was written on."""

    element_id: str
    start: int
    end: int
    quote: str
    prefix: str = ""
    suffix: str = ""
    orphan: bool = False
    fuzzy: bool = False

    @classmethod
    def on(cls, element_id: str, text: str, start: int, end: int) -> Anchor:
        """The anchor of ``text[start:end]`` with its context."""
        if not 0 <= start <= end <= len(text):
            raise ValueError(f"range {start}..{end} is outside a text of {len(text)} characters")
        return cls(
            element_id=element_id,
            start=start,
            end=end,
            quote=text[start:end],
            prefix=text[max(0, start - CONTEXT) : start],
            suffix=text[end : end + CONTEXT],
        )

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Anchor:
        """Read the ``anchor`` column of an annotation row."""
        return cls(
            element_id=str(data.get("element_id", "")),
            start=int(data.get("start", 0)),
            end=int(data.get("end", 0)),
            quote=str(data.get("quote", "")),
            prefix=str(data.get("prefix", "")),
            suffix=str(data.get("suffix", "")),
            orphan=bool(data.get("orphan", False)),
            fuzzy=bool(data.get("fuzzy", False)),
        )

    def to_json(self) -> dict[str, Any]:
        """The ``anchor`` column value; ``orphan``/``fuzzy`` only when set."""
        data: dict[str, Any] = {
            "element_id": self.element_id,
            "start": self.start,
            "end": self.end,
            "quote": self.quote,
            "prefix": self.prefix,
            "suffix": self.suffix,
        }
        if self.orphan:
            data["orphan"] = True
        if self.fuzzy:
            data["fuzzy"] = True
        return data

    def orphaned(self) -> Anchor:
        """This anchor as an orphan: the old quote and context are kept."""
        return Anchor(
            self.element_id, self.start, self.end, self.quote, self.prefix, self.suffix, True
        )


def edit_region(old: str, new: str) -> tuple[int, int, int]:
    """``(head, old_end, new_end)``: ``old[head:old_end]`` became ``new[head:new_end]``."""
    limit = min(len(old), len(new))
    head = 0
    while head < limit and old[head] == new[head]:
        head += 1
    tail = 0
    while tail < limit - head and old[-1 - tail] == new[-1 - tail]:
        tail += 1
    return head, len(old) - tail, len(new) - tail


def _map_point(pos: int, region: tuple[int, int, int], *, at_end: bool) -> int:
    """Where ``pos`` of the old text is in the new one. A point inside the replaced stretch goes
    to the stretch's far side (start) or near side (end), so only what survived stays inside."""
    head, old_end, new_end = region
    if pos < head or (at_end and pos == head):
        return pos
    if pos >= old_end:
        return pos + (new_end - old_end)
    return head if at_end else new_end


def _context_score(text: str, start: int, end: int, prefix: str, suffix: str) -> int:
    before = text[:start]
    score = 0
    while score < len(prefix) and score < len(before) and prefix[-1 - score] == before[-1 - score]:
        score += 1
    after = text[end:]
    matched = 0
    while matched < len(suffix) and matched < len(after) and suffix[matched] == after[matched]:
        matched += 1
    return score + matched


def _occurrences(text: str, quote: str) -> list[int]:
    found = []
    at = text.find(quote)
    while at >= 0:
        found.append(at)
        at = text.find(quote, at + 1)
    return found


def relocate(anchor: Anchor, new_text: str, old_text: str | None = None) -> Anchor:
    """The anchor of the same words in ``new_text`` (``old_text``: the text it was made on).

    Returns an orphan when the words are gone. An orphan stays an orphan, and a fuzzy anchor
    stays marked fuzzy (its words changed once; someone should look at it again).
    """
    if anchor.orphan:
        return anchor
    moved = _relocate(anchor, new_text, old_text)
    if anchor.fuzzy and not moved.fuzzy and not moved.orphan:
        return Anchor(
            moved.element_id, moved.start, moved.end, moved.quote, moved.prefix, moved.suffix,
            fuzzy=True,
        )
    return moved


def _relocate(anchor: Anchor, new_text: str, old_text: str | None) -> Anchor:
    quote = anchor.quote
    if not quote:
        # A note on a whole line (or an empty range) follows the line.
        start = min(anchor.start, len(new_text))
        return Anchor.on(anchor.element_id, new_text, start, start)
    guess = anchor.start
    survived: tuple[int, int] | None = None
    if old_text is not None and old_text[anchor.start : anchor.end] == quote:
        region = edit_region(old_text, new_text)
        head, old_end, _new_end = region
        if anchor.end <= head or anchor.start >= old_end:  # the edit did not touch the range
            start = _map_point(anchor.start, region, at_end=False)
            end = start + len(quote)
            if new_text[start:end] == quote:
                return Anchor.on(anchor.element_id, new_text, start, end)
        survived = (
            _map_point(anchor.start, region, at_end=False),
            _map_point(anchor.end, region, at_end=True),
        )
        guess = survived[0]
    elif new_text[anchor.start : anchor.end] == quote:
        return Anchor.on(anchor.element_id, new_text, anchor.start, anchor.end)

    hits = _occurrences(new_text, quote)
    if hits:
        best = max(
            hits,
            key=lambda at: (
                _context_score(new_text, at, at + len(quote), anchor.prefix, anchor.suffix),
                -abs(at - guess),
            ),
        )
        return Anchor.on(anchor.element_id, new_text, best, best + len(quote))

    if survived is not None and len(quote) >= FUZZY_MIN_LENGTH:
        start, end = survived
        if start < end:
            ratio = difflib.SequenceMatcher(None, quote, new_text[start:end]).ratio()
            if ratio >= FUZZY_RATIO:
                moved = Anchor.on(anchor.element_id, new_text, start, end)
                return Anchor(
                    moved.element_id, start, end, moved.quote, moved.prefix, moved.suffix,
                    fuzzy=True,
                )
    logger.debug("note anchor on %r lost its words", quote)
    return anchor.orphaned()
