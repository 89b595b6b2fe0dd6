"""The Series Rhythm view and the Fit column: what they show, the edits they make (undoable),
View ▸ Series Rhythm in the real window, and screenshots in English, Chinese and Arabic."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence

from app.core.enums import BeatKind
from app.features.rhythm.report import Rule
from app.features.rhythm.settings import project_settings
from app.features.translations.lines import SetTranslations, TranslationEdit, translation_rows
from app.project.open_project import OpenProject
from tests.support.screenshots import screenshot_path
from ui.bridge import ProjectBridge
from ui.rhythm.view import WARN, RhythmView
from ui.translations.view import COLUMNS, MISFIT_COLOUR, TranslationsView
from ui.window.main_window import MainWindow

FIT = COLUMNS.index("fit")
LONG_ARABIC = "المستشفيات والمؤسسات الاستثنائية المتخصصة في الخدمات الاجتماعية والثقافية"


@pytest.fixture
def project(sample_kiln: Path) -> Iterator[OpenProject]:
    with OpenProject.open(sample_kiln, backup=False) as opened:
        yield opened


def _view(qtbot, project: OpenProject) -> RhythmView:  # noqa: ANN001
    view = RhythmView(ProjectBridge(project))
    qtbot.addWidget(view)
    return view


def test_one_row_per_episode_with_the_broken_rules_tinted(qtbot, project) -> None:  # noqa: ANN001
    view = _view(qtbot, project)
    assert view.table.rowCount() == 6
    assert view.table.item(0, 0).text() == "1"
    assert view.table.item(2, 0).text() == "3 (paywall)"
    assert view.table.item(0, 2).text() == "threat"
    assert view.table.item(0, 3).background().color() == WARN  # 5 scenes, the preset wants 1–3
    assert view.table.item(0, 4).background().color() != WARN  # 31 lines is within 22–38
    assert view.findings.count() == 10
    assert view.summary.text() == "6 episodes, 10 findings"


def test_marking_cards_is_undoable_and_changes_the_findings(qtbot, project) -> None:  # noqa: ANN001
    view = _view(qtbot, project)
    view.select_episode(6)
    assert view.cards.rowCount() == 5
    sixth = project.episodes()[5].id
    last = next(b for b in project.beats() if b.episode_id == sixth
                and b.kind is BeatKind.CLIFFHANGER)
    assert last.setup_question  # "the letter never opened": an open setup
    assert view.set_card(last.id, cliffhanger_type="threat")
    assert next(b for b in project.beats() if b.id == last.id).cliffhanger_type == "threat"
    second = project.episodes()[1].id
    reveal = next(b for b in project.beats() if b.episode_id == second
                  and b.kind is BeatKind.REVEAL)
    def climaxless() -> list[int | None]:
        return [f.episode for f in view.report.findings if f.rule is Rule.NO_MINI_CLIMAX]

    assert climaxless() == [3]  # episodes 1–3
    view.set_card(reveal.id, kind=BeatKind.CLIMAX.value)  # episode 2 gets a climax
    assert climaxless() == [5]  # now episodes 3–5 have none
    project.undo()
    qtbot.waitUntil(lambda: climaxless() == [3])
    view.cards.item(0, 2).setText("Who knocks?")  # the first card now sets up a question
    qtbot.waitUntil(lambda: any(f.rule is Rule.OPEN_SETUP and f.episode == 6
                                and "Who knocks?" in f.message for f in view.report.findings))


def test_the_preset_and_the_settings_are_project_edits(qtbot, project) -> None:  # noqa: ANN001
    view = _view(qtbot, project)
    assert view.preset.currentData() == "chinese-platform"
    assert view.set_preset("reelshort-style")
    assert project_settings(project).preset == "reelshort-style"
    project.undo()
    qtbot.waitUntil(lambda: view.preset.currentData() == "chinese-platform")
    dialog = view.ask_settings()
    dialog.scenes[1].setValue(5)  # a pilot of five-scene episodes
    dialog.rates["zh"].setValue(5.0)
    dialog.limits["ar"][0].setValue(15)
    edit = dialog.values()
    assert edit.rules == {"scenes": [1, 5], "paywall_episodes": [3, 5]}
    assert edit.speech_rates == {"zh": 5.0} and edit.fit == {"ar": {"cps": 15.0}}
    dialog.save()
    assert not dialog.isVisible()
    assert Rule.SCENES not in {f.rule for f in view.report.findings}
    assert project_settings(project).limits("ar").cps == 15


def test_the_fit_column(qtbot, project) -> None:  # noqa: ANN001
    rows = translation_rows(project, "ar")
    project.run(SetTranslations([TranslationEdit(rows[1].element_id, "ar", LONG_ARABIC)]))
    view = TranslationsView(ProjectBridge(project))
    qtbot.addWidget(view)
    view.set_language("ar")
    first, second = view.cell(0, "fit"), view.cell(1, "fit")
    assert first.startswith("≈ ")  # no translation yet: an estimate
    assert "/s" in second and "dub" in second and not second.startswith("≈")
    index = view.model.index(1, FIT)
    assert index.data(Qt.ItemDataRole.BackgroundRole).color() == MISFIT_COLOUR
    assert "too fast to read" in index.data(Qt.ItemDataRole.ToolTipRole)
    assert view.fit_summary.text().endswith("does not fit") or "do not fit" in \
        view.fit_summary.text()


def test_view_menu_opens_it_beside_the_board(qtbot, sample_kiln: Path) -> None:  # noqa: ANN001
    window = MainWindow()
    qtbot.addWidget(window)
    assert window.open_project(sample_kiln, backup=False)
    window.show()
    qtbot.waitExposed(window)
    toggle = window.features.rhythm_action
    assert toggle in window.view_menu.actions()
    assert toggle.shortcut() == QKeySequence("Ctrl+Shift+8")
    assert window.features.rhythm_view is None
    toggle.trigger()
    view = window.features.rhythm_view
    assert view is not None and window.dockWidgetArea(view) == Qt.DockWidgetArea.RightDockWidgetArea
    late = next(i for i in range(view.findings.count())
                if "paid off in episode 6" in view.findings.item(i).text())
    view._finding_chosen(view.findings.item(late))  # noqa: SLF001 - a double-click's slot
    chosen = view.findings.item(late).data(Qt.ItemDataRole.UserRole + 1)
    assert chosen in window.board.view.selected_ids()
    window.close_project()
    assert window.features.rhythm_view is None and not toggle.isEnabled()


# -- screenshots in English, Chinese and Arabic ----------------------------------------------


@pytest.mark.screenshot
@pytest.mark.parametrize("language", ["en", "zh_Hans", "ar"])
def test_screenshot_rhythm_and_fit(qtbot, speak, sample_kiln: Path, language: str) -> None:  # noqa: ANN001
    speak(language)
    with OpenProject.open(sample_kiln, backup=False) as project:
        rows = translation_rows(project, "ar")
        project.run(SetTranslations([
            TranslationEdit(rows[0].element_id, "ar", "مصنع لين القديم · جينغدتشن"),
            TranslationEdit(rows[1].element_id, "ar", LONG_ARABIC)]))
    window = MainWindow()
    qtbot.addWidget(window)
    assert window.open_project(sample_kiln, backup=False)
    window.resize(1600, 1000)
    window.show()
    qtbot.waitExposed(window)
    window.features.rhythm_action.trigger()
    window.features.translations_action.trigger()
    rhythm, translations = window.features.rhythm_view, window.features.translations_view
    assert rhythm is not None and translations is not None
    translations.set_language("ar")
    translations.table.resizeColumnsToContents()
    notes = window.features.notes_panel
    assert notes is not None
    notes.hide()  # the rhythm view takes the right side
    qtbot.wait(400)  # let a refresh after the window's first edits pass
    rhythm.select_episode(1)
    assert rhythm.cards.rowCount() == 5
    window.resizeDocks([rhythm], [760], Qt.Orientation.Horizontal)
    window.resizeDocks([translations], [330], Qt.Orientation.Vertical)
    qtbot.wait(100)
    # the lane markers on the board, the fit badges (Arabic, as the dock) in the editor's margin
    qtbot.waitUntil(lambda: not window.board.timing_pending(), timeout=30000)
    assert window.board.view.rhythm_marks(window.project.episodes()[0].id) is not None
    assert window.features.fit_marks.language == "ar"
    if language != "en":  # the headers are translated
        assert rhythm.table.horizontalHeaderItem(0).text() != "Episode"
        assert translations.model.headerData(FIT, Qt.Orientation.Horizontal) != "Fit"
    assert window.grab().save(str(screenshot_path(f"rhythm-{language}.png")))
