"""The board's graphics view: lanes of cards, zoom, drag and drop, and keyboard moves.

A drop or a keyboard move becomes one ``MoveBeats`` command, so the order is saved in the file
at once and Undo puts the cards back. The scene is rebuilt from ``BoardData`` after each change.
"""

from __future__ import annotations

import logging

import shiboken6
from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QMouseEvent, QPainter, QShowEvent, QWheelEvent
from PySide6.QtWidgets import QGraphicsScene, QGraphicsView, QWidget

from app.features.board.lanes import BoardData, Filters
from app.features.rhythm.report import Finding
from ui.board.heritage_chips import HeritageChipsItem
from ui.board.items import (
    CARD_GAP,
    CARD_HEIGHT,
    HEADER_HEIGHT,
    LANE_GAP,
    LANE_WIDTH,
    CardItem,
    LaneHeaderItem,
    card_y,
    lane_x,
)
from ui.board.rhythm_marks import RhythmMarksItem

logger = logging.getLogger(__name__)

MIN_ZOOM, MAX_ZOOM = 0.04, 2.0
#: below this zoom the board is an overview: each lane is drawn as one item of coloured bars
OVERVIEW_ZOOM = 0.35


class BoardView(QGraphicsView):
    """Shows ``BoardData``; asks for moves, edits and new cards through signals."""

    move_requested = Signal(list, object, int)  # beat ids, episode id or None, position
    edit_requested = Signal(str)  # beat id: edit its title in place
    create_requested = Signal(object, int)  # episode id or None, position
    delete_requested = Signal(list)
    selection_changed = Signal(list)  # beat ids
    zoom_changed = Signal(float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("boardView")
        self.setScene(QGraphicsScene(self))
        self.setDragMode(QGraphicsView.DragMode.RubberBandDrag)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setOptimizationFlag(QGraphicsView.OptimizationFlag.DontSavePainterState, True)
        self.setBackgroundBrush(QColor("#fafafa"))
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        self.cards: dict[str, CardItem] = {}
        self.headers: list[LaneHeaderItem] = []
        #: heritage chips per episode id: (name, linked) — drawn in the lane headers
        self.heritage_chips: dict[str, list[tuple[str, bool]]] = {}
        #: the series rhythm's findings per episode id — drawn as markers in the lane headers
        self.rhythm_findings: dict[str, tuple[Finding, ...]] = {}
        self.data: BoardData | None = None
        self._zoom = 1.0
        self.overview = False
        self._pressed: CardItem | None = None
        self._rebuilding = False
        #: the selection while the overview hides the cards (a hidden item cannot be selected)
        self._kept: list[str] = []
        #: the selection last announced: a rebuild or a zoom that keeps it says nothing
        self._announced: list[str] = []
        self.scene().selectionChanged.connect(self._on_selection)
        self._shown = False  # showEvent has run once

    # -- building ---------------------------------------------------------------------------

    def show_board(self, data: BoardData, filters: Filters, selected: list[str]) -> None:
        """Rebuild every item from ``data``, keeping ``selected`` cards selected."""
        self._rebuilding = True
        scene = self.scene()
        try:
            scene.clear()
            self.cards, self.headers, self.data = {}, [], data
            tallest = 0
            for lane_index, lane in enumerate(data.lanes):
                header = LaneHeaderItem(lane, lane_index)
                for index, beat in enumerate(lane.beats):
                    card = CardItem(beat, lane_index, index, data.facts.heritage_count(beat.id),
                                    data.facts.note_count(beat.id),
                                    filters.active() and not filters.matches(beat, data.facts),
                                    data.approvals.get(beat.id))
                    card.setVisible(not self.overview)
                    scene.addItem(card)
                    self.cards[beat.id] = card
                    card.setSelected(beat.id in selected and not self.overview)
                    header.bars.append((card.colour, card.faded))
                header.set_overview(self.overview)
                self._add_chips(header)
                self._add_rhythm(header)
                scene.addItem(header)
                self.headers.append(header)
                tallest = max(tallest, len(lane.beats))
            height = card_y(tallest + 1)
            scene.setSceneRect(QRectF(-LANE_GAP, -LANE_GAP,
                                      lane_x(len(data.lanes)) + LANE_GAP, height + LANE_GAP))
            self._kept = [i for i in selected if i in self.cards] if self.overview else []
            self._mark_overview()
        finally:
            self._rebuilding = False
        self._apply_direction()
        self._on_selection()

    def _apply_direction(self) -> None:
        """Right to left (Arabic, Persian): lanes are laid out from the right, so the parking
        lot and episode 1 come first, where Qt's right-to-left view starts scrolled."""
        if not self.isRightToLeft() or self.data is None:
            return
        far = lane_x(len(self.data.lanes) - 1)
        for item in self.scene().items():
            if item.parentItem() is None:
                item.setX(far - item.x())
        for card in self.cards.values():
            card.home = (card.x(), card.home[1])

    def set_heritage_chips(self, chips: dict[str, list[tuple[str, bool]]]) -> None:
        """Show each episode's heritage items (name, linked) in its lane header."""
        self.heritage_chips = chips
        for header in self.headers:
            if not shiboken6.isValid(header):
                continue  # the board was cleared (no project): nothing to draw on
            for child in header.childItems():
                if isinstance(child, HeritageChipsItem):
                    child.setParentItem(None)
                    self.scene().removeItem(child)
            self._add_chips(header)

    def set_rhythm_findings(self, findings: dict[str, tuple[Finding, ...]]) -> None:
        """Show each episode's series-rhythm findings as markers in its lane header."""
        self.rhythm_findings = findings
        for header in self.headers:
            if not shiboken6.isValid(header):
                continue  # the board was cleared (no project): nothing to draw on
            for child in header.childItems():
                if isinstance(child, RhythmMarksItem):
                    child.setParentItem(None)
                    self.scene().removeItem(child)
            self._add_rhythm(header)

    def rhythm_marks(self, episode_id: str) -> RhythmMarksItem | None:
        """The rhythm markers drawn in the lane of ``episode_id`` (None: none)."""
        for header in self.headers:
            if shiboken6.isValid(header) and header.lane.episode_id == episode_id:
                return next((c for c in header.childItems()
                             if isinstance(c, RhythmMarksItem)), None)
        return None

    def _add_rhythm(self, header: LaneHeaderItem) -> None:
        findings = self.rhythm_findings.get(header.lane.episode_id or "")
        if findings:
            RhythmMarksItem(findings, LANE_WIDTH, header)

    def _add_chips(self, header: LaneHeaderItem) -> None:
        chips = self.heritage_chips.get(header.lane.episode_id or "")
        if chips:
            HeritageChipsItem(chips, LANE_WIDTH, header)

    def refresh_headers(self) -> None:
        """Redraw the lane headers after their lanes' timing changed."""
        for header in self.headers:
            header.refresh()

    def selected_ids(self) -> list[str]:
        """Selected cards in board order (lane, then position)."""
        if self.overview:
            cards = [self.cards[i] for i in self._kept if i in self.cards]
        else:
            cards = [i for i in self.scene().selectedItems() if isinstance(i, CardItem)]
        return [c.beat.id for c in sorted(cards, key=lambda c: (c.lane, c.index))]

    def select(self, beat_ids: list[str]) -> None:
        if self.overview:
            self._kept = [i for i in beat_ids if i in self.cards]
            self._mark_overview()
            self._on_selection()
            return
        self.scene().clearSelection()
        for beat_id in beat_ids:
            card = self.cards.get(beat_id)
            if card is not None:
                card.setSelected(True)
        if beat_ids and beat_ids[0] in self.cards and not self.overview:
            self.ensureVisible(self.cards[beat_ids[0]], 40, 40)

    def _on_selection(self) -> None:
        """Announce the selection when it really changed. A rebuild after every edit (the
        timing of the lanes catches up after the writer pauses) selects the same cards again;
        announcing that would show the card's scenes again and take the caret from the writer
        (issue 16: the next keys went into the scene heading)."""
        if self._rebuilding:
            return
        ids = self.selected_ids()
        if ids != self._announced:
            self._announced = ids
            self.selection_changed.emit(ids)

    def _mark_overview(self) -> None:
        """Tell each lane which of its cards to frame as selected in the overview."""
        marked: dict[int, set[int]] = {}
        for beat_id in self._kept:
            card = self.cards[beat_id]
            marked.setdefault(card.lane, set()).add(card.index)
        for header in self.headers:
            header.set_selected(frozenset(marked.get(header.index, ())))

    # -- where a point falls ----------------------------------------------------------------

    def slot_at(self, point: QPointF) -> tuple[int, int]:
        """(lane index, position) a card whose top centre is dropped at ``point`` would take."""
        lanes = len(self.data.lanes) if self.data else 1
        x = point.x()
        if self.isRightToLeft():  # lanes run from the right (``_apply_direction``)
            x = lane_x(lanes - 1) + LANE_WIDTH - x
        lane = int((x + LANE_GAP / 2) // (LANE_WIDTH + LANE_GAP))
        lane = max(0, min(lane, lanes - 1))
        index = int(round((point.y() - HEADER_HEIGHT - CARD_GAP) / (CARD_HEIGHT + CARD_GAP)))
        return lane, max(0, index)

    # -- zoom -------------------------------------------------------------------------------

    @property
    def zoom(self) -> float:
        return self._zoom

    def set_zoom(self, zoom: float) -> None:
        self._zoom = max(MIN_ZOOM, min(MAX_ZOOM, zoom))
        overview = self._zoom < OVERVIEW_ZOOM
        if overview != self.overview:
            # the selection stays what it was, though Qt deselects a card as it hides it
            kept = self.selected_ids()
            self._rebuilding = True
            try:
                self.overview = overview
                for header in self.headers:
                    header.set_overview(overview)
                for card in self.cards.values():
                    card.setVisible(not overview)
                self._kept = kept if overview else []
                self._mark_overview()
                for beat_id in [] if overview else kept:
                    self.cards[beat_id].setSelected(True)
            finally:
                self._rebuilding = False
        self.resetTransform()
        self.scale(self._zoom, self._zoom)
        self.zoom_changed.emit(self._zoom)

    def zoom_to_fit_lanes(self) -> None:
        """Overview: every lane side by side across the view."""
        width = self.sceneRect().width() or 1.0
        self.set_zoom(min(1.0, self.viewport().width() / width))
        self.horizontalScrollBar().setValue(self.horizontalScrollBar().minimum())

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        first = not self._shown
        self._shown = True
        super().showEvent(event)
        if first and self.isRightToLeft():
            # Qt's first show centres on a point taken before the view had its size; right to
            # left that lands on the far end. Start where lane 1 is (scrolling is mirrored).
            self.horizontalScrollBar().setValue(self.horizontalScrollBar().minimum())

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 - Qt override
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            step = 1.15 if event.angleDelta().y() > 0 else 1 / 1.15
            self.set_zoom(self._zoom * step)
            return
        super().wheelEvent(event)

    # -- mouse ------------------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        if self.overview and self.data is not None:  # a click in the overview dives in
            point = self.mapToScene(event.position().toPoint())
            lane, index = self.slot_at(point - QPointF(0, CARD_HEIGHT / 2))
            beats = self.data.lanes[lane].beats
            self.set_zoom(1.0)
            if beats:
                self.select([beats[min(index, len(beats) - 1)].id])
            else:
                self.centerOn(self.headers[lane])
            return
        item = self.itemAt(event.position().toPoint())
        self._pressed = item if isinstance(item, CardItem) else None
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        super().mouseReleaseEvent(event)
        pressed, self._pressed = self._pressed, None
        if pressed is None or self.data is None:
            return
        moved = (pressed.pos() - QPointF(*pressed.home)).manhattanLength() > 12
        if not moved:
            return
        lane, index = self.slot_at(pressed.pos() + QPointF(LANE_WIDTH / 2, 0))
        ids = self.selected_ids() or [pressed.beat.id]
        self.move_requested.emit(ids, self.data.lanes[lane].episode_id, index)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        item = self.itemAt(event.position().toPoint())
        if isinstance(item, CardItem):
            self.edit_requested.emit(item.beat.id)
            return
        if self.data is not None:
            lane, _index = self.slot_at(self.mapToScene(event.position().toPoint()))
            self.create_requested.emit(self.data.lanes[lane].episode_id,
                                       len(self.data.lanes[lane].beats))

    # -- keyboard ---------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        ids = self.selected_ids()
        key, mods = event.key(), event.modifiers()
        arrows = {Qt.Key.Key_Left: (-1, 0), Qt.Key.Key_Right: (1, 0),
                  Qt.Key.Key_Up: (0, -1), Qt.Key.Key_Down: (0, 1)}
        if key in arrows and ids and self.data is not None:
            d_lane, d_index = arrows[key]
            if self.isRightToLeft():  # the next lane is on the left
                d_lane = -d_lane
            first = self.cards[ids[0]]
            lane = max(0, min(first.lane + d_lane, len(self.data.lanes) - 1))
            if mods & Qt.KeyboardModifier.ControlModifier:  # move the cards
                index = first.index + d_index if d_lane == 0 else min(
                    first.index, len(self.data.lanes[lane].beats))
                self.move_requested.emit(ids, self.data.lanes[lane].episode_id, max(0, index))
            else:  # move the selection
                beats = self.data.lanes[lane].beats
                if beats:
                    index = max(0, min(first.index + d_index, len(beats) - 1))
                    self.select([beats[index].id])
            return
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and ids:
            self.delete_requested.emit(ids)
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_F2) and len(ids) == 1:
            self.edit_requested.emit(ids[0])
            return
        if key == Qt.Key.Key_Insert and self.data is not None:
            if ids:
                card = self.cards[ids[-1]]
                self.create_requested.emit(self.data.lanes[card.lane].episode_id,
                                           card.index + 1)
            else:
                self.create_requested.emit(None, len(self.data.lanes[0].beats))
            return
        super().keyPressEvent(event)
