"""Write a new `.kiln` file with plain sqlite3: the schema, the meta rows and rows as plain dicts.

An import (``kiln import``, File ▸ Import…) writes a whole new project from rows it already
checked; SQLAlchemy would cost it about 0.3 s of imports and a slow ORM flush. This module
writes the same file without it: the tables from ``app.store.ddl`` (generated from the ORM
tables by ``python -m app.store.ddl_gen``, so both make the very same ``sqlite_master``), each
row completed with the ORM columns' defaults and stored as SQLAlchemy stores it (timestamps as
its SQLite text, JSON as ``json.dumps`` writes it, booleans as 0/1), then the seal, all in one
transaction in a temporary file that is renamed into place (``new_file``, whose refusals
``create_project_file`` shares). The ORM's ``create_project_file`` makes its schema here too.
"""

from __future__ import annotations

import contextlib
import json
import logging
import sqlite3
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

from app import __version__
from app.core.i18n import _
from app.core.ids import new_id
from app.store import ddl, integrity, verified
from app.store.atomic import atomic_path
from app.store.errors import ProjectFileError, missing
from app.store.identity import APPLICATION_ID, SCHEMA_VERSION
from app.store.integrity import Schema, schema_of

logger = logging.getLogger(__name__)

#: A new file's rows: ``fill(conn, now)`` inserts them in the writer's open transaction;
#: ``now`` is the write's timestamp as stored (``timestamp``).
Fill = Callable[[sqlite3.Connection, str], None]


def utcnow() -> datetime:
    """The current time in UTC (every row's ``created_at``/``updated_at``)."""
    return _clock(UTC)


#: Where ``utcnow`` reads the time (tests freeze it here; the ORM's defaults call ``utcnow``).
_clock = datetime.now


def timestamp(moment: datetime) -> str:
    """``moment`` as SQLAlchemy's SQLite ``DateTime`` stores it (the zone is not kept)."""
    return (f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d} "
            f"{moment.hour:02d}:{moment.minute:02d}:{moment.second:02d}.{moment.microsecond:06d}")


@cache
def expected_schema() -> Schema:
    """The schema this Kiln writes, read off a database made from ``app.store.ddl`` (so it
    matches what SQLite reports of a real file to the letter)."""
    conn = sqlite3.connect(":memory:")
    try:
        for statement in ddl.STATEMENTS:
            conn.execute(statement)
        return schema_of(conn)
    finally:
        conn.close()


def create_schema(conn: sqlite3.Connection, schema_version: int, now: str) -> None:
    """Make the tables, Kiln's application id and the meta rows of a new project, in the
    caller's open transaction on the empty database behind ``conn``."""
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    for statement in ddl.STATEMENTS:
        conn.execute(statement)
    insert_rows(conn, "kiln_meta", [
        {"key": "schema_version", "value": str(schema_version)},
        {"key": "created_by", "value": f"Kiln {__version__}"},
    ], now)


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _stored(kind: str, value: Any) -> Any:
    if kind == "json":
        return json.dumps(value)
    if kind == "bool":
        return int(value)
    if kind == "datetime" and isinstance(value, datetime):
        return timestamp(value)
    return value


def insert_rows(
    conn: sqlite3.Connection, table: str, rows: Sequence[Mapping[str, Any]], now: str
) -> None:
    """Insert ``rows`` (plain dicts of column values) into ``table`` as the ORM would: a column
    a row leaves out (or gives as None, unless it is JSON) takes its default — a fresh id,
    ``now``, or the fixed value — and values are stored as SQLAlchemy stores them."""
    if not rows:
        return
    columns = ddl.COLUMNS[table]
    made, fixed = ddl.MADE.get(table, {}), ddl.VALUES.get(table, {})
    known = {name for name, _kind in columns}
    plan = [(name, kind, made.get(name), fixed.get(name)) for name, kind in columns]
    values = []
    for row in rows:
        if not row.keys() <= known:
            raise KeyError(f"{table} has no column {sorted(row.keys() - known)}")
        out = []
        for name, kind, how, default in plan:
            value = row.get(name)
            if value is not None or (kind == "json" and name in row):
                out.append(_stored(kind, value))
            elif how == "id":
                out.append(new_id())
            elif how == "now":
                out.append(now)
            else:
                out.append(default)
        values.append(out)
    names = ", ".join(_quote(name) for name, _kind in columns)
    marks = ", ".join("?" * len(columns))
    conn.executemany(f"INSERT INTO {_quote(table)} ({names}) VALUES ({marks})", values)


