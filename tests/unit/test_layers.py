"""The core stays Qt-free: checked by reading the code and by the linter `make test` runs."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def qt_imports(folder: Path) -> list[str]:
    found = []
    for path in folder.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            found += [
                f"{path.relative_to(folder)}: {n}"
                for n in names
                if n.split(".")[0] in ("PySide6", "ui", "shiboken6")
            ]
    return found


def test_app_never_imports_qt_or_ui() -> None:
    assert qt_imports(ROOT / "app") == []


def test_import_linter_catches_qt_in_the_core(tmp_path: Path) -> None:
    """The contract run by `make test` really fails when app/ imports PySide6."""
    copy = tmp_path / "tree"
    for name in ("app", "ui"):
        shutil.copytree(ROOT / name, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", copy / "pyproject.toml")
    lint = Path(sys.executable).with_name("lint-imports")
    ok = subprocess.run(
        [str(lint)],
        cwd=copy,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(copy), "PATH": ""},
    )
    assert ok.returncode == 0, ok.stdout + ok.stderr
    (copy / "app" / "core" / "sneaky.py").write_text("from PySide6 import QtCore\n")
    broken = subprocess.run(
        [str(lint)],
        cwd=copy,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(copy), "PATH": ""},
    )
    assert broken.returncode != 0
    assert "BROKEN" in broken.stdout
