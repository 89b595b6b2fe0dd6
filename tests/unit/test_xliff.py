"""XLIFF 2.1: export per language, translate, import into line translations, stale lines."""

from __future__ import annotations

import io
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from app.cli.main import run
from app.features.translations.lines import translation_rows
from app.formats.common import ImportFailed
from app.formats.xliff import GLS, MDA, NS, SLR, export_xliff, import_xliff
from app.project.commands import Update
from app.project.open_project import OpenProject

Q = f"{{{NS}}}"


def _export(kiln: Path, language: str) -> ET.Element:
    with OpenProject.open(kiln, read_only=True, backup=False) as project:
        return ET.fromstring(export_xliff(project, language))


def _translate(root: ET.Element, path: Path, fill=lambda uid, src: f"[{uid}] {src}") -> Path:
    """Do what a CAT tool does: add a target to every segment and mark it translated."""
    for unit in root.iter(f"{Q}unit"):
        seg = unit.find(f"{Q}segment")
        seg.set("state", "translated")
        target = ET.SubElement(seg, f"{Q}target")
        target.text = fill(unit.get("id"), "".join(seg.find(f"{Q}source").itertext()))
    path.write_bytes(ET.tostring(root, encoding="UTF-8", xml_declaration=True))
    return path


def test_export_has_units_notes_glossary_and_limits(sample_kiln: Path) -> None:
    root = _export(sample_kiln, "fa")
    assert (root.get("version"), root.get("srcLang"), root.get("trgLang")) == (
        "2.1", "zh-Hans", "fa",
    )  # fmt: skip
    with OpenProject.open(sample_kiln, read_only=True, backup=False) as project:
        lines = [
            e
            for sc in project.scenes()
            for e in project.elements(sc.id)
            if e.line_id and (e.language or "zh").split("-")[0] != "fa"
        ]
    units = list(root.iter(f"{Q}unit"))
    assert [u.get("id") for u in units] == [e.line_id for e in lines]
    sources = [u.find(f"{Q}segment/{Q}source") for u in units]
    assert ["".join(x.itertext()) for x in sources] == [e.text for e in lines]
    # do-not-translate terms are marked in the source; every rendering says its status
    marks = [m for x in sources for m in x.iter(f"{Q}mrk")]
    assert marks and all(m.get("translate") == "no" for m in marks)
    assert root.find(f"{Q}file").get("trgDir") == "rtl"
    assert root.find(f"{Q}file").get("srcDir") == "ltr"
    renderings = list(root.iter("{urn:oasis:names:tc:xliff:glossary:2.0}translation"))
    assert renderings and all(
        r.get("{urn:kiln:xliff:1.0}status") in ("proposed", "approved") for r in renderings
    )
    assert {u.get(f"{{{SLR}}}sizeRestriction") for u in units} == {"84"}
    assert root.find(f"{Q}file/{{{SLR}}}profiles").get("generalProfile") == "xliff:codepoints"
    assert all(any(m.get("type") == "source_hash" for m in u.iter(f"{{{MDA}}}meta")) for u in units)
    terms = {t.text for t in root.iter(f"{{{GLS}}}term")}
    assert "景德镇" in terms
    categories = {n.get("category") for n in root.iter(f"{Q}note")}
    assert {"speaker", "scene", "limits"} <= categories
    # Zh subtitles are 16 characters a line, two lines.
    assert {u.get(f"{{{SLR}}}sizeRestriction") for u in _export(sample_kiln, "en").iter(
        f"{Q}unit")} == {"84"}  # fmt: skip


def test_consultant_notes_go_to_their_language_only(sample_kiln: Path) -> None:
    def notes(language: str) -> str:
        return "\n".join(n.text or "" for n in _export(sample_kiln, language).iter(f"{Q}note"))

    somali = "Do not transliterate this as a bare"  # for ar-AE and fa-IR
    iron = "进口钴料含铁量高"  # for zh-CN, and for English (its English-subtitle advice)
    thumbs = "The action line just before this has Lin"  # fa-IR, ar-AE, pt-BR
    assert somali in notes("fa") and somali in notes("ar") and somali not in notes("pt-BR")
    assert thumbs in notes("pt-BR") and thumbs in notes("fa")
    assert not any(iron in notes(lang) for lang in ("fa", "ar", "pt-BR"))
    assert iron in notes("en")  # a note can address a target language, not only cultures


