"""Open, create and close `.kiln` project files safely.

Opening checks a file read-only before anything can write to it (``app.store.preflight``, the
same checks ``app.store.reading`` runs before a plain sqlite3 read): a file that is not a Kiln
project, is damaged, comes from a newer Kiln or is locked is refused with a clear message and
left byte-for-byte untouched. Creating builds the whole file under a temporary name and renames
it into place. Every connection runs with foreign keys on, a rollback journal and full sync, so
a committed edit survives a crash and the `.kiln` file alone is always complete.
"""

from __future__ import annotations

import logging
import shutil
import sqlite3
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

from app.core.i18n import _
from app.store import backup, integrity, migrations, new_file, own_files, verified
from app.store.atomic import atomic_path
from app.store.errors import ProjectChangedOnDisk, ProjectFileError
from app.store.lock import ProjectLock
from app.store.preflight import (
    Fingerprint,
    check_header,
    fingerprint,
    preflight,
    read_only_uri,
    refuse_newer,
)
from app.store.reading import connect
from app.store.schema import SCHEMA_VERSION
from app.store.thread_pool import ThreadConnectionPool

logger = logging.getLogger(__name__)

def make_engine(path: Path, *, read_only: bool = False) -> Engine:
    """An engine on ``path`` with Kiln's connection settings and real transactions."""
    engine = create_engine("sqlite://", creator=lambda: connect(path, read_only=read_only),
                           poolclass=ThreadConnectionPool)

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN")

    return engine


def defer_foreign_keys(connection: Connection) -> None:
    """Check foreign keys at the end of the current transaction instead of at each statement
    (rows copied from another copy of a project may arrive children first)."""
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("PRAGMA defer_foreign_keys = ON")
    else:
        connection.exec_driver_sql("SET CONSTRAINTS ALL DEFERRED")


@dataclass
class ProjectFile:
    """An open project file: its engine, its lock (when writable) and a session factory.

    A writable file remembers the fingerprint of the file after its own last write; before the
    next write ``before_write`` compares it with the file on disk (one ``os.stat``), so a file
    that another program rewrote or replaced (a sync tool) is never written over.
    """

    path: Path
    engine: Engine
    lock: ProjectLock | None
    schema_version: int
    #: A private upgraded copy that is read instead of an older file opened read-only.
    scratch: Path | None = None

    def __post_init__(self) -> None:
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._seen: Fingerprint | None = None if self.read_only else fingerprint(self.path)
        #: Whether the file on disk carries Kiln's seal (see app.store.integrity).
        self._sealed = False
        #: Whether this session removed the seal and so must write it again on close.
        self._unsealed = False
        if not self.read_only:
            raw = self.engine.raw_connection()
            try:
                self._sealed = integrity.stored_digest(raw.driver_connection) is not None
            finally:
                raw.close()

    @property
    def read_only(self) -> bool:
        return self.lock is None

    def session(self) -> Session:
        """A new ORM session on this file."""
        return self.sessions()

    def changed_on_disk(self) -> bool:
        """True when another program changed, replaced or removed the file since our last write."""
        return not self.read_only and fingerprint(self.path) != self._seen

    def before_write(self, command: object | None = None) -> None:
        """Refuse to write (``ProjectChangedOnDisk``) when the file changed on disk; else make
        it ready for the write (the first write of a session removes the seal)."""
        if self.changed_on_disk():
            logger.warning("%s changed on disk; refusing to write over it", self.path)
            raise ProjectChangedOnDisk(
                self.path,
                _(
                    "{path} was changed, replaced or removed by another program while Kiln had "
                    "it open; Kiln did not write over it. Save your version as a copy or reload "
                    "the file from disk."
                ).format(path=self.path),
                command,
            )
        if self._sealed:
            self._raw_transaction(integrity.unseal)
            self._sealed, self._unsealed = False, True

    def after_write(self) -> None:
        """Remember the file as our own last write left it."""
        if not self.read_only:
            self._seen = fingerprint(self.path)

    def _raw_transaction(self, work: Callable[[sqlite3.Connection], object]) -> None:
        raw = self.engine.raw_connection()
        try:
            conn = raw.driver_connection
            conn.execute("BEGIN IMMEDIATE")
            try:
                work(conn)
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
        finally:
            raw.close()
            self.after_write()

    def refuse_as_output(self, out: Path | str) -> None:
        """Refuse to write an export over the project itself, its lock, its journal or one of
        its backups (``own_files.refuse_as_output``)."""
        own_files.refuse_as_output(self.path, out)

    def backup(self, keep: int = backup.DEFAULT_KEEP) -> Path:
        """Write a rotating backup of the file as it is now."""
        raw = self.engine.raw_connection()
        try:
            return backup.make_backup(self.path, source=raw.driver_connection, keep=keep)
        finally:
            raw.close()

    def save_copy(self, target: Path) -> None:
        """Write the project as this Kiln sees it to the new file ``target`` (checked, sealed)."""
        raw = self.engine.raw_connection()
        try:
            with atomic_path(target, overwrite=False) as tmp:
                dest = sqlite3.connect(tmp)
                try:
                    raw.driver_connection.backup(dest)
                    dest.isolation_level = None
                    dest.execute("BEGIN")
                    integrity.seal(dest)
                    dest.execute("COMMIT")
                finally:
                    dest.close()
        finally:
            raw.close()

    def reseal(self) -> None:
        """Seal the file's rows as they are now (the user accepted another program's changes)."""
        self._raw_transaction(integrity.seal)
        self._sealed, self._unsealed = True, False
        logger.info("sealed %s as it is, at the user's word", self.path)

    def _remember_own_write(self) -> None:
        """After sealing: the file passed the inspection when it was opened and since then only
        this session's transactions wrote to it, so its bytes need no inspection at the next
        open (``app.store.verified``) — unless another program touched it meanwhile."""
        self.engine.dispose()  # no connection may still hold pages back from the file
        if fingerprint(self.path) == self._seen:
            verified.remember(verified.file_digest(self.path), self.schema_version)

    def close(self) -> None:
        """Seal the file if this session wrote to it, release the connection pool and the lock."""
        try:
            if self._unsealed and not self.changed_on_disk():
                self._raw_transaction(integrity.seal)
                self._unsealed = False
                self._remember_own_write()
        except sqlite3.Error:
            logger.exception("could not seal %s on close", self.path)
        finally:
            self.engine.dispose()
            if self.scratch is not None:
                shutil.rmtree(self.scratch.parent, ignore_errors=True)
            if self.lock is not None:
                self.lock.release()
        logger.info("closed %s", self.path)


