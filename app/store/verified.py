"""A memo of project files that passed the full inspection, keyed by a digest of their bytes.

Opening a file inspects it whole (``app.store.integrity``): SQLite's quick check, every index
read, foreign keys, JSON and enum columns, and the seal's digest of every row — about 0.3 s on
a 100-episode series, paid by every ``kiln stats``, ``kiln fit`` or export. The result is a
function of the file's bytes and of this Kiln, so once a file passed, a BLAKE2 digest of its
bytes (about 15 ms for 10 MB) remembers that: the next open of the very same bytes skips the
row-by-row work. Any changed byte (another program's edit, a damaged sector, a restored backup)
gives another digest and the full inspection again, so nothing that the inspection would catch
is let through.

Entries live in the user cache folder (``user_cache_dir()/verified``), one small file per
digest, the oldest pruned past ``KEEP``. A file with a journal or WAL beside it is never looked
up (SQLite would read the journal's pages, not only the file's), and a memo that cannot be read
or written is simply not used.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from pathlib import Path

from app import __version__
from app.core.paths import user_cache_dir

logger = logging.getLogger(__name__)

#: How many files' memos are kept (each is a few bytes; the oldest go first).
KEEP = 256
#: Bumped whenever the inspection's rules change, so a memo from older rules is never trusted.
RULES = 1
_CHUNK = 1 << 20


def _folder() -> Path:
    return user_cache_dir() / "verified"


def _beside(path: Path) -> bool:
    """True when SQLite would also read a journal or WAL beside ``path``."""
    return any(path.with_name(path.name + s).exists() for s in ("-journal", "-wal"))


def file_digest(path: Path) -> str | None:
    """The digest of ``path``'s bytes together with this Kiln's version and rules; None when
    the file cannot be read or has a journal beside it."""
    if _beside(path):
        return None
    digest = hashlib.blake2b(f"kiln {__version__} rules {RULES}\0".encode(), digest_size=20)
    try:
        with open(path, "rb") as handle:
            while chunk := handle.read(_CHUNK):
                digest.update(chunk)
    except OSError:
        return None
    return digest.hexdigest()


def recall(digest: str | None) -> int | None:
    """The schema version of a file whose bytes had ``digest`` when it passed, or None."""
    if digest is None:
        return None
    try:
        data = json.loads((_folder() / digest).read_text("utf-8"))
        version = data["schema_version"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return version if isinstance(version, int) and not isinstance(version, bool) else None


def remember(digest: str | None, schema_version: int) -> None:
    """Note that the file whose bytes have ``digest`` passed the inspection."""
    if digest is None:
        return
    folder = _folder()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / f".{digest}.{os.getpid()}.tmp"
        tmp.write_text(json.dumps({"schema_version": schema_version}), "utf-8")
        os.replace(tmp, folder / digest)
        _prune(folder)
    except OSError as exc:
        logger.info("could not remember a verified file in %s: %s", folder, exc)


def _prune(folder: Path) -> None:
    entries = [p for p in folder.iterdir() if not p.name.startswith(".")]
    if len(entries) <= KEEP:
        return
    entries.sort(key=lambda p: p.stat().st_mtime_ns)
    for old in entries[: len(entries) - KEEP]:
        old.unlink(missing_ok=True)
