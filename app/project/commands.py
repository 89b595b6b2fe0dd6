"""Undoable edits of a project: create, edit, delete and move any entity.

The window and the command line both edit through these commands, so an edit behaves the same
everywhere and can always be undone. Commands name entities by the writer's words
(``"episode"``, ``"beat"``, ``"scene"``, ``"element"``, ``"character"``, ``"location"`` …).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.enums import ElementKind
from app.core.i18n import _
from app.features.notes.reanchor import orphan_notes_for_element, reanchor_for_element
from app.project.changes import ChangeRecorder
from app.store.schema import (
    AddressForm,
    Annotation,
    AnnotationReply,
    Base,
    Beat,
    Character,
    Element,
    Episode,
    GlossaryRendering,
    GlossaryTerm,
    HeritageLink,
    LineTranslation,
    Location,
    Project,
    Scene,
)

logger = logging.getLogger(__name__)


class CommandError(ValueError):
    """An edit that cannot be made; the message is for the user."""


@dataclass(frozen=True)
class Ordering:
    """How siblings are ordered: within ``parent`` by ``key``, counting from ``base``."""

    parent: str | None
    key: str
    base: int


ENTITIES: dict[str, type[Base]] = {
    "episode": Episode,
    "beat": Beat,
    "scene": Scene,
    "element": Element,
    "character": Character,
    "location": Location,
    "glossary_term": GlossaryTerm,
    "glossary_rendering": GlossaryRendering,
    "annotation": Annotation,
    "annotation_reply": AnnotationReply,
    "address_form": AddressForm,
}

ORDERINGS: dict[type[Base], Ordering] = {
    Episode: Ordering(parent=None, key="number", base=1),
    Beat: Ordering(parent="episode_id", key="position", base=0),
    Scene: Ordering(parent="episode_id", key="position", base=0),
    Element: Ordering(parent="scene_id", key="position", base=0),
}

# Rows that belong to a row and go with it when it is deleted (undo brings them back).
CHILDREN: dict[type[Base], tuple[tuple[type[Base], str], ...]] = {
    Episode: ((Scene, "episode_id"), (Beat, "episode_id")),
    Scene: ((Element, "scene_id"),),
    Element: ((LineTranslation, "element_id"),),
    GlossaryTerm: ((GlossaryRendering, "term_id"),),
    Annotation: ((AnnotationReply, "annotation_id"),),
    Character: ((AddressForm, "speaker_id"), (AddressForm, "addressee_id")),
}

# References that are cleared, not deleted, when what they point at goes. Dialogue keeps the
# speaker's name as text, so deleting a character loses no line.
REFERENCES: dict[type[Base], tuple[tuple[type[Base], str], ...]] = {
    Beat: ((Scene, "beat_id"),),
    Character: ((Element, "speaker_id"),),
    Location: ((Scene, "location_id"),),
}

# Fields a caller may never set directly: keys, bookkeeping and ordering go through commands.
_PROTECTED = {"id", "created_at", "updated_at", "line_id", "position", "number"}


def entity_class(kind: str) -> type[Base]:
    """The ORM class for an entity name such as ``"scene"``."""
    try:
        return ENTITIES[kind]
    except KeyError:
        raise CommandError(_("Unknown kind of item: {kind}.").format(kind=kind)) from None


def _load(session: Session, cls: type[Base], row_id: str) -> Base:
    obj = session.get(cls, row_id)
    if obj is None:
        raise CommandError(_("The item {id} no longer exists.").format(id=row_id))
    return obj


def _siblings(session: Session, cls: type[Base], parent_id: str | None) -> list[Base]:
    order = ORDERINGS[cls]
    query = select(cls)
    if order.parent is not None:
        column = getattr(cls, order.parent)
        query = query.where(column.is_(None) if parent_id is None else column == parent_id)
    return list(session.scalars(query.order_by(getattr(cls, order.key), cls.created_at)))


def _renumber(rec: ChangeRecorder, cls: type[Base], rows: list[Base]) -> None:
    order = ORDERINGS[cls]
    for index, row in enumerate(rows):
        rec.update(row, **{order.key: order.base + index})


def _check_fields(cls: type[Base], fields: dict[str, Any]) -> None:
    columns = {attr.key for attr in cls.__mapper__.column_attrs}
    bad = sorted(k for k in fields if k not in columns or k in _PROTECTED)
    if bad:
        raise CommandError(
            _("These fields cannot be set on a {kind}: {fields}.").format(
                kind=cls.__tablename__, fields=", ".join(bad)
            )
        )


def _project(session: Session) -> Project:
    return session.scalars(select(Project)).one()


def _prepare_element(session: Session, element: Element) -> None:
    """Give dialogue and captions a line id, and dialogue the speaker's name as text."""
    kind = ElementKind(element.kind)
    if kind.has_line_id and not element.line_id:
        element.line_id = _project(session).take_line_id()
    if element.speaker_id and not element.speaker:
        character = session.get(Character, element.speaker_id)
        if character is None:
            raise CommandError(_("The speaker {id} does not exist.").format(id=element.speaker_id))
        language = _project(session).source_language
        element.speaker = character.names.get(language) or next(iter(character.names.values()), "")


class Command:
    """An undoable edit. ``apply`` makes it through the recorder; ``label`` names it in menus."""

    label: str = ""
    #: Consecutive commands with the same non-empty key merge into one undo step (typing).
    merge_key: str | None = None

    def apply(self, rec: ChangeRecorder) -> None:
        raise NotImplementedError


