"""The main window on a real project file: tree, script page, undo, errors and the lock."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from app.core.direction import paragraph_rtl, strip_isolates
from app.core.enums import ElementKind, ScriptLayout, Setting, TimeOfDay
from app.core.records import ElementRecord, SceneRecord
from app.project.commands import Update
from app.project.errors import ProjectLockedError
from app.project.open_project import OpenProject
from ui.editor.script_layout import Role, scene_heading, scene_paragraphs
from ui.window.main_window import MainWindow
from ui.window.project_tree import ID_ROLE

PERSIAN_LINE = "این آبی از کاشان آمده است."


@pytest.fixture
def window(qtbot, mini_kiln: Path) -> MainWindow:
    win = MainWindow()
    qtbot.addWidget(win)
    assert win.open_project(mini_kiln)
    win.show()
    qtbot.waitExposed(win)
    return win


def _error_box() -> QMessageBox | None:
    """The error message box the window is showing, if any."""
    boxes = [w for w in QApplication.topLevelWidgets()
             if isinstance(w, QMessageBox) and w.isVisible()]
    return boxes[0] if boxes else None


def _select_scene(window: MainWindow, episode_row: int, scene_row: int) -> QModelIndex:
    model = window.tree_model
    index = model.index(scene_row, 0, model.index(episode_row, 0))
    assert index.isValid()
    window.tree.setCurrentIndex(index)
    return index


def _block_with(window: MainWindow, text: str):  # noqa: ANN202 - a QTextBlock
    block = window.script_view.document().begin()
    while block.isValid():
        if text in block.text():
            return block
        block = block.next()
    raise AssertionError(f"no block contains {text!r}")


def test_title_and_tree_follow_the_project(window: MainWindow) -> None:
    assert window.windowTitle().startswith("小样")
    assert "Kiln" in window.windowTitle()
    stats = window.project.stats()
    model = window.tree_model
    assert model.rowCount() == len(stats.episodes) == 2
    for row, episode in enumerate(stats.episodes):
        assert model.scene_count(row) == episode.scenes
        assert str(episode.number) in model.index(row, 0).data()
        assert episode.title in model.index(row, 0).data()
        assert f"/ {episode.target_seconds}" in model.index(row, 1).data()
    assert [model.scene_count(r) for r in range(2)] == [2, 1]


def test_scene_page_in_chinese_layout(window: MainWindow) -> None:
    _select_scene(window, 0, 0)
    text = window.script_view.toPlainText()
    assert "1-1 夜 内 老窑" in text
    assert "人物：梅" in text
    assert "△窑火映红了墙。" in text
    assert "梅：（低声）这一窑，不能再坏了。" in text
    assert "【字幕：景德镇】" in text
    assert _block_with(window, "△窑火").blockFormat().layoutDirection() == (
        Qt.LayoutDirection.LeftToRight)


def test_persian_line_paragraph_rtl(window: MainWindow) -> None:
    _select_scene(window, 0, 1)
    assert "人物：梅、礼萨" in window.script_view.toPlainText()
    persian = _block_with(window, PERSIAN_LINE)
    assert persian.blockFormat().layoutDirection() == Qt.LayoutDirection.RightToLeft
    chinese = _block_with(window, "你说什么？")
    assert chinese.blockFormat().layoutDirection() == Qt.LayoutDirection.LeftToRight


def test_selecting_an_episode_shows_all_its_scenes(window: MainWindow) -> None:
    window.tree.setCurrentIndex(window.tree_model.index(0, 0))
    text = window.script_view.toPlainText()
    assert "第1集 开窑" in text
    assert "1-1 夜 内 老窑" in text and "1-2 日 外 老窑" in text
    assert "梅打开一封旧信。" not in text


def test_edit_refreshes_tree_and_undo_restores_it(qtbot, window: MainWindow) -> None:
    model = window.tree_model
    episode_id = model.index(0, 0).data(ID_ROLE)
    assert not window.undo_action.isEnabled()
    window.project.run(Update("episode", episode_id, {"title": "新标题"}))
    qtbot.waitUntil(lambda: "新标题" in (model.index(0, 0).data() or ""))
    assert window.undo_action.isEnabled()
    assert window.undo_action.text() == "Undo Edit episode"
    window.undo_action.trigger()
    qtbot.waitUntil(lambda: "开窑" in (model.index(0, 0).data() or ""))
    assert "新标题" not in model.index(0, 0).data()
    assert not window.undo_action.isEnabled()
    assert window.redo_action.text() == "Redo Edit episode"
    window.redo_action.trigger()
    qtbot.waitUntil(lambda: "新标题" in (model.index(0, 0).data() or ""))


def test_edit_keeps_the_selected_scene_on_the_page(qtbot, window: MainWindow) -> None:
    index = _select_scene(window, 0, 0)
    scene_id = index.data(ID_ROLE)
    element = window.project.elements(scene_id)[0]
    window.project.run(Update("element", element.id, {"text": "窑火熄了。"}))
    qtbot.waitUntil(lambda: "△窑火熄了。" in window.script_view.toPlainText())
    assert window.tree.currentIndex().data(ID_ROLE) == scene_id


def test_opening_a_bad_file_shows_an_error_and_keeps_the_project(
    qtbot, window: MainWindow, mini_kiln: Path, tmp_path: Path
) -> None:
    bad = tmp_path / "broken.kiln"
    bad.write_bytes(b"hello")
    before = window.project
    assert not window.open_project(bad)

    qtbot.waitUntil(lambda: _error_box() is not None)
    box = _error_box()
    assert box.icon() == QMessageBox.Icon.Critical
    assert "broken.kiln" in box.text()
    box.close()
    qtbot.waitUntil(lambda: _error_box() is None)
    assert window.project is before
    assert window.project.path == mini_kiln
    assert window.windowTitle().startswith("小样")
    assert window.tree_model.rowCount() == 2


def test_a_project_locked_by_another_kiln_is_refused_with_a_dialog(
    qtbot, mini_kiln: Path, tmp_path: Path
) -> None:
    other = tmp_path / "other.kiln"
    shutil.copy(mini_kiln, other)
    holder = OpenProject.open(other, backup=False)  # another Kiln is writing it
    try:
        before = other.read_bytes()
        win = MainWindow()
        qtbot.addWidget(win)
        assert not win.open_project(other)

        qtbot.waitUntil(lambda: _error_box() is not None)
        box = _error_box()
        assert "other.kiln" in box.text() and "already open for writing" in box.text()
        box.close()
        assert win.project is None
        assert other.read_bytes() == before
    finally:
        holder.close()


def test_closing_the_window_releases_the_lock(qtbot, window: MainWindow, mini_kiln: Path) -> None:
    with pytest.raises(ProjectLockedError, match="mini.kiln"):
        OpenProject.open(mini_kiln, backup=False)  # the window holds the lock
    window.close()
    assert window.project is None
    with OpenProject.open(mini_kiln, backup=False) as again:
        assert again.info().title == "小样"


def test_close_action_shows_the_empty_state(qtbot, window: MainWindow) -> None:
    window.close_action.trigger()
    assert window.project is None
    assert window.windowTitle() == "Kiln"
    assert window.empty_label.isVisible()
    assert window.tree_model.rowCount() == 0
    assert not window.close_action.isEnabled()


def test_opening_another_project_closes_the_first(
    qtbot, window: MainWindow, mini_kiln: Path, sample_kiln: Path
) -> None:
    assert window.open_project(sample_kiln, backup=False)
    assert window.project.path == sample_kiln
    with OpenProject.open(mini_kiln, backup=False) as first:  # its lock was released
        assert first.info().title == "小样"


def test_scene_heading_in_tree_matches_layout(window: MainWindow) -> None:
    scene = window.project.scenes()[0]
    layout = window.project.info().layout
    label = window.tree_model.index(0, 0, window.tree_model.index(0, 0)).data()
    assert strip_isolates(label) == scene_heading(layout, scene) == "1-1 夜 内 老窑"
    # isolated, so "1-1" stays in front when the interface runs right to left
    assert label.startswith("\u2068") and label.endswith("\u2069")


def test_application_mirrors_for_a_right_to_left_language(
    qapp, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ui.application

    monkeypatch.setattr(ui.application, "current_language", lambda: "fa")
    try:
        ui.application.configure(qapp)
        assert qapp.layoutDirection() == Qt.LayoutDirection.RightToLeft
        assert qapp.applicationName() == "Kiln"
        monkeypatch.setattr(ui.application, "current_language", lambda: "zh_Hans")
        ui.application.configure(qapp)
        assert qapp.layoutDirection() == Qt.LayoutDirection.LeftToRight
    finally:
        ui.application.apply_interface_language(qapp, "en")  # Qt's catalog and locale too


def test_direction_of_a_line_follows_its_first_strong_letter() -> None:
    assert paragraph_rtl("«این» آبی")
    assert paragraph_rtl("123 مرحبا")
    assert not paragraph_rtl("梅：این")
    assert paragraph_rtl("梅：این", "fa")
    assert not paragraph_rtl("Hello مرحبا")


def test_window_self_test_passes(qtbot) -> None:
    from ui.application import window_self_test

    assert window_self_test() is True


def test_hollywood_layout_paragraphs() -> None:
    scene = SceneRecord(id="s", episode_id="e", position=0, number="1-1", setting=Setting.INT,
                        time_of_day=TimeOfDay.NIGHT, location_id=None,
                        location_name="The old kiln", beat_id=None, cast=("mei",))
    elements = [
        ElementRecord(id="a", scene_id="s", position=0, kind=ElementKind.ACTION,
                      text="Fire lights the wall."),
        ElementRecord(id="d", scene_id="s", position=1, kind=ElementKind.DIALOGUE,
                      text="Not this time.", speaker_id="mei", extension="O.S.",
                      parenthetical="low"),
        ElementRecord(id="c", scene_id="s", position=2, kind=ElementKind.CAPTION,
                      text="Jingdezhen"),
        ElementRecord(id="f", scene_id="s", position=3, kind=ElementKind.DIALOGUE,
                      text="این آبی از کاشان آمده است.", speaker_id="mei", language="fa"),
    ]
    paragraphs = scene_paragraphs(ScriptLayout.HOLLYWOOD, scene, elements, {"mei": "Mei"})
    assert [(p.text, p.role) for p in paragraphs[:6]] == [
        ("1-1 INT. THE OLD KILN - NIGHT", Role.SCENE_HEADING),
        ("Fire lights the wall.", Role.ACTION),
        ("MEI (O.S.)", Role.CUE),
        ("(low)", Role.PARENTHETICAL),
        ("Not this time.", Role.DIALOGUE),
        ('SUPER: "Jingdezhen"', Role.CAPTION),
    ]
    assert [p.rtl for p in paragraphs[-2:]] == [False, True]  # the cue stays left to right
