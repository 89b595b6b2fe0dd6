"""What the command-line commands of drafts and revisions do (their words:
``app.formats.drafts_cli_words``).

``kiln drafts save FILE --name NAME`` keeps the script as a named draft; ``drafts list FILE
[--json]`` lists them; ``drafts compare FILE --from NAME [--to NAME] --format pdf|docx|json --out
OUT`` writes the changes report; ``drafts restore FILE --name NAME [--as NEW]`` makes the script
that draft again (one undo step) and keeps the result as a new draft; ``drafts delete FILE --name
NAME`` removes one; ``drafts lock FILE`` / ``drafts unlock FILE`` lock or unlock the scene
numbers (revision mode). ``kiln compare OLD.kiln NEW.kiln --format … --out OUT`` reports the
changes between two project files (a writer's copy and a studio's). The changes report goes
through the export registry like every other file (``app.formats.registry``).
"""

from __future__ import annotations

import argparse
import json
import logging
from typing import TextIO

from app.core.i18n import _, format_date, ngettext
from app.features.drafts import store
from app.features.drafts.restore import restore_draft
from app.features.drafts.revision import is_locked, lock_scene_numbers, unlock_scene_numbers
from app.formats.document.options import ExportOptions
from app.formats.registry import CHANGES, export
from app.project.open_project import OpenProject
from app.store.profile import load_profile

logger = logging.getLogger(__name__)


def drafts_command(args: argparse.Namespace, out: TextIO) -> int:
    """``kiln drafts ACTION``."""
    handler = {"save": _save, "list": _list, "compare": _report, "restore": _restore,
               "delete": _delete, "lock": _lock, "unlock": _unlock}[args.drafts_command]
    return handler(args, out)


def _save(args: argparse.Namespace, out: TextIO) -> int:
    with OpenProject.open(args.file) as project:
        info = store.save_draft(project, args.name, note=args.note, author=load_profile().name)
    print(_("Saved the draft “{name}” in {path}.").format(name=info.name, path=args.file),
          file=out)
    return 0


def _list(args: argparse.Namespace, out: TextIO) -> int:
    with OpenProject.open(args.file, read_only=True, backup=False) as project:
        found = store.drafts(project)
        locked = is_locked(project)
    if args.json:
        json.dump({"locked": locked, "drafts": [
            {"name": d.name, "saved_at": d.saved_at.isoformat(), "author": d.author,
             "note": d.note, "issued": d.issued or None, "issued_on": d.issued_on or None,
             "episodes": d.episodes, "scenes": d.scenes, "lines": d.lines}
            for d in found]}, out, ensure_ascii=False, indent=2)
        out.write("\n")
        return 0
    if not found:
        print(_("{path} has no drafts yet.").format(path=args.file), file=out)
    for d in found:
        issued = ""
        if d.colour is not None:
            issued = " · " + _("issued on {colour}, {date}").format(
                colour=d.colour.label(_), date=d.issued_on)
        counts = ngettext("{count} scene", "{count} scenes", d.scenes).format(count=d.scenes)
        print(f"{d.name} · {format_date(d.saved_at)} · {counts}{issued}", file=out)
    if locked:
        print(_("Scene numbers are locked."), file=out)
    return 0


def _report(args: argparse.Namespace, out: TextIO) -> int:
    opts = ExportOptions(what=CHANGES, format=args.format, language=args.lang,
                         revision=args.start, revision_to=args.end)
    with OpenProject.open(args.file, read_only=True, backup=False) as project:
        export(project, opts, args.out)
    print(_("Exported {path}.").format(path=args.out), file=out)
    return 0


def compare_command(args: argparse.Namespace, out: TextIO) -> int:
    """``kiln compare OLD.kiln NEW.kiln``: the changes report between two project files."""
    opts = ExportOptions(what=CHANGES, format=args.format, language=args.lang,
                         against=str(args.old))
    with OpenProject.open(args.new, read_only=True, backup=False) as project:
        export(project, opts, args.out)
    print(_("Exported {path}.").format(path=args.out), file=out)
    return 0


def _restore(args: argparse.Namespace, out: TextIO) -> int:
    with OpenProject.open(args.file) as project:
        _changes, saved = restore_draft(project, args.name, save_as=args.save_as,
                                       author=load_profile().name)
    if saved is None:
        print(_("The script already is the draft “{name}”; nothing changed.").format(
            name=args.name), file=out)
    else:
        print(_("Restored the draft “{name}”; the result is kept as the draft “{new}”.").format(
            name=args.name, new=saved.name), file=out)
    return 0


def _delete(args: argparse.Namespace, out: TextIO) -> int:
    with OpenProject.open(args.file) as project:
        store.delete_draft(project, args.name)
    print(_("Deleted the draft “{name}”.").format(name=args.name), file=out)
    return 0


def _lock(args: argparse.Namespace, out: TextIO) -> int:
    with OpenProject.open(args.file) as project:
        lock_scene_numbers(project)
    print(_("Locked the scene numbers of {path}.").format(path=args.file), file=out)
    return 0


def _unlock(args: argparse.Namespace, out: TextIO) -> int:
    with OpenProject.open(args.file) as project:
        unlock_scene_numbers(project)
    print(_("Unlocked the scene numbers of {path}.").format(path=args.file), file=out)
    return 0
