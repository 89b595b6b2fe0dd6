"""Command-line commands of app.formats (registered by app.cli): files in and out.

``import SOURCE --out FILE.kiln [--format …] [--encoding …]`` makes a project from a Fountain,
Final Draft, Chinese plain-text or Word script; ``export FILE.kiln --what … --format … --out OUT``
writes any format of ``app.formats.registry`` (shooting scripts, translator packets, dialogue
lists, subtitle drafts, the glossary); ``translations import FILE.kiln XLIFF`` fills line
translations from a translated XLIFF file; ``glossary import FILE.kiln GLOSSARY.tbx`` merges
renderings from a TBX file.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from app.core.i18n import _, ngettext
from app.formats.document.options import ExportOptions
from app.formats.registry import (
    DOCUMENTS,
    IMPORT_FORMATS,
    SHOOTING_SCRIPT,
    WRITERS,
    export,
    import_script,
)
from app.formats.tbx import import_tbx
from app.formats.xliff import import_xliff
from app.project.open_project import OpenProject

Handler = Callable[[argparse.Namespace, TextIO], int]

ENCODINGS = ("auto", "utf-8", "gb18030", "utf-16")


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
    e = sub.add_parser("export", help=_("export a shooting script, a translator packet, a "
                                        "dialogue list or the glossary"))
    e.add_argument("file", type=Path, help=_("the .kiln project"))
    e.add_argument("--what", choices=DOCUMENTS, default=SHOOTING_SCRIPT)
    e.add_argument("--format", choices=tuple(WRITERS), required=True)
    e.add_argument("--lang", default="", help=_("language of the export (a packet's target)"))
    e.add_argument("--episodes", type=_episode_range, help=_("episode range, e.g. 1-3"))
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
    return {"import": _import, "export": _export, "translations": _translations,
            "glossary": _glossary}


def _export(args: argparse.Namespace, out: TextIO) -> int:
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
    # issuing keeps a draft in the file (and locks its scene numbers the first time)
    with OpenProject.open(args.file, read_only=not args.issue, backup=args.issue) as project:
        export(project, opts, args.out)
    print(_("Exported {path}.").format(path=args.out), file=out)
    return 0


def _import(args: argparse.Namespace, out: TextIO) -> int:
    if args.out.suffix != ".kiln":
        print(
            _("kiln: the project file must end in .kiln: {path}").format(path=args.out),
            file=sys.stderr,
        )
        return 2
    report = import_script(args.source, args.out, args.format, args.encoding)
    if report.encoding:
        print(_("Read {source} as {encoding}.").format(source=args.source,
                                                       encoding=report.encoding), file=out)
    for problem in report.lines():
        print(
            _("kiln: warning: {path}: {problem}").format(path=args.source, problem=problem),
            file=sys.stderr,
        )
    print(_("Imported {source} into {path}.").format(source=args.source, path=args.out), file=out)
    return 0


def _translations(args: argparse.Namespace, out: TextIO) -> int:
    with OpenProject.open(args.file) as project:
        result = import_xliff(project, args.xliff, args.translator)
    for problem in result.problem_lines():
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


def _glossary(args: argparse.Namespace, out: TextIO) -> int:
    with OpenProject.open(args.file) as project:
        result = import_tbx(project, args.tbx)
    for term in result.unknown:
        print(_("kiln: warning: {path}: {term} is not in the glossary; add it first.").format(
            path=args.tbx, term=term), file=sys.stderr)
    print(ngettext("Merged {n} rendering from {path}.", "Merged {n} renderings from {path}.",
                   result.updated).format(n=result.updated, path=args.tbx), file=out)
    return 0
