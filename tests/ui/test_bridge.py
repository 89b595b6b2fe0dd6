"""The bridge between an open project's history and the window's views (``ui.bridge``)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtWidgets import QApplication, QWidget

from app.features.board.impact import BoardImpact
from app.features.impact import Impact
from app.features.script.impact import ScriptImpact
from app.project.commands import Update
from app.project.errors import ProjectChangedOnDisk
from app.project.open_project import OpenProject
from ui.bridge import ProjectBridge, follow_while_shown


@pytest.fixture
def project(mini_kiln: Path):  # noqa: ANN201
    with OpenProject.open(mini_kiln, backup=False) as opened:
        yield opened


def test_one_change_one_reading_typed_signals(qtbot, project: OpenProject) -> None:  # noqa: ANN001
    bridge = ProjectBridge(project)
    assert project.history.listener_count == bridge.listener_count == 2
    heard: list[object] = []
    bridge.changed.connect(heard.append)
    bridge.script_changed.connect(heard.append)
    bridge.board_changed.connect(heard.append)
    bridge.translations_changed.connect(heard.append)
    episode = project.episodes()[0]
    project.run(Update("episode", episode.id, {"title": "新"}))
    impact, script, board = heard
    assert isinstance(impact, Impact) and impact.script is script and impact.board is board
    assert isinstance(script, ScriptImpact) and episode.id in script.episodes
    assert isinstance(board, BoardImpact) and board.lanes
    assert bridge.generation == 1

    other = ProjectBridge()
    assert other.listener_count == 0
    bridge.set_project(None)
    assert project.history.listener_count == 0
    project.run(Update("episode", episode.id, {"title": "旧"}))
    assert len(heard) == 3  # a bridge that let go hears nothing


def test_a_deleted_bridge_lets_go_of_the_history(qtbot, project: OpenProject) -> None:  # noqa: ANN001
    parent = QWidget()
    ProjectBridge(project, parent)
    assert project.history.listener_count == 2
    shiboken6.delete(parent)
    assert project.history.listener_count == 0
    project.run(Update("episode", project.episodes()[0].id, {"title": "无人听"}))


def test_a_refusal_is_announced_after_the_refused_edit(
    qtbot, project: OpenProject, mini_kiln: Path  # noqa: ANN001
) -> None:
    bridge = ProjectBridge(project)
    refused: list[ProjectChangedOnDisk] = []
    bridge.refused.connect(refused.append)
    theirs = mini_kiln.with_name("theirs.kiln")
    shutil.copy(mini_kiln, theirs)
    os.replace(theirs, mini_kiln)  # another program's save: a new file under the same name
    with pytest.raises(ProjectChangedOnDisk):
        project.run(Update("episode", project.episodes()[0].id, {"title": "mine"}))
    assert refused == []  # the edit's caller hears of it first
    qtbot.waitUntil(lambda: len(refused) == 1)
    assert refused[0].path == mini_kiln


class _Follower(QWidget):
    def __init__(self, bridge: ProjectBridge) -> None:
        super().__init__()
        self.heard: list[object] = []
        self.caught_up = 0
        follow_while_shown(self, bridge, [(bridge.changed, self.heard.append)],
                           self.catch_up)

    def catch_up(self) -> None:
        self.caught_up += 1


def test_a_widget_follows_the_bridge_while_it_is_shown(qtbot, project: OpenProject) -> None:  # noqa: ANN001
    bridge = ProjectBridge(project)
    episode = project.episodes()[0]
    widget = _Follower(bridge)
    qtbot.addWidget(widget)
    project.run(Update("episode", episode.id, {"title": "一"}))
    assert len(widget.heard) == 1  # never shown: it follows all the same
    widget.show()
    widget.hide()
    project.run(Update("episode", episode.id, {"title": "二"}))
    assert len(widget.heard) == 1 and widget.caught_up == 0
    widget.show()
    assert widget.caught_up == 1  # it missed a change: it reads again
    widget.hide()
    widget.show()
    assert widget.caught_up == 1  # nothing missed: nothing read
    project.run(Update("episode", episode.id, {"title": "三"}))
    assert len(widget.heard) == 2
    widget.deleteLater()
    QApplication.processEvents()
