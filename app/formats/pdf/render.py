"""Render a ``Document`` to PDF with reportlab: pagination, tables, notes, running header.

Each line is drawn run by run on the canvas (Arabic runs shaped by HarfBuzz) so bidirectional
text keeps the visual order worked out in ``scripts``; its text operators are written as strings
by ``operators.TextWriter``, as reportlab's text object writes them; fonts are embedded as
subsets. Dialogue groups that break across a page get (MORE) and the cue with (CONT'D).
Notes become numbered footnotes: a small raised number after the line's logical end (its right
edge, or its left edge when the line is right-to-left) and the note at the foot of the same
page, set in its own direction. Dual dialogue is drawn as two columns side by side.

Each call of ``render_pdf`` keeps what it lays out in a ``LayoutCache`` of its own, handed down
to every function that lays out text, and nothing of a document outlives its render.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Callable
from pathlib import Path

from app.core.direction import dominant_rtl
from app.formats.document import fonts
from app.formats.document.model import (
    Corners,
    Document,
    DualDialogue,
    Note,
    PageBreak,
    Paragraph,
    Table,
)
from app.formats.document.options import Cancelled
from app.formats.pdf import tounicode
from app.formats.pdf.canvas import canvas_class
from app.formats.pdf.lines import LayoutCache, Line, position
from app.formats.pdf.operators import TextWriter, fp, text_object
from app.formats.pdf.paragraphs import paragraph_lines
from app.formats.pdf.table import draw_table

logger = logging.getLogger(__name__)

Progress = Callable[[int, int], bool]

_RULE_GAP = 8.0  # points between the body and the footnotes' rule


class _Pager:
    """Places lines on pages, starting new pages and drawing headers and page numbers."""

    def __init__(
        self, doc: Document, canvas: object, labels: dict[str, str], cache: LayoutCache
    ) -> None:
        self.doc, self.c, self.labels, self.cache = doc, canvas, labels, cache
        st = doc.style
        self.st = st
        self.chain = fonts.FAMILY_CHAIN[st.family]
        self.text_w = st.width - st.margin_left - st.margin_right
        self.page = 0
        self.y = 0.0
        self.fresh = True
        self.note_count = 0
        self.footnotes: list[Line] = []
        self.foot_h = 0.0
        #: The pages a change mark was drawn on (a revision's changed pages).
        self.marked_pages: set[int] = set()
        #: writes each line's text operators
        self.writer = TextWriter(cache)
        self.new_page(first=True)

    def new_page(self, first: bool = False) -> None:
        if not first:
            self._draw_footnotes()
            self._footer()
            self.c.showPage()  # type: ignore[attr-defined]
        self.page += 1
        self.y = self.st.height - self.st.margin_top
        self.fresh = True
        front = self.page <= max(self.doc.front_pages, 1 if self.doc.first_page_plain else 0)
        if self.doc.header and not front:
            self._draw_line(
                self._simple(self.doc.header, self.st.size - 2, "start" if self.head_numbers
                             else "end"),
                self.st.height - self.st.margin_top / 2,
            )
        number = self.page - self.doc.front_pages
        used = 0.0
        if self.head_numbers and not front and number > 1:
            # a screenplay's number: "2." at the top end corner, none on its first page
            line = self._simple(f"{self.labels['digits'](number)}.", self.st.size, "end")
            line.grey = False
            self._draw_line(line, self.st.height - self.st.margin_top / 2)
            used = line.runs[-1].x + line.runs[-1].width if line.runs else 0.0
        if self.doc.revision and not front:
            self._revision_header(used)

    def _revision_header(self, number_width: float) -> None:
        """The revision's colour and date at the head of the page: before the page number at
        the end corner of a screenplay, at the start corner when the running header holds the
        end."""
        size = self.st.size - 2
        if self.head_numbers or not self.doc.header:
            line = self._simple(self.doc.revision, size, "end")
            gap = number_width + 18.0 if number_width else 0.0
            line.x = line.x + gap if self.doc.rtl else line.x - gap
        else:
            line = self._simple(self.doc.revision, size, "start")
        line.grey = False
        self._draw_line(line, self.st.height - self.st.margin_top / 2)

    @property
    def head_numbers(self) -> bool:
        return self.doc.page_numbers == "head"

    def _footer(self) -> None:
        front = self.page <= max(self.doc.front_pages, 1 if self.doc.first_page_plain else 0)
        if front or self.head_numbers:
            return
        number = self.page - self.doc.front_pages
        text = self.labels["page"].format(n=self.labels["digits"](number))
        self._draw_line(self._simple(text, self.st.size - 2, "center"), self.st.margin_bottom / 2)

    def finish(self) -> None:
        self._draw_footnotes()
        self._footer()

    # -- footnotes --------------------------------------------------------------------------

    def note_lines(self, notes: list[Note], rtl: bool) -> tuple[list[str], list[Line], float]:
        """Numbers (not yet taken), lines and height of ``notes`` as footnotes of this page."""
        numbers = [
            self.labels["digits"](self.note_count + i + 1)  # type: ignore[operator]
            for i in range(len(notes))
        ]
        lines: list[Line] = []
        size = self.st.size - 3
        for number, note in zip(numbers, notes, strict=True):
            who = f"{note.author}: " if note.author else ""
            body = f"{number} {who}{note.body}"
            p = Paragraph(body, size=size, rtl=dominant_rtl(note.body, rtl), space_before=2)
            lines.extend(paragraph_lines(p, self.doc, self.text_w, self.cache))
        height = sum(ln.height + ln.space_before for ln in lines)
        return numbers, lines, height + (0.0 if self.footnotes else _RULE_GAP)

    def take_notes(self, numbers: list[str], lines: list[Line], height: float) -> None:
        """Keep ``lines`` for this page's foot; they take ``height`` from the page."""
        self.note_count += len(numbers)
        self.footnotes.extend(lines)
        self.foot_h += height

    def draw_marker(self, line: Line, baseline: float, numbers: list[str]) -> None:
        """The footnote numbers, small and raised, after ``line``'s logical end."""
        size = line.size * 0.62
        mark = ",".join(numbers)
        runs = position(mark, self.chain, size, False, False)
        width = runs[-1].x + runs[-1].width if runs else 0.0
        used = line.runs[-1].x + line.runs[-1].width if line.runs else 0.0
        x = line.x - width - 1.5 if line.extra.get("rtl") else line.x + used + 1.5
        self._draw_line(Line(runs, size, size, x=x), baseline + line.size * 0.38)

    def _draw_footnotes(self) -> None:
        if not self.footnotes:
            return
        st, c = self.st, self.c
        y = st.margin_bottom + self.foot_h
        rule = min(108.0, self.text_w / 3)
        x0 = st.margin_left + (self.text_w - rule if self.doc.rtl else 0.0)
        c.setLineWidth(0.5)  # type: ignore[attr-defined]
        c.line(x0, y - 3, x0 + rule, y - 3)  # type: ignore[attr-defined]
        y -= _RULE_GAP
        for line in self.footnotes:
            y -= line.space_before + line.height
            self._draw_line(line, y + line.height * 0.25)
        self.footnotes, self.foot_h = [], 0.0

    def _simple(self, text: str, size: float, align: str) -> Line:
        """A running header or page label (the same header is laid out once a render)."""
        key = (text, size, align)
        known = self.cache.labels.get(key)
        if known is None:
            known = self.cache.labels[key] = self._label_line(text, size, align)
        return Line(known.runs, known.size, known.height, x=known.x, grey=known.grey)

    def _label_line(self, text: str, size: float, align: str) -> Line:
        runs = position(text, self.chain, size, False, self.doc.rtl)
        width = runs[-1].x + runs[-1].width if runs else 0.0
        x = {"center": (self.text_w - width) / 2, "end": self.text_w - width}.get(align, 0.0)
        if self.doc.rtl and align == "end":
            x = 0.0
        return Line(runs, size, size * 1.2, x=x, grey=True)

    def room(self) -> float:
        return self.y - self.st.margin_bottom - self.foot_h

    def place(self, line: Line) -> None:
        notes: list[Note] = line.extra.get("notes") or []  # type: ignore[assignment]
        gap = 0.0 if self.fresh and not line.extra.get("keep_space") else line.space_before
        foot = self.note_lines(notes, bool(line.extra.get("rtl"))) if notes else None
        need = gap + line.height + (foot[2] if foot else 0.0)
        if self.room() < need and not self.fresh:
            self.new_page()
            gap = 0.0
            foot = self.note_lines(notes, bool(line.extra.get("rtl"))) if notes else None
        self.y -= gap + line.height
        baseline = self.y + line.height * 0.25
        self._draw_line(line, baseline)
        if foot:
            self.take_notes(*foot)
            self.draw_marker(line, baseline, foot[0])
        self.fresh = False

    def _draw_line(self, line: Line, baseline: float) -> None:
        left = self.st.margin_left + line.x
        ops = self.writer.line(self.c, line, left, baseline)
        if ops:
            bold = line.bold or any(r.bold for r in line.runs)
            self.put_text([ops], line.size if bold else 0.0)
        self._draw_marks(line, baseline)

    def put_text(self, parts: list[str], bold_size: float) -> None:
        """Write a text object of the lines ``parts`` (``TextWriter.line``) onto the page, then
        their rules; ``bold_size`` > 0 sets the fake-bold stroke first."""
        code = self.c._code  # type: ignore[attr-defined]
        if bold_size:
            code.append(f"{fp(bold_size * 0.035)} w")  # setLineWidth
        code.append(text_object(parts))
        if self.writer.rules:
            code.extend(self.writer.take_rules())

    def _draw_marks(self, line: Line, baseline: float) -> None:
        """Scene numbers in both margins, and the change mark (the hook for revision marks:
        ``Paragraph.change_mark``, drawn in the outer right margin, beyond the number; in the
        left one when the document's ``marks_left`` is set)."""
        c = self.c
        change = str(line.extra.get("change") or "")
        if change:
            fonts.register(self.chain[0])
            c.setFont(fonts.pdf_name(self.chain[0]), line.size)  # type: ignore[attr-defined]
            if self.doc.marks_left:
                c.drawString(0.4 * 72, baseline, change)  # type: ignore[attr-defined]
            else:
                c.drawRightString(self.st.width - 0.4 * 72, baseline, change)  # type: ignore[attr-defined]
            self.marked_pages.add(self.page)
        mark_l, mark_r = line.marks
        if mark_l or mark_r:
            left = self.st.margin_left
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


