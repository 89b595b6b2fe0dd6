"""Fountain, FDX and XLIFF exports, called by the ``export`` command and File → Export….

``export_to`` is the one entry point; the file is written atomically, so a failed export
leaves no half-written file behind.
"""

from __future__ import annotations

import argparse
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from app.core.i18n import _
from app.formats.common import ImportFailed
from app.store.atomic import write_bytes_atomic

if TYPE_CHECKING:
    from app.project.open_project import OpenProject

logger = logging.getLogger(__name__)

FORMATS = ("fountain", "fdx", "xliff")


class ExportFailed(ImportFailed):
    """An interchange export that cannot be made; the message says what to change."""


def export_bytes(
    fmt: str,
    project: OpenProject,
    *,
    language: str = "",
    episodes: tuple[int, int] | None = None,
) -> bytes:
    """The bytes of ``project`` in ``fmt`` (``language`` is the XLIFF target)."""
    if fmt == "xliff":
        from app.formats.xliff import export_xliff

        if not language:
            raise ExportFailed(
                _("An XLIFF export needs a target language: add --lang, e.g. --lang fa.")
            )
        if language == project.info().source_language:
            raise ExportFailed(
                _("{language} is the script's own language; choose a target language.").format(
                    language=language
                )
            )
        return export_xliff(project, language, episodes=episodes)
    from app.formats.script_source import gather

    script = gather(project)
    if episodes is not None:
        first, last = episodes
        script.episodes = [e for e in script.episodes if first <= e.record.number <= last]
    if fmt == "fountain":
        from app.formats.fountain.writer import write_fountain

        return write_fountain(script).encode("utf-8")
    if fmt == "fdx":
        from app.formats.fdx.writer import write_fdx

        return write_fdx(script)
    raise ExportFailed(
        _("{format} is not a format Kiln exports here; use one of: {choices}.").format(
            format=fmt, choices=", ".join(FORMATS)
        )
    )


def export_to(fmt: str, project: OpenProject, args: argparse.Namespace, out_path: Path) -> None:
    """Write ``project`` as ``fmt`` (fountain, fdx or xliff) to ``out_path``."""
    data = export_bytes(
        fmt,
        project,
        language=getattr(args, "lang", "") or "",
        episodes=getattr(args, "episodes", None),
    )
    write_export(Path(out_path), data)


def write_export(out_path: Path, data: bytes) -> None:
    """Write an export atomically; a missing folder is a message, not a crash."""
    out_path = Path(out_path)
    if not out_path.parent.is_dir():
        raise ExportFailed(
            _("Cannot write {path}: the folder does not exist.").format(path=out_path)
        )
    write_bytes_atomic(out_path, data)
    logger.info("wrote %s (%d bytes)", out_path, len(data))
