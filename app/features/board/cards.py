"""The beat board's queries and compound edits: badges, filter facts, multi-card moves.

One pass over the linked tables gives, for every beat, how many heritage items and notes are
attached, which heritage entries it links (itself or through its scenes and their lines) and
which characters appear in its scenes, so the board filters without asking per card.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.i18n import _
from app.project.changes import ChangeRecorder
from app.project.commands import Command, Delete, Move
from app.project.open_project import OpenProject
from app.store import schema

logger = logging.getLogger(__name__)


@dataclass
class BoardFacts:
    """Per-beat counts and links (beats with nothing linked are simply absent)."""

    heritage: dict[str, set[str]] = field(default_factory=dict)
    notes: dict[str, int] = field(default_factory=dict)
    characters: dict[str, set[str]] = field(default_factory=dict)
    scenes: dict[str, list[str]] = field(default_factory=dict)

    def heritage_count(self, beat_id: str) -> int:
        return len(self.heritage.get(beat_id, ()))

    def note_count(self, beat_id: str) -> int:
        return self.notes.get(beat_id, 0)


def board_facts(project: OpenProject) -> BoardFacts:
    """Badges and filter facts for every beat of ``project``."""
    facts = BoardFacts()
    heritage: defaultdict[str, set[str]] = defaultdict(set)
    notes: defaultdict[str, int] = defaultdict(int)
    characters: defaultdict[str, set[str]] = defaultdict(set)
    scenes: defaultdict[str, list[str]] = defaultdict(list)
    with project.file.session() as s:
        scene_beat: dict[str, str] = {}
        for scene_id, beat_id, cast in s.execute(
            select(schema.Scene.id, schema.Scene.beat_id, schema.Scene.cast).where(
                schema.Scene.beat_id.is_not(None)
            ).order_by(schema.Scene.position)
        ):
            scene_beat[scene_id] = beat_id
            scenes[beat_id].append(scene_id)
            characters[beat_id].update(cast or ())
        for beat_id, speaker_id in s.execute(  # who speaks in each card's scenes, in SQL
            select(schema.Scene.beat_id, schema.Element.speaker_id)
            .join(schema.Scene, schema.Scene.id == schema.Element.scene_id)
            .where(schema.Scene.beat_id.is_not(None), schema.Element.speaker_id.is_not(None))
            .distinct()
        ):
            characters[beat_id].add(speaker_id)
        links = s.execute(
            select(schema.HeritageLink.target_type, schema.HeritageLink.target_id,
                   schema.HeritageLink.entry_id)
        ).all()
        notes_on = s.execute(
            select(schema.Annotation.target_type, schema.Annotation.target_id)
        ).all()
        wanted = {t for _k, t, *_rest in links} | {t for _k, t in notes_on}
        element_beat = _element_beats(s, wanted - scene_beat.keys())

        def owner(target_type: str, target_id: str) -> str | None:
            if target_type == "beat":
                return target_id
            if target_type == "scene":
                return scene_beat.get(target_id)
            return element_beat.get(target_id)

        for target_type, target_id, entry_id in links:
            beat_id = owner(target_type, target_id)
            if beat_id is not None:
                heritage[beat_id].add(entry_id)
        for target_type, target_id in notes_on:
            beat_id = owner("element" if target_type == "text" else target_type, target_id)
            if beat_id is not None:
                notes[beat_id] += 1
    facts.heritage, facts.notes = dict(heritage), dict(notes)
    facts.characters, facts.scenes = dict(characters), dict(scenes)
    return facts


def _element_beats(session: Session, element_ids: set[str]) -> dict[str, str]:
    """The card each of ``element_ids`` belongs to (through its scene), in chunks."""
    found: dict[str, str] = {}
    ids = sorted(element_ids)
    for start in range(0, len(ids), 500):
        found.update(session.execute(
            select(schema.Element.id, schema.Scene.beat_id)
            .join(schema.Scene, schema.Scene.id == schema.Element.scene_id)
            .where(schema.Element.id.in_(ids[start:start + 500]),
                   schema.Scene.beat_id.is_not(None))
        ).all())
    return found


@dataclass
class MoveBeats(Command):
    """Move several cards, in order, to ``position`` in one lane (None: the parking lot);
    ``with_scenes``: their linked scenes in other episodes move to the end of that episode too,
    in the same undo step."""

    beat_ids: list[str]
    episode_id: str | None
    position: int
    with_scenes: bool = False
    #: the cards whose scenes ``with_scenes`` moves (default: ``beat_ids``)
    scenes_of: list[str] | None = None

    @property
    def label(self) -> str:  # type: ignore[override]
        if not self.beat_ids:
            return _("Move scenes")
        return _("Move cards") if len(self.beat_ids) > 1 else _("Move beat")

    def apply(self, rec: ChangeRecorder) -> None:
        for offset, beat_id in enumerate(self.beat_ids):
            Move("beat", beat_id, self.position + offset, parent_id=self.episode_id,
                 keep_parent=False).apply(rec)
        if not self.with_scenes or self.episode_id is None:
            return
        cards = self.scenes_of if self.scenes_of is not None else self.beat_ids
        for scene_id in _scenes_elsewhere(rec.session, cards, self.episode_id):
            Move("scene", scene_id, 10**9, parent_id=self.episode_id,
                 keep_parent=False).apply(rec)


def _scenes_elsewhere(session: Session, beat_ids: list[str], episode_id: str) -> list[str]:
    rows = session.execute(
        select(schema.Scene.id, schema.Scene.beat_id)
        .join(schema.Episode, schema.Episode.id == schema.Scene.episode_id)
        .where(schema.Scene.beat_id.in_(beat_ids), schema.Scene.episode_id != episode_id)
        .order_by(schema.Episode.number, schema.Scene.position)).all()
    order = {beat_id: index for index, beat_id in enumerate(beat_ids)}
    return [scene_id for scene_id, beat_id in sorted(rows, key=lambda r: order[r[1]])]


def scenes_left_behind(project: OpenProject, beat_ids: list[str], episode_id: str | None) -> int:
    """How many scenes linked to ``beat_ids`` are in another episode than ``episode_id`` (the
    board offers to move them along with their cards)."""
    if episode_id is None:
        return 0
    with project.file.session() as s:
        return len(_scenes_elsewhere(s, list(beat_ids), episode_id))


@dataclass
class DeleteBeats(Command):
    """Delete several cards as one undo step."""

    beat_ids: list[str]

    @property
    def label(self) -> str:  # type: ignore[override]
        return _("Delete cards") if len(self.beat_ids) > 1 else _("Delete beat")

    def apply(self, rec: ChangeRecorder) -> None:
        for beat_id in self.beat_ids:
            Delete("beat", beat_id).apply(rec)
