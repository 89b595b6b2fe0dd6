"""The command-line words of the series rhythm (registered by app.cli): ``rhythm FILE [--preset
NAME] [--json]`` and ``fit FILE --lang L [--json]``.

Only the parser: what the commands do is in ``app.features.rhythm.cli``, imported when one runs.
"""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

from app.core.i18n import _
from app.features.rhythm.preset_names import preset_names

logger = logging.getLogger(__name__)


def add_commands(sub: argparse._SubParsersAction) -> dict[str, str]:
    """Add ``rhythm`` and ``fit``; return their handlers' names' names by command."""
    r = sub.add_parser("rhythm", help=_("check hooks, cliffhangers, setups, payoffs and the "
                                        "paywall against a rhythm preset"))
    r.add_argument("file", type=Path, help=_("the .kiln project"))
    r.add_argument("--preset", default=None, help=_("check against this preset instead of the "
                                                    "project's ({names})").format(
        names=", ".join(preset_names())))
    r.add_argument("--json", action="store_true", help=_("print JSON"))
    f = sub.add_parser("fit", help=_("check every line against a language's subtitle and dub "
                                     "limits"))
    f.add_argument("file", type=Path, help=_("the .kiln project"))
    f.add_argument("--lang", required=True, help=_("the target language, e.g. ar"))
    f.add_argument("--json", action="store_true", help=_("print JSON"))
    return {"rhythm": "app.features.rhythm.cli:rhythm_command",
            "fit": "app.features.rhythm.cli:fit_command"}
