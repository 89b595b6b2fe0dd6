"""The heritage library: created from the seed on first use, merged with newer seeds, searched.

``Library.open()`` opens (or first creates) the library database. A new SQLite library is built
under a temporary name and renamed into place, so a crash never leaves half a library. When the
seed files change, entries nobody edited take the new seed version; edited ones are kept.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import pickle
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DatabaseError
from sqlalchemy.orm import Session, sessionmaker

from app.core.i18n import _
from app.core.paths import RESOURCES, studio_dir, user_cache_dir
from app.features.heritage import store
from app.features.heritage.errors import DamagedLibrary, HeritageError
from app.features.heritage.migrate import migrate_entry, migrate_file
from app.features.heritage.search import Filters, Hit, SearchIndex
from app.features.heritage.store import LibraryEntry, LibraryMeta, entry_hash
from app.features.heritage.validate import complete, entry_problems, file_problems
from app.store.atomic import clean_leftovers, write_bytes_atomic

logger = logging.getLogger(__name__)

SEED_VARIABLE = "KILN_HERITAGE_SEED_DIR"
#: Bump when ``SearchIndex`` changes shape, so cached indexes are rebuilt.
INDEX_VERSION = 2


def seed_dir() -> Path:
    """The folder of seed files (``KILN_HERITAGE_SEED_DIR`` overrides the bundled one)."""
    override = os.environ.get(SEED_VARIABLE)
    return Path(override) if override else RESOURCES / "heritage"


def _seed_files(folder: Path) -> list[Path]:
    files = [p for p in sorted(folder.glob("*.json")) if p.name != "schema.json"]
    studio = studio_dir() / "heritage"  # a studio build's own entries (packaging/README.md)
    if folder == RESOURCES / "heritage" and studio.is_dir():
        files += sorted(studio.glob("*.json"))
    return files


def seed_fingerprint(folder: Path) -> str:
    """A hash of the seed files' names and bytes: it changes when any seed file does."""
    digest = hashlib.sha256()
    for path in _seed_files(folder):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def read_seed(folder: Path) -> tuple[list[dict[str, Any]], str]:
    """Every entry of the seed files in ``folder``, checked, and their fingerprint."""
    entries: list[dict[str, Any]] = []
    owner: dict[str, str] = {}
    for path in _seed_files(folder):
        raw = path.read_bytes()
        try:
            data = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise HeritageError(
                _("The seed file {path} is not valid JSON ({error}); fix or remove it.").format(
                    path=path, error=exc
                )
            ) from None
        problems = file_problems(data)
        data = migrate_file(data)
        if problems:
            raise HeritageError(
                _("The seed file {path} does not match the schema: {problem}").format(
                    path=path, problem=problems[0]
                )
            )
        for entry in data["entries"]:
            if entry["id"] in owner:
                raise HeritageError(
                    _("The seed files {a} and {b} both define {id}; keep one.").format(
                        a=owner[entry["id"]], b=path.name, id=entry["id"]
                    )
                )
            owner[entry["id"]] = path.name
            entries.append(complete(entry))
    return entries, seed_fingerprint(folder)


@dataclass(frozen=True)
class MergeReport:
    """What merging a seed did."""

    added: int = 0
    updated: int = 0
    kept_local: int = 0


