"""Kiln's entry point: runs a command-line command, or opens the window.

``python main.py`` (or the ``kiln`` console script) with no command opens the window, with a
``.kiln`` file argument opens that project; ``--version``, ``--self-test`` and the commands of
``app.cli`` run headless.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from app import cli
from app.i18n import _, language_from_environment, set_language


def _wants_window(argv: Sequence[str]) -> bool:
    if any(arg in ("-h", "--help", "--version", "--self-test") for arg in argv):
        return False
    positional = [arg for arg in argv if not arg.startswith("-")]
    return not positional or positional[0] not in cli.command_names()


def _self_test() -> int:
    """The core checks, then the window opened offscreen with the sample project."""
    status = cli.run(["--self-test"])
    from ui.application import window_self_test

    ok = window_self_test()
    mark = _("ok") if ok else _("FAILED")
    print(f"{mark}: {_('open the window offscreen')}")
    return status or (0 if ok else 1)


def main(argv: Sequence[str] | None = None) -> int:
    """Run Kiln with ``argv`` (default: the process arguments) and return the exit status."""
    argv = list(sys.argv[1:] if argv is None else argv)
    set_language(language_from_environment())
    if "--self-test" in argv:
        return _self_test()
    if _wants_window(argv):
        from ui.application import run_window

        return run_window(argv)
    return cli.run(argv)


if __name__ == "__main__":
    sys.exit(main())
