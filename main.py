"""Kiln's entry point: runs a command-line command, or opens the window.

``python main.py`` (or the ``kiln`` console script) with no command opens the window, with a
``.kiln`` file argument opens that project; ``--version``, ``--self-test`` and the commands of
``app.cli`` run headless.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from types import ModuleType

import app
from app.core.i18n import _, set_language
from app.store.preferences import interface_language

#: The commands of ``app.cli``, listed here so that choosing between the window and the command
#: line imports nothing heavy (building the parser imports every feature's commands module).
#: ``tests/unit/test_cli.py`` checks this list against the real parser.
COMMAND_NAMES = frozenset({
    "compare", "demo", "detect", "drafts", "export", "fit", "glossary", "heritage", "import",
    "new", "notes", "recover", "rhythm", "stats", "studio", "translations",
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


def _command_line(argv: Sequence[str]) -> int:
    """Run a command (SQLAlchemy and the feature commands load only for the command line)."""
    from app.cli import main as cli  # not on the window's start-up path

    return cli.run(argv)


def _window() -> ModuleType:
    """The window's module (Qt loads only for the window)."""
    import ui.application  # Qt is not on the command line's start-up path

    return ui.application


def _self_test() -> int:
    """The core checks, then the window opened offscreen with the sample project."""
    status = _command_line(["--self-test"])
    ok = _window().window_self_test()
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
    if argv == ["--version"]:  # answered without building the parser
        print(f"Kiln {app.__version__}")
        return 0
    if _wants_window(argv):
        return _window().run_window(argv)
    return _command_line(argv)


if __name__ == "__main__":
    sys.exit(main())
