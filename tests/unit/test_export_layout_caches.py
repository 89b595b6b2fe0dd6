"""The PDF export's shortcuts give what the plain path gives: fonts per character, wrapping by
hard line, table cells looked up by column, a line's text operators written as strings (as
reportlab's text object writes them), a table row's rules and text as the canvas draws them."""

from __future__ import annotations

import gc
import io

from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.textobject import PDFTextObject

from app.core.direction import has_rtl
from app.formats.document import fonts
from app.formats.document.collector import collector_paused
from app.formats.document.model import Document, Paragraph, Table
from app.formats.document.packet import PACKET
from app.formats.document.scripts import (
    NO_LINE_END,
    NO_LINE_START,
    break_chunks,
    is_cjk,
    styled_visual_runs,
)
from app.formats.docx import body
from app.formats.pdf import paragraphs, render
from app.formats.pdf.lines import LayoutCache, Line, position, wrap
from app.formats.pdf.paragraphs import paragraph_lines
from app.formats.pdf.table import cell_lines, row_heights, table_rows

TEXTS = [
    "",
    " ",
    "  lead and trail  ",
    "Honestly? What happened that night?",
    "你听好，这针法叫打籽绣，全苏州会的人不超过五个。",
    "笔尖悬在“转让合同”的签名栏上。",
    "اسمعني، من أرسل هذه الرسالة؟",
    "abc (مادرجون) ۴۰ سال",
    "Jǐngdézhèn 青花 ção \u2068x\u2069 end",
    "INT. 老窑 - NIGHT\n阿米尔推开阁楼的木窗，灰尘在阳光里翻飞。",
    "\u3000a\u3000b 你 \u3000好 c",
]
CHAINS = [fonts.FAMILY_CHAIN["sans"], fonts.FAMILY_CHAIN["screenplay"],
          ("arabic", *fonts.FAMILY_CHAIN["sans"])]


def _split_per_character(text: str, chain: tuple[str, ...]) -> list[tuple[str, str]]:
    pieces: list[tuple[str, str]] = []
    for char in text:
        key = fonts.pick(char, chain) if not char.isspace() or not pieces else pieces[-1][1]
        key = key or chain[0]
        if pieces and pieces[-1][1] == key:
            pieces[-1] = (pieces[-1][0] + char, key)
        else:
            pieces.append((char, key))
    return pieces


def _chunks_per_character(text: str) -> list[str]:
    """``break_chunks`` as it walked the text a character at a time."""
    chunks, word = [], ""
    for char in text:
        if char == " ":
            chunks.append(word + char)
            word = ""
        elif is_cjk(char):
            chunks += [word, char] if word else [char]
            word = ""
        else:
            word += char
    chunks += [word] if word else []
    glued: list[str] = []
    pending = ""
    for chunk in chunks:
        if glued and chunk[0] in NO_LINE_START and not pending:
            glued[-1] += chunk
        elif chunk and chunk[-1] in NO_LINE_END and len(chunk) == 1:
            pending += chunk
        else:
            glued.append(pending + chunk)
            pending = ""
    return [*glued, pending] if pending else glued


def test_fonts_split_by_their_table_as_character_by_character() -> None:
    for text in TEXTS:
        for chain in CHAINS:
            assert fonts.split_by_font(text, chain) == _split_per_character(text, chain)


def test_chunks_and_plain_runs_as_the_character_walk_makes_them() -> None:
    for text in TEXTS:
        hard = text.replace("\n", " ")
        assert break_chunks(hard) == _chunks_per_character(hard)
        for rtl in (False, True):
            marks = [frozenset[str]()] * len(text)
            assert styled_visual_runs(text, rtl) == styled_visual_runs(text, rtl, marks)


def test_wrapping_by_hard_line_is_wrapping_the_whole() -> None:
    cache = LayoutCache()
    for text in TEXTS:
        for width in (40.0, 150.0):
            whole = wrap(text, width, CHAINS[0], 9.0, False)
            assert cache.wrap(text, width, CHAINS[0], 9.0, False) == whole
            assert cache.wrap(text, width, CHAINS[0], 9.0, False) == whole  # from the cache


def test_a_line_told_to_fit_is_what_wrap_leaves_on_one_line() -> None:
    """``paragraph_lines`` skips ``wrap`` for a plain line its runs say fits: ``wrap`` must
    leave exactly that line, and a line it skips at one width less must wrap there."""
    cache = LayoutCache()
    texts = [t for text in TEXTS for t in text.split("\n")] + ["L00101", "1-17", "42",
                                                                "Now it's your turn."]
    told = 0
    for text in texts:
        runs = position(text, CHAINS[0], 9.0, False, False)
        used = runs[-1].x + runs[-1].width if runs else 0.0
        for width in (used + 0.011, used + 0.5, used - 0.5, 40.0, 150.0):
            if has_rtl(text):
                continue  # paragraph_lines wraps those
            fits = paragraphs._one_line(text, width, CHAINS[0], 9.0, False, cache)
            if fits:
                told += 1
                assert wrap(text, width, CHAINS[0], 9.0, False) == [text], (text, width)
    assert told >= 10


