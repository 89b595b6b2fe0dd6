"""Detect heritage terms across a whole project: results per scene, in script order."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from sqlalchemy import select

from app.domain.records import scene_number
from app.nlp.detect import Detector, Match
from app.services.project import OpenProject
from app.store.schema import Element, Episode, Scene

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ElementMatch:
    """A term found in one script paragraph."""

    element_id: str
    element: int  # the paragraph's place in its scene, from 1
    line_id: str | None
    kind: str
    match: Match


@dataclass
class SceneMatches:
    """Everything found in one scene."""

    scene_id: str
    number: str
    matches: list[ElementMatch] = field(default_factory=list)


def detect_project(project: OpenProject, detector: Detector) -> list[SceneMatches]:
    """Every library term in the project's script, per scene (scenes without terms left out)."""
    with project.file.sessions() as session:
        scenes = {
            scene_id: SceneMatches(scene_id, locked or scene_number(episode, position))
            for scene_id, locked, episode, position in session.execute(
                select(Scene.id, Scene.locked_number, Episode.number, Scene.position)
                .join(Episode, Scene.episode_id == Episode.id)
                .order_by(Episode.number, Scene.position)
            )
        }
        table = Element.__table__.c  # plain Core rows: no ORM work for 40,000 paragraphs
        rows = (
            session.connection()
            .execute(
                select(table.id, table.scene_id, table.position, table.kind)
                .add_columns(table.text, table.line_id, table.parenthetical)
                .order_by(table.scene_id, table.position)
            )
            .all()
        )
    places, texts = [], []
    for element_id, scene_id, position, kind, text, line_id, parenthetical in rows:
        if scene_id not in scenes:
            continue
        for part in (text, parenthetical):
            if part:
                places.append((scenes[scene_id], element_id, position + 1, line_id, kind))
                texts.append(part)
    for (scene, element_id, number, line_id, kind), found in zip(
        places, detector.detect_many(texts), strict=True
    ):
        for match in found:
            scene.matches.append(ElementMatch(element_id, number, line_id, kind, match))
    return [s for s in scenes.values() if s.matches]
