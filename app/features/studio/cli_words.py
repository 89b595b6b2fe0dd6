"""The command-line words of the studio (registered by app.cli): ``kiln studio init|user|projects|
publish|clone|sync|status|library|log``.

Only the parser: what the commands do is in ``app.features.studio.cli``, imported when one runs
(psycopg only then).
"""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

from app.core.i18n import _
from app.features.studio.role_names import StudioRole

logger = logging.getLogger(__name__)


def add_commands(sub: argparse._SubParsersAction) -> dict[str, str]:
    """Add this feature's subcommands to ``sub``; return their handlers' names' names by command."""
    studio = sub.add_parser("studio", help=_("share projects through a studio server"))
    actions = studio.add_subparsers(dest="studio_command", metavar=_("ACTION"), required=True)

    init = actions.add_parser("init", help=_("make a PostgreSQL database a studio"))
    init.add_argument("url", help=_("the database, as postgresql://OWNER@SERVER/DATABASE"))

    user = actions.add_parser("user", help=_("manage the studio's members"))
    user_actions = user.add_subparsers(dest="user_command", metavar=_("ACTION"), required=True)
    add = user_actions.add_parser("add", help=_("give someone a login in a role"))
    add.add_argument("url", help=_("the studio, as an admin: postgresql://ADMIN@SERVER/DATABASE"))
    add.add_argument("name", help=_("the new member's login name"))
    add.add_argument("--role", required=True, choices=[r.value for r in StudioRole],
                     help=_("what the member may change"))
    add.add_argument("--lang", action="append", default=[],
                     help=_("a language a translator works in (repeat for each)"))
    add.add_argument("--password-stdin", action="store_true",
                     help=_("read the new member's password from standard input"))

    projects = actions.add_parser("projects", help=_("list the studio's projects"))
    projects.add_argument("url", help=_("the studio"))

    publish = actions.add_parser("publish", help=_("put a project on the studio server"))
    publish.add_argument("file", type=Path, help=_("the .kiln project"))
    publish.add_argument("url", help=_("the studio, as an admin"))
    publish.add_argument("--name", help=_("the project's name on the server (default: file name)"))

    clone = actions.add_parser("clone", help=_("copy a studio project to this computer"))
    clone.add_argument("url", help=_("the studio"))
    clone.add_argument("project", help=_("the project's name on the server"))
    clone.add_argument("--out", required=True, type=Path, help=_("the .kiln file to write"))

    sync = actions.add_parser("sync", help=_("send your edits and fetch everyone else's"))
    sync.add_argument("file", type=Path, help=_("the linked .kiln project"))

    status = actions.add_parser("status", help=_("what is waiting to be sent or fetched"))
    status.add_argument("file", type=Path, help=_("the linked .kiln project"))
    status.add_argument("--json", action="store_true", help=_("print JSON"))
    status.add_argument("--offline", action="store_true", help=_("do not ask the server"))

    library = actions.add_parser("library", help=_("the studio's shared heritage library"))
    lib_actions = library.add_subparsers(dest="library_command", metavar=_("ACTION"),
                                         required=True)
    lib_publish = lib_actions.add_parser(
        "publish", help=_("put every entry of this computer's library on the studio server"))
    lib_publish.add_argument("url", help=_("the studio"))
    lib_sync = lib_actions.add_parser(
        "sync", help=_("send this computer's edited entries and copy the studio's newer ones"))
    lib_sync.add_argument("url", help=_("the studio"))
    lib_search = lib_actions.add_parser("search", help=_("search the studio's library"))
    lib_search.add_argument("url", help=_("the studio"))
    lib_search.add_argument("query", help=_("words in any language"))
    lib_search.add_argument("--reviewed", action="store_true",
                            help=_("only entries a consultant has reviewed"))
    lib_search.add_argument("--limit", type=int, default=20, help=_("at most this many results"))

    log = actions.add_parser("log", help=_("who changed what, scene by scene"))
    log.add_argument("file", type=Path, help=_("the linked .kiln project"))
    log.add_argument("--json", action="store_true", help=_("print JSON"))
    log.add_argument("--limit", type=int, default=None, help=_("only the newest changes"))
    return {"studio": "app.features.studio.cli:studio_command"}
