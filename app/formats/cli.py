"""Command-line commands of app.formats (registered by app.cli).

``import SOURCE --out FILE.kiln [--format …] [--encoding …]`` makes a project from a Fountain,
Final Draft, Chinese plain-text or Word script; ``translations import FILE.kiln XLIFF`` fills
line translations from a translated XLIFF file. Readers are imported inside the handlers so
``kiln --version`` stays fast.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from app.core.i18n import _, ngettext

Handler = Callable[[argparse.Namespace, TextIO], int]

IMPORT_FORMATS = ("auto", "fountain", "fdx", "zh-text", "docx")
ENCODINGS = ("auto", "utf-8", "gb18030", "utf-16")


def add_commands(sub: argparse._SubParsersAction) -> dict[str, Handler]:
    """Add this feature's subcommands to ``sub``; return their handlers by name."""
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
    return {"import": _import, "translations": _translations}


def _import(args: argparse.Namespace, out: TextIO) -> int:
    from app.formats.importing import import_script

    if args.out.suffix != ".kiln":
        print(
            _("kiln: the project file must end in .kiln: {path}").format(path=args.out),
            file=sys.stderr,
        )
        return 2
    report = import_script(args.source, args.out, args.format, args.encoding)
    for problem in report.lines():
        print(
            _("kiln: warning: {path}: {problem}").format(path=args.source, problem=problem),
            file=sys.stderr,
        )
    print(_("Imported {source} into {path}.").format(source=args.source, path=args.out), file=out)
    return 0


def _translations(args: argparse.Namespace, out: TextIO) -> int:
    from app.formats.xliff import import_xliff
    from app.project.open_project import OpenProject

    with OpenProject.open(args.file) as project:
        result = import_xliff(project, args.xliff, args.translator)
    for problem in result.problems:
        print(
            _("kiln: warning: {path}: {problem}").format(path=args.xliff, problem=problem),
            file=sys.stderr,
        )
    print(
        ngettext(
            "Filled {n} {language} translation.",
            "Filled {n} {language} translations.",
            result.filled,
        ).format(n=result.filled, language=result.language),
        file=out,
    )
    if result.stale:
        print(
            ngettext(
                "{n} of them was made from an older source line and is marked stale.",
                "{n} of them were made from an older source line and are marked stale.",
                len(result.stale),
            ).format(n=len(result.stale)),
            file=out,
        )
    return 0 if result.filled or not result.problems else 1
