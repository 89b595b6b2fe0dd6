"""DOCX exports read back: direction and font properties, comments, tables, LibreOffice render."""

from __future__ import annotations

import subprocess
import zipfile
from pathlib import Path

import pytest

from app.formats.document.labels import export_text
from app.formats.document.options import ExportOptions
from app.formats.registry import ExportError, export
from app.project.open_project import OpenProject
from tests.support.libreoffice import convert, needs_soffice

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _export(kiln: Path, out: Path, **kw: object) -> Path:
    with OpenProject.open(kiln, read_only=True, backup=False) as project:
        return export(project, ExportOptions(format="docx", **kw), out)  # type: ignore[arg-type]


def _xml(docx: Path, part: str = "word/document.xml") -> str:
    with zipfile.ZipFile(docx) as z:
        return z.read(part).decode("utf-8")


def test_script_docx_sets_rtl_cs_and_east_asian_fonts(sample_kiln: Path, tmp_path: Path) -> None:
    out = _export(sample_kiln, tmp_path / "zh.docx", notes=True)
    import docx

    d = docx.Document(str(out))
    runs = [r for p in d.paragraphs for r in p.runs]
    persian = [r for r in runs if "مادرجون" in r.text]
    assert persian, "the Persian line is in the document"
    rpr = persian[0]._element.rPr
    assert rpr.find(f"{W}rtl") is not None
    assert rpr.rFonts.get(f"{W}cs") == "Noto Naskh Arabic"
    assert rpr.find(f"{W}szCs") is not None
    chinese = next(r for r in runs if "林青禾" in r.text)
    assert chinese._element.rPr.rFonts.get(f"{W}eastAsia") == "WenQuanYi Micro Hei"
    assert chinese._element.rPr.find(f"{W}rtl") is None
    # notes are real Word comments
    comments = _xml(out, "word/comments.xml")
    assert "madar-jun" in comments
    assert "w:commentRangeStart" in _xml(out)


def test_rtl_packet_has_bidi_paragraphs_and_a_fillable_table(
    sample_kiln: Path, tmp_path: Path
) -> None:
    out = _export(sample_kiln, tmp_path / "ar.docx", what="translator-packet", language="ar")
    import docx

    d = docx.Document(str(out))
    xml = _xml(out)
    assert "<w:bidi/>" in xml and "<w:bidiVisual/>" in xml
    line_id = export_text("ar").gettext("Line id")  # the packet is labelled in Arabic
    assert line_id != "Line id"
    dialogue = next(t for t in d.tables if t.rows[0].cells[0].text == line_id)
    assert dialogue.rows[1].cells[0].text == "L00001"
    # empty to fill in, but for lines already in Arabic: those say to keep them as they are
    keep = export_text("ar").gettext("— keep as is (already in this language)")
    last = [row.cells[-1].text for row in dialogue.rows[1:]]
    assert set(last) == {"", keep} and last.count("") > last.count(keep) > 0
    # with w:bidi set, no explicit right alignment (LibreOffice would read it as "end")
    for p in d.paragraphs:
        if p._p.pPr is not None and p._p.pPr.find(f"{W}bidi") is not None:
            assert p.alignment is None or int(p.alignment) != 2


def test_missing_folder_is_a_user_error(sample_kiln: Path, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="does not exist"):
        _export(sample_kiln, tmp_path / "nowhere" / "x.docx")


@pytest.mark.slow
@needs_soffice
def test_libreoffice_renders_the_docx_without_missing_glyphs(
    sample_kiln: Path, tmp_path: Path
) -> None:
    """LibreOffice sets the Persian packet in the fonts the DOCX names, found among the fonts
    Kiln ships (tests.support.fonts), not in a fallback that happens to be installed."""
    out = _export(sample_kiln, tmp_path / "fa.docx", what="translator-packet", language="fa")
    pdf = convert(out, tmp_path)
    fonts = subprocess.run(
        ["pdffonts", str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    assert "WenQuanYiMicroHei" in fonts and "NotoNaskhArabic" in fonts
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "L00001" in text and "\ufffd" not in text


def test_cli_export_and_its_errors(sample_kiln: Path, tmp_path: Path, capsys) -> None:
    from app.cli.main import run as main

    out = tmp_path / "pt.docx"
    assert (
        main(
            [
                "export",
                str(sample_kiln),
                "--what",
                "translator-packet",
                "--lang",
                "pt-BR",
                "--format",
                "docx",
                "--out",
                str(out),
            ]
        )
        == 0
    )
    assert out.exists() and str(out) in capsys.readouterr().out
    # a packet needs a language: a user error, exit 1, nothing written
    bad = tmp_path / "none.pdf"
    assert (
        main(
            [
                "export",
                str(sample_kiln),
                "--what",
                "translator-packet",
                "--format",
                "pdf",
                "--out",
                str(bad),
            ]
        )
        == 1
    )
    assert "--lang" in capsys.readouterr().err and not bad.exists()
    # an episode range that is not one is a usage error
    usage = ["export", str(sample_kiln), "--format", "pdf", "--episodes", "3-1", "--out", str(bad)]
    assert main(usage) == 2
    assert (
        main(
            ["export", str(sample_kiln), "--format", "pdf", "--episodes", "2-3", "--out", str(bad)]
        )
        == 0
    )
    import pypdf

    text = "".join(p.extract_text() for p in pypdf.PdfReader(bad).pages)
    assert "2-1" in text and "3-1" in text and "1-1 " not in text


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_cancel_while_rendering_leaves_no_file(sample_kiln: Path, tmp_path: Path, fmt: str) -> None:
    from app.formats.registry import ExportCancelled

    calls: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> bool:
        calls.append((done, total))
        return done <= total // 2  # let the building half finish, stop while rendering

    out = tmp_path / f"late.{fmt}"
    with OpenProject.open(sample_kiln, read_only=True, backup=False) as project:
        with pytest.raises(ExportCancelled):
            export(project, ExportOptions(format=fmt), out, progress)
    assert any(done > total // 2 for done, total in calls)
    assert not out.exists() and not list(tmp_path.glob(".late*"))


@pytest.mark.parametrize("what, language", [("shooting-script", ""),
                                            ("translator-packet", "ar")])
def test_a_body_put_in_as_text_is_the_body_parsed_in(
    sample_kiln: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, what: str, language: str
) -> None:
    """Without comments the body goes into the zip as text (no parse); the document is the
    same as when python-docx parses it in, byte for byte, and it still opens."""
    import docx

    from app.formats.docx import render

    fast = _export(sample_kiln, tmp_path / "fast.docx", what=what, language=language)
    real = render._zipped
    parsed: list[bool] = []

    def always_parse(*args: object, parse: bool) -> bytes:
        parsed.append(parse)
        return real(*args, parse=True)  # type: ignore[arg-type]

    monkeypatch.setattr(render, "_zipped", always_parse)
    slow = _export(sample_kiln, tmp_path / "slow.docx", what=what, language=language)
    assert parsed == [False]  # no notes asked for: the text path was the one taken
    assert _xml(fast) == _xml(slow)
    opened = docx.Document(str(fast))
    assert len(opened.paragraphs) + len(opened.tables) > 10
