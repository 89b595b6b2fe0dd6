"""The translations view on its own: lines beside translations, stale marks, undoable edits."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.features.translations.lines import SetTranslations, TranslationEdit, translation_rows
from app.project.commands import Create, Update
from app.project.open_project import OpenProject
from ui.bridge import ProjectBridge
from ui.translations.view import COLUMNS, TranslationsView

TRANSLATION = COLUMNS.index("translation")
STATUS = COLUMNS.index("status")


@pytest.fixture
def project(mini_kiln: Path):
    with OpenProject.open(mini_kiln, backup=False) as opened:
        yield opened


def _view(qtbot, project: OpenProject, language: str = "en") -> TranslationsView:  # noqa: ANN001
    view = TranslationsView(ProjectBridge(project))
    qtbot.addWidget(view)
    view.set_language(language)
    return view


def test_lists_every_line_of_the_script(qtbot, project: OpenProject) -> None:  # noqa: ANN001
    view = _view(qtbot, project)
    model = view.model
    sources = [view.cell(i, "source") for i in range(model.rowCount())]
    lines = [e for sc in project.scenes() for e in project.elements(sc.id) if e.line_id]
    assert sources == [e.text for e in lines]
    assert model.flags(model.index(0, TRANSLATION)) & Qt.ItemFlag.ItemIsEditable
    assert not model.flags(model.index(0, COLUMNS.index("source"))) & Qt.ItemFlag.ItemIsEditable
    assert view.summary.text() == "0 of 4 translated, 0 stale"


def test_editing_a_cell_is_one_undoable_edit(qtbot, project: OpenProject) -> None:  # noqa: ANN001
    view = _view(qtbot, project)
    view.model.setData(view.model.index(1, TRANSLATION), "This batch must not crack again.")
    row = translation_rows(project, "en")[1]
    assert (row.text, row.status, row.stale) == (
        "This batch must not crack again.", "translated", False,
    )  # fmt: skip
    qtbot.waitUntil(lambda: view.summary.text() == "1 of 4 translated, 0 stale")
    project.undo()
    assert translation_rows(project, "en")[1].text == ""
    qtbot.waitUntil(lambda: view.cell(1, "translation") == "")


def test_stale_lines_are_marked(qtbot, project: OpenProject) -> None:  # noqa: ANN001
    rows = translation_rows(project, "ar")
    project.run(SetTranslations([TranslationEdit(r.element_id, "ar", f"ع {i}")
                                 for i, r in enumerate(rows)]))  # fmt: skip
    project.run(Update("element", rows[0].element_id, {"text": "窑火映红了整面墙。"}))
    view = _view(qtbot, project, "ar")
    assert "stale" in view.cell(0, "status")
    assert "stale" not in view.cell(1, "status")
    assert view.model.index(0, TRANSLATION).data(Qt.ItemDataRole.BackgroundRole).color().name() \
        == "#f6d7a7"
    view.stale_only.setChecked(True)
    assert view.model.rowCount() == 1
    # Retyping the translation makes it current again.
    view.model.setData(view.model.index(0, TRANSLATION), "ع جديد")
    assert not translation_rows(project, "ar")[0].stale


def test_switching_language_shows_that_language(qtbot, project: OpenProject) -> None:  # noqa: ANN001
    rows = translation_rows(project, "fa")
    project.run(SetTranslations([TranslationEdit(rows[0].element_id, "fa", "آتش کوره")]))
    view = _view(qtbot, project, "en")
    assert view.cell(0, "translation") == ""
    view.set_language("fa")
    assert view.cell(0, "translation") == "آتش کوره"
    assert view.model.index(0, TRANSLATION).data(Qt.ItemDataRole.TextAlignmentRole) \
        & Qt.AlignmentFlag.AlignRight


def test_import_and_export_actions_work_without_dialogs(qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    from PySide6.QtWidgets import QMainWindow

    from tests.unit.interchange_helpers import DATA
    from ui.exchange.actions import InterchangeActions

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


def _reads(monkeypatch) -> list[set[str] | None]:  # noqa: ANN001
    """Record which lines each read asks for (None: every line); the real read still runs."""
    import ui.translations.view as module

    calls: list[set[str] | None] = []
    real = module.translation_rows

    def spy(project, language, element_ids=None):  # noqa: ANN001, ANN202
        calls.append(None if element_ids is None else set(element_ids))
        return real(project, language, element_ids)

    monkeypatch.setattr(module, "translation_rows", spy)
    return calls


def test_an_edit_reads_only_the_lines_it_touched(qtbot, project: OpenProject,  # noqa: ANN001
                                                 monkeypatch) -> None:  # noqa: ANN001
    rows = translation_rows(project, "en")
    project.run(SetTranslations([TranslationEdit(r.element_id, "en", f"line {i}")
                                 for i, r in enumerate(rows)]))  # fmt: skip
    view = _view(qtbot, project)
    calls = _reads(monkeypatch)
    first = rows[0].element_id
    project.run(Update("element", first, {"text": "窑火映红了整面墙。"}, typing=True))
    qtbot.waitUntil(lambda: "stale" in view.cell(0, "status"))
    assert calls == [{first}]
    assert view.cell(0, "source") == "窑火映红了整面墙。"
    assert view.summary.text() == "4 of 4 translated, 1 stale"
    assert view.cell(1, "translation") == "line 1"  # the others as they were
    project.undo()  # the same changeset announced again: the row is current again
    qtbot.waitUntil(lambda: "stale" not in view.cell(0, "status"))
    assert view.model.index(0, TRANSLATION).data(Qt.ItemDataRole.BackgroundRole) is None
    assert calls == [{first}, {first}]
    # A translation edited elsewhere (an import, a packet) shows up in its row alone.
    project.run(SetTranslations([TranslationEdit(rows[2].element_id, "en", "new words")]))
    qtbot.waitUntil(lambda: view.cell(2, "translation") == "new words")
    assert calls[-1] == {rows[2].element_id}
    # A translation into another language changes nothing here and reads nothing.
    project.run(SetTranslations([TranslationEdit(rows[2].element_id, "ar", "كلمات")]))
    QApplication.processEvents()
    assert len(calls) == 3


def test_a_line_added_or_an_action_edited(qtbot, project: OpenProject,  # noqa: ANN001
                                          monkeypatch) -> None:  # noqa: ANN001
    view = _view(qtbot, project)
    calls = _reads(monkeypatch)
    scene = project.scenes()[0]
    action = next(e for e in project.elements(scene.id) if e.kind.value == "action")
    project.run(Update("element", action.id, {"text": "窑火熄了。"}))
    QApplication.processEvents()
    assert calls == []  # not a translatable line: nothing to read
    line = Create("element", {"scene_id": scene.id, "kind": "dialogue", "text": "再烧一窑。"})
    project.run(line)
    qtbot.waitUntil(lambda: view.model.rowCount() == 5)
    assert calls == [None]  # a new line: everything read again, in script order
    sources = [view.cell(i, "source") for i in range(5)]
    assert sources == [r.source for r in translation_rows(project, "en")]
    project.undo()
    qtbot.waitUntil(lambda: view.model.rowCount() == 4)


def test_typing_in_a_cell_saves_the_translation(qtbot, project: OpenProject) -> None:  # noqa: ANN001
    from PySide6.QtWidgets import QLineEdit

    view = _view(qtbot, project)
    view.resize(900, 300)
    view.show()
    view.activateWindow()
    qtbot.waitExposed(view)
    index = view.model.index(1, TRANSLATION)
    view.table.setCurrentIndex(index)
    view.table.edit(index)
    editor = view.table.viewport().findChild(QLineEdit)
    assert editor is not None
    editor.setFocus()  # the cell editor commits on Return only while it has the focus
    qtbot.waitUntil(editor.hasFocus)
    editor.setText("The kiln must not crack.")
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # the delegate commits it a moment later
    qtbot.waitUntil(lambda: translation_rows(project, "en")[1].text == "The kiln must not crack.")
    qtbot.waitUntil(lambda: view.summary.text() == "1 of 4 translated, 0 stale")
    assert view.cell(1, "status") == "translated"
    assert project.history.undo_label  # one undoable edit


def test_reading_some_lines_gives_them_as_the_full_read_does(project: OpenProject) -> None:
    every = translation_rows(project, "en")
    project.run(SetTranslations([TranslationEdit(every[-1].element_id, "en", "What?")]))
    every = translation_rows(project, "en")
    wanted = [every[-1].element_id, every[0].element_id]  # two scenes, asked out of order
    some = translation_rows(project, "en", wanted)
    assert some == [every[0], every[-1]]
    assert some[1].text == "What?"
    assert translation_rows(project, "en", []) == []


def test_some_lines_of_several_episodes_come_in_script_order(sample_kiln: Path) -> None:
    with OpenProject.open(sample_kiln, backup=False) as opened:
        every = translation_rows(opened, "ar")
        episodes = {s.id: s.episode_id for s in opened.scenes()}
        scene_of = {e.id: s.id for s in opened.scenes() for e in opened.elements(s.id)}
        picked = [every[-1], every[len(every) // 2], every[0]]
        assert len({episodes[scene_of[r.element_id]] for r in picked}) > 1
        assert translation_rows(opened, "ar", [r.element_id for r in picked]) == picked[::-1]
