"""Which heritage items a series touches, episode by episode: linked ones and detected terms.

``coverage(project, detected)`` counts, for every heritage entry and episode, the links (to a
beat, a scene or a script line of that episode) and the detected terms
(``app.features.heritage.scan``
results, handed in so the caller decides when spaCy runs), and remembers the first scene in
script order where each entry appears, for jumping there. Qt-free: the coverage view and the
board's lane headers show it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from app.core.i18n import current_language
from app.features.heritage.migrate import migrate_entry
from app.features.heritage.scan import SceneMatches
from app.project.open_project import OpenProject
from app.store.schema import Beat, Element, Episode, HeritageLink, HeritageSnapshot, Scene

logger = logging.getLogger(__name__)

#: Interface language -> library language of entry names.
NAME_LANGUAGES = {"zh": "zh-Hans", "zh_Hans": "zh-Hans", "en": "en", "ar": "ar", "fa": "fa",
                  "pt": "pt", "pt_BR": "pt"}


def entry_name(entry: dict[str, Any] | None, language: str | None = None,
               fallback: str = "") -> str:
    """The entry's name in ``language`` (default: the interface's), else English, else Chinese."""
    if not entry:
        return fallback
    names = entry.get("names", {})
    lang = language or current_language()
    wanted = NAME_LANGUAGES.get(lang, NAME_LANGUAGES.get(lang.split("_")[0], "en"))
    return names.get(wanted) or names.get("en") or names.get("zh-Hans") or fallback


@dataclass(frozen=True)
class EpisodeColumn:
    """One episode of the table."""

    id: str
    number: int
    title: str


@dataclass
class CoverageCell:
    """One entry in one episode: links, detected terms and the first scene it is in."""

    linked: int = 0
    detected: int = 0
    first_scene: str | None = None
    _first_order: tuple[int, int] = (1 << 30, 1 << 30)

    def see(self, scene_id: str | None, order: tuple[int, int]) -> None:
        if scene_id is not None and order < self._first_order:
            self.first_scene, self._first_order = scene_id, order


@dataclass
class Coverage:
    """Heritage entries × episodes."""

    episodes: list[EpisodeColumn] = field(default_factory=list)
    entries: list[str] = field(default_factory=list)  # entry ids, in order of first appearance
    cells: dict[tuple[str, str], CoverageCell] = field(default_factory=dict)

    def cell(self, entry_id: str, episode_id: str) -> CoverageCell | None:
        """The counts of ``entry_id`` in ``episode_id`` (None: it does not appear there)."""
        return self.cells.get((entry_id, episode_id))

    def per_episode(self) -> dict[str, list[str]]:
        """Entry ids of each episode, linked ones first, then by first appearance."""
        order = {entry_id: n for n, entry_id in enumerate(self.entries)}
        result: dict[str, list[str]] = {}
        for entry_id, episode_id in self.cells:
            result.setdefault(episode_id, []).append(entry_id)
        for episode_id, ids in result.items():
            ids.sort(key=lambda e, ep=episode_id: (not self.cells[(e, ep)].linked, order[e]))
        return result


def coverage(project: OpenProject, detected: Iterable[SceneMatches] = ()) -> Coverage:
    """Count links and detected terms of every heritage entry per episode of ``project``."""
    result = Coverage()
    with project.file.sessions() as s:
        episodes = s.execute(
            select(Episode.id, Episode.number, Episode.title).order_by(Episode.number)
        ).all()
        result.episodes = [EpisodeColumn(i, n, t or "") for i, n, t in episodes]
        number = {i: n for i, n, _t in episodes}
        scenes: dict[str, tuple[str, tuple[int, int]]] = {}
        beat_scenes: dict[str, list[str]] = {}
        episode_first: dict[str, tuple[str, tuple[int, int]]] = {}
        for scene_id, episode_id, beat_id, position in s.execute(
            select(Scene.id, Scene.episode_id, Scene.beat_id, Scene.position)
        ):
            if episode_id not in number:
                continue
            order = (number[episode_id], position)
            scenes[scene_id] = (episode_id, order)
            if beat_id:
                beat_scenes.setdefault(beat_id, []).append(scene_id)
            if episode_id not in episode_first or order < episode_first[episode_id][1]:
                episode_first[episode_id] = (scene_id, order)
        links = s.execute(
            select(HeritageLink.target_type, HeritageLink.target_id, HeritageLink.entry_id)
        ).all()
        element_ids = [t for kind, t, _e in links if kind == "element"]
        element_scene = dict(
            s.execute(select(Element.id, Element.scene_id).where(Element.id.in_(element_ids))).all()
        ) if element_ids else {}
        beat_ids = [t for kind, t, _e in links if kind == "beat"]
        beat_episode = dict(
            s.execute(select(Beat.id, Beat.episode_id).where(Beat.id.in_(beat_ids))).all()
        ) if beat_ids else {}
    seen: dict[str, tuple[int, int]] = {}

    def add(entry_id: str, scene_id: str | None, episode_id: str, order: tuple[int, int],
            linked: int, found: int) -> None:
        cell = result.cells.setdefault((entry_id, episode_id), CoverageCell())
        cell.linked += linked
        cell.detected += found
        cell.see(scene_id, order)
        if entry_id not in seen or order < seen[entry_id]:
            seen[entry_id] = order

    for kind, target_id, entry_id in links:
        if kind == "element":
            target_id, kind = element_scene.get(target_id, ""), "scene"
        if kind == "scene" and target_id in scenes:
            episode_id, order = scenes[target_id]
            add(entry_id, target_id, episode_id, order, 1, 0)
        elif kind == "beat" and beat_episode.get(target_id) in number:
            episode_id = beat_episode[target_id]
            own = sorted((scenes[sc][1], sc) for sc in beat_scenes.get(target_id, ())
                         if sc in scenes)
            scene_id, order = ((own[0][1], own[0][0]) if own
                               else episode_first.get(episode_id, (None, (number[episode_id], 0))))
            add(entry_id, scene_id, episode_id, order, 1, 0)
    for scene in detected:
        if scene.scene_id not in scenes:
            continue
        episode_id, order = scenes[scene.scene_id]
        for match in scene.matches:
            for entry_id in match.match.entry_ids:
                add(entry_id, scene.scene_id, episode_id, order, 0, 1)
    result.entries = sorted(seen, key=lambda e: (seen[e], e))
    return result


def snapshot_entries(project: OpenProject) -> dict[str, dict[str, Any]]:
    """The entries the project keeps a copy of (names for items the library no longer has)."""
    with project.file.sessions() as s:
        return {
            row.entry_id: migrate_entry(row.data)  # a copy made by an older Kiln
            for row in s.scalars(select(HeritageSnapshot))
        }
