"""The navigator's model: episodes and their scenes, each with its estimated seconds.

One QStandardItemModel holds the whole outline (a model, not a widget per item), rebuilt from
``OpenProject`` queries whenever the history announces a change. Each row carries the kind and
id of what it shows, so selections survive a rebuild.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QModelIndex, QObject, Qt
from PySide6.QtGui import QBrush, QStandardItem, QStandardItemModel

from app.core.direction import isolate
from app.core.i18n import _, format_number
from app.core.records import EpisodeStats, SceneRecord
from app.features.script.outline import scene_seconds
from app.project.open_project import OpenProject
from ui.editor.script_layout import scene_heading
from ui.plain import plain_tip

logger = logging.getLogger(__name__)

KIND_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2

EPISODE = "episode"
SCENE = "scene"


def _item(text: str, kind: str, row_id: str) -> QStandardItem:
    # Isolated, so a label keeps its own direction when the interface runs the other way.
    item = QStandardItem(isolate(text))
    item.setEditable(False)
    item.setData(kind, KIND_ROLE)
    item.setData(row_id, ID_ROLE)
    return item


def episode_label(number: int, title: str) -> str:
    """``Episode 1: The kiln``, as the interface language writes it."""
    return _("Episode {number}: {title}").format(
        number=format_number(number), title=isolate(title)).strip()


def seconds_label(stats: EpisodeStats) -> str:
    """Estimated screen time against the episode's target, e.g. ``42 / 60 s``."""
    return _seconds_text(stats.estimated_seconds, stats.target_seconds)


def _seconds_text(estimated: float, target: int) -> str:
    return _("{estimated} / {target} s").format(
        estimated=format_number(round(estimated)), target=format_number(target))


class ProjectTreeModel(QStandardItemModel):
    """Episodes (column 0: label, column 1: seconds vs target) with their scenes as children."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._set_headers()
        #: totals of the last load, for the status bar
        self.total_scenes = 0
        self.total_seconds = 0.0

    def _set_headers(self) -> None:
        self.setHorizontalHeaderLabels([_("Episodes and scenes"), _("Time")])

    def load(self, project: OpenProject | None) -> None:
        """Rebuild the tree from ``project`` (empty when None)."""
        self.clear()
        self._set_headers()
        self.total_scenes, self.total_seconds = 0, 0.0
        if project is None:
            return
        layout = project.info().layout
        timings = scene_seconds(project)
        scenes: dict[str, list[SceneRecord]] = {}
        for scene in project.scenes():
            scenes.setdefault(scene.episode_id, []).append(scene)
        root = self.invisibleRootItem()
        for episode in project.episodes():
            label = _item(episode_label(episode.number, episode.title), EPISODE, episode.id)
            label.setToolTip(plain_tip(episode.hook or episode.title))
            timing = _item("", EPISODE, episode.id)
            episode_scenes = scenes.get(episode.id, [])
            estimated = sum(timings.get(scene.id, 0.0) for scene in episode_scenes)
            self.total_scenes += len(episode_scenes)
            self.total_seconds += estimated
            timing.setText(isolate(_seconds_text(estimated, episode.target_seconds)))
            over = estimated > episode.target_seconds
            timing.setToolTip(
                _("Over the target length") if over else _("Estimated length against target"))
            if over:
                timing.setForeground(QBrush(Qt.GlobalColor.darkRed))
            for scene in episode_scenes:
                heading = scene_heading(layout, scene)
                seconds = _item(_("{seconds} s").format(
                    seconds=format_number(round(timings.get(scene.id, 0.0)))), SCENE, scene.id)
                label.appendRow([_item(heading, SCENE, scene.id), seconds])
            root.appendRow([label, timing])

    def find(self, kind: str, row_id: str) -> QModelIndex:
        """The column-0 index showing ``kind``/``row_id``, or an invalid index."""
        for row in range(self.rowCount()):
            episode = self.index(row, 0)
            if episode.data(KIND_ROLE) == kind and episode.data(ID_ROLE) == row_id:
                return episode
            for child_row in range(self.rowCount(episode)):
                scene = self.index(child_row, 0, episode)
                if scene.data(KIND_ROLE) == kind and scene.data(ID_ROLE) == row_id:
                    return scene
        return QModelIndex()

    def episode_count(self) -> int:
        return self.rowCount()

    def scene_count(self, episode_row: int) -> int:
        return self.rowCount(self.index(episode_row, 0))
