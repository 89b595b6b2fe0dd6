"""The sync conflicts of a project, as the writer resolves them.

A conflict is an open note of kind ``sync_conflict`` that the server left when two copies
changed the same text (``app.features.studio.merge``); its anchor carries the facts: which row
and field, the text that was not kept, who wrote it and when, and who wrote the text that was
kept. Resolving it either keeps the current text (the note is resolved) or puts the other text
in (one undoable edit that also resolves the note, synced like any other edit).
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import select

from app.core.enums import AnnotationKind, AnnotationStatus
from app.core.errors import CommandError
from app.core.i18n import _
from app.project.changes import ChangeRecorder
from app.project.commands import Command
from app.project.open_project import OpenProject
from app.store.schema import Annotation, Base

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Conflict:
    """One open sync conflict."""

    note_id: str
    what: str  # "edit", "kept" (a delete that did not happen), "restored", "lost"
    table: str
    row_id: str
    field: str
    other_text: str  # the text that was not kept
    by: str
    at: str
    kept_text: str
    kept_by: str
    kept_at: str
    current: str  # the field's value now (it may have changed since)
    body: str

    @property
    def can_take(self) -> bool:
        """Whether "use the other text" is possible (an edit of a field of a row that exists)."""
        return self.what == "edit" and bool(self.field) and self.current is not None


@cache
def _mapped(table: str) -> type[Base] | None:
    return next((m.class_ for m in Base.registry.mappers if m.local_table.name == table), None)


def open_conflicts(project: OpenProject) -> list[Conflict]:
    """Every open sync conflict, oldest first."""
    found = []
    with project.file.session() as s:
        notes = s.scalars(
            select(Annotation)
            .where(Annotation.kind == AnnotationKind.SYNC_CONFLICT.value,
                   Annotation.status == AnnotationStatus.OPEN.value)
            .order_by(Annotation.created_at, Annotation.id)
        )
        for note in notes:
            facts = (note.anchor or {}).get("conflict") or {}
            table, row_id, field = facts.get("table", ""), facts.get("row_id", ""), facts.get(
                "field", "")
            current = None
            cls = _mapped(table)
            if cls is not None and field:
                row = s.get(cls, row_id)
                if row is not None:
                    current = _as_text(getattr(row, field, None))
            found.append(Conflict(
                note_id=note.id, what=facts.get("what", "edit"), table=table, row_id=row_id,
                field=field, other_text=facts.get("text", note.body), by=facts.get("by", ""),
                at=facts.get("at", ""), kept_text=facts.get("kept", ""),
                kept_by=facts.get("kept_by", ""), kept_at=facts.get("kept_at", ""),
                current=current, body=note.body,  # type: ignore[arg-type]
            ))
    return found


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


@dataclass
class ResolveConflict(Command):
    """Resolve a sync conflict, putting the other text in first when ``take`` is set."""

    note_id: str
    take: bool = False

    @property
    def label(self) -> str:  # type: ignore[override]
        return _("Use the other text") if self.take else _("Resolve conflict")

    def apply(self, rec: ChangeRecorder) -> None:
        note = rec.session.get(Annotation, self.note_id)
        if note is None or note.kind != AnnotationKind.SYNC_CONFLICT.value:
            raise CommandError(_("The conflict {id} no longer exists.").format(id=self.note_id))
        if self.take:
            facts = (note.anchor or {}).get("conflict") or {}
            cls = _mapped(facts.get("table", ""))
            row = rec.session.get(cls, facts.get("row_id", "")) if cls is not None else None
            field = facts.get("field", "")
            if row is None or not field or facts.get("what") != "edit":
                raise CommandError(
                    _("The text this conflict is about is gone; resolve it without using it.")
                )
            value: Any = facts.get("text", "")
            column = cls.__table__.c[field]  # type: ignore[union-attr]
            if column.type.python_type is not str:
                value = json.loads(value)
            rec.update(row, **{field: value})
        rec.update(note, status=AnnotationStatus.RESOLVED.value)


def resolve(project: OpenProject, note_id: str, *, take: bool = False) -> None:
    """Resolve one conflict (``take``: the other text replaces the current one)."""
    project.run(ResolveConflict(note_id, take))
