"""The estimated timeline of each episode: where every script element starts and ends.

The seconds model (``app.core.timing``, with the project's speech rates per language) gives
each element its screen time; laid end to end in script order, scene after scene, they give each
element's start and end within its episode. The dialogue list, the subtitle drafts, the fit
checks and the rhythm's hook check read it. One query reads the whole series, so 100 episodes
cost one pass.
"""

from __future__ import annotations

import logging
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from sqlalchemy import select

from app.core.enums import ElementKind
from app.core.records import EpisodeRecord
from app.core.timing import TIMED, RateBook, element_seconds
from app.project.open_project import OpenProject
from app.store import schema

logger = logging.getLogger(__name__)


class TimedElement(NamedTuple):
    """One script element with its place in the episode's estimated timeline (seconds).

    A named tuple: a series makes tens of thousands of them, and a frozen dataclass costs five
    times as much to build."""

    element_id: str
    scene_id: str
    beat_id: str | None  # the card of its scene
    kind: ElementKind
    text: str
    speaker: str
    extension: str
    parenthetical: str
    language: str | None
    line_id: str | None
    start: float
    end: float

    @property
    def seconds(self) -> float:
        return self.end - self.start


@dataclass
class EpisodeTimeline:
    """An episode's elements in script order with their times, and where each scene starts."""

    episode: EpisodeRecord
    elements: list[TimedElement] = field(default_factory=list)
    #: scene id -> (start second, card id) in script order
    scenes: dict[str, tuple[float, str | None]] = field(default_factory=dict)

    @property
    def seconds(self) -> float:
        """The episode's estimated length: the end of its last timed element."""
        return self.elements[-1].end if self.elements else 0.0


def timelines(project: OpenProject, rates: RateBook | None = None,
              episodes: tuple[int, int] | None = None,
              scenes: Collection[str] | None = None) -> list[EpisodeTimeline]:
    """The timeline of every episode (``episodes``: a first-last range of numbers; ``scenes``:
    only the episodes holding these scenes — what a view times again after typing), in order.

    Elements that take no time (headings, transitions, notes) are left out."""
    rates = rates or project.rate_book()
    holding: set[str] | None = None
    if scenes is not None:
        with project.file.session() as s:
            holding = set(s.scalars(select(schema.Scene.episode_id).where(
                schema.Scene.id.in_(list(scenes)))))
    result: dict[str, EpisodeTimeline] = {}
    for episode in project.episodes():
        if (episodes is None or episodes[0] <= episode.number <= episodes[1]) and (
                holding is None or episode.id in holding):
            result[episode.id] = EpisodeTimeline(episode)
    # Core columns, not ORM entities: plain tuples, no ORM row processing for 30,000 rows
    e, sc = schema.Element.__table__.c, schema.Scene.__table__.c
    query = (
        select(sc.episode_id, sc.id, sc.beat_id, e.id, e.kind, e.text, e.speaker, e.extension,
               e.parenthetical, e.language, e.line_id)
        .join_from(schema.Element.__table__, schema.Scene.__table__, e.scene_id == sc.id)
        .join(schema.Episode.__table__, sc.episode_id == schema.Episode.__table__.c.id)
        .order_by(schema.Episode.__table__.c.number, sc.position, e.position)
    )
    scene_query = select(sc.id, sc.episode_id, sc.beat_id).order_by(sc.episode_id, sc.position)
    if holding is not None or episodes is not None:  # read only the episodes asked for
        query = query.where(sc.episode_id.in_(list(result)))
        scene_query = scene_query.where(sc.episode_id.in_(list(result)))
    clock: dict[str, float] = {}
    kinds = {k.value: k for k in ElementKind}
    shared: dict[str | None, str | None] = {}

    def same(value: str | None) -> Any:  # equal strings read from the file made one object
        return shared.setdefault(value, value)

    # The rows are fetched first and timed after the read ends: the file is read-locked only
    # as long as the fetch takes, so a window timing the series off its UI thread never holds
    # up the writer's next commit while it counts.
    with project.file.session() as s:
        # every scene, in order, even one with nothing timed in it yet
        scene_rows = s.connection().execute(scene_query).all()
        rows = s.connection().execute(query).all()
    first: dict[str, list[tuple[str, str | None]]] = {}
    for scene_id, episode_id, beat_id in scene_rows:
        first.setdefault(episode_id, []).append((scene_id, beat_id))
    for (episode_id, scene_id, beat_id, element_id, kind, text, speaker, extension,
         parenthetical, language, line_id) in rows:
        timeline = result.get(episode_id)
        if timeline is None:
            continue
        start = clock.get(episode_id, 0.0)
        if scene_id not in timeline.scenes:
            timeline.scenes[scene_id] = (start, beat_id)
        element_kind = kinds.get(kind)
        if element_kind is None or element_kind not in TIMED:
            continue
        seconds = element_seconds(element_kind, text, rates(language))
        if seconds <= 0:
            continue
        clock[episode_id] = start + seconds
        # One string per scene, card, speaker and language, not one per element: the series'
        # 30,000 timed elements stay in memory while the window shows them.
        timeline.elements.append(TimedElement(
            element_id, same(scene_id), same(beat_id), element_kind, text, same(speaker),
            same(extension or ""), same(parenthetical or ""), same(language), line_id, start,
            start + seconds))
    for episode_id, timeline in result.items():
        # scenes without elements start where the scene before them ended
        ordered: dict[str, tuple[float, str | None]] = {}
        ends: dict[str, float] = {el.scene_id: el.end for el in timeline.elements}
        at = 0.0
        for scene_id, beat_id in first.get(episode_id, []):
            start = timeline.scenes.get(scene_id, (at, beat_id))[0]
            ordered[scene_id] = (start, beat_id)
            at = ends.get(scene_id, start)
        timeline.scenes = ordered
    return list(result.values())
