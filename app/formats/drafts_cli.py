"""Command-line commands of drafts and revisions (registered by app.cli).

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
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from app.core.i18n import _, format_date, ngettext
from app.features.drafts import store
from app.features.drafts.restore import restore_draft
from app.features.drafts.revision import is_locked, lock_scene_numbers, unlock_scene_numbers
from app.formats.document.options import ExportOptions
from app.formats.registry import CHANGES, WRITERS, export
from app.project.open_project import OpenProject
from app.store.profile import load_profile

Handler = Callable[[argparse.Namespace, TextIO], int]

#: The formats a changes report is written in.
REPORT_FORMATS = tuple(f for f, w in WRITERS.items() if CHANGES in w.documents)


def add_commands(sub: argparse._SubParsersAction) -> dict[str, Handler]:
    """Add these subcommands to ``sub``; return their handlers by name."""
    drafts = sub.add_parser("drafts", help=_("save, list, compare and restore named drafts"))
    actions = drafts.add_subparsers(dest="drafts_command", metavar=_("ACTION"), required=True)
    save = actions.add_parser("save", help=_("keep the script as it is now as a named draft"))
    save.add_argument("file", type=Path, help=_("the .kiln project"))
    save.add_argument("--name", required=True, help=_("the draft's name"))
    save.add_argument("--note", default="", help=_("a note on what this draft is"))
    listing = actions.add_parser("list", help=_("list the project's drafts"))
    listing.add_argument("file", type=Path, help=_("the .kiln project"))
    listing.add_argument("--json", action="store_true", help=_("print JSON"))
    comp = actions.add_parser("compare", help=_("report what changed between two drafts, or a "
                                                "draft and the script now"))
    comp.add_argument("file", type=Path, help=_("the .kiln project"))
    comp.add_argument("--from", dest="start", required=True, metavar="NAME",
                      help=_("the older draft"))
    comp.add_argument("--to", dest="end", default="", metavar="NAME",
                      help=_("the newer draft (default: the script now)"))
    _report_arguments(comp)
    restore = actions.add_parser("restore", help=_("make the script a draft again (one undo "
                                                   "step), kept as a new draft"))
    restore.add_argument("file", type=Path, help=_("the .kiln project"))
    restore.add_argument("--name", required=True, help=_("the draft to restore"))
    restore.add_argument("--as", dest="save_as", default=None, metavar="NEW",
                         help=_("the new draft's name (default: “NAME (restored)”)"))
    delete = actions.add_parser("delete", help=_("remove a draft"))
    delete.add_argument("file", type=Path, help=_("the .kiln project"))
    delete.add_argument("--name", required=True, help=_("the draft to remove"))
    for name, text in (("lock", _("lock the scene numbers (revision mode)")),
                       ("unlock", _("number the scenes by their place again"))):
        locking = actions.add_parser(name, help=text)
        locking.add_argument("file", type=Path, help=_("the .kiln project"))

    pair = sub.add_parser("compare", help=_("report what changed between two project files"))
    pair.add_argument("old", type=Path, help=_("the older .kiln project"))
    pair.add_argument("new", type=Path, help=_("the newer .kiln project"))
    _report_arguments(pair)
    return {"drafts": _drafts, "compare": _compare}


def _report_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=REPORT_FORMATS, required=True)
    parser.add_argument("--lang", default="", help=_("language of the report (default: the "
                                                     "script's)"))
    parser.add_argument("--out", type=Path, required=True, help=_("the file to write"))


def _drafts(args: argparse.Namespace, out: TextIO) -> int:
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


def _compare(args: argparse.Namespace, out: TextIO) -> int:
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
