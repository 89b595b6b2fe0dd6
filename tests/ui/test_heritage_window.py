"""The heritage library in the real window: background detection, editor underlines with
tooltips and Ctrl+click linking, links to a beat and to selected lines, the coverage view, the
board's lane chips, and a damaged library file."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QHelpEvent, QInputMethodEvent, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QApplication, QMessageBox

from app.core.enums import Role
from app.core.paths import user_data_dir
from app.features.heritage import scan
from app.features.heritage.detect import detector_for
from app.features.heritage.linking import linked_entries
from app.features.heritage.scan import detect_project
from app.store.profile import Profile, save_profile
from tests.support.screenshots import screenshot_path
from ui.board.heritage_chips import HeritageChipsItem
from ui.editor.heritage_marks import LAYER
from ui.heritage import detection as detection_module
from ui.window.main_window import MainWindow

ROOT = Path(__file__).parents[2]


def _window(qtbot, path: Path) -> MainWindow:
    save_profile(Profile("Writer", Role.WRITER))
    window = MainWindow()
    qtbot.addWidget(window)
    assert window.open_project(path, backup=False)
    window.show()
    qtbot.waitExposed(window)
    return window


def _detected(qtbot, window: MainWindow) -> None:
    detection = window.features.heritage.detection
    qtbot.waitUntil(lambda: bool(detection.started and not detection.busy() and detection.scenes),
                    timeout=60000)


def _show_words(window: MainWindow, words: str):  # noqa: ANN202 - a QTextBlock
    project = window.project
    scene = next(s for s in project.scenes()
                 if any(words in e.text for e in project.elements(s.id)))
    window.select_scene(scene.id)
    block = window.editor.document().begin()
    while block.isValid():
        if words in block.text() and window.editor.slot_of(block) is not None:
            return block
        block = block.next()
    raise AssertionError(f"{words!r} is not on the page")


def _marks_on(window: MainWindow, words: str) -> list:
    marks = window.features.heritage.marks
    return [m for m in marks.marks if m[0].selectedText() == words]


def test_detection_underlines_terms_with_a_tooltip_and_ctrl_click_links(qtbot,
                                                                         sample_kiln: Path):
    window = _window(qtbot, sample_kiln)
    _detected(qtbot, window)
    block = _show_words(window, "景德镇")
    marks = window.features.heritage.marks
    qtbot.waitUntil(lambda: bool(_marks_on(window, "景德镇")))
    cursor, element_id, scene_id, match = _marks_on(window, "景德镇")[0]
    assert "cn-jingdezhen-porcelain" in match.entry_ids
    assert window.editor.document().findBlock(cursor.selectionStart()) == block

    # dotted, and in a layer of its own: notes' tints are kept beside it
    layer = window.editor._mark_layers[LAYER]
    styles = {s.format.underlineStyle() for s in layer}
    assert styles == {QTextCharFormat.UnderlineStyle.WaveUnderline}
    assert len(window.editor.extraSelections()) >= len(layer)

    tip = marks.tooltip_at(cursor.selectionStart())
    assert "Jingdezhen" in tip and "Traditional craftsmanship" in tip
    # the tooltip event over the words shows it
    rect = window.editor.cursorRect(QTextCursor(cursor.document().findBlock(
        cursor.selectionStart())))
    point = window.editor.cursorRect(_at(cursor, 1)).center()
    assert rect.isValid()
    event = QHelpEvent(QEvent.Type.ToolTip, point, window.editor.viewport().mapToGlobal(point))
    QApplication.sendEvent(window.editor.viewport(), event)
    assert window.editor.viewport().grab().save(str(screenshot_path("editor-underlines.png")))

    # Ctrl+click: a menu to link the entry to this line or scene
    before = linked_entries(window.project)
    qtbot.mouseClick(window.editor.viewport(), Qt.MouseButton.LeftButton,
                     Qt.KeyboardModifier.ControlModifier, point)
    menu = marks.menu
    assert menu is not None
    labels = [a.text() for a in menu.actions()]
    assert any("to this line" in t for t in labels), labels
    line_action = next(a for a in menu.actions() if a.data() == (
        "cn-jingdezhen-porcelain", "element", element_id))
    line_action.trigger()
    menu.close()
    added = [x for x in linked_entries(window.project) if x not in before]
    assert added == [("element", element_id, "cn-jingdezhen-porcelain")]
    window.undo()
    assert linked_entries(window.project) == before
    window.redo()
    assert ("element", element_id, "cn-jingdezhen-porcelain") in \
        linked_entries(window.project)


def _at(cursor: QTextCursor, offset: int) -> QTextCursor:
    at = QTextCursor(cursor.document())
    at.setPosition(cursor.selectionStart() + offset)
    return at


def test_a_typed_term_is_underlined_after_the_pause(qtbot, sample_kiln: Path) -> None:
    window = _window(qtbot, sample_kiln)
    _detected(qtbot, window)
    block = _show_words(window, "苏麻离青")
    editor = window.editor
    cursor = QTextCursor(block)
    cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock)
    editor.setTextCursor(cursor)
    editor.setFocus()
    before = len(_marks_on(window, "青花"))
    event = QInputMethodEvent()
    event.setCommitString("一只青花大盘")
    QApplication.sendEvent(editor, event)
    editor.flush()
    detection = window.features.heritage.detection
    qtbot.waitUntil(lambda: detection._timer.isActive() or detection.busy())
    qtbot.waitUntil(lambda: not detection.busy() and len(_marks_on(window, "青花")) > before,
                    timeout=20000)
    assert detection.timings.get("rescan") is not None


def test_the_window_scans_a_few_scenes_at_a_time_and_finds_what_one_pass_finds(
    qtbot, sample_kiln: Path, monkeypatch
) -> None:
    monkeypatch.setattr(scan, "SCENE_BATCH", 2)
    read: list[int] = []
    real_read = scan.read_script

    def counted(project, scene_ids=None, **kw):  # noqa: ANN001, ANN202
        read.append(len(scene_ids) if scene_ids is not None else -1)
        return real_read(project, scene_ids, **kw)

    monkeypatch.setattr(detection_module, "read_script", counted)
    window = _window(qtbot, sample_kiln)
    _detected(qtbot, window)
    detection = window.features.heritage.detection
    assert len(read) > 2 and set(read) <= {1, 2}  # never the whole script at once
    monkeypatch.setattr(scan, "SCENE_BATCH", 10_000)
    whole = detect_project(window.project, detector_for(detection.library))
    assert {s.scene_id: s.matches for s in whole} == {
        k: s.matches for k, s in detection.scenes.items()}
    assert list(detection.scenes) == [s.scene_id for s in whole]  # in script order


def test_spacy_is_not_imported_before_the_window_shows(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "from ui.window.main_window import MainWindow\n"
        "w = MainWindow()\n"
        "assert 'spacy' not in sys.modules, 'spacy imported while building the window'\n"
        "w.show(); app.processEvents()\n"
        "assert 'spacy' not in sys.modules, 'spacy imported on showing the window'\n"
        "w.close()\n"
        "print('ok')\n"
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", KILN_DATA_DIR=str(tmp_path))
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("ok")


def test_link_to_beat_and_to_selected_lines(qtbot, sample_kiln: Path) -> None:
    window = _window(qtbot, sample_kiln)
    window.features.heritage_action.trigger()
    panel = window.features.heritage_panel
    project = window.project
    scene = next(s for s in project.scenes() if s.beat_id)
    window.select_scene(scene.id)
    elements = [e for e in project.elements(scene.id) if e.text]
    assert len(elements) >= 2
    first = window.editor.words_block(elements[0].id)
    second = window.editor.words_block(elements[1].id)
    cursor = QTextCursor(first)
    cursor.setPosition(second.position() + 1, QTextCursor.MoveMode.KeepAnchor)
    window.editor.setTextCursor(cursor)
    assert panel.line_ids == [elements[0].id, elements[1].id]
    assert panel.beat_id == scene.beat_id
    panel.query.setText("青花")
    entry = panel.current_entry_id()
    before = linked_entries(project)
    qtbot.mouseClick(panel.link_lines_button, Qt.MouseButton.LeftButton)
    added = [x for x in linked_entries(project) if x not in before]
    assert sorted(added) == sorted([("element", elements[0].id, entry),
                                    ("element", elements[1].id, entry)])
    window.undo()  # one step takes both back
    assert linked_entries(project) == before
    qtbot.mouseClick(panel.link_beat_button, Qt.MouseButton.LeftButton)
    assert [x for x in linked_entries(project) if x not in before] == [
        ("beat", scene.beat_id, entry)]
    # the board's card now counts it; the lane header shows it as a linked chip
    detection = window.features.heritage.detection
    qtbot.waitUntil(lambda: not detection.busy(), timeout=60000)
    chips = window.board.view.heritage_chips.get(scene.episode_id, [])
    assert any(linked for _name, linked in chips)
    header = next(h for h in window.board.view.headers if h.lane.episode_id == scene.episode_id)
    qtbot.waitUntil(lambda: any(isinstance(c, HeritageChipsItem) for c in
                                next(h for h in window.board.view.headers
                                     if h.lane.episode_id == scene.episode_id).childItems()))
    assert header is not None
    assert window.board.grab().save(str(screenshot_path("board-lane-chips.png")))


def test_coverage_view_counts_links_and_terms_and_jumps(qtbot, sample_kiln: Path) -> None:
    window = _window(qtbot, sample_kiln)
    _detected(qtbot, window)
    action = window.features.heritage.coverage_action
    assert action in window.view_menu.actions()
    assert action.shortcut().toString() == "Ctrl+Shift+6"
    action.trigger()
    view = window.features.heritage.coverage_view
    assert view is not None and view.isVisible()
    model = view.model
    assert model.rowCount() > 0 and model.columnCount() == len(window.project.episodes())
    entries = model.cover.entries
    row = entries.index("cn-jingdezhen-porcelain")
    column = next(c for c in range(model.columnCount()) if model.index(row, c).data())
    text = model.index(row, column).data()
    assert "○" in text  # found in the script
    scene_id = model.index(row, column).data(Qt.ItemDataRole.UserRole + 1)
    rect = view.table.visualRect(model.index(row, column))
    view.table.scrollTo(model.index(row, column))
    rect = view.table.visualRect(model.index(row, column))
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    slot = window.editor.current_slot()
    assert slot is not None and slot.scene_id == scene_id
    view.resize(900, 300)
    assert view.grab().save(str(screenshot_path("coverage-view.png")))


def test_a_damaged_library_asks_to_rebuild_it(qtbot, sample_kiln: Path) -> None:
    from app.features.heritage.library import Library

    Library.open().close()
    path = user_data_dir() / "heritage.sqlite"
    with open(path, "r+b") as handle:
        handle.write(b"\xff" * 200)  # the header is gone
    save_profile(Profile("Writer", Role.WRITER))
    window = MainWindow()
    qtbot.addWidget(window)
    assert window.open_project(sample_kiln, backup=False)
    window.show()
    qtbot.waitExposed(window)
    detection = window.features.heritage.detection
    # the background scan says so in the status bar, and raises nothing
    qtbot.waitUntil(lambda: "damaged" in window.statusBar().currentMessage(), timeout=60000)
    assert not detection.started and not detection.busy()
    window.features.heritage_action.trigger()  # no exception escapes
    assert window.features.heritage_panel is None
    assert not window.features.heritage_action.isChecked()
    box = window.features.heritage.rebuild_box
    assert isinstance(box, QMessageBox) and box.isVisible()
    assert str(path) in box.text() and "bundled seed" in box.text()
    rebuild = box.findChild(type(box.buttons()[0]), "rebuild")
    qtbot.mouseClick(rebuild, Qt.MouseButton.LeftButton)
    panel = window.features.heritage_panel
    assert panel is not None and panel.isVisible()
    assert len(panel.library) > 100
    kept = list(path.parent.glob("heritage.sqlite.damaged-*"))
    assert len(kept) == 1 and kept[0].read_bytes()[:4] == b"\xff" * 4
    panel.query.setText("青花")
    assert panel.current_entry_id() is not None
    qtbot.waitUntil(lambda: bool(detection.scenes), timeout=60000)  # detection runs again
