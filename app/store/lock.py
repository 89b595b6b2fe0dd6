"""A lock that lets one Kiln at a time write a project file.

The lock is an OS lock (``flock`` / ``LockFileEx`` through ``msvcrt``) taken on the project file
itself, so it belongs to the file's identity (device and inode), not to the path text: a second
writer that comes through a symlink or a hard link, or after someone deleted the sidecar, meets
the same lock. The OS drops it when the holder dies, so a crash never leaves a project locked.

The sidecar ``NAME.kiln.lock`` only says who holds the lock, for the message the second writer
gets. It is written beside the project under a temporary name and renamed into place, never
through a link, so a planted ``NAME.kiln.lock`` symlink can neither be followed nor truncate
the file it points at; it is removed on release only if it is still the file this Kiln wrote.
"""

from __future__ import annotations

import contextlib
import getpass
import json
import logging
import os
import socket
import stat
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from app.core.i18n import _
from app.store.atomic import clean_leftovers
from app.store.errors import ProjectFileError, ProjectLockedError

logger = logging.getLogger(__name__)

#: Where the Windows lock sits: one byte far past SQLite's own lock bytes (at 1 GiB) and past
#: any real project, so the mandatory lock never blocks a read of the file's pages.
_WINDOWS_LOCK_OFFSET = 1 << 40
#: Holder information larger than this is not ours: it is not read.
_MAX_INFO_BYTES = 4096


def lock_path_for(project: Path) -> Path:
    """The sidecar file that names the holder of ``project``'s lock."""
    return project.with_name(project.name + ".lock")


def _try_lock(fd: int) -> bool:
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows builds only
        import msvcrt  # only on Windows, where fcntl does not exist

        try:
            os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False
    import fcntl  # only off Windows, where msvcrt does not exist

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except OSError:
        return False


def _unlock(fd: int) -> None:
    if sys.platform == "win32":  # pragma: no cover
        import msvcrt  # only on Windows

        with contextlib.suppress(OSError):
            os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        return
    import fcntl  # only off Windows

    fcntl.flock(fd, fcntl.LOCK_UN)


def _regular_file(path: Path) -> os.stat_result | None:
    """The file's status when ``path`` itself (not what a link points at) is a regular file."""
    try:
        status = os.lstat(path)
    except OSError:
        return None
    return status if stat.S_ISREG(status.st_mode) else None


class ProjectLock:
    """Holds the write lock of one project file until ``release``."""

    def __init__(self, project: Path) -> None:
        self.project = Path(project)
        self.path = lock_path_for(self.project)
        self._fd: int | None = None
        self._written: tuple[int, int] | None = None  # (dev, inode) of the sidecar we wrote

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> None:
        """Take the lock, or raise ``ProjectLockedError`` naming who holds it."""
        flags = os.O_RDONLY | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
        try:
            fd = os.open(self.project, flags)
        except OSError as exc:
            raise ProjectFileError(self.project, _(
                "Kiln cannot open {path} to write it ({reason}); check that the file exists and "
                "that you may change it."
            ).format(path=self.project, reason=exc.strerror or exc)) from exc
        if not _try_lock(fd):
            os.close(fd)
            raise ProjectLockedError(self.project, self._locked_message())
        self._fd = fd
        self._write_info()
        logger.debug("locked %s", self.project)

    def _write_info(self) -> None:
        """Say who holds the lock, in a sidecar renamed into place (a failure is only logged:
        the lock itself is the OS's, and a missing sidecar just makes a vaguer message)."""
        info = {
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "user": getpass.getuser(),
            "since": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        try:
            clean_leftovers(self.path.parent, self.path.name)
            handle, temporary = tempfile.mkstemp(
                prefix=f".{self.path.name}.{os.getpid()}.", suffix=".tmp", dir=self.path.parent
            )
        except OSError as exc:
            logger.warning("could not say who holds %s: %s", self.project, exc)
            return
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(json.dumps(info).encode())
            os.replace(temporary, self.path)  # replaces a planted link itself, never its target
            written = os.lstat(self.path)
            self._written = (written.st_dev, written.st_ino)
        except OSError as exc:
            logger.warning("could not say who holds %s: %s", self.project, exc)
            with contextlib.suppress(OSError):
                os.unlink(temporary)

    def release(self) -> None:
        """Give the lock back and remove the sidecar if it is still the one written here."""
        if self._fd is None:
            return
        status = _regular_file(self.path)
        if status is not None and (status.st_dev, status.st_ino) == self._written:
            with contextlib.suppress(OSError):
                self.path.unlink()
        _unlock(self._fd)
        os.close(self._fd)
        self._fd = None
        self._written = None
        logger.debug("unlocked %s", self.project)

    def _locked_message(self) -> str:
        holder = _("another Kiln")
        if _regular_file(self.path) is not None:
            try:
                flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0)
                with os.fdopen(os.open(self.path, flags), "rb") as source:
                    info = json.loads(source.read(_MAX_INFO_BYTES).decode("utf-8"))
                holder = _("{user} on {host} (process {pid}) since {since}").format(
                    user=str(info["user"])[:64], host=str(info["host"])[:64],
                    pid=int(info["pid"]), since=str(info["since"])[:32],
                )
            except (OSError, ValueError, KeyError, TypeError):
                pass
        return _(
            "{path} is already open for writing by {holder}; close it there or open a copy."
        ).format(path=self.project, holder=holder)

    def __enter__(self) -> ProjectLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()
