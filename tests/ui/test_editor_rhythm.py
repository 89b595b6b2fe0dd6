"""The script editor and the project's rhythm settings: live seconds at the project's speech
rates, and fit badges in the margin on lines that do not fit the chosen target language."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QHelpEvent, QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QToolTip
from sqlalchemy import event

from app.core.enums import ElementKind
from app.core.timing import RateBook, element_seconds
from app.features.rhythm.fit import FitProblem, LineFit
from app.features.rhythm.fit_check import fit_report
from app.features.rhythm.settings import SetRhythmSettings
from app.features.script.outline import scene_seconds
from app.features.translations.lines import SetTranslations, TranslationEdit
from app.project.open_project import OpenProject
from tests.support.screenshots import screenshot_path
from ui.bridge import ProjectBridge
from ui.editor.fit_marks import FitMarks
from ui.editor.note_marks import NoteMarks
from ui.editor.panel import EditorPanel
from ui.window.main_window import MainWindow

#: An English "translation" far too long for two subtitle lines of 42 characters.
LONG_ENGLISH = ("Listen to me, this kiln has burned for three hundred years and it will not go "
                "cold tonight, not while I still have hands to feed the fire and breath to "
                "keep the others awake until the blue comes out right.")


@pytest.fixture
def project(sample_kiln: Path):  # noqa: ANN201
    with OpenProject.open(sample_kiln, backup=False) as opened:
        yield opened


@pytest.fixture
def page(qtbot, project: OpenProject):  # noqa: ANN001, ANN201
    """The editor with its bar, its note markers and its fit badges, on episode 1."""
    panel = EditorPanel(ProjectBridge(project))
    notes = NoteMarks(panel.editor)
    fits = FitMarks(panel.editor, notes)
    qtbot.addWidget(panel)
    panel.resize(1000, 800)
    panel.show()
    qtbot.waitExposed(panel)
    panel.editor.show_scope("episode", project.episodes()[0].id)
    return panel, fits


# -- the live seconds -------------------------------------------------------------------------


def test_live_seconds_use_the_projects_speech_rates_and_follow_their_changes(
    qtbot, project: OpenProject, page  # noqa: ANN001
) -> None:
    panel, _fits = page
    editor = panel.editor
    episode = project.episodes()[0]
    navigator = scene_seconds(project, episode.id)  # what the navigator and the board count
    shown = editor.scene_durations()
    assert shown == pytest.approx(navigator)
    default = RateBook()
    scene = next(iter(shown))
    by_default = sum(element_seconds(e.kind, e.text, default(e.language))
                     for e in project.elements(scene))
    assert shown[scene] == pytest.approx(by_default)  # the sample keeps the default rates

    # The project's Chinese speech rate doubles: the editor's seconds follow at once.
    project.run(SetRhythmSettings(speech_rates={"zh": 9.0}))
    faster = editor.scene_durations()
    assert faster == pytest.approx(scene_seconds(project, episode.id))
    rates = RateBook({"zh": 9.0})
    assert faster[scene] == pytest.approx(sum(element_seconds(e.kind, e.text, rates(e.language))
                                              for e in project.elements(scene)))
    assert faster[scene] < shown[scene] * 0.75
    total = sum(faster.values())
    qtbot.waitUntil(lambda: f"shown ≈ {round(total)} s" in panel.duration_label.text())

    # Typing is timed at the project's rate too: four Chinese characters at 9 a second.
    line = next(e for e in project.elements(scene) if e.kind is ElementKind.ACTION)
    block = editor.words_block(line.id)
    cursor = editor.textCursor()
    cursor.setPosition(block.position() + block.length() - 1)
    editor.setTextCursor(cursor)
    editor.insertPlainText("窑火不灭")
    assert editor.scene_durations()[scene] == pytest.approx(faster[scene] + 4 / 9.0)

    editor.flush()  # as Edit ▸ Undo does first: typing not yet committed is what it takes back
    project.undo()  # the typing
    project.undo()  # the rates: back to the defaults
    qtbot.waitUntil(lambda: editor.scene_durations()[scene] == pytest.approx(shown[scene]))


# -- the fit badges -----------------------------------------------------------------------------


def _measures(fit: LineFit) -> tuple:
    """What the fit check measured of a line (its place in the episode aside)."""
    return (fit.chars, fit.cps, fit.lines, fit.dub_ratio, fit.estimated, fit.problems)


def _misfits(project: OpenProject, language: str, element_ids: set[str]) -> dict[str, tuple]:
    report = fit_report(project, language).by_element()
    return {i: f.problems for i, f in report.items() if i in element_ids and f.problems}


def _shown_lines(panel: EditorPanel) -> set[str]:
    editor = panel.editor
    ids = set()
    block = editor.document().begin()
    while block.isValid():
        slot = editor.slot_of(block)
        if slot is not None and slot.element_id:
            ids.add(slot.element_id)
        block = block.next()
    return ids


def test_fit_badges_are_the_fit_checks_of_the_lines_shown(
    qtbot, project: OpenProject, page  # noqa: ANN001
) -> None:
    panel, fits = page
    assert fits.language == "en"  # the sample's first target language
    shown = _shown_lines(panel)
    badges = {b.fit.element_id: b.fit.problems for b in fits.badges}
    assert badges == _misfits(project, "en", shown) and badges  # episode 1 has a long one
    assert all(b.fit.estimated for b in fits.badges)  # the sample has no translation yet

    fits.set_language("pt-BR")
    assert {b.fit.element_id: b.fit.problems for b in fits.badges} == \
        _misfits(project, "pt-BR", shown)
    fits.set_language("fa")
    assert {b.fit.element_id: b.fit.problems for b in fits.badges} == \
        _misfits(project, "fa", shown)


def test_a_translation_too_long_gets_a_badge_with_the_reasons(
    qtbot, project: OpenProject, page  # noqa: ANN001
) -> None:
    panel, fits = page
    editor = panel.editor
    line = next(e for e in project.elements(project.scenes(project.episodes()[0].id)[0].id)
                if e.kind is ElementKind.DIALOGUE and fits.badge_for(e.id) is None)
    project.run(SetTranslations([TranslationEdit(line.id, "en", LONG_ENGLISH)]))
    badge = fits.badge_for(line.id)
    assert badge is not None and not badge.fit.estimated
    assert {FitProblem.LINE_LENGTH, FitProblem.READING_SPEED} <= set(badge.fit.problems)
    assert _measures(badge.fit) == _measures(fit_report(project, "en").by_element()[line.id])
    tip = badge.tooltip()
    assert "en" in tip and "too long for the subtitle lines" in tip and "too fast to read" in tip

    # Drawn in the right-hand gutter (a Chinese line ends on the right), beside the line.
    right = fits.notes.gutters[1]
    assert badge in fits.gutter_badges(right) and badge not in fits.gutter_badges(
        fits.notes.gutters[0])
    rect = fits.badge_rect(badge)
    assert rect is not None
    editor.ensureCursorVisible()
    block_top = editor.cursorRect(editor.textCursor()).top()  # any visible position will do
    assert block_top >= 0
    image = right.grab().toImage()
    inside = {image.pixelColor(x, rect.center().y()).name()
              for x in range(rect.left() + 1, rect.right())}
    assert "#f3b9b0" in inside  # the Translations dock's misfit tint

    # Its tooltip, as the pointer rests on it.
    QApplication.sendEvent(right, QHelpEvent(QEvent.Type.ToolTip, rect.center(),
                                             right.mapToGlobal(rect.center())))
    assert "too long for the subtitle lines" in QToolTip.text()
    QToolTip.hideText()

    # A looser subtitle limit and dub ratio for English: the line fits, the badge goes.
    project.run(SetRhythmSettings(fit={"en": {"cps": 60, "chars_per_line": 400, "lines": 3},
                                       "dub_ratio": 9}))
    assert fits.badge_for(line.id) is None
    project.undo()
    assert fits.badge_for(line.id) is not None
    project.undo()  # the translation: an estimate again, which fits
    assert fits.badge_for(line.id) is None


def test_typing_reads_nothing_and_the_badge_follows_the_committed_words(
    qtbot, project: OpenProject, page  # noqa: ANN001
) -> None:
    panel, fits = page
    editor = panel.editor
    scene = project.scenes(project.episodes()[0].id)[0]
    line = next(e for e in project.elements(scene.id)
                if e.kind is ElementKind.DIALOGUE and fits.badge_for(e.id) is None)
    block = editor.words_block(line.id)
    cursor = editor.textCursor()
    cursor.setPosition(block.position() + block.length() - 1)
    editor.setTextCursor(cursor)
    editor.setFocus()
    statements: list[str] = []

    def count(_conn, _cursor, statement, *_args) -> None:  # noqa: ANN001
        statements.append(statement)

    engine = project.file.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        for _key in range(40):  # forty characters, through the input method, in no time
            typed = QInputMethodEvent()
            typed.setCommitString("长")
            QApplication.sendEvent(editor, typed)
        QTest.keyClick(editor, Qt.Key.Key_Left)
        QTest.keyClick(editor, Qt.Key.Key_Right)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert statements == []  # nothing read (nor written) while typing
    assert fits.badge_for(line.id) is None  # the badge waits for the words to be committed
    qtbot.waitUntil(lambda: not editor.has_pending(), timeout=5000)
    qtbot.waitUntil(lambda: fits.badge_for(line.id) is not None, timeout=5000)
    assert FitProblem.LINE_LENGTH in fits.badge_for(line.id).fit.problems
    assert _measures(fits.badge_for(line.id).fit) == _measures(
        fit_report(project, "en").by_element()[line.id])


def test_the_translations_dock_chooses_the_badges_language(qtbot, sample_kiln: Path) -> None:  # noqa: ANN001
    window = MainWindow()
    qtbot.addWidget(window)
    assert window.open_project(sample_kiln, backup=False)
    window.show_in_editor("episode", window.project.episodes()[0].id)
    fits = window.features.fit_marks
    assert fits.language == "en"
    window.features.translations_action.setChecked(True)
    view = window.features.translations_view
    assert view is not None and view.current_language() == "en"
    view.set_language("ar")
    assert fits.language == "ar"
    shown = {b.fit.element_id for b in fits.badges}
    assert shown == set(_misfits(window.project, "ar", _shown_lines(window.editor_panel)))
    window.features.translations_action.setChecked(False)  # the dock goes, the choice stays
    assert fits.language == "ar"
    window.features.translations_action.setChecked(True)
    assert window.features.translations_view.current_language() == "ar"
    window.close()


@pytest.mark.screenshot
def test_screenshot_of_the_fit_badges(qtbot, sample_kiln: Path) -> None:  # noqa: ANN001
    """Scene 1-3 against English: a translation too long (a filled badge) and a line with no
    translation yet whose estimate does not fit (a dashed one)."""
    with OpenProject.open(sample_kiln, backup=False) as project:
        scene = project.scenes(project.episodes()[0].id)[2]
        lines = [e for e in project.elements(scene.id) if e.kind is ElementKind.DIALOGUE]
        project.run(SetTranslations([
            TranslationEdit(lines[0].id, "en", LONG_ENGLISH),
            TranslationEdit(lines[1].id, "en", "Where did you find it?"),
        ]))
        panel = EditorPanel(ProjectBridge(project))
        notes = NoteMarks(panel.editor)
        fits = FitMarks(panel.editor, notes)
        qtbot.addWidget(panel)
        panel.resize(900, 420)
        panel.show()
        qtbot.waitExposed(panel)
        panel.editor.show_scope("scene", scene.id)
        badges = {b.fit.element_id: b.fit.estimated for b in fits.badges}
        assert badges[lines[0].id] is False and lines[1].id not in badges
        assert True in badges.values()  # the estimate that does not fit either
        assert panel.grab().save(str(screenshot_path("editor-fit-badges.png")))
