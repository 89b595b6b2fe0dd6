"""Command-line commands of app.formats (registered by app.cli).

``export FILE.kiln --what shooting-script|translator-packet --format pdf|docx|fountain|fdx|xliff``:
pdf and docx are made here; fountain, fdx and xliff are handed to
``app.formats.interchange_export.export_to(format, project, args, out_path)`` when it exists.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import re
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from app.core.i18n import _

logger = logging.getLogger(__name__)

Handler = Callable[[argparse.Namespace, TextIO], int]
FORMATS = ("pdf", "docx", "fountain", "fdx", "xliff")


def _episode_range(value: str) -> tuple[int, int]:
    match = re.fullmatch(r"\s*(\d+)\s*(?:-\s*(\d+)\s*)?", value)
    if not match:
        raise argparse.ArgumentTypeError(_("use a range such as 1-3 or a single episode number"))
    first = int(match.group(1))
    last = int(match.group(2) or first)
    if last < first:
        raise argparse.ArgumentTypeError(_("the range ends before it starts"))
    return first, last


def add_commands(sub: argparse._SubParsersAction) -> dict[str, Handler]:
    """Add this feature's subcommands to ``sub``; return their handlers by name."""
    p = sub.add_parser("export", help=_("export a shooting script or a translator packet"))
    p.add_argument("file", type=Path, help=_("the .kiln project"))
    p.add_argument(
        "--what", choices=("shooting-script", "translator-packet"), default="shooting-script"
    )
    p.add_argument("--format", choices=FORMATS, required=True)
    p.add_argument("--lang", default="", help=_("language of the export (a packet's target)"))
    p.add_argument("--episodes", type=_episode_range, help=_("episode range, e.g. 1-3"))
    p.add_argument("--notes", action="store_true", help=_("include consultants' notes"))
    p.add_argument("--heritage", action="store_true", help=_("add a heritage breakdown per scene"))
    p.add_argument(
        "--bilingual",
        default="",
        metavar="LANG",
        help=_("follow each line with its translation into LANG"),
    )
    p.add_argument("--out", type=Path, required=True, help=_("the file to write"))
    return {"export": run_export}


def run_export(args: argparse.Namespace, out: TextIO) -> int:
    """Handle ``export``."""
    from app.formats.document.options import ExportOptions
    from app.formats.document.service import ExportError, export
    from app.project.open_project import OpenProject

    if args.what == "translator-packet" and args.format in ("pdf", "docx") and not args.lang:
        raise ExportError(
            _("A translator packet needs a target language: add --lang, e.g. --lang ar.")
        )
    with OpenProject.open(args.file, read_only=True, backup=False) as project:
        if args.format in ("fountain", "fdx", "xliff"):
            try:
                module = importlib.import_module("app.formats.interchange_export")
            except ImportError:
                raise ExportError(
                    _(
                        "Cannot write {path}: {format} export is not available in this build."
                    ).format(path=args.out, format=args.format)
                ) from None
            module.export_to(args.format, project, args, args.out)
        else:
            opts = ExportOptions(
                what=args.what,
                format=args.format,
                language=args.lang,
                episodes=args.episodes,
                notes=args.notes,
                heritage=args.heritage,
                bilingual=args.bilingual,
            )
            export(project, opts, args.out)
    print(_("Exported {path}.").format(path=args.out), file=out)
    return 0
