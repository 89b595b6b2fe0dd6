"""The command-line words of app.formats (registered by app.cli): ``export``, ``import``,
``translations import`` and ``glossary import``.

Only the parser lives here, with the names of formats from ``app.formats.names``: building it
imports no reader, writer or database code. What each command does is in ``app.formats.cli``,
which app.cli imports by name only when one of these commands runs.

``export FILE --what … --format … --out OUT`` takes a ``.kiln`` project, or a script (Fountain,
Final Draft, Word, plain text) that it converts in one step without writing a project file.
"""

from __future__ import annotations

import argparse
import logging
import re
from pathlib import Path

from app.core.i18n import _
from app.formats.names import (
    DOCUMENTS,
    ENCODINGS,
    EXPORT_FORMATS,
    IMPORT_FORMATS,
    SHOOTING_SCRIPT,
)

logger = logging.getLogger(__name__)

#: The module whose functions run these commands (imported only when one runs).
HANDLERS = "app.formats.cli"


def episode_range(value: str) -> tuple[int, int]:
    """``--episodes``: ``3`` or ``1-3`` as (first, last)."""
    match = re.fullmatch(r"\s*(\d+)\s*(?:-\s*(\d+)\s*)?", value)
    if not match:
        raise argparse.ArgumentTypeError(_("use a range such as 1-3 or a single episode number"))
    first = int(match.group(1))
    last = int(match.group(2) or first)
    if last < first:
        raise argparse.ArgumentTypeError(_("the range ends before it starts"))
    return first, last


def add_commands(sub: argparse._SubParsersAction) -> dict[str, str]:
    """Add this package's subcommands to ``sub``; return their handlers' names by command."""
    e = sub.add_parser("export", help=_("export a shooting script, a translator packet, a "
                                        "dialogue list or the glossary"))
    e.add_argument("file", type=Path,
                   help=_("the .kiln project, or a script (.fountain, .fdx, .docx, .txt) to "
                          "convert in one step without making a project"))
    e.add_argument("--what", choices=DOCUMENTS, default=SHOOTING_SCRIPT)
    e.add_argument("--format", choices=EXPORT_FORMATS, required=True)
    e.add_argument("--lang", default="", help=_("language of the export (a packet's target)"))
    e.add_argument("--episodes", type=episode_range, help=_("episode range, e.g. 1-3"))
    e.add_argument("--notes", action="store_true", help=_("include consultants' notes"))
    e.add_argument("--heritage", action="store_true", help=_("add a heritage breakdown per scene"))
    e.add_argument(
        "--bilingual",
        default="",
        metavar="LANG",
        help=_("follow each line with its translation into LANG"),
    )
    e.add_argument("--revision", default="", metavar="NAME",
                   help=_("mark what changed since the draft NAME (revision pages)"))
    e.add_argument("--changed-pages-only", action="store_true",
                   help=_("keep only the pages with a change (with --revision, PDF)"))
    e.add_argument("--issue", action="store_true",
                   help=_("issue to production: keep this script as the next revision's draft"))
    e.add_argument("--encoding", choices=ENCODINGS, default="auto",
                   help=_("the encoding of a plain-text script given instead of a project"))
    e.add_argument("--out", type=Path, required=True, help=_("the file to write"))

    p = sub.add_parser("import", help=_("make a project from a Fountain, FDX or Chinese script"))
    p.add_argument("source", type=Path, help=_("the script to read"))
    p.add_argument("--out", type=Path, required=True, help=_("the new .kiln project"))
    p.add_argument("--format", choices=IMPORT_FORMATS, default="auto")
    p.add_argument("--encoding", choices=ENCODINGS, default="auto")

    t = sub.add_parser("translations", help=_("work with line translations"))
    tsub = t.add_subparsers(dest="translations_command", required=True)
    ti = tsub.add_parser("import", help=_("fill translations from a translated XLIFF file"))
    ti.add_argument("file", type=Path, help=_("the .kiln project"))
    ti.add_argument("xliff", type=Path, help=_("the translated XLIFF 2 file"))
    ti.add_argument("--translator", default="", help=_("who translated it"))

    g = sub.add_parser("glossary", help=_("work with the key names and phrases"))
    gsub = g.add_subparsers(dest="glossary_command", required=True)
    gi = gsub.add_parser("import", help=_("merge renderings from a TBX file into the glossary"))
    gi.add_argument("file", type=Path, help=_("the .kiln project"))
    gi.add_argument("tbx", type=Path, help=_("the TBX file (from memoQ, Trados, OmegaT…)"))
    return {
        "import": "app.formats.cli_import:import_command",
        "export": "app.formats.cli_export:export_command",
        "translations": f"{HANDLERS}:translations_command",
        "glossary": f"{HANDLERS}:glossary_command",
    }
