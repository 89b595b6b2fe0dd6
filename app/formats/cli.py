"""What the command-line commands of app.formats do: files in and out.

The words (the parser) are in ``app.formats.cli_words``; app.cli imports this module by name only
when one of its commands runs. ``import SOURCE --out FILE.kiln`` makes a project from a Fountain,
Final Draft, Chinese plain-text or Word script; ``export FILE --what … --format … --out OUT``
writes any format of ``app.formats.registry`` (shooting scripts, translator packets, dialogue
lists, subtitle drafts, the glossary) from a ``.kiln`` project, or from a script in one step
(the same reader and writer, with the project kept in memory: no ``.kiln`` is written);
``translations import FILE.kiln XLIFF`` fills line translations from a translated XLIFF file;
``glossary import FILE.kiln GLOSSARY.tbx`` merges renderings from a TBX file.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path
from typing import TextIO

from app.core.controls import for_terminal
from app.core.i18n import _, ngettext
from app.formats.common import ImportReport
from app.formats.document.options import ExportOptions
from app.formats.registry import READERS, convert, export, import_script
from app.formats.tbx import import_tbx
from app.formats.xliff import import_xliff
from app.project.open_project import OpenProject

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
        report = convert(args.file, opts, args.out, encoding=args.encoding)
        _warn(args.file, report)
    else:
        # issuing keeps a draft in the file (and locks its scene numbers the first time)
        with OpenProject.open(args.file, read_only=not args.issue, backup=args.issue) as project:
            export(project, opts, args.out)
    print(_("Exported {path}.").format(path=for_terminal(str(args.out))), file=out)
    return 0


def _warn(source: Path, report: ImportReport) -> None:
    """Print the lines a reader could not place, one warning each (the file's name and words
    escaped, so an ESC sequence or a bidi override in them cannot drive the terminal)."""
    for problem in report.lines():
        print(
            _("kiln: warning: {path}: {problem}").format(path=for_terminal(str(source)),
                                                         problem=for_terminal(problem)),
            file=sys.stderr,
        )


def import_command(args: argparse.Namespace, out: TextIO) -> int:
    """``kiln import``: a script to a new project file."""
    if args.out.suffix != ".kiln":
        print(
            _("kiln: the project file must end in .kiln: {path}").format(path=args.out),
            file=sys.stderr,
        )
        return 2
    report = import_script(args.source, args.out, args.format, args.encoding)
    # The file's name is the user's, not Kiln's: escaped (see _warn).
    source, target = for_terminal(str(args.source)), for_terminal(str(args.out))
    if report.encoding:
        print(_("Read {source} as {encoding}.").format(source=source,
                                                       encoding=report.encoding), file=out)
    _warn(args.source, report)
    print(_("Imported {source} into {path}.").format(source=source, path=target), file=out)
    return 0


def translations_command(args: argparse.Namespace, out: TextIO) -> int:
    """``kiln translations import``: fill line translations from an XLIFF file."""
    with OpenProject.open(args.file) as project:
        result = import_xliff(project, args.xliff, args.translator)
    for problem in result.problem_lines():
        print(
            _("kiln: warning: {path}: {problem}").format(path=for_terminal(str(args.xliff)),
                                                         problem=for_terminal(problem)),
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


def glossary_command(args: argparse.Namespace, out: TextIO) -> int:
    """``kiln glossary import``: merge renderings from a TBX file."""
    with OpenProject.open(args.file) as project:
        result = import_tbx(project, args.tbx)
    for term in result.unknown:
        print(_("kiln: warning: {path}: {term} is not in the glossary; add it first.").format(
            path=args.tbx, term=term), file=sys.stderr)
    print(ngettext("Merged {n} rendering from {path}.", "Merged {n} renderings from {path}.",
                   result.updated).format(n=result.updated, path=args.tbx), file=out)
    return 0