def test_export_translate_import_fills_exactly_the_right_lines(
    tmp_path: Path, sample_kiln: Path
) -> None:
    xlf = _translate(_export(sample_kiln, "ar"), tmp_path / "ar.xlf")
    with OpenProject.open(sample_kiln) as project:
        before_other = translation_rows(project, "pt-BR")
        result = import_xliff(project, xlf, "Noura")
        assert not result.problems and not result.stale
        rows = translation_rows(project, "ar")
        exported = {u.get("id") for u in ET.parse(xlf).getroot().iter(f"{Q}unit")}
        assert result.filled == len(exported)
        for row in rows:
            if row.line_id in exported:
                assert row.text == f"[{row.line_id}] {row.source}"
                assert (row.status, row.translator, row.stale) == ("translated", "Noura", False)
            else:
                assert row.text == ""
        assert translation_rows(project, "pt-BR") == before_other
        # One undo takes the whole import back.
        project.undo()
        assert all(r.text == "" for r in translation_rows(project, "ar"))
        project.redo()
        assert sum(1 for r in translation_rows(project, "ar") if r.text) == len(exported)


def test_changed_source_marks_the_line_stale(tmp_path: Path, mini_kiln: Path) -> None:
    root = _export(mini_kiln, "en")
    xlf = _translate(root, tmp_path / "en.xlf")
    with OpenProject.open(mini_kiln) as project:
        scene = project.scenes()[0]
        line = next(e for e in project.elements(scene.id) if e.line_id)
        project.run(Update("element", line.id, {"text": "窑火映红了墙，也映红了她。"}))
        result = import_xliff(project, xlf)
        assert result.stale == [line.line_id]
        rows = {r.line_id: r for r in translation_rows(project, "en")}
        assert rows[line.line_id].stale
        assert sum(r.stale for r in rows.values()) == 1
        # Retranslating from the current text clears the mark.
        xlf2 = _translate(_export(mini_kiln_path := project.path, "en"), tmp_path / "en2.xlf")
        assert mini_kiln_path == mini_kiln
        assert import_xliff(project, xlf2).stale == []
        assert not any(r.stale for r in translation_rows(project, "en"))


def test_unknown_ids_and_altered_sources_are_reported_not_guessed(
    tmp_path: Path, mini_kiln: Path
) -> None:
    root = _export(mini_kiln, "en")
    units = list(root.iter(f"{Q}unit"))
    units[0].set("id", "L99999")
    units[1].find(f"{Q}segment/{Q}source").text = "Someone edited the source."
    xlf = _translate(root, tmp_path / "en.xlf")
    with OpenProject.open(mini_kiln) as project:
        result = import_xliff(project, xlf)
        assert result.filled == len(units) - 2
        assert len(result.problems) == 2
        assert "L99999" in result.problems[0]
        filled = {r.line_id for r in translation_rows(project, "en") if r.text}
        assert units[1].get("id") not in filled and len(filled) == len(units) - 2


def test_an_entity_bomb_is_refused(tmp_path: Path, mini_kiln: Path) -> None:
    xlf = tmp_path / "bomb.xlf"
    xlf.write_bytes(
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        b'<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.1"/>'
    )
    with OpenProject.open(mini_kiln) as project, pytest.raises(ImportFailed, match="DTD"):
        import_xliff(project, xlf)


def test_not_xliff_2_is_refused(tmp_path: Path, mini_kiln: Path) -> None:
    xlf = tmp_path / "old.xlf"
    xlf.write_text('<xliff version="1.2"><file/></xliff>', encoding="utf-8")
    with OpenProject.open(mini_kiln) as project, pytest.raises(ImportFailed, match="XLIFF 2"):
        import_xliff(project, xlf)


def test_cli_export_and_translations_import(tmp_path: Path, mini_kiln: Path) -> None:
    xlf = tmp_path / "mini.ar.xlf"
    out, err = io.StringIO(), io.StringIO()
    args = ["export", str(mini_kiln), "--format", "xliff", "--lang", "ar", "--out", str(xlf)]
    assert run(args, out, err) == 0, err.getvalue()
    _translate(ET.parse(xlf).getroot(), xlf)
    out = io.StringIO()
    assert run(["translations", "import", str(mini_kiln), str(xlf)], out, err) == 0
    assert "Filled 4 ar translations." in out.getvalue()
    no_lang = ["export", str(mini_kiln), "--format", "xliff", "--out", str(tmp_path / "x.xlf")]
    err = io.StringIO()
    assert run(no_lang, io.StringIO(), err) == 1
    assert "--lang" in err.getvalue() and not (tmp_path / "x.xlf").exists()