class Library:
    """An open heritage library. Entries are plain dicts in the seed format."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.sessions = sessionmaker(engine, expire_on_commit=False)
        self._entries: dict[str, dict[str, Any]] | None = None
        self._index: SearchIndex | None = None

    # -- life cycle -----------------------------------------------------------------------

    @classmethod
    def open(cls, url: str | None = None, seed: Path | None = None) -> Library:
        """Open the library at ``url`` (default: the user data folder), creating it if needed."""
        url = url or store.library_url()
        folder = seed or seed_dir()
        path = store.sqlite_file(url)
        if path is not None and not path.exists():
            try:
                _create_file(path, *read_seed(folder))
            except (OSError, DatabaseError) as exc:
                reason = getattr(exc, "orig", None) or getattr(exc, "strerror", None) or exc
                raise HeritageError(
                    _("Kiln cannot create its heritage library in {folder} ({reason}); free some "
                      "space there or set KILN_DATA_DIR to another folder.").format(
                        folder=path.parent, reason=reason)
                ) from exc
        library = cls(store.make_engine(url))
        try:
            if path is not None:
                _check_file(library.engine)
            store.HeritageBase.metadata.create_all(library.engine)
            migrated = library.migrate()
            if migrated or library.meta("seed_hash") != seed_fingerprint(folder):
                report = library.merge_seed(*read_seed(folder))
                logger.info("Merged the heritage seed: %s", report)
            library._load()
        except HeritageError:  # a library this Kiln must not touch (a newer format)
            library.close()
            raise
        except (DatabaseError, ValueError) as exc:  # ValueError: JSON of an entry unreadable
            library.close()
            logger.warning("The heritage library %s is damaged: %s", path or url, exc)
            raise DamagedLibrary(_damaged_message(path, url), path) from None
        return library

    @classmethod
    def rebuild(cls, url: str | None = None, seed: Path | None = None) -> tuple[Library, Path]:
        """Set a damaged library file aside (``<name>.damaged-<time>``) and build a new one.

        Returns the new library and where the old file was kept. The new file comes from the
        seed, so local edits stored only in the damaged file are not in it.
        """
        url = url or store.library_url()
        path = store.sqlite_file(url)
        if path is None:
            raise HeritageError(
                _("Only a library file can be rebuilt; ask your studio to repair {url}.").format(
                    url=url
                )
            )
        stamp = store.utcnow().strftime("%Y%m%d-%H%M%S")
        kept = path.with_name(f"{path.name}.damaged-{stamp}")
        if path.exists():
            os.replace(path, kept)
        for suffix in ("-wal", "-shm"):  # a journal of the damaged file must not be replayed
            side = path.with_name(path.name + suffix)
            if side.exists():
                os.replace(side, kept.with_name(kept.name + suffix))
        logger.warning("Rebuilding the heritage library %s; the damaged file is %s", path, kept)
        return cls.open(url, seed), kept

    def close(self) -> None:
        """Release the database."""
        self.engine.dispose()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- reading --------------------------------------------------------------------------

    def meta(self, key: str) -> str | None:
        """A stored fact about the library, or None."""
        with self.sessions() as s:
            row = s.scalars(select(LibraryMeta).where(LibraryMeta.key == key)).first()
            return row.value if row else None

    def _load(self) -> dict[str, dict[str, Any]]:
        if self._entries is None:
            with self.sessions() as s:
                rows = s.scalars(select(LibraryEntry).order_by(LibraryEntry.id))
                self._entries = {row.id: row.data for row in rows}
        return self._entries

    def entries(self) -> list[dict[str, Any]]:
        """Every entry, by id."""
        return list(self._load().values())

    def get(self, entry_id: str) -> dict[str, Any] | None:
        """The entry with ``entry_id``, or None."""
        return self._load().get(entry_id)

    def __len__(self) -> int:
        return len(self._load())

    def index(self) -> SearchIndex:
        """The search index, built on first use and after every change.

        A built index is also kept in the user data folder under the library's content hash,
        so the next process (a CLI search, the next session) loads it instead of rebuilding.
        """
        if self._index is None:
            path = user_cache_dir() / f"heritage-index-{self.content_hash()[:24]}.pickle"
            self._index = _load_index(path)
            if self._index is None:
                self._index = SearchIndex(self.entries())
                path.parent.mkdir(parents=True, exist_ok=True)
                write_bytes_atomic(path, pickle.dumps((INDEX_VERSION, self._index), protocol=5))
        return self._index

    def search(self, query: str, filters: Filters | None = None, limit: int = 50) -> list[Hit]:
        """Entries matching ``query`` and ``filters``, best first."""
        return self.index().search(query, filters, limit)

    def content_hash(self) -> str:
        """A hash of every entry's content: it changes whenever any entry does."""
        value = self.meta("content_hash")
        if value is None:
            with self.sessions.begin() as s:
                value = _store_content_hash(s)
        return value

    def is_locally_edited(self, entry_id: str) -> bool:
        """Whether an entry was edited here (a newer seed will not overwrite it)."""
        with self.sessions() as s:
            row = s.get(LibraryEntry, entry_id)
            return bool(row and row.locally_edited)

    # -- writing --------------------------------------------------------------------------

    def save_entry(self, entry: dict[str, Any]) -> None:
        """Store a consultant's edit of an entry (or a new entry); a newer seed keeps it."""
        problems = entry_problems(entry)
        if problems:
            raise HeritageError(
                _("The entry {id} cannot be saved: {problem}").format(
                    id=entry.get("id", "?"), problem=problems[0]
                )
            )
        self.write_entries([entry], origin="local")

    def write_entries(self, entries: Iterable[dict[str, Any]], *, origin: str) -> None:
        """Insert or replace valid entries in one transaction, marking them locally edited."""
        with self.sessions.begin() as s:
            for entry in entries:
                data = complete(entry)
                row = s.get(LibraryEntry, data["id"])
                if row is None:
                    row = LibraryEntry(id=data["id"], origin=origin)
                    s.add(row)
                row.data = data
                row.data_hash = entry_hash(data)
                row.locally_edited = True
            s.flush()
            _store_content_hash(s)
        self._changed()

    def migrate(self) -> int:
        """Bring a library written by an older Kiln to the current entry format; return how
        many entries changed.

        Every entry is rewritten in one transaction (``migrate.migrate_entry``); locally edited
        entries stay marked as such, so a newer seed still leaves them alone. A library without
        a stored version is new (the seed is merged next) and is left as it is.
        """
        version = self.meta("schema_version")
        if version is None or version == store.SCHEMA_VERSION:
            return 0
        if not version.isdigit() or int(version) > int(store.SCHEMA_VERSION):
            raise HeritageError(
                _("The heritage library was written by a newer Kiln (format {version}); update "
                  "Kiln to open it.").format(version=version)
            )
        changed = 0
        with self.sessions.begin() as s:
            for row in s.scalars(select(LibraryEntry)):
                data = complete(migrate_entry(row.data))
                if data != row.data:
                    row.data, row.data_hash = data, entry_hash(data)
                    changed += 1
            s.flush()
            _set_meta(s, "schema_version", store.SCHEMA_VERSION)
            _store_content_hash(s)
        logger.info("Migrated the heritage library from version %s: %d entries", version, changed)
        self._changed()
        return changed

    def merge_seed(self, entries: list[dict[str, Any]], seed_hash: str) -> MergeReport:
        """Merge seed entries: new ones are added, unedited ones updated, edited ones kept."""
        added = updated = kept = 0
        with self.sessions.begin() as s:
            rows = {row.id: row for row in s.scalars(select(LibraryEntry))}
            for entry in entries:
                digest = entry_hash(entry)
                row = rows.get(entry["id"])
                if row is None:
                    s.add(
                        LibraryEntry(id=entry["id"], data=entry, data_hash=digest, seed_hash=digest)
                    )
                    added += 1
                elif row.seed_hash == digest:
                    continue
                elif row.locally_edited:
                    kept += 1
                else:
                    row.data, row.data_hash, row.seed_hash = entry, digest, digest
                    updated += 1
            s.flush()
            _set_meta(s, "seed_hash", seed_hash)
            _set_meta(s, "schema_version", store.SCHEMA_VERSION)
            _store_content_hash(s)
        self._changed()
        return MergeReport(added, updated, kept)

    def _changed(self) -> None:
        self._entries = None
        self._index = None