def render_pdf(doc: Document, out: Path, labels: dict[str, str], progress: Progress) -> None:
    """Write ``doc`` as a PDF to ``out`` (the caller makes it atomic).

    A document that keeps its changed pages only is laid out twice: once to learn which pages
    carry a change mark, then for real, the other pages drawn on a canvas that is thrown away
    (every page keeps its number, as revised pages do).
    """
    if not doc.changed_pages_only:
        _render(doc, out, labels, progress)
        return

    def first(done: int, total: int) -> bool:
        return progress(done, 2 * max(total, 1))

    def second(done: int, total: int) -> bool:
        return progress(total + done, 2 * max(total, 1))

    marked = _render(doc, io.BytesIO(), labels, first)
    front = set(range(1, max(doc.front_pages, 1 if doc.first_page_plain else 0) + 1))
    _render(doc, out, labels, second, keep=marked | front)


def _canvas(doc: Document, out: Path | io.BytesIO) -> object:
    st = doc.style
    first_face = fonts.FAMILY_CHAIN[st.family][0]
    fonts.register(first_face)
    canvas = canvas_class()(
        out if isinstance(out, io.BytesIO) else str(out), pagesize=(st.width, st.height),
        initialFontName=fonts.pdf_name(first_face),
    )
    canvas.setTitle(doc.title)
    canvas.setAuthor("Kiln")
    canvas.setSubject(doc.header)
    return canvas


