"""The command-line words of app.features.notes (registered by app.cli): ``kiln notes export
FILE.kiln --out PACKET`` writes every note of a project to a review packet; ``kiln notes import
FILE.kiln PACKET`` merges a packet's notes into the project.

Only the parser: what the commands do is in ``app.features.notes.cli``, imported when one runs.
"""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

from app.core.i18n import _

logger = logging.getLogger(__name__)


def add_commands(sub: argparse._SubParsersAction) -> dict[str, str]:
    """Add this feature's subcommands to ``sub``; return their handlers' names by command."""
    notes = sub.add_parser("notes", help=_("export or import consultants' review notes"))
    actions = notes.add_subparsers(dest="notes_command", metavar=_("ACTION"), required=True)
    export = actions.add_parser("export", help=_("write the project's notes to a review packet"))
    export.add_argument("file", type=Path, help=_("the .kiln project"))
    export.add_argument("--out", required=True, type=Path, help=_("the packet (.json) to write"))
    imp = actions.add_parser("import", help=_("merge a review packet's notes into the project"))
    imp.add_argument("file", type=Path, help=_("the .kiln project"))
    imp.add_argument("packet", type=Path, help=_("the review packet (.json) to read"))
    return {"notes": "app.features.notes.cli:notes_command"}
