"""The files that belong to a project (itself, its lock, journal and backups), which no export
may be written over."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from app.core.i18n import _
from app.store import backup
from app.store.errors import ProjectFileError
from app.store.lock import lock_path_for

logger = logging.getLogger(__name__)


def refuse_as_output(project: Path, out: Path | str) -> None:
    """Refuse to write an export over the project itself, its lock, its journal or one of
    its backups (wherever a link or another spelling of the path leads)."""
    target = Path(out)
    try:
        resolved = target.resolve()
        own = project.resolve()
    except (OSError, RuntimeError):  # a loop of links: not the project either way
        return
    names = {own.with_name(own.name + suffix) for suffix in ("-journal", "-wal", "-shm")}
    names |= {lock_path_for(project).resolve(), lock_path_for(own)}
    ours = resolved == own or resolved in names
    if not ours and resolved.exists():
        try:
            ours = os.path.samefile(resolved, own)  # a hard link to the project
        except OSError:
            ours = False
    folder = backup.backup_folder(project)
    ours = ours or resolved.parent == folder.resolve()
    if ours:
        raise ProjectFileError(target, _(
            "{out} is the project {path} or one of its own files; write the export to "
            "another name."
        ).format(out=target, path=project))
