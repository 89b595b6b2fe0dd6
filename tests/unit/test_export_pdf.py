"""PDF exports of the sample project, read back: text order, fonts, pages (no Qt)."""

from __future__ import annotations

import json
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

from app.formats.document import fonts
from app.formats.document.model import Document, Paragraph
from app.formats.document.options import ExportOptions, never_cancel
from app.formats.documents import build_document
from app.formats.project_json import populator
from app.formats.registry import ExportCancelled, export
from app.project.open_project import OpenProject, write_project

SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "sample" / "porcelain.kiln.json"
pypdf = pytest.importorskip("pypdf")


def _normal(text: str) -> str:
    """Presentation forms back to letters, joiners and spaces removed, for comparison."""
    text = unicodedata.normalize("NFKC", text)
    return "".join(c for c in text if not c.isspace() and c not in "\u200c\u200d\u202a\u202b\u202c")


def _pdftotext(path: Path) -> str:
    """Text in logical order (poppler reorders right-to-left lines)."""
    return subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


@pytest.fixture
def hollywood_kiln(tmp_path: Path) -> Path:
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    data["project"]["layout"] = "hollywood"
    path = tmp_path / "hollywood.kiln"
    write_project(path, populator(data))
    return path


def _export(kiln: Path, out: Path, **kw: object) -> Path:
    with OpenProject.open(kiln, read_only=True, backup=False) as project:
        return export(project, ExportOptions(**kw), out)  # type: ignore[arg-type]


def test_chinese_script_pdf_reads_back_in_order(sample_kiln: Path, tmp_path: Path) -> None:
    pdf = _export(sample_kiln, tmp_path / "zh.pdf", notes=True)
    reader = pypdf.PdfReader(pdf)
    text = "".join(page.extract_text() for page in reader.pages)
    assert "青花约" in text
    assert "1-1 夜 内" in text
    assert "△暴雨夜。" in _normal(text) or "△暴雨夜" in text
    assert "林青禾：（低声）爷爷，对不起。" in text
    assert "【字幕：景德镇 · 林家老作坊】" in text
    # each episode starts a page: 6 episodes + title page at least
    assert len(reader.pages) >= 7
    logical = _normal(_pdftotext(pdf))
    # Persian line: logical order, Persian digits ۴۰ not reversed to ۰۴
    # (poppler splits the line at the digits, so the two right-to-left runs are checked apart)
    assert _normal("سال است که این سنگ را برای تو نگه داشته‌ام") in logical
    assert _normal("دوست عزیزم") in logical
    assert "۴۰" in logical and "۰۴" not in logical


@pytest.mark.parametrize("lang", ["ar", "fa", "pt-BR", "en"])
def test_translator_packet_pdf(sample_kiln: Path, tmp_path: Path, lang: str) -> None:
    pdf = _export(sample_kiln, tmp_path / f"{lang}.pdf", what="translator-packet", language=lang)
    logical = _normal(_pdftotext(pdf))
    assert "L00001" in logical
    rendering = {
        "ar": "كوبالت مستورد",
        "fa": "چینی آبی و سفید",
        "pt-BR": "porcelana azul e branca",
        "en": "blue-and-white porcelain",
    }[lang]
    assert _normal(rendering) in logical
    if lang == "fa":
        assert "مادرجون" in logical  # the fa-IR note is carried
    if lang == "pt-BR":
        assert "forno de cerâmica" in _pdftotext(pdf)  # Portuguese diacritics survive
        assert "Jǐngdézhèn" in _pdftotext(pdf)


def test_every_character_is_covered_by_an_embedded_font(sample_kiln: Path, tmp_path: Path) -> None:
    pdf = _export(sample_kiln, tmp_path / "fa.pdf", what="translator-packet", language="fa")
    reader = pypdf.PdfReader(pdf)
    embedded = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            assert font["/Subtype"] in ("/Type0", "/TrueType")
            descendant = (
                font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            )
            assert "/FontFile2" in descendant["/FontDescriptor"], "font not embedded"
            embedded.add(str(descendant["/BaseFont"]))
    assert embedded
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    text = json.dumps(data, ensure_ascii=False)
    assert fonts.missing_characters(text, fonts.FAMILY_CHAIN["sans"]) == set()


def test_hollywood_geometry_and_scene_numbers(hollywood_kiln: Path, tmp_path: Path) -> None:
    pdf = _export(hollywood_kiln, tmp_path / "hw.pdf")
    reader = pypdf.PdfReader(pdf)
    assert abs(float(reader.pages[0].mediabox.width) - 612) < 1
    text = reader.pages[1].extract_text()
    assert "INT." in text and "NIGHT" in text
    assert text.count("1-1") >= 2  # scene number in both margins
    fonts_used = {
        str(f.get_object()["/BaseFont"])
        for p in reader.pages
        for f in p["/Resources"]["/Font"].values()
    }
    assert any("courier" in f.lower() for f in fonts_used)


