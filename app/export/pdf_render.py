"""Render a ``Document`` to PDF with reportlab: pagination, tables, notes, running header.

Each line is drawn run by run on the canvas (Arabic runs with ``direction='RTL', shaping=True``)
so bidirectional text keeps the visual order worked out in ``scripts``; fonts are embedded as
subsets. Dialogue groups that break across a page get (MORE) and the cue with (CONT'D).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from app.export import fonts
from app.export.model import Document, PageBreak, PageStyle, Paragraph, Table
from app.export.options import Cancelled
from app.export.pdf_lines import Line, position, wrap
from app.export.scripts import dominant_rtl

logger = logging.getLogger(__name__)

Progress = Callable[[int, int], bool]


class _Pager:
    """Places lines on pages, starting new pages and drawing headers and page numbers."""

    def __init__(self, doc: Document, canvas: object, labels: dict[str, str]) -> None:
        self.doc, self.c, self.labels = doc, canvas, labels
        st = doc.style
        self.st = st
        self.chain = fonts.FAMILY_CHAIN[st.family]
        self.text_w = st.width - st.margin_left - st.margin_right
        self.page = 0
        self.y = 0.0
        self.fresh = True
        self.new_page(first=True)

    def new_page(self, first: bool = False) -> None:
        if not first:
            self._footer()
            self.c.showPage()  # type: ignore[attr-defined]
        self.page += 1
        self.y = self.st.height - self.st.margin_top
        self.fresh = True
        if self.doc.header and not (self.page == 1 and self.doc.first_page_plain):
            self._draw_line(
                self._simple(self.doc.header, self.st.size - 2, "end"),
                self.st.height - self.st.margin_top / 2,
            )

    def _footer(self) -> None:
        if self.page == 1 and self.doc.first_page_plain:
            return
        text = self.labels["page"].format(n=self.labels["digits"](self.page))
        self._draw_line(self._simple(text, self.st.size - 2, "center"), self.st.margin_bottom / 2)

    def finish(self) -> None:
        self._footer()

    def _simple(self, text: str, size: float, align: str) -> Line:
        runs = position(text, self.chain, size, False, self.doc.rtl)
        width = runs[-1].x + runs[-1].width if runs else 0.0
        x = {"center": (self.text_w - width) / 2, "end": self.text_w - width}.get(align, 0.0)
        if self.doc.rtl and align == "end":
            x = 0.0
        return Line(runs, size, size * 1.2, x=x, grey=True)

    def room(self) -> float:
        return self.y - self.st.margin_bottom

    def place(self, line: Line) -> None:
        gap = 0.0 if self.fresh else line.space_before
        if self.room() < gap + line.height and not self.fresh:
            self.new_page()
            gap = 0.0
        self.y -= gap + line.height
        self._draw_line(line, self.y + line.height * 0.25)
        self.fresh = False

    def _draw_line(self, line: Line, baseline: float) -> None:
        c = self.c
        left = self.st.margin_left
        if line.grey:
            c.setFillGray(0.35)  # type: ignore[attr-defined]
        runs = [r for r in line.runs if r.text.strip()]
        if runs:
            from reportlab.pdfbase.ttfonts import shapeStr

            text = c.beginText()  # type: ignore[attr-defined]
            fake_bold = False
            for run in runs:
                name = fonts.pdf_name(run.face)
                fonts.register(run.face)
                text.setFont(name, line.size)
                want_bold = line.bold and not run.face.endswith("bold")
                if want_bold != fake_bold:
                    text.setTextRenderMode(2 if want_bold else 0)
                    fake_bold = want_bold
                text.setTextOrigin(left + line.x + run.x, baseline)
                text.textOut(shapeStr(run.text, name, line.size) if run.rtl else run.text)
            if fake_bold:
                text.setTextRenderMode(0)  # the mode outlives the text object
            if line.bold:
                c.setLineWidth(line.size * 0.035)  # type: ignore[attr-defined]
            c.drawText(text)  # type: ignore[attr-defined]
        if line.grey:
            c.setFillGray(0)  # type: ignore[attr-defined]
        mark_l, mark_r = line.marks
        if mark_l or mark_r:
            fonts.register(self.chain[0])
            c.setFont(fonts.pdf_name(face_bold(self.chain[0], line.bold)), line.size)  # type: ignore[attr-defined]
            c.drawRightString(left - 18, baseline, mark_l)  # type: ignore[attr-defined]
            c.drawString(self.st.width - self.st.margin_right + 18, baseline, mark_r)  # type: ignore[attr-defined]


def face_bold(key: str, bold: bool) -> str:
    name = f"{key}-bold"
    if bold and name in fonts.FACES:
        fonts.register(name)
        return name
    return key


def paragraph_lines(p: Paragraph, doc: Document, text_w: float) -> list[Line]:
    """Lay out one paragraph into lines positioned inside the text area."""
    st = doc.style
    chain = fonts.FAMILY_CHAIN[st.family]
    size = p.size or st.size
    width = max(36.0, text_w - p.indent - p.indent_end)
    text = p.text.upper() if p.uppercase else p.text
    lines = []
    for i, logical in enumerate(wrap(text, width, chain, size, p.bold)):
        runs = position(logical, chain, size, p.bold, p.rtl)
        used = runs[-1].x + runs[-1].width if runs else 0.0
        if p.align == "center":
            offset = p.indent + (width - used) / 2
        elif (p.align == "end") != p.rtl:
            offset = text_w - (p.indent if p.rtl else p.indent_end) - used
        else:
            offset = p.indent_end if p.rtl else p.indent
        lines.append(
            Line(
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
        )
    for note in p.notes:
        body = f"{note.label} {note.author}: {note.body}".strip()
        note_p = Paragraph(body, size=size - 2, rtl=p.rtl, indent=p.indent + 14)
        for line in paragraph_lines(note_p, doc, text_w):
            line.grey = True
            lines.append(line)
    return lines


def _table_rows(t: Table, doc: Document, text_w: float) -> list[list[list[Line]]]:
    """Each row of ``t`` (header first) as its cells' lines."""
    size = t.size or doc.style.size - 1
    widths = [w * text_w for w in t.widths]
    out = []
    for row in [t.header, *t.rows]:
        cells = []
        for text, w in zip(row, widths, strict=True):
            rtl = dominant_rtl(text, t.rtl)
            cells.append(
                _cell_lines(
                    text, size, rtl, row is t.header, w - 8, doc.style.family, doc.style.leading
                )
            )
        out.append(cells)
    return out


