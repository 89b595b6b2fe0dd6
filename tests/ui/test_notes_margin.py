"""Margin markers in the real window's script editor: beside every paragraph with open notes, on
the side where the line starts (left for Chinese, right for Arabic), coloured by the gravest
note, with a count, the notes on hover, and a click that selects the note in the notes panel."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QColor, QHelpEvent
from PySide6.QtWidgets import QApplication, QToolTip

from app.core.enums import AnnotationStatus, Role, Severity
from app.features.notes import service
from app.project.commands import Update
from app.store.profile import Profile, save_profile
from ui.editor.note_marks import Marker, NoteGutter
from ui.notes.highlights import HIGHLIGHTS
from ui.window.main_window import MainWindow

ARABIC = "أريد الزوج كاملاً"


def _window(qtbot, path: Path) -> MainWindow:
    save_profile(Profile("Writer", Role.WRITER))
    window = MainWindow()
    qtbot.addWidget(window)
    window.resize(1400, 900)
    assert window.open_project(path, backup=False)
    window.show()
    qtbot.waitExposed(window)
    return window


def _scene_of(window: MainWindow, words: str) -> tuple[str, list]:
    project = window.project
    for scene in project.scenes():
        elements = project.elements(scene.id)
        if any(words in e.text for e in elements):
            return scene.id, elements
    raise AssertionError(words)


def _noted_scene(qtbot, window: MainWindow) -> dict[str, str]:
    """The scene with the sample's Arabic note, plus a critical note on the same Arabic line
    and a major one on a Chinese line; shown in the editor. Returns element ids by name."""
    project = window.project
    scene_id, elements = _scene_of(window, ARABIC)
    arabic = next(e for e in elements if ARABIC in e.text)
    chinese = next(e for e in elements if e.text.startswith("快了"))
    service.add_text_note(project, arabic.id, 0, 4, "Too blunt for a Gulf audience.\nSoften.",
                          author="Noura", severity=Severity.CRITICAL)
    service.add_text_note(project, chinese.id, 5, 7, "Which family?", author="顾问·林",
                          severity=Severity.MAJOR)
    window.select_scene(scene_id)
    qtbot.waitUntil(lambda: len(window.features.note_marks.markers) == 2)
    return {"arabic": arabic.id, "chinese": chinese.id, "scene": scene_id}


def _marker(window: MainWindow, element_id: str) -> Marker:
    editor = window.editor
    (marker,) = [m for m in window.features.note_marks.markers
                 if editor.slot_of(m.block).element_id == element_id]
    return marker


def _gutter(window: MainWindow, marker: Marker) -> NoteGutter:
    return window.features.note_marks.gutters[1 if marker.right_to_left else 0]


def _centre(window: MainWindow, marker: Marker) -> QPoint:
    rect = window.features.note_marks.marker_rect(marker)
    assert rect is not None
    return rect.center()


def test_markers_sit_where_the_line_starts_coloured_by_the_gravest_note(
    qtbot, sample_kiln: Path, tmp_path: Path
) -> None:
    window = _window(qtbot, sample_kiln)
    ids = _noted_scene(qtbot, window)
    marks = window.features.note_marks
    left, right = marks.gutters
    editor_box = window.editor.viewport().geometry()
    assert left.geometry().right() < editor_box.left() < editor_box.right() < (
        right.geometry().left())

    arabic, chinese = _marker(window, ids["arabic"]), _marker(window, ids["chinese"])
    assert arabic.right_to_left and arabic in right.markers() and arabic not in left.markers()
    assert not chinese.right_to_left and chinese in left.markers()
    assert [n.severity for n in arabic.notes] == [Severity.CRITICAL, Severity.MINOR]
    assert arabic.severity is Severity.CRITICAL and chinese.severity is Severity.MAJOR

    # Each marker is level with the first line of its paragraph, and drawn in its colour.
    for marker in (arabic, chinese):
        gutter = _gutter(window, marker)
        centre = _centre(window, marker)
        line = window.editor.document().documentLayout().blockBoundingRect(marker.block)
        top = line.top() - window.editor.verticalScrollBar().value()
        assert top <= centre.y() <= top + line.height()
        image = gutter.grab().toImage()
        ratio = image.devicePixelRatio()
        fill = image.pixelColor(int((centre.x() - 5) * ratio), int(centre.y() * ratio))
        wanted = QColor(HIGHLIGHTS[marker.severity])
        assert max(abs(fill.red() - wanted.red()), abs(fill.green() - wanted.green()),
                   abs(fill.blue() - wanted.blue())) < 12, (fill.name(), wanted.name())
        assert image.pixelColor(2, 2) != wanted  # outside the marker: the page's colour
    window.editor_panel.grab().save(str(tmp_path / "margin.png"))
    assert (tmp_path / "margin.png").stat().st_size > 1000


def test_hovering_lists_the_notes_and_a_click_selects_them_in_turn(
    qtbot, sample_kiln: Path
) -> None:
    window = _window(qtbot, sample_kiln)
    ids = _noted_scene(qtbot, window)
    marker = _marker(window, ids["arabic"])
    gutter = _gutter(window, marker)
    centre = _centre(window, marker)
    QApplication.sendEvent(gutter, QHelpEvent(QEvent.Type.ToolTip, centre,
                                              gutter.mapToGlobal(centre)))
    assert QToolTip.isVisible()
    tip = QToolTip.text()
    assert "Noura · Cultural context: Too blunt for a Gulf audience." in tip
    assert "Soften." not in tip  # the first line only
    assert tip.index("Too blunt") < tip.index(marker.notes[1].body.splitlines()[0])
    QApplication.sendEvent(gutter, QHelpEvent(QEvent.Type.ToolTip, QPoint(2, 2),
                                              gutter.mapToGlobal(QPoint(2, 2))))
    qtbot.waitUntil(lambda: not QToolTip.isVisible())  # beside the marker: no tip

    panel = window.features.notes_panel
    panel.hide()
    for expected in (marker.notes[0], marker.notes[1], marker.notes[0]):
        qtbot.mouseClick(gutter, Qt.MouseButton.LeftButton, pos=centre)
        assert panel.isVisible() and panel.current_note_id() == expected.id
        words = service.anchored_text(window.project, expected)
        assert window.editor.textCursor().selectedText() == words


def test_orphans_and_settled_notes_leave_no_marker_but_stay_listed(
    qtbot, sample_kiln: Path
) -> None:
    window = _window(qtbot, sample_kiln)
    ids = _noted_scene(qtbot, window)
    project = window.project
    marks = window.features.note_marks
    chinese = _marker(window, ids["chinese"]).notes[0]

    # Resolving one of the two Arabic notes takes the count down; the colour follows.
    critical = _marker(window, ids["arabic"]).notes[0]
    service.set_status(project, critical.id, AnnotationStatus.RESOLVED)
    arabic = _marker(window, ids["arabic"])
    assert len(arabic.notes) == 1 and arabic.severity is Severity.MINOR

    # The Chinese line loses its words: the note becomes an orphan, listed, not drawn.
    project.run(Update("element", ids["chinese"], {"text": "全部改写了。"}))
    qtbot.waitUntil(lambda: len(marks.markers) == 1)
    assert service.note(project, chinese.id).orphan
    assert [m.notes[0].id for m in marks.markers] == [arabic.notes[0].id]
    panel = window.features.notes_panel
    qtbot.waitUntil(lambda: chinese.id in [item.data(0, Qt.ItemDataRole.UserRole + 1)
                                           for item in panel.orphan_items()])
    window.undo()
    qtbot.waitUntil(lambda: len(marks.markers) == 2)
