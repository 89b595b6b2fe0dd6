"""What ``kiln import`` does: a script to a new project file.

Its words are in ``app.formats.cli_words``. ``import SOURCE --out FILE.kiln`` makes a project
from a Fountain, Final Draft, Chinese plain-text, Word or project JSON script through
``app.formats.importing``, which writes the file with plain sqlite3: the command loads neither
SQLAlchemy nor the export writers.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path
from typing import TextIO

from app.core.controls import for_terminal
from app.core.i18n import _
from app.formats.common import ImportReport
from app.formats.importing import import_script

logger = logging.getLogger(__name__)


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
    warn_unplaced(args.source, report)
    print(_("Imported {source} into {path}.").format(source=source, path=target), file=out)
    return 0


def warn_unplaced(source: Path, report: ImportReport) -> None:
    """Print the lines a reader could not place, one warning each (the file's name and words
    escaped, so an ESC sequence or a bidi override in them cannot drive the terminal); ``kiln
    export`` of a script prints its warnings the same way."""
    for problem in report.lines():
        print(
            _("kiln: warning: {path}: {problem}").format(path=for_terminal(str(source)),
                                                         problem=for_terminal(problem)),
            file=sys.stderr,
        )
