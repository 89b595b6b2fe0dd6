"""Kiln's entry point: runs a command-line command, or opens the window.

``python main.py`` (or the ``kiln`` console script) with no command opens the window, with a
``.kiln`` file argument opens that project; ``--version``, ``--self-test`` and the commands of
``app.cli`` run headless.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

from app.core.i18n import _, set_language
from app.store.preferences import interface_language

#: The commands of ``app.cli``, listed here so that choosing between the window and the command
#: line imports nothing heavy (building the parser imports every feature's commands module).
#: ``tests/unit/test_cli.py`` checks this list against the real parser.
COMMAND_NAMES = frozenset({
    "demo", "detect", "export", "heritage", "import", "new", "notes", "recover", "stats",
    "translations",
})


def _wants_window(argv: Sequence[str]) -> bool:
    """The window for no arguments or a project to open; the command line for the rest, so a
    mistyped command (``kiln exprt``) or option gets argparse's explanation, not a window."""
    if any(arg in ("-h", "--help", "--version", "--self-test") for arg in argv):
        return False
    positional = [arg for arg in argv if not arg.startswith("-")]
    if not positional:
        return not argv
    first = positional[0]
    if first in COMMAND_NAMES:
        return False
    return first.lower().endswith(".kiln") or os.path.isfile(first)


def _self_test() -> int:
    """The core checks, then the window opened offscreen with the sample project."""
    from app.cli import main as cli

    status = cli.run(["--self-test"])
    from ui.application import window_self_test

    ok = window_self_test()
    mark = _("ok") if ok else _("FAILED")
    check = _("open the window offscreen")
    print(f"{mark}: {check}")
    return status or (0 if ok else 1)


def main(argv: Sequence[str] | None = None) -> int:
    """Run Kiln with ``argv`` (default: the process arguments) and return the exit status."""
    argv = list(sys.argv[1:] if argv is None else argv)
    set_language(interface_language())  # KILN_LANG, else Edit ▸ Preferences, else the system
    if "--self-test" in argv:
        return _self_test()
    if _wants_window(argv):
        from ui.application import run_window

        return run_window(argv)
    from app.cli import (
        main as cli,  # SQLAlchemy and the feature commands: only for the command line
    )

    return cli.run(argv)


if __name__ == "__main__":
    sys.exit(main())
