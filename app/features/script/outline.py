"""The script's outline: estimated seconds per scene (the navigator, the editor's live
duration) and where each scene sits (``OutlineIndex``: its episode and its card)."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

from sqlalchemy import select

from app.core.timing import element_seconds
from app.project.open_project import OpenProject
from app.store import schema

logger = logging.getLogger(__name__)


def scene_seconds(project: OpenProject, episode_id: str | None = None) -> dict[str, float]:
    """Estimated screen time of every scene (of one episode, or of the whole project)."""
    seconds: defaultdict[str, float] = defaultdict(float)
    rates = project.rate_book()  # the project's speech rates per language
    with project.file.session() as s:
        query = select(schema.Element.scene_id, schema.Element.kind, schema.Element.text,
                       schema.Element.language)
        if episode_id is not None:
            query = query.join(schema.Scene, schema.Scene.id == schema.Element.scene_id).where(
                schema.Scene.episode_id == episode_id
            )
        # Through the connection: plain rows, without the ORM's row loading, fetched at once
        # (row by row costs a fetch call per element), timed after the read ends.
        rows = s.connection().execute(query).all()
    for scene_id, kind, text, language in rows:
        seconds[scene_id] += element_seconds(kind, text, rates(language))
    return dict(seconds)


def episode_seconds(project: OpenProject) -> dict[str, float]:
    """Estimated screen time of every episode's script, keyed by episode id."""
    with project.file.session() as s:
        episode_of = dict(s.execute(select(schema.Scene.id, schema.Scene.episode_id)).all())
    seconds: defaultdict[str, float] = defaultdict(float)
    for scene_id, value in scene_seconds(project).items():
        seconds[episode_of[scene_id]] += value
    return dict(seconds)


@dataclass(frozen=True)
class OutlineIndex:
    """Where every scene sits — its episode and the card it belongs to — read in one query,
    so following the caret from scene to card asks the file nothing (``outline_index``)."""

    episodes: Mapping[str, str] = field(default_factory=dict)  # scene id -> episode id
    beats: Mapping[str, str] = field(default_factory=dict)  # scene id -> beat id (if any)

    def beat_of(self, scene_id: str | None) -> str | None:
        """The card ``scene_id`` belongs to (None: none, or no such scene)."""
        return self.beats.get(scene_id) if scene_id else None


def outline_index(project: OpenProject) -> OutlineIndex:
    """The episode and card of every scene of ``project``."""
    episodes: dict[str, str] = {}
    beats: dict[str, str] = {}
    with project.file.session() as s:
        for scene_id, episode_id, beat_id in s.execute(
            select(schema.Scene.id, schema.Scene.episode_id, schema.Scene.beat_id)
        ):
            episodes[scene_id] = episode_id
            if beat_id:
                beats[scene_id] = beat_id
    return OutlineIndex(episodes, beats)
