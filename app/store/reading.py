"""Read a project file with plain sqlite3, after the same checks as opening it.

``app.store.project_file`` opens a file for the ORM (SQLAlchemy, about 0.2 s of imports);
a command that only reads a few columns (``kiln stats``) takes ``read_only_connection``
instead: the same header check, inspection, memo and schema-version refusal
(``app.store.preflight``), then a read-only sqlite3 connection with Kiln's connection settings
(``connect``, which the ORM's engine uses too). A file of an older schema is read through
``open_project_file``, which upgrades a private copy.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from app.store.identity import SCHEMA_VERSION
from app.store.preflight import check_header, preflight, read_only_uri, refuse_newer

logger = logging.getLogger(__name__)


def connect(path: Path, *, read_only: bool) -> sqlite3.Connection:
    """A sqlite3 connection on ``path`` with Kiln's settings: foreign keys on, a busy timeout,
    and for writing a rollback journal with full sync. Autocommit: the caller issues BEGIN."""
    if read_only:
        conn = sqlite3.connect(read_only_uri(path), uri=True, check_same_thread=False)
    else:
        conn = sqlite3.connect(path, check_same_thread=False)
    conn.isolation_level = None  # SQLAlchemy's begin event (or the caller) issues BEGIN itself
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA busy_timeout = 5000")
    if not read_only:
        conn.execute("PRAGMA journal_mode = DELETE")
        conn.execute("PRAGMA synchronous = FULL")
    return conn


@contextmanager
def read_only_connection(path: Path | str) -> Iterator[sqlite3.Connection]:
    """A read-only connection on the project file ``path``, inside one read transaction (every
    query sees the same file), checked as ``open_project_file(path, read_only=True)`` checks
    it; raises the same ``ProjectFileError`` with the same message when it cannot be read."""
    path = Path(path)
    check_header(path)
    version = preflight(path, recover=False)
    refuse_newer(path, version)
    if version < SCHEMA_VERSION:
        yield from _upgraded(path)
        return
    conn = connect(path, read_only=True)
    try:
        conn.execute("BEGIN")
        yield conn
    finally:
        conn.close()
    logger.info("read %s (schema %d, read-only)", path, version)


def _upgraded(path: Path) -> Iterator[sqlite3.Connection]:
    """An older file: read the private upgraded copy ``open_project_file`` makes of it (the
    migrations need SQLAlchemy; the file itself stays as it was)."""
    from app.store.project_file import open_project_file  # SQLAlchemy: only for an old file

    opened = open_project_file(path, read_only=True)
    try:
        raw = opened.engine.raw_connection()
        try:
            conn = raw.driver_connection
            conn.execute("BEGIN")
            try:
                yield conn
            finally:
                conn.execute("ROLLBACK")
        finally:
            raw.close()
    finally:
        opened.close()
