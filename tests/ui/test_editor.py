"""The script editor on real project files: typing, Tab/Enter, input methods, RTL, undo, layouts."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent, QTextCursor

from app.core.enums import ElementKind, ScriptLayout
from app.project.commands import Update
from app.project.open_project import OpenProject
from tests.support.screenshots import screenshot_path
from ui.bridge import ProjectBridge
from ui.editor.panel import EditorPanel
from ui.editor.widget import ScriptEditor

PERSIAN = "این آبی از کاشان آمده است."


@pytest.fixture
def project(mini_kiln: Path):
    with OpenProject.open(mini_kiln, backup=False) as opened:
        yield opened


@pytest.fixture
def panel(qtbot, project: OpenProject) -> EditorPanel:
    widget = EditorPanel(ProjectBridge(project))
    qtbot.addWidget(widget)
    widget.resize(900, 700)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _first_scene(project: OpenProject) -> str:
    return project.scenes()[0].id


def _block(editor: ScriptEditor, text: str):  # noqa: ANN202 - a QTextBlock
    block = editor.document().begin()
    while block.isValid():
        if text in block.text():
            return block
        block = block.next()
    raise AssertionError(f"no paragraph contains {text!r}")


def _caret_in(editor: ScriptEditor, text: str, at_end: bool = True) -> None:
    block = _block(editor, text)
    cursor = QTextCursor(block)
    if at_end:
        cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock)
    editor.setTextCursor(cursor)


def _commit_text(editor: ScriptEditor, text: str) -> None:
    event = QInputMethodEvent()
    event.setCommitString(text)
    editor.inputMethodEvent(event)


def test_scene_renders_in_chinese_layout(panel: EditorPanel, project: OpenProject) -> None:
    editor = panel.editor
    editor.show_scope("scene", _first_scene(project))
    text = editor.toPlainText()
    for line in (
        "1-1 夜 内 老窑",
        "人物：梅",
        "△窑火映红了墙。",
        "梅：（低声）这一窑，不能再坏了。",
        "【字幕：景德镇】",
    ):
        assert line in text


def test_typing_chinese_through_the_input_method_is_saved(
    qtbot, panel: EditorPanel, project: OpenProject, mini_kiln: Path
) -> None:
    editor = panel.editor
    scene = _first_scene(project)
    editor.show_scope("scene", scene)
    _caret_in(editor, "△窑火映红了墙。")
    _commit_text(editor, "火光跳动。")
    assert "△窑火映红了墙。火光跳动。" in editor.toPlainText()
    editor.flush()
    action = project.elements(scene)[0]
    assert action.text == "窑火映红了墙。火光跳动。"  # the △ mark is the layout's, not stored
    # the autosave also happens on its own after a pause
    _commit_text(editor, "好")
    qtbot.waitUntil(lambda: project.elements(scene)[0].text.endswith("好"), timeout=3000)


def test_enter_and_tab_cycle_kinds(qtbot, panel: EditorPanel, project: OpenProject) -> None:
    editor = panel.editor
    scene = _first_scene(project)
    editor.show_scope("scene", scene)
    _caret_in(editor, "△窑火映红了墙。")
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # Enter after action: a new action
    assert editor.current_kind() is ElementKind.ACTION
    kinds = [e.kind for e in project.elements(scene)]
    assert kinds[:2] == [ElementKind.ACTION, ElementKind.ACTION] and len(kinds) == 4
    qtbot.keyClick(editor, Qt.Key.Key_Tab)  # Tab on an empty action: a character cue
    assert editor.current_kind() is ElementKind.CHARACTER
    assert panel.kind_box.currentData() == "character"
    assert project.elements(scene)[1].kind is ElementKind.DIALOGUE
    _commit_text(editor, "礼")
    assert editor.completion_candidates() == ["礼萨"]
    _commit_text(editor, "萨")
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # Enter after a cue: the line
    assert editor.current_kind() is ElementKind.DIALOGUE
    _commit_text(editor, "窑要开了。")
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # Enter after dialogue: action
    assert editor.current_kind() is ElementKind.ACTION
    elements = project.elements(scene)
    line = elements[1]
    assert (line.kind, line.speaker, line.text) == (ElementKind.DIALOGUE, "礼萨", "窑要开了。")
    reza = next(c.id for c in project.characters() if c.names["zh-Hans"] == "礼萨")
    assert line.speaker_id == reza
    assert elements[2].kind is ElementKind.ACTION and elements[2].text == ""
    qtbot.keyClick(editor, Qt.Key.Key_Backspace)  # an empty paragraph goes away
    assert len(project.elements(scene)) == 4
    assert editor.textCursor().block().text().endswith("窑要开了。")
    qtbot.keyClick(editor, Qt.Key.Key_Tab)  # Tab after dialogue: the next cue
    assert editor.current_kind() is ElementKind.CHARACTER


def test_hollywood_tab_enter_and_shortcuts(qtbot, panel: EditorPanel, project: OpenProject) -> None:
    editor = panel.editor
    editor.set_layout(ScriptLayout.HOLLYWOOD)
    scene = _first_scene(project)
    editor.show_scope("scene", scene)
    _caret_in(editor, "窑火映红了墙。")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    assert editor.current_kind() is ElementKind.CHARACTER
    qtbot.keyClicks(editor, "Mei")
    qtbot.keyClick(editor, Qt.Key.Key_Tab)  # Tab after a cue: the parenthetical
    assert editor.current_kind() is ElementKind.PARENTHETICAL
    qtbot.keyClicks(editor, "quietly")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert editor.current_kind() is ElementKind.DIALOGUE
    qtbot.keyClicks(editor, "Not again.")
    editor.flush()
    line = project.elements(scene)[1]
    assert (line.speaker, line.parenthetical, line.text) == ("Mei", "quietly", "Not again.")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.keyClick(editor, Qt.Key.Key_6, Qt.KeyboardModifier.ControlModifier)
    assert editor.current_kind() is ElementKind.TRANSITION
    assert project.elements(scene)[2].kind is ElementKind.TRANSITION


def test_persian_paragraph_runs_right_to_left(
    qtbot, panel: EditorPanel, project: OpenProject
) -> None:
    editor = panel.editor
    editor.show_scope("episode", project.episodes()[0].id)
    persian = _block(editor, PERSIAN)
    assert persian.blockFormat().layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert _block(editor, "你说什么").blockFormat().layoutDirection() == (
        Qt.LayoutDirection.LeftToRight
    )
    # a new action typed in Persian (with a Latin name and digits) turns right to left
    _caret_in(editor, "△窑火映红了墙。")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert editor.textCursor().block().blockFormat().layoutDirection() == (
        Qt.LayoutDirection.LeftToRight
    )
    _commit_text(editor, "رضا در سال ۱۴۰۲ به Jingdezhen رفت.")
    block = editor.textCursor().block()
    assert block.blockFormat().layoutDirection() == Qt.LayoutDirection.RightToLeft
    # mixed runs in visual order: the line starts at the right, the Latin name and the
    # Persian digits read left to right inside it
    qtbot.waitUntil(lambda: block.layout().lineCount() > 0)
    text, line = block.text(), block.layout().lineAt(0)

    def x(sub: str) -> float:
        return line.cursorToX(text.index(sub))[0]

    assert x("رضا") > x("Jingdezhen") > x("رفت")
    assert x("۴") < x("۰")  # positions inside the runs, so no run boundary is involved
    assert x("ngdezhen") < x("dezhen")
    editor.flush()
    assert project.elements(project.scenes()[0].id)[1].text == "رضا در سال ۱۴۰۲ به Jingdezhen رفت."


def test_undo_and_redo_of_a_text_edit(qtbot, panel: EditorPanel, project: OpenProject) -> None:
    editor = panel.editor
    scene = _first_scene(project)
    editor.show_scope("scene", scene)
    _caret_in(editor, "△窑火映红了墙。")
    qtbot.keyClicks(editor, "ABC")  # three keystrokes, one undo step
    editor.flush()
    assert project.elements(scene)[0].text == "窑火映红了墙。ABC"
    project.undo()
    qtbot.waitUntil(lambda: "△窑火映红了墙。\n" in editor.toPlainText() + "\n")
    assert "ABC" not in editor.toPlainText()
    assert project.elements(scene)[0].text == "窑火映红了墙。"
    project.redo()
    qtbot.waitUntil(lambda: "△窑火映红了墙。ABC" in editor.toPlainText())


def test_switching_layout_rerenders_without_rewriting(
    qtbot, panel: EditorPanel, project: OpenProject
) -> None:
    editor = panel.editor
    editor.show_scope("episode", project.episodes()[0].id)
    before = [project.elements(s.id) for s in project.scenes()]
    editor.set_layout(ScriptLayout.HOLLYWOOD)
    text = editor.toPlainText()
    assert "1-1 INT. 老窑 - NIGHT" in text
    assert "(低声)" in text and "梅\n" in text
    assert 'SUPER: "景德镇"' in text
    assert "△" not in text
    editor.set_layout(ScriptLayout.ZH)
    assert "梅：（低声）这一窑，不能再坏了。" in editor.toPlainText()
    assert [project.elements(s.id) for s in project.scenes()] == before


def test_scene_heading_edits_fields_with_completion(
    qtbot, panel: EditorPanel, project: OpenProject
) -> None:
    editor = panel.editor
    scene = _first_scene(project)
    editor.show_scope("scene", scene)
    cursor = QTextCursor(editor.document().begin())
    cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor)
    editor.setTextCursor(cursor)
    _commit_text(editor, "1-1 日 外 老")
    assert "老窑" in editor.completion_candidates()
    _commit_text(editor, "街")
    editor.flush()
    record = project.scenes()[0]
    assert (record.time_of_day.value, record.setting.value, record.location_name) == (
        "day",
        "ext",
        "老街",
    )


def test_live_duration(qtbot, panel: EditorPanel, project: OpenProject) -> None:
    editor = panel.editor
    editor.show_scope("scene", _first_scene(project))
    before = editor.scene_durations()[_first_scene(project)]
    _caret_in(editor, "△窑火映红了墙。")
    _commit_text(editor, "一二三四五六七八九")
    assert editor.scene_durations()[_first_scene(project)] == pytest.approx(before + 2.0)
    qtbot.waitUntil(lambda: "≈" in panel.duration_label.text())


@pytest.mark.screenshot
def test_screenshots_of_both_layouts(qtbot, sample_kiln: Path) -> None:
    with OpenProject.open(sample_kiln, backup=False) as sample:
        widget = EditorPanel(ProjectBridge(sample))
        qtbot.addWidget(widget)
        widget.resize(900, 1000)
        widget.show()
        qtbot.waitExposed(widget)
        widget.editor.show_scope("episode", sample.episodes()[0].id)
        assert widget.grab().save(str(screenshot_path("editor-chinese.png")))
        widget.set_layout(ScriptLayout.HOLLYWOOD)
        assert widget.layout_box.currentData() == "hollywood"
        widget.editor.moveCursor(QTextCursor.MoveOperation.Start)
        assert widget.grab().save(str(screenshot_path("editor-hollywood.png")))


def test_a_chinese_line_without_speaker_keeps_its_words(
    qtbot, panel: EditorPanel, project: OpenProject
) -> None:
    from app.project.commands import Create

    scene = _first_scene(project)
    command = Create("element", {"scene_id": scene, "kind": "dialogue", "text": "远处有人喊。"})
    project.run(command)
    editor = panel.editor
    editor.show_scope("scene", scene)
    _caret_in(editor, "远处有人喊。")
    _commit_text(editor, "快来！")
    editor.flush()
    line = next(e for e in project.elements(scene) if e.id == command.created_id)
    assert (line.speaker, line.text) == ("", "远处有人喊。快来！")


def test_a_change_made_elsewhere_never_drops_words_typed_a_moment_ago(
    qtbot, panel: EditorPanel, project: OpenProject
) -> None:
    """Words typed and not yet committed (the autosave waits 0.4 s after the last key) stay when
    another part of Kiln changes the script in that moment: they are committed, then the page
    shows the file (a real window lost "EF" typed after a pause this way)."""
    editor = panel.editor
    scene = _first_scene(project)
    editor.show_scope("scene", scene)
    _caret_in(editor, "△窑火映红了墙。")
    qtbot.keyClicks(editor, "EF")
    assert editor.has_pending()
    other = project.elements(scene)[-1]
    project.run(Update("element", other.id, {"text": other.text + "。"}))  # e.g. a dock's edit
    qtbot.waitUntil(lambda: not editor.has_pending(), timeout=3000)
    assert project.elements(scene)[0].text == "窑火映红了墙。EF"
    assert project.elements(scene)[-1].text == other.text + "。"
    assert "△窑火映红了墙。EF" in editor.toPlainText()
