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

from app.heritage.library import Library
from app.i18n import _
from app.services.changes import ChangeRecorder, Changeset
from app.services.commands import Command, CommandError
from app.services.project import OpenProject
from app.store.schema import Beat, Element, HeritageLink, HeritageSnapshot, Scene, utcnow

logger = logging.getLogger(__name__)

TARGETS = {"beat": Beat, "scene": Scene, "element": Element}


@dataclass
class LinkHeritage(Command):
    """Link ``entry`` (a library entry as a dict) to a beat, scene or element."""

    target_type: str
    target_id: str
    entry: dict[str, Any] = field(default_factory=dict)

    @property
    def label(self) -> str:  # type: ignore[override]
        name = self.entry.get("names", {}).get("en") or self.entry.get("id", "")
        return _("Link {name}").format(name=name)

    def apply(self, rec: ChangeRecorder) -> None:
        cls = TARGETS.get(self.target_type)
        if cls is None:
            raise CommandError(
                _("Heritage entries link to a beat, scene or element, not {kind}.").format(
                    kind=self.target_type
                )
            )
        if rec.session.get(cls, self.target_id) is None:
            raise CommandError(_("The item {id} no longer exists.").format(id=self.target_id))
        entry_id = self.entry["id"]
        existing = rec.session.scalars(
            select(HeritageLink).where(
                HeritageLink.target_type == self.target_type,
                HeritageLink.target_id == self.target_id,
                HeritageLink.entry_id == entry_id,
            )
        ).first()
        if existing is not None:
            raise CommandError(_("{id} is already linked there.").format(id=entry_id))
        rec.insert(
            HeritageLink(target_type=self.target_type, target_id=self.target_id, entry_id=entry_id)
        )
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
) -> Changeset:
    """Link library entry ``entry_id`` to a target of ``project`` (undoable); snapshot it."""
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
    return project.run(LinkHeritage(target_type, target_id, entry))


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
        return {row.entry_id: row.data for row in s.scalars(select(HeritageSnapshot))}