def update_row(
    conn: sqlite3.Connection, table: str, row_id: str, values: Mapping[str, Any], now: str
) -> None:
    """Set ``values`` on the row ``row_id`` of ``table`` and stamp its ``updated_at`` (as an
    ORM update does)."""
    kinds = dict(ddl.COLUMNS[table])
    changes = {name: _stored(kinds[name], value) for name, value in values.items()}
    changes.setdefault("updated_at", now)
    listed = ", ".join(f"{_quote(name)} = ?" for name in changes)
    conn.execute(f"UPDATE {_quote(table)} SET {listed} WHERE id = ?",
                 [*changes.values(), row_id])


def _exists(path: Path) -> ProjectFileError:
    return ProjectFileError(
        path, _("{path} already exists; choose another name or remove it first.").format(path=path)
    )


@contextlib.contextmanager
def new_file(path: Path, *, overwrite: bool = False) -> Iterator[Path]:
    """A temporary path (no file there yet: SQLite makes it) that becomes ``path`` when the
    block succeeds; nothing is left when it fails. Refuses, as a ``ProjectFileError``, an
    existing ``path`` (unless ``overwrite``), a missing folder, and a file that cannot be
    written (an ``OSError`` or a ``sqlite3.Error`` raised in the block: a full disk)."""
    if path.exists() and not overwrite:
        raise _exists(path)
    if not path.parent.is_dir():
        raise missing(path.parent)
    try:
        with atomic_path(path, overwrite=overwrite) as tmp:
            tmp.unlink()  # SQLite creates its own file
            yield tmp
            with contextlib.suppress(FileNotFoundError):
                tmp.with_name(tmp.name + "-journal").unlink()
    except FileExistsError as exc:
        raise _exists(path) from exc
    except OSError as exc:
        raise ProjectFileError(
            path,
            _("{path} could not be written ({detail}).").format(
                path=path, detail=exc.strerror or exc
            ),
        ) from exc
    except sqlite3.Error as exc:  # SQLite could not write it: a full disk, a file-size limit
        raise ProjectFileError(
            path, _("{path} could not be written ({detail}).").format(path=path, detail=exc)
        ) from exc


def write_new_project(
    path: Path | str,
    fill: Fill,
    *,
    overwrite: bool = False,
    schema_version: int = SCHEMA_VERSION,
) -> None:
    """Build a complete, sealed project file at ``path`` with plain sqlite3: the schema and meta
    rows, then ``fill(conn, now)``, then the seal, in one transaction; the file appears only
    when everything succeeded. Its bytes are remembered as verified (``app.store.verified``),
    as a writing session's are on close, so the next open skips the full inspection."""
    path = Path(path)
    with new_file(path, overwrite=overwrite) as tmp:
        conn = sqlite3.connect(tmp, isolation_level=None)
        try:
            conn.execute("PRAGMA foreign_keys = ON")
            # A temporary file: the rename makes it whole or absent, so no journal on disk and
            # no sync until atomic_path's one fsync before the rename.
            conn.execute("PRAGMA journal_mode = MEMORY")
            conn.execute("PRAGMA synchronous = OFF")
            conn.execute("BEGIN")
            try:
                now = timestamp(utcnow())
                create_schema(conn, schema_version, now)
                fill(conn, now)
                integrity.seal(conn)
            except BaseException:
                if conn.in_transaction:  # SQLite rolls back by itself after some errors
                    conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
        finally:
            conn.close()
    if schema_version == SCHEMA_VERSION:
        verified.remember(verified.file_digest(path), schema_version)
    logger.info("created %s", path)
