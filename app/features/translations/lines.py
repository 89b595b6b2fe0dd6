"""Line translations: reading them beside their source lines, and undoable edits of them.

A translation keeps the SHA-256 of the source text it was made from; when the source line is
edited later the hashes differ and the translation is *stale* until someone looks at it again.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select

from app.core.enums import ElementKind, TranslationStatus
from app.core.errors import CommandError
from app.core.i18n import _
from app.project.changes import ChangeRecorder
from app.project.commands import Command
from app.store import schema

if TYPE_CHECKING:
    from app.project.open_project import OpenProject

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


def translation_rows(
    project: OpenProject, language: str, element_ids: Collection[str] | None = None
) -> list[TranslationRow]:
    """Every translatable line of the script in order, with its ``language`` translation;
    with ``element_ids``, only those lines (what a view re-reads after an edit)."""
    wanted = None if element_ids is None else set(element_ids)
    query = select(schema.LineTranslation).where(schema.LineTranslation.language == language)
    with project.file.session() as s:
        if wanted is not None:  # only the scenes, and the episodes, of those lines
            query = query.where(schema.LineTranslation.element_id.in_(wanted))
            places = s.execute(
                select(schema.Scene.id, schema.Scene.episode_id)
                .join(schema.Element, schema.Element.scene_id == schema.Scene.id)
                .where(schema.Element.id.in_(wanted))
            ).all()
        existing = {
            t.element_id: (t.text, t.status, t.translator, t.source_hash)
            for t in s.scalars(query)
        }
    if wanted is None:
        scene_records = project.scenes()
    else:
        in_scenes = {scene_id for scene_id, _episode in places}
        episodes = {episode for _scene, episode in places}
        if len(episodes) > 1:  # in script order
            episodes = [e.id for e in project.episodes() if e.id in episodes]
        scene_records = [scene for episode in episodes for scene in project.scenes(episode)
                         if scene.id in in_scenes]
    scenes = [(scene, project.elements(scene.id)) for scene in scene_records]
    rows = []
    for scene, elements in scenes:
        for el in elements:
            if el.kind.value not in TRANSLATED_KINDS or not el.line_id:
                continue
            if wanted is not None and el.id not in wanted:
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
