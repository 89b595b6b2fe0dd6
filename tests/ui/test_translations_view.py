"""The translations view on its own: lines beside translations, stale marks, undoable edits."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.interchange.translations import SetTranslations, TranslationEdit, translation_rows
from app.services.commands import Update
from app.services.project import OpenProject
from ui.translations_view import COLUMNS, TranslationsView

TRANSLATION = COLUMNS.index("translation")
STATUS = COLUMNS.index("status")


@pytest.fixture
def project(mini_kiln: Path):
    with OpenProject.open(mini_kiln, backup=False) as opened:
        yield opened


def _view(qtbot, project: OpenProject, language: str = "en") -> TranslationsView:  # noqa: ANN001
    view = TranslationsView(project)
    qtbot.addWidget(view)
    view.set_language(language)
    return view


def test_lists_every_line_of_the_script(qtbot, project: OpenProject) -> None:  # noqa: ANN001
    view = _view(qtbot, project)
    table = view.table
    sources = [table.item(i, COLUMNS.index("source")).text() for i in range(table.rowCount())]
    lines = [e for sc in project.scenes() for e in project.elements(sc.id) if e.line_id]
    assert sources == [e.text for e in lines]
    assert table.item(0, TRANSLATION).flags() & Qt.ItemFlag.ItemIsEditable
    assert not table.item(0, COLUMNS.index("source")).flags() & Qt.ItemFlag.ItemIsEditable
    assert view.summary.text() == "0 of 4 translated, 0 stale"


def test_editing_a_cell_is_one_undoable_edit(qtbot, project: OpenProject) -> None:  # noqa: ANN001
    view = _view(qtbot, project)
    view.table.item(1, TRANSLATION).setText("This batch must not crack again.")
    row = translation_rows(project, "en")[1]
    assert (row.text, row.status, row.stale) == (
        "This batch must not crack again.", "translated", False,
    )  # fmt: skip
    qtbot.waitUntil(lambda: view.summary.text() == "1 of 4 translated, 0 stale")
    project.undo()
    assert translation_rows(project, "en")[1].text == ""
    qtbot.waitUntil(lambda: view.table.item(1, TRANSLATION).text() == "")


def test_stale_lines_are_marked(qtbot, project: OpenProject) -> None:  # noqa: ANN001
    rows = translation_rows(project, "ar")
    project.run(SetTranslations([TranslationEdit(r.element_id, "ar", f"ع {i}")
                                 for i, r in enumerate(rows)]))  # fmt: skip
    project.run(Update("element", rows[0].element_id, {"text": "窑火映红了整面墙。"}))
    view = _view(qtbot, project, "ar")
    assert "stale" in view.table.item(0, STATUS).text()
    assert "stale" not in view.table.item(1, STATUS).text()
    assert view.table.item(0, TRANSLATION).background().color().name() == "#f6d7a7"
    view.stale_only.setChecked(True)
    assert view.table.rowCount() == 1
    # Retyping the translation makes it current again.
    view.table.item(0, TRANSLATION).setText("ع جديد")
    assert not translation_rows(project, "ar")[0].stale


def test_switching_language_shows_that_language(qtbot, project: OpenProject) -> None:  # noqa: ANN001
    rows = translation_rows(project, "fa")
    project.run(SetTranslations([TranslationEdit(rows[0].element_id, "fa", "آتش کوره")]))
    view = _view(qtbot, project, "en")
    assert view.table.item(0, TRANSLATION).text() == ""
    view.set_language("fa")
    assert view.table.item(0, TRANSLATION).text() == "آتش کوره"
    assert view.table.item(0, TRANSLATION).textAlignment() & Qt.AlignmentFlag.AlignRight


def test_import_and_export_actions_work_without_dialogs(qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    from PySide6.QtWidgets import QMainWindow

    from tests.unit.interchange_helpers import DATA
    from ui.import_export_actions import InterchangeActions

    window = QMainWindow()
    qtbot.addWidget(window)
    actions = InterchangeActions(window)
    assert not actions.export_actions["fdx"].isEnabled()
    target = tmp_path / "zh.kiln"
    with qtbot.waitSignal(actions.project_imported) as signal:
        report = actions.import_file(DATA / "zh_layout.txt", target)
    assert signal.args == [target] and [p.line for p in report.problems] == [3]
    with OpenProject.open(target, backup=False) as project:
        actions.set_project(project)
        assert actions.export_actions["fdx"].isEnabled()
        assert actions.export_file("fountain", tmp_path / "zh.fountain")
        assert "@沈星晴（OS）" in (tmp_path / "zh.fountain").read_text(encoding="utf-8")
        assert actions.export_file("xliff", tmp_path / "zh.en.xlf", "en")
        # A failure is a message, and no file.
        assert not actions.export_file("xliff", tmp_path / "none.xlf")
        assert not (tmp_path / "none.xlf").exists()
    assert actions.import_file(tmp_path / "zh.fountain", target) is None  # target exists
