"""A headless check that an installed Kiln works: the core half (the window half is in main.py).

It runs in a temporary folder that also serves as the user data folder, so it never touches
the user's projects, backups or library.
"""

from __future__ import annotations

import argparse
import logging
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

import psycopg

from app.core.i18n import _
from app.features.heritage.detect import detector_for
from app.features.heritage.library import Library
from app.features.heritage.scan import detect_project
from app.features.studio.address import connect, parse
from app.formats.document.options import ExportOptions
from app.formats.registry import export
from app.formats.sample import write_sample
from app.project.commands import Create, Update
from app.project.open_project import OpenProject

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


def _detect(folder: Path) -> None:
    with Library.open() as library:
        detector = detector_for(library)
    with OpenProject.open(folder / "sample.kiln", read_only=True) as project:
        scenes = detect_project(project, detector)
    found = {entry for scene in scenes for m in scene.matches for entry in m.match.entry_ids}
    if "cn-jingdezhen-porcelain" not in found:
        raise AssertionError("the sample's blue-and-white porcelain was not detected")


def _exports(folder: Path) -> None:
    with OpenProject.open(folder / "sample.kiln", read_only=True) as project:
        for fmt in ("pdf", "docx"):
            for language in ("zh-Hans", "ar"):
                cases = {
                    f"script-{language}.{fmt}": ExportOptions(format=fmt, language=language),
                    f"packet-{language}.{fmt}": ExportOptions(
                        what="translator-packet", format=fmt, language=language
                    ),
                }
                for name, options in cases.items():
                    out = export(project, options, folder / name)
                    if out.stat().st_size < 1000:
                        raise AssertionError(f"{name} came out empty")


def _studio_driver(folder: Path) -> None:
    """The studio's PostgreSQL driver loads with its own libpq, and SQLAlchemy finds it."""
    engine = connect(parse("postgresql://self-test@/kiln?host=/nonexistent"))
    try:
        if engine.dialect.driver != "psycopg" or psycopg.pq.version() < 100000:
            raise RuntimeError(f"PostgreSQL driver {engine.dialect.driver}, libpq "
                               f"{psycopg.pq.version()}")
    finally:
        engine.dispose()


CHECKS: list[Check] = [
    ("write and read the sample project", _sample),
    ("edit, undo and save", _edit_and_undo),
    ("detect heritage terms in the sample", _detect),
    ("export scripts and translator packets (PDF, DOCX; zh, ar)", _exports),
    ("load the studio's PostgreSQL driver", _studio_driver),
]


def run_core_checks(report: Callable[[str, bool, str], None]) -> bool:
    """Run every core check in a temporary folder; ``report(name, ok, detail)`` per check."""
    ok = True
    saved = os.environ.get("KILN_DATA_DIR")
    with tempfile.TemporaryDirectory(prefix="kiln-self-test-") as tmp:
        os.environ["KILN_DATA_DIR"] = str(Path(tmp) / "data")
        try:
            for name, check in CHECKS:
                try:
                    check(Path(tmp))
                    report(name, True, "")
                except Exception as exc:  # a self-test reports every failure, whatever it is
                    logger.exception("self-test %s failed", name)
                    report(name, False, str(exc))
                    ok = False
        finally:
            if saved is None:
                os.environ.pop("KILN_DATA_DIR", None)
            else:
                os.environ["KILN_DATA_DIR"] = saved
    return ok


def self_test_command(args: argparse.Namespace, out: TextIO) -> int:
    """``kiln --self-test``: the core checks, one line each."""

    def report(name: str, ok: bool, detail: str) -> None:
        mark = _("ok") if ok else _("FAILED")
        print(f"{mark}: {name}{' — ' + detail if detail else ''}", file=out)

    return 0 if run_core_checks(report) else 1
