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
from typing import TextIO

from app.core.controls import for_terminal
from app.core.i18n import _
from app.formats.cli_warnings import warn_unplaced
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

