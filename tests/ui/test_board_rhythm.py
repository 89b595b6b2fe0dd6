"""Series-rhythm markers on the board's lane headers: the report's findings per episode, read
off the UI thread once per burst of changes, drawn as one marker per kind with the findings in
words as the tooltip."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QApplication

from app.core.enums import BeatKind, ElementKind
from app.features.rhythm import report as report_module
from app.features.rhythm.impact import RhythmImpact
from app.features.rhythm.report import Rule, rhythm_report
from app.features.rhythm.settings import SetRhythmSettings
from app.project.commands import Update
from app.project.open_project import OpenProject
from tests.support.screenshots import screenshot_path
from ui.board.items import HEADER_HEIGHT, LANE_WIDTH
from ui.board.rhythm_marks import RhythmMarksItem
from ui.board.widget import BoardWidget
from ui.bridge import ProjectBridge
from ui.rhythm import lane_findings as findings_module
from ui.rhythm.lane_findings import TIMING_MS
from ui.rhythm.markers import KIND_COLOURS, MarkerKind, kind_name, kind_of, kinds_of


@pytest.fixture
def project(sample_kiln: Path):  # noqa: ANN201
    with OpenProject.open(sample_kiln, backup=False) as opened:
        yield opened


@pytest.fixture
def board(qtbot, project: OpenProject):  # noqa: ANN001, ANN201
    widget = BoardWidget(ProjectBridge(project))
    qtbot.addWidget(widget)
    widget.resize(1600, 900)
    widget.show()
    qtbot.waitExposed(widget)
    _settle(qtbot, widget)
    yield widget
    widget.shutdown()


def _settle(qtbot, board: BoardWidget) -> None:  # noqa: ANN001
    qtbot.waitUntil(lambda: not board.timing_pending(), timeout=30000)
    QApplication.processEvents()


def _drawn(board: BoardWidget) -> dict[str, list[MarkerKind]]:
    """Episode id -> the marker kinds its lane header draws."""
    found = {}
    for header in board.view.headers:
        marks = [c for c in header.childItems() if isinstance(c, RhythmMarksItem)]
        if marks:
            found[header.lane.episode_id] = marks[0].kinds
    return found


def test_each_lane_shows_a_marker_per_kind_of_finding(qtbot, project: OpenProject, board) -> None:  # noqa: ANN001
    expected = {episode: kinds_of(found)
                for episode, found in rhythm_report(project).markers().items() if found}
    assert _drawn(board) == expected
    # The sample (docs/rhythm.md): every episode has too many scenes; episode 1 runs long and
    # its setup is paid off late; episodes 1-3 have no climax card; episode 6's setup is open.
    first, third, sixth = (e.id for e in (project.episodes()[i] for i in (0, 2, 5)))
    assert expected[first] == [MarkerKind.SHAPE, MarkerKind.LENGTH, MarkerKind.SETUP]
    assert expected[third] == [MarkerKind.SHAPE, MarkerKind.CLIMAX]
    assert expected[sixth] == [MarkerKind.SHAPE, MarkerKind.SETUP]

    # The tooltip says each finding in words, under its kind's name.
    marks = board.view.rhythm_marks(first)
    assert marks is not None
    for finding in rhythm_report(project).markers()[first]:
        assert f"{kind_name(kind_of(finding))}: {finding.message}" in marks.toolTip()
    assert "Episode 1 runs 104 s, over its target of 90 s." in marks.toolTip()

    # Drawn in the header's top row, right-aligned, in the kinds' colours.
    header = next(h for h in board.view.headers if h.lane.episode_id == first)
    board.view.set_zoom(1.0)
    board.view.centerOn(header)
    QApplication.processEvents()
    image = board.view.viewport().grab().toImage()
    for rect, kind, _glyph in marks.marks():
        box = board.view.mapFromScene(marks.mapToScene(rect)).boundingRect()
        assert box.right() < board.view.mapFromScene(header.mapToScene(LANE_WIDTH, 0)).x()
        colours = {image.pixelColor(box.left() + 2, y).name()
                   for y in range(box.top() + 1, box.bottom())}
        assert KIND_COLOURS[kind] in colours, (kind, colours)


def test_read_off_the_ui_thread_once_per_burst_and_never_per_paint(
    qtbot, project: OpenProject, board, monkeypatch  # noqa: ANN001
) -> None:
    threads: list[threading.Thread] = []
    real = report_module.rhythm_report

    def recorded(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        threads.append(threading.current_thread())
        return real(*args, **kwargs)

    monkeypatch.setattr(findings_module, "rhythm_report", recorded)
    findings = board.findings
    reads = findings.reads

    # Painting, scrolling and zooming read nothing.
    for zoom in (0.2, 0.6, 1.0):
        board.view.set_zoom(zoom)
        board.grab()
    assert findings.reads == reads and threads == []

    # A burst of three card edits: one read, on the worker's thread, and the markers follow.
    episodes = project.episodes()
    first_lane = [b for b in project.beats() if b.episode_id == episodes[0].id]
    card = sorted(first_lane, key=lambda b: b.position)[1]
    project.run(Update("beat", card.id, {"kind": BeatKind.CLIMAX.value}))
    project.run(Update("beat", card.id, {"title": card.title + "！"}))
    project.run(Update("beat", card.id, {"summary": "高潮"}))
    assert findings.busy()
    _settle(qtbot, board)
    assert findings.reads == reads + 1
    assert threads and all(t is not threading.main_thread() for t in threads)
    third = episodes[2].id
    assert _drawn(board)[third] == [MarkerKind.SHAPE]  # a climax in episode 1 now

    # The settings (another preset's rules): read again.
    project.run(SetRhythmSettings(rules={"scenes": [1, 6]}))
    _settle(qtbot, board)
    assert findings.reads == reads + 2
    assert MarkerKind.SHAPE not in _drawn(board).get(episodes[1].id, [])
    assert not any(f.rule is Rule.SCENES for found in findings.markers.values() for f in found)


def test_typing_reads_the_report_only_after_a_pause_and_only_its_episode(
    qtbot, project: OpenProject, board, monkeypatch  # noqa: ANN001
) -> None:
    findings = board.findings
    reads, full_reads = findings.reads, findings.full_reads
    timed: list[object] = []
    real = findings_module.timelines

    def recorded(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        timed.append(kwargs.get("scenes"))
        return real(*args, **kwargs)

    monkeypatch.setattr(findings_module, "timelines", recorded)
    # Episode 2 runs 101.5 s of its 90 (within 15 %); forty more characters take it over.
    second = project.episodes()[1]
    scene = project.scenes(second.id)[0]
    line = next(e for e in project.elements(scene.id) if e.kind is ElementKind.ACTION)
    assert MarkerKind.LENGTH not in _drawn(board)[second.id]
    project.run(Update("element", line.id, {"text": line.text + "窑" * 20}, typing=True))
    assert findings._timer.isActive() and findings._timer.interval() == TIMING_MS
    project.run(Update("element", line.id, {"text": line.text + "窑" * 40}, typing=True))
    assert findings.reads == reads  # nothing yet: the writer may still be typing
    _settle(qtbot, board)
    assert findings.reads == reads + 1 and findings.full_reads == full_reads
    assert timed == [frozenset({scene.id})]  # only the episode typed in was timed again
    assert findings.markers == rhythm_report(project).markers()  # as a whole read says
    assert MarkerKind.LENGTH in _drawn(board)[second.id]

    project.undo()  # typing undone: the same way back
    _settle(qtbot, board)
    assert findings.markers == rhythm_report(project).markers()
    assert MarkerKind.LENGTH not in _drawn(board)[second.id]
    assert findings.full_reads == full_reads
    findings.on_change(RhythmImpact())  # nothing the report reads
    assert not findings.busy()


@pytest.mark.screenshot
def test_screenshot_of_the_lane_markers(qtbot, sample_kiln: Path) -> None:  # noqa: ANN001
    """The lane headers of episodes 1-4 with their rhythm markers, and the tooltip's words."""
    with OpenProject.open(sample_kiln, backup=False) as project:
        widget = BoardWidget(ProjectBridge(project))
        qtbot.addWidget(widget)
        widget.resize(1100, 420)
        widget.show()
        qtbot.waitExposed(widget)
        _settle(qtbot, widget)
        widget.view.set_zoom(1.0)
        widget.view.horizontalScrollBar().setValue(widget.view.horizontalScrollBar().minimum())
        QApplication.processEvents()
        assert widget.view.rhythm_marks(project.episodes()[0].id) is not None
        top = widget.view.mapTo(widget, widget.view.viewport().pos())
        area = QRect(0, 0, widget.width(), top.y() + int(HEADER_HEIGHT) + 140)
        assert widget.grab(area).save(str(screenshot_path("board-rhythm-markers.png")))
        widget.shutdown()
