"""Episodes as the writer manages them: add, rename, reorder and delete, each one undo step.

The navigator's and the lane headers' menus (and their shortcuts) run these commands. An episode
added here comes with one blank scene, so the writer can type into it at once; deleting one
takes its scenes and cards with it (``app.store.schema``'s cascade), so the window asks first
when it holds any (``episode_contents``).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy import func, select

from app.core.i18n import _
from app.project.changes import ChangeRecorder
from app.project.commands import Command, Create, Delete, Move, Update
from app.project.open_project import OpenProject
from app.store import schema

logger = logging.getLogger(__name__)


@dataclass
class AddEpisode(Command):
    """A new episode at ``number`` (1-based; None: at the end) with one blank scene.
    ``created_id`` is the episode's id, ``scene_id`` its scene's."""

    number: int | None = None
    title: str = ""
    created_id: str | None = None
    scene_id: str | None = None

    @property
    def label(self) -> str:  # type: ignore[override]
        return _("Add episode")

    def apply(self, rec: ChangeRecorder) -> None:
        position = None if self.number is None else max(0, self.number - 1)
        episode = Create("episode", {"title": self.title.strip()}, position=position)
        episode.apply(rec)
        self.created_id = episode.created_id
        scene = Create("scene", {"episode_id": self.created_id})
        scene.apply(rec)
        self.scene_id = scene.created_id


@dataclass
class RenameEpisode(Command):
    """Give episode ``episode_id`` the title ``title``."""

    episode_id: str
    title: str

    @property
    def label(self) -> str:  # type: ignore[override]
        return _("Rename episode")

    def apply(self, rec: ChangeRecorder) -> None:
        Update("episode", self.episode_id, {"title": self.title.strip()}).apply(rec)


@dataclass
class MoveEpisode(Command):
    """Put episode ``episode_id`` at ``number`` (1-based); the others are renumbered."""

    episode_id: str
    number: int

    @property
    def label(self) -> str:  # type: ignore[override]
        return _("Move episode")

    def apply(self, rec: ChangeRecorder) -> None:
        Move("episode", self.episode_id, max(0, self.number - 1)).apply(rec)


@dataclass
class DeleteEpisode(Command):
    """Delete episode ``episode_id`` with its scenes and cards; the later ones move up."""

    episode_id: str

    @property
    def label(self) -> str:  # type: ignore[override]
        return _("Delete episode")

    def apply(self, rec: ChangeRecorder) -> None:
        Delete("episode", self.episode_id).apply(rec)


def episode_contents(project: OpenProject, episode_id: str) -> tuple[int, int]:
    """(scenes with any words, cards) in an episode: what deleting it would take away."""
    with project.file.session() as s:
        scenes = s.scalar(
            select(func.count(func.distinct(schema.Element.scene_id)))
            .join(schema.Scene, schema.Scene.id == schema.Element.scene_id)
            .where(schema.Scene.episode_id == episode_id, schema.Element.text != "")) or 0
        cards = s.scalar(select(func.count()).select_from(schema.Beat)
                         .where(schema.Beat.episode_id == episode_id)) or 0
    return scenes, cards
