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
from app.core.records import scene_number
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
    query = select(schema.LineTranslation.element_id, schema.LineTranslation.text,
                   schema.LineTranslation.status, schema.LineTranslation.translator,
                   schema.LineTranslation.source_hash).where(
        schema.LineTranslation.language == language)
    if wanted is not None:
        query = query.where(schema.LineTranslation.element_id.in_(wanted))
    with project.file.session() as s:
        existing = {element_id: rest for element_id, *rest in s.connection().execute(query)}
    lines = _lines_by_scene(project, wanted)
    rows = []
    kinds = {k.value: k for k in ElementKind}
    shared: dict[str, str] = {}  # equal speakers, statuses, translators made one string each
    for scene_id, number in _scenes_in_order(project, lines.keys() if wanted else None):
        for element_id, line_id, kind, speaker, source in lines.get(scene_id, ()):
            text, status, translator, made_from = existing.get(element_id, ("", "", "", ""))
            rows.append(
                TranslationRow(
                    element_id=element_id,
                    line_id=line_id,
                    scene_number=number,
                    kind=kinds[kind],
                    speaker=shared.setdefault(speaker or "", speaker or ""),
                    source=source,
                    text=text,
                    status=shared.setdefault(status, status),
                    translator=shared.setdefault(translator, translator),
                    stale=bool(status) and made_from != source_hash(source),
                )
            )
    return rows


def _scenes_in_order(
    project: OpenProject, scene_ids: Collection[str] | None
) -> list[tuple[str, str]]:
    """(scene id, scene number) of every scene, or of ``scene_ids``, in script order."""
    query = (
        select(schema.Scene.id, schema.Scene.locked_number, schema.Scene.position,
               schema.Episode.number)
        .join(schema.Episode, schema.Scene.episode_id == schema.Episode.id)
        .order_by(schema.Episode.number, schema.Scene.position)
    )
    if scene_ids is not None:
        query = query.where(schema.Scene.id.in_(list(scene_ids)))
    with project.file.session() as s:
        return [(scene_id, locked or scene_number(episode, position))
                for scene_id, locked, position, episode in s.connection().execute(query)]


def _lines_by_scene(
    project: OpenProject, wanted: Collection[str] | None
) -> dict[str, list[tuple[str, str, str, str | None, str]]]:
    """The translatable lines (id, line id, kind, speaker, text) of every scene, or only the
    ``wanted`` ones, by scene in order: one query for the whole script, not one per scene."""
    query = (
        select(schema.Element.id, schema.Element.line_id, schema.Element.kind,
               schema.Element.speaker, schema.Element.text, schema.Element.scene_id)
        .where(schema.Element.kind.in_(TRANSLATED_KINDS), schema.Element.line_id.is_not(None),
               schema.Element.line_id != "")
        .order_by(schema.Element.scene_id, schema.Element.position)
    )
    if wanted is not None:
        query = query.where(schema.Element.id.in_(wanted))
    out: dict[str, list[tuple[str, str, str, str | None, str]]] = {}
    with project.file.session() as s:
        for element_id, line_id, kind, speaker, text, scene_id in s.connection().execute(query):
            out.setdefault(scene_id, []).append((element_id, line_id, kind, speaker, text))
    return out


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
