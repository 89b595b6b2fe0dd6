"""A translated XLIFF file cannot smuggle in another language, duplicate units, control
characters or a flood of warnings (issue #24, item 11, and item 9 for XLIFF)."""

from __future__ import annotations

import copy
import hashlib
import io
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from app.cli.main import run
from app.features.translations.lines import translation_rows
from app.formats.common import ImportFailed
from app.formats.xliff import NS, export_xliff, import_xliff
from app.project.open_project import OpenProject

Q = f"{{{NS}}}"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _translated(kiln: Path, language: str = "ar") -> ET.Element:
    with OpenProject.open(kiln, read_only=True, backup=False) as project:
        root = ET.fromstring(export_xliff(project, language))
    for unit in root.iter(f"{Q}unit"):
        segment = unit.find(f"{Q}segment")
        segment.set("state", "translated")
        ET.SubElement(segment, f"{Q}target").text = "ترجمة"
    return root


def _first_unit(root: ET.Element) -> tuple[ET.Element, ET.Element]:
    """The first unit and the element that holds it (a file or a group)."""
    unit = next(root.iter(f"{Q}unit"))
    parent = next(p for p in root.iter() if unit in list(p))
    return parent, unit


def _save(root: ET.Element, path: Path) -> Path:
    path.write_bytes(ET.tostring(root, encoding="UTF-8", xml_declaration=True))
    return path


@pytest.mark.parametrize("tag", ["zh-Hans", "xx-EVIL", "a" * 100_000, "ar'; DROP", ""])
def test_a_language_that_is_not_a_target_is_refused(sample_kiln: Path, tmp_path: Path,
                                                    tag: str) -> None:
    root = _translated(sample_kiln)
    root.set("trgLang", tag)
    xlf = _save(root, tmp_path / "t.xlf")
    before = _digest(sample_kiln)
    with OpenProject.open(sample_kiln, backup=False) as project:
        with pytest.raises(ImportFailed) as caught:
            import_xliff(project, xlf)
    assert len(str(caught.value)) < 400
    assert _digest(sample_kiln) == before


def test_a_regional_tag_fills_the_projects_language(sample_kiln: Path, tmp_path: Path) -> None:
    root = _translated(sample_kiln)
    root.set("trgLang", "ar-SA")
    xlf = _save(root, tmp_path / "t.xlf")
    with OpenProject.open(sample_kiln, backup=False) as project:
        result = import_xliff(project, xlf)
        assert result.language == "ar" and result.filled > 0
        assert any(r.text for r in translation_rows(project, "ar"))


def test_a_unit_given_twice_is_refused(sample_kiln: Path, tmp_path: Path) -> None:
    root = _translated(sample_kiln)
    file, first = _first_unit(root)
    twin = copy.deepcopy(first)
    twin.find(f"{Q}segment/{Q}target").text = "another"
    file.append(twin)
    xlf = _save(root, tmp_path / "t.xlf")
    before = _digest(sample_kiln)
    with OpenProject.open(sample_kiln, backup=False) as project:
        with pytest.raises(ImportFailed, match="twice"):
            import_xliff(project, xlf)
    assert _digest(sample_kiln) == before


def test_control_characters_in_a_translation_are_not_stored(sample_kiln: Path,
                                                            tmp_path: Path) -> None:
    root = _translated(sample_kiln)
    unit = next(root.iter(f"{Q}unit"))
    unit.find(f"{Q}segment/{Q}target").text = "bad\x1b[31m"
    xlf = tmp_path / "t.xlf"
    xlf.write_bytes(ET.tostring(root, encoding="UTF-8", xml_declaration=True).replace(
        b"\x1b", b"&#27;"))  # ElementTree will not write ESC raw; a hostile tool would
    with OpenProject.open(sample_kiln, backup=False) as project:
        try:
            result = import_xliff(project, xlf)
        except ImportFailed:
            return  # refused whole: also fine
        assert any("control characters" in p for p in result.problems)
        assert not any("\x1b" in r.text for r in translation_rows(project, "ar"))


def test_a_flood_of_unknown_units_is_summarised(sample_kiln: Path, tmp_path: Path) -> None:
    root = _translated(sample_kiln)
    file, template = _first_unit(root)
    for n in range(20_000):
        unit = copy.deepcopy(template)
        unit.set("id", f"X{n:06d}")
        file.append(unit)
    xlf = _save(root, tmp_path / "flood.xlf")
    err = io.StringIO()
    code = run(["translations", "import", str(sample_kiln), str(xlf)], io.StringIO(), err)
    assert code == 0
    warnings = err.getvalue().splitlines()
    assert len(warnings) <= 11 and "more problems" in warnings[-1]
