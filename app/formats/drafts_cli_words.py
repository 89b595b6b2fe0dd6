"""The command-line words of drafts and revisions (registered by app.cli): ``drafts save``,
``drafts list``, ``drafts compare``, ``drafts restore``, ``drafts delete``, ``drafts lock``,
``drafts unlock`` and ``compare OLD.kiln NEW.kiln``.

Only the parser lives here: building it imports no database or writer code. What each command
does is in ``app.formats.drafts_cli``, which app.cli imports by name only when one runs.
"""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

from app.core.i18n import _
from app.formats.names import REPORT_FORMATS

logger = logging.getLogger(__name__)

#: The module whose functions run these commands (imported only when one runs).
HANDLERS = "app.formats.drafts_cli"


def add_commands(sub: argparse._SubParsersAction) -> dict[str, str]:
    """Add these subcommands to ``sub``; return their handlers' names by command."""
    drafts = sub.add_parser("drafts", help=_("save, list, compare and restore named drafts"))
    actions = drafts.add_subparsers(dest="drafts_command", metavar=_("ACTION"), required=True)
    save = actions.add_parser("save", help=_("keep the script as it is now as a named draft"))
    save.add_argument("file", type=Path, help=_("the .kiln project"))
    save.add_argument("--name", required=True, help=_("the draft's name"))
    save.add_argument("--note", default="", help=_("a note on what this draft is"))
    listing = actions.add_parser("list", help=_("list the project's drafts"))
    listing.add_argument("file", type=Path, help=_("the .kiln project"))
    listing.add_argument("--json", action="store_true", help=_("print JSON"))
    comp = actions.add_parser("compare", help=_("report what changed between two drafts, or a "
                                                "draft and the script now"))
    comp.add_argument("file", type=Path, help=_("the .kiln project"))
    comp.add_argument("--from", dest="start", required=True, metavar="NAME",
                      help=_("the older draft"))
    comp.add_argument("--to", dest="end", default="", metavar="NAME",
                      help=_("the newer draft (default: the script now)"))
    _report_arguments(comp)
    restore = actions.add_parser("restore", help=_("make the script a draft again (one undo "
                                                   "step), kept as a new draft"))
    restore.add_argument("file", type=Path, help=_("the .kiln project"))
    restore.add_argument("--name", required=True, help=_("the draft to restore"))
    restore.add_argument("--as", dest="save_as", default=None, metavar="NEW",
                         help=_("the new draft's name (default: “NAME (restored)”)"))
    delete = actions.add_parser("delete", help=_("remove a draft"))
    delete.add_argument("file", type=Path, help=_("the .kiln project"))
    delete.add_argument("--name", required=True, help=_("the draft to remove"))
    for name, text in (("lock", _("lock the scene numbers (revision mode)")),
                       ("unlock", _("number the scenes by their place again"))):
        locking = actions.add_parser(name, help=text)
        locking.add_argument("file", type=Path, help=_("the .kiln project"))

    pair = sub.add_parser("compare", help=_("report what changed between two project files"))
    pair.add_argument("old", type=Path, help=_("the older .kiln project"))
    pair.add_argument("new", type=Path, help=_("the newer .kiln project"))
    _report_arguments(pair)
    return {"drafts": f"{HANDLERS}:drafts_command", "compare": f"{HANDLERS}:compare_command"}


def _report_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=REPORT_FORMATS, required=True)
    parser.add_argument("--lang", default="", help=_("language of the report (default: the "
                                                     "script's)"))
    parser.add_argument("--out", type=Path, required=True, help=_("the file to write"))