def _table() -> tuple[Document, Table]:
    doc = Document("t", "ar", True, PACKET)
    rows = [[str(i % 3), text, "on camera"] for i, text in enumerate(TEXTS * 3)]
    return doc, Table(["Scene", "Source", "Heard"], rows, [0.2, 0.5, 0.3], rtl=True)


def test_table_cells_by_column_are_the_cells_laid_out_one_by_one() -> None:
    doc, t = _table()
    text_w = PACKET.width - PACKET.margin_left - PACKET.margin_right
    rows = table_rows(t, doc, text_w, LayoutCache())
    widths = [w * text_w for w in t.widths]
    alone = LayoutCache()
    for row, cells, bold in zip([t.header, *t.rows], rows, [True] + [False] * len(t.rows),
                                strict=True):
        for text, lines, w in zip(row, cells, widths, strict=True):
            mine = cell_lines(alone, text, 9.0, render.dominant_rtl(text, True), bold, w - 8,
                              PACKET.family, PACKET.leading)
            assert [(ln.runs, ln.x, ln.height) for ln in lines] == [
                (ln.runs, ln.x, ln.height) for ln in mine
            ]


def _plain_line(pager: render._Pager, text: PDFTextObject, line: Line, left: float,
                baseline: float) -> bool:
    """``line`` drawn run by run through reportlab's text object (the plain path the writer
    stands for); False when it has nothing to draw."""
    runs = [r for r in line.runs if r.text.strip()]
    if not runs:
        return False
    text.setFillGray(0.35 if line.grey else 0)
    fake_bold = False
    for run in runs:
        name = fonts.pdf_name(run.face)
        fonts.register(run.face)
        text.setFont(name, line.size)
        want_bold = (line.bold or run.bold) and not run.face.endswith("bold")
        if want_bold != fake_bold:
            text.setTextRenderMode(2 if want_bold else 0)
            fake_bold = want_bold
        x = left + run.x
        if run.italic:
            text.setTextTransform(1, 0, 0.2, 1, x, baseline)
        else:
            text.setTextOrigin(x, baseline)
        text.textOut(pager.writer.shaped(run.text, run.face, name, line.size) if run.rtl
                     else run.text)
    if fake_bold:
        text.setTextRenderMode(0)
    return True


def _plain_rules(c: Canvas, line: Line, left: float, baseline: float) -> None:
    for run in line.runs:
        if not run.text.strip():
            continue
        x = left + run.x
        for wanted, y in ((run.underline, baseline - line.size * 0.12),
                          (run.strike, baseline + line.size * 0.3)):
            if wanted:
                c.setLineWidth(line.size * 0.05)
                c.line(x, y, x + run.width, y)


def _styled_lines(pager: render._Pager) -> list[Line]:
    """Lines with every kind of run the writer writes: bold (drawn over) and bold faces,
    slanted, underlined, struck through, grey, right-to-left, and blank."""
    doc = Document("t", "ar", False, PACKET)
    spans = [(0, 5, "bold"), (6, 11, "italic"), (12, 20, "underline"), (21, 30, "strike")]
    texts = ["Hello world, كيف حالك؟ 你好 today", "اسمعني، من أرسل هذه الرسالة؟ INT. 老窑"]
    lines = []
    for text in texts:
        for bold in (False, True):
            p = Paragraph(text, size=9.0, bold=bold, styles=tuple(spans))
            lines += paragraph_lines(p, doc, 300.0, pager.cache)
            lines += paragraph_lines(Paragraph(text, size=8.0, rtl=True), doc, 120.0,
                                     pager.cache)
    lines.append(Line(position("  ", CHAINS[0], 9.0, False, False), 9.0, 12.6))
    grey = Line(position("Page 3", CHAINS[0], 8.0, False, False), 8.0, 11.2, grey=True)
    return [*lines, grey]


