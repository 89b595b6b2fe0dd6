"""A test run draws its screenshots under build/ (git-ignored) and leaves the committed ones in
docs/screenshots alone: only ``make screenshots`` redraws those."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.support.screenshots import DEFAULT_DIR, ENV, ROOT, screenshot_dir

DOCS = ROOT / "docs" / "screenshots"
BOARD = "tests/ui/test_board.py::test_screenshot_of_the_sample_board"


def _stamps(folder: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in folder.iterdir()} if folder.is_dir() else {}


def _ignored_by_git(path: Path) -> bool:
    done = subprocess.run(["git", "check-ignore", "-q", str(path)], cwd=ROOT)
    return done.returncode == 0


@pytest.mark.skipif(
    shutil.which("git") is None or not (ROOT / ".git").exists(), reason="not a git work tree"
)
def test_screenshots_go_to_an_ignored_folder_unless_named(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.delenv(ENV, raising=False)
    assert screenshot_dir() == DEFAULT_DIR and _ignored_by_git(DEFAULT_DIR / "window.png")
    monkeypatch.setenv(ENV, str(tmp_path / "shots"))
    assert screenshot_dir() == tmp_path / "shots" and (tmp_path / "shots").is_dir()


def test_a_screenshot_test_leaves_docs_alone() -> None:
    """Run one screenshot test as ``make test`` does: the picture is (re)drawn under build/,
    and no file in docs/screenshots is written, not even with the same bytes."""
    env = {k: v for k, v in os.environ.items() if k != ENV}
    before, start = _stamps(DOCS), time.time_ns()
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", BOARD],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert _stamps(DOCS) == before
    assert (DEFAULT_DIR / "board.png").stat().st_mtime_ns >= start
