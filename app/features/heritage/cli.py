"""Command-line commands of app.features.heritage (registered by app.cli).

``heritage search|import|export`` work on the library in the user data folder; ``detect`` lists
the library terms found in a project's script. spaCy is imported only by ``detect``.
"""

from __future__ import annotations

import argparse
import logging
from typing import Any, TextIO

from app.core.i18n import _, ngettext
from app.core.json_text import readable_json
from app.features.heritage.detect import detector_for
from app.features.heritage.library import Library
from app.features.heritage.scan import detect_project
from app.features.heritage.search import Filters
from app.features.heritage.transfer import export_library, import_file
from app.project.open_project import OpenProject

logger = logging.getLogger(__name__)

def heritage_command(args: argparse.Namespace, out: TextIO) -> int:
    action = args.heritage_command
    if action is None:
        print(_("kiln heritage: choose search, import or export."), file=out)
        return 2
    with Library.open() as library:
        if action == "search":
            return _search(library, args, out)
        if action == "import":
            report = import_file(library, args.file)
            print(
                _("Imported {path}: {added} new, {replaced} replaced.").format(
                    path=args.file, added=report.added, replaced=report.replaced
                ),
                file=out,
            )
            return 0
        count = export_library(library, args.out, args.format)
        print(ngettext("Exported {n} entry to {path}.", "Exported {n} entries to {path}.", count)
              .format(n=count, path=args.out), file=out)
        return 0


def _search(library: Any, args: argparse.Namespace, out: TextIO) -> int:
    filters = Filters(
        domain=args.domain,
        category=args.category,
        country=args.country,
        inscription_list=args.inscription_list,
        year_from=args.year_from,
        year_to=args.year_to,
    )
    hits = library.search(args.query, filters, limit=max(1, args.limit))
    if args.json:
        payload = [
            {
                "id": h.entry_id,
                "names": library.get(h.entry_id)["names"],
                "matched": {"field": h.field, "language": h.language, "text": h.matched},
                "rank": h.tier,
                "countries": library.get(h.entry_id)["countries"],
                "inscriptions": library.get(h.entry_id)["inscriptions"],
                "national": library.get(h.entry_id).get("national"),
                "unesco": library.get(h.entry_id).get("unesco"),
                "access": library.get(h.entry_id).get("access"),
            }
            for h in hits
        ]
        out.write(readable_json(payload))
        out.write("\n")
        return 0
    if not hits:
        print(_("No entries match."), file=out)
    for h in hits:
        names = library.get(h.entry_id)["names"]
        print(f"{h.entry_id}  {names.get('zh-Hans', '')}  {names.get('en', '')}", file=out)
    return 0


def detect_command(args: argparse.Namespace, out: TextIO) -> int:
    with Library.open() as library:
        detector = detector_for(library)
        names = {e["id"]: e["names"] for e in library.entries()}
    with OpenProject.open(args.file, read_only=True, backup=False) as project:
        scenes = detect_project(project, detector)
    if args.json:
        payload = [
            {
                "scene": s.number,
                "scene_id": s.scene_id,
                "matches": [
                    {
                        "element": m.element,
                        "element_id": m.element_id,
                        "line_id": m.line_id,
                        "kind": m.kind,
                        "text": m.match.text,
                        "start": m.match.start,
                        "end": m.match.end,
                        "language": m.match.language,
                        "entry_ids": list(m.match.entry_ids),
                    }
                    for m in s.matches
                ],
            }
            for s in scenes
        ]
        out.write(readable_json(payload))
        out.write("\n")
        return 0
    if not scenes:
        print(_("No heritage terms found."), file=out)
    for s in scenes:
        print(_("Scene {number}").format(number=s.number), file=out)
        for m in s.matches:
            entries = ", ".join(
                f"{i} ({names.get(i, {}).get('en', '')})" for i in m.match.entry_ids
            )
            print(f"  {m.element:>3}  {m.match.text}  →  {entries}", file=out)
    return 0
