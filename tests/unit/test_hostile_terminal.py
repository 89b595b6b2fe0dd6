"""What the command line prints cannot drive the terminal (issue #24, item 9: ESC sequences
from a file's title were printed raw)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from app.cli.terminal import escape_controls

ROOT = Path(__file__).resolve().parents[2]


def test_controls_are_escaped_and_text_is_kept() -> None:
    assert escape_controls("a\x1b[2Jb\tc\nd\re\x00") == "a\\x1b[2Jb\tc\nd\\x0de\\x00"
    assert escape_controls("青花 · آبی") == "青花 · آبی"


def test_a_title_with_escape_sequences_is_printed_harmlessly(tmp_path: Path) -> None:
    env = {**os.environ, "KILN_DATA_DIR": str(tmp_path / "data")}
    project = tmp_path / "t.kiln"
    title = "Clear\x1b[2J\x1b]0;pwned\x07"
    done = subprocess.run([sys.executable, "main.py", "new", str(project), "--title", title],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    shown = subprocess.run([sys.executable, "main.py", "stats", str(project)], cwd=ROOT,
                           env=env, capture_output=True, text=True, timeout=120)
    assert shown.returncode == 0
    assert "\x1b" not in shown.stdout and "\x07" not in shown.stdout
    assert "Clear\\x1b[2J" in shown.stdout
