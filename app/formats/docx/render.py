"""Render a ``Document`` to DOCX with python-docx, with the direction and font properties Word
and LibreOffice need: ``w:bidi`` on right-to-left paragraphs, ``w:rtl`` and the complex-script
font (``w:cs``, ``w:szCs``) on Arabic runs, the ``w:eastAsia`` font on Chinese runs. Notes
become real Word comments; tables are real tables (the translation column is left to fill in).
"""

from __future__ import annotations

import io
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from app.formats.document import fonts
from app.formats.document.model import (
    Corners,
    Document,
    DualDialogue,
    PageBreak,
    Paragraph,
    Table,
)
from app.formats.document.options import Cancelled
from app.formats.docx.body import (
    NS,
    corners_xml,
    dual_xml,
    paragraph_xml,
    run_xml,
    split_scripts,
    table_xml,
)
from app.formats.docx.embed import with_fonts

logger = logging.getLogger(__name__)

Progress = Callable[[int, int], bool]


def _el(tag: str, **attrs: str) -> Any:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    el = OxmlElement(tag)
    for key, value in attrs.items():
        el.set(qn(f"w:{key}"), value)
    return el


def _header_run(par: Any, text: str, size: float) -> None:
    from docx.oxml import parse_xml

    latin = fonts.FACES["cjk"].family
    for piece, script in split_scripts(text):
        xml = run_xml(piece, script, latin, size, False)
        par._p.append(parse_xml(xml.replace("<w:r>", f'<w:r xmlns:w="{NS}">', 1)))


def render_docx(doc: Document, out: Path, labels: dict[str, Any], progress: Progress) -> None:
    """Write ``doc`` as a DOCX file to ``out`` (the caller makes it atomic)."""
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.shared import Pt

    d = docx.Document()
    sec = d.sections[0]
    st = doc.style
    if st.landscape:
        sec.orientation = WD_ORIENT.LANDSCAPE
    sec.page_width, sec.page_height = Pt(st.width), Pt(st.height)
    sec.left_margin, sec.right_margin = Pt(st.margin_left), Pt(st.margin_right)
    sec.top_margin, sec.bottom_margin = Pt(st.margin_top), Pt(st.margin_bottom)
    sec.different_first_page_header_footer = doc.first_page_plain and not doc.front_pages
    _header_footer(d, sec, doc, labels)
    front_end = _front_section(sec) if doc.front_pages else ""
    d.core_properties.title = doc.title
    d.core_properties.language = doc.language
    total = len(doc.blocks)
    parts: list[str] = []
    noted: list[tuple[int, list[Paragraph]]] = []  # body index -> its paragraphs in order
    pending_break = False
    for i, block in enumerate(doc.blocks):
        if i % 200 == 0 and not progress(i, total):
            raise Cancelled
        if isinstance(block, PageBreak):
            if front_end:  # the title page ends its own section: the count starts after it
                parts.append(front_end)
                front_end = ""
                continue
            pending_break = i > 0
            continue
        if isinstance(block, Table):
            if pending_break:
                parts.append("<w:p><w:pPr><w:pageBreakBefore/></w:pPr></w:p>")
            parts.append(table_xml(block, doc))
        elif isinstance(block, Corners):
            parts.append(corners_xml(block, doc))
            continue
        elif isinstance(block, DualDialogue):
            if pending_break:
                parts.append("<w:p><w:pPr><w:pageBreakBefore/></w:pPr></w:p>")
            xml, order = dual_xml(block, doc)
            if any(p.notes for p in order):
                noted.append((len(parts), order))
            parts.append(xml)
        else:
            if block.notes:
                noted.append((len(parts), [block]))
            parts.append(paragraph_xml(block, doc, pending_break))
        pending_break = False
    # comments hang on the runs of their paragraphs: python-docx needs those parsed
    data = _zipped(d, parts, noted, doc, parse=bool(noted))
    Path(out).write_bytes(data)
    progress(total, total)


def _front_section(sec: Any) -> str:
    """The paragraph that ends the front matter's section (the title page): same page size and
    margins, no header or footer; the body's section then counts its pages from 1."""
    from lxml import etree

    sect = sec._sectPr
    keep = "".join(
        etree.tostring(child, encoding="unicode")
        for child in sect
        if etree.QName(child).localname in ("pgSz", "pgMar")
    )
    number = sect.find(f"{{{NS}}}pgNumType")
    if number is None:
        number = etree.SubElement(sect, f"{{{NS}}}pgNumType")
        title_pg = sect.find(f"{{{NS}}}titlePg")
        if title_pg is not None:  # the schema's order: pgNumType before titlePg
            title_pg.addprevious(number)
    number.set(f"{{{NS}}}start", "1")
    keep = keep.replace(f' xmlns:w="{NS}"', "")
    return f'<w:p><w:pPr><w:sectPr>{keep}</w:sectPr></w:pPr></w:p>'


