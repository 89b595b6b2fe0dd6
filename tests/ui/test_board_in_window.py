"""Board, editor and navigator together in the main window: one history covers them all."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent, QTextCursor
from PySide6.QtWidgets import QDockWidget, QLabel

from app.project.open_project import OpenProject
from tests.support.screenshots import screenshot_path
from tests.ui.keys import type_text
from ui.editor.find_replace import FindReplaceDialog
from ui.window.main_window import MainWindow


@pytest.fixture
def window(qtbot, mini_kiln: Path) -> MainWindow:
    win = MainWindow()
    qtbot.addWidget(win)
    assert win.open_project(mini_kiln, backup=False)
    win.show()
    qtbot.waitExposed(win)
    return win


def _beat_id(project: OpenProject, title: str) -> str:
    return next(b.id for b in project.beats() if b.title == title)


def test_selecting_a_card_shows_its_scenes(window: MainWindow) -> None:
    window.board.view.select([_beat_id(window.project, "名字")])
    text = window.editor.toPlainText()
    assert "1-2 日 外 老窑" in text and "你说什么？" in text
    assert "1-1 夜 内 老窑" not in text


def test_make_scene_from_card_opens_it(qtbot, window: MainWindow) -> None:
    beat = _beat_id(window.project, "信")
    window.board.view.select([beat])
    scene_id = window.board.make_scene(beat)
    qtbot.waitUntil(lambda: window.tree_model.find("scene", scene_id).isValid())
    editor = window.editor
    # the new scene is shown with its heading empty and the caret in it, ready to type
    assert editor.current_slot().scene_id == scene_id
    assert editor.current_slot().element_id is None
    assert editor.textCursor().block().text() == ""


def test_typing_after_make_scene_goes_into_the_new_scene_through_pauses(
    qtbot, window: MainWindow
) -> None:
    """Issue 16: right after "Make a scene from this card" the card stays selected, and the
    board's refresh after a pause put the first action line into the heading."""
    beat = _beat_id(window.project, "信")
    window.board.view.select([beat])
    scene_id = window.board.make_scene(beat)
    editor = window.editor
    editor.setFocus()
    type_text(editor, "夜 外 老街")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    type_text(editor, "风起。")
    qtbot.wait(2200)  # the autosave and the board's timing refresh both run
    type_text(editor, "门开了。")
    qtbot.wait(600)
    scene = next(s for s in window.project.scenes() if s.id == scene_id)
    assert (scene.time_of_day.value, scene.setting.value, scene.location_name) == (
        "night", "ext", "老街")
    assert [e.text for e in window.project.elements(scene_id)] == ["风起。门开了。"]


def test_window_undo_takes_back_typing_and_card_moves(qtbot, window: MainWindow) -> None:
    project = window.project
    scene = project.scenes()[0]
    window.show_in_editor("scene", scene.id)
    editor = window.editor
    block = editor.document().findBlockByNumber(2)  # heading, cast, then the action
    cursor = QTextCursor(block)
    cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock)
    editor.setTextCursor(cursor)
    event = QInputMethodEvent()
    event.setCommitString("火更旺了。")
    editor.inputMethodEvent(event)
    window.undo_action.trigger()  # commits the pending typing first, then undoes it
    assert project.elements(scene.id)[0].text == "窑火映红了墙。"
    qtbot.waitUntil(lambda: "火更旺了" not in editor.toPlainText())

    hook = _beat_id(project, "窑裂")
    window.board.move_cards([hook], None, 0)
    assert next(b for b in project.beats() if b.id == hook).episode_id is None
    assert window.undo_action.text().startswith("Undo Move")
    window.undo_action.trigger()
    assert next(b for b in project.beats() if b.id == hook).episode_id is not None
    window.redo_action.trigger()
    assert next(b for b in project.beats() if b.id == hook).episode_id is None


def test_find_and_replace_is_one_undo_step(qtbot, window: MainWindow) -> None:
    dialog = FindReplaceDialog(window.project, window._select_scene, window)
    dialog.find_edit.setText("窑")
    assert dialog.find() == 2
    dialog.replace_edit.setText("炉")
    assert dialog.replace_all() == 2
    qtbot.waitUntil(lambda: "炉火映红了墙" in window.editor.toPlainText())
    window.undo_action.trigger()
    qtbot.waitUntil(lambda: "窑火映红了墙" in window.editor.toPlainText())
    dialog.results.setCurrentRow(0)
    dialog.results.itemActivated.emit(dialog.results.item(0))
    assert window.tree.currentIndex().data(Qt.ItemDataRole.UserRole + 2) == (
        window.project.scenes()[0].id
    )


def test_navigator_shows_seconds_per_scene(window: MainWindow) -> None:
    model = window.tree_model
    scene_time = model.index(0, 1, model.index(0, 0)).data()
    assert scene_time.strip("\u2068\u2069").endswith(" s")
    assert int(scene_time.strip("\u2068\u2069").split()[0]) > 0


def test_add_panel_docks_and_lists_it(qtbot, window: MainWindow) -> None:
    dock = QDockWidget("Notes")
    dock.setWidget(QLabel("notes"))
    before = len(window.view_menu.actions())
    window.add_panel(dock, Qt.DockWidgetArea.RightDockWidgetArea)
    assert window.dockWidgetArea(dock) == Qt.DockWidgetArea.RightDockWidgetArea
    assert len(window.view_menu.actions()) == before + 1
    action = window.view_menu.actions()[-1]
    assert action is dock.toggleViewAction()
    qtbot.waitUntil(dock.isVisible)
    action.trigger()
    assert dock.isHidden()


@pytest.mark.screenshot
def test_screenshot_of_the_window(qtbot, sample_kiln: Path) -> None:
    win = MainWindow()
    qtbot.addWidget(win)
    assert win.open_project(sample_kiln, backup=False)
    win.resize(1600, 1000)
    win.show()
    qtbot.waitExposed(win)
    hook = win.board.data.lanes[1].beats[0].id
    win.board.view.select([hook])
    qtbot.waitUntil(lambda: not win.board.timing_pending())
    assert "1-1" in win.editor.toPlainText()
    assert win.grab().save(str(screenshot_path("window.png")))


def test_a_consultant_cannot_change_script_or_board(qtbot, mini_kiln: Path) -> None:
    from app.core.enums import Role

    with OpenProject.open(mini_kiln, backup=False, role=Role.CONSULTANT) as project:
        from ui.board.widget import BoardWidget
        from ui.bridge import ProjectBridge
        from ui.editor.panel import EditorPanel

        bridge = ProjectBridge(project)
        panel, board = EditorPanel(bridge), BoardWidget(bridge)
        qtbot.addWidget(panel)
        qtbot.addWidget(board)
        panel.editor.show_scope("scene", project.scenes()[0].id)
        before = panel.editor.toPlainText()
        cursor = QTextCursor(panel.editor.document().findBlockByNumber(2))
        panel.editor.setTextCursor(cursor)
        event = QInputMethodEvent()
        event.setCommitString("改")
        panel.editor.inputMethodEvent(event)
        qtbot.keyClick(panel.editor, Qt.Key.Key_Return)
        assert panel.editor.toPlainText() == before
        assert not board.new_button.isEnabled()
        assert board.create_card(None, 0) is None
        assert len(project.beats()) == 4
