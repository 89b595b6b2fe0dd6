"""One house with layers that point one way: checked by reading the code, by the linter
`make test` runs, and by counting what hides inside functions.

ui > app.cli > app.formats > app.features > app.project > app.store > app.core
"""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parents[2]
#: Imports of our own modules inside functions: only where start-up needs them, each commented.
MAX_FUNCTION_IMPORTS = 15


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


def _tree_copy(tmp_path: Path) -> Path:
    copy = tmp_path / "tree"
    for name in ("app", "ui"):
        shutil.copytree(ROOT / name, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", copy / "pyproject.toml")
    return copy


def _lint(copy: Path) -> subprocess.CompletedProcess[str]:
    lint = Path(sys.executable).with_name("lint-imports")
    return subprocess.run(
        [str(lint)],
        cwd=copy,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(copy), "PATH": ""},
    )


@pytest.mark.parametrize(
    ("where", "sneaky"),
    [
        ("app/core/sneaky.py", "from PySide6 import QtCore\n"),  # Qt in the core
        ("app/store/sneaky.py", "from app.features.notes import service\n"),  # pointing up
        ("app/project/sneaky.py", "from app.formats import registry\n"),
        ("app/formats/sneaky.py", "from app.cli import main\n"),
        ("app/core/sneaky.py", "from app.store import schema\n"),
    ],
)
def test_the_layers_contract_catches_an_import_that_points_up(
    tmp_path: Path, where: str, sneaky: str
) -> None:
    """The contract `make test` runs really fails when a layer imports one above it."""
    copy = _tree_copy(tmp_path)
    ok = _lint(copy)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    (copy / where).write_text(sneaky)
    broken = _lint(copy)
    assert broken.returncode != 0
    assert "BROKEN" in broken.stdout


def _package(module: str) -> str:
    """The package a module belongs to (a package's own __init__ counts as the package)."""
    path = ROOT / Path(*module.split("."))
    return module if path.is_dir() else module.rpartition(".")[0]


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one node (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []
    counter = [0]

    def visit(node: str) -> None:
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for nxt in edges.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                group.append(top)
                if top == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return groups


def test_no_two_packages_import_each_other() -> None:
    """No cycle between packages (app.features.notes ↔ app.features.board, say), at any depth."""
    sys.path.insert(0, str(ROOT))
    graph = grimp.build_graph("app", "ui")
    edges: dict[str, set[str]] = defaultdict(set)
    for module in graph.modules:
        for imported in graph.find_modules_directly_imported_by(module):
            a, b = _package(module), _package(imported)
            # a package may use its own subpackages (app.features → app.features.notes is
            # the same package tree); only siblings and strangers count
            if a != b and not b.startswith(a + ".") and not a.startswith(b + "."):
                edges[a].add(b)
    assert _cycles(edges) == []


def function_level_imports() -> list[tuple[str, int, str, bool]]:
    """(file, line, import, commented) for every import of app/ or ui/ inside a function."""
    found = []
    for path in sorted([ROOT / "main.py", *(ROOT / "app").rglob("*.py"), *(ROOT / "ui").rglob(
            "*.py")]):
        source = path.read_text(encoding="utf-8")
        lines = source.splitlines()
        for node in ast.walk(ast.parse(source)):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for sub in ast.walk(node):
                if isinstance(sub, ast.ImportFrom) and sub.level == 0 and sub.module:
                    names = [sub.module]
                elif isinstance(sub, ast.Import):
                    names = [a.name for a in sub.names]
                else:
                    continue
                if not any(n.split(".")[0] in ("app", "ui") for n in names):
                    continue
                here = lines[sub.lineno - 1]
                above = lines[sub.lineno - 2].strip() if sub.lineno > 1 else ""
                commented = "#" in here or above.startswith("#")
                found.append((str(path.relative_to(ROOT)), sub.lineno, ast.unparse(sub),
                              commented))
    return found


def test_imports_inside_functions_are_few_and_say_why() -> None:
    found = function_level_imports()
    silent = [f"{f}:{line}: {text}" for f, line, text, commented in found if not commented]
    assert silent == [], "a function-level import needs a comment saying why"
    assert len(found) <= MAX_FUNCTION_IMPORTS, "\n".join(f"{f}:{n}" for f, n, _t, _c in found)
