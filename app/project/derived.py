"""What follows from an edit, whatever command made it: written in the edit's own transaction,
so the recorder puts it in the same changeset and undo, redo and replay carry it too.

- A dialogue line or caption gets its stable line id, and a line with a speaker the speaker's
  name as text (translator packets and XLIFF depend on both).
- Notes on a line follow their words when its text changes, and become orphans (keeping their
  quote) when it is deleted (``app.core.anchors``); so do the line's bold, italic and underlined
  stretches and the places of boneyard kept in it (``app.core.styles``).
- Rows that point at "any row" (heritage links) go with the row they point at, as the schema
  declares (``app.store.schema.ANY_ROW_CASCADE``).
- While the project's scene numbers are locked (``Project.revision["locked"]``, production
  revisions), a new scene gets a number no scene has or had (``3-2A`` after ``3-2``) and a
  deleted scene leaves its number behind as omitted (``app.core.scene_numbers``).
"""

from __future__ import annotations

import logging
from functools import cache
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.anchors import Anchor, edit_region, relocate
from app.core.enums import AnnotationTarget, ElementKind, ScriptLayout
from app.core.errors import CommandError
from app.core.i18n import _
from app.core.scene_numbers import derived_number, inserted_number
from app.core.styles import STYLES_KEY, follow_edit, to_attrs
from app.project.changes import ChangeRecorder, RowChange
from app.store.schema import Annotation, Base, Character, Element, Episode, Project, Scene

logger = logging.getLogger(__name__)


def follow_up(rec: ChangeRecorder) -> None:
    """Make the writes that follow from what ``rec`` has recorded so far."""
    changes = rec.changeset.net()
    elements = [c for c in changes if c.table == Element.__tablename__]
    for change in elements:
        if change.after is not None:
            _prepare_element(rec, change.row_id)
    for change in elements:
        if change.after is None:
            if change.before is not None:
                _orphan_notes(rec, change.row_id)
        elif change.before is not None and change.before.get("text") != change.after.get("text"):
            _reanchor_notes(rec, change)
            _restyle(rec, change)
    gone = {c.row_id for c in changes if c.before is not None and c.after is None}
    if gone:
        _delete_rows_pointing_at(rec, gone)
    scenes = [c for c in changes if c.table == Scene.__tablename__]
    if scenes:
        _keep_scene_numbers(rec, scenes)


def _prepare_element(rec: ChangeRecorder, element_id: str) -> None:
    element = rec.session.get(Element, element_id)
    if element is None:
        return
    values: dict[str, Any] = {}
    if ElementKind(element.kind).has_line_id and not element.line_id:
        values["line_id"] = _project(rec.session).take_line_id()
    if element.speaker_id and not element.speaker:
        character = rec.session.get(Character, element.speaker_id)
        if character is None:
            raise CommandError(_("The speaker {id} does not exist.").format(id=element.speaker_id))
        language = _project(rec.session).source_language
        values["speaker"] = character.names.get(language) or next(
            iter(character.names.values()), ""
        )
    if values:
        rec.update(element, **values)


def _project(session: Session) -> Project:
    return session.scalars(select(Project)).one()


def _text_notes(session: Session, element_id: str) -> list[Annotation]:
    return list(
        session.scalars(
            select(Annotation).where(
                Annotation.target_type == AnnotationTarget.TEXT.value,
                Annotation.target_id == element_id,
            )
        )
    )


def _reanchor_notes(rec: ChangeRecorder, change: RowChange) -> None:
    """Move the notes on a line to where their words are now, or make them orphans."""
    assert change.before is not None and change.after is not None
    old_text = change.before.get("text")
    new_text = change.after.get("text") or ""
    for note in _text_notes(rec.session, change.row_id):
        anchor = Anchor.from_json(note.anchor or {})
        moved = relocate(anchor, new_text, old_text)
        if moved != anchor:
            rec.update(note, anchor=_with_extras(note.anchor, moved))
            if moved.orphan:
                logger.info("note %s is now an orphan (quote %r)", note.id, anchor.quote)


def _restyle(rec: ChangeRecorder, change: RowChange) -> None:
    """Move the line's style ranges and inline boneyard with its words, unless the edit set
    them itself."""
    assert change.before is not None and change.after is not None
    before = change.before.get("attrs") or {}
    if before != (change.after.get("attrs") or {}):
        return
    attrs = dict(before)
    old_text = change.before.get("text") or ""
    new_text = change.after.get("text") or ""
    if attrs.get(STYLES_KEY):
        attrs[STYLES_KEY] = to_attrs(follow_edit(attrs[STYLES_KEY], old_text, new_text))
    bones = attrs.get("boneyard")
    if isinstance(bones, list) and any(isinstance(b, dict) and "at" in b for b in bones):
        attrs["boneyard"] = [
            {**b, "at": _follow_point(int(b["at"]), old_text, new_text)}
            if isinstance(b, dict) and "at" in b else b
            for b in bones
        ]
    if attrs != before:
        element = rec.session.get(Element, change.row_id)
        if element is not None:
            rec.update(element, attrs=attrs)


