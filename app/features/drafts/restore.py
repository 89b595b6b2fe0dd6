"""Restore a named draft: the script becomes what the draft holds, in one undo step.

Rows keep their ids across drafts, so restoring writes only what differs: scenes whose part has
the same digest as the draft's are left alone, lines and scenes the draft does not have are
deleted (notes on them become orphans, keeping their words, as any deletion makes them), and
lines and scenes it has but the script lost come back with their own ids and line ids, so the
notes and translations made on them before find them again. Episodes the draft did not have are
removed after their cards have been moved to the parking lot: the board loses nothing. The cast
and places of the draft are brought back; those added since are kept. While scene numbers are
locked, scenes keep the numbers they have now (``app.project.derived`` numbers the returning
ones and keeps the numbers of the ones taken out as omitted).

The restored script is then kept as a new draft (``restore_draft(save_as=…)``), so the list of
drafts says when the writer went back.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from app.core.i18n import _
from app.features.drafts.snapshot import (
    PROJECT_FIELDS,
    Snapshot,
    fields,
    read_current,
)
from app.features.drafts.store import (
    DraftError,
    DraftInfo,
    draft_snapshot,
    require_writer,
    save_draft,
    unique_name,
)
from app.project.changes import ChangeRecorder, Changeset
from app.project.commands import Command, delete_tree
from app.project.open_project import OpenProject
from app.store.schema import (
    Base,
    Beat,
    Character,
    Element,
    Episode,
    Location,
    Project,
    Scene,
)

logger = logging.getLogger(__name__)


@dataclass
class RestoreDraft(Command):
    """Make the script what ``snapshot`` (the draft ``name``) holds."""

    snapshot: Snapshot
    name: str

    @property
    def label(self) -> str:  # type: ignore[override]
        return _("Restore draft “{name}”").format(name=self.name)

    def apply(self, rec: ChangeRecorder) -> None:
        s = rec.session
        snap = self.snapshot  # every part read before the edit began (``restore_draft``)
        now = read_current(s)
        project = s.scalars(select(Project)).one()
        locked = bool((project.revision or {}).get("locked"))
        for cls, rows in ((Character, snap.characters), (Location, snap.locations),
                          (Episode, snap.episodes)):
            for row in rows:
                _upsert(rec, cls, row)
        beats = set(s.scalars(select(Beat.id)))
        # every scene, and the lines of the scenes whose words differ, read at once: the writes
        # below find them in the session instead of asking the file row by row
        # (the session holds rows weakly: ``held`` keeps them for the whole edit)
        held: list[Base] = list(s.scalars(select(Scene)))
        current = {e.id: e for e in now.scenes}
        differ = [e.id for e in snap.scenes
                  if e.id not in current or current[e.id].digest != e.digest]
        for start in range(0, len(differ), 500):
            held += s.scalars(select(Element).where(Element.scene_id.in_(
                differ[start:start + 500])))
        wanted = {e.id for e in snap.scenes}
        for entry in now.scenes:
            if entry.id not in wanted:
                scene = s.get(Scene, entry.id)
                if scene is not None:
                    delete_tree(rec, scene)
        for entry in snap.scenes:
            here = current.get(entry.id)
            beat = entry.beat_id if entry.beat_id in beats else None
            number = here.locked_number if locked and here is not None else entry.locked_number
            if here is not None and here.digest == entry.digest and (
                    here.episode_id, here.position, here.beat_id, here.locked_number) == (
                    entry.episode_id, entry.position, beat, number):
                continue  # the same words in the same place: nothing to write
            part = snap.part(entry)
            values = dict(part.scene)
            values.update(episode_id=entry.episode_id, position=entry.position, beat_id=beat,
                          locked_number=number)
            _upsert(rec, Scene, values)
            if here is not None and here.digest == entry.digest:
                continue
            keep = {str(e.get("id")) for e in part.elements}
            for element in s.scalars(select(Element).where(Element.scene_id == entry.id)):
                if element.id not in keep:
                    delete_tree(rec, element)
            for position, row in enumerate(part.elements):
                _upsert(rec, Element, {**row, "scene_id": entry.id, "position": position})
        kept_episodes = {e["id"] for e in snap.episodes}
        for episode in list(s.scalars(select(Episode))):
            if episode.id in kept_episodes:
                continue
            for beat in s.scalars(select(Beat).where(Beat.episode_id == episode.id)):
                rec.update(beat, episode_id=None)  # to the parking lot, not lost
            delete_tree(rec, episode)
        _reposition_parked(rec)
        rec.update(project, **{k: snap.project.get(k) for k in PROJECT_FIELDS
                               if k in snap.project})
        del held


def _upsert(rec: ChangeRecorder, cls: type[Base], row: dict[str, Any]) -> Base:
    """Write ``row`` (an id and columns of ``cls``) as it is: create it, or change what
    differs."""
    columns = set(fields(cls.__tablename__)) | {"scene_id", "episode_id", "position",
                                                 "locked_number", "beat_id"}
    values = {k: v for k, v in row.items() if k in columns and hasattr(cls, k)}
    obj = rec.session.get(cls, values["id"])
    if obj is None:
        obj = cls(**values)
        rec.insert(obj)
        return obj
    values.pop("id")
    rec.update(obj, **values)
    return obj


def _reposition_parked(rec: ChangeRecorder) -> None:
    """Number the parking lot's cards 0, 1, 2… (cards arriving from removed episodes go last)."""
    parked = list(rec.session.scalars(select(Beat).where(Beat.episode_id.is_(None))
                                      .order_by(Beat.position, Beat.created_at)))
    for index, beat in enumerate(parked):
        if beat.position != index:
            rec.update(beat, position=index)


def restore_draft(project: OpenProject, name: str, *, save_as: str | None = None,
                  author: str = "") -> tuple[Changeset, DraftInfo | None]:
    """Make the script what the draft ``name`` holds (one undo step), then keep the result as
    the new draft ``save_as`` (None: "NAME (restored)", made unique; "": no new draft).

    Returns what the restore wrote and the new draft. A restore that changes nothing (the
    script already is that draft) makes no undo step and no new draft.
    """
    require_writer(project)
    snapshot = draft_snapshot(project, name)
    snapshot.load(e.digest for e in snapshot.scenes)
    changeset = project.run(RestoreDraft(snapshot, name))
    if not changeset.net():
        logger.info("the script already is the draft %r", name)
        return changeset, None
    if save_as == "":
        return changeset, None
    wanted = save_as or _("{name} (restored)").format(name=name)
    try:
        saved = save_draft(project, unique_name(project, wanted), author=author,
                           note=_("Restored from “{name}”.").format(name=name))
    except DraftError:
        logger.exception("the restore of %r was made but could not be kept as a draft", name)
        raise
    return changeset, saved
