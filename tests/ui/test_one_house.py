"""One house in the real window: the bridge is the only listener of the project's history,
panels that come and go leave nothing behind, a refused write reaches whichever window shows
the project, and moving the caret asks the project file nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import SIGNAL, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from sqlalchemy import event

from app.project.commands import Update
from app.project.errors import ProjectChangedOnDisk
from app.project.open_project import OpenProject
from ui.bridge import ProjectBridge
from ui.window.disk_change import DiskChangeDialog
from ui.window.main_window import MainWindow

#: The bridge holds two listeners on the history: its changes and its refused writes.
BRIDGE_LISTENERS = 2


def _window(qtbot, path: Path) -> MainWindow:  # noqa: ANN001 - pytest-qt's qtbot
    window = MainWindow()
    qtbot.addWidget(window)
    assert window.open_project(path, backup=False)
    window.resize(1600, 1000)
    window.show()
    qtbot.waitExposed(window)
    return window


def _settle(qtbot, window: MainWindow) -> None:  # noqa: ANN001
    """Wait until the background work (heritage scan, lane timing) is over."""
    detection = window.features.heritage.detection
    qtbot.waitUntil(lambda: detection.started and not detection.busy(), timeout=60000)
    qtbot.waitUntil(lambda: not window.board.timing_pending(), timeout=20000)
    QApplication.processEvents()


def _receivers(bridge: ProjectBridge, signal: str) -> int:
    return bridge.receivers(SIGNAL(f"{signal}(PyObject)"))


def test_panels_shown_and_hidden_leave_the_history_alone(qtbot, sample_kiln: Path) -> None:
    window = _window(qtbot, sample_kiln)
    project = window.project
    history = project.history
    bridge = window.workspace.bridge
    start = history.listener_count
    assert start == bridge.listener_count == BRIDGE_LISTENERS  # nobody else listens
    features = window.features
    notes = features.notes_panel
    assert notes is not None and notes.isVisible()
    connected = {name: _receivers(bridge, name) for name in (
        "notes_changed", "translations_changed", "glossary_changed", "changed")}
    episode = project.episodes()[0]

    for round_ in range(5):
        notes.toggleViewAction().trigger()  # hide
        assert not notes.isVisible()
        assert _receivers(bridge, "notes_changed") < connected["notes_changed"]  # not hearing
        notes.toggleViewAction().trigger()  # show again
        assert notes.isVisible()

        features.translations_action.trigger()
        view = features.translations_view
        assert view is not None
        qtbot.waitUntil(view.isVisible)
        features.translations_action.trigger()
        assert features.translations_view is None

        features.glossary_action.trigger()
        glossary = features.glossary_panel
        assert glossary is not None
        qtbot.waitUntil(glossary.isVisible)
        features.glossary_action.trigger()
        assert features.glossary_panel is None

        features.heritage_action.trigger()
        heritage = features.heritage_panel
        assert heritage is not None
        qtbot.waitUntil(heritage.isVisible)
        features.heritage_action.trigger()
        assert not heritage.isVisible()

        features.review_action.trigger()
        summary = features.review_summary
        assert summary is not None
        qtbot.waitUntil(summary.isVisible)
        summary.close()
        QApplication.processEvents()  # deleted docks go for good

        # Changes still reach what is shown, through the bridge.
        project.run(Update("episode", episode.id, {"title": f"Round {round_}"}))
        qtbot.waitUntil(lambda r=round_: f"Round {r}" in window.tree_model.index(0, 0).data())
        assert history.listener_count == start

    assert history.listener_count == start == BRIDGE_LISTENERS
    QApplication.processEvents()
    assert {name: _receivers(bridge, name) for name in connected} == connected
    window.close_project()
    assert history.listener_count == 0  # the bridge let go of the closed project


def test_a_hidden_notes_panel_catches_up_when_shown(qtbot, sample_kiln: Path) -> None:
    window = _window(qtbot, sample_kiln)
    notes = window.features.notes_panel
    notes.toggleViewAction().trigger()
    reloads = notes.full_reloads
    from app.core.enums import AnnotationTarget
    from app.features.notes import service

    scene = window.project.scenes()[0]
    added = service.add_note(window.project, AnnotationTarget.SCENE, scene.id, "Hidden meanwhile",
                             author="Writer")
    assert added not in notes.visible_note_ids() and notes.full_reloads == reloads
    notes.toggleViewAction().trigger()
    assert added in notes.visible_note_ids() and notes.full_reloads == reloads + 1


def test_a_refused_write_reaches_the_window_that_shows_the_project(
    qtbot, mini_kiln: Path
) -> None:
    """The project moves to another window (as the language switch does): the old window's
    bridge lets go, the new one hears the refusal; no attribute is hung on the project."""
    first = _window(qtbot, mini_kiln)
    project = first.release_project()
    assert project is not None and project.history.listener_count == 0
    second = MainWindow()
    qtbot.addWidget(second)
    second.show_project(project)
    second.show()
    assert project.history.listener_count == BRIDGE_LISTENERS
    assert not any(name.startswith("_disk") for name in vars(project))

    theirs = mini_kiln.with_name(".sync-" + mini_kiln.name)
    theirs.write_bytes(mini_kiln.read_bytes())
    with OpenProject.open(theirs, backup=False) as other:
        other.run(Update("episode", other.episodes()[1].id, {"title": "theirs"}))
    theirs.replace(mini_kiln)
    with pytest.raises(ProjectChangedOnDisk):
        project.run(Update("episode", project.episodes()[0].id, {"title": "mine"}))
    qtbot.waitUntil(lambda: bool(second.findChildren(DiskChangeDialog)))
    assert not first.findChildren(DiskChangeDialog)
    box = second.findChildren(DiskChangeDialog)[0]
    box.reject()
    first.close()
    second.close()


def test_the_caret_moving_through_fifty_lines_asks_the_file_nothing(
    qtbot, sample_kiln: Path
) -> None:
    window = _window(qtbot, sample_kiln)
    window.features.heritage_action.trigger()  # the panel follows the caret's scene and card
    panel = window.features.heritage_panel
    assert panel is not None
    project = window.project
    episode = project.episodes()[0]
    window.show_in_editor("episode", episode.id)
    _settle(qtbot, window)
    editor = window.editor
    editor.setFocus()
    QTest.keyClick(editor, Qt.Key.Key_Down)  # the outline index is read once, here
    QApplication.processEvents()

    statements: list[str] = []

    def count(_conn, _cursor, statement, *_args) -> None:  # noqa: ANN001
        statements.append(statement)

    engine = project.file.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        lines, scenes, beats = set(), set(), set()
        key = Qt.Key.Key_Down
        for _move in range(50):
            before = editor.textCursor().blockNumber()
            QTest.keyClick(editor, key)
            if editor.textCursor().blockNumber() == before:  # the last line: back up again
                key = Qt.Key.Key_Up if key == Qt.Key.Key_Down else Qt.Key.Key_Down
                QTest.keyClick(editor, key)
            lines.add(editor.textCursor().blockNumber())
            scenes.add(panel.scene_id)
            beats.add(panel.beat_id)
        QApplication.processEvents()
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert len(lines) >= 30 and len(scenes) >= 3  # it went through the episode's scenes
    assert beats - {None}  # and the panel knew their cards
    expected = {s.id: s.beat_id for s in project.scenes(episode.id)}
    assert panel.beat_id == expected[panel.scene_id]
    assert statements == []
