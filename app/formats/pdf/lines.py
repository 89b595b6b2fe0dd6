"""Line layout for the PDF renderer: wrap a paragraph into lines of measured, positioned runs.

Lines are broken in logical order (words, or Han characters with the Chinese no-start /
no-end punctuation rules), then each line is put in visual order and cut into runs of one
font. Arabic-script runs are measured with HarfBuzz (their shaped width), others with the
font's advance widths.

What depends only on a font (its HarfBuzz face, its units per em) is kept for the life of the
process; what depends on a document's text lives in a ``LayoutCache`` that one render makes
and drops, so no render can draw another document's words.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import NamedTuple

from app.formats.document import fonts
from app.formats.document.scripts import break_chunks, styled_visual_runs, visual_runs

logger = logging.getLogger(__name__)


class Run(NamedTuple):
    """A piece of one line in one font, ``x`` from the line's left edge.

    ``bold`` asks for a drawn-over stroke when ``face`` has no bold of its own; ``italic`` a
    slanted face (none is shipped: the glyphs are slanted); ``underline`` a rule under it;
    ``strike`` a rule through it (words deleted, in a changes report). A named tuple, not a
    frozen dataclass: a packet makes 100,000 and a frozen dataclass took 2 us to make each.
    """

    text: str
    face: str
    rtl: bool
    x: float
    width: float
    bold: bool = False
    italic: bool = False
    underline: bool = False
    strike: bool = False


@dataclass
class Line:
    """One laid-out line: runs, size, left offset in the text area and the room it takes."""

    runs: list[Run]
    size: float
    height: float
    x: float = 0.0
    bold: bool = False
    space_before: float = 0.0
    marks: tuple[str, str] = ("", "")
    group: int | None = None
    cue: str = ""
    keep_with_next: bool = False
    grey: bool = False
    extra: dict[str, object] = field(default_factory=dict)


@cache
def _hb_font(key: str) -> object:
    import uharfbuzz as hb

    face = fonts.FACES[key]
    blob = hb.Blob.from_file_path(str(face.path))
    return hb.Font(hb.Face(blob, face.subfont))


@cache
def _upem(key: str) -> int:
    return _hb_font(key).face.upem  # type: ignore[attr-defined]


def _shaped_width(text: str, key: str, size: float) -> float:
    import uharfbuzz as hb

    buf = hb.Buffer()
    buf.add_str(text)
    buf.guess_segment_properties()
    hb.shape(_hb_font(key), buf, {})
    return sum(p.x_advance for p in buf.glyph_positions) * size / _upem(key)


def _plain_width(text: str, key: str, size: float) -> float:
    """The advance width of ``text`` in face ``key`` (reportlab's ``stringWidth`` of the font
    registered under its name, asked directly)."""
    return fonts.register(key).stringWidth(text, size)  # type: ignore[attr-defined]


def arabic_face(bold: bool) -> str:
    return "arabic-bold" if bold else "arabic"


def face_for(key: str, bold: bool) -> str:
    """The bold face of ``key`` where one is shipped."""
    if bold and f"{key}-bold" in fonts.FACES:
        return f"{key}-bold"
    return key


def measure(text: str, chain: tuple[str, ...], size: float, bold: bool) -> float:
    """Width of ``text`` (logical order) in points."""
    total = 0.0
    for piece, is_arabic in visual_runs(text, False):
        if is_arabic:
            total += _shaped_width(piece, arabic_face(bold), size)
        else:
            for part, key in fonts.split_by_font(piece, chain):
                total += _plain_width(part, face_for(key, bold), size)
    return total


#: What a width is measured in: the font chain, the size and whether it is bold.
Measure = tuple[tuple[str, ...], float, bool]


class LayoutCache:
    """What one render has measured, shaped and laid out, so each is worked out once.

    A script repeats its words, cues and labels on every page and a packet its ids down every
    column, so remembering them keeps a render fast. The cache is made by one ``render_pdf``
    call and dropped with it, finished or cancelled: keyed by block position, a leftover would
    put one document's lines into the next document's PDF.
    """

    def __init__(self) -> None:
        #: widths of pieces of text (logical order), by font chain, size and bold, then text
        self.widths: dict[Measure, dict[str, float]] = {}
        #: Arabic runs shaped for reportlab, by (text, font name, size)
        self.shaped: dict[tuple[str, str, float], str] = {}
        #: lines of a table cell, by everything they are laid out from
        self.cells: dict[tuple[object, ...], list[Line]] = {}
        #: lines of the paragraph at a block position, laid out ahead (a heading kept with them)
        self.paragraphs: dict[int, list[Line]] = {}
        #: a paragraph's text broken into lines, by (text, width, fonts, size, bold)
        self.wraps: dict[tuple[str, float, tuple[str, ...], float, bool], list[str]] = {}
        #: one line's positioned runs (never changed once made), by everything they depend on
        self.runs: dict[tuple[object, ...], list[Run]] = {}
        #: reportlab's text operators of a run, by PDF, font, size, direction and text
        #: (``operators.TextWriter.run_ops``)
        self.text_ops: dict[tuple[object, ...], str] = {}
        #: running headers and page labels, laid out once
        self.labels: dict[tuple[str, float, str], Line] = {}

    def wrap(self, text: str, width: float, chain: tuple[str, ...], size: float,
             bold: bool) -> list[str]:
        """``wrap``, once per render for each text, width and font (cues, labels and ids
        repeat down a script and a packet), and once for each of its hard lines: ``wrap``
        breaks them one by one, and a packet's context cells repeat their scene's heading
        above a different action."""
        key = (text, width, chain, size, bold)
        lines = self.wraps.get(key)
        if lines is None:
            if "\n" in text:
                lines = [line for hard in text.split("\n")
                         for line in self.wrap(hard, width, chain, size, bold)]
            else:
                lines = wrap(text, width, chain, size, bold, self)
            self.wraps[key] = lines
        return list(lines)

    def position(self, text: str, chain: tuple[str, ...], size: float, bold: bool, rtl: bool,
                 marks: list[frozenset[str]] | None = None) -> list[Run]:
        """``position``, once per render for each line of text with its styles."""
        key = (text, chain, size, bold, rtl, None if marks is None else tuple(marks))
        runs = self.runs.get(key)
        if runs is None:
            runs = self.runs[key] = position(text, chain, size, bold, rtl, marks)
        return runs

    def measure(self, text: str, chain: tuple[str, ...], size: float, bold: bool) -> float:
        """``measure``, once per render for each piece of text."""
        known = self.widths_in(chain, size, bold)
        width = known.get(text)
        if width is None:
            width = known[text] = measure(text, chain, size, bold)
        return width

    def widths_in(self, chain: tuple[str, ...], size: float, bold: bool) -> dict[str, float]:
        """The widths measured so far in one chain, size and weight, by text (``wrap`` looks
        each chunk up here: a Chinese paragraph has a chunk a character)."""
        key = (chain, size, bold)
        known = self.widths.get(key)
        if known is None:
            known = self.widths[key] = {}
        return known


_BETWEEN = " .,:;!?()،؛؟«»-‌"


def position(
    text: str,
    chain: tuple[str, ...],
    size: float,
    bold: bool,
    rtl: bool,
    marks: list[frozenset[str]] | None = None,
) -> list[Run]:
    """Runs of one line in visual order with their x offsets; ``marks`` gives the styles of
    each character of ``text`` (bold, italic, underline)."""
    runs: list[Run] = []
    x = 0.0
    pieces = styled_visual_runs(text, rtl, marks)
    some_arabic = any(p[1] for p in pieces)
    for i, (piece, is_arabic, style) in enumerate(pieces):
        strong = bold or "bold" in style
        extra = {"bold": strong, "italic": "italic" in style, "underline": "underline" in style,
                 "strike": "strike" in style}
        near_arabic = some_arabic and any(p[1] for p in pieces[max(0, i - 1) : i + 2])
        if not is_arabic and near_arabic and not piece.strip(_BETWEEN):
            # spaces and punctuation between Arabic words in the Arabic face where it has them
            for part, key in fonts.split_by_font(piece, ("arabic", *chain)):
                key = face_for(key, strong)
                width = _plain_width(part, key, size)
                runs.append(Run(part, key, False, x, width, **extra))
                x += width
            continue
        if is_arabic:
            key = arabic_face(strong)
            width = _shaped_width(piece, key, size)
            runs.append(Run(piece, key, True, x, width, **extra))
            x += width
            continue
        for part, key in fonts.split_by_font(piece, chain):
            key = face_for(key, strong)
            width = _plain_width(part, key, size)
            runs.append(Run(part, key, False, x, width, **extra))
            x += width
    return runs


def wrap(
    text: str,
    width: float,
    chain: tuple[str, ...],
    size: float,
    bold: bool,
    cache: LayoutCache | None = None,
) -> list[str]:
    """``text`` broken into logical lines no wider than ``width`` (hard breaks kept)."""
    known = (cache or LayoutCache()).widths_in(chain, size, bold)

    def width_of(part: str) -> float:
        width = known.get(part)
        if width is None:
            width = known[part] = measure(part, chain, size, bold)
        return width

    space = width_of(" ")
    lines: list[str] = []
    for hard in text.split("\n"):
        current = ""
        current_w = 0.0
        for chunk in break_chunks(hard):
            w = known.get(chunk)
            if w is None:
                w = width_of(chunk)
            trailing = space if chunk[-1] == " " else 0.0
            if current and current_w + w - trailing > width:
                lines.append(current.rstrip(" "))
                current, current_w = "", 0.0
            while not current and w > width and len(chunk) > 1:
                cut = _fit(chunk, width, width_of)
                lines.append(chunk[:cut])
                chunk = chunk[cut:]
                w = width_of(chunk)
            current += chunk
            current_w += w
        lines.append(current.rstrip(" "))
    return lines


def _fit(chunk: str, width: float, measure: Callable[[str], float]) -> int:
    """How many characters of ``chunk`` fit in ``width`` (at least one)."""
    for cut in range(len(chunk) - 1, 0, -1):
        if measure(chunk[:cut]) <= width:
            return cut
    return 1