def _check_file(engine: Engine) -> None:
    """Raise ``DatabaseError`` when SQLite finds the file damaged (a quick page check)."""
    with engine.connect() as connection:
        result = connection.exec_driver_sql("PRAGMA quick_check").scalar()
    if result != "ok":
        raise DatabaseError("PRAGMA quick_check", None, Exception(str(result)))


def _damaged_message(path: Path | None, url: str) -> str:
    if path is None:
        return _("The heritage library at {url} cannot be read; ask your studio to repair it.")\
            .format(url=url)
    return _(
        "The heritage library {path} is damaged and cannot be read. Rebuild it from the bundled "
        "seed (in the window: View ▸ Heritage Library; edits made in it are lost, the damaged "
        "file is kept beside it), or replace it with a backup."
    ).format(path=path)


def _load_index(path: Path) -> SearchIndex | None:
    """A cached index, or None when there is none or it is unusable (then it is rebuilt)."""
    if not path.exists():
        return None
    try:
        version, index = pickle.loads(path.read_bytes())
    except Exception:  # a damaged or outdated cache is rebuilt, never trusted
        logger.warning("Ignoring the unreadable search index cache %s", path)
        return None
    return index if version == INDEX_VERSION and isinstance(index, SearchIndex) else None


def _set_meta(session: Session, key: str, value: str) -> None:
    row = session.scalars(select(LibraryMeta).where(LibraryMeta.key == key)).first()
    if row is None:
        session.add(LibraryMeta(key=key, value=value))
    else:
        row.value = value


def _store_content_hash(session: Session) -> str:
    digest = hashlib.sha256()
    for entry_id, data_hash in session.execute(
        select(LibraryEntry.id, LibraryEntry.data_hash).order_by(LibraryEntry.id)
    ):
        digest.update(f"{entry_id}:{data_hash}\n".encode())
    value = digest.hexdigest()
    _set_meta(session, "content_hash", value)
    return value


def _create_file(path: Path, entries: list[dict[str, Any]], seed_hash: str) -> None:
    """Build a new library file under a temporary name, then rename it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    clean_leftovers(path.parent, path.name)
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temp.unlink(missing_ok=True)
    engine = store.make_engine(f"sqlite:///{temp}", wal=False)
    try:
        store.HeritageBase.metadata.create_all(engine)
        Library(engine).merge_seed(entries, seed_hash)
    except BaseException:
        engine.dispose()
        for leftover in (temp, temp.with_name(temp.name + "-journal")):
            leftover.unlink(missing_ok=True)
        raise
    engine.dispose()
    os.replace(temp, path)
    logger.info("Created the heritage library %s with %d entries", path, len(entries))
