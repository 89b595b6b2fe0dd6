"""The heritage library's own database: tables and how to reach them.

The library lives in ``heritage.sqlite`` in the user data folder (``KILN_HERITAGE_URL`` may name
another SQLAlchemy URL, e.g. PostgreSQL for a studio). Each entry is kept whole as JSON in the
seed format, with hashes that tell a newer seed apart from a local edit. The SQL here is
portable; search runs on an in-memory index (``app.features.heritage.search``), not on SQL.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, String, Text, create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from app.core.paths import user_data_dir

logger = logging.getLogger(__name__)

FILE_NAME = "heritage.sqlite"
URL_VARIABLE = "KILN_HERITAGE_URL"
#: Version of the stored entries' format: "1" (loose national fields, text sensitivities) or
#: "2" (``app.features.heritage.migrate``). ``Library.open`` migrates an older library.
SCHEMA_VERSION = "2"


def utcnow() -> datetime:
    """The current time in UTC."""
    return datetime.now(UTC)


def entry_hash(entry: dict[str, Any]) -> str:
    """A stable hash of an entry's content (key order and spacing do not matter)."""
    text = json.dumps(entry, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class HeritageBase(DeclarativeBase):
    """Common columns of library tables: creation and update times."""

    type_annotation_map = {dict[str, Any]: JSON}

    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )


class LibraryEntry(HeritageBase):
    """One library entry, keyed by its stable text id (``unesco-00001``, ``cn-…``)."""

    __tablename__ = "heritage_entry"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    data: Mapped[dict[str, Any]] = mapped_column(default=dict)
    #: Hash of ``data``: the library's content hash is built from these.
    data_hash: Mapped[str] = mapped_column(String(64), default="")
    #: Hash of the seed version last merged into this row ("" for entries not from a seed).
    seed_hash: Mapped[str] = mapped_column(String(64), default="")
    #: True once a consultant edited or imported over it: a newer seed then leaves it alone.
    locally_edited: Mapped[bool] = mapped_column(Boolean, default=False)
    #: Where the entry came from: "seed", "import" or "local".
    origin: Mapped[str] = mapped_column(String(16), default="seed")


class LibraryMeta(HeritageBase):
    """Key/value facts about the library (schema version, seed hash, content hash)."""

    __tablename__ = "heritage_meta"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=lambda: str(uuid.uuid4()))
    key: Mapped[str] = mapped_column(String(64), unique=True)
    value: Mapped[str] = mapped_column(Text, default="")


def default_path() -> Path:
    """The library file in the user data folder."""
    return user_data_dir() / FILE_NAME


def library_url() -> str:
    """The configured database URL (the SQLite file in the user data folder by default)."""
    return os.environ.get(URL_VARIABLE) or f"sqlite:///{default_path()}"


def make_engine(url: str, *, wal: bool = True) -> Engine:
    """An engine for ``url``; SQLite files get foreign keys and (unless ``wal`` is off) WAL."""
    engine = create_engine(url)
    if engine.dialect.name == "sqlite":

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            if wal:
                cursor.execute("PRAGMA journal_mode=WAL")
            cursor.close()

    return engine


def sqlite_file(url: str) -> Path | None:
    """The file behind a ``sqlite:///`` URL (None for other databases or memory)."""
    prefix = "sqlite:///"
    if url.startswith(prefix) and url[len(prefix) :] not in ("", ":memory:"):
        return Path(url[len(prefix) :])
    return None
