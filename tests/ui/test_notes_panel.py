"""Notes in the window: notes on Chinese and Arabic selections in the script editor (offsets in
code points, also past characters outside the BMP), the notes panel and how it follows changes,
consultant mode."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QDialogButtonBox

from app.core.enums import AnnotationStatus, AnnotationTarget, Role, Severity
from app.features.notes import service
from app.formats.document.sources import notes_by_element
from app.project.commands import Delete, Move, Update
from app.project.errors import CommandError
from app.project.open_project import OpenProject
from app.store.profile import Profile, save_profile
from ui.bridge import ProjectBridge
from ui.editor.panel import EditorPanel
from ui.editor.widget import ScriptEditor
from ui.editor.words import to_utf16
from ui.notes.note_dialog import NoteDialog
from ui.notes.panel import NotesPanel
from ui.window.main_window import MainWindow

NOURA = Profile("Noura", Role.CONSULTANT)


@pytest.fixture
def project(sample_kiln: Path):
    with OpenProject.open(sample_kiln, backup=False, role=Role.CONSULTANT) as opened:
        yield opened


def _scene_with(project: OpenProject, words: str) -> str:
    for scene in project.scenes():
        if any(words in e.text for e in project.elements(scene.id)):
            return scene.id
    raise AssertionError(words)


def _editor(qtbot, project: OpenProject, words: str) -> ScriptEditor:
    """The script editor showing the scene with ``words``."""
    panel = EditorPanel(ProjectBridge(project))
    qtbot.addWidget(panel)
    panel.editor.show_scope("scene", _scene_with(project, words))
    return panel.editor


def _select(editor: ScriptEditor, words: str) -> None:
    """Select ``words`` in the editor, as a mouse drag would (Qt counts UTF-16 units)."""
    block = editor.document().begin()
    while block.isValid() and words not in block.text():
        block = block.next()
    assert block.isValid(), words
    text = block.text()
    at = text.index(words)
    cursor = QTextCursor(block)
    cursor.setPosition(block.position() + to_utf16(text, at))
    cursor.setPosition(block.position() + to_utf16(text, at + len(words)),
                       QTextCursor.MoveMode.KeepAnchor)
    editor.setTextCursor(cursor)


@pytest.mark.parametrize(
    ("words", "culture"),
    [("苏麻离青", "zh-CN"), ("أريد الزوج", "ar-AE"), ("مادرجون", "fa-IR")],
)
def test_a_note_on_a_selection_lands_on_the_selected_words(
    qtbot, project: OpenProject, words: str, culture: str
) -> None:
    editor = _editor(qtbot, project, words)
    _select(editor, words)
    target = editor.selected_words()
    assert target is not None and target.quote == words
    dialog = NoteDialog(project, target, NOURA)
    qtbot.addWidget(dialog)
    dialog.body.setPlainText("Check this with the " + culture + " team.")
    dialog.cultures.setText(culture)
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok),
                     Qt.MouseButton.LeftButton)
    assert dialog.created_id is not None
    record = service.note(project, dialog.created_id)
    assert service.anchored_text(project, record) == words
    assert record.anchor.element_id == target.element_id
    assert record.author == "Noura" and record.cultures == (culture,)
    assert record.role is Role.CONSULTANT


def test_a_bare_language_tag_addresses_that_languages_translator(
    qtbot, project: OpenProject
) -> None:
    """The dialog says what the field takes; a note tagged en reaches the English translator
    packet (and only it), one tagged ar-AE the Arabic one."""
    editor = _editor(qtbot, project, "苏麻离青")
    _select(editor, "苏麻离青")
    target = editor.selected_words()
    assert target is not None
    for tag in ("en", "ar-AE"):
        dialog = NoteDialog(project, target, NOURA)
        qtbot.addWidget(dialog)
        assert dialog.cultures_label.text() == "Languages or cultures:"
        assert dialog.cultures.placeholderText() == "for example en, ar-AE, fa-IR"
        assert "English translator packet" in dialog.cultures.toolTip()
        dialog.body.setPlainText(f"For the {tag} team.")
        dialog.cultures.setText(tag)
        dialog.accept()
        assert dialog.created_id is not None
    by_body = {n.body: n for items in notes_by_element(project).values() for n in items}
    english, arabic = by_body["For the en team."], by_body["For the ar-AE team."]
    assert english.concerns("en") and not english.concerns("ar") and not english.concerns("fa")
    assert arabic.concerns("ar") and not arabic.concerns("en")


@pytest.mark.parametrize(("words", "before"), [("苏麻离青", "𠮷𠮷"), ("الزوج", "𠮷 ")])
def test_a_selection_after_characters_outside_the_bmp_counts_code_points(
    qtbot, sample_kiln: Path, words: str, before: str
) -> None:
    """𠮷 is two UTF-16 units in Qt but one character of the line: the note must still land on
    the selected words, not one or two characters off."""
    with OpenProject.open(sample_kiln, backup=False, role=Role.WRITER) as writer:
        scene_id = _scene_with(writer, words)
        line = next(e for e in writer.elements(scene_id) if words in e.text)
        writer.run(Update("element", line.id, {"text": before + line.text}))
        text = before + line.text
        editor = _editor(qtbot, writer, words)
        _select(editor, words)
        target = editor.selected_words()
        assert target is not None and target.element_id == line.id
        assert (target.start, target.end) == (text.index(words), text.index(words) + len(words))
        assert target.quote == words
        dialog = NoteDialog(writer, target, Profile("Writer", Role.WRITER))
        qtbot.addWidget(dialog)
        dialog.body.setPlainText("Say it plainer.")
        dialog.accept()
        record = service.note(writer, dialog.created_id)
        assert service.anchored_text(writer, record) == words
        assert record.anchor.start == text.index(words)
        editor.select_words(line.id, record.anchor.start, record.anchor.end)  # and back
        assert editor.textCursor().selectedText() == words


def test_a_selection_over_two_lines_is_not_a_range(qtbot, project: OpenProject) -> None:
    editor = _editor(qtbot, project, "苏麻离青")
    cursor = QTextCursor(editor.document())
    cursor.setPosition(0)
    cursor.movePosition(QTextCursor.MoveOperation.End, QTextCursor.MoveMode.KeepAnchor)
    editor.setTextCursor(cursor)
    assert editor.selected_words() is None
    editor.setTextCursor(QTextCursor(editor.document()))
    assert editor.selected_words() is None


def test_the_panel_filters_replies_resolves_reopens_and_jumps(qtbot, project: OpenProject) -> None:
    panel = NotesPanel(ProjectBridge(project), NOURA)
    qtbot.addWidget(panel)
    assert len(panel.visible_note_ids()) == 6
    panel.culture.setCurrentIndex(panel.culture.findData("ar-AE"))
    shown = [service.note(project, i) for i in panel.visible_note_ids()]
    assert shown and all("ar-AE" in n.cultures for n in shown)
    panel.culture.setCurrentIndex(0)
    panel.severity.setCurrentIndex(panel.severity.findData("major"))
    assert len(panel.visible_note_ids()) == 2
    panel.severity.setCurrentIndex(0)
    panel.author.setCurrentIndex(panel.author.findData("顾问·林"))
    (only,) = panel.visible_note_ids()
    panel.author.setCurrentIndex(0)
    first_episode = project.episodes()[0].id
    panel.episode.setCurrentIndex(panel.episode.findData(first_episode))
    assert {service.note(project, i).episode_id for i in panel.visible_note_ids()} <= {
        first_episode}
    panel.episode.setCurrentIndex(0)

    panel.select_note(only)
    panel.reply_edit.setText("شكراً")
    qtbot.mouseClick(panel.reply_button, Qt.MouseButton.LeftButton)
    assert [r.body for r in service.note(project, only).replies] == ["شكراً"]
    assert "شكراً" in panel.detail.toPlainText()
    qtbot.mouseClick(panel.resolve_button, Qt.MouseButton.LeftButton)
    assert service.note(project, only).status is AnnotationStatus.RESOLVED
    panel.status.setCurrentIndex(panel.status.findData("resolved"))
    assert panel.visible_note_ids() == [only]
    panel.select_note(only)
    qtbot.mouseClick(panel.reopen_button, Qt.MouseButton.LeftButton)
    assert service.note(project, only).status is AnnotationStatus.OPEN
    assert panel.visible_note_ids() == []  # it no longer matches the "resolved" filter
    panel.status.setCurrentIndex(0)

    anchor = service.note(project, only).anchor
    panel.select_note(only)
    with qtbot.waitSignal(panel.jump_requested) as jumped:
        qtbot.mouseClick(panel.jump_button, Qt.MouseButton.LeftButton)
    assert jumped.args == [anchor.element_id, anchor.start, anchor.end]


def test_orphans_are_listed_with_their_old_quote(qtbot, sample_kiln: Path) -> None:
    with OpenProject.open(sample_kiln, backup=False, role=Role.WRITER) as writer:
        panel = NotesPanel(ProjectBridge(writer), Profile("Writer", Role.WRITER))
        qtbot.addWidget(panel)
        note = next(n for n in service.notes(writer) if n.anchor.quote == "成了")
        writer.run(Delete("element", note.anchor.element_id))  # the panel hears the change
        (item,) = panel.orphan_items()
        assert item.text(0) == "«成了»"
        panel.select_note(note.id)
        assert not panel.jump_button.isEnabled()
        assert "gone" in panel.detail.toPlainText()
        writer.undo()
        assert panel.orphan_items() == []


def test_consultant_mode_refuses_a_text_edit_in_the_window(qtbot, sample_kiln: Path) -> None:
    save_profile(NOURA)
    window = MainWindow()
    qtbot.addWidget(window)
    assert window.open_project(sample_kiln, backup=False)
    assert window.project is not None and window.project.role is Role.CONSULTANT
    line = next(n for n in service.notes(window.project)).anchor.element_id
    scene_id = next(s.id for s in window.project.scenes()
                    if any(e.id == line for e in window.project.elements(s.id)))
    before = [e.text for e in window.project.elements(scene_id)]
    with pytest.raises(CommandError, match="consultant mode"):
        window.project.run(Update("element", line, {"text": "改掉了"}))
    assert [e.text for e in window.project.elements(scene_id)] == before
    assert not window.undo_action.isEnabled()
    # Notes are still welcome.
    service.add_note(window.project, AnnotationTarget.SCENE, scene_id, "ok",
                     author="Noura")
    assert len(service.notes(window.project)) == 7


def _visible_box(name: str | None = None):  # noqa: ANN202 - a QMessageBox or None
    from PySide6.QtWidgets import QApplication, QMessageBox

    boxes = [w for w in QApplication.topLevelWidgets()
             if isinstance(w, QMessageBox) and w.isVisible()
             and (name is None or w.objectName() == name)]
    return boxes[-1] if boxes else None


def test_import_from_the_window_shows_what_merged_or_why_not(
    qtbot, sample_kiln: Path, tmp_path: Path
) -> None:
    from ui.notes.review_packets import export_review_notes, import_review_notes

    packet, bad = tmp_path / "notes.json", tmp_path / "bad.json"
    bad.write_text('{"format": "kiln-review-packet", "version": 7}', encoding="utf-8")
    with OpenProject.open(sample_kiln, backup=False, role=Role.CONSULTANT) as consultant:
        panel = NotesPanel(ProjectBridge(consultant), NOURA)
        qtbot.addWidget(panel)
        assert export_review_notes(panel, consultant, packet) == packet
        _visible_box("reviewPacketSummary").close()
        assert import_review_notes(panel, consultant, bad) is None
        error = _visible_box()
        assert error is not None and "version 7" in error.text() and str(bad) in error.text()
        error.close()
        report = import_review_notes(panel, consultant, packet)
        assert report is not None and not report.changed
        summary = _visible_box("reviewPacketSummary")
        assert summary is not None and "6 notes already up to date" in summary.text()
        summary.close()
        assert len(panel.visible_note_ids()) == 6


def test_the_profile_dialog_saves_name_and_role(qtbot) -> None:
    from app.store.profile import load_profile
    from ui.window.profile_dialog import ProfileDialog

    dialog = ProfileDialog()
    qtbot.addWidget(dialog)
    assert dialog.profile() == Profile("", Role.WRITER)
    dialog.name.setText(" پریسا ")
    dialog.role.setCurrentIndex(dialog.role.findData("consultant"))
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok),
                     Qt.MouseButton.LeftButton)
    assert load_profile() == Profile("پریسا", Role.CONSULTANT)


# -- following changes without reading every note again ----------------------------------------


def _row_words(panel: NotesPanel, note_id: str) -> str:
    panel.select_note(note_id)
    return panel.tree.currentItem().text(0)


def test_typing_updates_only_the_touched_notes_once_the_writer_pauses(
    qtbot, sample_kiln: Path
) -> None:
    with OpenProject.open(sample_kiln, backup=False, role=Role.WRITER) as writer:
        panel = NotesPanel(ProjectBridge(writer), Profile("Writer", Role.WRITER))
        qtbot.addWidget(panel)
        note = next(n for n in service.notes(writer) if n.anchor.quote == "苏麻离青")
        line = next(e for s in writer.scenes() for e in writer.elements(s.id)
                    if e.id == note.anchor.element_id)
        assert panel.full_reloads == 1 and _row_words(panel, note.id) == "«苏麻离青»"
        # Three commits of typing in a row: the words change (the note follows them, fuzzily).
        changed = line.text.replace("苏麻离青", "苏麻离靑")
        for text in (changed, changed + "。", changed + "。。"):
            writer.run(Update("element", line.id, {"text": text}, typing=True))
        assert _row_words(panel, note.id) == "«苏麻离青»"  # not yet: the writer is typing
        qtbot.waitUntil(lambda: _row_words(panel, note.id) == "«苏麻离靑»", timeout=3000)
        assert panel.full_reloads == 1 and panel.partial_updates == 1
        assert len(panel.visible_note_ids()) == 6

        # Notes alone show at once: a new note, a reply, an undone note.
        scene_id = _scene_with(writer, "苏麻离青"[:2])
        added = service.add_note(writer, AnnotationTarget.SCENE, scene_id, "Too dark?",
                                 author="Writer", severity=Severity.CRITICAL)
        assert added in panel.visible_note_ids()
        assert panel.culture.count() == 1 + len({c for n in service.notes(writer)
                                                 for c in n.cultures})
        panel.severity.setCurrentIndex(panel.severity.findData("critical"))
        assert panel.visible_note_ids() == [added]
        panel.severity.setCurrentIndex(0)
        writer.undo()
        assert added not in panel.visible_note_ids() and len(panel.visible_note_ids()) == 6
        assert panel.full_reloads == 1


def test_a_scene_moved_to_another_episode_takes_its_notes_along(
    qtbot, sample_kiln: Path
) -> None:
    with OpenProject.open(sample_kiln, backup=False, role=Role.WRITER) as writer:
        panel = NotesPanel(ProjectBridge(writer), Profile("Writer", Role.WRITER))
        qtbot.addWidget(panel)
        note = next(n for n in service.notes(writer) if n.anchor.quote == "苏麻离青")
        scene_id = _scene_with(writer, "苏麻离青")
        last = writer.episodes()[-1]
        assert note.episode_id != last.id
        panel.episode.setCurrentIndex(panel.episode.findData(last.id))
        assert note.id not in panel.visible_note_ids()
        writer.run(Move("scene", scene_id, 0, parent_id=last.id, keep_parent=False))
        assert note.id in panel.visible_note_ids()
        assert panel.episode.currentData() == last.id  # the filter stays as chosen
