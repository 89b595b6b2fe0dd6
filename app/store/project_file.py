"""Open, create and close `.kiln` project files safely.

Opening checks a file read-only before anything can write to it: a file that is not a Kiln
project, is damaged, comes from a newer Kiln or is locked is refused with a clear message and
left byte-for-byte untouched. Creating builds the whole file under a temporary name and renames
it into place. Every connection runs with foreign keys on, a rollback journal and full sync, so
a committed edit survives a crash and the `.kiln` file alone is always complete.
"""

from __future__ import annotations

import contextlib
import logging
import shutil
import sqlite3
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from app import __version__
from app.i18n import _
from app.store import backup, migrations
from app.store.atomic import atomic_path
from app.store.errors import (
    CorruptProjectError,
    NewerSchemaError,
    NotAProjectError,
    ProjectFileError,
    missing,
)
from app.store.lock import ProjectLock
from app.store.schema import APPLICATION_ID, SCHEMA_VERSION, Base, Meta

logger = logging.getLogger(__name__)

SQLITE_MAGIC = b"SQLite format 3\x00"


def _connect(path: Path, read_only: bool) -> sqlite3.Connection:
    if read_only:
        conn = sqlite3.connect(
            f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False
        )
    else:
        conn = sqlite3.connect(path, check_same_thread=False)
    conn.isolation_level = None  # SQLAlchemy's begin event below issues BEGIN itself
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA busy_timeout = 5000")
    if not read_only:
        conn.execute("PRAGMA journal_mode = DELETE")
        conn.execute("PRAGMA synchronous = FULL")
    return conn


def make_engine(path: Path, *, read_only: bool = False) -> Engine:
    """An engine on ``path`` with Kiln's connection settings and real transactions."""
    engine = create_engine("sqlite://", creator=lambda: _connect(path, read_only))

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN")

    return engine


@dataclass
class ProjectFile:
    """An open project file: its engine, its lock (when writable) and a session factory."""

    path: Path
    engine: Engine
    lock: ProjectLock | None
    schema_version: int
    #: A private upgraded copy that is read instead of an older file opened read-only.
    scratch: Path | None = None

    def __post_init__(self) -> None:
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)

    @property
    def read_only(self) -> bool:
        return self.lock is None

    def session(self) -> Session:
        """A new ORM session on this file."""
        return self.sessions()

    def backup(self, keep: int = backup.DEFAULT_KEEP) -> Path:
        """Write a rotating backup of the file as it is now."""
        raw = self.engine.raw_connection()
        try:
            return backup.make_backup(self.path, source=raw.driver_connection, keep=keep)
        finally:
            raw.close()

    def close(self) -> None:
        """Release the connection pool and the lock."""
        self.engine.dispose()
        if self.scratch is not None:
            shutil.rmtree(self.scratch.parent, ignore_errors=True)
        if self.lock is not None:
            self.lock.release()
        logger.info("closed %s", self.path)


def _check_header(path: Path) -> None:
    if not path.exists():
        raise missing(path)
    if path.is_dir():
        raise NotAProjectError(
            path, _("{path} is a folder, not a Kiln project file.").format(path=path)
        )
    with open(path, "rb") as handle:
        head = handle.read(len(SQLITE_MAGIC))
    if len(head) == 0:
        raise NotAProjectError(
            path, _("{path} is empty; it is not a Kiln project.").format(path=path)
        )
    if head != SQLITE_MAGIC:
        raise NotAProjectError(
            path,
            _(
                "{path} is not a Kiln project (it is not a SQLite database); "
                "open a .kiln file or import the script instead."
            ).format(path=path),
        )


def _inspect(conn: sqlite3.Connection, path: Path) -> int:
    """Check integrity and identity of an open read-only connection; return its schema version."""
    problems = [row[0] for row in conn.execute("PRAGMA quick_check").fetchall()]
    if problems != ["ok"]:
        raise sqlite3.DatabaseError("; ".join(problems[:3]))
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if app_id != APPLICATION_ID:
        raise NotAProjectError(
            path,
            _(
                "{path} is a SQLite database but not a Kiln project; open a .kiln file instead."
            ).format(path=path),
        )
    if "kiln_meta" not in tables or "project" not in tables:
        raise sqlite3.DatabaseError("the Kiln tables are missing")
    row = conn.execute("SELECT value FROM kiln_meta WHERE key = 'schema_version'").fetchone()
    if row is None:
        raise sqlite3.DatabaseError("the schema version is missing")
    version = int(row[0])
    if (
        version <= SCHEMA_VERSION
        and conn.execute("SELECT count(*) FROM project").fetchone()[0] != 1
    ):
        raise sqlite3.DatabaseError("the file must hold exactly one project")
    if version <= SCHEMA_VERSION and conn.execute("PRAGMA foreign_key_check").fetchone():
        raise sqlite3.DatabaseError("rows refer to rows that do not exist")
    return version


