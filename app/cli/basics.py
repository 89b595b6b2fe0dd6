"""What ``kiln demo`` and ``kiln new`` do. Their words are in ``app.cli.main``, which imports
this module by name only when one of them runs (it brings SQLAlchemy).
"""

from __future__ import annotations

import argparse
import logging
from pathlib import Path
from typing import TextIO

from app.core.enums import ScriptLayout
from app.core.i18n import _
from app.formats.sample import write_sample
from app.project.errors import CommandError
from app.project.open_project import new_project
from app.store.presets import studio_defaults

logger = logging.getLogger(__name__)


def demo_command(args: argparse.Namespace, out: TextIO) -> int:
    """``kiln demo``: write the sample project."""
    _require_kiln_suffix(args.out)
    write_sample(args.out, overwrite=args.force)
    print(_("Wrote the sample project to {path}.").format(path=args.out), file=out)
    return 0


def new_command(args: argparse.Namespace, out: TextIO) -> int:
    """``kiln new``: an empty project."""
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
    return 0


def _require_kiln_suffix(path: Path) -> None:
    if path.suffix.lower() != ".kiln":
        raise CommandError(
            _("{path} should end in .kiln; Kiln projects use that extension.").format(path=path)
        )
