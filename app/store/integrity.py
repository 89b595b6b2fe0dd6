"""Is a project file whole? SQLite's integrity check plus Kiln's own consistency checks.

SQLite's ``PRAGMA integrity_check`` finds damaged pages, b-trees and indexes, but not a flipped
byte inside a line of dialogue: the database is still well formed, only the words changed. Kiln
therefore *seals* a file when it is closed after writing: the ``content_digest`` row of
``kiln_meta`` holds a BLAKE2 digest of every row of every table (order-independent, so it never
depends on page layout). Opening checks the seal; the first write of a session removes it (the
digest would go stale with every keystroke) and closing writes it again. A file that was not
closed cleanly (a crash) has no seal and gets the structural checks only.

The structural checks: ``integrity_check``, Kiln's ``application_id``, no trigger or view (Kiln
makes none, and one would run its SQL inside Kiln's own edits), the Kiln tables with their columns
and indexes exactly (for a file of the current schema), the schema version, exactly one project
row, ``foreign_key_check``, JSON columns that parse, and enum columns holding only values Kiln
knows (a damaged ``kind`` would otherwise crash the window later). They run whether or not the
file carries a seal: a file whose seal row was deleted must not slip SQL past them.
"""

from __future__ import annotations

import hashlib
import logging
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

from app.core import enums

logger = logging.getLogger(__name__)

#: The ``kiln_meta`` key that holds the seal of a cleanly closed file.
DIGEST_KEY = "content_digest"

#: Columns that hold an enum value: (table, column) -> the enum.
ENUM_COLUMNS: dict[tuple[str, str], type[Enum]] = {
    ("project", "layout"): enums.ScriptLayout,
    ("scene", "setting"): enums.Setting,
    ("scene", "time_of_day"): enums.TimeOfDay,
    ("element", "kind"): enums.ElementKind,
    ("beat", "kind"): enums.BeatKind,
    ("beat", "status"): enums.BeatStatus,
    ("annotation", "target_type"): enums.AnnotationTarget,
    ("annotation", "kind"): enums.AnnotationKind,
    ("annotation", "severity"): enums.Severity,
    ("annotation", "status"): enums.AnnotationStatus,
    ("annotation", "role"): enums.Role,
    ("annotation_reply", "role"): enums.Role,
}


@dataclass(frozen=True)
class Schema:
    """The tables (with their columns) and the named indexes a Kiln file of one version has."""

    tables: dict[str, frozenset[str]]
    indexes: frozenset[str]


class Damage(Exception):
    """The file is a Kiln project but not whole; ``str(damage)`` says what is wrong (English,
    technical, shown inside a translated sentence)."""


class SealBroken(Damage):
    """The file is well formed and consistent, but its rows are not the ones Kiln sealed: another
    program changed them, or a byte flipped inside a text. Only the user can tell which."""


class NotKiln(Exception):
    """The file is a SQLite database of some other program."""


def _tables(conn: sqlite3.Connection) -> list[str]:
    rows = conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name"
    )
    return [r[0] for r in rows]


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _columns(conn: sqlite3.Connection, table: str) -> dict[str, str]:
    return {r[1]: (r[2] or "").upper() for r in conn.execute(f"PRAGMA table_info({_quote(table)})")}


def content_digest(conn: sqlite3.Connection) -> str:
    """A digest of the schema and of every row of every table, except the seal itself."""
    digest = hashlib.blake2b(digest_size=20)
    for row in conn.execute(
        "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' "
        "ORDER BY type, name"
    ):
        digest.update(repr(row).encode("utf-8", "surrogatepass"))
    for table in _tables(conn):
        query = f"SELECT * FROM {_quote(table)}"
        if table == "kiln_meta":
            query += f" WHERE key IS NOT '{DIGEST_KEY}'"
        rows = sorted(
            hashlib.blake2b(repr(row).encode("utf-8", "surrogatepass"), digest_size=16).digest()
            for row in conn.execute(query)
        )
        digest.update(f"\0{table}\0{len(rows)}\0".encode())
        for row_hash in rows:
            digest.update(row_hash)
    return digest.hexdigest()


def stored_digest(conn: sqlite3.Connection) -> str | None:
    """The seal of the file, or None when it has none (open for writing, or crashed)."""
    row = conn.execute("SELECT value FROM kiln_meta WHERE key = ?", (DIGEST_KEY,)).fetchone()
    return None if row is None else str(row[0])


def _fails(problems: Iterable[str]) -> list[str]:
    return [p for p in problems if p != "ok"]


def inspect(
    conn: sqlite3.Connection,
    application_id: int,
    known_version: int,
    *,
    full: bool = True,
    check_seal: bool = True,
    expected: Schema | None = None,
) -> int:
    """Check the file behind ``conn`` (read-only is enough); return its schema version.

    Raises ``NotKiln`` for another program's database, ``SealBroken`` when only the seal
    differs (unless ``check_seal`` is off) and ``Damage`` for a damaged project. ``full`` runs
    ``integrity_check`` (indexes too); otherwise the quicker ``quick_check``. ``expected`` is
    the schema of ``known_version``: a file of that version must have exactly it.
    """
    try:
        return _inspect(conn, application_id, known_version, full, check_seal, expected)
    except UnicodeDecodeError:
        raise Damage("a text in it is no longer valid UTF-8") from None