@dataclass
class Create(Command):
    """Create an entity, optionally at ``position`` among its siblings (default: at the end)."""

    kind: str
    fields: dict[str, Any] = field(default_factory=dict)
    position: int | None = None
    created_id: str | None = None

    @property
    def label(self) -> str:  # type: ignore[override]
        return _("Add {kind}").format(kind=_kind_label(self.kind))

    def apply(self, rec: ChangeRecorder) -> None:
        cls = entity_class(self.kind)
        _check_fields(cls, self.fields)
        obj = cls(**self.fields)
        if self.created_id:  # redo after a failed apply keeps the same id
            obj.id = self.created_id
        order = ORDERINGS.get(cls)
        if order is not None:
            parent_id = getattr(obj, order.parent) if order.parent else None
            siblings = _siblings(rec.session, cls, parent_id)
            at = (
                len(siblings)
                if self.position is None
                else max(0, min(self.position, len(siblings)))
            )
            setattr(obj, order.key, order.base + len(siblings))
            if isinstance(obj, Element):
                _prepare_element(rec.session, obj)
            rec.insert(obj)
            siblings.insert(at, obj)
            _renumber(rec, cls, siblings)
        else:
            rec.insert(obj)
        self.created_id = obj.id


@dataclass
class Update(Command):
    """Change fields of an entity. Text edits of one element merge into one undo step."""

    kind: str
    row_id: str
    fields: dict[str, Any] = field(default_factory=dict)
    typing: bool = False

    def __post_init__(self) -> None:
        if self.typing:
            self.merge_key = f"{self.kind}:{self.row_id}"

    @property
    def label(self) -> str:  # type: ignore[override]
        return _("Edit {kind}").format(kind=_kind_label(self.kind))

    def apply(self, rec: ChangeRecorder) -> None:
        cls = entity_class(self.kind)
        _check_fields(cls, self.fields)
        obj = _load(rec.session, cls, self.row_id)
        rec.update(obj, **self.fields)
        if isinstance(obj, Element):
            if "text" in self.fields:  # notes follow their words (recorded, so undo restores)
                reanchor_for_element(rec, obj)
            before_line = obj.line_id
            _prepare_element(rec.session, obj)
            if obj.line_id != before_line:
                rec.session.flush()


@dataclass
class Delete(Command):
    """Delete an entity and what belongs to it; the gap among its siblings closes."""

    kind: str
    row_id: str

    @property
    def label(self) -> str:  # type: ignore[override]
        return _("Delete {kind}").format(kind=_kind_label(self.kind))

    def apply(self, rec: ChangeRecorder) -> None:
        cls = entity_class(self.kind)
        obj = _load(rec.session, cls, self.row_id)
        order = ORDERINGS.get(cls)
        parent_id = getattr(obj, order.parent) if order and order.parent else None
        _delete_tree(rec, obj)
        if order is not None:
            _renumber(rec, cls, _siblings(rec.session, cls, parent_id))


def _delete_tree(rec: ChangeRecorder, obj: Base) -> None:
    cls = type(obj)
    for child_cls, column in CHILDREN.get(cls, ()):
        for child in rec.session.scalars(
            select(child_cls).where(getattr(child_cls, column) == obj.id)
        ):
            _delete_tree(rec, child)
    for ref_cls, column in REFERENCES.get(cls, ()):
        for ref in rec.session.scalars(select(ref_cls).where(getattr(ref_cls, column) == obj.id)):
            rec.update(ref, **{column: None})
    for link in rec.session.scalars(select(HeritageLink).where(HeritageLink.target_id == obj.id)):
        rec.delete(link)
    if isinstance(obj, Element):  # notes on a deleted line become orphans, never deleted
        orphan_notes_for_element(rec, obj)
    rec.delete(obj)


@dataclass
class Move(Command):
    """Move an entity to ``position`` under ``parent_id`` (another lane, scene or episode)."""

    kind: str
    row_id: str
    position: int
    parent_id: str | None = None
    keep_parent: bool = True

    @property
    def label(self) -> str:  # type: ignore[override]
        return _("Move {kind}").format(kind=_kind_label(self.kind))

    def apply(self, rec: ChangeRecorder) -> None:
        cls = entity_class(self.kind)
        order = ORDERINGS.get(cls)
        if order is None:
            raise CommandError(
                _("A {kind} has no order to change.").format(kind=_kind_label(self.kind))
            )
        obj = _load(rec.session, cls, self.row_id)
        old_parent = getattr(obj, order.parent) if order.parent else None
        new_parent = old_parent if self.keep_parent or order.parent is None else self.parent_id
        if new_parent != old_parent:
            if new_parent is None and self.kind != "beat":
                raise CommandError(_("Only a beat can wait outside an episode."))
            rec.update(obj, **{order.parent: new_parent})
            _renumber(
                rec, cls, [s for s in _siblings(rec.session, cls, old_parent) if s is not obj]
            )
        siblings = [s for s in _siblings(rec.session, cls, new_parent) if s is not obj]
        at = max(0, min(self.position, len(siblings)))
        siblings.insert(at, obj)
        _renumber(rec, cls, siblings)


def _kind_label(kind: str) -> str:
    labels = {
        "episode": _("episode"),
        "beat": _("beat"),
        "scene": _("scene"),
        "element": _("script line"),
        "character": _("character"),
        "location": _("location"),
        "glossary_term": _("glossary term"),
        "glossary_rendering": _("glossary rendering"),
        "annotation": _("note"),
        "annotation_reply": _("reply"),
        "address_form": _("form of address"),
    }
    return labels.get(kind, kind)