def _zipped(d: Any, parts: list[str], noted: list[tuple[int, list[Paragraph]]], doc: Document,
            *, parse: bool) -> bytes:
    """The finished file: the body ``parts`` parsed into the document (``parse``: needed to
    hang comments on runs), or else put in as text when the file is zipped (no parse, and the
    big part compressed once); the shipped fonts embedded. All in memory, so a failed write (a
    full disk) leaves no half-closed zip for the interpreter to trip over when it exits."""
    body = ""
    if parse:
        d = _with_body(d, parts, noted)
    else:
        body = "".join(parts)
    buffer = io.BytesIO()
    d.save(buffer)
    return with_fonts(buffer.getvalue(), doc, body)[0]


def _with_body(d: Any, parts: list[str], noted: list[tuple[int, list[Paragraph]]]) -> Any:
    """A new python-docx Document whose body holds ``parts`` (parsed once, in place).

    Moving parsed elements into the template's tree costs lxml a namespace walk per move,
    so the body is spliced into the document's XML text and the whole part parsed again.
    """
    from docx.document import Document as DocxDocument
    from docx.oxml import parse_xml
    from docx.text.paragraph import Paragraph as DocxParagraph
    from lxml import etree

    before = len(d.element.body) - 1  # the template's own paragraphs, before the sectPr
    xml = etree.tostring(d.element, encoding="unicode")
    cut = xml.rindex("<w:sectPr")
    root = parse_xml(xml[:cut] + "".join(parts) + xml[cut:])
    d.part._element = root
    d = DocxDocument(root, d.part)
    children = list(root.body)
    for index, blocks in noted:
        element = children[before + index]
        found = [element] if len(blocks) == 1 and element.tag.endswith("}p") else None
        # a dual-dialogue table: its cells' paragraphs, in the order they were written
        paragraphs = found or element.findall(f".//{{{NS}}}p")
        for p_el, block in zip(paragraphs, blocks, strict=False):
            runs = DocxParagraph(p_el, d._body).runs
            for note in block.notes if runs else ():
                d.add_comment(
                    runs,
                    text=note.body,
                    author=note.author or "Kiln",
                    initials=(note.author or "K")[:2],
                )
    return d


def _header_footer(d: Any, sec: Any, doc: Document, labels: dict[str, Any]) -> None:
    """The running header (title, draft) and the page number: ``2.`` at the top end corner of
    a screenplay (none on its first page), else ``Page 2`` at the foot, in the export's
    language and digits (the footer is right to left in Persian and Arabic)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import parse_xml

    latin = fonts.FACES["courier" if doc.style.family == "screenplay" else "cjk"].family
    head = sec.header.paragraphs[0]
    if doc.revision:  # a revised script's colour and date, on every page
        _header_run(head, doc.revision + ("    " if doc.header or doc.page_numbers == "head"
                                          else ""), 9)
    if doc.header:
        _header_run(head, doc.header, 9)
    head.alignment = WD_ALIGN_PARAGRAPH.RIGHT if not doc.rtl else None
    if doc.rtl:
        head._p.get_or_add_pPr().append(_el("w:bidi"))
    numbered = head if doc.page_numbers == "head" else sec.footer.paragraphs[0]
    if doc.page_numbers == "head":
        label = "{n}."
        sec.different_first_page_header_footer = True
    else:
        label = labels["page"]
        numbered.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if doc.rtl:
            numbered._p.get_or_add_pPr().insert(0, _el("w:bidi"))
    before, _sep, after = label.partition("{n}")
    size = doc.style.size if doc.page_numbers == "head" else doc.style.size - 2

    def text_run(text: str) -> None:
        for piece, script in split_scripts(text):
            xml = run_xml(piece, script, latin, size, False)
            numbered._p.append(parse_xml(xml.replace("<w:r>", f'<w:r xmlns:w="{NS}">', 1)))

    text_run(before)
    # The number's digits: LibreOffice draws a PAGE field in Latin digits whatever the
    # language (it maps no page-number format to Persian digits); Word follows the run's
    # bidi language when its digit substitution is "context".
    script = "arabic" if doc.rtl else "latin"
    field = run_xml("", script, latin, size, False)
    field = field.replace('<w:t xml:space="preserve"></w:t>', "")
    if doc.rtl:
        field = field.replace("</w:rPr>", f'<w:lang w:bidi="{doc.language}"/></w:rPr>')
    for piece in (
        '<w:fldChar w:fldCharType="begin"/>',
        '<w:instrText xml:space="preserve"> PAGE </w:instrText>',
        '<w:fldChar w:fldCharType="end"/>',
    ):
        xml = field.replace("</w:r>", piece + "</w:r>")
        numbered._p.append(parse_xml(xml.replace("<w:r>", f'<w:r xmlns:w="{NS}">', 1)))
    text_run(after)
