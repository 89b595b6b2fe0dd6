"""Command-line commands of app.features.notes (registered by app.cli): review packets in and out.

``kiln notes export FILE.kiln --out PACKET`` writes every note of a project to a review packet;
``kiln notes import FILE.kiln PACKET`` merges a packet's notes into the project.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from app.core.i18n import _, ngettext
from app.features.notes.packets import export_packet, import_packet
from app.project.open_project import OpenProject
from app.store.profile import load_profile

Handler = Callable[[argparse.Namespace, TextIO], int]


def add_commands(sub: argparse._SubParsersAction) -> dict[str, Handler]:
    """Add this feature's subcommands to ``sub``; return their handlers by name."""
    notes = sub.add_parser("notes", help=_("export or import consultants' review notes"))
    actions = notes.add_subparsers(dest="notes_command", metavar=_("ACTION"), required=True)
    export = actions.add_parser("export", help=_("write the project's notes to a review packet"))
    export.add_argument("file", type=Path, help=_("the .kiln project"))
    export.add_argument("--out", required=True, type=Path, help=_("the packet (.json) to write"))
    imp = actions.add_parser("import", help=_("merge a review packet's notes into the project"))
    imp.add_argument("file", type=Path, help=_("the .kiln project"))
    imp.add_argument("packet", type=Path, help=_("the review packet (.json) to read"))
    return {"notes": _notes}


def _notes(args: argparse.Namespace, out: TextIO) -> int:
    profile = load_profile()
    if args.notes_command == "export":
        with OpenProject.open(args.file, read_only=True) as project:
            count = export_packet(
                project, args.out, {"name": profile.name, "role": profile.role.value}
            )
        print(ngettext("Exported {count} note to {path}.", "Exported {count} notes to {path}.",
                       count).format(count=count, path=args.out), file=out)
        return 0
    with OpenProject.open(args.file) as project:
        report = import_packet(project, args.packet)
    print(report.describe(), file=out)
    return 0
