"""Kiln's command line (Qt-free). ``main.py`` and the ``kiln`` console script call ``run``.

Errors are one sentence on stderr naming the file and the fix, with exit status 1; usage
mistakes exit with 2 (argparse's convention).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TextIO

from app import __version__
from app.cli.selftest import run_core_checks
from app.cli.terminal import Escaped
from app.core.enums import ScriptLayout
from app.core.i18n import _, ngettext
from app.features.heritage import cli as heritage_cli
from app.features.notes import cli as notes_cli
from app.features.rhythm import cli as rhythm_cli
from app.features.studio import cli as studio_cli
from app.formats import cli as formats_cli
from app.formats import drafts_cli
from app.formats.sample import write_sample
from app.project import recover
from app.project.errors import USER_ERRORS, CommandError
from app.project.open_project import OpenProject, new_project
from app.store.presets import studio_defaults

logger = logging.getLogger(__name__)

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2

Handler = Callable[[argparse.Namespace, TextIO], int]

#: The packages that add commands: each has ``add_commands(subparsers) -> {name: handler}``.
#: (spaCy and reportlab are imported by the code that uses them, so these stay light.)
FEATURE_COMMANDS = (formats_cli, drafts_cli, heritage_cli, notes_cli, rhythm_cli, studio_cli,
                    recover)


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


def _parser_and_handlers() -> tuple[argparse.ArgumentParser, dict[str, Handler]]:
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    handlers = dict(HANDLERS)
    for module in FEATURE_COMMANDS:
        handlers.update(module.add_commands(sub))
    return parser, handlers


def command_names() -> frozenset[str]:
    """Every command the command line knows (main.py opens the window for anything else)."""
    return frozenset(_parser_and_handlers()[1])


def _demo(args: argparse.Namespace, out: TextIO) -> int:
    _require_kiln_suffix(args.out)
    write_sample(args.out, overwrite=args.force)
    print(_("Wrote the sample project to {path}.").format(path=args.out), file=out)
    return EXIT_OK


def _new(args: argparse.Namespace, out: TextIO) -> int:
    _require_kiln_suffix(args.file)
    if not args.title.strip():
        raise CommandError(_("A project needs a title; pass --title."))
    if not 0 <= args.episodes <= 1000:
        raise CommandError(_("--episodes must be between 0 and 1000."))
    preset = studio_defaults()
    new_project(
        args.file,
        title=args.title.strip(),
        layout=ScriptLayout(args.layout) if args.layout else preset.layout,
        source_language=args.lang or preset.source_language,
        target_languages=preset.target_languages,
        episodes=args.episodes,
    )
    print(_("Created {path}.").format(path=args.file), file=out)
    return EXIT_OK


def _stats(args: argparse.Namespace, out: TextIO) -> int:
    with OpenProject.open(args.file, read_only=True) as project:
        stats = project.stats()
    if args.json:
        payload = {
            "title": stats.title,
            "logline": stats.logline,
            "characters": stats.characters,
            "episodes": [vars(e) | {} for e in stats.episodes],
            "totals": {
                "episodes": len(stats.episodes),
                "characters": stats.characters,
                "scenes": stats.scenes,
                "beats": stats.beats,
                "parked_beats": stats.parked_beats,
                "dialogue_lines": stats.dialogue_lines,
                "estimated_seconds": round(stats.estimated_seconds, 1),
            },
        }
        json.dump(payload, out, ensure_ascii=False, indent=2)
        out.write("\n")
        return EXIT_OK
    print(stats.title, file=out)
    if stats.logline:
        print(stats.logline, file=out)
    header = _("Episode  Scenes  Beats  Lines  Seconds  Target")
    print(header, file=out)
    for e in stats.episodes:
        print(
            f"{e.number:>7}  {e.scenes:>6}  {e.beats:>5}  {e.dialogue_lines:>5}  "
            f"{e.estimated_seconds:>7.1f}  {e.target_seconds:>6}",
            file=out,
        )
    print(
        _(
            "Total: {episodes} episodes, {scenes} scenes, {beats} beats, {lines} dialogue lines, "
            "{characters} characters, {seconds:.0f} s"
        ).format(
            episodes=len(stats.episodes),
            characters=stats.characters,
            scenes=stats.scenes,
            beats=stats.beats,
            lines=stats.dialogue_lines,
            seconds=stats.estimated_seconds,
        ),
        file=out,
    )
    return EXIT_OK


def _require_kiln_suffix(path: Path) -> None:
    if path.suffix.lower() != ".kiln":
        raise CommandError(
            _("{path} should end in .kiln; Kiln projects use that extension.").format(path=path)
        )


def _self_test(out: TextIO) -> int:
    def report(name: str, ok: bool, detail: str) -> None:
        mark = _("ok") if ok else _("FAILED")
        print(f"{mark}: {name}{' — ' + detail if detail else ''}", file=out)

    return EXIT_OK if run_core_checks(report) else EXIT_ERROR


HANDLERS: dict[str, Handler] = {
    "demo": _demo,
    "new": _new,
    "stats": _stats,
}


def run(argv: Sequence[str], out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Run one command line; returns the exit status."""
    out = Escaped(out or sys.stdout)
    err = Escaped(err or sys.stderr)
    # Handlers that warn on sys.stderr directly get the same escaping.
    with contextlib.redirect_stderr(err):
        return _run(argv, out, err)


def _run(argv: Sequence[str], out: TextIO, err: TextIO) -> int:
    _speak_argparse()
    parser, handlers = _parser_and_handlers()
    try:
        args = parser.parse_args(list(argv))
    except SystemExit as exc:  # argparse exits on --help, --version and usage errors
        return int(exc.code or 0)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    if args.self_test:
        return _self_test(out)
    if args.command is None:
        parser.print_usage(err)
        return EXIT_USAGE
    try:
        return handlers[args.command](args, out)
    except USER_ERRORS as exc:
        print(_("kiln: {message}").format(message=exc), file=err)
        return EXIT_ERROR
    except BrokenPipeError:
        # The reader went away (`kiln stats FILE | head`): stop quietly, as other tools do.
        _silence_stdout()
        return EXIT_ERROR


def _silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush cannot fail again."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
