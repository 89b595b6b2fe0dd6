"""The command-line words of ``kiln recover`` (registered by app.cli).

Only the parser: what the command does is ``app.project.recover.recover_command``, imported
when it runs.
"""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

from app.core.i18n import _

logger = logging.getLogger(__name__)


def add_commands(sub: argparse._SubParsersAction) -> dict[str, str]:
    """Add ``recover`` to the command line."""
    cmd = sub.add_parser(
        "recover", help=_("write the newest good backup of a damaged project to a new file")
    )
    cmd.add_argument("file", type=Path, help=_("the damaged .kiln file (never changed)"))
    cmd.add_argument(
        "--out", type=Path, default=None,
        help=_("the new .kiln file to write (default: NAME-recovered-DATE.kiln beside it)"),
    )
    cmd.add_argument(
        "--as-is", action="store_true",
        help=_("accept a project another program changed on purpose, as it is now (only when "
               "Kiln's message offers it)"),
    )
    return {"recover": "app.project.recover:recover_command"}