def _inspect(
    conn: sqlite3.Connection,
    application_id: int,
    known_version: int,
    full: bool,
    check_seal: bool,
    expected: Schema | None,
) -> int:
    pragma = "integrity_check(20)" if full else "quick_check(20)"
    problems = _fails(r[0] for r in conn.execute(f"PRAGMA {pragma}").fetchall())
    if problems:
        raise Damage("; ".join(problems[:3]))
    # Before any row is read: a view could loop forever, a trigger run inside the next edit.
    foreign = conn.execute(
        "SELECT type, name FROM sqlite_master WHERE type IN ('trigger', 'view') ORDER BY name"
    ).fetchall()
    if foreign:
        kind, name = foreign[0]
        raise Damage(f"it holds a {kind} ({name!r}) that Kiln did not make")
    _read_indexes(conn)
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    tables = set(_tables(conn))
    if app_id != application_id:
        raise NotKiln(app_id)
    if "kiln_meta" not in tables or "project" not in tables:
        raise Damage("the Kiln tables are missing")
    row = conn.execute("SELECT value FROM kiln_meta WHERE key = 'schema_version'").fetchone()
    if row is None:
        raise Damage("the schema version is missing")
    try:
        version = int(row[0])
    except (TypeError, ValueError):
        raise Damage("the schema version is not a number") from None
    if version > known_version:
        return version  # a newer Kiln's file: the caller refuses it, its rules are not ours
    if expected is not None and version == known_version:
        _check_schema(conn, tables, expected)
    if conn.execute("SELECT count(*) FROM project").fetchone()[0] != 1:
        raise Damage("the file must hold exactly one project")
    if conn.execute("PRAGMA foreign_key_check").fetchone():
        raise Damage("rows refer to rows that do not exist")
    _check_values(conn, tables)
    _check_seal(conn, check_seal)
    return version


def schema_of(conn: sqlite3.Connection) -> Schema:
    """The tables, columns and named indexes of the database behind ``conn``."""
    tables = {t: frozenset(_columns(conn, t)) for t in _tables(conn)}
    indexes = frozenset(
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%'"
        )
    )
    return Schema(tables, indexes)


def _check_schema(conn: sqlite3.Connection, tables: set[str], expected: Schema) -> None:
    found = schema_of(conn)
    missing = sorted(set(expected.tables) - tables)
    extra = sorted(tables - set(expected.tables))
    if missing or extra:
        raise Damage(f"its tables differ from Kiln's (missing {missing}, unexpected {extra})")
    for table, columns in sorted(expected.tables.items()):
        if found.tables[table] != columns:
            raise Damage(f"the columns of {table} differ from Kiln's")
    if found.indexes != expected.indexes:
        raise Damage("its indexes differ from Kiln's")


def _read_indexes(conn: sqlite3.Connection) -> None:
    """Read every entry of every index through the index itself. SQLite 3.40's integrity check
    passed a flipped bit inside an index record that made ``ORDER BY`` fail later (found by
    tests/unit/test_corruption.py); raises ``sqlite3.DatabaseError`` for such damage."""
    for name, table in conn.execute(
        "SELECT name, tbl_name FROM sqlite_master WHERE type = 'index'"
    ).fetchall():
        columns = [r[2] for r in conn.execute(f"PRAGMA index_info({_quote(name)})")]
        if not columns or any(c is None for c in columns):
            continue  # an expression index: read by the integrity check only
        listed = ", ".join(_quote(c) for c in columns)
        try:
            for _row in conn.execute(
                f"SELECT {listed} FROM {_quote(table)} INDEXED BY {_quote(name)} "
                f"ORDER BY {listed}"
            ):
                pass
        except sqlite3.OperationalError as exc:
            if "no query solution" not in str(exc):
                raise


def _check_values(conn: sqlite3.Connection, tables: set[str]) -> None:
    for table in sorted(tables):
        columns = _columns(conn, table)
        for column, declared in columns.items():
            if declared == "JSON":
                bad = conn.execute(
                    f"SELECT count(*) FROM {_quote(table)} WHERE {_quote(column)} IS NOT NULL "
                    f"AND NOT json_valid({_quote(column)})"
                ).fetchone()[0]
                if bad:
                    raise Damage(f"{table}.{column} holds text that is not JSON")
            enum = ENUM_COLUMNS.get((table, column))
            if enum is not None:
                known = {m.value for m in enum}
                for (value,) in conn.execute(
                    f"SELECT DISTINCT {_quote(column)} FROM {_quote(table)}"
                ):
                    if value is not None and value not in known:
                        raise Damage(f"{table}.{column} holds an unknown value {value!r}")


def _check_seal(conn: sqlite3.Connection, compare: bool) -> None:
    # The digest reads every row, so it runs on unsealed files too: a damaged byte inside a
    # text cell that is no longer UTF-8 would otherwise crash a later query.
    try:
        actual = content_digest(conn)
        sealed = stored_digest(conn)
    except UnicodeDecodeError:
        raise Damage("a text in it is no longer valid UTF-8") from None
    if compare and sealed is not None and sealed != actual:
        raise SealBroken(
            "its contents differ from the digest Kiln wrote when it was last closed: another "
            "program changed it, or a byte of a text is damaged"
        )


def seal(conn: sqlite3.Connection) -> None:
    """Write the seal of the file in the caller's open transaction (``conn`` is raw sqlite3)."""
    value = content_digest(conn)
    conn.execute("DELETE FROM kiln_meta WHERE key = ?", (DIGEST_KEY,))
    # kiln_meta rows carry an id and timestamps like every table; the seal gets fixed ones so
    # sealing the same contents twice writes the same row.
    conn.execute(
        "INSERT INTO kiln_meta (id, key, value, created_at, updated_at) "
        "VALUES (?, ?, ?, '1970-01-01 00:00:00', '1970-01-01 00:00:00')",
        (f"kiln-{DIGEST_KEY}", DIGEST_KEY, value),
    )


def unseal(conn: sqlite3.Connection) -> bool:
    """Remove the seal in the caller's open transaction; True when there was one."""
    return conn.execute("DELETE FROM kiln_meta WHERE key = ?", (DIGEST_KEY,)).rowcount > 0
