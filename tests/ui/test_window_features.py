"""The feature panels in the real main window: interchange and translations, notes on words
selected in the script editor, their highlights and the jump to them, consultant mode."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QHelpEvent, QInputMethodEvent, QTextBlock, QTextCursor
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox, QToolTip

from app.core.enums import Role, ScriptLayout, Severity
from app.features.notes import service
from app.project.commands import Update
from app.store.profile import Profile, load_profile, save_profile
from tests.support.screenshots import screenshot_path
from ui.editor.words import to_utf16
from ui.notes.highlights import HIGHLIGHTS
from ui.window.main_window import MainWindow

FOUNTAIN = """Title: Kiln Test

INT. KILN - NIGHT

MEI
The fire is too hot.
"""


def _window(qtbot, path: Path, role: Role = Role.WRITER) -> MainWindow:
    save_profile(Profile("Noura" if role is Role.CONSULTANT else "Writer", role))
    window = MainWindow()
    qtbot.addWidget(window)
    assert window.open_project(path, backup=False)
    window.show()
    qtbot.waitExposed(window)
    return window


def _show_words(window: MainWindow, words: str) -> QTextBlock:
    """Open the first scene with ``words`` in the editor; the paragraph showing them."""
    project = window.project
    scene = next(s for s in project.scenes()
                 if any(words in e.text for e in project.elements(s.id)))
    window.select_scene(scene.id)
    block = window.editor.document().begin()
    while block.isValid():
        if words in block.text():
            return block
        block = block.next()
    raise AssertionError(f"{words!r} is not on the page")


def _select(window: MainWindow, block: QTextBlock, words: str, before: int = 0) -> None:
    """Select ``words`` in ``block`` (and ``before`` characters ahead of them), as a drag would."""
    text = block.text()
    at = text.index(words)
    cursor = QTextCursor(block)
    cursor.setPosition(block.position() + to_utf16(text, max(at - before, 0)))
    cursor.setPosition(block.position() + to_utf16(text, at + len(words)),
                       QTextCursor.MoveMode.KeepAnchor)
    window.editor.setTextCursor(cursor)


def _add_note(qtbot, window: MainWindow, body: str, culture: str = "",
              severity: Severity = Severity.MAJOR) -> str:
    window.features.add_note_action.trigger()
    dialog = window.features.note_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.body.setPlainText(body)
    dialog.cultures.setText(culture)
    dialog.severity.setCurrentIndex(dialog.severity.findData(severity.value))
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok),
                     Qt.MouseButton.LeftButton)
    assert dialog.created_id is not None
    return dialog.created_id


def _boxes() -> list[QMessageBox]:
    return [w for w in QApplication.topLevelWidgets()
            if isinstance(w, QMessageBox) and w.isVisible()]


# -- interchange and translations ------------------------------------------------------------


def test_import_and_export_actions_are_in_the_file_menu_and_an_import_opens(
    qtbot, mini_kiln: Path, tmp_path: Path
) -> None:
    window = _window(qtbot, mini_kiln)
    actions = window.features.interchange.actions()
    assert all(a in window.file_menu.actions() for a in actions)
    assert all(a.isEnabled() for a in actions)
    out = tmp_path / "mini.fountain"
    assert window.features.interchange.export_file("fountain", out)
    assert "这一窑，不能再坏了。" in out.read_text(encoding="utf-8")

    source, target = tmp_path / "kiln.fountain", tmp_path / "imported.kiln"
    source.write_text(FOUNTAIN, encoding="utf-8")
    window.features.interchange.import_file(source, target)
    assert window.project is not None and window.project.path == target
    assert window.windowTitle().startswith("Kiln Test")
    assert "The fire is too hot." in window.editor.toPlainText()
    window.close_project()
    assert not any(a.isEnabled() for a in actions[1:])  # exports need a project


def test_the_translations_view_comes_and_goes_with_the_project(
    qtbot, mini_kiln: Path, sample_kiln: Path
) -> None:
    window = _window(qtbot, mini_kiln)
    toggle = window.features.translations_action
    assert toggle in window.view_menu.actions() and not toggle.isChecked()
    assert window.features.translations_view is None  # hidden at first: not even made
    toggle.trigger()
    view = window.features.translations_view
    assert view is not None and view.project is window.project
    assert window.dockWidgetArea(view) == Qt.DockWidgetArea.BottomDockWidgetArea
    qtbot.waitUntil(view.isVisible)
    view.set_language("en")
    assert "这一窑，不能再坏了。" in [r.source for r in view.rows]
    window.close_project()
    assert window.features.translations_view is None and not toggle.isEnabled()
    assert window.open_project(sample_kiln, backup=False)
    again = window.features.translations_view
    assert again is not None and again.project is window.project
    qtbot.waitUntil(again.isVisible)  # shown, as it was when the last project closed
    assert [a for a in window.view_menu.actions() if a.text() == "Translations"] == [toggle]
    again.close()  # its own close button
    qtbot.waitUntil(lambda: window.features.translations_view is None)
    assert not toggle.isChecked()
    notes = window.features.notes_panel
    assert notes is not None and notes.toggleViewAction() in window.view_menu.actions()


# -- notes on words selected in the editor ----------------------------------------------------


@pytest.mark.parametrize(
    ("words", "culture"),
    [("苏麻离青", "zh-CN"), ("أريد الزوج", "ar-AE"), ("مادرجون", "fa-IR")],
)
def test_a_note_on_words_selected_in_the_editor_lands_on_them(
    qtbot, sample_kiln: Path, words: str, culture: str
) -> None:
    window = _window(qtbot, sample_kiln, Role.CONSULTANT)
    project = window.project
    block = _show_words(window, words)
    before = window.editor.toPlainText()
    _select(window, block, words)
    note_id = _add_note(qtbot, window, f"Check this with the {culture} team.", culture)

    record = service.note(project, note_id)
    assert service.anchored_text(project, record) == words
    slot = window.editor.slot_of(block)
    assert record.anchor.element_id == slot.element_id
    element = next(e for e in project.elements(slot.scene_id) if e.id == slot.element_id)
    assert element.text[record.anchor.start:record.anchor.end] == words
    assert record.author == "Noura" and record.role is Role.CONSULTANT
    assert record.cultures == (culture,)

    marks = [(c, n) for c, n in window.features.note_marks.marks if n.id == note_id]
    assert [c.selectedText() for c, _n in marks] == [words]
    cursor = marks[0][0]
    (selection,) = [s for s in window.editor.extraSelections()
                    if s.cursor.selectionStart() == cursor.selectionStart()
                    and s.cursor.selectionEnd() == cursor.selectionEnd()
                    and "team." in s.format.toolTip()]  # the sample has a note there too
    assert selection.format.background().color().name() == HIGHLIGHTS[Severity.MAJOR]
    assert "team." in window.features.note_marks.tooltip_at(cursor.selectionStart() + 1)
    assert window.editor.toPlainText() == before  # the tint is not in the script
    plain = QTextCursor(window.editor.document())
    plain.setPosition(cursor.selectionStart() + 1)
    assert not plain.charFormat().toolTip()

    panel = window.features.notes_panel
    assert panel is not None and note_id in panel.visible_note_ids()
    assert panel.current_note_id() == note_id
    window.select_scene(next(s.id for s in project.scenes() if s.id != slot.scene_id))
    assert window.editor.words_block(record.anchor.element_id) is None  # somewhere else
    qtbot.mouseClick(panel.jump_button, Qt.MouseButton.LeftButton)
    assert window.editor.textCursor().selectedText() == words
    assert window.editor.selected_words().element_id == record.anchor.element_id


def test_a_selection_must_be_words_of_one_line(qtbot, sample_kiln: Path) -> None:
    window = _window(qtbot, sample_kiln)
    block = _show_words(window, "苏麻离青")
    cursor = QTextCursor(block)
    cursor.setPosition(block.position() + 2)
    cursor.setPosition(block.next().position() + 2, QTextCursor.MoveMode.KeepAnchor)
    window.editor.setTextCursor(cursor)
    assert window.editor.selected_words() is None  # two paragraphs
    heading = window.editor.document().begin()
    cursor = QTextCursor(heading)
    cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor)
    window.editor.setTextCursor(cursor)
    assert window.editor.selected_words() is None  # a scene heading is no line's words
    count = len(service.notes(window.project))
    window.features.add_note_action.trigger()
    (box,) = [b for b in _boxes() if b.parent() is window]
    assert "Select some words" in box.text()
    box.close()
    assert len(service.notes(window.project)) == count


@pytest.mark.parametrize("layout", [ScriptLayout.ZH, ScriptLayout.HOLLYWOOD])
def test_selected_words_in_both_layouts(qtbot, mini_kiln: Path, layout: ScriptLayout) -> None:
    window = _window(qtbot, mini_kiln)
    window.editor_panel.set_layout(layout)
    for words, element_text, before in (
        ("这一", "这一窑，不能再坏了。", 2),  # the aside's bracket comes along, and is dropped
        ("景德", "景德镇", 2),  # so does the caption's mark
        ("窑火", "窑火映红了墙。", 1),  # and the △
        ("不能", "这一窑，不能再坏了。", 0),
    ):
        block = _show_words(window, words)
        _select(window, block, words, before)
        target = window.editor.selected_words()
        assert target is not None and target.quote == words, block.text()
        assert target.start == element_text.index(words)
        assert target.end == target.start + len(words)
    _show_words(window, "这一")
    block = window.editor.document().find("低声").block()  # the aside is not the line's words
    _select(window, block, "低声")
    assert window.editor.selected_words() is None


def test_the_shortcut_opens_the_dialog_and_marks_follow_typing(qtbot, mini_kiln: Path) -> None:
    window = _window(qtbot, mini_kiln)
    editor = window.editor
    project = window.project
    line = next(e for s in project.scenes() for e in project.elements(s.id)
                if e.text == "窑火映红了墙。")
    project.run(Update("element", line.id, {"text": "𠮷窑火映红了墙。"}))  # outside the BMP
    qtbot.waitUntil(lambda: "𠮷" in editor.toPlainText())
    block = editor.words_block(line.id)
    _select(window, block, "映红")
    window.activateWindow()
    qtbot.waitActive(window)
    qtbot.keyClick(editor, Qt.Key.Key_M,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
    dialog = window.features.note_dialog
    assert dialog is not None and dialog.isVisible() and dialog.target.quote == "映红"
    assert (dialog.target.start, dialog.target.end) == (3, 5)  # code points, not UTF-16
    dialog.body.setPlainText("Glow, or burn?")
    dialog.severity.setCurrentIndex(dialog.severity.findData(Severity.CRITICAL.value))
    dialog.accept()
    note_id = dialog.created_id

    # Typing before the words moves the note and its tint with them.
    cursor = QTextCursor(block)
    cursor.setPosition(block.position() + to_utf16(block.text(), block.text().index("窑")))
    editor.setTextCursor(cursor)
    event = QInputMethodEvent()
    event.setCommitString("夜里")
    editor.inputMethodEvent(event)
    editor.flush()
    record = service.note(project, note_id)
    assert service.anchored_text(project, record) == "映红" and record.anchor.start == 5
    assert project.elements(line.scene_id)[0].text == "𠮷夜里窑火映红了墙。"
    (mark,) = [c for c, n in window.features.note_marks.marks if n.id == note_id]
    assert mark.selectedText() == "映红"
    window.undo()
    qtbot.waitUntil(lambda: "夜里" not in editor.toPlainText())
    (mark,) = [c for c, n in window.features.note_marks.marks if n.id == note_id]
    assert mark.selectedText() == "映红"
    assert service.note(project, note_id).anchor.start == 3

    # The pointer resting on the words shows the note.
    middle = QTextCursor(mark)
    middle.setPosition(mark.selectionStart() + 1)
    spot = editor.cursorRect(middle).center()
    viewport = editor.viewport()
    QApplication.sendEvent(viewport, QHelpEvent(QEvent.Type.ToolTip, spot,
                                                viewport.mapToGlobal(spot)))
    assert QToolTip.isVisible() and "Glow, or burn?" in QToolTip.text()
    QToolTip.hideText()

    # A resolved note leaves its words plain.
    window.features.notes_panel.select_note(note_id)
    qtbot.mouseClick(window.features.notes_panel.resolve_button, Qt.MouseButton.LeftButton)
    assert note_id not in [n.id for _c, n in window.features.note_marks.marks]


# -- roles, profile, review packets ------------------------------------------------------------


def test_consultant_mode_is_shown_and_typing_is_refused(qtbot, sample_kiln: Path) -> None:
    window = _window(qtbot, sample_kiln, Role.CONSULTANT)
    assert "Consultant mode" in window.windowTitle()
    assert window.features.consultant_label.isVisible()
    block = _show_words(window, "苏麻离青")
    text = block.text()
    cursor = QTextCursor(block)
    cursor.setPosition(block.position() + 3)
    window.editor.setTextCursor(cursor)
    qtbot.keyClicks(window.editor, "ab")
    qtbot.keyClick(window.editor, Qt.Key.Key_Backspace)
    event = QInputMethodEvent()
    event.setCommitString("改")
    window.editor.inputMethodEvent(event)
    window.editor.flush()
    assert block.text() == text
    slot = window.editor.slot_of(block)
    assert any(e.text in text for e in window.project.elements(slot.scene_id)
               if e.id == slot.element_id)
    assert not window.undo_action.isEnabled()
    window.close_project()
    assert not window.features.consultant_label.isVisible()
    save_profile(Profile("Writer", Role.WRITER))
    assert window.open_project(sample_kiln, backup=False)
    assert "Consultant mode" not in window.windowTitle()
    assert not window.features.consultant_label.isVisible()


def test_profile_and_review_notes_from_the_menus(
    qtbot, sample_kiln: Path, tmp_path: Path
) -> None:
    window = _window(qtbot, sample_kiln)
    edit_actions = window.edit_menu.actions()
    assert window.features.profile_action in edit_actions
    assert window.features.add_note_action in edit_actions
    assert window.features.add_note_action.shortcut().toString() == "Ctrl+Alt+M"
    for action in (window.features.import_notes_action, window.features.export_notes_action):
        assert action in window.file_menu.actions() and action.isEnabled()

    dialog = window.features.ask_profile()
    dialog.name.setText("پریسا")
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok),
                     Qt.MouseButton.LeftButton)
    assert load_profile().name == "پریسا"
    assert window.features.notes_panel.profile.name == "پریسا"

    packet = tmp_path / "notes.json"
    assert window.features.export_notes(packet) == packet
    for box in [b for b in _boxes() if b.parent() is window]:
        box.close()
    report = window.features.import_notes(packet)
    assert report is not None and not report.changed
    for box in [b for b in _boxes() if b.parent() is window]:
        box.close()


@pytest.mark.screenshot
def test_screenshot_with_the_notes_panel(qtbot, sample_kiln: Path) -> None:
    window = _window(qtbot, sample_kiln, Role.CONSULTANT)
    window.resize(1600, 1000)
    panel = window.features.notes_panel
    assert panel is not None and panel.isVisible()
    note = next(n for n in service.notes(window.project) if n.anchor and n.anchor.quote
                == "أريد الزوج كاملاً")
    panel.select_note(note.id)
    panel.jump_to_current()
    assert window.editor.textCursor().selectedText() == "أريد الزوج كاملاً"
    assert window.features.note_marks.marks
    cursor = window.editor.textCursor()
    cursor.clearSelection()  # let the tint show
    window.editor.setTextCursor(cursor)
    assert window.grab().save(str(screenshot_path("window-notes.png")))


# -- heritage library and export ---------------------------------------------------------------


def test_the_heritage_library_links_to_the_scene_under_the_caret(
    qtbot, sample_kiln: Path
) -> None:
    from app.features.heritage.linking import linked_entries

    window = _window(qtbot, sample_kiln)
    project = window.project
    before = linked_entries(project)
    assert window.features.heritage_panel is None  # the library opens on first use
    assert window.features.heritage_action in window.view_menu.actions()
    window.features.heritage_action.trigger()
    panel = window.features.heritage_panel
    assert panel is not None and panel.isVisible()
    assert window.dockWidgetArea(panel) == Qt.DockWidgetArea.RightDockWidgetArea
    block = _show_words(window, "苏麻离青")
    window.editor.setTextCursor(QTextCursor(block))
    scene_id = window.editor.slot_of(block).scene_id
    assert panel.scene_id == scene_id
    panel.query.setText("景德镇")
    entry = panel.current_entry_id()
    assert entry is not None and "jingdezhen" in entry
    qtbot.mouseClick(panel.link_button, Qt.MouseButton.LeftButton)
    added = [link for link in linked_entries(project) if link not in before]
    assert added == [("scene", scene_id, entry)]
    window.undo()
    assert linked_entries(project) == before
    panel.close()  # its own close button
    assert not window.features.heritage_action.isChecked()
    window.close_project()
    assert panel.project is None and not panel.link_button.isEnabled()


def test_file_export_runs_the_export_dialog_on_the_open_project(
    qtbot, mini_kiln: Path, tmp_path: Path
) -> None:
    window = _window(qtbot, mini_kiln)
    assert window.features.export_action in window.file_menu.actions()
    assert window.features.export_action.shortcut().toString() == "Ctrl+E"
    window.features.export_action.trigger()
    dialog = window.features.export_dialog
    assert dialog is not None and dialog.isVisible() and dialog.project is window.project
    dialog.format.setCurrentIndex(dialog.format.findData("docx"))
    out = tmp_path / "mini.docx"
    dialog.out.setText(str(out))
    with qtbot.waitSignal(dialog.done_exporting, timeout=30000) as done:
        dialog.export_button.click()  # the window holds the project open: the export reads it
    assert done.args == [str(out)]
    assert out.stat().st_size > 1000
    window.close_project()
    assert not window.features.export_action.isEnabled()
