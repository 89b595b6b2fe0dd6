"""Getting the writer's work back: from a damaged file, or from a file changed on disk.

``recover`` writes the newest good backup of a damaged project to a new file (never over the
damaged one). ``save_copy`` and ``reload`` are the two ways out when another program changed a
project on disk while Kiln had it open; neither loses anything: the copy holds this Kiln's
version plus the refused edit, and a reload first keeps this Kiln's version as a backup.
Also the ``kiln recover`` command (registered by app.cli).
"""

from __future__ import annotations

import argparse
import logging
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TextIO

from app.core.i18n import _
from app.project.commands import Command
from app.project.open_project import OpenProject
from app.store import recovery
from app.store.errors import ProjectDamaged, ProjectFileError

logger = logging.getLogger(__name__)

@dataclass(frozen=True)
class Recovered:
    """A damaged project's backup, written to ``path``; ``taken`` is when the backup was made."""

    path: Path
    backup: Path
    taken: datetime


def check(path: Path | str) -> str | None:
    """None when the project at ``path`` passes every check, else what is wrong."""
    return recovery.verify(Path(path))


def suggested_name(damage: ProjectDamaged) -> Path | None:
    """Where the window offers to put the recovered copy of a damaged project."""
    if damage.backup is None or damage.backup_taken is None:
        return None
    return recovery.recovered_name(damage.path, damage.backup_taken)


def recover(path: Path | str, out: Path | str | None = None) -> Recovered:
    """Write the newest good backup of ``path`` to ``out`` (default: a new name beside it).

    The damaged file itself is never written to. Raises ``ProjectFileError`` when there is no
    good backup or ``out`` exists.
    """
    path = Path(path)
    good = recovery.newest_good_backup(path)
    if good is None:
        raise ProjectFileError(
            path,
            _("{path} has no backup that passes Kiln's checks; nothing to recover from.").format(
                path=path),
        )
    target = Path(out) if out is not None else recovery.recovered_name(path, good.taken)
    recovery.restore(good.path, target, damaged=path)
    return Recovered(target, good.path, good.taken)


def save_copy(
    project: OpenProject, target: Path | str, pending: Command | None = None
) -> OpenProject:
    """Save ``project`` as Kiln sees it to the new file ``target``, open it, and make there the
    edit that was refused (``pending``); returns the opened copy. ``project`` stays open."""
    target = Path(target)
    if target.exists():
        raise ProjectFileError(
            target, _("{path} already exists; choose a new name for the copy.").format(
                path=target)
        )
    try:
        project.file.save_copy(target)
    except OSError as exc:
        raise ProjectFileError(
            target, _("{path} could not be written ({detail}).").format(
                path=target, detail=exc.strerror or exc)
        ) from exc
    copy = OpenProject.open(target, role=project.role)
    if pending is not None:
        copy.run(pending)
    logger.info("saved %s as the copy %s", project.path, target)
    return copy


def reload(project: OpenProject) -> OpenProject:
    """Keep ``project`` as Kiln sees it in the backup folder, close it, open the file on disk."""
    kept = project.file.backup()
    logger.info("kept this Kiln's version of %s as %s before reloading", project.path, kept)
    path, role = project.path, project.role
    project.close()
    return OpenProject.open(path, role=role)


# -- the command line ----------------------------------------------------------------------


def accept_as_is(path: Path | str) -> None:
    """Accept the rows of a project another program changed (its seal differs) as they are.

    Refused, with the usual message, when the file has any other damage.
    """
    OpenProject.open(path, accept_contents=True).close()


def recover_command(args: argparse.Namespace, out: TextIO) -> int:
    if args.as_is:
        accept_as_is(args.file)
        print(_("Accepted {path} as it is; Kiln opens it again.").format(path=args.file),
              file=out)
        return 0
    if Path(args.file).is_file() and check(args.file) is None:
        print(_("{path} passes every check; it needs no recovery.").format(path=args.file),
              file=out)
        return 0
    done = recover(args.file, args.out)
    print(
        _("Wrote the backup of {path} from {date} to {out}.").format(
            path=args.file, date=done.taken.astimezone().strftime("%Y-%m-%d %H:%M"), out=done.path
        ),
        file=out,
    )
    return 0
