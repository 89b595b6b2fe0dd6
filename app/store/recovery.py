"""Finding the newest good backup of a damaged project and restoring it to a new file.

A damaged file is evidence and may still be rescued by hand, so recovery never writes over it:
the good backup is copied (SQLite's backup API), checked, sealed and renamed into place under a
new name beside the damaged file.
"""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from app.core.i18n import _
from app.store import backup, integrity
from app.store.atomic import atomic_path
from app.store.errors import ProjectFileError
from app.store.identity import APPLICATION_ID, SCHEMA_VERSION

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class GoodBackup:
    """A backup that passes every check, and when it was taken (UTC)."""

    path: Path
    taken: datetime


def verify(path: Path) -> str | None:
    """None when the Kiln file at ``path`` passes every check, else what is wrong with it."""
    try:
        with open(path, "rb") as handle:
            if handle.read(16) != b"SQLite format 3\x00":
                return "not a SQLite database"
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            integrity.inspect(conn, APPLICATION_ID, SCHEMA_VERSION)
        finally:
            conn.close()
    except integrity.NotKiln:
        return "not a Kiln project"
    except (integrity.Damage, sqlite3.Error, OSError) as exc:
        return str(exc) or type(exc).__name__
    return None


def taken_at(saved: Path) -> datetime:
    """When a backup was taken: from its name (``20240501T101500123456Z.kiln``), else its mtime."""
    try:
        return datetime.strptime(saved.stem, "%Y%m%dT%H%M%S%fZ").replace(tzinfo=UTC)
    except ValueError:
        return datetime.fromtimestamp(saved.stat().st_mtime, UTC)


def newest_good_backup(project: Path) -> GoodBackup | None:
    """The newest backup of ``project`` that passes every check, or None."""
    for saved in backup.list_backups(project):
        problem = verify(saved)
        if problem is None:
            return GoodBackup(saved, taken_at(saved))
        logger.warning("backup %s of %s fails its checks: %s", saved, project, problem)
    return None


def recovered_name(project: Path, taken: datetime) -> Path:
    """A new file beside ``project`` for its backup from ``taken``; never an existing file."""
    stamp = taken.astimezone().strftime("%Y-%m-%d-%H%M")
    candidate = project.with_name(f"{project.stem}-recovered-{stamp}.kiln")
    n = 2
    while candidate.exists():
        candidate = project.with_name(f"{project.stem}-recovered-{stamp}-{n}.kiln")
        n += 1
    return candidate


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve() or (a.exists() and b.exists() and a.samefile(b))
    except OSError:
        return False


def restore(saved: Path, out: Path, *, damaged: Path | None = None) -> Path:
    """Copy the backup ``saved`` to the new file ``out``, check and seal it; return ``out``.

    ``out`` must not exist (and must not be ``damaged``): recovery never overwrites a file.
    """
    saved, out = Path(saved), Path(out)
    if damaged is not None and _same_file(out, damaged):
        raise ProjectFileError(
            out,
            _("{path} is the damaged file itself; Kiln never writes over it, choose a new name "
              "for the recovered project.").format(path=out),
        )
    if out.exists():
        raise ProjectFileError(
            out, _("{path} already exists; choose a new name for the recovered project.").format(
                path=out)
        )
    if not out.parent.is_dir():
        raise ProjectFileError(
            out, _("The folder of {path} does not exist; choose another place.").format(path=out)
        )
    problem = verify(saved)
    if problem is not None:
        raise ProjectFileError(
            saved,
            _("The backup {path} is damaged too ({detail}); choose an older backup.").format(
                path=saved, detail=problem),
        )
    try:
        with atomic_path(out, overwrite=False) as tmp:
            source = sqlite3.connect(f"{saved.resolve().as_uri()}?mode=ro", uri=True)
            dest = sqlite3.connect(tmp)
            try:
                source.backup(dest)
                dest.isolation_level = None
                dest.execute("BEGIN")
                integrity.seal(dest)
                dest.execute("COMMIT")
            finally:
                dest.close()
                source.close()
            problem = verify(tmp)
            if problem is not None:  # pragma: no cover - the disk failed while copying
                raise ProjectFileError(
                    out, _("{path} could not be written whole ({detail}).").format(
                        path=out, detail=problem)
                )
    except FileExistsError:
        raise ProjectFileError(
            out, _("{path} already exists; choose a new name for the recovered project.").format(
                path=out)
        ) from None
    except OSError as exc:
        raise ProjectFileError(
            out, _("{path} could not be written ({detail}).").format(
                path=out, detail=exc.strerror or exc)
        ) from exc
    logger.info("restored backup %s to %s", saved, out)
    return out
