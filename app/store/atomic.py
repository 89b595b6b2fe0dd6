"""Write files so a crash never leaves a half-written one: temporary file, fsync, rename."""

from __future__ import annotations

import contextlib
import glob
import logging
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

logger = logging.getLogger(__name__)


def _fsync_dir(directory: Path) -> None:
    """Make a rename durable (no-op where directories cannot be opened, as on Windows)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _mode_for(target: Path) -> int:
    try:
        return target.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0o022)
        os.umask(umask)
        return 0o666 & ~umask


@contextlib.contextmanager
def atomic_path(target: Path | str, *, overwrite: bool = True) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; on success it replaces ``target`` atomically.

    If the block raises, the temporary file is removed and ``target`` is untouched.
    With ``overwrite=False`` an existing ``target`` raises ``FileExistsError`` first.
    """
    target = Path(target)
    if not overwrite and target.exists():
        raise FileExistsError(target)
    directory = target.parent if str(target.parent) else Path(".")
    clean_leftovers(directory, target.name)
    fd, tmp_name = tempfile.mkstemp(
        prefix=f".{target.name}.{os.getpid()}.", suffix=".tmp", dir=directory
    )
    os.close(fd)
    tmp = Path(tmp_name)
    # mkstemp makes the file private (0600); the result should look like any file the user
    # saves: the mode of the file it replaces, or the default the umask allows.
    os.chmod(tmp, _mode_for(target))
    try:
        yield tmp
        with open(tmp, "rb+") as handle:
            os.fsync(handle.fileno())
        if not overwrite and target.exists():
            raise FileExistsError(target)
        os.replace(tmp, target)
        _fsync_dir(directory)
        logger.debug("wrote %s", target)
    except BaseException:
        _remove_with_sidecars(tmp)
        raise


def _remove_with_sidecars(tmp: Path) -> None:
    """Remove a temporary file and what SQLite may have left beside it (a project being built)."""
    for path in (tmp, *(tmp.with_name(tmp.name + s) for s in ("-journal", "-wal", "-shm"))):
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # it exists but is someone else's (EPERM)
        return True
    return True


def clean_leftovers(directory: Path, name: str) -> list[Path]:
    """Remove the temporary files a killed Kiln left while writing ``name`` in ``directory``
    (``.NAME.PID.*.tmp`` and SQLite's sidecars of them), when that process is gone."""
    removed = []
    try:
        candidates = list(directory.glob(f".{glob.escape(name)}.*.tmp"))
    except OSError:
        return removed
    for tmp in candidates:
        pid = tmp.name[len(name) + 2 :].split(".", 1)[0]
        if pid.isdigit() and int(pid) != os.getpid() and not _alive(int(pid)):
            _remove_with_sidecars(tmp)
            removed.append(tmp)
            logger.info("removed %s, left by a Kiln that stopped while writing", tmp)
    return removed


def write_bytes_atomic(target: Path | str, data: bytes) -> None:
    """Write ``data`` to ``target`` through a temporary file and a rename."""
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)
