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
from functools import cache
from xml.sax.saxutils import escape

from app.core.direction import CJK_CHARACTERS, dominant_rtl, isolate_rtl, shift_span
from app.formats.document import fonts
from app.formats.document.model import Corners, Document, DualDialogue, Paragraph, Table
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


#: Without Arabic a piece ends only where the script changes (spaces stay with the piece before)
_LATIN_OR_CJK = re.compile(f"[{CJK_CHARACTERS}][{CJK_CHARACTERS}\\s]*|(?:[^{CJK_CHARACTERS}]|\\s)+")


def split_scripts(text: str) -> list[tuple[str, str]]:
    """``text`` as ``(piece, script)``; spaces and neutral marks stay with an Arabic run."""
    if _ARABIC.search(text) is None:  # Latin and Chinese: cut by one expression, not by char
        return [(m, "cjk" if is_cjk(m[0]) else "latin") for m in _LATIN_OR_CJK.findall(text)]
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


def run_xml(
    text: str, script: str, latin: str, size: float, bold: bool,
    styles: frozenset[str] = frozenset(),
) -> str:
    """One ``w:r`` with its fonts, size and emphasis (``styles``: bold, italic, underline)."""
    body = "<w:br/>".join(
        "<w:tab/>".join(f'<w:t xml:space="preserve">{escape(p)}</w:t>' for p in line.split("\t"))
        for line in _BAD_XML.sub("", text).split("\n")
    )
    return f"<w:r>{_run_properties(script, latin, size, bold, styles)}{body}</w:r>"


@cache
def _run_properties(script: str, latin: str, size: float, bold: bool,
                    styles: frozenset[str]) -> str:
    """A run's ``w:rPr`` (a script has a few kinds of run, written tens of thousands of times)."""
    half = round(size * 2)
    props = [
        f'<w:rFonts w:ascii="{latin}" w:hAnsi="{latin}" '
        f'w:eastAsia="{fonts.FACES["cjk"].family}" w:cs="{fonts.FACES["arabic"].family}"/>'
    ]
    if bold or "bold" in styles:
        props.append("<w:b/><w:bCs/>" if script == "arabic" else "<w:b/>")
    if "italic" in styles:
        props.append("<w:i/><w:iCs/>" if script == "arabic" else "<w:i/>")
    if "strike" in styles:
        props.append("<w:strike/>")
    # (the schema's order: sizes, then underline, then right-to-left)
    props.append(f'<w:sz w:val="{half}"/><w:szCs w:val="{half}"/>')
    if "underline" in styles:
        props.append('<w:u w:val="single"/>')
    if script == "arabic":
        props.append("<w:rtl/>")
    return f"<w:rPr>{''.join(props)}</w:rPr>"


def paragraph_xml(
    p: Paragraph, doc: Document, page_break: bool = False, frame: str = ""
) -> str:
    """One ``w:p`` (``frame``: a ``w:framePr`` that places it, for a title page's corners)."""
    latin = fonts.FACES["courier" if doc.style.family == "screenplay" else "cjk"].family
    size = p.size or doc.style.size
    props = []
    if p.keep_with_next:
        props.append("<w:keepNext/>")
    if page_break:
        props.append("<w:pageBreakBefore/>")
    props.append(frame)
    text = p.text.upper() if p.uppercase else p.text
    spans = list(p.styles) if len(text) == len(p.text) else []
    if not p.rtl:  # the same isolation of right-to-left stretches as the PDF's
        text, inserted = isolate_rtl(text)
        spans = [(*shift_span(a, b, inserted), style) for a, b, style in spans]
    left, right = p.margin_marks
    width = doc.style.width - doc.style.margin_left - doc.style.margin_right
    if left:
        right = f"{right} {p.change_mark}" if p.change_mark else right
        props.append(
            f'<w:tabs><w:tab w:val="left" w:pos="0"/>'
            f'<w:tab w:val="right" w:pos="{_twips(width + 54)}"/></w:tabs>'
        )
        text = f"{left}\t{text}\t{right}"
        spans = [(a + len(left) + 1, b + len(left) + 1, style) for a, b, style in spans]
    elif p.change_mark:
        # the revision mark at the end of the paragraph, in the margin at its end side (a
        # Word paragraph cannot mark each of its lines the way the PDF does)
        margin = doc.style.margin_left if p.rtl else doc.style.margin_right
        props.append(f'<w:tabs><w:tab w:val="right" w:pos="{_twips(width + margin * 0.6)}"/>'
                     f'</w:tabs>')
        text = f"{text}\t{p.change_mark}"
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
    runs = "".join(
        run_xml(t, script, latin, size, p.bold, style)
        for piece, style in styled_pieces(text, spans)
        for t, script in split_scripts(piece)
    )
    return f"<w:p><w:pPr>{''.join(props)}</w:pPr>{runs}</w:p>"


