"""The Glossary panel on real project files: inline renderings, approve, notes, address forms."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox

from app.core.enums import Role
from app.features.glossary import address_forms
from app.features.glossary import terms as glossary
from app.features.notes import service as notes
from app.project.open_project import OpenProject
from ui.bridge import ProjectBridge
from ui.glossary.panel import DNT, FREQUENCY, RENDERING, STATUS, GlossaryPanel


@pytest.fixture
def project(sample_kiln: Path):  # noqa: ANN201
    p = OpenProject.open(sample_kiln, backup=False, role=Role.WRITER)
    yield p
    p.close()


def _panel(qtbot, project: OpenProject) -> GlossaryPanel:  # noqa: ANN001
    panel = GlossaryPanel(ProjectBridge(project))
    qtbot.addWidget(panel)
    panel.resize(1100, 420)
    panel.show()
    return panel


def _terms(project: OpenProject) -> dict[str, glossary.GlossaryEntry]:
    return {e.term: e for e in glossary.entries(project)}


def test_lists_terms_with_frequency_and_types_arabic_inline(
    qtbot, project: OpenProject, tmp_path: Path  # noqa: ANN001
) -> None:
    panel = _panel(qtbot, project)
    panel.set_language("ar")
    row = panel.row_of("沈墨")
    assert row >= 0
    assert int(panel.table.item(row, FREQUENCY).text()) == _terms(project)["沈墨"].frequency > 0
    assert panel.table.item(row, RENDERING).text() == "شن مو"
    assert panel.table.item(row, STATUS).text() == "suggested"
    # edit the rendering inline, typing Arabic through the input method
    item = panel.table.item(row, RENDERING)
    panel.table.setCurrentItem(item)
    panel.table.editItem(item)
    editor = panel.table.findChild(QLineEdit)
    assert editor is not None
    assert editor.layoutDirection() == Qt.LayoutDirection.RightToLeft
    editor.selectAll()
    event = QInputMethodEvent("", [])
    event.setCommitString("شين مو")
    QApplication.sendEvent(editor, event)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: _terms(project)["沈墨"].rendering("ar").text == "شين مو")
    qtbot.waitUntil(lambda: panel.table.item(panel.row_of("沈墨"), STATUS).text() == "proposed")
    panel.grab().save(str(tmp_path / "glossary-panel.png"))
    # approve it
    panel.table.selectRow(panel.row_of("沈墨"))
    assert panel.approve_button.isEnabled()
    qtbot.mouseClick(panel.approve_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.table.item(panel.row_of("沈墨"), STATUS).text() == "approved")
    assert _terms(project)["沈墨"].rendering("ar").status == "approved"
    assert not panel.approve_button.isEnabled()
    project.undo()
    qtbot.waitUntil(lambda: panel.table.item(panel.row_of("沈墨"), STATUS).text() == "proposed")


def test_do_not_translate_add_term_and_note(qtbot, project: OpenProject) -> None:  # noqa: ANN001
    panel = _panel(qtbot, project)
    row = panel.row_of("窑房")
    panel.table.item(row, DNT).setCheckState(Qt.CheckState.Checked)
    qtbot.waitUntil(lambda: _terms(project)["窑房"].do_not_translate)
    dialog = panel.ask_add_term()
    dialog.term.setText("梅瓶")
    dialog.kind.setText("object")
    dialog.accept()
    qtbot.waitUntil(lambda: panel.row_of("梅瓶") >= 0)
    assert panel.selected_entry() is not None and panel.selected_entry().term == "梅瓶"
    assert int(panel.table.item(panel.row_of("梅瓶"), FREQUENCY).text()) > 0
    note_dialog = panel.ask_add_note()
    assert note_dialog is not None
    note_dialog.body.setPlainText("A plum vase: keep 梅瓶 in the subtitles' first mention.")
    note_dialog.accept()
    term_id = _terms(project)["梅瓶"].term_id
    found = [n for n in notes.notes(project) if n.target_id == term_id]
    assert len(found) == 1 and found[0].target_type.value == "glossary_term"
    # a repeated term is refused with a message, nothing added
    before = len(panel.entries)
    assert panel.add_term("梅瓶") is None
    box = panel.findChild(QMessageBox)
    assert box is not None and "already in the glossary" in box.text()
    assert len(glossary.entries(project, count=False)) == before


def test_forms_of_address_tab(qtbot, project: OpenProject) -> None:  # noqa: ANN001
    panel = _panel(qtbot, project)
    forms = panel.forms
    assert forms.table.rowCount() == len(address_forms.address_forms(project)) >= 6
    box = forms.speaker
    ids = {box.itemText(i): box.itemData(i) for i in range(box.count())}
    forms.speaker.setCurrentIndex(forms.speaker.findData(ids["哈立德"]))
    forms.addressee.setCurrentIndex(forms.addressee.findData(ids["林青禾"]))
    forms.form.setCurrentIndex(forms.form.findData("formal"))
    forms.note.setText("آنسة لين")
    qtbot.mouseClick(forms.set_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: forms.table.rowCount() == len(address_forms.address_forms(project)))
    made = [a for a in address_forms.address_forms(project) if a.speaker_id == ids["哈立德"]
            and a.addressee_id == ids["林青禾"]]
    assert [(a.form, a.note) for a in made] == [("formal", "آنسة لين")]
    forms.table.selectRow(forms.table.rowCount() - 1)
    qtbot.mouseClick(forms.remove_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not [a for a in address_forms.address_forms(project)
                                 if a.speaker_id == ids["哈立德"]
                                 and a.addressee_id == ids["林青禾"]])


def test_consultant_can_approve_but_not_edit_forms(qtbot, sample_kiln: Path) -> None:  # noqa: ANN001
    with OpenProject.open(sample_kiln, backup=False, role=Role.CONSULTANT) as project:
        panel = _panel(qtbot, project)
        panel.set_language("en")
        panel.table.selectRow(panel.row_of("希琳"))
        assert panel.can_edit and not panel.can_edit_forms
        assert not panel.forms.set_button.isEnabled()
        assert panel.approve_selected()
        qtbot.waitUntil(lambda: panel.table.item(panel.row_of("希琳"), STATUS).text() == "approved")
        panel.close()


def test_view_menu_glossary_docks_the_panel(qtbot, sample_kiln: Path, tmp_path: Path) -> None:  # noqa: ANN001
    from app.store.profile import Profile, save_profile
    from ui.window.main_window import MainWindow

    save_profile(Profile("Writer", Role.WRITER))
    window = MainWindow()
    qtbot.addWidget(window)
    assert window.open_project(sample_kiln, backup=False)
    window.show()
    features = window.features
    action = features.glossary_action
    assert action.shortcut().toString() == "Ctrl+Shift+7" and action in window.view_menu.actions()
    action.trigger()
    panel = features.glossary_panel
    assert panel is not None and panel.isVisible() and panel.row_of("青花") >= 0
    window.resize(1200, 800)
    window.grab().save(str(tmp_path / "window-glossary.png"))
    action.trigger()
    assert features.glossary_panel is None
