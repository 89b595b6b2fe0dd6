"""A project's shooting script exported without the database layer (issue #19:
``app.formats.project_export``, ``app.formats.document.project_tables``).

The tables are read with plain SQL into the rows ``content.from_rows`` lays out; the references
are the open project's own record queries (``OpenProject.info``, ``scenes``…) and the full
export through ``registry.export``. PDFs are compared byte for byte in reportlab's invariant
mode; Word files part by part, except the embedded fonts (keyed with a fresh random id each
time) and the comments' dates.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from reportlab import rl_config

from app.core.enums import AnnotationTarget
from app.features.heritage.library import Library
from app.features.heritage.linking import link_entry
from app.features.notes.review import approve
from app.features.translations.lines import SetTranslations, TranslationEdit
from app.formats.document.options import ExportOptions
from app.formats.document.project_tables import stored_content
from app.formats.project_export import export_stored
from app.formats.registry import export
from app.formats.script_source import printed_numbers
from app.project.open_project import OpenProject
from app.store.errors import ProjectFileError
from app.store.reading import read_only_connection

ROOT = Path(__file__).resolve().parents[2]
HERITAGE = ROOT / "tests" / "data" / "heritage"
RESTRICTED = "unesco-00225-dragon-boat"  # the fixture marks it restricted
OPEN_ENTRY = "cn-qinghua-porcelain"
OPTIONS = [
    {},
    {"notes": True, "heritage": True, "bilingual": "ar"},
    {"notes": True, "heritage": True, "bilingual": "zh-Hans", "language": "ar",
     "episodes": (1, 2)},
]


@pytest.fixture
def library(tmp_path: Path) -> Library:
    with Library.open(f"sqlite:///{tmp_path / 'lib.sqlite'}", seed=HERITAGE) as lib:
        yield lib


@pytest.fixture
def rich(sample_kiln: Path, library: Library) -> Path:
    """The sample with heritage linked to a scene and a line, an approval and translations."""
    with OpenProject.open(sample_kiln, backup=False) as project:
        scenes = project.scenes()
        lines = [e for e in project.elements(scenes[0].id) if e.line_id][:3]
        link_entry(project, "scene", scenes[1].id, OPEN_ENTRY, library)
        link_entry(project, "element", lines[0].id, OPEN_ENTRY, library)
        approve(project, AnnotationTarget.HERITAGE_ITEM, OPEN_ENTRY, "Checked.", author="Mina")
        for language, word in (("ar", "سطر"), ("zh-Hans", "行")):
            project.run(SetTranslations([TranslationEdit(e.id, language, f"{word} {i}")
                                         for i, e in enumerate(lines)]))
    return sample_kiln


@pytest.fixture
def invariant(monkeypatch: pytest.MonkeyPatch) -> None:
    """No date or random id in the PDFs, so equal documents are equal bytes."""
    monkeypatch.setattr(rl_config, "invariant", 1)


def _kiln(*args: str) -> subprocess.CompletedProcess[str]:
    """``kiln export ARGS --format pdf`` in a fresh process."""
    return subprocess.run([sys.executable, "main.py", "export", *args, "--format", "pdf"],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: re.sub(rb'w:date="[^"]*"|w:fontKey="[^"]*"', b"", z.read(n))
                for n in z.namelist() if not n.startswith("word/fonts/")}


def test_the_tables_read_as_the_open_project_reads_them(rich: Path) -> None:
    opts = ExportOptions(notes=True, heritage=True, bilingual="ar")
    with OpenProject.open(rich, read_only=True) as project:
        with read_only_connection(rich) as conn:
            content = stored_content(conn, rich, opts)
        assert content.info == project.info()
        assert list(content.characters.values()) == project.characters()
        assert content.episodes == project.episodes()
        assert [s for e in content.episodes for s in content.scenes_of.get(e.id, [])] \
            == project.scenes()
        for scene in project.scenes():
            assert content.elements_of.get(scene.id, []) == project.elements(scene.id)
        assert content.numbers == printed_numbers(project)
    assert sum(map(len, content.notes.values())) > 0
    approvals = [d["approval"] for ds in content.heritage.values() for d in ds]
    assert approvals == ["accepted (Mina)"] * 2
    assert sorted(content.bilingual.values()) == ["سطر 0", "سطر 1", "سطر 2"]


@pytest.mark.parametrize("options", OPTIONS, ids=str)
def test_a_pdf_read_without_the_database_layer_is_the_full_export(
    rich: Path, tmp_path: Path, invariant: None, options: dict
) -> None:
    opts = ExportOptions(format="pdf", **options)
    assert export_stored(rich, opts, tmp_path / "plain.pdf")
    with OpenProject.open(rich, read_only=True) as project:
        export(project, opts, tmp_path / "full.pdf")
    assert (tmp_path / "plain.pdf").read_bytes() == (tmp_path / "full.pdf").read_bytes()


def test_a_word_file_read_without_the_database_layer_is_the_full_export(
    rich: Path, tmp_path: Path
) -> None:
    opts = ExportOptions(format="docx", notes=True, heritage=True, bilingual="ar")
    assert export_stored(rich, opts, tmp_path / "plain.docx")
    with OpenProject.open(rich, read_only=True) as project:
        export(project, opts, tmp_path / "full.docx")
    assert _parts(tmp_path / "plain.docx") == _parts(tmp_path / "full.docx")


def test_a_title_page_asking_consent_takes_the_full_path(
    sample_kiln: Path, library: Library, tmp_path: Path
) -> None:
    with OpenProject.open(sample_kiln, backup=False) as project:
        link_entry(project, "scene", project.scenes()[0].id, RESTRICTED, library)
    out = tmp_path / "script.pdf"
    assert not export_stored(sample_kiln, ExportOptions(language="en"), out)
    assert not out.exists()
    done = _kiln(str(sample_kiln), "--lang", "en", "--out", str(out))
    assert done.returncode == 0, done.stderr
    cover = subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(out), "-"],
                           capture_output=True, text=True, check=True).stdout
    assert "Restricted, not approved: Dragon Boat festival." in " ".join(cover.split())


def test_kiln_export_of_a_project_loads_no_database_layer(sample_kiln: Path,
                                                           tmp_path: Path) -> None:
    """``kiln export X.kiln --format pdf|docx`` imports neither SQLAlchemy nor the registry of
    writers, nor spaCy, Qt or the studio's driver, even when it inspects the file whole."""
    probe = (
        "import contextlib, io, sys, json, app.cli.main as m\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    assert m.run(['export', sys.argv[1], '--format', sys.argv[3], '--notes',"
        " '--out', sys.argv[2]]) == 0\n"
        "print(json.dumps(sorted({n.split('.')[0] for n in sys.modules} & {'sqlalchemy',"
        " 'PySide6', 'spacy', 'psycopg', 'jieba'}) + sorted(n for n in sys.modules"
        " if n == 'app.formats.registry')))\n"
    )
    verified_cache = tmp_path / "data"  # nothing remembered: the first run inspects the file
    for fmt in ("pdf", "docx"):
        out = tmp_path / f"script.{fmt}"
        done = subprocess.run([sys.executable, "-c", probe, str(sample_kiln), str(out), fmt],
                              cwd=ROOT, capture_output=True, text=True, timeout=300,
                              env={**os.environ, "KILN_DATA_DIR": str(verified_cache)})
        assert done.returncode == 0, done.stderr
        assert done.stdout.strip().splitlines()[-1] == "[]"
        assert out.stat().st_size > 10_000


def test_bad_projects_are_refused_in_one_sentence_and_left_untouched(
    sample_kiln: Path, tmp_path: Path
) -> None:
    before = sample_kiln.read_bytes()
    with pytest.raises(ProjectFileError, match="one of its own files"):
        export_stored(sample_kiln, ExportOptions(), sample_kiln)
    assert sample_kiln.read_bytes() == before
    fake = tmp_path / "fake.kiln"
    fake.write_text("INT. NOT A DATABASE - DAY\n", "utf-8")
    done = _kiln(str(fake), "--out", str(tmp_path / "x.pdf"))
    assert done.returncode != 0
    assert "is not a Kiln project" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "x.pdf").exists()
    cut = tmp_path / "cut.kiln"
    cut.write_bytes(before[: len(before) // 2])
    done = _kiln(str(cut), "--out", str(tmp_path / "y.pdf"))
    assert done.returncode != 0 and "Traceback" not in done.stderr
    assert str(cut) in done.stderr
    assert cut.read_bytes() == before[: len(before) // 2] and not (tmp_path / "y.pdf").exists()
