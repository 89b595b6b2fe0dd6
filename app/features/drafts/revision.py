"""Revision mode: lock the scene numbers of a script that went into production, or unlock them.

Locking gives every scene the number it shows now, for good (``Scene.locked_number``) and sets
``Project.revision["locked"]``; from then on a new scene is numbered between its neighbours
(``3-2A``) and a deleted scene's number stays as omitted (``app.project.derived``). Unlocking
lets every scene be numbered by its place again and forgets the omitted numbers. Both are one
undo step and travel to the studio like any edit of the script.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy import select

from app.core.enums import ScriptLayout
from app.core.errors import CommandError
from app.core.i18n import _
from app.core.scene_numbers import Omitted, derived_number, omitted_of
from app.project.changes import ChangeRecorder
from app.project.commands import Command
from app.project.open_project import OpenProject
from app.store.schema import Episode, Project, Scene

logger = logging.getLogger(__name__)


def is_locked(project: OpenProject) -> bool:
    """Whether the project's scene numbers are locked (revision mode)."""
    return bool(project.info().revision.get("locked"))


def omitted(project: OpenProject) -> list[Omitted]:
    """The numbers of the scenes deleted while numbers were locked, in script order."""
    return omitted_of(project.info().revision)


@dataclass
class LockSceneNumbers(Command):
    """Lock every scene's number as it shows now."""

    @property
    def label(self) -> str:  # type: ignore[override]
        return _("Lock scene numbers")

    def apply(self, rec: ChangeRecorder) -> None:
        s = rec.session
        project = s.scalars(select(Project)).one()
        revision = dict(project.revision or {})
        if revision.get("locked"):
            raise CommandError(_("The scene numbers are locked already."))
        episodes = list(s.scalars(select(Episode).order_by(Episode.number, Episode.created_at)))
        feature = (project.layout == ScriptLayout.HOLLYWOOD.value and len(episodes) == 1
                   and not episodes[0].title)
        for episode in episodes:
            scenes = s.scalars(select(Scene).where(Scene.episode_id == episode.id)
                               .order_by(Scene.position, Scene.created_at))
            for index, scene in enumerate(scenes):
                if not scene.locked_number:
                    rec.update(scene, locked_number=derived_number(episode.number, index,
                                                                   feature))
        rec.update(project, revision={**revision, "locked": True,
                                      "omitted": list(revision.get("omitted") or [])})


@dataclass
class UnlockSceneNumbers(Command):
    """Number every scene by its place again and forget the omitted numbers."""

    @property
    def label(self) -> str:  # type: ignore[override]
        return _("Unlock scene numbers")

    def apply(self, rec: ChangeRecorder) -> None:
        s = rec.session
        project = s.scalars(select(Project)).one()
        revision = dict(project.revision or {})
        if not revision.get("locked"):
            raise CommandError(_("The scene numbers are not locked."))
        for scene in s.scalars(select(Scene).where(Scene.locked_number.is_not(None))):
            rec.update(scene, locked_number=None)
        revision.pop("omitted", None)
        rec.update(project, revision={**revision, "locked": False})


def lock_scene_numbers(project: OpenProject) -> None:
    """Lock the scene numbers (one undo step)."""
    if is_locked(project):  # refused before the file is touched
        raise CommandError(_("The scene numbers are locked already."))
    project.run(LockSceneNumbers())


def unlock_scene_numbers(project: OpenProject) -> None:
    """Unlock the scene numbers (one undo step)."""
    if not is_locked(project):
        raise CommandError(_("The scene numbers are not locked."))
    project.run(UnlockSceneNumbers())
