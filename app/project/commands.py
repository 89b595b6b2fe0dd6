"""Undoable edits of a project: create, edit, delete and move any entity.

The window and the command line both edit through these commands, so an edit behaves the same
everywhere and can always be undone. Commands name entities by the writer's words
(``"episode"``, ``"beat"``, ``"scene"``, ``"element"``, ``"character"``, ``"location"`` …).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.errors import CommandError
from app.core.i18n import _
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
    Location,
    Scene,
)

logger = logging.getLogger(__name__)


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


def _check_references(session: Session, cls: type[Base], fields: dict[str, Any]) -> None:
    """Every key a caller sets must name an existing row (a message, not a database error)."""
    for key, value in fields.items():
        if value is None:
            continue
        for fk in cls.__table__.c[key].foreign_keys:
            if session.get(_class_of(fk.column.table.name), value) is None:
                raise CommandError(_("The item {id} no longer exists.").format(id=value))


@cache
def _class_of(table_name: str) -> type[Base]:
    return next(m.class_ for m in Base.registry.mappers if m.local_table.name == table_name)


def _check_fields(cls: type[Base], fields: dict[str, Any]) -> None:
    columns = {attr.key for attr in cls.__mapper__.column_attrs}
    bad = sorted(k for k in fields if k not in columns or k in _PROTECTED)
    if bad:
        raise CommandError(
            _("These fields cannot be set on a {kind}: {fields}.").format(
                kind=cls.__tablename__, fields=", ".join(bad)
            )
        )


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
        _check_references(rec.session, cls, self.fields)
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
        _check_references(rec.session, cls, self.fields)
        obj = _load(rec.session, cls, self.row_id)
        rec.update(obj, **self.fields)


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


def delete_tree(rec: ChangeRecorder, obj: Base) -> None:
    """Delete ``obj`` and what goes with it, as ``Delete`` does, without closing the gap among
    its siblings (for commands that set every position themselves)."""
    _delete_tree(rec, obj)


def _delete_tree(rec: ChangeRecorder, obj: Base) -> None:
    """Delete ``obj`` after what its schema says goes with it (``app.store.schema.CASCADE``):
    rows whose key points at it are deleted or let go, children first so keys hold."""
    for column, child_cls in _referring_columns(type(obj)):
        rule = column.info.get("on_delete")
        rows = rec.session.scalars(select(child_cls).where(column == obj.id)).all()
        for row in rows:
            if rule == "cascade":
                _delete_tree(rec, row)
            else:
                rec.update(row, **{column.key: None})
    rec.delete(obj)


@cache
def _referring_columns(cls: type[Base]) -> list[tuple[Any, type[Base]]]:
    """Foreign-key columns of every table that point at ``cls``'s table, with their class."""
    found = []
    for mapper in Base.registry.mappers:
        for column in mapper.local_table.columns:
            if any(fk.column.table is cls.__table__ for fk in column.foreign_keys):
                rule = column.info.get("on_delete")
                if rule not in ("cascade", "set null"):
                    raise RuntimeError(f"{column} has no on_delete rule in app.store.schema")
                found.append((getattr(mapper.class_, column.key), mapper.class_))
    return found


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
