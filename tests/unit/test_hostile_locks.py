"""The write lock cannot be fooled by links or a deleted sidecar, and a planted link never makes
Kiln write into another file (issue #24, items 1 and 8)."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.project.errors import ProjectLockedError
from app.project.open_project import OpenProject
from app.store.lock import lock_path_for

ROOT = Path(__file__).resolve().parents[2]


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_lock_file_symlink_never_writes_into_its_target(mini_kiln: Path, tmp_path: Path) -> None:
    victim = tmp_path / "precious.txt"
    victim.write_text("the thesis, chapter 3\n", encoding="utf-8")
    before = _digest(victim)
    lock_path_for(mini_kiln).symlink_to(victim)
    with OpenProject.open(mini_kiln, backup=False) as project:
        assert project.info().title
        assert _digest(victim) == before
        assert not lock_path_for(mini_kiln).is_symlink()  # our sidecar replaced the link
    assert _digest(victim) == before
    assert victim.exists()


def test_the_command_line_never_writes_through_a_planted_link(mini_kiln: Path,
                                                              tmp_path: Path) -> None:
    victim = tmp_path / "precious.txt"
    victim.write_bytes(b"untouchable")
    lock_path_for(mini_kiln).symlink_to(victim)
    done = subprocess.run(
        [sys.executable, "main.py", "translations", "import", str(mini_kiln),
         str(tmp_path / "missing.xlf")],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
        env={**os.environ, "KILN_DATA_DIR": str(tmp_path / "data")},
    )
    assert "Traceback" not in done.stderr
    assert victim.read_bytes() == b"untouchable"


@pytest.mark.parametrize("how", ["symlink", "hardlink"])
def test_a_second_writer_through_a_link_is_refused(mini_kiln: Path, tmp_path: Path,
                                                   how: str) -> None:
    other = tmp_path / "elsewhere" / "same.kiln"
    other.parent.mkdir()
    if how == "symlink":
        other.symlink_to(mini_kiln)
    else:
        os.link(mini_kiln, other)
    with OpenProject.open(mini_kiln, backup=False):
        with pytest.raises(ProjectLockedError):
            OpenProject.open(other, backup=False)
    with OpenProject.open(other, backup=False):  # released: the link opens now
        pass


def test_deleting_the_sidecar_does_not_let_a_second_writer_in(mini_kiln: Path) -> None:
    with OpenProject.open(mini_kiln, backup=False):
        lock_path_for(mini_kiln).unlink()
        with pytest.raises(ProjectLockedError):
            OpenProject.open(mini_kiln, backup=False)


def test_a_second_process_through_a_symlink_is_refused(mini_kiln: Path, tmp_path: Path) -> None:
    link = tmp_path / "link.kiln"
    link.symlink_to(mini_kiln)
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys; from app.project.open_project import OpenProject; "
         f"p = OpenProject.open({str(mini_kiln)!r}, backup=False); print('locked', flush=True); "
         "sys.stdin.readline()"],
        cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        lock_path_for(mini_kiln).unlink()  # and the sidecar is gone too
        with pytest.raises(ProjectLockedError):
            OpenProject.open(link, backup=False)
    finally:
        holder.kill()
        holder.wait()
