"""Estimated seconds per scene, for the navigator and the editor's live duration."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select

from app.core.timing import element_seconds
from app.project.open_project import OpenProject
from app.store import schema


def scene_seconds(project: OpenProject, episode_id: str | None = None) -> dict[str, float]:
    """Estimated screen time of every scene (of one episode, or of the whole project)."""
    seconds: defaultdict[str, float] = defaultdict(float)
    with project.file.session() as s:
        query = select(schema.Element.scene_id, schema.Element.kind, schema.Element.text)
        if episode_id is not None:
            query = query.join(schema.Scene, schema.Scene.id == schema.Element.scene_id).where(
                schema.Scene.episode_id == episode_id
            )
        for scene_id, kind, text in s.execute(query):
            seconds[scene_id] += element_seconds(kind, text)
    return dict(seconds)


def episode_seconds(project: OpenProject) -> dict[str, float]:
    """Estimated screen time of every episode's script, keyed by episode id."""
    with project.file.session() as s:
        episode_of = dict(s.execute(select(schema.Scene.id, schema.Scene.episode_id)).all())
    seconds: defaultdict[str, float] = defaultdict(float)
    for scene_id, value in scene_seconds(project).items():
        seconds[episode_of[scene_id]] += value
    return dict(seconds)
