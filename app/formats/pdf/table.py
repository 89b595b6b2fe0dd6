"""Tables in the PDF: cells laid out once per text, rows drawn with their rules, kept whole on
a page, the header row again at the top of every page a table runs onto.

A packet's dialogue list has some 20,000 rows whose scene numbers, speakers, limits and
headings repeat down their columns, so each column lays out a text once, each row's height
is summed once, and a cell's line is drawn in place (its column's offset handed to the
``TextWriter``, which writes a line it has written before from its template) rather than copied
for every row it appears in; a row's rules and text go onto the page as strings.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from app.core.direction import dominant_rtl
from app.formats.document.model import Document, PageStyle, Paragraph, Table
from app.formats.pdf.lines import LayoutCache, Line
from app.formats.pdf.operators import fp
from app.formats.pdf.paragraphs import paragraph_lines

if TYPE_CHECKING:
    from app.formats.pdf.render import _Pager

logger = logging.getLogger(__name__)

_PAD = 4.0  # points between a cell's rules and its text, above and below

#: the document a cell is laid out in, by direction, family and leading (never changed)
_cell_docs: dict[tuple[bool, str, float], Document] = {}


def table_rows(
    t: Table, doc: Document, text_w: float, cache: LayoutCache
) -> list[list[list[Line]]]:
    """Each row of ``t`` (header first) as its cells' lines.

    A column's cells are looked up by their text alone (everything else is the column's), so
    the scene numbers, speakers and limits repeated down a packet's rows cost a dict look-up
    each."""
    size = t.size or doc.style.size - 1
    widths = [w * text_w for w in t.widths]
    header = [
        cell_lines(cache, text, size, dominant_rtl(text, t.rtl), True, w - 8,
                   doc.style.family, doc.style.leading)
        for text, w in zip(t.header, widths, strict=True)
    ]
    columns: list[dict[str, list[Line]]] = [{} for _ in widths]
    out = [header]
    for row in t.rows:
        cells = []
        for text, w, known in zip(row, widths, columns, strict=True):
            lines = known.get(text)
            if lines is None:
                lines = known[text] = cell_lines(
                    cache, text, size, dominant_rtl(text, t.rtl), False, w - 8,
                    doc.style.family, doc.style.leading,
                )
            cells.append(lines)
        out.append(cells)
    return out


def cell_lines(
    cache: LayoutCache,
    text: str,
    size: float,
    rtl: bool,
    bold: bool,
    width: float,
    family: str,
    leading: float,
) -> list[Line]:
    """Lines of one table cell, laid out once per render (ids, limits and names repeat down a
    column); the lines are shared, so they are never changed after."""
    key = (text, size, rtl, bold, width, family, leading)
    lines = cache.cells.get(key)
    if lines is None:
        doc = _cell_docs.get((rtl, family, leading))
        if doc is None:  # what paragraph_lines reads of it: the family and leading
            doc = _cell_docs[rtl, family, leading] = Document(
                "", "", rtl, PageStyle(family=family, leading=leading)  # type: ignore[arg-type]
            )
        cell = Paragraph(text, size=size, rtl=rtl, bold=bold)
        lines = cache.cells[key] = paragraph_lines(cell, doc, width, cache)
    return lines


def row_heights(rows: list[list[list[Line]]], least: float) -> list[float]:
    """The height of each row: its tallest cell and the padding; a body row (all but the
    first) is ``least`` tall at least."""
    heights = []
    tall: dict[int, float] = {}  # a cell's height, by its lines (shared down a column)
    for i, cells in enumerate(rows):
        used = 0.0
        for cell in cells:
            h = tall.get(id(cell))
            if h is None:
                h = tall[id(cell)] = sum(ln.height for ln in cell)
            if h > used:
                used = h
        used += 2 * _PAD
        heights.append(used if i == 0 else max(used, least))
    return heights


def draw_table(pager: _Pager, t: Table, doc: Document) -> None:
    """Draw ``t`` at the pager's place, starting pages as it runs down."""
    text_w = pager.text_w
    widths = [w * text_w for w in t.widths]
    lefts = []
    x = 0.0
    for w in widths:
        lefts.append(text_w - x - w if t.rtl else x)
        x += w
    left = pager.st.margin_left
    # per column: where its lines start (a line's left edge is ``left + (inset + line.x)``)
    # and its rule's x and width as reportlab writes them
    insets = [cx + 4 for cx in lefts]
    columns = [(inset, f"n {fp(left + cx)} ", f" {fp(w)} ")
               for cx, w, inset in zip(lefts, widths, insets, strict=True)]
    rows = table_rows(t, doc, text_w, pager.cache)
    heights = row_heights(rows, t.row_height)
    header, header_h = rows[0], heights[0]
    line_ops = pager.writer.line
    number = pager.writer.number

    def draw_row(cells: list[list[Line]], h: float) -> None:
        if pager.room() < h and not pager.fresh:
            pager.new_page()
            put_row(header, header_h)
        put_row(cells, h)

    # not one recursive closure: a function that holds itself keeps the pager, its layout
    # cache and every line alive until the cyclic collector finds them
    def put_row(cells: list[list[Line]], h: float) -> None:
        """The row's cell rules, then one text object with every line of its cells (what
        ``setLineWidth(0.5)``, a ``rect`` per cell and a text object of the lines wrote)."""
        top = pager.y
        c = pager.c
        bottom = number(top - h)
        height = f"{number(h)} re S"
        code = [".5 w"]
        parts: list[str] = []
        bold_size = 0.0
        for cell, (inset, rule_x, rule_w) in zip(cells, columns, strict=True):
            code.append(rule_x + bottom + rule_w + height)
            y = top - _PAD
            for line in cell:
                y -= line.height
                ops = line_ops(c, line, left + (inset + line.x), y + line.height * 0.25)
                if ops:
                    parts.append(ops)
                    if line.bold and line.size > bold_size:
                        bold_size = line.size
        c._code.extend(code)  # type: ignore[attr-defined]
        if parts:
            pager.put_text(parts, bold_size)
        pager.y = top - h
        pager.fresh = False

    for i, cells in enumerate(rows):
        # no row alone: the header goes with the first row, the last row with the one before it
        ahead = (i == 0 and len(rows) > 1) or (i == len(rows) - 2 and i > 0)
        if ahead and not pager.fresh:
            together = heights[i] + heights[i + 1]
            if pager.room() < together:
                pager.new_page()
        draw_row(cells, heights[i])
