"""The beat board on real project files: cards, drag and drop, keyboard, undo, filters."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

from app.core.enums import BeatKind
from app.features.board.rules import LaneWarning
from app.features.script.outline import scene_seconds
from app.project.commands import Create
from app.project.open_project import OpenProject
from tests.support.screenshots import screenshot_path
from ui.board.items import CARD_HEIGHT, LANE_WIDTH
from ui.board.widget import BoardWidget
from ui.bridge import ProjectBridge


@pytest.fixture
def board(qtbot, mini_kiln: Path):
    with OpenProject.open(mini_kiln, backup=False) as project:
        widget = BoardWidget(ProjectBridge(project))
        qtbot.addWidget(widget)
        widget.resize(1200, 700)
        widget.show()
        qtbot.waitExposed(widget)
        yield widget


def _lane_titles(project: OpenProject, episode_id: str | None) -> list[str]:
    return [
        b.title
        for b in sorted(project.beats(), key=lambda b: b.position)
        if b.episode_id == episode_id
    ]


def _send(view, kind: QEvent.Type, scene_point: QPointF, buttons) -> None:  # noqa: ANN001
    point = QPointF(view.mapFromScene(scene_point))
    event = QMouseEvent(
        kind,
        point,
        view.viewport().mapToGlobal(point),
        Qt.MouseButton.LeftButton,
        buttons,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(view.viewport(), event)


def _drag(view, start: QPointF, end: QPointF) -> None:  # noqa: ANN001
    held = Qt.MouseButton.LeftButton
    _send(view, QEvent.Type.MouseButtonPress, start, held)
    for step in range(1, 11):
        _send(view, QEvent.Type.MouseMove, start + (end - start) * (step / 10), held)
    _send(view, QEvent.Type.MouseButtonRelease, end, Qt.MouseButton.NoButton)


def test_lanes_cards_and_warnings(qtbot, board: BoardWidget) -> None:
    data = board.data
    assert [lane.episode.number if lane.episode else None for lane in data.lanes] == [None, 1, 2]
    assert [b.title for b in data.lanes[1].beats] == ["窑裂", "名字"]
    assert data.lanes[1].warnings == [] or LaneWarning.NO_OPENING_HOOK not in data.lanes[1].warnings
    assert LaneWarning.NO_CLOSING_CLIFFHANGER in data.lanes[2].warnings
    assert len(board.view.cards) == 4
    assert board.view.headers[2].warnings  # drawn on the lane header
    qtbot.waitUntil(lambda: not board.timing_pending())
    first = board.project.episodes()[0]
    script = sum(scene_seconds(board.project, first.id).values())
    assert script > 0 and board.data.lanes[1].seconds == pytest.approx(script)


def test_creating_a_card_inline(qtbot, board: BoardWidget) -> None:
    project = board.project
    episode = project.episodes()[1]
    beat_id = board.create_card(episode.id, 0)
    editor = board._inline
    assert editor is not None and editor.isVisible()
    editor.setText("开信")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert _lane_titles(project, episode.id) == ["开信", "信"]
    assert beat_id in board.view.cards
    assert board.view.selected_ids() == [beat_id]
    assert board.form.title.text() == "开信"


def test_dragging_a_card_to_another_episode_is_saved(
    qtbot, board: BoardWidget, mini_kiln: Path
) -> None:
    project = board.project
    first, second = project.episodes()
    card = board.view.cards[next(b.id for b in project.beats() if b.title == "名字")]
    start = card.pos() + QPointF(LANE_WIDTH / 2, CARD_HEIGHT / 2)
    target_lane = board.view.headers[2]
    end = QPointF(target_lane.pos().x() + LANE_WIDTH / 2, start.y() - 60)
    _drag(board.view, start, end)
    assert _lane_titles(project, second.id) == ["名字", "信"]
    assert _lane_titles(project, first.id) == ["窑裂"]
    board.project.close()
    with OpenProject.open(mini_kiln, backup=False) as again:  # the order is in the file
        assert _lane_titles(again, second.id) == ["名字", "信"]
        board.project = again  # the fixture closes whatever the board holds


def test_keyboard_moves_and_undo_redo(qtbot, board: BoardWidget) -> None:
    project = board.project
    first, second = project.episodes()
    hook = next(b.id for b in project.beats() if b.title == "窑裂")
    board.view.select([hook])
    board.view.setFocus()
    qtbot.keyClick(board.view, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert _lane_titles(project, first.id) == ["名字", "窑裂"]
    qtbot.keyClick(board.view, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    assert _lane_titles(project, second.id) == ["信", "窑裂"]
    project.undo()
    qtbot.waitUntil(lambda: len(board.data.lanes[1].beats) == 2)
    assert _lane_titles(project, first.id) == ["名字", "窑裂"]
    project.redo()
    qtbot.waitUntil(lambda: len(board.data.lanes[2].beats) == 2)
    assert _lane_titles(project, second.id) == ["信", "窑裂"]
    # the parking lot is a lane too
    board.view.select([hook])
    for _ in range(2):
        qtbot.keyClick(board.view, Qt.Key.Key_Left, Qt.KeyboardModifier.ControlModifier)
    assert "窑裂" in _lane_titles(project, None)


def test_multi_select_delete_is_one_undo_step(qtbot, board: BoardWidget) -> None:
    project = board.project
    ids = [b.id for b in project.beats() if b.episode_id is not None][:2]
    board.view.select(ids)
    assert sorted(board.view.selected_ids()) == sorted(ids)
    board.view.setFocus()
    qtbot.keyClick(board.view, Qt.Key.Key_Delete)
    assert len(project.beats()) == 2
    project.undo()
    assert len(project.beats()) == 4


def test_side_form_filters_and_make_scene(qtbot, board: BoardWidget) -> None:
    project = board.project
    beat = next(b for b in project.beats() if b.title == "信")
    board.view.select([beat.id])
    assert board.form.title.text() == "信"
    board.form.kind.setCurrentIndex(board.form.kind.findData("cliffhanger"))
    board.form.kind.activated.emit(board.form.kind.currentIndex())
    assert next(b for b in project.beats() if b.id == beat.id).kind is BeatKind.CLIFFHANGER
    board.kind_filter.setCurrentIndex(board.kind_filter.findData("hook"))
    board.kind_filter.activated.emit(board.kind_filter.currentIndex())
    faded = {c.beat.title for c in board.view.cards.values() if c.faded}
    assert faded == {"名字", "信", "祖父的窑印"}
    shown = []
    board.beat_selected.connect(shown.append)
    before = len(project.scenes(beat.episode_id))
    scene_id = board.make_scene(beat.id)
    scenes = project.scenes(beat.episode_id)
    assert len(scenes) == before + 1
    assert next(s for s in scenes if s.id == scene_id).beat_id == beat.id


def test_zoom_levels(qtbot, board: BoardWidget) -> None:
    project = board.project
    for _ in range(30):  # a long series: 33 lanes do not fit at full size
        project.run(Create("episode", {"title": "…"}))
    board.reload()
    board.view.zoom_to_fit_lanes()
    assert board.view.zoom < 0.3
    last = board.view.headers[-1]
    right = board.view.mapFromScene(last.pos() + QPointF(LANE_WIDTH, 0)).x()
    assert 0 < right <= board.view.viewport().width()
    # far out, each lane is one item of coloured bars; a click dives into the card under it
    assert board.view.overview and not any(c.isVisible() for c in board.view.cards.values())
    target = board.view.cards[board.data.lanes[1].beats[1].id]
    centre = target.pos() + QPointF(LANE_WIDTH / 2, CARD_HEIGHT / 2)
    _send(board.view, QEvent.Type.MouseButtonPress, centre, Qt.MouseButton.LeftButton)
    assert board.view.zoom == 1.0 and not board.view.overview
    assert board.view.selected_ids() == [target.beat.id]
    board.view.set_zoom(1.0)
    assert board.zoom_slider.value() == 100


@pytest.mark.screenshot
def test_screenshot_of_the_sample_board(qtbot, sample_kiln: Path) -> None:
    with OpenProject.open(sample_kiln, backup=False) as sample:
        widget = BoardWidget(ProjectBridge(sample))
        qtbot.addWidget(widget)
        widget.resize(1600, 900)
        widget.show()
        qtbot.waitExposed(widget)
        qtbot.waitUntil(lambda: not widget.timing_pending(), timeout=30000)  # lane markers
        widget.view.set_zoom(0.85)
        first = next(iter(widget.view.cards))
        widget.view.select([first])
        assert widget.grab().save(str(screenshot_path("board.png")))
