"""Kiln's command line (Qt-free). ``main.py`` and the ``kiln`` console script call ``run``.

Choosing what to do is light: the parser's words come from this module and each package's
``cli_words`` module (argparse and plain names only), and each command names its handler as
``"module:function"``. ``resolve`` imports only the chosen command's module, so ``kiln stats``
never loads psycopg, spaCy or reportlab, and ``kiln --help`` no SQLAlchemy either
(``tests/unit/test_cli_lazy.py`` checks both, and that every named handler resolves).

Errors are one sentence on stderr naming the file and the fix, with exit status 1; usage
mistakes exit with 2 (argparse's convention).
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TextIO

from app import __version__
from app.cli.terminal import Escaped
from app.core.controls import for_terminal
from app.core.enums import ScriptLayout
from app.core.i18n import _, ngettext
from app.features.heritage import cli_words as heritage_words
from app.features.notes import cli_words as notes_words
from app.features.rhythm import cli_words as rhythm_words
from app.features.studio import cli_words as studio_words
from app.formats import cli_words as formats_words
from app.formats import drafts_cli_words as drafts_words
from app.project import recover_words
from app.project.errors import USER_ERRORS

logger = logging.getLogger(__name__)

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2

Handler = Callable[[argparse.Namespace, TextIO], int]

#: The packages that add commands: each has ``add_commands(subparsers)``, returning
#: ``{name: "module:function"}``, and imports nothing heavier than argparse and names (its
#: handlers' module is imported by ``resolve`` when the command runs).
FEATURE_COMMANDS = (formats_words, drafts_words, heritage_words, notes_words, rhythm_words,
                    studio_words,
                    recover_words)

#: The core commands' handlers, by name (their words are in ``build_parser``).
HANDLERS: dict[str, str] = {
    "demo": "app.cli.basics:demo_command",
    "new": "app.cli.basics:new_command",
    "stats": "app.cli.stats:stats_command",
}
#: ``kiln --self-test``: the core checks (every feature).
SELF_TEST = "app.cli.selftest:self_test_command"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kiln",
        description=_("Kiln: write heritage micro-dramas. Without a command, opens the window."),
    )
    parser.add_argument("--version", action="version", version=f"Kiln {__version__}",
                        help=_("show Kiln's version number and exit"))
    parser.add_argument(
        "--self-test",
        action="store_true",
        help=_("check that this installation works, without a screen"),
    )
    parser.add_argument("-v", "--verbose", action="store_true", help=_("log what Kiln does"))
    sub = parser.add_subparsers(dest="command", metavar=_("COMMAND"))

    demo = sub.add_parser("demo", help=_("write the bundled sample project"))
    demo.add_argument("--out", required=True, type=Path, help=_("the .kiln file to write"))
    demo.add_argument("--force", action="store_true", help=_("replace the file if it exists"))

    new = sub.add_parser("new", help=_("create an empty project"))
    new.add_argument("file", type=Path, help=_("the .kiln file to create"))
    new.add_argument("--title", required=True, help=_("the series title"))
    new.add_argument(
        "--layout",
        choices=[m.value for m in ScriptLayout],
        default=None,
        help=_("script layout: zh (Chinese) or hollywood; default from the studio preset, or zh"),
    )
    new.add_argument("--lang", default=None, help=_("source language (BCP-47), default zh-Hans"))
    new.add_argument("--episodes", type=int, default=1, help=_("number of empty episodes"))

    stats = sub.add_parser("stats", help=_("count episodes, scenes, beats, lines and seconds"))
    stats.add_argument("file", type=Path, help=_("the .kiln file to read"))
    stats.add_argument("--json", action="store_true", help=_("print JSON"))
    return parser


def _speak_argparse() -> None:
    """Let argparse's own words (``usage:``, ``error:``) come from Kiln's catalogs: argparse
    looks its module-level ``_`` and ``ngettext`` up when it prints, so pointing them at Kiln's
    is enough (the words themselves are listed in ``app.cli.argparse_words``)."""
    argparse._ = _  # type: ignore[attr-defined]
    argparse.ngettext = ngettext  # type: ignore[attr-defined]


def parser_and_handlers() -> tuple[argparse.ArgumentParser, dict[str, str]]:
    """The whole parser, and each command's handler as ``"module:function"``."""
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    handlers = dict(HANDLERS)
    for module in FEATURE_COMMANDS:
        handlers.update(module.add_commands(sub))
    return parser, handlers


def command_names() -> frozenset[str]:
    """Every command the command line knows (main.py opens the window for anything else)."""
    return frozenset(parser_and_handlers()[1])


def resolve(name: str) -> Handler:
    """The handler named ``"module:function"``, its module imported now.

    The one place the command line imports code by name: only the command that runs pays for
    its module (SQLAlchemy, psycopg, spaCy, reportlab …). Every name is in ``app`` (app.cli or
    a layer below it; never ``ui``), which the tests check for each registered handler.
    """
    module_name, _sep, function = name.partition(":")
    if not module_name.startswith("app.") or not function:
        raise ValueError(f"a command handler is named 'app.module:function', not {name!r}")
    module = importlib.import_module(module_name)  # the chosen command's module, by name
    handler: Handler = getattr(module, function)
    return handler


def run(argv: Sequence[str], out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Run one command line; returns the exit status."""
    out = Escaped(out or sys.stdout)
    err = Escaped(err or sys.stderr)
    # Handlers that warn on sys.stderr directly get the same escaping.
    with contextlib.redirect_stderr(err):
        return _run(argv, out, err)


def _run(argv: Sequence[str], out: TextIO, err: TextIO) -> int:
    _speak_argparse()
    parser, handlers = parser_and_handlers()
    try:
        args = parser.parse_args(list(argv))
    except SystemExit as exc:  # argparse exits on --help, --version and usage errors
        return int(exc.code or 0)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    if args.self_test:
        chosen = SELF_TEST
    elif args.command is None:
        parser.print_usage(err)
        return EXIT_USAGE
    else:
        chosen = handlers[args.command]
    try:
        return resolve(chosen)(args, out)
    except USER_ERRORS as exc:
        # Messages name the user's files: escaped, so an ESC in a file name stays text.
        print(_("kiln: {message}").format(message=for_terminal(str(exc), keep_newlines=True)),
              file=err)
        return EXIT_ERROR
    except BrokenPipeError:
        # The reader went away (`kiln stats FILE | head`): stop quietly, as other tools do.
        _silence_stdout()
        return EXIT_ERROR


def _silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush cannot fail again."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
