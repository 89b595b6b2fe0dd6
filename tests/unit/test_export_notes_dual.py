"""Footnotes and dual dialogue in script exports; the packet's formality table and glossary."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from app.core.enums import Role
from app.formats.document.labels import export_text
from app.formats.document.options import ExportOptions
from app.formats.project_json import populator
from app.formats.registry import export
from app.project.open_project import OpenProject, write_project

SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "sample" / "porcelain.kiln.json"
pypdf = pytest.importorskip("pypdf")
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture
def dual_kiln(tmp_path: Path) -> Path:
    """The sample in Hollywood layout; Shirin's answer in 1-3 and Mahin's VO in 1-2 are dual."""
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    data["project"]["layout"] = "hollywood"
    for ep in data["episodes"][:1]:
        for sc in ep["scenes"]:
            for el in sc["elements"]:
                text = el.get("text", "")
                if text.startswith("我爷爷说，它来自") or el.get("speaker") == "mahin":
                    el["dual"] = True
    path = tmp_path / "dual.kiln"
    write_project(path, populator(data))
    return path


def _export(kiln: Path, out: Path, **kw: object) -> Path:
    with OpenProject.open(kiln, read_only=True, backup=False, role=Role.WRITER) as project:
        return export(project, ExportOptions(**kw), out)  # type: ignore[arg-type]


def _positions(page: object) -> list[tuple[float, float, str]]:
    found: list[tuple[float, float, str]] = []

    def visit(text: str, cm: list, tm: list, font: object, size: float) -> None:
        if text.strip():
            found.append((tm[4], tm[5], text))

    page.extract_text(visitor_text=visit)  # type: ignore[attr-defined]
    return found


def test_pdf_notes_are_numbered_footnotes_on_the_page_of_their_line(
    sample_kiln: Path, tmp_path: Path
) -> None:
    pdf = _export(sample_kiln, tmp_path / "n.pdf", notes=True)
    pages = [p.extract_text() for p in pypdf.PdfReader(pdf).pages]
    page = next(i for i, t in enumerate(pages) if "苏麻离青。" in t and "Somali" in t)
    text = pages[page]
    # the line, then (at the foot) the note with its number; the note is not under the line
    line_at = text.index("老辈人叫它——苏麻离青。")
    note_at = text.index("Do not transliterate")
    assert line_at < note_at
    assert "\n2 Consultant · Noura: Do not transliterate" in text
    assert "苏麻离青。\n1-4" not in text.replace(" ", "")  # nothing printed between them
    foot_y = min(y for x, y, t in _positions(pypdf.PdfReader(pdf).pages[page]) if "Noura" in t)
    assert foot_y < 200  # in the bottom part of the A4 page (842 pt high)


def test_hollywood_dual_dialogue_is_side_by_side(dual_kiln: Path, tmp_path: Path) -> None:
    pdf = _export(dual_kiln, tmp_path / "d.pdf", episodes=(1, 1), notes=True)
    reader = pypdf.PdfReader(pdf)
    for page in reader.pages:
        pos = _positions(page)
        left = [(x, y) for x, y, t in pos if t.startswith("钴料")]
        right = [(x, y) for x, y, t in pos if t.startswith("我爷爷")]
        if right:
            break
    assert left and right
    (lx, ly), (rx, ry) = left[0], right[0]
    assert lx < 4.375 * 72 and rx > 4.6 * 72  # the two columns: 1.5"–4.375", 4.625"–7.5"
    assert abs(ry - ly) < 30  # the same height on the page (the left wraps onto a 2nd line)
    text = page.extract_text()
    assert text.index("林青禾") < text.index("希琳")  # the left speech reads first
    # Mahin's Persian voice-over sits beside Shirin's call, right-aligned in its column
    names = [(x, y) for p in reader.pages for x, y, t in _positions(p) if t.strip() == "玛欣"]
    assert names and names[0][0] > 4.6 * 72


def test_docx_dual_dialogue_table_and_comments(dual_kiln: Path, tmp_path: Path) -> None:
    from lxml import etree

    out = _export(dual_kiln, tmp_path / "d.docx", format="docx", episodes=(1, 1), notes=True)
    with zipfile.ZipFile(out) as z:
        body = etree.fromstring(z.read("word/document.xml"))
        comments = etree.fromstring(z.read("word/comments.xml"))
    duals = [
        t for t in body.iter(f"{W}tbl")
        if t.find(f"{W}tblPr/{W}tblBorders") is not None
    ]
    assert len(duals) == 2
    cells = duals[1].findall(f"{W}tr/{W}tc")
    assert len(cells) == 2
    left, right = ("".join(c.itertext()) for c in cells)
    assert "林青禾" in left and "钴料" in left
    assert "希琳" in right and "我爷爷说" in right
    borders = duals[1].find(f"{W}tblPr/{W}tblBorders")
    assert {b.get(f"{W}val") for b in borders} == {"nil"}
    # real Word comments, anchored: one per note of episode 1, on the noted lines
    bodies = ["".join(c.itertext()) for c in comments.iter(f"{W}comment")]
    assert any("Somali" in b for b in bodies) and any("۴۰" in b for b in bodies)
    assert len(body.findall(f".//{W}commentRangeStart")) == len(bodies)


def test_packet_formality_table_and_gathered_names(sample_kiln: Path, tmp_path: Path) -> None:
    pdf = _export(sample_kiln, tmp_path / "p.pdf", what="translator-packet", language="en")
    text = "".join(p.extract_text() for p in pypdf.PdfReader(pdf).pages)
    assert "Forms of address" in text
    assert "taken from the voice notes" not in text
    start = text.index("Forms of address")
    table = text[start : text.index("Key names and phrases")]
    assert "沈墨 (Shen Mo)" in table and "honorific" in table
    assert "徒弟称师父" in table
    glossary = text[text.index("Key names and phrases") : text.index("Dialogue list")]
    glossary = " ".join(glossary.split())
    assert "林青禾 character Lin Qinghe" in glossary and "suggested" in glossary


def test_packet_docx_formality_rows(sample_kiln: Path, tmp_path: Path) -> None:
    import docx

    out = _export(
        sample_kiln, tmp_path / "p.docx", what="translator-packet", language="fa", format="docx"
    )
    persian = export_text("fa").gettext  # the packet is labelled in Persian
    tables = docx.Document(str(out)).tables
    forms = next(t for t in tables if t.rows[0].cells[2].text == persian("Form"))
    rows = [[c.text for c in r.cells] for r in forms.rows[1:]]
    honorific = persian("honorific")
    assert honorific != "honorific"
    assert any(r[0].startswith("沈墨") and r[1].startswith("林守窑") and r[2] == honorific
               for r in rows)
    assert forms._tbl.find(f"{W}tblPr/{W}bidiVisual") is not None  # Persian: right to left