def _follow_point(at: int, old: str, new: str) -> int:
    head, old_end, new_end = edit_region(old, new)
    if at <= head:
        return at
    return at + (new_end - old_end) if at >= old_end else new_end


def _orphan_notes(rec: ChangeRecorder, element_id: str) -> None:
    """The line was deleted: its notes become orphans, keeping their quotes."""
    for note in _text_notes(rec.session, element_id):
        anchor = Anchor.from_json(note.anchor or {})
        if not anchor.orphan:
            rec.update(note, anchor=_with_extras(note.anchor, anchor.orphaned()))


#: The keys of a stored anchor that ``Anchor`` itself writes; others (a sync conflict's facts,
#: ``app.features.studio``) ride along unchanged when the anchor moves.
_ANCHOR_KEYS = frozenset({"element_id", "start", "end", "quote", "prefix", "suffix", "orphan",
                          "fuzzy"})


def _with_extras(stored: dict[str, Any] | None, anchor: Anchor) -> dict[str, Any]:
    extras = {k: v for k, v in (stored or {}).items() if k not in _ANCHOR_KEYS}
    return {**anchor.to_json(), **extras}


@cache
def _any_row_cascades() -> tuple[tuple[type[Base], Any], ...]:
    """Columns that may point at a row of any table and go with it (see the schema)."""
    found = []
    for mapper in Base.registry.mappers:
        for column in mapper.local_table.columns:
            info = column.info
            if info.get("refers_to_any_row") and info.get("on_delete") == "cascade":
                found.append((mapper.class_, getattr(mapper.class_, column.key)))
    return tuple(found)


def _delete_rows_pointing_at(rec: ChangeRecorder, gone: set[str]) -> None:
    ids = sorted(gone)
    for cls, column in _any_row_cascades():
        for start in range(0, len(ids), 500):
            for row in rec.session.scalars(select(cls).where(column.in_(ids[start : start + 500]))):
                rec.delete(row)


# -- locked scene numbers -------------------------------------------------------------------


def _keep_scene_numbers(rec: ChangeRecorder, changes: list[RowChange]) -> None:
    """While scene numbers are locked: number new scenes, keep the numbers of deleted ones as
    omitted, and take a number back from the omitted when its scene returns."""
    project = _project(rec.session)
    revision = dict(project.revision or {})
    if not revision.get("locked"):
        return
    omitted = [dict(o) for o in revision.get("omitted") or [] if isinstance(o, dict)]
    before = list(omitted)
    for change in changes:
        old = change.before or {}
        if change.after is None and old.get("locked_number"):
            if all(o.get("number") != old["locked_number"] for o in omitted):
                omitted.append({"number": old["locked_number"], "episode_id": old["episode_id"]})
    back = {c.after.get("locked_number") for c in changes if c.after is not None}
    omitted = [o for o in omitted if o.get("number") not in back]
    unnumbered = [c.row_id for c in changes
                  if c.after is not None and not c.after.get("locked_number")]
    if unnumbered:
        _number_new_scenes(rec, project, unnumbered, {str(o.get("number")) for o in omitted})
    if omitted != before:
        rec.update(project, revision={**revision, "omitted": omitted})


def _number_new_scenes(rec: ChangeRecorder, project: Project, scene_ids: list[str],
                       omitted: set[str]) -> None:
    session = rec.session
    episodes = {e.id: e for e in session.scalars(select(Episode))}
    feature = project.layout == ScriptLayout.HOLLYWOOD.value and len(episodes) == 1 and not next(
        iter(episodes.values())).title
    scenes = [s for s in (session.get(Scene, i) for i in scene_ids) if s is not None]
    scenes.sort(key=lambda s: (episodes[s.episode_id].number, s.position))
    for scene in scenes:
        siblings = list(session.scalars(
            select(Scene).where(Scene.episode_id == scene.episode_id)
            .order_by(Scene.position, Scene.created_at)))
        at = next(i for i, s in enumerate(siblings) if s.id == scene.id)
        earlier = next((s.locked_number for s in reversed(siblings[:at]) if s.locked_number),
                       None)
        later = next((s.locked_number for s in siblings[at + 1:] if s.locked_number), None)
        taken = set(omitted) | set(session.scalars(
            select(Scene.locked_number).where(Scene.locked_number.is_not(None))))
        fallback = derived_number(episodes[scene.episode_id].number, at, feature)
        rec.update(scene, locked_number=inserted_number(earlier, later, taken, fallback))
