"""Several cards at once on the beat board: Ctrl+click and rubber-band selection, dragging
them to another lane with real mouse events (saved in the file, one undo), and the selection
shown at every zoom level, the overview included."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage

from app.project.open_project import OpenProject
from ui.board.items import CARD_HEIGHT, LANE_WIDTH, SELECTED_CORE
from ui.board.view import OVERVIEW_ZOOM, BoardView
from ui.board.widget import BoardWidget
from ui.bridge import ProjectBridge

#: the card border of a selected card when the cards themselves are drawn
CARD_SELECTED = "#ffb000"


@pytest.fixture
def board(qtbot, mini_kiln: Path):  # noqa: ANN001, ANN201
    with OpenProject.open(mini_kiln, backup=False) as project:
        widget = BoardWidget(ProjectBridge(project))
        qtbot.addWidget(widget)
        widget.resize(1200, 800)
        widget.show()
        qtbot.waitExposed(widget)
        yield widget


def _id(project: OpenProject, title: str) -> str:
    return next(b.id for b in project.beats() if b.title == title)


def _lanes(project: OpenProject) -> dict[int | None, list[str]]:
    """Card titles per episode number (None: the parking lot), in board order."""
    numbers = {e.id: e.number for e in project.episodes()}
    lanes: dict[int | None, list[str]] = {None: [], **{n: [] for n in numbers.values()}}
    for beat in sorted(project.beats(), key=lambda b: b.position):
        lanes[numbers.get(beat.episode_id)].append(beat.title)
    return lanes


def _lanes_in_file(path: Path) -> dict[int | None, list[str]]:
    with OpenProject.open(path, read_only=True, backup=False) as again:
        return _lanes(again)


def _point(view: BoardView, scene_point: QPointF) -> QPoint:
    return view.mapFromScene(scene_point)


def _centre(view: BoardView, beat_id: str) -> QPointF:
    return view.cards[beat_id].pos() + QPointF(LANE_WIDTH / 2, CARD_HEIGHT / 2)


def _drag(qtbot, view: BoardView, start: QPointF, end: QPointF,  # noqa: ANN001
          modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    """Press, move in steps and release the left button, as a hand would."""
    viewport = view.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, modifier, _point(view, start))
    for step in range(1, 13):
        qtbot.mouseMove(viewport, _point(view, start + (end - start) * (step / 12)))
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, modifier, _point(view, end))


def test_ctrl_click_then_drag_moves_the_cards_together(
    qtbot, board: BoardWidget, mini_kiln: Path  # noqa: ANN001
) -> None:
    project, view = board.project, board.view
    before = _lanes(project)
    assert before == {None: ["祖父的窑印"], 1: ["窑裂", "名字"], 2: ["信"]}
    crack, seal = _id(project, "窑裂"), _id(project, "祖父的窑印")
    viewport = view.viewport()
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     _point(view, _centre(view, crack)))
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ControlModifier,
                     _point(view, _centre(view, seal)))
    assert view.selected_ids() == [seal, crack]  # board order: the parking lot first
    # drag one of them by the mouse to episode 2, below its card: both go, in board order
    letter = view.cards[_id(project, "信")]
    target = QPointF(view.headers[2].x() + LANE_WIDTH / 2, letter.y() + CARD_HEIGHT * 1.4)
    _drag(qtbot, view, _centre(view, crack), target)
    moved = {None: [], 1: ["名字"], 2: ["信", "祖父的窑印", "窑裂"]}
    assert _lanes(project) == moved
    assert _lanes_in_file(mini_kiln) == moved  # in the file at once
    assert view.selected_ids() == [seal, crack]  # still selected where they landed
    assert project.history.undo_label == "Move cards"
    project.undo()  # one step puts both back
    assert _lanes(project) == before
    assert _lanes_in_file(mini_kiln) == before
    assert project.history.undo_label is None


def test_rubber_band_then_drag_to_the_parking_lot(
    qtbot, board: BoardWidget, mini_kiln: Path  # noqa: ANN001
) -> None:
    project, view = board.project, board.view
    before = _lanes(project)
    first, last = (view.cards[_id(project, t)] for t in ("窑裂", "名字"))
    # from the empty gap left of episode 1's lane, across both of its cards
    corner = QPointF(first.x() - 6, first.y() - 4)
    _drag(qtbot, view, corner, last.pos() + QPointF(LANE_WIDTH / 2, CARD_HEIGHT + 4))
    assert view.selected_ids() == [first.beat.id, last.beat.id]
    parked = view.cards[_id(project, "祖父的窑印")]
    _drag(qtbot, view, _centre(view, last.beat.id),
          QPointF(parked.x() + LANE_WIDTH / 2, parked.y() + CARD_HEIGHT * 0.2))
    moved = {None: ["窑裂", "名字", "祖父的窑印"], 1: [], 2: ["信"]}
    assert _lanes(project) == moved
    assert _lanes_in_file(mini_kiln) == moved
    project.undo()
    assert _lanes(project) == before
    assert _lanes_in_file(mini_kiln) == before


def _count(image: QImage, rect: QRectF, colour: str) -> int:
    wanted = QColor(colour).rgb()
    area = rect.toAlignedRect().intersected(image.rect())
    return sum(image.pixel(x, y) == wanted
               for x in range(area.left(), area.right() + 1)
               for y in range(area.top(), area.bottom() + 1))


def _on_screen(view: BoardView, card_id: str) -> QRectF:
    card = view.cards[card_id]
    return view.mapFromScene(QRectF(card.pos(), QPointF(card.pos().x() + LANE_WIDTH,
                                                        card.pos().y() + CARD_HEIGHT))
                             ).boundingRect().toRectF()


@pytest.mark.parametrize("zoom", [1.0, 0.5, 0.3, 0.12, 0.05])
def test_the_selection_shows_at_every_zoom(qtbot, board: BoardWidget, zoom: float,
                                           tmp_path: Path) -> None:  # noqa: ANN001
    project, view = board.project, board.view
    chosen = [_id(project, "窑裂"), _id(project, "信")]
    other = _id(project, "名字")
    view.select(chosen)
    emitted: list[list[str]] = []
    view.selection_changed.connect(emitted.append)
    view.set_zoom(zoom)
    assert view.overview is (zoom < OVERVIEW_ZOOM)
    assert view.selected_ids() == chosen and emitted == []  # zooming changes no selection
    view.horizontalScrollBar().setValue(view.horizontalScrollBar().minimum())
    view.verticalScrollBar().setValue(view.verticalScrollBar().minimum())
    qtbot.wait(10)
    image = view.viewport().grab().toImage()
    image.save(str(tmp_path / f"board-{zoom}.png"))
    mark = SELECTED_CORE if view.overview else CARD_SELECTED
    for beat_id in chosen:
        assert _count(image, _on_screen(view, beat_id), mark) > 0, (zoom, beat_id)
    assert _count(image, _on_screen(view, other), mark) == 0
    if view.overview:
        lanes = {view.headers[i].index: view.headers[i].selected for i in (1, 2)}
        assert lanes == {1: frozenset({0}), 2: frozenset({0})}
    view.set_zoom(1.0)  # back in detail, the same cards are selected
    assert view.selected_ids() == chosen
    assert all(view.cards[i].isSelected() for i in chosen) and emitted == []


def test_overview_keeps_a_selection_made_or_changed_there(qtbot, board: BoardWidget) -> None:
    project, view = board.project, board.view
    view.set_zoom(0.1)
    crack, letter = _id(project, "窑裂"), _id(project, "信")
    view.select([crack, letter])
    assert view.selected_ids() == [crack, letter]
    assert board.form.title.text() == ""  # two cards: the form shows none
    board.delete_cards(view.selected_ids())  # the board is rebuilt in the overview
    assert {b.title for b in project.beats()} == {"名字", "祖父的窑印"}
    project.undo()
    qtbot.waitUntil(lambda: len(view.cards) == 4)
    assert view.overview
    view.select([letter])
    view.set_zoom(1.0)
    assert view.selected_ids() == [letter] and view.cards[letter].isSelected()
    assert board.form.title.text() == "信"
