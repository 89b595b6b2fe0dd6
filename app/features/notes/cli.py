"""What the command-line commands of app.features.notes do: review packets in and out.

The words are in ``app.features.notes.cli_words``; app.cli imports this module by name only when
``kiln notes`` runs.

``kiln notes export FILE.kiln --out PACKET`` writes every note of a project to a review packet;
``kiln notes import FILE.kiln PACKET`` merges a packet's notes into the project.
"""

from __future__ import annotations

import argparse
from typing import TextIO

from app.core.i18n import ngettext
from app.features.notes.packets import export_packet, import_packet
from app.project.open_project import OpenProject
from app.store.profile import load_profile


def notes_command(args: argparse.Namespace, out: TextIO) -> int:
    """``kiln notes export|import``."""
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
