"""The command-line words of app.features.heritage (registered by app.cli): ``heritage
search|import|export`` on the library in the user data folder, and ``detect`` (the library
terms found in a project's script).

Only the parser: what the commands do is in ``app.features.heritage.cli``, imported when one runs
(spaCy only by ``detect``).
"""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

from app.core.i18n import _

logger = logging.getLogger(__name__)


def add_commands(sub: argparse._SubParsersAction) -> dict[str, str]:
    """Add this feature's subcommands to ``sub``; return their handlers' names' names by command."""
    heritage = sub.add_parser("heritage", help=_("search, import or export the heritage library"))
    actions = heritage.add_subparsers(dest="heritage_command", metavar=_("ACTION"))

    search = actions.add_parser("search", help=_("search the library"))
    search.add_argument("query", help=_("words in any language (may be empty with filters)"))
    search.add_argument("--json", action="store_true", help=_("print JSON"))
    search.add_argument("--domain", help=_("UNESCO domain, e.g. traditional_craftsmanship"))
    search.add_argument("--category", help=_("China's national category, e.g. folk_customs"))
    search.add_argument("--country", help=_("ISO country code, e.g. CN"))
    search.add_argument(
        "--list",
        dest="inscription_list",
        choices=["masterpiece", "representative", "urgent", "good_practices", "national"],
        help=_("the list an entry is on"),
    )
    search.add_argument("--from", dest="year_from", type=int, help=_("inscribed in or after"))
    search.add_argument("--to", dest="year_to", type=int, help=_("inscribed in or before"))
    search.add_argument("--limit", type=int, default=20, help=_("at most this many results"))

    imp = actions.add_parser("import", help=_("import entries from a JSON or CSV file"))
    imp.add_argument("file", type=Path, help=_("the .json or .csv file"))

    exp = actions.add_parser("export", help=_("export the library"))
    exp.add_argument("--format", choices=["json", "csv"], required=True, help=_("file format"))
    exp.add_argument("--out", type=Path, required=True, help=_("the file to write"))

    detect = sub.add_parser("detect", help=_("list heritage terms found in a project, per scene"))
    detect.add_argument("file", type=Path, help=_("the .kiln file to read"))
    detect.add_argument("--json", action="store_true", help=_("print JSON"))
    return {"heritage": "app.features.heritage.cli:heritage_command",
            "detect": "app.features.heritage.cli:detect_command"}
