"""The document model every export is built into, then rendered to PDF or DOCX.

Plain dataclasses: a ``Document`` holds a page style and a flat list of blocks (paragraphs,
tables, page breaks). Builders (shooting script, translator packet) fill it from project
queries; renderers (``pdf_render``, ``docx_render``) never look at the project.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Align = Literal["start", "center", "end"]

#: Points in an inch (page measures are in points).
INCH = 72.0


@dataclass(frozen=True)
class Note:
    """A note attached to a paragraph (a numbered footnote in PDF, a comment in DOCX)."""

    author: str
    body: str
    label: str = ""


@dataclass
class Paragraph:
    """One paragraph; ``rtl`` gives its base direction, runs are split by script at render.

    Indents are in points from the text area's start edge (left for LTR, right for RTL).
    ``group``/``cue`` mark a dialogue block so a page break inside it gets (MORE)/(CONT'D).
    """

    text: str
    style: str = "body"
    rtl: bool = False
    bold: bool = False
    size: float | None = None
    align: Align = "start"
    indent: float = 0.0
    indent_end: float = 0.0
    space_before: float = 0.0
    keep_with_next: bool = False
    margin_marks: tuple[str, str] = ("", "")
    group: int | None = None
    cue: str = ""
    notes: list[Note] = field(default_factory=list)
    uppercase: bool = False
    #: emphasis: ``(start, end, style)`` ranges of ``text`` (``app.core.styles``)
    styles: tuple[tuple[int, int, str], ...] = ()
    #: a mark in the outer margin (the right one; the left one in a document whose
    #: ``marks_left`` is set) beside every line of the paragraph that holds a change: the
    #: revision marks (``*`` on a changed line)
    change_mark: str = ""
    #: where the paragraph changed, as (start, end) ranges of ``text`` (an empty range marks
    #: the line where words were taken out); none: every line of the paragraph is marked
    change_spans: tuple[tuple[int, int], ...] = ()


@dataclass
class Table:
    """A table with a header row; ``widths`` are fractions of the text width."""

    header: list[str]
    rows: list[list[str]]
    widths: list[float]
    rtl: bool = False
    size: float | None = None
    fill_columns: tuple[int, ...] = ()
    #: the least height of a body row in points (room to write a translation by hand)
    row_height: float = 0.0


@dataclass
class DualDialogue:
    """Two speeches said at once, set side by side (cue, parenthetical, dialogue per side).

    ``columns`` are (start, width) of each side in points from the text area's left edge;
    paragraph indents inside a side are from that side's start.
    """

    left: list[Paragraph]
    right: list[Paragraph]
    columns: tuple[tuple[float, float], tuple[float, float]]
    space_before: float = 0.0


@dataclass
class Corners:
    """Lines set at the foot of the current page, in its two bottom corners (a title page's
    contact at the start corner, draft and date at the end corner)."""

    start: list[Paragraph]
    end: list[Paragraph]


@dataclass(frozen=True)
class PageBreak:
    """Start a new page."""


Block = Paragraph | Table | PageBreak | DualDialogue | Corners


@dataclass(frozen=True)
class PageStyle:
    """Page geometry and the face of the document, all lengths in points."""

    width: float = 595.28
    height: float = 841.89
    margin_left: float = 72.0
    margin_right: float = 72.0
    margin_top: float = 72.0
    margin_bottom: float = 72.0
    family: Literal["sans", "screenplay"] = "sans"
    size: float = 11.0
    leading: float = 1.45
    landscape: bool = False


@dataclass
class Document:
    """A whole export: metadata, page style, running header and blocks in reading order."""

    title: str
    language: str
    rtl: bool
    style: PageStyle
    header: str = ""
    blocks: list[Block] = field(default_factory=list)
    first_page_plain: bool = True
    #: where page numbers go: "foot" (``Page 2`` centred at the foot) or "head" (``2.`` at
    #: the top end corner, as screenplays number them)
    page_numbers: Literal["foot", "head"] = "foot"
    #: pages before the count starts (a title page): they carry no number, and the page after
    #: them is page 1
    front_pages: int = 0
    #: a revised script's running words: its colour and date ("Blue Revision · 10 March
    #: 2025"), printed at the head of every page after the front pages
    revision: str = ""
    #: change marks go in the left margin (a script written right to left)
    marks_left: bool = False
    #: keep only the front pages and the pages that carry a change mark (PDF)
    changed_pages_only: bool = False

    def add(self, block: Block) -> Block:
        """Append ``block`` and return it."""
        self.blocks.append(block)
        return block
