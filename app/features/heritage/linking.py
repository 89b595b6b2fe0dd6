"""Link a library entry to a beat, scene or script paragraph, keeping a snapshot in the project.

The link and the snapshot of the entry are written by one undoable command, so a `.kiln` file
carries every entry it links even where the library is missing or older.
"""

from __future__ import annotations

import copy
import logging
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from app.core.errors import CommandError
from app.core.i18n import _
from app.features.heritage.library import Library
from app.features.heritage.migrate import migrate_entry
from app.project.changes import ChangeRecorder, Changeset
from app.project.commands import Command
from app.project.open_project import OpenProject
from app.store.schema import Beat, Element, HeritageLink, HeritageSnapshot, Scene, utcnow

logger = logging.getLogger(__name__)

TARGETS = {"beat": Beat, "scene": Scene, "element": Element}


@dataclass
class LinkHeritage(Command):
    """Link ``entry`` (a library entry as a dict) to a beat, scene or element.

    ``more`` adds further targets, (type, id) pairs, linked in the same undoable step: a
    selection of several script lines is linked line by line. Targets already linked are
    skipped; when every one of them is, the command is refused.
    """

    target_type: str
    target_id: str
    entry: dict[str, Any] = field(default_factory=dict)
    more: list[tuple[str, str]] = field(default_factory=list)

    @property
    def label(self) -> str:  # type: ignore[override]
        name = self.entry.get("names", {}).get("en") or self.entry.get("id", "")
        return _("Link {name}").format(name=name)

    def apply(self, rec: ChangeRecorder) -> None:
        entry_id = self.entry["id"]
        added = 0
        for target_type, target_id in [(self.target_type, self.target_id), *self.more]:
            cls = TARGETS.get(target_type)
            if cls is None:
                raise CommandError(
                    _("Heritage entries link to a beat, scene or element, not {kind}.").format(
                        kind=target_type
                    )
                )
            if rec.session.get(cls, target_id) is None:
                raise CommandError(_("The item {id} no longer exists.").format(id=target_id))
            existing = rec.session.scalars(
                select(HeritageLink).where(
                    HeritageLink.target_type == target_type,
                    HeritageLink.target_id == target_id,
                    HeritageLink.entry_id == entry_id,
                )
            ).first()
            if existing is None:
                rec.insert(
                    HeritageLink(target_type=target_type, target_id=target_id, entry_id=entry_id)
                )
                added += 1
        if not added:
            raise CommandError(_("{id} is already linked there.").format(id=entry_id))
        data = copy.deepcopy(self.entry)
        snap = rec.session.scalars(
            select(HeritageSnapshot).where(HeritageSnapshot.entry_id == entry_id)
        ).first()
        if snap is None:
            rec.insert(HeritageSnapshot(entry_id=entry_id, data=data, captured_at=utcnow()))
        elif snap.data != data:
            rec.update(snap, data=data, captured_at=utcnow())


def link_entry(
    project: OpenProject,
    target_type: str,
    target_id: str,
    entry_id: str,
    library: Library | None = None,
    more: list[tuple[str, str]] | None = None,
) -> Changeset:
    """Link library entry ``entry_id`` to a target of ``project`` (undoable); snapshot it.

    ``more`` names further (type, id) targets linked in the same step (a selection of lines).
    """
    owned = library is None
    library = library or Library.open()
    try:
        entry = library.get(entry_id)
    finally:
        if owned:
            library.close()
    if entry is None:
        raise CommandError(
            _("The heritage library has no entry {id}; search it for the right id.").format(
                id=entry_id
            )
        )
    return project.run(LinkHeritage(target_type, target_id, entry, list(more or [])))


def linked_entries(project: OpenProject) -> list[tuple[str, str, str]]:
    """(target type, target id, entry id) of every link in the project."""
    with project.file.sessions() as s:
        rows = s.execute(
            select(HeritageLink.target_type, HeritageLink.target_id, HeritageLink.entry_id)
        )
        return [tuple(row) for row in rows]  # type: ignore[misc]


def snapshots(project: OpenProject) -> dict[str, dict[str, Any]]:
    """The entries the project keeps a copy of, by entry id."""
    with project.file.sessions() as s:
        return {
            row.entry_id: migrate_entry(row.data)  # a copy made by an older Kiln
            for row in s.scalars(select(HeritageSnapshot))
        }


def heritage_entries(project: OpenProject) -> list[tuple[str, str]]:
    """(entry id, name) of every heritage entry the project links, by name (the board's filter,
    the heritage moments of the review)."""
    with project.file.session() as s:
        linked = set(s.scalars(select(HeritageLink.entry_id)))
        names = {
            snap.entry_id: _snapshot_name(snap.data, snap.entry_id)
            for snap in s.scalars(select(HeritageSnapshot))
        }
    return sorted(((e, names.get(e, e)) for e in linked), key=lambda pair: pair[1])


def _snapshot_name(data: dict, fallback: str) -> str:
    names = data.get("names") if isinstance(data, dict) else None
    if isinstance(names, dict) and names:
        return str(next(iter(names.values())))
    for key in ("name", "title"):
        if isinstance(data, dict) and data.get(key):
            return str(data[key])
    return fallback