def test_the_writer_writes_what_reportlabs_text_object_writes() -> None:
    """A line's operators, written from its template, are byte for byte what the text object
    writes for the same calls, at any baseline and left edge, the first time and again."""
    doc, t = _table()
    pager = render._Pager(doc, render._canvas(doc, io.BytesIO()), {}, LayoutCache())
    lines = [ln for row in table_rows(t, doc, pager.text_w, pager.cache) for cell in row
             for ln in cell] + _styled_lines(pager)
    assert any(r.italic for ln in lines for r in ln.runs)
    assert any(r.underline for ln in lines for r in ln.runs)
    assert any(r.bold and not r.face.endswith("bold") for ln in lines for r in ln.runs)
    c = pager.c
    for line in lines:
        for left, baseline in ((46.0, 500.0), (46.0, 321.55), (180.25, 321.55), (46.0, 500.0)):
            plain = c.beginText()
            drawn = _plain_line(pager, plain, line, left, baseline)
            assert pager.writer.line(c, line, left, baseline) == (
                " ".join(plain._code[2:]) if drawn else "")  # after BT and the origin
            rules = Canvas(io.BytesIO())
            _plain_rules(rules, line, left, baseline)
            assert pager.writer.take_rules() == rules._code


def test_a_table_row_is_written_as_reportlabs_canvas_draws_it() -> None:
    """A table on one page: its rules and text, written as strings, are what drawing each
    cell's rule, each line through a text object and the text object on the canvas wrote."""
    doc, t = _table()
    t = Table(t.header, t.rows[:12], t.widths, rtl=True)
    pager = render._Pager(doc, render._canvas(doc, io.BytesIO()), {}, LayoutCache())
    c = pager.c
    start, top = len(c._code), pager.y
    render.draw_table(pager, t, doc)
    written = c._code[start:]
    assert pager.page == 1

    plain = Canvas(io.BytesIO())
    plain._doc = c._doc  # the same font subsets
    rows = table_rows(t, doc, pager.text_w, pager.cache)
    widths = [w * pager.text_w for w in t.widths]
    lefts = [pager.text_w - sum(widths[: i + 1]) for i in range(len(widths))]
    left = pager.st.margin_left
    for cells, h in zip(rows, row_heights(rows, t.row_height), strict=True):
        plain.setLineWidth(0.5)
        text = plain.beginText()
        drawn, bold_size = False, 0.0
        for cell, cx, w in zip(cells, lefts, widths, strict=True):
            plain.rect(left + cx, top - h, w, h)
            y = top - 4.0
            for line in cell:
                y -= line.height
                if _plain_line(pager, text, line, left + (cx + 4 + line.x),
                               y + line.height * 0.25):
                    drawn = True
                    bold_size = max(bold_size, line.size if line.bold else 0.0)
        if drawn:
            if bold_size:
                plain.setLineWidth(bold_size * 0.035)
            text.setFillGray(0)
            plain.drawText(text)
        top -= h
    assert "\n".join(written) == "\n".join(plain._code)
    assert pager.y == top


def _scripts_per_character(text: str) -> list[tuple[str, str]]:
    """``split_scripts`` as it walked the text a character at a time."""
    pieces: list[tuple[str, str]] = []
    for char in text:
        script = "arabic" if body._ARABIC.match(char) else "cjk" if is_cjk(char) else "latin"
        if pieces and (char.isspace() or script == pieces[-1][1] or (
                not char.isalpha() and pieces[-1][1] == "arabic" and not is_cjk(char))):
            pieces[-1] = (pieces[-1][0] + char, pieces[-1][1])
        else:
            pieces.append((char, script))
    return pieces


def test_docx_scripts_cut_by_expression_as_character_by_character() -> None:
    for text in TEXTS:
        assert body.split_scripts(text) == _scripts_per_character(text)


def test_the_collector_resumes_after_an_export_as_it_was() -> None:
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_run_is_formatted_by_reportlab_once_per_pdf(monkeypatch) -> None:  # noqa: ANN001
    """The text operators of a run are worked out once per PDF and written again from there
    (a repeated cue or label costs a lookup), but never carried into another PDF: each gives a
    font's glyphs its own subset codes."""
    from reportlab.pdfbase.ttfonts import TTFont

    formatted: list[str] = []
    real = TTFont.splitString

    def counted(self: TTFont, text: str, doc: object, encoding: str = "utf-8") -> object:
        formatted.append(text)
        return real(self, text, doc, encoding)

    monkeypatch.setattr(TTFont, "splitString", counted)
    doc, t = _table()
    cache = LayoutCache()
    pagers = [render._Pager(doc, render._canvas(doc, io.BytesIO()), {}, cache) for _ in range(2)]
    line = next(ln for row in table_rows(t, doc, pagers[0].text_w, cache) for cell in row
                for ln in cell if len([r for r in ln.runs if r.text.strip()]) >= 1)
    runs = len([r for r in line.runs if r.text.strip()])
    for pager in pagers:
        codes = [pager.writer.line(pager.c, line, 46.0 + n % 2, 500.0) for n in range(4)]
        assert codes[0] == codes[2] and codes[1] == codes[3] and codes[0] != codes[1]
    assert len(formatted) == 2 * runs  # once per PDF, not once per line drawn
