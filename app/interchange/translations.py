"""Line translations: reading them beside their source lines, and undoable edits of them.

A translation keeps the SHA-256 of the source text it was made from; when the source line is
edited later the hashes differ and the translation is *stale* until someone looks at it again.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select

from app.domain.enums import ElementKind, TranslationStatus
from app.i18n import _
from app.services.changes import ChangeRecorder
from app.services.commands import Command, CommandError
from app.store import schema

if TYPE_CHECKING:
    from app.services.project import OpenProject

logger = logging.getLogger(__name__)

#: Element kinds a translator translates (the ones with a stable line id).
TRANSLATED_KINDS = tuple(k.value for k in ElementKind if k.has_line_id)


def source_hash(text: str) -> str:
    """The SHA-256 (hex) of a source line, as stored with its translations."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class TranslationRow:
    """One translatable line beside its translation into one language."""

    element_id: str
    line_id: str
    scene_number: str
    kind: ElementKind
    speaker: str
    source: str
    text: str = ""
    status: str = ""
    translator: str = ""
    stale: bool = False

    @property
    def translated(self) -> bool:
        return bool(self.status)


def translation_rows(project: OpenProject, language: str) -> list[TranslationRow]:
    """Every translatable line of the script in order, with its ``language`` translation."""
    scenes = [(scene, project.elements(scene.id)) for scene in project.scenes()]
    with project.file.session() as s:
        existing = {
            t.element_id: (t.text, t.status, t.translator, t.source_hash)
            for t in s.scalars(
                select(schema.LineTranslation).where(schema.LineTranslation.language == language)
            )
        }
    rows = []
    for scene, elements in scenes:
        for el in elements:
            if el.kind.value not in TRANSLATED_KINDS or not el.line_id:
                continue
            text, status, translator, made_from = existing.get(el.id, ("", "", "", ""))
            rows.append(
                TranslationRow(
                    element_id=el.id,
                    line_id=el.line_id,
                    scene_number=scene.number,
                    kind=el.kind,
                    speaker=el.speaker,
                    source=el.text,
                    text=text,
                    status=status,
                    translator=translator,
                    stale=bool(status) and made_from != source_hash(el.text),
                )
            )
    return rows


@dataclass(frozen=True)
class TranslationEdit:
    """The translation of one line into one language, as it should be after an edit."""

    element_id: str
    language: str
    text: str
    status: str = TranslationStatus.TRANSLATED.value
    translator: str = ""
    source_hash: str | None = None  # None: made from the current source text


def _upsert(rec: ChangeRecorder, edit: TranslationEdit) -> None:
    element = rec.session.get(schema.Element, edit.element_id)
    if element is None:
        raise CommandError(_("The line {id} no longer exists.").format(id=edit.element_id))
    try:
        status = TranslationStatus(edit.status).value
    except ValueError:
        raise CommandError(
            _("{status} is not a translation status.").format(status=edit.status)
        ) from None
    values = {
        "text": edit.text,
        "status": status,
        "translator": edit.translator,
        "source_hash": edit.source_hash or source_hash(element.text),
    }
    row = rec.session.scalars(
        select(schema.LineTranslation).where(
            schema.LineTranslation.element_id == edit.element_id,
            schema.LineTranslation.language == edit.language,
        )
    ).first()
    if row is None:
        rec.insert(
            schema.LineTranslation(element_id=edit.element_id, language=edit.language, **values)
        )
    else:
        rec.update(row, **values)


@dataclass
class SetTranslations(Command):
    """Write translations of one or many lines as one undoable step (all or nothing)."""

    edits: list[TranslationEdit]
    description: str = ""
    typing: bool = False

    def __post_init__(self) -> None:
        if self.typing and len(self.edits) == 1:
            e = self.edits[0]
            self.merge_key = f"line_translation:{e.element_id}:{e.language}"

    @property
    def label(self) -> str:  # type: ignore[override]
        return self.description or _("Edit translation")

    def apply(self, rec: ChangeRecorder) -> None:
        for edit in self.edits:
            _upsert(rec, edit)