class _KeptPages:
    """A canvas that draws the pages in ``keep`` on ``real`` and every other page on ``scratch``
    (thrown away); ``showPage`` moves both on."""

    def __init__(self, real: object, scratch: object, keep: set[int]) -> None:
        self.real, self.scratch, self.keep = real, scratch, keep
        self.page = 1
        self.active = real if 1 in keep else scratch

    def showPage(self) -> None:  # noqa: N802 - reportlab's name
        self.active.showPage()  # type: ignore[attr-defined]
        self.page += 1
        self.active = self.real if self.page in self.keep else self.scratch

    def save(self) -> None:
        self.real.save()  # type: ignore[attr-defined]

    def __getattr__(self, name: str) -> object:
        return getattr(self.active, name)


def _render(doc: Document, out: Path | io.BytesIO, labels: dict[str, str], progress: Progress,
            keep: set[int] | None = None) -> set[int]:
    """Lay ``doc`` out onto ``out`` (only the pages in ``keep``, when given); returns the pages
    that carry a change mark."""
    canvas = _canvas(doc, out)
    if keep is not None:
        canvas = _KeptPages(canvas, _canvas(doc, io.BytesIO()), keep)
    tounicode.install()
    cache = LayoutCache()  # this render's alone: dropped with it, whether it ends or not
    pager = _Pager(doc, canvas, labels, cache)
    total = len(doc.blocks)
    lines: list[Line] = []
    for i, block in enumerate(doc.blocks):
        if i % 50 == 0 and not progress(i, total):
            raise Cancelled
        if isinstance(block, PageBreak):
            if not pager.fresh:
                pager.new_page()
        elif isinstance(block, Table):
            draw_table(pager, block, doc)
        elif isinstance(block, DualDialogue):
            _place_dual(pager, block, doc)
        elif isinstance(block, Corners):
            _place_corners(pager, block, doc)
        else:
            lines = _layout(doc, i, pager.text_w, cache)
            _place_paragraph(pager, lines, block, doc, i)
            cache.paragraphs.pop(i, None)  # placed: only the paragraphs ahead are kept
    pager.finish()
    canvas.save()  # type: ignore[attr-defined]
    progress(total, total)
    return pager.marked_pages


