"""Rotating backups of project files in the user data folder.

Each project gets its own folder (its file name plus a hash of its full path, so two
``series.kiln`` files in different folders never share backups). A backup is a consistent
SQLite snapshot written to a temporary file and renamed; only the newest ``keep`` are kept.
"""

from __future__ import annotations

import hashlib
import logging
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from app.core.paths import backups_dir
from app.store.atomic import atomic_path

logger = logging.getLogger(__name__)

DEFAULT_KEEP = 10


def backup_folder(project: Path) -> Path:
    """The folder that holds the backups of ``project``."""
    digest = hashlib.sha1(str(project.resolve()).encode("utf-8")).hexdigest()[:10]
    return backups_dir() / f"{project.stem}-{digest}"


def list_backups(project: Path) -> list[Path]:
    """Backups of ``project``, newest first."""
    folder = backup_folder(project)
    if not folder.is_dir():
        return []
    return sorted(folder.glob("*.kiln"), reverse=True)


def _snapshot(source: sqlite3.Connection, target: Path) -> None:
    dest = sqlite3.connect(target)
    try:
        source.backup(dest)
    finally:
        dest.close()


def make_backup(
    project: Path, *, source: sqlite3.Connection | None = None, keep: int = DEFAULT_KEEP
) -> Path:
    """Snapshot ``project`` into its backup folder and drop all but the newest ``keep``.

    ``source`` is an open connection to read from; without it the file is opened read-only.
    """
    folder = backup_folder(project)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = folder / f"{stamp}.kiln"
    with atomic_path(target) as tmp:
        if source is not None:
            _snapshot(source, tmp)
        else:
            conn = sqlite3.connect(f"{project.resolve().as_uri()}?mode=ro", uri=True)
            try:
                _snapshot(conn, tmp)
            finally:
                conn.close()
    for old in list_backups(project)[keep:]:
        old.unlink(missing_ok=True)
    logger.info("backed up %s to %s", project, target)
    return target


def backup_is_current(project: Path) -> bool:
    """True when the newest backup is younger than the project's last change."""
    backups = list_backups(project)
    return bool(backups) and backups[0].stat().st_mtime >= project.stat().st_mtime
