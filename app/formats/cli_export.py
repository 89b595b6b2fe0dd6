"""What ``kiln export`` does: a project, or a script in one step, to the chosen format.

Its words are in ``app.formats.cli_words``. A shooting script PDF or Word file made from a
script (``kiln export x.fountain --format pdf``) goes through ``app.formats.one_step``, and one
made from a project (``kiln export x.kiln``) through ``app.formats.project_export``: neither
loads the database layer nor the other writers. Everything else (and a project whose title
page lists heritage asking for consent) loads the registry of writers and opens the project,
or builds one in memory from the script.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path
from typing import TextIO

from app.core.controls import for_terminal
from app.core.i18n import _
from app.formats.cli_warnings import warn_unplaced
from app.formats.document.options import ExportOptions
from app.formats.one_step import convert_script, converts_directly
from app.formats.project_export import export_stored
from app.formats.readers import READERS

logger = logging.getLogger(__name__)

#: Suffixes of the scripts ``kiln export`` converts in one step (``.txt``: Fountain or Chinese).
SCRIPT_SUFFIXES = frozenset({".txt", *(s for r in READERS.values() for s in r.suffixes)})


def is_script(path: Path) -> bool:
    """Whether ``kiln export`` reads ``path`` as a script to convert (not a ``.kiln`` project)."""
    return path.suffix.lower() in SCRIPT_SUFFIXES


def export_command(args: argparse.Namespace, out: TextIO) -> int:
    """``kiln export``: a project, or a script in one step, to the chosen format."""
    opts = ExportOptions(
        what=args.what,
        format=args.format,
        language=args.lang,
        episodes=args.episodes,
        notes=args.notes,
        heritage=args.heritage,
        bilingual=args.bilingual,
        revision=args.revision,
        changed_pages_only=args.changed_pages_only,
        issue=args.issue,
    )
    if is_script(args.file):
        if args.issue:
            print(_("kiln: only a .kiln project is issued to production; import {path} first.")
                  .format(path=for_terminal(str(args.file))), file=sys.stderr)
            return 2
        if converts_directly(opts):
            report = convert_script(args.file, opts, args.out, encoding=args.encoding)
        else:
            # the writers and the database layer, loaded only by the exports that need them
            from app.formats.registry import convert

            report = convert(args.file, opts, args.out, encoding=args.encoding)
        warn_unplaced(args.file, report)
    elif not (converts_directly(opts) and export_stored(args.file, opts, args.out)):
        # a project's export: the writers and the database layer (loaded only when needed)
        from app.formats.registry import export
        from app.project.open_project import OpenProject  # (the same reason)

        # issuing keeps a draft in the file (and locks its scene numbers the first time)
        with OpenProject.open(args.file, read_only=not args.issue, backup=args.issue) as project:
            export(project, opts, args.out)
    print(_("Exported {path}.").format(path=for_terminal(str(args.out))), file=out)
    return 0

