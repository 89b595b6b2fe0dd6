"""The PDF export's shortcuts give what the plain path gives: fonts per character, wrapping by
hard line, table cells looked up by column, a table line written again from what it wrote."""

from __future__ import annotations

import gc
import io

from app.formats.document import fonts
from app.formats.document.collector import collector_paused
from app.formats.document.model import Document, Table
from app.formats.document.packet import PACKET
from app.formats.document.scripts import (
    NO_LINE_END,
    NO_LINE_START,
    break_chunks,
    is_cjk,
    styled_visual_runs,
)
from app.formats.docx import body
from app.formats.pdf import render
from app.formats.pdf.lines import LayoutCache, wrap
from app.formats.pdf.table import cell_lines, table_rows

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


def test_a_kept_table_line_is_written_again_as_it_was_written() -> None:
    doc, t = _table()
    pager = render._Pager(doc, render._canvas(doc, io.BytesIO()), {}, LayoutCache())
    text_w = pager.text_w
    lines = [ln for row in table_rows(t, doc, text_w, pager.cache) for cell in row
             for ln in cell]
    for line in lines:
        for baseline in (500.0, 321.5):
            plain, kept = pager.c.beginText(), pager.c.beginText()
            drawn = pager.add_line(plain, line, baseline, 4.0)
            assert pager.add_line(kept, line, baseline, 4.0, keep=True) == drawn
            assert pager.add_line(kept, line, baseline, 4.0, keep=True) == drawn  # kept
            assert kept._code[2:] == plain._code[2:] * 2  # after BT and the origin
            assert (kept._fontname, kept._curSubset, kept._textRenderMode) == (
                plain._fontname, plain._curSubset, plain._textRenderMode)
    pager.underlines.clear()


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
    from reportlab.pdfgen.textobject import PDFTextObject

    formatted: list[str] = []
    real = PDFTextObject.textOut

    def counted(self: PDFTextObject, text: str) -> None:
        formatted.append(text)
        real(self, text)

    monkeypatch.setattr(PDFTextObject, "textOut", counted)
    doc, t = _table()
    cache = LayoutCache()
    pagers = [render._Pager(doc, render._canvas(doc, io.BytesIO()), {}, cache) for _ in range(2)]
    line = next(ln for row in table_rows(t, doc, pagers[0].text_w, cache) for cell in row
                for ln in cell if len([r for r in ln.runs if r.text.strip()]) >= 1)
    runs = len([r for r in line.runs if r.text.strip()])
    for pager in pagers:
        codes = []
        for _ in range(3):
            text = pager.c.beginText()
            assert pager.add_line(text, line, 500.0)
            codes.append(text._code[1:])
        assert codes[0] == codes[1] == codes[2]
    assert len(formatted) == 2 * runs  # once per PDF, not once per line drawn
    for pager in pagers:
        pager.underlines.clear()
