"""The checks a `.kiln` file passes before anything reads it, without SQLAlchemy.

Opening a project (``app.store.project_file``) and reading one with plain sqlite3
(``app.store.reading``, for ``kiln stats``) both run these, in this order: the header
(``check_header``), the inspection of the whole file read-only (``preflight``: integrity, identity,
schema, seal; skipped for bytes that passed before, ``app.store.verified``) and the schema
version (``refuse_newer``). Each refusal is a ``ProjectFileError`` with one sentence for the
user; the file is left byte-for-byte untouched.

A full inspection of a file of the current schema compares its tables with the ones this Kiln
makes (``app.store.new_file.expected_schema``, from the generated plain SQL: no SQLAlchemy).
"""

from __future__ import annotations

import logging
import os
import sqlite3
from pathlib import Path

from app.core.i18n import _
from app.store import backup, integrity, recovery, verified
from app.store.errors import (
    NewerSchemaError,
    NotAProjectError,
    ProjectDamaged,
    ProjectFileError,
    missing,
)
from app.store.identity import APPLICATION_ID, SCHEMA_VERSION
from app.store.new_file import expected_schema

logger = logging.getLogger(__name__)

SQLITE_MAGIC = b"SQLite format 3\x00"

Fingerprint = tuple[int, int, int, int]


def fingerprint(path: Path) -> Fingerprint | None:
    """(device, inode, size, mtime in ns) of ``path``; None when it is gone."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


def read_only_uri(path: Path) -> str:
    """The URI that opens ``path`` read-only in SQLite."""
    return f"{path.resolve().as_uri()}?mode=ro"


def not_a_project(path: Path, message: str, detail: str) -> ProjectFileError:
    """A file Kiln has backups of was a Kiln project: it is damaged, not foreign."""
    if backup.list_backups(path):
        return damaged(path, detail)
    return NotAProjectError(path, message)


def check_header(path: Path) -> None:
    """Refuse a missing file, a folder, an empty file and anything without a SQLite header."""
    if not path.exists():
        raise missing(path)
    if path.is_dir():
        raise NotAProjectError(
            path, _("{path} is a folder, not a Kiln project file.").format(path=path)
        )
    with open(path, "rb") as handle:
        head = handle.read(100)
    if len(head) == 0:
        raise not_a_project(
            path, _("{path} is empty; it is not a Kiln project.").format(path=path), "it is empty"
        )
    if head[: len(SQLITE_MAGIC)] != SQLITE_MAGIC:
        raise not_a_project(
            path,
            _(
                "{path} is not a Kiln project (it is not a SQLite database); "
                "open a .kiln file or import the script instead."
            ).format(path=path),
            "its header is not a SQLite header",
        )
    # Read and write format versions (1 legacy, 2 WAL): anything else would make SQLite open
    # the file read-only or not at all, and the writer would only find out on the first edit.
    if len(head) < 100 or head[18] not in (1, 2) or head[19] not in (1, 2):
        raise damaged(path, "its SQLite header is damaged")


def _inspect(conn: sqlite3.Connection, path: Path, check_seal: bool) -> int:
    """Check integrity and identity of an open read-only connection; return its schema version."""
    try:
        return integrity.inspect(conn, APPLICATION_ID, SCHEMA_VERSION, check_seal=check_seal,
                                 expected=expected_schema())
    except integrity.NotKiln:
        raise not_a_project(
            path,
            _(
                "{path} is a SQLite database but not a Kiln project; open a .kiln file instead."
            ).format(path=path),
            "its application id is not Kiln's",
        ) from None
    except integrity.SealBroken as exc:
        raise damaged(path, str(exc), contents_only=True) from None
    except integrity.Damage as exc:
        raise sqlite3.DatabaseError(str(exc)) from None


def preflight(path: Path, *, recover: bool, check_seal: bool = True) -> int:
    """Inspect ``path`` without writing to it; return its schema version. ``recover`` allows
    rolling back a hot journal, which SQLite needs after a crash in the middle of a save (the
    caller holds the lock).

    Bytes that passed before are not inspected again (``app.store.verified``)."""
    seen = fingerprint(path)
    digest = verified.file_digest(path) if check_seal else None
    known = verified.recall(digest)
    if known is not None:
        logger.debug("%s: these bytes passed the inspection before", path)
        return known
    try:
        conn = sqlite3.connect(read_only_uri(path), uri=True)
        try:
            version = _inspect(conn, path, check_seal)
        finally:
            conn.close()
        if digest is not None and fingerprint(path) == seen:  # unchanged while inspected
            verified.remember(digest, version)
        return version
    except sqlite3.OperationalError as exc:
        if getattr(exc, "sqlite_errorname", "") != "SQLITE_READONLY_ROLLBACK" or not recover:
            raise damaged(path, str(exc)) from exc
    except sqlite3.DatabaseError as exc:
        raise damaged(path, str(exc)) from exc
    # An interrupted save left a journal: let SQLite roll it back, then inspect again.
    logger.warning("rolling back an interrupted save of %s", path)
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA schema_version").fetchone()
    finally:
        conn.close()
    return preflight(path, recover=False, check_seal=check_seal)


def refuse_newer(path: Path, version: int, known: int = SCHEMA_VERSION) -> None:
    """Refuse a file of a schema newer than ``known`` (``NewerSchemaError``)."""
    if version > known:
        raise NewerSchemaError(
            path,
            _(
                "{path} was saved by a newer Kiln (file schema {found}, this Kiln reads up to "
                "{known}); update Kiln to open it."
            ).format(path=path, found=version, known=known),
        )


def damaged(path: Path, detail: str, *, contents_only: bool = False) -> ProjectDamaged:
    """The error for a damaged ``path``, carrying its newest good backup when there is one.

    ``contents_only``: the file is well formed and consistent, only its seal differs (see
    ``integrity.SealBroken``), so the user may also accept it as it is.
    """
    good = recovery.newest_good_backup(path)
    if contents_only:
        message = _(
            "{path} was changed outside Kiln, or a text in it is damaged ({detail}); Kiln left it "
            "untouched. If you changed it with another program on purpose, accept it with "
            "“kiln recover {path} --as-is”; otherwise write its newest good backup to a new file "
            "with “kiln recover {path}”."
        ).format(path=path, detail=detail)
    elif good is None:
        message = _(
            "{path} is damaged ({detail}); Kiln left it untouched, and it has no good backup in "
            "{folder}."
        ).format(path=path, detail=detail, folder=backup.backup_folder(path))
    else:
        message = _(
            "{path} is damaged ({detail}); Kiln left it untouched. Its newest good backup is "
            "from {date}: open it as a new file with “kiln recover {path}”."
        ).format(path=path, detail=detail, date=good.taken.astimezone().strftime("%Y-%m-%d %H:%M"))
    return ProjectDamaged(
        path,
        message,
        reason=detail,
        backup=good.path if good else None,
        backup_taken=good.taken if good else None,
        contents_only=contents_only,
    )
