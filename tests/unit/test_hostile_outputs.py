"""An export can never overwrite the project it reads, its lock, journal or backups, however the
output path is spelled (issue #24, item 2)."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.formats.document.options import ExportOptions
from app.formats.registry import export
from app.project.errors import ProjectFileError
from app.project.open_project import OpenProject
from app.store import backup

ROOT = Path(__file__).resolve().parents[2]


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _kiln(*args: str, data: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "main.py", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=120, env={**os.environ, "KILN_DATA_DIR": str(data)})


@pytest.mark.parametrize("fmt", ["fountain", "fdx", "pdf", "docx", "xliff"])
def test_export_onto_the_project_is_refused(sample_kiln: Path, tmp_path: Path, fmt: str) -> None:
    before = _digest(sample_kiln)
    done = _kiln("export", str(sample_kiln), "--format", fmt, "--lang", "ar", "--out",
                 str(sample_kiln), data=tmp_path)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr and str(sample_kiln) in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert _digest(sample_kiln) == before


def test_notes_export_onto_the_project_is_refused(sample_kiln: Path, tmp_path: Path) -> None:
    before = _digest(sample_kiln)
    done = _kiln("notes", "export", str(sample_kiln), "--out", str(sample_kiln), data=tmp_path)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert _digest(sample_kiln) == before


def test_every_spelling_of_the_project_and_its_own_files_is_refused(sample_kiln: Path,
                                                                   tmp_path: Path) -> None:
    link = tmp_path / "link.fountain"
    link.symlink_to(sample_kiln)
    hard = tmp_path / "hard.fdx"
    os.link(sample_kiln, hard)
    with OpenProject.open(sample_kiln, backup=True) as project:
        saved = backup.list_backups(sample_kiln)[0]
        targets = [
            link, hard,
            sample_kiln.parent / "." / sample_kiln.name,
            sample_kiln.with_name(sample_kiln.name + ".lock"),
            sample_kiln.with_name(sample_kiln.name + "-journal"),
            saved, saved.with_name("another.kiln"),
        ]
        before = {p: _digest(p) for p in (sample_kiln, saved)}
        for target in targets:
            with pytest.raises(ProjectFileError, match="one of its own files"):
                export(project, ExportOptions(format="fountain"), target)
        assert {p: _digest(p) for p in before} == before
        # a file beside it is fine
        export(project, ExportOptions(format="fountain"), tmp_path / "script.fountain")
