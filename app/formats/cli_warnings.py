"""The warnings ``kiln import`` and ``kiln export`` of a script print for the lines a reader
could not place (a module of its own, so neither command loads the other's code for it)."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from app.core.controls import for_terminal
from app.core.i18n import _
from app.formats.common import ImportReport

logger = logging.getLogger(__name__)


def warn_unplaced(source: Path, report: ImportReport) -> None:
    """Print the lines a reader could not place, one warning each (the file's name and words
    escaped, so an ESC sequence or a bidi override in them cannot drive the terminal)."""
    for problem in report.lines():
        print(
            _("kiln: warning: {path}: {problem}").format(path=for_terminal(str(source)),
                                                         problem=for_terminal(problem)),
            file=sys.stderr,
        )
