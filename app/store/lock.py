"""A lock that lets one Kiln at a time write a project file.

The lock is an OS file lock (``flock`` / ``msvcrt.locking``) on a sidecar ``NAME.kiln.lock``
file. The OS drops it when the holder dies, so a crash never leaves a project locked; the file's
contents (who, where, since when) only serve the message shown to the second writer.
"""

from __future__ import annotations

import contextlib
import getpass
import json
import logging
import os
import socket
import sys
from datetime import UTC, datetime
from pathlib import Path

from app.core.i18n import _
from app.store.errors import ProjectLockedError

logger = logging.getLogger(__name__)


def lock_path_for(project: Path) -> Path:
    """The sidecar lock file of ``project``."""
    return project.with_name(project.name + ".lock")


def _try_lock(fd: int) -> bool:
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows builds only
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except OSError:
        return False


def _unlock(fd: int) -> None:
    if sys.platform == "win32":  # pragma: no cover
        import msvcrt

        with contextlib.suppress(OSError):
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        return
    import fcntl

    fcntl.flock(fd, fcntl.LOCK_UN)


def _same_file(fd: int, path: Path) -> bool:
    try:
        on_disk = os.stat(path)
    except FileNotFoundError:
        return False
    held = os.fstat(fd)
    return (held.st_dev, held.st_ino) == (on_disk.st_dev, on_disk.st_ino)


class ProjectLock:
    """Holds the write lock of one project file until ``release``."""

    def __init__(self, project: Path) -> None:
        self.project = Path(project)
        self.path = lock_path_for(self.project)
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> None:
        """Take the lock, or raise ``ProjectLockedError`` naming who holds it."""
        for _attempt in range(5):
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            if not _try_lock(fd):
                os.close(fd)
                raise ProjectLockedError(self.project, self._locked_message())
            # The holder before us may have removed the file between our open and our lock;
            # a lock on a removed file protects nothing, so start again on the new one.
            if _same_file(fd, self.path):
                break
            _unlock(fd)
            os.close(fd)
        else:  # pragma: no cover - needs a pathological race to reach
            raise ProjectLockedError(self.project, self._locked_message())
        info = {
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "user": getpass.getuser(),
            "since": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        os.ftruncate(fd, 0)
        os.lseek(fd, 0, os.SEEK_SET)
        os.write(fd, json.dumps(info).encode())
        self._fd = fd
        logger.debug("locked %s", self.project)

    def release(self) -> None:
        """Give the lock back and remove the sidecar file."""
        if self._fd is None:
            return
        with contextlib.suppress(OSError):
            self.path.unlink()
        _unlock(self._fd)
        os.close(self._fd)
        self._fd = None
        logger.debug("unlocked %s", self.project)

    def _locked_message(self) -> str:
        try:
            info = json.loads(self.path.read_text(encoding="utf-8"))
            holder = _("{user} on {host} (process {pid}) since {since}").format(**info)
        except (OSError, ValueError, KeyError):
            holder = _("another Kiln")
        return _(
            "{path} is already open for writing by {holder}; close it there or open a copy."
        ).format(path=self.project, holder=holder)

    def __enter__(self) -> ProjectLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()