def _preflight(path: Path, *, recover: bool) -> int:
    """Inspect ``path`` without writing to it. ``recover`` allows rolling back a hot journal,
    which SQLite needs after a crash in the middle of a save (the caller holds the lock)."""
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            return _inspect(conn, path)
        finally:
            conn.close()
    except sqlite3.OperationalError as exc:
        if getattr(exc, "sqlite_errorname", "") != "SQLITE_READONLY_ROLLBACK" or not recover:
            raise CorruptProjectError(path, _damaged(path, str(exc))) from exc
    except sqlite3.DatabaseError as exc:
        raise CorruptProjectError(path, _damaged(path, str(exc))) from exc
    # An interrupted save left a journal: let SQLite roll it back, then inspect again.
    logger.warning("rolling back an interrupted save of %s", path)
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA schema_version").fetchone()
    finally:
        conn.close()
    return _preflight(path, recover=False)


def _damaged(path: Path, detail: str) -> str:
    return _(
        "{path} is damaged ({detail}); Kiln left it untouched, restore a backup from {folder}."
    ).format(path=path, detail=detail, folder=backup.backup_folder(path))


def open_project_file(
    path: Path | str,
    *,
    read_only: bool = False,
    make_backup: bool = True,
    steps: Mapping[int, migrations.Step] | None = None,
    target_version: int = SCHEMA_VERSION,
) -> ProjectFile:
    """Open a project file, checking it first, migrating an older schema after a backup.

    Raises a ``ProjectFileError`` subclass, with a message for the user, and leaves the file
    untouched when the file cannot be opened.
    """
    path = Path(path)
    _check_header(path)
    lock = None if read_only else ProjectLock(path)
    if lock is not None:
        lock.acquire()
    try:
        version = _preflight(path, recover=lock is not None)
        if version > target_version:
            raise NewerSchemaError(
                path,
                _(
                    "{path} was saved by a newer Kiln (file schema {found}, this Kiln reads up to "
                    "{known}); update Kiln to open it."
                ).format(path=path, found=version, known=target_version),
            )
        source, scratch = path, None
        if version < target_version:
            if read_only:
                # Reading an older file upgrades a private copy; the file itself stays as it was.
                scratch = _upgraded_copy(path, version, target_version, steps)
                source = scratch
            else:
                _upgrade(path, version, target_version, steps)
            version = target_version
        engine = make_engine(source, read_only=read_only)
        opened = ProjectFile(
            path=path, engine=engine, lock=lock, schema_version=version, scratch=scratch
        )
        if make_backup and not read_only and not backup.backup_is_current(path):
            opened.backup()
        logger.info("opened %s (schema %d%s)", path, version, ", read-only" if read_only else "")
        return opened
    except BaseException:
        if lock is not None:
            lock.release()
        raise


def _upgraded_copy(
    path: Path, current: int, target: int, steps: Mapping[int, migrations.Step] | None
) -> Path:
    folder = Path(tempfile.mkdtemp(prefix="kiln-upgrade-"))
    copy = folder / path.name
    source = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    dest = sqlite3.connect(copy)
    try:
        source.backup(dest)
    finally:
        dest.close()
        source.close()
    try:
        _migrate(copy, path, current, target, steps)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return copy


def _upgrade(
    path: Path, current: int, target: int, steps: Mapping[int, migrations.Step] | None
) -> None:
    saved = backup.make_backup(path)
    logger.info("backed up %s to %s before upgrading it", path, saved)
    _migrate(path, path, current, target, steps)


def _migrate(
    file: Path,
    shown: Path,
    current: int,
    target: int,
    steps: Mapping[int, migrations.Step] | None,
) -> None:
    """Run the migration steps on ``file`` in one transaction; errors name ``shown``."""
    engine = make_engine(file)
    try:
        with engine.begin() as conn:
            migrations.migrate(conn, current, target, steps)
    except Exception as exc:
        raise ProjectFileError(
            shown,
            _("{path} could not be upgraded ({detail}); it was left as it was.").format(
                path=shown, detail=exc
            ),
        ) from exc
    finally:
        engine.dispose()


def create_project_file(
    path: Path | str,
    populate: Callable[[Session], None],
    *,
    overwrite: bool = False,
    schema_version: int = SCHEMA_VERSION,
) -> None:
    """Build a complete project file at ``path``: schema, meta rows, then ``populate(session)``.

    The file appears only when everything succeeded; an existing file is refused unless
    ``overwrite`` is set.
    """
    path = Path(path)
    if path.exists() and not overwrite:
        raise ProjectFileError(
            path,
            _("{path} already exists; choose another name or remove it first.").format(path=path),
        )
    if not path.parent.is_dir():
        raise missing(path.parent)
    try:
        with atomic_path(path, overwrite=overwrite) as tmp:
            tmp.unlink()  # SQLite creates its own file
            engine = make_engine(tmp)
            try:
                with engine.begin() as conn:
                    conn.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
                Base.metadata.create_all(engine)
                with Session(engine) as session, session.begin():
                    session.add_all(
                        [
                            Meta(key="schema_version", value=str(schema_version)),
                            Meta(key="created_by", value=f"Kiln {__version__}"),
                        ]
                    )
                    populate(session)
            finally:
                engine.dispose()
            with contextlib.suppress(FileNotFoundError):
                tmp.with_name(tmp.name + "-journal").unlink()
    except FileExistsError as exc:
        raise ProjectFileError(
            path,
            _("{path} already exists; choose another name or remove it first.").format(path=path),
        ) from exc
    except OSError as exc:
        raise ProjectFileError(
            path,
            _("{path} could not be written ({detail}).").format(
                path=path, detail=exc.strerror or exc
            ),
        ) from exc
    logger.info("created %s", path)
