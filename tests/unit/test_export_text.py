"""Bidi runs, line breaking, fonts per script, export labels and the screenplay page breaks."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pypdf
import pytest

from app.formats.document import fonts
from app.formats.document.labels import export_text
from app.formats.document.model import Document, Paragraph
from app.formats.document.options import line_limit, never_cancel
from app.formats.document.scripts import break_chunks, visual_runs
from app.formats.document.shooting_script import HOLLYWOOD
from app.formats.pdf.lines import wrap
from app.formats.pdf.render import render_pdf


def test_rtl_line_keeps_persian_digits_and_latin_in_order() -> None:
    runs = visual_runs("abc (مادرجون) ۴۰ سال", True)
    # left to right on the page: سال, ۴۰ (left to right), the bracketed word (mirrored), abc
    assert runs == [("سال", True), (" ۴۰ (", False), ("مادرجون", True), (") abc", False)]


def test_brackets_are_mirrored_in_right_to_left_text() -> None:
    assert visual_runs("(سلام)", True) == [("(", False), ("سلام", True), (")", False)]


def test_chinese_line_breaking_keeps_punctuation_off_line_starts() -> None:
    chunks = break_chunks("笔尖悬在“转让合同”的签名栏上。")
    assert "上。" in chunks and "“转" in chunks and "同”" in chunks
    lines = wrap("林青禾握着笔，笔尖悬在转让合同的签名栏上。" * 3, 120, ("cjk",), 11, False)
    assert len(lines) > 2
    assert not any(line[0] in "，。、" for line in lines)


def test_fonts_cover_scripts_with_real_glyphs() -> None:
    assert fonts.pick("青", fonts.FAMILY_CHAIN["sans"]) == "cjk"
    assert fonts.pick("A", fonts.FAMILY_CHAIN["screenplay"]) == "courier"
    assert fonts.pick("ǐ", fonts.FAMILY_CHAIN["sans"]) == "latin"  # WenQuanYi's ǐ is empty
    assert fonts.pick("۴", fonts.FAMILY_CHAIN["sans"]) == "arabic"
    assert (
        fonts.missing_characters("ção Jǐngdézhèn 青花 شما ۴۰", fonts.FAMILY_CHAIN["sans"]) == set()
    )


def test_labels_use_the_export_language_digits_and_dates() -> None:
    fa = export_text("fa")
    assert fa.rtl and fa.digits(2026) == "۲۰۲۶"
    assert "۲۰۲۶" in fa.date(dt.date(2026, 11, 23))
    assert export_text("pt-BR").date(dt.date(2026, 11, 23)) == "23 de novembro de 2026"
    assert export_text("zh-Hans").date(dt.date(2026, 11, 23)) == "2026年11月23日"
    assert line_limit("zh-Hans") == 16 and line_limit("fa") == 42
    assert line_limit("ar", {"ar": 38}) == 38


def test_dialogue_breaking_across_a_page_gets_more_and_contd(tmp_path: Path) -> None:
    doc = Document("t", "en", False, HOLLYWOOD)
    doc.add(Paragraph("Filler line.", space_before=12))
    for n in range(46):
        doc.add(Paragraph(f"Action line {n}.", space_before=0))
    doc.add(Paragraph("SHIRIN", indent=158.4, keep_with_next=True, group=1, space_before=12))
    doc.add(Paragraph("word " * 120, indent=72, indent_end=108, group=1, cue="SHIRIN"))
    out = tmp_path / "more.pdf"
    labels = {"page": "Page {n}", "more": "(MORE)", "contd": "{name} (CONT'D)", "digits": str}
    render_pdf(doc, out, labels, never_cancel)
    pages = [p.extract_text() for p in pypdf.PdfReader(out).pages]
    assert len(pages) == 2
    assert "(MORE)" in pages[0] and "SHIRIN (CONT'D)" in pages[1]
    assert pages[0].count("\n") <= 58  # about 55 lines a page


@pytest.mark.parametrize("lang", ["ar", "fa"])
def test_rtl_export_text(lang: str) -> None:
    assert export_text(lang).rtl