def styled_pieces(
    text: str, spans: list[tuple[int, int, str]]
) -> list[tuple[str, frozenset[str]]]:
    """``text`` cut where its emphasis changes."""
    if not spans:
        return [(text, frozenset())] if text else []
    cuts = sorted({0, len(text), *(max(0, min(a, len(text))) for a, _b, _s in spans),
                   *(max(0, min(b, len(text))) for _a, b, _s in spans)})
    out: list[tuple[str, frozenset[str]]] = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        if a < b:
            out.append((text[a:b], frozenset(st for x, y, st in spans if x <= a and b <= y)))
    return out


def table_xml(t: Table, doc: Document) -> str:
    """A ``w:tbl`` whose header row repeats on each page."""
    width = doc.style.width - doc.style.margin_left - doc.style.margin_right
    size = t.size or doc.style.size - 1
    cols = [_twips(w * width) for w in t.widths]
    out = ['<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/>']
    out.append(f'<w:tblW w:w="{sum(cols)}" w:type="dxa"/>')
    if t.rtl:
        out.append("<w:bidiVisual/>")
    out.append('<w:tblLayout w:type="fixed"/>')
    # cell padding set, not left to the application's default (4 pt each side, 2 pt above/below)
    out.append('<w:tblCellMar><w:top w:w="40" w:type="dxa"/><w:start w:w="80" w:type="dxa"/>'
               '<w:bottom w:w="40" w:type="dxa"/><w:end w:w="80" w:type="dxa"/></w:tblCellMar>')
    out.append("</w:tblPr><w:tblGrid>")
    out.extend(f'<w:gridCol w:w="{c}"/>' for c in cols)
    out.append("</w:tblGrid>")
    rows = [t.header, *t.rows]
    for i, row in enumerate(rows):
        out.append("<w:tr>")
        # a row is never split, and never left alone: the header stays with the first row, a
        # short table stays whole, and the last row keeps the one before it company
        keep = i == 0 or len(rows) <= 12 or i == len(rows) - 2
        keep = keep and i < len(rows) - 1
        least = f'<w:trHeight w:val="{_twips(t.row_height)}" w:hRule="atLeast"/>'
        out.append("<w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>" if i == 0
                   else f"<w:trPr><w:cantSplit/>{least if t.row_height else ''}</w:trPr>")
        for text, w in zip(row, cols, strict=True):
            out.append(f'<w:tc><w:tcPr><w:tcW w:w="{w}" w:type="dxa"/></w:tcPr>')
            for line in text.split("\n") if text else [""]:
                cell = Paragraph(line, size=size, bold=i == 0, rtl=dominant_rtl(line, t.rtl),
                                 keep_with_next=keep)
                out.append(paragraph_xml(cell, doc))
            out.append("</w:tc>")
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


def corners_xml(block: Corners, doc: Document) -> str:
    """A title page's corners: paragraphs in frames anchored to the foot of the text area,
    one at the start margin, one at the end margin."""
    width = doc.style.width - doc.style.margin_left - doc.style.margin_right
    out = []
    for paragraphs, side in ((block.start, "left"), (block.end, "right")):
        if doc.rtl:
            side = "right" if side == "left" else "left"
        frame = (
            f'<w:framePr w:w="{_twips(width / 2)}" w:hSpace="0" w:wrap="around" '
            f'w:vAnchor="margin" w:hAnchor="margin" w:xAlign="{side}" w:yAlign="bottom"/>'
        )
        for p in paragraphs:
            p.align = "end" if side == "right" and not p.rtl else p.align
            out.append(paragraph_xml(p, doc, frame=frame))
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