@lru_cache(maxsize=4096)
def _cell_lines(
    text: str, size: float, rtl: bool, bold: bool, width: float, family: str, leading: float
) -> list[Line]:
    """Lines of one table cell (cached: ids, limits and names repeat down a column)."""
    doc = Document("", "", rtl, PageStyle(family=family, leading=leading))  # type: ignore[arg-type]
    return paragraph_lines(Paragraph(text, size=size, rtl=rtl, bold=bold), doc, width)


def _draw_table(pager: _Pager, t: Table, doc: Document) -> None:
    c = pager.c
    text_w = pager.text_w
    widths = [w * text_w for w in t.widths]
    lefts = []
    x = 0.0
    for w in widths:
        lefts.append(text_w - x - w if t.rtl else x)
        x += w
    rows = _table_rows(t, doc, text_w)
    header = rows[0]
    pad = 4.0

    def row_height(cells: list[list[Line]]) -> float:
        return max((sum(ln.height for ln in cell) for cell in cells), default=0.0) + 2 * pad

    def draw_row(cells: list[list[Line]]) -> None:
        h = row_height(cells)
        if pager.room() < h and not pager.fresh:
            pager.new_page()
            draw_row(header)
        top = pager.y
        left = pager.st.margin_left
        c.setLineWidth(0.5)  # type: ignore[attr-defined]
        for cell, cx, w in zip(cells, lefts, widths, strict=True):
            c.rect(left + cx, top - h, w, h)  # type: ignore[attr-defined]
            y = top - pad
            for line in cell:
                y -= line.height
                shifted = Line(
                    line.runs,
                    line.size,
                    line.height,
                    x=cx + 4 + line.x,
                    bold=line.bold,
                    grey=line.grey,
                )
                pager._draw_line(shifted, y + line.height * 0.25)
        pager.y = top - h
        pager.fresh = False

    for i, cells in enumerate(rows):
        draw_row(cells)
        if i == 0:
            continue


