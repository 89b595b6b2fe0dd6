"""Inline styles of a script element: bold, italic and underlined stretches of its text.

An element's ``text`` is plain (no ``*`` or ``_`` markers); its emphasis lives in
``attrs["styles"]`` as ``[[start, end, style], …]`` in character offsets of that text, with
``style`` one of ``STYLES``. Fountain's ``**bold**`` and Final Draft's ``Style="Bold"`` are read
into this and written back from it, so every reader and writer agrees on one model.

``styled_runs`` is what a renderer (PDF, DOCX, the editor) asks for: the text cut into runs that
each carry the set of styles that apply to them. ``follow_edit`` moves the ranges when the text
changes, the way note anchors follow their words. Pure functions, no I/O.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from app.core.anchors import edit_region

logger = logging.getLogger(__name__)

BOLD, ITALIC, UNDERLINE = "bold", "italic", "underline"
#: The styles an element's text may carry, in the order markers nest (outermost last).
STYLES = (BOLD, ITALIC, UNDERLINE)
#: The key of ``Element.attrs`` that holds the ranges.
STYLES_KEY = "styles"

Span = tuple[int, int, str]


@dataclass(frozen=True)
class Run:
    """A stretch of an element's text and the styles that apply to all of it."""

    text: str
    styles: frozenset[str] = frozenset()

    @property
    def bold(self) -> bool:
        return BOLD in self.styles

    @property
    def italic(self) -> bool:
        return ITALIC in self.styles

    @property
    def underline(self) -> bool:
        return UNDERLINE in self.styles


def normalise(spans: Iterable[Any], length: int) -> list[Span]:
    """Valid, sorted, merged ranges: unknown styles, empty or malformed ranges are dropped,
    ranges are clipped to ``length`` and overlapping or touching ranges of one style joined."""
    by_style: dict[str, list[tuple[int, int]]] = {}
    for item in spans or ():
        try:
            start, end, style = int(item[0]), int(item[1]), str(item[2])
        except (TypeError, ValueError, IndexError, KeyError):
            continue
        start, end = max(0, start), min(length, end)
        if style in STYLES and start < end:
            by_style.setdefault(style, []).append((start, end))
    out: list[Span] = []
    for style, ranges in by_style.items():
        ranges.sort()
        merged = [list(ranges[0])]
        for start, end in ranges[1:]:
            if start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        out += [(s, e, style) for s, e in merged]
    out.sort(key=lambda span: (span[0], span[1], STYLES.index(span[2])))
    return out


def styles_of(text: str, attrs: Mapping[str, Any] | None) -> list[Span]:
    """The valid style ranges of an element with ``text`` and ``attrs``."""
    if not attrs:
        return []
    return normalise(attrs.get(STYLES_KEY) or (), len(text))


def to_attrs(spans: Iterable[Span]) -> list[list[Any]]:
    """Ranges as stored in ``attrs["styles"]`` (JSON lists)."""
    return [[start, end, style] for start, end, style in spans]


def styled_runs(text: str, attrs: Mapping[str, Any] | None = None) -> list[Run]:
    """``text`` cut into runs with their styles; one unstyled run when nothing is styled.

    Line breaks stay inside the runs; a renderer that lays out line by line splits them itself.
    """
    spans = styles_of(text, attrs)
    if not spans:
        return [Run(text)] if text else []
    cuts = sorted({0, len(text), *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    opening: dict[int, list[str]] = {}
    closing: dict[int, list[str]] = {}
    for start, end, style in spans:  # normalised: ranges of one style never touch
        opening.setdefault(start, []).append(style)
        closing.setdefault(end, []).append(style)
    # One sweep over the cuts (each range opens and closes once), pieces joined at the end.
    active: set[str] = set()
    pieces: list[tuple[list[str], frozenset[str]]] = []
    for start, end in zip(cuts, cuts[1:], strict=False):
        active.difference_update(closing.get(start, ()))
        active.update(opening.get(start, ()))
        styles = frozenset(active)
        if pieces and pieces[-1][1] == styles:
            pieces[-1][0].append(text[start:end])
        else:
            pieces.append(([text[start:end]], styles))
    return [Run("".join(parts), styles) for parts, styles in pieces]


def spans_from_runs(runs: Iterable[tuple[str, Iterable[str]]]) -> tuple[str, list[Span]]:
    """The plain text and ranges of ``(text, styles)`` runs (e.g. Final Draft's ``<Text>``)."""
    parts: list[str] = []
    spans: list[Span] = []
    at = 0
    for piece, styles in runs:
        for style in styles:
            if style in STYLES and piece:
                spans.append((at, at + len(piece), style))
        parts.append(piece)
        at += len(piece)
    text = "".join(parts)
    return text, normalise(spans, len(text))


def shift(spans: Iterable[Span], offset: int) -> list[Span]:
    """Ranges moved by ``offset`` characters (for text cut from a longer one)."""
    return [(s + offset, e + offset, style) for s, e, style in spans]


def follow_edit(spans: Iterable[Any], old: str, new: str) -> list[Span]:
    """The ranges of ``old`` moved onto ``new``: text typed inside a styled stretch takes its
    style, text after it does not; a stretch whose words were all deleted disappears."""
    head, old_end, new_end = edit_region(old, new)
    delta = new_end - old_end
    moved: list[Span] = []
    for start, end, style in normalise(spans, len(old)):
        if end <= head:
            moved.append((start, end, style))
        elif start >= old_end:
            moved.append((start + delta, end + delta, style))
        else:
            # The edit touches the range: new words inside it take its style.
            new_start = start if start < head else head
            new_stop = end + delta if end >= old_end else new_end
            moved.append((new_start, new_stop, style))
    return normalise(moved, len(new))


__all__ = [
    "BOLD",
    "ITALIC",
    "STYLES",
    "STYLES_KEY",
    "UNDERLINE",
    "Run",
    "follow_edit",
    "normalise",
    "shift",
    "spans_from_runs",
    "styled_runs",
    "styles_of",
    "to_attrs",
]
