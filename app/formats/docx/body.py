"""WordprocessingML for the body of a DOCX export, written as text and parsed once.

(python-docx inserts each paragraph by scanning the body, which is quadratic for a
100-episode script; building the body's XML in one pass keeps the export linear.) Every run
carries its fonts: ``w:ascii``/``w:hAnsi`` for Latin, ``w:eastAsia`` for Chinese, ``w:cs`` for
Arabic script with ``w:rtl`` and ``w:szCs``; right-to-left paragraphs carry ``w:bidi`` and no
explicit alignment, right-to-left tables ``w:bidiVisual``.
"""

from __future__ import annotations

import logging
import re
from xml.sax.saxutils import escape

from app.core.direction import dominant_rtl
from app.formats.document import fonts
from app.formats.document.model import Document, DualDialogue, Paragraph, Table
from app.formats.document.scripts import is_cjk

logger = logging.getLogger(__name__)

NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
_BAD_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _script(char: str) -> str:
    if _ARABIC.match(char):
        return "arabic"
    if is_cjk(char):
        return "cjk"
    return "latin"


def split_scripts(text: str) -> list[tuple[str, str]]:
    """``text`` as ``(piece, script)``; spaces and neutral marks stay with an Arabic run."""
    pieces: list[tuple[str, str]] = []
    for char in text:
        script = _script(char)
        if pieces and (
            char.isspace()
            or script == pieces[-1][1]
            or (not char.isalpha() and pieces[-1][1] == "arabic" and not is_cjk(char))
        ):
            pieces[-1] = (pieces[-1][0] + char, pieces[-1][1])
        else:
            pieces.append((char, script))
    return pieces


def _twips(points: float) -> int:
    return round(points * 20)


def run_xml(text: str, script: str, latin: str, size: float, bold: bool) -> str:
    """One ``w:r`` with its fonts and size."""
    half = round(size * 2)
    props = [
        f'<w:rFonts w:ascii="{latin}" w:hAnsi="{latin}" '
        f'w:eastAsia="{fonts.FACES["cjk"].family}" w:cs="{fonts.FACES["arabic"].family}"/>'
    ]
    if bold:
        props.append("<w:b/><w:bCs/>" if script == "arabic" else "<w:b/>")
    if script == "arabic":
        props.append("<w:rtl/>")
    props.append(f'<w:sz w:val="{half}"/><w:szCs w:val="{half}"/>')
    parts = _BAD_XML.sub("", text).split("\t")
    body = "<w:tab/>".join(f'<w:t xml:space="preserve">{escape(p)}</w:t>' for p in parts)
    return f"<w:r><w:rPr>{''.join(props)}</w:rPr>{body}</w:r>"


def paragraph_xml(p: Paragraph, doc: Document, page_break: bool = False) -> str:
    """One ``w:p``."""
    latin = fonts.FACES["courier" if doc.style.family == "screenplay" else "cjk"].family
    size = p.size or doc.style.size
    props = []
    if p.keep_with_next:
        props.append("<w:keepNext/>")
    if page_break:
        props.append("<w:pageBreakBefore/>")
    text = p.text.upper() if p.uppercase else p.text
    left, right = p.margin_marks
    if left:
        width = doc.style.width - doc.style.margin_left - doc.style.margin_right
        props.append(
            f'<w:tabs><w:tab w:val="left" w:pos="0"/>'
            f'<w:tab w:val="right" w:pos="{_twips(width + 54)}"/></w:tabs>'
        )
        text = f"{left}\t{text}\t{right}"
    if p.rtl:
        props.append("<w:bidi/>")
    props.append(f'<w:spacing w:before="{_twips(p.space_before)}" w:after="0"/>')
    start, end = (p.indent, p.indent_end)
    hanging = ' w:hanging="1080"' if left else ""
    props.append(f'<w:ind w:start="{_twips(start)}" w:end="{_twips(end)}"{hanging}/>')
    if p.align == "center":
        props.append('<w:jc w:val="center"/>')
    elif p.align == "end" and not p.rtl:
        props.append('<w:jc w:val="right"/>')
    runs = "".join(run_xml(t, s, latin, size, p.bold) for t, s in split_scripts(text))
    return f"<w:p><w:pPr>{''.join(props)}</w:pPr>{runs}</w:p>"


def table_xml(t: Table, doc: Document) -> str:
    """A ``w:tbl`` whose header row repeats on each page."""
    width = doc.style.width - doc.style.margin_left - doc.style.margin_right
    size = t.size or doc.style.size - 1
    cols = [_twips(w * width) for w in t.widths]
    out = ['<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/>']
    out.append(f'<w:tblW w:w="{sum(cols)}" w:type="dxa"/>')
    if t.rtl:
        out.append("<w:bidiVisual/>")
    out.append('<w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid>')
    out.extend(f'<w:gridCol w:w="{c}"/>' for c in cols)
    out.append("</w:tblGrid>")
    for i, row in enumerate([t.header, *t.rows]):
        out.append("<w:tr>")
        if i == 0:
            out.append("<w:trPr><w:tblHeader/></w:trPr>")
        for text, w in zip(row, cols, strict=True):
            out.append(f'<w:tc><w:tcPr><w:tcW w:w="{w}" w:type="dxa"/></w:tcPr>')
            for line in text.split("\n") if text else [""]:
                cell = Paragraph(line, size=size, bold=i == 0, rtl=dominant_rtl(line, t.rtl))
                out.append(paragraph_xml(cell, doc))
            out.append("</w:tc>")
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


def dual_xml(block: DualDialogue, doc: Document) -> tuple[str, list[Paragraph]]:
    """Dual dialogue as a borderless two-column table, and its paragraphs in cell order.

    The columns sit where ``block.columns`` says (the gap between them is the left column's
    right cell margin); each cell holds its speech's cue, parenthetical and lines.
    """
    (start_l, width_l), (start_r, width_r) = block.columns
    cols = [_twips(start_r - start_l), _twips(width_r)]
    none = "".join(
        f'<w:{side} w:val="nil"/>'
        for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    out = [
        f'<w:tbl><w:tblPr><w:tblW w:w="{sum(cols)}" w:type="dxa"/>',
        f'<w:tblInd w:w="{_twips(start_l)}" w:type="dxa"/>',
        f"<w:tblBorders>{none}</w:tblBorders>",
        '<w:tblLayout w:type="fixed"/>',
        '<w:tblCellMar><w:left w:w="0" w:type="dxa"/><w:right w:w="0" w:type="dxa"/>'
        "</w:tblCellMar>",
        "</w:tblPr><w:tblGrid>",
        *(f'<w:gridCol w:w="{c}"/>' for c in cols),
        "</w:tblGrid><w:tr><w:trPr><w:cantSplit/></w:trPr>",
    ]
    order: list[Paragraph] = []
    gap = _twips(start_r - start_l - width_l)
    for side, w, right_pad in ((block.left, cols[0], gap), (block.right, cols[1], 0)):
        out.append(f'<w:tc><w:tcPr><w:tcW w:w="{w}" w:type="dxa"/>')
        out.append(f'<w:tcMar><w:right w:w="{right_pad}" w:type="dxa"/></w:tcMar></w:tcPr>')
        for i, p in enumerate(side or [Paragraph("")]):
            if i == 0 and block.space_before:
                p.space_before = block.space_before
            out.append(paragraph_xml(p, doc))
            order.append(p)
        out.append("</w:tc>")
    out.append("</w:tr></w:tbl>")
    return "".join(out), order