def render_pdf(doc: Document, out: Path, labels: dict[str, str], progress: Progress) -> None:
    """Write ``doc`` as a PDF to ``out`` (the caller makes it atomic)."""
    from reportlab.pdfgen.canvas import Canvas

    st = doc.style
    first_face = fonts.FAMILY_CHAIN[st.family][0]
    fonts.register(first_face)
    canvas = Canvas(
        str(out), pagesize=(st.width, st.height), initialFontName=fonts.pdf_name(first_face)
    )
    canvas.setTitle(doc.title)
    canvas.setAuthor("Kiln")
    canvas.setSubject(doc.header)
    pager = _Pager(doc, canvas, labels)
    total = len(doc.blocks)
    lines: list[Line] = []
    for i, block in enumerate(doc.blocks):
        if i % 50 == 0 and not progress(i, total):
            raise Cancelled
        if isinstance(block, PageBreak):
            if not pager.fresh:
                pager.new_page()
        elif isinstance(block, Table):
            _draw_table(pager, block, doc)
        else:
            lines = _layout(doc, i, pager.text_w)
            _place_paragraph(pager, lines, block, doc, i)
            _CACHE.pop(i, None)
    _CACHE.clear()
    pager.finish()
    canvas.save()
    progress(total, total)


def _place_paragraph(pager: _Pager, lines: list[Line], p: Paragraph, doc: Document, i: int) -> None:
    """Place one paragraph's lines, keeping headings with what follows and marking dialogue."""
    if not lines:
        return
    if p.keep_with_next:
        following = _next_height(doc, i, pager.text_w)
        need = sum(ln.height for ln in lines) + lines[0].space_before + following
        if pager.room() < need and not pager.fresh:
            pager.new_page()
    more_h = lines[0].height
    for n, line in enumerate(lines):
        last_of_group = n == len(lines) - 1 and not _continues(doc, i, p.group)
        if (
            line.group is not None
            and line.cue
            and not last_of_group
            and not pager.fresh
            and pager.room() < line.height + more_h + line.space_before
        ):
            pager.place(_label_line(pager, pager.labels["more"], line))
            pager.new_page()
            pager.place(_label_line(pager, pager.labels["contd"].format(name=line.cue), line))
        pager.place(line)


def _label_line(pager: _Pager, text: str, like: Line) -> Line:
    runs = position(text, pager.chain, like.size, False, False)
    return Line(runs, like.size, like.height, x=2.2 * 72)


_CACHE: dict[int, list[Line]] = {}


def _layout(doc: Document, i: int, text_w: float) -> list[Line]:
    """Lines of paragraph ``i``, laid out once even when looked ahead at."""
    lines = _CACHE.get(i)
    if lines is None:
        block = doc.blocks[i]
        assert isinstance(block, Paragraph)
        lines = _CACHE[i] = paragraph_lines(block, doc, text_w)
    return lines


def _continues(doc: Document, i: int, group: int | None) -> bool:
    if group is None or i + 1 >= len(doc.blocks):
        return False
    nxt = doc.blocks[i + 1]
    return isinstance(nxt, Paragraph) and nxt.group == group


def _next_height(doc: Document, i: int, text_w: float) -> float:
    if i + 1 >= len(doc.blocks):
        return 0.0
    nxt = doc.blocks[i + 1]
    if isinstance(nxt, Paragraph):
        lines = _layout(doc, i + 1, text_w)[:2]
        return sum(ln.height for ln in lines) + (lines[0].space_before if lines else 0.0)
    return 0.0