def _place_paragraph(pager: _Pager, lines: list[Line], p: Paragraph, doc: Document, i: int) -> None:
    """Place one paragraph's lines, keeping headings and cues with what follows and marking
    dialogue that breaks across a page with (MORE) and the cue with (CONT'D)."""
    if not lines:
        return
    if p.keep_with_next:
        following = _next_height(doc, i, pager.text_w, pager.cache)
        need = sum(ln.height for ln in lines) + lines[0].space_before + following
        if pager.room() < need and not pager.fresh:
            pager.new_page()
    more_h = lines[0].height
    for n, line in enumerate(lines):
        rest = sum(ln.height for ln in lines[n:]) + (line.space_before if not pager.fresh else 0)
        spoken = line.group is not None and line.cue and not p.keep_with_next
        if (
            spoken
            and not pager.fresh
            and pager.room() < rest
            and (n > 0 or _continued_speech(doc, i))
            and pager.room() < line.height + more_h + (0 if n else line.space_before)
        ):
            pager.place(_label_line(pager, pager.labels["more"], line, doc))
            pager.new_page()
            cue = pager.labels["contd"].format(name=line.cue)
            pager.place(_label_line(pager, cue, line, doc))
            if n == 0:
                line.space_before = 0.0
        pager.place(line)


def _continued_speech(doc: Document, i: int) -> bool:
    """Whether paragraph ``i`` continues a speech begun above it (a second line after a
    parenthetical under the same cue)."""
    block = doc.blocks[i]
    if i == 0 or not isinstance(block, Paragraph) or block.group is None:
        return False
    before = doc.blocks[i - 1]
    return isinstance(before, Paragraph) and before.group == block.group and before.style in (
        "dialogue", "parenthetical"
    )


