"""Notes in the window: notes on Chinese and Arabic selections, the notes panel, consultant mode."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QDialogButtonBox

from app.domain.enums import AnnotationStatus, AnnotationTarget, Role, ScriptLayout
from app.domain.records import ElementRecord
from app.notes import service
from app.notes.profile import Profile, save_profile
from app.services.commands import Delete, Update
from app.services.errors import CommandError
from app.services.project import OpenProject
from ui.main_window import MainWindow
from ui.note_dialog import NoteDialog, selection_range
from ui.notes_panel import NotesPanel
from ui.script_layout import scene_paragraphs
from ui.script_view import ScriptView

NOURA = Profile("Noura", Role.CONSULTANT)


@pytest.fixture
def project(sample_kiln: Path):
    with OpenProject.open(sample_kiln, backup=False, role=Role.CONSULTANT) as opened:
        yield opened


def _scene_with(project: OpenProject, words: str) -> tuple[str, list[ElementRecord]]:
    for scene in project.scenes():
        elements = project.elements(scene.id)
        if any(words in e.text for e in elements):
            return scene.id, elements
    raise AssertionError(words)


def _page(qtbot, project: OpenProject, words: str) -> tuple[ScriptView, list[ElementRecord]]:
    scene_id, elements = _scene_with(project, words)
    scene = next(s for s in project.scenes() if s.id == scene_id)
    info = project.info()
    names = {c.id: c.name(info.source_language) for c in project.characters()}
    view = ScriptView()
    qtbot.addWidget(view)
    view.show_paragraphs(ScriptLayout.ZH, scene_paragraphs(info.layout, scene, elements, names))
    return view, elements


def _select(view: ScriptView, words: str) -> None:
    """Select ``words`` on the page, as a mouse drag would."""
    found = view.document().find(words)
    assert not found.isNull(), words
    cursor = QTextCursor(view.document())
    cursor.setPosition(found.selectionStart())
    cursor.setPosition(found.selectionEnd(), QTextCursor.MoveMode.KeepAnchor)
    view.setTextCursor(cursor)


@pytest.mark.parametrize(
    ("words", "culture"),
    [("苏麻离青", "zh-CN"), ("أريد الزوج", "ar-AE"), ("مادرجون", "fa-IR")],
)
def test_a_note_on_a_selection_lands_on_the_selected_words(
    qtbot, project: OpenProject, words: str, culture: str
) -> None:
    view, elements = _page(qtbot, project, words)
    _select(view, words)
    target = selection_range(view, elements)
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


def test_a_selection_over_two_lines_or_a_speaker_name_is_not_a_range(
    qtbot, project: OpenProject
) -> None:
    view, elements = _page(qtbot, project, "苏麻离青")
    cursor = QTextCursor(view.document())
    cursor.setPosition(0)
    cursor.movePosition(QTextCursor.MoveOperation.End, QTextCursor.MoveMode.KeepAnchor)
    view.setTextCursor(cursor)
    assert selection_range(view, elements) is None
    view.setTextCursor(QTextCursor(view.document()))
    assert selection_range(view, elements) is None


def test_the_panel_filters_replies_resolves_reopens_and_jumps(qtbot, project: OpenProject) -> None:
    panel = NotesPanel(project, NOURA)
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
        panel = NotesPanel(writer, Profile("Writer", Role.WRITER))
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
    from ui.review_packets import export_review_notes, import_review_notes

    packet, bad = tmp_path / "notes.json", tmp_path / "bad.json"
    bad.write_text('{"format": "kiln-review-packet", "version": 7}', encoding="utf-8")
    with OpenProject.open(sample_kiln, backup=False, role=Role.CONSULTANT) as consultant:
        panel = NotesPanel(consultant, NOURA)
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
        assert summary is not None and "6 note(s) were already up to date" in summary.text()
        summary.close()
        assert len(panel.visible_note_ids()) == 6


def test_noted_words_are_tinted_by_severity_with_the_note_as_tooltip(
    qtbot, project: OpenProject
) -> None:
    from ui.note_highlights import HIGHLIGHTS, mark_notes

    view, elements = _page(qtbot, project, "أريد الزوج كاملاً")
    records = service.notes(project)
    assert mark_notes(view, elements, records) >= 1
    arabic = next(n for n in records if n.anchor.quote == "أريد الزوج كاملاً")
    found = view.document().find("أريد الزوج كاملاً")
    inside = QTextCursor(view.document())
    inside.setPosition(found.selectionStart() + 2)
    style = inside.charFormat()
    assert style.background().color().name() == HIGHLIGHTS[arabic.severity]
    assert arabic.body[:40] in style.toolTip()
    outside = QTextCursor(view.document())
    outside.setPosition(found.selectionStart() - 1)
    assert not outside.charFormat().toolTip()


def test_the_profile_dialog_saves_name_and_role(qtbot) -> None:
    from app.notes.profile import load_profile
    from ui.profile_dialog import ProfileDialog

    dialog = ProfileDialog()
    qtbot.addWidget(dialog)
    assert dialog.profile() == Profile("", Role.WRITER)
    dialog.name.setText(" پریسا ")
    dialog.role.setCurrentIndex(dialog.role.findData("consultant"))
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok),
                     Qt.MouseButton.LeftButton)
    assert load_profile() == Profile("پریسا", Role.CONSULTANT)


def test_jumping_selects_the_anchored_words_on_the_page(qtbot, project: OpenProject) -> None:
    from ui.note_highlights import select_words

    view, elements = _page(qtbot, project, "أريد الزوج كاملاً")
    note = next(n for n in service.notes(project) if n.anchor.quote == "أريد الزوج كاملاً")
    element = next(e for e in elements if e.id == note.anchor.element_id)
    assert select_words(view, element, note.anchor.start, note.anchor.end)
    assert view.textCursor().selectedText() == "أريد الزوج كاملاً"
    assert selection_range(view, elements).element_id == element.id  # and back again
