"""Command-line words of the studio (registered by app.cli):

``kiln studio init URL``, ``kiln studio user add URL NAME --role R [--lang L]``,
``kiln studio projects URL``, ``kiln studio publish FILE.kiln URL [--name N]``,
``kiln studio clone URL PROJECT --out FILE.kiln``, ``kiln studio sync FILE.kiln``,
``kiln studio status FILE.kiln [--json]``, ``kiln studio log FILE.kiln [--json]``.
"""

from __future__ import annotations

import argparse
import getpass
import logging
import sys
from pathlib import Path
from typing import TextIO

from app.core.i18n import _, ngettext
from app.core.json_text import readable_json
from app.features.heritage.library import Library
from app.features.studio import audit, server
from app.features.studio import library as shared_library
from app.features.studio.address import parse
from app.features.studio.errors import StudioError
from app.features.studio.roles import StudioRole
from app.features.studio.sync import Studio
from app.project.open_project import OpenProject

logger = logging.getLogger(__name__)

def studio_command(args: argparse.Namespace, out: TextIO) -> int:
    action = args.studio_command
    if action == "init":
        groups = server.init(parse(args.url))
        print(_("{url} is a studio; its roles are {roles}.").format(
            url=parse(args.url).public(), roles=", ".join(groups.all())), file=out)
    elif action == "user":
        return _add_user(args, out)
    elif action == "projects":
        for project in server.list_projects(parse(args.url)):
            print(f"{project.name}\t{project.title}\t{project.id}", file=out)
    elif action == "publish":
        _require_kiln(args.file)
        found = server.publish(args.file, parse(args.url), args.name)
        print(_("Published {path} as {name}; the file is now linked to the studio.").format(
            path=args.file, name=found.name), file=out)
    elif action == "clone":
        _require_kiln(args.out)
        found = server.clone(parse(args.url), args.project, args.out)
        print(_("Cloned {name} into {path}.").format(name=found.name, path=args.out), file=out)
    elif action == "sync":
        with OpenProject.open(args.file, backup=False) as project:
            result = Studio(project).sync()
        print(result.describe(), file=out)
        for seq, reason in sorted(result.push.refused.items()):
            print(_("Refused by the server (edit {seq}): {reason}").format(
                seq=seq, reason=reason), file=out)
    elif action == "status":
        return _status(args, out)
    elif action == "log":
        return _log(args, out)
    elif action == "library":
        return _library(args, out)
    return 0


def _library(args: argparse.Namespace, out: TextIO) -> int:
    address = parse(args.url)
    if args.library_command == "search":
        with server.transaction(address, read_only=True) as conn:
            hits = shared_library.search(conn, args.query, limit=args.limit,
                                         reviewed_only=args.reviewed)
        for hit in hits:
            names = hit.names.get("zh-Hans") or next(iter(hit.names.values()), "")
            print(f"{hit.entry_id}\t{names}\t{hit.names.get('en', '')}", file=out)
        return 0
    with Library.open() as library:
        if args.library_command == "publish":
            with server.transaction(address) as conn:
                count = shared_library.upload(conn, library.entries())
            print(ngettext("Sent {n} entry to the studio.", "Sent {n} entries to the studio.",
                           count).format(n=count), file=out)
            return 0
        result = shared_library.sync_library(library, address)
    print(_("Library synced: sent {sent}, received {received}.").format(
        sent=result.sent, received=result.received), file=out)
    for path in result.kept_aside:
        print(_("The studio changed an entry you edited too; your version is in {path}.")
              .format(path=path), file=out)
    return 0


def _add_user(args: argparse.Namespace, out: TextIO) -> int:
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    elif sys.stdin.isatty():
        password = getpass.getpass(_("Password for {name}: ").format(name=args.name))
        if getpass.getpass(_("Again: ")) != password:
            raise StudioError(_("The two passwords differ; nothing was changed."))
    else:
        raise StudioError(_("Give the new member's password on standard input with "
                            "--password-stdin, or run this in a terminal."))
    server.add_member(parse(args.url), args.name, StudioRole(args.role), password,
                      tuple(args.lang))
    print(_("{name} may now log in as {role}.").format(name=args.name, role=args.role), file=out)
    return 0


def _status(args: argparse.Namespace, out: TextIO) -> int:
    with OpenProject.open(args.file, read_only=True) as project:
        status = Studio(project).status(online=not args.offline)
    if args.json:
        out.write(readable_json(status.to_json()))
        out.write("\n")
        return 0
    print(_("{project} on {server}, as {member}").format(
        project=status.project, server=status.server, member=status.member), file=out)
    print(ngettext("{n} edit waiting to be sent", "{n} edits waiting to be sent",
                   status.pending).format(n=status.pending), file=out)
    if status.refused:
        print(ngettext("{n} edit refused by the server", "{n} edits refused by the server",
                       status.refused).format(n=status.refused), file=out)
    if status.behind is None:
        print(_("The server could not be asked what is new."), file=out)
    else:
        print(ngettext("{n} change on the server not fetched yet",
                       "{n} changes on the server not fetched yet",
                       status.behind).format(n=status.behind), file=out)
    when = status.last_sync_at.strftime("%Y-%m-%d %H:%M UTC") if status.last_sync_at else _(
        "never")
    print(_("Last sync: {when}").format(when=when), file=out)
    return 0


def _log(args: argparse.Namespace, out: TextIO) -> int:
    with OpenProject.open(args.file, read_only=True) as project:
        studio = Studio(project)
        link = studio.link()
        with server.transaction(studio.address(link), read_only=True) as conn:
            log = audit.read_log(conn, link.project_id, limit=args.limit)
        groups = audit.by_scene(project, log)
    if args.json:
        payload = [
            {"scene_id": g.scene_id, "scene": g.label, "changes": [
                {"seq": e.seq, "author": e.author, "machine": e.machine,
                 "at": e.at.isoformat(), "what": [x.describe() for x in edits]}
                for e, edits in g.entries]}
            for g in groups
        ]
        out.write(readable_json(payload))
        out.write("\n")
        return 0
    for group in groups:
        print(group.label, file=out)
        for entry, edits in group.entries:
            what = "; ".join(dict.fromkeys(x.describe() for x in edits))
            print(f"  {entry.at:%Y-%m-%d %H:%M}  {entry.author} ({entry.machine})  {what}",
                  file=out)
    return 0


def _require_kiln(path: Path) -> None:
    if path.suffix.lower() != ".kiln":
        raise StudioError(
            _("{path} should end in .kiln; Kiln projects use that extension.").format(path=path)
        )