def _place_dual(pager: _Pager, block: DualDialogue, doc: Document) -> None:
    """Two speeches side by side, kept on one page (unless one alone is longer than a page)."""
    sides: list[list[tuple[float, Line]]] = []
    for paragraphs, (start, width) in zip((block.left, block.right), block.columns, strict=True):
        placed: list[tuple[float, Line]] = []
        depth = 0.0
        for p in paragraphs:
            for line in paragraph_lines(p, doc, width, pager.cache):
                line.x += start
                depth += (line.space_before if placed else 0.0) + line.height
                placed.append((depth, line))
        sides.append(placed)
    height = max((side[-1][0] for side in sides if side), default=0.0)
    notes = [(ln, ln.extra["notes"]) for side in sides for _d, ln in side if ln.extra.get("notes")]
    all_notes: list[Note] = [n for _ln, ns in notes for n in ns]  # type: ignore[attr-defined]
    foot = pager.note_lines(all_notes, doc.rtl) if all_notes else None
    gap = 0.0 if pager.fresh else block.space_before
    if pager.room() < gap + height + (foot[2] if foot else 0.0) and not pager.fresh:
        pager.new_page()
        gap = 0.0
        foot = pager.note_lines(all_notes, doc.rtl) if all_notes else None
    if pager.room() < height:  # longer than a page: one speech after the other
        for side in sides:
            for _depth, line in side:
                pager.place(line)
        return
    top = pager.y - gap
    taken = 0
    for side in sides:
        for depth, line in side:
            baseline = top - depth + line.height * 0.25
            pager._draw_line(line, baseline)
            count = len(line.extra.get("notes") or ())  # type: ignore[arg-type]
            if foot and count:
                pager.draw_marker(line, baseline, foot[0][taken : taken + count])
                taken += count
    if foot:
        pager.take_notes(*foot)
    pager.y = top - height
    pager.fresh = False


def _place_corners(pager: _Pager, block: Corners, doc: Document) -> None:
    """The start corner's lines flush with the start margin and the end corner's flush with
    the end margin, both ending on the page's last line."""
    for paragraphs, align in ((block.start, "start"), (block.end, "end")):
        lines = [
            ln
            for p in paragraphs
            for ln in paragraph_lines(
                Paragraph(p.text, rtl=p.rtl, align=align, size=p.size), doc, pager.text_w,
                pager.cache,
            )
        ]
        y = pager.st.margin_bottom + sum(ln.height for ln in lines)
        for line in lines:
            y -= line.height
            pager._draw_line(line, y + line.height * 0.25)


def _label_line(pager: _Pager, text: str, like: Line, doc: Document) -> Line:
    """(MORE) or ``NAME (CONT'D)`` at the cue's place, in the page's direction."""
    runs = position(text, pager.chain, like.size, False, doc.rtl)
    width = runs[-1].x + runs[-1].width if runs else 0.0
    x = pager.text_w - 2.2 * 72 - width if doc.rtl else 2.2 * 72
    return Line(runs, like.size, like.height, x=x)


def _layout(doc: Document, i: int, text_w: float, cache: LayoutCache) -> list[Line]:
    """Lines of paragraph ``i``, laid out once even when looked ahead at."""
    lines = cache.paragraphs.get(i)
    if lines is None:
        block = doc.blocks[i]
        assert isinstance(block, Paragraph)
        lines = cache.paragraphs[i] = paragraph_lines(block, doc, text_w, cache)
    return lines


def _next_height(doc: Document, i: int, text_w: float, cache: LayoutCache) -> float:
    """The room what follows paragraph ``i`` must find on the same page: every paragraph kept
    with the next (a cue, a parenthetical) and two lines of the first that is not."""
    total = 0.0
    j = i + 1
    while j < len(doc.blocks):
        nxt = doc.blocks[j]
        if isinstance(nxt, Paragraph):
            lines = _layout(doc, j, text_w, cache)
            if nxt.keep_with_next:
                total += sum(ln.height for ln in lines) + (lines[0].space_before if lines else 0)
                j += 1
                continue
            lines = lines[:2]
            return total + sum(ln.height for ln in lines) + (
                lines[0].space_before if lines else 0.0
            )
        if isinstance(nxt, DualDialogue):  # the two cues and a line under them
            return total + nxt.space_before + 2 * doc.style.size * doc.style.leading
        return total
    return total
