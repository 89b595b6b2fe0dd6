"""The window in its users' languages: Arabic and Persian mirror it (docks, menus, the board's
lanes) while each script paragraph keeps its own direction; Chinese menus are Chinese, Qt's own
buttons too; Edit ▸ Preferences… switches the language by rebuilding the window around the same
open project. Screenshots of the window in each language go to ``window-<language>.png`` in
``build/screenshots`` (``docs/screenshots`` with ``make screenshots``).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox, QWidget

from app.core import i18n
from app.project.commands import Update
from app.store.preferences import load_preferences, preferences_path
from tests.support.catalog_checks import po_path, read_catalog
from tests.support.screenshots import screenshot_path
from ui.qt_translations import installed_translator
from ui.window.main_window import MainWindow
from ui.window.preferences_dialog import PreferencesDialog

CJK = re.compile(r"[\u4e00-\u9fff]")
RTL = Qt.LayoutDirection.RightToLeft


def _window(qtbot, path: Path) -> MainWindow:  # noqa: ANN001 - pytest-qt's qtbot
    window = MainWindow()
    qtbot.addWidget(window)
    assert window.open_project(path, backup=False)
    window.resize(1600, 1000)
    window.show()
    qtbot.waitExposed(window)
    return window


def _left(widget: QWidget, window: QWidget) -> int:
    return widget.mapTo(window, QPoint(0, 0)).x()


def _translation(language: str, message: str) -> str:
    found = read_catalog(po_path(language)).get(message)
    assert found is not None and found.string, f"{language} translates {message!r}"
    return found.string


def _block(window: MainWindow, text: str):  # noqa: ANN202 - a QTextBlock
    block = window.editor.document().begin()
    while block.isValid():
        if text in block.text():
            return block
        block = block.next()
    raise AssertionError(f"no paragraph with {text!r} in the editor")


@pytest.mark.parametrize("language", ["ar", "fa"])
def test_the_window_mirrors_right_to_left(qtbot, speak, sample_kiln: Path,
                                          language: str) -> None:
    speak(language)
    window = _window(qtbot, sample_kiln)
    assert QApplication.layoutDirection() == RTL and window.isRightToLeft()
    # the navigator comes first, on the right; the notes panel (right of the script in
    # English) and the heritage library go on the left
    assert _left(window.tree, window) > _left(window.board, window)
    notes = window.features.notes_panel
    assert notes is not None and notes.isVisible()
    assert _left(notes, window) < _left(window.centralWidget(), window)
    window.features.heritage_action.setChecked(True)
    library = window.features.heritage_panel
    assert library is not None and library.isVisible()
    assert window.dockWidgetArea(library) == Qt.DockWidgetArea.LeftDockWidgetArea
    # menus start on the right: File right of Edit, Edit right of View
    bar = window.menuBar()
    xs = [bar.actionGeometry(m.menuAction()).x()
          for m in (window.file_menu, window.edit_menu, window.view_menu)]
    assert xs == sorted(xs, reverse=True)
    assert window.file_menu.title() == _translation(language, "&File")
    # the board's lanes run right to left: parking lot, episode 1, episode 2 …, and it opens
    # on the parking lot and episode 1
    view = window.board.view
    centres = [view.mapFromScene(h.sceneBoundingRect().center()) for h in view.headers]
    assert [c.x() for c in centres] == sorted((c.x() for c in centres), reverse=True)
    assert view.viewport().rect().contains(centres[0])
    assert view.slot_at(view.headers[2].sceneBoundingRect().center())[0] == 2
    # Qt's own words are in the language too
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
    assert buttons.button(QDialogButtonBox.StandardButton.Ok).text() != "OK"
    assert installed_translator() is not None


def test_the_script_keeps_each_paragraphs_own_direction_in_a_mirrored_window(
    qtbot, speak, sample_kiln: Path
) -> None:
    speak("fa")
    window = _window(qtbot, sample_kiln)
    scene = next(s for s in window.project.scenes()
                 if any(e.language == "fa" for e in window.project.elements(s.id)))
    persian = next(e for e in window.project.elements(scene.id) if e.language == "fa")
    window.select_scene(scene.id)
    qtbot.waitUntil(lambda: persian.text[:8] in window.editor.toPlainText())
    assert window.editor.isRightToLeft()
    assert _block(window, persian.text[:8]).layout().textOption().textDirection() == RTL
    chinese = next(e for e in window.project.elements(scene.id)
                   if CJK.search(e.text) and not e.language)
    block = _block(window, chinese.text[:4])
    assert block.layout().textOption().textDirection() == Qt.LayoutDirection.LeftToRight


def test_the_status_bar_counts_in_persian_digits(qtbot, speak, sample_kiln: Path) -> None:
    speak("fa")
    window = _window(qtbot, sample_kiln)
    episodes = len(window.project.episodes())
    text = window.totals_label.text()
    assert i18n.format_number(episodes) in text and str(episodes) not in text
    assert "۶" in text and "٫" in text  # six episodes, about ۹٫۶ minutes


def test_in_chinese_every_menu_title_is_chinese(qtbot, speak, sample_kiln: Path) -> None:
    speak("zh_Hans")
    window = _window(qtbot, sample_kiln)
    assert not window.isRightToLeft()
    titles = [a.text() for a in window.menuBar().actions() if a.menu() is not None]
    assert len(titles) >= 4
    for title in titles:
        words = re.sub(r"\(&\w\)", "", title)  # the mnemonic: 文件(&F)
        assert CJK.search(words) and not re.search(r"[A-Za-z]", words), title
    assert window.file_menu.title() == _translation("zh_Hans", "&File")
    for menu in (window.file_menu, window.edit_menu, window.view_menu):
        for action in menu.actions():
            if not action.isSeparator():
                assert CJK.search(action.text()), f"{menu.title()} ▸ {action.text()}"
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                               | QDialogButtonBox.StandardButton.Cancel)
    assert buttons.button(QDialogButtonBox.StandardButton.Ok).text() == "确定"
    assert buttons.button(QDialogButtonBox.StandardButton.Cancel).text() == "取消"


def test_the_language_combo_names_each_language_in_its_own_words(
    qtbot, speak, sample_kiln: Path
) -> None:
    speak("zh_Hans")
    window = _window(qtbot, sample_kiln)
    dialog = window.ask_preferences()
    combo = dialog.language_combo
    names = [combo.itemText(i) for i in range(combo.count())]
    assert names[1:] == ["English", "中文（简体）", "العربية", "فارسی", "Português (Brasil)"]
    assert CJK.search(names[0])  # "System language (…)" is in the interface language
    assert combo.currentData() is None  # nothing chosen yet: the system's language
    dialog.reject()


def _all_windows() -> list[MainWindow]:
    return [w for w in QApplication.topLevelWidgets()
            if isinstance(w, MainWindow) and shiboken6.isValid(w)]


def _choose(window: MainWindow, language: str) -> PreferencesDialog:
    dialog = window.ask_preferences()
    assert isinstance(dialog, PreferencesDialog) and dialog.isVisible()
    dialog.language_combo.setCurrentIndex(dialog.language_combo.findData(language))
    dialog.accept()
    return dialog


def test_choosing_a_language_rebuilds_the_window_around_the_same_project(
    qtbot, speak, sample_kiln: Path
) -> None:
    speak("en")
    window = MainWindow()
    try:
        assert window.open_project(sample_kiln, backup=False)
        window.show()
        qtbot.waitExposed(window)
        project = window.project
        episode = project.episodes()[0]
        project.run(Update("episode", episode.id, {"title": "换了标题"}))
        scene = project.scenes()[3]
        window.select_scene(scene.id)
        window.features.translations_action.setChecked(True)

        dialog = _choose(window, "fa")
        persian = dialog.rebuilt_window
        assert persian is not None and persian is not window
        assert load_preferences().language == "fa"
        assert i18n.current_language() == "fa"
        assert not window.isVisible() and persian.isVisible()
        assert persian.isRightToLeft()
        assert persian.file_menu.title() == _translation("fa", "&File")
        assert persian.windowTitle() == _translation("fa", "{title} — Kiln").format(
            title=project.info().title)
        # the same open project: its lock, its undo history, the scene on the page, the docks
        assert persian.project is project and window.project is None
        assert persian.editor.current_slot().scene_id == scene.id
        assert persian.features.translations_view is not None
        notes = persian.features.notes_panel
        assert notes is not None and notes.isVisible()
        assert _left(notes, persian) < _left(persian.centralWidget(), persian)  # mirrored
        assert persian.undo_action.isEnabled()
        persian.undo_action.trigger()
        qtbot.waitUntil(lambda: project.episodes()[0].title == episode.title)

        back = _choose(persian, "en").rebuilt_window
        assert back is not None and not back.isRightToLeft()
        assert back.file_menu.title() == "&File" and back.project is project
        notes = back.features.notes_panel
        assert notes is not None and _left(notes, back) > _left(back.centralWidget(), back)
        assert load_preferences().language == "en" and i18n.current_language() == "en"
        assert [w for w in _all_windows() if w.isVisible()] == [back]
    finally:
        for open_window in _all_windows():
            open_window.close()


def test_the_system_choice_follows_the_system_locale(
    qtbot, speak, sample_kiln: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    speak("en")
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    window = _window(qtbot, sample_kiln)
    dialog = window.ask_preferences()
    assert dialog.language_combo.itemText(0) == "System language (中文（简体）)"
    dialog.language_combo.setCurrentIndex(0)
    dialog.accept()
    rebuilt = dialog.rebuilt_window
    try:
        assert rebuilt is not None and i18n.current_language() == "zh_Hans"
        assert load_preferences().language is None  # still "the system's", not Chinese
    finally:
        for open_window in _all_windows():
            open_window.close()


def test_the_switch_waits_while_another_dialog_is_open(qtbot, speak, sample_kiln: Path) -> None:
    speak("en")
    window = _window(qtbot, sample_kiln)
    profile = window.features.ask_profile()
    assert profile.isVisible()
    dialog = _choose(window, "ar")
    assert dialog.rebuilt_window is None
    assert load_preferences().language == "ar"  # saved for the next start
    assert i18n.current_language() == "en" and not window.isRightToLeft()
    boxes = [b for b in window.findChildren(QMessageBox) if b.isVisible()]
    assert len(boxes) == 1 and "العربية" in boxes[0].text()
    boxes[0].close()
    profile.reject()


def test_a_preferences_file_that_cannot_be_written_is_reported(
    qtbot, speak, sample_kiln: Path
) -> None:
    speak("en")
    window = _window(qtbot, sample_kiln)
    preferences_path().mkdir()  # in the way of the file
    dialog = _choose(window, "fa")
    assert dialog.isVisible() and dialog.rebuilt_window is None  # still open: try again
    boxes = [b for b in dialog.findChildren(QMessageBox) if b.isVisible()]
    assert len(boxes) == 1 and str(preferences_path()) in boxes[0].text()
    assert i18n.current_language() == "en" and window.isVisible()
    boxes[0].close()
    dialog.reject()


@pytest.mark.screenshot
@pytest.mark.parametrize("language", i18n.LANGUAGES)
def test_screenshot_of_the_window(qtbot, speak, sample_kiln: Path, language: str) -> None:
    speak(language)
    window = _window(qtbot, sample_kiln)
    hook = window.board.data.lanes[1].beats[0].id
    window.board.view.select([hook])
    qtbot.waitUntil(lambda: not window.board.timing_pending())
    detection = window.features.heritage.detection  # the lanes' heritage chips come from it
    qtbot.waitUntil(lambda: detection.started and not detection.busy(), timeout=60_000)
    qtbot.wait(50)
    image = window.grab()
    assert image.width() >= 1600 and image.height() >= 1000
    assert image.save(str(screenshot_path(f"window-{language}.png")))
