"""Keep text notes on their words when a line changes, inside the edit's own transaction.

``app.project.commands`` calls these while it applies an edit, so the anchors' new values are
recorded in the same changeset as the text: undo puts the text *and* the anchors back.
"""

from __future__ import annotations

import logging

from sqlalchemy import select

from app.core.enums import AnnotationTarget
from app.features.notes.anchoring import Anchor, relocate
from app.project.changes import ChangeRecorder
from app.store.schema import Annotation, Element

logger = logging.getLogger(__name__)


def _text_notes(rec: ChangeRecorder, element_id: str) -> list[Annotation]:
    return list(
        rec.session.scalars(
            select(Annotation).where(
                Annotation.target_type == AnnotationTarget.TEXT.value,
                Annotation.target_id == element_id,
            )
        )
    )


def _text_before(rec: ChangeRecorder, element_id: str) -> str | None:
    """The element's text before this edit began, from the changeset being recorded."""
    for change in rec.changeset.changes:
        if change.table == Element.__tablename__ and change.row_id == element_id:
            return None if change.before is None else change.before.get("text")
    return None


def reanchor_for_element(rec: ChangeRecorder, element: Element) -> None:
    """Move the notes on ``element`` to where their words are now, or make them orphans."""
    old_text = _text_before(rec, element.id)
    for note in _text_notes(rec, element.id):
        anchor = Anchor.from_json(note.anchor or {})
        moved = relocate(anchor, element.text or "", old_text)
        if moved != anchor:
            rec.update(note, anchor=moved.to_json())
            if moved.orphan:
                logger.info("note %s is now an orphan (quote %r)", note.id, anchor.quote)


def orphan_notes_for_element(rec: ChangeRecorder, element: Element) -> None:
    """The element is being deleted: its notes become orphans, keeping their quotes."""
    for note in _text_notes(rec, element.id):
        anchor = Anchor.from_json(note.anchor or {})
        if not anchor.orphan:
            rec.update(note, anchor=anchor.orphaned().to_json())
