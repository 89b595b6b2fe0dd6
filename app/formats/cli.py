"""What the command-line commands of app.formats do: files in and out.

The words (the parser) are in ``app.formats.cli_words``; app.cli imports this module by name only
when one of its commands runs. ``translations import FILE.kiln XLIFF`` fills line translations
from a translated XLIFF file; ``glossary import FILE.kiln GLOSSARY.tbx`` merges renderings from a
TBX file. ``import`` is in ``app.formats.cli_import`` and ``export`` in
``app.formats.cli_export``: each loads only what it needs.
"""

from __future__ import annotations

import argparse
import logging
import sys
from typing import TextIO

from app.core.controls import for_terminal
from app.core.i18n import _, ngettext
from app.formats.tbx import import_tbx
from app.formats.xliff import import_xliff
from app.project.open_project import OpenProject

logger = logging.getLogger(__name__)

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
