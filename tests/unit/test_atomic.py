"""Files are written whole or not at all, and look like ordinary saved files."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest

from app.store.atomic import atomic_path, write_bytes_atomic


def test_failure_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "script.pdf"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError), atomic_path(target) as tmp:
        tmp.write_bytes(b"half")
        raise RuntimeError("export failed")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["script.pdf"]


def test_success_replaces(tmp_path: Path) -> None:
    target = tmp_path / "script.pdf"
    target.write_bytes(b"old")
    write_bytes_atomic(target, b"new")
    assert target.read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir()] == ["script.pdf"]


def test_no_overwrite_refuses(tmp_path: Path) -> None:
    target = tmp_path / "a.kiln"
    target.write_bytes(b"keep")
    with pytest.raises(FileExistsError), atomic_path(target, overwrite=False):
        pass
    assert target.read_bytes() == b"keep"


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX modes")
def test_modes_follow_umask_or_the_replaced_file(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        fresh = tmp_path / "fresh.docx"
        write_bytes_atomic(fresh, b"x")
        assert stat.S_IMODE(fresh.stat().st_mode) == 0o644
        private = tmp_path / "private.docx"
        private.write_bytes(b"x")
        private.chmod(0o600)
        write_bytes_atomic(private, b"y")
        assert stat.S_IMODE(private.stat().st_mode) == 0o600
    finally:
        os.umask(old)