def test_cancelled_export_leaves_no_file(sample_kiln: Path, tmp_path: Path) -> None:
    out = tmp_path / "never.pdf"
    with OpenProject.open(sample_kiln, read_only=True, backup=False) as project:
        with pytest.raises(ExportCancelled):
            export(project, ExportOptions(), out, lambda done, total: done < 2)
    assert list(tmp_path.glob("*.pdf")) == [] and list(tmp_path.glob(".never*")) == []


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed")
def test_pages_render_to_png(sample_kiln: Path, tmp_path: Path) -> None:
    pdf = _export(sample_kiln, tmp_path / "ar.pdf", what="translator-packet", language="ar")
    subprocess.run(
        ["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "2", str(pdf), str(tmp_path / "page")],
        check=True,
    )
    pngs = sorted(tmp_path.glob("page*.png"))
    assert len(pngs) == 2 and all(p.stat().st_size > 1000 for p in pngs)


def test_bilingual_sides_and_heritage_breakdown(sample_kiln: Path, tmp_path: Path) -> None:
    from sqlalchemy import select

    from app.store import schema

    with OpenProject.open(sample_kiln) as project:
        project.file.before_write()  # rows written below the services: unseal, reseal on close
        with project.file.session() as s:
            element = s.scalars(
                select(schema.Element).where(schema.Element.line_id == "L00001")
            ).one()
            scene_id = element.scene_id
            s.add(
                schema.LineTranslation(
                    element_id=element.id,
                    language="pt-BR",
                    text="Jingdezhen · A oficina da família Lin",
                )
            )
            s.add(
                schema.HeritageSnapshot(
                    entry_id="test-qinghua",
                    data={
                        "id": "test-qinghua",
                        "names": {"zh-Hans": "青花瓷烧制技艺", "en": "Blue-and-white"},
                        "china_category": "traditional_craftsmanship",
                        "portrayal_notes": "Cobalt is painted on the raw body before glazing.",
                    },
                )
            )
            s.add(
                schema.HeritageLink(
                    target_type="scene", target_id=scene_id, entry_id="test-qinghua"
                )
            )
            s.add(
                schema.Annotation(
                    target_type="heritage_item",
                    target_id="test-qinghua",
                    kind="approval",
                    status="accepted",
                    author="Parisa",
                )
            )
            s.commit()
    pdf = _export(
        sample_kiln, tmp_path / "bi.pdf", bilingual="pt-BR", heritage=True, episodes=(1, 1)
    )
    text = " ".join("".join(p.extract_text() for p in pypdf.PdfReader(pdf).pages).split())
    # L00001 is the opening caption: its translation follows it, before the next line
    caption = text.index("【字幕：景德镇 · 林家老作坊】")
    assert caption < text.index("Jingdezhen · A oficina da família Lin") < text.index("△暴雨夜")
    assert "青花瓷烧制技艺" in text and "Cobalt is painted" in text
    assert "accepted (Parisa)" in text


def _looks_ahead(doc: Document, i: int) -> bool:
    """Whether laying out block ``i - 1`` lays out block ``i`` too (a heading kept with it)."""
    before, block = doc.blocks[i - 1], doc.blocks[i]
    return isinstance(before, Paragraph) and before.keep_with_next and isinstance(block, Paragraph)


def test_a_cancelled_render_leaves_nothing_in_the_next_pdf(
    sample_kiln: Path, tmp_path: Path
) -> None:
    """A render cancelled right after laying out a heading's next paragraph must not hand that
    paragraph to the next render: each PDF carries exactly its own text."""
    # another project: the sample with the Lin family renamed Sen, so its words stand out
    renamed = SAMPLE.read_text(encoding="utf-8").replace("林", "森")
    other = tmp_path / "other.kiln"
    write_project(other, populator(json.loads(renamed)))
    later = {"episodes": (4, 6)}
    reference = _pdftotext(_export(sample_kiln, tmp_path / "before.pdf", **later))
    assert "林" in reference and "森" not in reference

    with OpenProject.open(other, read_only=True, backup=False) as project:
        whole = build_document(project, ExportOptions(), never_cancel)
    cancelled_at: list[int] = []

    def progress(done: int, total: int) -> bool:
        i = done - total // 2  # rendering reports the second half: block i of the document
        if 0 < i < len(whole.blocks) and _looks_ahead(whole, i):
            cancelled_at.append(i)
            return False
        return True

    with OpenProject.open(other, read_only=True, backup=False) as project:
        with pytest.raises(ExportCancelled):
            export(project, ExportOptions(), tmp_path / "cancelled.pdf", progress)
    assert cancelled_at, "the render was cancelled after laying out a paragraph ahead"
    assert "森" in whole.blocks[cancelled_at[0]].text  # type: ignore[union-attr]

    text = _pdftotext(_export(sample_kiln, tmp_path / "after.pdf", **later))
    assert "森" not in text
    assert text == reference
