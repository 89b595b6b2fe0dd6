"""Detect heritage terms across a whole project: results per scene, in script order.

A whole project is read and matched a batch of scenes at a time (``SCENE_BATCH``, in script
order): the paragraphs, their places and spaCy's Docs of one batch are freed before the next is
read, so a 100-episode series never holds all 40,000 paragraphs (and their Docs) at once. The
results are those of one pass over everything: every paragraph is matched on its own.
"""

from __future__ import annotations

import logging
from collections.abc import Collection
from dataclasses import dataclass, field

from sqlalchemy import select

from app.core.records import scene_number
from app.features.heritage.detect import Detector, Match
from app.project.open_project import OpenProject
from app.store.schema import Element, Episode, Scene

logger = logging.getLogger(__name__)

#: Scenes read and matched together when a whole project is scanned.
SCENE_BATCH = 50


@dataclass(frozen=True)
class ElementMatch:
    """A term found in one script paragraph."""

    element_id: str
    element: int  # the paragraph's place in its scene, from 1
    line_id: str | None
    kind: str
    match: Match
    field: str = "text"  # or "parenthetical": the part of the paragraph the offsets refer to


@dataclass
class SceneMatches:
    """Everything found in one scene."""

    scene_id: str
    number: str
    matches: list[ElementMatch] = field(default_factory=list)


@dataclass
class ScriptText:
    """The script paragraphs of some scenes, read from the project: plain data that can go to
    another thread while the project itself stays with its own."""

    scenes: dict[str, SceneMatches]
    places: list[tuple[SceneMatches, str, int, str | None, str, str]]
    texts: list[str]
    complete: bool  # every scene was read (else: only the scenes asked for)


def detect_project(
    project: OpenProject, detector: Detector, scene_ids: Collection[str] | None = None
) -> list[SceneMatches]:
    """Every library term in the project's script, per scene (scenes without terms left out).

    With ``scene_ids`` only those scenes are read, and each of them that still exists is
    returned even when nothing is found in it (so a caller can clear what it showed before).
    """
    found: list[SceneMatches] = []
    for batch in scene_batches(project, scene_ids):
        found += detect_in(read_script(project, batch, complete=scene_ids is None), detector)
    return found


def scene_batches(
    project: OpenProject, scene_ids: Collection[str] | None = None, size: int | None = None
) -> list[list[str]]:
    """The project's scenes (or those of ``scene_ids`` that exist) in script order, ``size``
    (default ``SCENE_BATCH``) at a time: what ``read_script`` reads in one go."""
    size = size or SCENE_BATCH
    with project.file.sessions() as session:
        query = (
            select(Scene.id)
            .join(Episode, Scene.episode_id == Episode.id)
            .order_by(Episode.number, Scene.position)
        )
        if scene_ids is not None:
            query = query.where(Scene.id.in_(list(scene_ids)))
        ordered = list(session.scalars(query))
    return [ordered[at : at + size] for at in range(0, len(ordered), size)]


def read_script(
    project: OpenProject,
    scene_ids: Collection[str] | None = None,
    *,
    complete: bool | None = None,
) -> ScriptText:
    """The paragraphs ``detect_in`` looks at: all scenes', or only those of ``scene_ids``.

    ``complete`` says whether the result is part of a scan of every scene (then scenes without
    terms are left out of ``detect_in``'s answer); by default, whether ``scene_ids`` is None.
    """
    wanted = None if scene_ids is None else list(scene_ids)
    with project.file.sessions() as session:
        query = (
            select(Scene.id, Scene.locked_number, Episode.number, Scene.position)
            .join(Episode, Scene.episode_id == Episode.id)
            .order_by(Episode.number, Scene.position)
        )
        if wanted is not None:
            query = query.where(Scene.id.in_(wanted))
        scenes = {
            scene_id: SceneMatches(scene_id, locked or scene_number(episode, position))
            for scene_id, locked, episode, position in session.execute(query)
        }
        table = Element.__table__.c  # plain Core rows: no ORM work for 40,000 paragraphs
        elements = (
            select(table.id, table.scene_id, table.position, table.kind)
            .add_columns(table.text, table.line_id, table.parenthetical)
            .order_by(table.scene_id, table.position)
        )
        if wanted is not None:
            elements = elements.where(table.scene_id.in_(wanted))
        places, texts = [], []
        kinds: dict[str, str] = {}  # one string per kind, not one per paragraph
        # Row by row from the cursor: the rows are never all in memory at once.
        for element_id, scene_id, position, kind, text, line_id, parenthetical in (
            session.connection().execute(elements)
        ):
            if scene_id not in scenes:
                continue
            kind = kinds.setdefault(kind, kind)
            for name, part in (("text", text), ("parenthetical", parenthetical)):
                if part:
                    places.append(
                        (scenes[scene_id], element_id, position + 1, line_id, kind, name)
                    )
                    texts.append(part)
    return ScriptText(
        scenes, places, texts, complete=wanted is None if complete is None else complete
    )


def detect_in(script: ScriptText, detector: Detector) -> list[SceneMatches]:
    """The library terms found in ``script``, per scene (see ``detect_project``)."""
    for (scene, element_id, number, line_id, kind, name), found in zip(
        script.places, detector.detect_many(script.texts), strict=True
    ):
        for match in found:
            scene.matches.append(ElementMatch(element_id, number, line_id, kind, match, name))
    return [s for s in script.scenes.values() if s.matches or not script.complete]