def open_project_file(
    path: Path | str,
    *,
    read_only: bool = False,
    make_backup: bool = True,
    steps: Mapping[int, migrations.Step] | None = None,
    target_version: int = SCHEMA_VERSION,
    accept_contents: bool = False,
) -> ProjectFile:
    """Open a project file, checking it first, migrating an older schema after a backup.

    Raises a ``ProjectFileError`` subclass, with a message for the user, and leaves the file
    untouched when the file cannot be opened. ``accept_contents``: the user has said a file
    whose seal differs was changed on purpose; open it and seal its rows as they are now.
    """
    path = Path(path)
    check_header(path)
    lock = None if read_only else ProjectLock(path)
    if lock is not None:
        lock.acquire()
    try:
        version = preflight(path, recover=lock is not None, check_seal=not accept_contents)
        refuse_newer(path, version, target_version)
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
        if accept_contents and not read_only:
            opened.reseal()
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
    source = sqlite3.connect(read_only_uri(path), uri=True)
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
            if integrity.stored_digest(conn.connection.driver_connection) is not None:
                integrity.seal(conn.connection.driver_connection)  # the rows changed
    except Exception as exc:
        raise ProjectFileError(
            shown,
            _("{path} could not be upgraded ({detail}); it was left as it was.").format(
                path=shown, detail=exc
            ),
        ) from exc
    finally:
        engine.dispose()


def _fill(engine: Engine, populate: Callable[[Session], None], schema_version: int) -> None:
    """Make the schema and the meta rows of a new project on ``engine`` (as the plain writer
    makes them, ``app.store.new_file``), then ``populate``."""
    with engine.begin() as conn:
        new_file.create_schema(conn.connection.driver_connection, schema_version,
                               new_file.timestamp(new_file.utcnow()))
    with Session(engine) as session, session.begin():
        populate(session)


def memory_project_file(populate: Callable[[Session], None], name: Path | str) -> ProjectFile:
    """A project that lives only in memory, read-only once ``populate`` has filled it: for a
    conversion from a script straight to a document (``kiln export SCRIPT …``), with no file
    written. ``name`` (the script) stands for its path in messages, and an export is refused
    over it as over a project file."""
    conn = sqlite3.connect(":memory:", check_same_thread=False)
    conn.isolation_level = None  # SQLAlchemy's begin event below issues BEGIN itself
    conn.execute("PRAGMA foreign_keys = ON")
    engine = create_engine("sqlite://", creator=lambda: conn, poolclass=StaticPool)

    @event.listens_for(engine, "begin")
    def _begin(connection: Connection) -> None:
        connection.exec_driver_sql("BEGIN")

    _fill(engine, populate, SCHEMA_VERSION)
    return ProjectFile(Path(name), engine, None, SCHEMA_VERSION)


def create_project_file(
    path: Path | str,
    populate: Callable[[Session], None],
    *,
    overwrite: bool = False,
    schema_version: int = SCHEMA_VERSION,
) -> None:
    """Build a complete project file at ``path``: schema, meta rows, then ``populate(session)``.

    The file appears only when everything succeeded; an existing file is refused unless
    ``overwrite`` is set (``new_file.new_file``'s refusals). A new project made from checked
    rows is written without the ORM: ``new_file.write_new_project``.
    """
    path = Path(path)
    with new_file.new_file(path, overwrite=overwrite) as tmp:
        engine = make_engine(tmp)
        try:
            _fill(engine, populate, schema_version)
            with engine.begin() as conn:
                integrity.seal(conn.connection.driver_connection)
        except DBAPIError as exc:  # SQLite could not write it: a full disk, a file-size limit
            raise exc.orig from exc
        finally:
            engine.dispose()
    logger.info("created %s", path)
