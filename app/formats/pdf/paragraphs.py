"""Lay a paragraph out into the PDF's lines: wrapped, put in visual order, aligned, with its
emphasis, change marks and notes carried onto the lines that hold them."""

from __future__ import annotations

import logging

from app.core.direction import (
    POP_DIRECTIONAL_ISOLATE,
    RIGHT_TO_LEFT_ISOLATE,
    has_rtl,
    isolate_rtl,
    shift_span,
)
from app.formats.document import fonts
from app.formats.document.model import Document, Paragraph
from app.formats.pdf.lines import LayoutCache, Line

logger = logging.getLogger(__name__)


def paragraph_lines(
    p: Paragraph, doc: Document, text_w: float, cache: LayoutCache
) -> list[Line]:
    """Lay out one paragraph into lines positioned inside the text area.

    A left-to-right paragraph's right-to-left stretches are isolated first
    (``app.core.direction.isolate_rtl``, as the DOCX writer does), so a Persian sentence in a
    Chinese line keeps its full stop and its Latin words where a reader expects them; a
    stretch broken over two lines is isolated again on the second.
    """
    st = doc.style
    chain = fonts.FAMILY_CHAIN[st.family]
    size = p.size or st.size
    width = max(36.0, text_w - p.indent - p.indent_end)
    text = p.text.upper() if p.uppercase else p.text
    spans = list(p.styles) if len(text) == len(p.text) else []
    changes = list(p.change_spans) if len(text) == len(p.text) else []
    plain = not p.rtl and not has_rtl(text)  # nothing to isolate: most lines of a packet
    if not p.rtl and not plain:
        text, inserted = isolate_rtl(text)
        spans = [(*shift_span(a, b, inserted), style) for a, b, style in spans]
        changes = [shift_span(a, b, inserted) for a, b in changes]
    marks: list[frozenset[str]] | None = None
    if spans:
        marks = [frozenset()] * len(text)
        for a, b, style in spans:
            for k in range(max(0, a), min(b, len(text))):
                marks[k] = marks[k] | {style}
    lines = []
    at = 0
    open_isolates = 0
    if plain and marks is None and _one_line(text, width, chain, size, p.bold, cache):
        wrapped = [text]
    else:
        wrapped = cache.wrap(text, width, chain, size, p.bold)
    for i, logical in enumerate(wrapped):
        start = text.find(logical, at) if logical else at
        start = at if start < 0 else start
        at = start + len(logical)
        line_marks = marks[start:at] if marks is not None else None
        if open_isolates:
            logical = RIGHT_TO_LEFT_ISOLATE * open_isolates + logical
            if line_marks is not None:
                line_marks = [frozenset()] * open_isolates + line_marks
        open_isolates = max(
            0, logical.count(RIGHT_TO_LEFT_ISOLATE) - logical.count(POP_DIRECTIONAL_ISOLATE)
        )
        runs = cache.position(logical, chain, size, p.bold, p.rtl, line_marks)
        used = runs[-1].x + runs[-1].width if runs else 0.0
        if p.align == "center":
            offset = p.indent + (width - used) / 2
        elif (p.align == "end") != p.rtl:
            offset = text_w - (p.indent if p.rtl else p.indent_end) - used
        else:
            offset = p.indent_end if p.rtl else p.indent
        line = Line(
            runs,
            size,
            size * st.leading,
            x=offset,
            bold=p.bold,
            space_before=p.space_before if i == 0 else 0.0,
            marks=p.margin_marks if i == 0 else ("", ""),
            group=p.group,
            cue=p.cue,
            keep_with_next=p.keep_with_next,
        )
        if p.change_mark and _changed(changes, start, at, i == len(wrapped) - 1):
            line.extra["change"] = p.change_mark
        if i == 0 and p.style == "title":
            line.extra["keep_space"] = True  # a title page's title stands down the page
        lines.append(line)
    if p.notes and lines:  # footnotes: the pager numbers them where the line lands
        lines[-1].extra["notes"] = list(p.notes)
        lines[-1].extra["rtl"] = p.rtl
    return lines


#: Less than any character's width, in ems, for each byte of its UTF-8 (a guess that only
#: spares laying out a line that cannot fit; a wrong one costs the wrap)
_NARROWEST = 0.25


def _one_line(text: str, width: float, chain: tuple[str, ...], size: float, bold: bool,
              cache: LayoutCache) -> bool:
    """Whether ``wrap`` would leave ``text``, plain left-to-right text without styles, on one
    line, told from the runs the line is drawn with (laid out once either way) rather than by
    measuring it chunk by chunk: a packet's line ids, scene numbers and short cells. Its
    chunks' widths add up to the runs' width (the same advances, summed in another order,
    hence the margin); a hard break or a trailing space goes through ``wrap``, and so does
    Arabic (shaped widths, which the caller leaves out)."""
    if "\n" in text or text.endswith(" "):
        return False
    if len(text.encode()) * size * _NARROWEST > width:
        return False  # plainly too long (a Han character is three bytes and an em): wrap it
    runs = cache.position(text, chain, size, bold, False)
    used = runs[-1].x + runs[-1].width if runs else 0.0
    return used <= width - 0.01


def _changed(changes: list[tuple[int, int]], start: int, end: int, last: bool) -> bool:
    """Whether the line holding ``text[start:end]`` carries a change (no ranges: every line
    does); an empty range marks the line where it falls, a range past the end the last line."""
    if not changes:
        return True
    for a, b in changes:
        if a < b and a < end and b > start:
            return True
        if a == b and (start <= a < end or (last and a >= end)):
            return True
        if last and a >= end:
            return True
    return False
