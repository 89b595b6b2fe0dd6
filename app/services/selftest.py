"""A headless check that an installed Kiln works: the core half (the window half is in main.py)."""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Callable
from pathlib import Path

from app.services.commands import Create, Update
from app.services.project import OpenProject
from app.services.sample import write_sample

logger = logging.getLogger(__name__)

Check = tuple[str, Callable[[Path], None]]


def _sample(folder: Path) -> None:
    path = folder / "sample.kiln"
    write_sample(path)
    with OpenProject.open(path, read_only=True) as project:
        stats = project.stats()
        if not stats.episodes or stats.dialogue_lines == 0:
            raise AssertionError("the sample project came out empty")


def _edit_and_undo(folder: Path) -> None:
    path = folder / "sample.kiln"
    with OpenProject.open(path, backup=False) as project:
        episode = project.episodes()[0]
        before = episode.title
        project.run(Update("episode", episode.id, {"title": "self-test"}))
        project.run(Create("scene", {"episode_id": episode.id}))
        project.undo()
        project.undo()
        if project.episodes()[0].title != before:
            raise AssertionError("undo did not restore the episode title")


CHECKS: list[Check] = [
    ("write and read the sample project", _sample),
    ("edit, undo and save", _edit_and_undo),
]


def run_core_checks(report: Callable[[str, bool, str], None]) -> bool:
    """Run every core check in a temporary folder; ``report(name, ok, detail)`` per check."""
    ok = True
    with tempfile.TemporaryDirectory(prefix="kiln-self-test-") as tmp:
        for name, check in CHECKS:
            try:
                check(Path(tmp))
                report(name, True, "")
            except Exception as exc:  # a self-test reports every failure, whatever it is
                logger.exception("self-test %s failed", name)
                report(name, False, str(exc))
                ok = False
    return ok
