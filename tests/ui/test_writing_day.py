"""Issue 16 in pytest-qt: the window a writer trusts for a whole day — the keyboard in the page,
writing from nothing, headings and Chinese shorthand, paste, episodes, roles, saving and a
1280×720 screen. (The same day typed with real X key events: ``test_real_window.py``.)"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QRect, Qt
from PySide6.QtWidgets import QInputDialog, QMessageBox, QWidget

from app.core.enums import ElementKind, Role, ScriptLayout
from app.features.script.scenes import is_blank
from app.project.open_project import OpenProject, new_project
from app.store.profile import Profile, save_profile
from tests.support.screenshots import screenshot_path
from tests.ui.keys import type_text
from ui.window.main_window import MainWindow
from ui.window.project_tree import ID_ROLE
from ui.window.settings import SETTINGS_FILE, load_place, load_window

K = ElementKind


def _open(qtbot, path: Path, size: tuple[int, int] | None = None) -> MainWindow:
    window = MainWindow()
    qtbot.addWidget(window)
    if size is not None:
        window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    assert window.open_project(path, backup=False)
    return window


@pytest.fixture
def hollywood(tmp_path: Path) -> Path:
    path = tmp_path / "h.kiln"
    new_project(path, title="H", layout=ScriptLayout.HOLLYWOOD, source_language="en")
    return path


@pytest.fixture
def chinese(tmp_path: Path) -> Path:
    path = tmp_path / "z.kiln"
    new_project(path, title="Z", layout=ScriptLayout.ZH, episodes=2)
    return path


def _enter(qtbot, window: MainWindow) -> None:
    qtbot.keyClick(window.editor, Qt.Key.Key_Return)


def _elements(window: MainWindow) -> list[tuple[str, ElementKind, str]]:
    project = window.project
    return [(s.number, e.kind, e.text) for s in project.scenes() for e in project.elements(s.id)]


# -- the keyboard in the page, writing from nothing --------------------------------------------


def test_a_new_project_opens_with_the_keyboard_in_its_first_line(qtbot, hollywood: Path) -> None:
    window = _open(qtbot, hollywood)
    assert window.focusWidget() is window.editor
    assert window.editor._scope[0] == "episode"
    type_text(window.editor, "INT. KITCHEN - NIGHT")  # the first key starts scene 1
    _enter(qtbot, window)
    type_text(window.editor, "Rain.")
    _enter(qtbot, window)
    _enter(qtbot, window)  # Enter on an empty action adds nothing
    window.save_action.trigger()
    scene = window.project.scenes()[0]
    assert (scene.number, scene.setting.value, scene.time_of_day.value, scene.location_name) == (
        "1-1", "int", "night", "KITCHEN")
    assert _elements(window) == [("1-1", K.ACTION, "Rain."), ("1-1", K.ACTION, "")]
    assert window.project.beats() == []  # typing never went to the board


def test_typing_a_heading_in_an_action_starts_a_numbered_scene(qtbot, hollywood: Path) -> None:
    window = _open(qtbot, hollywood)
    for line in ("INT. KITCHEN - NIGHT", "Rain.", "EXT. OLD STREET - DAY", "A cat."):
        type_text(window.editor, line)
        _enter(qtbot, window)
    scenes = window.project.scenes()
    assert [(s.number, s.location_name) for s in scenes] == [("1-1", "KITCHEN"),
                                                              ("1-2", "OLD STREET")]
    assert [e.text for e in window.project.elements(scenes[1].id)][:1] == ["A cat."]
    qtbot.waitUntil(lambda: window.tree_model.rowCount(window.tree_model.index(0, 0)) == 2)
    episode = window.tree_model.index(0, 0)  # in the navigator
    assert "OLD STREET" in window.tree_model.index(1, 0, episode).data()


def test_chinese_shorthand_as_writers_type_it(qtbot, chinese: Path) -> None:
    window = _open(qtbot, chinese)
    editor = window.editor
    for line in ("1-1 夜 内 老窑", "人物：梅、礼萨", "△窑火映红了墙。", "梅（VO）：谁？",
                 "礼萨（低声）：是我。", "【字幕：景德镇】", "第二集：来信", "2-1 日 外 老街"):
        type_text(editor, line)
        _enter(qtbot, window)
    project = window.project
    episodes = project.episodes()
    assert [e.title for e in episodes] == ["", "来信", ""]
    first = project.scenes(episodes[0].id)[0]
    names = {c.id: c.names["zh-Hans"] for c in project.characters()}
    assert [names[c] for c in first.cast] == ["梅", "礼萨"]
    rows = [(e.kind, e.speaker_id and names[e.speaker_id], e.extension, e.parenthetical, e.text)
            for e in project.elements(first.id)]
    assert rows == [(K.ACTION, None, "", "", "窑火映红了墙。"),  # never △△
                    (K.DIALOGUE, "梅", "VO", "", "谁？"),
                    (K.DIALOGUE, "礼萨", "", "低声", "是我。"),
                    (K.CAPTION, None, "", "", "景德镇")]
    second = project.scenes(episodes[1].id)
    assert [(s.number, s.location_name) for s in second] == [("2-1", "老街")]


def test_paste_reads_script_lines_as_one_undo_step(qtbot, chinese: Path) -> None:
    window = _open(qtbot, chinese)
    editor = window.editor
    type_text(editor, "1-1 夜 内 老窑")
    _enter(qtbot, window)
    data = QMimeData()
    data.setText("梅：（低声）火候到了。\n△窑门开了。\n1-2 日 外 老街\n礼萨：走吧。")
    editor.insertFromMimeData(data)
    assert [(n, k, t) for n, k, t in _elements(window)] == [
        ("1-1", K.DIALOGUE, "火候到了。"), ("1-1", K.ACTION, "窑门开了。"),
        ("1-2", K.DIALOGUE, "走吧。")]
    assert window.project.history.undo_label == "Paste"
    window.undo_action.trigger()
    assert [t for _n, _k, t in _elements(window)] == [""]


def test_the_page_remembers_where_the_writer_left_off(qtbot, mini_kiln: Path) -> None:
    window = _open(qtbot, mini_kiln)
    project = window.project
    scene = project.scenes()[1]
    window.select_scene(scene.id)
    line = project.elements(scene.id)[1]
    window.editor.place_caret(line.id, "line", 3)
    path = project.path
    window.close()
    assert load_place(path)[2:] == (line.id, "line", 3)
    again = _open(qtbot, mini_kiln)
    slot = again.editor.current_slot()
    assert (slot.element_id, again.editor.textCursor().positionInBlock()) == (line.id, 3)
    assert again.focusWidget() is again.editor


def test_the_navigator_follows_the_caret(qtbot, mini_kiln: Path) -> None:
    window = _open(qtbot, mini_kiln)
    episode = window.project.episodes()[0]
    window.show_in_editor("episode", episode.id)
    second = window.project.scenes(episode.id)[1]
    window.editor.place_caret(window.project.elements(second.id)[0].id, "line", 1)
    assert window.tree.currentIndex().data(ID_ROLE) == second.id
    assert window.editor._scope == ("episode", episode.id)  # the page stayed as it was


# -- episodes ----------------------------------------------------------------------------------


def test_episodes_are_managed_from_the_navigator_menu(qtbot, monkeypatch, mini_kiln: Path) -> None:
    window = _open(qtbot, mini_kiln)
    actions = window.workspace.episodes
    first, second = window.project.episodes()
    menu = actions.menu_for(first.id)
    assert [a.text() for a in menu.actions()] == [
        "Add Episode", "Rename Episode…", "Move Episode Earlier", "Move Episode Later",
        "Delete Episode…"]
    assert not actions.earlier_action.isEnabled() and actions.later_action.isEnabled()
    actions.add_action.trigger()  # after episode 1, with a blank scene, on the page
    episodes = window.project.episodes()
    assert [e.number for e in episodes] == [1, 2, 3] and episodes[1].id not in (first.id,
                                                                              second.id)
    assert window.editor.current_slot().element_id is None  # the caret in the new heading
    assert is_blank(window.project.scenes(episodes[1].id)[0])
    assert window.tree_model.rowCount() == 3
    window.undo_action.trigger()
    assert [e.id for e in window.project.episodes()] == [first.id, second.id]
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("来信之前", True))
    actions.menu_for(second.id)
    actions.rename_action.trigger()
    actions.menu_for(second.id)
    actions.earlier_action.trigger()
    assert [(e.number, e.title) for e in window.project.episodes()] == [(1, "来信之前"),
                                                                        (2, "开窑")]
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.Yes)
    actions.menu_for(first.id)
    actions.delete_action.trigger()
    assert [e.title for e in window.project.episodes()] == ["来信之前"]
    window.undo_action.trigger()
    assert [e.title for e in window.project.episodes()] == ["来信之前", "开窑"]


def test_a_lane_menu_adds_a_card_and_episodes(qtbot, mini_kiln: Path) -> None:
    window = _open(qtbot, mini_kiln, (1280, 720))
    board = window.board
    second = window.project.episodes()[1]
    header = next(h for h in board.view.headers if h.lane.episode_id == second.id)
    pos = board.view.mapFromScene(header.sceneBoundingRect().center())
    assert board.lane_at(pos) == second.id
    menu = window.workspace.episodes.lane_menu(second.id)
    texts = [a.text() for a in menu.actions() if not a.isSeparator()]
    assert texts[0] == "New Card Here" and "Add Episode" in texts
    menu.actions()[0].trigger()
    assert [b.title for b in window.project.beats() if b.episode_id == second.id][-1] == (
        "New card")


def test_a_moved_card_offers_to_take_its_scene(qtbot, mini_kiln: Path) -> None:
    window = _open(qtbot, mini_kiln)
    first, second = window.project.episodes()
    beat = next(b for b in window.project.beats() if b.title == "名字")
    window.board.move_cards([beat.id], second.id, 0)
    assert window.board.scenes_bar.isVisible()
    assert "1 scene" in window.board.scenes_text.text()
    scene = next(s for s in window.project.scenes() if s.beat_id == beat.id)
    assert scene.episode_id == first.id  # not moved until the writer says so
    window.board.move_scenes_along()
    scene = next(s for s in window.project.scenes() if s.beat_id == beat.id)
    assert scene.episode_id == second.id and not window.board.scenes_bar.isVisible()


def test_the_inline_card_title_goes_away_after_enter(qtbot, mini_kiln: Path) -> None:
    window = _open(qtbot, mini_kiln)
    board = window.board
    beat = next(b for b in window.project.beats() if b.title == "信")
    box = board.edit_inline(beat.id)
    box.setText("一封信")
    qtbot.keyClick(box, Qt.Key.Key_Return)
    assert box.isHidden()
    assert next(b for b in window.project.beats() if b.id == beat.id).title == "一封信"


# -- roles and saving --------------------------------------------------------------------------


def test_switching_to_consultant_makes_the_script_read_only_at_once(
    qtbot, mini_kiln: Path
) -> None:
    window = _open(qtbot, mini_kiln)
    editor = window.editor
    scene = window.project.scenes()[0]
    window.select_scene(scene.id)
    before = _elements(window)
    save_profile(Profile(name="Ana", role=Role.CONSULTANT))
    window.features._on_profile_saved()  # Edit ▸ Profile… → OK
    assert editor.read_only and window.editor_panel.read_only_label.isVisible()
    assert "Consultant mode" in window.windowTitle()
    assert window.features.consultant_label.isVisible()
    assert not window.board.new_button.isEnabled()
    editor.place_caret(window.project.elements(scene.id)[0].id, "text", -1)
    type_text(editor, "XYZ")
    window.save_action.trigger()
    assert _elements(window) == before
    save_profile(Profile(name="Ana", role=Role.WRITER))
    window.features._on_profile_saved()
    assert not editor.read_only and not window.editor_panel.read_only_label.isVisible()
    assert "Consultant mode" not in window.windowTitle()
    type_text(editor, "XYZ")
    window.save_action.trigger()
    assert _elements(window)[0][2].endswith("XYZ")


def test_save_flushes_typing_and_says_saved(qtbot, mini_kiln: Path) -> None:
    window = _open(qtbot, mini_kiln)
    editor = window.editor
    scene = window.project.scenes()[0]
    window.select_scene(scene.id)
    editor.place_caret(window.project.elements(scene.id)[0].id, "text", -1)
    type_text(editor, "火")
    assert window.saved_label.text() == "Typing not yet saved"
    assert window.save_action.shortcut().toString() == "Ctrl+S"
    window.save_action.trigger()  # at once, not after the pause
    assert window.saved_label.text().startswith("Saved ")
    with OpenProject.open(mini_kiln, read_only=True, backup=False) as other:
        assert other.elements(scene.id)[0].text.endswith("火")


def test_file_new_asks_layout_language_and_episodes(qtbot, monkeypatch, tmp_path: Path) -> None:
    window = MainWindow()
    qtbot.addWidget(window)
    target = tmp_path / "series.kiln"
    monkeypatch.setattr("ui.dialogs.ask_new_project_path", lambda *a: target)
    dialog = window.ask_new()
    dialog.title.setText("Blue and white")
    dialog.layout_box.setCurrentIndex(dialog.layout_box.findData("hollywood"))
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    dialog.episodes.setValue(3)
    dialog.accept()
    info = window.project.info()
    assert (info.title, info.layout, info.source_language) == (
        "Blue and white", ScriptLayout.HOLLYWOOD, "en")
    assert len(window.project.episodes()) == 3
    assert window.editor._scope == ("episode", window.project.episodes()[0].id)


# -- a laptop screen ---------------------------------------------------------------------------


def _outside(window: MainWindow) -> list[str]:
    frame = QRect(QPoint(0, 0), window.size())
    bad = []
    for widget in window.findChildren(QWidget):
        if not widget.isVisible() or widget.window() is not window:
            continue
        top_left = widget.mapTo(window, QPoint(0, 0))
        rect = QRect(top_left, widget.size())
        if not frame.contains(rect.adjusted(1, 1, -1, -1)) and widget.width() > 0:
            bad.append(f"{type(widget).__name__}:{widget.objectName()} {rect}")
    return bad


@pytest.mark.screenshot
@pytest.mark.parametrize("language", ["en", "zh_Hans", "fa"])
def test_the_window_fits_a_1280x720_screen(qtbot, speak, sample_kiln: Path,  # noqa: F811
                                           language: str) -> None:
    speak(language)
    window = _open(qtbot, sample_kiln, (1280, 720))
    qtbot.wait(300)
    assert window.minimumSizeHint().width() <= 1200
    assert window.minimumSize().width() <= 1200
    assert window.size().width() <= 1280 and window.size().height() <= 720
    assert _outside(window) == []
    # the navigator shows scene names, not only times
    assert window.tree.columnWidth(0) >= 150
    assert window.grab().save(str(screenshot_path(f"window-1280x720-{language}.png")))


def test_geometry_and_docks_are_remembered_per_user(qtbot, mini_kiln: Path) -> None:
    window = _open(qtbot, mini_kiln, (1100, 700))
    notes = window.features.docks["notesPanel"]
    notes.hide()
    geometry = window.saveGeometry()
    window.close()
    saved, state = load_window()
    assert saved == geometry and state is not None
    assert (Path(os.environ["KILN_DATA_DIR"]) / SETTINGS_FILE).is_file()  # never the user's own
    again = _open(qtbot, mini_kiln)
    assert again.features.docks["notesPanel"].isHidden()
    # the saved size comes back (offscreen, Qt fits the width to its 800-pixel screen)
    assert again.height() == 700 and again.width() < 1280


def test_the_arabic_preferences_dialog_cuts_no_word(qtbot, request: pytest.FixtureRequest,
                                                    mini_kiln: Path) -> None:
    request.getfixturevalue("speak")("ar")
    window = _open(qtbot, mini_kiln)
    dialog = window.ask_preferences()
    qtbot.waitExposed(dialog)
    for widget in dialog.findChildren(QWidget):
        if widget.isVisible() and hasattr(widget, "text") and not widget.inherits("QLabel"):
            assert widget.width() >= widget.sizeHint().width(), widget.text()
    assert dialog.width() >= 440
    dialog.reject()


def test_persian_rows_write_every_number_in_persian_digits(
    qtbot, request: pytest.FixtureRequest, sample_kiln: Path
) -> None:
    request.getfixturevalue("speak")("fa")
    window = _open(qtbot, sample_kiln)
    model = window.tree_model
    episode = model.index(0, 0)
    texts = [model.index(0, 1).data(), model.index(0, 1, episode).data()]
    assert all(any("۰" <= ch <= "۹" for ch in text) for text in texts), texts
    assert not any(ch.isascii() and ch.isdigit() for text in texts for ch in text), texts
