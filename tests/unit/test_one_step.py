"""A script exported in one step (``app.formats.one_step``: the reader's rows laid out with no
project in between) prints exactly what the same script prints through a project.

The reference is the project path: the same reader's result written into a project (in memory)
and exported by ``registry.export``. PDFs are compared byte for byte with reportlab's invariant
mode (no creation date, a fixed document id); Word files part by part, except the embedded
fonts, which Word's obfuscation keys with a fresh random id each time.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from reportlab import rl_config

from app.formats.document.options import ExportOptions
from app.formats.errors import ExportError
from app.formats.one_step import convert_script, converts_directly
from app.formats.project_json import populator
from app.formats.readers import read_script
from app.formats.registry import export
from app.project.open_project import OpenProject
from app.store.errors import ProjectFileError

DATA = Path(__file__).resolve().parents[1] / "data"
SCRIPTS = [
    DATA / "fountain_samples" / "brick_and_steel.fountain",
    DATA / "interchange" / "the_library_freak_out.fountain",
    DATA / "interchange" / "chinese.fountain",
    DATA / "interchange" / "all_elements.fdx",
    DATA / "interchange" / "fd_full.fdx",
    DATA / "interchange" / "zh_layout.txt",
    DATA / "interchange" / "zh_platform.txt",
]
OPTIONS = [
    {},
    {"notes": True, "language": "ar"},
    {"episodes": (1, 1)},
]


def _through_a_project(source: Path, opts: ExportOptions, out: Path) -> None:
    data, _report = read_script(source)
    with OpenProject.in_memory(populator(data, source.name), source) as project:
        export(project, opts, out)


def _undated(xml: bytes) -> bytes:
    """A part without its comments' dates (the time each was written, to the second)."""
    return re.sub(rb'w:date="[^"]*"', b"", xml)


@pytest.fixture
def invariant(monkeypatch: pytest.MonkeyPatch) -> None:
    """No date or random id in the PDFs, so equal documents are equal bytes."""
    monkeypatch.setattr(rl_config, "invariant", 1)


@pytest.mark.parametrize("source", SCRIPTS, ids=lambda p: p.name)
def test_a_pdf_in_one_step_is_the_pdf_of_the_project(source: Path, tmp_path: Path,
                                                     invariant: None) -> None:
    for extra in OPTIONS:
        opts = ExportOptions(what="shooting-script", format="pdf", **extra)  # type: ignore[arg-type]
        assert converts_directly(opts)
        direct, reference = tmp_path / "direct.pdf", tmp_path / "reference.pdf"
        convert_script(source, opts, direct)
        _through_a_project(source, opts, reference)
        assert direct.read_bytes() == reference.read_bytes(), extra


@pytest.mark.parametrize("source", SCRIPTS[::3], ids=lambda p: p.name)
def test_a_word_file_in_one_step_is_the_word_file_of_the_project(source: Path,
                                                                 tmp_path: Path) -> None:
    opts = ExportOptions(what="shooting-script", format="docx", notes=True)
    direct, reference = tmp_path / "direct.docx", tmp_path / "reference.docx"
    convert_script(source, opts, direct)
    _through_a_project(source, opts, reference)
    with zipfile.ZipFile(direct) as a, zipfile.ZipFile(reference) as b:
        assert a.namelist() == b.namelist()
        for name in a.namelist():
            if "font" not in name:  # obfuscated with a random key each time
                assert _undated(a.read(name)) == _undated(b.read(name)), name
        assert b"w:body" in a.read("word/document.xml")


def test_what_needs_a_project_does_not_go_in_one_step() -> None:
    """A revision compares with a draft, a packet or a dialogue list reads a project's
    translations and notes: those go through a project built in memory."""
    assert not converts_directly(ExportOptions(what="shooting-script", format="pdf",
                                               revision="first"))
    assert not converts_directly(ExportOptions(what="translator-packet", format="pdf",
                                               language="ar"))
    assert not converts_directly(ExportOptions(what="shooting-script", format="fountain"))


def test_one_step_never_writes_over_the_script_or_into_a_missing_folder(tmp_path: Path) -> None:
    source = tmp_path / "feature.fountain"
    source.write_bytes(SCRIPTS[0].read_bytes())
    opts = ExportOptions(what="shooting-script", format="pdf")
    with pytest.raises(ProjectFileError, match="another name"):
        convert_script(source, opts, tmp_path / "." / "feature.fountain")
    with pytest.raises(ExportError, match="does not exist"):
        convert_script(source, opts, tmp_path / "missing" / "out.pdf")
    assert source.read_bytes() == SCRIPTS[0].read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["feature.fountain"]
